"""The core subcommands: extract, build, stats and app."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from graph.model import ArticleGraph
from graph.store import Counts, StoreError
from loaders.curation import CurationError
from kg.common import DataOption, StoreOption, console, err_console, fail, open_store_or_exit

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"

PathsArgument = Annotated[list[str], typer.Argument(
    help="article files, directories or globs (.txt, .json, .jsonl, .html, .warc, .warc.gz)")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")]
MaxBytesOption = Annotated[int | None, typer.Option(
    "--max-article-bytes", min=1, help="skip (and report) larger articles (default: $KG_MAX_ARTICLE_BYTES, else 5 MiB)")]
TimeLimitOption = Annotated[float | None, typer.Option(
    "--time-limit", min=0.1, help="seconds of extraction per article before it is reported and skipped "
                                  "(default: $KG_EXTRACT_TIME_LIMIT, else 30)")]


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def _report_failures(failures) -> None:
    for failure in failures:
        err_console.print(f"[red]failed:[/] {failure.path}: {failure.reason}", highlight=False, soft_wrap=True)


def _report_skipped(skipped: Counter) -> None:
    if skipped:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        err_console.print(f"skipped archive records: {reasons}", highlight=False, soft_wrap=True)


def extract(paths: PathsArgument, format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.jsonl,
            workers: WorkersOption = 1,
            output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")] = None,
            max_article_bytes: MaxBytesOption = None, time_limit: TimeLimitOption = None) -> None:
    """Read articles and print their entities and relations, with evidence, without storing anything."""
    from loaders.dedupe import mark_duplicates
    from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across

    articles, failures, skipped = [], [], Counter()
    for item in iter_articles(paths, max_bytes=max_article_bytes, on_skip=lambda _, reason: skipped.update([reason])):
        (failures if isinstance(item, ReadFailure) else articles).append(item)
    mark_duplicates(articles)
    docs, extract_failures = extract_articles(articles, workers=workers, time_limit=time_limit)
    failures.extend(extract_failures)
    try:
        docs = resolve_across(docs)
    except CurationError as exc:
        fail(str(exc))
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if format == ExtractFormat.jsonl:
            for doc in docs:
                out.write(json.dumps(doc.to_json_dict(), ensure_ascii=False) + "\n")
        else:
            _print_extraction_tables(docs, out)
    finally:
        if output:
            out.close()
    _report_skipped(skipped)
    _report_failures(failures)
    if failures and not docs:
        raise typer.Exit(1)


def _print_extraction_tables(docs: list[ArticleGraph], out) -> None:
    from rich.console import Console
    from rich.table import Table

    target = Console(file=out, width=160) if out is not sys.stdout else console
    for doc in docs:
        art = doc.article
        target.print(f"[bold]{art.path}[/]  id={art.id}  date={art.date or '-'}  source={art.source or '-'}",
                     highlight=False)
        names = {e.id: e.name for e in doc.entities}
        entities = Table("type", "name", "aliases", "mentions", title="entities")
        for entity in doc.entities:
            entities.add_row(entity.type, entity.name, "، ".join(entity.aliases), str(len(entity.mentions)))
        target.print(entities)
        relations = Table("type", "source", "target", "properties", "confidence", title="relations")
        for rel in doc.relations:
            if rel.type == "MENTIONED_IN":
                continue
            confidence = max((e.confidence for e in rel.evidence), default=0.0)
            props = ", ".join(f"{k}={v}" for k, v in rel.properties.items())
            relations.add_row(rel.type, names.get(rel.source, rel.source), names.get(rel.target, rel.target), props,
                              f"{confidence:.2f}")
        target.print(relations)


class Engine(str, Enum):
    """Where `kg build` runs the extraction."""

    local = "local"
    dask = "dask"


def build(paths: PathsArgument, store: StoreOption = None, data: DataOption = None, workers: WorkersOption = 1,
          rebuild: Annotated[bool, typer.Option("--rebuild", help="empty the store first and load everything again")] = False,
          progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
          max_article_bytes: MaxBytesOption = None, time_limit: TimeLimitOption = None,
          engine: Annotated[Engine, typer.Option(
              "--engine", help="local: this process (or --workers processes); dask: a Dask cluster")] = Engine.local,
          scheduler: Annotated[str | None, typer.Option(
              "--scheduler", help="with --engine dask: the scheduler's address (default: a local cluster with one "
                                  "worker per core)")] = None) -> None:
    """Extract articles into the store: new and changed articles only, unless --rebuild."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kg.build import build as run_build

    if scheduler and engine is not Engine.dask:
        fail("--scheduler is for --engine dask")
    graph_store = open_store_or_exit(store, data, writable=True)
    dask_engine = None
    try:
        if engine is Engine.dask:
            from loaders.dask_engine import DaskEngine

            try:
                dask_engine = DaskEngine(scheduler)
            except (OSError, TimeoutError, ValueError) as exc:
                fail(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}")
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err_console, disable=not progress, transient=True) as bar:
            task = bar.add_task("extract", total=None)
            report = run_build(paths, graph_store, workers=workers, rebuild=rebuild,
                               on_total=lambda n: bar.update(task, total=n), on_done=lambda: bar.advance(task),
                               max_bytes=max_article_bytes, time_limit=time_limit,
                               extract=dask_engine.extract if dask_engine else None)
    except (StoreError, CurationError) as exc:
        fail(str(exc))
    finally:
        if dask_engine is not None:
            dask_engine.close()
        graph_store.close()
    _report_skipped(report.skipped)
    _report_failures(report.failures)
    console.print(f"articles: {report.read} read, {report.written} written, {report.unchanged} unchanged, "
                  f"{report.replaced} replaced, {len(report.failures)} failed, {report.duplicates} republished copies  "
                  f"({report.seconds:.1f} s, "
                  f"store: {graph_store.name})", highlight=False)
    _print_counts(report.counts)
    if report.failures and not report.read:
        raise typer.Exit(1)


