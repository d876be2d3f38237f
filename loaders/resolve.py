"""Entity resolution: mentions to entities within an article, and one canonical entity per real entity across articles.

Within an article, mentions group by type and name key (a person's key ignores سید; a surname alone was already
tied to its full name by loaders.entities), and a shorter project or organisation name that the longer one
starts with joins it ("بوت‌کمپ تخصصی" -> "بوت‌کمپ تخصصی هوش مصنوعی", "شورای فضای مجازی" ->
"شورای فضای مجازی استان کرمان"). Across articles, entities group by the same keys; the canonical name is chosen
from the group's names by a rule that does not depend on article order, and ids are `make_id(type, canonical)`.
The curation decisions (loaders.curation) are applied as part of it: merges, names kept apart, canonical names,
aliases, rejected and confirmed facts.
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from graph.model import ArticleGraph, Entity, Mention, Relation, merge_evidence
from loaders.curation import Curation, CurationError
from loaders.entities import Found, Mentions
from loaders.gcpause import gc_paused
from loaders.lexicon import KeyIndex, LexEntry, cached_make_id, cached_name_key, get_lexicon
from loaders.sentences import Sentence, tokenize

_KEPT_HONORIFICS = ("سید ", "سیده ", "میر ")
_FIRST_WORD = re.compile(r"[\s\u200c]+")


def person_key(name: str) -> str:
    """Comparison key of a person's name: honorifics kept in the name (سید), written apart or joined to the given
    name (سیدمحمد), do not count."""
    for prefix in _KEPT_HONORIFICS:
        if name.startswith(prefix):
            name = name[len(prefix):]
    first, _, rest = name.partition(" ")
    lex = get_lexicon()
    if rest:
        first_key = cached_name_key(first)
        for prefix in lex.kept_honorifics:
            if first_key.startswith(prefix) and lex.is_given_name(first_key[len(prefix):]):
                return first_key[len(prefix):] + cached_name_key(rest)
    return cached_name_key(name)


def entity_key(type_: str, name: str) -> tuple[str, str]:
    """The key entities of one real entity share: type and name key."""
    return (type_, person_key(name) if type_ == "Person" else cached_name_key(name))


@dataclass
class EntityRecord:
    """One entity of an article, built from its mentions."""

    type: str
    name: str
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    founds: list[Found] = field(default_factory=list)
    place: str | None = None
    place_from_city: bool = False
    part_of: str | None = None
    entry: LexEntry | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Type and comparison key."""
        return entity_key(self.type, self.name)

    @property
    def id(self) -> str:
        """The entity id from its current name."""
        return cached_make_id(self.type, self.name)


def group_mentions(mentions: Mentions) -> tuple[dict[tuple[str, str], EntityRecord], dict[int, tuple[str, str]]]:
    """Group an article's mentions into entity records; also map each mention (by id()) to its record's key."""
    records: dict[tuple[str, str], EntityRecord] = {}
    owner: dict[int, tuple[str, str]] = {}
    for found in mentions.found:
        key = entity_key(found.type, found.name)
        rec = records.get(key)
        if rec is None:
            rec = records[key] = EntityRecord(found.type, found.name, found.kind, entry=found.entry)
        _absorb(rec, found)
        owner[id(found)] = key
    _merge_prefixes(records, owner)
    _merge_scope_variants(records, owner)
    _merge_provincial_bodies(records, owner)
    return records, owner


def _absorb(rec: EntityRecord, found: Found) -> None:
    """Add a mention to a record (longest person name, first place, aliases)."""
    rec.founds.append(found)
    if found.type == "Person" and len(found.name) > len(rec.name):
        rec.name = found.name
    rec.kind = rec.kind or found.kind
    rec.entry = rec.entry or found.entry
    if found.place and not rec.place:
        rec.place, rec.place_from_city = found.place, found.place_from_city
    rec.part_of = rec.part_of or found.part_of
    for alias in found.aliases:
        if alias and alias not in rec.aliases:
            rec.aliases.append(alias)


def _merge_prefixes(records: dict, owner: dict) -> None:
    """Fold a shorter project/organisation name into the longer one it begins (same type)."""
    keys = sorted(records, key=lambda k: -len(k[1]))
    for short in sorted(records, key=lambda k: len(k[1])):
        if short[0] not in ("Project", "Organization") or short not in records:
            continue
        rec = records[short]
        if rec.entry is not None:
            continue
        for long in keys:
            if long == short or long[0] != short[0] or long not in records or not long[1].startswith(short[1]):
                continue
            if short[0] == "Organization" and not (records[long].place and not rec.place):
                continue
            _fold(records, owner, short, long)
            break


def _loose_words(name: str) -> list[str]:
    """Keys of a project name's words without its scope words (ملی، بین‌المللی ...)."""
    scopes = get_lexicon().event_scopes
    return [k for k in (cached_name_key(w) for w in name.split()) if k and k not in scopes]


