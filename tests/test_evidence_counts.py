"""The embedded store keeps each relation's evidence count in `relations` (by triggers, in the writing transaction),
so a neighbourhood is ranked from the endpoint indexes without reading evidence: the counts follow writes, merges,
removals, rewrites, failed writes and clear; a file from before the column is read right by a reader and migrated
by a writer, giving the same neighbourhoods."""
from __future__ import annotations

import sqlite3

import pytest

from graph.embedded import DB_FILE, EmbeddedStore
from graph.model import ArticleGraph, Evidence, Relation
from helpers import miscounted_relations
from queries.library import ENTITY_RELATIONS
from queries.registry import run_query


def busiest(store: EmbeddedStore, n: int = 4) -> list[str]:
    """The n entities with the most relations."""
    return [node for (node,) in store._db.execute(
        "SELECT node FROM (SELECT source AS node FROM relations UNION ALL SELECT target FROM relations) "
        "WHERE node IN (SELECT id FROM entities) GROUP BY node ORDER BY count(*) DESC, node LIMIT ?", (n,))]


def neighbourhoods(store: EmbeddedStore, centers: list[str]) -> list:
    """Neighbourhoods of the centers (capped and not; ranked in SQL, and from light hops when dated) and their hops."""
    found = [sorted(store.neighbourhood_hops(centers, rel_types, True), key=repr)
             for rel_types in (None, ENTITY_RELATIONS)]
    for center in centers:
        for depth, limit, since in ((1, 5, None), (2, 12, None), (2, None, None), (2, 30, "2000-01-01")):
            found.append(run_query(store, "neighbourhood", entity=center, depth=depth, limit=limit or 2000,
                                   since=since).rows)
    return found


def test_counts_follow_writes_merges_removals_rewrites_and_clear(tmp_path, sample_docs):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_many(sample_docs)
    assert miscounted_relations(store) == []
    assert store._db.execute("SELECT max(evidence_count) FROM relations").fetchone()[0] > 1  # merged across articles
    for doc in sample_docs[::3]:
        store.remove_article(doc.article.id)
    assert miscounted_relations(store) == []
    store.write_many(sample_docs[::3] + sample_docs[1::4])
    assert miscounted_relations(store) == []
    store.flush()
    store.clear()
    assert miscounted_relations(store) == [] and not store._db.execute("SELECT count(*) FROM relations").fetchone()[0]
    store.close()


def test_a_failed_write_leaves_the_counts_as_they_were(tmp_path, sample_docs):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_many(sample_docs[1:])
    before = store._db.execute("SELECT key, evidence_count FROM relations ORDER BY key").fetchall()
    doc = sample_docs[0]
    stated = next(r for r in sample_docs[1].relations if r.evidence)
    again = Relation(stated.type, stated.source, stated.target, stated.properties,
                     [Evidence(doc.article.id, "جمله", 0, 5, "title", 0.9)])
    unreadable = Relation(stated.type, stated.source, stated.target, stated.properties,
                          [Evidence(doc.article.id, None, 0, 5, "title", 0.9)])
    broken = ArticleGraph(doc.article, doc.entities + sample_docs[1].entities, [again, *doc.relations, unreadable])
    with pytest.raises(sqlite3.IntegrityError):  # at its second evidence row, once the first has raised the count
        store.write_article_graph(broken)
    assert store._db.execute("SELECT key, evidence_count FROM relations ORDER BY key").fetchall() == before
    store.close()


def without_the_count_column(path) -> None:
    """Make a store file look like one from before relations kept their evidence count."""
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER evidence_added; DROP TRIGGER evidence_removed; DROP INDEX relations_source; "
                     "DROP INDEX relations_target; ALTER TABLE relations DROP COLUMN evidence_count; "
                     "CREATE INDEX relations_source ON relations(source, type); "
                     "CREATE INDEX relations_target ON relations(target, type);")
    db.close()


def test_a_file_from_before_the_counts_is_read_right_and_migrated_when_opened_writable(tmp_path, sample_docs):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_many(sample_docs)
    store.close()
    reader = EmbeddedStore(tmp_path)
    centers = busiest(reader)
    expected = neighbourhoods(reader, centers)
    reader.close()
    without_the_count_column(tmp_path / DB_FILE)

    reader = EmbeddedStore(tmp_path)
    assert neighbourhoods(reader, centers) == expected
    reader.close()
    columns = [row[1] for row in sqlite3.connect(tmp_path / DB_FILE).execute("PRAGMA table_info(relations)")]
    assert "evidence_count" not in columns  # a reader changes nothing

    store = EmbeddedStore(tmp_path, writable=True)
    assert miscounted_relations(store) == []
    assert [row[2] for row in store._db.execute("PRAGMA index_info(relations_source)")] == \
           ["source", "type", "target", "evidence_count"]
    assert neighbourhoods(store, centers) == expected
    store.write_many(sample_docs[:3])
    store.remove_article(sample_docs[4].article.id)
    assert miscounted_relations(store) == []
    store.close()


def test_the_hop_ranking_reads_the_endpoint_indexes_only(tmp_path, sample_docs):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_many(sample_docs)
    statements = []
    store._db.set_trace_callback(statements.append)
    center = busiest(store, 1)[0]
    run_query(store, "neighbourhood", entity=center, depth=2, limit=10)
    store._db.set_trace_callback(None)
    ranking = next(sql for sql in statements if sql.startswith("WITH h AS"))
    kept = next(sql for sql in statements if sql.startswith("SELECT id, source, target"))
    for step in (ranking, kept):
        plan = [row[3] for row in store._db.execute("EXPLAIN QUERY PLAN " + step)]
        assert "SEARCH relations USING COVERING INDEX relations_source (source=? AND type=?)" in plan, plan
        assert "SEARCH relations USING COVERING INDEX relations_target (target=? AND type=?)" in plan, plan
        assert not any("evidence" in row or "PRIMARY KEY" in row for row in plan), plan  # no table row is read
    store.close()
