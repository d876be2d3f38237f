"""The extractor's reference data (gazetteers, given names, roles, triggers, word lists), loaded once per process.

Every look-up goes through `graph.text.name_key`, so ی/ي, ک/ك, ZWNJ and spacing variants meet. Multi-word
names are found in one left-to-right pass over token keys with `KeyIndex.longest` (a dict of keys and their
prefixes, so a failed look-up stops after one or two tokens).

>>> lex = get_lexicon()
>>> lex.province_record("آذربایجان شرقی")["capital"]
'تبریز'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.model import make_id
from graph.schema import safe_yaml
from graph.text import display_name, name_key

DATA_DIR = Path(__file__).with_name("data")
_EZAFE = "ی"
_LONG_VOWELS = ("ا", "و")
VERB_PREFIXES = ("می\u200c", "نمی\u200c")


@lru_cache(maxsize=200_000)
def cached_name_key(text: str) -> str:
    """`graph.text.name_key`, cached: the same names come back in every mention and article."""
    return name_key(text)


@lru_cache(maxsize=200_000)
def cached_display_name(text: str) -> str:
    """`graph.text.display_name`, cached: the same surfaces come back in every mention and article."""
    return display_name(text)


@lru_cache(maxsize=200_000)
def cached_make_id(label: str, canonical_name: str) -> str:
    """`graph.model.make_id`, cached."""
    return make_id(label, canonical_name)


class LexiconError(ValueError):
    """A reference data file that cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class LexEntry:
    """A named entity of a gazetteer: its type, canonical name, kind, aliases and extra properties."""

    type: str
    name: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    responsible: str | None = None
    name_en: str | None = None
    news_agency: bool = False


@dataclass(frozen=True)
class Place:
    """A province or a city/county, with the province it lies in."""

    province: str
    city: str | None = None


@dataclass(frozen=True)
class Head:
    """A head word that starts an organisation or project name."""

    type: str
    kind: str
    text: str
    quoted_only: bool = False
    place_only: bool = False
    specific: bool = False
    unit: bool = False
    bare_unit: bool = False
    min_words: int = 0
    needs_proper_name: bool = False


@dataclass(frozen=True)
class Title:
    """A position title: how it finds its organisation (implies / generic / directorate)."""

    text: str
    mode: str
    org: str | None = None
    head: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Directorate:
    """A provincial directorate's domain, its full form and the ministry it is part of."""

    domain: str
    ministry: str | None


class KeyIndex:
    """Names of one or more tokens, looked up by the concatenated name keys of consecutive tokens.

    A name ending in a long vowel also matches with the ezafe ی written after it (صداوسیما -> صداوسیمای).
    """

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}
        self.prefixes: set[str] = set()
        self.first_words: set[str] = set()
        self.skip: frozenset[str] = frozenset()

    def add(self, name: str, value: Any, overwrite: bool = False) -> None:
        """Index a name (first writer wins unless overwrite)."""
        key = name_key(name)
        if not key or (key in self.entries and not overwrite):
            return
        self.entries[key] = value
        self.prefixes.update(key[:i] for i in range(1, len(key) + 1))
        self.first_words.add(name_key(name.replace("\u200c", " ").split()[0]))

    def never_start_with(self, words: set[str]) -> None:
        """Words no indexed name begins with (function words): `scan` does not try to start a name there."""
        self.skip = frozenset(w for w in words if w not in self.first_words)

    def get(self, name: str) -> Any:
        """The value of a name written as one string, or None."""
        return self.entries.get(name_key(name))

    def longest(self, keys: list[str], start: int, stop: int | None = None) -> tuple[int, Any] | None:
        """Longest indexed name starting at token `start`: (end token, value), or None."""
        acc, best = "", None
        stop = len(keys) if stop is None else min(stop, len(keys))
        for j in range(start, stop):
            part = keys[j]
            if not part:
                break
            acc += part
            if acc in self.entries:
                best = (j + 1, self.entries[acc])
            elif acc[-1] == _EZAFE and acc[-2:-1] in _LONG_VOWELS and acc[:-1] in self.entries:
                best = (j + 1, self.entries[acc[:-1]])
            if acc not in self.prefixes:
                break
        return best

    def scan(self, keys: list[str], positions: KeyPositions | None = None,
             commas: frozenset = frozenset()) -> list[tuple[int, Any] | None]:
        """`longest` at every token position, in one pass. A name can only start at a token whose key begins one (or
        is a name with an ezafe): those tokens are found for all positions at once, by set operations on the distinct
        keys (`positions`: the keys' positions, made once when the same tokens are scanned with several indexes). A
        name goes on over a comma at one of the positions in `commas` ("وزارت صنعت، معدن و تجارت")."""
        if positions is None:
            positions = KeyPositions(keys)
        prefixes, entries = self.prefixes, self.entries
        by_key = positions.by_key
        starters = by_key.keys() & prefixes
        starters.update(positions.with_ezafe[bare] for bare in positions.with_ezafe.keys() & entries.keys())
        starters -= self.skip
        n = len(keys)
        out: list[tuple[int, Any] | None] = [None] * n
        for first in starters:
            for start in by_key[first]:
                acc = first
                best = None
                j = start
                while True:
                    if acc in entries:
                        best = (j + 1, entries[acc])
                    elif acc[-1] == _EZAFE and acc[-2:-1] in _LONG_VOWELS and acc[:-1] in entries:
                        best = (j + 1, entries[acc[:-1]])
                    j += 1
                    if j in commas and j + 1 < n and keys[j + 1] and acc in prefixes:
                        j += 1
                    if acc not in prefixes or j >= n or not keys[j]:
                        break
                    acc += keys[j]
                out[start] = best
        return out


