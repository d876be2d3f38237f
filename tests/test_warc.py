"""WARC archives as input: HTML responses become articles, other records are counted by reason, damage is one error."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from loaders.articles import iter_articles
from loaders.pipeline import ReadFailure

PAGES = Path(__file__).parent / "fixtures" / "news"
KG = [str(Path(sys.executable).with_name("kg"))]


def response(writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK", content_type: str = "text/html",
             date: str = "2026-11-30T08:00:00Z") -> None:
    """Append one HTTP response record."""
    headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def write_archive(path: Path, gzipped: bool = True) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        response(writer, "https://www.irna.ir/news/85012345/", page("national_agency.html"))
        response(writer, "https://www.irna.ir/missing", b"<html><body>not found</body></html>", status="404 Not Found")
        response(writer, "https://www.irna.ir/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
        response(writer, "https://kerman.iribnews.ir/news/1", page("provincial_broadcaster.html"),
                 content_type="text/html; charset=utf-8")
        response(writer, "https://www.ict.gov.ir/news/7", page("ministry_portal.html"),
                 date="2026-11-09T09:00:00Z")
        response(writer, "https://www.irna.ir/moved", b"", status="301 Moved Permanently")


def read(paths, **options):
    skipped = Counter()
    items = list(iter_articles([str(p) for p in paths], on_skip=lambda _n, reason: skipped.update([reason]),
                               **options))
    return ([i for i in items if not isinstance(i, ReadFailure)], [i for i in items if isinstance(i, ReadFailure)],
            skipped)


@pytest.mark.parametrize("gzipped", [True, False])
def test_html_responses_become_articles_and_the_rest_is_counted_by_reason(tmp_path, gzipped):
    archive = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    write_archive(archive, gzipped)
    articles, failures, skipped = read([archive])
    assert not failures
    assert skipped == {"HTTP 404": 1, "HTTP 301": 1, "not HTML (image/png)": 1}
    by_uri = {a.path.split("#", 1)[1]: a for a in articles}
    assert list(by_uri) == ["https://www.irna.ir/news/85012345/", "https://kerman.iribnews.ir/news/1",
                            "https://www.ict.gov.ir/news/7"]
    assert all(a.path.startswith(f"{archive}#") for a in articles)
    national = by_uri["https://www.irna.ir/news/85012345/"]
    assert (national.date_jalali, national.source) == ("1404-09-28", "ایرنا")
    assert by_uri["https://kerman.iribnews.ir/news/1"].url == "https://kerman.iribnews.ir/news/1"
    assert by_uri["https://www.ict.gov.ir/news/7"].date_jalali == "1404-08-18"


def test_the_fetch_date_is_used_when_the_page_has_none(tmp_path):
    archive = tmp_path / "one.warc.gz"
    body = "<html><body><article><p>وزیر ارتباطات و فناوری اطلاعات امروز از مرکز داده استان قزوین بازدید کرد.</p>" \
           "</article></body></html>"
    with open(archive, "wb") as out:
        response(WARCWriter(out, gzip=True), "https://example.ir/a", body.encode(), date="2026-11-30T08:00:00Z")
    (article,), _, _ = read([archive])
    assert (article.date, article.url) == ("2026-11-30", "https://example.ir/a")


def test_a_date_written_in_the_story_comes_before_the_fetch_date(tmp_path):
    archive = tmp_path / "one.warc.gz"
    body = "<html><body><article><p>وزیر ارتباطات روز شنبه ۲۹ آذر ۱۴۰۴ از مرکز داده استان قزوین بازدید کرد.</p>" \
           "</article></body></html>"
    with open(archive, "wb") as out:
        response(WARCWriter(out, gzip=True), "https://example.ir/b", body.encode(), date="2026-11-30T08:00:00Z")
    (article,), _, _ = read([archive])
    assert article.date_jalali == "1404-09-29"


def test_revisit_records_are_counted_not_read(tmp_path):
    archive = tmp_path / "revisit.warc.gz"
    with open(archive, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, "https://www.irna.ir/news/85012345/", page("national_agency.html"))
        writer.write_record(writer.create_revisit_record("https://www.irna.ir/news/85012345/", digest="sha1:AAAA",
                                                         refers_to_uri="https://www.irna.ir/news/85012345/",
                                                         refers_to_date="2026-11-30T08:00:00Z"))
    articles, failures, skipped = read([archive])
    assert len(articles) == 1 and not failures
    assert skipped == {"revisit (page unchanged since an earlier record)": 1}


def test_the_same_pages_read_from_an_archive_and_from_files_are_the_same_articles(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    from_archive, _, _ = read([archive])
    from_files, _, _ = read(sorted(PAGES.glob("*.html")))
    assert {a.id for a in from_archive} < {a.id for a in from_files}


def test_a_damaged_record_is_one_error_and_the_records_after_it_are_read(tmp_path):
    good = tmp_path / "crawl.warc.gz"
    write_archive(good)
    data = bytearray(good.read_bytes())
    members = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    second_page = members[2]
    for i in range(second_page + 40, second_page + 400):
        data[i] ^= 0x5A
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    articles, failures, _ = read([damaged])
    assert len(failures) == 1 and "damaged WARC record at byte" in failures[0].reason
    assert failures[0].path == f"{damaged}@{second_page}"
    assert [a.path.split("#", 1)[1] for a in articles] == ["https://www.irna.ir/news/85012345/",
                                                           "https://kerman.iribnews.ir/news/1",
                                                           "https://www.ict.gov.ir/news/7"]


def test_a_file_that_is_not_a_warc_is_one_clear_failure(tmp_path):
    bad = tmp_path / "notes.warc.gz"
    bad.write_bytes(gzip.compress("این یک بایگانی نیست".encode()))
    articles, failures, _ = read([bad])
    assert not articles and len(failures) == 1 and failures[0].path.startswith(str(bad))


def test_an_oversized_page_in_an_archive_is_refused_and_the_next_is_read(tmp_path):
    archive = tmp_path / "big.warc.gz"
    with open(archive, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, "https://example.ir/big", b"<html><body>" + "خبر ".encode() * 200_000 + b"</body></html>")
        response(writer, "https://www.irna.ir/news/85012345/", page("national_agency.html"))
    articles, failures, _ = read([archive], max_bytes=100_000)
    assert [f.path for f in failures] == [f"{archive}#https://example.ir/big"]
    assert "over the" in failures[0].reason and len(articles) == 1


def test_reading_a_large_archive_keeps_memory_bounded(tmp_path):
    archive = tmp_path / "many.warc.gz"
    body = page("national_agency.html")
    with open(archive, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(24):
            response(writer, f"https://example.ir/img{n}.jpg", os.urandom(1024 * 1024), content_type="image/jpeg")
        response(writer, "https://www.irna.ir/news/85012345/", body)
    assert archive.stat().st_size > 24 * 1024 * 1024
    tracemalloc.start()
    try:
        articles, _, skipped = read([archive])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(articles) == 1 and skipped == {"not HTML (image/jpeg)": 24}
    assert peak < 8 * 1024 * 1024


def test_kg_extract_and_build_read_an_archive_and_report_skipped_records(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    extracted = subprocess.run([*KG, "extract", str(archive)], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert len(lines) == 3
    assert "skipped archive records: 1 HTTP 301, 1 HTTP 404, 1 not HTML (image/png)" in extracted.stderr
    built = subprocess.run([*KG, "build", "--no-progress", "--data", str(tmp_path / "kg"), str(archive)],
                           capture_output=True, text=True, check=True)
    assert "3 read, 3 written" in built.stdout
    assert "skipped archive records" in built.stderr
