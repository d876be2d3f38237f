"""The stores' light neighbourhood hops give what `neighbours_many` gives, without evidence sentences."""
from __future__ import annotations

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
