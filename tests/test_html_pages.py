"""News pages in the shapes of Persian CMSs: the story's entities come out, menus, tickers, related lists and comment forms do not."""
from __future__ import annotations

from pathlib import Path

import pytest

from loaders.articles import iter_articles
from loaders.pipeline import ReadFailure, extract_articles, resolve_across

PAGES = Path(__file__).parent / "fixtures" / "news"

# page: (title, Gregorian date, Jalali date, source, url, author, names that must be read, words that must not appear)
EXPECTED = {
    "national_agency.html": (
        "سفر وزیر ارتباطات به قزوین و افتتاح مرکز داده استانی", "2025-12-19", "1404-09-28", "ایرنا",
        "https://www.irna.ir/news/85012345/", "مریم احمدی",
        {"Person": {"سید ستار هاشمی", "محمد نوذری"}, "Province": {"قزوین"},
         "Organization": {"وزارت ارتباطات و فناوری اطلاعات", "استانداری قزوین"}},
        ["اصفهان", "خوزستان", "گیلان", "اهواز", "تیتر خبرها", "کلیه حقوق", "نظر شما", "ولیعصر"]),
    "provincial_broadcaster.html": (
        "شورای فضای مجازی استان کرمان تشکیل جلسه داد", "2025-11-08", "1404-08-17", "خبرگزاری صداوسیما", None, None,
        {"Person": {"محمدعلی طالبی"}, "Province": {"کرمان"}, "Organization": {"استانداری کرمان"}},
        ["هرمزگان", "سیستان", "بلوچستان", "رادیو", "پخش زنده", "بازدید", "چاپ خبر", "کلیه حقوق"]),
    "ministry_portal.html": (
        "نشست رئیس سازمان فناوری اطلاعات با مدیران کل استانی", "2025-11-09", "1404-08-18", None, None, None,
        {"Person": {"محمدمحسن صدر"}, "Province": {"آذربایجان شرقی", "خراسان رضوی"},
         "Organization": {"سازمان فناوری اطلاعات ایران"}, "Project": {"پنجره ملی خدمات دولت هوشمند"}},
        ["مازندران", "شرکت ملی پست", "سازمان فضایی", "برنامه و بودجه", "امور اقتصادی", "شریعتی", "پیوست"]),
    "municipality.html": (
        "رونمایی از سامانه شهر هوشمند شیراز", "2025-12-16", "1404-09-25", None,
        "https://news.shiraz.ir/1404/09/smart-city/", "سارا محمدی",
        {"Province": {"فارس"}, "Organization": {"شهرداری شیراز"}},
        ["اصفهان", "تهران", "البرز", "دیدگاه", "ایمیل", "جستجو", "خدمات شهری", "برچسب"]),
}


@pytest.fixture(scope="module")
def read_pages():
    articles = list(iter_articles([str(PAGES)]))
    assert not [a for a in articles if isinstance(a, ReadFailure)]
    docs, failures = extract_articles(articles)
    assert not failures
    return {Path(doc.article.path).name: doc for doc in resolve_across(docs)}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_page_metadata_comes_from_the_page(read_pages, page):
    title, date, jalali, source, url, author, _, _ = EXPECTED[page]
    article = read_pages[page].article
    assert (article.title, article.date, article.date_jalali, article.url, article.author) == (
        title, date, jalali, url, author)
    if source:
        assert article.source == source
    assert article.text.split("\n")[0] == title and article.text.count(title) == 1


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_story_entities_come_out_and_nothing_from_menus_or_related_lists(read_pages, page):
    *_, wanted, unwanted = EXPECTED[page]
    doc = read_pages[page]
    names = {}
    for entity in doc.entities:
        names.setdefault(entity.type, set()).add(entity.name)
    for label, expected in wanted.items():
        assert expected <= names.get(label, set()), (label, names.get(label))
    every_name = " ".join(n for group in names.values() for n in group)
    for word in unwanted:
        assert word not in doc.article.text, word
        assert word not in every_name, word


def test_todays_date_in_the_top_bar_is_not_the_publication_date(read_pages):
    assert read_pages["national_agency.html"].article.date_jalali != "1404-09-29"
    assert read_pages["ministry_portal.html"].article.date_jalali != "1404-09-10"
    assert read_pages["municipality.html"].article.date_jalali != "1404-10-01"


def test_the_lead_stays_under_the_headline_and_zero_width_non_joiners_survive(read_pages):
    lines = read_pages["national_agency.html"].article.text.split("\n")
    assert lines[1].startswith("وزیر ارتباطات و فناوری اطلاعات در سفر یک روزه")
    assert "گفت\u200cوگو" in read_pages["national_agency.html"].article.text
    assert "دستگاه\u200cهای اجرایی استان باید" in read_pages["provincial_broadcaster.html"].article.text
