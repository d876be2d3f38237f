"""The GraphStore contract that every backend (embedded SQLite, Neo4j) fulfils, and `open_store` to pick one by name."""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation

DEFAULT_DATA_DIR = "./kg-data"
STORE_NAMES = ("embedded", "neo4j")
OPENING_CHARS = 300
POSITION = "HOLDS_POSITION"
TENURE_CUES = {"tenure-appointed": "appointed", "tenure-acting": "appointed", "tenure-ended": "ended"}


class StoreError(RuntimeError):
    """A store cannot be opened or used; the message says which and why."""


class StoreUnavailable(StoreError):
    """The store stopped answering (e.g. a lost connection): no later write can succeed, so a build stops."""


@dataclass
class WriteStats:
    """What one write did, for build summaries and benchmarks."""

    nodes_created: int = 0
    relationships_created: int = 0
    evidence_added: int = 0

    def add(self, other: "WriteStats") -> None:
        self.nodes_created += other.nodes_created
        self.relationships_created += other.relationships_created
        self.evidence_added += other.evidence_added


@dataclass
class Neighbour:
    """One hop from an entity: the relationship and the node at its other end."""

    relation: Relation
    node: Entity | Article
    direction: str  # "out" when the entity is the relation's source, "in" otherwise


class PositionSpan(NamedTuple):
    """A HOLDS_POSITION fact's dates without its plain evidence: the earliest and latest article dates of all its
    evidence and of its evidence other than tenure cues, whether a cue is an acting appointment, and the cues
    themselves (evidence whose extractor is a key of TENURE_CUES) with their articles' dates. A tuple: a post's
    holders can have tens of thousands, and a frozen dataclass costs several times more to make."""

    key: str
    source: str
    target: str
    role: str
    first_seen: str | None
    last_seen: str | None
    held_first: str | None
    held_last: str | None
    acting: bool
    cues: tuple[tuple[Evidence, str | None], ...]


def position_span(relation: Relation, dates: Mapping[str, str | None]) -> PositionSpan:
    """The span of one HOLDS_POSITION fact, `dates` mapping article ids to ISO dates."""
    seen = [d for d in (dates.get(e.article) for e in relation.evidence) if d]
    held = [d for d in (dates.get(e.article) for e in relation.evidence if e.extractor not in TENURE_CUES) if d]
    return PositionSpan(relation.key_string, relation.source, relation.target, relation.properties.get("role") or "",
                        min(seen, default=None), max(seen, default=None), min(held, default=None),
                        max(held, default=None), any(e.extractor == "tenure-acting" for e in relation.evidence),
                        tuple((e, dates.get(e.article)) for e in relation.evidence if e.extractor in TENURE_CUES))


@dataclass
class Fact:
    """A relation without its evidence sentences, read like one (`key_string`, `type`, `source`, `target`,
    `properties`, `articles()`), for queries that show or count facts but not the sentences they were read from."""

    key_string: str
    type: str
    source: str
    target: str
    properties: dict = field(default_factory=dict)
    article_ids: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, relation: Relation) -> "Fact":
        return cls(relation.key_string, relation.type, relation.source, relation.target, dict(relation.properties),
                   relation.articles())

    def articles(self) -> list[str]:
        """Ids of the articles this fact was read from, in first-seen order."""
        return list(self.article_ids)


