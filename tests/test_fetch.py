"""`kg fetch` end to end against a news site served on 127.0.0.1: feeds, robots.txt, failures, re-runs, and the archive."""
from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from graph.store import open_store
from kg.build import build
from loaders.fetch import FetchOptions, fetch_feeds, read_feed_list

PAGES = Path(__file__).parent / "fixtures" / "news"
KG = str(Path(sys.executable).with_name("kg"))
DELAY = 0.2
FAST = ["--delay", str(DELAY), "--timeout", "0.6", "--retries", "1", "--backoff", "0.01", "--max-page-bytes", "200000",
        "--no-progress"]
ITEMS = ["/news/1", "/news/2", "/news/flaky", "/news/moved", "/news/missing", "/news/slow", "/news/big", "/news/loop",
         "/private/secret"]


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>خبر {i}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
                    for i, p in enumerate(paths))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خبرها</title>'
            f"<link>{base}/</link><description>آخرین خبرها</description>{items}</channel></rss>").encode()


def atom(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>استان‌ها</title>'
            f"<id>{base}/atom</id><updated>2026-11-30T08:00:00Z</updated>"
            f'<entry><title>شهر هوشمند</title><id>{base}/news/4</id><link href="{base}/news/4"/>'
            f"<updated>2026-11-30T08:00:00Z</updated></entry>"
            f'<entry><title>تکراری</title><id>{base}/news/1</id><link href="{base}/news/1"/>'
            f"<updated>2026-11-30T08:00:00Z</updated></entry></feed>").encode()


class QuietServer(ThreadingHTTPServer):
    """A threading server that does not print the clients that hang up on purpose (timeouts, oversized pages)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class NewsSite:
    """A small news site: its routes, and a log of every request it was sent (path, headers, time)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, dict, float]] = []
        self.flaky_calls = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.log.append((self.path, dict(self.headers), time.monotonic()))
                site.answer(self)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def send(self, handler, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
             headers: dict | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    def answer(self, handler) -> None:
        path = handler.path
        pages = {"/news/1": "national_agency.html", "/news/2": "provincial_broadcaster.html",
                 "/news/4": "municipality.html"}
        if path == "/robots.txt":
            self.send(handler, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/feed.xml":
            if handler.headers.get("If-None-Match") == '"feed-v1"':
                self.send(handler, 304, headers={"ETag": '"feed-v1"'})
            else:
                self.send(handler, 200, rss(self.base, ITEMS), "application/rss+xml", {"ETag": '"feed-v1"'})
        elif path == "/atom.xml":
            stamp = "Mon, 30 Nov 2026 08:00:00 GMT"
            if handler.headers.get("If-Modified-Since") == stamp:
                self.send(handler, 304)
            else:
                self.send(handler, 200, gzip.compress(atom(self.base)), "application/atom+xml",
                          {"Last-Modified": stamp, "Content-Encoding": "gzip"})
        elif path == "/damaged.xml":
            self.send(handler, 200, b"\x1f\x8b\x08\x00 not really gzip", "application/rss+xml",
                      {"Content-Encoding": "gzip"})
        elif path == "/broken.xml":
            self.send(handler, 200, "<html><body>این خوراک نیست <<<".encode(), "application/rss+xml")
        elif path in pages:
            self.send(handler, 200, (PAGES / pages[path]).read_bytes(), headers={"ETag": f'"{path}"'})
        elif path == "/news/flaky":
            self.flaky_calls += 1
            if self.flaky_calls == 1:
                self.send(handler, 500, b"<html>error</html>")
            else:
                self.send(handler, 200, (PAGES / "ministry_portal.html").read_bytes())
        elif path == "/news/moved":
            self.send(handler, 301, headers={"Location": "/news/4"})
        elif path == "/news/slow":
            time.sleep(1.5)
            self.send(handler, 200, b"<html>late</html>")
        elif path == "/news/big":
            self.send(handler, 200, b"<html><body>" + "خبر ".encode() * 60_000 + b"</body></html>")
        elif path == "/news/loop":
            self.send(handler, 302, headers={"Location": "/news/loop-again"})
        elif path == "/news/loop-again":
            self.send(handler, 302, headers={"Location": "/news/loop"})
        else:
            self.send(handler, 404, "<html>یافت نشد</html>".encode())

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _, _ in self.log]


@pytest.fixture
def site():
    news = NewsSite()
    news.thread.start()
    yield news
    news.server.shutdown()
    news.server.server_close()


def run_fetch(site: NewsSite, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([KG, "fetch", f"{site.base}/feed.xml", f"{site.base}/atom.xml", f"{site.base}/broken.xml",
                           "--out", str(out), *FAST, *extra], capture_output=True, text=True, timeout=120)


def archived(out: Path) -> list:
    records = []
    for warc in sorted(out.glob("*.warc.gz")):
        with open(warc, "rb") as handle:
            for record in ArchiveIterator(handle):
                records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                                record.rec_headers.get_header("WARC-Date"),
                                record.http_headers.get_statuscode() if record.http_headers else None,
                                dict(record.http_headers.headers) if record.http_headers else {},
                                record.content_stream().read()))
    return records


