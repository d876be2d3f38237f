"""The `kg export` subcommand: the graph as RDF (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads), GraphML, GEXF,
CSV or FollowTheMoney JSON Lines."""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.common import DataOption, StoreOption, console, err_console, fail, open_store_or_exit


class ExportFormat(str, Enum):
    """The formats `kg export` writes."""

    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    xml = "xml"
    trig = "trig"
    nquads = "nquads"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    ftm = "ftm"


NETWORK_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv", ".ftm": "ftm"}


def _choose_format(format: ExportFormat | None, output: str | None) -> str:
    """The format asked for, else the one the output's suffix names (a directory means csv), else turtle."""
    from exports.rdf import rdf_format_for

    if format is not None:
        return format.value
    if output is None or output == "-":
        return "turtle"
    if Path(output).is_dir() or output.endswith(("/", "\\")):
        return "csv"
    suffix = Path(output).suffix.lower()
    if output.lower().endswith((".ftm.json", ".ftm.jsonl")):
        return "ftm"
    if suffix in NETWORK_SUFFIXES:
        return NETWORK_SUFFIXES[suffix]
    try:
        return rdf_format_for(output, None)
    except ValueError:
        fail(f"cannot tell the format of {output} from its suffix; give --format "
             f"({', '.join(f.value for f in ExportFormat)})")


def export(
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="file to write (RDF goes to stdout without it); for csv DIR/ gives DIR/nodes.csv and "
                               "DIR/edges.csv, PREFIX gives PREFIX-nodes.csv and PREFIX-edges.csv")] = None,
    format: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="output format (default: from the file's suffix, else turtle)")] = None,
    base_iri: Annotated[str | None, typer.Option(
        "--base-iri", help="base of the node IRIs (default: $KG_BASE_IRI, else https://kg.example.org/)")] = None,
    provenance: Annotated[bool, typer.Option(
        "--provenance/--no-provenance", help="include PROV-O evidence nodes (RDF formats)")] = True,
    store: StoreOption = None,
    data: DataOption = None,
) -> None:
    """Export the graph as RDF, GraphML, GEXF, CSV or FollowTheMoney (ftm: JSON Lines for Aleph)."""
    from exports.networks import NETWORK_FORMATS, export_network
    from exports.rdf import export_rdf, write_rdf
    from exports.vocab import base_iri as check_base_iri

    chosen = _choose_format(format, output)
    try:
        check_base_iri(base_iri)
    except ValueError as exc:
        fail(str(exc))
    to_stdout = output is None or output == "-"
    if chosen in NETWORK_FORMATS and to_stdout:
        fail(f"--output is required for {chosen}")
    if not to_stdout and chosen != "csv" and not Path(output).parent.is_dir():
        fail(f"cannot write {output}: the directory {Path(output).parent} does not exist")
    graph_store = open_store_or_exit(store, data)
    try:
        counts = graph_store.counts()
        if counts.total_nodes == 0:
            err_console.print(f"warning: the {graph_store.name} store is empty; run kg build first", highlight=False)
        if to_stdout:
            if chosen == "ftm":
                from exports.ftm import write_ftm
                write_ftm(graph_store, sys.stdout.buffer)
            else:
                write_rdf(graph_store, sys.stdout.buffer, chosen, base_iri, provenance)
            sys.stdout.flush()
            return
        if chosen == "ftm":
            from exports.ftm import export_ftm
            written = [export_ftm(graph_store, output)]
        elif chosen in NETWORK_FORMATS:
            written = export_network(graph_store, chosen, output)
        else:
            written = [export_rdf(graph_store, chosen, output, base_iri=base_iri, provenance=provenance)]
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    finally:
        graph_store.close()
    console.print(f"wrote {', '.join(str(p) for p in written)} ({chosen}; {counts.total_nodes} nodes, "
                  f"{counts.total_relationships} relationships)", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `kg export` to the kg command line."""
    app.command()(export)