class KeyPositions:
    """The token positions of each distinct non-empty key of a token list, and the keys ending in an ezafe by the key
    without it, for `KeyIndex.scan`."""

    def __init__(self, keys: list[str]) -> None:
        by_key: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            found = by_key.get(key)
            if found is None:
                by_key[key] = [i]
            else:
                found.append(i)
        by_key.pop("", None)
        self.by_key = by_key
        self.with_ezafe = {key[:-1]: key for key in self.by_key if key[-1] == _EZAFE}


def _read_yaml(path: Path) -> Any:
    """Parse a YAML file, naming the file on error."""
    try:
        with open(path, encoding="utf-8") as fh:
            return safe_yaml(fh)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc


def _optional_yaml(name: str) -> Any:
    """A data file that may be absent."""
    path = DATA_DIR / name
    return _read_yaml(path) if path.exists() else None


def _required_yaml(name: str) -> Any:
    """A data file that must exist."""
    path = DATA_DIR / name
    if not path.exists():
        raise LexiconError(f"{path}: missing reference data file")
    return _read_yaml(path)


def _records(data: Any, path: str) -> list[dict]:
    """The list of name records of a gazetteer file, checked."""
    if data is None:
        return []
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list):
                data = value
                break
    if not isinstance(data, list) or not all(isinstance(r, dict) and r.get("name") for r in data):
        raise LexiconError(f"{DATA_DIR / path}: expected a list of records, each with a 'name'")
    return data


def _keys(words) -> set[str]:
    """Name keys of a word list."""
    return {name_key(w) for w in words or [] if name_key(w)}


