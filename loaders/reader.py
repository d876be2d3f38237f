"""Finding article files and turning their bytes into raw records: discovery, size limits, encodings, file formats."""
from __future__ import annotations

import glob
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm", ".warc", ".warc.gz")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_ENV = "KG_MAX_ARTICLE_BYTES"
HTML_MARKUP_FACTOR = 4
PERSIAN_SAMPLE_CHARS = 100_000

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
         (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"), (b"\xff\xfe", "utf-16", "UTF-16"),
         (b"\xfe\xff", "utf-16", "UTF-16"))
_PERSIAN_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_PERSIAN_RUN = re.compile(_PERSIAN_LETTER.pattern + "+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HEADER_DATE = re.compile(
    r"\A\ufeff?[ \t]*date[ \t]*[:=]?[ \t]*([0-9۰-۹]{4}[-/][0-9۰-۹]{1,2}[-/][0-9۰-۹]{1,2})(?![0-9۰-۹])", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class ReadFailure:
    """A file (or a record in one) that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class RawRecord:
    """One article's text as found in a file, with the file's metadata, before clutter removal and normalising."""

    path: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None


class BadInput(ValueError):
    """Raised inside the reader for input that cannot be read; turned into a ReadFailure with its message."""


def default_max_bytes() -> int:
    """The per-article size limit: KG_MAX_ARTICLE_BYTES if set, else 5 MiB."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{MAX_BYTES_ENV} must be a positive whole number of bytes, got {value!r}")
    return int(value)


def megabytes(n: int) -> str:
    """A byte count in MB (MiB) for messages: 52428800 -> '50.0 MB', a whole limit without decimals."""
    value = n / (1024 * 1024)
    return f"{value:g} MB" if value == int(value) and n >= 1024 * 1024 else f"{value:.1f} MB"


def _limit_message(size: int, limit: int, what: str = "is") -> str:
    return f"{what} {size / (1024 * 1024):.1f} MB, over the {megabytes(limit)} limit"


def iter_files(paths: Iterable[str]) -> Iterator[str | ReadFailure]:
    """Expand files, directories (recursively, article suffixes only) and globs into sorted file paths, each once."""
    seen: set[str] = set()
    for given in paths:
        given = str(given)
        for item in _expand(given):
            if isinstance(item, ReadFailure):
                yield item
            elif item not in seen:
                seen.add(item)
                yield item


