"""The explorer's pages: overview, search and entity page, review queue, decisions, path finder, named queries,
statistics, article reader, Cypher console."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from graph.model import Entity
from graph.schema import get_schema
from graph.store import GraphStore, StoreError
from queries import QueryError, list_queries, run_query
from queries.entity_page import Filters, build_entity_page
from queries.library import Subgraph, entities_in_province, node_name, relation_detail
from queries.registry import NamedQuery, cell_text
from queries.resolve import article_headers, fact_stories, headlines
from ui import curate
from ui.graphview import OPEN_EVENT, draw, legend_html
from ui.overview import HUB_TYPES, overview, tile_rows
from ui.tenure import tenure_section
from ui.text import (
    digits,
    find_names,
    highlight,
    label_name,
    ltr,
    md_escape,
    parse_date,
    mention_spans,
    relation_name,
    safe_url,
    show_date,
    show_detail,
    word,
)

PAGE_SIZE = 40


@dataclass
class Context:
    """What every page gets: the store, the language and the sidebar's filters."""

    store: GraphStore
    english: bool
    filters: Filters
    curator: curate.Curator | None = None
    curation_path: Path | None = None

    def w(self, key: str) -> str:
        return word(key, self.english)

    def date(self, iso: str | None) -> str:
        """A date in the reader's calendar: Jalali with Persian digits, or Gregorian in English."""
        return ltr(show_date(iso, self.english)) if self.english else show_date(iso, False)


def open_entity(entity_id: str) -> None:
    """Show an entity's page and put it in the URL (a shareable deep link)."""
    st.query_params.clear()
    st.query_params["entity"] = entity_id
    st.session_state["goto"] = "explore"
    st.rerun()


def open_article(article_id: str) -> None:
    """Show an article in the reader and put it in the URL."""
    st.query_params.clear()
    st.query_params["article"] = article_id
    st.session_state["goto"] = "articles"
    st.rerun()


def _table(rows: list[dict], columns: list[str], english: bool) -> None:
    """Query rows as a table, dates in the reader's calendar (the CSV download keeps ISO dates)."""
    frame = pd.DataFrame([{c: show_detail(cell_text(r.get(c)), english) if isinstance(r.get(c), str) else
                           cell_text(r.get(c)) for c in columns} for r in rows], columns=columns)
    st.dataframe(frame, hide_index=True, width="stretch")


# ---- overview -------------------------------------------------------------------------------------------------------

def page_overview(ctx: Context) -> None:
    """The landing page: what the graph holds and where to start."""
    view = overview(ctx.store)
    overview_counts(ctx, view)
    overview_hubs(ctx, view)
    overview_core(ctx, view)
    left, right = st.columns([3, 2])
    with left:
        overview_provinces(ctx, view)
    with right:
        overview_months(ctx, view)
        overview_newest(ctx, view)


def overview_counts(ctx: Context, view) -> None:
    """Counts by node type, and facts in all."""
    labels = [label for label in get_schema().labels if view.counts.nodes.get(label)]
    columns = st.columns(len(labels) + 1)
    for column, label in zip(columns, labels):
        column.metric(label_name(label, ctx.english), digits(view.counts.nodes[label], ctx.english))
    facts = sum(n for t, n in view.counts.relationships.items() if t not in ("MENTIONED_IN", "PUBLISHED_BY"))
    columns[-1].metric(ctx.w("facts"), digits(facts, ctx.english))


def overview_hubs(ctx: Context, view) -> None:
    """The most connected people, organisations and projects, each a button to its page."""
    columns = st.columns(len(HUB_TYPES))
    for column, label in zip(columns, HUB_TYPES):
        with column:
            st.subheader(ctx.w(f"hubs_{label}"))
            for entity, degree in view.hubs.get(label, []):
                if st.button(f"{md_escape(entity.name)} ({digits(degree, ctx.english)})", key=f"hub-{entity.id}"):
                    open_entity(entity.id)


def overview_core(ctx: Context, view) -> None:
    """The top hubs and the edges among them; a click opens a node's page."""
    if view.core is None:
        return
    st.subheader(ctx.w("core"))
    st.markdown(legend_html(ctx.english), unsafe_allow_html=True)
    event = draw(view.core, ctx.english, key="overview-core", height=460)
    _follow_click(ctx, event, None)


def overview_months(ctx: Context, view) -> None:
    """Facts by the month of the first article that reported them."""
    if view.facts_by_month:
        st.subheader(ctx.w("facts_by_month"))
        month_chart(ctx, view.facts_by_month)


