"""`kg build` end to end: summaries, idempotent re-runs, incremental builds equal to full ones, bad files, locks, kills."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import StoreUnavailable
from helpers import miscounted_relations, snapshot

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
KG = [sys.executable, "-m", "kg.cli"] if not (ROOT / ".venv" / "bin" / "kg").exists() else [str(ROOT / ".venv/bin/kg")]


def kg(*args, env=None, check=True) -> subprocess.CompletedProcess:
    """Run the real `kg` command."""
    result = subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=600)
    if check:
        assert result.returncode == 0, f"kg {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def sample_copy(tmp_path: Path, names=None) -> Path:
    """A directory holding (some of) the sample articles."""
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        if names is None or path.name[:3] in names:
            shutil.copy(path, folder / path.name)
    return folder


def variant_corpus(folder: Path, n: int) -> Path:
    """n distinct articles: the samples in turn, each with a sentence of its own after the first line."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(n):
        first, rest = samples[i % len(samples)].read_text(encoding="utf-8").split("\n", 1)
        (folder / f"{i:04d}.txt").write_text(f"{first}\nاین گزارش شماره {i} است.\n{rest}", encoding="utf-8")
    return folder


def stats_json(data: Path) -> dict:
    return json.loads(kg("stats", "--data", data, "--format", "json").stdout)


def test_build_and_stats_on_the_samples(tmp_path):
    data = tmp_path / "kg-data"
    result = kg("build", SAMPLES, "--data", data, "--no-progress")
    assert "5 read, 5 written, 0 unchanged, 0 replaced, 0 failed" in result.stdout
    counts = stats_json(data)
    assert counts["nodes"]["Article"] == 5
    for label in ("Person", "Province", "Organization", "Project"):
        assert counts["nodes"].get(label, 0) > 0, label
    for rel_type in ("HOLDS_POSITION", "LOCATED_IN", "MENTIONED_IN", "PUBLISHED_BY"):
        assert counts["relationships"].get(rel_type, 0) > 0, rel_type
    table = kg("stats", "--data", data).stdout
    assert "HOLDS_POSITION" in table and "Person" in table


def test_building_twice_changes_nothing(tmp_path):
    data = tmp_path / "kg-data"
    kg("build", SAMPLES, "--data", data, "--no-progress")
    before = (data / "graph.sqlite").read_bytes()
    result = kg("build", SAMPLES, "--data", data, "--no-progress")
    assert "5 read, 0 written, 5 unchanged" in result.stdout
    assert (data / "graph.sqlite").read_bytes() == before


def test_incremental_build_equals_a_full_build(tmp_path):
    folder = sample_copy(tmp_path, names={"000", "001", "003"})
    data = tmp_path / "incremental"
    kg("build", folder, "--data", data, "--no-progress")
    sample_copy(tmp_path)  # the directory gains the other two articles
    result = kg("build", folder, "--data", data, "--no-progress")
    assert "5 read, 2 written, 3 unchanged" in result.stdout
    full = tmp_path / "full"
    kg("build", folder, "--data", full, "--no-progress")
    assert snapshot(EmbeddedStore(data)) == snapshot(EmbeddedStore(full))


def test_a_changed_file_replaces_its_old_version(tmp_path):
    folder = sample_copy(tmp_path)
    data = tmp_path / "kg-data"
    kg("build", folder, "--data", data, "--no-progress")
    changed = folder / "003_b5d0fff11c82fa3c.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("کرمان", "یزد"), encoding="utf-8")
    result = kg("build", folder, "--data", data, "--no-progress")
    assert "5 read, 1 written, 4 unchanged, 1 replaced" in result.stdout
    fresh = tmp_path / "fresh"
    kg("build", folder, "--data", fresh, "--no-progress")
    assert snapshot(EmbeddedStore(data)) == snapshot(EmbeddedStore(fresh))


def test_rebuild_starts_over(tmp_path):
    data = tmp_path / "kg-data"
    kg("build", sample_copy(tmp_path, names={"000"}), "--data", data, "--no-progress")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLES / "001_4a2f9cb9f95d9937.txt", other)
    kg("build", other, "--data", data, "--no-progress", "--rebuild")
    assert stats_json(data)["nodes"]["Article"] == 1