def _expand(given: str) -> Iterator[str | ReadFailure]:
    if os.path.isdir(given):
        yield from _walk(given)
    elif os.path.lexists(given):
        path = os.path.normpath(given)
        if path.lower().endswith(SUFFIXES):
            yield path
        else:
            yield ReadFailure(path, f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
    elif _GLOB_CHARS.search(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield ReadFailure(given, "no file matches this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            elif match.lower().endswith(SUFFIXES):
                yield os.path.normpath(match)
    else:
        yield ReadFailure(os.path.normpath(given), "no such file or directory")


def _walk(top: str) -> Iterator[str | ReadFailure]:
    failures: list[ReadFailure] = []

    def on_error(exc: OSError) -> None:
        failures.append(ReadFailure(os.path.normpath(exc.filename or top),
                                    f"cannot read directory: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(top, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from failures
        failures.clear()
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield os.path.normpath(os.path.join(root, name))
    yield from failures


def read_records(paths: Iterable[str], max_bytes: int,
                 on_skip: Callable[[str, str], None] | None = None) -> Iterator[RawRecord | ReadFailure]:
    """Every article record under the given paths, or a ReadFailure per unreadable file or record.

    Records that are deliberately not articles (a WARC's error pages, images ...) go to `on_skip(name, reason)`.
    """
    for item in iter_files(paths):
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            yield from read_file(item, max_bytes, on_skip)
        except BadInput as exc:
            yield ReadFailure(item, str(exc))
        except OSError as exc:
            yield ReadFailure(item, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # one odd file must not stop a build; the fuzz test keeps this path empty
            yield ReadFailure(item, f"unexpected error while reading: {type(exc).__name__}: {exc}")


def read_file(path: str, max_bytes: int,
              on_skip: Callable[[str, str], None] | None = None) -> Iterator[RawRecord | ReadFailure]:
    """The records of one file, by its suffix; raises BadInput or OSError for a file that cannot be read at all."""
    from loaders.warc import is_warc, read_warc

    if not stat.S_ISREG(os.stat(path).st_mode):
        raise BadInput("not a regular file")
    if is_warc(path):
        yield from read_warc(path, max_bytes, on_skip)
        return
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, max_bytes)
        return
    size_limit = max_bytes * HTML_MARKUP_FACTOR if suffix in (".html", ".htm") else max_bytes
    raw = _read_limited(path, size_limit, hint=" (use .jsonl for large collections)" if suffix == ".json" else "")
    text = decode(raw)
    if suffix == ".json":
        yield from _json_records(path, text, max_bytes)
    elif suffix in (".html", ".htm"):
        yield checked(html_record(path, text), max_bytes)
    else:
        yield checked(_txt_record(path, text), max_bytes)


def _read_limited(path: str, limit: int, hint: str = "") -> bytes:
    size = os.stat(path).st_size
    if size > limit:
        raise BadInput(_limit_message(size, limit) + hint)
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise BadInput(f"is over the {megabytes(limit)} limit{hint}")
    return raw


def decode(raw: bytes) -> str:
    """Decode article bytes: BOMs, then UTF-8 (a cut-off last character dropped), then charset-normalizer."""
    if not raw.strip():
        raise BadInput("empty file")
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return _text_or_binary(raw.decode(codec))
            except UnicodeDecodeError as exc:
                raise BadInput(f"damaged {name} text (undecodable bytes at {exc.start})") from None
    try:
        return _text_or_binary(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw):
            return _text_or_binary(raw[:exc.start].decode("utf-8"))
        if _mostly_utf8(raw):
            raise BadInput(f"damaged UTF-8 text (invalid bytes at {exc.start})") from None
    return _detect(raw)


def _mostly_utf8(raw: bytes) -> bool:
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return sum(1 for c in text if ord(c) > 127) - bad > 10 * bad


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    if b"\x00" in raw:
        return _utf16_without_bom(raw)
    matches = from_bytes(raw)
    for match in matches:
        text = str(match)
        if _PERSIAN_LETTER.search(text) and not _is_binary(text):
            return text
    if not matches or all(_is_binary(str(m)) for m in matches):
        raise BadInput("binary file (not text)")
    raise BadInput("unknown text encoding (not UTF-8, UTF-16 or Windows-1256 Persian)")


def _utf16_without_bom(raw: bytes) -> str:
    """Bytes with NULs are UTF-16 Persian text only if one byte order decodes them to Persian; otherwise binary."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _is_binary(text) and persian_problem(text) is None:
            return text
    raise BadInput("binary file (not text)")


def _is_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > max(1, len(text) // 100)


def _text_or_binary(text: str) -> str:
    if _is_binary(text):
        raise BadInput("binary file (not text)")
    return text


def persian_problem(text: str) -> str | None:
    """Why a text is not a Persian article (no or too little Persian), or None; judged on its first 100k chars."""
    text = text[:PERSIAN_SAMPLE_CHARS]
    persian = sum(map(len, _PERSIAN_RUN.findall(text)))
    if persian == 0:
        return "no Persian text"
    if persian >= 3 and persian * 5 >= len(text):  # there cannot be more than len(text) letters in all
        return None
    letters = len(_NOT_LETTER.sub("", text))
    if persian < 3 or persian * 5 < letters:
        return f"too little Persian text ({persian} of {letters} letters are Persian)"
    return None


def checked(record: RawRecord, max_bytes: int) -> RawRecord | ReadFailure:
    """The record, or why it is no article: no text, over the size limit, not Persian."""
    if not record.text.strip():
        return ReadFailure(record.path, "no text")
    size = len(record.text.encode("utf-8"))
    if size > max_bytes:
        return ReadFailure(record.path, _limit_message(size, max_bytes, "text is"))
    problem = persian_problem(record.text)
    return ReadFailure(record.path, problem) if problem else record


def _txt_record(path: str, text: str) -> RawRecord:
    match = _HEADER_DATE.match(text)
    if match:
        return RawRecord(path=path, text=text[match.end():], date=match.group(1))
    return RawRecord(path=path, text=text.lstrip("\ufeff"))


def _field(record: dict, name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = str(value).strip()
    return value or None


def _record_from_json(path: str, record: object, max_bytes: int) -> RawRecord | ReadFailure:
    if not isinstance(record, dict):
        return ReadFailure(path, f"expected a JSON object with a \"text\" field, found {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return ReadFailure(path, "no \"text\" field with article text")
    return checked(RawRecord(path=path, text=text, title=_field(record, "title"), date=_field(record, "date"),
                              url=_field(record, "url"), source=_field(record, "source")), max_bytes)


def _json_records(path: str, text: str, max_bytes: int) -> Iterator[RawRecord | ReadFailure]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadInput(f"invalid JSON ({exc})") from None
    if isinstance(data, list):
        if not data:
            raise BadInput("empty JSON list")
        for number, record in enumerate(data, start=1):
            yield _record_from_json(f"{path}#{number}", record, max_bytes)
    else:
        yield _record_from_json(path, data, max_bytes)


def _read_jsonl(path: str, max_bytes: int) -> Iterator[RawRecord | ReadFailure]:
    found = False
    with open(path, "rb") as handle:
        for number, line in _limited_lines(handle, max_bytes):
            where = f"{path}#{number}"
            if line is None:
                found = True
                yield ReadFailure(where, f"line {number} is over the {megabytes(max_bytes)} limit")
                continue
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            found = True
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield ReadFailure(where, f"line {number} is not UTF-8 text (invalid bytes at {exc.start})")
                continue
            except (json.JSONDecodeError, RecursionError) as exc:
                yield ReadFailure(where, f"line {number} is not valid JSON ({exc})")
                continue
            yield _record_from_json(where, record, max_bytes)
    if not found:
        raise BadInput("empty file")


def _limited_lines(handle, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a binary file; a line longer than max_bytes comes as None and is skipped without keeping it."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 2)
        if not line:
            return
        number += 1
        if len(line.rstrip(b"\r\n")) > max_bytes:
            while not line.endswith(b"\n"):
                line = handle.readline(1024 * 1024)
                if not line:
                    break
            yield number, None
        else:
            yield number, line


def html_record(path: str, text: str, url: str | None = None, date: str | None = None) -> RawRecord:
    """A news page as a record: trafilatura's story text under its title and lead, with the page's metadata.

    `url` and `date` (where the page was fetched, and when) are used when the page itself does not say: its
    metadata, a date near the headline, or else a full date in the story come first.
    """
    from loaders.articles import find_date
    from loaders.html import page_fields

    fields = page_fields(text, url=url)
    title, lead = fields.get("title"), fields.get("lead")
    lines = [line for line in (fields.get("text") or "").split("\n") if line.strip() != title]
    if lead and lead != title and not any(lead in line for line in lines):
        lines.insert(0, lead)
    body = "\n".join([title, *lines] if title else lines)
    if date and not fields.get("date") and find_date(body):
        date = None
    return RawRecord(path=path, text=body, title=title, date=fields.get("date") or date,
                     url=fields.get("url") or url, source=fields.get("source"), author=fields.get("author"))
