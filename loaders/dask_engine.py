"""Extraction on a Dask cluster: partitions of articles mapped over the workers, results gathered in input order.

`DaskEngine()` starts a `distributed.LocalCluster` with one single-threaded worker process per core; give it a
scheduler address (`tcp://host:8786`) to use a running cluster instead. Its `extract` has the signature of
`loaders.pipeline.extract_articles`, so `kg.build.build` runs the same resolve and write steps after it: an article
that fails is one failure line as before, and a partition that fails as a whole (a worker lost, a task error) makes
one failure line for each of its articles, naming the partition and the reason. Workers run tasks in threads, where
the per-article time limit (a SIGALRM in the main thread) cannot fire: on Dask an article has no time limit.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from graph.model import Article, ArticleGraph
from loaders.articles import ReadFailure
from loaders.lexicon import get_lexicon
from loaders.pipeline import _extract_chunk, _time_limit

MAX_PARTITION = 64


def extract_partition(articles: list[Article], time_limit: float) -> list[ArticleGraph | ReadFailure]:
    """One partition's results, extracted on a worker (the lexicons load once per worker process)."""
    return _extract_chunk((articles, time_limit))


def warm_up() -> None:
    """Load the lexicons and the normaliser on a worker, once, before its first partition."""
    from loaders.articles import normalise_text

    get_lexicon()
    normalise_text("آماده")


def partitions(articles: list[Article], workers: int) -> list[list[Article]]:
    """Consecutive partitions, about four per worker and at most MAX_PARTITION articles each."""
    size = max(1, min(MAX_PARTITION, len(articles) // (max(1, workers) * 4) or 1))
    return [articles[i:i + size] for i in range(0, len(articles), size)]


class DaskEngine:
    """A Dask client for extraction: a local cluster of its own, or the scheduler at `scheduler`."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                        processes=True, host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.run(warm_up)

    def worker_count(self) -> int:
        """How many workers the scheduler has now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def extract(self, articles: list[Article], workers: int = 1, on_done: Callable[[], None] | None = None,
                time_limit: float | None = None) -> tuple[list[ArticleGraph], list[ReadFailure]]:
        """Extract the articles on the cluster, in input order (`workers` is ignored: the cluster decides)."""
        limit = _time_limit() if time_limit is None else time_limit
        parts = partitions(articles, self.worker_count())
        futures = self.client.map(extract_partition, parts, [limit] * len(parts), pure=False)
        docs: list[ArticleGraph] = []
        failures: list[ReadFailure] = []
        for number, (part, future) in enumerate(zip(parts, futures)):
            try:
                results = future.result()
            except Exception as exc:  # the whole partition failed: each of its articles is reported
                reason = f"partition {number} failed on the Dask cluster: {type(exc).__name__}: {exc}"
                results = [ReadFailure(a.path or a.id, reason) for a in part]
            for result in results:
                (failures if isinstance(result, ReadFailure) else docs).append(result)
                if on_done:
                    on_done()
        return docs, failures

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
