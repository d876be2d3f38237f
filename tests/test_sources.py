"""Who an article credits: lead formulas, signatures at the end, interviews and organisations' own news offices."""
from __future__ import annotations

import pytest

from loaders.articles import find_source, normalise_text
from tests.extract_helpers import extract_text


def _source(text: str):
    normalised = normalise_text(text)
    found = find_source(normalised)
    if found is not None:
        assert normalised[found.start:found.end] == found.surface
    return found


@pytest.mark.parametrize("text,name", [
    ("به گزارش روابط عمومی اداره کل ارتباطات و فناوری اطلاعات استان یزد، جلسه برگزار شد.",
     "اداره کل ارتباطات و فناوری اطلاعات استان یزد"),
    ("به گزارش روابط‌عمومی استانداری خراسان جنوبی، استاندار گفت.", "استانداری خراسان جنوبی"),
    ("به گزارش اداره ارتباطات و امور بین‌الملل شهرداری مشهد، شهردار گفت.", "شهرداری مشهد"),
    ("به گزارش پایگاه اطلاع‌رسانی وزارت ارتباطات و فناوری اطلاعات، وزیر گفت.", "وزارت ارتباطات و فناوری اطلاعات"),
    ("به گزارش دفتر اطلاع‌رسانی و روابط عمومی دادگستری استان گیلان، جلسه برگزار شد.", "دادگستری استان گیلان"),
    ("به گزارش مرکز رسانه قوه قضاییه، جلسه برگزار شد.", "قوه قضاییه"),
    ("به گزارش روابط عمومی شرکت مخابرات منطقه اصفهان در این مراسم از طرح رونمایی شد.",
     "شرکت مخابرات منطقه اصفهان"),
])
def test_an_organisations_news_office_makes_that_organisation_the_source(text, name):
    found = _source(text)
    assert found is not None and found.name == name and not found.news_agency
    assert found.credited.endswith(name) and len(found.credited) > len(name)


@pytest.mark.parametrize("text,name", [
    ("به گزارش وزارت ارتباطات، وزیر گفت", "وزارت ارتباطات"),
    ("به گزارش دیوان محاسبات، وزیر گفت", "دیوان محاسبات"),
    ("سامانه جدید\nبه گزارش اداره کل ارتباطات و فناوری اطلاعات استان یزد، سامانه آغاز شد.",
     "اداره کل ارتباطات و فناوری اطلاعات استان یزد"),
])
def test_an_organisation_credited_in_the_lead_is_the_source(text, name):
    found = _source(text)
    assert found is not None and found.name == name and not found.news_agency


@pytest.mark.parametrize("text,name", [
    ("استاندار گفت این طرح اجرا می‌شود.\nانتهای پیام/ایرنا", "ایرنا"),
    ("استاندار گفت این طرح اجرا می‌شود. /ایسنا", "ایسنا"),
    ("جلسه برگزار شد (خبرگزاری مهر)", "خبرگزاری مهر"),
    ("جلسه برگزار شد.\nخبرنگار: علی رضایی\nتسنیم", "خبرگزاری تسنیم"),
    ("مدیرکل ارتباطات استان فارس در گفت‌وگو با خبرنگار ایرنا افزود: این طرح اجرا می‌شود.", "ایرنا"),
    ("مدیرکل در گفتگو با خبرنگار اقتصادی خبرگزاری تسنیم گفت: این طرح اجرا می‌شود.", "خبرگزاری تسنیم"),
    ("مدیرکل در گفت‌وگو با ایلنا گفت: طرح اجرا می‌شود.", "ایلنا"),
    ("مدیرکل به خبرنگار مهر گفت: طرح اجرا می‌شود.", "خبرگزاری مهر"),
    ("سفر وزیر به سمنان\nتهران- ایرنا- وزیر ارتباطات امروز گفت.", "ایرنا"),
    ("ایسنا/ خراسان رضوی مدیرکل گفت طرح اجرا می‌شود.", "ایسنا"),
    ("خبرگزاری مهر، گروه استان‌ها: مدیرکل گفت.", "خبرگزاری مهر"),
    ("شیراز- خبرگزاری فارس- مدیرکل گفت.", "خبرگزاری فارس"),
    ("خبرگزاری مهر | اخبار ایران و جهان\nمدیرکل گفت طرح آغاز شد.", "خبرگزاری مهر"),
    ("جلسه برگزار شد.\nمنبع : ایسنا", "ایسنا"),
    ("به گزارش «مهر» از کرمان، جلسه برگزار شد.", "خبرگزاری مهر"),
    ("به گزارش شبکه یک سیما، جلسه برگزار شد.", "شبکه یک سیما"),
])
def test_datelines_signatures_and_interviews_name_a_known_agency(text, name):
    found = _source(text)
    assert found is not None and found.name == name and found.news_agency


