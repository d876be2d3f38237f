"""Interface words in Persian and English, dates (Jalali with Persian digits in Persian), and safe rendering of
article text as escaped markdown (never HTML)."""
from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlparse

import jdatetime

from graph.schema import get_schema
from graph.text import name_key

WORDS = {
    "title": ("کاوشگر گراف دولت دیجیتال ایران", "Iran digital-government graph explorer"),
    "english": ("English", "English"),
    "page": ("صفحه", "Page"),
    "explore": ("جستجو و کاوش", "Search and explore"),
    "paths": ("مسیریاب", "Path finder"),
    "queries": ("پرسش‌های آماده", "Named queries"),
    "stats": ("آمار", "Statistics"),
    "articles": ("خبرها", "Articles"),
    "cypher": ("کنسول سایفر", "Cypher console"),
    "filters": ("پالایه‌ها", "Filters"),
    "node_types": ("نوع گره‌ها", "Node types"),
    "rel_types": ("نوع روابط", "Relationship types"),
    "since": ("از تاریخ", "From date"),
    "until": ("تا تاریخ", "To date"),
    "province": ("استان", "Province"),
    "any": ("همه", "Any"),
    "search": ("نام را بنویسید", "Type a name"),
    "no_results": ("چیزی پیدا نشد.", "Nothing found."),
    "facts": ("روابط", "Facts"),
    "graph": ("گراف همسایگی", "Neighbourhood graph"),
    "legend": ("راهنما", "Legend"),
    "expand": ("یک گام بیشتر", "Expand one more hop"),
    "collapse": ("فقط همسایگان نزدیک", "Direct neighbours only"),
    "show_more": ("نمایش بیشتر", "Show more"),
    "hidden": ("همسایه دیگر نشان داده نشده", "more neighbours not shown"),
    "evidence": ("شواهد", "Evidence"),
    "mentioned_in": ("خبرهایی که از آن نام برده‌اند", "Articles that mention it"),
    "first_seen": ("نخستین تاریخ", "First seen"),
    "last_seen": ("آخرین تاریخ", "Last seen"),
    "aliases": ("نام‌های دیگر", "Other names"),
    "open": ("باز کردن", "Open"),
    "read": ("خواندن", "Read"),
    "from": ("از", "From"),
    "to": ("به", "To"),
    "find_paths": ("یافتن مسیر", "Find paths"),
    "no_path": ("مسیری میان این دو پیدا نشد.", "No path between them."),
    "max_paths": ("بیشترین تعداد مسیر", "Most paths"),
    "query": ("پرسش", "Query"),
    "run": ("اجرا", "Run"),
    "download": ("دریافت CSV", "Download CSV"),
    "rows": ("سطر", "rows"),
    "counts": ("شمار گره‌ها و روابط", "Nodes and relationships"),
    "central": ("کانونی‌ترین بازیگران", "Most central actors"),
    "metric": ("معیار", "Metric"),
    "over_time": ("نام‌بردن‌ها در گذر زمان (ماهانه)", "Mentions over time (monthly)"),
    "article": ("خبر", "Article"),
    "agency": ("خبرگزاری", "Agency"),
    "date": ("تاریخ", "Date"),
    "link": ("پیوند خبر", "Article link"),
    "entities_in_text": ("موجودیت‌های این خبر", "Entities in this article"),
    "cypher_help": ("فقط پرسش‌های خواندنی پذیرفته می‌شوند.", "Only read-only queries are accepted."),
    "empty_graph": ("گراف خالی است؛ نخست `kg build` را اجرا کنید.", "The graph is empty; run `kg build` first."),
    "type": ("نوع", "Type"),
    "name": ("نام", "Name"),
    "relation": ("رابطه", "Relation"),
    "detail": ("جزئیات", "Detail"),
    "sentence": ("جمله", "Sentence"),
    "count": ("تعداد", "Count"),
    "path": ("مسیر", "Path"),
    "month": ("ماه", "Month"),
    "overview": ("نمای کلی", "Overview"),
    "review": ("صف بازبینی", "Review queue"),
    "decisions": ("تصمیم‌ها", "Decisions"),
    "hubs_Person": ("پرارتباط‌ترین افراد", "Most connected people"),
    "hubs_Organization": ("پرارتباط‌ترین سازمان‌ها", "Most connected organisations"),
    "hubs_Project": ("پرارتباط‌ترین پروژه‌ها", "Most connected projects"),
    "newest": ("تازه‌ترین خبرها", "Newest articles"),
    "core": ("هسته گراف: پرارتباط‌ترین گره‌ها و روابط میانشان", "The graph's core: the top hubs and the edges among them"),
    "facts_by_month": ("روابط در هر ماه", "Facts by month"),
    "by_province": ("روابط در هر استان", "Facts by province"),
    "facts_n": ("رابطه", "facts"),
    "date_help": ("مثلاً ۱۴۰۴/۰۸/۱۸ یا ۱۸ آبان ۱۴۰۴ یا 2025-11-09", "e.g. 2025-11-09, 1404/08/18 or ۱۸ آبان ۱۴۰۴"),
    "bad_date": ("تاریخ خوانده نشد", "Not a date"),
    "curate": ("ویرایش و داوری", "Curate"),
    "merge": ("ادغام", "Merge"),
    "merge_with": ("ادغام با موجودیت دیگر (نام را بنویسید)", "Merge with another entity (type its name)"),
    "keep_apart": ("جدا نگه داشتن", "Keep apart"),
    "split_names": ("این نام‌ها فرد یا نهاد دیگری‌اند", "These names are a different person or body"),
    "names_aliases": ("نام اصلی و نام‌های دیگر", "Canonical name and aliases"),
    "canonical": ("نام اصلی", "Canonical name"),
    "add_alias": ("افزودن نام دیگر", "Add an alias"),
    "remove_alias": ("حذف نام دیگر", "Remove an alias"),
    "fact_review": ("رد یا تأیید یک رابطه", "Reject or confirm a fact"),
    "reject": ("رد", "Reject"),
    "confirm": ("تأیید", "Confirm"),
    "confirmed": ("تأییدشده", "confirmed"),
    "undo": ("بازگرداندن آخرین تصمیم", "Undo the last decision"),
    "undo_of": ("بازگرداندن", "Undo"),
    "reason": ("دلیل (کوتاه)", "Reason (short)"),
    "preview": ("پیش‌نمایش", "Preview"),
    "apply": ("اعمال", "Apply"),
    "cancel": ("انصراف", "Cancel"),
    "sure": ("مطمئنم؛ اعمال شود", "I am sure; apply it"),
    "applied": ("تصمیم ثبت و اعمال شد", "Decision recorded and applied"),
    "refused": ("تصمیم پذیرفته نشد", "Decision refused"),
    "after": ("پس از اعمال", "After it applies"),
    "rejected": ("روابط ردشده و شواهدشان", "Rejected facts and their evidence"),
    "no_decisions": ("هنوز تصمیمی ثبت نشده است.", "No decision yet."),
    "read_only": ("فقط خواندنی: ویرایش خاموش است.", "Read-only: curation is off."),
    "curation_broken": ("پرونده تصمیم‌ها خراب است؛ کاوشگر فقط خواندنی باز شد", "The curation file is broken; the explorer opened read-only"),
    "queue_empty": ("نامزد تکراری‌ای نمانده است.", "No candidate duplicates left."),
    "skip": ("بعداً", "Skip"),
    "pairs": ("جفت نامزد تکرار", "candidate pairs"),
    "sig_names": ("شباهت نام", "names"),
    "sig_surname": ("نام خانوادگی یکسان", "surname"),
    "sig_title": ("سمت یکسان در یک نهاد", "same title, same body"),
    "sig_neighbours": ("همسایگان مشترک", "shared neighbours"),
    "score": ("امتیاز", "Score"),
    "signals": ("نشانه‌ها", "Signals"),
    "pick_entity": ("موجودیت", "Entity"),
    "pick_fact": ("رابطه", "Fact"),
    "decision": ("تصمیم", "Decision"),
    "time": ("زمان", "Time"),
    "reviewer": ("بازبین", "Reviewer"),
}