def test_fetch_archives_new_pages_reports_each_failure_and_asks_nothing_twice(site, tmp_path):
    out = tmp_path / "news"
    first = run_fetch(site, out)
    assert first.returncode == 0, first.stderr
    assert "feeds: 2 read, 0 unchanged, 1 failed; pages: 4 new, 1 unchanged, 5 failed" in first.stdout
    failures = {line.split(": ", 2)[1].removeprefix(site.base): line.split(": ", 2)[2]
                for line in first.stderr.splitlines() if line.startswith("failed: ")}
    assert failures["/broken.xml"].startswith("feed: not a valid RSS/Atom feed")
    assert failures["/news/missing"] == "HTTP 404"
    assert failures["/news/slow"].startswith("timed out")
    assert failures["/news/big"] == "page is over the 0.190735 MB limit"
    assert failures["/news/loop"] == "redirect loop"
    assert failures["/private/secret"] == "disallowed by robots.txt"
    assert len(failures) == 6

    paths = site.paths()
    assert paths.count("/robots.txt") == 1 and "/private/secret" not in paths
    assert paths.count("/news/flaky") == 2 and paths.count("/news/1") == 1
    assert paths.count("/news/slow") == 2
    assert all("iran-digigov-kg" in headers["User-Agent"] for _, headers, _ in site.log)
    times = [t for _, _, t in site.log]
    assert min(b - a for a, b in zip(times, times[1:])) >= DELAY - 0.05  # what the server logs, with some jitter

    records = archived(out)
    responses = {(uri.removeprefix(site.base), status) for kind, uri, _, status, _, _ in records if kind == "response"}
    assert {("/news/1", "200"), ("/news/flaky", "500"), ("/news/flaky", "200"), ("/news/moved", "301"),
            ("/news/4", "200"), ("/news/missing", "404"), ("/feed.xml", "200"), ("/robots.txt", "200")} <= responses
    requests = [r for r in records if r[0] == "request"]
    assert len(requests) == len([r for r in records if r[0] == "response"])
    assert all("iran-digigov-kg" in r[4].get("User-Agent", "") for r in requests)
    national = next(r for r in records if r[0] == "response" and r[1].endswith("/news/1"))
    assert national[2].endswith("Z") and national[4]["ETag"] == '"/news/1"'
    assert national[5] == (PAGES / "national_agency.html").read_bytes()
    atom_record = next(r for r in records if r[0] == "response" and r[1].endswith("/atom.xml"))
    assert atom_record[4].get("Content-Encoding") == "gzip" and atom_record[5].startswith(b"<?xml")

    before = len(site.log)
    second = run_fetch(site, out)
    assert second.returncode == 0, second.stderr
    again = [(p, h) for p, h, _ in site.log[before:]]
    assert sorted(p for p, _ in again) == ["/atom.xml", "/broken.xml", "/feed.xml", "/news/slow", "/news/slow",
                                          "/robots.txt"]
    feed_headers = dict(again)
    assert feed_headers["/feed.xml"]["If-None-Match"] == '"feed-v1"'
    assert feed_headers["/atom.xml"]["If-Modified-Since"] == "Mon, 30 Nov 2026 08:00:00 GMT"
    assert "feeds: 0 read, 2 unchanged, 1 failed; pages: 0 new, 0 unchanged, 1 failed" in second.stdout