def _is_short_form(short: list[str], long: list[str]) -> bool:
    """Whether a name's words are the longer name's words with some left out, in order, same head word
    ("رویداد نوآوری صنعت نفت" of "رویداد ملی نوآوری صنعت نفت"; "جشنواره ملی ایده‌های شهر هوشمند" of
    "جشنواره ملی ایده‌های نوآورانه شهر هوشمند")."""
    if not short or not long or short[0] != long[0] or (len(short) < 3 and short != long):
        return False
    rest = iter(long)
    return all(word in rest for word in short)


def _merge_scope_variants(records: dict, owner: dict) -> None:
    """Fold a pattern-found project into a longer one of the article it is a short form of (a headline's short name,
    the name without its scope words)."""
    keys = sorted((k for k in records if k[0] == "Project" and records[k].entry is None),
                  key=lambda k: (-len(k[1]), k[1]))
    for i, short in enumerate(keys):
        if short not in records:
            continue
        words = _loose_words(records[short].name)
        for long in keys[:i]:
            if long not in records or not _is_short_form(words, _loose_words(records[long].name)):
                continue
            _fold(records, owner, short, long)
            break


def _fold(records: dict, owner: dict, key: tuple, into: tuple) -> None:
    """Merge the record `key` into the record `into`: its mentions, its name as an alias; `key` is gone after."""
    target, rec = records[into], records.pop(key)
    for found in rec.founds:
        _absorb(target, found)
        owner[id(found)] = into
    if rec.name not in target.aliases:
        target.aliases.append(rec.name)


def _provincial_body_key(rec: EntityRecord) -> str | None:
    """"اداره کل بهزیستی استان گیلان" and "سازمان بهزیستی استان گیلان" -> one key (domain and province), else None."""
    if rec.type != "Organization" or not rec.place:
        return None
    key = cached_name_key(rec.name)
    for head in get_lexicon().provincial_body_heads:
        if key.startswith(head):
            return key[len(head):]
    return None


def _merge_provincial_bodies(records: dict, owner: dict) -> None:
    """Fold the two ways of naming one provincial body into one: the directorate name wins."""
    seen: dict[str, tuple] = {}
    for key in sorted(records, key=lambda k: (records[k].kind != "directorate", k[1])):
        body = _provincial_body_key(records[key])
        if body is None:
            continue
        target_key = seen.setdefault(body, key)
        if target_key == key:
            continue
        _fold(records, owner, key, target_key)


# --- across articles -----------------------------------------------------------------------------------------
def _choose_name(names: Counter) -> str:
    """The canonical name of a group: most often used, then longest, then first in sort order."""
    return min(names, key=lambda n: (-names[n], -len(n), n))


