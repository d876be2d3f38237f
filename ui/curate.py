"""Curation in the explorer: the controls of the entity page, the review queue and the decisions page, each decision
previewed, confirmed, appended to the curation file and applied to the store at once (loaders.live_curation)."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from graph.model import Entity
from graph.store import GraphStore, Neighbour, StoreError, open_store
from graph.text import name_key
from loaders import live_curation
from loaders.curation import (
    MAX_REASON,
    CurationError,
    Decision,
    active_decisions,
    fact_fields,
    load_decisions,
    new_decision,
)
from queries.library import node_name, relation_detail
from queries.registry import refresh
from ui.review import candidates
from ui.text import digits, label_name, md_escape, relation_name, show_date, show_detail, word

PENDING = "pending_decision"
FLASH = "flash"
QUEUE_SHOWN = 8


@dataclass
class Curator:
    """Where decisions go: the curation file, and the store (opened writable for the moment a decision applies)."""

    store_name: str
    data: str
    path: Path
    shared: GraphStore

    def plan(self, item: dict) -> live_curation.Outcome:
        """What the decision would do, checked against the file and the store; nothing is written."""
        return live_curation.plan(self.shared, item, self.path)

    def apply(self, item: dict) -> live_curation.Outcome:
        """Append the decision and apply it, then let the shared store pick up the change."""
        try:
            writer = self.shared if self.store_name == "neo4j" else open_store(self.store_name, self.data,
                                                                               writable=True)
        except StoreError as exc:
            raise CurationError(str(exc)) from exc
        try:
            outcome = live_curation.apply(writer, item, self.path)
        finally:
            if writer is not self.shared:
                writer.close()
        refresh(self.shared)
        return outcome


def decisions_in(path: Path) -> list[Decision]:
    """The decisions of the curation file; none while it does not exist yet (the first decision creates it)."""
    return load_decisions(path) if path.exists() else []


def read_only_reason(path: Path) -> str | None:
    """Why curation is off: KG_READ_ONLY set, or the curation file cannot be read (its error, naming file and line)."""
    if os.environ.get("KG_READ_ONLY", "").lower() in ("1", "true", "yes"):
        return ""
    try:
        decisions_in(path)
    except CurationError as exc:
        return str(exc)
    return None


def show_flash() -> None:
    """The message a decision left for the next run (applied, or refused with the reason)."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "ok" else st.error)(md_escape(text))


def _w(key: str, english: bool) -> str:
    """The interface word in the chosen language."""
    return word(key, english)


def _summary(outcome: live_curation.Outcome, type_: str | None, names, english: bool) -> list[str]:
    """What the entity looks like after the decision: its names and facts, as plain lines."""
    entity = outcome.entity_named(type_, names)
    if entity is None:
        return []
    lines = [f"{_w('name', english)}: {entity.name}"]
    if entity.aliases:
        lines.append(f"{_w('aliases', english)}: {'، '.join(entity.aliases)}")
    labels = {e.id: e.name for doc in outcome.docs for e in doc.entities}
    for rel in sorted(outcome.facts_of(entity.id), key=lambda r: r.key_string)[:30]:
        other = rel.target if rel.source == entity.id else rel.source
        detail = show_detail(relation_detail(rel), english)
        lines.append(f"• {relation_name(rel.type, english)}{f' ({detail})' if detail else ''} — "
                     f"{labels.get(other, other)}")
    return lines


def decide(curator: Curator, key: str, english: bool, build: Callable[[str], dict], names_after: Callable,
           label: str) -> None:
    """A reason field and a preview button; the preview shows the result, and only "apply" writes it.

    `build(reason)` makes the decision; `names_after()` gives (type, names) of the entity to preview and open after.
    """
    reason = st.text_input(_w("reason", english), key=f"reason-{key}", max_chars=MAX_REASON)
    if st.button(f"{_w('preview', english)}: {label}", key=f"preview-{key}"):
        item = build(reason)
        try:
            outcome = curator.plan(item)
        except CurationError as exc:
            st.error(md_escape(f"{_w('refused', english)}: {exc}"))
            return
        type_, names = names_after()
        st.session_state[PENDING] = {"key": key, "item": item, "lines": _summary(outcome, type_, names, english)}
    pending = st.session_state.get(PENDING)
    if not pending or pending["key"] != key:
        return
    with st.container(border=True):
        st.markdown(f"**{md_escape(_w('after', english))}**")
        st.text("\n".join(pending["lines"]) or label)
        left, right = st.columns(2)
        if left.button(_w("apply", english), key=f"apply-{key}", type="primary"):
            item = {**pending["item"], "reason": reason}
            st.session_state.pop(PENDING, None)
            try:
                outcome = curator.apply(item)
            except CurationError as exc:
                st.session_state[FLASH] = ("error", f"{_w('refused', english)}: {exc}")
                st.rerun()
            st.session_state[FLASH] = ("ok", f"{_w('applied', english)}: {label}")
            type_, names = names_after()
            entity = outcome.entity_named(type_, names) if type_ else None
            if entity is not None:
                st.query_params.clear()
                st.query_params["entity"] = entity.id
            st.rerun()
        if right.button(_w("cancel", english), key=f"cancel-{key}"):
            st.session_state.pop(PENDING, None)
            st.rerun()


