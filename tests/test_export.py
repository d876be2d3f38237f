"""Tests of the exports: RDF round trips and mapping, provenance, SHACL, the README's SPARQL, GraphML/GEXF/CSV and `kg export`."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from exports.networks import csv_paths, export_network
from exports.ontology import ONTOLOGY_PATH, SHAPES_PATH, build_ontology
from exports.rdf import export_rdf, iter_quads, write_stream
from exports.shapes import build_shapes, validate
from exports.vocab import DEFAULT_BASE_IRI, expand, load_terms
from graph.embedded import EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, article_id, make_id
from graph.schema import SchemaError, get_schema
from kg.cli import app
from loaders import live_curation
from loaders.curation import fact_fields, new_decision

ROOT = Path(__file__).resolve().parent.parent
RDF_SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}
DATASET_SUFFIXES = {"trig": ".trig", "nquads": ".nq"}
SKOS_PREF = expand("skos:prefLabel")

T1 = "محمدمحسن صدر رئیس سازمان فناوری اطلاعات ایران گفت پنجره ملی خدمات دولت هوشمند راه‌اندازی شد."
T2 = "استاندار قزوین محمد نوذری از اجرای طرح فیبر نوری در قزوین خبر داد. او با وزیر دیدار کرد."
T3 = "استانداری قزوین در قزوین میزبان نشست شورای فناوری بود."


def _entity(label: str, name: str, aliases=(), **props) -> Entity:
    return Entity(id=make_id(label, name), type=label, name=name, aliases=list(aliases), properties=props)


def _evidence(article: Article, sentence: str) -> Evidence:
    start = article.text.index(sentence)
    return Evidence(article=article.id, sentence=sentence, start=start, end=start + len(sentence),
                    extractor="test-rule", confidence=0.8)


MINISTRY = _entity("Organization", "وزارت ارتباطات و فناوری اطلاعات", kind="ministry")
ITO = _entity("Organization", "سازمان فناوری اطلاعات ایران", ["سازمان فناوری اطلاعات"], kind="agency")
SADR = _entity("Person", "محمدمحسن صدر", name_en="Mohammad Mohsen Sadr")
WINDOW = _entity("Project", "پنجره ملی خدمات دولت هوشمند", kind="platform")
GOVERNORATE = _entity("Organization", "استانداری قزوین", kind="governorate")
QAZVIN = _entity("Province", "قزوین", name_en="Qazvin", capital="قزوین")
NOWZARI = _entity("Person", "محمد نوذری")
FIBRE = _entity("Project", "طرح فیبر نوری قزوین", kind="project")
MINISTER = _entity("Person", "ستار هاشمی")


def small_docs() -> list[ArticleGraph]:
    """Three hand-built articles whose graph every exact check below is worked out from."""
    a1 = Article(id=article_id(T1), text=T1, path="a1.txt", title="راه‌اندازی پنجره ملی", date="2025-12-20",
                 source="ایرنا", url="https://example.ir/news/1")
    a2 = Article(id=article_id(T2), text=T2, path="a2.txt", title="فیبر نوری قزوین", date="2025-12-21")
    a3 = Article(id=article_id(T3), text=T3, path="a3.txt", title="نشست شورای فناوری", date="2025-12-22")
    s2a, s2b = T2.split(". ")[0] + ".", T2.split(". ")[1]
    d1 = ArticleGraph(a1, [MINISTRY, ITO, SADR, WINDOW], [
        Relation("HOLDS_POSITION", SADR.id, ITO.id, {"role": "رئیس"}, [_evidence(a1, T1)]),
        Relation("PART_OF", ITO.id, MINISTRY.id, {}, [Evidence(a1.id, "", 0, 0, "gazetteer", 1.0)]),
        Relation("RESPONSIBLE_FOR", ITO.id, WINDOW.id, {}, [_evidence(a1, T1)]),
        *[Relation("MENTIONED_IN", e.id, a1.id, {"count": 1}) for e in (MINISTRY, ITO, SADR, WINDOW)],
    ])
    d2 = ArticleGraph(a2, [GOVERNORATE, QAZVIN, NOWZARI, FIBRE, MINISTER], [
        Relation("HOLDS_POSITION", NOWZARI.id, GOVERNORATE.id, {"role": "استاندار"}, [_evidence(a2, s2a)]),
        Relation("LOCATED_IN", GOVERNORATE.id, QAZVIN.id, {}, [_evidence(a2, s2a)]),
        Relation("LOCATED_IN", FIBRE.id, QAZVIN.id, {}, [_evidence(a2, s2a)]),
        Relation("MET_WITH", NOWZARI.id, MINISTER.id, {"date": "2025-12-21"}, [_evidence(a2, s2b)]),
        *[Relation("MENTIONED_IN", e.id, a2.id, {"count": 1}) for e in (GOVERNORATE, QAZVIN, NOWZARI, FIBRE)],
    ])
    d3 = ArticleGraph(a3, [GOVERNORATE, QAZVIN], [
        Relation("LOCATED_IN", GOVERNORATE.id, QAZVIN.id, {}, [_evidence(a3, T3)]),
    ])
    return [d1, d2, d3]


@pytest.fixture
def small_store(empty_store):
    """The hand-built graph in a store of each kind."""
    empty_store.write_many(small_docs())
    empty_store.flush()
    return empty_store


def _labelled(graph: Graph, name: str) -> URIRef:
    found = set(graph.subjects(SKOS_PREF, Literal(name, lang="fa")))
    assert len(found) == 1, f"{name}: {found}"
    return found.pop()


def _holds_position(graph: Graph, person: URIRef, organisation: URIRef) -> bool:
    member, org = expand("org:member"), expand("org:organization")
    return any((m, org, organisation) in graph for m in graph.subjects(member, person))


def _check_sample_facts(graph: Graph) -> None:
    sadr = [s for s, name in graph.subject_objects(SKOS_PREF) if "صدر" in str(name)
            and (s, RDF.type, expand("foaf:Person")) in graph]
    ito = _labelled(graph, "سازمان فناوری اطلاعات ایران")
    assert any(_holds_position(graph, person, ito) for person in sadr)
    assert (_labelled(graph, "استانداری قزوین"), expand("kg:locatedIn"), _labelled(graph, "قزوین")) in graph


# ---- RDF mapping and round trips -------------------------------------------------------------------------------------

@pytest.mark.parametrize("format", RDF_SUFFIXES)
def test_rdf_round_trip_keeps_every_triple_and_fact(small_store, tmp_path, format):
    expected = export_rdf(small_store)
    path = export_rdf(small_store, format=format, path=tmp_path / f"kg{RDF_SUFFIXES[format]}")
    parsed = Graph().parse(path, format={"ntriples": "nt", "jsonld": "json-ld"}.get(format, format))
    assert len(parsed) == len(expected) > 0
    assert isomorphic(parsed, expected)
    _check_sample_facts(parsed)


@pytest.mark.parametrize("format", DATASET_SUFFIXES)
def test_dataset_formats_put_provenance_in_its_own_named_graph(small_store, tmp_path, format):
    path = export_rdf(small_store, format=format, path=tmp_path / f"kg{DATASET_SUFFIXES[format]}")
    dataset = Dataset().parse(path, format=format)
    provenance = dataset.graph(URIRef(DEFAULT_BASE_IRI + "graph/provenance"))
    facts = dataset.default_graph
    assert len(provenance) > 0 and len(facts) > 0
    assert len(provenance) + len(facts) == len(export_rdf(small_store))
    assert not list(facts.triples((None, expand("prov:qualifiedDerivation"), None)))
    assert (_labelled(facts, "استانداری قزوین"), expand("kg:locatedIn"), _labelled(facts, "قزوین")) in facts


def test_counts_of_nodes_and_relationships_match_the_store(small_store):
    graph = export_rdf(small_store)
    counts = small_store.counts()
    for label, count in counts.nodes.items():
        cls = expand(get_schema().label(label).rdf_class)
        assert len(set(graph.subjects(RDF.type, cls))) == count
    assert len(set(graph.subjects(RDF.type, expand("org:Membership")))) == counts.relationships["HOLDS_POSITION"]
    for rel_type, term in (("LOCATED_IN", "kg:locatedIn"), ("PART_OF", "org:subOrganizationOf"),
                           ("MET_WITH", "kg:metWith"), ("RESPONSIBLE_FOR", "kg:responsibleFor"),
                           ("MENTIONED_IN", "schema:mentions")):
        assert len(list(graph.triples((None, expand(term), None)))) == counts.relationships[rel_type]


def test_names_iris_and_article_terms(small_store):
    graph = export_rdf(small_store, base_iri="https://data.example.ir/kg")
    sadr = URIRef(f"https://data.example.ir/kg/id/{SADR.id}")
    assert (sadr, SKOS_PREF, Literal("محمدمحسن صدر", lang="fa")) in graph
    assert (sadr, SKOS_PREF, Literal("Mohammad Mohsen Sadr", lang="en")) in graph
    ito = URIRef(f"https://data.example.ir/kg/id/{ITO.id}")
    assert (ito, expand("skos:altLabel"), Literal("سازمان فناوری اطلاعات", lang="fa")) in graph
    assert (ito, expand("kg:kind"), Literal("agency")) in graph
    a1 = URIRef(f"https://data.example.ir/kg/id/{article_id(T1)}")
    assert (a1, expand("schema:headline"), Literal("راه‌اندازی پنجره ملی", lang="fa")) in graph
    assert graph.value(a1, expand("schema:datePublished")).toPython().isoformat() == "2025-12-20"
    assert (a1, expand("schema:mentions"), sadr) in graph
    assert not list(graph.triples((None, None, Literal(T1))))  # the article text is not exported


def test_base_iri_comes_from_the_environment(small_store, monkeypatch):
    monkeypatch.setenv("KG_BASE_IRI", "http://kg.test/base/")
    subjects = {str(s) for s in export_rdf(small_store).subjects()}
    assert all(s.startswith("http://kg.test/base/id/") for s in subjects)


def test_iris_are_stable_across_load_orders(tmp_path):
    stores = []
    for name, docs in (("forward", small_docs()), ("backward", small_docs()[::-1])):
        store = EmbeddedStore(tmp_path / name, writable=True)
        store.write_many(docs)
        stores.append(store)
    assert isomorphic(export_rdf(stores[0]), export_rdf(stores[1]))
    assert set(export_rdf(stores[0])) == set(export_rdf(stores[1]))


def test_a_fact_from_two_articles_is_one_node_with_two_derivations(small_store):
    graph = export_rdf(small_store)
    governorate, qazvin = _labelled(graph, "استانداری قزوین"), _labelled(graph, "قزوین")
    statements = [s for s in graph.subjects(RDF.subject, governorate)
                  if (s, RDF.predicate, expand("kg:locatedIn")) in graph and (s, RDF.object, qazvin) in graph]
    assert len(statements) == 1
    articles = set(graph.objects(statements[0], expand("prov:wasDerivedFrom")))
    assert {str(a).rsplit("/", 1)[1] for a in articles} == {article_id(T2), article_id(T3)}
    sentences = {str(graph.value(d, expand("kg:sentence")))
                 for d in graph.objects(statements[0], expand("prov:qualifiedDerivation"))}
    assert sentences == {T2.split(". ")[0] + ".", T3}


def test_membership_carries_the_role_and_its_evidence(small_store):
    graph = export_rdf(small_store)
    ito, sadr = _labelled(graph, "سازمان فناوری اطلاعات ایران"), _labelled(graph, "محمدمحسن صدر")
    membership = graph.value(predicate=expand("org:member"), object=sadr)
    assert graph.value(membership, expand("org:organization")) == ito
    role = graph.value(membership, expand("org:role"))
    assert (role, RDF.type, expand("org:Role")) in graph
    assert graph.value(role, SKOS_PREF) == Literal("رئیس", lang="fa")
    derivation = graph.value(membership, expand("prov:qualifiedDerivation"))
    assert int(graph.value(derivation, expand("kg:end"))) - int(graph.value(derivation, expand("kg:start"))) == len(T1)


def test_without_provenance_only_the_plain_facts_and_dated_statements_remain(small_store):
    graph = export_rdf(small_store, provenance=False)
    assert not list(graph.triples((None, expand("prov:wasDerivedFrom"), None)))
    assert not list(graph.subjects(RDF.type, expand("prov:Derivation")))
    dated = list(graph.subjects(expand("kg:date"), None))
    assert len(dated) == 1 and graph.value(dated[0], RDF.predicate) == expand("kg:metWith")
    assert len(graph) < len(export_rdf(small_store))


def test_streamed_ntriples_and_chunked_nquads_equal_the_built_graphs(small_store, tmp_path):
    expected = export_rdf(small_store)
    with open(tmp_path / "kg.nt", "wb") as out:
        assert write_stream(iter_quads(small_store), out, "ntriples") == len(expected)
    assert isomorphic(Graph().parse(tmp_path / "kg.nt", format="nt"), expected)
    with open(tmp_path / "kg.nq", "wb") as out:
        assert write_stream(iter_quads(small_store), out, "nquads", chunk=7) == len(expected)
    streamed = Dataset().parse(tmp_path / "kg.nq", format="nquads")
    built = export_rdf(small_store, format="nquads")
    for name in (URIRef(DEFAULT_BASE_IRI + "graph/provenance"), None):
        ours = streamed.graph(name) if name else streamed.default_graph
        theirs = built.graph(name) if name else built.default_graph
        assert len(ours) > 0 and isomorphic(ours, theirs)


def test_unknown_formats_and_suffixes_are_refused(small_store, tmp_path):
    with pytest.raises(ValueError, match="kg.txt"):
        export_rdf(small_store, path=tmp_path / "kg.txt")
    with pytest.raises(ValueError, match="yaml"):
        export_rdf(small_store, format="yaml")
    for bad in ("kg.example.org", "https://kg.example.org/data#", "https://kg example.org/"):
        with pytest.raises(ValueError, match="base IRI"):
            export_rdf(small_store, base_iri=bad)


# ---- ontology and shapes -------------------------------------------------------------------------------------------

def test_committed_ontology_and_shapes_equal_the_generated_ones():
    for path, build in ((ONTOLOGY_PATH, build_ontology), (SHAPES_PATH, build_shapes)):
        generated = build().serialize(format="turtle")
        assert path.read_text(encoding="utf-8") == generated, f"{path.name} is stale: run python -m exports.ontology"


def test_ontology_describes_every_class_and_relationship_in_both_languages():
    graph = build_ontology()
    kg = expand("kg:")
    for name, spec in get_schema().labels.items():
        cls = URIRef(kg + name)
        assert graph.value(cls, expand("owl:equivalentClass")) == expand(spec.rdf_class)
        assert {label.language for label in graph.objects(cls, expand("rdfs:label"))} == {"en", "fa"}
    located = expand("kg:locatedIn")
    assert graph.value(located, expand("rdfs:range")) == expand("schema:AdministrativeArea")
    assert graph.value(located, expand("rdfs:domain")) is not None
    assert {c.language for c in graph.objects(located, expand("rdfs:comment"))} == {"en", "fa"}
    assert graph.value(expand("kg:partOf"), expand("owl:equivalentProperty")) == expand("org:subOrganizationOf")


def test_the_export_conforms_to_the_shapes(small_store):
    conforms, report = validate(export_rdf(small_store))
    assert conforms, report


def test_the_shapes_catch_broken_exports(small_store):
    graph = export_rdf(small_store)
    sadr = _labelled(graph, "محمدمحسن صدر")
    graph.remove((sadr, SKOS_PREF, None))
    graph.add((_labelled(graph, "قزوین"), expand("kg:kind"), Literal("ministry")))
    graph.add((_labelled(graph, "استانداری قزوین"), expand("kg:locatedIn"), _labelled(graph, "محمد نوذری")))
    conforms, report = validate(graph)
    assert not conforms
    assert "prefLabel" in report and "kind" in report and "locatedIn" in report


def test_the_term_mapping_must_cover_the_schema(tmp_path):
    bad = tmp_path / "terms.yaml"
    bad.write_text((ROOT / "exports" / "terms.yaml").read_text(encoding="utf-8").replace("  capital:", "  capitol:"),
                   encoding="utf-8")
    with pytest.raises(SchemaError, match=r"terms.yaml: no RDF term for nodes properties capital"):
        load_terms(bad)


# ---- the README's SPARQL -------------------------------------------------------------------------------------------

def readme_queries() -> list[str]:
    """The SPARQL blocks of the README's exports section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exports and SPARQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sparql\n(.*?)```", section, flags=re.S)


