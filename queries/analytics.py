"""Graph analytics with networkx on the entity graph read through the store contract: shortest paths, rankings, communities."""
from __future__ import annotations

from itertools import pairwise

import networkx as nx

from graph.store import GraphStore
from queries.library import ENTITY_RELATIONS, evidence_rows_for, relation_detail
from queries.registry import Param, QueryError, named_query
from queries.resolve import article_headers, cached

EXACT_BETWEENNESS_UP_TO = 3000


def entity_graph(store: GraphStore) -> nx.Graph:
    """An undirected graph of entities joined by their facts (articles left out), cached per store state.

    Nodes carry `name` and `type`; each edge carries `relations`, the facts joining its two ends.
    """
    return cached(store, "entity_graph", lambda: _build_entity_graph(store))


def _build_entity_graph(store: GraphStore) -> nx.Graph:
    """Nodes and edges added in id order, so seeded algorithms give the same answer whatever order a store reads in."""
    graph = nx.Graph()
    for entity in sorted(store.entities(), key=lambda e: e.id):
        graph.add_node(entity.id, name=entity.name, type=entity.type)
    facts = [rel for rel_type in ENTITY_RELATIONS for rel in store.relations(rel_type)]
    for rel in sorted(facts, key=lambda r: r.key_string):
        if rel.source not in graph or rel.target not in graph:
            continue
        if graph.has_edge(rel.source, rel.target):
            graph.edges[rel.source, rel.target]["relations"].append(rel)
        else:
            graph.add_edge(rel.source, rel.target, relations=[rel])
    return graph


def _restricted(graph: nx.Graph, rel_types: list[str] | None) -> nx.Graph:
    if not rel_types:
        return graph
    wanted = set(rel_types)
    return nx.subgraph_view(graph, filter_edge=lambda a, b: any(r.type in wanted for r in graph.edges[a, b]["relations"]))


def shortest_paths(store: GraphStore, source: str, target: str, max_paths: int = 3,
                   rel_types: list[str] | None = None) -> list[list[str]]:
    """Up to `max_paths` shortest paths (lists of entity ids) between two entities; empty when they are not connected."""
    graph = _restricted(entity_graph(store), rel_types)
    if source not in graph or target not in graph:
        return []
    try:
        paths = nx.all_shortest_paths(graph, source, target)
        found = []
        for path in paths:
            found.append(path)
            if len(found) >= max_paths:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(found)


@named_query("paths", "Shortest paths between two entities, with the evidence for each hop",
             "کوتاه‌ترین مسیرها میان دو موجودیت، با شاهد هر گام",
             ["path", "hop", "source", "source_name", "relation", "detail", "target", "target_name", "sentence",
              "article", "date"],
             [Param("source", "entity", "first entity id or name", "موجودیت نخست", required=True),
              Param("target", "entity", "second entity id or name", "موجودیت دوم", required=True),
              Param("max_paths", "int", "most paths", "بیشترین تعداد مسیر", default=3, minimum=1, maximum=50),
              Param("rel_types", "rel_types", "relationship types to follow", "نوع روابط")])
def paths(store: GraphStore, source: str, target: str, max_paths: int, rel_types) -> list[dict]:
    """One row per fact on each hop of each shortest path, with its first piece of evidence."""
    graph = entity_graph(store)
    headers = article_headers(store)
    wanted = set(rel_types or [])
    rows = []
    for number, path in enumerate(shortest_paths(store, source, target, max_paths, rel_types), start=1):
        for hop, (a, b) in enumerate(pairwise(path), start=1):
            facts = [r for r in graph.edges[a, b]["relations"] if not wanted or r.type in wanted]
            for rel in sorted(facts, key=lambda r: r.key_string):
                first = (evidence_rows_for(store, [rel], headers) or [{}])[0]
                rows.append({"path": number, "hop": hop, "source": rel.source,
                             "source_name": graph.nodes[rel.source]["name"], "relation": rel.type,
                             "detail": relation_detail(rel), "target": rel.target,
                             "target_name": graph.nodes[rel.target]["name"], "sentence": first.get("sentence"),
                             "article": first.get("article"), "date": first.get("date")})
    return rows


def centrality(store: GraphStore, metric: str) -> dict[str, float]:
    """Scores of every entity under a metric (degree, betweenness, pagerank), cached per store state."""
    def compute() -> dict[str, float]:
        graph = entity_graph(store)
        if metric == "degree":
            return dict(graph.degree())
        if metric == "betweenness":
            k = None if graph.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO
            return nx.betweenness_centrality(graph, k=k, seed=0)
        if metric == "pagerank":
            return nx.pagerank(graph) if graph.number_of_edges() else {n: 0.0 for n in graph}
        raise QueryError(f"unknown metric {metric!r}; choose degree, betweenness or pagerank")
    return cached(store, f"centrality:{metric}", compute)


@named_query("rankings", "Most central entities by degree, betweenness or PageRank",
             "کانونی‌ترین موجودیت‌ها بر پایه درجه، بینابینی یا پیج‌رنک",
             ["rank", "id", "name", "type", "score"],
             [Param("metric", "choice", "degree, betweenness or pagerank", "معیار", default="degree",
                    choices=("degree", "betweenness", "pagerank")),
              Param("types", "labels", "node labels to rank", "نوع‌ها"),
              Param("limit", "int", "most rows", "بیشترین تعداد", default=20, minimum=1, maximum=1000)])
def rankings(store: GraphStore, metric: str, types, limit: int) -> list[dict]:
    """Entities sorted by the metric (ties by name and id)."""
    graph = entity_graph(store)
    scores = centrality(store, metric)
    wanted = set(types or [])
    ranked = sorted((n for n in graph if not wanted or graph.nodes[n]["type"] in wanted),
                    key=lambda n: (-scores.get(n, 0.0), graph.nodes[n]["name"], n))
    return [{"rank": i, "id": n, "name": graph.nodes[n]["name"], "type": graph.nodes[n]["type"],
             "score": round(float(scores.get(n, 0.0)), 6)} for i, n in enumerate(ranked[:limit], start=1)]


@named_query("communities", "Groups of closely connected entities (Louvain)", "گروه‌های موجودیت‌های به‌هم‌پیوسته (لووَن)",
             ["community", "size", "id", "name", "type"],
             [Param("min_size", "int", "smallest group to list", "کوچک‌ترین اندازه گروه", default=2, minimum=1)])
def communities(store: GraphStore, min_size: int) -> list[dict]:
    """One row per member of each community of at least `min_size`, largest community first."""
    graph = entity_graph(store)
    groups = cached(store, "communities", lambda: nx.community.louvain_communities(graph, seed=0))
    ordered = sorted((sorted(g) for g in groups if len(g) >= min_size), key=lambda g: (-len(g), g[0]))
    rows = []
    for number, members in enumerate(ordered, start=1):
        for node in sorted(members, key=lambda n: (graph.nodes[n]["type"], graph.nodes[n]["name"], n)):
            rows.append({"community": number, "size": len(members), "id": node, "name": graph.nodes[node]["name"],
                         "type": graph.nodes[node]["type"]})
    return rows