def test_the_earliest_credit_wins_over_one_quoted_later():
    assert _source("به نقل از ایسنا، وزیر گفت طرح آغاز شد.\nبه گزارش رویترز، تحریم‌ها ادامه دارد.").name == "ایسنا"
    assert _source("سفر وزیر\nتهران- ایرنا- وزیر گفت طرح آغاز شد.\nبه گزارش رویترز، تحریم‌ها ادامه دارد.").name == "ایرنا"
    assert _source("به گزارش ایلنا، وزیر گفت.\nبه نقل از ایسنا، طرح آغاز شد.").name == "ایلنا"


def test_the_lead_credit_wins_over_an_office_quoted_later_and_a_signature_over_an_office():
    assert _source("به گزارش ایسنا، بنا بر اعلام روابط عمومی استانداری یزد، جلسه برگزار شد.\n"
                   "به گزارش روابط عمومی استانداری یزد، جلسه دوم هم برگزار شد.").name == "ایسنا"
    assert _source("به گزارش روابط عمومی استانداری یزد، جلسه برگزار شد.\nانتهای پیام/ایرنا").name == "ایرنا"


@pytest.mark.parametrize("text", [
    "بنا به گزارش مرکز آمار ایران، نرخ تورم کاهش یافت.",
    "طبق گزارش مرکز آمار ایران، نرخ تورم کاهش یافت.",
    "به گزارش مرکز آمار ایران در سال گذشته، نرخ تورم کاهش یافت.",
    "نرخ تورم کاهش یافت.\nکارشناسان نظر دادند.\nبه گزارش مرکز آمار ایران، نرخ بیکاری هم کم شد.",
    "به گزارش خبرنگار ما، وزیر گفت.",
    "به نقل از دکتر رضا محمدی، طرح آغاز شد.",
    "به نقل از منابع آگاه، طرح آغاز شد.",
    "مدیرکل در گفت‌وگو با استاندار یزد گفت: طرح اجرا می‌شود.",
    "مدیرکل در گفت‌وگو با خبرنگاران گفت: طرح اجرا می‌شود.",
    "به گزارش روابط عمومی، جلسه برگزار شد.",
    "جلسه برگزار شد.\nاین طرح در یزد و ایرنا اجرا شد و نتیجه خوبی داشت",
    "وزیر در سفر به فارس گفت: طرح اجرا می‌شود.",
    "اصفهان - مدیرکل گفت: طرح اجرا شد",
    "تهران - وزیر ارتباطات: کار تمام شد.",
    "خبر اول.\nخبر دوم.\nخبر سوم.\nچابهار - روابط عمومی سازمان منطقه آزاد چابهار: خط چهارم است.",
    "مهر در تهران- وزیر گفت",
    "جلسه اول برگزار شد.\nجلسه دوم برگزار شد.\nجلسه سوم برگزار شد.\nتهران- ایرنا- خط چهارم است.\nپایان.",
])
def test_no_source_without_a_credit(text):
    assert _source(text) is None


@pytest.mark.parametrize("text,name", [
    ("کلنگ مرکز داده به زمین زده شد\nچابهار - روابط عمومی سازمان منطقه آزاد چابهار: عملیات اجرایی آغاز شد.",
     "سازمان منطقه آزاد چابهار"),
    ("نمایشگاه گشایش یافت\nسرتیتر: ۴۰ شرکت محصولات خود را عرضه کردند\nبیرجند - اداره روابط عمومی پارک علم و فناوری "
     "خراسان جنوبی: نخستین نمایشگاه گشایش یافت.", "پارک علم و فناوری خراسان جنوبی"),
])
def test_an_organisations_news_office_as_the_dateline_makes_it_the_source(text, name):
    assert _source(text).name == name


def test_published_by_points_at_the_offices_organisation_entity_with_the_credit_as_alias():
    doc = extract_text("به گزارش روابط عمومی اداره کل ارتباطات و فناوری اطلاعات استان یزد، جلسه شورای فناوری "
                       "برگزار شد.")
    published = [r for r in doc.relations if r.type == "PUBLISHED_BY"]
    assert len(published) == 1
    target = next(e for e in doc.entities if e.id == published[0].target)
    assert target.name == "اداره کل ارتباطات و فناوری اطلاعات استان یزد"
    assert target.properties["kind"] == "directorate"
    assert "روابط عمومی اداره کل ارتباطات و فناوری اطلاعات استان یزد" in target.aliases
    same_name = [e for e in doc.entities if e.name == target.name]
    assert same_name == [target]


