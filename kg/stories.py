"""Republished stories found across a build that reads its input in chunks: one MinHash index kept for the whole build.

The rules are `loaders.dedupe.find_duplicates`'s: an article already stored keeps its place and a new copy of it points
to it (or to what it points to); among new articles only, the earliest copy is the original. Here every article
written by an earlier chunk of the same build counts as stored, so a build read in chunks gives what a build killed
after any chunk and run again gives. Each article is hashed once per build: the stored articles dated near the new
ones when their days first come up, the new ones as they are read; only their signatures are kept.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from graph.model import Article
from graph.store import GraphStore
from loaders.dedupe import DuplicateSettings, default_settings, find_root, shingles

DUPLICATE_WINDOW_DAYS = 7
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNDATED = ""


def story_order(article_id: str, when: str | None) -> tuple:
    """Which copy of a story is the original: the earliest dated, then the smallest id (independent of input order)."""
    return (when or "9999-99-99", article_id)


def days_near(articles: list[Article], days: int = DUPLICATE_WINDOW_DAYS) -> set[str]:
    """The ISO days within `days` of a dated article's date, and "" when some article is undated."""
    near = {(date.fromisoformat(a.date) + timedelta(days=k)).isoformat() for a in articles
            if a.date and _ISO_DAY.match(a.date) for k in range(-days, days + 1)}
    if any(not a.date for a in articles):
        near.add(_UNDATED)
    return near


class StoryIndex:
    """The build's near-duplicate index: `mark(chunk)` sets `duplicate_of` on a chunk's articles before they are
    extracted, and then counts them as stored for the chunks after."""

    def __init__(self, store: GraphStore, settings: DuplicateSettings | None = None) -> None:
        self.settings = settings or default_settings()
        self._store = store
        self._stored_by_day: dict[str, list[str]] | None = None
        self._days_read: set[str] = set()
        self._lsh = None
        self._template = None
        self._signatures: dict = {}
        self._order: dict[str, tuple] = {}
        self._parent: dict[str, str] = {}
        self._stored_original: dict[str, str | None] = {}
        self._first_stored: dict[str, str] = {}

    def mark(self, articles: list[Article]) -> int:
        """Set `duplicate_of` on the new articles that republish a story (stored, earlier or in this chunk); how many do."""
        for article in self._stored_near(articles):
            self._index(article.id, article.text, article.date, article.duplicate_of)
        for article in articles:
            self._index(article.id, article.text, article.date, None, stored=False)
        earliest_new: dict[str, str] = {}
        for article in articles:
            root = self._find(article.id)
            if root not in self._first_stored:
                best = earliest_new.get(root)
                if best is None or self._order[article.id] < self._order[best]:
                    earliest_new[root] = article.id
        marked = 0
        for article in articles:
            root = self._find(article.id)
            first = self._first_stored.get(root)
            original = (self._stored_original[first] or first) if first else earliest_new[root]
            article.duplicate_of = original if original != article.id else None
            marked += article.duplicate_of is not None
        for article in articles:
            self._count_as_stored(article.id, article.duplicate_of)
        return marked

    def _stored_near(self, articles: list[Article]) -> list[Article]:
        """The articles stored before the build, dated near these ones, that were not read for an earlier chunk."""
        if self._stored_by_day is None:
            self._stored_by_day = {}
            for article_id, header in self._store.article_headers().items():
                when = (header.get("date") or "")[:10]
                self._stored_by_day.setdefault(when if _ISO_DAY.match(when) else _UNDATED, []).append(article_id)
        wanted = days_near(articles) - self._days_read
        self._days_read |= wanted
        found = []
        for day in sorted(wanted):
            for article_id in self._stored_by_day.pop(day, ()):
                article = self._store.get_article(article_id)
                if article is not None:
                    found.append(article)
        return found

    def _index(self, article_id: str, text: str, when: str | None, duplicate_of: str | None,
               stored: bool = True) -> None:
        """Hash an article into the index and join it to the stories it shares enough shingles with."""
        if article_id in self._order:
            return
        self._parent[article_id] = article_id
        self._order[article_id] = story_order(article_id, when)
        if stored:
            self._count_as_stored(article_id, duplicate_of)
        words = shingles(text, self.settings.shingle_words)
        if not words:
            return
        signature = self._signature(words)
        for other in self._lsh.query(signature):
            if signature.jaccard(self._signatures[other]) >= self.settings.threshold:
                self._union(article_id, other)
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature

    def _signature(self, words: set[str]):
        """The MinHash of a shingle set (datasketch, which imports scipy, is loaded at the first one)."""
        from datasketch import MinHash, MinHashLSH

        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.permutations)
            self._template = MinHash(num_perm=self.settings.permutations)
        signature = MinHash(num_perm=self.settings.permutations, permutations=self._template.permutations,
                            scheme=self._template.scheme)
        signature.update_batch([w.encode("utf-8") for w in words])
        return signature

    def _count_as_stored(self, article_id: str, duplicate_of: str | None) -> None:
        self._stored_original[article_id] = duplicate_of
        root = self._find(article_id)
        first = self._first_stored.get(root)
        if first is None or self._order[article_id] < self._order[first]:
            self._first_stored[root] = article_id

    def _find(self, item: str) -> str:
        return find_root(self._parent, item)

    def _union(self, first: str, second: str) -> None:
        a, b = self._find(first), self._find(second)
        if a == b:
            return
        root, child = min(a, b), max(a, b)
        self._parent[child] = root
        stored = [s for s in (self._first_stored.pop(child, None), self._first_stored.get(root)) if s]
        if stored:
            self._first_stored[root] = min(stored, key=self._order.__getitem__)
