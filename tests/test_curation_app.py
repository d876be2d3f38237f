"""Curation in the explorer under AppTest: every control of the entity page, the review queue, the decisions page,
read-only modes, and hostile input, on a store built from the samples plus tests/curation_corpus by `kg build`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from streamlit.testing.v1 import AppTest

from graph.embedded import EmbeddedStore
from kg.build import build

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CORPUS = Path(__file__).resolve().parent / "curation_corpus"
TIMEOUT = 90
NOZARI, TYPO = "محمد نوذری", "محمد نوزری"
RANJBAR = "سید علی رنجبر"


@pytest.fixture
def curated(tmp_path, monkeypatch):
    """An embedded store built from the samples and the curation corpus, the explorer pointed at it and at an
    empty curation file of its own; yields a function reading the store afresh."""
    curation = tmp_path / "curation.jsonl"
    curation.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CURATION", str(curation))
    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.delenv("KG_READ_ONLY", raising=False)
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    build([str(SAMPLES), str(CORPUS)], store)
    store.close()

    def read() -> EmbeddedStore:
        return EmbeddedStore(tmp_path / "kg")
    read.curation = curation
    return read


def _one(store, name, label="Person"):
    found = store.find_by_name(name, label)
    assert len(found) == 1, (name, found)
    return found[0]


def _app(**query_params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def _param(at: AppTest, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _lines(curated) -> list[dict]:
    return [json.loads(line) for line in curated.curation.read_text(encoding="utf-8").splitlines()]


def _preview_and_apply(at: AppTest, key: str, reason: str) -> AppTest:
    at.text_input(key=f"reason-{key}").set_value(reason)
    at.button(key=f"preview-{key}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key=f"apply-{key}").click().run()
    assert not at.exception
    return at


def test_merge_from_the_entity_page_shows_one_page_with_both_names(curated):
    store = curated()
    right, typo = _one(store, NOZARI), _one(store, TYPO)
    at = _app(entity=right.id)
    at.text_input(key=f"merge-q-{right.id}").set_value("نوزری").run()
    assert at.selectbox(key=f"merge-pick-{right.id}").value == typo.id
    key = f"merge-{right.id}-{typo.id}"
    at.text_input(key=f"reason-{key}").set_value("ز for ذ: one governor")
    at.button(key=f"preview-{key}").click().run()
    preview = "\n".join(t.value for t in at.text)
    assert TYPO in preview and "استانداری قزوین" in preview
    assert _one(curated(), TYPO).id == typo.id, "a preview writes nothing"
    at.button(key=f"apply-{key}").click().run()
    assert not at.exception
    merged = _one(curated(), TYPO)
    assert merged.name == NOZARI and _one(curated(), NOZARI).id == merged.id
    assert _param(at, "entity") == merged.id
    assert [h.value for h in at.header] == [NOZARI]
    assert TYPO in "\n".join(t.value for t in at.text)
    assert at.success and not at.error
    [line] = _lines(curated)
    assert line["decision"] == "merge" and line["reason"] == "ز for ذ: one governor" and TYPO in line["names"]


def test_split_canonical_name_and_aliases(curated):
    person = _one(curated(), RANJBAR)
    assert "علی رنجبر" in person.aliases
    at = _app(entity=person.id)
    at.multiselect(key=f"split-{person.id}").set_value(["علی رنجبر"]).run()
    _preview_and_apply(at, f"split-{person.id}", "two people: Qazvin and Tabriz")
    store = curated()
    assert _one(store, RANJBAR).id != _one(store, "علی رنجبر").id

    person = _one(store, "اداره کل ارتباطات و فناوری اطلاعات استان قزوین", "Organization")
    at = _app(entity=person.id)
    at.selectbox(key=f"canon-{person.id}").set_value("اداره کل ارتباطات و فناوری اطلاعات قزوین").run()
    _preview_and_apply(at, f"canon-{person.id}", "shorter")
    renamed = _one(curated(), "اداره کل ارتباطات و فناوری اطلاعات قزوین", "Organization")
    assert renamed.name == "اداره کل ارتباطات و فناوری اطلاعات قزوین"
    assert [h.value for h in at.header] == [renamed.name]

    at.text_input(key=f"alias-add-{renamed.id}").set_value("اداره ICT قزوین").run()
    _preview_and_apply(at, f"alias-add-{renamed.id}", "as the governorate writes it")
    assert "اداره ICT قزوین" in _one(curated(), renamed.name, "Organization").aliases
    at.selectbox(key=f"alias-rm-{renamed.id}").set_value("اداره ICT قزوین").run()
    _preview_and_apply(at, f"alias-rm-{renamed.id}", "not used after all")
    assert "اداره ICT قزوین" not in _one(curated(), renamed.name, "Organization").aliases
    assert [d["decision"] for d in _lines(curated)] == ["keep_apart", "canonical", "add_alias", "remove_alias"]


def test_reject_a_fact_it_leaves_the_graph_and_its_evidence_stays_visible(curated):
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    facts = at.selectbox(key=f"fact-{person.id}")
    wrong = next(i for i, label in enumerate(facts.options) if "استانداری آذربایجان شرقی" in label)
    facts.select_index(wrong).run()
    at.radio(key=f"fact-do-{person.id}").set_value("reject").run()
    key = next(b.key for b in at.button if b.key and b.key.startswith("preview-fact-reject-"))[len("preview-"):]
    _preview_and_apply(at, key, "the meeting was with the governor, not the governorate")
    store = curated()
    assert not [r for r in store.relations("MET_WITH", source=person.id)
                if store.get_entity(r.target).name == "استانداری آذربایجان شرقی"]
    names = at.dataframe[0].value.iloc[:, 1].tolist()
    assert "استانداری آذربایجان شرقی" not in names
    rejected = "\n".join(t.value for t in at.text)
    assert "از راه‌اندازی مرکز نوآوری دانشگاه خبر داد" in rejected
    [line] = _lines(curated)
    assert line["decision"] == "reject" and line["evidence"][0]["sentence"]

    at.radio(key=f"fact-do-{person.id}").set_value("confirm").run()
    at.selectbox(key=f"fact-{person.id}").select_index(0).run()
    key = next(b.key for b in at.button if b.key and b.key.startswith("preview-fact-confirm-"))[len("preview-"):]
    _preview_and_apply(at, key, "checked with the university")
    assert "✓" in at.dataframe[0].value.iloc[:, -1].tolist()


def test_undo_the_last_decision_from_the_decisions_page(curated):
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    at.multiselect(key=f"split-{person.id}").set_value(["علی رنجبر"]).run()
    _preview_and_apply(at, f"split-{person.id}", "two people")
    assert len(curated().find_by_name("علی رنجبر", "Person")) == 1
    assert _one(curated(), "علی رنجبر").id != _one(curated(), RANJBAR).id
    page = _app()
    page.sidebar.radio(key="page").set_value("decisions").run()
    assert "keep_apart" in page.dataframe[0].value.iloc[:, 1].tolist()
    _preview_and_apply(page, "undo-page", "they are one after all")
    assert _one(curated(), "علی رنجبر").id == _one(curated(), RANJBAR).id
    assert [d["decision"] for d in _lines(curated)] == ["keep_apart", "undo"]


def test_a_refused_decision_says_why_and_writes_nothing(curated):
    person = _one(curated(), "سید ستار هاشمی")
    at = _app(entity=person.id)
    at.multiselect(key=f"split-{person.id}").set_value(["ستار هاشمی"]).run()
    at.button(key=f"preview-split-{person.id}").click().run()
    assert at.error and "read as one entity inside the same article" in at.error[0].value
    assert curated.curation.read_text(encoding="utf-8") == ""


def test_review_queue_merge_keep_apart_and_skip(curated):
    at = _app()
    at.sidebar.radio(key="page").set_value("review").run()
    assert not at.exception
    keys = [r.key for r in at.radio if r.key and r.key.startswith("rv-do-")]
    store = curated()
    pair = "|".join(sorted([_one(store, NOZARI).id, _one(store, TYPO).id]))
    talebi = "|".join(sorted([_one(store, "محمدعلی طالبی").id, _one(store, "محمدعلی طالبیان").id]))
    assert keys == [f"rv-do-{talebi}", f"rv-do-{pair}"], "same title at the same organisation, close names"
    text = "\n".join(m.value for m in at.markdown)
    assert NOZARI in text and TYPO in text
    at.radio(key=f"rv-do-{talebi}").set_value("skip").run()
    assert [r.key for r in at.radio if r.key and r.key.startswith("rv-do-")] == [f"rv-do-{pair}"]
    at.radio(key=f"rv-do-{pair}").set_value("merge").run()
    _preview_and_apply(at, f"rv-merge-{pair}", "typo")
    assert f"rv-do-{pair}" not in [r.key for r in at.radio if r.key]
    assert _one(curated(), TYPO).id == _one(curated(), NOZARI).id
    assert _lines(curated)[0]["decision"] == "merge"


def test_review_queue_keep_apart_removes_the_pair(curated):
    store = curated()
    pair = "|".join(sorted([_one(store, NOZARI).id, _one(store, TYPO).id]))
    at = _app()
    at.sidebar.radio(key="page").set_value("review").run()
    at.radio(key=f"rv-do-{pair}").set_value("keep_apart").run()
    _preview_and_apply(at, f"rv-apart-{pair}", "two governors, years apart")
    assert f"rv-do-{pair}" not in [r.key for r in at.radio if r.key]
    assert _lines(curated)[0]["decision"] == "keep_apart"
    assert _one(curated(), TYPO).id != _one(curated(), NOZARI).id


def test_read_only_hides_every_curation_control(curated, monkeypatch):
    monkeypatch.setenv("KG_READ_ONLY", "1")
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    assert not at.exception
    assert not [w for w in (*at.text_input, *at.selectbox, *at.multiselect, *at.radio)
                if w.key and w.key.split("-")[0] in ("merge", "split", "canon", "alias", "fact", "reason")]
    at.sidebar.radio(key="page").set_value("review").run()
    assert not [r for r in at.radio if r.key and r.key.startswith("rv-do-")]
    assert any("Read-only" in c.value or "فقط خواندنی" in c.value for c in at.sidebar.caption)


def test_a_broken_curation_file_opens_read_only_naming_file_and_line(curated):
    curated.curation.write_text('{"decision": "merge", "type": "Person", "names": ["الف", "ب"]}\n{"decision": \n',
                                encoding="utf-8")
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    assert not at.exception
    assert at.warning and "curation.jsonl:2" in at.warning[0].value.replace("\\", "")
    assert [h.value for h in at.header] == [RANJBAR]
    assert not [w for w in at.text_input if w.key and w.key.startswith("merge-q-")]


def test_hostile_alias_and_reason_are_cleaned_and_shown_as_text(curated):
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    evil = "<script>alert(1)</script>\u202eنام"
    at.text_input(key=f"alias-add-{person.id}").set_value(evil).run()
    _preview_and_apply(at, f"alias-add-{person.id}", "\u202e" + "دلیل " * 300)
    assert "<script>alert(1)</script>نام" in _one(curated(), RANJBAR).aliases
    for element in at.markdown:
        if element.proto.allow_html:
            assert "script" not in element.value
    [line] = _lines(curated)
    assert "\u202e" not in json.dumps(line, ensure_ascii=False) and len(line["reason"]) <= 2000


def test_the_reason_field_is_capped(curated):
    person = _one(curated(), RANJBAR)
    at = _app(entity=person.id)
    at.text_input(key=f"alias-add-{person.id}").set_value("نام دیگر").run()
    assert at.text_input(key=f"reason-alias-add-{person.id}").proto.max_chars == 2000
