"""Running the loader pipeline into a store: read, skip what is already stored, extract, resolve, write, report."""
from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.model import Article, ArticleGraph
from graph.schema import SchemaError
from graph.store import Counts, GraphStore, StoreError, StoreUnavailable
from loaders.dedupe import DuplicateSettings, mark_duplicates
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across

DUPLICATE_WINDOW_DAYS = 7
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def checkpoint_every() -> int:
    """How many written articles between two saves of the store ($KG_CHECKPOINT_EVERY, default 500)."""
    return max(1, int(os.environ.get("KG_CHECKPOINT_EVERY", "500")))


@dataclass
class BuildReport:
    """What a build did: articles read, written, unchanged, replaced and failed (with reasons), and the graph after."""

    read: int = 0
    written: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    counts: Counts = field(default_factory=Counts)
    seconds: float = 0.0


def build(paths: Iterable[str], store: GraphStore, workers: int = 1, rebuild: bool = False,
          on_total: Callable[[int], None] | None = None, on_done: Callable[[], None] | None = None,
          max_bytes: int | None = None, time_limit: float | None = None,
          duplicates: DuplicateSettings | None = None,
          extract: Callable[..., tuple[list[ArticleGraph], list[ReadFailure]]] = extract_articles) -> BuildReport:
    """Load articles into the store; only new or changed articles are extracted, and a changed file replaces its old version.

    Progress goes to `on_total(n)` once the work is known and `on_done()` after each extracted article. `max_bytes`
    and `time_limit` cap each article's size and extraction time (defaults: KG_MAX_ARTICLE_BYTES, KG_EXTRACT_TIME_LIMIT).
    New articles that republish a story (stored or new) get `duplicate_of` (settings: KG_DUPLICATE_THRESHOLD).
    Articles are extracted and written in chunks of checkpoint_every(), and the store is saved after each chunk, so a
    killed build keeps what it had saved and a re-run completes it. `extract` does the extraction of a chunk (by
    default `extract_articles`; `loaders.dask_engine.DaskEngine().extract` runs it on a Dask cluster).
    """
    started = time.perf_counter()
    report = BuildReport()
    if rebuild:
        store.clear()
    stored_by_path = store.article_ids_by_path()
    pending = []
    seen_ids = set()
    def skip(_name: str, reason: str) -> None:
        report.skipped[reason] += 1

    for item in iter_articles(paths, max_bytes=max_bytes, on_skip=skip):
        if isinstance(item, ReadFailure):
            report.failures.append(item)
            continue
        report.read += 1
        if store.has_article(item.id) or item.id in seen_ids:
            report.unchanged += 1
            continue
        seen_ids.add(item.id)
        pending.append(item)
    if pending:
        report.duplicates = mark_duplicates(pending, stored_near(store, pending), duplicates)
    if on_total:
        on_total(len(pending))
    chunk = checkpoint_every()
    for first in range(0, len(pending), chunk):
        docs, failures = extract(pending[first:first + chunk], workers=workers, on_done=on_done,
                                 time_limit=time_limit)
        report.failures.extend(failures)
        _write_chunk(resolve_across(docs), store, stored_by_path, report)
        store.flush()
    store.flush()
    report.counts = store.counts()
    report.seconds = time.perf_counter() - started
    return report


def stored_near(store: GraphStore, articles: list[Article],
                days: int = DUPLICATE_WINDOW_DAYS) -> Iterator[Article]:
    """The stored articles a new one could republish: dated within `days` of a new article's date (undated ones
    only for undated new articles), read one by one, so a build never loads the whole archive's texts."""
    dates = {a.date for a in articles if a.date}
    undated = any(not a.date for a in articles)
    spread = {(date.fromisoformat(d) + timedelta(days=k)).isoformat() for d in dates for k in range(-days, days + 1)
              if _ISO_DAY.match(d)}
    for article_id, header in store.article_headers().items():
        when = (header.get("date") or "")[:10]
        if (when in spread) if when else undated:
            article = store.get_article(article_id)
            if article is not None:
                yield article


def _write_chunk(docs: list[ArticleGraph], store: GraphStore, stored_by_path: dict[str, str],
                 report: BuildReport) -> None:
    """Write a chunk in one batched call; if the store refuses it, write article by article so only the bad one fails.

    Writes are idempotent, so articles of a refused batch that were already written are simply written again.
    """
    for doc in docs:
        previous = stored_by_path.get(doc.article.path)
        if previous and previous != doc.article.id and store.has_article(previous):
            store.remove_article(previous)
            report.replaced += 1
    try:
        store.write_many(docs)
    except StoreUnavailable as exc:
        raise StoreUnavailable(f"{exc}; {report.written} articles were stored, run the same build again to finish") from exc
    except (StoreError, SchemaError):
        for doc in docs:
            try:
                store.write_article_graph(doc)
            except StoreUnavailable:
                raise
            except (StoreError, SchemaError) as exc:
                report.failures.append(ReadFailure(doc.article.path, f"could not be stored: {exc}"))
                continue
            report.written += 1
        return
    report.written += len(docs)
