"""Property test: no bytes in an article file make the reader raise, hang or give anything but Articles/failures."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Article, article_id
from loaders.articles import ReadFailure, iter_articles

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀةآأ‌ ۰۱۲۳۴۵۶۷۸۹،؛؟«»\n.:"
SUFFIXES = [".txt", ".json", ".jsonl", ".html", ".htm"]

persian_text = st.text(alphabet=st.sampled_from(PERSIAN) | st.characters(codec="utf-8"), max_size=400)
contents = st.one_of(
    st.binary(max_size=2000),
    persian_text.map(lambda t: t.encode("utf-8")),
    persian_text.map(lambda t: ("date 2025-12-20 " + t).encode("utf-8")),
    persian_text.map(lambda t: t.encode("utf-16")),
    persian_text.map(lambda t: t.encode("cp1256", errors="ignore")),
    st.lists(st.dictionaries(st.sampled_from(["text", "title", "date", "url", "source"]),
                             st.one_of(persian_text, st.integers(), st.none(), st.lists(st.integers())),
                             max_size=5), max_size=4)
    .map(lambda records: "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")),
    persian_text.map(lambda t: f"<html><title>{t[:30]}</title><body><article><p>{t}</p></article></body>".encode()),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), contents), min_size=1, max_size=3))
def test_arbitrary_files_give_articles_or_failures(files):
    with tempfile.TemporaryDirectory() as tmp:
        for number, (suffix, data) in enumerate(files):
            Path(tmp, f"{number}{suffix}").write_bytes(data)
        items = list(iter_articles([tmp], max_bytes=4096))
    assert items
    for item in items:
        assert isinstance(item, (Article, ReadFailure))
        if isinstance(item, ReadFailure):
            assert item.path.startswith(tmp) and item.reason
            assert not item.reason.startswith("unexpected error"), item
        else:
            assert item.text and item.id == article_id(item.text)
            assert item.date is None or len(item.date) == 10
