"""Curation decisions as data: reading, checking and appending the JSON-lines file, and applying it during resolution.

One decision per line (nomenklatura's judgements, extended to names and facts):
`merge`, `keep_apart`, `canonical`, `add_alias`, `remove_alias` (about entities, given by `type` and `names`, with
the `ids` they had when decided), `reject`, `confirm` (about one fact, given by `relation`) and `undo` (of the
decision whose `id` it names). Every line may carry `id`, `reason`, `time` and `reviewer`. `resolve_across` applies
the active decisions (those not undone) at every extraction, so the graph is always articles plus decisions.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from graph.model import ArticleGraph, Relation
from graph.schema import get_schema
from graph.text import name_key

DEFAULT_CURATION = Path(__file__).resolve().parent.parent / "data" / "curation.jsonl"
ENTITY_DECISIONS = ("merge", "keep_apart", "canonical", "add_alias", "remove_alias")
FACT_DECISIONS = ("reject", "confirm")
DECISIONS = (*ENTITY_DECISIONS, *FACT_DECISIONS, "undo")
MAX_REASON = 2000
MAX_NAME = 300
FIELDS = {"id", "decision", "type", "ids", "names", "canonical", "alias", "relation", "evidence", "undoes",
          "reason", "note", "time", "reviewer"}
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class CurationError(ValueError):
    """A curation decision that cannot be read or applied; the message names the file, the line and the reason."""


def clean_text(text: str) -> str:
    """Text with direction overrides, isolates and control characters taken out (they could disguise a name)."""
    return _INVISIBLE.sub("", text or "").strip()


def curation_path(explicit: str | os.PathLike | None = None) -> Path:
    """The curation file: the explicit one, else $KG_CURATION, else data/curation.jsonl."""
    return Path(explicit or os.environ.get("KG_CURATION") or DEFAULT_CURATION)


@dataclass(frozen=True)
class Decision:
    """One checked line of the curation file."""

    id: str
    decision: str
    type: str | None = None
    ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    canonical: str | None = None
    alias: str | None = None
    relation: dict | None = None
    evidence: tuple[dict, ...] = ()
    undoes: str | None = None
    reason: str = ""
    time: str | None = None
    reviewer: str | None = None
    line: int = 0

    def to_json(self) -> dict:
        """The decision as the line written to the file (empty fields left out)."""
        data = {"id": self.id, "decision": self.decision, "type": self.type, "ids": list(self.ids),
                "names": list(self.names), "canonical": self.canonical, "alias": self.alias,
                "relation": self.relation, "evidence": list(self.evidence), "undoes": self.undoes,
                "reason": self.reason, "time": self.time, "reviewer": self.reviewer}
        return {k: v for k, v in data.items() if v not in (None, "", [], ())}

    def relation_key(self) -> tuple:
        """The fact a reject/confirm is about, without its ends: type, end labels and key properties."""
        rel = self.relation or {}
        props = rel.get("properties") or {}
        return (rel.get("type"), rel.get("source_type"), rel.get("target_type"),
                tuple(sorted((k, str(v)) for k, v in props.items())),
                _end_key(rel, "source"), _end_key(rel, "target"))


def _end_key(rel: dict, end: str) -> str:
    """A fact's end as compared: the name key of its name (so it survives the id changing), or an article's id."""
    name = rel.get(f"{end}_name")
    return name_key(name) if name and rel.get(f"{end}_type") != "Article" else rel.get(end, "")


def _strings(value, what: str, where: str) -> tuple[str, ...]:
    """A list-of-names field, cleaned and checked."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CurationError(f"{where}: '{what}' must be a list of strings")
    cleaned = tuple(clean_text(v) for v in value)
    for text in cleaned:
        if not text or not name_key(text):
            raise CurationError(f"{where}: '{what}' holds an empty name")
        if len(text) > MAX_NAME:
            raise CurationError(f"{where}: a name in '{what}' is {len(text)} characters long, over {MAX_NAME}")
    return cleaned


