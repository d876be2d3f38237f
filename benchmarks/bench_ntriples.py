"""Benchmark: N-Triples export of a generated graph of about 1M triples, streamed vs built as an rdflib Graph first.

Prints, for each path, the wall time (without tracing) and the peak Python memory during the export (tracemalloc,
measured in a second, traced run so tracing does not slow the timed one).

    .venv/bin/python benchmarks/bench_ntriples.py                 # about 1M triples
    .venv/bin/python benchmarks/bench_ntriples.py --triples 200000
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exports.rdf import build_graph, iter_quads, write_stream  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, make_id  # noqa: E402

TRIPLES_PER_ARTICLE = 118  # measured on generate_store's output, provenance included
ROLES = ("وزیر", "رئیس", "مدیرکل", "استاندار", "معاون وزیر", "دبیر")


def generate_store(articles: int, directory: Path, seed: int = 7) -> EmbeddedStore:
    """An in-memory store of `articles` synthetic articles over shared pools of people, organisations, provinces, projects."""
    rng = random.Random(seed)
    pools = {label: [Entity(id=make_id(label, f"{label} {i}"), type=label, name=f"نام {label} شماره {i}",
                            aliases=[f"نام دیگر {i}"], properties={"kind": "other"} if label == "Organization" else {})
                     for i in range(max(10, articles * count // 10))]
             for label, count in (("Person", 8), ("Organization", 6), ("Province", 1), ("Project", 4))}
    pools["Province"] = pools["Province"][:31]
    store = EmbeddedStore(directory, writable=True)
    for n in range(articles):
        text = " ".join(f"جملهٔ شمارهٔ {i} از خبر {n} دربارهٔ دولت هوشمند." for i in range(8))
        article = Article(id=f"art-{n:016x}", text=text, path=f"gen/{n}.txt", title=f"خبر شمارهٔ {n}",
                          date=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", source="خبرگزاری نمونه")
        people, orgs = rng.sample(pools["Person"], 3), rng.sample(pools["Organization"], 3)
        province, project = rng.choice(pools["Province"]), rng.choice(pools["Project"])

        def evidence(i: int) -> list[Evidence]:
            return [Evidence(article.id, f"جملهٔ شمارهٔ {i} از خبر {n}", i * 40, i * 40 + 30, "generated", 0.7)]

        relations = [
            Relation("HOLDS_POSITION", people[0].id, orgs[0].id, {"role": rng.choice(ROLES)}, evidence(0)),
            Relation("HOLDS_POSITION", people[1].id, orgs[1].id, {"role": rng.choice(ROLES)}, evidence(1)),
            Relation("PART_OF", orgs[1].id, orgs[2].id, {}, evidence(2)),
            Relation("LOCATED_IN", orgs[0].id, province.id, {}, evidence(3)),
            Relation("VISITED", people[2].id, province.id, {"date": article.date}, evidence(4)),
            Relation("MET_WITH", people[0].id, people[2].id, {}, evidence(5)),
            Relation("RESPONSIBLE_FOR", orgs[2].id, project.id, {}, evidence(6)),
        ]
        entities = [*people, *orgs, province, project]
        relations += [Relation("MENTIONED_IN", e.id, article.id, {"count": 1}) for e in entities]
        store.write_article_graph(ArticleGraph(article, entities, relations))
    return store


def stream_to(store: EmbeddedStore, path: Path) -> int:
    """The streaming path: quads go through rdflib's serializer in bounded chunks."""
    with open(path, "wb") as out:
        return write_stream(iter_quads(store), out, "ntriples")


def graph_to(store: EmbeddedStore, path: Path) -> int:
    """The in-memory path: build the whole rdflib Graph, then serialize it."""
    graph = build_graph(store)
    graph.serialize(destination=str(path), format="nt", encoding="utf-8")
    return len(graph)


def measure(name: str, export, store: EmbeddedStore, path: Path) -> None:
    """Time one export path untraced, then run it again under tracemalloc for its peak; print one line."""
    start = time.perf_counter()
    triples = export(store, path)
    seconds = time.perf_counter() - start
    size = path.stat().st_size
    tracemalloc.start()
    export(store, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:<22} {triples:>10,} triples  {seconds:7.1f} s  {triples / seconds:>9,.0f} triples/s  "
          f"peak {peak / 2**20:8.1f} MiB  file {size / 2**20:7.1f} MiB", flush=True)


def main() -> None:
    """Generate the graph once and measure both paths on it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="approximate size of the generated graph")
    parser.add_argument("--skip-graph", action="store_true", help="only measure the streaming path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        start = time.perf_counter()
        store = generate_store(max(1, args.triples // TRIPLES_PER_ARTICLE), tmp_path / "kg-data")
        counts = store.counts()
        print(f"generated {counts.total_nodes:,} nodes, {counts.total_relationships:,} relationships "
              f"in {time.perf_counter() - start:.1f} s (python {sys.version.split()[0]}, {os.cpu_count()} cpus)",
              flush=True)
        measure("streaming N-Triples", stream_to, store, tmp_path / "stream.nt")
        if not args.skip_graph:
            measure("rdflib Graph, then nt", graph_to, store, tmp_path / "graph.nt")


if __name__ == "__main__":
    main()
