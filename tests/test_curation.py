"""Curation decisions: the file's format and checks, hostile input, and live application on both stores that a
rebuild from the articles plus the decisions reproduces exactly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from helpers import snapshot

from graph.embedded import EmbeddedStore
from graph.text import name_key
from kg.build import build
from loaders import live_curation
from loaders.curation import (
    MAX_REASON,
    Curation,
    CurationError,
    clean_text,
    fact_fields,
    load_decisions,
    new_decision,
)
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across

SAFIKHANI, SARMAST = "محمدرضا صفیخانی", "بهرام سرمست"


def _rebuilt(tmp_path, curation, kind_store):
    """The samples built from scratch with the curation file into a fresh store of the same kind."""
    articles = [a for a in iter_articles([str(SAMPLES)]) if not isinstance(a, ReadFailure)]
    docs = resolve_across(extract_articles(articles)[0], curation_path=str(curation))
    if isinstance(kind_store, EmbeddedStore):
        fresh = EmbeddedStore(tmp_path / "rebuilt", writable=True)
    else:
        kind_store.clear()
        fresh = kind_store
    fresh.write_many(docs)
    fresh.flush()
    return fresh


def _person(store, name):
    found = store.find_by_name(name, "Person")
    assert len(found) == 1, (name, found)
    return found[0]


def _merge_item(store, keep, other, reason="one person"):
    a, b = _person(store, keep), _person(store, other)
    return new_decision("merge", reason, type="Person", ids=[a.id, b.id], names=[*a.names(), *b.names()],
                        canonical=a.name)


def test_live_curation_equals_a_rebuild_from_scratch(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    store = sample_store
    merge = live_curation.apply(store, _merge_item(store, SARMAST, SAFIKHANI), curation)
    merged = _person(store, SAFIKHANI)
    assert merged.name == SARMAST and SAFIKHANI in merged.aliases
    assert _person(store, SARMAST).id == merged.id
    assert merge.entity_named("Person", [SAFIKHANI]).id == merged.id

    fact = next(r for r in store.relations("HOLDS_POSITION") if r.source != merged.id)
    who, where = store.get_entity(fact.source), store.get_entity(fact.target)
    live_curation.apply(store, new_decision("reject", "misread", **fact_fields(fact, who, where)), curation)
    assert not [r for r in store.relations("HOLDS_POSITION", source=fact.source) if r.key == fact.key]

    shown = next(r for r in store.relations("LOCATED_IN"))
    live_curation.apply(store, new_decision("confirm", "checked", **fact_fields(
        shown, store.get_entity(shown.source), store.get_entity(shown.target))), curation)
    assert next(r for r in store.relations("LOCATED_IN") if r.key == shown.key).properties["confirmed"] is True

    sadr = _person(store, "محمدمحسن صدر")
    live_curation.apply(store, new_decision("add_alias", "his title", type="Person", ids=[sadr.id],
                                            names=sadr.names(), alias="رئیس سازمان فناوری"), curation)
    assert "رئیس سازمان فناوری" in _person(store, "محمدمحسن صدر").aliases
    hashemi = _person(store, "سید ستار هاشمی")
    live_curation.apply(store, new_decision("canonical", "as he signs", type="Person", ids=[hashemi.id],
                                            names=hashemi.names(), canonical="ستار هاشمی"), curation)
    assert _person(store, "ستار هاشمی").name == "ستار هاشمی"

    lines = curation.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["decision"] for line in lines] == ["merge", "reject", "confirm", "add_alias", "canonical"]
    assert all(json.loads(line)["reason"] and json.loads(line)["time"] for line in lines)
    assert json.loads(lines[1])["evidence"][0]["sentence"]
    live = snapshot(store)
    rebuilt = _rebuilt(tmp_path, curation, store)
    assert snapshot(rebuilt) == live


def test_undo_takes_the_last_decision_back(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    before = snapshot(sample_store)
    merge = live_curation.apply(sample_store, _merge_item(sample_store, SARMAST, SAFIKHANI), curation)
    assert snapshot(sample_store) != before
    live_curation.apply(sample_store, new_decision("undo", "wrong", undoes=merge.decision.id), curation)
    assert snapshot(sample_store) == before
    with pytest.raises(CurationError, match="undone already"):
        live_curation.apply(sample_store, new_decision("undo", "again", undoes=merge.decision.id), curation)


def test_keep_apart_then_merge_is_refused_and_nothing_changes(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    a, b = _person(sample_store, SARMAST), _person(sample_store, SAFIKHANI)
    live_curation.apply(sample_store, new_decision("keep_apart", "two people", type="Person", ids=[a.id, b.id],
                                                   names=[a.name, b.name]), curation)
    before, lines = snapshot(sample_store), curation.read_text(encoding="utf-8")
    with pytest.raises(CurationError, match="kept apart"):
        live_curation.apply(sample_store, _merge_item(sample_store, SARMAST, SAFIKHANI), curation)
    assert snapshot(sample_store) == before and curation.read_text(encoding="utf-8") == lines


def test_rejecting_twice_or_confirming_a_rejected_fact_is_refused(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    fact = next(sample_store.relations("HOLDS_POSITION"))
    fields = fact_fields(fact, sample_store.get_entity(fact.source), sample_store.get_entity(fact.target))
    live_curation.apply(sample_store, new_decision("reject", "no", **fields), curation)
    for kind in ("reject", "confirm"):
        with pytest.raises(CurationError, match="rejected already"):
            live_curation.apply(sample_store, new_decision(kind, "again", **fields), curation)


def test_hostile_names_and_reasons(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    sadr = _person(sample_store, "محمدمحسن صدر")
    evil = "<script>alert(1)</script>\u202eرئیس"
    live_curation.apply(sample_store, new_decision("add_alias", "x\u202e\u2066y", type="Person", ids=[sadr.id],
                                                   names=sadr.names(), alias=evil), curation)
    aliases = _person(sample_store, "محمدمحسن صدر").aliases
    assert "<script>alert(1)</script>رئیس" in aliases and not any("\u202e" in a for a in aliases)
    assert json.loads(curation.read_text(encoding="utf-8"))["reason"] == "xy"
    long = new_decision("merge", "ب" * 10_240, type="Person", names=[SARMAST, SAFIKHANI], canonical=SARMAST)
    before = snapshot(sample_store)
    with pytest.raises(CurationError, match=f"10240 characters long; at most {MAX_REASON}"):
        live_curation.apply(sample_store, long, curation)
    assert snapshot(sample_store) == before
    with pytest.raises(CurationError, match="is the name of another entity"):
        live_curation.apply(sample_store, new_decision("add_alias", "", type="Person", ids=[sadr.id],
                                                       names=sadr.names(), alias=SARMAST), curation)


@pytest.mark.parametrize("line, reason", [
    ('{"decision": "merge", "type": "Person", "names": ["الف", "ب"]', "not JSON"),
    ('{"decision": "forget", "names": ["x"]}', "'decision' must be one of"),
    ('{"decision": "merge", "type": "Person", "names": ["الف", "ب"], "canonicel": "الف"}', "unknown field"),
    ('{"decision": "keep_apart", "type": "Person", "names": ["علی", "علي"]}', "at least two different names"),
    ('{"decision": "undo", "undoes": "cur-nothing"}', "names no decision"),
    ('{"decision": "reject", "relation": {"type": "LIKES", "source": "a", "target": "b"}}', "relationship type"),
    ('{"decision": "merge", "type": "Planet", "names": ["الف", "ب"]}', "'type' must be one of"),
    ('{"decision": "add_alias", "type": "Person", "names": [""], "alias": "x"}', "empty name"),
    (json.dumps({"decision": "keep_apart", "type": "Person", "names": ["الف", "ب"], "reason": "د" * 10_240}),
     "10240 characters long"),
    (json.dumps({"decision": "merge", "type": "Person", "names": ["الف", "ب"], "reason": "ok"}),
     "is used by an earlier decision"),
])
def test_a_broken_file_names_the_file_line_and_reason(tmp_path, line, reason):
    curation = tmp_path / "hand.jsonl"
    good = json.dumps({"decision": "merge", "type": "Person", "names": ["الف", "ب"], "reason": "ok"})
    curation.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CurationError, match=rf"hand\.jsonl:3: .*{reason}"):
        load_decisions(curation)


def test_a_broken_file_refuses_new_decisions_and_keeps_the_store(sample_store, tmp_path):
    curation = tmp_path / "curation.jsonl"
    curation.write_text('{"decision": "merge"\n', encoding="utf-8")
    before = snapshot(sample_store)
    with pytest.raises(CurationError, match=r"curation\.jsonl:1: not JSON"):
        live_curation.apply(sample_store, _merge_item(sample_store, SARMAST, SAFIKHANI), curation)
    assert snapshot(sample_store) == before
    assert curation.read_text(encoding="utf-8") == '{"decision": "merge"\n'


def test_hand_written_lines_without_ids_can_be_undone(tmp_path):
    curation = tmp_path / "c.jsonl"
    curation.write_text(json.dumps({"decision": "merge", "type": "Person", "names": ["الف", "ب"], "note": "old"})
                        + "\n", encoding="utf-8")
    first = load_decisions(curation)[0]
    assert first.reason == "old" and first.id.startswith("line-")
    with open(curation, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"decision": "undo", "undoes": first.id}) + "\n")
    assert Curation.load(curation).decisions == []


def test_reviewer_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_REVIEWER", "مریم\u202e")
    item = new_decision("keep_apart", "two", type="Person", names=["الف", "ب"])
    assert item["reviewer"] == "مریم" and item["id"].startswith("cur-")
    assert clean_text("\u2067abc\u2069") == "abc" and name_key("abc") == "abc"


def test_a_fact_read_where_the_honorific_is_missing_is_rejected_like_a_rebuild(empty_store, tmp_path, monkeypatch):
    """سید علی رنجبر in one article, علی رنجبر in the other: re-reading only the second must not split him."""
    corpus = Path(__file__).resolve().parent / "curation_corpus"
    curation = tmp_path / "curation.jsonl"
    curation.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CURATION", str(curation))
    build([str(SAMPLES), str(corpus)], empty_store)
    person = _person(empty_store, "سید علی رنجبر")
    fact = next(r for r in empty_store.relations("MET_WITH", source=person.id)
                if empty_store.get_entity(r.target).name == "استانداری آذربایجان شرقی")
    live_curation.apply(empty_store, new_decision("reject", "not a meeting", **fact_fields(
        fact, person, empty_store.get_entity(fact.target))), curation)
    assert _person(empty_store, "علی رنجبر").id == person.id
    assert not [r for r in empty_store.relations("MET_WITH", source=person.id) if r.key == fact.key]
    live = snapshot(empty_store)
    if isinstance(empty_store, EmbeddedStore):
        fresh = EmbeddedStore(tmp_path / "rebuilt", writable=True)
    else:
        empty_store.clear()
        fresh = empty_store
    build([str(SAMPLES), str(corpus)], fresh)
    assert snapshot(fresh) == live