def month_chart(ctx: Context, counts: dict[str, int], height: int = 260) -> None:
    """A bar per month ("YYYY-MM" keys), labelled in the reader's calendar and kept in time order."""
    months = sorted(counts)
    labels = [show_date(m, ctx.english) for m in months]
    frame = pd.DataFrame({"label": labels, "count": [counts[m] for m in months]})
    chart = alt.Chart(frame).mark_bar(color="#2e86ab").encode(
        x=alt.X("label:N", sort=labels, title=ctx.w("month"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title=ctx.w("count")),
        tooltip=["label", "count"])
    st.altair_chart(chart.properties(height=height), width="stretch")


def overview_provinces(ctx: Context, view) -> None:
    """A tile map of the 31 provinces, shaded by the facts that touch each (its organisations' and projects' too)."""
    st.subheader(ctx.w("by_province"))
    frame = pd.DataFrame(tile_rows(view.by_province, ctx.english))
    base = alt.Chart(frame).encode(x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None))
    tiles = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="blues"), title=ctx.w("facts_n")),
        tooltip=["label", "count"])
    names = base.mark_text(fontSize=10, font="Vazirmatn, Tahoma, sans-serif", lineBreak=" ").encode(
        text="label:N", color=alt.condition(alt.datum.count > max(frame["count"].max() / 2, 1),
                                            alt.value("white"), alt.value("#222")))
    st.altair_chart((tiles + names).properties(height=380), width="stretch")


def overview_newest(ctx: Context, view) -> None:
    """The newest articles, each a button to the reader."""
    st.subheader(ctx.w("newest"))
    lines = headlines(ctx.store, view.newest)
    for header in view.newest:
        label = f"{ctx.date(header.get('date'))} · {md_escape(header.get('source'))} · {md_escape(lines[header['id']])}"
        if st.button(label, key=f"new-{header['id']}"):
            open_article(header["id"])


def _follow_click(ctx: Context, event, current: str | None) -> None:
    """Open the node a click on the graph chose (once per click)."""
    if event and event.get("action") == OPEN_EVENT and event.get("timestamp") != st.session_state.get("last_click"):
        st.session_state["last_click"] = event.get("timestamp")
        target = (event.get("data") or {}).get("target_id")
        if target and target != current:
            if ctx.store.get_entity(target) is not None:
                open_entity(target)
            elif ctx.store.get_article(target) is not None:
                open_article(target)


# ---- search and entity page ------------------------------------------------------------------------------------------

def page_explore(ctx: Context) -> None:
    """Search box with ranked results; below it the open entity's page."""
    text = st.text_input(ctx.w("search"), key="search_text")
    if text:
        found = ctx.store.search(text, ctx.filters.node_types or None, limit=15)
        if ctx.filters.province:
            members = entities_in_province(ctx.store, ctx.filters.province)
            found = [(e, score) for e, score in found if e.id in members]
        if not found:
            st.info(ctx.w("no_results"))
        for entity, _ in found:
            caption = f"{md_escape(entity.name)} — {label_name(entity.type, ctx.english)}"
            if st.button(caption, key=f"result-{entity.id}"):
                open_entity(entity.id)
    entity_id = st.query_params.get("entity")
    if entity_id:
        entity_section(ctx, entity_id)


