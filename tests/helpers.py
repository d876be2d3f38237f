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


def miscounted_relations(store) -> list[tuple]:
    """(id, stored count, evidence rows) of each relation of an embedded store whose kept evidence count is wrong."""
    return store._db.execute("SELECT r.id, r.evidence_count, (SELECT count(*) FROM evidence v WHERE v.relation = r.id) "
                             "AS n FROM relations r WHERE r.evidence_count != n").fetchall()
