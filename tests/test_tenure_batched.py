"""Tenures built the fast way give what the plain computation gave: the sentence a tenure cites (kept as sightings
without an event each) is the one the sorted list of sighting events gave, on days, articles and sentences that tie;
and a career reads its successors in one call however many there are (its results are compared with the pairwise
computation in test_tenure_spans)."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import TENURE_CUES
from queries.tenure import TenureEvent, _dates, build_tenures, career_tenures
from tests.conftest import store_holding
from tests.test_tenure_spans import PEOPLE as CROWD, generated_docs

PEOPLE = [f"per-{i}" for i in range(4)]
ORGS = ["org-a", "org-b"]
TITLES = ["استاندار", "سرپرست", "وزیر", "وزیر سابق"]
EXTRACTORS = ["title-apposition"] * 4 + ["tenure-appointed", "tenure-acting", "tenure-ended"]
DAYS = [None, "2023-01-05", "2023-01-05", "2023-03-01", "2023-06-30"]


def tied_docs(seed: int, n: int = 40) -> list[ArticleGraph]:
    """Articles on a few days, each giving a person's title several sentences (some repeated, some written dated),
    so that sightings tie on their day and article."""
    rng = random.Random(seed)
    docs = []
    for index in range(n):
        article = Article(id=f"art-{rng.randint(0, 9)}{index:02d}", text=f"متن {index}", date=rng.choice(DAYS))
        person, org, title = rng.choice(PEOPLE), rng.choice(ORGS), rng.choice(TITLES)
        evidence = []
        for _ in range(rng.randint(1, 4)):
            extractor = rng.choice(EXTRACTORS)
            sentence = f"{person} {title} {rng.choice(['الف', 'ب', 'پ'])}{rng.choice(['', ' از ۱۵ مهر ۱۴۰۱'])}"
            evidence.append(Evidence(article.id, sentence, 0, len(sentence), extractor, 0.9))
        docs.append(ArticleGraph(article, [Entity(person, "Person", person), Entity(org, "Organization", org)],
                                 [Relation("HOLDS_POSITION", person, org, {"role": title}, evidence)]))
    return docs


def reference_evidence_for(tenure, day: str | None) -> TenureEvent | None:
    """The cited sentence as computed from every sighting made an event, deduplicated and sorted by date, article and
    sentence: the latest by the day (the first of its day and article in that order), else the appointment, else the
    first."""
    sightings = sorted({TenureEvent(TENURE_CUES.get(e.extractor) or "seen", when, e.article, e.sentence,
                                    tenure.person) for when, e in tenure.sightings},
                       key=lambda e: (e.date or "9999", e.article, e.sentence))
    appointed = next((e for e in tenure.events if e.kind == "appointed"), None)
    if day is not None:
        before = [s for s in sightings if s.date and s.date <= day]
        if before:
            return max(before, key=lambda s: (s.date, s.article))
    return appointed or (sightings[0] if sightings else (tenure.events[0] if tenure.events else None))


def cited(event: TenureEvent | None) -> tuple | None:
    """What a cited sentence shows (not its kind: a sentence read as a sighting and an appointment is one sentence)."""
    return event and (event.date, event.article, event.sentence, event.person)


def test_cited_sentences_equal_the_sorted_sightings(tmp_path, request):
    for seed in range(4):
        store = store_holding("embedded", request, tmp_path / str(seed), tied_docs(seed))
        tenures = build_tenures(store.relations("HOLDS_POSITION"), _dates(store))
        days = sorted({d for d in DAYS if d} | {"2022-12-31", "2023-02-01", "2024-01-01", "2022-10-07"})
        assert any(len({e.article for _, e in t.sightings}) < len(t.sightings) for t in tenures)
        for tenure in tenures:
            for day in [None, *days]:
                assert cited(tenure.evidence_for(day)) == cited(reference_evidence_for(tenure, day)), (tenure.keys, day)
        store.close()


@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_a_career_reads_each_kind_of_fact_once(request, tmp_path, monkeypatch, kind):
    store = store_holding(kind, request, tmp_path, generated_docs(2))
    calls = Counter()
    for name in ("relations_for", "relations_by_key", "position_spans"):
        def counted(*args, _name=name, _read=getattr(store, name), **kwargs):
            calls[_name] += 1
            return _read(*args, **kwargs)
        monkeypatch.setattr(store, name, counted)
    successors = []
    for person in CROWD:
        calls.clear()
        found = career_tenures(store, person)
        assert all(n == 1 for n in calls.values()), (person, calls)
        successors.append(len({t.successor for t in found if t.successor}))
    assert max(successors) >= 3
    store.close()
