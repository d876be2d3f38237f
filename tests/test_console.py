"""The explorer's Cypher console (`Neo4jStore.run_read_only`) against the real local Neo4j: reads run, nothing else does.

Refused: writes, schema changes, LOAD CSV, administration, SHOW ... and TERMINATE ... commands, procedures outside the
allow-list, CALL { } IN TRANSACTIONS. A query runs once (no driver retry), so the timeout bounds the call, and the
local server caps each transaction's memory.
"""
from __future__ import annotations

import time

import pytest
from neo4j import Session

from graph.neo4j_local.server import TRANSACTION_MEMORY_BYTES
from graph.neo4j_local.testing import synthetic_docs
from graph.store import StoreError
from helpers import snapshot

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def store(neo4j_server):
    """A Neo4j store holding a small generated graph."""
    opened = neo4j_server.open_store()
    opened.clear()
    opened.write_many(synthetic_docs(30, people=40, organisations=15, projects=8))
    yield opened
    opened.clear()
    opened.close()


@pytest.mark.parametrize("cypher, reason", [
    ("CREATE (n:Person {id: 'per-x'})", "of type"),
    ("MERGE (n:Person {id: 'per-x'})", "of type"),
    ("MATCH (n:Person) SET n.name = 'x'", "of type"),
    ("MATCH (n:Person) REMOVE n.name", "of type"),
    ("MATCH (n) DETACH DELETE n", "of type"),
    ("MATCH (n:Person) FOREACH (x IN [1] | CREATE (:Person {id: 'per-y'}))", "of type"),
    ("MATCH (n:Person) WITH n LIMIT 1 CALL (n) { SET n.name = 'x' } IN TRANSACTIONS RETURN 1", "of type"),
    ("CREATE INDEX evil FOR (n:Person) ON (n.name)", "of type 's'"),
    ("DROP CONSTRAINT kg_person_id", "of type 's'"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("SHOW TRANSACTIONS", "ShowTransactions"),
    ("SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN *", "ShowTransactions"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TerminateTransactions"),
    ("SHOW PROCEDURES", "ShowProcedures"),
    ("SHOW FUNCTIONS", "ShowFunctions"),
    ("SHOW SETTINGS", "ShowSettings"),
    ("SHOW INDEXES", "ShowIndexes"),
    ("SHOW CONSTRAINTS", "ShowConstraints"),
    ("SHOW DATABASES", "of type 's'"),
    ("SHOW USERS", ""),
    ("CALL dbms.listConfig()", "of type 's'"),
    ("CALL dbms.components()", "of type 's'"),
    ("CALL db.clearQueryCaches()", "of type 's'"),
    ("CALL db.awaitIndexes(5)", "procedure db.awaitIndexes"),
    ("CALL db.info()", "procedure db.info"),
    ("CALL dbms.listConnections()", ""),
])
def test_console_refuses_what_a_reader_does_not_need(store, cypher, reason):
    before = snapshot(store)
    with pytest.raises(StoreError, match="read-only|rejected the query") as refused:
        store.run_read_only(cypher)
    assert reason in str(refused.value)
    assert snapshot(store) == before


@pytest.mark.parametrize("cypher", [
    "MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) RETURN p.name, r.role, o.name ORDER BY p.name LIMIT 5",
    "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label",
    "MATCH ()-[r:VISITED]->() RETURN count(r)",
    "MATCH (p:Person) OPTIONAL MATCH (p)-[r]->() WITH p, count(r) AS c ORDER BY c DESC, p.id LIMIT 3 RETURN p.id, c",
    "MATCH (p:Person)-[*1..2]-(m) RETURN count(DISTINCT m)",
    "MATCH path = shortestPath((a:Person)-[*..4]-(b:Organization)) RETURN length(path) LIMIT 1",
    "MATCH (a:Person)-[:HOLDS_POSITION]->(o)<-[:HOLDS_POSITION]-(b:Person) WHERE a.id < b.id RETURN count(*)",
    "MATCH (p:Person) WHERE EXISTS { (p)-[:VISITED]->() } RETURN p.id, COUNT { (p)--() } AS degree LIMIT 3",
    "MATCH (p:Person) CALL (p) { MATCH (p)--(m) RETURN count(m) AS d } RETURN max(d)",
    "MATCH (p:Person) RETURN p.name AS name UNION MATCH (o:Organization) RETURN o.name AS name",
    "UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.name",
    "MATCH (p:Person) RETURN p ORDER BY p.name SKIP 2 LIMIT 2",
    "CALL db.index.fulltext.queryNodes('kg_names', 'سازمان') YIELD node, score RETURN node.name, score LIMIT 3",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL db.schema.visualization()",
    "CALL db.schema.nodeTypeProperties()",
])
def test_console_runs_what_a_reader_needs(store, cypher):
    ids = [row["p.id"] for row in store.run_read_only("MATCH (p:Person) RETURN p.id ORDER BY p.id LIMIT 2")[1]]
    columns, rows = store.run_read_only(cypher, {"ids": ids})
    assert columns and rows


def test_console_cannot_see_or_end_a_build_transaction(store, neo4j_server):
    """A write transaction held open by a build is neither listed nor terminated from the console, and commits."""
    with store.driver.session(database=store.database) as build_session:
        build = build_session.begin_transaction()
        build.run("CREATE (:Person {id: 'per-console-probe', name: 'probe'})").consume()
        with store.driver.session(database=store.database) as admin:
            ids = [r["id"] for r in admin.run("SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery "
                                              "WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN id")]
        assert ids, "the build's transaction should be listed to the administrator"
        with pytest.raises(StoreError, match="ShowTransactions"):
            store.run_read_only("SHOW TRANSACTIONS")
        for transaction_id in ids:
            with pytest.raises(StoreError, match="TerminateTransactions"):
                store.run_read_only(f"TERMINATE TRANSACTIONS '{transaction_id}'")
        build.commit()
    assert store.run_read_only("MATCH (p:Person {id: 'per-console-probe'}) RETURN p.name AS name")[1] == [
        {"name": "probe"}]
    store.driver.execute_query("MATCH (p:Person {id: 'per-console-probe'}) DELETE p", database_=store.database)


def test_one_query_cannot_take_the_memory_pool_and_is_not_retried(store, monkeypatch):
    """A query that needs more than db.memory.transaction.max fails once, well inside its timeout."""
    managed = []
    monkeypatch.setattr(Session, "execute_read", lambda *a, **k: managed.append(a) or pytest.fail("retried read"))
    hog = "UNWIND range(1, 30000000) AS x WITH collect(toString(x)) AS xs RETURN size(xs)"
    started = time.perf_counter()
    with pytest.raises(StoreError, match="db.memory.transaction.max"):
        store.run_read_only(hog, timeout=30)
    assert time.perf_counter() - started < 30
    assert not managed


def test_the_timeout_bounds_the_whole_call(store):
    endless = "UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 RETURN count(x)"
    started = time.perf_counter()
    with pytest.raises(StoreError, match="timeout"):
        store.run_read_only(endless, timeout=2)
    assert time.perf_counter() - started < 2 + 15


def test_local_server_caps_the_memory_of_one_transaction(store):
    records, _, _ = store.driver.execute_query(
        "CALL dbms.listConfig('db.memory.transaction.max') YIELD value RETURN value", database_=store.database)
    assert records[0]["value"] == f"{TRANSACTION_MEMORY_BYTES / 1024 / 1024:.2f}MiB"
