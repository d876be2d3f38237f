"""Shared fixtures: stores of both kinds (embedded, and a real local Neo4j), and the sample articles extracted once."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_unavailable(what: str, reason: str):
    """In CI a missing service fails the run; on a laptop the test is skipped with the reason."""
    if IN_CI:
        pytest.fail(f"{what} is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"{what} unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j (the pinned local engine) for the whole test session, stopped at the end."""
    from graph.neo4j_local.testing import start_test_server

    try:
        server = start_test_server(tmp_path_factory.mktemp("neo4j"))
    except Exception as exc:  # any failure to start is reported the same way
        service_unavailable("Neo4j", str(exc))
    yield server
    server.stop()


def _open_empty_store(kind: str, request, tmp_path):
    if kind == "embedded":
        return EmbeddedStore(tmp_path / "kg-data", writable=True)
    server = request.getfixturevalue("neo4j_server")
    store = server.open_store()
    store.clear()
    return store


def store_holding(kind: str, request, tmp_path, docs):
    """A new store of this kind holding these article graphs, written and flushed."""
    store = _open_empty_store(kind, request, tmp_path)
    store.write_many(docs)
    store.flush()
    return store


@pytest.fixture(params=["embedded", "neo4j"])
def empty_store(request, tmp_path):
    """An empty writable store of each kind."""
    store = _open_empty_store(request.param, request, tmp_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_docs():
    """The sample articles, read and extracted once per session."""
    from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across

    articles = [a for a in iter_articles([str(SAMPLES)]) if not isinstance(a, ReadFailure)]
    docs, failures = extract_articles(articles)
    assert not failures, failures
    return resolve_across(docs)


@pytest.fixture(params=["embedded", "neo4j"])
def sample_store(request, tmp_path, sample_docs):
    """A store of each kind holding the sample articles."""
    store = store_holding(request.param, request, tmp_path, sample_docs)
    yield store
    store.close()