@dataclass
class Counts:
    """Node counts by label and relationship counts by type."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())


class GraphStore(ABC):
    """A graph of Articles, Entities and Relations, written one article at a time and read by id, name and type.

    Writes are idempotent: writing the same ArticleGraph twice leaves the store as after the first write. A relation
    whose key (type, endpoints, key properties) exists gains the new evidence instead of being duplicated. Entities
    with the same id merge: aliases are united and the canonical name is chosen deterministically (independent of
    load order).
    """

    name: str = "abstract"

    @abstractmethod
    def write_article_graph(self, doc: ArticleGraph) -> WriteStats:
        """Write one article with its entities and relations; the article is then recorded as fully written."""

    def write_many(self, docs: Iterable[ArticleGraph]) -> WriteStats:
        """Write several article graphs (backends may batch them)."""
        total = WriteStats()
        for doc in docs:
            total.add(self.write_article_graph(doc))
        return total

    @abstractmethod
    def remove_article(self, article_id: str) -> None:
        """Take an article out: its node, its mentions and its evidence; facts left with no evidence go too."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """True when the article is fully written."""

    @abstractmethod
    def article_ids_by_path(self) -> dict[str, str]:
        """Map each stored article's path to its id (for incremental builds)."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, text included."""

    @abstractmethod
    def articles(self) -> Iterator[Article]:
        """All articles."""

    def article_openings(self, ids: Iterable[str], chars: int = OPENING_CHARS) -> dict[str, str]:
        """The first `chars` characters of these articles' texts, by id (ids of no article are left out), so that an
        untitled article can be shown by its lead without reading whole texts; stores may fetch them in one call."""
        return {a.id: a.text[:chars] for a in (self.get_article(i) for i in set(ids)) if a is not None}

    def article_headers(self) -> Mapping[str, dict]:
        """Every article's header (Article.header(): no text), by id; stores may read them lazily, without the texts."""
        return {a.id: a.header() for a in self.articles()}

    def republished(self) -> dict[str, str]:
        """The article each republished copy points to (`duplicate_of`), by the copy's id; stores may read only the
        copies."""
        return {i: h["duplicate_of"] for i, h in self.article_headers().items() if h.get("duplicate_of")}

    @abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None:
        """The entity with this id (without per-article mentions)."""

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        """The entities with these ids, by id (ids of no entity are left out); stores may fetch them in one call."""
        found = {}
        for entity_id in set(ids):
            entity = self.get_entity(entity_id)
            if entity is not None:
                found[entity_id] = entity
        return found

    @abstractmethod
    def entities(self, label: str | None = None) -> Iterator[Entity]:
        """All entities, or those of one label."""

    @abstractmethod
    def find_by_name(self, name: str, label: str | None = None) -> list[Entity]:
        """Entities one of whose names has exactly this name key (see graph.text.name_key)."""

    @abstractmethod
    def search(self, text: str, labels: Iterable[str] | None = None, limit: int = 20) -> list[tuple[Entity, float]]:
        """Entities whose names contain or resemble `text`, best first, with a score in [0, 1]."""

    @abstractmethod
    def relations(self, rel_type: str | None = None, source: str | None = None,
                  target: str | None = None) -> Iterator[Relation]:
        """Relations filtered by type and/or endpoint, evidence included."""

    def relations_for(self, rel_type: str | None = None, sources: Iterable[str] | None = None,
                      targets: Iterable[str] | None = None) -> list[Relation]:
        """Relations whose source is one of `sources` and target one of `targets` (either may be None for any),
        sorted by key; stores may answer in one call."""
        if sources is None and targets is None:
            return sorted(self.relations(rel_type), key=lambda r: r.key_string)
        wanted_sources = set(sources) if sources is not None else None
        wanted_targets = set(targets) if targets is not None else None
        found = []
        if wanted_sources is not None:
            for source in wanted_sources:
                found += [r for r in self.relations(rel_type, source=source)
                          if wanted_targets is None or r.target in wanted_targets]
        else:
            for target in wanted_targets:
                found += list(self.relations(rel_type, target=target))
        return sorted(found, key=lambda r: r.key_string)

    def position_spans(self, organizations: Iterable[str], dates: Mapping[str, str | None]) -> list[PositionSpan]:
        """The spans of the HOLDS_POSITION facts ending at these organisations, sorted by key, `dates` giving each
        article's date by id; stores may keep them ready, so that the holders of a post are compared without reading
        their evidence."""
        return [position_span(relation, dates) for relation in self.relations_for(POSITION, targets=organizations)]

    def facts(self, rel_types: Iterable[str], sources: Iterable[str] | None = None,
              targets: Iterable[str] | None = None) -> tuple[list[Fact], dict[str, Entity]]:
        """The relations of these types `relations_for` gives, as facts without evidence sentences sorted by key, and
        the entities at their ends by id; stores may answer in one call without reading the sentences."""
        found = sorted((Fact.of(r) for rel_type in dict.fromkeys(rel_types)
                        for r in self.relations_for(rel_type, sources=sources, targets=targets)),
                       key=lambda f: f.key_string)
        return found, self.get_entities({end for f in found for end in (f.source, f.target)})

    @abstractmethod
    def neighbours(self, node_id: str, rel_types: Iterable[str] | None = None,
                   direction: str = "both", limit: int | None = None) -> list[Neighbour]:
        """Relations touching a node and the nodes at their other ends, sorted by relation type then node id."""

    def neighbours_many(self, node_ids: Iterable[str],
                        rel_types: Iterable[str] | None = None) -> dict[str, list[Neighbour]]:
        """`neighbours(node_id, rel_types)` of each node, by node id; stores may answer in one call."""
        rel_types = list(rel_types) if rel_types else None
        return {node_id: self.neighbours(node_id, rel_types=rel_types) for node_id in dict.fromkeys(node_ids)}

    def relations_by_key(self, keys: dict[str, list[str]]) -> dict[str, Relation]:
        """The relations with these keys (`Relation.key_string`), grouped by type, by key; keys of no relation are
        left out. Stores read them through their key indexes."""
        found = {}
        for rel_type, wanted in keys.items():
            wanted = set(wanted)
            found |= {r.key_string: r for r in self.relations(rel_type) if r.key_string in wanted}
        return found

    def facts_by_key(self, keys: dict[str, list[str]]) -> dict[str, Fact]:
        """`relations_by_key` as facts, without their sentences; stores may read them without the sentences."""
        return {key: Fact.of(relation) for key, relation in self.relations_by_key(keys).items()}

    def mention_ends(self, node_id: str) -> list[str]:
        """The other ends of the MENTIONED_IN relations touching a node, sorted: the articles naming an entity, or the
        entities an article names; stores may read only their ids."""
        return sorted([*(r.target for r in self.relations("MENTIONED_IN", source=node_id)),
                       *(r.source for r in self.relations("MENTIONED_IN", target=node_id))])

    def relation_counts(self, rel_type: str) -> dict[str, int]:
        """How many relations of this type end at each target id (e.g. entities mentioned per article)."""
        found: dict[str, int] = {}
        for relation in self.relations(rel_type):
            found[relation.target] = found.get(relation.target, 0) + 1
        return found

    @abstractmethod
    def counts(self) -> Counts:
        """Node counts by label and relationship counts by type."""

    def version(self) -> Hashable:
        """A token that changes whenever what the store holds changes, for caches; by default the counts."""
        counts = self.counts()
        return tuple(sorted(counts.nodes.items())), tuple(sorted(counts.relationships.items()))

    @abstractmethod
    def clear(self) -> None:
        """Remove everything."""

    def flush(self) -> None:
        """Make all writes durable (a no-op for stores that commit as they go)."""

    def close(self) -> None:
        """Release connections and locks."""

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The embedded store's directory: the explicit one, else $KG_DATA, else ./kg-data."""
    return Path(explicit or os.environ.get("KG_DATA") or DEFAULT_DATA_DIR)


def default_store_name() -> str:
    """The store to use when none is named: $KG_STORE, else neo4j when NEO4J_URI is set, else embedded."""
    name = os.environ.get("KG_STORE")
    if name:
        return name
    return "neo4j" if os.environ.get("NEO4J_URI") else "embedded"


def open_store(name: str | None = None, data: str | os.PathLike | None = None, *, writable: bool = False,
               **options) -> GraphStore:
    """Open a store by name ("embedded" or "neo4j"); backends are imported only when asked for."""
    name = name or default_store_name()
    if name == "embedded":
        from graph.embedded import EmbeddedStore
        return EmbeddedStore(data_dir(data), writable=writable)
    if name == "neo4j":
        from graph.neo4j_store import Neo4jStore
        return Neo4jStore.from_env(**options)
    raise StoreError(f"unknown store {name!r}; choose one of {', '.join(STORE_NAMES)}")
