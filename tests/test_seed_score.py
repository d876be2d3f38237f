"""Regression floor of the extractor on the gold-annotated seed articles, measured by the shared scorer."""
from __future__ import annotations

import importlib.util
import json

import pytest

from tests.conftest import IN_CI, ROOT

EVAL_DIR = ROOT.parent / "shared" / "eval"
FLOOR = {"entity_f1": 0.95, "relation_f1": 0.90}


def _scorer():
    path = EVAL_DIR / "score.py"
    if not path.exists():
        if IN_CI:
            pytest.fail(f"the shared scorer {path} is required in CI")
        pytest.skip(f"the shared scorer is not beside the repository ({path} missing)")
    spec = importlib.util.spec_from_file_location("seed_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(sample_docs):
    scorer = _scorer()
    gold = json.loads((EVAL_DIR / "seeds_gold.json").read_text(encoding="utf-8"))
    preds = [json.loads(json.dumps(doc.to_json_dict(), ensure_ascii=False)) for doc in sample_docs]
    return scorer.score(gold, preds)


def test_every_seed_article_is_scored(report):
    assert report["articles_scored"] == report["articles_in_gold"] == 5


def test_entity_f1_floor(report):
    assert report["entities"]["f1"] >= FLOOR["entity_f1"], report["missing_entities"]
    assert report["duplicates"] == 0


def test_relation_f1_floor(report):
    assert report["relations_strict"]["f1"] >= FLOOR["relation_f1"], report["relations_by_type"]


def test_cross_article_entities_all_merged(report):
    done, total = report["cross_article_merged"].split("/")
    assert int(total) >= 9 and done == total


def test_source_and_date_accuracy(report):
    assert report["article_source_accuracy"] == 1.0
    assert report["article_date_accuracy"] == 1.0
