"""The extraction pipeline's contract: order, worker processes, failures and time limits, cross-article resolution, curation."""
from __future__ import annotations

import json
import time

import pytest

import loaders.pipeline as pipeline
from graph.model import Article, article_id
from loaders.articles import normalise_text
from loaders.pipeline import ReadFailure, extract_articles, resolve_across
from loaders.resolve import CurationError

TEXTS = [
    "به گزارش ایرنا، محمدمحسن کاظمی، رئیس دانشگاه شیراز، به استان بوشهر سفر کرد.",
    "محمد محسن کاظمی در دیدار با سید علی رنجبر، استاندار بوشهر، گفت طرح ادامه دارد.",
    "علی رنجبر گفت سامانه «پایش ساحل» با همکاری شرکت مخابرات ایران اجرا می‌شود.",
]


def _articles(texts=TEXTS) -> list[Article]:
    out = []
    for n, text in enumerate(texts):
        norm = normalise_text(text)
        out.append(Article(id=article_id(norm), text=norm, path=f"a{n}.txt"))
    return out


def _person_ids(docs) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for doc in docs:
        for e in doc.entities:
            if e.type == "Person":
                ids.setdefault(e.name, set()).add(e.id)
    return ids


def test_results_keep_input_order():
    docs, failures = extract_articles(_articles())
    assert not failures
    assert [d.article.path for d in docs] == ["a0.txt", "a1.txt", "a2.txt"]


def test_two_workers_give_the_same_output_as_one():
    articles = _articles() * 3
    one, _ = extract_articles(articles, workers=1)
    two, _ = extract_articles(articles, workers=2)
    assert [d.to_json_dict() for d in one] == [d.to_json_dict() for d in two]


def test_on_done_called_once_per_article():
    calls = []
    extract_articles(_articles(), on_done=lambda: calls.append(1))
    assert len(calls) == 3


def test_an_article_that_raises_becomes_a_read_failure(monkeypatch):
    real = pipeline.extract_article

    def flaky(article):
        if article.path == "a1.txt":
            raise ValueError("broken table")
        return real(article)

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    docs, failures = extract_articles(_articles())
    assert [d.article.path for d in docs] == ["a0.txt", "a2.txt"]
    assert failures == [ReadFailure("a1.txt", "extraction failed: ValueError: broken table")]


def test_an_article_over_the_time_limit_becomes_a_read_failure(monkeypatch):
    real = pipeline.extract_article

    def slow(article):
        if article.path == "a0.txt":
            time.sleep(5)
        return real(article)

    monkeypatch.setattr(pipeline, "extract_article", slow)
    started = time.perf_counter()
    docs, failures = extract_articles(_articles(), time_limit=0.3)
    assert time.perf_counter() - started < 4
    assert len(docs) == 2 and failures[0].path == "a0.txt" and "longer than 0.3 s" in failures[0].reason


def test_spelling_variants_resolve_to_one_id_across_articles():
    docs, _ = extract_articles(_articles())
    ids = _person_ids(resolve_across(docs, curation_path=None))
    kazemi = [n for n in ids if n.endswith("کاظمی")]
    assert len(kazemi) == 1 and len(ids[kazemi[0]]) == 1
    ranjbar = [n for n in ids if n.endswith("رنجبر")]
    assert ranjbar == ["سید علی رنجبر"]


def test_ids_do_not_depend_on_article_order():
    docs, _ = extract_articles(_articles())
    forward = resolve_across(docs)
    backward = resolve_across(list(reversed(docs)))
    ids = lambda ds: sorted((e.type, e.name, e.id) for d in ds for e in d.entities)
    assert ids(forward) == ids(backward)


def test_relations_point_at_resolved_ids():
    docs = resolve_across(extract_articles(_articles())[0])
    for doc in docs:
        known = {e.id for e in doc.entities} | {doc.article.id}
        for rel in doc.relations:
            assert rel.source in known and rel.target in known


