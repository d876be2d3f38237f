"""The GraphStore contract, run against every store kind (embedded and Neo4j) through the `empty_store` fixture."""
from __future__ import annotations

import pytest

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, article_id, make_id
from graph.schema import SchemaError
from graph.store import StoreError
from helpers import snapshot

TEXT_A = "محمدمحسن صدر، رئیس سازمان فناوری اطلاعات ایران، به استان لرستان سفر کرد."
TEXT_B = "محمد محسن صدر رئیس سازمان فناوري اطلاعات ايران گفت."


def person(name, aliases=()):
    return Entity(make_id("Person", name), "Person", name, list(aliases))


def org(name, kind="agency", aliases=()):
    return Entity(make_id("Organization", name), "Organization", name, list(aliases), {"kind": kind})


def province(name):
    return Entity(make_id("Province", name), "Province", name, [f"استان {name}"])


def doc_for(text, path, people, orgs, provinces=(), position=True, visit=False):
    """An article graph: the person holds a position at the org (and maybe visits the province), with evidence."""
    art = Article(id=article_id(text), text=text, path=path, date="2025-12-27", source="ایلنا")
    ev = Evidence(art.id, text, 0, len(text), "test", 0.9)
    entities = [*people, *orgs, *provinces]
    relations = []
    if position:
        relations.append(Relation("HOLDS_POSITION", people[0].id, orgs[0].id, {"role": "رئیس"}, [ev]))
    if visit:
        relations.append(Relation("VISITED", people[0].id, provinces[0].id, {"date": "2025-12-27"}, [ev]))
    for e in entities:
        relations.append(Relation("MENTIONED_IN", e.id, art.id, {"count": 1, "mentions": [[0, 5]]}))
    return ArticleGraph(art, entities, relations)


@pytest.fixture
def doc_a():
    return doc_for(TEXT_A, "a.txt", [person("محمدمحسن صدر", ["صدر"])], [org("سازمان فناوری اطلاعات ایران")],
                   [province("لرستان")], visit=True)


@pytest.fixture
def doc_b():
    # Same person and organisation spelled with a space and Arabic letters: same ids, a second piece of evidence.
    return doc_for(TEXT_B, "b.txt", [person("محمد محسن صدر")], [org("سازمان فناوري اطلاعات ايران")])


