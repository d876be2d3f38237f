"""What deriving tenures at read time costs: officeholders and career against reading the same positions alone, on a generated corpus.

Run: .venv/bin/python benchmarks/bench_tenure.py [--n 1000] [--repeat 20]
Prints the corpus's tenure figures, then p50/p95 milliseconds of reading an organisation's (or a person's) positions
(what a stored-date design would cost at least) beside the officeholders / career queries that derive the dates.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from graph.embedded import EmbeddedStore
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across
from loaders.tenure import POSITION
from queries import run_query
from queries.tenure import all_tenures, build_tenures

HERE = Path(__file__).parent


def timed(call, repeat: int) -> tuple[float, float]:
    """p50 and p95 milliseconds of `call()` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="articles to generate")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-tenure-"))
    subprocess.run([sys.executable, str(HERE / "corpus_gen.py"), "--n", str(args.n), "--out", str(work / "corpus")],
                   check=True, stdout=subprocess.DEVNULL)
    articles = [a for a in iter_articles([str(work / "corpus")]) if not isinstance(a, ReadFailure)]
    docs, _ = extract_articles(articles)
    store = EmbeddedStore(work / "kg", writable=True)
    store.write_many(resolve_across(docs))
    tenures = all_tenures(store)
    print(f"{len(articles)} articles, {sum(1 for _ in store.relations(POSITION))} positions, {len(tenures)} tenures: "
          f"{sum(1 for t in tenures if t.first_seen)} with first/last seen, "
          f"{sum(1 for t in tenures if t.appointed)} appointed, {sum(1 for t in tenures if t.ended)} ended, "
          f"{sum(1 for t in tenures if t.until_inferred)} closed by succession, "
          f"{sum(1 for t in tenures if t.review)} flagged for review")
    dates = {a.id: a.date for a in store.articles()}
    start = time.perf_counter()
    build_tenures(store.relations(POSITION), dates)
    print(f"all tenures of the store, derived once: {(time.perf_counter() - start) * 1000:.0f} ms")
    holders = Counter(t.organization for t in tenures)
    careers = Counter(t.person for t in tenures)
    for label, query, param, ids in (("organisation", "officeholders", "organization", holders),
                                     ("person", "career", "person", careers)):
        busiest = [i for i, _ in ids.most_common(10)]
        read = "targets" if param == "organization" else "sources"

        def read_positions():
            for entity in busiest:
                store.relations_for(POSITION, **{read: [entity]})

        def derive():
            for entity in busiest:
                run_query(store, query, **{param: entity})

        base, derived = timed(read_positions, args.repeat), timed(derive, args.repeat)
        per = 1 / len(busiest)
        print(f"{label} (10 busiest, up to {ids.most_common(1)[0][1]} tenures): read positions "
              f"p50 {base[0] * per:.2f} / p95 {base[1] * per:.2f} ms; {query} p50 {derived[0] * per:.2f} / "
              f"p95 {derived[1] * per:.2f} ms")
    store.close()


if __name__ == "__main__":
    main()
