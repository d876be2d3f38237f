"""The Neo4j store beyond the shared contract: idempotent batched writes, schema-only Cypher, errors, read-only console."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, article_id, make_id
from graph.neo4j_local.server import free_port
from graph.neo4j_local.testing import start_test_server, synthetic_docs
from graph.neo4j_store import NAME_KEYS_INDEX, Neo4jStore
from graph.schema import SchemaError, get_schema
from graph.store import StoreError
from conftest import ROOT, service_unavailable
from helpers import snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(neo4j_server):
    """An empty Neo4j store on the session's server."""
    opened = neo4j_server.open_store()
    opened.clear()
    yield opened
    opened.close()


def fact_doc(text: str, role: str = "رئیس") -> ArticleGraph:
    """One article saying that a person holds a position at an organisation."""
    art = Article(id=article_id(text), text=text, path=f"{article_id(text)}.txt", date="2025-12-27")
    sadr = Entity(make_id("Person", "محمدمحسن صدر"), "Person", "محمدمحسن صدر")
    ito = Entity(make_id("Organization", "سازمان فناوری اطلاعات ایران"), "Organization", "سازمان فناوری اطلاعات ایران",
                 properties={"kind": "agency"})
    evidence = Evidence(art.id, text, 0, len(text), "test", 0.9)
    relations = [Relation("HOLDS_POSITION", sadr.id, ito.id, {"role": role}, [evidence]),
                 Relation("MENTIONED_IN", sadr.id, art.id, {"count": 1, "mentions": [[0, 12]]})]
    return ArticleGraph(art, [sadr, ito], relations)


def test_loading_the_samples_twice_changes_nothing(store, sample_docs):
    first = store.write_many(sample_docs)
    before_counts, before = store.counts(), snapshot(store)
    again = store.write_many(sample_docs)
    assert first.nodes_created == before_counts.total_nodes
    assert first.relationships_created == before_counts.total_relationships
    assert (again.nodes_created, again.relationships_created, again.evidence_added) == (0, 0, 0)
    assert store.counts() == before_counts
    assert snapshot(store) == before
    assert all(store.has_article(doc.article.id) for doc in sample_docs)


@pytest.mark.parametrize("batch_size", [1, 7, 100_000])
def test_batching_across_articles_gives_the_same_graph_as_the_embedded_store(neo4j_server, tmp_path, batch_size):
    docs = synthetic_docs(60, people=40, organisations=20, projects=10)
    embedded = EmbeddedStore(tmp_path / "embedded", writable=True)
    embedded.write_many(docs)
    neo = neo4j_server.open_store(batch_size=batch_size)
    neo.clear()
    try:
        stats = neo.write_many(docs)
        assert snapshot(neo) == snapshot(embedded)
        assert neo.counts() == embedded.counts()
        assert stats.relationships_created == embedded.counts().total_relationships
    finally:
        neo.close()
        embedded.close()


def test_fact_from_a_second_article_gains_evidence_once(store):
    first, second = fact_doc("صدر رئیس سازمان است."), fact_doc("رئیس سازمان، صدر، گفت.")
    store.write_article_graph(first)
    stats = store.write_article_graph(second)
    assert (stats.relationships_created, stats.evidence_added) == (1, 1)  # the new MENTIONED_IN; one more evidence
    store.write_article_graph(second)
    [held] = store.relations("HOLDS_POSITION")
    assert [e.article for e in held.evidence] == [first.article.id, second.article.id]
    assert held.evidence[1].sentence == "رئیس سازمان، صدر، گفت."
    assert store.counts().relationships == {"HOLDS_POSITION": 1, "MENTIONED_IN": 2}


def test_constraints_and_indexes_come_from_the_schema(store):
    schema = get_schema()
    names = store.constraint_names()
    assert {f"kg_{label.lower()}_id" for label in schema.labels} <= names
    assert {f"kg_{rel.lower()}_key" for rel in schema.relationships} <= names
    indexes = {r["name"]: dict(r) for r in store._records("SHOW INDEXES YIELD name, type, state")}
    assert indexes[NAME_KEYS_INDEX]["type"] == "FULLTEXT" and indexes[NAME_KEYS_INDEX]["state"] == "ONLINE"
    doc = fact_doc("صدر رئیس سازمان است.")
    store.write_article_graph(doc)
    duplicate = "MATCH (p:Person) WITH p LIMIT 1 CREATE (:Person {id: p.id})"
    with pytest.raises(Exception, match="already exists"):
        store.driver.execute_query(duplicate, database_=store.database)


def test_unknown_label_or_type_is_rejected_before_any_cypher(store, monkeypatch):
    ran = []
    monkeypatch.setattr(store, "_write", lambda *args: ran.append(args))
    doc = fact_doc("صدر رئیس سازمان است.")
    doc.relations[0].type = "DETACH_DELETE"
    with pytest.raises(SchemaError, match="DETACH_DELETE"):
        store.write_article_graph(doc)
    doc = fact_doc("صدر رئیس سازمان است.")
    doc.entities[0].type = "Robot`) DETACH DELETE (n"
    with pytest.raises(SchemaError, match="unknown node label"):
        store.write_article_graph(doc)
    doc = fact_doc("صدر رئیس سازمان است.")
    doc.relations[0] = Relation("VISITED", doc.entities[1].id, doc.entities[0].id)
    with pytest.raises(SchemaError, match="VISITED cannot go from Organization"):
        store.write_article_graph(doc)
    with pytest.raises(SchemaError):
        list(store.relations("KNOWS"))
    assert ran == []


