"""A small pattern language over an article's mentions and tokens, for relation rules written as data.

A pattern (loaders/data/relation_patterns.yaml) is a sequence of elements separated by spaces:

    ^            the next element opens a clause (sentence start, after "به گزارش X،", a comma or a colon)
    ORG / ORGS   one organisation (a name or "این شرکت") / a list of them ("همراه اول، ایرانسل و رایتل");
                 a slot may carry a number to appear twice (PERSON PERSON2)
    PROJECT      a project (a name or "این طرح"); PROJECTNAME only a name
    PERSON       a person (a name, a pronoun, or a title whose holder is known)
    PROVINCE     a province ("استان X", "X", "این استان", a city)
    a|b_c        one of these words; "_" joins the words of one alternative ("در_حال|اقدام_به")
    *N           up to N other words (no verb, no clause break, no "که", no other mention, but the words of a
                 time phrase such as "روز گذشته"; commas, quotes and titles in apposition are passed over without counting)

and a rule names the relation and its two slots: `{rel: PARTICIPATES_IN, from: ORGS, to: PROJECT, pattern: ...}`
(with `role:` for a HOLDS_POSITION rule),
with `unless: [words]` that cancel a match when they follow it in its clause. A gap never skips a hedge word
(triggers.yaml `hedges`: آمادگی، قصد ...).
Every element must match in one sentence; each rule yields one fact per (from, to) pair, named `pattern-<id>`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from loaders.entities import COMMA
from loaders.lexicon import DATA_DIR, LexiconError, _required_yaml, cached_name_key

SLOTS = {"ORG", "ORGS", "PROJECT", "PROJECTNAME", "PERSON", "PROVINCE"}
QUOTES = {"«", "»", '"'}
PATTERN_FILE = "relation_patterns.yaml"


@dataclass(frozen=True)
class Element:
    """One element of a pattern: a slot, a set of word sequences (also by their first word), a bounded gap, or the
    clause-start anchor."""

    kind: str
    words: tuple[tuple[str, ...], ...] = ()
    gap: int = 0
    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Rule:
    """A compiled pattern and the relation it yields between two of its slots."""

    id: str
    rel: str
    source: str
    target: str
    elements: tuple[Element, ...]
    confidence: float
    unless: frozenset = frozenset()
    role: str | None = None

    @cached_property
    def word_elements(self) -> tuple[Element, ...]:
        """The rule's word elements, in order."""
        return tuple(e for e in self.elements if e.kind == "words")

    @cached_property
    def lead(self) -> Element:
        """The first element that is not the clause-start anchor."""
        return next(e for e in self.elements if e.kind != "anchor")