# ---- the entity page ---------------------------------------------------------------------------------------------

def entity_curation(curator: Curator, store: GraphStore, entity: Entity, facts: list[Neighbour],
                    english: bool) -> None:
    """Merge, keep apart, canonical name, aliases, reject or confirm a fact, and undo, for one entity."""
    with st.expander(_w("curate", english), expanded=bool(st.session_state.get(PENDING))):
        merge_control(curator, store, entity, english)
        split_control(curator, entity, english)
        names_control(curator, entity, english)
        fact_control(curator, store, entity, facts, english)
        undo_control(curator, english, key=f"undo-{entity.id}")


def merge_control(curator: Curator, store: GraphStore, entity: Entity, english: bool) -> None:
    """Search another entity of the same type, preview the merged names and facts, confirm."""
    st.markdown(f"**{md_escape(_w('merge', english))}**")
    text = st.text_input(_w("merge_with", english), key=f"merge-q-{entity.id}")
    if not text:
        return
    found = [e for e, _ in store.search(text, [entity.type], limit=10) if e.id != entity.id]
    if not found:
        st.info(_w("no_results", english))
        return
    by_id = {e.id: e for e in found}
    other_id = st.selectbox(_w("pick_entity", english), list(by_id), key=f"merge-pick-{entity.id}",
                            format_func=lambda i: f"{by_id[i].name} — {'، '.join(by_id[i].aliases[:3])}")
    other = by_id[other_id]
    decide(curator, f"merge-{entity.id}-{other.id}", english,
           lambda reason: new_decision("merge", reason, type=entity.type, ids=[entity.id, other.id],
                                       names=[*entity.names(), *other.names()], canonical=entity.name),
           lambda: (entity.type, [entity.name]), f"{entity.name} + {other.name}")


def split_control(curator: Curator, entity: Entity, english: bool) -> None:
    """Names of this entity that are someone or something else: kept apart from its canonical name."""
    if not entity.aliases:
        return
    st.markdown(f"**{md_escape(_w('keep_apart', english))}**")
    chosen = st.multiselect(_w("split_names", english), entity.aliases, key=f"split-{entity.id}")
    if chosen:
        decide(curator, f"split-{entity.id}", english,
               lambda reason: new_decision("keep_apart", reason, type=entity.type, ids=[entity.id],
                                           names=[entity.name, *chosen]),
               lambda: (entity.type, [entity.name]), f"{entity.name} ≠ {'، '.join(chosen)}")


def names_control(curator: Curator, entity: Entity, english: bool) -> None:
    """Choose the canonical name among the entity's names; add or remove an alias."""
    st.markdown(f"**{md_escape(_w('names_aliases', english))}**")
    if entity.aliases:
        chosen = st.selectbox(_w("canonical", english), entity.names(), key=f"canon-{entity.id}")
        if chosen != entity.name:
            decide(curator, f"canon-{entity.id}", english,
                   lambda reason: new_decision("canonical", reason, type=entity.type, ids=[entity.id],
                                               names=entity.names(), canonical=chosen),
                   lambda: (entity.type, [chosen]), f"{_w('canonical', english)}: {chosen}")
    alias = st.text_input(_w("add_alias", english), key=f"alias-add-{entity.id}")
    if alias.strip():
        decide(curator, f"alias-add-{entity.id}", english,
               lambda reason: new_decision("add_alias", reason, type=entity.type, ids=[entity.id],
                                           names=entity.names(), alias=alias),
               lambda: (entity.type, [entity.name]), f"{_w('add_alias', english)}: {alias}")
    if entity.aliases:
        gone = st.selectbox(_w("remove_alias", english), [None, *entity.aliases], key=f"alias-rm-{entity.id}",
                            format_func=lambda v: "—" if v is None else v)
        if gone:
            decide(curator, f"alias-rm-{entity.id}", english,
                   lambda reason: new_decision("remove_alias", reason, type=entity.type, ids=[entity.id],
                                               names=entity.names(), alias=gone),
                   lambda: (entity.type, [entity.name]), f"{_w('remove_alias', english)}: {gone}")


