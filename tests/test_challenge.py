"""The extractor on our own challenge passages (tests/challenge/), one family per phenomenon, scored by the shared scorer."""
from __future__ import annotations

import pytest

from tests.challenge.report import SCORER, families, load_scorer, score_family
from tests.conftest import IN_CI

PRECISION_FLOOR = 0.85
ENTITY_RECALL_FLOOR = 0.80
RELATION_RECALL_FLOOR = 0.75


@pytest.fixture(scope="module")
def scorer():
    module = load_scorer()
    if module is None:
        if IN_CI:
            pytest.fail(f"the shared scorer {SCORER} is required in CI")
        pytest.skip(f"the shared scorer is not beside the repository ({SCORER} missing)")
    return module


@pytest.mark.parametrize("family", families())
def test_family_meets_the_floors(family, scorer):
    report = score_family(family, scorer)
    assert report["articles_scored"] == report["articles_in_gold"]
    entities, relations = report["entities"], report["relations_strict"]
    assert entities["precision"] >= PRECISION_FLOOR, (entities, report["missing_entities"])
    assert entities["recall"] >= ENTITY_RECALL_FLOOR, (entities, report["missing_entities"])
    if relations["tp"] + relations["fp"]:
        assert relations["precision"] >= PRECISION_FLOOR, report["relations_by_type"]
    if relations["tp"] + relations["fn"]:
        assert relations["recall"] >= RELATION_RECALL_FLOOR, report["relations_by_type"]
