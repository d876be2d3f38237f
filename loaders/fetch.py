"""Following news feeds politely: RSS/Atom items downloaded once each and archived exactly, with headers, in WARC files."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
import urllib.robotparser
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from filelock import FileLock, Timeout

STATE_FILE = ".kg-fetch-state.json"
LOCK_FILE = ".fetch.lock"
WARC_PREFIX = "fetch-"
REDIRECTS = (301, 302, 303, 307, 308)
RETRIED = (429, 500, 502, 503, 504)
# A page that failed like this would fail the same way next time: remembered, and not asked for again.
PERMANENT_REASONS = ("page is over", "redirect loop", "too many redirects", "disallowed by robots.txt",
                     "unsupported URL")
PERMANENT_STATUSES = (400, 401, 403, 404, 405, 410, 414, 451)
_CHUNK = 64 * 1024


def _project_version() -> str:
    try:
        return version("iran-digigov-kg")
    except PackageNotFoundError:
        return "dev"


USER_AGENT = f"iran-digigov-kg/{_project_version()} (news reader of the Iran digital-government knowledge graph)"


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch: the defaults suit news sites; tests shorten the waits."""

    timeout: float = 30.0
    delay: float = 2.0
    retries: int = 3
    backoff: float = 2.0
    max_retry_wait: float = 60.0
    max_page_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    refresh: bool = False
    user_agent: str = USER_AGENT


@dataclass
class FetchReport:
    """What one run did: feeds read, pages new, unchanged and failed (each with its reason), and the WARC written."""

    feeds_read: int = 0
    feeds_unchanged: int = 0
    pages_new: int = 0
    pages_unchanged: int = 0
    feed_failures: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    warc: Path | None = None
    requests: int = 0

    def failure_reasons(self) -> Counter:
        """Page failures counted by reason (the HTTP status or the kind of error), without the URLs."""
        return Counter(reason.split(" (", 1)[0] for _, reason in self.failures)


class FetchError(Exception):
    """A page or feed that could not be fetched, and why (one line)."""


@dataclass
class Fetched:
    """One HTTP exchange as it happened: the request sent and the response received, its body as sent."""

    url: str
    started: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.response_headers:
            if key.lower() == name.lower():
                return value
        return None


def read_feed_list(path: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Feed URLs from a file, one a line ('#' starts a comment), and a (file:line, reason) for each bad line."""
    urls, problems = [], []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            url = words[0]
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                problems.append((f"{path}:{number}", f"not an http(s) URL: {url[:100]}"))
                continue
            urls.append(url)
    return urls, problems


class FetchState:
    """What earlier runs fetched, kept as JSON in the output directory: feed validators and every page's outcome."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / STATE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FetchError(f"{self.path}: damaged fetch state ({exc}); move it away to fetch everything again") \
                from None
        self.feeds: dict[str, dict] = data.get("feeds", {})
        self.pages: dict[str, dict] = data.get("pages", {})

    def save(self) -> None:
        """Write the state atomically, so a killed run leaves the previous state or the new one."""
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"feeds": self.feeds, "pages": self.pages}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
        os.replace(temporary, self.path)

    def settled(self, url: str) -> bool:
        """True when the page was archived, or failed in a way that asking again would not change."""
        page = self.pages.get(url)
        return bool(page) and (page.get("status") == 200 or page.get("permanent", False))