def entity_section(ctx: Context, entity_id: str) -> None:
    """An entity's page: names, facts table, neighbourhood graph, evidence panel, articles."""
    if ctx.store.get_entity(entity_id) is None:
        st.error(f"{md_escape(entity_id)}: {ctx.w('no_results')}")
        return
    depth = st.session_state.setdefault(f"depth-{entity_id}", 1)
    limit = st.session_state.setdefault(f"limit-{entity_id}", PAGE_SIZE)
    page = build_entity_page(ctx.store, entity_id, ctx.filters, depth=depth, limit=limit)
    entity = page.profile.entity
    st.header(md_escape(entity.name))
    bits = [f"{ctx.w('type')}: {label_name(entity.type, ctx.english)}"]
    if entity.aliases:
        bits.append(f"{ctx.w('aliases')}: {'، '.join(entity.aliases)}")
    if page.profile.first_seen:
        bits.append(f"{ctx.w('first_seen')}: {ctx.date(page.profile.first_seen)} · "
                    f"{ctx.w('last_seen')}: {ctx.date(page.profile.last_seen)}")
    st.text("\n".join(bits))

    st.subheader(ctx.w("facts"))
    stories_of = fact_stories(ctx.store)
    shown = [h for h in page.profile.facts
             if (not ctx.filters.rel_types or h.relation.type in ctx.filters.rel_types)
             and (not ctx.filters.node_types or h.node.type in ctx.filters.node_types)]
    fact_rows = [{ctx.w("relation"): relation_name(h.relation.type, ctx.english) + (" ←" if h.direction == "in" else ""),
                  ctx.w("name"): node_name(h.node), ctx.w("type"): label_name(h.node.type, ctx.english),
                  ctx.w("detail"): _detail(ctx, h.relation), ctx.w("articles"): stories_of(h.relation),
                  ctx.w("confirmed"): "✓" if h.relation.properties.get("confirmed") else ""}
                 for h in shown]
    if fact_rows:
        st.dataframe(pd.DataFrame(fact_rows), hide_index=True, width="stretch")
    months = Counter((a.get("date") or "")[:7] for a in page.profile.articles if a.get("date"))
    if len(months) > 1:
        st.caption(ctx.w("over_time"))
        month_chart(ctx, dict(months), height=160)
    tenure_section(ctx.store, entity, ctx.english)

    st.subheader(ctx.w("graph"))
    st.markdown(legend_html(ctx.english), unsafe_allow_html=True)
    cols = st.columns(3)
    if cols[0].button(ctx.w("expand" if depth == 1 else "collapse"), key=f"expand-{entity_id}"):
        st.session_state[f"depth-{entity_id}"] = 3 - depth
        st.rerun()
    if page.graph.hidden:
        cols[1].text(f"{page.graph.hidden} {ctx.w('hidden')}")
        if cols[2].button(ctx.w("show_more"), key=f"more-{entity_id}"):
            st.session_state[f"limit-{entity_id}"] = limit + PAGE_SIZE
            st.rerun()
    event = draw(page.graph, ctx.english, key=f"graph-{entity_id}-{depth}-{limit}")
    _follow_click(ctx, event, entity_id)

    curation_section(ctx, page)
    evidence_panel(ctx, page)
    st.subheader(ctx.w("mentioned_in"))
    lines = headlines(ctx.store, page.profile.articles)
    for art in page.profile.articles:
        label = f"{ctx.date(art.get('date'))} · {md_escape(art.get('source'))} · {md_escape(lines[art['id']])}"
        if st.button(label, key=f"art-{art['id']}"):
            open_article(art["id"])


def _detail(ctx: Context, relation) -> str:
    """A fact's detail as shown: its role, or its date in the reader's calendar."""
    return show_detail(relation_detail(relation), ctx.english)


def curation_section(ctx: Context, page) -> None:
    """The curation controls (when curation is on) and the facts of this entity that were rejected."""
    entity = page.profile.entity
    if ctx.curator is not None:
        curate.entity_curation(ctx.curator, ctx.store, entity, page.profile.facts, ctx.english)
    if ctx.curation_path is not None:
        try:
            decisions = curate.decisions_in(ctx.curation_path)
        except curate.CurationError:
            return
        curate.rejected_view(decisions, ctx.english, entity)


def evidence_panel(ctx: Context, page) -> None:
    """Each fact's source sentences with both ends highlighted, and the article's date, agency and link."""
    st.subheader(ctx.w("evidence"))
    entity = page.profile.entity
    others = {hop.node.id: hop.node for hop in page.profile.facts}
    for row in page.evidence:
        other_id = row["target"] if row["source"] == entity.id else row["source"]
        other = others.get(other_id)
        with st.container(border=True):
            detail = f" ({md_escape(show_detail(row['detail'], ctx.english))})" if row.get("detail") else ""
            st.markdown(f"**{md_escape(relation_name(row['relation'], ctx.english))}{detail}** — "
                        f"{md_escape(node_name(other) or other_id)}")
            sentence = row.get("sentence") or ""
            spans = [(s, e, entity.type) for s, e in find_names(sentence, entity.names())]
            if isinstance(other, Entity):
                spans += [(s, e, other.type) for s, e in find_names(sentence, other.names())]
            st.markdown(highlight(sentence, spans))
            meta = [ctx.date(row.get("date")), md_escape(row.get("agency")), md_escape(row.get("title"))]
            url = safe_url(row.get("url"))
            if url:
                meta.append(f"[{ctx.w('link')}](<{url}>)")
            st.caption(" · ".join(m for m in meta if m))


# ---- review queue and decisions ------------------------------------------------------------------------------------

def page_review(ctx: Context) -> None:
    """Likely duplicates side by side, with merge / keep apart / skip."""
    curate.review_queue(ctx.curator, ctx.store, ctx.english)


