"""The article reader: samples, header and Jalali dates, clutter, titles, agencies, encodings and file formats."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import Article, article_id
from loaders.articles import (ReadFailure, SourceMention, find_date, find_source, find_title, iter_articles,
                              normalise_text, parse_date_value, remove_clutter)

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
WINDOWS_1256 = str.maketrans("ی۰۱۲۳۴۵۶۷۸۹", "ي0123456789")  # the code page has Arabic yeh and Latin digits only
BODY = ("به گزارش ایرنا، وزیر ارتباطات و فناوری اطلاعات روز شنبه ۲۹ آذر ۱۴۰۴ در سفر به استان قزوین از پیشرفت "
        "پروژه پنجره ملی خدمات دولت هوشمند بازدید کرد.\nوی گفت: دانشگاههای استان به این سامانه متصل میشوند.\n")


def read_one(path, **kwargs) -> Article | ReadFailure:
    items = list(iter_articles([str(path)], **kwargs))
    assert len(items) == 1, items
    return items[0]


@pytest.fixture(scope="module")
def samples() -> dict[str, Article]:
    items = list(iter_articles([str(SAMPLES)]))
    assert all(isinstance(a, Article) for a in items), items
    return {Path(a.path).name[:3]: a for a in items}


@pytest.mark.parametrize("prefix,date,jalali,source", [
    ("000", "2025-12-20", "1404-09-29", "خبرگزاری صداوسیما"),
    ("001", "2025-12-27", "1404-10-06", "ایلنا"),
    ("002", "2025-11-09", "1404-08-18", "خبرگزاری صداوسیما"),
    ("003", "2025-11-08", "1404-08-17", "خبرگزاری صداوسیما"),
    ("004", None, None, "زیمانیوز"),
])
def test_sample_dates_and_sources(samples, prefix, date, jalali, source):
    article = samples[prefix]
    assert (article.date, article.date_jalali, article.source) == (date, jalali, source)


def test_sample_articles_are_normalised_without_clutter_and_ids_are_content_hashes(samples):
    assert len(samples) == 5  # NOTE.md in the directory is ignored
    for article in samples.values():
        assert article.id == article_id(article.text)
        assert "date" not in article.text[:10] and "پخش زنده" not in article.text
        assert "پیمایش به بالا" not in article.text and "دیدگاه خود را بنویسید" not in article.text
        assert "نشانی ایمیل" not in article.text
        assert article.path == str(SAMPLES / Path(article.path).name)
    assert "دانشگاه\u200cهای استان" in samples["000"].text
    assert samples["004"].text.endswith("دیجیتالی کشور باشد.")


def test_sample_titles(samples):
    assert samples["004"].title.startswith("استانهای صنعتی در خط مقدم تحول دیجیتال")
    assert samples["000"].title is None  # the first line is a sentence ending in a full stop
    assert samples["001"].title is None  # the first line is the "به گزارش" lead


def test_find_source_offsets_point_at_the_agency(samples):
    for article in samples.values():
        mention = find_source(article.text)
        assert isinstance(mention, SourceMention)
        assert article.text[mention.start:mention.end] == mention.surface
        assert mention.name == article.source


@pytest.mark.parametrize("text,name,surface", [
    ("به گزارش خبرگزاری صداوسیمای مرکز کرمان مقام عالی دولت در استان گفت", "خبرگزاری صداوسیما", "خبرگزاری صداوسیما"),
    ("به گزارش خبرگزاری صدا و سیما مرکز قزوین، استاندار گفت", "خبرگزاری صداوسیما", "خبرگزاری صدا و سیما"),
    ("به گزارش خبرنگار مهر، وزیر گفت", "خبرگزاری مهر", "مهر"),
    ("به گزارش خبرنگار فارس از قزوین، وزیر گفت", "خبرگزاری فارس", "فارس"),
    ("به گزارش گروه علمی و فناوری خبرگزاری دانشجویان ایران (ایسنا)، وزیر گفت", "ایسنا",
     "خبرگزاری دانشجویان ایران"),
    ("به گزارش گروه اقتصادی ایرنا، وزیر گفت", "ایرنا", "ایرنا"),
    ("به نقل از پیوست، سامانه راه‌اندازی شد", "پیوست", "پیوست"),
    ("وزیر گفت این سامانه فعال است.\nمنبع: دیجیاتو", "دیجیاتو", "دیجیاتو"),
    ("به گزارش پایگاه خبری فناوران امروز، وزیر گفت", "پایگاه خبری فناوران امروز", "پایگاه خبری فناوران امروز"),
    ("به گزارش «تک‌نیوز»، وزیر گفت", "تک‌نیوز", "تک‌نیوز"),
])
def test_find_source_known_and_unknown_agencies(text, name, surface):
    text = normalise_text(text)
    mention = find_source(text)
    assert mention is not None and mention.name == name
    assert normalise_text(surface) == mention.surface == text[mention.start:mention.end]


@pytest.mark.parametrize("text", [
    "به گزارش این خبرگزاری، وزیر گفت",
    "بنا به گزارش‌های رسیده، وزیر گفت",
    "به گزارش خبرنگار اعزامی ما، وزیر گفت",
    "به گزارش روزنامه‌ها وزیر ارتباطات امروز در جلسه هیئت دولت درباره طرح فیبر نوری منازل و سامانه‌ها گفت",
    "وزیر ارتباطات از راه‌اندازی سامانه خبر داد و به مهر ماه اشاره کرد",
    "به گزارش بخش فارسی یک رسانه خارجی، وزیر گفت",
])
def test_find_source_gives_nothing_without_a_credited_agency(text):
    assert find_source(normalise_text(text)) is None


def test_header_date_is_read_before_normalising(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2025-12-20 پخش زنده\n" + BODY.replace("۲۹ آذر ۱۴۰۴", "امروز"), encoding="utf-8")
    article = read_one(path)
    assert (article.date, article.date_jalali) == ("2025-12-20", "1404-09-29")
    assert not article.text.startswith("date") and "۲۰۲۵" not in article.text


def test_header_date_followed_by_text_on_the_same_line_keeps_the_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2025-12-27 " + BODY, encoding="utf-8")
    article = read_one(path)
    assert article.date == "2025-12-27" and article.text.startswith("به گزارش ایرنا")


@pytest.mark.parametrize("text,expected", [
    ("روز شنبه ۲۹ آذر ۱۴۰۴ در تهران", ("2025-12-20", "1404-09-29")),
    ("روز شنبه ششم دی‌ماه ۱۴۰۴ در تهران", ("2025-12-27", "1404-10-06")),
    ("در بیست و یکم اسفند ماه سال ۱۴۰۳ برگزار شد", ("2025-03-11", "1403-12-21")),
    ("تاریخ انتشار: ۱۴۰۴/۰۹/۲۹ - ۱۰:۳۰", ("2025-12-20", "1404-09-29")),
    ("تاریخ: ۲۹/۹/۱۴۰۴", ("2025-12-20", "1404-09-29")),
    ("نشست عصر چهارشنبه ۳ اردیبهشت برگزار شد و ۱۵ طرح تصویب شد", None),
    ("در سال ۱۴۰۴ سند تحول دولت هوشمند تصویب شد", None),
    ("۳۱ اسفند ۱۴۰۴ را در نظر بگیرید", None),  # 1404 is not a leap year: no 30th... 31st of Esfand
])
def test_jalali_dates_in_text_need_a_year(text, expected):
    assert find_date(normalise_text(text)) == expected


def test_the_first_dated_mention_wins():
    text = normalise_text("دیروز ۵ دی ۱۴۰۴ جلسه بود و قرار است ۱۰ بهمن ۱۴۰۴ سامانه افتتاح شود")
    assert find_date(text) == ("2025-12-26", "1404-10-05")


@pytest.mark.parametrize("value,expected", [
    ("2025-12-20", ("2025-12-20", "1404-09-29")),
    ("2025-12-20T08:30:00+03:30", ("2025-12-20", "1404-09-29")),
    ("1404/09/29", ("2025-12-20", "1404-09-29")),
    ("۱۴۰۴-۰۹-۲۹", ("2025-12-20", "1404-09-29")),
    ("۲۹ آذر ۱۴۰۴", ("2025-12-20", "1404-09-29")),
    ("1766217600", ("2025-12-20", "1404-09-29")),
    ("1766217600000", ("2025-12-20", "1404-09-29")),
    ("2025-02-30", None),
    ("yesterday", None),
    ("", None),
])
def test_date_fields(value, expected):
    assert parse_date_value(value) == expected


def test_clutter_lines_are_removed_in_any_spelling():
    raw = ("متن خبر درباره دولت هوشمند است. پخش زنده\n"
           "کد خبر: 123456\n"
           "اشتراك گذاري\n"
           "۱۲ بازدید\n"
           "انتهای پیام/\n"
           "برچسب‌ها: دولت هوشمند، فناوری\n"
           "وزیر گفت کد خبر مهم است.\n")
    cleaned = remove_clutter(raw)
    assert cleaned.split("\n") == ["متن خبر درباره دولت هوشمند است.", "وزیر گفت کد خبر مهم است.", ""]


def test_clutter_cut_ends_the_article_only_after_some_text():
    story = "وزیر ارتباطات گفت سامانه ملی دولت هوشمند تا پایان سال به همه استان‌ها می‌رسد. " * 4
    cleaned = remove_clutter(f"{story}\nاخبار مرتبط\nعنوان خبر دیگری درباره ورزش\n")
    assert cleaned.strip() == story.strip()
    assert "سامانه" in remove_clutter("اخبار مرتبط\nوزیر گفت سامانه فعال است")


@pytest.mark.parametrize("text,title", [
    ("وزیر ارتباطات به قزوین سفر کرد\nوزیر ارتباطات امروز به قزوین رفت.", "وزیر ارتباطات به قزوین سفر کرد"),
    ("آیا پنجره ملی خدمات آماده است؟\nوزیر گفت آماده است.", "آیا پنجره ملی خدمات آماده است؟"),
    ("وزیر ارتباطات امروز به قزوین رفت.\nاو با استاندار دیدار کرد.", None),
    ("وزیر ارتباطات به قزوین سفر کرد", None),
    ("به گزارش ایرنا وزیر ارتباطات به قزوین سفر کرد\nمتن خبر.", None),
    ("وزیر " * 40 + "\nمتن خبر.", None),
])
def test_find_title(text, title):
    assert find_title(normalise_text(text)) == (normalise_text(title) if title else None)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "a.txt"
    text = BODY.translate(WINDOWS_1256) if encoding == "cp1256" else BODY
    path.write_bytes(text.encode(encoding))
    plain = tmp_path / "plain.txt"
    plain.write_text(BODY, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article), article
    assert article.text == read_one(plain).text and "ي" not in article.text
    assert article.source == "ایرنا" and article.date == "2025-12-20"


def test_truncated_utf8_loads_without_the_cut_character(tmp_path):
    path = tmp_path / "cut.txt"
    text = BODY.strip().rstrip(".")
    path.write_bytes(text.encode("utf-8")[:-1])
    whole = tmp_path / "whole.txt"
    whole.write_text(text[:-1], encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == read_one(whole).text


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": BODY, "title": "سفر وزیر", "date": "2025-11-09", "url": "https://x.ir/a/1",
                               "source": "خبرگزاری جمهوری اسلامی ایران"}, ensure_ascii=False), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": BODY}, {"text": BODY.replace("ایرنا", "ایسنا")}], ensure_ascii=False),
                    encoding="utf-8")
    items = list(iter_articles([str(tmp_path)]))
    assert [a.path for a in items] == [str(many) + "#1", str(many) + "#2", str(one)]
    first = items[2]
    assert (first.title, first.date, first.date_jalali, first.url, first.source) == (
        "سفر وزیر", "2025-11-09", "1404-08-18", "https://x.ir/a/1", "ایرنا")
    assert [a.source for a in items[:2]] == ["ایرنا", "ایسنا"]
    assert items[0].date == "2025-12-20"  # no date field: the Jalali date in the text


def test_jsonl_records_are_numbered_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": BODY, "url": "https://x.ir/1"}, ensure_ascii=False), "",
             json.dumps({"text": BODY.replace("ایرنا", "تسنیم"), "date": "1404/10/06"}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = iter_articles([str(path)])
    assert (first.path, first.url, first.source) == (f"{path}#1", "https://x.ir/1", "ایرنا")
    assert (second.path, second.source, second.date) == (f"{path}#3", "خبرگزاری تسنیم", "2025-12-27")


def test_html_main_text_title_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>سفر وزیر | ایرنا</title>"
        "<meta property='article:published_time' content='2025-11-09T10:00:00Z'>"
        "<link rel='canonical' href='https://www.irna.ir/news/1'><script>var s = 'کد اسکریپت فارسی';</script>"
        "<style>p {color: red}</style></head><body>"
        "<nav>صفحه اصلی اخبار سیاسی اخبار اقتصادی</nav><header>سرصفحه سایت</header>"
        "<div class='side'><p>پربازدیدترین خبر امروز</p></div>"
        "<article><h1>وزیر ارتباطات به قزوین سفر کرد</h1><p>به گزارش ایرنا، وزیر ارتباطات<br>امروز به "
        "<b>قزوین</b> رفت.</p><p>او با استاندار دیدار کرد و از سامانه‌ها بازدید کرد.</p>"
        "<form><p>دیدگاه خود را بنویسید</p></form></article>"
        "<aside>تبلیغات ویژه</aside><footer>کلیه حقوق محفوظ است</footer></body></html>", encoding="utf-8")
    article = read_one(path)
    assert article.text.split("\n") == [
        "وزیر ارتباطات به قزوین سفر کرد", "به گزارش ایرنا، وزیر ارتباطات", "امروز به قزوین رفت.",
        "او با استاندار دیدار کرد و از سامانه‌ها بازدید کرد."]
    assert (article.title, article.date, article.url, article.source) == (
        "وزیر ارتباطات به قزوین سفر کرد", "2025-11-09", "https://www.irna.ir/news/1", "ایرنا")


def test_html_without_article_tag_takes_the_block_with_most_persian_paragraphs(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        "<html><head><title>خبر - سامانه جدید دولت هوشمند</title></head><body>"
        "<div><p>لینک یک</p><p>لینک دو</p></div>"
        "<div id='content'><p>وزیر ارتباطات امروز سامانه جدید دولت هوشمند را افتتاح کرد.</p>"
        "<p>این سامانه خدمات دستگاه‌های اجرایی را یکجا ارائه می‌دهد.</p></div></body></html>", encoding="utf-8")
    article = read_one(path)
    assert article.title == "سامانه جدید دولت هوشمند"
    assert article.text.split("\n")[1:] == ["وزیر ارتباطات امروز سامانه جدید دولت هوشمند را افتتاح کرد.",
                                            "این سامانه خدمات دستگاه‌های اجرایی را یکجا ارائه می‌دهد."]


def test_directories_globs_and_files_in_sorted_order_each_once(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b" / "1.txt").write_text(BODY + "دوم", encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY + "سوم", encoding="utf-8")
    (tmp_path / "notes.md").write_text("یادداشت", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(BODY, encoding="utf-8")
    paths = [a.path for a in iter_articles([str(tmp_path), str(tmp_path / "b" / "*.txt"), str(tmp_path / "a.txt")])]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "1.txt"), str(tmp_path / "b" / "2.txt")]


def test_given_paths_are_normalised(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    assert read_one(f"{tmp_path}/./x/../a.txt").path == str(tmp_path / "a.txt")


def test_same_text_gives_the_same_article_id(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(BODY.translate(WINDOWS_1256).encode("cp1256"))
    first, second = iter_articles([str(tmp_path)])
    assert first.id == second.id and first.path != second.path


def test_html_og_title_loses_the_site_name_and_the_site_name_gives_the_agency(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><meta property='og:title' content='سامانه جدید دولت هوشمند افتتاح شد - ایرنا'>"
        "<meta property='og:site_name' content='خبرگزاری جمهوری اسلامی'></head><body>"
        "<article><p>خبر کوتاه دیگری درباره ورزش و فوتبال و باشگاه‌ها و لیگ برتر و جام حذفی کشور</p></article>"
        "<div itemprop='articleBody'><p>وزیر ارتباطات سامانه را افتتاح کرد.</p></div></body></html>",
        encoding="utf-8")
    article = read_one(path)
    assert article.title == "سامانه جدید دولت هوشمند افتتاح شد" and article.source == "ایرنا"
    lines = article.text.split("\n")
    assert lines[0] == "سامانه جدید دولت هوشمند افتتاح شد" and "وزیر ارتباطات سامانه را افتتاح کرد." in lines
