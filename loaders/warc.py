"""Web archives (WARC, plain or gzipped) into raw records: each HTML response a page, streamed, damaged records reported."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from loaders.reader import HTML_MARKUP_FACTOR, BadInput, RawRecord, ReadFailure, checked, decode, html_record

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
PAGE_RECORDS = ("response", "resource")
_SCAN_CHUNK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."

SkipHandler = Callable[[str, str], None]


def is_warc(path: str) -> bool:
    """True for a file name that says it is a WARC archive."""
    return path.lower().endswith(SUFFIXES)


def read_warc(path: str, max_bytes: int, on_skip: SkipHandler | None = None) -> Iterator[RawRecord | ReadFailure]:
    """The HTML pages archived in a WARC file, one record at a time, as records named `file#target-uri`.

    A page's own URL and date win over the record's target URI and fetch date. Responses that are not HTTP 200 or
    not HTML are passed to `on_skip(name, reason)`; a damaged record becomes one ReadFailure and reading goes on at
    the next record.
    """
    from warcio.archiveiterator import ArchiveIterator

    gzipped = path.lower().endswith(".gz")
    offset, probing, found = 0, False, False
    with open(path, "rb") as handle:
        while offset is not None:
            handle.seek(offset)
            records = ArchiveIterator(handle, check_digests=False)
            current = offset
            try:
                for record in records:
                    item = _page(path, record, max_bytes, on_skip)
                    current = offset + records.get_record_offset() + records.get_record_length()
                    probing, found = False, True
                    if item is not None:
                        yield item
                return
            except Exception as exc:  # warcio, zlib and header parsers raise many kinds; each is one damaged record
                if not probing:
                    found = True
                    yield ReadFailure(f"{path}@{current}", f"damaged WARC record at byte {current}: "
                                                           f"{type(exc).__name__}: {_short(exc)}")
                offset, probing = _next_record_start(handle, current + 1, gzipped), True
    if not found:
        raise BadInput("no WARC records found")


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "unreadable"


def _next_record_start(handle, start: int, gzipped: bool) -> int | None:
    """Offset of the next thing that looks like the start of a record (a gzip member or a WARC/1. line), or None."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    position = start
    handle.seek(position)
    carry = b""
    while True:
        chunk = handle.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        at = data.find(magic)
        if at >= 0:
            return position - len(carry) + at
        carry = data[-(len(magic) - 1):]
        position += len(chunk)


def _page(path: str, record, max_bytes: int, on_skip: SkipHandler | None) -> RawRecord | ReadFailure | None:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    name = f"{path}#{uri}"
    if record.rec_type == "revisit":
        _skip(on_skip, name, "revisit (page unchanged since an earlier record)")
    if record.rec_type not in PAGE_RECORDS:
        return None
    http = record.http_headers
    if record.rec_type == "response" and http is None:
        return None
    status = http.get_statuscode() if http is not None else "200"
    content_type = ((http.get_header("Content-Type") if http is not None else None)
                    or record.rec_headers.get_header("Content-Type") or "")
    mime = content_type.split(";")[0].strip().lower()
    if status != "200":
        _skip(on_skip, name, f"HTTP {status}")
        return None
    if mime not in HTML_TYPES:
        _skip(on_skip, name, f"not HTML ({mime or 'no content type'})")
        return None
    limit = max_bytes * HTML_MARKUP_FACTOR
    raw = record.content_stream().read(limit + 1)
    if len(raw) > limit:
        return ReadFailure(name, f"page is over the {limit / (1024 * 1024):g} MB limit")
    try:
        text = _decode(raw, content_type)
    except BadInput as exc:
        return ReadFailure(name, str(exc))
    return checked(html_record(name, text, url=uri or None, date=record.rec_headers.get_header("WARC-Date")),
                   max_bytes)


def _skip(on_skip: SkipHandler | None, name: str, reason: str) -> None:
    if on_skip is not None:
        on_skip(name, reason)


def _decode(raw: bytes, content_type: str) -> str:
    """The page's text in the charset its HTTP header names, else as any article file is decoded."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return raw.decode(value.strip().strip("\"'"))
            except (LookupError, UnicodeDecodeError):
                break
    return decode(raw)