def page_decisions(ctx: Context) -> None:
    """The curation file: every decision, undo, and the rejected facts with their evidence."""
    curate.decisions_page(ctx.curator, ctx.curation_path, ctx.english)


# ---- path finder -----------------------------------------------------------------------------------------------------

def page_paths(ctx: Context) -> None:
    """Shortest paths between two entities, each hop with its evidence sentence."""
    left, right = st.columns(2)
    source = left.text_input(ctx.w("from"), key="path_from")
    target = right.text_input(ctx.w("to"), key="path_to")
    max_paths = st.number_input(ctx.w("max_paths"), min_value=1, max_value=20, value=3, key="path_max")
    if not (source and target):
        return
    try:
        result = run_query(ctx.store, "paths", source=source, target=target, max_paths=max_paths,
                           rel_types=ctx.filters.rel_types)
    except QueryError as exc:
        st.error(md_escape(str(exc)))
        return
    if not result.rows:
        st.info(ctx.w("no_path"))
        return
    draw(path_subgraph(ctx.store, result.rows), ctx.english, key=f"paths-{source}-{target}-{max_paths}", height=360)
    for number in sorted({r["path"] for r in result.rows}):
        with st.container(border=True):
            st.markdown(f"**{ctx.w('path')} {number}**")
            for row in [r for r in result.rows if r["path"] == number]:
                detail = f" ({md_escape(show_detail(row['detail'], ctx.english))})" if row.get("detail") else ""
                st.markdown(f"{row['hop']}. {md_escape(row['source_name'])} — "
                            f"**{md_escape(relation_name(row['relation'], ctx.english))}{detail}** → "
                            f"{md_escape(row['target_name'])}")
                if row.get("sentence"):
                    st.caption(f"{md_escape(row['sentence'])} ({ctx.date(row.get('date'))})")


def path_subgraph(store: GraphStore, rows: list[dict]) -> Subgraph:
    """The entities and facts on the found paths, as one graph to draw."""
    graph = Subgraph(center=rows[0]["source"])
    for row in rows:
        for end in (row["source"], row["target"]):
            if end not in graph.nodes:
                graph.nodes[end] = store.get_entity(end)
                graph.hops[end] = row["hop"]
        for rel in store.relations(row["relation"], source=row["source"], target=row["target"]):
            if relation_detail(rel) == (row["detail"] or ""):
                graph.edges[rel.key_string] = rel
    return graph


# ---- named queries ---------------------------------------------------------------------------------------------------

def _param_input(ctx: Context, query: NamedQuery, param) -> object:
    label = f"{param.name} — {param.en if ctx.english else param.fa}"
    key = f"q-{query.name}-{param.name}"
    if param.kind == "int":
        return st.number_input(label, value=param.default if param.default is not None else 0,
                               min_value=param.minimum, max_value=param.maximum, step=1, key=key)
    if param.kind == "bool":
        return st.checkbox(label, value=bool(param.default), key=key)
    if param.kind == "choice":
        return st.selectbox(label, param.choices, index=param.choices.index(param.default), key=key)
    if param.kind == "labels":
        return st.multiselect(label, list(get_schema().labels), key=key,
                              format_func=lambda v: label_name(v, ctx.english))
    if param.kind == "rel_types":
        return st.multiselect(label, list(get_schema().relationships), key=key,
                              format_func=lambda v: relation_name(v, ctx.english))
    if param.kind == "date":
        typed = st.text_input(label, key=key, placeholder=ctx.w("date_help"))
        try:
            value = parse_date(typed)
        except ValueError:
            st.error(f"{ctx.w('bad_date')}: {md_escape(typed)}")
            return None
        return value.isoformat() if value else None
    return st.text_input(label, key=key)


def page_queries(ctx: Context) -> None:
    """Pick any named query, fill its parameters, see the table and download it as CSV."""
    queries = list_queries()
    names = [q.name for q in queries]
    chosen = st.selectbox(ctx.w("query"), names, key="query_name",
                          format_func=lambda n: f"{n} — {next(q.en if ctx.english else q.fa for q in queries if q.name == n)}")
    query = next(q for q in queries if q.name == chosen)
    with st.form(f"form-{query.name}"):
        values = {p.name: _param_input(ctx, query, p) for p in query.params}
        submitted = st.form_submit_button(ctx.w("run"))
    if not submitted:
        return
    try:
        result = run_query(ctx.store, query.name, **values)
    except QueryError as exc:
        st.error(md_escape(str(exc)))
        return
    st.text(f"{len(result.rows)} {ctx.w('rows')}")
    _table(result.rows, result.columns, ctx.english)
    st.download_button(ctx.w("download"), result.to_csv().encode("utf-8"), file_name=f"{query.name}.csv",
                       mime="text/csv", key="download")