def _turtle_export(store, tmp_path) -> Graph:
    return Graph().parse(export_rdf(store, path=tmp_path / "kg.ttl"), format="turtle")


def test_readme_queries_answer_on_the_hand_built_graph(small_store, tmp_path):
    graph = _turtle_export(small_store, tmp_path)
    positions, projects, articles = readme_queries()
    assert [(str(r.name), str(r.role), str(r.organisation)) for r in graph.query(positions)] == [
        ("محمدمحسن صدر", "رئیس", "سازمان فناوری اطلاعات ایران")]
    assert [str(r.name) for r in graph.query(projects)] == ["طرح فیبر نوری قزوین"]
    rows = [(str(r.article).rsplit("/", 1)[1], str(r.headline), str(r.sentence)) for r in graph.query(articles)]
    assert rows == [(article_id(T2), "فیبر نوری قزوین", T2.split(". ")[0] + "."),
                    (article_id(T3), "نشست شورای فناوری", T3)]


def test_readme_queries_answer_on_the_sample_graph(sample_store, tmp_path):
    graph = _turtle_export(sample_store, tmp_path)
    _check_sample_facts(graph)
    positions, _, articles = readme_queries()
    assert any("صدر" in str(r.name) for r in graph.query(positions))
    rows = list(graph.query(articles))
    assert rows and all(str(r.article).startswith(DEFAULT_BASE_IRI + "id/art-") for r in rows)


