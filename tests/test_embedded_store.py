"""The embedded store's own promises: atomic saves, one writer at a time, read-only opening, reloading, schema checks."""
from __future__ import annotations

import json
import os

import pytest

from graph.embedded import GRAPH_FILE, EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Relation, article_id, make_id
from graph.schema import SchemaError, load_schema
from graph.store import StoreError, open_store


def small_doc(text: str, name: str) -> ArticleGraph:
    art = Article(id=article_id(text), text=text, path=f"{name}.txt")
    person = Entity(make_id("Person", name), "Person", name)
    return ArticleGraph(art, [person], [Relation("MENTIONED_IN", person.id, art.id, {"count": 1})])


def test_crash_during_save_leaves_the_previous_graph(tmp_path, monkeypatch):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_article_graph(small_doc("متن اول", "علی رضایی"))
    store.flush()
    saved = (tmp_path / GRAPH_FILE).read_bytes()
    store.write_article_graph(small_doc("متن دوم", "مریم احمدی"))

    def dies_half_way(data, fh, **kwargs):
        fh.write(json.dumps(data)[:50])
        raise KeyboardInterrupt("killed mid-save")

    monkeypatch.setattr("graph.embedded.json.dump", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        store.flush()
    store.close()
    assert (tmp_path / GRAPH_FILE).read_bytes() == saved
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert EmbeddedStore(tmp_path).counts().nodes == {"Person": 1, "Article": 1}


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
    writer.close()


def test_reader_sees_the_new_graph_after_a_save(tmp_path):
    writer = EmbeddedStore(tmp_path, writable=True)
    writer.write_article_graph(small_doc("متن", "علی رضایی"))
    writer.flush()
    reader = EmbeddedStore(tmp_path)
    writer.write_article_graph(small_doc("دیگر", "مریم احمدی"))
    assert reader.reload_if_changed() is False
    assert reader.counts().nodes["Person"] == 1
    writer.flush()
    assert reader.reload_if_changed() is True
    assert reader.counts().nodes["Person"] == 2
    writer.close()


def test_unreadable_graph_file_is_a_clear_error(tmp_path):
    (tmp_path / GRAPH_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=GRAPH_FILE):
        EmbeddedStore(tmp_path)


def test_open_store_by_name(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("KG_DATA", str(tmp_path / "d"))
    store = open_store(writable=True)
    assert isinstance(store, EmbeddedStore) and store.directory == tmp_path / "d"
    store.close()
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


def test_saved_graph_gets_the_usual_file_permissions(tmp_path):
    store = EmbeddedStore(tmp_path, writable=True)
    store.write_article_graph(small_doc("متن", "علی رضایی"))
    store.flush()
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / GRAPH_FILE).stat().st_mode & 0o777 == 0o666 & ~mask


def test_relation_counts_match_the_contract_default_and_follow_writes(tmp_path):
    from graph.store import GraphStore

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
