"""Extraction engines side by side on one generated corpus: 1 process, 2 local processes, and a Dask local cluster.

    python benchmarks/bench_engines.py [--n 600] [--workers 2]

Each engine extracts and resolves the same articles (read once, up front); the Dask cluster's start-up is timed
apart from its extraction. Prints articles/s for each and the ratios to one process.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_gen import generate  # noqa: E402

from loaders.dask_engine import DaskEngine  # noqa: E402
from loaders.lexicon import get_lexicon  # noqa: E402
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across  # noqa: E402


def _timed(extract, articles) -> tuple[float, int]:
    started = time.perf_counter()
    docs, failures = extract(articles)
    resolve_across(docs)
    assert not failures, failures[:3]
    return time.perf_counter() - started, len(docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=600, help="generated articles")
    parser.add_argument("--workers", type=int, default=2, help="local processes and Dask workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        generate(args.n, 7, Path(tmp))
        articles = [a for a in iter_articles([tmp]) if not isinstance(a, ReadFailure)]
    get_lexicon()
    rows = []
    seconds, n = _timed(lambda arts: extract_articles(arts, workers=1), articles)
    rows.append(("1 process", seconds, n))
    seconds, n = _timed(lambda arts: extract_articles(arts, workers=args.workers), articles)
    rows.append((f"{args.workers} local processes", seconds, n))
    started = time.perf_counter()
    with DaskEngine(workers=args.workers) as engine:
        startup = time.perf_counter() - started
        seconds, n = _timed(engine.extract, articles)
    rows.append((f"Dask LocalCluster, {args.workers} workers", seconds, n))
    base = rows[0][2] / rows[0][1]
    print(f"{len(articles)} generated articles; extraction + resolution")
    for name, seconds, n in rows:
        rate = n / seconds
        print(f"  {name:32} {rate:8.1f} articles/s  {seconds:7.2f} s  {rate / base:5.2f}x of 1 process")
    print(f"  (Dask cluster start-up, not counted above: {startup:.1f} s)")


if __name__ == "__main__":
    main()
