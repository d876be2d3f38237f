"""Tenure cues of one article: appointments, acting appointments, introductions and farewells, added as evidence to its HOLDS_POSITION facts.

A cue becomes one more piece of evidence on the position it is about, with the sentence it was read in and the
family as its extractor (`tenure-appointed`, `tenure-acting`, `tenure-ended`). Evidence is what both stores merge as
a set, so a position keeps one identity however many articles date it, and removing an article removes its cues.
Dates are not stored: queries/tenure.py reads them from the evidence's articles. A position only an appointment or a
farewell names ("X به سمت استاندار قزوین منصوب شد", "تودیع A و معارفه B") becomes a new HOLDS_POSITION fact.
The phrases are data (loaders/data/tenure.yaml); titles keep their modifiers as written ("وزیر سابق"), and
`role_parts` reads them back into the post and whether the title is former, new or acting.

>>> from graph.model import Article
>>> from loaders.pipeline import extract_article
>>> doc = extract_article(Article(id="art-x", text="علی رضایی به سمت استاندار قزوین منصوب شد.", date="2024-05-01"))
>>> [(r.properties["role"], [e.extractor for e in r.evidence]) for r in doc.relations if r.type == "HOLDS_POSITION"]
[('استاندار', ['tenure-appointed'])]
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph.model import Article, Entity, Evidence, Relation
from graph.schema import safe_yaml
from graph.text import name_key
from loaders.sentences import Sentence

DATA_PATH = Path(__file__).with_name("data") / "tenure.yaml"
POSITION = "HOLDS_POSITION"
_WORD = re.compile(r"[\w\u200c]+")


class TenureDataError(ValueError):
    """The tenure phrase file is missing a section or has a bad value; the message names the file and the section."""


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern:
    """A regex matching any of the phrases as whole words, longest first; a space also matches a ZWNJ and back.

    >>> bool(phrase_pattern(["به عنوان"]).search("او به‌عنوان مدیر"))
    True
    >>> bool(phrase_pattern(["منصوب شد"]).search("منصوب شده"))
    False
    """
    words = [re.split(r"[ \u200c]+", p.strip()) for p in phrases if p and p.strip()]
    alternatives = sorted({r"[ \u200c]+".join(re.escape(w) for w in ws) for ws in words}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(_after_a_non_word(a) for a in alternatives) + r")(?![\w\u200c])")


def _after_a_non_word(alternative: str) -> str:
    """An escaped phrase matched only where no word character or ZWNJ comes before it. The look-behind is written
    after the phrase's first character, so the regex engine can look for the alternatives' first characters instead
    of trying the look-behind at every position; the matches are the same."""
    width = 2 if alternative.startswith("\\") else 1
    first = alternative[:width]
    return rf"{first}(?<![\w\u200c]{first}){alternative[width:]}"


@dataclass(frozen=True)
class CueFamily:
    """One family of cues: the extractor name and confidence its evidence gets, and its compiled phrases."""

    extractor: str
    confidence: float
    before_person: re.Pattern
    after_person: re.Pattern


@dataclass(frozen=True)
class RoleParts:
    """A title as written split into its post: the bare title, its modifier kind, the single-holder post, acting."""

    base: str
    modifier: str | None
    post: str | None
    acting: bool

    @property
    def former(self) -> bool:
        return self.modifier == "former"


@dataclass(frozen=True, eq=False)
class TenureLexicon:
    """The compiled phrases of loaders/data/tenure.yaml."""

    any_cue: re.Pattern
    slots: re.Pattern
    slot_titles: re.Pattern
    appointment_verbs: re.Pattern
    appointers: re.Pattern
    appointer_gap_words: int
    span_chars: int
    person_gap_chars: int
    appointment: CueFamily
    acting: CueFamily
    acting_titles_in_text: re.Pattern
    acting_verbs: re.Pattern
    introduction: CueFamily
    farewell: CueFamily
    denials: re.Pattern
    cue_person_chars: int
    before_person_words: int
    modifier_kind: dict[str, str]
    post_of_title: dict[str, str]
    acting_titles: frozenset[str]

    @lru_cache(maxsize=4096)
    def role_parts(self, role: str) -> RoleParts:
        """The post a title names and what its modifiers say ("استاندار سابق" -> استاندار, former, head)."""
        words = (role or "").split()
        kinds = [self.modifier_kind[name_key(w)] for w in words if name_key(w) in self.modifier_kind]
        base = " ".join(w for w in words if name_key(w) not in self.modifier_kind) or (role or "")
        key = name_key(base)
        modifier = next((k for k in ("former", "new", "current", "other") if k in kinds), None)
        return RoleParts(base, modifier, self.post_of_title.get(key), key in self.acting_titles)


def _section(raw: dict, name: str) -> dict:
    """A mapping section of the phrase file, or an error naming the file and the section."""
    value = raw.get(name)
    if not isinstance(value, dict):
        raise TenureDataError(f"{DATA_PATH}: section {name!r} is missing or not a mapping")
    return value


def _family(raw: dict, name: str) -> CueFamily:
    """One cue family of the phrase file, compiled."""
    spec = _section(raw, name)
    try:
        return CueFamily(str(spec["extractor"]), float(spec["confidence"]), phrase_pattern(spec.get("before_person", [])),
                         phrase_pattern(spec.get("after_person", [])))
    except (KeyError, TypeError, ValueError) as exc:
        raise TenureDataError(f"{DATA_PATH}: section {name!r} needs an extractor and a numeric confidence ({exc})") from None


@lru_cache(maxsize=1)
def get_tenure_lexicon() -> TenureLexicon:
    """The tenure phrases, loaded and compiled once per process."""
    try:
        raw = safe_yaml(DATA_PATH.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TenureDataError(f"cannot read {DATA_PATH}: {exc}") from None
    appointment, acting, farewell = (_section(raw, n) for n in ("appointment", "acting", "farewell"))
    modifier_kind = {name_key(word): kind for kind, words in _section(raw, "modifiers").items() for word in words}
    post_of_title = {name_key(title): post for post, titles in _section(raw, "single_holder_posts").items()
                     for title in titles}
    cue_words = [*appointment["slots"], *acting["titles"]]
    for family in ("introduction", "farewell"):
        cue_words += [*_section(raw, family).get("before_person", []), *_section(raw, family).get("after_person", [])]
    return TenureLexicon(
        any_cue=phrase_pattern(cue_words), slots=phrase_pattern(appointment["slots"]), slot_titles=phrase_pattern(appointment["titles"]),
        appointment_verbs=phrase_pattern(appointment["verbs"]),
        appointers=phrase_pattern(appointment["appointers"]),
        appointer_gap_words=int(appointment["appointer_gap_words"]), span_chars=int(appointment["span_chars"]),
        person_gap_chars=int(appointment["person_gap_chars"]), appointment=_family(raw, "appointment"),
        acting=_family(raw, "acting"), acting_titles_in_text=phrase_pattern(acting["titles"]),
        acting_verbs=phrase_pattern(acting["verbs"]), introduction=_family(raw, "introduction"),
        farewell=_family(raw, "farewell"), denials=phrase_pattern(farewell.get("denials", [])),
        cue_person_chars=int(raw["cue_person_chars"]), before_person_words=int(raw["before_person_words"]),
        modifier_kind=modifier_kind, post_of_title=post_of_title,
        acting_titles=frozenset(name_key(t) for t in raw.get("acting_titles", [])))


def role_parts(role: str) -> RoleParts:
    """`TenureLexicon.role_parts` with the project's phrases.

    >>> role_parts("استاندار سابق")
    RoleParts(base='استاندار', modifier='former', post='head', acting=False)
    """
    return get_tenure_lexicon().role_parts(role)


@dataclass(frozen=True, order=True)
class _Span:
    """An entity mention in the article text."""

    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class _Cue:
    """One cue read in a sentence: who it is about, and the position when the sentence names it."""

    family: CueFamily
    person: str
    organization: str | None = None
    role: str | None = None


class _SentenceReader:
    """Reads the cues of one sentence against the article's person and organisation mentions."""

    def __init__(self, lex: TenureLexicon, text: str, sentence: Sentence, people: list[_Span],
                 orgs: list[_Span]) -> None:
        self.lex, self.text, self.sentence = lex, text, sentence
        self.people = [p for p in people if sentence.start <= p.start and p.end <= sentence.end]
        self.orgs = [o for o in orgs if sentence.start <= o.start and o.end <= sentence.end]

    def matches(self, pattern: re.Pattern) -> list[re.Match]:
        """The pattern's matches inside this sentence."""
        return list(pattern.finditer(self.text, self.sentence.start, self.sentence.end))

    def person_before(self, at: int, max_gap: int, skip_appointers: bool = False) -> _Span | None:
        """The nearest person named before `at` (within max_gap characters), passing over those who appoint."""
        for person in sorted((p for p in self.people if p.end <= at), key=lambda p: -p.end):
            if at - person.end > max_gap:
                return None
            if skip_appointers and self.is_appointer(person):
                continue
            return person
        return None

    def person_after(self, at: int) -> _Span | None:
        """The first person named right after `at`: a few words away at most, no comma between."""
        person = min((p for p in self.people if p.start >= at), key=lambda p: p.start, default=None)
        if person is None:
            return None
        gap = self.text[at:person.start]
        if len(gap) > self.lex.cue_person_chars or "،" in gap or len(_WORD.findall(gap)) > self.lex.before_person_words:
            return None
        return person

    def is_appointer(self, person: _Span) -> bool:
        """True when the person is the one who appoints ("توسط X", "با حکم وزیر X", "از سوی X")."""
        window_start = max(self.sentence.start, person.start - 60)
        found = list(self.lex.appointers.finditer(self.text, window_start, person.start))
        if not found:
            return False
        gap = self.text[found[-1].end():person.start]
        return "،" not in gap and len(_WORD.findall(gap)) <= self.lex.appointer_gap_words

    def org_between(self, start: int, end: int) -> _Span | None:
        """The first organisation named entirely between the two offsets."""
        return min((o for o in self.orgs if o.start >= start and o.end <= end), key=lambda o: o.start, default=None)

    def title_before(self, start: int, org: _Span) -> str | None:
        """The title as written between a slot (or a title's start) and the organisation it names, a few words long."""
        role = self.text[start:org.start].strip(" \u200c،,")
        words = _WORD.findall(role)
        if not words or len(words) > 5 or any(c in role for c in "،,.:؛()«»"):
            return None
        return " ".join(role.split())

    def appointments(self) -> list[_Cue]:
        """"P به سمت TITLE ORG منصوب شد" (or "P را به عنوان ... منصوب کرد"): P appointed to that position."""
        cues = []
        slots = self.matches(self.lex.slots)
        for slot in slots:
            verb = self.lex.appointment_verbs.search(self.text, slot.end(), self.sentence.end)
            if verb is None or verb.start() - slot.end() > self.lex.span_chars:
                continue
            if any(slot.start() < s.start() < verb.start() for s in slots):
                continue
            org = self.org_between(slot.end(), verb.start())
            person = self.person_before(slot.start(), self.lex.person_gap_chars, skip_appointers=True)
            role = self.title_before(slot.end(), org) if org is not None else None
            if person is None or role is None or not self.lex.slot_titles.match(role):
                continue
            family = self.lex.acting if self.lex.role_parts(role).acting else self.lex.appointment
            cues.append(_Cue(family, person.entity, org.entity, role))
        return cues

    def acting_appointments(self) -> list[_Cue]:
        """"P سرپرست ORG شد": P appointed acting head of ORG."""
        cues = []
        for title in self.matches(self.lex.acting_titles_in_text):
            org = self.org_between(title.end(), min(self.sentence.end, title.end() + 40))
            if org is None:
                continue
            verb = self.lex.acting_verbs.match(self.text, org.end + 1) if self.text[org.end:org.end + 1] == " " else None
            person = self.person_before(title.start(), self.lex.cue_person_chars)
            role = self.title_before(title.start(), org)
            if verb is None or person is None or role is None:
                continue
            cues.append(_Cue(self.lex.acting, person.entity, org.entity, role))
        return cues

    def person_cues(self, family: CueFamily) -> list[_Cue]:
        """Cues of a family that name a person right after them ("تودیع X") or before them ("X استعفا داد")."""
        if family is self.lex.farewell and self.matches(self.lex.denials):
            return []
        cues = []
        for cue in self.matches(family.before_person):
            person = self.person_after(cue.end())
            if person is not None:
                cues.append(_Cue(family, person.entity))
        for cue in self.matches(family.after_person):
            person = self.person_before(cue.start(), self.lex.cue_person_chars)
            if person is not None:
                cues.append(_Cue(family, person.entity))
        return cues

    def read(self) -> list[_Cue]:
        """Every cue of the sentence, appointments first."""
        if not self.people:
            return []
        return [*self.appointments(), *self.acting_appointments(), *self.person_cues(self.lex.introduction),
                *self.person_cues(self.lex.farewell)]


