"""The `kg query` subcommand: list the named queries or run one with `--param value` options."""
from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer
from rich.table import Table

from graph.store import StoreError
from kg.common import DataOption, StoreOption, console, fail, open_store_or_exit
from queries.registry import (
    QueryError,
    QueryResult,
    cell_text,
    get_query,
    list_queries,
    run_query,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _parse_params(args: list[str]) -> dict[str, str]:
    """Read `--name value` and `--name=value` pairs (dashes in names become underscores)."""
    params: dict[str, str] = {}
    items = list(args)
    while items:
        item = items.pop(0)
        if not item.startswith("--"):
            raise QueryError(f"unexpected argument {item!r}; give parameters as --name value")
        name, sep, value = item[2:].partition("=")
        if not sep:
            if not items or items[0].startswith("--"):
                raise QueryError(f"parameter --{name} needs a value")
            value = items.pop(0)
        params[name.replace("-", "_")] = value
    return params


def _print_list() -> None:
    table = Table("query", "description", "شرح", "parameters", title="named queries")
    for q in list_queries():
        params = ", ".join(f"--{p.name.replace('_', '-')}{'*' if p.required else ''}" for p in q.params)
        table.add_row(q.name, q.en, q.fa, params)
    console.print(table)
    console.print("* required.  Run: kg query NAME --param value [--format table|json|csv]", highlight=False)


def _print_table(name: str, result: QueryResult) -> None:
    table = Table(*result.columns, title=f"{name} ({len(result.rows)} rows)")
    for row in result.rows:
        table.add_row(*[str(cell_text(row.get(c))) for c in result.columns])
    console.print(table)


def query(ctx: typer.Context,
          name: Annotated[str | None, typer.Argument(help="the named query (see --list)")] = None,
          list_: Annotated[bool, typer.Option("--list", help="list the named queries and their parameters")] = False,
          format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
          store: StoreOption = None, data: DataOption = None) -> None:
    """Run a named query, e.g. `kg query search --text صدر` or `kg query paths --source A --target B`."""
    if list_ or not name:
        _print_list()
        return
    try:
        get_query(name)
        params = _parse_params(ctx.args)
    except QueryError as exc:
        fail(str(exc))
    graph_store = open_store_or_exit(store, data)
    try:
        result = run_query(graph_store, name, **params)
    except (QueryError, StoreError) as exc:
        fail(str(exc))
    finally:
        graph_store.close()
    if format == OutputFormat.json:
        print(result.to_json())
    elif format == OutputFormat.csv:
        print(result.to_csv(), end="")
    else:
        _print_table(name, result)


def register(app: typer.Typer) -> None:
    """Add `kg query` to the `kg` app."""
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(query)
