"""Reading article files into normalised Articles: site clutter removed, hazm normalisation, date, title and source."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jdatetime

from graph.model import Article, article_id
from graph.schema import safe_yaml
from graph.text import display_name, name_key
from loaders.normaliser import Normaliser, get_normaliser
from loaders.reader import RawRecord, ReadFailure, default_max_bytes, persian_problem, read_records

__all__ = ["ReadFailure", "SourceMention", "iter_articles", "normalise_text", "find_source", "find_title",
           "find_date", "parse_date_value", "remove_clutter", "canonical_agency", "article_from_record"]

DATA = Path(__file__).with_name("data")
_GRAPH_TEXT = Path(__file__).resolve().parent.parent / "graph" / "text.py"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DIGIT = "[0-9۰-۹٠-٩]"
_GAP = "[ \t\u00a0\u200c\u200e\u200f]"
_LETTER_CLASSES = {"ی": "[یيى]", "ي": "[یيى]", "ى": "[یيى]", "ک": "[کك]", "ك": "[کك]"}
_TITLE_END = re.compile(r"[.:;؛،,…]$")
_TITLE_MAX_CHARS = 160
_TITLE_MAX_WORDS = 30
_SOURCE_MAX_CHARS = 60
_SEGMENT_END = re.compile(r"[،,؛;:.!?؟\n()\[\]]")
_QUOTES = "«»\"'“”‘’"
_PLACEHOLDER = "\U000f0000"
_ASCII_RUN = re.compile(r"[!-~](?:[ -~]*[!-~])?")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_LINE_END_SPACE = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class SourceMention:
    """Who an article says reported it: canonical name, the words as written and their offsets, whether it is a news
    agency (else an organisation's own news office, `credited` holding the office's words as written)."""

    name: str
    surface: str
    start: int
    end: int
    news_agency: bool = True
    credited: str | None = None


def _normalizer() -> Normaliser:
    """hazm's normalisation, built once per process and only when text is first read."""
    return get_normaliser()


def normalise_text(text: str) -> str:
    """hazm's normalisation (unified letters, restored ZWNJs, Persian digits); Latin runs are kept verbatim.

    >>> normalise_text("دانشگاههای کشور از IRNA.ir خبر دادند")
    'دانشگاه‌های کشور از IRNA.ir خبر دادند'
    """
    if _PLACEHOLDER in text:
        return _normalizer().normalize(text)
    runs = [m for m in _ASCII_RUN.finditer(text) if _LATIN_LETTER.search(m.group())]
    if not runs:
        return _normalizer().normalize(text)
    pieces, last = [], 0
    for run in runs:
        pieces += [text[last:run.start()], _PLACEHOLDER]
        last = run.end()
    normalised = _normalizer().normalize("".join([*pieces, text[last:]]))
    parts = normalised.split(_PLACEHOLDER)
    if len(parts) != len(runs) + 1:
        return _normalizer().normalize(text)
    return "".join(part + (runs[i].group() if i < len(runs) else "") for i, part in enumerate(parts))


@lru_cache(maxsize=None)
def _data(name: str):
    return safe_yaml((DATA / name).read_text(encoding="utf-8"))


def flexible_pattern(phrase: str) -> str:
    """A regex for a Persian phrase that tolerates any spacing or ZWNJ between its words and ی/ي, ک/ك variants."""
    words = [w for w in re.split(r"[\s\u200c]+", phrase.strip()) if w]
    return f"{_GAP}*".join("".join(_LETTER_CLASSES.get(c, re.escape(c)) for c in word) for word in words)


def _starting_a_word(phrase: str) -> str:
    """flexible_pattern(phrase) where no word character or ZWNJ comes before it. The look-behind is written after the
    phrase's first letter (one not preceded by such a character), so the regex engine can look for that letter instead
    of trying the look-behind at every position: twenty times faster over a whole article, the same matches."""
    pattern = flexible_pattern(phrase)
    first = flexible_pattern(next(c for c in phrase if not c.isspace() and c != "\u200c"))
    return f"{first}(?<![\\w\\u200c]{first}){pattern[len(first):]}"


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(flexible_pattern(p) for p in sorted(set(phrases), key=len, reverse=True))