PERSIAN_DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PARTS = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")

MARKDOWN_COLOURS = {"Person": "red", "Province": "violet", "Organization": "blue", "Project": "orange",
                    "Article": "gray"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=])")


def word(key: str, english: bool) -> str:
    """The interface word for `key` in the chosen language."""
    fa, en = WORDS[key]
    return en if english else fa


def label_name(label: str, english: bool) -> str:
    """A node label as shown: its schema description in the chosen language (the code in English)."""
    spec = get_schema().labels[label]
    return label if english else spec.description.get("fa", label)


def relation_name(rel_type: str, english: bool) -> str:
    """A relationship type as shown: its schema description in the chosen language."""
    spec = get_schema().relationships[rel_type]
    return spec.description.get("en" if english else "fa", rel_type)


def md_escape(text: str | None) -> str:
    """Text made inert for Streamlit markdown: every markdown or HTML special character is backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or "")).replace("\n", "  \n")


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escaped markdown of `text` with each (start, end, label) span bold and coloured by the label's type.

    Where spans overlap, the one starting first wins, and of two starting together the longer.
    """
    out, pos = [], 0
    for start, end, label in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < pos or end <= start:
            continue
        out.append(md_escape(text[pos:start]))
        out.append(f"**:{MARKDOWN_COLOURS.get(label, 'gray')}[{md_escape(text[start:end])}]**")
        pos = end
    out.append(md_escape(text[pos:]))
    return "".join(out)