def test_write_then_read_back(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    empty_store.flush()
    counts = empty_store.counts()
    assert counts.nodes == {"Person": 1, "Province": 1, "Organization": 1, "Article": 1}
    assert counts.relationships == {"HOLDS_POSITION": 1, "VISITED": 1, "MENTIONED_IN": 3}
    sadr = empty_store.get_entity(make_id("Person", "محمدمحسن صدر"))
    assert sadr.name == "محمدمحسن صدر" and sadr.aliases == ["صدر"]
    art = empty_store.get_article(doc_a.article.id)
    assert art.text == TEXT_A and art.date == "2025-12-27"
    assert empty_store.has_article(doc_a.article.id)
    assert empty_store.article_ids_by_path() == {"a.txt": doc_a.article.id}


def test_same_input_twice_changes_nothing(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    empty_store.flush()
    before = snapshot(empty_store)
    stats = empty_store.write_article_graph(doc_a)
    empty_store.flush()
    assert snapshot(empty_store) == before
    assert (stats.nodes_created, stats.relationships_created, stats.evidence_added) == (0, 0, 0)


def test_fact_from_second_article_adds_evidence_not_a_duplicate(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.flush()
    held = list(empty_store.relations("HOLDS_POSITION"))
    assert len(held) == 1
    assert {e.article for e in held[0].evidence} == {doc_a.article.id, doc_b.article.id}
    assert empty_store.counts().nodes["Person"] == 1
    sadr = empty_store.get_entity(make_id("Person", "محمدمحسن صدر"))
    assert set(sadr.names()) == {"محمدمحسن صدر", "محمد محسن صدر", "صدر"}


def test_canonical_name_does_not_depend_on_load_order(empty_store, doc_a, doc_b, tmp_path):
    empty_store.write_article_graph(doc_b)
    empty_store.write_article_graph(doc_a)
    empty_store.flush()
    from graph.embedded import EmbeddedStore
    other = EmbeddedStore(tmp_path / "other", writable=True)
    other.write_article_graph(doc_a)
    other.write_article_graph(doc_b)
    assert snapshot(empty_store)["entities"] == snapshot(other)["entities"]
    other.close()


def test_different_roles_at_one_organisation_are_two_facts(empty_store, doc_a):
    second = Relation("HOLDS_POSITION", doc_a.entities[0].id, doc_a.entities[1].id, {"role": "معاون وزیر"},
                      [Evidence(doc_a.article.id, TEXT_A, 0, len(TEXT_A), "test", 0.8)])
    doc_a.relations.append(second)
    empty_store.write_article_graph(doc_a)
    assert empty_store.counts().relationships["HOLDS_POSITION"] == 2


@pytest.mark.parametrize("variant", ["محمد محسن صدر", "محمدمحسن صدر", "محمد‌محسن صدر", "  محمدمحسن   صدر "])
def test_find_by_name_matches_spacing_and_zwnj_variants(empty_store, doc_a, variant):
    empty_store.write_article_graph(doc_a)
    found = empty_store.find_by_name(variant)
    assert [e.name for e in found] == ["محمدمحسن صدر"]


def test_find_by_name_matches_arabic_letter_variants(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    assert [e.type for e in empty_store.find_by_name("سازمان فناوري اطلاعات ايران")] == ["Organization"]
    assert empty_store.find_by_name("سازمان فناوری اطلاعات ایران", label="Person") == []


def test_search_finds_partial_names_best_first(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    results = empty_store.search("صدر")
    assert results and results[0][0].name == "محمدمحسن صدر"
    assert [e.type for e, _ in empty_store.search("فناوری")] == ["Organization"]
    assert empty_store.search("فناوری", labels=["Person"]) == []
    assert empty_store.search("") == []


def test_neighbours_and_relation_filters(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    sadr = make_id("Person", "محمدمحسن صدر")
    hops = empty_store.neighbours(sadr)
    assert [(n.relation.type, n.direction) for n in hops] == [("HOLDS_POSITION", "out"), ("MENTIONED_IN", "out"),
                                                              ("VISITED", "out")]
    assert [n.node.name for n in empty_store.neighbours(sadr, rel_types=["VISITED"])] == ["لرستان"]
    assert len(empty_store.neighbours(sadr, limit=1)) == 1
    org_id = make_id("Organization", "سازمان فناوری اطلاعات ایران")
    assert [n.direction for n in empty_store.neighbours(org_id, rel_types=["HOLDS_POSITION"])] == ["in"]
    assert [r.target for r in empty_store.relations(source=sadr, rel_type="HOLDS_POSITION")] == [org_id]
    assert [r.source for r in empty_store.relations(target=org_id)] == [sadr]
    assert empty_store.neighbours("per-missing") == []


def test_remove_article_takes_out_only_its_evidence(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.remove_article(doc_b.article.id)
    empty_store.flush()
    assert not empty_store.has_article(doc_b.article.id)
    held = list(empty_store.relations("HOLDS_POSITION"))
    assert [[e.article for e in r.evidence] for r in held] == [[doc_a.article.id]]
    empty_store.remove_article(doc_a.article.id)
    empty_store.flush()
    assert empty_store.counts().total_nodes == 0
    assert empty_store.counts().total_relationships == 0


def test_relation_outside_the_schema_is_rejected(empty_store, doc_a):
    with pytest.raises(SchemaError):
        Relation("KNOWS", doc_a.entities[0].id, doc_a.entities[1].id)
    bad = Relation("VISITED", doc_a.entities[1].id, doc_a.entities[2].id)  # an Organization cannot visit
    doc_a.relations.append(bad)
    with pytest.raises((SchemaError, StoreError)):
        empty_store.write_article_graph(doc_a)


def test_clear_empties_the_store(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    empty_store.clear()
    empty_store.flush()
    assert empty_store.counts().total_nodes == 0


def test_get_entities_matches_get_entity_one_by_one(empty_store, doc_a):
    empty_store.write_article_graph(doc_a)
    empty_store.flush()
    ids = [e.id for e in doc_a.entities] + [doc_a.article.id, make_id("Person", "کسی که نیست"), "no-such-id"]
    found = empty_store.get_entities(ids)
    assert set(found) == {e.id for e in doc_a.entities}
    assert all(found[i] == empty_store.get_entity(i) for i in found)
    assert empty_store.get_entities([]) == {}


def test_relations_for_matches_relations_per_endpoint(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.flush()
    people = [e.id for e in empty_store.entities("Person")]
    places = [e.id for e in empty_store.entities("Province")] + ["no-such-id"]
    by_source = sorted((r for p in people for r in empty_store.relations(source=p)), key=lambda r: r.key_string)
    assert empty_store.relations_for(sources=people) == by_source and len(by_source) == 4
    assert empty_store.relations_for("VISITED", targets=places) == list(empty_store.relations("VISITED"))
    assert [r.type for r in empty_store.relations_for(sources=people, targets=places)] == ["VISITED"]
    assert empty_store.relations_for("HOLDS_POSITION", sources=places) == []
    assert empty_store.relations_for(sources=[]) == []


def test_facts_are_the_relations_without_their_sentences_with_the_entities_at_their_ends(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.flush()
    people = [e.id for e in empty_store.entities("Person")]
    places = [e.id for e in empty_store.entities("Province")] + ["no-such-id"]
    for rel_types, sources, targets in ((["HOLDS_POSITION", "VISITED"], people, None), (["VISITED"], None, places),
                                        (["MENTIONED_IN"], people, None), (["HOLDS_POSITION"], None, None),
                                        (["VISITED"], people, places), (["HOLDS_POSITION"], places, None)):
        relations = sorted((r for t in rel_types for r in empty_store.relations_for(t, sources, targets)),
                           key=lambda r: r.key_string)
        facts, ends = empty_store.facts(rel_types, sources=sources, targets=targets)
        assert [(f.key_string, f.type, f.source, f.target, f.properties, f.articles()) for f in facts] == \
               [(r.key_string, r.type, r.source, r.target, r.properties, r.articles()) for r in relations]
        assert ends == empty_store.get_entities({end for r in relations for end in (r.source, r.target)})
    facts, ends = empty_store.facts(["HOLDS_POSITION"], sources=people)
    assert facts[0].articles() == [doc_a.article.id, doc_b.article.id] and len(ends) == 2
    assert empty_store.facts(["VISITED"], sources=[]) == ([], {})


def test_neighbours_many_matches_neighbours_one_by_one(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.flush()
    ids = [e.id for e in doc_a.entities] + [doc_a.article.id, "no-such-id"]
    for rel_types in (None, ["HOLDS_POSITION", "VISITED"]):
        many = empty_store.neighbours_many(ids, rel_types)
        assert list(many) == ids
        assert all(many[i] == empty_store.neighbours(i, rel_types=rel_types) for i in ids)
    assert len(many[make_id("Person", "محمدمحسن صدر")]) == 2 and many["no-such-id"] == []


def test_relation_counts_counts_relations_per_target(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    empty_store.write_article_graph(doc_b)
    empty_store.flush()
    assert empty_store.relation_counts("MENTIONED_IN") == {doc_a.article.id: 3, doc_b.article.id: 2}
    assert empty_store.relation_counts("HOLDS_POSITION") == {make_id("Organization", "سازمان فناوری اطلاعات ایران"): 1}
    assert empty_store.relation_counts("SUPPORTS") == {}


def test_relation_counts_follow_writes_and_removals(empty_store, doc_a, doc_b):
    empty_store.write_article_graph(doc_a)
    assert empty_store.relation_counts("MENTIONED_IN") == {doc_a.article.id: 3}
    empty_store.write_article_graph(doc_b)
    assert empty_store.relation_counts("MENTIONED_IN") == {doc_a.article.id: 3, doc_b.article.id: 2}
    empty_store.remove_article(doc_a.article.id)
    assert empty_store.relation_counts("MENTIONED_IN") == {doc_b.article.id: 2}


def test_every_article_field_of_the_schema_is_kept(empty_store, doc_a, doc_b):
    doc_b.article.author = "خبرنگار نمونه"
    doc_b.article.duplicate_of = doc_a.article.id
    doc_b.article.url = "https://example.ir/news/2"
    empty_store.write_many([doc_a, doc_b])
    empty_store.flush()
    stored = empty_store.get_article(doc_b.article.id)
    assert stored.header() == doc_b.article.header() and stored.text == TEXT_B
    assert empty_store.article_headers()[doc_b.article.id] == doc_b.article.header()


def test_the_openings_of_articles_are_their_texts_first_characters(empty_store, doc_a, doc_b):
    empty_store.write_many([doc_a, doc_b])
    empty_store.flush()
    openings = empty_store.article_openings([doc_a.article.id, doc_b.article.id, "art-none"], chars=12)
    assert openings == {doc_a.article.id: doc_a.article.text[:12], doc_b.article.id: TEXT_B[:12]}
    assert empty_store.article_openings([doc_b.article.id])[doc_b.article.id] == TEXT_B[:300]


def test_republished_names_each_copy_and_what_it_copies_only(empty_store, doc_a, doc_b):
    doc_c = doc_for("متن سوم بازنشر شده.", "c.txt", [person("محمدمحسن صدر")], [org("سازمان فناوری اطلاعات ایران")])
    doc_b.article.duplicate_of = doc_a.article.id
    doc_c.article.duplicate_of = doc_b.article.id
    empty_store.write_many([doc_a, doc_b, doc_c])
    empty_store.flush()
    assert empty_store.republished() == {doc_b.article.id: doc_a.article.id, doc_c.article.id: doc_b.article.id}
    assert empty_store.republished() == {i: h["duplicate_of"] for i, h in empty_store.article_headers().items()
                                         if h.get("duplicate_of")}


def test_mention_ends_are_the_articles_naming_an_entity_and_the_entities_an_article_names(empty_store, doc_a, doc_b):
    empty_store.write_many([doc_a, doc_b])
    empty_store.flush()
    sadr = make_id("Person", "محمدمحسن صدر")
    assert empty_store.mention_ends(sadr) == sorted([doc_a.article.id, doc_b.article.id])
    assert empty_store.mention_ends(doc_a.article.id) == sorted(e.id for e in doc_a.entities)
    assert empty_store.mention_ends("per-0000000000000000") == []
