"""The data one entity page needs (profile, capped neighbourhood, evidence), built in one call for the app and the benchmark."""
from __future__ import annotations

from dataclasses import dataclass, field

from graph.store import GraphStore
from queries.library import (
    Profile,
    Subgraph,
    evidence_rows_for,
    in_date_range,
    neighbourhood,
    profile,
)
from queries.resolve import article_headers


@dataclass
class Filters:
    """What the explorer's sidebar narrows the view to; empty means everything."""

    node_types: list[str] | None = None
    rel_types: list[str] | None = None
    since: str | None = None
    until: str | None = None
    province: str | None = None


@dataclass
class EntityPage:
    """An entity's profile, its neighbourhood as drawn (capped) and the evidence of its facts."""

    profile: Profile
    graph: Subgraph
    evidence: list[dict] = field(default_factory=list)


def build_entity_page(store: GraphStore, entity_id: str, filters: Filters | None = None, depth: int = 1,
                      limit: int = 40, evidence_limit: int = 200) -> EntityPage:
    """Profile, the neighbourhood within `depth` hops capped at `limit` nodes, and up to `evidence_limit` evidence rows.

    The filters apply to the neighbourhood and to the facts whose evidence is listed.
    """
    filters = filters or Filters()
    prof = profile(store, entity_id)
    graph = neighbourhood(store, entity_id, depth=depth, node_types=filters.node_types, rel_types=filters.rel_types,
                          limit=limit, since=filters.since, until=filters.until, province=filters.province,
                          center_hops=None if "Article" in (filters.node_types or []) else prof.facts)
    headers = article_headers(store)
    wanted_types = set(filters.rel_types or [])
    facts = [hop.relation for hop, dates in zip(prof.facts, prof.fact_dates)
             if (not wanted_types or hop.relation.type in wanted_types)
             and in_date_range(dates, filters.since, filters.until)]
    facts.sort(key=lambda r: -len(r.evidence))
    rows = []
    for relation in facts:
        if len(rows) >= evidence_limit:
            break
        rows.extend(evidence_rows_for(store, [relation], headers)[: evidence_limit - len(rows)])
    return EntityPage(profile=prof, graph=graph, evidence=rows)