def _optional_text(item: dict, key: str, where: str, limit: int = MAX_NAME) -> str | None:
    """An optional text field, cleaned and checked."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CurationError(f"{where}: '{key}' must be a string")
    value = clean_text(value)
    if len(value) > limit:
        raise CurationError(f"{where}: '{key}' is {len(value)} characters long, over {limit}")
    return value or None


def line_id(line: str) -> str:
    """The id of a hand-written line that has none: a hash of its text, stable while the line is unchanged."""
    return "line-" + hashlib.sha1(line.strip().encode("utf-8")).hexdigest()[:12]


def parse_decision(item, where: str, default_id: str = "", line: int = 0) -> Decision:
    """Check one decision (a JSON object) and return it; anything wrong raises CurationError starting with `where`."""
    schema = get_schema()
    if not isinstance(item, dict) or item.get("decision") not in DECISIONS:
        raise CurationError(f"{where}: 'decision' must be one of {', '.join(DECISIONS)}; "
                            f"the original two are 'merge' or 'keep_apart'")
    unknown = sorted(set(item) - FIELDS)
    if unknown:
        raise CurationError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    kind = item["decision"]
    reason = item.get("reason", item.get("note")) or ""
    if not isinstance(reason, str):
        raise CurationError(f"{where}: 'reason' must be a string")
    reason = clean_text(reason)
    if len(reason) > MAX_REASON:
        raise CurationError(f"{where}: the reason is {len(reason)} characters long; at most {MAX_REASON}")
    names = _strings(item.get("names"), "names", where)
    ids = _strings(item.get("ids"), "ids", where)
    type_ = item.get("type")
    decision = Decision(id=_optional_text(item, "id", where) or default_id, decision=kind, type=type_, ids=ids,
                        names=names, canonical=_optional_text(item, "canonical", where),
                        alias=_optional_text(item, "alias", where), undoes=_optional_text(item, "undoes", where),
                        reason=reason, time=_optional_text(item, "time", where),
                        reviewer=_optional_text(item, "reviewer", where), line=line)
    if not decision.id:
        raise CurationError(f"{where}: the decision has no 'id'")
    if kind in ENTITY_DECISIONS:
        if not (ids or names):
            raise CurationError(f"{where}: give the entities as 'ids' or 'names'")
        if names and not type_:
            raise CurationError(f"{where}: 'names' needs a 'type'")
        if type_ is not None and type_ not in schema.entity_labels:
            raise CurationError(f"{where}: 'type' must be one of {', '.join(schema.entity_labels)}")
        if kind == "keep_apart" and len({name_key(n) for n in names}) < 2:
            raise CurationError(f"{where}: 'keep_apart' needs at least two different names")
        if kind == "canonical" and not decision.canonical:
            raise CurationError(f"{where}: 'canonical' needs the chosen name in 'canonical'")
        if kind in ("add_alias", "remove_alias") and not decision.alias:
            raise CurationError(f"{where}: '{kind}' needs the name in 'alias'")
        return decision
    if kind in FACT_DECISIONS:
        return _with_relation(decision, item, where)
    if not decision.undoes:
        raise CurationError(f"{where}: 'undo' needs the id of the decision it takes back in 'undoes'")
    return decision


def _with_relation(decision: Decision, item: dict, where: str) -> Decision:
    """A reject/confirm with its fact checked: type, endpoints (ids, types, names) and key properties."""
    schema = get_schema()
    rel = item.get("relation")
    if not isinstance(rel, dict) or rel.get("type") not in schema.relationships:
        raise CurationError(f"{where}: 'relation' must give the fact's 'type' (a relationship type of the schema)")
    cleaned = {"type": rel["type"]}
    for end in ("source", "target"):
        if not isinstance(rel.get(end), str) or not rel[end]:
            raise CurationError(f"{where}: 'relation' needs the '{end}' id")
        cleaned[end] = rel[end]
        label = rel.get(f"{end}_type")
        if label not in schema.labels:
            raise CurationError(f"{where}: 'relation' needs '{end}_type', one of {', '.join(schema.labels)}")
        cleaned[f"{end}_type"] = label
        cleaned[f"{end}_name"] = _optional_text(rel, f"{end}_name", where) or ""
    props = rel.get("properties") or {}
    if not isinstance(props, dict):
        raise CurationError(f"{where}: 'relation.properties' must be an object")
    keys = schema.relationship(rel["type"]).key_properties
    cleaned["properties"] = {k: str(props[k]) for k in keys if props.get(k) not in (None, "")}
    evidence = item.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, dict) for e in evidence):
        raise CurationError(f"{where}: 'evidence' must be a list of objects")
    return Decision(**{**decision.__dict__, "relation": cleaned, "evidence": tuple(evidence)})


def load_decisions(path: str | os.PathLike | None = None) -> list[Decision]:
    """Every decision of the curation file, checked; a bad line raises CurationError naming the file and line."""
    chosen = curation_path(path)
    if not chosen.exists():
        if path or os.environ.get("KG_CURATION"):
            raise CurationError(f"{chosen}: curation file not found")
        return []
    try:
        with open(chosen, encoding="utf-8") as fh:
            lines = fh.readlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"{chosen}: cannot be read: {exc}") from exc
    decisions: list[Decision] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{chosen}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CurationError(f"{where}: not JSON: {exc}") from exc
        decision = parse_decision(item, where, default_id=line_id(line), line=number)
        check_against(decision, decisions, where)
        decisions.append(decision)
    return decisions


def active_decisions(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions in force: every one that is not an undo and has not been undone."""
    decisions = list(decisions)
    undone = {d.undoes for d in decisions if d.decision == "undo"}
    return [d for d in decisions if d.decision != "undo" and d.id not in undone]


