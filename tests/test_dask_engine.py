"""Extraction on a Dask cluster: the same graph as the single-process build, and failures reported per article."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.embedded import EmbeddedStore
from kg.build import build
from kg.cli import app
from loaders import dask_engine
from loaders.dask_engine import DaskEngine
from tests.conftest import ROOT, SAMPLES


def _corpus_gen():
    spec = importlib.util.spec_from_file_location("corpus_gen", ROOT / "benchmarks" / "corpus_gen.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The sample articles and 40 generated ones."""
    out = tmp_path_factory.mktemp("corpus")
    _corpus_gen().generate(40, 11, out)
    return [str(SAMPLES), str(out)]


def _snapshot(store: EmbeddedStore) -> tuple:
    counts = store.counts()
    entities = {(e.id, e.type, e.name, tuple(sorted(e.aliases))) for e in store.entities()}
    relations = {(r.key, tuple(sorted((e.article, e.start, e.end) for e in r.evidence))) for r in store.relations()}
    return counts.nodes, counts.relationships, entities, relations, {a.id for a in store.articles()}


def test_dask_build_equals_the_single_process_build(tmp_path, corpus):
    single = EmbeddedStore(tmp_path / "single", writable=True)
    report = build(corpus, single)
    assert not report.failures and report.written >= 45
    with DaskEngine(workers=2) as engine:
        assert engine.worker_count() == 2
        distributed = EmbeddedStore(tmp_path / "dask", writable=True)
        dask_report = build(corpus, distributed, extract=engine.extract)
    assert not dask_report.failures and dask_report.written == report.written
    assert _snapshot(distributed) == _snapshot(single)
    single.close()
    distributed.close()


def test_kg_build_engine_dask(tmp_path):
    result = CliRunner().invoke(app, ["build", str(SAMPLES), "--data", str(tmp_path / "kg"), "--engine", "dask",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "5 read, 5 written" in result.output
    store = EmbeddedStore(tmp_path / "kg")
    reference = EmbeddedStore(tmp_path / "ref", writable=True)
    build([str(SAMPLES)], reference)
    assert _snapshot(store) == _snapshot(reference)
    store.close()
    reference.close()


def test_scheduler_only_with_the_dask_engine(tmp_path):
    result = CliRunner().invoke(app, ["build", str(SAMPLES), "--data", str(tmp_path / "kg"),
                                      "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1 and "--scheduler is for --engine dask" in result.output


def test_a_failed_partition_is_reported_for_each_of_its_articles(tmp_path, corpus, monkeypatch):
    from distributed import LocalCluster

    real = dask_engine.extract_partition

    def failing(articles, time_limit):
        if any(Path(a.path).name.startswith("000_") for a in articles):
            raise RuntimeError("worker lost")
        return real(articles, time_limit)

    monkeypatch.setattr(dask_engine, "extract_partition", failing)
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            DaskEngine(scheduler=cluster.scheduler_address) as engine:
        store = EmbeddedStore(tmp_path / "kg", writable=True)
        report = build(corpus, store, extract=engine.extract)
    failed = [f for f in report.failures if "partition" in f.reason]
    assert failed and all("worker lost" in f.reason for f in failed)
    assert any(Path(f.path).name.startswith("000_") for f in failed)
    assert report.written == report.read - len(report.failures) > 0
    store.close()
