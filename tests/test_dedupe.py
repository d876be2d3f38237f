"""The same story from many sites counted once: republished copies are linked, different stories are not."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exports.rdf import export_rdf
from exports.shapes import validate
from exports.vocab import Minter, expand
from graph.store import open_store
from kg.build import build
from loaders.articles import iter_articles
from loaders.dedupe import DuplicateSettings, default_settings, find_duplicates, shingles, similarity
from queries import run_query
from queries.resolve import story_roots
from queries.stories import story_count, story_roots as roots_of

STORIES = Path(__file__).parent / "fixtures" / "stories"
MINISTER = "سید ستار هاشمی"


def read(name: str):
    (article,) = iter_articles([str(STORIES / name)])
    return article


def test_a_republished_story_with_another_lead_and_agency_line_is_a_duplicate():
    original, copy = read("irna_visit.txt"), read("isna_republished.txt")
    assert original.id != copy.id
    assert find_duplicates([original, copy]) == {max(original.id, copy.id): min(original.id, copy.id)}


def test_two_different_stories_about_the_same_visit_are_not():
    original, other = read("irna_visit.txt"), read("mehr_same_visit.txt")
    assert find_duplicates([original, other]) == {}
    assert similarity(shingles(original.text), shingles(other.text)) < 0.2


def test_the_threshold_is_a_setting(monkeypatch):
    original, copy = read("irna_visit.txt"), read("isna_republished.txt")
    assert find_duplicates([original, copy], settings=DuplicateSettings(threshold=0.95)) == {}
    monkeypatch.setenv("KG_DUPLICATE_THRESHOLD", "0.95")
    assert default_settings().threshold == 0.95 and find_duplicates([original, copy]) == {}
    monkeypatch.setenv("KG_DUPLICATE_THRESHOLD", "نیم")
    with pytest.raises(ValueError, match="KG_DUPLICATE_THRESHOLD"):
        default_settings()


def test_the_original_does_not_depend_on_the_order_articles_come_in():
    articles = [read(n) for n in ("irna_visit.txt", "isna_republished.txt", "mehr_same_visit.txt")]
    assert find_duplicates(articles) == find_duplicates(list(reversed(articles)))


def test_an_earlier_dated_copy_is_the_original():
    original, copy = read("irna_visit.txt"), read("isna_republished.txt")
    copy.date = "2025-12-18"
    assert find_duplicates([original, copy]) == {original.id: copy.id}


def test_a_copy_of_a_copy_counts_with_the_first_original_and_a_loop_ends():
    roots = roots_of({"c": "b", "b": "a", "x": "y", "y": "x"})
    assert roots == {"c": "a", "b": "a", "x": "y", "y": "x"}
    assert story_count(["a", "b", "c", "d"], roots) == 2
    assert story_count(["x", "y"], roots) == 2


def test_a_build_links_copies_keeps_both_as_evidence_and_counts_stories(tmp_path):
    store = open_store("embedded", str(tmp_path / "kg"), writable=True)
    report = build([str(STORIES)], store)
    assert (report.written, report.duplicates) == (3, 1)
    articles = {Path(a.path).name: a for a in store.articles()}
    irna, isna, mehr = (articles[n] for n in ("irna_visit.txt", "isna_republished.txt", "mehr_same_visit.txt"))
    copy, original = (isna, irna) if isna.duplicate_of else (irna, isna)
    assert copy.duplicate_of == original.id and original.duplicate_of is None and mehr.duplicate_of is None

    head = run_query(store, "profile", entity=MINISTER).rows[0]
    assert head["section"] == "entity" and head["articles"] == 2
    minister = head["id"]
    held = next(r for r in store.relations("HOLDS_POSITION", source=minister))
    assert set(held.articles()) == {irna.id, isna.id, mehr.id}
    assert story_count(held.articles(), story_roots(store)) == 2
    fact = next(r for r in run_query(store, "profile", entity=MINISTER).rows
                if r["section"] == "fact" and r["relation"] == "HOLDS_POSITION")
    assert fact["articles"] == 2
    evidence = run_query(store, "evidence", source=minister, target=held.target, rel_type="HOLDS_POSITION").rows
    assert {r["article"] for r in evidence} == {irna.id, isna.id, mehr.id}
    store.close()
    reopened = open_store("embedded", str(tmp_path / "kg"))
    assert reopened.get_article(copy.id).duplicate_of == original.id


def test_the_rdf_export_says_which_story_a_copy_is_based_on_and_conforms(tmp_path):
    store = open_store("embedded", str(tmp_path / "kg"), writable=True)
    build([str(STORIES)], store)
    copy = next(a for a in store.articles() if a.duplicate_of)
    graph = export_rdf(store)
    mint = Minter()
    based_on = list(graph.triples((None, expand("schema:isBasedOn"), None)))
    assert based_on == [(mint.node(copy.id), expand("schema:isBasedOn"), mint.node(copy.duplicate_of))]
    conforms, report = validate(graph)
    assert conforms, report
    store.close()


def test_a_copy_read_in_a_later_build_points_to_the_stored_story(tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    shutil.copy(STORIES / "irna_visit.txt", first)
    shutil.copy(STORIES / "isna_republished.txt", later)
    store = open_store("embedded", str(tmp_path / "kg"), writable=True)
    assert build([str(first)], store).duplicates == 0
    assert build([str(later)], store).duplicates == 1
    stored = {Path(a.path).name: a for a in store.articles()}
    assert stored["isna_republished.txt"].duplicate_of == stored["irna_visit.txt"].id


class _CountingReads:
    """A store wrapper that records which articles are read whole."""

    def __init__(self, store):
        self.store, self.read = store, []

    def article_headers(self):
        return self.store.article_headers()

    def get_article(self, article_id):
        self.read.append(article_id)
        return self.store.get_article(article_id)


def test_a_build_reads_only_the_stored_articles_near_the_new_ones_dates_and_each_once(tmp_path):
    from graph.model import Article
    from kg.stories import StoryIndex

    store = open_store("embedded", str(tmp_path / "kg"), writable=True)
    build([str(STORIES)], store)
    stored = {a.id: a.date for a in store.articles()}
    day = next(iter(stored.values()))
    counting = _CountingReads(store)
    index = StoryIndex(counting)
    index.mark([Article(id="art-new", text="متن", date=day)])
    assert sorted(counting.read) == sorted(i for i, d in stored.items() if d == day)
    index.mark([Article(id="art-new-2", text="متن دیگر", date=day)])
    index.mark([Article(id="art-far", text="متن", date="2001-01-01")])
    assert sorted(counting.read) == sorted(i for i, d in stored.items() if d == day)
    store.close()


def test_a_copy_in_a_later_checkpoint_of_one_build_points_to_the_story_stored_before_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CHECKPOINT_EVERY", "1")
    store = open_store("embedded", str(tmp_path / "kg"), writable=True)
    report = build([str(STORIES)], store)
    assert (report.written, report.duplicates) == (3, 1)
    stored = {Path(a.path).name: a for a in store.articles()}
    assert stored["isna_republished.txt"].duplicate_of == stored["irna_visit.txt"].id
    assert stored["irna_visit.txt"].duplicate_of is None and stored["mehr_same_visit.txt"].duplicate_of is None
    store.close()
