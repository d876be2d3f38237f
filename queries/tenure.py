"""Tenures read from the graph: who held which post when, with appointments, departures and successions, and the `officeholders` and `career` queries.

Nothing here is stored. A tenure is computed from a person's HOLDS_POSITION facts at one organisation under one
title (the modifiers "سابق"، "جدید" stripped) and the dates of the articles behind their evidence:
`first_seen` / `last_seen` are the earliest and latest of those dates; `appointed` / `ended` the dates whose
sentences say so (evidence from loaders/tenure.py): the date the sentence writes, else its article's; `former_by` the first article calling the title former
("وزیر سابق"). For a post one person holds at a time (loaders/data/tenure.yaml), a later holder's start closes the
earlier tenure: `until` is that start, `until_inferred` is true and the succession event cites both holders'
sentences. Two holders seen in the post at once with no appointment between them are both kept and flagged for
review. Deriving at read time keeps every store's merge rule untouched (evidence is a set) and follows removals and
new articles at once; the article dates come from the cached article headers, so it costs one pass over the
positions asked for.
"""
from __future__ import annotations

import re
from collections import defaultdict
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import NamedTuple

import jdatetime

from graph.model import Evidence, Relation
from graph.store import TENURE_CUES, GraphStore, PositionSpan
from graph.text import name_key
from loaders.articles import find_date
from loaders.tenure import POSITION, get_tenure_lexicon
from queries.registry import Param, QueryError, named_query
from queries.resolve import article_headers, cached

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")
JALALI_BEFORE = 1700


@dataclass(frozen=True)
class TenureEvent:
    """A dated step of a tenure and the sentence it was read from: appointed, ended, former, or succeeded (inferred)."""

    kind: str
    date: str | None
    article: str
    sentence: str
    person: str
    inferred: bool = False

    def to_dict(self) -> dict:
        return {"kind": self.kind, "date": self.date, "article": self.article, "sentence": self.sentence,
                "person": self.person, "inferred": self.inferred}


@dataclass
class Tenure:
    """One person's time in one post at one organisation, as far as the articles tell."""

    person: str
    organization: str
    role: str
    roles: list[str]
    keys: list[str]
    post: str | None
    acting: bool
    first_seen: str | None = None
    last_seen: str | None = None
    appointed: str | None = None
    ended: str | None = None
    former_by: str | None = None
    until: str | None = None
    until_inferred: bool = False
    successor: str | None = None
    predecessor: str | None = None
    review_with: list[str] = field(default_factory=list)
    events: list[TenureEvent] = field(default_factory=list)
    sightings: list[tuple[str | None, Evidence]] = field(default_factory=list)  # (date, evidence) showing it held
    start: str | None = None  # the appointment, else the first article showing the post held
    last_held: str | None = None  # the last article showing the post held (not as former)

    @property
    def end(self) -> str | None:
        """When it ended: the farewell, else the successor's start, else the first article calling it former."""
        return self.ended or self.until or self.former_by

    @property
    def end_kind(self) -> str | None:
        """How the end is known: ended (a farewell), inferred (a successor), former (ended before that article)."""
        if self.ended:
            return "ended"
        if self.until:
            return "inferred"
        if self.former_by:
            return "former"
        return None

    @property
    def status(self) -> str:
        """current, ended, succeeded or former; a former title is never current."""
        return {"ended": "ended", "inferred": "succeeded", "former": "former"}.get(self.end_kind or "", "current")

    @property
    def review(self) -> bool:
        return bool(self.review_with)

    def holds_on(self, day: str) -> bool:
        """True when the tenure covers the day: started on or before it and not ended by it."""
        start = self.start
        return start is not None and start <= day and (self.end is None or day < self.end)

    def evidence_for(self, day: str | None = None) -> TenureEvent | None:
        """The sentence that best supports the tenure (on a day): the latest sighting by then, else the appointment,
        else the earliest sighting; of a day's articles the last (the first for the earliest), its first sentence."""
        if day is not None:
            latest = max((when for when in map(itemgetter(0), self.sightings) if when and when <= day), default=None)
            if latest is not None:
                found = [evidence for when, evidence in self.sightings if when == latest]
                article = max(evidence.article for evidence in found)
                return self._sighting(latest, min((e for e in found if e.article == article),
                                                  key=attrgetter("sentence")))
        appointed = next((e for e in self.events if e.kind == "appointed"), None)
        if appointed or not self.sightings:
            return appointed or (self.events[0] if self.events else None)
        earliest = min(filter(None, map(itemgetter(0), self.sightings)), default=None)
        return self._sighting(earliest, min((evidence for when, evidence in self.sightings if when == earliest),
                                            key=attrgetter("article", "sentence")))

    def _sighting(self, when: str | None, evidence: Evidence) -> TenureEvent:
        """A sighting as the event cited for it."""
        return TenureEvent(TENURE_CUES.get(evidence.extractor) or "seen", when, evidence.article, evidence.sentence,
                           self.person)

    def event(self, kind: str) -> TenureEvent | None:
        """The first event of a kind (appointed, ended, former); for succeeded, the one citing the successor."""
        found = [e for e in self.events if e.kind == kind]
        if kind == "succeeded":
            found = [e for e in found if e.person == self.successor] or found
        return found[0] if found else None

    def end_event(self) -> TenureEvent | None:
        """The event the end rests on: the farewell, the successor's start, or the article calling it former."""
        kind = {"ended": "ended", "inferred": "succeeded", "former": "former"}.get(self.end_kind or "")
        return self.event(kind) if kind else None

    def to_dict(self) -> dict:
        return {"person": self.person, "organization": self.organization, "role": self.role, "roles": self.roles,
                "post": self.post, "acting": self.acting, "first_seen": self.first_seen, "last_seen": self.last_seen,
                "appointed": self.appointed, "ended": self.ended, "former_by": self.former_by, "until": self.until,
                "until_inferred": self.until_inferred, "successor": self.successor, "predecessor": self.predecessor,
                "start": self.start, "end": self.end, "end_kind": self.end_kind, "status": self.status,
                "review": self.review, "review_with": self.review_with,
                "events": [e.to_dict() for e in self.events]}


