"""Server-side time to build one entity page (profile, capped neighbourhood, evidence) for a hub with 500 neighbours.

Run: .venv/bin/python benchmarks/bench_entity_page.py [--store embedded|neo4j] [--neighbours 500] [--repeat 20]
Target: under 1 s per page with the graph capped for display.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.model import (
    Article,
    ArticleGraph,
    Entity,
    Evidence,
    Relation,
    article_id,
    make_id,
)
from queries.entity_page import Filters, build_entity_page

HUB_NAME = "سازمان فناوری اطلاعات ایران"


def generated_docs(neighbours: int, articles: int, seed: int = 7) -> tuple[str, list[ArticleGraph]]:
    """A graph where one organisation has `neighbours` neighbours (people, projects, units), each with a few links more."""
    rng = random.Random(seed)
    hub = Entity(make_id("Organization", HUB_NAME), "Organization", HUB_NAME, properties={"kind": "agency"})
    provinces = [Entity(make_id("Province", f"استان {i}"), "Province", f"استان {i}") for i in range(31)]
    docs = []
    for number in range(articles):
        text = f"خبر شماره {number} درباره {HUB_NAME} و همکاران آن. " * 3
        when = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        docs.append(ArticleGraph(Article(article_id(text), text, path=f"gen/{number}.txt", title=f"خبر {number}",
                                         date=when, source="ایرنا", url=f"https://news.example/{number}"),
                                 [hub, *provinces], []))
    for i in range(neighbours):
        kind = i % 3
        if kind == 0:
            other = Entity(make_id("Person", f"فرد {i}"), "Person", f"فرد {i}")
            links = [("HOLDS_POSITION", other.id, hub.id, {"role": rng.choice(["رئیس", "معاون", "مدیرکل"])})]
        elif kind == 1:
            other = Entity(make_id("Project", f"طرح {i}"), "Project", f"طرح {i}", properties={"kind": "project"})
            links = [("RESPONSIBLE_FOR", hub.id, other.id, {})]
        else:
            other = Entity(make_id("Organization", f"واحد {i}"), "Organization", f"واحد {i}",
                           properties={"kind": "directorate"})
            links = [("PART_OF", other.id, hub.id, {})]
        if kind != 0:
            links.append(("LOCATED_IN", other.id, rng.choice(provinces).id, {}))
        for rel_type, source, target, props in links:
            for doc in rng.sample(docs, rng.randint(1, 3)):
                sentence = doc.article.text[:60]
                doc.entities.append(other)
                doc.relations.append(Relation(rel_type, source, target, dict(props), [
                    Evidence(doc.article.id, sentence, 0, len(sentence), "bench", 0.8)]))
                doc.relations.append(Relation("MENTIONED_IN", other.id, doc.article.id, {"count": 1}))
    for doc in docs:
        doc.relations.append(Relation("MENTIONED_IN", hub.id, doc.article.id, {"count": 3}))
    return hub.id, docs


def timed(repeat: int, run) -> tuple[float, float, float]:
    """First call, median and worst of `repeat` calls after it, in milliseconds."""
    started = time.perf_counter()
    run()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times), max(times)


def run_cases(store, hub: str, articles: int, repeat: int, cap: int) -> None:
    """Time the hub's entity page at depth 1 and 2, capped for display and uncapped, and print the figures."""
    counts = store.counts()
    degree = len({n.node.id for n in store.neighbours(hub) if n.relation.type != "MENTIONED_IN"})
    print(f"store: {store.name}; graph: {counts.total_nodes} nodes, {counts.total_relationships} relationships; "
          f"hub has {degree} entity neighbours and {articles} articles")
    cases = [("depth 1, capped", 1, cap), ("depth 2, capped", 2, cap),
             ("depth 1, uncapped", 1, None), ("depth 2, uncapped", 2, None)]
    for label, depth, limit in cases:
        build = partial(build_entity_page, store, hub, Filters(), depth=depth, limit=limit)
        first, median, worst = timed(repeat, build)
        page = build()
        verdict = "" if limit is None else ("  (target < 1000 ms: met)" if worst < 1000 else "  (target missed)")
        print(f"{label:18s} first {first:7.1f} ms  median {median:7.1f} ms  worst {worst:7.1f} ms  "
              f"nodes drawn {len(page.graph.nodes):4d}  hidden {page.graph.hidden:4d}  "
              f"evidence rows {len(page.evidence)}{verdict}")


def main() -> None:
    """Generate the graph, load it into the chosen store, then time the hub's entity page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neighbours", type=int, default=500)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cap", type=int, default=40, help="nodes drawn besides the entity (the app's page size)")
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded",
                        help="neo4j starts a throwaway local Neo4j (kg neo4j's pinned engine) for the run")
    args = parser.parse_args()
    hub, docs = generated_docs(args.neighbours, args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        if args.store == "embedded":
            store = EmbeddedStore(tmp, writable=True)
            store.write_many(docs)
            run_cases(store, hub, args.articles, args.repeat, args.cap)
            store.close()
            return
        from graph.neo4j_local.testing import start_test_server

        server = start_test_server(Path(tmp))
        try:
            store = server.open_store()
            store.clear()
            started = time.perf_counter()
            store.write_many(docs)
            store.flush()
            print(f"loaded in {time.perf_counter() - started:.1f} s")
            run_cases(store, hub, args.articles, args.repeat, args.cap)
            store.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