class _Clusters:
    """Union-find over entity keys (type, name key)."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, key):
        """The cluster's root key."""
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a, b) -> None:
        """Join the clusters of two keys."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_across(docs: list[ArticleGraph], curation_path: str | os.PathLike | None = None,
                   curation: Curation | None = None) -> list[ArticleGraph]:
    """Give every real entity one canonical name and id across the articles, applying the curation decisions
    (`curation`, else the file at `curation_path`, $KG_CURATION or data/curation.jsonl)."""
    with gc_paused():
        return _resolve_across(docs, curation if curation is not None else Curation.load(curation_path))


def _resolve_across(docs: list[ArticleGraph], curation: Curation) -> list[ArticleGraph]:
    """resolve_across with the garbage collector paused."""
    docs = recognise_programmes(docs)
    id_to_key: dict[str, tuple[str, str]] = {}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    clusters = _Clusters()
    exact = curation.exact_keys()

    def key_of(type_: str, name: str) -> tuple[str, str]:
        """The entity key, exact for names kept apart."""
        plain = (type_, cached_name_key(name))
        return plain if plain in exact else entity_key(type_, name)

    for doc in docs:
        for ent in doc.entities:
            key = key_of(ent.type, ent.name)
            id_to_key[ent.id] = key
            names[key][ent.name] += max(1, len(ent.mentions))
            clusters.find(key)
    canonical_override = curation.join(clusters, names, id_to_key, key_of)
    group_names: dict = defaultdict(Counter)
    for key, counter in names.items():
        group_names[clusters.find(key)].update(counter)
    canonical = {root: canonical_override.get(root) or _choose_name(counter) for root, counter in group_names.items()}
    new_id = {}
    for old, key in id_to_key.items():
        root = clusters.find(key)
        new_id[old] = cached_make_id(key[0], canonical[root])

    def locate(type_: str | None, entity_names, ids) -> str | None:
        """The resolved id of the entity with one of these names (or pre-resolution ids)."""
        for name in entity_names:
            key = key_of(type_, name) if type_ else None
            if key in names:
                return cached_make_id(key[0], canonical[clusters.find(key)])
        return next((new_id[i] for i in ids if i in new_id), None)

    resolved = [_rewrite(doc, new_id, canonical, clusters, id_to_key) for doc in docs]
    return curation.finish(resolved, locate)


def recognise_programmes(docs: list[ArticleGraph]) -> list[ArticleGraph]:
    """A programme one article declares ("X را یکی از برنامه‌های ORG دانست") is recognised where other articles
    write its name without that cue: the mention (and MENTIONED_IN) is added there. Gazetteer programmes are left
    out: the extractor already finds them in every article."""
    index = KeyIndex()
    probes: set[str] = set()
    gazetteer = get_lexicon().named.entries
    for doc in docs:
        for ent in doc.entities:
            if ent.type == "Project" and ent.properties.get("kind") == "programme" and len(ent.name.split()) > 1 \
                    and cached_name_key(ent.name) not in gazetteer:
                for name in (ent.name, *ent.aliases):
                    index.add(name, ent)
                    probes.add(_FIRST_WORD.split(name.strip(), maxsplit=1)[0])
    if not index.entries:
        return docs
    return [_add_programme_mentions(doc, index, probes) for doc in docs]


def _add_programme_mentions(doc: ArticleGraph, index: KeyIndex, probes: set[str]) -> ArticleGraph:
    """One article with the indexed programmes' unmarked mentions added."""
    text = doc.article.text
    if not text:
        return doc
    if not any(probe in text for probe in probes):
        return doc
    tokens = tokenize(text, [Sentence(0, 0, len(text), text)])  # the article's tokens; their sentences are not needed
    hits = [(i, hit) for i, hit in enumerate(index.scan([t.key for t in tokens])) if hit is not None]
    if not hits:
        return doc
    taken = [(m.start, m.end) for e in doc.entities for m in e.mentions]
    entities = [Entity(e.id, e.type, e.name, list(e.aliases), dict(e.properties), list(e.mentions))
                for e in doc.entities]
    relations = [Relation(r.type, r.source, r.target, dict(r.properties), list(r.evidence)) for r in doc.relations]
    by_id = {e.id: e for e in entities}
    mentioned = {r.source: r for r in relations if r.type == "MENTIONED_IN"}
    for i, hit in hits:
        start, end = tokens[i].start, tokens[hit[0] - 1].end
        if any(s < end and start < e for s, e in taken):
            continue
        source: Entity = hit[1]
        ent = by_id.get(source.id)
        if ent is None:
            ent = by_id[source.id] = Entity(source.id, source.type, source.name, list(source.aliases),
                                            dict(source.properties), [])
            entities.append(ent)
        ent.mentions.append(Mention(start, end, text[start:end]))
        taken.append((start, end))
        spans = [[m.start, m.end] for m in ent.mentions]
        if ent.id in mentioned:
            mentioned[ent.id].properties.update(count=len(spans), mentions=spans)
        else:
            mentioned[ent.id] = Relation("MENTIONED_IN", ent.id, doc.article.id, {"count": len(spans),
                                                                                 "mentions": spans})
            relations.append(mentioned[ent.id])
    return ArticleGraph(doc.article, entities, relations)


def _rewrite(doc: ArticleGraph, new_id: dict, canonical: dict, clusters: _Clusters, id_to_key: dict) -> ArticleGraph:
    """One article graph with resolved ids and names, duplicate entities and relations folded together."""
    entities: dict[str, Entity] = {}
    for ent in doc.entities:
        nid = new_id[ent.id]
        name = canonical[clusters.find(id_to_key[ent.id])]
        if nid in entities:
            kept = entities[nid]
            kept.aliases = list(dict.fromkeys([*kept.aliases, ent.name, *ent.aliases]))
            kept.mentions = sorted({*kept.mentions, *ent.mentions}, key=lambda m: m.start)
            continue
        aliases = [a for a in dict.fromkeys([ent.name, *ent.aliases]) if a != name]
        entities[nid] = Entity(nid, ent.type, name, aliases, dict(ent.properties), list(ent.mentions))
    relations: dict[tuple, Relation] = {}
    for rel in doc.relations:
        moved = Relation(rel.type, new_id.get(rel.source, rel.source), new_id.get(rel.target, rel.target),
                         dict(rel.properties), list(rel.evidence))
        if moved.type == "MENTIONED_IN":
            key = (moved.type, moved.source)
            if key in relations:
                old = relations[key]
                spans = sorted({tuple(s) for s in old.properties["mentions"] + moved.properties["mentions"]})
                old.properties.update(count=len(spans), mentions=[list(s) for s in spans])
                continue
        elif moved.source == moved.target:
            continue
        key = moved.key
        if key in relations:
            relations[key].evidence = merge_evidence(relations[key].evidence, moved.evidence)
        else:
            relations[key] = moved
    return ArticleGraph(doc.article, list(entities.values()), list(relations.values()))


def lexicon_properties(rec: EntityRecord) -> dict:
    """Properties an entity takes from the gazetteers: kind, name_en, capital."""
    props: dict = {}
    if rec.type in ("Organization", "Project"):
        props["kind"] = rec.kind or ("other" if rec.type == "Organization" else "project")
    if rec.entry is not None and rec.entry.name_en:
        props["name_en"] = rec.entry.name_en
    if rec.type == "Province":
        info = get_lexicon().province_record(rec.name) or {}
        if info.get("name_en"):
            props["name_en"] = info["name_en"]
        if info.get("capital"):
            props["capital"] = info["capital"]
    return props
