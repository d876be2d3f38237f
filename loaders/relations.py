"""Relations read from one article's mentions: positions, places, visits, meetings, project roles, with evidence.

Each rule names itself in the evidence's `extractor`. Position holders come from appositions ("NAME، TITLE",
"TITLE NAME", "TITLE، NAME") or from a title-led sentence followed by a sentence opening with a new name
("استاندار X گفت ... . NAME با اشاره به ..."). A title alone, a surname alone, وی / او point back to the person
already introduced and never create one.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from loaders.entities import (CITY_WORDS, COMMA, KEY_AZ, KEY_DAR, KEY_OSTAN, KEY_RA, KEY_VA, KEY_YEKI, Found, Mentions,
                              TitleMention)
from loaders.lexicon import Lexicon, cached_name_key
from loaders.relation_patterns import read_patterns

KEY_BE = cached_name_key("به")
KEY_BA = cached_name_key("با")
KEY_KE = cached_name_key("که")
KEY_REPORT = cached_name_key("گزارش")
KEY_CHAIR = cached_name_key("ریاست")
LEAD_WINDOW = 2
MEET_WINDOW = 14
VISIT_WINDOW = 20
SUBJECT_GAP = 3
CHAIR_WINDOW = 6
PLACE_WINDOW = 10
FRONTED_WINDOW = 5
MAX_AGENTS = 8
DATELINE_TOKENS = 6
DASHES = {"-", "–", "—"}


@dataclass
class Fact:
    """A relation between two entity keys, with the sentence it was read from (and any other sentence it needs, such
    as the one naming the holder of a title), and the rule that read it."""

    type: str
    source: tuple
    target: tuple
    sentence: int
    extractor: str
    confidence: float
    properties: dict = field(default_factory=dict)
    also: list[int] = field(default_factory=list)


class RelationReader:
    """Applies the relation rules to one article's mentions; `keys` maps a mention (by id()) to its entity key."""

    def __init__(self, mentions: Mentions, keys: dict[int, tuple], lex: Lexicon) -> None:
        self.m = mentions
        self.tokens = mentions.tokens
        self.tk = [t.key for t in mentions.tokens]
        self.keys = keys
        self.lex = lex
        self.owner = mentions.owner
        self.facts: list[Fact] = []
        self.holder_of: dict[tuple, tuple] = {}

    # --- helpers ----------------------------------------------------------------------------------------
    def key_of(self, found: Found | None) -> tuple | None:
        """The entity key of a mention."""
        return self.keys.get(id(found)) if found is not None else None

    def found_at(self, i: int) -> Found | None:
        """The mention owning token i, if any."""
        return self.owner[i] if 0 <= i < len(self.owner) else None

    def starting_at(self, i: int, type_: str | None = None) -> Found | None:
        """The mention (of a type) that starts at token i."""
        found = self.found_at(i)
        if found is not None and found.start == i and (type_ is None or found.type == type_):
            return found
        return None

    def ending_at(self, i: int, type_: str) -> Found | None:
        """The mention of a type that ends right before token i."""
        found = self.found_at(i - 1)
        if found is not None and found.end == i and found.type == type_:
            return found
        return None

    def positions_of(self, keys: set[str]) -> list[int]:
        """The positions of the tokens whose key is one of these, in order."""
        by_key = self.m.key_positions.by_key
        return sorted(i for key in by_key.keys() & keys for i in by_key[key])

    def sent(self, i: int) -> int:
        """Sentence index of token i."""
        return self.tokens[i].sentence

    def add(self, type_: str, source: tuple | None, target: tuple | None, sentence: int, extractor: str,
            confidence: float, **props) -> None:
        """Record a fact unless an endpoint is missing or both are the same."""
        if source is None or target is None or source == target:
            return
        self.facts.append(Fact(type_, source, target, sentence, extractor, confidence, props))

    def subject_start(self, i: int) -> int:
        """Where the subject of the sentence of token i begins: after "به گزارش X،"، a dateline ("کرمان- ایرنا-") and
        clause breaks before i."""
        s = self.sent(i)
        start = self._sentence_starts[s]
        k = start
        if k + 1 < len(self.tokens) and self.tk[k] == KEY_BE and self.tk[k + 1] == KEY_REPORT:
            while k < len(self.tokens) and self.sent(k) == s and self.tokens[k].text not in COMMA:
                k += 1
            start = k + 1
        dated = self.after_dateline(start)
        if dated <= i:
            start = dated
        for j in range(start, i):
            if self.tokens[j].text in self.lex.clause_breaks:
                start = j + 1
        return start

    def after_dateline(self, start: int) -> int:
        """"مشهد- ایرنا- شهردار مشهد ..."، "بندرعباس - استاندار ...": the token after a dateline (a place, and maybe an
        agency, each closed by a dash) opening a sentence at `start`, else start."""
        s = self.sent(start)
        dashes = [k for k in range(start, min(len(self.tokens), start + DATELINE_TOKENS))
                  if self.tokens[k].text in DASHES and self.sent(k) == s]
        if dashes and dashes[-1] + 1 < len(self.tokens) and self.sent(dashes[-1] + 1) == s and \
                all(self.tk[k] for k in range(start, dashes[-1]) if k not in dashes):
            return dashes[-1] + 1
        return start

    # --- people in positions ----------------------------------------------------------------------------
    def person_key_at(self, i: int) -> tuple | None:
        """The person a token stands for: a name, a pronoun (last person before it), a title with a known holder."""
        found = self.found_at(i)
        if found is not None and found.type == "Person":
            return self.key_of(found)
        if self.tk[i] in self.lex.pronouns:
            return self.last_person_before(i)
        title = self.title_at.get(i)
        if title is not None:
            return self.title_person(title)
        return None

    def last_person_before(self, i: int) -> tuple | None:
        """The last person named (or titled with a known holder) before token i."""
        for j in range(i - 1, -1, -1):
            found = self.found_at(j)
            if found is not None and found.type == "Person":
                return self.key_of(found)
            title = self.title_at.get(j)
            if title is not None and self.title_person(title):
                return self.title_person(title)
        return None

    def title_person(self, title: TitleMention) -> tuple | None:
        """The person a title stands for: its holder, or whoever holds that post in the article."""
        if title.holder is not None:
            return self.key_of(title.holder)
        org = self.title_org_key(title)
        return self.holder_of.get((org, title.role)) or self.holder_of.get((org, _rank(title.role)))

    def title_org_key(self, title: TitleMention) -> tuple | None:
        """The organisation a title names; for a bare "استاندار" the article's governorate."""
        if title.org is not None and title.org.name:
            return self.key_of(title.org)
        if title.template == "anaphor":
            anaphor = self._anaphor_at.get(title.end - 2)
            return self.resolve_anaphor(anaphor) if anaphor is not None else None
        if title.template == "{head}" and title.kind:
            bodies = {self.key_of(f) for f in self.m.found if f.type == "Organization" and f.kind == title.kind}
            return bodies.pop() if len(bodies) == 1 else None
        if title.template and "{place}" in title.template:
            prefix = cached_name_key(title.template.split("{place}")[0])
            for found in self.m.found:
                if found.type == "Organization" and cached_name_key(found.name).startswith(prefix) and found.place \
                        and self.key_of(found):
                    return self.key_of(found)
        return None

    def read_positions(self) -> None:
        """HOLDS_POSITION from appositions, title-name sequences and title-led sentences."""
        titles = self.m.titles
        for t in titles:
            t.holder = self.apposed_person(t)
            if t.holder is not None:
                t.extractor = "title-apposition"
        for a, b in zip(titles, titles[1:], strict=False):
            if b.start == a.end + 1 and self.tk[a.end] == KEY_VA:
                if a.holder is None and b.holder is not None:
                    a.holder, a.extractor = b.holder, b.extractor
                elif b.holder is None and a.holder is not None:
                    b.holder, b.extractor = a.holder, a.extractor
        self.lead_titles()
        self.sole_candidate_titles()
        for t in titles:
            org = self.title_org_key(t)
            if t.holder is not None and org is not None:
                person = self.key_of(t.holder)
                self.holder_of.setdefault((org, t.role), person)
                self.holder_of.setdefault((org, _rank(t.role)), person)
        for t in titles:
            org = self.title_org_key(t)
            if t.holder is None or org is None:
                continue
            confidence = {"title-apposition": 0.9, "title-lead": 0.6, "title-sole-candidate": 0.5}.get(t.extractor, 0.5)
            self.add("HOLDS_POSITION", self.key_of(t.holder), org, self.sent(t.start), t.extractor or "title",
                     confidence, role=t.role)
            if self.sent(t.holder.start) != self.sent(t.start) and self.facts:
                self.facts[-1].also.append(self.sent(t.holder.start))

    def read_chairs(self) -> None:
        """"جلسه ORG به ریاست NAME|TITLE": the person chairing holds the chair's role at the body written before."""
        last = len(self.tokens) - 3
        for i in self.positions_of({first for first, *_ in self.lex.chair_phrases}):
            role = self.lex.chair_phrases.get((self.tk[i], self.tk[i + 1])) if i <= last else None
            if role is None:
                continue
            person = self.person_key_at(i + 2)
            if person is None and i + 1 in self.title_at:
                person = self.title_person(self.title_at[i + 1])
            body = None
            for j in range(i - 1, max(-1, i - CHAIR_WINDOW), -1):
                if self.sent(j) != self.sent(i) or self.lex.is_verb(self.tokens[j].text) or self.tk[j] == KEY_KE:
                    break
                found = self.found_at(j)
                if found is not None and found.type == "Organization" and found.kind != "news_agency":
                    body = self.key_of(found)
                    break
            self.add("HOLDS_POSITION", person, body, self.sent(i), "chaired-by", 0.7, role=role)

    def apposed_person(self, t: TitleMention) -> Found | None:
        """The person written right next to a title: "NAME، TITLE", "NAME TITLE", "TITLE NAME", "TITLE، NAME"."""
        before = self.ending_at(t.start, "Person")
        if before is None and t.start >= 1 and self.tokens[t.start - 1].text in COMMA:
            before = self.ending_at(t.start - 1, "Person")
        for width, phrase in self.lex.as_phrases:
            if before is None and t.start > width and tuple(self.tk[t.start - width:t.start]) == phrase:
                before = self.ending_at(t.start - width, "Person")
        after = self.starting_at(t.end, "Person")
        if after is None and t.end < len(self.tokens) and self.tokens[t.end].text in COMMA:
            after = self.starting_at(t.end + 1, "Person")
        for person in (before, after):
            if person is not None and self.sent(person.start) == self.sent(t.start):
                return person
        return None

    def lead_titles(self) -> None:
        """Titles heading a sentence without a name: the person the text was just about (if they hold no post at that
        organisation yet), else the person who opens one of the next sentences with a new name ("استاندار X گفت ...
        . NAME با اشاره به ...")."""
        seen_people: set = set()
        posts: dict = {}
        taken: set = set()
        for t in self.m.titles:
            if t.holder is not None:
                self.note_post(t, posts, taken)
        pending: TitleMention | None = None
        pending_presence = False
        same_post: list[TitleMention] = []
        recent: tuple | None = None
        recent_sentence = -10
        first_title = {t.start: t for t in self.m.titles}
        for s, start in enumerate(self._sentence_starts):
            if start is None:
                continue
            if pending is not None and s - self.sent(pending.start) > LEAD_WINDOW:
                pending, same_post = None, []
            subject = self.after_fronted_phrase(self.after_dateline(self.subject_start(start)))
            opener, attributed = None, False
            if subject < len(self.tokens) and self.sent(subject) == s:
                lead = self.after_time_phrase(subject)
                attributed = self.after_attribution(lead) != lead
                opener = self.starting_at(self.after_attribution(lead), "Person")
            if pending is not None and opener is not None and self.key_of(opener) not in seen_people and \
                    not any(t.holder is opener for t in self.m.titles) and \
                    (attributed or not self.described_otherwise(opener)) and not self.coordinated(opener):
                post = (self.title_org_key(pending), _rank(pending.role))
                earlier = [t for t in self.m.titles if t.start < pending.start and t.holder is None and
                           (self.title_org_key(t), _rank(t.role)) == post]
                for t in (pending, *same_post, *earlier):
                    t.holder, t.extractor = opener, "title-lead"
                self.share_chain(pending, related_only=pending_presence)
                for t in earlier:
                    self.share_chain(t, related_only=True)
                self.note_post(pending, posts, taken)
                pending, same_post = None, []
            title = first_title.get(subject) if subject < len(self.tokens) else None
            if title is not None and title.holder is None and (title.org is not None or title.template):
                org = self.title_org_key(title)
                if (org, title.role) not in taken and org not in taken:
                    if recent is not None and s - recent_sentence <= LEAD_WINDOW and \
                            self.may_also_hold(recent, org, posts) and not self.marks_new_actor(title.end):
                        title.holder, title.extractor = self.person_found(recent), "title-back"
                        self.share_chain(title)
                        self.note_post(title, posts, taken)
                    elif pending is not None and self.title_org_key(pending) == org:
                        same_post.append(title)
                    else:
                        pending, pending_presence, same_post = title, False, []
            presence = self.presence_title(s) if title is None and pending is None else None
            if presence is not None:
                org = self.title_org_key(presence)
                if org is not None and (org, presence.role) not in taken and org not in taken:
                    pending, pending_presence, same_post = presence, True, []
            for found in self.owner[start:self._sentence_ends[s]]:
                if found is not None and found.type == "Person":
                    seen_people.add(self.key_of(found))
            if subject < len(self.tokens) and self.sent(subject) == s:
                person = self.person_key_at(subject)
                if person is not None:
                    recent, recent_sentence = person, s

    def coordinated(self, person: Found) -> bool:
        """"NAME و NAME2 ..." / "NAME، NAME2 و ...": a person written in a list of people, one of several subjects."""
        k = person.end
        if k + 1 >= len(self.tokens) or self.sent(k + 1) != self.sent(person.start):
            return False
        return (self.tk[k] == KEY_VA or self.tokens[k].text in COMMA) and self.starting_at(k + 1, "Person") is not None

    def presence_title(self, s: int) -> TitleMention | None:
        """"... با حضور TITLE [و TITLE] برگزار شد": the first title without a holder written right after a presence
        phrase in sentence s (its holder may open one of the next sentences by name)."""
        by_first = self.lex.presence_phrases
        for k in range(self._sentence_starts[s], self._sentence_ends[s]):
            for phrase in by_first.get(self.tk[k], ()):
                end = k + len(phrase)
                title = self.title_at.get(end) or self.title_at.get(end - 1)
                if tuple(self.tk[k:end]) == phrase and title is not None and title.holder is None and \
                        not self.chained_to_previous(title):
                    return title
        return None

    def after_fronted_phrase(self, k: int) -> int:
        """"در ادامه مراسم، TITLE ...": the token after a short fronted phrase and its comma opening a sentence at k
        (no verb but a meeting noun such as "نشست", no mention or title inside it), else k."""
        if k >= len(self.tokens) or self.tk[k] not in self.lex.fronted_openers:
            return k
        s = self.sent(k)
        for j in range(k + 1, min(len(self.tokens), k + 1 + FRONTED_WINDOW)):
            verb = self.lex.is_verb(self.tokens[j].text) and self.tk[j] not in self.lex.meeting_words
            if self.sent(j) != s or verb or self.found_at(j) is not None or j in self.title_at or \
                    self.tokens[j].text in self.lex.clause_breaks or self.tk[j] == KEY_KE:
                return k
            if self.tokens[j].text in COMMA:
                return j + 1 if j + 1 < len(self.tokens) and self.sent(j + 1) == s else k
        return k

    def after_attribution(self, k: int) -> int:
        """"به گفته NAME، ...": the token after an attribution phrase opening a clause at k, else k."""
        for phrase in self.lex.attribution_openers.get(self.tk[k], ()) if k < len(self.tk) else ():
            if tuple(self.tk[k:k + len(phrase)]) == phrase and k + len(phrase) < len(self.tokens) and \
                    self.sent(k + len(phrase)) == self.sent(k):
                return k + len(phrase)
        return k

    def after_time_phrase(self, k: int) -> int:
        """The token after a short time phrase opening a clause at k ("روز دوشنبه ..."), else k."""
        j = k
        while j < len(self.tokens) and j - k < 3 and self.sent(j) == self.sent(k) and \
                self.tk[j] in self.lex.time_openers and self.found_at(j) is None:
            j += 1
        return j if j < len(self.tokens) and self.sent(j) == self.sent(k) else k

    def sole_candidate_titles(self) -> None:
        """A title heading a clause with no holder, when the article names exactly one person without a post who opens
        a clause somewhere, and no other such title is open: that person holds it ("وزیر ... وارد استان سمنان شد" ...
        "سید ستار هاشمی در این سفر ..."). With two candidates, or two open titles, nobody is guessed."""
        open_titles = [t for t in self.m.titles if t.holder is None and self.subject_start(t.start) == t.start
                       and not self.marks_new_actor(t.end) and not self.chained_to_previous(t)]
        orgs = {self.title_org_key(t) for t in open_titles} - {None}
        if len(orgs) != 1:
            return
        org = orgs.pop()
        if any(self.title_org_key(t) == org for t in self.m.titles if t.holder is not None):
            return
        titled = {self.key_of(t.holder) for t in self.m.titles if t.holder is not None}
        described = {self.key_of(f) for f in self.m.found if f.type == "Person" and self.described_otherwise(f)}
        candidates = {self.key_of(f) for f in self.m.found if f.type == "Person" and self.at_clause_start(f.start)}
        candidates -= described
        people = {self.key_of(f) for f in self.m.found if f.type == "Person"}
        if len(people - titled) != 1 or len(candidates - titled) != 1:
            return
        person = self.person_found(next(iter(candidates - titled)))
        for t in open_titles:
            if self.title_org_key(t) == org:
                t.holder, t.extractor = person, "title-sole-candidate"
                self.share_chain(t)

    def described_otherwise(self, person: Found) -> bool:
        """"NAME، یکی از اهالی روستا، ...": a person described by an apposition that is not a title (nor a time or a
        fronted phrase: "NAME، روز دوشنبه در نشست خبری افزود")."""
        k = person.end
        return k + 1 < len(self.tokens) and self.tokens[k].text in COMMA and self.sent(k + 1) == self.sent(k) and \
            k + 1 not in self.title_at and self.found_at(k + 1) is None and bool(self.tk[k + 1]) and \
            not self.lex.is_verb(self.tokens[k + 1].text) and \
            self.tk[k + 1] not in self.lex.time_openers and self.tk[k + 1] not in self.lex.fronted_openers

    def at_clause_start(self, i: int) -> bool:
        """Whether token i opens its clause: the subject position, or right after a comma."""
        return self.subject_start(i) == i or (i > 0 and self.tokens[i - 1].text in COMMA)

    def chained_to_previous(self, t: TitleMention) -> bool:
        """Whether a title follows another one after "و" ("معاون وزیر و رئیس سازمان ..."): it shares that holder."""
        return t.start >= 2 and self.tk[t.start - 1] == KEY_VA and any(o.end == t.start - 1 for o in self.m.titles)

    def may_also_hold(self, person: tuple, org: tuple, posts: dict) -> bool:
        """Whether a title may be one more post of this person: they hold none yet, or one in a parent or child body."""
        held = posts.get(person, set())
        if not held:
            return True
        if org in held:
            return False
        return any(self._parent.get(h) == org or self._parent.get(org) == h for h in held)

    def marks_new_actor(self, j: int) -> bool:
        """"نیز" / "هم" right after a title: "also", a different person from the one before."""
        return j < len(self.tokens) and self.tk[j] in self.lex.new_actor_words

    def note_post(self, t: TitleMention, posts: dict, taken: set) -> None:
        """Remember that the title's holder has a post at its organisation."""
        org = self.title_org_key(t)
        if org is None or t.holder is None:
            return
        posts.setdefault(self.key_of(t.holder), set()).add(org)
        taken.add((org, t.role))

    def share_chain(self, t: TitleMention, related_only: bool = False) -> None:
        """Titles joined by "و" ("معاون وزیر ... و رئیس سازمان ...") share their holder; `related_only` when the titles
        may be two people ("با حضور معاون رئیس‌جمهور و رئیس دانشگاه"): only a title at a parent or child body."""
        titles = self.m.titles
        k = titles.index(t)
        org = self.title_org_key(t)
        while k + 1 < len(titles) and titles[k + 1].start == titles[k].end + 1 and self.tk[titles[k].end] == KEY_VA:
            other = self.title_org_key(titles[k + 1])
            if related_only and (org is None or other is None or
                                 (self._parent.get(other) != org and self._parent.get(org) != other)):
                return
            if titles[k + 1].holder is None:
                titles[k + 1].holder, titles[k + 1].extractor = t.holder, t.extractor
            k += 1

    def person_found(self, key: tuple) -> Found | None:
        """A mention of the person with this key."""
        return next((f for f in self.m.found if f.type == "Person" and self.key_of(f) == key), None)

    # --- places -----------------------------------------------------------------------------------------
    def read_places(self, province_keys: dict[str, tuple]) -> None:
        """LOCATED_IN from a place in the name (or a city's province, from the gazetteer); PART_OF from a unit named
        inside its parent ("دفتر فناوری اطلاعات استانداری یزد") or from the gazetteers."""
        named = {self.key_of(f): f for f in self.m.found}
        org_by_name = {cached_name_key(f.name): self.key_of(f) for f in self.m.found if f.type == "Organization"}
        for found in self.m.found:
            key = self.key_of(found)
            if found.type in ("Organization", "Project") and found.place and found.place in province_keys:
                extractor = "gazetteer" if found.place_from_city else "name-place"
                self.add("LOCATED_IN", key, province_keys[found.place], self.sent(found.start), extractor, 0.9)
            if found.type == "Organization" and found.parent is not None:
                self.add("PART_OF", key, self.key_of(found.parent), self.sent(found.start), "unit-of", 0.9)
            elif found.type == "Organization" and found.part_of:
                parent = org_by_name.get(cached_name_key(found.part_of))
                if parent is not None and parent in named:
                    self.add("PART_OF", key, parent, self.sent(found.start), "gazetteer", 1.0)

    # --- visits and meetings ----------------------------------------------------------------------------
    def read_visits(self) -> None:
        """VISITED: "سفر [NAME] به X", "به X سفر کرد", "در سفر ... به X" with the visitor as subject."""
        for i in self.positions_of(self.lex.visit_words):
            key = self.tk[i]
            if i and self.tk[i - 1] in self.lex.demonstratives:
                continue
            if key in self.lex.visit_with_be_next and (i + 1 >= len(self.tokens) or self.tk[i + 1] != KEY_BE):
                continue
            province, where = self.destination_after(i)
            if province is None:
                province, where = self.destination_before(i)
            if province is None:
                continue
            visitor = None
            for j in range(i + 1, where):
                found = self.found_at(j)
                if found is not None and found.type == "Person":
                    visitor = self.key_of(found)
                    break
            visitor = visitor or self.subject_person(i) or self.fronted_subject(i, set())
            self.add("VISITED", visitor, province, self.sent(i), "visit-trigger", 0.7)

    def read_arrivals(self) -> None:
        """VISITED: "[SUBJECT] وارد استان X شد" and "[SUBJECT] با استقبال استاندار X ..." (the host's province)."""
        for i in self.positions_of(self.lex.arrive_words | self.lex.welcome_words):
            key = self.tk[i]
            province = None
            if key in self.lex.arrive_words:
                province = self.province_ref(i + 1)
                end = self.province_end(i + 1)
                if province is None or end >= len(self.tokens) or not self.lex.is_verb(self.tokens[end].text) or \
                        self.lex.is_negated_verb(self.tokens[end].text):
                    continue
                extractor = "arrival"
            elif key in self.lex.welcome_words and i + 1 < len(self.tokens):
                title = self.title_at.get(i + 1)
                place = title.org.place if title is not None and title.org is not None else None
                province = self.province_keys.get(place) if place else None
                extractor = "welcomed-by"
            if province is None:
                continue
            visitor = self.subject_person(i)
            host = self.title_person(self.title_at[i + 1]) if extractor == "welcomed-by" else None
            if visitor != host:
                self.add("VISITED", visitor, province, self.sent(i), extractor, 0.7)

    def province_end(self, j: int) -> int:
        """The token after a province reference starting at j ("استان X", "X", "این استان", a city)."""
        found = self.starting_at(j, "Province") or self.province_found_at(j)
        if found is not None:
            return found.end
        if j + 1 < len(self.tokens) and self.tk[j] in self.lex.demonstratives and self.tk[j + 1] == KEY_OSTAN:
            return j + 2
        start = j + 1 if self.tk[j] in CITY_WORDS else j
        city = self.lex.places.longest(self.tk, start)
        return city[0] if city is not None else j + 1

    def destination_after(self, i: int) -> tuple[tuple | None, int]:
        """The province after "به" that follows a visit word: (province key, index of به)."""
        s = self.sent(i)
        for j in range(i + 1, min(len(self.tokens), i + VISIT_WINDOW)):
            if self.sent(j) != s or self.tokens[j].text in self.lex.clause_breaks:
                break
            if self.tk[j] in self.lex.visit_words:
                break
            if self.tk[j] == KEY_BE:
                return self.province_ref(j + 1), j
        return None, i

    def destination_before(self, i: int) -> tuple[tuple | None, int]:
        """The province in "به X" just before a visit word ("به X سفر کرد")."""
        for j in range(i - 1, max(-1, i - 5), -1):
            if self.sent(j) != self.sent(i):
                break
            if self.tk[j] == KEY_BE:
                return self.province_ref(j + 1), j
        return None, i

    def province_ref(self, j: int) -> tuple | None:
        """A province written at token j ("استان X", "X") or "این استان" (the last province named before)."""
        if not 0 <= j < len(self.tokens):
            return None
        found = self.starting_at(j, "Province") or self.province_found_at(j)
        if found is not None:
            return self.key_of(found)
        if j + 1 < len(self.tokens) and self.tk[j] in self.lex.demonstratives and self.tk[j + 1] == KEY_OSTAN:
            for f in reversed(self._by_position):
                if f.type == "Province" and f.start < j:
                    return self.key_of(f)
            return None
        city = self.lex.places.longest(self.tk, j + 1 if self.tk[j] in CITY_WORDS else j)
        if city is not None and city[1].city is not None:
            province = city[1].province
            if province not in self.province_keys:
                self.province_keys[province] = ("Province", cached_name_key(province))
            return self.province_keys[province]
        return None

    def province_found_at(self, j: int) -> Found | None:
        """The province mention starting at token j."""
        return self._province_start.get(j)

    def subject_person(self, i: int) -> tuple | None:
        """The person the clause of token i is about: its first person, pronoun or titled holder before i."""
        start = self.subject_start(i)
        ke = next((j for j in range(start, i) if self.tk[j] == KEY_KE), None)
        if ke is not None:
            return self.relative_head(start, ke)
        for j in range(start, i):
            person = self.person_key_at(j)
            if person is not None:
                return person
        return None

    def fronted_subject(self, i: int, partners: set) -> tuple | None:
        """"در سفر به X، NAME ..."، "در دیدار با Y، استاندار Z، NAME ...": the subject after a fronted phrase holding
        token i, the first person opening a clause after a comma who is not one of the partners."""
        start = self.subject_start(i)
        if self.tk[start] not in self.lex.fronted_openers or i - start > SUBJECT_GAP:
            return None
        s = self.sent(i)
        for k in range(i + 1, self._sentence_ends[s] - 1):
            if self.tokens[k].text in self.lex.clause_breaks or self.tk[k] == KEY_KE or \
                    self.lex.is_verb(self.tokens[k].text):
                return None
            if self.tokens[k].text not in COMMA:
                continue
            person = self.person_key_at(k + 1) if self.tk[k + 1] not in self.lex.pronouns else None
            if person is None or person not in partners:
                return person
        return None

    def relative_head(self, start: int, ke: int) -> tuple | None:
        """"NAME|TITLE که ...": the person a relative clause opening the sentence is about, when "که" follows them."""
        end = ke - 1 if ke > start and self.tokens[ke - 1].text in COMMA else ke
        title = next((t for t in self.m.titles if t.end == end and (t.start == start or t.holder is not None
                                                                    and t.holder.start == start)), None)
        if title is not None:
            return self.title_person(title)
        person = self.ending_at(end, "Person")
        if person is not None and person.start == start:
            return self.key_of(person)
        return None

    def read_meetings(self) -> None:
        """MET_WITH: "[در] دیدار [...] با X، Y و Z" and "با X دیدار کرد", the subject meeting each of them."""
        for i in self.positions_of(self.lex.meet_words):
            partners = self.partners_after(i)
            at = i
            if not partners:
                partners, at = self.partners_before(i)
            if not partners:
                self.mutual_meeting(i)
                continue
            subject = self.host_before_ba(i) or self.subject_person(at) or self.fronted_subject(i, set(partners))
            for partner in partners:
                if partner != subject:
                    self.add("MET_WITH", subject, partner, self.sent(i), "meeting-trigger", 0.7)

    def host_before_ba(self, i: int) -> tuple | None:
        """"نشست مشترک استاندار X با ...": the person named between the meeting word and its "با"."""
        s = self.sent(i)
        for j in range(i + 1, min(len(self.tokens), i + 5)):
            if self.sent(j) != s or self.tk[j] == KEY_BA or self.tokens[j].text in COMMA:
                return None
            person = self.person_key_at(j) if self.tk[j] not in self.lex.pronouns else None
            if person is not None:
                return person
        return None

    def mutual_meeting(self, i: int) -> None:
        """"A و B [...] دیدار و گفت‌وگو کردند": the people of the clause before a plural meeting verb met each other."""
        verb = next((j for j in range(i + 1, self._sentence_ends[self.sent(i)]) if self.lex.is_verb(self.tokens[j].text)
                     or self.tokens[j].text in self.lex.clause_breaks), None)
        if verb is not None and not self.lex.is_verb(self.tokens[verb].text):
            return
        if verb is None or not self.tokens[verb].text.endswith(tuple(self.lex.plural_endings)) or \
                any(self.tk[j] == KEY_BA for j in range(i + 1, verb)):
            return
        start = self.subject_start(i)
        people: list[tuple] = []
        for j in range(start, i):
            if self.tk[j] == KEY_BA or self.tk[j] == KEY_KE:
                return
            found = self.found_at(j)
            if found is not None and found.type == "Person" and found.start == j:
                people.append(self.key_of(found))
        people = [p for p in dict.fromkeys(people) if p is not None]
        if len(people) < 2:
            return
        for partner in people[1:]:
            self.add("MET_WITH", people[0], partner, self.sent(i), "mutual-meeting", 0.7)

    def partners_before(self, i: int) -> tuple[list[tuple], int]:
        """"SUBJECT با X [و Y] دیدار کرد": the partners between "با" and the trigger; (partners, index of با)."""
        if i + 1 >= len(self.tokens) or not (self.lex.is_verb(self.tokens[i + 1].text) or self.tk[i + 1] == KEY_VA):
            return [], i
        s = self.sent(i)
        for j in range(i - 1, max(-1, i - MEET_WINDOW), -1):
            if self.sent(j) != s or self.tokens[j].text in self.lex.clause_breaks or self.tk[j] == KEY_KE:
                break
            if self.tk[j] == KEY_BA:
                partners = [p for p in self.partners_after(j - 1, stop=i) if p is not None]
                return partners, j
        return [], i

    def partners_after(self, i: int, stop: int | None = None) -> list[tuple]:
        """Persons and organisations listed after the "با" that follows token i (up to token `stop`)."""
        s = self.sent(i)
        j = i + 1
        while j < min(len(self.tokens), i + 5) and self.sent(j) == s and self.tk[j] != KEY_BA:
            if self.tokens[j].text in self.lex.clause_breaks or self.tk[j] == KEY_KE:
                return []
            j += 1
        if j >= len(self.tokens) or self.tk[j] != KEY_BA:
            return []
        partners: list[tuple] = []
        gap = 0
        k = j + 1
        limit = min(len(self.tokens), j + MEET_WINDOW, stop if stop is not None else len(self.tokens))
        while k < limit and self.sent(k) == s:
            tok = self.tokens[k]
            if tok.text in self.lex.clause_breaks or self.lex.is_verb(tok.text) or self.tk[k] in (KEY_KE, KEY_DAR):
                break
            title = self.title_at.get(k)
            found = self.found_at(k)
            if title is not None:
                person = self.title_person(title)
                apposed = bool(partners) and person is not None and partners[-1] == person
                partners.append(person or self.title_org_key(title))
                k = max(title.end, k + 1)
                gap = 0
                if title.holder is not None and title.holder.start >= k - 1:
                    k = max(k, title.holder.end)
                if apposed and k + 1 < len(self.tokens) and self.tokens[k].text in COMMA and self.tk[k + 1] != KEY_VA:
                    break
                continue
            if found is not None and found.type in ("Person", "Organization") and found.start == k:
                partners.append(self.key_of(found))
                k, gap = found.end, 0
                continue
            if tok.text in COMMA or self.tk[k] == KEY_VA:
                k += 1
                continue
            gap += 1
            if gap > 3 or partners and gap == 1 and not (self.tokens[k - 1].text in COMMA or self.tk[k - 1] == KEY_VA):
                break
            k += 1
        return [p for p in dict.fromkeys(partners) if p is not None]

    def read_meeting_places(self, province_keys: dict[str, tuple]) -> None:
        """"[استاندار X | NAME] در جلسه COUNCIL": a council meeting led by a provincial official is in that province."""
        place_of = {self.key_of(f): f.place for f in self.m.found if f.type == "Organization" and f.place}
        posts = {}
        for fact in self.facts:
            if fact.type == "HOLDS_POSITION" and place_of.get(fact.target):
                posts.setdefault(fact.source, place_of[fact.target])
        for i in self.positions_of(self.lex.meeting_words):
            if i + 1 >= len(self.tokens):
                continue
            council = self.starting_at(i + 1, "Organization")
            if council is None or council.place or council.kind != "council" or council.entry is not None:
                continue
            person = self.subject_person(i)
            province = posts.get(person)
            if province in province_keys:
                self.add("LOCATED_IN", self.key_of(council), province_keys[province], self.sent(i),
                         "meeting-place", 0.6)

    # --- organisations and projects ---------------------------------------------------------------------
    def read_project_roles(self) -> None:
        """RESPONSIBLE_FOR / PARTICIPATES_IN / SUPPORTS from trigger words and the sentence shapes around them."""
        phrase_ends = {phrase[-1] for phrase in self.lex.agent_phrases if phrase}
        for i in self.positions_of(phrase_ends | self.lex.relation_words.keys()):
            key = self.tk[i]
            phrase_rel = self.lex.agent_phrases.get((self.tk[i - 1], key)) if i and key in phrase_ends else None
            if phrase_rel is not None:
                self.agent_after_trigger(i, phrase_rel)
            rel = self.lex.relation_words.get(key)
            if rel is None:
                continue
            if key in self.lex.agent_after:
                self.agent_after_trigger(i, rel)
            if key in self.lex.belongs_to:
                self.belongs_to(i)
            elif key in self.lex.agent_before:
                self.agent_before_trigger(i, rel)
            elif rel == "RESPONSIBLE_FOR":
                self.object_before_trigger(i)
            if i + 1 < len(self.tokens) and self.lex.is_verb(self.tokens[i + 1].text) and key not in self.lex.belongs_to \
                    and not self.lex.is_negated_verb(self.tokens[i + 1].text):
                self.subject_trigger_verb(i, rel)
        self.pilot_places()
        self.project_places()
        self.read_project_people()

    def project_places(self) -> None:
        """"PROJECT در [۳۵۰ روستای] استان X آغاز شد": a project opening its clause is carried out in the provinces
        written after "در" before the clause's verb."""
        for found in self.m.found:
            if found.type != "Project" or not self.at_clause_start(found.start):
                continue
            s = self.sent(found.start)
            j = found.end
            while j < len(self.tokens) and self.sent(j) == s and j - found.end < PLACE_WINDOW:
                tok = self.tokens[j]
                other = self.found_at(j)
                if tok.text in self.lex.clause_breaks or self.tk[j] == KEY_KE or self.lex.is_verb(tok.text) or \
                        other is not None and other.type != "Province" and other is not found and \
                        self.key_of(other) != self.key_of(found):
                    break
                if self.tk[j] == KEY_DAR:
                    for k in range(j + 1, min(len(self.tokens), j + 4)):
                        province = self.province_found_at(k)
                        if province is not None and self.sent(k) == s:
                            self.add("LOCATED_IN", self.key_of(found), self.key_of(province), s, "project-in-place",
                                     0.6)
                            break
                j += 1

    def read_project_people(self) -> None:
        """"NAME، مدیر این پروژه" / "مجری طرح X، NAME" / "دبیر همایش X NAME": the person is responsible for it."""
        role_starts = {phrase[0] for phrase in self.lex.project_roles if phrase}
        for i in self.positions_of(role_starts):
            for width in (2, 1):
                if i + width > len(self.tokens) or tuple(self.tk[i:i + width]) not in self.lex.project_roles:
                    continue
                project, end = self.project_ref(i + width)
                if project is None:
                    project, end = self.bare_head_project(i + width)
                if project is None:
                    continue
                person = self.ending_at(i, "Person")
                if person is None and i and self.tokens[i - 1].text in COMMA:
                    person = self.ending_at(i - 1, "Person")
                if person is None:
                    person = self.starting_at(end, "Person")
                if person is None and end < len(self.tokens) and self.tokens[end].text in COMMA:
                    person = self.starting_at(end + 1, "Person")
                if person is not None and self.sent(person.start) == self.sent(i):
                    self.add("RESPONSIBLE_FOR", self.key_of(person), project, self.sent(i), "project-role", 0.7,
                             role=self.lex.project_roles[tuple(self.tk[i:i + width])])
                break

    def bare_head_project(self, k: int) -> tuple[tuple | None, int]:
        """"دبیر علمی همایش": a project head alone at token k stands for the last project of that head named before
        ("سومین همایش ملی ..."): (key, end)."""
        owner = self.found_at(k) if k < len(self.tokens) else None
        if k >= len(self.tokens) or owner is not None and owner.type != "Title" and owner.start <= k < owner.end:
            return None, k
        hit = self.lex.heads.longest(self.tk, k)
        if hit is None or hit[1].type != "Project":
            return None, k
        head = cached_name_key(hit[1].text)
        for found in reversed(self._by_position):
            if found.type == "Project" and found.end <= k and \
                    any(cached_name_key(n).startswith(head) for n in (found.name, *found.aliases)):
                return self.key_of(found), hit[0]
        return None, k

    def org_list(self, k: int) -> tuple[list[tuple], int]:
        """Organisations written as a list from token k ("[اپراتورهای] همراه اول، ایرانسل و رایتل"): (keys, end)."""
        orgs: list[tuple] = []
        if k + 1 < len(self.tokens) and self.tk[k] in self.lex.org_classifiers and self.org_ref(k + 1)[0] is not None:
            k += 1
        while k < len(self.tokens):
            org, end = self.org_ref(k)
            if org is None:
                break
            orgs.append(org)
            k = end
            if k + 1 < len(self.tokens) and (self.tokens[k].text in COMMA or self.tk[k] == KEY_VA) and \
                    self.org_ref(k + 1)[0] is not None:
                k += 1
                continue
            break
        return orgs, k

    def org_ref(self, k: int) -> tuple[tuple | None, int]:
        """An organisation at token k (a name, «a quoted name», or "این دانشگاه"): (key, end)."""
        found = self.starting_at(k, "Organization")
        if found is not None:
            return self.key_of(found), found.end
        quoted = self.starting_at(k + 1, "Organization") if k + 1 < len(self.tokens) and \
            self.tokens[k].text == "«" else None
        if quoted is not None and quoted.end < len(self.tokens) and self.tokens[quoted.end].text == "»":
            return self.key_of(quoted), quoted.end + 1
        anaphor = self._anaphor_at.get(k)
        if anaphor is not None and anaphor.type == "Organization":
            return self.resolve_anaphor(anaphor), anaphor.end
        return None, k

    def project_ref(self, k: int) -> tuple[tuple | None, int]:
        """A project at token k (a name, or "این طرح"): (key, end)."""
        found = self.found_at(k)
        if found is not None and found.type == "Project" and found.start <= k:
            return self.key_of(found), found.end
        anaphor = self._anaphor_at.get(k)
        if anaphor is not None and anaphor.type == "Project":
            return self.resolve_anaphor(anaphor), anaphor.end
        return None, k

    def resolve_anaphor(self, anaphor) -> tuple | None:
        """The last organisation with the same head word, or the last project with the same head word ("این طرح" ->
        the last "طرح ..."), else the last project, named before the anaphor."""
        last_project = None
        for found in reversed(self._by_position):
            if found.start >= anaphor.start or found.type != anaphor.type or \
                    anaphor.kind is not None and found.kind != anaphor.kind:
                continue
            if any(cached_name_key(n).startswith(anaphor.head) for n in (found.name, *found.aliases)):
                return self.key_of(found)
            if found.type == "Project" and last_project is None:
                last_project = self.key_of(found)
        return last_project

    def agent_after_trigger(self, i: int, rel: str) -> None:
        """"همکاری ORG [و ORG] در PROJECT", "اتصال ORG به PROJECT", "حمایت ORG از PROJECT", "ظرفیت ORG برای PROJECT"."""
        s = self.sent(i)
        agents: list[tuple] = []
        k = i + 1
        skipped = 0
        while k < len(self.tokens) and self.sent(k) == s and len(agents) < MAX_AGENTS:
            org, end = self.org_ref(k)
            if org is not None:
                agents.append(org)
                k = end
                continue
            if agents and self.tk[k] in self.lex.org_classifiers and self.tk[k - 1] == KEY_VA:
                k += 1
                continue
            if self.tk[k] == KEY_VA or self.tokens[k].text in COMMA or self.tokens[k].text in "()" or \
                    (not agents and skipped < 2 and self.tk[k] and self.tk[k] not in self.lex.stop_words):
                if not (self.tk[k] == KEY_VA or self.tokens[k].text in COMMA or self.tokens[k].text in "()"):
                    skipped += 1
                k += 1
                if k < len(self.tokens) and self.found_at(k - 1) is not None and self.found_at(k - 1).end > k:
                    k = self.found_at(k - 1).end
                continue
            break
        if not agents:
            return
        project = None
        for j in range(k, min(len(self.tokens), k + 12)):
            if self.sent(j) != s or self.tokens[j].text in self.lex.clause_breaks:
                break
            project, _ = self.project_ref(j)
            if project is not None:
                break
        if project is None:
            for j in range(i - 1, self.subject_start(i) - 1, -1):
                project, _ = self.project_ref(j)
                if project is not None:
                    if rel == "RESPONSIBLE_FOR" and j and self.tk[j - 1] in self.lex.funding_nouns:
                        return
                    break
        if project is None:
            return
        for agent in agents:
            self.add(rel, agent, project, s, f"trigger-{self.tokens[i].text}", 0.6)

    def belongs_to(self, i: int) -> None:
        """"PROJECT را یکی از برنامه‌های ... ORG دانست": the organisation is responsible for the project."""
        if i < 3 or self.tk[i - 1] != KEY_AZ or self.tk[i - 2] != KEY_YEKI or self.tk[i - 3] != KEY_RA:
            return
        project, _ = self.project_ref(i - 5 if self.tokens[i - 4].text == "»" else i - 4)
        if project is None:
            return
        s = self.sent(i)
        for k in range(i + 1, min(len(self.tokens), i + 8)):
            if self.sent(k) != s:
                break
            org, _ = self.org_ref(k)
            if org is not None:
                self.add("RESPONSIBLE_FOR", org, project, s, "belongs-to", 0.7)
                return

    def object_before_trigger(self, i: int) -> None:
        """"ORG PROJECT را TRIGGER ...": an organisation subject leading, running or speeding up a project."""
        if i < 3 or self.tk[i - 1] != KEY_RA:
            return
        at = i - 3 if self.tokens[i - 2].text == "»" else i - 2
        project, _ = self.project_ref(at)
        if project is None:
            return
        found = self.found_at(at)
        anaphor = next((a for a in self.m.anaphors if a.start <= at < a.end), None)
        start = found.start if found is not None else anaphor.start if anaphor is not None else at
        subject = self.subject_start(i)
        org, end = self.org_ref(subject)
        if org is None or not 0 <= start - end <= SUBJECT_GAP:
            return
        if any(self.tk[k] == KEY_KE or self.found_at(k) is not None for k in range(end, start)):
            return
        self.add("RESPONSIBLE_FOR", org, project, self.sent(i), "subject-object-trigger", 0.7)

    def pilot_places(self) -> None:
        """"PROVINCE ... پایلوت PROJECT" and "پایلوت PROJECT در PROVINCE": the project is LOCATED_IN the province."""
        pilot = cached_name_key("پایلوت")
        for i in self.positions_of({pilot}):
            project, end = self.project_ref(i + 1)
            if project is None:
                continue
            province = None
            if end + 1 < len(self.tokens) and self.tk[end] == KEY_DAR and self.sent(end) == self.sent(i):
                province = self.province_ref(end + 1)
            if province is None:
                province = self.province_ref(self.subject_start(i))
            if province is not None:
                self.add("LOCATED_IN", project, province, self.sent(i), "pilot-place", 0.6)

    def agent_before_trigger(self, i: int, rel: str) -> None:
        """"ORG متولی / مجری [اجرای] PROJECT": the organisation written right before the trigger leads the project."""
        found = self.ending_at(i, "Organization") if i else None
        anaphor = self._anaphor_end.get(i)
        if found is not None:
            agent = self.key_of(found)
        elif anaphor is not None and anaphor.type == "Organization":
            agent = self.resolve_anaphor(anaphor)
        else:
            self.agent_as_predicate(i, rel)
            return
        s = self.sent(i)
        for j in range(i + 1, min(len(self.tokens), i + 4)):
            if self.sent(j) != s:
                break
            project, end = self.project_ref(j)
            if project is not None:
                if not self.negated_after(end):
                    self.add(rel, agent, project, s, f"agent-{self.tokens[i].text}", 0.7)
                return

    def negated_after(self, k: int) -> bool:
        """Whether the first verb after token k in its clause is negated ("... مجری این طرح نیست")."""
        s = self.sent(max(k - 1, 0))
        while k < len(self.tokens) and self.sent(k) == s and self.tokens[k].text not in self.lex.clause_breaks \
                and self.tk[k] != KEY_KE:
            if self.tk[k] in self.lex.negated_copulas or self.lex.is_negated_verb(self.tokens[k].text):
                return True
            if self.tk[k] in self.lex.copulas or self.lex.is_verb(self.tokens[k].text):
                return False
            k += 1
        return False

    def agent_as_predicate(self, i: int, rel: str) -> None:
        """"متولی / مجری [اجرای] PROJECT، ORG [و ORG] است": the organisations after the project, before the copula."""
        s = self.sent(i)
        for j in range(i + 1, min(len(self.tokens), i + 4)):
            if self.sent(j) != s:
                return
            project, end = self.project_ref(j)
            if project is None:
                continue
            while end < len(self.tokens) and (self.tokens[end].text in COMMA or self.tokens[end].text == "»"):
                end += 1
            agents, stop = self.org_list(end)
            if agents and stop < len(self.tokens) and self.sent(stop) == s and self.tk[stop] in self.lex.copulas:
                for agent in agents:
                    self.add(rel, agent, project, s, f"predicate-{self.tokens[i].text}", 0.7)
            return

    def subject_trigger_verb(self, i: int, rel: str) -> None:
        """"ORG [، ORG و ORG] در [اجرای] PROJECT|آن مشارکت دارد": the clause's organisation subjects take part in (or
        run) the project; "آن" right before the trigger is the project last named."""
        start = self.subject_start(i)
        agents, end = self.org_list(start)
        if not agents:
            agents, end = self.org_list(self.after_last_verb(start, i))
        if not agents:
            return
        if any(self.tk[j] in self.lex.hedges or self.tk[j] == KEY_KE for j in range(end, i)):
            return
        project = next((p for p in (self.project_ref(j)[0] for j in range(end, i)) if p is not None), None)
        if project is None and end < i and self.tk[i - 1] in self.lex.project_pronouns:
            project = self.last_project_before(i - 1)
        for agent in agents:
            self.add(rel, agent, project, self.sent(i), f"subject-{self.tokens[i].text}", 0.6)

    def after_last_verb(self, start: int, i: int) -> int:
        """Where a clause joined by "و" or "که" after a verb begins ("... انجام می‌شود و ORG نیز ..."، "... متصل شدند
        که ORG در اجرای آن مشارکت داشت"), else i."""
        for j in range(i - 1, start, -1):
            if self.lex.is_verb(self.tokens[j].text):
                k = j + 1
                while k < i and (self.tk[k] in (KEY_VA, KEY_KE) or self.tokens[k].text in COMMA):
                    k += 1
                return k
        return i

    def last_project_before(self, i: int) -> tuple | None:
        """The last project named before token i."""
        for found in reversed(self._by_position):
            if found.type == "Project" and found.end <= i:
                return self.key_of(found)
        return None

    # --- all --------------------------------------------------------------------------------------------
    def read(self, province_keys: dict[str, tuple]) -> list[Fact]:
        """Run every rule and return the facts."""
        n_sent = len(self.m.sentences)
        self._sentence_starts: list = [None] * n_sent
        self._sentence_ends: list = [0] * n_sent
        sentence_of = [t.sentence for t in self.tokens]
        for s in range(n_sent):
            start = bisect_left(sentence_of, s)
            end = bisect_right(sentence_of, s, start)
            if start < end:
                self._sentence_starts[s], self._sentence_ends[s] = start, end
        self.title_at = {k: t for t in self.m.titles for k in range(t.start, t.start + 1)}
        self._anaphor_at = {a.start: a for a in self.m.anaphors}
        self._anaphor_end = {a.end: a for a in self.m.anaphors}
        self._province_start = {f.start: f for f in self.m.found if f.type == "Province"}
        self._by_position = sorted(self.m.found, key=lambda f: (f.start, f.end))
        org_keys = {cached_name_key(f.name): self.key_of(f) for f in self.m.found if f.type == "Organization"}
        self._parent = {self.key_of(f): org_keys.get(cached_name_key(f.part_of)) for f in self.m.found
                        if f.type == "Organization" and f.part_of}
        self.province_keys = province_keys
        self.read_positions()
        self.read_chairs()
        self.read_places(province_keys)
        self.read_visits()
        self.read_arrivals()
        self.read_meetings()
        self.read_meeting_places(province_keys)
        self.read_project_roles()
        read_patterns(self)
        return self.facts


def _rank(role: str | None) -> str:
    """The first word of a title ("رئیس"، "معاون"، "استاندار"): a bare title stands for the holder of that rank only
    ("رئیس دانشگاه" is not the university's معاون named before); "ریاست استاندار" (chaired by) is the استاندار."""
    words = (role or "").split()
    if len(words) > 1 and cached_name_key(words[0]) == KEY_CHAIR:
        words = words[1:]
    return cached_name_key(words[0]) if words else ""


def read_relations(mentions: Mentions, keys: dict[int, tuple], lex: Lexicon,
                   province_keys: dict[str, tuple]) -> list[Fact]:
    """All facts of one article."""
    return RelationReader(mentions, keys, lex).read(province_keys)
