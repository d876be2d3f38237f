"""Plain data objects passed between loaders, stores, queries and exporters: Article, Entity, Relation, Evidence, ArticleGraph."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.schema import SchemaError, get_schema
from graph.text import name_key


def make_id(label: str, canonical_name: str) -> str:
    """Deterministic id of an entity: the label's prefix and a hash of its name key.

    >>> make_id("Person", "محمد محسن صدر") == make_id("Person", "محمدمحسن صدر")
    True
    """
    prefix = get_schema().label(label).id_prefix
    digest = hashlib.sha1(f"{label}|{name_key(canonical_name)}".encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def article_id(normalised_text: str) -> str:
    """Content-hash id of an article: the same text is the same article."""
    prefix = get_schema().label("Article").id_prefix
    return f"{prefix}-{hashlib.sha256(normalised_text.encode('utf-8')).hexdigest()[:16]}"


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the article, the sentence and its offsets in the stored text, who read it, how sure."""

    article: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Evidence":
        return cls(article=data["article"], sentence=data.get("sentence", ""), start=int(data.get("start", 0)),
                   end=int(data.get("end", 0)), extractor=data.get("extractor", ""),
                   confidence=float(data.get("confidence", 0.0)))


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article's stored text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Article:
    """One source article; `text` is the normalised text every evidence offset points into."""

    id: str
    text: str
    path: str = ""
    title: str | None = None
    date: str | None = None
    date_jalali: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    duplicate_of: str | None = None

    def header(self) -> dict:
        """The article's facts without its text, as in the extraction output."""
        return {"id": self.id, "path": self.path, "title": self.title, "date": self.date,
                "date_jalali": self.date_jalali, "source": self.source, "url": self.url, "author": self.author,
                "duplicate_of": self.duplicate_of}

    def to_dict(self) -> dict:
        return {**self.header(), "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        return cls(id=data["id"], text=data.get("text", ""), path=data.get("path") or "", title=data.get("title"),
                   date=data.get("date"), date_jalali=data.get("date_jalali"), source=data.get("source"),
                   url=data.get("url"), author=data.get("author"), duplicate_of=data.get("duplicate_of"))


@dataclass
class Entity:
    """A node other than an Article: Person, Province, Organization or Project."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        get_schema().label(self.type)

    def names(self) -> list[str]:
        """The canonical name followed by the aliases."""
        return [self.name, *[a for a in self.aliases if a != self.name]]

    def to_dict(self, with_mentions: bool = True) -> dict:
        data = {"id": self.id, "type": self.type, "name": self.name, "aliases": list(self.aliases)}
        data.update(self.properties)
        if with_mentions:
            data["mentions"] = [m.to_dict() for m in self.mentions]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Entity":
        core = {"id", "type", "name", "aliases", "mentions"}
        return cls(id=data["id"], type=data["type"], name=data["name"], aliases=list(data.get("aliases") or []),
                   properties={k: v for k, v in data.items() if k not in core},
                   mentions=[Mention(**m) for m in data.get("mentions") or []])


@dataclass
class Relation:
    """A typed edge with its properties and the evidence it was read from."""

    type: str
    source: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        get_schema().relationship(self.type)

    @property
    def key(self) -> tuple:
        """Identity of the fact: type, endpoints and the schema's key properties (e.g. the role)."""
        spec = get_schema().relationship(self.type)
        return (self.type, self.source, self.target, *(str(self.properties.get(p) or "") for p in spec.key_properties))

    @property
    def key_string(self) -> str:
        """The key as one string, for stores that index by a scalar."""
        return "|".join(self.key)

    def articles(self) -> list[str]:
        """Ids of the articles this fact was read from, in first-seen order."""
        return list(dict.fromkeys(e.article for e in self.evidence))

    def to_dict(self) -> dict:
        return {"type": self.type, "source": self.source, "target": self.target,
                "properties": dict(self.properties), "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, data: dict) -> "Relation":
        return cls(type=data["type"], source=data["source"], target=data["target"],
                   properties=dict(data.get("properties") or {}),
                   evidence=[Evidence.from_dict(e) for e in data.get("evidence") or []])


def choose_name(names: Iterable[str]) -> str:
    """Pick the canonical name among the names proposed as canonical, independent of their order: the longest, then the smallest.

    Applied to the stored name and a newly proposed one, it is a maximum over all proposals, so the result does not
    depend on the order articles are loaded in.
    """
    return min((n for n in names if n), key=lambda n: (-len(n), n))


def merge_entity(existing: Entity | None, new: Entity) -> Entity:
    """The entity a store holds after writing `new` over `existing`: names united, canonical name and properties
    chosen so that the result does not depend on the order of writes."""
    if existing is None:
        return Entity(id=new.id, type=new.type, name=new.name, aliases=sorted(set(new.aliases) - {new.name}),
                      properties=dict(new.properties))
    if existing.type != new.type:
        raise SchemaError(f"id {new.id} is a {existing.type}, not a {new.type}")
    names = set(existing.names()) | set(new.names())
    name = choose_name([existing.name, new.name])
    props = dict(existing.properties)
    for key, value in new.properties.items():
        if value in (None, "", []):
            continue
        if props.get(key) in (None, "", []):
            props[key] = value
        elif props[key] != value:
            props[key] = min(props[key], value, key=str)
    return Entity(id=new.id, type=new.type, name=name, aliases=sorted(names - {name}), properties=props)


def merge_evidence(existing: list[Evidence], new: list[Evidence]) -> list[Evidence]:
    """Evidence of both lists, each piece once, in first-seen order."""
    return list(dict.fromkeys([*existing, *new]))


@dataclass
class ArticleGraph:
    """Everything read from one article: the article, its entities (with mentions) and relations (with evidence).

    Its JSON form is exactly one line of `kg extract --format jsonl` (see SCHEMA.md).
    """

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        return {"article": self.article.header(), "entities": [e.to_dict() for e in self.entities],
                "relations": [r.to_dict() for r in self.relations]}

    @classmethod
    def from_json_dict(cls, data: dict, text: str = "") -> "ArticleGraph":
        return cls(article=Article.from_dict({**data["article"], "text": text}),
                   entities=[Entity.from_dict(e) for e in data.get("entities", [])],
                   relations=[Relation.from_dict(r) for r in data.get("relations", [])])
