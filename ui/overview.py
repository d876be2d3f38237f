"""What the overview page shows, computed once per store version: counts, hubs, the graph's core, newest articles,
facts by month and by province (with the tile map's positions from ui/data/province_tiles.yaml)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from graph.model import Entity
from graph.schema import get_schema
from graph.store import Counts, GraphStore
from graph.text import name_key
from queries.library import Subgraph
from queries.resolve import article_headers, cached

TILES = Path(__file__).resolve().parent / "data" / "province_tiles.yaml"
HUB_TYPES = ("Person", "Organization", "Project")
ARTICLE_RELATIONS = ("MENTIONED_IN", "PUBLISHED_BY")
CORE_SIZE = 18


@dataclass
class Overview:
    """The overview's figures for one state of the store."""

    counts: Counts
    hubs: dict[str, list[tuple[Entity, int]]] = field(default_factory=dict)
    core: Subgraph | None = None
    newest: list[dict] = field(default_factory=list)
    facts_by_month: dict[str, int] = field(default_factory=dict)
    by_province: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def province_tiles() -> list[dict]:
    """The tile map's provinces: name, English name, row and column."""
    with open(TILES, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def overview(store: GraphStore, per_type: int = 8, newest: int = 8) -> Overview:
    """The overview of the store as it is now (computed again only when the store's version changes)."""
    return cached(store, f"overview-{per_type}-{newest}", lambda: _compute(store, per_type, newest))


def _compute(store: GraphStore, per_type: int, newest: int) -> Overview:
    schema = get_schema()
    headers = article_headers(store)
    degree: Counter = Counter()
    months: Counter = Counter()
    facts = []
    for rel_type in schema.relationships:
        if rel_type in ARTICLE_RELATIONS:
            continue
        for rel in store.relations(rel_type):
            facts.append(rel)
            degree[rel.source] += 1
            degree[rel.target] += 1
            dates = sorted(d for d in ((headers.get(a) or {}).get("date") for a in rel.articles()) if d)
            if dates:
                months[dates[0][:7]] += 1
    entities = store.get_entities(degree)
    hubs = {label: [] for label in HUB_TYPES}
    for entity_id, n in sorted(degree.items(), key=lambda item: (-item[1], item[0])):
        entity = entities.get(entity_id)
        if entity is not None and entity.type in hubs and len(hubs[entity.type]) < per_type:
            hubs[entity.type].append((entity, n))
    core_ids = [i for i, _ in sorted(degree.items(), key=lambda item: (-item[1], item[0])) if i in entities][:CORE_SIZE]
    core = Subgraph(center=core_ids[0] if core_ids else "")
    for entity_id in core_ids:
        core.nodes[entity_id] = entities[entity_id]
        core.hops[entity_id] = 0 if entity_id == core.center else 1
    for rel in facts:
        if rel.source in core.nodes and rel.target in core.nodes:
            core.edges[rel.key_string] = rel
    located = {rel.source: rel.target for rel in store.relations("LOCATED_IN")}
    provinces = {e.id: e.name for e in store.entities("Province")}
    per_province: Counter = Counter()
    for rel in facts:
        touched = {end if end in provinces else located.get(end) for end in (rel.source, rel.target)}
        for province in touched - {None}:
            per_province[provinces[province]] += 1
    latest = sorted((h for h in headers.values() if h.get("date")), key=lambda h: (h["date"], h["id"]), reverse=True)
    return Overview(counts=store.counts(), hubs=hubs, core=core if core_ids else None, newest=latest[:newest],
                    facts_by_month=dict(sorted(months.items())), by_province=dict(per_province))


def tile_rows(by_province: dict[str, int], english: bool) -> list[dict]:
    """One row per tile: position, label and count (0 for a province no fact touches)."""
    counts = {name_key(name): n for name, n in by_province.items()}
    return [{"row": t["row"], "col": t["col"], "label": t["en"] if english else t["name"],
             "count": counts.get(name_key(t["name"]), 0)} for t in province_tiles()]