def test_cypher_looking_text_is_stored_verbatim(store):
    doc = fact_doc("صدر رئیس سازمان است.")
    store.write_article_graph(doc)
    nasty = "'}) DETACH DELETE n //"
    art = Article(id=article_id(nasty), text=nasty, path="evil.txt", title="$title {x} \" \\ `")
    entity = Entity(make_id("Person", nasty), "Person", nasty, aliases=["\"}) MATCH (m) DELETE m //"])
    store.write_article_graph(ArticleGraph(art, [entity], [Relation("MENTIONED_IN", entity.id, art.id, {"count": 1})]))
    stored = store.get_entity(entity.id)
    assert (stored.name, stored.aliases) == (nasty, ["\"}) MATCH (m) DELETE m //"])
    assert store.get_article(art.id).title == "$title {x} \" \\ `"
    assert [e.id for e in store.find_by_name(nasty)] == [entity.id]
    assert store.counts().nodes == {"Person": 2, "Organization": 1, "Article": 2}


def test_entity_with_a_missing_endpoint_fails_without_writing(store):
    doc = fact_doc("صدر رئیس سازمان است.")
    doc.relations.append(Relation("VISITED", doc.entities[0].id, make_id("Province", "قزوین"), {}, []))
    with pytest.raises(StoreError, match="not in the store"):
        store.write_article_graph(doc)
    assert store.counts().total_nodes == 0
    assert not store.has_article(doc.article.id)


def test_unreachable_uri_is_a_clear_error():
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=f"cannot reach Neo4j at {uri}"):
        Neo4jStore(uri)


def test_cli_prints_one_error_line_for_an_unreachable_neo4j():
    uri = f"bolt://127.0.0.1:{free_port()}"
    env = {**os.environ, "NEO4J_URI": uri, "KG_STORE": "neo4j"}
    done = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "stats"], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert uri in done.stderr and done.stderr.startswith("error:")


def test_from_env_uses_the_running_local_server(neo4j_server, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("KG_NEO4J_DATA", str(neo4j_server.data_dir))
    opened = Neo4jStore.from_env()
    try:
        assert opened.uri == neo4j_server.uri
    finally:
        opened.close()
    monkeypatch.setenv("KG_NEO4J_DATA", str(neo4j_server.data_dir / "nothing-here"))
    with pytest.raises(StoreError, match="kg neo4j start"):
        Neo4jStore.from_env()


def test_wrong_credentials_are_a_clear_error(tmp_path):
    try:
        secured = start_test_server(tmp_path, auth=True)
    except Exception as exc:  # the same rule as the shared fixture: fail in CI, skip elsewhere
        service_unavailable("Neo4j with authentication", str(exc))
    try:
        with pytest.raises(StoreError, match=f"Neo4j at {secured.uri} refused the credentials of user 'neo4j'"):
            Neo4jStore(secured.uri, auth=("neo4j", "not-the-password"))
    finally:
        secured.stop()
    assert not secured.is_running()


@pytest.mark.parametrize("cypher", [
    "CREATE (n:Person {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
    "MERGE (n:Person {id: 'x'})",
    "MATCH (n:Person) SET n.name = 'x'",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CREATE INDEX evil FOR (n:Person) ON (n.name)",
])
def test_console_refuses_anything_but_reads(store, cypher):
    store.write_article_graph(fact_doc("صدر رئیس سازمان است."))
    before = snapshot(store)
    with pytest.raises(StoreError, match="read-only|LOAD CSV"):
        store.run_read_only(cypher)
    assert snapshot(store) == before


def test_console_runs_reads_with_plain_values_and_a_row_limit(store):
    docs = synthetic_docs(10, people=30, organisations=10, projects=5)
    store.write_many(docs)
    columns, rows = store.run_read_only(
        "MATCH (p:Person)-[r:HOLDS_POSITION]->(o) RETURN p, r, o.name AS org ORDER BY p.id LIMIT $n", {"n": 3})
    assert columns == ["p", "r", "org"]
    assert 1 <= len(rows) <= 3
    assert rows[0]["p"]["labels"] == ["Person"] and rows[0]["p"]["properties"]["id"].startswith("per-")
    assert rows[0]["r"]["type"] == "HOLDS_POSITION" and rows[0]["r"]["start"] == rows[0]["p"]["properties"]["id"]
    total = store.counts().nodes["Person"]
    assert len(store.run_read_only("MATCH (p:Person) RETURN p.id", limit=5)[1]) == min(5, total)
    assert len(store.run_read_only("MATCH (p:Person) RETURN p.id")[1]) == total
    with pytest.raises(StoreError, match="rejected the query"):
        store.run_read_only("MATCH (p:Person RETURN p")
