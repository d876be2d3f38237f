"""Running the loader pipeline into a store: read, skip what is already stored, extract, resolve, write, report."""
from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field

from graph.model import Article, ArticleGraph
from graph.schema import SchemaError
from graph.store import Counts, GraphStore, StoreError, StoreUnavailable
from kg.stories import StoryIndex
from loaders.dedupe import DuplicateSettings
from loaders.pipeline import ExtractionPool, ReadFailure, iter_articles, resolve_across


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
          extract: Callable[..., tuple[list[ArticleGraph], list[ReadFailure]]] | None = None) -> BuildReport:
    """Load articles into the store; only new or changed articles are extracted, and a changed file replaces its old version.

    The input is read in chunks of checkpoint_every() new articles: each chunk is read, checked for republished
    stories, extracted, written and saved in input order, so memory holds two chunks' articles (and a signature of
    each article read), the first checkpoint comes early, and a killed build keeps what it had saved and a re-run
    completes it. With workers > 1 (or another `extract`), a chunk is extracted while this process writes the
    chunk before it and reads the one after. Progress goes to
    `on_total(n)` with the number of new articles read so far and `on_done()` after each extracted article.
    `max_bytes` and `time_limit` cap each article's size and extraction time (defaults: KG_MAX_ARTICLE_BYTES,
    KG_EXTRACT_TIME_LIMIT). New articles that republish a story (stored, of an earlier chunk or new) get
    `duplicate_of` (settings: KG_DUPLICATE_THRESHOLD). `extract` does the extraction of a chunk with
    `extract_articles`' signature (by default an `ExtractionPool` of `workers` processes kept for the build;
    `loaders.dask_engine.DaskEngine().extract` runs it on a Dask cluster).
    """
    started = time.perf_counter()
    report = BuildReport()
    if rebuild:
        store.clear()
    stored_by_path = store.article_ids_by_path()
    stories = StoryIndex(store, duplicates)
    total = 0
    with ExitStack() as stack:
        in_process = extract is None and workers <= 1
        if extract is None:
            extract = stack.enter_context(ExtractionPool(workers)).extract
        ahead = None if in_process else stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="kg-extract"))
        pending: Future | None = None
        for chunk in new_articles(paths, store, report, max_bytes, checkpoint_every()):
            report.duplicates += stories.mark(chunk)
            total += len(chunk)
            if on_total:
                on_total(total)
            if ahead is None:
                _store_extracted(extract(chunk, workers=workers, on_done=on_done, time_limit=time_limit),
                                 store, stored_by_path, report)
                continue
            extracting = ahead.submit(extract, chunk, workers=workers, on_done=on_done, time_limit=time_limit)
            if pending is not None:
                _store_extracted(pending.result(), store, stored_by_path, report)
            pending = extracting
        if pending is not None:
            _store_extracted(pending.result(), store, stored_by_path, report)
    store.flush()
    report.counts = store.counts()
    report.seconds = time.perf_counter() - started
    return report


def _store_extracted(extracted: tuple[list[ArticleGraph], list[ReadFailure]], store: GraphStore,
                     stored_by_path: dict[str, str], report: BuildReport) -> None:
    """Write one extracted chunk and save the store: its checkpoint."""
    docs, failures = extracted
    report.failures.extend(failures)
    _write_chunk(resolve_across(docs), store, stored_by_path, report)
    store.flush()


def new_articles(paths: Iterable[str], store: GraphStore, report: BuildReport, max_bytes: int | None,
                 size: int) -> Iterator[list[Article]]:
    """The input's articles that are not stored yet, read lazily in lists of `size`; reading failures, skipped
    records and unchanged articles go to the report."""
    seen_ids: set[str] = set()
    chunk: list[Article] = []

    def skip(_name: str, reason: str) -> None:
        report.skipped[reason] += 1

    for item in iter_articles(paths, max_bytes=max_bytes, on_skip=skip):
        if isinstance(item, ReadFailure):
            report.failures.append(item)
            continue
        report.read += 1
        if item.id in seen_ids or store.has_article(item.id):
            report.unchanged += 1
            continue
        seen_ids.add(item.id)
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