def test_sample_export_round_trips_and_conforms(sample_store, tmp_path):
    graph = export_rdf(sample_store)
    conforms, report = validate(graph)
    assert conforms, report
    parsed = Graph().parse(export_rdf(sample_store, path=tmp_path / "kg.nt"), format="nt")
    assert isomorphic(parsed, graph)
    _check_sample_facts(parsed)


# ---- GraphML, GEXF, CSV --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("format,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_open_in_networkx_with_the_store_counts(small_store, tmp_path, format, reader):
    (path,) = export_network(small_store, format, tmp_path / f"kg.{format}")
    graph = reader(path)
    counts = small_store.counts()
    assert graph.number_of_nodes() == counts.total_nodes
    assert graph.number_of_edges() == counts.total_relationships
    assert graph.nodes[SADR.id]["label"] == "محمدمحسن صدر"
    roles = [d.get("role") for _, target, d in graph.out_edges(SADR.id, data=True) if target == ITO.id]
    assert roles == ["رئیس"]


def test_sample_network_files_have_the_store_counts(sample_store, tmp_path):
    counts = sample_store.counts()
    for format, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = reader(export_network(sample_store, format, tmp_path / f"kg.{format}")[0])
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (counts.total_nodes, counts.total_relationships)


def test_csv_writes_nodes_and_edges_that_spreadsheets_read(small_store, tmp_path):
    nodes_path, edges_path = export_network(small_store, "csv", tmp_path / "out" / "kg.csv")
    assert (nodes_path.name, edges_path.name) == ("kg-nodes.csv", "kg-edges.csv")
    assert nodes_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(nodes_path, encoding="utf-8-sig", newline="") as fh:
        nodes = {row["id"]: row for row in csv.DictReader(fh)}
    with open(edges_path, encoding="utf-8-sig", newline="") as fh:
        edges = list(csv.DictReader(fh))
    counts = small_store.counts()
    assert (len(nodes), len(edges)) == (counts.total_nodes, counts.total_relationships)
    assert nodes[ITO.id]["aliases"] == "سازمان فناوری اطلاعات" and nodes[ITO.id]["kind"] == "agency"
    located = [e for e in edges if e["type"] == "LOCATED_IN" and e["source"] == GOVERNORATE.id]
    assert located[0]["articles"] == " | ".join([article_id(T2), article_id(T3)])
    assert located[0]["evidence"] == "2"


