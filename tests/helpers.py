"""Test helpers shared by several test modules."""
from __future__ import annotations


def snapshot(store) -> dict:
    """Everything in a store as comparable plain data: entities, articles, relations with their evidence."""
    return {
        "entities": sorted((e.id, e.type, e.name, tuple(sorted(e.aliases))) for e in store.entities()),
        "articles": sorted((a.id, a.path, a.date, a.source, a.text) for a in store.articles()),
        "relations": sorted((r.key_string, tuple(sorted(r.properties.items(), key=str)),
                             tuple(sorted((e.article, e.start, e.end) for e in r.evidence)))
                            for r in store.relations()),
    }
