"""Loads one generated graph into one local Neo4j twice: the project's batched writer, then a naive one-MERGE-per-transaction writer; and the same graph with `neo4j-admin database import` as the ceiling.

    .venv/bin/python benchmarks/bench_neo4j_writer.py --articles 1200

Both writers first load a warm-up graph (JIT, query plans, page cache), then the measured one: the naive writer a
small one (its one statement runs thousands of times in it), the project writer one as large as the measured graph
(`--warm-up`; its few large statements run a handful of times per load, and after a 400-article warm-up the JVM was
still compiling: twice the server CPU time of a warmer run). Prints
relationships per second for both, their ratio (target >= 50x), and the machine. The project writer's time
includes its nodes; the naive writer's only its relationships (its nodes are written batched first, untimed). Both
loads must end with the same counts. Starts its own Neo4j in a temporary directory (or uses --uri) and stops it at the end.

The ceiling: the graph the batched writer stored is read back, written as the import tool's CSV files (untimed), and
imported offline into a new database by the import tool in the pinned engine's jars (`org.neo4j.cli.AdminTool
database import full`, what `neo4j-admin database import full` runs). Its own reported time is printed beside its
wall time (which includes starting the JVM); it builds no indexes or constraints, and the server must be stopped to
use its output, so it fits a first load only.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from graph.model import ArticleGraph
from graph.neo4j_local.server import JVM_FLAGS, jars_dir
from graph.neo4j_local.testing import start_test_server, synthetic_docs
from graph.neo4j_store import ARTICLE_FIELDS, DEFAULT_BATCH_SIZE, Neo4jStore, _evidence_json
from graph.schema import get_schema
from graph.text import name_key

ARRAY_DELIMITER = "\u001f"


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


def write_import_csv(store: Neo4jStore, directory: Path) -> tuple[Path, Path]:
    """The stored graph as the import tool's node and relationship CSV files (the properties the writer stores)."""
    schema = get_schema()
    entity_props = sorted({p for label in schema.entity_labels for p in schema.label(label).properties}
                          - {"id", "name", "aliases"})
    rel_props = sorted({p for spec in schema.relationships.values() for p in spec.properties})
    nodes, rels = directory / "nodes.csv", directory / "relationships.csv"
    with open(nodes, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id:ID", ":LABEL", "name", "aliases:string[]", "name_keys:string[]", *entity_props,
                      *ARTICLE_FIELDS, "complete:boolean"])
        for entity in store.entities():
            keys = list(dict.fromkeys(k for k in (name_key(n) for n in entity.names()) if k))
            out.writerow([entity.id, entity.type, entity.name, ARRAY_DELIMITER.join(entity.aliases),
                          ARRAY_DELIMITER.join(keys), *[entity.properties.get(p, "") for p in entity_props],
                          *[""] * len(ARTICLE_FIELDS), ""])
        for article in store.articles():
            out.writerow([article.id, "Article", "", "", "", *[""] * len(entity_props),
                          *[getattr(article, f) or "" for f in ARTICLE_FIELDS], "true"])
    with open(rels, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([":START_ID", ":END_ID", ":TYPE", "key", "props_json", "evidence:string[]",
                      "evidence_articles:string[]", *rel_props])
        for relation in store.relations():
            out.writerow([relation.source, relation.target, relation.type, relation.key_string,
                          json.dumps(relation.properties, ensure_ascii=False, sort_keys=True),
                          ARRAY_DELIMITER.join(_evidence_json(e) for e in relation.evidence),
                          ARRAY_DELIMITER.join(e.article for e in relation.evidence),
                          *[relation.properties.get(p, "") if isinstance(relation.properties.get(p), (str, int, float))
                            else "" for p in rel_props]])
    return nodes, rels


def admin_import(nodes: Path, rels: Path, home: Path) -> tuple[float, float, int, int]:
    """Import the CSV files into a new database with the engine's import tool: wall seconds, the tool's own
    seconds, nodes and relationships imported."""
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    java = shutil.which("java")
    if java is None:
        raise SystemExit("error: java is not installed; the import tool runs on Java 17")
    command = [java, "-Xmx1g", *[f for f in JVM_FLAGS if f.startswith("--add-opens") or f.startswith("-Dio")],
               "-cp", f"{jars_dir()}/*", "org.neo4j.cli.AdminTool", "database", "import", "full",
               f"--nodes={nodes}", f"--relationships={rels}", f"--array-delimiter={ARRAY_DELIMITER}",
               "--overwrite-destination=true", "neo4j"]
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
                          capture_output=True, text=True, cwd=home)  # its import.report goes there, not here
    wall = time.perf_counter() - started
    output = done.stdout + done.stderr
    summary = re.search(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms.*?(\d+) nodes\s+(\d+) relationships", output,
                        re.S)
    if done.returncode != 0 or summary is None:
        raise SystemExit(f"error: the import tool failed (exit {done.returncode}): {output.strip()[-2000:]}")
    minutes, seconds, millis = (int(g or 0) for g in summary.groups()[:3])
    return wall, minutes * 60 + seconds + millis / 1000, int(summary.group(4)), int(summary.group(5))


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
    parser.add_argument("--warm-up", type=int, help="articles of the project writer's warm-up graph, loaded twice "
                        "(default: as many as --articles)")
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
            for _ in range(2):
                store.write_many(synthetic_docs(args.warm_up or args.articles, seed=99))
                store.clear()
            naive_load(store, synthetic_docs(400, seed=99))
            store.clear()
            started = time.perf_counter()
            store.write_many(docs)
            batched_seconds = time.perf_counter() - started
            batched_counts = store.counts()
            csv_files = write_import_csv(store, Path(tmp))
            store.clear()
            naive_seconds = naive_load(store, docs)
            naive_counts = store.counts()
            store.clear()
            store.close()
        finally:
            if server is not None:
                server.stop()
        import_wall, import_tool, import_nodes, import_rels = admin_import(*csv_files, Path(tmp) / "import-home")
    rels = batched_counts.total_relationships
    if (import_nodes, import_rels) != (batched_counts.total_nodes, rels):
        raise SystemExit(f"error: the import tool loaded {import_nodes} nodes and {import_rels} relationships, "
                         f"the writers {batched_counts.total_nodes} and {rels}")
    if naive_counts != batched_counts:
        raise SystemExit(f"error: the two writers disagree: {batched_counts} vs {naive_counts}")
    batched_rate, naive_rate = rels / batched_seconds, rels / naive_seconds
    print(f"machine: {machine()}; Neo4j at {uri}")
    print(f"graph: {len(docs)} articles, {batched_counts.total_nodes} nodes, {rels} relationships")
    print(f"project writer (batch {args.batch_size} rows): {batched_seconds:.1f} s, {batched_rate:,.0f} relationships/s")
    print(f"naive writer (one MERGE per transaction): {naive_seconds:.1f} s, {naive_rate:,.0f} relationships/s")
    print(f"ratio: {batched_rate / naive_rate:.1f}x (target >= 50x)")
    print(f"ceiling, neo4j-admin database import (offline, no indexes): {import_tool:.1f} s by its own count, "
          f"{rels / import_tool:,.0f} relationships/s ({import_wall:.1f} s wall with the JVM start); "
          f"{rels / import_tool / naive_rate:.0f}x the naive writer, {batched_seconds / import_tool:.1f}x faster than "
          "the project writer")


if __name__ == "__main__":
    main()
