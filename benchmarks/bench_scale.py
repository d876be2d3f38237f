"""Builds a generated corpus into the embedded store and into Neo4j, then times `kg stats`, the hub's entity page and every named query.

    python benchmarks/bench_scale.py --n 100000 --skip-neo4j          # the embedded store at scale
    python benchmarks/bench_scale.py --n 20000 --workers 2            # both stores side by side
    python benchmarks/bench_scale.py --n 30 --skip-neo4j --repeats 2  # the smoke test CI runs
    python benchmarks/bench_scale.py --built /tmp/kg-scale-X/embedded --built-neo4j /tmp/kg-scale-X/neo4j  # measure a kept pair

Prints, per store: wall time, articles per second, peak memory (largest process of the build), store size on disk;
then, on the embedded store, `kg stats` in a fresh process (wall time and peak RSS) and the first load of the busiest
hub's entity page in a fresh process; then the p50 / p95 latency of every named query on each store. Targets (issue 11):
100,000 articles built in under 30 minutes and 3 GB; `kg stats` under 2 s and 500 MiB; entity page under 1 s; query
p95 under 300 ms (embedded at 100k) and 200 ms (Neo4j at 20k).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
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


LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run a command and measure its wall time, CPU time and the peak RSS of its largest process.

    The command is started by a small launcher process, so its peak RSS does not include this benchmark's own
    memory (a child forked from a large process starts with that process's resident pages counted).
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "usage"
        result = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, str(figures), *command],
                                env={**os.environ, **(env or {})}, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        peak_kib, cpu = figures.read_text().split()
    return {"seconds": seconds, "cpu": float(cpu), "peak_mib": int(peak_kib) / 1024, "stdout": result.stdout}


def timed_build(corpus: Path, env: dict, args: list[str]) -> dict:
    """Run `kg build` in a child process and measure wall time and the peak memory of its largest process."""
    result = run_measured([KG, "build", str(corpus), "--no-progress", *args], env)
    result["summary"] = next(line for line in result["stdout"].splitlines() if line.startswith("articles:"))
    return result


ENTITY_PAGE_SCRIPT = """
import json, sys, time
started, cpu = time.perf_counter(), time.process_time()
from graph.store import open_store
from queries.entity_page import build_entity_page
store = open_store("embedded", sys.argv[1])
page = build_entity_page(store, sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "facts": len(page.profile.facts),
                  "articles": len(page.profile.articles), "drawn": len(page.graph.nodes), "hidden": page.graph.hidden,
                  "evidence": len(page.evidence)}))