def test_a_bad_file_is_reported_and_nothing_stored_is_lost(tmp_path):
    data = tmp_path / "kg-data"
    kg("build", SAMPLES, "--data", data, "--no-progress")
    before = snapshot(EmbeddedStore(data))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    shutil.copy(SAMPLES / "000_8d5b54d394e1895a.txt", bad / "good.txt")
    result = kg("build", bad, "--data", data, "--no-progress")
    failed_lines = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed_lines) == 2
    assert any("empty.txt" in line for line in failed_lines) and any("binary.txt" in line for line in failed_lines)
    assert "1 read, 0 written, 1 unchanged" in result.stdout  # good.txt is a copy of a stored sample
    assert snapshot(EmbeddedStore(data)) == before


def test_a_second_build_on_the_same_directory_is_refused(tmp_path):
    data = tmp_path / "kg-data"
    holder = EmbeddedStore(data, writable=True)
    try:
        result = kg("build", SAMPLES, "--data", data, "--no-progress", check=False)
    finally:
        holder.close()
    assert result.returncode == 1
    assert "another process is writing" in result.stderr and str(data) in result.stderr


def test_readers_see_the_old_or_the_new_graph_while_a_build_writes(tmp_path):
    corpus = variant_corpus(tmp_path / "corpus", 40)
    data = tmp_path / "kg-data"
    errors, seen = [], set()
    done = threading.Event()

    def read_repeatedly():
        while not done.is_set():
            if (data / "graph.sqlite").exists():
                try:
                    seen.add(EmbeddedStore(data).counts().nodes.get("Article", 0))
                except Exception as exc:  # a half-written graph would show here
                    errors.append(repr(exc))

    reader = threading.Thread(target=read_repeatedly)
    reader.start()
    try:
        kg("build", corpus, "--data", data, "--no-progress", env={"KG_CHECKPOINT_EVERY": "5"})
    finally:
        done.set()
        reader.join()
    assert errors == []
    assert seen <= {0, 5, 10, 15, 20, 25, 30, 35, 40}  # 0: the empty store the build created, before its first commit
    assert stats_json(data)["nodes"]["Article"] == 40


def test_killing_a_build_at_any_point_then_rerunning_gives_exact_counts(tmp_path):
    corpus = variant_corpus(tmp_path / "corpus", 60)
    reference = tmp_path / "reference"
    kg("build", corpus, "--data", reference, "--no-progress")
    expected = snapshot(EmbeddedStore(reference))
    data = tmp_path / "killed"
    env = {**os.environ, "KG_CHECKPOINT_EVERY": "7"}
    for delay in (0.5, 1.5, 3.0, 5.0):
        process = subprocess.Popen([*KG, "build", str(corpus), "--data", str(data), "--no-progress"], cwd=ROOT,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (data / "graph.sqlite").exists():
            EmbeddedStore(data).counts()  # always loadable
    kg("build", corpus, "--data", data, "--no-progress")
    rebuilt = EmbeddedStore(data)
    assert snapshot(rebuilt) == expected
    assert miscounted_relations(rebuilt) == []


@pytest.mark.parametrize("command", ["extract", "build", "stats", "export", "query", "app", "neo4j"])
def test_every_subcommand_has_help(command):
    result = kg(command, "--help")
    assert "Usage" in result.stdout


class _ConnectionDropsOnSecondChunk(EmbeddedStore):
    """An embedded store whose second batched write fails as a lost Neo4j connection does."""

    writes = 0

    def write_many(self, docs):
        self.writes += 1
        if self.writes == 2:
            raise StoreUnavailable("lost the connection to Neo4j at bolt://127.0.0.1:1")
        return super().write_many(docs)

    def write_article_graph(self, doc):
        if self.writes >= 2:
            raise AssertionError("a build must not retry article by article once the store is gone")
        return super().write_article_graph(doc)


def test_a_lost_store_stops_the_build_and_a_rerun_finishes_it(tmp_path, monkeypatch):
    from kg.build import build

    corpus = variant_corpus(tmp_path / "corpus", 12)
    monkeypatch.setenv("KG_CHECKPOINT_EVERY", "5")
    store = _ConnectionDropsOnSecondChunk(tmp_path / "kg-data", writable=True)
    with pytest.raises(StoreUnavailable, match="5 articles were stored, run the same build again"):
        build([str(corpus)], store)
    store.close()
    again = EmbeddedStore(tmp_path / "kg-data", writable=True)
    report = build([str(corpus)], again)
    assert (report.read, report.unchanged, report.written) == (12, 5, 7)
    again.close()


def test_size_limit_is_reported_and_the_rest_loads(tmp_path):
    folder = sample_copy(tmp_path, names={"000", "003"})
    big = folder / "big.txt"
    big.write_text((SAMPLES / "001_4a2f9cb9f95d9937.txt").read_text(encoding="utf-8") * 3, encoding="utf-8")
    result = kg("build", folder, "--data", tmp_path / "kg-data", "--no-progress", "--max-article-bytes", "20000")
    assert "2 read, 2 written" in result.stdout and "1 failed" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("failed:")] == [
        next(line for line in result.stderr.splitlines() if "big.txt" in line and "limit" in line)]


