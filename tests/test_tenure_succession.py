"""Successions in one-person posts, on hand-built positions: an inferred end with both holders' evidence, overlaps flagged for review, posts several people hold, written dates."""
from __future__ import annotations

from graph.model import Evidence, Relation
from queries.tenure import build_tenures, tenure_index

ORG = "org-governorate"
A, B, C = "per-a", "per-b", "per-c"
DATES = {"art-1": "2022-01-10", "art-2": "2022-09-01", "art-3": "2023-05-05", "art-4": "2023-11-05"}


def position(person: str, role: str, *readings: tuple[str, str]) -> Relation:
    """A position read in (article, extractor) pairs, each with its own sentence."""
    return Relation("HOLDS_POSITION", person, ORG, {"role": role},
                    [Evidence(article, f"{person} {role} {extractor} {article}", 0, 10, extractor, 0.9)
                     for article, extractor in readings])


def by_person(*relations: Relation) -> dict:
    return {t.person: t for t in build_tenures(relations, DATES)}


def test_later_holders_start_closes_the_earlier_tenure_with_the_evidence_of_both():
    found = by_person(position(A, "استاندار", ("art-1", "title"), ("art-2", "title")),
                      position(B, "استاندار", ("art-3", "tenure-appointed")))
    earlier, later = found[A], found[B]
    assert (earlier.start, earlier.until, earlier.until_inferred, earlier.status) == \
           ("2022-01-10", "2023-05-05", True, "succeeded")
    assert earlier.successor == B and later.predecessor == A and not earlier.review and later.status == "current"
    cited = {(e.article, e.person) for e in earlier.events if e.kind == "succeeded"}
    assert cited == {("art-2", A), ("art-3", B)}
    assert earlier.end_event().sentence == "per-b استاندار tenure-appointed art-3"


def test_a_later_first_sighting_closes_too_when_the_earlier_holder_is_not_seen_after_it():
    found = by_person(position(A, "استاندار", ("art-1", "title")), position(B, "استاندار", ("art-3", "title")))
    assert found[A].until == "2023-05-05" and found[A].until_inferred and not found[A].review


def test_overlap_without_evidence_of_change_keeps_both_and_flags_them():
    found = by_person(position(A, "استاندار", ("art-1", "title"), ("art-4", "title")),
                      position(B, "استاندار", ("art-3", "title")))
    assert found[A].until is None and found[A].status == "current" and found[B].status == "current"
    assert found[A].review_with == [B] and found[B].review_with == [A]


def test_overlap_after_an_appointment_closes_and_flags():
    found = by_person(position(A, "استاندار", ("art-1", "title"), ("art-4", "title")),
                      position(B, "استاندار", ("art-3", "tenure-appointed")))
    assert found[A].until == "2023-05-05" and found[A].review and found[B].review


def test_acting_head_and_head_share_the_post_and_a_farewell_is_not_overridden():
    found = by_person(position(A, "استاندار", ("art-1", "title"), ("art-2", "tenure-ended")),
                      position(B, "سرپرست", ("art-2", "tenure-acting")),
                      position(C, "استاندار", ("art-4", "tenure-appointed")))
    assert found[A].status == "ended" and found[A].end == "2022-09-01" and found[A].until is None
    assert found[B].acting and found[B].until == "2023-11-05" and found[B].successor == C


def test_posts_several_people_hold_have_no_succession():
    found = by_person(position(A, "معاون استاندار", ("art-1", "title")),
                      position(B, "معاون استاندار", ("art-3", "tenure-appointed")))
    assert found[A].until is None and found[A].status == "current" and not found[A].review


def test_former_and_current_titles_of_one_person_are_one_tenure():
    relations = [position(A, "استاندار", ("art-1", "title")), position(A, "استاندار سابق", ("art-4", "title"))]
    tenures = build_tenures(relations, DATES)
    assert len(tenures) == 1
    tenure = tenures[0]
    assert (tenure.start, tenure.end, tenure.status, tenure.last_seen) == \
           ("2022-01-10", "2023-11-05", "former", "2023-11-05")
    assert set(tenure_index(tenures)) == {r.key_string for r in relations}


def test_a_date_written_in_the_appointment_sentence_wins_over_the_articles():
    relation = Relation("HOLDS_POSITION", A, ORG, {"role": "استاندار"},
                        [Evidence("art-4", "علی رضایی از ۱۵ مهر ۱۴۰۲ به سمت استاندار قزوین منصوب شد.", 0, 10,
                                  "tenure-appointed", 0.85)])
    tenure = build_tenures([relation], DATES)[0]
    assert tenure.appointed == "2023-10-07" and tenure.first_seen == "2023-11-05"