@dataclass
class Lexicon:
    """All reference data of the extractor, indexed for look-up by name key."""

    provinces: dict[str, dict] = field(default_factory=dict)
    places: KeyIndex = field(default_factory=KeyIndex)
    ambiguous_places: set[str] = field(default_factory=set)
    named: KeyIndex = field(default_factory=KeyIndex)
    heads: KeyIndex = field(default_factory=KeyIndex)
    titles: KeyIndex = field(default_factory=KeyIndex)
    honorifics: KeyIndex = field(default_factory=KeyIndex)
    directorates: KeyIndex = field(default_factory=KeyIndex)
    quote_triggers: set[str] = field(default_factory=set)
    given_names: set[str] = field(default_factory=set)
    generic_words: set[str] = field(default_factory=set)
    stop_words: set[str] = field(default_factory=set)
    name_joiners: set[str] = field(default_factory=set)
    pronouns: set[str] = field(default_factory=set)
    demonstratives: set[str] = field(default_factory=set)
    quantifiers: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    meeting_words: set[str] = field(default_factory=set)
    region_words: set[str] = field(default_factory=set)
    ordinals: set[str] = field(default_factory=set)
    event_scopes: set[str] = field(default_factory=set)
    link_words: set[str] = field(default_factory=set)
    name_compounds: set[tuple[str, str]] = field(default_factory=set)
    name_quantity_words: set[str] = field(default_factory=set)
    venue_words: set[str] = field(default_factory=set)
    name_inner_words: set[str] = field(default_factory=set)
    event_anaphors: set[str] = field(default_factory=set)
    verb_homographs: set[str] = field(default_factory=set)
    surname_suffixes: set[str] = field(default_factory=set)
    place_suffixes: set[str] = field(default_factory=set)
    place_nouns: set[str] = field(default_factory=set)
    not_surnames: set[str] = field(default_factory=set)
    speech_verbs: set[str] = field(default_factory=set)
    common_words: set[str] = field(default_factory=set)
    very_common_words: set[str] = field(default_factory=set)
    kept_honorifics: tuple[str, ...] = ()
    short_form_domains: set[str] = field(default_factory=set)
    provincial_body_heads: tuple[str, ...] = ()
    known_words: set[str] = field(default_factory=set)
    surname_endings: tuple[str, ...] = ()
    title_modifiers: set[str] = field(default_factory=set)
    terminators: set[str] = field(default_factory=set)
    clause_breaks: set[str] = field(default_factory=set)
    visit_words: set[str] = field(default_factory=set)
    meet_words: set[str] = field(default_factory=set)
    arrive_words: set[str] = field(default_factory=set)
    visit_with_be_next: set[str] = field(default_factory=set)
    fronted_openers: set[str] = field(default_factory=set)
    attribution_openers: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    presence_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    org_classifiers: set[str] = field(default_factory=set)
    welcome_words: set[str] = field(default_factory=set)
    plural_endings: list[str] = field(default_factory=list)
    chair_phrases: dict[tuple, str] = field(default_factory=dict)
    as_phrases: list[tuple[int, tuple]] = field(default_factory=list)
    relation_words: dict[str, str] = field(default_factory=dict)
    agent_after: set[str] = field(default_factory=set)
    agent_before: set[str] = field(default_factory=set)
    hedges: set[str] = field(default_factory=set)
    new_actor_words: set[str] = field(default_factory=set)
    belongs_to: set[str] = field(default_factory=set)
    funding_nouns: set[str] = field(default_factory=set)
    agent_phrases: dict[tuple, str] = field(default_factory=dict)
    copulas: set[str] = field(default_factory=set)
    negated_copulas: set[str] = field(default_factory=set)
    time_openers: set[str] = field(default_factory=set)
    project_pronouns: set[str] = field(default_factory=set)
    project_roles: dict[tuple, str] = field(default_factory=dict)
    verb_forms: frozenset[str] = frozenset()
    compound_verb_forms: str = ""
    light_verb_forms: frozenset[str] = frozenset()
    light_verbs: set[str] = field(default_factory=set)
    role_modifiers_max: int = 4
    _given_cache: dict[str, bool] = field(default_factory=dict)
    _given_word_cache: dict[str, bool] = field(default_factory=dict)
    _verb_cache: dict[str, bool] = field(default_factory=dict)

    def province_record(self, name: str) -> dict | None:
        """The gazetteer record of a province by canonical name."""
        return self.provinces.get(name)

    def is_given_name(self, key: str) -> bool:
        """Whether a name key is a given name, or two joined (محمدمحسن); answers are cached."""
        known = self._given_cache.get(key)
        if known is None:
            names = self.given_names
            known = key in names or any(key[:n] in names and key[n:] in names for n in range(2, len(key) - 1))
            self._given_cache[key] = known
        return known

    def is_given_word(self, key: str) -> bool:
        """Whether a name key is a given name (`is_given_name`), also after a kept honorific written joined to it
        ("سیدمحمد"); answers are cached."""
        known = self._given_word_cache.get(key)
        if known is None:
            known = self._given_word_cache[key] = self.is_given_name(key) or \
                self.is_given_name(self.without_joined_honorific(key))
        return known

    def without_joined_honorific(self, key: str) -> str:
        """A name key without a kept honorific written joined to it ("سیدمحمد" -> "محمد"), or "" if it has none."""
        for prefix in self.kept_honorifics:
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                return key[len(prefix):]
        return ""

    def is_light_verb(self, token: str) -> bool:
        """Whether a token is a form of a light verb or copula (کرد، شد، گرفت، است ...), so the word before it is part of
        the verb ("قرار گرفت", "فعال است"), not of a name."""
        return token in self.light_verb_forms or token in self.light_verbs or \
            self.joined_perfect(token) in self.light_verb_forms

    def is_negated_verb(self, token: str) -> bool:
        """Whether a token is a negated verb form: ن + a verb form (نشد، نکرده‌اند، نمی‌شود; not نمود)."""
        return token.startswith("ن") and self.is_verb(token[1:])

    @cached_property
    def compound_verb_set(self) -> frozenset[str]:
        """The compound verb forms ("گفته_شده_است"), made a set on first use."""
        return frozenset(self.compound_verb_forms.split("\n"))

    def is_verb(self, token: str) -> bool:
        """Whether a token (a word of `loaders.sentences.tokenize`) is a conjugated Persian verb form (hazm's table),
        also a perfect written without its ZWNJ as crawled text often has it ("شدهاند" for "شده‌اند"); answers are
        cached."""
        known = self._verb_cache.get(token)
        if known is None:
            known = self._verb_cache[token] = token in self.verb_forms or token.startswith(VERB_PREFIXES) or \
                "_" in token and token in self.compound_verb_set or self.joined_perfect(token) in self.verb_forms
        return known

    @staticmethod
    def joined_perfect(token: str) -> str | None:
        """A perfect written without its ZWNJ ("شدهاند") with it ("شده‌اند"), or None for another token."""
        if not token.endswith(_JOINED_PERFECT_ENDINGS):
            return None
        ending = next(e for e in _JOINED_PERFECT_ENDINGS if token.endswith(e))
        return f"{token[:-len(ending) + 1]}\u200c{ending[1:]}"


