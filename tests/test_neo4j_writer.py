"""The Neo4j writer merges into what is stored without reading it back: same results as the embedded store."""
from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, article_id, make_id

pytestmark = pytest.mark.neo4j

PERSON = Entity(make_id("Person", "علی احمدی"), "Person", "علی احمدی")
PLACE = Entity(make_id("Province", "یزد"), "Province", "یزد")


def visit(text: str, date: str | None, batch_evidence: int = 1) -> ArticleGraph:
    """An article saying the person visited the province, with or without a date, and its evidence."""
    art = Article(id=article_id(text), text=text, path=f"{article_id(text)}.txt", date="2025-01-02")
    evidence = [Evidence(art.id, text, 0, len(text) - i, "test", 0.8) for i in range(batch_evidence)]
    props = {"date": date} if date is not None else {}
    return ArticleGraph(art, [PERSON, PLACE], [Relation("VISITED", PERSON.id, PLACE.id, props, evidence)])


def dump(store) -> list[dict]:
    return [r.to_dict() for r in store.relations()]


@pytest.mark.parametrize("batches", [
    [[visit("علی احمدی به یزد رفت.", None)], [visit("سفر علی احمدی به یزد.", "2025-03-01")]],
    [[visit("علی احمدی به یزد رفت.", "2025-05-05")], [visit("سفر علی احمدی به یزد.", "2025-03-01")]],
    [[visit("علی احمدی به یزد رفت.", "2025-05-05", 2)],
     [visit("علی احمدی به یزد رفت.", "2025-05-05", 3), visit("سفر علی احمدی به یزد.", "")]],
])
def test_evidence_and_properties_merge_like_the_embedded_store(neo4j_server, tmp_path, batches):
    embedded = EmbeddedStore(tmp_path / "kg-data", writable=True)
    neo = neo4j_server.open_store()
    neo.clear()
    try:
        for batch in batches:
            expected = embedded.write_many(batch)
            got = neo.write_many(batch)
            assert (got.relationships_created, got.evidence_added) == (
                expected.relationships_created, expected.evidence_added)
        assert dump(neo) == dump(embedded)
        stored = [dict(r) for r in neo._records("MATCH ()-[r:VISITED]->() RETURN r.date AS date, size(r.evidence) AS n, "
                              "size(r.evidence_articles) AS a")]
        visited = next(r for r in dump(embedded) if r["type"] == "VISITED")
        assert stored == [{"date": visited["properties"].get("date"), "n": len(visited["evidence"]),
                           "a": len(visited["evidence"])}]
    finally:
        embedded.close()
        neo.close()
