"""The `kg neo4j` subcommand (the local Neo4j arrives with issue #4)."""
import typer

from kg.common import not_built_yet


def neo4j(action: str = typer.Argument(..., help="start, stop or status")) -> None:
    """Manage the local development Neo4j."""
    not_built_yet("kg neo4j", 4)


def register(app: typer.Typer) -> None:
    app.command()(neo4j)
