"""Turning what a user types into entities, small per-store caches (article headers) keyed by the store's state, and
the line an article is shown by."""
from __future__ import annotations

import gc
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from graph.model import Entity, Relation
from graph.store import Fact, GraphStore
from queries import stories
from queries.registry import QueryError

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def resolve_entity(store: GraphStore, value: str, label: str | None = None, where: str = "entity") -> Entity:
    """The entity with this id, else the one whose name key matches exactly, else a clear error with suggestions."""
    value = (value or "").strip()
    entity = store.get_entity(value)
    if entity is not None and (label is None or entity.type == label):
        return entity
    exact = store.find_by_name(value, label)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        options = "; ".join(f"{e.id} ({e.type} {e.name})" for e in exact)
        raise QueryError(f"{where}: {value!r} names several entities, give one id: {options}")
    found = store.search(value, [label] if label else None, limit=5)
    if found and (len(found) == 1 or (found[0][1] >= 0.8 and found[1][1] < found[0][1])):
        return found[0][0]
    kind = f"{label} " if label else ""
    hint = f"; did you mean: {'; '.join(f'{e.name} ({e.id})' for e, _ in found)}" if found else ""
    raise QueryError(f"{where}: no {kind}entity called {value!r}{hint}")


_QUERY_STATES: ContextVar[dict | None] = ContextVar("kg_query_states", default=None)


@contextmanager
def one_state() -> Iterator[None]:
    """Within the block (a named query), each store's state is read once: the query's cache look-ups all see one
    state, and a Neo4j store, whose `version()` is a round trip counting its nodes and relationships, is asked once."""
    outer = _QUERY_STATES.set({})
    try:
        yield
    finally:
        _QUERY_STATES.reset(outer)


def state_token(store: GraphStore) -> tuple:
    """Identifies what a store holds now: changes when a build writes or an embedded store reloads (read once per
    `one_state` block)."""
    states = _QUERY_STATES.get()
    if states is None:
        return store.version()
    known = states.get(id(store))
    if known is None or known[0] is not store:
        known = states[id(store)] = (store, store.version())
    return known[1]


def cached(store: GraphStore, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()` once per store and state: the last value is kept with the store and dropped when it goes.

    Values kept are frozen out of the garbage collector's view (`gc.freeze`) with whatever else lives then: a big
    store's caches hold millions of objects, and every full collection would scan them all again, a pause of 1-2 s
    inside some query. When the store has changed, its values of the state before are dropped, unfrozen and collected at once (one
    full collection per change), so the cycles they hold are freed.
    """
    entries = _CACHE.setdefault(store, {})
    token = state_token(store)
    hit = entries.get(name)
    if hit is not None and hit[0] != token:
        for stale in [key for key, (kept_at, _) in entries.items() if kept_at != token]:
            del entries[stale]
        hit = None
        gc.unfreeze()
        gc.collect()
    if hit is None:
        hit = entries[name] = (token, compute())
        gc.freeze()
    return hit[1]


def article_headers(store: GraphStore) -> dict[str, dict]:
    """Every article's header (title, date, source, url) without its text, by id; cached per store state."""
    return cached(store, "article_headers", store.article_headers)


def story_roots(store: GraphStore) -> dict[str, str]:
    """The original of each republished copy's story, by the copy's id (`queries.stories`); cached per store state."""
    return cached(store, "story_roots", lambda: stories.story_roots(store.republished()))


def fact_stories(store: GraphStore) -> Callable[[Relation | Fact], int]:
    """A counter of the stories each fact was read in (`queries.stories.story_count`), each fact's count remembered
    by its key (given when the caller has it) until the store changes: a hub's neighbourhood shows facts read in
    200,000 sentences."""
    roots, known = story_roots(store), cached(store, "fact_stories", dict)

    def count(fact: Relation | Fact, key: str | None = None) -> int:
        key = key or fact.key_string
        found = known.get(key)
        if found is None:
            found = known[key] = stories.story_count(fact.articles(), roots)
        return found
    return count


HEADLINE_CHARS = 90
_SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)")
# What opens a news lead before its news: a credit ("به گزارش ایرنا،") or a dateline ("کرمان- ایرنا-").
_LEAD_PREFIX = re.compile(r"^(?:(?:به گزارش|به نقل از)[^،,\n]{1,60}[،,]\s*|(?:[^-–—\n:،]{1,30}[-–—]\s*){1,2})")


def lead_line(opening: str, limit: int = HEADLINE_CHARS) -> str:
    """The first sentence of an article's opening without its credit or dateline, cut at a word before `limit`
    characters (with …)."""
    first = next((line.strip() for line in opening.splitlines() if line.strip()), "")
    first = _LEAD_PREFIX.sub("", first, count=1) or first
    end = _SENTENCE_END.search(first)
    sentence = first[:end.start()] if end else first
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0] if " " in sentence[:limit] else sentence[:limit]
    return cut.rstrip("،,؛: ") + "…"


def headlines(store: GraphStore, headers: Iterable[dict]) -> dict[str, str]:
    """The line to show each article by: its title, else the lead of its text, else its id; the openings of the
    untitled ones are fetched in one store call, and remembered until the store changes."""
    known = cached(store, "headlines", dict)
    headers = list(headers)
    new = [h for h in headers if h["id"] not in known]
    if new:
        openings = store.article_openings([h["id"] for h in new if not h.get("title")])
        known.update({h["id"]: h.get("title") or lead_line(openings.get(h["id"], "")) or h["id"] for h in new})
    return {h["id"]: known[h["id"]] for h in headers}