def test_a_reviewers_confirmation_is_in_the_rdf_and_the_csv_and_conforms(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    located = next(iter(sample_store.relations("LOCATED_IN")))
    position = next(iter(sample_store.relations("HOLDS_POSITION")))
    for fact in (located, position):
        live_curation.apply(sample_store, new_decision("confirm", "checked against the ministry's site", **fact_fields(
            fact, sample_store.get_entity(fact.source), sample_store.get_entity(fact.target))), curation)
    marked_in_store = {r.key_string: r for name in ("LOCATED_IN", "HOLDS_POSITION")
                       for r in sample_store.relations(name) if r.properties.get("confirmed")}
    assert len(marked_in_store) == 2
    graph = export_rdf(sample_store)
    confirmed = expand("kg:confirmed")
    nodes = set(graph.subjects(confirmed, Literal(True)))
    assert len(nodes) == 2 and all(graph.value(n, confirmed) == Literal(True) for n in nodes)
    ends = set()
    for node in nodes:
        source = graph.value(node, RDF.subject) or graph.value(node, expand("org:member"))
        target = graph.value(node, RDF.object) or graph.value(node, expand("org:organization"))
        ends.add((str(graph.value(source, SKOS_PREF)), str(graph.value(target, SKOS_PREF))))
    assert ends == {(sample_store.get_entity(r.source).name, sample_store.get_entity(r.target).name)
                    for r in marked_in_store.values()}
    conforms, report = validate(graph)
    assert conforms, report
    _, edges_path = export_network(sample_store, "csv", tmp_path / "kg.csv")
    with open(edges_path, encoding="utf-8-sig", newline="") as fh:
        marked = {row["id"] for row in csv.DictReader(fh) if row["confirmed"] == "True"}
    assert marked == set(marked_in_store)


def test_csv_paths_for_directories_and_prefixes(tmp_path):
    assert csv_paths(tmp_path) == (tmp_path / "nodes.csv", tmp_path / "edges.csv")
    assert csv_paths("out/") == (Path("out/nodes.csv"), Path("out/edges.csv"))
    assert csv_paths("out/kg") == (Path("out/kg-nodes.csv"), Path("out/kg-edges.csv"))


# ---- kg export ---------------------------------------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path):
    """An embedded data directory holding the hand-built graph."""
    store = EmbeddedStore(tmp_path / "kg-data", writable=True)
    store.write_many(small_docs())
    store.flush()
    store.close()
    return tmp_path / "kg-data"


def test_cli_writes_every_format(data_dir, tmp_path):
    runner = CliRunner()
    reference = export_rdf(EmbeddedStore(data_dir))
    for format, suffix in {**RDF_SUFFIXES, **DATASET_SUFFIXES, "graphml": ".graphml", "gexf": ".gexf"}.items():
        out = tmp_path / f"kg{suffix}"
        result = runner.invoke(app, ["export", "--data", str(data_dir), "--format", format, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0 and f"({format};" in result.output
    assert isomorphic(Graph().parse(tmp_path / "kg.ttl"), reference)
    result = runner.invoke(app, ["export", "--data", str(data_dir), "-o", str(tmp_path / "csv") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "nodes.csv").exists() and (tmp_path / "csv" / "edges.csv").exists()


def test_cli_streams_ntriples_to_stdout_with_the_base_iri(data_dir):
    result = CliRunner().invoke(app, ["export", "--data", str(data_dir), "-f", "ntriples",
                                      "--base-iri", "https://data.example.ir/kg/"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="nt")
    assert len(graph) == len(export_rdf(EmbeddedStore(data_dir)))
    assert URIRef(f"https://data.example.ir/kg/id/{SADR.id}") in set(graph.subjects())


@pytest.mark.parametrize("args,message", [
    (["-o", "kg.yaml"], "cannot tell the format of kg.yaml"),
    (["-f", "gexf"], "--output is required for gexf"),
    (["-o", "no/such/dir/kg.ttl"], "directory no/such/dir does not exist"),
    (["--base-iri", "kg.example.org"], "base IRI"),
])
def test_cli_errors_are_one_clear_line(data_dir, args, message):
    result = CliRunner().invoke(app, ["export", "--data", str(data_dir), *args])
    assert result.exit_code != 0
    assert message in result.output


def test_cli_warns_when_the_store_is_empty(tmp_path):
    result = CliRunner().invoke(app, ["export", "--data", str(tmp_path / "nothing"), "-o", str(tmp_path / "kg.ttl")])
    assert result.exit_code == 0, result.output
    assert "store is empty" in result.output
    assert len(Graph().parse(tmp_path / "kg.ttl")) == 0


def test_two_extractors_reading_one_sentence_give_two_derivations(empty_store):
    doc = small_docs()[1]
    located = next(r for r in doc.relations if r.type == "LOCATED_IN" and r.source == GOVERNORATE.id)
    first = located.evidence[0]
    located.evidence.append(Evidence(first.article, first.sentence, first.start, first.end, "other-rule", 0.5))
    empty_store.write_article_graph(doc)
    graph = export_rdf(empty_store)
    derivations = list(graph.subjects(RDF.type, expand("prov:Derivation")))
    extractors = {str(graph.value(d, expand("kg:extractor"))) for d in derivations}
    assert "other-rule" in extractors and len(derivations) == sum(len(r.evidence) for r in doc.relations)
    conforms, report = validate(graph)
    assert conforms, report