def _print_counts(counts: Counts) -> None:
    from rich.table import Table

    table = Table("kind", "name", "count", title="graph")
    for label, n in counts.nodes.items():
        table.add_row("node", label, str(n))
    for rel_type, n in counts.relationships.items():
        table.add_row("relationship", rel_type, str(n))
    table.add_row("total", "nodes", str(counts.total_nodes))
    table.add_row("total", "relationships", str(counts.total_relationships))
    console.print(table)


def stats(store: StoreOption = None, data: DataOption = None,
          format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table) -> None:
    """Print node counts by label and relationship counts by type."""
    graph_store = open_store_or_exit(store, data)
    try:
        counts = graph_store.counts()
    finally:
        graph_store.close()
    if format == StatsFormat.json:
        print(json.dumps({"nodes": counts.nodes, "relationships": counts.relationships}, ensure_ascii=False))
    else:
        _print_counts(counts)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def app(store: StoreOption = None, data: DataOption = None,
        port: Annotated[int, typer.Option("--port")] = 8501,
        address: Annotated[str, typer.Option("--address")] = "127.0.0.1",
        read_only: Annotated[bool | None, typer.Option(
            "--read-only/--curate", help="hide every curation control (default: curate on 127.0.0.1, read-only on "
                                         "any other address; also $KG_READ_ONLY)")] = None,
        curation: Annotated[Path | None, typer.Option(
            "--curation", help="the curation file decisions go to (default: $KG_CURATION, else data/curation.jsonl)")]
        = None) -> None:
    """Start the Streamlit explorer on the chosen store."""
    env = dict(os.environ)
    if store:
        env["KG_STORE"] = store
    if data:
        env["KG_DATA"] = str(Path(data).resolve())
    if curation:
        env["KG_CURATION"] = str(curation.resolve())
    if read_only is None:
        read_only = address not in LOOPBACK or env.get("KG_READ_ONLY", "").lower() in ("1", "true", "yes")
    env["KG_READ_ONLY"] = "1" if read_only else "0"
    command = [sys.executable, "-m", "streamlit", "run", str(APP_PATH), "--server.headless", "true",
               "--server.address", address, "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal"]
    console.print(f"explorer: http://{address}:{port}{' (read-only)' if read_only else ''}", highlight=False)
    raise typer.Exit(subprocess.call(command, env=env))


def register(app_: typer.Typer) -> None:
    """Add the core subcommands to the `kg` app."""
    app_.command()(extract)
    app_.command()(build)
    app_.command()(stats)
    app_.command(name="app")(app)
