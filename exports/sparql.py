"""SPARQL over the graph: an Oxigraph copy of the RDF export, rebuilt when the store changes, queried with a time limit.

`SparqlIndex(store, directory)` keeps the copy: `refresh()` rebuilds it only when the store's `version()` (or the
base IRI) differs from the one it was built from. Queries run in a separate worker process, so a query that runs past
its time limit is stopped by ending that process (Oxigraph has no cancellation of its own); the copy is opened
read-only there, and update requests are refused before they reach it. `serve()` answers the SPARQL 1.1 protocol
(GET and POST, JSON/XML/CSV/TSV results, Turtle/N-Triples/RDF-XML graphs) on 127.0.0.1.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from filelock import FileLock

from exports.rdf import iter_quads, write_stream
from exports.vocab import base_iri as checked_base_iri
from graph.store import GraphStore

DEFAULT_TIMEOUT = 30.0
STATE_FILE = "state.json"
SELECT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "xml": "application/rdf+xml"}


class SparqlError(ValueError):
    """A query that cannot be answered: malformed, an update, or stopped at its time limit; the message says which."""


class SparqlTimeout(SparqlError):
    """A query stopped because it ran past its time limit."""


def index_directory(store: GraphStore, data: str | os.PathLike | None = None) -> Path:
    """Where a store's SPARQL copy lives: beside the embedded store's data, or in the user cache for Neo4j."""
    if store.name == "embedded":
        from graph.store import data_dir

        return data_dir(data) / "sparql"
    where = f"{getattr(store, 'uri', '')}|{getattr(store, 'database', '')}"
    cache = Path(os.environ.get("KG_CACHE", Path.home() / ".cache" / "kg"))
    return cache / "sparql" / hashlib.sha1(where.encode()).hexdigest()[:16]


class SparqlIndex:
    """The Oxigraph copy of one store's RDF export (facts and provenance in the default graph, as in Turtle)."""

    def __init__(self, store: GraphStore, directory: str | os.PathLike, base_iri: str | None = None) -> None:
        self.store = store
        self.directory = Path(directory)
        self.base_iri = checked_base_iri(base_iri)

    def _wanted(self) -> dict:
        return {"version": repr(self.store.version()), "base_iri": self.base_iri}

    def _state(self) -> dict | None:
        try:
            return json.loads((self.directory / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def current_path(self) -> Path | None:
        """The directory of the up-to-date copy, or None when there is none."""
        state = self._state()
        if state and {k: state.get(k) for k in ("version", "base_iri")} == self._wanted():
            path = self.directory / state["dir"]
            return path if path.is_dir() else None
        return None

    def refresh(self) -> bool:
        """Rebuild the copy if the store changed since it was built; True when it was rebuilt."""
        import pyoxigraph

        self.directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.directory / "rebuild.lock")):
            if self.current_path() is not None:
                return False
            wanted = self._wanted()
            fresh = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=self.directory))
            dump = fresh.with_suffix(".nt")
            with dump.open("wb") as out:
                write_stream(iter_quads(self.store, self.base_iri, provenance=True), out, "ntriples", self.base_iri)
            oxigraph = pyoxigraph.Store(str(fresh))
            oxigraph.bulk_load(path=str(dump), format=pyoxigraph.RdfFormat.N_TRIPLES)
            oxigraph.flush()
            del oxigraph
            dump.unlink()
            old = self._state()
            state = {**wanted, "dir": fresh.name}
            partial = self.directory / (STATE_FILE + ".partial")
            partial.write_text(json.dumps(state), encoding="utf-8")
            partial.replace(self.directory / STATE_FILE)
            if old and old.get("dir") and old["dir"] != fresh.name:
                shutil.rmtree(self.directory / old["dir"], ignore_errors=True)
            return True

    def path(self) -> Path:
        """The up-to-date copy's directory, rebuilding it first when needed."""
        self.refresh()
        path = self.current_path()
        assert path is not None
        return path


@dataclass
class Answer:
    """A serialised query answer and its media type."""

    body: bytes
    media_type: str


def _kind(query: str) -> str:
    """'select', 'ask', 'graph' (CONSTRUCT/DESCRIBE) or 'update', read from the query's first keyword."""
    import re

    text = re.sub(r"#[^\n]*", " ", query)
    text = re.sub(r"(?is)\b(PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)", " ", text)
    word = (re.findall(r"[A-Za-z]+", text) or [""])[0].upper()
    if word in ("SELECT",):
        return "select"
    if word == "ASK":
        return "ask"
    if word in ("CONSTRUCT", "DESCRIBE"):
        return "graph"
    if word in ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"):
        return "update"
    return "unknown"


_opened: dict[str, object] = {}


