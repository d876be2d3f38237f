"""The FollowTheMoney export: valid against the FtM model, read back by followthemoney's own reader, counts as the graph's."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest
from followthemoney import model
from followthemoney.cli.util import path_entities
from followthemoney.proxy import EntityProxy
from typer.testing import CliRunner

from exports.ftm import export_ftm, ftm_id, mapping
from kg.cli import app

LINK_SCHEMATA = {"Occupancy", "Membership", "UnknownLink", "Mention"}


@pytest.fixture(params=["embedded", "neo4j"])
def exported(request, tmp_path, sample_docs):
    """The sample graph in a store of each kind, exported as FtM JSON Lines."""
    from tests.conftest import store_holding

    store = store_holding(request.param, request, tmp_path, sample_docs)
    path = export_ftm(store, tmp_path / "graph.ftm.json")
    yield store, path
    store.close()


def _lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_every_entity_is_valid_in_the_ftm_model(exported):
    _, path = exported
    for data in _lines(path):
        raw = model.get_proxy(data, cleaned=False)  # an unknown schema or property raises here
        for prop, values in data["properties"].items():
            prop_spec = raw.schema.get(prop)
            assert prop_spec is not None, (data["schema"], prop)
            for value in values:
                assert prop_spec.type.clean(value, proxy=raw) is not None, (data["schema"], prop, value)
        assert not raw.schema.abstract, data["schema"]
        if raw.schema.is_a("Thing") and raw.schema.name != "Address":
            assert raw.get("name") or raw.get("title"), data


def test_the_library_reads_back_what_was_written(exported):
    _, path = exported
    written = {d["id"]: d for d in _lines(path)}
    read = {proxy.id: proxy.to_dict() for proxy in path_entities(path, EntityProxy)}
    assert set(read) == set(written)
    for entity_id, data in written.items():
        assert read[entity_id]["schema"] == data["schema"]
        assert {k: sorted(v) for k, v in read[entity_id]["properties"].items()} == \
               {k: sorted(v) for k, v in data["properties"].items()}


def test_ftm_validate_command_accepts_the_file(exported, tmp_path):
    _, path = exported
    out = tmp_path / "validated.json"
    ftm = Path(sys.executable).with_name("ftm")
    done = subprocess.run([str(ftm), "validate", "-i", str(path), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(_lines(out)) == len(_lines(path))


def test_counts_equal_the_graphs(exported):
    store, path = exported
    counts = store.counts()
    by_schema = Counter(d["schema"] for d in _lines(path))
    nodes = Counter()
    for label, n in counts.nodes.items():
        if label == "Article":
            nodes["Article"] += n
    for entity in store.entities():
        spec = mapping()["labels"][entity.type]
        nodes[spec if isinstance(spec, str) else spec["by_kind"].get(entity.properties.get("kind") or "",
                                                                      spec["default"])] += 1
    for schema, n in nodes.items():
        assert by_schema[schema] == n, schema
    links = Counter()
    for rel_type, n in counts.relationships.items():
        links[mapping()["relationships"][rel_type]["schema"]] += n
    for schema in LINK_SCHEMATA:
        assert by_schema[schema] == links[schema], schema
    roles = {(r.target, r.properties.get("role")) for r in store.relations("HOLDS_POSITION")}
    assert by_schema["Position"] == len(roles)


def test_occupancy_links_holder_post_and_evidence(exported):
    store, path = exported
    entities = {d["id"]: d for d in _lines(path)}
    holds = next(iter(store.relations("HOLDS_POSITION")))
    occupancies = [d for d in entities.values() if d["schema"] == "Occupancy"
                   and d["properties"]["holder"] == [ftm_id(holds.source)]]
    assert occupancies
    post = entities[occupancies[0]["properties"]["post"][0]]
    assert post["schema"] == "Position"
    assert post["properties"]["organization"] == [ftm_id(holds.target)] or any(
        entities[o["properties"]["post"][0]]["properties"]["organization"] == [ftm_id(holds.target)] for o in occupancies)
    occupancy = next(o for o in occupancies
                     if entities[o["properties"]["post"][0]]["properties"]["organization"] == [ftm_id(holds.target)])
    assert holds.evidence[0].sentence[:40] in occupancy["properties"]["description"][0]
    assert set(occupancy["properties"]["proof"]) == {ftm_id(a) for a in holds.articles()}
    for proof in occupancy["properties"]["proof"]:
        assert entities[proof]["schema"] == "Article"


def test_persian_names_aliases_country_and_article_fields(exported):
    store, path = exported
    entities = {d["id"]: d for d in _lines(path)}
    person = next(e for e in store.entities("Person") if e.aliases)
    data = entities[ftm_id(person.id)]
    assert data["properties"]["name"] == [person.name]
    assert set(data["properties"]["alias"]) == set(person.aliases)
    assert data["properties"]["country"] == ["ir"]
    article = next(a for a in store.articles() if a.date and a.source)
    art = entities[ftm_id(article.id)]["properties"]
    assert art["publishedAt"] == [article.date] and art["publisher"] == [article.source]


def test_ids_are_stable_across_exports(exported, tmp_path):
    store, path = exported
    again = export_ftm(store, tmp_path / "again.ftm.json")
    assert [d["id"] for d in _lines(path)] == [d["id"] for d in _lines(again)]


def test_kg_export_ftm(tmp_path, sample_docs):
    from graph.embedded import EmbeddedStore

    data = tmp_path / "kg-data"
    store = EmbeddedStore(data, writable=True)
    store.write_many(sample_docs)
    store.flush()
    counts = store.counts()
    store.close()
    out = tmp_path / "graph.ftm.json"
    result = CliRunner().invoke(app, ["export", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "ftm" in result.output
    assert len(_lines(out)) >= counts.total_nodes
    stdout = CliRunner().invoke(app, ["export", "--data", str(data), "-f", "ftm"])
    assert stdout.exit_code == 0
    assert len(stdout.stdout_bytes.splitlines()) == len(_lines(out))


def test_occupancies_carry_the_tenures_dates(tmp_path):
    from graph.embedded import EmbeddedStore
    from kg.build import build
    from tests.conftest import ROOT

    store = EmbeddedStore(tmp_path / "kg", writable=True)
    build([str(ROOT / "tests" / "data" / "tenure_corpus")], store)
    path = export_ftm(store, tmp_path / "tenures.ftm.json")
    entities = {d["id"]: d for d in _lines(path)}
    people = {d["properties"]["name"][0]: d["id"] for d in entities.values() if d["schema"] == "Person"}
    occupancies = [d["properties"] for d in entities.values() if d["schema"] == "Occupancy"
                   and d["properties"]["holder"] == [people["علی رضایی"]]]
    assert any(o.get("startDate") == ["2023-03-10"] and o.get("endDate") == ["2024-08-20"]
               and o.get("status") == ["succeeded"] for o in occupancies), occupancies
    current = [d["properties"] for d in entities.values() if d["schema"] == "Occupancy"
               and d["properties"]["holder"] == [people["محمد نوذری"]]]
    assert any(o.get("status") == ["current"] and "endDate" not in o for o in current), current
    store.close()
