"""GraphML, GEXF and CSV exports of any GraphStore, for Gephi, yEd, networkx and spreadsheets.

Every article and entity is a node and every relationship an edge (MENTIONED_IN and PUBLISHED_BY included), so the
files have the store's node and edge counts. A position's edge also has its tenure (first_seen, last_seen, appointed,
ended, until, until_inferred, start, end, status, review). Lists (aliases, article ids) are joined with " | ".

>>> from graph.embedded import EmbeddedStore
>>> import tempfile
>>> to_networkx(EmbeddedStore(tempfile.mkdtemp())).number_of_nodes()
0
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from graph.model import Relation
from graph.schema import get_schema
from graph.store import GraphStore
from queries.tenure import Tenure, all_tenures, tenure_index

LIST_SEPARATOR = " | "
NETWORK_FORMATS = ("graphml", "gexf", "csv")
NODE_COLUMNS = ("id", "type", "name", "aliases", "name_en", "kind", "capital", "title", "date", "date_jalali",
                "source", "url")
TENURE_COLUMNS = get_schema().relationship("HOLDS_POSITION").derived_properties
EDGE_COLUMNS = ("id", "source", "target", "type", "role", "date", "confirmed", "count", "articles", "evidence", "sentence",
                *TENURE_COLUMNS)


def _flat(value) -> str | int | float | bool | None:
    """A value GraphML, GEXF and CSV can hold: lists joined, empties dropped."""
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value in (None, ""):
        return None
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def node_rows(store: GraphStore) -> Iterator[dict]:
    """One flat row per entity and per article (without the article text)."""
    for entity in store.entities():
        yield {"id": entity.id, "type": entity.type, "name": entity.name, "aliases": entity.aliases,
               **{k: entity.properties.get(k) for k in NODE_COLUMNS if k in entity.properties}}
    for article in store.articles():
        yield {"id": article.id, "type": "Article", "name": article.title or article.id, "title": article.title,
               "date": article.date, "date_jalali": article.date_jalali, "source": article.source, "url": article.url}


def edge_row(relation: Relation, tenure: Tenure | None = None) -> dict:
    """One flat row for a relationship: its key as id, its properties, its articles and first sentence, and for a
    position the fields of its tenure (queries/tenure.py)."""
    spec = get_schema().relationship(relation.type)
    row = {"id": relation.key_string, "source": relation.source, "target": relation.target, "type": relation.type,
           "articles": relation.articles(), "evidence": len(relation.evidence),
           "sentence": next((e.sentence for e in relation.evidence if e.sentence), None)}
    for prop in spec.exported_properties:
        if prop in EDGE_COLUMNS:
            row[prop] = relation.properties.get(prop)
    if tenure is not None:
        values = tenure.to_dict()
        row.update({prop: values[prop] for prop in spec.derived_properties})
    return row


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The store as a networkx MultiDiGraph with flat attributes; `label` is the display name (Gephi shows it)."""
    graph = nx.MultiDiGraph()
    colours = {name: spec.colour for name, spec in get_schema().labels.items()}
    for row in node_rows(store):
        attrs = {k: _flat(v) for k, v in row.items() if k != "id"}
        attrs["label"] = attrs.pop("name")
        attrs["colour"] = colours[row["type"]]
        graph.add_node(row["id"], **{k: v for k, v in attrs.items() if v is not None})
    tenures = tenure_index(all_tenures(store))
    for relation in store.relations():
        row = edge_row(relation, tenures.get(relation.key_string))
        attrs = {k: _flat(v) for k, v in row.items() if k not in ("id", "source", "target")}
        attrs["label"] = relation.type
        graph.add_edge(relation.source, relation.target, key=row["id"],
                       **{k: v for k, v in attrs.items() if v is not None})
    return graph


def _gexf_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose colours are GEXF viz colours, so Gephi paints nodes by type."""
    copy = graph.copy()
    for _, attrs in copy.nodes(data=True):
        hex_colour = attrs.pop("colour").lstrip("#")
        r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    return copy


def csv_paths(output: str | Path) -> tuple[Path, Path]:
    """Where CSV goes: an existing directory or one ending in '/' gets nodes.csv and edges.csv; anything else is a
    prefix: 'out/kg' (or 'out/kg.csv') gives out/kg-nodes.csv and out/kg-edges.csv."""
    text = str(output)
    path = Path(text)
    if path.is_dir() or text.endswith(("/", "\\")):
        return path / "nodes.csv", path / "edges.csv"
    if path.suffix.lower() == ".csv":
        path = path.with_suffix("")
    return path.with_name(path.name + "-nodes.csv"), path.with_name(path.name + "-edges.csv")


def write_csv(store: GraphStore, output: str | Path) -> tuple[Path, Path]:
    """Write a nodes file and an edges file (UTF-8 with a byte-order mark, so spreadsheets show Persian); returns both paths."""
    nodes_path, edges_path = csv_paths(output)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with open(nodes_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=NODE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in node_rows(store):
            writer.writerow({k: _flat(v) for k, v in row.items()})
    with open(edges_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EDGE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        tenures = tenure_index(all_tenures(store))
        for relation in store.relations():
            writer.writerow({k: _flat(v) for k, v in edge_row(relation, tenures.get(relation.key_string)).items()})
    return nodes_path, edges_path


def export_network(store: GraphStore, format: str, path: str | Path) -> list[Path]:
    """Write the store as GraphML, GEXF or CSV; returns the files written."""
    if format == "csv":
        return list(write_csv(store, path))
    if format not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {format!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    path = Path(path)
    graph = to_networkx(store)
    if format == "graphml":
        nx.write_graphml(graph, path, encoding="utf-8")
    else:
        nx.write_gexf(_gexf_ready(graph), path, encoding="utf-8")
    return [path]