def _spans(entities: Iterable[Entity], label: str) -> list[_Span]:
    """The mentions of the entities of one label, in text order."""
    return sorted(_Span(m.start, m.end, e.id) for e in entities if e.type == label for m in e.mentions)


def read_tenure(article: Article, sentences: list[Sentence], entities: Iterable[Entity],
                relations: dict[tuple, Relation], add: Callable[[Relation, str, str], None]) -> None:
    """Add the article's tenure cues as evidence on its positions (through `add`, which merges by key)."""
    lex = get_tenure_lexicon()
    entities = list(entities)
    people, orgs = _spans(entities, "Person"), _spans(entities, "Organization")
    if not people:
        return
    for sentence in sentences:
        if not lex.any_cue.search(article.text, sentence.start, sentence.end):
            continue
        cues = _SentenceReader(lex, article.text, sentence, people, orgs).read()
        positions = [r for r in relations.values() if r.type == POSITION]
        introduced = [c for c in cues if c.organization is not None or c.family is lex.introduction]
        for cue in cues:
            evidence = Evidence(article.id, sentence.text, sentence.start, sentence.end, cue.family.extractor,
                                cue.family.confidence)
            for person, organization, role in _targets(lex, cue, sentence, positions, introduced):
                add(Relation(POSITION, person, organization, {"role": role}, [evidence]), "Person", "Organization")