_JOINED_PERFECT_ENDINGS = ("هاند", "هایم", "هاید")


def _load_places(lex: Lexicon, patterns: dict) -> None:
    """Provinces, their variants and cities."""
    for rec in _records(_required_yaml("provinces.yaml"), "provinces.yaml"):
        name = display_name(rec["name"])
        lex.provinces[name] = {"name_en": rec.get("name_en"), "capital": rec.get("capital"),
                               "aliases": [display_name(a) for a in rec.get("aliases") or []]}
        for alias in [name, *lex.provinces[name]["aliases"]]:
            lex.places.add(alias, Place(name), overwrite=True)
    for rec in _records(_required_yaml("provinces.yaml"), "provinces.yaml"):
        for city in rec.get("cities") or []:
            lex.places.add(city, Place(display_name(rec["name"]), display_name(city)))
    lex.ambiguous_places = _keys(patterns.get("ambiguous_provinces"))


def _load_named(lex: Lexicon) -> None:
    """Organisations, news agencies, projects and officials from the gazetteers."""
    sources = [("organizations.yaml", "Organization", False), ("news_agencies.yaml", "Organization", True),
               ("projects.yaml", "Project", False), ("projects_extra.yaml", "Project", False),
               ("people.yaml", "Person", False)]
    for filename, label, agency in sources:
        for rec in _records(_optional_yaml(filename), filename):
            kind = "news_agency" if agency else rec.get("kind")
            entry = LexEntry(type=label, name=display_name(rec["name"]), kind=kind,
                             aliases=tuple(display_name(a) for a in rec.get("aliases") or []),
                             part_of=rec.get("part_of"), responsible=rec.get("responsible"),
                             name_en=rec.get("name_en"), news_agency=agency or kind == "news_agency")
            for alias in (entry.name, *entry.aliases):
                lex.named.add(alias, entry)


