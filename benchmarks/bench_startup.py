"""Cold-process start-up: wall time, CPU time and peak memory of `kg extract` on one article and of `kg --help`.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--article data/samples/000_....txt]

Each run is a new process. `kg extract` is measured with a warm build cache (the normal case), and once after the
cache is emptied (the first run after installing or after a data file changed, which rebuilds the lexicon and the
normaliser's tables from hazm). Prints the median and the best of the runs, and the load average: on a shared
machine wall time follows the load, CPU time much less.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).with_name("kg")


def run_once(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"error: {' '.join(command)} failed: {child.stderr.read().decode()[-2000:]}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def report(name: str, samples: list[tuple[float, float, float]]) -> None:
    walls, cpus, rss = zip(*samples)
    print(f"{name:<34} wall median {statistics.median(walls):5.2f} s (best {min(walls):4.2f}), "
          f"CPU median {statistics.median(cpus):4.2f} s, peak RSS {max(rss):5.0f} MiB  ({len(samples)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per measurement")
    parser.add_argument("--article", type=Path, default=sorted((ROOT / "data" / "samples").glob("*.txt"))[0])
    args = parser.parse_args()
    if not KG.exists():
        raise SystemExit(f"error: {KG} not found; run scripts/setup.sh first")
    extract = [str(KG), "extract", str(args.article), "--format", "jsonl"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-startup-") as cache:
        env = {**os.environ, "KG_CACHE": cache}
        first = run_once(extract, env)
        warm = [run_once(extract, env) for _ in range(args.runs)]
        help_runs = [run_once([str(KG), "--help"], env) for _ in range(args.runs)]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (1 min); article {args.article.name}")
    report("kg extract, empty build cache", [first])
    report("kg extract, warm build cache", warm)
    report("kg --help", help_runs)
    print("targets: kg extract <= 1.0 s and <= 200 MiB; kg --help fast")


if __name__ == "__main__":
    main()
