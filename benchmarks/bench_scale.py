"""Builds a generated corpus into the embedded store and into Neo4j, then times every named query on both, side by side.

    python benchmarks/bench_scale.py --n 20000 --workers 2            # the issue's measurement
    python benchmarks/bench_scale.py --n 500 --skip-neo4j             # a quick look

Prints, per store: wall time, articles per second, peak memory (largest process of the build), store size on disk;
then the p50 / p95 latency of every named query on both stores. Targets: the 20,000-article embedded build under
10 minutes and 4 GB; query p95 under 500 ms (embedded) and 200 ms (Neo4j).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_gen import generate  # noqa: E402

KG = str(ROOT / ".venv" / "bin" / "kg")


def disk_size(path: Path) -> int:
    """Bytes used by the files under a directory."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed_build(corpus: Path, env: dict, args: list[str]) -> dict:
    """Run `kg build` in a child process and measure wall time and the peak memory of its largest process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run([KG, "build", str(corpus), "--no-progress", *args], env={**os.environ, **env},
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"kg build failed:\n{result.stdout}\n{result.stderr}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = next(line for line in result.stdout.splitlines() if line.startswith("articles:"))
    return {"seconds": seconds, "peak_mib": max(peak_kib, before) / 1024, "summary": summary}


def pick_parameters(store) -> dict[str, dict]:
    """Realistic parameters for each named query, drawn from the built graph: hubs, busy provinces, real facts."""
    from collections import Counter

    degree = Counter()
    for rel in store.relations():
        if rel.type != "MENTIONED_IN":
            degree[rel.source] += 1
            degree[rel.target] += 1
    people = [e for e in store.entities("Person")]
    hub = max(people, key=lambda e: (degree[e.id], e.id))
    province = max(store.entities("Province"), key=lambda e: (degree[e.id], e.id))
    organisation = max(store.entities("Organization"), key=lambda e: (degree[e.id], e.id))
    fact = next(store.relations("HOLDS_POSITION", source=hub.id), None) or next(store.relations("HOLDS_POSITION"))
    other = random.Random(3).choice(sorted(people, key=lambda e: e.id))
    return {
        "search": {"text": hub.name.split()[-1]},
        "profile": {"entity": hub.id},
        "neighbourhood": {"entity": hub.id, "depth": 2, "limit": 200},
        "paths": {"source": hub.id, "target": other.id},
        "province_officials": {"province": province.id},
        "province_projects": {"province": province.id},
        "organization_projects": {"organization": organisation.id},
        "meetings": {"entity": hub.id},
        "evidence": {"source": fact.source, "target": fact.target},
        "rankings": {"metric": "pagerank", "limit": 20},
        "communities": {},
        "timeline": {"entity": hub.id},
        "articles": {"limit": 50},
    }


def query_latencies(store, params: dict[str, dict], repeats: int) -> dict[str, tuple[float, float]]:
    """p50 and p95 in milliseconds of each named query, after one warm-up run."""
    from queries.registry import list_queries, run_query

    out = {}
    for query in list_queries():
        values = params.get(query.name, {})
        run_query(store, query.name, **values)
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            run_query(store, query.name, **values)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        out[query.name] = (statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--corpus", type=Path, help="reuse a generated corpus instead of writing a new one")
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-scale-"))
    corpus = args.corpus or work / "corpus"
    if not args.corpus:
        started = time.perf_counter()
        generate(args.n, seed=7, out=corpus)
        print(f"generated {args.n} articles in {time.perf_counter() - started:.1f} s under {corpus}")
    n_files = sum(1 for _ in corpus.rglob("*.txt"))
    print(f"machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM; corpus {n_files} articles")

    rows = []
    embedded_dir = work / "embedded"
    result = timed_build(corpus, {"KG_DATA": str(embedded_dir)}, ["--store", "embedded", "--workers", str(args.workers)])
    rows.append(("embedded", result, disk_size(embedded_dir)))

    server = None
    if not args.skip_neo4j:
        from graph.neo4j_local.testing import start_test_server

        server = start_test_server(work / "neo4j")
        env = {"NEO4J_URI": server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "unused"}
        result = timed_build(corpus, env, ["--store", "neo4j", "--workers", str(args.workers)])
        rows.append(("neo4j", result, disk_size(work / "neo4j")))

    print(f"\n{'store':<10}{'wall s':>10}{'art/s':>10}{'peak MiB':>10}{'disk MiB':>10}  summary")
    for name, result, size in rows:
        print(f"{name:<10}{result['seconds']:>10.1f}{n_files / result['seconds']:>10.1f}{result['peak_mib']:>10.0f}"
              f"{size / 2**20:>10.1f}  {result['summary']}")

    from graph.embedded import EmbeddedStore

    stores = {"embedded": EmbeddedStore(embedded_dir)}
    if server is not None:
        stores["neo4j"] = server.open_store()
    params = pick_parameters(stores["embedded"])
    latencies = {name: query_latencies(store, params, args.repeats) for name, store in stores.items()}
    header = "".join(f"{name + ' p50':>16}{name + ' p95':>16}" for name in stores)
    print(f"\n{'query (ms)':<24}{header}")
    for query in latencies["embedded"]:
        cells = "".join(f"{latencies[s][query][0]:>16.1f}{latencies[s][query][1]:>16.1f}" for s in stores)
        print(f"{query:<24}{cells}")
    for store in stores.values():
        store.close()
    if server is not None:
        server.stop()


if __name__ == "__main__":
    main()
