"""The scale benchmark at a small size, as CI's smoke test: it builds, and prints every figure the issue's table asks for."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_scale_prints_every_figure_at_a_small_size():
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_scale.py"), "--n", "20", "--skip-neo4j",
                             "--repeats", "2", "--workers", "1"], capture_output=True, text=True, cwd=ROOT,
                            timeout=900, env={**os.environ, "KG_EXTRACT_TIME_LIMIT": "600"})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    build = next(line for line in lines if line.startswith("embedded "))
    assert "articles: 20 read, 20 written" in build
    assert any(line.startswith("kg stats (fresh process, embedded):") and "MiB" in line for line in lines)
    assert any(line.startswith("entity page of the busiest hub") and "first load" in line and "peak RSS" in line
               for line in lines)
    timed = {line.split()[0] for line in lines[lines.index(next(x for x in lines if x.startswith("query (ms)"))) + 1:]}
    from queries.registry import list_queries

    assert {q.name for q in list_queries()} <= timed