class WarcArchive:
    """A WARC file of this run, created at the first record: a request and a response record per exchange."""

    def __init__(self, directory: Path, started: dt.datetime) -> None:
        self.path = directory / f"{WARC_PREFIX}{started.strftime('%Y%m%dT%H%M%S%fZ')}.warc.gz"
        self._handle = None
        self._writer = None

    def write(self, exchange: Fetched) -> None:
        """Archive one exchange: its request headers, then the response status, headers and body as received."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        if self._writer is None:
            self._handle = open(self.path, "xb")
            self._writer = WARCWriter(self._handle, gzip=True)
            self._writer.write_record(self._writer.create_warcinfo_record(
                self.path.name, {"software": USER_AGENT, "format": "WARC File Format 1.1"}))
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        response_headers = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                            _archived_headers(exchange.response_headers, len(exchange.body)),
                                            protocol="HTTP/1.1")
        response = self._writer.create_warc_record(exchange.url, "response", payload=io.BytesIO(exchange.body),
                                                   http_headers=response_headers,
                                                   warc_headers_dict={"WARC-Date": exchange.started})
        request_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", exchange.request_headers, is_http_request=True)
        request = self._writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), http_headers=request_headers,
            warc_headers_dict={"WARC-Date": exchange.started,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
        self._writer.write_record(request)
        self._writer.write_record(response)
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    @property
    def written(self) -> bool:
        return self._writer is not None


def _archived_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """The response headers as received, but for the transfer framing the HTTP client already undid."""
    kept = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding", "content-length")]
    return [*kept, ("Content-Length", str(length))]


class PoliteClient:
    """GET with robots.txt, a per-host delay, retries with backoff, a size and time limit, and bounded redirects."""

    def __init__(self, options: FetchOptions, archive: Callable[[Fetched], None],
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.archive = archive
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, conditional: dict | None = None) -> Fetched:
        """The final response for a URL after redirects (each hop archived), or FetchError saying why not."""
        seen = {url}
        current = url
        for _ in range(self.options.max_redirects + 1):
            exchange = self._get_with_retries(current, conditional if current == url else None)
            if exchange.status not in REDIRECTS:
                return exchange
            location = exchange.header("Location")
            if not location:
                return exchange
            self.archive(exchange)
            current = urljoin(current, location)
            if current in seen:
                raise FetchError("redirect loop")
            seen.add(current)
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})")

    def _get_with_retries(self, url: str, conditional: dict | None) -> Fetched:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"unsupported URL: {url[:100]}")
        self._check_robots(url)
        attempt = 0
        while True:
            try:
                exchange = self._get_once(url, conditional)
            except FetchError as exc:
                if not str(exc).startswith(("timed out", "connection failed")) or attempt >= self.options.retries:
                    raise
                wait = self.options.backoff * 2 ** attempt
            else:
                if exchange.status not in RETRIED:
                    return exchange
                if attempt >= self.options.retries:
                    self.archive(exchange)
                    raise FetchError(f"HTTP {exchange.status} after {attempt + 1} tries")
                self.archive(exchange)
                wait = self._retry_after(exchange) or self.options.backoff * 2 ** attempt
            attempt += 1
            self.sleep(min(wait, self.options.max_retry_wait))

    def _retry_after(self, exchange: Fetched) -> float | None:
        value = exchange.header("Retry-After")
        return float(value) if value and value.strip().isdigit() else None

    def _wait_for_host(self, host: str) -> None:
        delay = self.options.delay
        robots = self._robots.get(host)
        if isinstance(robots, urllib.robotparser.RobotFileParser):
            delay = max(delay, float(robots.crawl_delay(self.options.user_agent) or 0))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def _get_once(self, url: str, conditional: dict | None) -> Fetched:
        host = urlsplit(url).netloc
        self._wait_for_host(host)
        started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = dict(conditional or {})
        deadline = time.monotonic() + self.options.timeout
        self.requests += 1
        try:
            with self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                  timeout=(self.options.timeout, self.options.timeout)) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.options.max_page_bytes:
                    raise FetchError(self._too_big())
                body = bytearray()
                for chunk in response.raw.stream(_CHUNK, decode_content=False):
                    body += chunk
                    if len(body) > self.options.max_page_bytes:
                        raise FetchError(self._too_big())
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out (no complete answer within {self.options.timeout:g} s)")
                return Fetched(url=url, started=started, request_headers=list(response.request.headers.items()),
                               status=response.status_code, reason=response.reason or "",
                               response_headers=list(response.raw.headers.items()), body=bytes(body))
        except (requests.Timeout, urllib3.exceptions.TimeoutError):
            raise FetchError(f"timed out (no answer within {self.options.timeout:g} s)") from None
        except requests.ConnectionError as exc:
            raise FetchError(f"connection failed: {_first_line(exc)}") from None
        except requests.RequestException as exc:
            raise FetchError(f"request failed: {_first_line(exc)}") from None
        except Exception as exc:  # urllib3 raises its own errors for broken streams; each is one failed page
            if isinstance(exc, FetchError):
                raise
            raise FetchError(f"connection failed: {type(exc).__name__}: {_first_line(exc)}") from None

    def _too_big(self) -> str:
        return f"page is over the {self.options.max_page_bytes / (1024 * 1024):g} MB limit"

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self._robots:
            self._robots[host] = self._load_robots(f"{parts.scheme}://{host}/robots.txt")
        robots = self._robots[host]
        if isinstance(robots, str):
            raise FetchError(robots)
        if not robots.can_fetch(self.options.user_agent, url):
            raise FetchError("disallowed by robots.txt")

    def _load_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | str:
        """The host's robots.txt rules; missing (4xx) allows everything, unreachable means not this run."""
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            exchange = self._get_once(robots_url, None)
            for _ in range(self.options.max_redirects):
                if exchange.status not in REDIRECTS or not exchange.header("Location"):
                    break
                self.archive(exchange)
                exchange = self._get_once(urljoin(exchange.url, exchange.header("Location")), None)
        except FetchError as exc:
            return f"robots.txt unavailable ({exc})"
        self.archive(exchange)
        if 400 <= exchange.status < 500:
            parser.allow_all = True
        elif exchange.status != 200:
            return f"robots.txt unavailable (HTTP {exchange.status})"
        else:
            try:
                parser.parse(_decoded(exchange).decode("utf-8", errors="replace").splitlines())
            except FetchError as exc:
                return f"robots.txt unavailable ({exc})"
        return parser