# ---- site clutter -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Clutter:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    line_end: re.Pattern
    cut_after: frozenset[str]
    max_clutter_line: int
    min_text_before_cut: int


@lru_cache(maxsize=1)
def _clutter() -> _Clutter:
    data = _data("clutter.yaml")
    return _Clutter(lines=frozenset(name_key(p) for p in data["lines"]),
                    prefixes=tuple(name_key(p) for p in data["line_prefixes"]),
                    patterns=tuple(re.compile(p) for p in data["line_patterns"]),
                    line_end=re.compile(f"{_GAP}+(?:{_alternation(data['line_ends'])})[{_GAP[1:-1]}/]*$"),
                    cut_after=frozenset(name_key(p) for p in data["cut_after"]),
                    max_clutter_line=int(data["max_clutter_line"]),
                    min_text_before_cut=int(data["min_text_before_cut"]))


def remove_clutter(text: str) -> str:
    """Drop site clutter (widgets, comment forms, counters, related-news tails) listed in data/clutter.yaml."""
    clutter = _clutter()
    kept: list[str] = []
    kept_chars = 0
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if len(line) > clutter.max_clutter_line:
            kept.append(clutter.line_end.sub("", line))
            kept_chars += len(line)
            continue
        key = name_key(line)
        if not key:
            kept.append(line)
            continue
        if key in clutter.cut_after and kept_chars >= clutter.min_text_before_cut:
            break
        if (key in clutter.lines or key in clutter.cut_after or any(p.search(key) for p in clutter.patterns)
                or key.startswith(clutter.prefixes)):
            continue
        kept.append(clutter.line_end.sub("", line))
        kept_chars += len(key)
    return "\n".join(kept)


# ---- dates --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _DatePatterns:
    words: re.Pattern
    numeric: re.Pattern
    months: dict[str, int]
    days: dict[str, int]


@lru_cache(maxsize=1)
def _date_patterns() -> _DatePatterns:
    """The date patterns, compiled, from the build cache (rebuilt when jalali.yaml or this module change)."""
    from loaders.build_cache import load_or_build

    return load_or_build("date-patterns", _build_date_patterns, [DATA / "jalali.yaml", Path(__file__), _GRAPH_TEXT])


def _build_date_patterns() -> _DatePatterns:
    data = _data("jalali.yaml")
    months = {name_key(name): int(number) for number, names in data["months"].items() for name in names}
    days = {name_key(word): int(number) for word, number in data["ordinal_days"].items()}
    month_names = [name for names in data["months"].values() for name in names]
    words = re.compile(
        rf"(?<![\w\u200c])(?P<day>{_DIGIT}{{1,2}}|{_alternation(data['ordinal_days'])}){_GAP}+"
        rf"(?P<month>{_alternation(month_names)})(?:{_GAP}?ماه)?{_GAP}+(?:سال{_GAP}+)?"
        rf"(?P<year>{_DIGIT}{{4}})(?!{_DIGIT})")
    numeric = re.compile(
        rf"(?<!{_DIGIT})(?:(?P<y1>{_DIGIT}{{4}}){_GAP}*(?P<s1>[-/]){_GAP}*(?P<m1>{_DIGIT}{{1,2}}){_GAP}*(?P=s1){_GAP}*"
        rf"(?P<d1>{_DIGIT}{{1,2}})|(?P<d2>{_DIGIT}{{1,2}}){_GAP}*/{_GAP}*(?P<m2>{_DIGIT}{{1,2}}){_GAP}*/{_GAP}*"
        rf"(?P<y2>{_DIGIT}{{4}}))(?!{_DIGIT})")
    return _DatePatterns(words=words, numeric=numeric, months=months, days=days)


def _calendar_date(year: int, month: int, day: int) -> tuple[str, str] | None:
    """(Gregorian ISO, Jalali ISO) of a date given in either calendar (years 1300-1499 are Jalali), or None."""
    try:
        if 1300 <= year <= 1499:
            jalali = jdatetime.date(year, month, day)
            gregorian = jalali.togregorian()
        elif 1900 <= year <= 2199:
            gregorian = dt.date(year, month, day)
            jalali = jdatetime.date.fromgregorian(date=gregorian)
        else:
            return None
    except ValueError:
        return None
    return gregorian.isoformat(), f"{jalali.year:04d}-{jalali.month:02d}-{jalali.day:02d}"


