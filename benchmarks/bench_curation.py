"""Prints how long the explorer's overview and review queue take on a generated corpus (first time, then from the
cache of the same store version), and how long one live curation decision takes to apply.

    .venv/bin/python benchmarks/bench_curation.py --n 2000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate  # noqa: E402

from graph.embedded import EmbeddedStore  # noqa: E402
from kg.build import build  # noqa: E402
from loaders import live_curation  # noqa: E402
from loaders.curation import new_decision  # noqa: E402
from ui.overview import overview  # noqa: E402
from ui.review import candidates  # noqa: E402


def timed(what: str, action):
    """Run `action`, print its wall time, return its result."""
    started = time.perf_counter()
    result = action()
    print(f"{what:<44} {time.perf_counter() - started:8.3f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="number of generated articles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(args.n, 7, root / "corpus")
        curation = root / "curation.jsonl"
        curation.write_text("", encoding="utf-8")
        store = EmbeddedStore(root / "kg", writable=True)
        report = timed(f"build {args.n} articles", lambda: build([str(root / "corpus")], store))
        counts = report.counts
        print(f"graph: {counts.total_nodes} nodes, {counts.total_relationships} relationships")
        view = timed("overview, first time", lambda: overview(store))
        timed("overview, same store version", lambda: overview(store))
        queue = timed("review queue, first time", lambda: candidates(store, []))
        timed("review queue, same store version", lambda: candidates(store, []))
        print(f"candidate pairs: {len(queue)}")
        people = [e for e, _ in view.hubs["Person"]]
        if len(people) >= 2:
            a, b = people[-2], people[-1]
            item = new_decision("keep_apart", "benchmark", type="Person", ids=[a.id, b.id], names=[a.name, b.name])
            outcome = timed("one live decision (keep apart two hubs)",
                            lambda: live_curation.apply(store, item, curation))
            print(f"articles re-read for it: {len(outcome.articles)}")
        store.close()


if __name__ == "__main__":
    main()