def find_names(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Spans where any of the names occurs in text, tolerant of ی/ي, ک/ك and ZWNJ variants (longest first)."""
    spans = []
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        pattern = _name_pattern(name)
        if pattern is None:
            continue
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return spans


def mention_spans(text: str, mentions, names: list[str]) -> list[tuple[int, int]]:
    """The extractor's mention offsets (pairs or {start, end}) that fit the text, else where the names occur."""
    if isinstance(mentions, str):
        try:
            mentions = json.loads(mentions)
        except ValueError:
            mentions = None
    spans = []
    for item in mentions or []:
        start, end = (item.get("start"), item.get("end")) if isinstance(item, dict) else (item[0], item[1])
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end))
    return spans or find_names(text, names)


_VARIANTS = {"ی": "[یيى]", "ي": "[یيى]", "ک": "[کك]", "ك": "[کك]", "ه": "[هة]"}


def _name_pattern(name: str) -> re.Pattern | None:
    parts = [p for p in re.split(r"[\s\u200c]+", name.strip()) if p]
    if not parts or not name_key(name):
        return None
    def part(p: str) -> str:
        return "".join(_VARIANTS.get(ch, re.escape(ch)) for ch in p)
    return re.compile(r"[\s\u200c]*".join(part(p) for p in parts))


def ltr(text: str | None) -> str:
    """Text isolated as left-to-right (dates, ids), so a right-to-left line does not reorder its digits."""
    return f"\u2066{text}\u2069" if text else ""


def safe_url(url: str | None) -> str | None:
    """The url when it is an http(s) link, else None (so no javascript: or data: link is ever shown)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def digits(value, english: bool) -> str:
    """A number with Persian digits (and decimal separator) in Persian, as given in English."""
    return str(value) if english else str(value).translate(PERSIAN_DIGITS)


def show_date(iso: str | None, english: bool) -> str:
    """A date as a reader expects it: "۱۸ آبان ۱۴۰۴" in Persian, "2025-11-09" in English (a month "2025-11" too)."""
    if not iso:
        return ""
    try:
        if len(iso) == 7:
            when = jdatetime.date.fromgregorian(date=date.fromisoformat(iso + "-15"))
            return iso if english else f"{jdatetime.date.j_months_fa[when.month - 1]} {digits(when.year, False)}"
        when = jdatetime.date.fromgregorian(date=date.fromisoformat(iso[:10]))
    except ValueError:
        return iso
    return iso[:10] if english else (f"{digits(when.day, False)} {jdatetime.date.j_months_fa[when.month - 1]} "
                                     f"{digits(when.year, False)}")


def show_detail(detail: str | None, english: bool) -> str:
    """A fact's detail as shown: a role as written, an ISO date in the reader's calendar."""
    detail = str(detail or "")
    return show_date(detail, english) if _ISO_DATE.match(detail) else detail


def parse_date(text: str | None) -> date | None:
    """A typed date, Gregorian or Jalali, with Latin or Persian digits ("2025-11-09", "۱۴۰۴/۰۸/۱۸", "۱۸ آبان ۱۴۰۴");
    None for empty text, ValueError for anything else."""
    text = (text or "").strip().translate(LATIN_DIGITS)
    if not text:
        return None
    words = text.split()
    if len(words) == 3 and words[1] in jdatetime.date.j_months_fa and words[0].isdigit() and words[2].isdigit():
        return jdatetime.date(int(words[2]), jdatetime.date.j_months_fa.index(words[1]) + 1, int(words[0])).togregorian()
    match = _DATE_PARTS.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date")
    year, month, day = (int(g) for g in match.groups())
    if year < 1700:
        return jdatetime.date(year, month, day).togregorian()
    return date(year, month, day)
