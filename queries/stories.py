"""Counting stories rather than copies: articles that republish another count once with it."""
from __future__ import annotations

from collections.abc import Iterable


def story_of(article_id: str, headers: dict[str, dict]) -> str:
    """The id of the original article of the story an article tells (itself unless it is a republished copy)."""
    seen = {article_id}
    current = article_id
    while True:
        original = (headers.get(current) or {}).get("duplicate_of")
        if not original or original in seen:
            return current
        seen.add(original)
        current = original


def story_count(article_ids: Iterable[str], headers: dict[str, dict]) -> int:
    """How many distinct stories the articles tell, given the article headers (`queries.resolve.article_headers`).

    >>> story_count(["a", "b", "c"], {"b": {"duplicate_of": "a"}})
    2
    """
    return len({story_of(a, headers) for a in article_ids})