# ---- statistics ------------------------------------------------------------------------------------------------------

def page_stats(ctx: Context) -> None:
    """Counts by type, the most central actors and mentions per month."""
    counts = ctx.store.counts()
    st.subheader(ctx.w("counts"))
    rows = [{ctx.w("type"): label_name(k, ctx.english), ctx.w("count"): v} for k, v in counts.nodes.items()]
    rows += [{ctx.w("type"): relation_name(k, ctx.english), ctx.w("count"): v}
             for k, v in counts.relationships.items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.subheader(ctx.w("central"))
    metric = st.radio(ctx.w("metric"), ["degree", "betweenness", "pagerank"], horizontal=True, key="stats_metric")
    ranked = run_query(ctx.store, "rankings", metric=metric, types=ctx.filters.node_types, limit=15)
    _table(ranked.rows, ranked.columns, ctx.english)

    st.subheader(ctx.w("over_time"))
    headers = article_headers(ctx.store)
    months = Counter()
    for rel in ctx.store.relations("MENTIONED_IN"):
        when = (headers.get(rel.target) or {}).get("date")
        if when:
            months[when[:7]] += 1
    if months:
        month_chart(ctx, dict(months))


# ---- article reader --------------------------------------------------------------------------------------------------

def page_articles(ctx: Context) -> None:
    """Pick an article (filtered by date) and read it with its extracted entities highlighted."""
    rows = run_query(ctx.store, "articles", since=ctx.filters.since, until=ctx.filters.until, limit=5000).rows
    ids = [r["id"] for r in rows]
    wanted = st.query_params.get("article")
    if wanted and wanted not in ids and ctx.store.get_article(wanted) is not None:
        ids.insert(0, wanted)
    if not ids:
        st.info(ctx.w("no_results"))
        return
    headers = article_headers(ctx.store)
    lines = headlines(ctx.store, [headers.get(i) or {"id": i} for i in ids])
    chosen = st.selectbox(ctx.w("article"), ids, index=ids.index(wanted) if wanted in ids else 0, key="article_pick",
                          format_func=lambda i: f"{show_date(headers.get(i, {}).get('date'), ctx.english)} · {lines[i]}")
    article = ctx.store.get_article(chosen)
    st.header(md_escape(article.title or lines[chosen]))
    meta = [ctx.date(article.date), md_escape(article.source)]
    url = safe_url(article.url)
    if url:
        meta.append(f"[{ctx.w('link')}](<{url}>)")
    st.caption(" · ".join(m for m in meta if m))
    spans, present = [], []
    for rel in ctx.store.relations("MENTIONED_IN", target=article.id):
        entity = ctx.store.get_entity(rel.source)
        if entity is None:
            continue
        present.append(entity)
        spans += [(s, e, entity.type)
                  for s, e in mention_spans(article.text, rel.properties.get("mentions"), entity.names())]
    st.markdown(highlight(article.text, spans))
    st.subheader(ctx.w("entities_in_text"))
    for entity in sorted(present, key=lambda e: (e.type, e.name)):
        if st.button(f"{md_escape(entity.name)} — {label_name(entity.type, ctx.english)}", key=f"ent-{entity.id}"):
            open_entity(entity.id)


# ---- Cypher console --------------------------------------------------------------------------------------------------

def page_cypher(ctx: Context) -> None:
    """A read-only Cypher console (Neo4j only): refused unless the plan only reads; errors are shown, not raised."""
    st.caption(ctx.w("cypher_help"))
    with st.form("cypher"):
        text = st.text_area("Cypher", value="MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) "
                                             "RETURN p.name, r.role, o.name LIMIT 25", key="cypher_text")
        submitted = st.form_submit_button(ctx.w("run"))
    if not submitted:
        return
    try:
        columns, rows = ctx.store.run_read_only(text, timeout=10, limit=1000)
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    table = [[row[c] for c in columns] if isinstance(row, dict) else list(row) for row in rows]
    frame = pd.DataFrame([[v if isinstance(v, (int, float)) else str(cell_text(v)) for v in row] for row in table],
                         columns=columns)
    st.text(f"{len(rows)} {ctx.w('rows')}")
    st.dataframe(frame, hide_index=True, width="stretch")
