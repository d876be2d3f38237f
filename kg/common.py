"""Options and helpers shared by every `kg` subcommand: choosing and opening the store, printing errors."""
from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console

from graph.store import GraphStore, StoreError, open_store

console = Console()
err_console = Console(stderr=True)

StoreOption = Annotated[str | None, typer.Option(
    "--store", help="embedded or neo4j (default: $KG_STORE, else neo4j when $NEO4J_URI is set, else embedded)")]
DataOption = Annotated[str | None, typer.Option(
    "--data", help="data directory of the embedded store (default: $KG_DATA, else ./kg-data)")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one clear error line and exit with `code`."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def not_built_yet(feature: str, issue: int) -> NoReturn:
    """Say plainly that a feature is not there yet, and exit non-zero; never print made-up output."""
    fail(f"{feature} is not built yet (tracked in issue #{issue})", code=2)


def open_store_or_exit(store: str | None, data: str | None, writable: bool = False, **options) -> GraphStore:
    """Open the chosen store, turning a StoreError into one error line."""
    try:
        return open_store(store, data, writable=writable, **options)
    except StoreError as exc:
        fail(str(exc))
