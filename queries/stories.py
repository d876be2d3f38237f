"""Counting stories rather than copies: articles that republish another count once with it."""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def story_roots(copies: Mapping[str, str]) -> dict[str, str]:
    """The original article of each republished copy's story, by the copy's id, given what each copy points to
    (`GraphStore.republished`): a copy of a copy leads to the first original; a loop stops before it repeats.

    >>> story_roots({"c": "b", "b": "a"})
    {'c': 'a', 'b': 'a'}
    """
    roots = {}
    for copy in copies:
        seen, current = {copy}, copy
        while (original := copies.get(current)) and original not in seen:
            seen.add(original)
            current = original
        roots[copy] = current
    return roots


def story_count(article_ids: Iterable[str], roots: Mapping[str, str]) -> int:
    """How many distinct stories the articles tell, given the story roots of the copies (`queries.resolve.story_roots`).

    >>> story_count(["a", "b", "c"], {"b": "a"})
    2
    """
    return len({roots.get(a, a) for a in article_ids})
