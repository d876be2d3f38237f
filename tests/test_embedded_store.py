"""The embedded store's own promises: committed checkpoints survive a kill, one writer at a time, read-only readers on a
snapshot, migration of the earlier graph.json format, file permissions, schema checks, and writes that cost what they change."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock

from graph.embedded import DB_FILE, LEGACY_FILE, LOCK_FILE, EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Relation, article_id, make_id
from graph.schema import SchemaError, load_schema
from graph.store import GraphStore, StoreError, open_store
from helpers import snapshot

ROOT = Path(__file__).resolve().parent.parent


def small_doc(text: str, name: str) -> ArticleGraph:
    art = Article(id=article_id(text), text=text, path=f"{name}.txt", date="2025-01-0" + str(len(name) % 9 + 1))
    person = Entity(make_id("Person", name), "Person", name)
    return ArticleGraph(art, [person], [Relation("MENTIONED_IN", person.id, art.id, {"count": 1})])


def many_docs(n: int) -> list[ArticleGraph]:
    return [small_doc(f"متن شماره {i} درباره دولت هوشمند", f"نام {i % 50} خانواده {i % 7}") for i in range(n)]


def legacy_json(store: GraphStore) -> dict:
    """A graph in the earlier embedded format: one JSON document of articles, entities and relations."""
    return {"format": 1, "articles": [a.to_dict() for a in store.articles()],
            "entities": [e.to_dict(with_mentions=False) for e in store.entities()],
            "relations": [r.to_dict() for r in store.relations()]}


def test_a_kill_between_checkpoints_keeps_the_last_commit_and_only_it(tmp_path):
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]
        from graph.embedded import EmbeddedStore
        from test_embedded_store import small_doc
        store = EmbeddedStore({str(tmp_path)!r}, writable=True)
        store.write_article_graph(small_doc("متن اول", "علی رضایی"))
        store.flush()
        store.write_article_graph(small_doc("متن دوم", "مریم احمدی"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == -9, result.stderr
    reopened = EmbeddedStore(tmp_path, writable=True)
    assert reopened.counts().nodes == {"Person": 1, "Article": 1}
    assert [e.name for e in reopened.entities()] == ["علی رضایی"]
    reopened.close()


def test_a_failure_inside_an_article_writes_none_of_it(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    first = small_doc("متن", "علی رضایی")
    store.write_article_graph(first)
    clash = small_doc("دیگر", "مریم احمدی")
    clash.entities.append(Entity(first.entities[0].id, "Organization", "نهادی با همان شناسه"))
    with pytest.raises(SchemaError, match="is a Person, not a Organization"):
        store.write_article_graph(clash)
    assert not store.has_article(clash.article.id)
    assert store.counts().nodes == {"Person": 1, "Article": 1}
    store.flush()
    assert EmbeddedStore(tmp_path).counts().nodes == {"Person": 1, "Article": 1}
    store.close()


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    first = EmbeddedStore(tmp_path, writable=True)
    with pytest.raises(StoreError, match="another process is writing"):
        EmbeddedStore(tmp_path, writable=True)
    first.close()
    EmbeddedStore(tmp_path, writable=True).close()


def test_readers_do_not_need_the_lock_and_cannot_write(tmp_path):
    writer = EmbeddedStore(tmp_path, writable=True)
    writer.write_article_graph(small_doc("متن", "علی رضایی"))
    writer.flush()
    reader = EmbeddedStore(tmp_path)
    assert reader.counts().total_nodes == 2
    with pytest.raises(StoreError, match="read-only"):
        reader.write_article_graph(small_doc("دیگر", "مریم احمدی"))
    with pytest.raises(StoreError, match="read-only"):
        reader.remove_article(article_id("متن"))
    with pytest.raises(sqlite3.OperationalError):
        reader._db.execute("DELETE FROM articles")
    writer.close()


def test_a_reader_keeps_its_snapshot_until_it_reloads(tmp_path):
    writer = EmbeddedStore(tmp_path, writable=True)
    writer.write_article_graph(small_doc("متن", "علی رضایی"))
    writer.flush()
    reader = EmbeddedStore(tmp_path)
    writer.write_article_graph(small_doc("دیگر", "مریم احمدی"))
    assert reader.reload_if_changed() is False
    assert reader.counts().nodes["Person"] == 1
    writer.flush()
    assert reader.counts().nodes["Person"] == 1 and len(list(reader.entities())) == 1
    before = reader.version()
    assert reader.reload_if_changed() is True
    assert reader.counts().nodes["Person"] == 2 and reader.version() != before
    assert reader.reload_if_changed() is False
    writer.close()


def test_a_reader_of_a_directory_without_a_store_sees_an_empty_graph_then_the_first_commit(tmp_path):
    reader = EmbeddedStore(tmp_path / "kg-data")
    assert reader.counts().total_nodes == 0 and list(reader.articles()) == []
    assert reader.reload_if_changed() is False
    assert not (tmp_path / "kg-data").exists()  # opening to read creates nothing
    writer = EmbeddedStore(tmp_path / "kg-data", writable=True)
    writer.write_article_graph(small_doc("متن", "علی رضایی"))
    writer.flush()
    assert reader.reload_if_changed() is True
    assert reader.counts().nodes == {"Person": 1, "Article": 1}
    writer.close()


def test_a_damaged_store_file_is_a_clear_error(tmp_path):
    (tmp_path / DB_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=DB_FILE):
        EmbeddedStore(tmp_path)
    with pytest.raises(StoreError, match=DB_FILE):
        EmbeddedStore(tmp_path, writable=True)
    FileLock(str(tmp_path / LOCK_FILE)).acquire(timeout=0)  # the failed writable open released its lock


def test_open_store_by_name(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("KG_DATA", str(tmp_path / "d"))
    store = open_store(writable=True)
    assert isinstance(store, EmbeddedStore) and store.directory == tmp_path / "d"
    store.close()
    assert (tmp_path / "d" / DB_FILE).exists()
    with pytest.raises(StoreError, match="unknown store 'sqlite'"):
        open_store("sqlite")


def test_schema_rejects_unknown_labels_and_types():
    with pytest.raises(SchemaError, match="unknown node label 'Company'"):
        Entity("x-1", "Company", "شرکت")
    with pytest.raises(SchemaError, match="unknown relationship type"):
        Relation("OWNS", "a", "b")


def test_schema_file_errors_are_reported(tmp_path):
    bad = tmp_path / "schema.yaml"
    bad.write_text("labels: {A: {id_prefix: a, rdf_class: x:A, colour: '#000'}}\nrelationships:\n"
                   "  R: {from: [A], to: [B]}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="endpoint 'B' is not a label"):
        load_schema(bad)


def test_a_reviewers_property_cannot_also_be_an_extracted_one(tmp_path):
    bad = tmp_path / "schema.yaml"
    bad.write_text("labels: {A: {id_prefix: a, rdf_class: x:A, colour: '#000'}}\ncuration_properties: [confirmed]\n"
                   "relationships:\n  R: {from: [A], to: [A], properties: [confirmed]}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="curation_properties are set by reviewers"):
        load_schema(bad)


def test_an_article_with_a_relation_outside_the_schema_writes_nothing(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    doc = small_doc("متن", "علی رضایی")
    doc.relations.append(Relation("VISITED", doc.entities[0].id, doc.article.id))  # a Person cannot visit an Article
    with pytest.raises(SchemaError, match="VISITED cannot go from Person to Article"):
        store.write_article_graph(doc)
    assert store.counts().total_nodes == 0
    assert not store.has_article(doc.article.id)


def test_version_changes_with_every_write_even_when_counts_do_not(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    doc = small_doc("متن", "علی رضایی")
    store.write_article_graph(doc)
    first = store.version()
    store.write_article_graph(ArticleGraph(doc.article, [Entity(doc.entities[0].id, "Person", "علی رضایی",
                                                                ["رضایی"])], []))
    assert store.counts().total_nodes == 2 and store.version() != first
    store.flush()
    assert EmbeddedStore(tmp_path).version() == store.version()
    store.close()
    other = EmbeddedStore(tmp_path / "other", writable=True)
    assert other.version() != store.version()  # each store file has its own identity
    other.close()


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_the_store_files_get_the_usual_file_permissions(tmp_path, mask):
    previous = os.umask(mask)
    try:
        store = EmbeddedStore(tmp_path, writable=True)
        store.write_article_graph(small_doc("متن", "علی رضایی"))
        store.flush()
        files = [tmp_path / DB_FILE, tmp_path / (DB_FILE + "-wal")]
        modes = {f.name: f.stat().st_mode & 0o777 for f in files}
        store.close()
    finally:
        os.umask(previous)
    assert modes == {f.name: 0o666 & ~mask for f in files}


def test_relation_counts_match_the_contract_default_and_follow_writes(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    first = small_doc("متن", "علی رضایی")
    store.write_article_graph(first)
    assert store.relation_counts("MENTIONED_IN") == {first.article.id: 1}
    second = small_doc("دیگر", "مریم احمدی")
    second.entities.append(first.entities[0])
    second.relations.append(Relation("MENTIONED_IN", first.entities[0].id, second.article.id, {"count": 1}))
    store.write_article_graph(second)
    assert store.relation_counts("MENTIONED_IN") == {first.article.id: 1, second.article.id: 2}
    assert store.relation_counts("MENTIONED_IN") == GraphStore.relation_counts(store, "MENTIONED_IN")


def test_counts_and_headers_match_what_the_store_holds(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    docs = many_docs(60)
    store.write_many(docs)
    store.remove_article(docs[3].article.id)
    people = list(store.entities("Person"))
    relations = list(store.relations())
    assert store.counts().nodes == {"Person": len(people), "Article": 59}
    assert store.counts().relationships == {"MENTIONED_IN": len(relations)}
    assert store.article_headers() == GraphStore.article_headers(store)
    assert docs[3].article.id not in store.article_headers()
    lazy = store.article_headers()
    assert lazy[docs[5].article.id] == docs[5].article.header() and lazy.get("art-none") is None
    assert len(lazy) == 59 and dict(lazy) == GraphStore.article_headers(store)


def test_a_writable_open_adds_the_indexes_a_store_file_lacks(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_many(many_docs(5))
    store._db.execute("DROP INDEX articles_header")
    store.close()
    assert "articles_header" not in {n for (n,) in sqlite3.connect(tmp_path / DB_FILE).execute(
        "SELECT name FROM sqlite_master")}
    before = snapshot(EmbeddedStore(tmp_path))
    EmbeddedStore(tmp_path, writable=True).close()
    assert "articles_header" in {n for (n,) in sqlite3.connect(tmp_path / DB_FILE).execute(
        "SELECT name FROM sqlite_master")}
    assert snapshot(EmbeddedStore(tmp_path)) == before


def test_one_write_costs_what_it_changes_not_the_size_of_the_graph(tmp_path):
    """After a commit, the next one-article commit appends a few pages to the write-ahead log, whatever the store holds."""
    growth = {}
    for n in (100, 2000):
        store = EmbeddedStore(tmp_path / str(n), writable=True)
        store.write_many(many_docs(n))
        store.flush()
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.write_article_graph(small_doc("خبری تازه", "کسی تازه"))
        store.flush()
        growth[n] = (tmp_path / str(n) / (DB_FILE + "-wal")).stat().st_size
        size = (tmp_path / str(n) / DB_FILE).stat().st_size
        store.close()
    assert growth[2000] < 2 * growth[100]
    assert growth[2000] < size / 10


def test_a_graph_json_directory_is_migrated_on_first_open(tmp_path):
    reference = EmbeddedStore(tmp_path / "reference", writable=True)
    reference.write_many(many_docs(30))
    held = Relation("HOLDS_POSITION", make_id("Person", "نام 1 خانواده 1"), make_id("Organization", "سازمان نمونه"),
                    {"role": "رئیس"})
    doc = many_docs(2)[1]
    doc.entities.append(Entity(held.target, "Organization", "سازمان نمونه", ["سازمان"], {"kind": "agency"}))
    doc.relations.append(held)
    reference.write_article_graph(doc)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / LEGACY_FILE).write_text(json.dumps(legacy_json(reference), ensure_ascii=False), encoding="utf-8")

    migrated = EmbeddedStore(legacy)  # a reader (e.g. `kg stats`) migrates too
    assert snapshot(migrated) == snapshot(reference)
    assert migrated.counts() == reference.counts()
    assert [e.id for e, _ in migrated.search("سازمان")] == [held.target]
    assert (legacy / DB_FILE).exists() and not (legacy / LEGACY_FILE).exists()
    assert (legacy / (LEGACY_FILE + ".migrated")).exists()
    writer = EmbeddedStore(legacy, writable=True)
    writer.write_article_graph(small_doc("خبری تازه", "کسی تازه"))
    writer.close()
    assert EmbeddedStore(legacy).counts().nodes["Article"] == reference.counts().nodes["Article"] + 1
    reference.close()


def test_a_migration_cut_short_leaves_the_graph_json_and_runs_again(tmp_path, monkeypatch):
    reference = EmbeddedStore(tmp_path / "reference", writable=True)
    reference.write_many(many_docs(20))
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    saved = json.dumps(legacy_json(reference), ensure_ascii=False)
    (legacy / LEGACY_FILE).write_text(saved, encoding="utf-8")

    def dies_half_way(db, relations, fresh_article=None):
        def cut_short():
            for number, relation in enumerate(relations):
                if number == 10:
                    raise KeyboardInterrupt("killed mid-migration")
                yield relation
        return real(db, cut_short(), fresh_article)

    import graph.embedded
    real = graph.embedded.put_relations
    monkeypatch.setattr(graph.embedded, "put_relations", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        EmbeddedStore(legacy, writable=True)
    assert (legacy / LEGACY_FILE).read_text(encoding="utf-8") == saved and not (legacy / DB_FILE).exists()
    monkeypatch.setattr(graph.embedded, "put_relations", real)
    again = EmbeddedStore(legacy, writable=True)
    assert snapshot(again) == snapshot(reference)
    again.close()
    assert sorted(p.name for p in legacy.iterdir()) == sorted([DB_FILE, LEGACY_FILE + ".migrated", LOCK_FILE])
    reference.close()


def test_a_migration_is_refused_with_how_to_do_it_when_it_cannot_run(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / LEGACY_FILE).write_text(json.dumps({"format": 1, "articles": [], "entities": [], "relations": []}),
                                      encoding="utf-8")
    lock = FileLock(str(legacy / LOCK_FILE))
    lock.acquire(timeout=0)
    try:
        with pytest.raises(StoreError, match=f"{LEGACY_FILE} needs migrating to .*{DB_FILE}.*another process"):
            EmbeddedStore(legacy)
    finally:
        lock.release()
    (legacy / LEGACY_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=f"cannot read the graph file .*{LEGACY_FILE}"):
        EmbeddedStore(legacy)
    (legacy / LEGACY_FILE).write_text(json.dumps({"format": 7}), encoding="utf-8")
    with pytest.raises(StoreError, match="has format 7; only format 1 can be migrated"):
        EmbeddedStore(legacy, writable=True)
    assert not (legacy / DB_FILE).exists()


def test_a_file_without_newer_article_columns_gains_them_on_a_writable_open(tmp_path):
    import sqlite3

    from graph.model import Article, ArticleGraph, article_id

    text = "متن نمونه خبر درباره دولت هوشمند."
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_article_graph(ArticleGraph(Article(id=article_id(text), text=text, path="a.txt", date="2025-01-02")))
    store.flush()
    store.close()
    db = sqlite3.connect(tmp_path / "graph.sqlite")
    db.executescript("DROP INDEX articles_header; ALTER TABLE articles DROP COLUMN author; "
                     "ALTER TABLE articles DROP COLUMN duplicate_of;")
    db.close()
    store = EmbeddedStore(tmp_path, writable=True)
    assert store.get_article(article_id(text)).date == "2025-01-02"
    assert store.article_headers()[article_id(text)]["duplicate_of"] is None
    store.close()
