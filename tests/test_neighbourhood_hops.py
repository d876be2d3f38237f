"""The stores' light neighbourhood hops give what `neighbours_many` gives, without evidence sentences."""
from __future__ import annotations

from graph.store import Fact
from queries.library import Hop


def _fields(hop: Hop) -> tuple:
    return (hop.frontier, hop.key, hop.type, hop.other, hop.label, hop.name, hop.weight, hop.date,
            sorted(hop.articles))


def test_light_hops_equal_the_hops_of_neighbours_many(sample_store):
    frontier = sorted(e.id for e in sample_store.entities())[:25] + [a.id for a in sample_store.articles()][:2]
    for rel_types, with_dates in ((None, False), (None, True), (["HOLDS_POSITION", "LOCATED_IN"], True)):
        full = sample_store.neighbours_many(frontier, rel_types=rel_types)
        expected = sorted(_fields(Hop.of(node_id, hop)) for node_id, hops in full.items() for hop in hops)
        light = sorted(_fields(Hop(**row)) for row in sample_store.neighbourhood_hops(frontier, rel_types, with_dates))
        compared = len(expected[0]) if with_dates else 7
        assert [h[:compared] for h in light] == [h[:compared] for h in expected]


def test_relations_by_key_finds_each_relation(sample_store):
    relations = list(sample_store.relations("HOLDS_POSITION")) + list(sample_store.relations("LOCATED_IN"))[:3]
    keys = {}
    for relation in relations:
        keys.setdefault(relation.type, []).append(relation.key_string)
    found = sample_store.relations_by_key(keys)
    assert {k: (r.type, r.source, r.target, len(r.evidence)) for k, r in found.items()} == \
           {r.key_string: (r.type, r.source, r.target, len(r.evidence)) for r in relations}


def test_facts_by_key_are_the_relations_without_their_sentences(sample_store):
    relations = list(sample_store.relations("HOLDS_POSITION")) + list(sample_store.relations("LOCATED_IN"))[:3]
    keys = {}
    for relation in relations:
        keys.setdefault(relation.type, []).append(relation.key_string)
    keys["HOLDS_POSITION"].append("HOLDS_POSITION|per-none|org-none|")
    found = sample_store.facts_by_key(keys)
    assert found == {r.key_string: Fact.of(r) for r in relations}


class _WithoutStepInSql:
    """A store seen without its `neighbourhood_step`, so `neighbourhood` ranks every hop in Python from light hops."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        if name == "neighbourhood_step":
            raise AttributeError(name)
        return getattr(self._store, name)


def _shape(graph) -> tuple:
    return (list(graph.nodes), dict(graph.hops), list(graph.edges), graph.hidden,
            {key: (r.type, r.source, r.target, r.properties, r.articles()) for key, r in graph.edges.items()})


def test_a_neighbourhood_ranked_by_the_store_equals_the_one_ranked_in_python(sample_store):
    from queries.library import neighbourhood

    plain = _WithoutStepInSql(sample_store)
    degree = {}
    for relation in sample_store.relations():
        for end in (relation.source, relation.target):
            degree[end] = degree.get(end, 0) + 1
    centers = sorted(degree, key=lambda node: (-degree[node], node))[:6]
    compared = 0
    for center in centers:
        for depth, limit, node_types in ((1, 3, None), (2, 5, None), (2, 40, None), (2, None, None),
                                         (2, 8, ["Person", "Article"]), (1, 4, ["Organization"])):
            fast = neighbourhood(sample_store, center, depth, node_types, None, limit)
            slow = neighbourhood(plain, center, depth, node_types, None, limit)
            assert _shape(fast) == _shape(slow), (center, depth, limit, node_types)
            compared += len(fast.edges) + fast.hidden
    assert compared > 100  # the comparison covered real, capped neighbourhoods