def fact_label(hop: Neighbour, english: bool) -> str:
    """One fact as a line: relation (detail) and the entity at the other end."""
    detail = show_detail(relation_detail(hop.relation), english)
    arrow = " ←" if hop.direction == "in" else ""
    mark = f" ✓ {_w('confirmed', english)}" if hop.relation.properties.get("confirmed") else ""
    return (f"{relation_name(hop.relation.type, english)}{arrow}{f' ({detail})' if detail else ''} — "
            f"{node_name(hop.node)}{mark}")


def fact_control(curator: Curator, store: GraphStore, entity: Entity, facts: list[Neighbour], english: bool) -> None:
    """Reject one fact (it leaves the graph, its evidence stays in the decision) or confirm it."""
    facts = [h for h in facts if h.relation.type != "MENTIONED_IN"]
    if not facts:
        return
    st.markdown(f"**{md_escape(_w('fact_review', english))}**")
    index = st.selectbox(_w("pick_fact", english), range(len(facts)), key=f"fact-{entity.id}",
                         format_func=lambda i: fact_label(facts[i], english))
    hop = facts[index]
    verdict = st.radio(_w("decision", english), ["reject", "confirm"], horizontal=True, key=f"fact-do-{entity.id}",
                       format_func=lambda v: _w(v, english))
    source, target = (entity, hop.node) if hop.direction == "out" else (hop.node, entity)
    decide(curator, f"fact-{verdict}-{hop.relation.key_string}", english,
           lambda reason: new_decision(verdict, reason, **fact_fields(hop.relation, source, target)),
           lambda: (entity.type, [entity.name]), f"{_w(verdict, english)}: {fact_label(hop, english)}")


def undo_control(curator: Curator, english: bool, key: str) -> None:
    """Undo the last decision in force, with a reason."""
    try:
        decisions = active_decisions(decisions_in(curator.path))
    except CurationError as exc:
        st.error(md_escape(str(exc)))
        return
    if not decisions:
        return
    last = decisions[-1]
    st.markdown(f"**{md_escape(_w('undo', english))}**")
    label = f"{_w('undo_of', english)}: {decision_line(last, english)}"
    decide(curator, key, english, lambda reason: new_decision("undo", reason, undoes=last.id),
           lambda: (last.type, list(last.names) or [""]), label)


def decision_line(decision: Decision, english: bool) -> str:
    """A decision in one line: when, what and about which names."""
    rel = decision.relation or {}
    about = (" / ".join(decision.names) if decision.names else
             f"{rel.get('source_name') or rel.get('source')} → {rel.get('target_name') or rel.get('target')}")
    extra = decision.canonical or decision.alias or ""
    when = show_date(decision.time[:10], english) if decision.time else ""
    return f"{when} · {decision.decision} · {about}{f' · {extra}' if extra else ''}"


def rejected_of(decisions: list[Decision], entity: Entity | None = None) -> list[Decision]:
    """Rejections in force (about one entity's facts when given)."""
    keys = {name_key(n) for n in entity.names()} if entity else None
    found = []
    for d in active_decisions(decisions):
        if d.decision != "reject":
            continue
        rel = d.relation or {}
        ends = {name_key(rel.get("source_name") or ""), name_key(rel.get("target_name") or "")}
        if keys is None or ends & keys or entity.id in (rel.get("source"), rel.get("target")):
            found.append(d)
    return found


def rejected_view(decisions: list[Decision], english: bool, entity: Entity | None = None) -> None:
    """Each rejected fact with the sentences it had been read from (kept in the decision), as escaped text."""
    rejected = rejected_of(decisions, entity)
    if not rejected:
        return
    st.subheader(_w("rejected", english))
    for d in rejected:
        rel = d.relation or {}
        with st.container(border=True):
            st.markdown(f"~~{md_escape(relation_name(rel['type'], english))}~~ — "
                        f"{md_escape(rel.get('source_name') or rel['source'])} → "
                        f"{md_escape(rel.get('target_name') or rel['target'])}")
            for ev in d.evidence[:5]:
                st.text(str(ev.get("sentence") or ""))
            st.caption(md_escape(f"{_w('reason', english)}: {d.reason}" + (f" · {d.reviewer}" if d.reviewer else "")))