def parse_day(value: str, where: str = "date") -> str:
    """An ISO Gregorian date from YYYY-MM-DD or YYYY/MM/DD, Jalali when the year is below 1700, Persian digits allowed.

    >>> parse_day("۱۴۰۲/۰۷/۱۵"), parse_day("2023-10-07")
    ('2023-10-07', '2023-10-07')
    """
    match = _DATE.match(str(value).translate(_DIGITS))
    if not match:
        raise QueryError(f"{where}: {value!r} is not a date like 1402-07-15 (Jalali) or 2023-10-07 (Gregorian)")
    year, month, day = (int(g) for g in match.groups())
    try:
        if year < JALALI_BEFORE:
            return jdatetime.date(year, month, day).togregorian().isoformat()
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise QueryError(f"{where}: {value!r} is not a real date ({exc})") from None


@lru_cache(maxsize=65536)
def written_date(sentence: str, article_date: str | None) -> str | None:
    """The date an appointment or farewell sentence writes ("۱۵ مهر ۱۴۰۲"), unless it is after the article's; else
    the article's date.

    >>> written_date("علی رضایی از ۱۵ مهر ۱۴۰۲ به سمت استاندار قزوین منصوب شد.", "2023-11-05")
    '2023-10-07'
    """
    found = find_date(sentence)
    if found is None or (article_date and found[0] > article_date):
        return article_date
    return found[0]


def build_tenures(relations: Iterable[Relation], dates: Mapping[str, str | None], infer: bool = True) -> list[Tenure]:
    """Tenures of the given HOLDS_POSITION facts, successions inferred among them (unless `infer` is false); `dates`
    maps article id to ISO date."""
    lex = get_tenure_lexicon()
    groups: dict[tuple, list[Relation]] = defaultdict(list)
    for relation in relations:
        if relation.type == POSITION:
            parts = lex.role_parts(relation.properties.get("role") or "")
            groups[(relation.source, relation.target, name_key(parts.base))].append(relation)
    found = [_tenure(lex, rels, dates) for _, rels in sorted(groups.items())]
    if infer:
        _infer_successions(found)
    return found