def _load_branches(lex: Lexicon) -> None:
    """Institutions with a unit per province or city (institution_branches.yaml), expanded over provinces.yaml."""
    provinces = _records(_required_yaml("provinces.yaml"), "provinces.yaml")
    places = {"province": [display_name(p["name"]) for p in provinces],
              "city": [display_name(c) for p in provinces for c in p.get("cities") or []]}
    for rec in _records(_optional_yaml("institution_branches.yaml"), "institution_branches.yaml"):
        if rec.get("over") not in places:
            raise LexiconError(f"{DATA_DIR / 'institution_branches.yaml'}: {rec['name']}: 'over' must be one of "
                               f"{sorted(places)}, not {rec.get('over')!r}")
        slot = "{" + rec["over"] + "}"
        for place in places[rec["over"]]:
            entry = LexEntry(type="Organization", name=display_name(rec["name"].replace(slot, place)),
                             kind=rec.get("kind"), part_of=rec.get("part_of"),
                             aliases=tuple(display_name(a.replace(slot, place)) for a in rec.get("aliases") or []),
                             name_en=(rec.get("name_en") or "").replace(slot, place) or None)
            for alias in (entry.name, *entry.aliases):
                lex.named.add(alias, entry)


def _load_given_names(lex: Lexicon) -> None:
    """The given-name list."""
    path = DATA_DIR / "given_names.txt"
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        lex.given_names = _keys(line.split("#", 1)[0].strip() for line in fh)


def _load_patterns(lex: Lexicon, patterns: dict) -> None:
    """Head words and word lists of patterns.yaml."""
    quoted_only = _keys(patterns.get("project_heads_quoted_only"))
    place_only = _keys(patterns.get("place_only_heads"))
    specific = _keys(patterns.get("specific_heads"))
    units, bare_units = _keys(patterns.get("unit_heads")), _keys(patterns.get("bare_unit_heads"))
    proper_name = _keys(patterns.get("proper_name_heads"))
    lex.region_words = _keys(patterns.get("region_words"))
    for text, kind in (patterns.get("org_heads") or {}).items():
        key = name_key(text)
        lex.heads.add(text, Head("Organization", kind, display_name(text), place_only=key in place_only,
                                 unit=key in units or key in bare_units, bare_unit=key in bare_units,
                                 needs_proper_name=key in proper_name))
    min_words = {name_key(w): int(n) for w, n in (patterns.get("project_heads_min_words") or {}).items()}
    for text, kind in (patterns.get("project_heads") or {}).items():
        lex.heads.add(text, Head("Project", kind, display_name(text), name_key(text) in quoted_only,
                                 specific=name_key(text) in specific, min_words=min_words.get(name_key(text), 0)))
    lex.ordinals = _keys(patterns.get("ordinals"))
    lex.event_scopes = _keys(patterns.get("event_scopes"))
    lex.link_words = _keys(patterns.get("project_link_words"))
    lex.name_compounds = {tuple(name_key(w) for w in phrase.split()) for phrase in patterns.get("name_compounds") or []
                          if len(phrase.split()) == 2}
    lex.verb_homographs = _keys(patterns.get("verb_homographs"))
    lex.name_quantity_words = _keys(patterns.get("name_quantity_words"))
    lex.venue_words = _keys(patterns.get("venue_words"))
    lex.name_inner_words = _keys(patterns.get("name_inner_words"))
    lex.event_anaphors = _keys(patterns.get("event_anaphors"))
    lex.short_form_domains = _keys(patterns.get("short_form_domains"))
    lex.provincial_body_heads = tuple(sorted(_keys(patterns.get("provincial_body_heads")), key=lambda h: (-len(h), h)))
    lex.quote_triggers = _keys(patterns.get("project_quote_triggers"))
    lex.generic_words = _keys(patterns.get("generic_words"))
    lex.stop_words = _keys(patterns.get("stop_words")) | _keys(patterns.get("time_words"))
    lex.name_joiners = _keys(patterns.get("name_joiners"))
    lex.pronouns = _keys(patterns.get("pronouns"))
    lex.demonstratives = _keys(patterns.get("demonstratives"))
    lex.terminators = _keys(patterns.get("name_terminators"))
    lex.quantifiers = _keys(patterns.get("quantifiers"))
    lex.concepts = _keys(patterns.get("concepts"))
    lex.meeting_words = _keys(patterns.get("meeting_words"))
    lex.light_verbs = set(patterns.get("light_verbs") or ())
    lex.surname_endings = tuple(patterns.get("surname_endings") or ())

    lex.clause_breaks = set(patterns.get("clause_breaks") or [])
    honor = patterns.get("honorifics") or {}
    for word in honor.get("keep") or []:
        lex.honorifics.add(word, True)
    lex.kept_honorifics = tuple(sorted(_keys(honor.get("keep")), key=lambda h: (-len(h), h)))
    for word in honor.get("drop") or []:
        lex.honorifics.add(word, False)


