"""Safe text rendering for the explorer: markdown escaping, highlighting, name finding, links."""
from ui.text import find_names, highlight, md_escape, mention_spans, safe_url


def test_markdown_escaping_makes_markup_inert():
    assert md_escape("<b>x</b> **y** [z](javascript:1)") == r"\<b\>x\</b\> \*\*y\*\* \[z\]\(javascript\:1\)"


def test_highlight_prefers_the_longer_of_overlapping_names():
    text = "رئیس سازمان فناوری اطلاعات ایران گفت"
    spans = [(s, e, "Organization") for s, e in find_names(text, ["سازمان فناوری اطلاعات", "سازمان فناوری اطلاعات ایران"])]
    assert highlight(text, spans) == "رئیس **:blue[سازمان فناوری اطلاعات ایران]** گفت"


def test_find_names_tolerates_letter_and_zwnj_variants():
    text = "محمد\u200cمحسن صدر و علي كريمي"
    assert find_names(text, ["محمد محسن صدر"]) == [(0, 13)]
    assert find_names(text, ["علی کریمی"]) == [(16, 25)]


def test_mention_offsets_win_over_names_and_bad_offsets_are_ignored():
    text = "صدر و صدر"
    assert mention_spans(text, [[6, 9]], ["صدر"]) == [(6, 9)]
    assert mention_spans(text, '[{"start": 0, "end": 3}]', ["صدر"]) == [(0, 3)]
    assert mention_spans(text, [[5, 99]], ["صدر"]) == [(0, 3), (6, 9)]


def test_only_http_links_are_shown():
    assert safe_url("https://news.example/1") == "https://news.example/1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