def test_a_fetched_archive_builds_the_same_graph_as_the_pages_read_directly(site, tmp_path):
    out = tmp_path / "news"
    report = fetch_feeds([f"{site.base}/feed.xml", f"{site.base}/atom.xml"], out,
                         FetchOptions(delay=0.0, timeout=0.6, retries=1, backoff=0.01, max_page_bytes=200_000))
    assert report.pages_new == 4 and report.warc is not None
    from_warc = open_store("embedded", str(tmp_path / "from-warc"), writable=True)
    built = build([str(out)], from_warc)
    assert (built.read, built.written, built.failures) == (4, 4, [])
    assert built.skipped["HTTP 301"] == 1 and built.skipped["HTTP 500"] == 1
    direct = open_store("embedded", str(tmp_path / "direct"), writable=True)
    build(sorted(str(p) for p in PAGES.glob("*.html")), direct)
    assert {a.id for a in from_warc.articles()} == {a.id for a in direct.articles()}
    assert graph_of(from_warc) == graph_of(direct)
    assert from_warc.counts().nodes == direct.counts().nodes


def test_pages_of_two_hosts_are_taken_in_turn_and_each_host_keeps_its_delay(tmp_path):
    first, second = NewsSite(), NewsSite()
    for news in (first, second):
        news.thread.start()
    try:
        report = fetch_feeds([f"{first.base}/atom.xml", f"{second.base}/atom.xml"], tmp_path / "news",
                             FetchOptions(delay=0.3, timeout=5, retries=0))
    finally:
        for news in (first, second):
            news.server.shutdown()
            news.server.server_close()
    assert report.pages_new == 4 and not report.failures
    asked = sorted((t, name, path) for name, news in (("first", first), ("second", second))
                   for path, _, t in news.log if path.startswith("/news/"))
    assert [(name, path) for _, name, path in asked] == [("first", "/news/4"), ("second", "/news/4"),
                                                        ("first", "/news/1"), ("second", "/news/1")]
    for news in (first, second):
        times = [t for _, _, t in news.log]
        assert min(b - a for a, b in zip(times, times[1:])) >= 0.25


def graph_of(store) -> tuple:
    entities = {(e.id, e.type, e.name, tuple(sorted(e.aliases))) for e in store.entities()}
    relations = {(r.key_string, tuple(sorted((e.article, e.sentence, e.start, e.end) for e in r.evidence)))
                 for r in store.relations()}
    return entities, relations


def test_fetch_without_feeds_and_a_bad_feed_list_line_say_so(site, tmp_path):
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"# خوراک‌ها\n{site.base}/feed.xml  # IRNA\n\nftp://example.ir/feed\n", encoding="utf-8")
    urls, problems = read_feed_list(str(listed))
    assert urls == [f"{site.base}/feed.xml"]
    assert problems == [(f"{listed}:4", "not an http(s) URL: ftp://example.ir/feed")]
    nothing = subprocess.run([KG, "fetch", "--out", str(tmp_path / "x")], capture_output=True, text=True)
    assert nothing.returncode != 0 and "no feed URLs" in nothing.stderr
    only_broken = subprocess.run([KG, "fetch", f"{site.base}/broken.xml", f"{site.base}/damaged.xml",
                                  "--out", str(tmp_path / "y"), *FAST], capture_output=True, text=True)
    assert only_broken.returncode == 1 and "not a valid RSS/Atom feed" in only_broken.stderr
    assert f"{site.base}/damaged.xml: feed: damaged gzip body" in only_broken.stderr


def test_a_damaged_state_file_is_one_clear_error(tmp_path):
    out = tmp_path / "news"
    out.mkdir()
    (out / ".kg-fetch-state.json").write_text("{not json", encoding="utf-8")
    result = subprocess.run([KG, "fetch", "http://127.0.0.1:9/feed.xml", "--out", str(out), *FAST],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "damaged fetch state" in result.stderr and ".kg-fetch-state.json" in result.stderr