def _tenure(lex, relations: list[Relation], dates: Mapping[str, str | None]) -> Tenure:
    """One tenure from the facts of one person, organisation and bare title (sightings kept as evidence, not events)."""
    relations = sorted(relations, key=lambda r: r.key_string)
    parts = [lex.role_parts(r.properties.get("role") or "") for r in relations]
    base = min((p.base for p in parts), key=lambda b: (len(b), b))
    first = relations[0]
    person = first.source
    tenure = Tenure(person=person, organization=first.target, role=base,
                    roles=sorted({r.properties.get("role") or "" for r in relations}),
                    keys=[r.key_string for r in relations], post=next((p.post for p in parts if p.post), None),
                    acting=any(p.acting for p in parts))
    seen, events, sightings = [], [], tenure.sightings
    for relation, part in zip(relations, parts):
        evidence = relation.evidence
        whens = [dates.get(e.article) for e in evidence]
        seen += filter(None, whens)
        extractors = [e.extractor for e in evidence]
        kinds = list(map(TENURE_CUES.get, extractors))
        if "tenure-acting" in extractors:
            tenure.acting = True
        if part.former:
            events += [TenureEvent("former", when, e.article, e.sentence, person) for when, e in zip(whens, evidence)]
        elif not any(kinds):
            sightings += zip(whens, evidence)
        else:
            for when, e, kind in zip(whens, evidence, kinds):
                if kind:
                    when = written_date(e.sentence, when)
                    events.append(TenureEvent(kind, when, e.article, e.sentence, person))
                if kind != "ended":
                    sightings.append((when, e))
    tenure.first_seen, tenure.last_seen = (min(seen), max(seen)) if seen else (None, None)
    events = sorted(set(events), key=lambda e: (e.date or "9999", e.kind, e.article, e.sentence))
    tenure.events = events
    tenure.appointed = min((e.date for e in events if e.kind == "appointed" and e.date), default=None)
    tenure.ended = min((e.date for e in events if e.kind == "ended" and e.date
                        and (tenure.appointed is None or e.date >= tenure.appointed)), default=None)
    tenure.former_by = min((e.date for e in events if e.kind == "former" and e.date), default=None)
    held = [when for when, _ in sightings if when]
    tenure.start = tenure.appointed or (min(held) if held else None)
    tenure.last_held = max(held) if held else None
    return tenure


class Holder(NamedTuple):
    """What succession needs of one tenure in a post, and the keys of its facts; `tenure` is the whole Tenure when it
    was built."""

    start: str
    person: str
    base: str
    appointed: str | None
    last_held: str | None
    ended: str | None
    former_by: str | None
    keys: tuple[str, ...]
    tenure: Tenure | None = None


def holder_of(tenure: Tenure) -> Holder:
    return Holder(tenure.start, tenure.person, name_key(tenure.role), tenure.appointed, tenure.last_held,
                  tenure.ended, tenure.former_by, tuple(tenure.keys), tenure)


def _stops(holders: list[Holder]) -> list[tuple[int, str | None]]:
    """For each holder of a post sorted by (start, person, title), where its scan for a successor stops and how:
    "break" (it ended or was former before), "close" (a successor not seen beside it), "flag-close" (an appointed
    successor seen beside it), or None at the end. Every holder between it and its stop, other than itself, is seen
    beside it without an appointment. Bisection on the starts, so a post of n holders costs O(n log n)."""
    n = len(holders)
    starts = [h.start for h in holders]
    next_appointed = [n] * (n + 1)
    for index in range(n - 1, -1, -1):
        next_appointed[index] = index if holders[index].appointed else next_appointed[index + 1]
    found = []
    for holder in holders:
        person = holder.person

        def other(index: int) -> int:
            while index < n and holders[index].person == person:
                index += 1
            return index

        first = bisect_right(starts, holder.start)
        if holder.ended:
            stop = other(first)
            found.append((stop, "break" if stop < n else None))
            continue
        former = other(bisect_left(starts, holder.former_by, lo=first)) if holder.former_by else n
        unseen = other(bisect_right(starts, holder.last_held or "", lo=first))
        appointed = next_appointed[first]
        while appointed < n and holders[appointed].person == person:
            appointed = next_appointed[appointed + 1]
        stop = min(former, unseen, appointed)
        if stop == n:
            found.append((n, None))
        elif stop == former:
            found.append((stop, "break"))
        else:
            found.append((stop, "close" if stop == unseen else "flag-close"))
    return found


def _post_holders(tenures: Iterable[Tenure]) -> dict[tuple, list[Holder]]:
    """The dated holders of each single-holder post, by (organisation, post), in the order successions compare them."""
    posts: dict[tuple, list[Holder]] = defaultdict(list)
    for tenure in tenures:
        if tenure.start and tenure.post:
            posts[tenure.organization, tenure.post].append(holder_of(tenure))
    for holders in posts.values():
        holders.sort(key=lambda h: (h.start, h.person, h.base))
    return posts


