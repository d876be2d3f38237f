"""The same story from many sites counted once: near-duplicate articles found by MinHash LSH over word shingles."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from graph.model import Article
from graph.text import name_key

THRESHOLD_ENV = "KG_DUPLICATE_THRESHOLD"
DEFAULT_THRESHOLD = 0.5
SHINGLE_WORDS = 3
PERMUTATIONS = 128
_WORD = re.compile(r"[\w\u200c]+")


@dataclass(frozen=True)
class DuplicateSettings:
    """When two articles are one story: the share of word shingles they have in common (Jaccard), and shingle size."""

    threshold: float = DEFAULT_THRESHOLD
    shingle_words: int = SHINGLE_WORDS
    permutations: int = PERMUTATIONS

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"the duplicate threshold must be above 0 and at most 1, got {self.threshold}")


def default_settings() -> DuplicateSettings:
    """The settings in force: KG_DUPLICATE_THRESHOLD if set (a number in (0, 1]), else 0.5."""
    value = os.environ.get(THRESHOLD_ENV, "").strip()
    if not value:
        return DuplicateSettings()
    try:
        return DuplicateSettings(threshold=float(value))
    except ValueError:
        raise ValueError(f"{THRESHOLD_ENV} must be a number above 0 and at most 1, got {value!r}") from None


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The article's runs of `size` consecutive words, with letters, digits and spacing variants unified.

    >>> len(shingles("وزیر ارتباطات به قزوین رفت", 3))
    3
    """
    words = [key for key in map(_word_key, _WORD.findall(text)) if key]
    if len(words) < size:
        return {"".join(words)} if words else set()
    return {"".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    return name_key(word)


def similarity(first: set[str], second: set[str]) -> float:
    """Jaccard similarity of two shingle sets."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _story_order(article: Article) -> tuple:
    """Which copy of a story is the original: the earliest dated, then the smallest id (independent of input order)."""
    return (article.date or "9999-99-99", article.id)


def find_duplicates(articles: Iterable[Article], stored: Iterable[Article] = (),
                    settings: DuplicateSettings | None = None) -> dict[str, str]:
    """Map each new article that republishes another story to that story's original article.

    Candidates come from MinHash LSH and are confirmed by the signatures' estimate of the shingles' Jaccard
    similarity, so only a small signature per article is kept (not its shingles), whatever the number of articles.
    An article already stored keeps its place: a new copy of it points to it (or to what it points to). Among new
    articles only, the earliest copy is the original.
    """
    articles, stored = list(articles), list(stored)
    if len(articles) + len(stored) < 2 or not articles:
        return {}  # nothing to compare (and datasketch, which imports scipy, is not loaded)
    from datasketch import MinHash, MinHashLSH

    settings = settings or default_settings()
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.permutations)
    signatures: dict[str, MinHash] = {}
    order: dict[str, tuple] = {}
    stored_original: dict[str, str | None] = {}
    parent: dict[str, str] = {}

    def index(article: Article, is_stored: bool) -> None:
        if article.id in order:
            return
        parent.setdefault(article.id, article.id)
        order[article.id] = _story_order(article)
        if is_stored:
            stored_original[article.id] = article.duplicate_of
        words = shingles(article.text, settings.shingle_words)
        if not words:
            return
        signature = MinHash(num_perm=settings.permutations)
        signature.update_batch([w.encode("utf-8") for w in words])
        for other in lsh.query(signature):
            if signature.jaccard(signatures[other]) >= settings.threshold:
                _union(parent, article.id, other)
        lsh.insert(article.id, signature)
        signatures[article.id] = signature

    for article in stored:
        index(article, True)
    new_ids = []
    for article in articles:
        new_ids.append(article.id)
        index(article, False)
    groups: dict[str, list[str]] = {}
    for article_id in parent:
        groups.setdefault(find_root(parent, article_id), []).append(article_id)
    links: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        stored_members = [m for m in members if m in stored_original]
        if stored_members:
            first = min(stored_members, key=order.__getitem__)
            original = stored_original[first] or first
        else:
            original = min(members, key=order.__getitem__)
        for member in members:
            if member != original and member not in stored_original:
                links[member] = original
    return {article_id: links[article_id] for article_id in new_ids if article_id in links}


def mark_duplicates(articles: list[Article], stored: Iterable[Article] = (),
                    settings: DuplicateSettings | None = None) -> int:
    """Set `duplicate_of` on the new articles that republish a story; returns how many do."""
    links = find_duplicates(articles, stored, settings)
    for article in articles:
        article.duplicate_of = links.get(article.id)
    return len(links)


def find_root(parent: dict[str, str], item: str) -> str:
    """The root of an item in a union-find forest of parent links, the path on the way made to point at it."""
    root = item
    while parent[root] != root:
        root = parent[root]
    while parent[item] != root:
        parent[item], item = root, parent[item]
    return root


def _union(parent: dict[str, str], first: str, second: str) -> None:
    a, b = find_root(parent, first), find_root(parent, second)
    if a != b:
        parent[max(a, b)] = min(a, b)
