"""Interface words in Persian and English, and safe rendering of article text as escaped markdown (never HTML)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlparse

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
}

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