def test_an_office_credit_for_an_organisation_the_entities_missed_still_gets_an_organisation():
    doc = extract_text("به گزارش روابط عمومی ستاد اقامه نماز، جلسه برگزار شد.")
    published = [r for r in doc.relations if r.type == "PUBLISHED_BY"]
    assert len(published) == 1
    target = next(e for e in doc.entities if e.id == published[0].target)
    assert target.type == "Organization" and target.properties["kind"] != "news_agency"
    assert target.mentions and target.mentions[0].text == "ستاد اقامه نماز"


def test_a_signed_article_is_published_by_the_agency():
    doc = extract_text("مدیرکل ارتباطات استان یزد گفت طرح آغاز شد.\nانتهای پیام/ایرنا")
    published = [r for r in doc.relations if r.type == "PUBLISHED_BY"]
    agency = next(e for e in doc.entities if e.id == published[0].target)
    assert agency.name == "ایرنا" and agency.properties["kind"] == "news_agency"


def test_the_publisher_is_the_organisation_after_the_office_even_when_the_office_is_an_entity():
    doc = extract_text("به گزارش اداره ارتباطات و امور بین‌الملل شهرداری مشهد، شهردار مشهد گفت طرح آغاز شد.")
    published = [r for r in doc.relations if r.type == "PUBLISHED_BY"]
    assert len(published) == 1
    assert next(e for e in doc.entities if e.id == published[0].target).name == "شهرداری مشهد"


@pytest.mark.parametrize("text,centre", [
    ("به گزارش صداوسیمای مرکز خوزستان، نمایشگاه گشایش یافت.", "صداوسیمای مرکز خوزستان"),
    ("به گزارش خبرگزاری صداوسیما مرکز لرستان، طرح آغاز شد.", "صداوسیمای مرکز لرستان"),
    ("به گزارش صداوسیمای مرکز سیستان و بلوچستان، طرح آغاز شد.", "صداوسیمای مرکز سیستان و بلوچستان"),
    ("به گزارش صداوسیما مرکز قزوین از بوئین‌زهرا، طرح آغاز شد.", "صداوسیمای مرکز قزوین"),
])
def test_a_provincial_centre_of_the_broadcaster_is_credited_by_its_own_name(text, centre):
    found = _source(text)
    assert found.name == "خبرگزاری صداوسیما" and found.credited == centre
    doc = extract_text(text)
    published = next(r for r in doc.relations if r.type == "PUBLISHED_BY")
    publisher = next(e for e in doc.entities if e.id == published.target)
    # The national agency keeps only the aliases all its articles share: one article's centre would outlive that
    # article in a store, and an incremental build would then differ from a fresh one.
    assert publisher.name == "خبرگزاری صداوسیما" and centre not in publisher.aliases


@pytest.mark.parametrize("text", [
    "به گزارش خبرگزاری صداوسیما، وزیر گفت.",
    "به گزارش خبرنگار مهر از مرکز استان، وزیر گفت.",
])
def test_no_provincial_centre_without_one_named(text):
    assert _source(text).credited is None


def test_source_triggers_match_exactly_where_a_leading_look_behind_would():
    """Each source trigger, written with its look-behind after its first letter, finds the same matches as
    `(?<![\\w\\u200c])` before the phrase would, on random text made of the phrases' pieces, word characters, ZWNJs,
    spaces and punctuation."""
    import random
    import re

    from loaders.articles import _data, _starting_a_word, flexible_pattern

    phrases = [t["phrase"] for t in _data("source_phrases.yaml")["triggers"]]
    rng = random.Random(7)
    pieces = [*phrases, *(w for p in phrases for w in p.split()), "\u200c", "ب", "ي", "ا", " ", " ", "\n", "،", ":",
              "a", "۳", "_", "\u200d", "\u00a0"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12))) for _ in range(20_000)]
    for phrase in phrases:
        plain = re.compile(rf"(?<![\w\u200c]){flexible_pattern(phrase)}(?![\w\u200c])")
        faster = re.compile(rf"{_starting_a_word(phrase)}(?![\w\u200c])")
        found = 0
        for text in texts:
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in faster.finditer(text)] == expected, (phrase, text)
            found += bool(expected)
        assert found > 200, phrase
