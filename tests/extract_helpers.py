"""Small helpers for the extractor tests: run one text through the pipeline and read the result by name."""
from __future__ import annotations

from graph.model import Article, ArticleGraph, article_id
from loaders.articles import normalise_text
from loaders.pipeline import extract_article


def extract_text(text: str, source: str | None = None) -> ArticleGraph:
    """Extract a Persian text as if it were an article (normalised as the reader does)."""
    normalised = normalise_text(text)
    return extract_article(Article(id=article_id(normalised), text=normalised, path="test.txt", source=source))


def names(doc: ArticleGraph, type_: str) -> set[str]:
    """Canonical names of the entities of one type."""
    return {e.name for e in doc.entities if e.type == type_}


def facts(doc: ArticleGraph, rel_type: str | None = None) -> set[tuple]:
    """Relations as (type, source name, target name), MENTIONED_IN and PUBLISHED_BY left out unless asked."""
    by_id = {e.id: e.name for e in doc.entities}
    out = set()
    for rel in doc.relations:
        if rel_type is None and rel.type in ("MENTIONED_IN", "PUBLISHED_BY"):
            continue
        if rel_type is not None and rel.type != rel_type:
            continue
        out.add((rel.type, by_id.get(rel.source, rel.source), by_id.get(rel.target, rel.target)))
    return out


def roles(doc: ArticleGraph) -> set[tuple]:
    """HOLDS_POSITION relations as (person, role, organisation)."""
    by_id = {e.id: e.name for e in doc.entities}
    return {(by_id[r.source], r.properties.get("role"), by_id[r.target]) for r in doc.relations
            if r.type == "HOLDS_POSITION"}
