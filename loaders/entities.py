"""Finding entity mentions in one article: provinces, organisations, people, projects and the titles that tie them.

Works on the article's tokens (loaders.sentences) in a fixed order: places, gazetteer names, position titles
(which imply organisations: "استاندار قزوین" -> استانداری قزوین), organisation and project head-word patterns,
«quoted» names, then people (honorifics, given names, appositions). Each token belongs to at most one name.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from loaders.lexicon import (Head, KeyIndex, KeyPositions, LexEntry, Lexicon, Place, Title, cached_display_name,
                             cached_name_key)
from loaders.sentences import Sentence, Token

MAX_NAME_TOKENS = 8
MAX_LINK_TARGET_TOKENS = 6
QUOTED_ONLY_SCOPED_WORDS = 4  # "درگاه ملی خدمات ثبتی": a head needing quotes names a project unquoted after ملی + 2 words
MAX_QUOTED_TOKENS = 12
MAX_SURNAME_WORDS = 3
KEY_OSTAN = cached_name_key("استان")
KEY_VA = cached_name_key("و")
KEY_DAR = cached_name_key("در")
KEY_AZ = cached_name_key("از")
KEY_RA = cached_name_key("را")
KEY_YEKI = cached_name_key("یکی")
KEY_BE = cached_name_key("به")
PLURAL_EZAFE = "های"
KEY_DEPUTY = cached_name_key("معاون")
PLURAL_SUFFIXES = ("\u200cهای", "های", "\u200cها", "ها")
COMMA = {"،", ","}
CITY_WORDS = {cached_name_key("شهرستان"), cached_name_key("شهر")}


@dataclass
class Found:
    """One entity mention: type, canonical name, token span [start, end), kind, place, where it came from."""

    type: str
    name: str
    start: int
    end: int
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    place: str | None = None
    place_from_city: bool = False
    entry: LexEntry | None = None
    extractor: str = "pattern"
    part_of: str | None = None
    needs_context_place: bool = False
    given: str = ""
    surname: str = ""
    parent: Found | None = None


@dataclass
class TitleMention:
    """A position title in the text: the role as written, the organisation it names (if any), its token span."""

    role: str
    org: Found | None
    start: int
    end: int
    mode: str
    template: str | None = None
    holder: Found | None = None
    extractor: str = ""
    kind: str | None = None


@dataclass
class Anaphor:
    """A phrase like "این دانشگاه" / "این طرح" that points back to an earlier organisation or project."""

    head: str
    type: str
    start: int
    end: int
    kind: str | None = None


@dataclass
class Mentions:
    """Everything found in one article."""

    tokens: list[Token]
    sentences: list[Sentence]
    found: list[Found] = field(default_factory=list)
    titles: list[TitleMention] = field(default_factory=list)
    anaphors: list[Anaphor] = field(default_factory=list)
    main_province: str | None = None
    owner: list = field(default_factory=list)
    key_positions: KeyPositions | None = None


class MentionFinder:
    """Finds the mentions of one article's tokens against the lexicon."""

    def __init__(self, text: str, tokens: list[Token], sentences: list[Sentence], lex: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.sentences = sentences
        self.lex = lex
        self.keys = [t.key for t in tokens]
        self.key_positions = KeyPositions(self.keys)
        self.owner: list[Found | None] = [None] * len(tokens)
        self.out = Mentions(tokens, sentences, key_positions=self.key_positions)
        self._hits: dict[KeyIndex, list] = {}
        self.commas = frozenset(k for k, tok in enumerate(tokens) if tok.text in COMMA)
        self._place_memo: dict[tuple[int, bool], tuple | None] = {}
        self._pairs: Counter | None = None

    def pair_count(self, k: int) -> int:
        """How often the article writes tokens k-1 and k one after the other."""
        if self._pairs is None:
            self._pairs = Counter(zip(self.keys, self.keys[1:]))
        return self._pairs[(self.keys[k - 1], self.keys[k])]

    def hit_list(self, index: KeyIndex) -> list:
        """index.longest at every token of the article, scanned once per index."""
        hits = self._hits.get(index)
        if hits is None:
            hits = self._hits[index] = index.scan(self.keys, self.key_positions, self.commas)
        return hits

    def hit(self, index: KeyIndex, i: int) -> tuple | None:
        """index.longest at token i, from one scan of the article per index."""
        hits = self._hits.get(index)
        if hits is None:
            hits = self._hits[index] = index.scan(self.keys, self.key_positions, self.commas)
        return hits[i] if 0 <= i < len(hits) else None

    # --- small predicates -------------------------------------------------------------------------------
    def surface(self, start: int, end: int) -> str:
        """The text of tokens [start, end) as written."""
        return cached_display_name(self.text[self.tokens[start].start:self.tokens[end - 1].end])

    def free(self, start: int, end: int) -> bool:
        """Whether no name owns tokens [start, end)."""
        return all(self.owner[k] is None for k in range(start, end))

    def claim(self, found: Found) -> Found:
        """Record a mention and mark its tokens as taken."""
        for k in range(found.start, found.end):
            self.owner[k] = found
        self.out.found.append(found)
        parent = found.parent
        while parent is not None:
            self.out.found.append(parent)
            parent = parent.parent
        return found

    def same_sentence(self, i: int, j: int) -> bool:
        """Whether tokens i and j exist and lie in one sentence."""
        return 0 <= i < len(self.tokens) and 0 <= j < len(self.tokens) and \
            self.tokens[i].sentence == self.tokens[j].sentence

    def is_word(self, i: int) -> bool:
        """Whether token i exists and is a word, not punctuation."""
        return i < len(self.tokens) and bool(self.keys[i])

    def blocks_name(self, i: int) -> bool:
        """Whether token i cannot be part of a name: punctuation, a function word, a verb, a pronoun."""
        if not self.is_word(i):
            return True
        key = self.keys[i]
        lex = self.lex
        word = self.tokens[i].text
        return (key in lex.stop_words or key in lex.pronouns or key in lex.demonstratives
                or (lex.is_verb(word) and not self.noun_homograph(i)) or key.isdigit() or _indefinite(word)
                or self.joined_verb(i))

    def noun_homograph(self, i: int) -> bool:
        """Whether token i is a word that is a noun as well as a verb form ("داده": data / given) used as a noun:
        not followed by an auxiliary or another verb ("حکمرانی داده و هوش مصنوعی", not "نوید داده شده")."""
        if self.keys[i] not in self.lex.verb_homographs:
            return False
        nxt = i + 1
        return nxt < len(self.tokens) and self.same_sentence(i, nxt) and self.is_word(nxt) and \
            not self.lex.is_verb(self.tokens[nxt].text)

    def place_at(self, i: int, allow_ambiguous: bool = False) -> tuple[int, Place] | None:
        """A place phrase starting at token i: "استان X", a province or a city; (end, place)."""
        memo_key = (i, allow_ambiguous)
        if memo_key not in self._place_memo:
            self._place_memo[memo_key] = self._place_at(i, allow_ambiguous)
        return self._place_memo[memo_key]

    def _place_at(self, i: int, allow_ambiguous: bool) -> tuple[int, Place] | None:
        """place_at without the memo."""
        if not self.is_word(i):
            return None
        if self.keys[i] == KEY_OSTAN and self.same_sentence(i, i + 1):
            hit = self.hit(self.lex.places, i + 1)
            if hit and hit[1].city is None:
                return hit
            return None
        if self.keys[i] in CITY_WORDS and self.same_sentence(i, i + 1):
            hit = self.hit(self.lex.places, i + 1)
            if hit and hit[1].city is not None:
                return hit
        hit = self.hit(self.lex.places, i)
        if not hit:
            return None
        end, place = hit
        if place.city is None and not allow_ambiguous and \
                cached_name_key("".join(self.keys[i:end])) in self.lex.ambiguous_places:
            return None
        return hit

    def given_at(self, i: int) -> bool:
        """Whether token i is a given name (or two joined, as in محمدمحسن; or after a joined سید, as in سیدمحمد)."""
        return self.is_word(i) and self.lex.is_given_word(self.keys[i])

    def preceded_by_demonstrative(self, i: int) -> bool:
        """Whether a determiner or a number comes right before token i ("این دانشگاه"، "سه مرکز")."""
        if i == 0 or not self.same_sentence(i - 1, i):
            return False
        key = self.keys[i - 1]
        return key in self.lex.demonstratives or key in self.lex.quantifiers or key.isdigit()

    # --- passes -----------------------------------------------------------------------------------------
    def run(self) -> Mentions:
        """Run every pass and return the mentions."""
        self.find_places()
        self.find_titles()
        self.find_quoted()
        self.find_named_and_heads()
        self.find_directorate_short_forms()
        self.find_programmes()
        self.find_people()
        self.find_apposed_names()
        self.find_titled_names()
        self.find_surnames()
        self.find_repeats()
        self.find_anaphora()
        self.settle_context_places()
        self.out.owner = [f if f is not None and f.type != "Title" else None for f in self.owner]
        return self.out

    def find_places(self) -> None:
        """Province mentions ("استان X", province names) and a main province for bare "استان"."""
        counts: Counter = Counter()
        i = 0
        n = len(self.tokens)
        places = self.hit_list(self.lex.places)
        while i < n:
            if not places[i] and self.keys[i] != KEY_OSTAN:
                i += 1
                continue
            hit = self.place_at(i)
            if hit and hit[1].city is None:
                end, place = hit
                self.out.found.append(Found("Province", place.province, i, end, extractor="gazetteer"))
                counts[place.province] += 1
                i = end
                continue
            i += 1
        if counts:
            first = {f.name: f.start for f in reversed(self.out.found)}
            self.out.main_province = max(counts, key=lambda p: (counts[p], -first[p]))

    def find_named_and_heads(self) -> None:
        """Gazetteer organisations/projects/people, then organisation and project head-word patterns."""
        i, n = 0, len(self.tokens)
        named = self.hit_list(self.lex.named)
        heads = self.hit_list(self.lex.heads)
        while i < n:
            if self.owner[i] is not None or not (named[i] or heads[i]):
                i += 1
                continue
            found = self.org_at(i) or self.project_at(i)
            if found and self.free(found.start, found.end):
                self.claim(found)
                i = found.end
                continue
            i += 1

    def find_directorate_short_forms(self) -> None:
        """A provincial directorate written by its domain alone: "آموزش و پرورش استان فارس"، "بهزیستی استان گیلان"
        -> اداره کل ... استان X. Only with "استان X" written, at a clause start or after a function word (not
        "توسعه ارتباطات استان ..."), and for a domain of several words or one listed in `short_form_domains`."""
        hits = self.hit_list(self.lex.directorates)
        for i, hit in enumerate(hits):
            if not hit or self.owner[i] is not None or not self.free(i, hit[0]):
                continue
            end, directorate = hit
            if end - i < 2 and self.keys[i] not in self.lex.short_form_domains:
                continue
            if i > 0 and self.same_sentence(i - 1, i) and self.is_word(i - 1) and not self.blocks_name(i - 1):
                continue
            if end >= len(self.tokens) or self.keys[end] != KEY_OSTAN:
                continue
            place = self.place_at(end, allow_ambiguous=True)
            if not place or place[1].city is not None or not self.same_sentence(i, place[0]):
                continue
            province = place[1].province
            written = self.surface(i, place[0])
            self.claim(Found("Organization", f"اداره کل {directorate.domain} استان {province}", i, place[0],
                             "directorate", [written, f"اداره کل {directorate.domain} {province}"], place=province,
                             extractor="directorate-short", part_of=directorate.ministry))

    def named_at(self, i: int) -> tuple[int, LexEntry] | None:
        """A gazetteer name at token i; a news agency only when written with "خبرگزاری"."""
        hit = self.hit(self.lex.named, i)
        if hit and hit[1].news_agency and not cached_name_key(self.surface(i, hit[0])).startswith(cached_name_key("خبرگزاری")):
            return None
        return hit

    def org_at(self, i: int, nested: bool = False) -> Found | None:
        """An organisation name starting at token i: a gazetteer entry (maybe with a place) or a head pattern;
        `nested` for a parent written inside a unit's name (no determiner check on the word before)."""
        hit = self.named_at(i)
        head = self.hit(self.lex.heads, i)
        if hit and hit[1].type == "Organization":
            end, entry = hit
            found = Found("Organization", entry.name, i, end, entry.kind, [self.surface(i, end)], entry=entry,
                          extractor="gazetteer", part_of=entry.part_of)
            if entry.news_agency:
                return found
            unit = self.unit_at(i, head[0], head[1]) if head and head[1].unit else None
            if unit is not None and unit.end > end:
                return self.named_unit(unit, found) if unit.parent.start == end else unit
            if head and head[1].unit:
                found.parent = self.parent_within(i, end)
            inner = self.place_within(i, end)
            if inner:
                found.place, found.place_from_city = inner.province, inner.city is not None
            place = self.place_at(end) if self.same_sentence(i, end) else None
            if place and not inner:
                found.end, found.place = place[0], place[1].province
                found.place_from_city = place[1].city is not None
                found.name = f"{self.national_base(entry.name)} {self.surface(end, place[0])}"
                found.aliases = [self.surface(i, found.end)]
                found.entry, found.part_of, found.extractor = None, None, "name-place"
            return found
        if hit and hit[1].type == "Person":
            return None
        if not head or head[1].type != "Organization" or (not nested and self.preceded_by_demonstrative(i)):
            return None
        if head[1].unit:
            unit = self.unit_at(i, head[0], head[1])
            if unit is not None:
                return unit
        return self.name_after_head(i, head[0], head[1])

    def unit_at(self, i: int, after_head: int, head: Head) -> Found | None:
        """A unit named inside its parent: HEAD [field words] PARENT-ORGANISATION, PART_OF the parent. Not when the
        first name is complete (ends in a place or "ایران") or the second is an object ("... شرکت X را")."""
        parent = self.parent_at(i, after_head) if head.bare_unit else None
        if parent is None:
            child = self.name_after_head(i, after_head, head, generic_ok=True)
            if child is None or child.place or self.keys[child.end - 1] in self.lex.terminators:
                return None
            parent = self.parent_at(i, child.end)
        if parent is None:
            return None
        written = self.surface(i, parent.end)
        return Found("Organization", written, i, parent.end, head.kind, [written], place=parent.place,
                     place_from_city=parent.place_from_city, extractor="unit-of", part_of=parent.name, parent=parent)

    def parent_at(self, i: int, j: int) -> Found | None:
        """The parent organisation written at token j right after a unit's words (not a news agency, not an object)."""
        if j >= len(self.tokens) or not self.same_sentence(i, j) or self.owner[j] is not None:
            return None
        parent = self.org_at(j, nested=True)
        if parent is None or parent.kind == "news_agency" or (parent.entry is not None and parent.entry.news_agency):
            return None
        if parent.end < len(self.tokens) and self.keys[parent.end] == KEY_RA:
            return None
        return parent

    def parent_within(self, start: int, end: int) -> Found | None:
        """A gazetteer organisation that ends a gazetteer unit's name ("کمیسیون ... مجلس شورای اسلامی")."""
        for k in range(start + 2, end):
            hit = self.named_at(k)
            if hit and hit[0] == end and hit[1].type == "Organization" and not hit[1].news_agency:
                entry = hit[1]
                return Found("Organization", entry.name, k, end, entry.kind, [self.surface(k, end)], entry=entry,
                             extractor="gazetteer", part_of=entry.part_of)
        return None

    def named_unit(self, unit: Found, named: Found) -> Found:
        """A unit whose own name is a gazetteer entry: the entry's name, the unit's span and parent."""
        unit.name, unit.kind, unit.entry = named.name, named.kind, named.entry
        unit.aliases = list(dict.fromkeys([*named.aliases, *unit.aliases]))
        return unit

    def place_within(self, start: int, end: int) -> Place | None:
        """The last place written inside tokens [start, end) ("دانشگاه تبریز" -> تبریز)."""
        last = None
        k = start + 1
        while k < end:
            hit = self.place_at(k)
            if hit and hit[0] <= end:
                last = hit[1]
                k = hit[0]
            else:
                k += 1
        return last

    def national_base(self, name: str) -> str:
        """A national body's name without its trailing "ایران" / "کشور", to name a provincial branch."""
        words = name.split()
        stripped = True
        while stripped:
            stripped = False
            for width in (3, 2, 1):
                if len(words) > width + 1 and cached_name_key(" ".join(words[-width:])) in self.lex.terminators:
                    del words[-width:]
                    stripped = True
                    break
        return " ".join(words)

    def project_at(self, i: int) -> Found | None:
        """A project name starting at token i: a gazetteer entry or a head word with an unquoted name; an event head
        after a venue word names the venue, an organisation ("در محل نمایشگاه بین‌المللی اهواز")."""
        found = self._project_at(i)
        if found is not None and found.kind == "event" and found.entry is None and i > 0 and \
                self.keys[i - 1] in self.lex.venue_words:
            found.type, found.kind = "Organization", "other"
        return found

    def _project_at(self, i: int) -> Found | None:
        """project_at without the venue test."""
        hit = self.named_at(i)
        if hit and hit[1].type in ("Project", "Person"):
            end, entry = hit
            if entry.type == "Person" and self.apposed_surname_end(end - 1, end) > end:
                return None
            found = Found(entry.type, entry.name, i, end, entry.kind, [self.surface(i, end)], entry=entry,
                          extractor="gazetteer")
            if entry.type == "Person" and " " in entry.name and name_key_last(entry.name) == self.keys[end - 1]:
                found.given, found.surname = entry.name.rsplit(" ", 1)
            return found
        head = self.hit(self.lex.heads, i)
        ordinal = i > 0 and self.same_sentence(i - 1, i) and self.keys[i - 1] in self.lex.ordinals
        if not head or head[1].type != "Project" or (self.preceded_by_demonstrative(i) and not ordinal):
            return None
        after = head[0]
        min_words = head[1].min_words
        if head[1].quoted_only:
            if after >= len(self.tokens) or self.keys[after] not in self.lex.event_scopes:
                return None
            min_words = max(min_words, QUOTED_ONLY_SCOPED_WORDS)
        if after >= len(self.tokens) or self.tokens[after].text == "«":
            return None
        inner = self.hit(self.lex.heads, after)
        if inner and inner[1].type == "Project":
            return None
        found = self.name_after_head(i, after, head[1])
        if found is None:
            return None
        if cached_name_key(found.name.removeprefix(head[1].text)) in self.lex.concepts or cached_name_key(found.name) in \
                self.lex.concepts:
            return None
        if min_words and not self.names_enough(after, found, min_words, ordinal):
            return None
        if ordinal:
            found.start = i - 1
            found.aliases.append(self.surface(i - 1, found.end))
        place = self.place_after_dar(found.end)
        if place and not found.place:
            found.place, found.place_from_city = place.province, place.city is not None
        return found

    def names_enough(self, after: int, found: Found, min_words: int, ordinal: bool) -> bool:
        """Whether an unquoted event, plan or network name has enough name words ("و" not counted, a place only
        in a plan's name after two other words: "سند شهر هوشمند تهران") to be a name rather than a common noun ("همایش ملی حکمرانی
        داده"، not "همایش مدیران"); an ordinal before the head ("سومین همایش ...") or a scope word (ملی، بین‌المللی)
        counts as one. A name never ends in a plural
        with its ezafe ("سند مالکیت زمین‌های ...": the phrase goes on)."""
        words = [k for k in range(after, found.end) if self.keys[k] != KEY_VA and not self.place_at(k, True)]
        if words and self.tokens[words[-1]].text.endswith(PLURAL_EZAFE):
            return False
        count = len(words) + (1 if ordinal else 0)
        count += sum(1 for k in words if self.keys[k] in self.lex.event_scopes)
        if found.place and found.kind == "plan" and len(words) >= 2:
            count += 1
        return count >= min_words

    def place_after_dar(self, j: int) -> Place | None:
        """A place written as "در X" right after token j-1 (an event held in a city)."""
        if j + 1 < len(self.tokens) and self.keys[j] == KEY_DAR and self.same_sentence(j, j + 1):
            hit = self.place_at(j + 1)
            return hit[1] if hit else None
        return None

    def name_after_head(self, start: int, j: int, head: Head, generic_ok: bool = False) -> Found | None:
        """The name words after a head word, up to where the name ends (see module docstring); `generic_ok` when a
        parent organisation follows, which makes even generic field words a name ("دفتر فناوری اطلاعات استانداری")."""
        words: list[int] = []
        place: tuple[int, Place] | None = None
        needs_context = False
        alias_acronym = None
        linking = False
        linked_place: tuple[int, Place] | None = None
        budget = MAX_NAME_TOKENS
        while j < len(self.tokens) and len(words) < budget and self.same_sentence(start, j):
            key = self.keys[j]
            opens_name = head.type == "Project" and all(self.keys[w] in self.lex.generic_words for w in words)
            if opens_name and key in self.lex.link_words:
                linking = True
                words.append(j)
                j += 1
                continue
            if opens_name and key in self.lex.quote_triggers and self.action_object_at(j + 1):
                words.append(j)
                j += 1
                continue
            if linking and key in (KEY_BE, KEY_OSTAN) and words and self.link_target_at(j):
                linking = key == KEY_OSTAN
                if key == KEY_BE:
                    budget = max(budget, len(words) + 1 + MAX_LINK_TARGET_TOKENS)
                words.append(j)
                j += 1
                continue
            if head.type == "Organization" or words:
                place = self.place_at(j, allow_ambiguous=head.place_only and not words)
                if place and linking and place[0] < len(self.tokens) and self.keys[place[0]] == KEY_BE and \
                        self.link_target_at(place[0]):
                    linked_place = place
                    words.extend(range(j, place[0]))
                    budget = max(budget, len(words) + 1 + MAX_LINK_TARGET_TOKENS)
                    j, place = place[0], None
                    continue
                if place:
                    j = place[0]
                    break
            if head.type == "Organization" and key in self.lex.region_words and self.place_at(j + 1):
                words.append(j)
                j += 1
                continue
            if key == KEY_OSTAN:
                needs_context = True
                words.append(j)
                j += 1
                break
            if key == KEY_VA:
                if not words or not self.conjunct_continues(j + 1):
                    break
                words.append(j)
                j += 1
                continue
            if self.tokens[j].text in COMMA and words and head.type == "Organization" and self.enumeration_at(j + 1):
                words.append(j)
                j += 1
                continue
            if key in self.lex.name_inner_words and head.type == "Project" and words and self.is_word(j + 1) and \
                    self.same_sentence(j, j + 1) and (self.keys[j + 1] == KEY_OSTAN or not self.blocks_name(j + 1)):
                words.append(j)
                j += 1
                continue
            if key in self.lex.name_quantity_words and head.type == "Project" and self.counted_in_name(words, j):
                words.extend((j, j + 1, j + 2))
                j += 3
                continue
            if words and (self.keys[words[-1]], key) in self.lex.name_compounds and self.owner[j] is None:
                words.append(j)
                j += 1
                continue
            if self.blocks_name(j) or self.hit(self.lex.titles, j) or self.owner[j] is not None:
                break
            if j + 1 < len(self.tokens) and self.same_sentence(j, j + 1) and \
                    self.lex.is_light_verb(self.tokens[j + 1].text) and not self.noun_homograph(j + 1) and \
                    (key in self.lex.known_words or not words):
                break
            if words and self.hit(self.lex.heads, j) and head.type == "Organization":
                break
            if head.type == "Project" and not words and (self.hit(self.lex.heads, j) or (0, head))[1].kind in \
                    ("company", "ministry", "agency", "governorate", "municipality"):
                break
            if self.given_at(j) and not (words and self.keys[words[-1]] in self.lex.name_joiners) and \
                    (not words or self.person_at(j) is not None):
                break
            words.append(j)
            j += 1
            if key in self.lex.terminators:
                break
        if j + 2 < len(self.tokens) and self.tokens[j].text == "(" and self.tokens[j + 2].text == ")" \
                and self.is_word(j + 1):
            alias_acronym = self.tokens[j + 1].text
        while words and self.keys[words[-1]] == KEY_VA:
            words.pop()
        if not words and (not place or not head.place_only):
            return None
        provincial_council = needs_context and head.kind == "council" and len(words) >= 2
        if not place and not generic_ok and all(self.keys[w] in self.lex.generic_words for w in words) and \
                not head.specific and not provincial_council:
            return None
        if head.needs_proper_name and not place and not any(self.given_at(w) or self.keys[w] in self.lex.name_joiners
                                                            for w in words):
            return None
        end = place[0] if place else words[-1] + 1
        found = Found(head.type, self.surface(start, end), start, end, head.kind, [self.surface(start, end)],
                      extractor="head-pattern")
        if alias_acronym:
            found.aliases.append(alias_acronym)
        place = place or linked_place
        if place:
            found.place, found.place_from_city = place[1].province, place[1].city is not None
        found.needs_context_place = needs_context and not place
        return found

    def counted_in_name(self, words: list[int], j: int) -> bool:
        """"روستاهای بالای ۲۰ خانوار": after a plural with its ezafe, the quantity word at token j, a number and the
        word it counts."""
        return bool(words) and self.tokens[words[-1]].text.endswith(PLURAL_EZAFE) and j + 2 < len(self.tokens) and \
            self.same_sentence(j, j + 2) and self.keys[j + 1].isdigit() and not self.blocks_name(j + 2)

    def action_object_at(self, j: int) -> bool:
        """After a project head and an action noun ("پروژه ایجاد ..."، "طرح توسعه ..."): token j names what is made,
        a plain word, not a light verb ("پروژه اجرا شد") or a function word."""
        return self.same_sentence(j - 1, j) and self.is_word(j) and not self.blocks_name(j) and \
            not self.lex.is_light_verb(self.tokens[j].text)

    def link_target_at(self, j: int) -> bool:
        """In "طرح اتصال X به Y": the "به" at token j (or a bare "استان" before it) leads to a name Y."""
        if self.keys[j] == KEY_OSTAN:
            j += 1
            if j >= len(self.tokens) or self.keys[j] != KEY_BE:
                return False
        k = j + 1
        return k < len(self.tokens) and self.same_sentence(j, k) and not self.blocks_name(k)

    def enumeration_at(self, j: int) -> bool:
        """After a comma inside a name: "A و B" follows, as in "سازمان تحقیقات، آموزش و ترویج کشاورزی"."""
        for width in (1, 2):
            k = j + width
            if k >= len(self.tokens) or self.keys[k] != KEY_VA:
                continue
            plain = all(self.is_word(m) and not self.blocks_name(m) and not self.hit(self.lex.heads, m)
                        and not self.hit(self.lex.titles, m) and not self.given_at(m) and not self.place_at(m)
                        for m in range(j, k))
            return plain and self.conjunct_continues(k + 1)
        return False

    def conjunct_continues(self, j: int) -> bool:
        """After "و" inside a name: continue if one or two plain name words follow and then the name ends."""
        count = 0
        while j < len(self.tokens) and count < 4:
            if self.keys[j] == KEY_VA or self.place_at(j):
                break
            if self.blocks_name(j) or self.hit(self.lex.heads, j) or self.hit(self.lex.titles, j) \
                    or self.given_at(j):
                break
            if self.keys[j] not in self.lex.terminators:
                count += 1
            j += 1
        return 1 <= count <= 2

    def find_quoted(self) -> None:
        """«Quoted» names after a head word, starting with a head word, or after a creating verb."""
        n = len(self.tokens)
        for q0 in range(n):
            if self.tokens[q0].text != "«":
                continue
            q1 = next((k for k in range(q0 + 1, min(n, q0 + MAX_QUOTED_TOKENS + 2)) if self.tokens[k].text == "»"),
                      None)
            if q1 is None or q1 == q0 + 1 or not self.same_sentence(q0, q1) or not self.free(q0 + 1, q1):
                continue
            inner = self.surface(q0 + 1, q1)
            before = self.head_before(q0)
            inner_head = self.hit(self.lex.heads, q0 + 1)
            named = self.hit(self.lex.named, q0 + 1)
            if named and named[0] == q1 and named[1].type in ("Project", "Organization"):
                entry = named[1]
                start = before[0] if before else q0 + 1
                self.claim(Found(entry.type, entry.name, start, q1, entry.kind, [inner], entry=entry,
                                 extractor="gazetteer"))
            elif before and self.free(before[0], q0):
                start, head = before
                self.claim(Found(head.type, f"{head.text} {inner}", start, q1 + 1, head.kind,
                                 [inner, self.surface(start, q0) + " " + inner], extractor="quoted-name"))
            elif (listed := self.plural_head_before(q0)) is not None:
                self.claim(Found(listed.type, f"{listed.text} {inner}", q0 + 1, q1, listed.kind,
                                 [inner], extractor="quoted-list"))
            elif inner_head and inner_head[1].type == "Project":
                self.claim(Found("Project", inner, q0 + 1, q1, inner_head[1].kind, [inner], extractor="quoted-name"))
            elif cached_name_key(inner) in self.lex.concepts:
                continue
            elif q0 > 0 and (self.keys[q0 - 1] in self.lex.quote_triggers or
                             (q0 > 1 and self.keys[q0 - 1] == cached_name_key("از")
                              and self.keys[q0 - 2] in self.lex.quote_triggers)):
                self.claim(Found("Project", inner, q0 + 1, q1, "project", [inner], extractor="quoted-name"))
            else:
                continue
            found = self.out.found[-1]
            place = self.place_after_dar(q1 + 1) or self.place_ending(q0 + 2, q1)
            if place and not found.place:
                found.place, found.place_from_city = place.province, place.city is not None

    def place_ending(self, start: int, end: int) -> Place | None:
        """A province written as the last words of tokens [start, end) ("«پوشش روستاهای کوهستانی گیلان»") or after
        "استان" anywhere in them ("«اتصال شهرک‌های صنعتی استان کرمان به فیبر نوری»")."""
        for k in range(start, end):
            hit = self.place_at(k, allow_ambiguous=self.keys[k - 1] == KEY_OSTAN)
            if hit and hit[1].city is None and (hit[0] == end or self.keys[k] == KEY_OSTAN and hit[0] <= end):
                return hit[1]
        return None

    def plural_head_before(self, q0: int) -> Head | None:
        """"شرکت‌های «ابر آروان»، «ابرک» و «پارس‌پک»"، "طرح‌های «X» و «Y»": the organisation or project head written
        in the plural before a list of quoted names that token q0 opens one of."""
        k = q0 - 1
        while k >= 0 and self.same_sentence(k, q0):
            if self.tokens[k].text in COMMA or self.keys[k] == KEY_VA:
                k -= 1
            elif self.tokens[k].text == "»":
                k = next((j for j in range(k - 1, max(-1, k - MAX_QUOTED_TOKENS - 2), -1)
                          if self.tokens[j].text == "«"), -1) - 1
            else:
                break
        if k < 0:
            return None
        word = self.tokens[k].text
        for suffix in PLURAL_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                head = self.lex.heads.get(word[:-len(suffix)])
                if head is not None:
                    return head
        return None

    def head_before(self, q0: int) -> tuple[int, Head] | None:
        """A head word written right before token q0 ("سامانه «...»"), or before a scope or generic word before it
        ("رویداد ملی «...»"، "شرکت دانش‌بنیان «...»"), as (start token, head)."""
        for width in (1, 2):
            start = q0 - width
            if start < 0 or not self.same_sentence(start, q0):
                continue
            hit = self.lex.heads.longest(self.keys, start, q0)
            if hit and hit[0] == q0:
                return start, hit[1]
        between = q0 - 1
        if between > 0 and (self.keys[between] in self.lex.event_scopes or self.keys[between] in self.lex.generic_words):
            for width in (1, 2):
                start = between - width
                hit = self.lex.heads.longest(self.keys, start, between) if start >= 0 else None
                if hit and hit[0] == between and self.same_sentence(start, q0):
                    return start, hit[1]
        return None

    def find_programmes(self) -> None:
        """"X را یکی از برنامه‌های ... دانست": the unnamed X before را is a programme of the one named after."""
        n = len(self.tokens)
        for i in range(3, n - 2):
            if self.keys[i] not in self.lex.belongs_to or self.keys[i - 1] != KEY_AZ or \
                    self.keys[i - 2] != KEY_YEKI or self.keys[i - 3] != KEY_RA:
                continue
            end = i - 3
            start = end
            while start > 0 and end - start < 4 and self.same_sentence(start - 1, end) and \
                    self.owner[start - 1] is None and not self.blocks_name(start - 1) and \
                    not self.given_at(start - 1):
                start -= 1
            if start == end or not self.free(start, end):
                continue
            words = [self.keys[k] for k in range(start, end)]
            if cached_name_key("".join(words)) in self.lex.concepts or all(w in self.lex.generic_words for w in words):
                continue
            self.claim(Found("Project", self.surface(start, end), start, end, "programme", [self.surface(start, end)],
                             extractor="programme-of"))

    def find_repeats(self) -> None:
        """Later (or earlier) mentions of a name found by a pattern, written the same way without its cue."""
        index = KeyIndex()
        for found in self.out.found:
            if found.type in ("Project", "Organization") and found.entry is None and found.extractor in \
                    ("programme-of", "head-pattern", "quoted-name"):
                for alias in {found.name, *found.aliases}:
                    if len(cached_name_key(alias)) > 6:
                        index.add(alias, found)
        if not index.entries:
            return
        hits = index.scan(self.keys, self.key_positions)
        i, n = 0, len(self.tokens)
        while i < n:
            hit = hits[i] if self.owner[i] is None else None
            if hit and self.free(i, hit[0]):
                source = hit[1]
                self.claim(Found(source.type, source.name, i, hit[0], source.kind, [self.surface(i, hit[0])],
                                 place=source.place, place_from_city=source.place_from_city, extractor="repeat"))
                i = hit[0]
                continue
            i += 1

    # --- titles -----------------------------------------------------------------------------------------
    def find_titles(self) -> None:
        """Position titles and the organisations they name; the holder is attached later."""
        i, n = 0, len(self.tokens)
        titles = self.hit_list(self.lex.titles)
        while i < n:
            hit = titles[i] if self.keys[i] and self.owner[i] is None else None
            if not hit or self.preceded_by_demonstrative(i):
                i += 1
                continue
            mention = self.title_at(i, hit[0], hit[1])
            if mention is None:
                i += 1
                continue
            self.out.titles.append(mention)
            if mention.org is not None and self.free(mention.org.start, mention.org.end):
                self.claim(mention.org)
            for k in range(mention.start, mention.end):
                if self.owner[k] is None:
                    self.owner[k] = mention.org or Found("Title", "", mention.start, mention.end)
            i = max(mention.end, i + 1)

    def title_at(self, i: int, end: int, title: Title) -> TitleMention | None:
        """The title mention starting at token i (end and spec from the titles index), or None."""
        if title.mode == "implies":
            return self.implied_title(i, end, title, self.surface(i, end))
        if title.mode == "directorate":
            return self.directorate_title(i, end, title)
        j, modifiers = end, 0
        while j < len(self.tokens) and self.same_sentence(i, j) and modifiers <= self.lex.role_modifiers_max:
            nested = self.hit(self.lex.titles, j)
            if nested and nested[1].mode == "implies":
                return self.implied_title(i, nested[0], nested[1], self.surface(i, nested[0]))
            org = self.org_at(j)
            if org is not None:
                return TitleMention(self.surface(i, j), org, i, org.end, "generic", extractor="title-org")
            pointer = self.hit(self.lex.heads, j + 1) if self.keys[j] in self.lex.demonstratives else None
            if pointer and pointer[0] == j + 2 and pointer[1].type == "Organization" and self.same_sentence(i, j + 1):
                return TitleMention(self.surface(i, j), None, i, j + 2, "generic", template="anaphor",
                                    extractor="title-anaphor")
            joins_modifiers = modifiers > 0 and (self.keys[j] == KEY_VA or
                                                 self.tokens[j].text in COMMA and self.enumeration_at(j + 1))
            if (self.blocks_name(j) or self.keys[j] == KEY_VA) and not joins_modifiers or self.given_at(j):
                break
            modifiers += 1
            j += 1
        return None

    def implied_title(self, i: int, end: int, title: Title, role: str) -> TitleMention:
        """A title that names its organisation: استاندار X -> استانداری X, وزیر ارتباطات -> وزارت ارتباطات."""
        while end < len(self.tokens) and self.keys[end] in self.lex.title_modifiers and self.same_sentence(i, end):
            end += 1
            role = self.surface(i, end)
        if title.head:
            probe = [cached_name_key(title.head), *self.keys[end:end + MAX_NAME_TOKENS]]
            hit = self.lex.named.longest(probe, 0)
            if hit and hit[1].type == "Organization" and hit[0] > 1:
                stop = end + hit[0] - 1
                entry = hit[1]
                org = Found("Organization", entry.name, end, stop, entry.kind, [], entry=entry,
                            extractor="title-implied", part_of=entry.part_of)
                return TitleMention(role, org, i, stop, "implies", extractor="title-implied")
            return TitleMention(role, None, i, end, "implies", template=title.org, kind=title.kind)
        if "{place}" in (title.org or ""):
            place = self.place_at(end, allow_ambiguous=True) if self.same_sentence(i, end) else None
            if place:
                stop, where = place
                label = where.city or where.province
                org = Found("Organization", title.org.format(place=label), end, stop, title.kind,
                            [title.org.format(place=self.surface(end, stop))], place=where.province,
                            place_from_city=where.city is not None, extractor="title-implied")
                return TitleMention(role, org, i, stop, "implies", title.org, extractor="title-implied")
            return TitleMention(role, None, i, end, "implies", title.org)
        entry = self.deputy_body(role, title.org or "") or self.lex.named.get(title.org or "")
        if entry is not None and entry.type == "Organization":
            org = Found("Organization", entry.name, i, end, entry.kind, [], entry=entry, extractor="title-implied",
                        part_of=entry.part_of)
        else:
            org = Found("Organization", title.org or "", i, end, title.kind, [], extractor="title-implied")
        return TitleMention(role, org, i, end, "implies-fixed", title.org, extractor="title-implied")

    def deputy_body(self, role: str, org: str) -> LexEntry | None:
        """"معاون علمی، فناوری و اقتصاد دانش‌بنیان رئیس‌جمهور": the vice-presidency the gazetteer names for the
        deputy's field ("معاونت علمی، فناوری و اقتصاد دانش‌بنیان ریاست جمهوری"), if any; not for a rank alone
        ("معاون اول رئیس‌جمهور" stays at the presidency)."""
        words = role.split()
        if len(words) < 3 or cached_name_key(words[0]) != KEY_DEPUTY:
            return None
        for width in (1, 2):
            field = " ".join(words[1:-width])
            if not field or all(cached_name_key(w) in self.lex.generic_words for w in words[1:-width]):
                continue
            entry = self.lex.named.get(f"معاونت {field} {org}")
            if entry is not None and entry.type == "Organization":
                return entry
        return None

    def directorate_title(self, i: int, end: int, title: Title) -> TitleMention | None:
        """مدیرکل D استان X -> اداره کل D استان X (PART_OF D's ministry, LOCATED_IN X)."""
        hit = self.hit(self.lex.directorates, end)
        if not hit or not self.same_sentence(i, hit[0]):
            org = self.org_at(end)
            if org is not None:
                return TitleMention(self.surface(i, end), org, i, org.end, "generic", extractor="title-org")
            return None
        stop, directorate = hit
        place = self.place_at(stop, allow_ambiguous=True)
        bare_province = stop < len(self.tokens) and self.keys[stop] == KEY_OSTAN and not place
        written = self.surface(end, stop)
        if place:
            province = place[1].province
            org_end = place[0]
        elif bare_province:
            province, org_end = None, stop + 1
        else:
            return TitleMention(self.surface(i, end), None, i, stop, "directorate",
                                template=f"اداره کل {directorate.domain} استان {{place}}")
        org = Found("Organization", f"اداره کل {directorate.domain} استان {province or ''}".strip(), end, org_end,
                    "directorate", [], place=province, extractor="title-directorate", part_of=directorate.ministry)
        if province:
            org.aliases = [f"اداره کل {directorate.domain} {province}", f"اداره کل {written} استان {province}"]
        else:
            org.needs_context_place = True
            org.name = f"اداره کل {directorate.domain} استان"
        return TitleMention(self.surface(i, end), org, i, org_end, "directorate", extractor="title-directorate")

    # --- people -----------------------------------------------------------------------------------------
    def find_people(self) -> None:
        """People: [honorifics] given name(s) surname, or honorific + surname."""
        i, n = 0, len(self.tokens)
        honorifics = self.hit_list(self.lex.honorifics)
        keys = self.keys
        while i < n:
            if self.owner[i] is not None or not keys[i] or not (honorifics[i] or self.given_at(i)):
                i += 1
                continue
            found = self.person_at(i)
            if found:
                self.claim(found)
                i = found.end
            else:
                i += 1
        self.extend_to_full_names()
        self.extend_by_repeated_surname()

    def extend_by_repeated_surname(self) -> None:
        """A surname of two words whose second is also a given name ("محمدرضا قلندر شریف") is cut after its first
        word; when the article writes the two words again on their own ("قلندر شریف ادامه داد"), the word after the
        first mention belongs to its surname."""
        n = len(self.tokens)
        for person in [f for f in self.out.found if f.type == "Person" and f.extractor == "person-name" and f.given]:
            end = person.end
            if end >= n or self.owner[end] is not None or not self.same_sentence(person.start, end) or \
                    self.blocks_name(end) or not self.surname_ok(end) or self.hit(self.lex.titles, end):
                continue
            surname = self.keys[end - len(person.surname.split()):end]
            pair = [*surname, self.keys[end]]
            width = len(pair)
            again = any(self.keys[k:k + width] == pair and self.free(k, k + width) and
                        (k == 0 or not self.given_at(k - 1)) and self.same_sentence(k, k + width - 1)
                        for k in range(end + 1, n - width + 1))
            if not again:
                continue
            rest = self.surface(end, end + 1)
            self.owner[end] = person
            person.end = end + 1
            person.name, person.surname = f"{person.name} {rest}", f"{person.surname} {rest}"
            person.aliases = [f"{alias} {rest}" for alias in person.aliases]

    def extend_to_full_names(self) -> None:
        """A name the article writes in full once ("مسعود امامی یگانه، استاندار ...") is never cut short where it is
        written again without the title ("مسعود امامی یگانه افزود"): a shorter mention that the rest of the full
        name follows takes it."""
        people = [f for f in self.out.found if f.type == "Person" and f.extractor == "person-name" and f.given]
        for short in people:
            for full in people:
                extra = (full.end - full.start) - (short.end - short.start)
                stop = short.end + extra
                if extra <= 0 or stop > len(self.tokens) or not self.same_sentence(short.start, stop - 1) or \
                        not self.free(short.end, stop):
                    continue
                width = short.end - short.start
                if self.keys[short.start:short.end] != self.keys[full.start:full.start + width] or \
                        self.keys[short.end:stop] != self.keys[full.start + width:full.end]:
                    continue
                rest = self.surface(short.end, stop)
                for k in range(short.end, stop):
                    self.owner[k] = short
                short.end = stop
                short.name, short.surname = f"{short.name} {rest}", f"{short.surname} {rest}"
                short.aliases = [f"{alias} {rest}" for alias in short.aliases]
                break

    def person_at(self, i: int) -> Found | None:
        """A person's name starting at token i, or None."""
        j, kept, titled = i, [], False
        while True:
            hit = self.hit(self.lex.honorifics, j)
            if not hit or not self.same_sentence(i, hit[0]) or self.owner[hit[0] - 1] is not None:
                break
            if hit[1]:
                kept.extend(range(j, hit[0]))
            else:
                titled = True
            j = hit[0]
        if self.in_place_name(i):
            return None
        given: list[int] = []
        while len(given) < 2 and self.same_sentence(i, j) and self.owner[j] is None and self.given_at(j):
            given.append(j)
            j += 1
        if given and not ((self.surname_ok(j) or self.place_surname_at(j)) and not self.ordinary_phrase_at(j)):
            if len(given) < 2:
                return None
            j = given.pop()
        elif not given and not (titled and self.surname_ok(j)):
            return None
        if not self.same_sentence(i, j):
            return None
        if not given and self.unknown_given_at(j):
            given.append(j)
            j += 1
        end = self.surname_end(j) if given or titled else j + 1
        first = given[0] if given else j
        name_start = kept[0] if kept else first
        found = Found("Person", self.surface(name_start, end), i, end, extractor="person-name")
        found.aliases = list(dict.fromkeys([self.surface(name_start, end), self.surface(first, end)]))
        found.given = self.surface(first, j) if given else ""
        found.surname = self.surface(j, end)
        return found

    def place_surname_at(self, j: int) -> bool:
        """After a given name, a one-word place is a surname when a title follows it ("منصور بیجار استاندار ...")."""
        if j + 1 >= len(self.tokens) or self.owner[j] is not None or not self.same_sentence(j, j + 1):
            return False
        place = self.place_at(j, True)
        if place is None or place[0] != j + 1:
            return False
        k = j + 2 if self.tokens[j + 1].text in COMMA else j + 1
        return k < len(self.tokens) and self.same_sentence(j, k) and self.hit(self.lex.titles, k) is not None

    def in_place_name(self, i: int) -> bool:
        """Whether a name at token i names a place: after "روستای"، "خیابان" ..., or a given name + "آباد"."""
        k = i - 1
        while k >= 0 and self.same_sentence(k, i) and self.keys[k] in self.lex.name_joiners:
            k -= 1
        if k >= 0 and self.same_sentence(k, i) and self.keys[k] in self.lex.place_nouns:
            return True
        return i + 1 < len(self.tokens) and self.same_sentence(i, i + 1) and self.keys[i + 1] in self.lex.place_suffixes

    def unknown_given_at(self, j: int) -> bool:
        """After an honorific, token j is a given name outside the lexicon when a surname-shaped word follows it
        ("دکتر فریبرز موسوی چلک"): not a common word, and the next word ends like a surname or takes a suffix."""
        k = j + 1
        if not self.same_sentence(j, k) or not self.surname_ok(k) or self.common_word(j):
            return False
        return self.surname_shaped(k)

    def surname_shaped(self, k: int) -> bool:
        """Whether token k looks like a surname: a surname ending, or a suffix word written after it."""
        if self.tokens[k].text.endswith(self.lex.surname_endings):
            return True
        return k + 1 < len(self.tokens) and self.same_sentence(k, k + 1) and \
            self.keys[k + 1] in self.lex.surname_suffixes

    def surname_end(self, j: int) -> int:
        """End of the surname at token j: with its suffix words written apart ("حسینی زاده") and a second surname."""
        end = j + 1
        while end < len(self.tokens) and self.same_sentence(j, end) and self.owner[end] is None and \
                self.keys[end] in self.lex.surname_suffixes:
            end += 1
        if self.second_surname_at(end):
            end += 1
        return self.apposed_surname_end(j, end)

    def apposed_surname_end(self, j: int, end: int) -> int:
        """A surname of two or three words written apart ("امامی یگانه"، "نجفی کوهی") runs up to a title right
        after it ("NAME، استاندار ..." or "NAME استاندار ...") or a verb of saying when every word before it ends like
        a surname ("نجفی کوهی گفت", not "بارها گفت"): every word between is name-like (the last one may be a given name
        too: "یگانه"), so the whole run is the surname; an ordinary word ("علی کریمی امروز ...") is never name-like,
        except one alone right before the comma ("بهرام صلواتی نیک، رئیس ...")."""
        for extra in range(1, MAX_SURNAME_WORDS - (end - j) + 1):
            stop = end + extra
            if stop >= len(self.tokens) or not self.same_sentence(j, stop):
                return end
            comma = self.tokens[stop].text in COMMA
            if not all(self.owner[k] is None and self.surname_ok(k) and (k == stop - 1 or not self.given_at(k)) and
                       (not self.common_word(k) or (extra == 1 and comma)) for k in range(end, stop)):
                return end
            if self.keys[stop] in self.lex.speech_verbs and all(self.tokens[k].text.endswith(self.lex.surname_endings)
                                                                 for k in range(end, stop)):
                return stop
            boundary = stop + 1 if comma else stop
            if self.same_sentence(j, boundary) and self.hit(self.lex.titles, boundary):
                return stop
        return end

    def joined_verb(self, j: int) -> bool:
        """Whether token j is a verb or participle written with a ZWNJ before its auxiliary ("انجام‌شد"، "تشکیل‌شده"،
        "تبدیل‌شده‌اند"); a surname that ends in a verb's stem ("نیک‌سرشت") or a surname suffix is not one."""
        parts = self.tokens[j].text.split("\u200c")
        return len(parts) > 1 and cached_name_key(parts[-1]) not in self.lex.surname_suffixes and \
            any(self.lex.is_light_verb("\u200c".join(parts[k:])) for k in range(1, len(parts)))

    def indefinite_noun(self, j: int) -> bool:
        """Whether token j is an ordinary word with the indefinite ی ("گزارشی"، "پیامی"), not a surname made from a
        given name ("کریمی")."""
        word = self.tokens[j].text
        if not word.endswith("ی") or len(word) < 4:
            return False
        stem = cached_name_key(word[:-1])
        return stem in self.lex.known_words and not self.lex.is_given_name(stem)

    def ordinary_phrase_at(self, j: int) -> bool:
        """Whether a common word at token j goes on into the sentence ("علی رغم محدودیت‌ها"), so the given name before
        it starts an ordinary phrase, not a name; a surname that is also a word ends at a comma, title or verb, or
        takes a surname suffix written apart ("نیک پور")."""
        nxt = j + 1
        return self.common_word(j) and nxt < len(self.tokens) and self.same_sentence(j, nxt) and \
            self.is_word(nxt) and not self.blocks_name(nxt) and not self.hit(self.lex.titles, nxt) and \
            self.keys[nxt] not in self.lex.surname_suffixes

    def very_common_word(self, j: int) -> bool:
        """Whether token j is one of the most frequent ordinary words with no surname ending ("مردم"، "کشور")."""
        return self.keys[j] in self.lex.very_common_words and not self.tokens[j].text.endswith(self.lex.surname_endings)

    def common_word(self, j: int) -> bool:
        """Whether token j is a frequent ordinary word with no surname ending ("رغم"، "آباد"، "داده")."""
        return self.keys[j] in self.lex.common_words and not self.tokens[j].text.endswith(self.lex.surname_endings)

    def second_surname_at(self, k: int) -> bool:
        """A second surname word (آذری جهرمی، موسوی چلک): surname-like, and right before a title, a comma or the end
        of a name; before a function word, "و" or a verb only with a surname ending; anywhere when the article writes
        the two surname words together again ("رضوانی چلک افزود"). A word common enough to be an ordinary one never is."""
        if k >= len(self.tokens) or not self.same_sentence(k - 1, k) or not self.surname_ok(k) or self.given_at(k):
            return False
        if not self.tokens[k].text.endswith(self.lex.surname_endings) and self.keys[k] in self.lex.known_words:
            return False
        if self.pair_count(k) > 1:
            return True
        nxt = k + 1
        if nxt >= len(self.tokens) or not self.same_sentence(k, nxt) or not self.is_word(nxt) or \
                self.hit(self.lex.titles, nxt):
            return True
        return self.tokens[k].text.endswith(self.lex.surname_endings) and \
            (self.blocks_name(nxt) or self.keys[nxt] == KEY_VA) and not self.hit(self.lex.heads, nxt)

    def find_apposed_names(self) -> None:
        """"NAME SURNAME، TITLE ..." at the start of a clause: a person even when the given name is not in the lexicon;
        without the comma ("NAME SURNAME TITLE ...") only for two words shaped like a name (an unknown, uncommon
        first word and a surname ending on the second)."""
        for title in self.out.titles:
            comma = title.start - 1
            if comma >= 2 and self.tokens[comma].text in COMMA and self.owner[comma - 1] is None:
                self.apposed_name_before(comma, (2, 3), strict=False)
            elif title.start >= 2 and self.owner[title.start - 1] is None:
                self.apposed_name_before(title.start, (2,), strict=True)

    def apposed_name_before(self, stop: int, widths: tuple[int, ...], strict: bool) -> None:
        """The name of `widths` words that ends right before token `stop` and opens a clause (or, shaped strictly like a
        name, follows a function word: "در این مراسم بردیاس کاظمی، معاون ..."), if it looks like one."""
        for width in widths:
            start = stop - width
            if start < 0 or not self.same_sentence(start, stop):
                continue
            after_function_word = start > 0 and self.is_word(start - 1) and self.blocks_name(start - 1)
            if not self.clause_starts_at(start) and not (after_function_word and width == 2):
                continue
            words = range(start, stop)
            last = self.tokens[stop - 1].text
            if strict or not self.clause_starts_at(start):
                looks_like_name = last.endswith(self.lex.surname_endings) and self.keys[stop - 1] not in \
                    self.lex.known_words and (self.given_at(start) or self.keys[start] not in self.lex.known_words)
            else:
                looks_like_name = self.given_at(start) or last.endswith(self.lex.surname_endings)
            if looks_like_name and all(self.owner[k] is None and (self.surname_ok(k) or self.given_at(k))
                                       for k in words):
                found = Found("Person", self.surface(start, stop), start, stop, extractor="apposed-name")
                found.aliases = [found.name]
                found.given = self.surface(start, stop - 1)
                found.surname = self.surface(stop - 1, stop)
                self.claim(found)
                return

    def find_titled_names(self) -> None:
        """A name the lexicon does not know, right after a title: "TITLE[،] GIVEN SURNAME" ("استاندار فارس
        شمس‌الدین رستمی گفت") or "TITLE، SURNAME" ("معاون وزیر، رضایی گفت"); the surname must look like one and
        the name must end where the clause goes on (a verb, a function word, a comma)."""
        for title in self.out.titles:
            k = title.end
            comma = k < len(self.tokens) and self.tokens[k].text in COMMA
            if comma:
                k += 1
            if k >= len(self.tokens) or not self.same_sentence(title.start, k) or not self.surname_ok(k) or \
                    self.given_at(k):
                continue
            if self.surname_ok(k + 1) and self.same_sentence(k, k + 1) and not self.common_word(k) and \
                    self.surname_shaped(k + 1):
                given, surname = k, k + 1
            elif comma and self.tokens[k].text.endswith(self.lex.surname_endings) and self.keys[k] not in \
                    self.lex.known_words and not self.indefinite_noun(k):
                given, surname = None, k
            else:
                continue
            end = self.surname_end(surname)
            if end < len(self.tokens) and self.same_sentence(k, end) and not self.blocks_name(end) and \
                    not self.hit(self.lex.titles, end):
                continue
            written = self.surface(k, end)
            found = Found("Person", written, k, end, aliases=[written], extractor="titled-name",
                          given=self.surface(given, surname) if given is not None else "",
                          surname=self.surface(surname, end))
            self.claim(found)

    def clause_starts_at(self, i: int) -> bool:
        """Whether token i opens a sentence or a clause (after punctuation or "به گزارش X،")."""
        if i == 0 or not self.same_sentence(i - 1, i):
            return True
        return not self.is_word(i - 1)

    def surname_ok(self, j: int) -> bool:
        """Whether token j can be a surname: a plain word, not a title, head, place, verb or function word."""
        if j >= len(self.tokens) or self.owner[j] is not None or self.blocks_name(j):
            return False
        key = self.keys[j]
        lex = self.lex
        return not (self.hit(lex.titles, j) or self.hit(lex.heads, j) or self.place_at(j, True)
                    or key in lex.terminators or key in lex.generic_words or len(key) < 2
                    or key in lex.not_surnames or key in lex.place_suffixes or key in lex.surname_suffixes
                    or self.very_common_word(j))

    def find_surnames(self) -> None:
        """A surname alone (or after دکتر / آقای), once the full name was written, is that person, not a new one;
        a surname of several words ("حسینی زاده") is matched whole, however it is spaced, also where it was read as a
        given name and a surname ("مهندس نجفی کوهی" after "محمدعلی نجفی کوهی")."""
        by_surname: dict[str, set[str]] = {}
        first_seen: dict[str, Found] = {}
        for person in self.out.found:
            if person.type != "Person" or not person.given:
                continue
            surname = cached_name_key(person.surname or name_key_last(person.name))
            by_surname.setdefault(surname, set()).add(self.given_key(person.given) + "|" + surname)
            first_seen.setdefault(surname, person)
        unique = {key: first_seen[key] for key, full in by_surname.items() if len(full) == 1}
        for found in self.out.found:
            if found.type == "Person" and found.entry is None:
                written = found.surname or found.name if not found.given else found.name
                person = unique.get(cached_name_key(written))
                if person is not None and person is not found:
                    found.aliases.append(found.name)
                    found.name, found.given, found.extractor = person.name, person.given, "surname"
        index = KeyIndex()
        for person in unique.values():
            index.add(person.surname or name_key_last(person.name), person)
        hits = index.scan(self.keys, self.key_positions)
        i = 0
        while i < len(self.keys):
            hit = hits[i] if self.owner[i] is None else None
            if hit and self.free(i, hit[0]):
                person = hit[1]
                self.claim(Found("Person", person.name, i, hit[0], aliases=[self.surface(i, hit[0])],
                                 extractor="surname", given=person.given, surname=person.surname))
                i = hit[0]
                continue
            i += 1

    def given_key(self, given: str) -> str:
        """Key of given names without a kept honorific (سید ستار -> ستار)."""
        words = given.split()
        while words and self.lex.honorifics.get(words[0]) is True:
            words.pop(0)
        return cached_name_key(" ".join(words))

    def find_anaphora(self) -> None:
        """"این دانشگاه", "این طرح": pointers to the last organisation or project with that head word; "این دوره":
        to the last event."""
        for i, key in enumerate(self.keys):
            if key not in self.lex.demonstratives or i + 1 >= len(self.tokens):
                continue
            head = self.hit(self.lex.heads, i + 1)
            if head and head[0] == i + 2:
                self.out.anaphors.append(Anaphor(self.keys[i + 1], head[1].type, i, head[0]))
            elif self.keys[i + 1] in self.lex.event_anaphors and self.same_sentence(i, i + 1):
                self.out.anaphors.append(Anaphor(self.keys[i + 1], "Project", i, i + 2, kind="event"))

    def settle_context_places(self) -> None:
        """Names ending in a bare "استان" take the article's main province: "شورای ... استان" -> "... استان کرمان"."""
        province = self.out.main_province
        for found in self.out.found:
            if not found.needs_context_place:
                continue
            if province is None:
                found.needs_context_place = False
                continue
            written = found.name
            found.name = f"{written} {province}"
            found.place = province
            found.aliases = list(dict.fromkeys([*found.aliases, written]))
            if found.type == "Organization" and found.kind == "directorate":
                domain = written.removeprefix("اداره کل ").removesuffix(" استان")
                found.aliases.append(f"اداره کل {domain} {province}")
            found.needs_context_place = False


def name_key_last(name: str) -> str:
    """Key of the last word of a name (its surname)."""
    return cached_name_key(name.rsplit(" ", 1)[-1])


def _indefinite(word: str) -> bool:
    """Whether a word carries the indefinite ‌ای on a stem not ending in ه ("قوی‌ای"), unlike "رایانه‌ای"."""
    stem, sep, suffix = word.rpartition("\u200c")
    return bool(sep) and suffix == "ای" and not stem.endswith("ه")


def find_mentions(text: str, tokens: list[Token], sentences: list[Sentence], lex: Lexicon) -> Mentions:
    """All mentions of one article."""
    return MentionFinder(text, tokens, sentences, lex).run()
