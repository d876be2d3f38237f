"""Drawing a neighbourhood with streamlit-cytoscape: elements, styles coloured by the schema, the legend, click events."""
from __future__ import annotations

import html

from streamlit_cytoscape import EdgeStyle, Event, NodeStyle, streamlit_cytoscape

from graph.schema import get_schema
from queries.library import Subgraph, node_label, node_name
from ui.text import label_name, relation_name

OPEN_EVENT = "open"
NAME_LIMIT = 40


def graph_elements(graph: Subgraph, english: bool) -> dict:
    """Cytoscape nodes and edges of a subgraph; names are data (drawn as canvas text), never markup."""
    nodes = []
    for node_id, node in graph.nodes.items():
        name = node_name(node)
        nodes.append({"data": {"id": node_id, "label": node_label(node),
                               "name": name if len(name) <= NAME_LIMIT else name[:NAME_LIMIT] + "…",
                               "type": label_name(node_label(node), english), "hop": graph.hops[node_id]}})
    edges = []
    for key, rel in graph.edges.items():
        caption = relation_name(rel.type, english)
        detail = rel.properties.get("role") or ""
        edges.append({"data": {"id": key, "source": rel.source, "target": rel.target, "label": rel.type,
                               "caption": f"{caption} ({detail})" if detail else caption,
                               "articles": len(rel.articles())}})
    return {"nodes": nodes, "edges": edges}


def node_styles() -> list[NodeStyle]:
    """One style per node label, coloured as the schema says, captioned with the name."""
    return [NodeStyle(label=name, color=spec.colour, caption="name",
                      custom_styles={"font-family": "Vazirmatn, 'Noto Sans Arabic', Tahoma, sans-serif",
                                     "font-size": 11})
            for name, spec in get_schema().labels.items()]


def edge_styles() -> list[EdgeStyle]:
    """One directed style per relationship type, captioned with its (translated) name."""
    return [EdgeStyle(label=name, caption="caption", directed=True,
                      custom_styles={"font-size": 9, "color": "#333", "text-background-opacity": 0})
            for name in get_schema().relationships]


def legend_html(english: bool) -> str:
    """The colour legend as HTML built only from the schema (label names and colours), escaped all the same."""
    chips = [f'<span style="background:{html.escape(spec.colour)};color:#fff;border-radius:4px;padding:1px 8px;'
             f'margin-inline-end:6px">{html.escape(label_name(name, english))}</span>'
             for name, spec in get_schema().labels.items()]
    return f'<div class="kg-legend">{"".join(chips)}</div>'


def draw(graph: Subgraph, english: bool, key: str, height: int = 520):
    """Render the graph; returns the component's last event ({action, data, timestamp}) or None."""
    return streamlit_cytoscape(graph_elements(graph, english), layout="fcose", node_styles=node_styles(),
                               edge_styles=edge_styles(), height=height, key=key,
                               events=[Event(OPEN_EVENT, "tap", "node")])