def _element(text: str, where: str) -> Element:
    """One written element, checked."""
    if text == "^":
        return Element("anchor")
    if text.rstrip("0123456789") in SLOTS:
        return Element(text)
    if text.startswith("*"):
        if not text[1:].isdigit():
            raise LexiconError(f"{where}: a gap is *N with a number, not {text!r}")
        return Element("gap", gap=int(text[1:]))
    words = tuple(tuple(cached_name_key(w) for w in alt.split("_")) for alt in text.split("|") if alt)
    if not words or any(not all(w) for w in words):
        raise LexiconError(f"{where}: {text!r} is neither a slot ({', '.join(sorted(SLOTS))}), a gap nor words")
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for alternative in words:
        by_first.setdefault(alternative[0], []).append(alternative)
    return Element("words", words=words, by_first={first: tuple(alts) for first, alts in by_first.items()})


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The rules of relation_patterns.yaml, compiled."""
    return compile_rules(_required_yaml(PATTERN_FILE) or {}, DATA_DIR / PATTERN_FILE)


def compile_rules(data: dict, path) -> tuple[Rule, ...]:
    """Rules from the data of a pattern file; a bad rule (or a repeated id) raises an error naming the file, the rule
    and the reason."""
    rules = []
    for n, rec in enumerate(data.get("rules") or [], 1):
        where = f"{path}: rule {n}"
        if not isinstance(rec, dict) or not all(rec.get(k) for k in ("id", "rel", "from", "to", "pattern")):
            raise LexiconError(f"{where}: needs id, rel, from, to and pattern, not {rec!r}")
        if any(rule.id == str(rec["id"]) for rule in rules):
            raise LexiconError(f"{where}: the id {rec['id']!r} is taken by an earlier rule (it names the evidence's "
                               "extractor)")
        elements = tuple(_element(part, f"{where} ({rec['id']})") for part in str(rec["pattern"]).split())
        kinds = [e.kind for e in elements]
        for slot in (rec["from"], rec["to"]):
            if kinds.count(slot) != 1:
                raise LexiconError(f"{where} ({rec['id']}): slot {slot} must appear exactly once in the pattern")
        unless = frozenset(cached_name_key(w) for w in rec.get("unless") or [])
        rules.append(Rule(str(rec["id"]), str(rec["rel"]), rec["from"], rec["to"], elements,
                          float(rec.get("confidence", 0.6)), unless, rec.get("role")))
    return tuple(rules)


class PatternMatcher:
    """Matches the rules against one article through a RelationReader's views of its mentions."""

    def __init__(self, reader) -> None:
        self.r = reader
        self.n = len(reader.tokens)
        self.titled = {k for t in reader.m.titles for k in range(t.start, t.end)}
        self._slots: dict[tuple, tuple] = {}
        self._opens: dict[int, bool] = {}
        self._mention_starts: set[int] | None = None
        self._holding: dict[tuple[str, ...], set[int]] = {}

    def run(self, rules: tuple[Rule, ...]) -> None:
        """Every match of every rule, added to the reader's facts (only in sentences holding one of the word
        sequences of each of the rule's word elements, and only from the tokens where its first element can match)."""
        r = self.r
        sentences = {s: range(start, r._sentence_ends[s]) for s, start in enumerate(r._sentence_starts)
                     if start is not None}
        slot_starts: dict[tuple[str, int], list[int]] = {}
        present = r.m.key_positions.by_key.keys()
        for rule in rules:
            if any(present.isdisjoint(element.by_first) for element in rule.word_elements):
                continue
            candidates = None
            for element in rule.word_elements:
                having = self.sentences_with(element)
                candidates = having if candidates is None else candidates & having
                if not candidates:
                    break
            lead = rule.lead
            kind = lead.kind.rstrip("0123456789")
            for s in sentences if candidates is None else sorted(candidates):
                positions = sentences[s]
                if kind in SLOTS:
                    starts = slot_starts.get((kind, s))
                    if starts is None:
                        starts = slot_starts[kind, s] = self.slot_starts(kind, positions)
                elif kind == "words":
                    starts = [i for i in positions if self.r.tk[i] in lead.by_first]
                else:
                    starts = positions
                for i in starts:
                    self.first_match(rule, i, s)

    def sentences_with(self, element: Element) -> set[int]:
        """The sentences holding one of a word element's sequences (only those whose first word the article has are
        looked for)."""
        by_first = element.by_first
        present = by_first.keys() & self.r.m.key_positions.by_key.keys()
        return set().union(*(self.sentences_holding(words) for first in present for words in by_first[first]))

    def sentences_holding(self, words: tuple[str, ...]) -> set[int]:
        """The sentences in which these keys follow one another, remembered per sequence."""
        held = self._holding.get(words)
        if held is None:
            r, width = self.r, len(words)
            tokens, keys = r.tokens, r.tk
            held = self._holding[words] = {
                tokens[i].sentence for i in r.m.key_positions.by_key.get(words[0], ())
                if (width == 1 or tuple(keys[i:i + width]) == words) and tokens[i + width - 1].sentence ==
                tokens[i].sentence}
        return held

    def slot_starts(self, kind: str, positions: range) -> list[int]:
        """The positions where a slot of a kind may begin (`may_start`), from one set of mention starts."""
        if self._mention_starts is None:
            r = self.r
            self._mention_starts = {i for i, found in enumerate(r.owner) if found is not None and found.start == i}
            self._mention_starts.update(r.title_at, r._anaphor_at)
        common, r = self._mention_starts, self.r
        if kind == "PERSON":
            pronouns, keys = r.lex.pronouns, r.tk
            return [i for i in positions if i in common or keys[i] in pronouns]
        if kind == "PROVINCE":
            return [i for i in positions if i in common or self.may_start(kind, i)]
        if kind in ("ORG", "ORGS"):
            return [i for i in positions if i in common or r.tk[i] in r.lex.org_classifiers or r.tokens[i].text == "«"]
        return [i for i in positions if i in common]

    def may_start(self, kind: str, i: int) -> bool:
        """A cheap test that a slot can begin at token i: a mention, a title, a pronoun, a pointer, a category noun
        before a list of organisations or an opening quote starts there."""
        r = self.r
        found = r.found_at(i)
        if found is not None and found.start == i or i in r.title_at or i in r._anaphor_at:
            return True
        if kind in ("ORG", "ORGS"):
            return r.tk[i] in r.lex.org_classifiers or r.tokens[i].text == "«"
        if kind == "PERSON":
            return r.tk[i] in r.lex.pronouns
        if kind == "PROVINCE":
            return i in r._province_start or r.tk[i] in r.lex.demonstratives or r.lex.places.longest(r.tk, i) is not None
        return False

    def first_match(self, rule: Rule, i: int, s: int) -> None:
        """The facts of the first match of a rule starting at token i."""
        for slots in self.match(rule.elements, 0, i, s, {}):
            if rule.unless and self.clause_has(slots["_end"], rule.unless):
                return
            for source in _as_list(slots[rule.source]):
                for target in _as_list(slots[rule.target]):
                    props = {"role": rule.role} if rule.role else {}
                    self.r.add(rule.rel, source, target, s, f"pattern-{rule.id}", rule.confidence, **props)
            return

    def match(self, elements, e: int, k: int, s: int, slots: dict):
        """Yield the slot bindings of elements[e:] matched from token k within sentence s."""
        if e == len(elements):
            yield {**slots, "_end": k}
            return
        element = elements[e]
        if element.kind == "anchor":
            if k < self.n and self.opens_clause(k):
                yield from self.match(elements, e + 1, k, s, slots)
            return
        if k >= self.n or self.r.sent(k) != s:
            return
        if element.kind == "gap":
            words = 0
            while True:
                yield from self.match(elements, e + 1, k, s, slots)
                if k >= self.n or self.r.sent(k) != s:
                    return
                if self.r.tokens[k].text in COMMA or self.r.tokens[k].text in QUOTES or k in self.titled:
                    k += 1
                    continue
                words += 1
                if words > element.gap or not (self.plain(k, s) or self.r.tk[k] in self.r.lex.time_openers) or \
                        self.r.tk[k] in self.r.lex.hedges:
                    return
                k += 1
        if element.kind == "words":
            while k < self.n and self.r.tokens[k].text in QUOTES and self.r.sent(k) == s:
                k += 1
            for words in element.by_first.get(self.r.tk[k], ()) if k < self.n else ():
                end = k + len(words)
                if end <= self.n and tuple(self.r.tk[k:end]) == words and self.r.sent(end - 1) == s:
                    yield from self.match(elements, e + 1, end, s, slots)
            return
        kind = element.kind.rstrip("0123456789")
        while e and k < self.n and self.r.tokens[k].text == "»" and self.r.sent(k) == s:
            k += 1
        memo = (kind, k)
        if memo not in self._slots:
            self._slots[memo] = self.slot(kind, k)
        value, end = self._slots[memo]
        if value:
            yield from self.match(elements, e + 1, end, s, {**slots, element.kind: value})

    def opens_clause(self, k: int) -> bool:
        """The reader's at_clause_start, remembered per token."""
        if k not in self._opens:
            self._opens[k] = self.r.at_clause_start(k)
        return self._opens[k]

    def clause_has(self, k: int, words: frozenset) -> bool:
        """Whether one of the words follows token k in its clause ("با اجرای طرح X مخالفت کرد")."""
        s = self.r.sent(k - 1)
        while k < self.n and self.r.sent(k) == s and self.r.tokens[k].text not in self.r.lex.clause_breaks:
            if self.r.tk[k] in words:
                return True
            k += 1
        return False

    def plain(self, k: int, s: int) -> bool:
        """Whether token k may be skipped by a gap: a word of the sentence that no mention owns, not a verb or "که"."""
        r = self.r
        return k < self.n and r.sent(k) == s and bool(r.tk[k]) and r.found_at(k) is None and \
            k not in r.title_at and not r.lex.is_verb(r.tokens[k].text) and r.tokens[k].text not in \
            r.lex.clause_breaks and r.tk[k] != cached_name_key("که")

    def slot(self, kind: str, k: int):
        """The value of a slot at token k and the token after it, or (None, k)."""
        r = self.r
        if kind == "ORG":
            return r.org_ref(k)
        if kind == "ORGS":
            orgs, end = r.org_list(k)
            return (orgs or None), end
        if kind == "PROJECT":
            return r.project_ref(k)
        if kind == "PROJECTNAME":
            found = r.found_at(k)
            return (r.key_of(found), found.end) if found is not None and found.type == "Project" and \
                found.start == k else (None, k)
        if kind == "PROVINCE":
            province = r.province_ref(k)
            return province, r.province_end(k) if province is not None else k
        person = r.person_key_at(k)
        if person is None:
            return None, k
        found = r.found_at(k)
        title = r.title_at.get(k)
        end = found.end if found is not None and found.type == "Person" else title.end if title is not None else k + 1
        return person, end


def _as_list(value) -> list:
    """A slot's value as a list of entity keys."""
    return value if isinstance(value, list) else [value]


def read_patterns(reader) -> None:
    """Apply every rule of relation_patterns.yaml to the reader's article."""
    PatternMatcher(reader).run(load_rules())