def _number(text: str) -> int:
    return int(text.translate(_DIGITS))


def _dates_in(text: str) -> Iterator[tuple[int, tuple[str, str]]]:
    patterns = _date_patterns()
    for match in patterns.words.finditer(text):
        day = match.group("day")
        day_number = _number(day) if day[0].translate(_DIGITS).isdigit() else patterns.days.get(name_key(day), 0)
        found = _calendar_date(_number(match.group("year")), patterns.months[name_key(match.group("month"))],
                               day_number)
        if found:
            yield match.start(), found
    for match in patterns.numeric.finditer(text):
        if match.group("y1"):
            parts = (match.group("y1"), match.group("m1"), match.group("d1"))
        else:
            parts = (match.group("y2"), match.group("m2"), match.group("d2"))
        found = _calendar_date(*(_number(p) for p in parts))
        if found:
            yield match.start(), found


def find_date(text: str) -> tuple[str, str] | None:
    """The first full date (with its year) written in the text, as (Gregorian ISO, Jalali ISO); never guesses a year.

    >>> find_date("روز شنبه ۲۹ آذر ۱۴۰۴ در تهران")
    ('2025-12-20', '1404-09-29')
    >>> find_date("عصر چهارشنبه ۳ اردیبهشت برگزار شد") is None
    True
    """
    return min(_dates_in(text), default=(0, None))[1]


