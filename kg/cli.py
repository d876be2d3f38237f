"""The `kg` command line: each package registers its own subcommands on one Typer app."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="kg",
    help="Knowledge graph of Iran's digital government, read from Persian news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMAND_MODULES = ("kg.core_commands", "kg.fetch_command", "queries.cli", "exports.cli", "graph.neo4j_local.cli")

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Entry point of the console script."""
    app()