# ---- the review queue --------------------------------------------------------------------------------------------

def _side(store: GraphStore, entity: Entity, english: bool) -> None:
    """One side of a pair: names, facts and a few source sentences, all as plain text."""
    st.markdown(f"**{md_escape(entity.name)}** — {md_escape(label_name(entity.type, english))}")
    if entity.aliases:
        st.text("، ".join(entity.aliases))
    hops = [h for h in store.neighbours(entity.id) if h.relation.type not in ("MENTIONED_IN", "PUBLISHED_BY")]
    st.text("\n".join(fact_label(h, english) for h in hops[:8]) or "—")
    sentences = list(dict.fromkeys(e.sentence for h in hops for e in h.relation.evidence if e.sentence))[:3]
    for sentence in sentences:
        st.caption(md_escape(sentence))


def review_queue(curator: Curator | None, store: GraphStore, english: bool) -> None:
    """Candidate duplicate pairs, best first, side by side, with merge / keep apart / skip."""
    try:
        decisions = active_decisions(decisions_in(curator.path)) if curator else []
    except CurationError:
        decisions = []
    skipped = st.session_state.setdefault("skipped_pairs", set())
    queue = [c for c in candidates(store, decisions) if c.key not in skipped]
    if not queue:
        st.info(_w("queue_empty", english))
        return
    st.caption(f"{digits(len(queue), english)} {_w('pairs', english)}")
    for cand in queue[:QUEUE_SHOWN]:
        with st.container(border=True):
            signals = "، ".join(f"{_w('sig_' + k, english)} {digits(round(v, 2), english)}"
                               for k, v in cand.signals.items() if v)
            st.markdown(f"{md_escape(_w('score', english))}: **{digits(cand.score, english)}** · "
                        f"{md_escape(signals)}")
            left, right = st.columns(2)
            with left:
                _side(store, cand.left, english)
            with right:
                _side(store, cand.right, english)
            if curator is None:
                continue
            a, b = cand.left, cand.right
            keep = a if len(a.name) >= len(b.name) else b
            action = st.radio(_w("decision", english), ["merge", "keep_apart", "skip"], horizontal=True,
                              key=f"rv-do-{cand.key}", index=None, format_func=lambda v: _w(v, english))
            if action == "skip":
                skipped.add(cand.key)
                st.rerun()
            if action == "merge":
                decide(curator, f"rv-merge-{cand.key}", english,
                       lambda reason, a=a, b=b, keep=keep: new_decision(
                           "merge", reason, type=a.type, ids=[a.id, b.id], names=[*a.names(), *b.names()],
                           canonical=keep.name),
                       lambda keep=keep: (keep.type, [keep.name]), f"{a.name} + {b.name}")
            if action == "keep_apart":
                decide(curator, f"rv-apart-{cand.key}", english,
                       lambda reason, a=a, b=b: new_decision("keep_apart", reason, type=a.type, ids=[a.id, b.id],
                                                             names=[a.name, b.name]),
                       lambda: (None, []), f"{a.name} ≠ {b.name}")


# ---- the decisions page ------------------------------------------------------------------------------------------

def decisions_page(curator: Curator | None, path: Path, english: bool) -> None:
    """Every decision of the curation file, newest first, the rejected facts with their evidence, and undo."""
    try:
        decisions = decisions_in(path)
    except CurationError as exc:
        st.error(md_escape(str(exc)))
        return
    st.caption(md_escape(str(path)))
    if not decisions:
        st.info(_w("no_decisions", english))
        return
    undone = {d.undoes for d in decisions if d.decision == "undo"}
    rows = [{_w("time", english): show_date((d.time or "")[:10], english) if d.time else "",
             _w("decision", english): d.decision + (" ↺" if d.id in undone else ""),
             _w("name", english): " / ".join(d.names) or ((d.relation or {}).get("source_name") or ""),
             _w("reason", english): d.reason, _w("reviewer", english): d.reviewer or ""}
            for d in reversed(decisions)]
    st.dataframe(rows, hide_index=True, width="stretch")
    if curator is not None:
        undo_control(curator, english, key="undo-page")
    rejected_view(decisions, english)