def parse_date_value(value: str | None) -> tuple[str, str] | None:
    """A date field or header ("2025-12-20", "1404/09/29", "۲۹ آذر ۱۴۰۴", Unix seconds) as (Gregorian, Jalali)."""
    if not value:
        return None
    if value.isdigit() and 9 <= len(value) <= 13:
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return _calendar_date(*dt.datetime.fromtimestamp(seconds, dt.timezone.utc).timetuple()[:3])
    match = re.match(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", value.translate(_DIGITS))
    if match:
        return _calendar_date(*(int(g) for g in match.groups()))
    return find_date(value)


# ---- title --------------------------------------------------------------------------------------------------------

def find_title(text: str) -> str | None:
    """The first line of the text when it reads as a headline: short, no sentence-final punctuation, more text after."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) < 2:
        return None
    first = lines[filled[0]]
    words = first.split()
    if (len(first) > _TITLE_MAX_CHARS or not 2 <= len(words) <= _TITLE_MAX_WORDS or _TITLE_END.search(first)
            or _source_phrases().trigger_at_start.match(first) or persian_problem(first)):
        return None
    return first


# ---- source -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SourcePhrases:
    triggers: tuple[tuple[re.Pattern, bool], ...]
    trigger_at_start: re.Pattern
    agencies: re.Pattern
    canonical: dict[str, str]
    multiword: frozenset[str]
    descriptors: re.Pattern
    media_heads: re.Pattern
    not_heads: re.Pattern
    not_words: frozenset[str]
    max_words: int
    window_words: int
    signature: re.Pattern
    signature_lines: int
    dateline: re.Pattern
    dateline_place: re.Pattern
    dateline_lines: int
    interviews: re.Pattern
    offices: re.Pattern
    organisation_heads: re.Pattern
    organisation_stops: frozenset[str]
    organisation_max_words: int
    organisation_lead: re.Pattern
    organisation_lead_lines: int
    citation_before: re.Pattern


@lru_cache(maxsize=1)
def _source_phrases() -> _SourcePhrases:
    """The source phrases with their regexes compiled, from the build cache (the agency alternation is large: compiled
    anew it costs a sixth of a second), rebuilt when their data files or this module change."""
    from loaders.build_cache import load_or_build

    return load_or_build("source-phrases", _build_source_phrases,
                         [DATA / "source_phrases.yaml", DATA / "news_agencies.yaml", Path(__file__), _GRAPH_TEXT])


def _build_source_phrases() -> _SourcePhrases:
    data = _data("source_phrases.yaml")
    canonical: dict[str, str] = {}
    multiword: set[str] = set()
    surfaces: list[str] = []
    for entry in _data("news_agencies.yaml"):
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            canonical.setdefault(name_key(name), entry["name"])
            surfaces.append(name)
            if len(re.split(r"[\s\u200c]+", name.strip())) > 1:
                multiword.add(name_key(name))
    triggers = tuple((re.compile(rf"{_starting_a_word(t['phrase'])}(?![\w\u200c])"), bool(t.get("line_end")))
                     for t in data["triggers"])
    agencies = _agency_alternation(surfaces)
    place = rf"{_GAP}*[^\n:،/\-–—]{{1,{int(data['dateline_place_chars'])}}}?{_GAP}*[-–—]{_GAP}*"
    return _SourcePhrases(
        triggers=triggers,
        trigger_at_start=re.compile(rf"(?:{_alternation(t['phrase'] for t in data['triggers'])})(?![\w\u200c])"),
        agencies=re.compile(rf"(?<![\w\u200c])(?:{agencies})(?![\w\u200c])"),
        canonical=canonical, multiword=frozenset(multiword),
        descriptors=re.compile(rf"(?:(?:{_alternation(data['descriptors'])})(?![\w\u200c]){_GAP}*)+"),
        media_heads=re.compile(rf"(?:{_alternation(data['media_heads'])})(?![\w\u200c])"),
        not_heads=re.compile(rf"(?:{_alternation(data['not_agency_heads'])})(?![\w\u200c])"),
        not_words=frozenset(name_key(w) for w in data["not_agency_words"]),
        max_words=int(data["max_words"]), window_words=int(data["window_words"]),
        signature=re.compile(rf"(?:^|[/(]){_GAP}*(?P<name>{agencies}){_GAP}*\)?[{_GAP[1:-1]}.]*$"),
        signature_lines=int(data["signature_lines"]),
        dateline=re.compile(rf"{_GAP}*(?:{place})?(?P<name>{agencies}){_GAP}*[-–—/:،|]"),
        dateline_place=re.compile(place),
        dateline_lines=int(data["dateline_lines"]),
        interviews=re.compile(rf"(?<![\w\u200c])(?:{_alternation(data['interview_triggers'])})(?![\w\u200c])"),
        offices=re.compile(rf"(?:{_alternation(data['news_offices'])})(?![\w\u200c]){_GAP}*"),
        organisation_heads=re.compile(rf"(?:{_alternation(data['organisation_heads'])})(?![\w\u200c])"),
        organisation_stops=frozenset(name_key(w) for w in data["organisation_stops"]),
        organisation_max_words=int(data["organisation_max_words"]),
        organisation_lead=re.compile(rf"(?<![\w\u200c])(?:{_alternation(data['organisation_lead_triggers'])})"
                                     rf"(?![\w\u200c])"),
        organisation_lead_lines=int(data["organisation_lead_lines"]),
        citation_before=re.compile(rf"(?<![\w\u200c])(?:{_alternation(data['citation_words'])}){_GAP}*$"))


def _agency_alternation(surfaces: list[str]) -> str:
    """Aliases longest first (see `_agency_pattern`)."""
    return "|".join(_agency_pattern(s) for s in sorted(set(surfaces), key=len, reverse=True))


def _agency_pattern(surface: str) -> str:
    """An alias ending in ا or و may carry a written ezafe ی ("صداوسیمای مرکز کرمان"); one with letters that have case
    (IRNA, Mehr News) matches in any case. The case-blind flag is scoped to such aliases: on the whole alternation it
    made compiling take a third of a second, and it changes nothing for Persian letters."""
    pattern = flexible_pattern(surface) + ("ی?" if surface[-1] in "او" else "")
    return f"(?i:{pattern})" if any(c.lower() != c or c.upper() != c for c in surface) else pattern


def canonical_agency(name: str | None) -> str | None:
    """The canonical name of a known news agency from any of its aliases, or None."""
    if not name:
        return None
    phrases = _source_phrases()
    key = name_key(normalise_text(name))
    return phrases.canonical.get(key) or phrases.canonical.get(key[:-1] if key.endswith("ی") else "")


@lru_cache(maxsize=64)
def find_source(text: str) -> SourceMention | None:
    """Who the article credits: a lead formula ("به گزارش ایلنا،"، "منبع: ...")، a dateline ("تهران- ایرنا-")، a
    signature at its end ("/ایرنا")، an interview ("در گفت‌وگو با خبرنگار مهر") or an organisation's news office
    ("به گزارش روابط عمومی ..."). Remembered for the last texts asked: reading an article and extracting it both ask.

    >>> find_source("به گزارش خبرگزاری صداوسیما مرکز قزوین، استاندار گفت").name
    'خبرگزاری صداوسیما'
    >>> find_source("به گزارش روابط عمومی استانداری یزد، جلسه برگزار شد").name
    'استانداری یزد'
    """
    phrases = _source_phrases()
    opening = [found for found in (_lead_source(text, phrases), _dateline_source(text, phrases)) if found]
    return (min(opening, key=lambda found: found.start, default=None) or _signature_source(text, phrases)
            or _interview_source(text, phrases) or _office_source(text, phrases)
            or _lead_organisation_source(text, phrases) or _dateline_office_source(text, phrases))


def _lead_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """The earliest known agency or news medium after "به گزارش"، "به نقل از"، "منبع:"."""
    earliest = None
    for trigger, line_end in phrases.triggers:
        for match in trigger.finditer(text):
            if earliest is not None and match.start() > earliest.start:
                break
            found = _source_after(text, match.end(), line_end, phrases)
            if found:
                earliest = found if earliest is None or found.start < earliest.start else earliest
                break
    return earliest


def _segment_after(text: str, pos: int, line_end: bool = True) -> tuple[str, bool]:
    """The words after a trigger up to a clause boundary or the end of the line, and whether they end there (at a
    boundary, or with `line_end` at the end of a short line)."""
    line_stop = text.find("\n", pos)
    window = text[pos:line_stop if line_stop >= 0 else len(text)][:200]
    boundary = _SEGMENT_END.search(window)
    segment = window[:boundary.start()] if boundary else window
    return segment, bool(boundary) or line_end and len(window) < 200


def _source_after(text: str, pos: int, line_end: bool, phrases: _SourcePhrases) -> SourceMention | None:
    segment, ended = _segment_after(text, pos, line_end)
    lead = len(segment) - len(segment.lstrip())
    descriptor = phrases.descriptors.match(segment, lead)
    name_start = descriptor.end() if descriptor else lead
    known = _known_agency(pos, segment, name_start, phrases)
    if known or not ended or _office_at(segment, lead, phrases) or _office_at(segment, name_start, phrases):
        return known
    return _unknown_agency(pos, segment, name_start, bool(descriptor), phrases)


def _known_agency(pos: int, segment: str, name_start: int, phrases: _SourcePhrases) -> SourceMention | None:
    for match in phrases.agencies.finditer(segment):
        if len(segment[:match.start()].split()) >= phrases.window_words:
            return None
        surface = match.group(0)
        key = name_key(surface)
        if key not in phrases.canonical and surface.endswith("ی"):
            surface, key = surface[:-1], name_key(surface[:-1])
        canonical = phrases.canonical.get(key)
        if canonical is None:
            continue
        at_end = not segment[match.end():].strip(_GAP[1:-1] + " " + _QUOTES)
        at_start = not segment[name_start:match.start()].strip(_GAP[1:-1] + " " + _QUOTES)
        if key in phrases.multiword or at_start or at_end:
            return SourceMention(canonical, surface, pos + match.start(), pos + match.start() + len(surface),
                                 credited=_provincial_centre(canonical, segment[match.end():]))
    return None


@lru_cache(maxsize=1)
def _provincial_centre_words() -> tuple[dict, re.Pattern, int]:
    """The agencies with provincial centres (and a centre's name before its place), the words introducing a centre,
    and the most words of its place."""
    data = _data("source_phrases.yaml").get("provincial_centres") or {}
    words = re.compile(rf"{_GAP}*(?:{_alternation(data.get('words') or ['مرکز'])})(?![\w\u200c])")
    return dict(data.get("agencies") or {}), words, int(data.get("max_words", 4))


def _provincial_centre(canonical: str, rest: str) -> str | None:
    """"صداوسیمای مرکز خوزستان": the name of the agency's provincial centre, when a place fills the rest."""
    agencies, words, max_words = _provincial_centre_words()
    if canonical not in agencies:
        return None
    centre = words.match(rest)
    if not centre:
        return None
    stops = _source_phrases().organisation_stops
    place_words = []
    for word in rest[centre.end():].strip(_GAP[1:-1] + " " + _QUOTES).split():
        if name_key(word) in stops:
            break
        place_words.append(word)
    place = " ".join(place_words)
    if not place or len(place_words) > max_words:
        return None
    return f"{agencies[canonical]} {place}"


def _unknown_agency(pos: int, segment: str, name_start: int, after_descriptor: bool,
                    phrases: _SourcePhrases) -> SourceMention | None:
    raw = segment[name_start:]
    stripped = raw.strip().strip(_QUOTES).strip()
    if not stripped or len(stripped) > _SOURCE_MAX_CHARS:
        return None
    words = stripped.split()
    if (len(words) > phrases.max_words or phrases.not_heads.match(stripped)
            or (after_descriptor and not phrases.media_heads.match(stripped))
            or any(name_key(w) in phrases.not_words for w in words) or persian_problem(stripped)):
        return None
    start = pos + name_start + raw.index(stripped)
    return SourceMention(display_name(stripped), stripped, start, start + len(stripped))


def _dateline_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """A known agency opening one of the first lines: "تهران- ایرنا- ..."، "ایسنا/ کرمانشاه ..."، "خبرگزاری مهر، ..."."""
    for start, end in _first_lines(text, phrases.dateline_lines):
        match = phrases.dateline.match(text, start, end)
        canonical = canonical_agency(match.group("name")) if match else None
        if canonical:
            surface = match.group("name")
            return SourceMention(canonical, surface, match.start("name"), match.start("name") + len(surface))
    return None


def _first_lines(text: str, lines: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each of the first `lines` non-empty lines of the text."""
    start, seen = 0, 0
    while start < len(text) and seen < lines:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            seen += 1
            yield start, end
        start = end + 1


def _signature_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """A known agency signing one of the last lines: "انتهای پیام/ایرنا"، "... گفت. /ایسنا"، "(مهر)"، "ایرنا"."""
    lines, end = [], len(text)
    while end > 0 and len(lines) < phrases.signature_lines:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            lines.append((start, text[start:end].rstrip()))
        end = start - 1
    for start, line in lines:
        match = phrases.signature.search(line)
        if match:
            surface = match.group("name")
            canonical = canonical_agency(surface)
            if canonical:
                offset = start + match.start("name")
                return SourceMention(canonical, surface, offset, offset + len(surface))
    return None


def _interview_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """A known agency the speaker talks to: "در گفت‌وگو با خبرنگار ایرنا"، "به خبرنگار مهر گفت"."""
    for match in phrases.interviews.finditer(text):
        segment, _ = _segment_after(text, match.end())
        lead = len(segment) - len(segment.lstrip())
        descriptor = phrases.descriptors.match(segment, lead)
        known = _known_agency(match.end(), segment, descriptor.end() if descriptor else lead, phrases)
        if known:
            return known
    return None


def _organisation_at(segment: str, start: int, phrases: _SourcePhrases, whole: bool = False) -> tuple[int, int] | None:
    """(start, end) of an organisation's name at `start` of a segment (it starts with an organisation head and runs
    to a stop word), or None; with `whole`, only when it runs to the end of the segment."""
    if not phrases.organisation_heads.match(segment, start):
        return None
    kept = []
    for word in re.finditer(r"\S+", segment[start:]):
        if name_key(word.group()) in phrases.organisation_stops:
            if whole:
                return None
            break
        kept.append(word)
    if not kept or len(kept) > phrases.organisation_max_words:
        return None
    return start, len(segment[:start + kept[-1].end()].rstrip(_QUOTES))


def _office_at(segment: str, start: int, phrases: _SourcePhrases) -> tuple[int, int] | None:
    """(start, end) of the organisation named after a news office at `start` of a segment, or None."""
    office = phrases.offices.match(segment, start)
    return _organisation_at(segment, office.end(), phrases) if office else None


def _office_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """The organisation whose news office reports: "به گزارش روابط عمومی اداره کل ... استان یزد،"."""
    for trigger, _ in phrases.triggers:
        for match in trigger.finditer(text):
            segment, _ = _segment_after(text, match.end())
            lead = len(segment) - len(segment.lstrip())
            descriptor = phrases.descriptors.match(segment, lead)
            span = _office_at(segment, lead, phrases) or (descriptor and _office_at(segment, descriptor.end(), phrases))
            if span:
                return _organisation_mention(text, match.end(), lead, span)
    return None


def _dateline_office_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """An organisation's news office as the dateline of one of the first lines: "چابهار - روابط عمومی سازمان منطقه
    آزاد چابهار: ..."."""
    for start, end in _first_lines(text, phrases.dateline_lines):
        dash = phrases.dateline_place.match(text, start, end)
        if dash:
            segment, ended = _segment_after(text, dash.end())
            span = _office_at(segment, 0, phrases) if ended and text[dash.end() + len(segment):][:1] == ":" else None
            if span:
                return _organisation_mention(text, dash.end(), 0, span)
    return None


def _lead_organisation_source(text: str, phrases: _SourcePhrases) -> SourceMention | None:
    """An organisation credited in the lead itself, with no news office named: "به گزارش اداره کل ... استان یزد،"
    in one of the first lines (not "بنا به گزارش ..."، a report cited)."""
    lead_end = _line_start(text, phrases.organisation_lead_lines)
    for match in phrases.organisation_lead.finditer(text, 0, lead_end):
        if phrases.citation_before.search(text, max(0, match.start() - 12), match.start()):
            continue
        segment, ended = _segment_after(text, match.end(), line_end=False)
        lead = len(segment) - len(segment.lstrip())
        span = _organisation_at(segment.rstrip(), lead, phrases, whole=True) if ended else None
        if span:
            return _organisation_mention(text, match.end(), lead, span)
    return None


def _line_start(text: str, lines: int) -> int:
    """The offset just after the first `lines` non-empty lines of the text."""
    pos, seen = 0, 0
    while pos < len(text) and seen < lines:
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        seen += bool(text[pos:stop].strip())
        pos = stop + 1
    return min(pos, len(text))


def _organisation_mention(text: str, pos: int, lead: int, span: tuple[int, int]) -> SourceMention:
    start, end = pos + span[0], pos + span[1]
    surface = text[start:end]
    return SourceMention(display_name(surface), surface, start, end, news_agency=False, credited=text[pos + lead:end])


# ---- articles -----------------------------------------------------------------------------------------------------

def article_from_record(record: RawRecord) -> Article | ReadFailure:
    """Turn one raw record into an Article: clutter removed, normalised, with its date, title, source and id."""
    text = _LINE_END_SPACE.sub("\n", normalise_text(remove_clutter(record.text))).strip()
    if not text.strip():
        return ReadFailure(record.path, "no article text left after removing site clutter")
    problem = persian_problem(text)
    if problem:
        return ReadFailure(record.path, problem)
    dates = parse_date_value(record.date) or find_date(text)
    title = display_name(normalise_text(record.title)) if record.title else find_title(text)
    source = canonical_agency(record.source) or (display_name(record.source) if record.source else None)
    if source is None:
        mention = find_source(text)
        source = mention.name if mention else None
    return Article(id=article_id(text), text=text, path=record.path, title=title or None,
                   date=dates[0] if dates else None, date_jalali=dates[1] if dates else None, source=source,
                   url=record.url, author=record.author)


def iter_articles(paths: Iterable[str], max_bytes: int | None = None,
                  on_skip: Callable[[str, str], None] | None = None) -> Iterator[Article | ReadFailure]:
    """Read files, directories and globs into Articles, in sorted order, with one ReadFailure per unreadable input.

    `max_bytes` caps each article's size (default: KG_MAX_ARTICLE_BYTES, else 5 MiB); never raises for bad input.
    WARC records that are not articles (not HTTP 200, not HTML) go to `on_skip(name, reason)`.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    limit = default_max_bytes() if max_bytes is None else max_bytes
    for item in read_records((os.fspath(p) for p in paths), limit, on_skip):
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            yield article_from_record(item)
        except Exception as exc:  # one odd article must not stop a build; the fuzz test keeps this path empty
            yield ReadFailure(item.path, f"unexpected error while reading: {type(exc).__name__}: {exc}")
