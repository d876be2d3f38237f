"""`officeholders` for one role reads only the facts of that role's post (or bare title) and gives exactly the rows,
in the same order, of building every tenure at the organisation and keeping those of the role: on both stores, at
organisations with several posts (head, board chair) and titles of no post, with former titles, acting heads,
appointments, farewells and overlaps."""
from __future__ import annotations

import random

import pytest

import queries.tenure as tenure_queries
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.text import name_key
from loaders.tenure import role_parts
from queries.registry import run_query
from tests.conftest import store_holding

ORGS = ["org-ministry", "org-company"]
TITLES = ["وزیر", "وزیر سابق", "سرپرست", "رئیس", "مدیرعامل", "رئیس هیئت مدیره", "رئیس هیئت مدیره سابق",
          "معاون وزیر", "معاون وزیر سابق", "مشاور وزیر"]
EXTRACTORS = ["title-apposition"] * 4 + ["tenure-appointed", "tenure-acting", "tenure-ended"]
WRITTEN = ["", "", " از ۱۵ مهر ۱۴۰۲", " در ۲۰ اسفند ۱۴۰۱"]
PEOPLE = [f"per-{i:02d}" for i in range(12)]
ASKED = ["", "وزیر", "استاندار", "سرپرست", "رئیس هیئت مدیره", "معاون وزیر", "معاون وزیر سابق", "مشاور وزیر",
         "مدیر"]


def crowded_posts(seed: int, n: int = 90) -> list[ArticleGraph]:
    """Articles each stating a few positions at two organisations, with random dates, titles and tenure cues."""
    rng = random.Random(seed)
    docs = []
    for index in range(n):
        day = f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() > 0.1 else None
        article = Article(id=f"art-{seed}-{index:03d}", text=f"متن {index}", date=day)
        entities = [Entity(id=org, type="Organization", name=org) for org in ORGS]
        relations = []
        for _ in range(rng.randint(1, 3)):
            person, org, title, extractor = (rng.choice(PEOPLE), rng.choice(ORGS), rng.choice(TITLES),
                                             rng.choice(EXTRACTORS))
            entities.append(Entity(id=person, type="Person", name=f"نام {person}"))
            sentence = f"{person} {title} {extractor}{rng.choice(WRITTEN)} {index}"
            relations.append(Relation("HOLDS_POSITION", person, org, {"role": title},
                                      [Evidence(article.id, sentence, 0, len(sentence), extractor, 0.9)]))
        docs.append(ArticleGraph(article, entities, relations))
    return docs


def holds_asked_role(tenure, role: str) -> bool:
    """The filter officeholders applied to every tenure built: the tenure's post, else its bare title, is the role's."""
    parts = role_parts(role)
    if parts.post:
        return tenure.post == parts.post
    return name_key(tenure.role) == name_key(parts.base)


def unfiltered_tenures_at(store, organizations, role=None):
    """Every tenure at the organisations, built from all their facts, then those of the role kept."""
    found = tenure_queries.build_tenures(store.relations_for("HOLDS_POSITION", targets=organizations),
                                         tenure_queries._dates(store))
    return [t for t in found if not role or holds_asked_role(t, role)]


@pytest.mark.parametrize("kind", ["embedded", "neo4j"])
def test_officeholders_of_a_role_equal_the_unfiltered_computation(request, tmp_path, monkeypatch, kind):
    store = store_holding(kind, request, tmp_path, crowded_posts(11))
    days = [None, "2022-06-01", "2023-03-01", "1402-09-01", "2024-12-31"]
    compared = {}
    for org in ORGS:
        for role in ASKED:
            for day in days:
                compared[org, role, day] = run_query(store, "officeholders", organization=org, role=role, on=day).rows
    with monkeypatch.context() as patched:
        patched.setattr(tenure_queries, "tenures_at", unfiltered_tenures_at)
        expected = {(org, role, day): run_query(store, "officeholders", organization=org, role=role, on=day).rows
                    for org, role, day in compared}
    assert compared == expected
    rows = [row for (_, role, day), found in compared.items() if role and day is None for row in found]
    assert {row["status"] for row in rows} >= {"current", "ended", "succeeded", "former"}
    assert any(row["review"] for row in rows) and any(row["acting"] for row in rows)
    assert compared["org-ministry", "وزیر", None] == compared["org-ministry", "استاندار", None]  # one post, two titles
    assert compared["org-ministry", "مدیر", None] == []
    every_post = compared["org-ministry", "", None]
    assert 0 < len(compared["org-ministry", "وزیر", None]) < len(every_post)
    assert 0 < len(compared["org-ministry", "رئیس هیئت مدیره", None]) < len(every_post)
    store.close()