def _load_person_shapes(lex: Lexicon) -> None:
    """Surname suffixes, place words and ordinary words of person_names.yaml, and hazm's frequent words."""
    shapes = _required_yaml("person_names.yaml") or {}
    lex.surname_suffixes = _keys(shapes.get("surname_suffixes"))
    lex.place_suffixes = _keys(shapes.get("place_suffixes"))
    lex.place_nouns = _keys(shapes.get("place_nouns"))
    lex.not_surnames = _keys(shapes.get("not_surnames"))
    lex.speech_verbs = _keys(shapes.get("speech_verbs"))
    common_min = int(shapes.get("common_word_min_count", 2_000_000))
    rare_max = int(shapes.get("rare_word_max_count", 50_000))
    very_common_min = int(shapes.get("very_common_word_min_count", 5_000_000))
    from hazm import utils

    with open(utils.default_words, encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition("\t")
            count = rest.partition("\t")[0]
            if not count.isdigit() or int(count) < min(common_min, rare_max):
                continue
            key = cached_name_key(word)
            lex.known_words.add(key)
            if int(count) >= common_min:
                lex.common_words.add(key)
            if int(count) >= very_common_min:
                lex.very_common_words.add(key)


def _load_roles(lex: Lexicon) -> None:
    """Titles and provincial directorates of roles.yaml."""
    roles = _required_yaml("roles.yaml") or {}
    for rec in roles.get("implies") or []:
        lex.titles.add(rec["title"], Title(display_name(rec["title"]), "implies", rec.get("org"), rec.get("head"),
                                           rec.get("kind")))
    for word in roles.get("directorate") or []:
        lex.titles.add(word, Title(display_name(word), "directorate", kind="directorate"))
    for word in roles.get("generic") or []:
        lex.titles.add(word, Title(display_name(word), "generic"))
    lex.role_modifiers_max = int(roles.get("role_modifiers_max", 4))
    lex.title_modifiers = _keys(roles.get("title_modifiers"))
    for phrase in roles.get("as_phrases") or []:
        keys = tuple(name_key(w) for w in str(phrase).split())
        lex.as_phrases.append((len(keys), keys))
    for rec in roles.get("chaired_by") or []:
        if not isinstance(rec, dict) or not rec.get("phrase") or not rec.get("role"):
            raise LexiconError(f"{DATA_DIR / 'roles.yaml'}: chaired_by entries need a 'phrase' and a 'role', not {rec!r}")
        lex.chair_phrases[tuple(name_key(w) for w in rec["phrase"].split())] = rec["role"]
    for rec in roles.get("directorates") or []:
        value = Directorate(display_name(rec["domain"]), rec.get("ministry"))
        for alias in [rec["domain"], *(rec.get("aliases") or [])]:
            lex.directorates.add(alias, value)


def _load_triggers(lex: Lexicon) -> None:
    """Trigger words of triggers.yaml."""
    triggers = _required_yaml("triggers.yaml") or {}
    lex.visit_words = _keys(triggers.get("visit"))
    lex.meet_words = _keys(triggers.get("meet"))
    lex.arrive_words = _keys(triggers.get("arrive"))
    lex.visit_with_be_next = _keys(triggers.get("visit_with_be_next"))
    lex.fronted_openers = _keys(triggers.get("fronted_openers"))
    for phrase in sorted({tuple(name_key(w) for w in phrase.split()) for phrase in
                          triggers.get("attribution_openers") or []}, key=lambda p: (-len(p), p)):
        lex.attribution_openers.setdefault(phrase[0], []).append(phrase)
    lex.org_classifiers = _keys(triggers.get("org_classifiers"))
    for phrase in sorted({tuple(name_key(w) for w in phrase.split()) for phrase in
                          triggers.get("presence_phrases") or []}, key=lambda p: (-len(p), p)):
        lex.presence_phrases.setdefault(phrase[0], []).append(phrase)
    lex.welcome_words = _keys(triggers.get("welcome"))
    lex.plural_endings = list(triggers.get("plural_verb_endings") or [])
    for rel_type, words in (triggers.get("relations") or {}).items():
        for key in _keys(words):
            lex.relation_words.setdefault(key, rel_type)
    lex.agent_after = _keys(triggers.get("agent_after"))
    lex.agent_before = _keys(triggers.get("agent_before"))
    lex.hedges = _keys(triggers.get("hedges"))
    lex.new_actor_words = _keys(triggers.get("new_actor"))
    lex.belongs_to = _keys(triggers.get("belongs_to"))
    lex.funding_nouns = _keys(triggers.get("funding_nouns"))
    for rel_type, phrases in (triggers.get("agent_phrases") or {}).items():
        for phrase in phrases or []:
            lex.agent_phrases[tuple(name_key(w) for w in phrase.split())] = rel_type
    lex.copulas = _keys(triggers.get("copulas"))
    lex.negated_copulas = _keys(triggers.get("negated_copulas"))
    lex.time_openers = _keys(triggers.get("time_openers"))
    lex.project_pronouns = _keys(triggers.get("project_pronouns"))
    for phrase in triggers.get("project_roles") or []:
        lex.project_roles[tuple(name_key(w) for w in phrase.split())] = display_name(phrase)


def _load_verbs(lex: Lexicon, not_verbs: set[str]) -> None:
    """hazm's table of conjugated verb forms (half a million), kept as little as `is_verb` and `is_light_verb` need,
    so the cached lexicon loads fast: no lemmas, only the forms a token can be (no spaces) and that the prefix rule
    does not answer (می‌/نمی‌ ...), the compound forms (written with "_") as one string made a set only when a
    token with a "_" in it is looked up, and the forms of the light verbs; the words patterns.yaml says are not verbs
    (hazm's second-person forms that are adjectives: فرهنگی، مالی ...) left out."""
    from hazm import Lemmatizer

    lemmas = {form: lemma for form, lemma in Lemmatizer().verbs.items() if form not in not_verbs}
    token_forms = [f for f in lemmas if not f.startswith(VERB_PREFIXES) and not any(c.isspace() for c in f)]
    lex.verb_forms = frozenset(f for f in token_forms if "_" not in f)
    lex.compound_verb_forms = "\n".join(sorted(f for f in token_forms if "_" in f))
    lex.light_verb_forms = frozenset(f for f, lemma in lemmas.items() if lemma in lex.light_verbs)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The extractor's reference data, once per process: from the build cache, built anew when loaders/data, this
    module, graph/text.py, graph/model.py or hazm changed."""
    from loaders.build_cache import load_or_build

    graph_dir = Path(__file__).resolve().parent.parent / "graph"
    return load_or_build("lexicon", build_lexicon, [DATA_DIR, Path(__file__), graph_dir / "text.py",
                                                    graph_dir / "model.py", graph_dir / "schema.yaml"],
                         packages=["hazm"])


def build_lexicon() -> Lexicon:
    """The extractor's reference data, read and indexed from loaders/data."""
    lex = Lexicon()
    patterns = _required_yaml("patterns.yaml") or {}
    _load_places(lex, patterns)
    _load_named(lex)
    _load_branches(lex)
    _load_given_names(lex)
    _load_patterns(lex, patterns)
    _load_person_shapes(lex)
    _load_roles(lex)
    _load_triggers(lex)
    _load_verbs(lex, set(patterns.get("not_verbs") or ()))
    function_words = lex.stop_words | lex.demonstratives | lex.pronouns | lex.quantifiers
    for index in (lex.named, lex.heads, lex.titles, lex.places, lex.directorates, lex.honorifics):
        index.never_start_with(function_words)
    return lex

