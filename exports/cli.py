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
    """Add `kg export` and `kg sparql` to the kg command line."""
    app.command()(export)
    app.command()(sparql)


def sparql(
    query: Annotated[str | None, typer.Argument(help="a SPARQL 1.1 query (or --file)")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="read the query from this file")] = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", help="results: table, json, csv, tsv, xml; graphs (CONSTRUCT/DESCRIBE): turtle, ntriples, "
                               "xml")] = "table",
    timeout: Annotated[float, typer.Option("--timeout", help="seconds a query may run before it is stopped")] = 30.0,
    serve: Annotated[bool, typer.Option("--serve", help="serve the SPARQL 1.1 protocol instead (read-only)")] = False,
    port: Annotated[int, typer.Option("--port", help="port of --serve (on 127.0.0.1)")] = 7878,
    host: Annotated[str, typer.Option("--host", help="address of --serve")] = "127.0.0.1",
    base_iri: Annotated[str | None, typer.Option("--base-iri", help="base of the node IRIs, as for kg export")] = None,
    store: StoreOption = None,
    data: DataOption = None,
) -> None:
    """Ask SPARQL of the graph (an Oxigraph copy of the RDF export, refreshed when the graph changes), or serve it."""
    from exports.sparql import QueryRunner, SparqlError, SparqlIndex, _kind, index_directory, make_server

    if serve == bool(query or file):
        fail("give a query (or --file), or --serve, but not both" if serve else "give a query, --file or --serve")
    text = query
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror or exc}")
    graph_store = open_store_or_exit(store, data)
    runner = QueryRunner(timeout)
    try:
        try:
            index = SparqlIndex(graph_store, index_directory(graph_store, data), base_iri)
        except ValueError as exc:
            fail(str(exc))
        if index.refresh():
            err_console.print(f"built the SPARQL copy of the {graph_store.name} store in {index.directory}",
                              highlight=False, soft_wrap=True)
        if serve:
            server = make_server(index, runner, host, port)
            console.print(f"SPARQL endpoint on http://{host}:{server.server_address[1]}/sparql (read-only; Ctrl-C "
                          "stops)", highlight=False, soft_wrap=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                server.server_close()
            return
        kind = _kind(text)
        wanted = "json" if format == "table" else format
        try:
            answer = runner.run(index.path(), text, result_format=wanted if kind != "graph" else "json",
                                graph_format=wanted if kind == "graph" else "turtle")
        except SparqlError as exc:
            fail(str(exc))
        if format == "table" and kind != "graph":
            _print_sparql_table(answer.body)
        else:
            sys.stdout.buffer.write(answer.body)
            sys.stdout.flush()
    finally:
        runner.close()
        graph_store.close()


def _print_sparql_table(body: bytes) -> None:
    """SPARQL JSON results as a table (or the boolean of an ASK)."""
    import json

    from rich.table import Table

    results = json.loads(body)
    if "boolean" in results:
        console.print(str(results["boolean"]).lower())
        return
    columns = results["head"]["vars"]
    table = Table(*columns)
    for row in results["results"]["bindings"]:
        table.add_row(*(row.get(c, {}).get("value", "") for c in columns))
    console.print(table)
    console.print(f"{len(results['results']['bindings'])} rows", highlight=False)
