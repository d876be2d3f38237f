"""Extraction speed: hazm's Normalizer alone vs the whole `kg extract` pipeline, and 2 worker processes vs 1.

    python benchmarks/bench_extract.py [DIR_OR_FILES ...] [--repeat N] [--workers 2]

With no paths it uses data/samples, copied --repeat times (each copy made distinct) into a temporary directory. Prints articles/second for each and the ratios.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hazm import Normalizer  # noqa: E402

from loaders.lexicon import get_lexicon  # noqa: E402
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across  # noqa: E402


def _files(paths: list[str]) -> list[Path]:
    """Article files under the given paths."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".txt", ".json", ".jsonl", ".html"))
                   if path.is_dir() else [path])
    return out


def _rate(n: int, seconds: float) -> float:
    """Items per second."""
    return n / seconds if seconds > 0 else float("inf")


def _corpus(files: list[str], repeat: int, target: Path) -> list[str]:
    """Copies of the files, each made distinct (the reader skips a text it has already read)."""
    out = []
    for n in range(repeat):
        for f in files:
            path = Path(f)
            copy = target / f"{n:04d}_{path.name}"
            copy.write_text(path.read_text(encoding="utf-8", errors="replace") + f"\nنسخه {n}\n", encoding="utf-8")
            out.append(str(copy))
    return out


def main() -> None:
    """Parse arguments and run the benchmark on a temporary copy of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="article files or directories (default: data/samples)")
    parser.add_argument("--repeat", type=int, default=60, help="times to repeat the corpus")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run")
    args = parser.parse_args()
    given = [str(p) for p in _files(args.paths or [str(ROOT / "data" / "samples")]) if p.suffix != ".md"]
    with tempfile.TemporaryDirectory() as tmp:
        run(_corpus(given, args.repeat, Path(tmp)), args.workers)


def _timed(step):
    """Run step(); return its result, wall-clock seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run(files: list[str], workers: int) -> None:
    """Time normalisation alone, the single-process pipeline and the parallel extraction over the files."""
    raw = [Path(f).read_text(encoding="utf-8") for f in files]
    started = time.perf_counter()
    get_lexicon()
    normalizer = Normalizer()
    normalizer.normalize(raw[0])
    resolve_across(extract_articles([a for a in iter_articles(files[:1]) if not isinstance(a, ReadFailure)])[0])
    print(f"one-time loading (lexicons, data files, hazm), not timed below: {time.perf_counter() - started:.2f} s")

    _, t_norm, c_norm = _timed(lambda: [normalizer.normalize(text) for text in raw])
    articles, t_read, c_read = _timed(lambda: [a for a in iter_articles(files) if not isinstance(a, ReadFailure)])
    (docs, failures), t_extract1, c_extract1 = _timed(lambda: extract_articles(articles, workers=1))
    _, t_resolve, c_resolve = _timed(lambda: resolve_across(docs))
    t_full, c_full = t_read + t_extract1 + t_resolve, c_read + c_extract1 + c_resolve
    (docs2, _), t_extract2, _ = _timed(lambda: extract_articles(articles, workers=workers))

    n = len(raw)
    print(f"corpus: {n} files, {len(docs)} articles extracted, {len(failures)} failures, "
          f"{sum(len(t) for t in raw) / n:.0f} characters each on average")
    print(f"hazm Normalizer alone:            {_rate(n, t_norm):8.1f} articles/s")
    print(f"full pipeline, 1 process:         {_rate(n, t_full):8.1f} articles/s "
          f"(read+normalise {t_read:.2f} s, extract {t_extract1:.2f} s, resolve {t_resolve:.2f} s)")
    print(f"ratio full pipeline / normalise:  {t_norm / t_full:8.2f}x  (target >= 0.5x)")
    print(f"  the same by CPU time:           {c_norm / c_full:8.2f}x  (steadier on a shared machine: "
          f"normalise {c_norm:.2f} s; read {c_read:.2f} s, extract {c_extract1:.2f} s, resolve {c_resolve:.2f} s)")
    print(f"extraction alone, 1 worker:       {_rate(n, t_extract1):8.1f} articles/s")
    print(f"extraction alone, {workers} workers:      {_rate(n, t_extract2):8.1f} articles/s "
          f"(speed-up {t_extract1 / t_extract2:.2f}x, pool start-up included)")
    if len(docs2) != len(docs):
        raise SystemExit("parallel run lost articles")


if __name__ == "__main__":
    main()
