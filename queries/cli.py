"""The `kg query` subcommand (named queries arrive with issue #5)."""
import typer

from kg.common import not_built_yet


def query(name: str = typer.Argument(None)) -> None:
    """Run a named query."""
    not_built_yet("kg query", 5)


def register(app: typer.Typer) -> None:
    app.command()(query)