"""


def busiest_hub(store) -> str:
    """The entity with the most facts (relations other than mentions), ties by id."""
    from collections import Counter

    from queries.library import ENTITY_RELATIONS

    facts = Counter()
    for rel_type in ENTITY_RELATIONS:
        for rel in store.relations(rel_type):
            facts[rel.source] += 1
            facts[rel.target] += 1
    return max(facts, key=lambda node: (facts[node], node))


def pick_parameters(store) -> dict[str, dict]:
    """Realistic parameters for each named query, drawn from the built graph: hubs, busy provinces, real facts."""
    from collections import Counter

    degree = Counter()
    for rel_type in store.counts().relationships:
        if rel_type == "MENTIONED_IN":
            continue
        for rel in store.relations(rel_type):
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
        "career": {"person": hub.id},
        "officeholders": {"organization": fact.target, "role": fact.properties.get("role") or ""},
        "articles": {"limit": 50},
    }


def percentile_95(samples: list[float]) -> float:
    """The 95th percentile of the samples (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def query_latencies(store, params: dict[str, dict], repeats: int) -> dict[str, tuple[float, float, float, float]]:
    """First run, p50 and p95 (of the runs after the first), and the p95 of CPU time, in milliseconds, of each named query."""
    from queries.registry import list_queries, run_query

    out = {}
    for query in list_queries():
        values = params.get(query.name, {})
        started, cpu = time.perf_counter(), time.process_time()
        run_query(store, query.name, **values)
        first = (time.perf_counter() - started) * 1000
        samples, cpu_samples = [], []
        for _ in range(repeats):
            started, cpu = time.perf_counter(), time.process_time()
            run_query(store, query.name, **values)
            samples.append((time.perf_counter() - started) * 1000)
            cpu_samples.append((time.process_time() - cpu) * 1000)
        out[query.name] = (first, statistics.median(samples), percentile_95(samples), percentile_95(cpu_samples))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--corpus", type=Path, help="reuse a generated corpus instead of writing a new one")
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--built", type=Path, metavar="DIR",
                        help="measure an embedded data directory built earlier instead of building")
    parser.add_argument("--built-neo4j", type=Path, metavar="DIR",
                        help="with --built: also measure the Neo4j built earlier from the same corpus under DIR (the "
                             "neo4j directory a run leaves beside embedded), on a server started on it")
    args = parser.parse_args()

    server = None
    if args.built:
        embedded_dir = args.built
        print(f"measuring the embedded store built earlier in {embedded_dir} ({disk_size(embedded_dir) / 2**20:.1f} MiB)")
        if args.built_neo4j:
            from graph.neo4j_local.testing import start_test_server

            server = start_test_server(args.built_neo4j)
            print(f"and the Neo4j built earlier in {args.built_neo4j} ({disk_size(args.built_neo4j) / 2**20:.1f} MiB)")
    else:
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
        result = timed_build(corpus, {"KG_DATA": str(embedded_dir)},
                             ["--store", "embedded", "--workers", str(args.workers)])
        rows.append(("embedded", result, disk_size(embedded_dir)))

        if not args.skip_neo4j:
            from graph.neo4j_local.testing import start_test_server

            server = start_test_server(work / "neo4j")
            env = {"NEO4J_URI": server.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "unused"}
            result = timed_build(corpus, env, ["--store", "neo4j", "--workers", str(args.workers)])
            rows.append(("neo4j", result, disk_size(work / "neo4j")))

        print(f"\n{'store':<10}{'wall s':>10}{'art/s':>10}{'peak MiB':>10}{'disk MiB':>10}  summary")
        for name, result, size in rows:
            print(f"{name:<10}{result['seconds']:>10.1f}{n_files / result['seconds']:>10.1f}"
                  f"{result['peak_mib']:>10.0f}{size / 2**20:>10.1f}  {result['summary']}")

    runs = [run_measured([KG, "stats", "--store", "embedded", "--data", str(embedded_dir)]) for _ in range(4)]
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; wall time, then CPU time in brackets")
    print(f"kg stats (fresh process, embedded): {runs[0]['seconds']:.2f} s ({runs[0]['cpu']:.2f} s), "
          f"peak RSS {runs[0]['peak_mib']:.0f} MiB (the next three: "
          f"{', '.join(f'{r['seconds']:.2f} s ({r['cpu']:.2f} s)' for r in runs[1:])}, "
          f"peak RSS {max(r['peak_mib'] for r in runs[1:]):.0f} MiB)")

    from graph.embedded import EmbeddedStore

    stores = {"embedded": EmbeddedStore(embedded_dir)}
    hub = busiest_hub(stores["embedded"])
    page = run_measured([sys.executable, "-c", ENTITY_PAGE_SCRIPT, str(embedded_dir), hub], {"PYTHONPATH": str(ROOT)})
    figures = json.loads(page["stdout"])
    print(f"entity page of the busiest hub {hub} (fresh process, imports + open + first load): {figures['seconds']:.2f} s "
          f"({figures['cpu']:.2f} s), "
          f"peak RSS {page['peak_mib']:.0f} MiB; {figures['facts']} facts, {figures['articles']} articles, "
          f"{figures['drawn']} nodes drawn, {figures['hidden']} hidden, {figures['evidence']} evidence rows")
    if server is not None:
        stores["neo4j"] = server.open_store()
    params = pick_parameters(stores["embedded"])
    latencies = {name: query_latencies(store, params, args.repeats) for name, store in stores.items()}
    header = "".join(f"{name + ' first':>16}{name + ' p50':>16}{name + ' p95':>16}{name + ' cpu p95':>18}"
                     for name in stores)
    print(f"\n{'query (ms)':<24}{header}")
    for query in latencies["embedded"]:
        cells = "".join(f"{first:>16.1f}{p50:>16.1f}{p95:>16.1f}{cpu:>18.1f}"
                        for first, p50, p95, cpu in (latencies[s][query] for s in stores))
        print(f"{query:<24}{cells}")
    for store in stores.values():
        store.close()
    if server is not None:
        server.stop()


if __name__ == "__main__":
    main()
