"""SPARQL: `kg sparql` on the Oxigraph copy, the read-only endpoint queried by SPARQLWrapper, time limits and refresh."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from typer.testing import CliRunner

from exports.rdf import export_rdf
from exports.sparql import QueryRunner, SparqlError, SparqlIndex, SparqlTimeout
from graph.embedded import EmbeddedStore
from kg.cli import app
from tests.test_export import readme_queries

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, sample_docs):
    """An embedded store holding the sample articles."""
    data = tmp_path_factory.mktemp("sparql") / "kg-data"
    store = EmbeddedStore(data, writable=True)
    store.write_many(sample_docs)
    store.flush()
    store.close()
    return data


def _rdflib_rows(data: Path, query: str, tmp: Path) -> list[tuple]:
    store = EmbeddedStore(data)
    graph = Graph().parse(export_rdf(store, path=tmp / "kg.ttl"), format="turtle")
    store.close()
    return [tuple(str(v) if v is not None else "" for v in row) for row in graph.query(query)]


def _json_rows(results: dict) -> list[tuple]:
    columns = results["head"]["vars"]
    return [tuple(row.get(c, {}).get("value", "") for c in columns) for row in results["results"]["bindings"]]


def _kg_sparql_rows(data: Path, query: str) -> list[tuple]:
    result = CliRunner().invoke(app, ["sparql", "--data", str(data), "--format", "json", query])
    assert result.exit_code == 0, result.output
    return _json_rows(json.loads(result.stdout))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(data_dir):
    """`kg sparql --serve` on a free 127.0.0.1 port, in its own process."""
    port = _free_port()
    kg = Path(sys.executable).with_name("kg")
    process = subprocess.Popen([str(kg), "sparql", "--serve", "--port", str(port), "--data", str(data_dir),
                                "--timeout", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"kg sparql --serve exited: {process.stdout.read()}")
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("kg sparql --serve did not start listening in 120 s")
    yield f"http://127.0.0.1:{port}/sparql"
    process.terminate()
    process.wait(timeout=30)


def _client(url: str, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client


def test_readme_queries_same_rows_from_kg_sparql_the_endpoint_and_rdflib(data_dir, endpoint, tmp_path):
    queries = readme_queries()
    assert len(queries) == 3
    for query in queries:
        expected = _rdflib_rows(data_dir, query, tmp_path)
        assert expected, query
        assert _kg_sparql_rows(data_dir, query) == expected
        assert _json_rows(_client(endpoint, query).queryAndConvert()) == expected
        post = _client(endpoint, query)
        post.setMethod(POST)
        assert _json_rows(post.queryAndConvert()) == expected


def test_endpoint_refuses_updates(endpoint, data_dir):
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery('INSERT DATA { <urn:x> <urn:y> "z" }')
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    result = CliRunner().invoke(app, ["sparql", "--data", str(data_dir), "--format", "json",
                                      'ASK { <urn:x> <urn:y> "z" }'])
    assert json.loads(result.stdout)["boolean"] is False


def test_endpoint_stops_a_long_query_and_goes_on(endpoint):
    started = time.monotonic()
    with pytest.raises(HTTPError) as stopped:
        _client(endpoint, HEAVY).query()
    assert time.monotonic() - started < 30
    assert stopped.value.code == 503 and b"time limit" in stopped.value.read()
    count = _json_rows(_client(endpoint, COUNT).queryAndConvert())
    assert int(count[0][0]) > 100


def test_kg_sparql_reports_a_time_out_and_a_bad_query(data_dir):
    result = CliRunner().invoke(app, ["sparql", "--data", str(data_dir), "--timeout", "1", HEAVY])
    assert result.exit_code == 1
    assert "stopped after 1 s" in result.output
    result = CliRunner().invoke(app, ["sparql", "--data", str(data_dir), "SELEC nothing"])
    assert result.exit_code == 1 and "cannot be run" in result.output
    result = CliRunner().invoke(app, ["sparql", "--data", str(data_dir), 'DELETE WHERE { ?s ?p ?o }'])
    assert result.exit_code == 1 and "read-only" in result.output


def test_copy_is_rebuilt_only_when_the_graph_changes(tmp_path, sample_docs):
    data = tmp_path / "kg-data"
    store = EmbeddedStore(data, writable=True)
    store.write_many(sample_docs[:2])
    store.flush()
    index = SparqlIndex(store, tmp_path / "sparql")
    runner = QueryRunner(timeout=20)
    try:
        assert index.refresh() is True
        before = _json_rows(json.loads(runner.run(index.path(), COUNT).body))
        assert index.refresh() is False
        store.write_many(sample_docs[2:])
        store.flush()
        assert index.refresh() is True
        after = _json_rows(json.loads(runner.run(index.path(), COUNT).body))
        assert int(after[0][0]) > int(before[0][0])
        assert len([p for p in (tmp_path / "sparql").iterdir() if p.is_dir()]) == 1
        with pytest.raises(SparqlTimeout):
            runner.run(index.path(), HEAVY, timeout=0.5)
        with pytest.raises(SparqlError):
            runner.run(index.path(), "CLEAR ALL")
        graph = runner.run(index.path(), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", graph_format="ntriples")
        assert graph.media_type == "application/n-triples" and len(graph.body.splitlines()) == 5
    finally:
        runner.close()
        store.close()