def check_against(new: Decision, earlier: list[Decision], where: str) -> None:
    """Refuse a decision that contradicts the ones in force before it (CurationError saying which and when)."""
    if any(d.id == new.id for d in earlier):
        raise CurationError(f"{where}: the id {new.id!r} is used by an earlier decision")
    active = active_decisions(earlier)
    if new.decision == "undo":
        target = next((d for d in earlier if d.id == new.undoes), None)
        if target is None or target.decision == "undo":
            raise CurationError(f"{where}: 'undoes' names no decision that can be undone ({new.undoes!r})")
        if target not in active:
            raise CurationError(f"{where}: the decision {new.undoes!r} is undone already")
        return
    if new.decision == "merge":
        keys = {name_key(n) for n in new.names}
        for kept in active:
            if kept.decision == "keep_apart" and kept.type == new.type:
                apart = [n for n in kept.names if name_key(n) in keys]
                if len({name_key(n) for n in apart}) >= 2:
                    raise CurationError(f"{where}: {' / '.join(apart)} were kept apart ({_when(kept)}); "
                                        "undo that decision first")
    if new.decision == "keep_apart":
        keys = {name_key(n) for n in new.names}
        for kept in active:
            if kept.decision == "keep_apart" and kept.type == new.type and keys <= {name_key(n) for n in kept.names}:
                raise CurationError(f"{where}: these names are kept apart already ({_when(kept)})")
    if new.decision in FACT_DECISIONS:
        for other in active:
            if other.decision in FACT_DECISIONS and other.relation_key() == new.relation_key():
                state = "rejected" if other.decision == "reject" else "confirmed"
                raise CurationError(f"{where}: this fact is {state} already ({_when(other)}); undo that decision first")


def _when(decision: Decision) -> str:
    """Where a decision is, for messages: its id, line and time."""
    bits = [decision.id]
    if decision.line:
        bits.append(f"line {decision.line}")
    if decision.time:
        bits.append(decision.time)
    return ", ".join(bits)


