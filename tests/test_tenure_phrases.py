"""Tenure phrase families in Persian, each with sentences that must and must not date a position: appointment, acting, introduction and farewell, former titles."""
from __future__ import annotations

import pytest

from graph.model import Article, make_id
from loaders.articles import normalise_text
from loaders.pipeline import extract_article
from loaders.tenure import role_parts
from queries.tenure import build_tenures, parse_day
from queries.registry import QueryError

DAY = "2024-05-01"
NOZARI, REZAEI, HASHEMI, KHANSARI = (make_id("Person", n) for n in
                                     ("محمد نوذری", "علی رضایی", "سید ستار هاشمی", "محمد خوانساری"))
GOVERNORATE = make_id("Organization", "استانداری قزوین")
ITO = make_id("Organization", "سازمان فناوری اطلاعات ایران")


def positions(text: str) -> dict[tuple[str, str], dict]:
    """(person id, organisation id) -> the tenure read from one article dated DAY."""
    doc = extract_article(Article(id="art-t", text=normalise_text(text), date=DAY))
    tenures = build_tenures(doc.relations, {"art-t": DAY})
    return {(t.person, t.organization): t.to_dict() for t in tenures}


def cues(text: str) -> set[tuple[str, str, str]]:
    """(person id, organisation id, tenure extractor) of every tenure cue read in one article."""
    doc = extract_article(Article(id="art-t", text=normalise_text(text), date=DAY))
    return {(r.source, r.target, e.extractor) for r in doc.relations if r.type == "HOLDS_POSITION"
            for e in r.evidence if e.extractor.startswith("tenure-")}


# ---- appointment ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "محمد نوذری به سمت استاندار قزوین منصوب شد.",
    "محمد نوذری با حکم وزیر کشور به عنوان استاندار قزوین منصوب شد.",
    "محمد نوذری به‌عنوان استاندار قزوین منصوب گردید.",
])
def test_appointment_dates_the_appointee(text):
    tenure = positions(text)[(NOZARI, GOVERNORATE)]
    assert tenure["appointed"] == DAY and tenure["start"] == DAY and tenure["status"] == "current"
    assert tenure["events"][0]["sentence"].startswith("محمد نوذری")


def test_appointment_by_someone_else_in_the_sentence_dates_only_the_appointee():
    text = ("عیسی زارع‌پور وزیر ارتباطات و فناوری اطلاعات، محمد خوانساری را به سمت رئیس سازمان فناوری اطلاعات ایران "
            "منصوب کرد.")
    found = cues(text)
    assert (KHANSARI, ITO, "tenure-appointed") in found
    assert {person for person, _, _ in found} == {KHANSARI}


def test_appointer_after_tavasot_is_not_the_appointee():
    text = "علی رضایی که توسط محمد نوذری به سمت رئیس سازمان فناوری اطلاعات ایران منصوب شد، سخن گفت."
    assert cues(text) == {(REZAEI, ITO, "tenure-appointed")}


@pytest.mark.parametrize("text", [
    "محمد نوذری به زودی به سمت استاندار قزوین منصوب خواهد شد.",
    "قرار است محمد نوذری به سمت استاندار قزوین منصوب شود.",
    "محمد نوذری به سمت استاندار قزوین منصوب نشد.",
])
def test_future_subjunctive_or_negated_appointment_is_no_appointment(text):
    assert cues(text) == set()
    assert all(t["appointed"] is None for t in positions(text).values())


# ---- acting --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "علی رضایی سرپرست استانداری قزوین شد.",
    "علی رضایی به عنوان سرپرست استانداری قزوین منصوب شد.",
])
def test_acting_appointment(text):
    tenure = positions(text)[(REZAEI, GOVERNORATE)]
    assert tenure["acting"] is True and tenure["appointed"] == DAY and tenure["post"] == "head"
    assert (REZAEI, GOVERNORATE, "tenure-acting") in cues(text)


@pytest.mark.parametrize("text", [
    "علی رضایی، سرپرست استانداری قزوین، گفت این طرح ادامه دارد.",
    "علی رضایی سرپرست استانداری قزوین خواهد شد.",
])
def test_acting_title_without_an_appointment_is_acting_but_undated(text):
    tenure = positions(text)[(REZAEI, GOVERNORATE)]
    assert tenure["acting"] is True and tenure["appointed"] is None
    assert cues(text) == set()


# ---- introduction and farewell -------------------------------------------------------------------------------------

def test_farewell_and_introduction_in_one_sentence():
    found = positions("آیین تودیع محمد نوذری و معارفه علی رضایی استاندار جدید قزوین برگزار شد.")
    outgoing, incoming = found[(NOZARI, GOVERNORATE)], found[(REZAEI, GOVERNORATE)]
    assert outgoing["ended"] == DAY and outgoing["status"] == "ended" and outgoing["role"] == "استاندار"
    assert incoming["appointed"] == DAY and incoming["status"] == "current"