def _infer_successions(tenures: list[Tenure]) -> None:
    """In each single-holder post, close each open tenure at the next holder's start; flag unexplained overlaps."""
    flagged: dict[int, set[str]] = {}
    for holders in _post_holders(tenures).values():
        for index, (stop, how) in enumerate(_stops(holders)):
            earlier = holders[index]
            for later in holders[index + 1:stop]:
                if later.person != earlier.person:
                    _flag(earlier.tenure, later.tenure, flagged)
            if how == "flag-close":
                _flag(earlier.tenure, holders[stop].tenure, flagged)
            if how in ("close", "flag-close"):
                _close(earlier.tenure, holders[stop].tenure)


def _flag(a: Tenure, b: Tenure, flagged: dict[int, set[str]]) -> None:
    """Mark two holders seen in one post at once, with no evidence of change, for review."""
    _flag_one(a, b.person, flagged)
    _flag_one(b, a.person, flagged)


def _flag_one(tenure: Tenure, person: str, flagged: dict[int, set[str]]) -> None:
    """Add a person to a tenure's review_with once (`flagged` holds each tenure's review_with as a set, so a post with
    thousands of holders is not scanned at every pair)."""
    people = flagged.setdefault(id(tenure), set(tenure.review_with))
    if person not in people:
        people.add(person)
        tenure.review_with.append(person)


def _close(earlier: Tenure, later: Tenure) -> None:
    """End `earlier` where `later` starts (inferred), citing the last sentence of one and the first of the other."""
    earlier.until, earlier.until_inferred = later.start, True
    earlier.successor, later.predecessor = later.person, earlier.person
    cause = later.evidence_for()
    last = earlier.evidence_for(later.start)
    for cited in (last, cause):
        if cited is not None:
            earlier.events.append(TenureEvent("succeeded", later.start, cited.article, cited.sentence, cited.person,
                                              inferred=True))


def tenure_index(tenures: Iterable[Tenure]) -> dict[str, Tenure]:
    """Each HOLDS_POSITION fact's key string to the tenure it belongs to."""
    return {key: tenure for tenure in tenures for key in tenure.keys}


def _dates(store: GraphStore) -> dict[str, str | None]:
    """Each article's date by id, cached per store state."""
    return cached(store, "article_dates",
                  lambda: {article: header.get("date") for article, header in article_headers(store).items()})


def all_tenures(store: GraphStore) -> list[Tenure]:
    """Every tenure in the store, computed once per store state."""
    return cached(store, "tenures", lambda: build_tenures(store.relations(POSITION), _dates(store)))


def tenures_at(store: GraphStore, organizations: Iterable[str], role: str | None = None) -> list[Tenure]:
    """Tenures at the given organisations, only those of a role's post or bare title when a role is given.

    Successions need all the holders of a post and are inferred within one post only, so a role's tenures are built
    from its facts alone: which facts those are is read from their spans, and only they are read, by key.
    """
    organizations = list(dict.fromkeys(organizations))
    if not organizations:
        return []
    dates = _dates(store)
    if not role:
        return build_tenures(store.relations_for(POSITION, targets=organizations), dates)
    is_asked = _title_test(role)
    wanted = [span for span in store.position_spans(organizations, dates) if is_asked(span.role)]
    if not wanted:
        return []
    relations = store.relations_by_key({POSITION: sorted({span.key for span in wanted})})
    return build_tenures(relations.values(), dates)


def career_tenures(store: GraphStore, person: str) -> list[Tenure]:
    """A person's tenures, oldest first, with successions inferred against the other holders of their posts, who are
    compared by their spans (`GraphStore.position_spans`) without reading their evidence; the successors closing
    them are read whole in one call."""
    dates = _dates(store)
    own = build_tenures(store.relations_for(POSITION, sources=[person]), dates, infer=False)
    posts = {(t.organization, t.post) for t in own if t.post}
    holders: dict[tuple, list[Holder]] = defaultdict(list)
    for organization, post, holder in _span_holders(store.position_spans({o for o, _ in posts}, dates), posts):
        if holder.person != person:
            holders[organization, post].append(holder)
    for tenure in own:
        if tenure.start and tenure.post:
            holders[tenure.organization, tenure.post].append(holder_of(tenure))
    closed = []
    for found in holders.values():
        found.sort(key=lambda h: (h.start, h.person, h.base))
        closed += _infer_for(found, person)
    successors = _whole_tenures(store, [later for _, later in closed], dates)
    for tenure, later in closed:
        _close(tenure, successors[later.person, tenure.organization, later.base])
    return sorted(own, key=lambda t: (t.start or t.first_seen or "9999", t.organization, t.role))