def watched_build_store(monkeypatch, data: Path) -> tuple[EmbeddedStore, list[tuple[int, int]]]:
    """A writable store whose every save records (articles read from the input so far, articles a reader then
    sees committed), with the build's input reading counted."""
    import kg.build as build_module

    read, saved = [], []
    real_iter = build_module.iter_articles

    def counted(*args, **kwargs):
        for item in real_iter(*args, **kwargs):
            read.append(item)
            yield item

    monkeypatch.setattr(build_module, "iter_articles", counted)
    store = EmbeddedStore(data, writable=True)
    real_flush = store.flush

    def flush():
        real_flush()
        saved.append((len(read), EmbeddedStore(data).counts().nodes.get("Article", 0)))

    monkeypatch.setattr(store, "flush", flush)
    return store, saved


def test_a_build_reads_its_input_chunk_by_chunk_and_saves_each_before_reading_on(tmp_path, monkeypatch):
    import kg.build as build_module

    corpus = variant_corpus(tmp_path / "corpus", 12)
    monkeypatch.setenv("KG_CHECKPOINT_EVERY", "5")
    store, saved = watched_build_store(monkeypatch, tmp_path / "kg-data")
    report = build_module.build([str(corpus)], store)
    assert saved == [(5, 5), (10, 10), (12, 12), (12, 12)]
    store.close()
    assert (report.read, report.written) == (12, 12)


@pytest.mark.parametrize("workers", [2, "dask-like"])
def test_a_chunk_is_extracted_while_the_one_before_is_written_and_saved_before_the_next_is_read(
        tmp_path, monkeypatch, workers):
    import kg.build as build_module
    from loaders.pipeline import extract_articles

    corpus = variant_corpus(tmp_path / "corpus", 17)
    monkeypatch.setenv("KG_CHECKPOINT_EVERY", "5")
    data = tmp_path / "kg-data"
    store, saved = watched_build_store(monkeypatch, data)
    extract = extract_articles if workers == "dask-like" else None
    report = build_module.build([str(corpus)], store, workers=2 if workers == 2 else 1, extract=extract)
    # chunk k is saved once chunk k + 1 is read (it was extracted meanwhile), never later
    assert saved == [(10, 5), (15, 10), (17, 15), (17, 17), (17, 17)]
    store.close()
    assert (report.read, report.written, report.failures) == (17, 17, [])
    sequential = EmbeddedStore(tmp_path / "sequential", writable=True)
    build_module.build([str(corpus)], sequential)
    assert snapshot(EmbeddedStore(data)) == snapshot(sequential)
    sequential.close()


def test_an_overlapped_build_keeps_the_time_limit_for_a_last_chunk_of_one_article(tmp_path, monkeypatch):
    import kg.build as build_module
    import loaders.pipeline as pipeline

    corpus = variant_corpus(tmp_path / "corpus", 3)
    monkeypatch.setenv("KG_CHECKPOINT_EVERY", "2")
    real_extract = pipeline.extract_article

    def slow_on_the_last(article):
        if "شماره 2 " in article.text or "شماره ۲ " in article.text:
            time.sleep(5)
        return real_extract(article)

    monkeypatch.setattr(pipeline, "extract_article", slow_on_the_last)  # forked workers inherit it
    store = EmbeddedStore(tmp_path / "kg-data", writable=True)
    report = build_module.build([str(corpus)], store, workers=2, time_limit=0.5)
    store.close()
    assert (report.read, report.written) == (3, 2)
    assert [f.path.endswith("0002.txt") and "longer than 0.5 s" in f.reason for f in report.failures] == [True]
