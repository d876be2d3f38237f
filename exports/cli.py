"""The `kg export` subcommand (exports arrive with issue #6)."""
import typer

from kg.common import not_built_yet


def export() -> None:
    """Export the graph."""
    not_built_yet("kg export", 6)


def register(app: typer.Typer) -> None:
    app.command()(export)
