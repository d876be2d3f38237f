"""The review queue's candidate duplicates, in nomenklatura's three steps: blocking (people sharing a surname,
their given names and the start of the surname, or a title at an organisation; bodies and projects sharing a name
word), scoring (fuzzy names, surname with compatible given names, the same title at the same organisation, shared
neighbours; only pairs whose names are close or share a surname with compatible given names, since successors hold
one title in turn; halved for bodies in different provinces), then the journalist's decision; decided pairs leave
the queue."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from graph.model import Entity
from graph.store import GraphStore
from graph.text import name_key
from loaders.curation import Decision
from queries.resolve import cached

WORDS = re.compile(r"[\s\u200c]+")
HONORIFICS = {"سید", "سیده", "دکتر", "مهندس", "حاج", "حجت‌الاسلام", "میر"}
BLOCK_LIMIT = 30
THRESHOLD = 0.55
NAME_FLOOR = 0.6
WEIGHTS = {"names": 0.55, "surname": 0.25, "title": 0.25, "neighbours": 0.2}


@dataclass
class Candidate:
    """Two entities that may be one, the score in [0, 1] and what each signal contributed."""

    left: Entity
    right: Entity
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    name_pairs: frozenset = frozenset()

    @property
    def key(self) -> str:
        """The pair's key in the queue (widget keys, skipped pairs)."""
        return f"{self.left.id}|{self.right.id}"


def _words(name: str) -> list[str]:
    """A name's words."""
    return [w for w in WORDS.split(name.strip()) if w]


def _given_and_surname(name: str) -> tuple[list[str], str]:
    """The given names' keys and the surname's key of a person's name, honorifics left out."""
    words = [w for w in _words(name) if w not in HONORIFICS]
    return [name_key(w) for w in words[:-1]], name_key(words[-1]) if words else ""


@dataclass
class _Names:
    """An entity's names prepared once for scoring: the words of each (honorifics out) and given names / surname."""

    words: list[str]
    parts: list[tuple[str, str]]

    @classmethod
    def of(cls, entity: Entity) -> "_Names":
        words, parts = [], []
        for name in entity.names():
            words.append(" ".join(name_key(w) for w in _words(name) if w not in HONORIFICS))
            given, surname = _given_and_surname(name)
            parts.append(("".join(given), surname))
        return cls(words, parts)


def surname_signal(a: _Names, b: _Names) -> float:
    """1 when two people share a surname and their given names agree (one the start of the other, or missing)."""
    for gx, sx in a.parts:
        for gy, sy in b.parts:
            if sx and sx == sy and (gx == gy or not gx or not gy or gx.startswith(gy) or gy.startswith(gx)):
                return 1.0
    return 0.0


def name_signal(a: _Names, b: _Names) -> float:
    """The best fuzzy similarity (token-sort ratio of the names' words) between any two names of the pair."""
    return max((fuzz.token_sort_ratio(x, y) / 100 for x in a.words for y in b.words), default=0.0)


def _decided(decisions: list[Decision]) -> set[frozenset]:
    """Pairs of name keys already judged (kept apart or merged): they do not come back."""
    pairs = set()
    for d in decisions:
        if d.decision in ("keep_apart", "merge"):
            keys = {name_key(n) for n in d.names}
            pairs.update(frozenset(p) for p in combinations(sorted(keys), 2))
    return pairs


def candidates(store: GraphStore, decisions: list[Decision], limit: int = 200) -> list[Candidate]:
    """Scored candidate pairs, best first, leaving out pairs the decisions already judged."""
    found = cached(store, "review-candidates", lambda: _score_all(store))
    decided = _decided(decisions)
    kept = []
    for cand in found:
        if not cand.name_pairs & decided:
            kept.append(cand)
            if len(kept) == limit:
                break
    return kept


def _score_all(store: GraphStore) -> list[Candidate]:
    """Block, then score every pair of a block; pairs above the threshold, best first."""
    blocks: dict[tuple, set[str]] = defaultdict(set)
    entities: dict[str, Entity] = {}
    prepared: dict[str, _Names] = {}
    for label in ("Person", "Organization", "Project"):
        for entity in store.entities(label):
            entities[entity.id] = entity
            prepared[entity.id] = names = _Names.of(entity)
            if label == "Person":
                for given, surname in names.parts:
                    blocks[(label, "surname", surname)].add(entity.id)
                    blocks[(label, "given+initials", given, surname[:2])].add(entity.id)
                continue
            for words in names.words:
                for word in words.split():
                    if len(word) > 1:
                        blocks[(label, "word", word)].add(entity.id)
    titles: dict[str, set[tuple]] = defaultdict(set)
    for rel in store.relations("HOLDS_POSITION"):
        role = name_key(str(rel.properties.get("role") or ""))
        if role:
            blocks[("Person", "title", rel.target, role)].add(rel.source)
            titles[rel.source].add((rel.target, role))
    provinces: dict[str, set[str]] = defaultdict(set)
    for rel in store.relations("LOCATED_IN"):
        provinces[rel.source].add(rel.target)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if 1 < len(members) <= BLOCK_LIMIT:
            pairs.update(combinations(sorted(members), 2))
    neighbours = store.neighbours_many({i for pair in pairs for i in pair})
    around = {i: {h.node.id for h in hops if h.relation.type not in ("MENTIONED_IN", "PUBLISHED_BY")}
              for i, hops in neighbours.items()}
    scored = []
    for a_id, b_id in pairs:
        a, b = entities.get(a_id), entities.get(b_id)
        if a is None or b is None or a.type != b.type:
            continue
        near_a, near_b = around.get(a_id, set()) - {b_id}, around.get(b_id, set()) - {a_id}
        signals = {"names": name_signal(prepared[a_id], prepared[b_id]),
                   "surname": surname_signal(prepared[a_id], prepared[b_id]) if a.type == "Person" else 0.0,
                   "title": 1.0 if titles.get(a_id, set()) & titles.get(b_id, set()) else 0.0,
                   "neighbours": len(near_a & near_b) / len(near_a | near_b) if near_a | near_b else 0.0}
        if signals["names"] < NAME_FLOOR and not signals["surname"]:
            continue
        score = min(1.0, sum(WEIGHTS[k] * v for k, v in signals.items()))
        if provinces.get(a_id) and provinces.get(b_id) and not provinces[a_id] & provinces[b_id]:
            score /= 2
        if score >= THRESHOLD:
            pairs = frozenset(frozenset((name_key(x), name_key(y))) for x in a.names() for y in b.names())
            scored.append(Candidate(a, b, round(score, 3), signals, pairs))
    scored.sort(key=lambda c: (-c.score, c.left.name, c.right.name, c.key))
    return scored