def _answer_in_worker(path: str, query: str, result_format: str, graph_format: str) -> Answer:
    """Run one query on the read-only copy and serialise the result (runs inside the worker process)."""
    import pyoxigraph

    if path not in _opened:
        _opened.clear()
        _opened[path] = pyoxigraph.Store.read_only(path)
    store = _opened[path]
    try:
        result = store.query(query)
    except (SyntaxError, ValueError, OSError) as exc:
        raise SparqlError(f"the query cannot be run: {exc}") from None
    if isinstance(result, pyoxigraph.QueryTriples):
        formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
                   "xml": pyoxigraph.RdfFormat.RDF_XML}
        return Answer(result.serialize(format=formats[graph_format]), GRAPH_TYPES[graph_format])
    formats = {"json": pyoxigraph.QueryResultsFormat.JSON, "xml": pyoxigraph.QueryResultsFormat.XML,
               "csv": pyoxigraph.QueryResultsFormat.CSV, "tsv": pyoxigraph.QueryResultsFormat.TSV}
    return Answer(result.serialize(format=formats[result_format]), SELECT_TYPES[result_format])


def _worker_loop(connection) -> None:
    """The worker process: answer one request after another until the pipe closes."""
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", _answer_in_worker(*request)))
        except SparqlError as exc:
            connection.send(("error", str(exc)))
        except Exception as exc:  # anything else the engine raises is reported, and the worker goes on
            connection.send(("error", f"the query failed: {exc}"))


class QueryRunner:
    """Runs queries in a worker process, one at a time, ending (and replacing) the worker when one runs too long."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._process = None
        self._connection = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_worker_loop, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._connection = parent

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._process = self._connection = None

    def run(self, path: Path, query: str, result_format: str = "json", graph_format: str = "turtle",
            timeout: float | None = None) -> Answer:
        """The answer to a read query on the copy at `path`; SparqlError for an update, a bad query or a time-out."""
        if _kind(query) == "update":
            raise SparqlError("updates are refused: this SPARQL endpoint is read-only")
        if result_format not in SELECT_TYPES:
            raise SparqlError(f"unknown result format {result_format!r}; choose one of {', '.join(SELECT_TYPES)}")
        if graph_format not in GRAPH_TYPES:
            raise SparqlError(f"unknown graph format {graph_format!r}; choose one of {', '.join(GRAPH_TYPES)}")
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._connection.send((str(path), query, result_format, graph_format))
            if not self._connection.poll(limit):
                self._stop()
                raise SparqlTimeout(f"the query was stopped after {limit:g} s (its time limit); "
                                    "narrow it or give a longer --timeout")
            status, value = self._connection.recv()
        if status == "error":
            raise SparqlError(value)
        return value

    def close(self) -> None:
        with self._lock:
            self._stop()


def _negotiate(accept: str, kind: str) -> str:
    """The result format an Accept header asks for (JSON results and Turtle graphs by default)."""
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        for name, media_type in table.items():
            if media == media_type or (media == "application/json" and name == "json"):
                return name
    return "turtle" if kind == "graph" else "json"


def make_server(index: SparqlIndex, runner: QueryRunner, host: str = "127.0.0.1", port: int = 7878,
                path: str = "/sparql") -> ThreadingHTTPServer:
    """An HTTP server answering the SPARQL 1.1 protocol (query operation only) at `path`."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql"

        def log_message(self, format, *args) -> None:  # one quiet line per request on stderr
            if os.environ.get("KG_SPARQL_LOG"):
                super().log_message(format, *args)

        def _reply(self, status: int, body: bytes, media_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, message: str) -> None:
            self._reply(status, message.encode("utf-8") + b"\n", "text/plain")

        def _answer(self, query: str | None) -> None:
            if not query:
                self._error(400, "no query: give ?query=... (GET) or a query in the request body (POST)")
                return
            kind = _kind(query)
            chosen = _negotiate(self.headers.get("Accept", ""), kind)
            try:
                answer = runner.run(index.path(), query, result_format=chosen if kind != "graph" else "json",
                                    graph_format=chosen if kind == "graph" else "turtle")
            except SparqlTimeout as exc:
                self._error(503, str(exc))
                return
            except SparqlError as exc:
                self._error(403 if kind == "update" else 400, str(exc))
                return
            self._reply(200, answer.body, answer.media_type)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path != path:
                self._error(404, f"the SPARQL endpoint is at {path}")
                return
            params = parse_qs(url.query)
            if "update" in params:
                self._error(403, "updates are refused: this SPARQL endpoint is read-only")
                return
            self._answer((params.get("query") or [None])[0])

        def do_POST(self) -> None:
            if urlsplit(self.path).path != path:
                self._error(404, f"the SPARQL endpoint is at {path}")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                self._error(403, "updates are refused: this SPARQL endpoint is read-only")
                return
            if media == "application/sparql-query":
                self._answer(body)
                return
            params = parse_qs(body)
            if "update" in params:
                self._error(403, "updates are refused: this SPARQL endpoint is read-only")
                return
            self._answer((params.get("query") or [None])[0])

    return ThreadingHTTPServer((host, port), Handler)
