"""Tenures from stored position spans give exactly what the pairwise computation over every holder's evidence gave: a
generated store with crowded posts, appointments, farewells, acting and former titles and written dates, before and
after removals, re-dated articles and curation-like rewrites; and the spans table is kept right and migrated."""
from __future__ import annotations

import random
import sqlite3
from collections import defaultdict

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import GraphStore
from queries.registry import run_query
from queries.tenure import _close, _dates, _flag, build_tenures, career_tenures, tenures_at

ORGS = ["org-gov-a", "org-gov-b", "org-min"]
ROLES = ["استاندار", "استاندار", "سرپرست", "استاندار سابق", "وزیر", "معاون وزیر", "رئیس", "مدیرعامل"]
EXTRACTORS = ["title-apposition"] * 5 + ["tenure-appointed", "tenure-acting", "tenure-ended"]
WRITTEN = ["", "", " از ۱۵ مهر ۱۴۰۲", " در ۲۰ اسفند ۱۴۰۱", " از ۱ فروردین ۱۴۰۳"]
PEOPLE = [f"per-{i:02d}" for i in range(14)]


def reference_successions(tenures: list) -> None:
    """The pairwise succession inference the spans replace, kept as the reference."""
    posts = defaultdict(list)
    for tenure in tenures:
        if tenure.post:
            posts[(tenure.organization, tenure.post)].append(tenure)
    flagged: dict = {}
    for holders in posts.values():
        dated = sorted((t for t in holders if t.start), key=lambda t: (t.start, t.person))
        for index, earlier in enumerate(dated):
            for later in dated[index + 1:]:
                if later.person == earlier.person:
                    continue
                if later.start == earlier.start:
                    _flag(earlier, later, flagged)
                    continue
                if earlier.ended or (earlier.former_by and earlier.former_by <= later.start):
                    break
                overlap = (earlier.last_held or "") >= later.start
                if overlap and not later.appointed:
                    _flag(earlier, later, flagged)
                    continue
                if overlap:
                    _flag(earlier, later, flagged)
                _close(earlier, later)
                break


def reference_tenures(store: GraphStore) -> list:
    """Every tenure built from all the evidence, successions inferred pairwise."""
    dates = {a.id: a.date for a in store.articles()}
    found = build_tenures(store.relations("HOLDS_POSITION"), dates, infer=False)
    reference_successions(found)
    return found


def generated_docs(seed: int, n: int = 120) -> list[ArticleGraph]:
    """Articles each stating a few positions at a few organisations, with random dates and cues."""
    rng = random.Random(seed)
    docs = []
    for index in range(n):
        day = rng.choice([None, "", f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
                         if rng.random() < 0.1 else [f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        article = Article(id=f"art-{seed}-{index:03d}", text=f"متن {index}", date=day)
        entities = [Entity(id=o, type="Organization", name=o) for o in ORGS]
        relations = []
        for _ in range(rng.randint(1, 3)):
            person, org, role = rng.choice(PEOPLE), rng.choice(ORGS), rng.choice(ROLES)
            entities.append(Entity(id=person, type="Person", name=person))
            extractor = rng.choice(EXTRACTORS)
            sentence = f"{person} {role} {extractor}{rng.choice(WRITTEN)} {index}"
            relations.append(Relation("HOLDS_POSITION", person, org, {"role": role},
                                      [Evidence(article.id, sentence, 0, len(sentence), extractor, 0.9)]))
        docs.append(ArticleGraph(article, entities, relations))
    return docs


def assert_same_as_reference(store: GraphStore) -> None:
    """Career, timeline and officeholders of every person and organisation match the reference computation."""
    reference = reference_tenures(store)
    people = sorted({t.person for t in reference})
    for person in people:
        expected = sorted((t for t in reference if t.person == person),
                          key=lambda t: (t.start or t.first_seen or "9999", t.organization, t.role))
        got = career_tenures(store, person)
        assert [(t.to_dict(), t.review_with) for t in got] == [(t.to_dict(), t.review_with) for t in expected], person
    for org in ORGS:
        expected = [t for t in reference if t.organization == org]
        got = tenures_at(store, [org])
        assert [(t.to_dict(), t.review_with) for t in got] == [(t.to_dict(), t.review_with) for t in expected], org
        for role in ("", "استاندار", "سرپرست", "وزیر", "معاون وزیر"):
            run_query(store, "officeholders", organization=org, role=role)
    assert any(t.until_inferred for t in reference) and any(t.review for t in reference)
    assert any(t.appointed for t in reference) and any(t.ended for t in reference) and any(t.former_by for t in reference)


def spans_of(store: GraphStore) -> list:
    return store.position_spans(ORGS, _dates(store))


def reference_spans(store: GraphStore) -> list:
    """The spans derived from every fact's evidence and the articles' dates."""
    return GraphStore.position_spans(store, ORGS, {a.id: a.date for a in store.articles()})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_careers_and_successions_match_the_pairwise_computation(tmp_path, seed):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    for doc in generated_docs(seed):
        store.write_article_graph(doc)
    assert spans_of(store) == reference_spans(store)
    assert_same_as_reference(store)
    store.close()


def test_spans_follow_removals_redated_articles_and_rewrites(tmp_path):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    docs = generated_docs(4)
    for doc in docs:
        store.write_article_graph(doc)
    for doc in docs[::7]:
        store.remove_article(doc.article.id)
    for doc in docs[1::9]:
        store.write_article_graph(ArticleGraph(Article(doc.article.id, doc.article.text, date="2021-03-03"),
                                               doc.entities, doc.relations))
    for doc in docs[::7]:
        store.write_article_graph(doc)
    store.flush()
    assert spans_of(store) == reference_spans(store)
    assert_same_as_reference(store)
    store.clear()
    assert spans_of(store) == [] and not store._db.execute("SELECT count(*) FROM position_spans").fetchone()[0]
    store.close()


def test_a_failed_write_leaves_the_spans_as_they_were(tmp_path):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    docs = generated_docs(5, n=20)
    for doc in docs[:10]:
        store.write_article_graph(doc)
    before = spans_of(store)
    broken = ArticleGraph(docs[10].article, docs[10].entities,
                          docs[10].relations + [Relation("HOLDS_POSITION", "per-nobody", "org-nowhere", {"role": "وزیر"},
                                                         [Evidence(docs[10].article.id, "x", 0, 1, "title", 0.9)])])
    with pytest.raises(Exception):
        store.write_article_graph(broken)
    assert spans_of(store) == before
    store.close()


def test_a_store_from_before_the_spans_is_migrated_when_opened_writable(tmp_path):
    directory = tmp_path / "kg"
    store = EmbeddedStore(directory, writable=True)
    for doc in generated_docs(6):
        store.write_article_graph(doc)
    expected = spans_of(store)
    store.close()
    db = sqlite3.connect(directory / "graph.sqlite")
    names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'position%'")]
    db.executescript("".join(f"DROP TRIGGER {n};" for n in names) + "DROP TABLE position_spans;")
    db.close()
    reader = EmbeddedStore(directory)
    assert spans_of(reader) == expected
    reader.close()
    store = EmbeddedStore(directory, writable=True)
    assert spans_of(store) == expected
    assert_same_as_reference(store)
    store.close()


def test_neo4j_spans_and_careers_match_the_reference(neo4j_server):
    store = neo4j_server.open_store()
    store.clear()
    for doc in generated_docs(7, n=60):
        store.write_article_graph(doc)
    assert spans_of(store) == reference_spans(store)
    assert_same_as_reference(store)
    store.clear()
    store.close()
