"""Loads one generated graph into one local Neo4j twice: the project's batched writer, then a naive one-MERGE-per-transaction writer.

    .venv/bin/python benchmarks/bench_neo4j_writer.py --articles 1200

Both writers first load a small warm-up graph (JIT, query plans, page cache), then the measured one. Prints
relationships per second for both, their ratio (target >= 20x), and the machine. The project writer's time
includes its nodes; the naive writer's only its relationships (its nodes are written batched first, untimed). Both
loads must end with the same counts. Starts its own Neo4j in a temporary directory (or uses --uri) and stops it at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from graph.model import ArticleGraph
from graph.neo4j_local.testing import start_test_server, synthetic_docs
from graph.neo4j_store import DEFAULT_BATCH_SIZE, Neo4jStore


def naive_load(store: Neo4jStore, docs: list[ArticleGraph]) -> float:
    """Write the nodes batched (untimed), then each relationship as one MERGE in its own transaction; return its seconds."""
    nodes_only = [ArticleGraph(doc.article, doc.entities, []) for doc in docs]
    store.write_many(nodes_only)
    started = time.perf_counter()
    with store.driver.session(database=store.database) as session:
        for doc in docs:
            for relation in doc.relations:
                evidence = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in relation.evidence]
                session.execute_write(lambda tx: tx.run(
                    f"MATCH (s:{relation_label(relation.source)} {{id: $source}}) "
                    f"MATCH (t:{relation_label(relation.target)} {{id: $target}}) "
                    f"MERGE (s)-[r:{relation.type} {{key: $key}}]->(t) "
                    "ON CREATE SET r.props_json = $props, r.evidence = $evidence "
                    "ON MATCH SET r.evidence = r.evidence + [e IN $evidence WHERE NOT e IN r.evidence]",
                    source=relation.source, target=relation.target, key=relation.key_string,
                    props=json.dumps(relation.properties, ensure_ascii=False, sort_keys=True),
                    evidence=evidence).consume())
    return time.perf_counter() - started


def relation_label(node_id: str) -> str:
    """The schema label of an id (by its prefix)."""
    from graph.schema import get_schema

    return get_schema().label_for_id(node_id)


def machine() -> str:
    """Cores and memory of this machine."""
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return f"{os.cpu_count()} cores, {int(memory) / 1024 / 1024:.1f} GiB RAM"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1200, help="generated articles (about 17 relationships each)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                        help="rows per transaction of the project's writer")
    parser.add_argument("--uri", help="use this Neo4j instead of starting a local one (it is cleared!)")
    args = parser.parse_args()

    docs = synthetic_docs(args.articles)
    server = None
    with tempfile.TemporaryDirectory(prefix="kg-bench-neo4j-") as tmp:
        if args.uri:
            uri = args.uri
        else:
            server = start_test_server(Path(tmp))
            uri = server.uri
        try:
            store = Neo4jStore(uri, batch_size=args.batch_size)
            store.clear()
            warm_up = synthetic_docs(400, seed=99)
            store.write_many(warm_up)
            store.clear()
            naive_load(store, warm_up)
            store.clear()
            started = time.perf_counter()
            store.write_many(docs)
            batched_seconds = time.perf_counter() - started
            batched_counts = store.counts()
            store.clear()
            naive_seconds = naive_load(store, docs)
            naive_counts = store.counts()
            store.clear()
            store.close()
        finally:
            if server is not None:
                server.stop()
    rels = batched_counts.total_relationships
    if naive_counts != batched_counts:
        raise SystemExit(f"error: the two writers disagree: {batched_counts} vs {naive_counts}")
    batched_rate, naive_rate = rels / batched_seconds, rels / naive_seconds
    print(f"machine: {machine()}; Neo4j at {uri}")
    print(f"graph: {len(docs)} articles, {batched_counts.total_nodes} nodes, {rels} relationships")
    print(f"project writer (batch {args.batch_size} rows): {batched_seconds:.1f} s, {batched_rate:,.0f} relationships/s")
    print(f"naive writer (one MERGE per transaction): {naive_seconds:.1f} s, {naive_rate:,.0f} relationships/s")
    print(f"ratio: {batched_rate / naive_rate:.1f}x (target >= 20x)")


if __name__ == "__main__":
    main()