def test_curation_merge_by_names(tmp_path):
    curation = tmp_path / "curation.jsonl"
    curation.write_text(json.dumps({"decision": "merge", "type": "Organization",
                                    "names": ["دانشگاه شیراز", "شرکت مخابرات ایران"],
                                    "canonical": "نام آزمایشی", "note": "test"}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    docs = resolve_across(extract_articles(_articles())[0], curation_path=str(curation))
    orgs = {e.name: e.id for d in docs for e in d.entities if e.type == "Organization"}
    assert "نام آزمایشی" in orgs and "دانشگاه شیراز" not in orgs and "شرکت مخابرات ایران" not in orgs


def test_curation_keep_apart(tmp_path):
    curation = tmp_path / "curation.jsonl"
    curation.write_text(json.dumps({"decision": "keep_apart", "type": "Person",
                                    "names": ["سید علی رنجبر", "علی رنجبر"], "note": "two people"},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
    docs = resolve_across(extract_articles(_articles())[0], curation_path=str(curation))
    ids = _person_ids(docs)
    assert "سید علی رنجبر" in ids and "علی رنجبر" in ids
    assert ids["سید علی رنجبر"] != ids["علی رنجبر"]


def test_curation_from_environment(tmp_path, monkeypatch):
    curation = tmp_path / "mine.jsonl"
    curation.write_text(json.dumps({"decision": "merge", "type": "Province", "names": ["بوشهر"],
                                    "canonical": "استان بوشهر"}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("KG_CURATION", str(curation))
    docs = resolve_across(extract_articles(_articles())[0])
    assert "استان بوشهر" in {e.name for d in docs for e in d.entities}


@pytest.mark.parametrize("line, reason", [
    ("not json", "not JSON"),
    (json.dumps({"decision": "maybe", "ids": ["x"]}), "'decision' must be"),
    (json.dumps({"decision": "merge"}), "'ids' or 'names'"),
    (json.dumps({"decision": "merge", "names": ["x"]}), "needs a 'type'"),
])
def test_bad_curation_line_names_file_line_and_reason(tmp_path, line, reason):
    curation = tmp_path / "bad.jsonl"
    curation.write_text("\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CurationError, match=rf"bad\.jsonl:2: .*{reason}"):
        resolve_across([], curation_path=str(curation))


def test_missing_named_curation_file_is_an_error(tmp_path):
    with pytest.raises(CurationError, match="not found"):
        resolve_across([], curation_path=str(tmp_path / "none.jsonl"))


def test_scrambled_trigger_words_never_break_extraction():
    import random

    from graph.schema import get_schema
    from loaders.pipeline import extract_article

    words = ("استان قزوین تبریز سفر به با دیدار در « » ، . : ؛ را یکی از برنامه‌های سازمان وزارت ارتباطات شرکت پروژه "
             "طرح سامانه استاندار مدیرکل رئیس معاون وزیر و وی او این که علی محمد کاظمی سید دکتر همکاری اتصال حمایت "
             "متولی توسط پایلوت جلسه شورای ( ) ایدرو شهرستان بم گزارش ایرنا کرد شد است نیز").split()
    rnd = random.Random(7)
    schema = get_schema()
    for _ in range(400):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(0, 14)))
        doc = extract_article(Article(id="art-fuzz", text=text))
        labels = {e.id: e.type for e in doc.entities} | {"art-fuzz": "Article"}
        for rel in doc.relations:
            schema.check_relation(rel.type, labels[rel.source], labels[rel.target])
            assert all(text[e.start:e.end] == e.sentence for e in rel.evidence)


def test_declared_programme_is_recognised_in_other_articles():
    texts = ["وزیر نیرو مدیریت هوشمند مصرف آب را یکی از برنامه‌های اصلی وزارت نیرو دانست.",
             "در همایش امروز درباره مدیریت هوشمند مصرف آب در استان یزد گفت‌وگو شد."]
    docs, _ = extract_articles(_articles(texts))
    before = [len(d.entities) for d in docs]
    resolved = resolve_across(docs)
    assert [len(d.entities) for d in docs] == before  # inputs are not changed
    ids = [{e.id for e in d.entities if e.name == "مدیریت هوشمند مصرف آب"} for d in resolved]
    assert ids[0] and ids[0] == ids[1]
    second = resolved[1]
    programme = next(e for e in second.entities if e.name == "مدیریت هوشمند مصرف آب")
    assert [second.article.text[m.start:m.end] for m in programme.mentions] == ["مدیریت هوشمند مصرف آب"]
    assert any(r.type == "MENTIONED_IN" and r.source == programme.id for r in second.relations)
