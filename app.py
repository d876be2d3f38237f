"""The Streamlit explorer (`kg app`): a Persian, right-to-left interface over the graph store chosen by KG_STORE/KG_DATA,
with curation written to the curation file (KG_CURATION) unless KG_READ_ONLY is set."""
from __future__ import annotations

import threading

import streamlit as st

from graph.schema import get_schema
from graph.store import GraphStore, StoreError, data_dir, default_store_name, open_store
from loaders.curation import curation_path
from queries.entity_page import Filters
from queries.registry import refresh
from ui import curate, pages
from ui.text import label_name, md_escape, parse_date, relation_name, word

FONT_STACK = "Vazirmatn, 'Noto Naskh Arabic', 'Noto Sans Arabic', Tahoma, 'DejaVu Sans', sans-serif"
PAGES = {"overview": pages.page_overview, "explore": pages.page_explore, "review": pages.page_review,
         "decisions": pages.page_decisions, "paths": pages.page_paths, "queries": pages.page_queries,
         "stats": pages.page_stats, "articles": pages.page_articles, "cypher": pages.page_cypher}
ARTICLE_RELATIONS = ("MENTIONED_IN", "PUBLISHED_BY")


@st.cache_resource
def shared_store(name: str, data: str) -> tuple[GraphStore, threading.Lock]:
    """One read-only store per server process, and the lock that keeps a reload from running under a reader."""
    return open_store(name, data), threading.Lock()


def style(english: bool) -> None:
    """Right-to-left layout (left-to-right in English) and a Persian font; every paragraph picks its own direction."""
    direction = "ltr" if english else "rtl"
    st.markdown(f"""<style>
.stApp, .stMarkdown, .stTextInput, .stButton, section[data-testid="stSidebar"] {{
  direction: {direction}; font-family: {FONT_STACK}; }}
[data-testid="stMarkdownContainer"] p, [data-testid="stText"], [data-testid="stCaptionContainer"], h1, h2, h3 {{
  unicode-bidi: plaintext; text-align: start; }}
</style>""", unsafe_allow_html=True)


def sidebar(store: GraphStore, english: bool) -> tuple[str, Filters]:
    """The page choice and the filters (node types, relationship types, date range, province)."""
    schema = get_schema()
    choices = [p for p in PAGES if p != "cypher" or hasattr(store, "run_read_only")]
    if "goto" in st.session_state:
        st.session_state["page"] = st.session_state.pop("goto")
    if "page" not in st.session_state:
        wanted = st.query_params.get("page")
        st.session_state["page"] = ("articles" if "article" in st.query_params else
                                    "explore" if "entity" in st.query_params else
                                    wanted if wanted in choices else "overview")
    page = st.sidebar.radio(word("page", english), choices, key="page", format_func=lambda p: word(p, english))
    st.sidebar.subheader(word("filters", english))
    node_types = st.sidebar.multiselect(word("node_types", english), list(schema.labels),
                                        default=list(schema.entity_labels), key="f_nodes",
                                        format_func=lambda v: label_name(v, english))
    rel_choices = [r for r in schema.relationships]
    rel_types = st.sidebar.multiselect(word("rel_types", english), rel_choices,
                                       default=[r for r in rel_choices if r not in ARTICLE_RELATIONS], key="f_rels",
                                       format_func=lambda v: relation_name(v, english))
    since = _date_filter(word("since", english), "f_since", english)
    until = _date_filter(word("until", english), "f_until", english)
    provinces = sorted(store.entities("Province"), key=lambda e: e.name)
    names = {p.id: p.name for p in provinces}
    province = st.sidebar.selectbox(word("province", english), [None, *names], key="f_province",
                                    format_func=lambda v: word("any", english) if v is None else names[v])
    filters = Filters(node_types=node_types or None, rel_types=rel_types or None,
                      since=since.isoformat() if since else None, until=until.isoformat() if until else None,
                      province=province)
    return page, filters


def _date_filter(label: str, key: str, english: bool):
    """A date typed in either calendar (Jalali or Gregorian, Persian or Latin digits); a bad one is said, not used."""
    text = st.sidebar.text_input(label, key=key, placeholder=word("date_help", english))
    try:
        return parse_date(text)
    except ValueError:
        st.sidebar.error(f"{word('bad_date', english)}: {md_escape(text)}")
        return None


def curator_for(store: GraphStore, english: bool) -> curate.Curator | None:
    """The curator when curation is on; else None, saying why when the curation file is the reason."""
    path = curation_path()
    why = curate.read_only_reason(path)
    if why is None:
        return curate.Curator(default_store_name(), str(data_dir().resolve()), path, store)
    if why:
        st.warning(f"{word('curation_broken', english)}: {md_escape(why)}")
    else:
        st.sidebar.caption(word("read_only", english))
    return None


def main() -> None:
    """Lay out the page and run the chosen one against the store, errors shown rather than raised."""
    st.set_page_config(page_title="KG", layout="wide")
    english = st.sidebar.toggle(word("english", False), key="english")
    style(english)
    st.title(word("title", english))
    try:
        store, lock = shared_store(default_store_name(), str(data_dir().resolve()))
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    with lock:
        refresh(store)
        page, filters = sidebar(store, english)
        if store.counts().total_nodes == 0:
            st.info(word("empty_graph", english))
            return
        curator = curator_for(store, english)
        curate.show_flash()
        PAGES[page](pages.Context(store=store, english=english, filters=filters, curator=curator,
                                  curation_path=curation_path()))


main()
