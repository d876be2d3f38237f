"""Benchmark: reading a generated WARC (pages among large binary records) and finding republished copies.

Prints the archive's size, the pages read per second and the peak Python memory while reading it (tracemalloc, in a
second traced run), then the time to find duplicates among N generated articles, a fifth of them republished copies.

    .venv/bin/python benchmarks/bench_news.py
    .venv/bin/python benchmarks/bench_news.py --pages 400 --binary-mib 200 --articles 5000
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from graph.model import Article, article_id  # noqa: E402
from loaders.dedupe import find_duplicates  # noqa: E402
from loaders.reader import ReadFailure, read_records  # noqa: E402

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "news"
WORDS = ("وزیر استاندار سامانه دولت هوشمند استان مرکز داده شبکه ملی اطلاعات فیبر نوری دانشگاه شورای فضای مجازی "
         "افتتاح بازدید نشست گفت افزود پروژه طرح برنامه خدمات الکترونیک دستگاه اجرایی سازمان فناوری").split()


def write_archive(path: Path, pages: int, binary_mib: int, seed: int = 3) -> None:
    """A WARC of `pages` HTML pages (the fixture pages with a varied paragraph) between binary records."""
    rng = random.Random(seed)
    templates = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html"))]
    binary_every = max(1, pages // max(1, binary_mib))
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(pages):
            extra = " ".join(rng.choice(WORDS) for _ in range(60))
            body = templates[n % len(templates)].replace("</article>", f"<p>{extra}.</p></article>").encode()
            _response(writer, f"https://example.ir/news/{n}", body, "text/html; charset=utf-8")
            if n % binary_every == 0:
                _response(writer, f"https://example.ir/img/{n}.jpg", os.urandom(1024 * 1024), "image/jpeg")


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def read_all(path: Path) -> int:
    return sum(1 for item in read_records([str(path)], 5 * 1024 * 1024) if not isinstance(item, ReadFailure))


def generated_articles(count: int, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        if n % 5 == 4:
            source = articles[rng.randrange(len(articles))].text.split("\n")
            text = "\n".join([f"خبر بازنشر شده شماره {n} با تیتر دیگر", *source[1:]])
        else:
            text = "\n".join(" ".join(rng.choice(WORDS) for _ in range(25)) for _ in range(6))
        articles.append(Article(id=article_id(text), text=text, date=f"2025-12-{1 + n % 28:02d}"))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--binary-mib", type=int, default=50)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bench.warc.gz"
        write_archive(archive, args.pages, args.binary_mib)
        started = time.perf_counter()
        read = read_all(archive)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        read_all(archive)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"warc: {archive.stat().st_size / 2**20:.1f} MiB, {read} pages read in {seconds:.1f} s "
              f"({read / seconds:.1f} pages/s), peak Python memory {peak / 2**20:.1f} MiB, "
              f"process peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    articles = generated_articles(args.articles)
    started = time.perf_counter()
    links = find_duplicates(articles)
    seconds = time.perf_counter() - started
    expected = args.articles // 5
    print(f"duplicates: {len(links)} found among {args.articles} articles ({expected} republished copies made) "
          f"in {seconds:.1f} s ({args.articles / seconds:.0f} articles/s)")


if __name__ == "__main__":
    main()
