"""News pages into raw records: trafilatura for the story and metadata, plus a Jalali date from the page header."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "html.yaml"
ZWNJ = "\u200c"
# trafilatura drops characters that are not printable, and Python counts the zero-width non-joiner among them; it is
# carried through as a printable letter that no Persian page uses and put back afterwards.
ZWNJ_STANDIN = "\U0001e800"
_SPACES = re.compile(r"\s+")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—»]\s+")
_HOSTNAME = re.compile(r"^[\w.-]+\.[a-z]{2,}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _hints() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "MIN_EXTRACTED_COMM_SIZE", "1")
    return config


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def page_fields(html: str, url: str | None = None) -> dict[str, str | None]:
    """The story's text and the page's title, date, site name, canonical URL, author and lead, from its HTML.

    The text has one paragraph a line, without menus, related-news lists, comments and footers; the date is the
    one the page declares in its metadata, else the first full date (Jalali or Gregorian) printed near the headline.
    """
    import trafilatura

    carried = html.replace(ZWNJ_STANDIN, "").replace(ZWNJ, ZWNJ_STANDIN)
    tree = trafilatura.load_html(carried)
    if tree is None:
        return {"text": ""}
    title, printed_date = headline(tree), header_date(tree)
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, deduplicate=False, config=_trafilatura_config())
    if document is None:
        return {"text": _restore(trafilatura.baseline(carried)[1]), "title": title, "date": printed_date}
    site = _restore(_clean(document.sitename))
    return {"text": _restore(document.text), "title": title or _restore(_clean(document.title)) or None,
            "date": document.date or printed_date, "source": None if _HOSTNAME.match(site) else site or None,
            "url": _clean(document.url) or None, "author": byline(_restore(_clean(document.author))),
            "lead": _restore(_clean(document.description)) or None}


def _restore(text: str | None) -> str:
    return (text or "").replace(ZWNJ_STANDIN, ZWNJ)


def byline(author: str) -> str | None:
    """The author's name without the label before it ("نویسنده: مریم احمدی" -> "مریم احمدی")."""
    for label in _hints()["author_labels"]:
        if author.startswith(label):
            author = author[len(label):].lstrip(" :：-")
            break
    return author or None


def headline(tree) -> str | None:
    """The story's headline: the page's one <h1>, else the longest part of og:title or <title> without the site name.

    trafilatura keeps the site name in og:title ("... - ایرنا") and takes the first part of a <title>, which on
    Persian sites is as often the section or the site as the headline.
    """
    headings = [_clean(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return _restore(headings[0])
    candidates = [m.get("content") for m in tree.iter("meta") if (m.get("property") or "").lower() == "og:title"]
    candidates += [t.text_content() for t in tree.iter("title")]
    for candidate in candidates:
        candidate = _clean(candidate)
        if candidate:
            return _restore(max(_TITLE_SEPARATOR.split(candidate), key=len))
    return None


def header_date(tree) -> str | None:
    """The text of the first date line near the headline (class or id like "news-date"), else after a date label."""
    from loaders.articles import find_date

    hints = _hints()
    wanted = tuple(h.lower() for h in hints["date_hints"])
    unwanted = tuple(h.lower() for h in hints["not_date_hints"])
    before_title, after_title = [], []
    seen_title = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h1":
            seen_title = True
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if element.tag != "time" and not any(h in marks for h in wanted):
            continue
        if any(h in marks for h in unwanted):
            continue
        text = _restore(_clean(element.text_content()))
        if text and find_date(text):
            (after_title if seen_title else before_title).append(text)
    for text in after_title + before_title:
        return text
    page_text = _restore(tree.text_content() if hasattr(tree, "text_content") else "")
    for label in hints["date_labels"]:
        at = page_text.find(label)
        if at >= 0 and find_date(page_text[at:at + 80]):
            return page_text[at:at + 80]
    return None