def _span_holders(spans: Iterable[PositionSpan], posts: set[tuple]) -> Iterator[tuple[str, str, Holder]]:
    """(organisation, post, holder) of each tenure in the posts asked for, from the spans of its facts alone."""
    lex = get_tenure_lexicon()
    titles: dict[str, tuple] = {}
    groups: dict[tuple, list[PositionSpan]] = defaultdict(list)
    for span in spans:
        title = titles.get(span.role)
        if title is None:
            parts = lex.role_parts(span.role)
            title = titles[span.role] = (name_key(parts.base), parts.post, parts.former)
        if (span.target, title[1]) in posts:
            groups[(span.source, span.target, title[0])].append(span)
    for (person, organization, base), group in groups.items():
        appointed, ended, former, held = [], [], [], []
        for span in group:
            if titles[span.role][2]:
                if span.first_seen:
                    former.append(span.first_seen)
                continue
            if span.held_first:  # and so held_last
                held += (span.held_first, span.held_last)
            for evidence, article_date in span.cues:
                when = written_date(evidence.sentence, article_date)
                if when:
                    (ended if TENURE_CUES[evidence.extractor] == "ended" else appointed).append(when)
        first_appointed = min(appointed) if appointed else None
        held += appointed
        start = first_appointed or (min(held) if held else None)
        if start:
            if first_appointed:
                ended = [d for d in ended if d >= first_appointed]
            yield organization, titles[group[0].role][1], Holder(
                start, person, base, first_appointed, max(held) if held else None, min(ended) if ended else None,
                min(former) if former else None, tuple([span.key for span in group]))


def _infer_for(holders: list[Holder], person: str) -> list[tuple[Tenure, Holder]]:
    """Overlaps of one person's tenures in one post and their predecessors, as `_infer_successions` finds them for all
    the post's holders, and each of those tenures closed with the holder whose start closes it (to be built whole)."""
    stops = _stops(holders)
    flagged: dict[int, set[str]] = {}
    closed = []
    for index, holder in enumerate(holders):
        if holder.person != person:
            continue
        tenure = holder.tenure
        for earlier, (stop, how) in zip(holders[:index], stops):
            if earlier.person == person:
                continue
            if stop > index or (stop == index and how == "flag-close"):
                _flag_one(tenure, earlier.person, flagged)
            if stop == index and how in ("close", "flag-close"):
                tenure.predecessor = earlier.person
        stop, how = stops[index]
        for later in holders[index + 1:stop + (how == "flag-close")]:
            if later.person != person:
                _flag_one(tenure, later.person, flagged)
        if how in ("close", "flag-close"):
            closed.append((tenure, holders[stop]))
    return closed


def _whole_tenures(store: GraphStore, holders: Iterable[Holder],
                   dates: Mapping[str, str | None]) -> dict[tuple, Tenure]:
    """The tenures of these holders built from their facts and evidence, read by key in one call, by person,
    organisation and bare title (its name key)."""
    keys = sorted({key for holder in holders for key in holder.keys})
    if not keys:
        return {}
    found = build_tenures(store.relations_by_key({POSITION: keys}).values(), dates, infer=False)
    return {(t.person, t.organization, name_key(t.role)): t for t in found}