@pytest.mark.parametrize("text", [
    "محمد نوذری استاندار قزوین از سمت خود استعفا داد.",
    "استاندار قزوین محمد نوذری با همکاران خود خداحافظی کرد.",
    "محمد نوذری استاندار قزوین برکنار شد.",
])
def test_farewell_ends_the_position(text):
    tenure = positions(text)[(NOZARI, GOVERNORATE)]
    assert tenure["ended"] == DAY and tenure["status"] == "ended"


@pytest.mark.parametrize("text", [
    "محمد نوذری استاندار قزوین شایعه استعفای خود را تکذیب کرد.",
    "محمد نوذری استاندار قزوین گفت استعفا نمی‌دهد.",
    "استاندار قزوین محمد نوذری در آیین تودیع و معارفه مدیرکل ارتباطات استان شرکت کرد.",
])
def test_denied_future_or_someone_elses_farewell_does_not_end_the_position(text):
    tenure = positions(text)[(NOZARI, GOVERNORATE)]
    assert tenure["ended"] is None and tenure["status"] == "current"


# ---- former --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "محمد نوذری، استاندار سابق قزوین، در این نشست سخن گفت.",
    "محمد نوذری استاندار پیشین قزوین گفت.",
    "استاندار اسبق قزوین محمد نوذری گفت.",
])
def test_former_title_is_never_current_and_ends_by_the_article(text):
    tenure = positions(text)[(NOZARI, GOVERNORATE)]
    assert tenure["status"] == "former" and tenure["former_by"] == DAY and tenure["end"] == DAY
    assert tenure["start"] is None


def test_former_title_of_someone_else_leaves_the_speaker_current():
    found = positions("محمد نوذری استاندار قزوین با وزیر سابق ارتباطات دیدار کرد.")
    assert found[(NOZARI, GOVERNORATE)]["status"] == "current"


def test_role_parts_strip_modifiers_and_find_the_post():
    assert role_parts("وزیر سابق") == role_parts("وزیر سابق")
    assert (role_parts("استاندار جدید").base, role_parts("استاندار جدید").modifier) == ("استاندار", "new")
    assert role_parts("سرپرست").acting and role_parts("سرپرست").post == "head"
    assert role_parts("معاون").post is None and role_parts("معاون").modifier is None


def test_dates_in_jalali_or_gregorian():
    assert parse_day("1402-07-15") == parse_day("۱۴۰۲/۰۷/۱۵") == "2023-10-07"
    assert parse_day("2023-10-07") == "2023-10-07"
    for bad in ("1402-13-01", "yesterday", "2023-02-30"):
        with pytest.raises(QueryError, match="date"):
            parse_day(bad)


@pytest.mark.parametrize("text", [
    "علی رضایی گفت: این طرح به عنوان طرح برتر سازمان فناوری اطلاعات ایران معرفی شد.",
    "علی رضایی از سوی سازمان فناوری اطلاعات ایران به عنوان کارشناس نمونه انتخاب شد.",
])
def test_a_slot_without_a_title_names_no_position(text):
    assert cues(text) == set()


def test_phrase_patterns_match_exactly_where_a_leading_look_behind_would():
    """`phrase_pattern` writes each alternative's look-behind after its first character; on random text made of the
    tenure phrases' words, word characters, ZWNJs, spaces and punctuation it finds the same matches as the plain
    `(?<![\\w\\u200c])(?:...)` pattern, for every list of phrases in tenure.yaml and for all of them together."""
    import random
    import re

    from graph.schema import safe_yaml
    from loaders.tenure import DATA_PATH, phrase_pattern

    def lists(value):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            yield value
        elif isinstance(value, (list, dict)):
            for v in value.values() if isinstance(value, dict) else value:
                yield from lists(v)

    def plain(phrases):
        words = [re.split(r"[ \u200c]+", p.strip()) for p in phrases if p and p.strip()]
        alternatives = sorted({r"[ \u200c]+".join(re.escape(w) for w in ws) for ws in words}, key=len, reverse=True)
        return re.compile(r"(?<![\w\u200c])(?:" + "|".join(alternatives) + r")(?![\w\u200c])")

    phrase_lists = list(lists(safe_yaml(DATA_PATH.read_text(encoding="utf-8"))))
    every = [p for phrases in phrase_lists for p in phrases]
    rng = random.Random(3)
    pieces = [*every, *(w for p in every for w in p.split()), "\u200c", "ب", "ا", " ", " ", "\n", "،", "(", "a", "۳"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8))) for _ in range(4_000)]
    for phrases in [*phrase_lists, every]:
        expected, ours = plain(phrases), phrase_pattern(phrases)
        for text in texts:
            assert [m.span() for m in ours.finditer(text)] == [m.span() for m in expected.finditer(text)], text
    assert sum(bool(plain(every).search(t)) for t in texts) > 500