def _targets(lex: TenureLexicon, cue: _Cue, sentence: Sentence, positions: list[Relation],
             introduced: list[_Cue]) -> list[tuple[str, str, str]]:
    """The position(s) a cue dates: the one it names, else the person's position read in the same sentence, else
    their only one in the article, else (a farewell) the post someone else is introduced to in the sentence."""
    if cue.organization is not None:
        return [(cue.person, cue.organization, cue.role)]
    own = [r for r in positions if r.source == cue.person]
    here = [r for r in own if any(e.start == sentence.start for e in r.evidence)]
    heads = [r for r in here if lex.role_parts(r.properties.get("role", "")).post]
    for candidates in (here if len(here) == 1 else heads, own):
        if len(candidates) == 1:
            rel = candidates[0]
            return [(rel.source, rel.target, rel.properties.get("role", ""))]
    if cue.family is not lex.farewell:
        return []
    for other in introduced:
        if other.person == cue.person:
            continue
        if other.organization is not None:
            return [(cue.person, other.organization, lex.role_parts(other.role).base)]
        posts = [r for r in positions if r.source == other.person and lex.role_parts(r.properties.get("role", "")).post
                 and any(e.start == sentence.start for e in r.evidence)]
        if len(posts) == 1:
            return [(cue.person, posts[0].target, lex.role_parts(posts[0].properties.get("role", "")).base)]
    return []
