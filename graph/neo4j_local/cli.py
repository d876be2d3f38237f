"""The `kg neo4j` subcommands: fetch the pinned engine, start, stop and check the local development Neo4j."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.common import console, fail

neo4j_app = typer.Typer(help="The local development Neo4j (pinned 5.26 engine, Bolt on 127.0.0.1, auth off).",
                        no_args_is_help=True)

DataDirOption = Annotated[Path | None, typer.Option(
    "--data-dir", help="where the database lives (default: $KG_NEO4J_DATA, else <$KG_DATA or ./kg-data>/neo4j)")]


@neo4j_app.command()
def fetch(force: Annotated[bool, typer.Option("--force", help="fetch again even if cached")] = False) -> None:
    """Copy the pinned Neo4j engine jars from Maven Central into the cache ($KG_NEO4J_HOME); quick when cached."""
    from graph.neo4j_local import server

    try:
        lib = server.fetch(force=force)
    except server.LocalNeo4jError as exc:
        fail(str(exc))
    console.print(f"neo4j {server.NEO4J_VERSION}: {len(list(lib.glob('*.jar')))} jars in {lib}", highlight=False)


@neo4j_app.command()
def start(data_dir: DataDirOption = None,
          port: Annotated[int, typer.Option("--port", help="Bolt port on 127.0.0.1")] = 7687,
          timeout: Annotated[float, typer.Option("--timeout", help="seconds to wait for start-up")] = 180) -> None:
    """Start the local Neo4j in the background and wait until it answers on Bolt."""
    from graph.neo4j_local import server

    try:
        running = server.start(data_dir, port=port, detached=True, timeout=timeout)
    except server.LocalNeo4jError as exc:
        fail(str(exc))
    console.print(f"neo4j {server.NEO4J_VERSION} running at {running.uri} (pid {running.pid}, data "
                  f"{running.data_dir}); `kg build --store neo4j` now uses it", highlight=False)


@neo4j_app.command()
def stop(data_dir: DataDirOption = None) -> None:
    """Stop the local Neo4j cleanly."""
    from graph.neo4j_local import server

    directory = data_dir or server.default_data_dir()
    running = server.running_server(directory)
    if running is None:
        console.print(f"no local Neo4j runs on {directory}", highlight=False)
        return
    running.stop()
    console.print(f"stopped the local Neo4j at {running.uri} (pid {running.pid})", highlight=False)


@neo4j_app.command()
def status(data_dir: DataDirOption = None) -> None:
    """Say whether the local Neo4j is up (exit code 0) or not (exit code 1)."""
    from graph.neo4j_local import server

    directory = data_dir or server.default_data_dir()
    running = server.running_server(directory)
    if running is None:
        console.print(f"not running (data {directory})", highlight=False)
        raise typer.Exit(1)
    console.print(f"running at {running.uri} (pid {running.pid}, data {running.data_dir})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `kg neo4j ...` to the `kg` app."""
    app.add_typer(neo4j_app, name="neo4j")