def _decoded(exchange: Fetched) -> bytes:
    """The body without its content encoding (gzip or deflate), as a parser needs it; FetchError if it is damaged."""
    encoding = (exchange.header("Content-Encoding") or "").lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(exchange.body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(exchange.body)
            except zlib.error:
                return zlib.decompress(exchange.body, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise FetchError(f"damaged {encoding} body ({exc})") from None
    return exchange.body


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _entry_links(parsed) -> Iterator[str]:
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            link = next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if link:
            yield link.strip()


def fetch_feeds(feeds: Iterable[str], directory: str | os.PathLike, options: FetchOptions = FetchOptions(),
                on_total: Callable[[int], None] | None = None, on_page: Callable[[str], None] | None = None,
                sleep: Callable[[float], None] = time.sleep) -> FetchReport:
    """Read each feed and archive every item page not fetched before into a new WARC file under `directory`.

    Feeds are asked with their last ETag / Last-Modified; pages already archived (or gone for good) are not asked
    for again unless `options.refresh`, which re-asks them conditionally; pages that failed for a passing reason
    (5xx, timeout, connection) are tried again on every run, even when no feed has changed. State is saved after every page, so a
    killed run loses nothing it archived. Progress goes to `on_total(n)` once the pages are known and `on_page(url)`
    after each.
    """
    import feedparser

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    try:
        lock = FileLock(str(out / LOCK_FILE), timeout=0)
        lock.acquire()
    except Timeout:
        raise FetchError(f"{out} is being fetched into by another kg fetch") from None
    report = FetchReport()
    try:
        state = FetchState(out)
    except FetchError:
        lock.release()
        raise
    archive = WarcArchive(out, dt.datetime.now(dt.timezone.utc))
    client = PoliteClient(options, archive.write, sleep=sleep)
    try:
        pages: list[str] = []
        for feed in dict.fromkeys(feeds):
            known = state.feeds.get(feed, {})
            conditional = _conditional_headers(known)
            try:
                exchange = client.get(feed, conditional)
            except FetchError as exc:
                report.feed_failures.append((feed, str(exc)))
                continue
            archive.write(exchange)
            if exchange.status == 304:
                report.feeds_unchanged += 1
                continue
            if exchange.status != 200:
                report.feed_failures.append((feed, f"HTTP {exchange.status}"))
                continue
            try:
                body = _decoded(exchange)
            except FetchError as exc:
                report.feed_failures.append((feed, str(exc)))
                continue
            parsed = feedparser.parse(io.BytesIO(body), response_headers={
                k.lower(): v for k, v in exchange.response_headers if k.lower() == "content-type"})
            links = list(_entry_links(parsed))
            if parsed.get("bozo") and not links:
                problem = _first_line(parsed.get("bozo_exception") or ValueError("no items"))
                report.feed_failures.append((feed, f"not a valid RSS/Atom feed ({problem})"))
                continue
            report.feeds_read += 1
            state.feeds[feed] = {"etag": exchange.header("ETag"), "last_modified": exchange.header("Last-Modified"),
                                 "fetched": exchange.started, "items": len(links)}
            pages.extend(urljoin(feed, link) for link in links)
        pages.extend(url for url, page in state.pages.items() if page.get("status") is None
                     and not page.get("permanent"))
        pages = _interleaved_by_host(dict.fromkeys(pages))
        if on_total:
            on_total(len(pages))
        for page in pages:
            _fetch_page(page, client, archive, state, report, options)
            state.save()
            if on_page:
                on_page(page)
        state.save()
    finally:
        client.close()
        archive.close()
        lock.release()
    report.warc = archive.path if archive.written else None
    report.requests = client.requests
    return report


def _conditional_headers(known: dict) -> dict[str, str]:
    """The headers of a conditional GET from what the state remembers of a URL (its ETag and Last-Modified)."""
    return {k: v for k, v in (("If-None-Match", known.get("etag")),
                              ("If-Modified-Since", known.get("last_modified"))) if v}


def _interleaved_by_host(pages: Iterable[str]) -> list[str]:
    """The pages taken from each host in turn (each host's in their order), so that one host's delay is spent on
    another host's page instead of waiting."""
    by_host: dict[str, list[str]] = {}
    for page in pages:
        by_host.setdefault(urlsplit(page).netloc, []).append(page)
    queues = list(by_host.values())
    return [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]


def _fetch_page(url: str, client: PoliteClient, archive: WarcArchive, state: FetchState, report: FetchReport,
                options: FetchOptions) -> None:
    known = state.pages.get(url)
    if state.settled(url) and not (options.refresh and known.get("status") == 200):
        report.pages_unchanged += 1
        return
    conditional = {}
    if known and known.get("status") == 200:
        conditional = _conditional_headers(known)
    try:
        exchange = client.get(url, conditional)
    except FetchError as exc:
        _fail(url, str(exc), str(exc).startswith(PERMANENT_REASONS), state, report)
        return
    archive.write(exchange)
    if exchange.status == 304:
        report.pages_unchanged += 1
        return
    if exchange.status != 200:
        _fail(url, f"HTTP {exchange.status}", exchange.status in PERMANENT_STATUSES, state, report)
        return
    report.pages_new += 1
    for fetched in dict.fromkeys([url, exchange.url]):
        state.pages[fetched] = {"status": 200, "etag": exchange.header("ETag"),
                                "last_modified": exchange.header("Last-Modified"), "fetched": exchange.started,
                                "warc": archive.path.name, "final_url": exchange.url}


def _fail(url: str, reason: str, permanent: bool, state: FetchState, report: FetchReport) -> None:
    report.failures.append((url, reason))
    previous = state.pages.get(url, {})
    state.pages[url] = {"status": None, "reason": reason, "permanent": permanent,
                        "tries": int(previous.get("tries", 0)) + 1, "fetched": dt.datetime.now(
                            dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
