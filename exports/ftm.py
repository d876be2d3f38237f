"""FollowTheMoney export of any GraphStore: the JSON Lines entities that OCCRP Aleph, OpenAleph and `ftm` import.

Entities are built with the followthemoney library's own model (`model.make_entity`), so an invalid property is
refused by the library, not written. The mapping is in `exports/ftm.yaml`: Person -> Person, Organization ->
PublicBody or Organization/Company by kind, Project -> Project, Province -> Address, Article -> Article.
HOLDS_POSITION becomes a Position (the role at the organisation) and an Occupancy (holder, post, dates); mentions
become Mention entities; every other relationship an interval entity (Membership, UnknownLink) whose `description`
carries the evidence sentences and whose `proof` points at the articles. Ids are stable: each is derived from the
graph's own id (or relationship key), so two exports of the same graph give the same ids.

>>> from graph.embedded import EmbeddedStore
>>> import tempfile
>>> list(ftm_entities(EmbeddedStore(tempfile.mkdtemp())))
[]
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

import orjson
import yaml
from followthemoney import model
from followthemoney.proxy import EntityProxy

from graph.model import Article, Entity, Relation
from graph.schema import get_schema
from graph.store import GraphStore
from queries.tenure import Tenure, all_tenures, tenure_index

MAPPING_FILE = Path(__file__).with_name("ftm.yaml")
MAX_SENTENCES = 5


@lru_cache(maxsize=1)
def mapping() -> dict:
    """The graph -> FtM mapping (exports/ftm.yaml), checked against the graph schema once."""
    data = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    schema = get_schema()
    for label in data["labels"]:
        schema.label(label)
    for rel_type in data["relationships"]:
        schema.relationship(rel_type)
    return data


def ftm_id(graph_id: str) -> str:
    """The FtM id of a graph node: the project prefix and the graph's own stable id."""
    return f"{mapping()['id_prefix']}-{graph_id}"


def link_id(*key: str) -> str:
    """The FtM id of a link entity: the project prefix and a hash of the relationship's key."""
    return f"{mapping()['id_prefix']}-{hashlib.sha1('|'.join(key).encode()).hexdigest()}"


def _entity_schema(entity: Entity) -> str:
    spec = mapping()["labels"][entity.type]
    if isinstance(spec, str):
        return spec
    return spec["by_kind"].get(entity.properties.get("kind") or "", spec["default"])


def node_entity(entity: Entity) -> EntityProxy:
    """The FtM entity of a Person, Organization, Project or Province."""
    proxy = model.make_entity(_entity_schema(entity))
    proxy.id = ftm_id(entity.id)
    name_property = "full" if proxy.schema.name == "Address" else "name"
    proxy.add(name_property, entity.name)
    if proxy.schema.name == "Address":
        proxy.add("region", entity.name)
    proxy.add("alias", [a for a in entity.aliases if a != entity.name])
    proxy.add("country", mapping()["country"])
    for prop, value in (("weakAlias", entity.properties.get("name_en")),
                        ("summary", entity.properties.get("kind"))):
        if value and proxy.schema.get(prop):
            proxy.add(prop, value)
    return proxy


def article_entity(article: Article) -> EntityProxy:
    """The FtM Article (a Document) of a news article, with its publisher, date and link."""
    proxy = model.make_entity("Article")
    proxy.id = ftm_id(article.id)
    proxy.add("title", article.title or article.path or article.id)
    proxy.add("publishedAt", article.date)
    proxy.add("publisher", article.source)
    proxy.add("sourceUrl", article.url)
    proxy.add("fileName", Path(article.path).name if article.path else None)
    proxy.add("language", "fas")
    proxy.add("country", mapping()["country"])
    proxy.add("bodyText", article.text)
    return proxy


def _with_evidence(proxy: EntityProxy, relation: Relation, articles: dict[str, Article]) -> EntityProxy:
    """Evidence on an interval entity: the sentences in `description`, the articles in `proof`, their dates and links."""
    sentences = list(dict.fromkeys(e.sentence for e in relation.evidence))
    if sentences:
        proxy.add("description", " | ".join(sentences[:MAX_SENTENCES]))
    for article_id in relation.articles():
        proxy.add("proof", ftm_id(article_id))
        if article_id in articles:
            proxy.add("sourceUrl", articles[article_id].url)
            proxy.add("publisher", articles[article_id].source)
            proxy.add("date", relation.properties.get("date") or articles[article_id].date)
    return proxy


def relation_entities(relation: Relation, articles: dict[str, Article], names: dict[str, str],
                      tenure: Tenure | None = None) -> list[EntityProxy]:
    """The FtM entities of one relationship (two for HOLDS_POSITION: the Position and the Occupancy, dated by its
    tenure: `startDate` the appointment, `endDate` the farewell, the successor's start or the first 'former')."""
    spec = mapping()["relationships"][relation.type]
    source, target = ftm_id(relation.source), ftm_id(relation.target)
    if spec["schema"] == "Occupancy":
        role = relation.properties.get("role") or mapping()["default_role"]
        position = model.make_entity("Position")
        position.id = link_id("Position", relation.target, role)
        position.add("name", role)
        position.add("organization", target)
        position.add("country", mapping()["country"])
        occupancy = model.make_entity("Occupancy")
        occupancy.id = link_id(*relation.key)
        occupancy.add("holder", source)
        occupancy.add("post", position.id)
        if tenure is not None:
            occupancy.add("startDate", tenure.appointed)
            occupancy.add("endDate", tenure.end)
            occupancy.add("status", tenure.status)
            if tenure.end_kind:
                occupancy.add("summary", spec["end_kinds"][tenure.end_kind])
        return [position, _with_evidence(occupancy, relation, articles)]
    proxy = model.make_entity(spec["schema"])
    proxy.id = link_id(*relation.key)
    if spec["schema"] == "Mention":
        proxy.add("document", target)
        proxy.add("resolved", source)
        proxy.add("name", names.get(relation.source) or spec["role"])
        return [proxy]
    ends = spec.get("ends", ["subject", "object"])
    proxy.add(ends[0], source)
    proxy.add(ends[1], target)
    proxy.add("role", spec["role"])
    return [_with_evidence(proxy, relation, articles)]


def ftm_entities(store: GraphStore) -> Iterator[EntityProxy]:
    """Every node and relationship of the store as FtM entities: nodes first, then links (each Position once)."""
    articles = {a.id: a for a in store.articles()}
    names = {}
    for entity in store.entities():
        names[entity.id] = entity.name
        yield node_entity(entity)
    for article in articles.values():
        yield article_entity(article)
    positions = set()
    tenures = tenure_index(all_tenures(store))
    for rel_type in mapping()["relationships"]:
        for relation in store.relations(rel_type):
            for proxy in relation_entities(relation, articles, names, tenures.get(relation.key_string)):
                if proxy.schema.name == "Position":
                    if proxy.id in positions:
                        continue
                    positions.add(proxy.id)
                yield proxy


def write_ftm(store: GraphStore, out: IO[bytes]) -> int:
    """Write the store as FtM JSON Lines to a binary stream; returns the number of entities written."""
    count = 0
    for proxy in ftm_entities(store):
        out.write(orjson.dumps(proxy.to_dict()) + b"\n")
        count += 1
    return count


def export_ftm(store: GraphStore, path: str | Path) -> Path:
    """Write the store as FtM JSON Lines to `path` (written to a temporary file, then renamed into place)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        write_ftm(store, out)
    partial.replace(path)
    return path