def _names(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    return {i: e.name for i, e in store.get_entities([i for i in ids if i]).items()}


def _title_test(role: str) -> Callable[[str], bool]:
    """A test of a HOLDS_POSITION fact's title: true when its tenure is in the post the role names, or, for a role
    of no single-holder post, has the role's bare title (a tenure's post and title follow from any of its titles)."""
    lex = get_tenure_lexicon()
    asked = lex.role_parts(role)
    if asked.post:
        return lambda title: lex.role_parts(title).post == asked.post
    return lambda title: name_key(lex.role_parts(title).base) == name_key(asked.base)


@named_query("officeholders", "Who held a post at an organisation (on a date, Jalali or Gregorian), with the evidence",
             "چه کسی در چه تاریخی در این سازمان این سمت را داشت (تاریخ شمسی یا میلادی)، با شاهد",
             ["person", "person_id", "role", "start", "end", "end_kind", "status", "acting", "review", "first_seen",
              "last_seen", "basis", "sentence", "article", "date"],
             [Param("organization", "entity", "organisation id or name", "شناسه یا نام سازمان", required=True,
                    label="Organization"),
              Param("role", "text", "title or post (any when empty); a head's title covers acting heads",
                    "عنوان سمت (همه اگر خالی)"),
              Param("on", "text", "only who held it on this date (1402-07-15 or 2023-10-07)",
                    "فقط دارندهٔ سمت در این تاریخ (۱۴۰۲-۰۷-۱۵ یا 2023-10-07)")])
def officeholders(store: GraphStore, organization: str, role: str | None, on: str | None) -> list[dict]:
    """The holders of the organisation's posts in order (those of one role, those holding it on a day)."""
    day = parse_day(on, "query 'officeholders', parameter 'on'") if on else None
    found = tenures_at(store, [organization], role)
    if day is not None:
        found = [t for t in found if t.holds_on(day)]
    names = _names(store, [t.person for t in found])
    rows = []
    for tenure in sorted(found, key=lambda t: (t.start or t.first_seen or "9999", t.person)):
        cited = tenure.evidence_for(day)
        basis = "appointed" if tenure.appointed else "first seen"
        if day is not None and tenure.end is None and (tenure.last_held or "") < day:
            basis = f"last seen {tenure.last_held}, no later holder known"
        rows.append({"person": names.get(tenure.person, tenure.person), "person_id": tenure.person,
                     "role": tenure.role, "start": tenure.start, "end": tenure.end, "end_kind": tenure.end_kind,
                     "status": tenure.status, "acting": tenure.acting, "review": tenure.review,
                     "first_seen": tenure.first_seen, "last_seen": tenure.last_seen, "basis": basis,
                     "sentence": cited.sentence if cited else None, "article": cited.article if cited else None,
                     "date": cited.date if cited else None})
    return rows


@named_query("career", "A person's positions in order, with their intervals and how each began and ended",
             "سوابق یک فرد: سمت‌ها به ترتیب زمان، با آغاز و پایان هر یک",
             ["organization", "organization_id", "role", "start", "end", "end_kind", "status", "acting", "appointed",
              "ended", "until", "successor", "predecessor", "review", "first_seen", "last_seen", "sentence",
              "article", "end_sentence", "end_article"],
             [Param("person", "entity", "person id or name", "شناسه یا نام فرد", required=True, label="Person")])
def career(store: GraphStore, person: str) -> list[dict]:
    """One row per tenure of the person, oldest first."""
    found = career_tenures(store, person)
    names = _names(store, [i for t in found for i in (t.organization, t.successor, t.predecessor)])
    rows = []
    for tenure in found:
        cited, ending = tenure.evidence_for(), tenure.end_event()
        rows.append({"organization": names.get(tenure.organization, tenure.organization),
                     "organization_id": tenure.organization, "role": tenure.role, "start": tenure.start,
                     "end": tenure.end, "end_kind": tenure.end_kind, "status": tenure.status,
                     "acting": tenure.acting, "appointed": tenure.appointed, "ended": tenure.ended,
                     "until": tenure.until, "successor": names.get(tenure.successor) if tenure.successor else None,
                     "predecessor": names.get(tenure.predecessor) if tenure.predecessor else None,
                     "review": tenure.review, "first_seen": tenure.first_seen, "last_seen": tenure.last_seen,
                     "sentence": cited.sentence if cited else None, "article": cited.article if cited else None,
                     "end_sentence": ending.sentence if ending else None,
                     "end_article": ending.article if ending else None})
    return rows


def tenure_events_of(store: GraphStore, entity_id: str, label: str) -> list[tuple[Tenure, TenureEvent]]:
    """Appointments, departures, former titles and successions touching a person or an organisation's posts."""
    if label == "Person":
        found = career_tenures(store, entity_id)
    elif label == "Organization":
        found = tenures_at(store, [entity_id])
    else:
        return []
    return [(t, e) for t in found for e in t.events]
