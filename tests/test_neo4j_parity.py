"""Both store kinds hold the same graph after loading the sample articles and answer reads the same way."""
from __future__ import annotations

import json

import pytest

from graph.embedded import EmbeddedStore
from graph.store import Fact
from helpers import snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture
def both(neo4j_server, tmp_path, sample_docs):
    """The samples loaded into an embedded store and into Neo4j."""
    embedded = EmbeddedStore(tmp_path / "kg-data", writable=True)
    embedded.write_many(sample_docs)
    neo = neo4j_server.open_store()
    neo.clear()
    neo.write_many(sample_docs)
    yield embedded, neo
    embedded.close()
    neo.close()


def full_dump(store) -> dict:
    """Every node and relationship with all their fields, evidence included, sorted."""
    def dump(item: dict) -> str:
        return json.dumps(item, ensure_ascii=False, sort_keys=True)

    return {
        "entities": sorted(dump(e.to_dict(with_mentions=False)) for e in store.entities()),
        "articles": sorted(dump(a.to_dict()) for a in store.articles()),
        "relations": [dump(r.to_dict()) for r in store.relations()],
    }


def test_same_nodes_relationships_and_evidence(both):
    embedded, neo = both
    assert neo.counts() == embedded.counts()
    assert snapshot(neo) == snapshot(embedded)
    assert full_dump(neo) == full_dump(embedded)
    evidence = {r.key_string: len(r.evidence) for r in embedded.relations()}
    assert {r.key_string: len(r.evidence) for r in neo.relations()} == evidence
    assert sum(evidence.values()) > 0


def test_same_answers_to_reads(both):
    embedded, neo = both
    for entity in embedded.entities():
        for name in entity.names():
            assert [e.id for e in neo.find_by_name(name)] == [e.id for e in embedded.find_by_name(name)]
        assert [(n.relation.key_string, n.node.id, n.direction) for n in neo.neighbours(entity.id)] == \
               [(n.relation.key_string, n.node.id, n.direction) for n in embedded.neighbours(entity.id)]
        assert [r.key_string for r in neo.relations(source=entity.id)] == \
               [r.key_string for r in embedded.relations(source=entity.id)]
        fragment = entity.name[: max(3, len(entity.name) // 2)]
        assert [(e.id, round(s, 6)) for e, s in neo.search(fragment)] == \
               [(e.id, round(s, 6)) for e, s in embedded.search(fragment)]
    assert neo.article_ids_by_path() == embedded.article_ids_by_path()


@pytest.fixture(scope="module")
def generated(neo4j_server, tmp_path_factory):
    """A generated graph with hubs (200 articles) in an embedded store and in Neo4j."""
    from graph.neo4j_local.testing import synthetic_docs

    docs = synthetic_docs(200, people=60, organisations=25, projects=12)
    embedded = EmbeddedStore(tmp_path_factory.mktemp("parity") / "kg-data", writable=True)
    embedded.write_many(docs)
    neo = neo4j_server.open_store()
    neo.clear()
    neo.write_many(docs)
    yield embedded, neo
    embedded.close()
    neo.clear()
    neo.close()


@pytest.mark.parametrize("options", [
    {"depth": 1, "limit": 50},
    {"depth": 2, "limit": 40},
    {"depth": 2, "limit": None},
    {"depth": 2, "limit": 30, "node_types": ["Person", "Organization"]},
    {"depth": 2, "limit": 25, "rel_types": ["HOLDS_POSITION", "LOCATED_IN", "VISITED"]},
    {"depth": 2, "limit": 30, "since": "2025-03-01", "until": "2025-08-31"},
    {"depth": 1, "limit": 20, "node_types": ["Article", "Person"]},
    {"depth": 2, "limit": 30, "province": "PROVINCE"},
])
def test_neighbourhood_is_the_same_on_both_stores(generated, options):
    """Neo4j ranks from light hops and fetches only what is shown; the result equals the embedded store's."""
    from queries.library import neighbourhood

    embedded, neo = generated
    hubs = sorted(embedded.entities(), key=lambda e: (-len(embedded.neighbours(e.id)), e.id))[:4]
    province = next(e.id for e in hubs + list(embedded.entities("Province")) if e.type == "Province")
    options = {**options, "province": province} if options.get("province") else options
    for hub in hubs:
        expected = neighbourhood(embedded, hub.id, **options)
        got = neighbourhood(neo, hub.id, **options)
        assert (got.hops, got.hidden) == (expected.hops, expected.hidden)
        assert list(got.nodes) == list(expected.nodes) and got.nodes == expected.nodes
        assert list(got.edges) == list(expected.edges)
        assert {k: Fact.of(r) for k, r in got.edges.items()} == {k: Fact.of(r) for k, r in expected.edges.items()}
        assert len(expected.nodes) > 1


def test_named_queries_give_the_same_rows_on_both_stores(generated):
    """The province, organisation, meeting, profile and path queries read light facts from Neo4j; rows are the
    embedded store's."""
    from queries.registry import run_query

    embedded, neo = generated
    hubs = sorted(embedded.entities(), key=lambda e: (-len(embedded.neighbours(e.id)), e.id))
    first = {label: next(e.id for e in hubs if e.type == label) for label in ("Person", "Organization", "Province")}
    calls = [("province_officials", {"province": first["Province"]}),
             ("province_projects", {"province": first["Province"]}),
             ("organization_projects", {"organization": first["Organization"]}),
             ("meetings", {"entity": first["Person"]}), ("meetings", {}),
             ("profile", {"entity": first["Person"]}), ("profile", {"entity": first["Province"]}),
             ("paths", {"source": first["Person"], "target": hubs[-1].id}),
             ("evidence", {"source": first["Person"], "target": first["Organization"]})]
    for name, params in calls:
        expected = run_query(embedded, name, **params)
        assert run_query(neo, name, **params) == expected
        assert expected.rows or name == "evidence", name
