"""A Neo4j killed in the middle of a build: a re-run completes it with exact counts; no JVM outlives its parent."""
from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_local.server import free_port, start
from graph.neo4j_local.testing import start_test_server, synthetic_docs
from graph.store import StoreError
from conftest import ROOT, service_unavailable
from helpers import snapshot

pytestmark = pytest.mark.neo4j


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start(directory):
    try:
        return start_test_server(directory)
    except Exception as exc:  # the same rule as the shared fixture: fail in CI, skip elsewhere
        service_unavailable("Neo4j", str(exc))


def test_server_killed_mid_build_then_rerun_gives_exact_counts(tmp_path):
    docs = synthetic_docs(40, people=30, organisations=15, projects=8)
    reference = EmbeddedStore(tmp_path / "reference", writable=True)
    reference.write_many(docs)
    server = _start(tmp_path)
    restarted = None
    try:
        store = server.open_store(batch_size=20, retry_seconds=2)

        def docs_then_crash():
            for number, doc in enumerate(docs):
                if number == len(docs) // 2:
                    server.kill()
                yield doc

        with pytest.raises(StoreError, match=f"Neo4j at {server.uri}"):
            store.write_many(docs_then_crash())
        store.close()
        assert not server.is_running()

        restarted = start(server.data_dir, port=free_port())
        store = restarted.open_store(batch_size=20)
        done = [doc.article.id for doc in docs if store.has_article(doc.article.id)]
        assert 0 < len(done) < len(docs) // 2 + 1  # some complete batches survived the crash, the rest did not
        store.write_many(doc for doc in docs if not store.has_article(doc.article.id))
        assert store.counts() == reference.counts()
        assert snapshot(store) == snapshot(reference)
        assert all(store.has_article(doc.article.id) for doc in docs)
        store.close()
    finally:
        reference.close()
        for running in (server, restarted):
            if running is not None and running.is_running():
                running.stop()


def test_no_jvm_outlives_a_killed_parent(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from graph.neo4j_local.testing import start_test_server; "
         "server = start_test_server(Path(sys.argv[1])); print(server.pid, flush=True); time.sleep(600)",
         str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = child.stdout.readline()
        if not line.strip():
            child.wait(timeout=30)
            service_unavailable("Neo4j", f"the child process could not start it (exit code {child.returncode})")
        jvm = int(line)
        assert _alive(jvm)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        deadline = time.monotonic() + 90
        while _alive(jvm) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _alive(jvm), "the JVM kept running after its parent was killed"
        assert "KG-NEO4J STOPPED" in (tmp_path / "data" / "launcher.log").read_text(encoding="utf-8")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