def new_decision(kind: str, reason: str = "", **fields) -> dict:
    """A fresh decision as a JSON object: a new id, the time now, and the reviewer from $KG_REVIEWER."""
    now = datetime.now(timezone.utc)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    digest = hashlib.sha1(json.dumps([kind, stamp, fields], ensure_ascii=False, sort_keys=True,
                                     default=str).encode("utf-8")).hexdigest()[:12]
    item = {"id": f"cur-{digest}", "decision": kind, **fields, "reason": clean_text(reason), "time": stamp[:19] + "Z"}
    reviewer = clean_text(os.environ.get("KG_REVIEWER", ""))
    if reviewer:
        item["reviewer"] = reviewer
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def check_new(item: dict, path: str | os.PathLike | None = None) -> tuple[Decision, list[Decision]]:
    """Check a decision about to be appended against the file: it and the file's decisions, or CurationError."""
    existing = load_decisions(path) if curation_path(path).exists() else []
    decision = parse_decision(item, "new decision", line=0)
    check_against(decision, existing, "new decision")
    return decision, existing


def append_decision(item: dict, path: str | os.PathLike | None = None) -> Decision:
    """Append one checked decision to the curation file (under a lock, synced to disk) and return it."""
    # Imported here: filelock installs an audit hook that then runs on every id() call, which extraction makes a lot.
    from filelock import FileLock, Timeout

    chosen = curation_path(path)
    chosen.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(chosen) + ".lock")
    try:
        with lock.acquire(timeout=10):
            decision, existing = check_new(item, chosen)
            number = len(chosen.read_text(encoding="utf-8").splitlines()) + 1 if chosen.exists() else 1
            text = json.dumps(decision.to_json(), ensure_ascii=False) + "\n"
            if chosen.exists() and chosen.stat().st_size and not chosen.read_bytes().endswith(b"\n"):
                text = "\n" + text
                number += 1
            with open(chosen, "a", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
    except Timeout:
        raise CurationError(f"{chosen}: another process holds {chosen}.lock; try again") from None
    return Decision(**{**decision.__dict__, "line": number})


# --- applying the decisions during resolution ---------------------------------------------------------------------

KeyFunction = Callable[[str, str], tuple[str, str]]


@dataclass
class Curation:
    """The decisions in force, applied by resolve_across: keys, joins and canonical names, then names and facts."""

    decisions: list[Decision] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Curation":
        """The decisions in force in the curation file."""
        return cls(active_decisions(load_decisions(path)))

    def _of(self, *kinds: str) -> list[Decision]:
        """The decisions of these kinds, in file order."""
        return [d for d in self.decisions if d.decision in kinds]

    def exact_keys(self) -> set[tuple[str, str]]:
        """Keys (type, name key) of names kept apart: they do not group by the looser automatic key."""
        return {(d.type, name_key(n)) for d in self._of("keep_apart") for n in d.names}

    def join(self, clusters, names: dict, id_to_key: dict, key: KeyFunction) -> dict:
        """Join the clusters merges and added aliases ask for, unless names kept apart would meet; returns the
        canonical name each cluster root was given (the later decision wins)."""
        apart = [[key(d.type, n) for n in d.names] for d in self._of("keep_apart")]

        def separated(a, b) -> bool:
            ra, rb = clusters.find(a), clusters.find(b)
            for group in apart:
                roots = {clusters.find(k) for k in group if k in names}
                if ra != rb and ra in roots and rb in roots:
                    return True
            return False

        chosen: list[tuple[tuple[str, str], str]] = []
        for d in self._of("merge", "add_alias", "canonical"):
            keys = [key(d.type, n) for n in (*d.names, *([d.alias] if d.decision == "add_alias" else []))]
            if d.type is None:
                keys = []
            keys += [id_to_key[i] for i in d.ids if i in id_to_key]
            keys = [k for k in keys if k in names]
            if d.decision != "canonical":
                for other in keys[1:]:
                    if not separated(keys[0], other):
                        clusters.union(keys[0], other)
            if keys and d.canonical and d.decision != "add_alias":
                chosen.append((keys[0], d.canonical))
        return {clusters.find(k): name for k, name in chosen}

    def finish(self, docs: list[ArticleGraph], locate: Callable[[str | None, Iterable[str], Iterable[str]], str | None]
               ) -> list[ArticleGraph]:
        """Resolved article graphs with aliases added or removed (a name kept apart is no alias of the others),
        rejected facts dropped and confirmed ones marked.

        `locate(type, names, ids)` gives the resolved id of the entity a decision names, or None.
        """
        aliases_added: dict[str, list[str]] = {}
        aliases_removed: dict[str, set[str]] = {}
        for d in self._of("add_alias", "remove_alias"):
            target = locate(d.type, d.names, d.ids)
            if target is not None:
                if d.decision == "add_alias":
                    aliases_added.setdefault(target, []).append(d.alias)
                    aliases_removed.get(target, set()).discard(name_key(d.alias))
                else:
                    aliases_removed.setdefault(target, set()).add(name_key(d.alias))
                    aliases_added[target] = [a for a in aliases_added.get(target, [])
                                             if name_key(a) != name_key(d.alias)]
        for d in self._of("keep_apart"):
            holders = {n: locate(d.type, [n], []) for n in d.names}
            for name, holder in holders.items():
                if holder is not None:
                    aliases_removed.setdefault(holder, set()).update(
                        name_key(other) for other, elsewhere in holders.items() if elsewhere not in (None, holder))
        facts: dict[tuple, list[Decision]] = {}
        for d in self._of(*FACT_DECISIONS):
            facts.setdefault(d.relation_key()[:4], []).append(d)
        if not (aliases_added or aliases_removed or facts):
            return docs
        return [self._finish_doc(doc, aliases_added, aliases_removed, facts) for doc in docs]

    @staticmethod
    def _finish_doc(doc: ArticleGraph, added: dict, removed: dict, facts: dict) -> ArticleGraph:
        """One article graph with the aliases and fact decisions applied."""
        entities = {e.id: e for e in doc.entities}
        for entity in doc.entities:
            extra = [a for a in added.get(entity.id, []) if name_key(a) != name_key(entity.name)]
            gone = removed.get(entity.id, set())
            entity.aliases = [a for a in dict.fromkeys([*entity.aliases, *extra])
                              if name_key(a) not in gone and a != entity.name]
        relations = []
        for rel in doc.relations:
            decision = _decision_about(rel, facts, entities, doc)
            if decision is None:
                relations.append(rel)
            elif decision.decision == "confirm":
                relations.append(Relation(rel.type, rel.source, rel.target, {**rel.properties, "confirmed": True},
                                          list(rel.evidence)))
        return ArticleGraph(doc.article, doc.entities, relations)


def _decision_about(rel: Relation, facts: dict, entities: dict, doc: ArticleGraph) -> Decision | None:
    """The reject/confirm decision about a resolved relation, matched by type, key properties and any name of each end."""
    labels, keys = [], []
    for end in (rel.source, rel.target):
        entity = entities.get(end)
        labels.append(entity.type if entity is not None else ("Article" if end == doc.article.id else ""))
        keys.append({name_key(n) for n in entity.names()} if entity is not None else {end})
    spec = get_schema().relationship(rel.type)
    props = tuple(sorted((k, str(rel.properties[k])) for k in spec.key_properties
                         if rel.properties.get(k) not in (None, "")))
    for decision in facts.get((rel.type, labels[0], labels[1], props), []):
        source, target = decision.relation_key()[4:]
        if source in keys[0] and target in keys[1]:
            return decision
    return None


def fact_fields(relation: Relation, source, target) -> dict:
    """The `relation` and `evidence` fields of a reject/confirm decision about a stored fact and its two ends."""
    keys = get_schema().relationship(relation.type).key_properties

    def end(node) -> tuple[str, str]:
        label = getattr(node, "type", None) or "Article"
        return label, (getattr(node, "name", None) or getattr(node, "title", None) or "") if label != "Article" else ""

    source_type, source_name = end(source)
    target_type, target_name = end(target)
    return {"relation": {"type": relation.type, "source": relation.source, "source_type": source_type,
                         "source_name": source_name, "target": relation.target, "target_type": target_type,
                         "target_name": target_name,
                         "properties": {k: str(relation.properties[k]) for k in keys
                                        if relation.properties.get(k) not in (None, "")}},
            "evidence": [e.to_dict() for e in relation.evidence]}
