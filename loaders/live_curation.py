"""Applying a curation decision to a store at once, with the code a build uses: the articles the decision touches
are taken out, extracted again from their stored text, resolved with every decision in force and written back.

Entities the decision is not about keep the names the store gave them, so the rest of the graph does not move.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from graph.model import ArticleGraph, Entity, Relation
from graph.store import GraphStore
from graph.text import name_key
from loaders.curation import Curation, CurationError, Decision, active_decisions, append_decision, check_new
from loaders.pipeline import extract_article, resolve_across
from loaders.resolve import person_key


@dataclass
class Outcome:
    """What a decision does: the decision, and the affected articles as they are stored once it applies."""

    decision: Decision
    docs: list[ArticleGraph] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def entity_named(self, type_: str | None, names) -> Entity | None:
        """The resolved entity (of this type) called by one of these names, else carrying one as an alias, with
        every alias the articles give it."""
        keys = {name_key(n) for n in names}
        entities = [e for doc in self.docs for e in doc.entities if type_ is None or e.type == type_]
        chosen = (next((e for e in entities if name_key(e.name) in keys), None)
                  or next((e for e in entities if keys & {name_key(n) for n in e.names()}), None))
        if chosen is None:
            return None
        aliases = {a for e in entities if e.id == chosen.id for a in e.aliases}
        return Entity(chosen.id, chosen.type, chosen.name, sorted(aliases - {chosen.name}))

    def facts_of(self, entity_id: str) -> list[Relation]:
        """The resolved facts (not mentions) touching an entity, each once."""
        found = {}
        for doc in self.docs:
            for rel in doc.relations:
                if rel.type != "MENTIONED_IN" and entity_id in (rel.source, rel.target):
                    found.setdefault(rel.key_string, rel)
        return list(found.values())


def _entity_ids(store: GraphStore, decision: Decision) -> set[str]:
    """Ids of the stored entities a decision names (by id, by any of its names, by the alias it adds)."""
    ids = {i for i in decision.ids if store.get_entity(i) is not None}
    names = [*decision.names, *([decision.alias, decision.canonical] if decision.type else [])]
    for name in filter(None, names):
        ids.update(e.id for e in store.find_by_name(name, decision.type))
    return ids


def _articles_of(store: GraphStore, entity_ids) -> set[str]:
    """The articles that mention these entities."""
    found: set[str] = set()
    for hops in store.neighbours_many(list(entity_ids), ["MENTIONED_IN"]).values():
        found.update(h.node.id for h in hops if h.direction == "out")
    return found


def affected_articles(store: GraphStore, decision: Decision, decisions: list[Decision]) -> set[str]:
    """The stored articles a decision changes: those of the entities it names, or those behind the fact it judges."""
    if decision.decision == "undo":
        target = next(d for d in decisions if d.id == decision.undoes)
        return affected_articles(store, target, decisions)
    if decision.relation is not None:
        rel = decision.relation
        found = {e.get("article") for e in decision.evidence if e.get("article")}
        ends = [rel["source"], rel["target"]]
        for end in ("source", "target"):
            if rel.get(f"{end}_name") and rel[f"{end}_type"] != "Article":
                ends += [e.id for e in store.find_by_name(rel[f"{end}_name"], rel[f"{end}_type"])]
        for stored in store.relations_for(rel["type"], sources=ends):
            if stored.target in ends:
                found.update(stored.articles())
        return {a for a in found if store.has_article(a)}
    return _articles_of(store, _entity_ids(store, decision))


def _with_context(store: GraphStore, articles: set[str]) -> set[str]:
    """The articles plus those of the programmes they mention: a programme one article declares is recognised in the
    others only when they are resolved together."""
    mentioned = store.neighbours_many(list(articles), ["MENTIONED_IN"])
    programmes = {h.node.id for hops in mentioned.values() for h in hops
                  if isinstance(h.node, Entity) and h.node.type == "Project"
                  and h.node.properties.get("kind") == "programme"}
    return articles | _articles_of(store, programmes) if programmes else articles


def _honorific_variants(entity: Entity) -> bool:
    """A person whose names share one key but for an honorific (e.g. with and without سید): a build chooses which
    is canonical, and so the id, from all their articles."""
    names = entity.names()
    return entity.type == "Person" and len({name_key(n) for n in names}) > len({person_key(n) for n in names})


def _pins(before: dict[str, Entity], involved: set[str]) -> list[Decision]:
    """Canonical names kept as the store has them for people the decision is not about, so that re-reading some of
    their articles chooses the name (and id) a build chose from all of them."""
    return [Decision(id=f"pin-{entity.id}", decision="canonical", type="Person", names=tuple(entity.names()),
                     canonical=entity.name)
            for entity in before.values()
            if _honorific_variants(entity) and not involved & {name_key(n) for n in entity.names()}]


def _involved_keys(store: GraphStore, decision: Decision, decisions: list[Decision]) -> set[str]:
    """Name keys of the entities whose names a decision may change."""
    if decision.decision == "undo":
        return _involved_keys(store, next(d for d in decisions if d.id == decision.undoes), decisions)
    if decision.relation is not None:
        return set()
    keys = {name_key(n) for n in (*decision.names, decision.alias, decision.canonical) if n}
    for entity in store.get_entities(_entity_ids(store, decision)).values():
        keys.update(name_key(n) for n in entity.names())
    return keys


def _pin(docs: list[ArticleGraph], before: dict[str, Entity], involved: set[str]) -> None:
    """Entities the decision is not about keep their stored name and aliases (read from all their articles)."""
    for doc in docs:
        for entity in doc.entities:
            stored = before.get(entity.id)
            if stored is None or involved & {name_key(n) for n in entity.names()}:
                continue
            entity.name = stored.name
            entity.aliases = list(stored.aliases)


def plan(store: GraphStore, item: dict, path: str | os.PathLike | None = None) -> Outcome:
    """Check a decision against the file and the store and work out its effect, writing nothing."""
    decision, existing = check_new(item, path)
    _check_store(store, decision)
    decisions = [*existing, decision]
    articles = _with_context(store, affected_articles(store, decision, existing + [decision]))
    stored = [a for a in (store.get_article(i) for i in sorted(articles)) if a is not None]
    before = {h.node.id: h.node for hops in store.neighbours_many([a.id for a in stored], ["MENTIONED_IN"]).values()
              for h in hops if isinstance(h.node, Entity)}
    involved = _involved_keys(store, decision, decisions)
    curation = Curation([*_pins(before, involved), *active_decisions(decisions)])
    docs = resolve_across([extract_article(a) for a in stored], curation=curation)
    _pin(docs, before, involved)
    outcome = Outcome(decision, docs, [a.id for a in stored])
    _check_effect(outcome)
    return outcome


def _check_store(store: GraphStore, decision: Decision) -> None:
    """Refuse a decision about entities the store does not hold, or of mixed types."""
    if decision.relation is not None or decision.decision == "undo":
        return
    entities = store.get_entities(decision.ids)
    missing = [i for i in decision.ids if i not in entities]
    if missing:
        raise CurationError(f"new decision: no entity {', '.join(missing)} in the store")
    types = {e.type for e in entities.values()}
    if types - {decision.type}:
        raise CurationError(f"new decision: the entities are {', '.join(sorted(types))}, not all {decision.type}")
    if decision.decision == "merge" and len(set(decision.ids) or {name_key(n) for n in decision.names}) < 2:
        raise CurationError("new decision: a merge needs two different entities")
    if decision.decision == "add_alias":
        taken = [e for e in store.find_by_name(decision.alias, decision.type) if e.id not in decision.ids]
        if taken:
            raise CurationError(f"new decision: {decision.alias} is the name of another entity "
                                f"({taken[0].id}); merge the two instead")


def _check_effect(outcome: Outcome) -> None:
    """Refuse a keep-apart that cannot separate the names (the extractor joins them inside one article)."""
    decision = outcome.decision
    if decision.decision != "keep_apart":
        return
    holders = {getattr(outcome.entity_named(decision.type, [n]), "id", None) for n in decision.names}
    if len(holders - {None}) == 1 and None not in holders:
        raise CurationError(f"new decision: {' / '.join(decision.names)} are read as one entity inside the same "
                            "article, so keeping them apart changes nothing")


def apply(store: GraphStore, item: dict, path: str | os.PathLike | None = None) -> Outcome:
    """Check a decision, append it to the curation file and apply it to the store; CurationError when refused."""
    outcome = plan(store, item, path)
    outcome.decision = append_decision(item, path)
    for article_id in outcome.articles:
        store.remove_article(article_id)
    store.write_many(outcome.docs)
    store.flush()
    return outcome
