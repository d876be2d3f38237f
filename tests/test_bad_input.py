"""Bad input never stops the reader: each bad file or record gives one ReadFailure naming it and why; the rest loads."""
from __future__ import annotations

import json
import os
import pickle
import pwd
import shutil
import tempfile
import tracemalloc
from pathlib import Path

import pytest

from graph.model import Article
from loaders.articles import ReadFailure, iter_articles

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
GOOD = ("به گزارش ایسنا، وزیر ارتباطات و فناوری اطلاعات امروز در سفر به استان یزد از مرکز داده استان بازدید کرد.\n"
        "وی گفت: اتصال دستگاههای اجرایی استان به پنجره ملی خدمات دولت هوشمند تا پایان سال کامل میشود.\n")
MiB = 1024 * 1024


def split(items) -> tuple[list[Article], dict[str, str]]:
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert len(articles) + len(failures) == len(items)
    by_name = {os.path.basename(f.path): f.reason for f in failures}
    assert len(by_name) == len(failures), failures  # one failure per bad file or record
    return articles, by_name


def write_persian(path: Path, size: int) -> None:
    """A one-line Persian text file of exactly `size` bytes, written in pieces."""
    chunk = (GOOD.replace("\n", " ") * 200).encode("utf-8")
    whole, rest = divmod(size, len(chunk))
    with open(path, "wb") as handle:
        for _ in range(whole):
            handle.write(chunk)
        handle.write(b" " * rest)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A directory with every kind of bad file beside good ones."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    shutil.copy(SAMPLES / "000_8d5b54d394e1895a.txt", root / "sample.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (root / "nulls.json").write_bytes(b"\x00" * 1000)
    (root / "english.txt").write_text("The minister visited the province and opened a data centre.\n" * 5)
    (root / "damaged.txt").write_bytes(GOOD.encode("utf-8")[:100] + b"\xff\xfe\xfd" + GOOD.encode("utf-8")[100:])
    (root / "cut.txt").write_bytes(GOOD.strip().rstrip(".").encode("utf-8")[:-1])
    (root / "cp1256.txt").write_bytes(GOOD.replace("ی", "ي").encode("cp1256"))
    (root / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (root / "page.html").write_text(f"<html><body><script>alert('x')</script><article><p>{GOOD}</p></article></body>"
                                    "</html>", encoding="utf-8")
    (root / "bad.json").write_text('{"text": "متن خبر", ', encoding="utf-8")
    (root / "notext.json").write_text('{"title": "عنوان"}', encoding="utf-8")
    (root / "NOTE.md").write_text("not an article", encoding="utf-8")
    write_persian(root / "huge.txt", 50 * MiB)
    lines = [json.dumps({"text": GOOD}, ensure_ascii=False), '{"text": "نیمه', "[1, 2]",
             json.dumps({"text": GOOD.replace("ایسنا", "ایرنا")}, ensure_ascii=False)]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_every_bad_file_gives_one_clear_failure_and_the_rest_loads(corpus):
    articles, failures = split(list(iter_articles([str(corpus)])))
    assert sorted(os.path.basename(a.path) for a in articles) == [
        "cp1256.txt", "cut.txt", "feed.jsonl#1", "feed.jsonl#4", "good.txt", "page.html", "sample.txt", "utf16.txt"]
    expected = {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "binary.txt": "binary file",
        "nulls.json": "binary file",
        "english.txt": "no Persian text",
        "damaged.txt": "damaged UTF-8 text (invalid bytes at",
        "bad.json": "invalid JSON",
        "notext.json": 'no "text" field',
        "huge.txt": "is 50.0 MB, over the 5 MB limit",
        "feed.jsonl#2": "line 2 is not valid JSON",
        "feed.jsonl#3": "expected a JSON object",
    }
    assert set(failures) == set(expected)
    for name, reason in expected.items():
        assert reason in failures[name], (name, failures[name])
    good = {os.path.basename(a.path): a for a in articles}
    assert good["cp1256.txt"].id == good["utf16.txt"].id == good["good.txt"].id
    assert "alert" not in good["page.html"].text


def test_a_50_mb_file_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "huge.txt"
    write_persian(path, 50 * MiB)
    tracemalloc.start()
    try:
        (failure,) = iter_articles([str(path)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert failure == ReadFailure(str(path), "is 50.0 MB, over the 5 MB limit")
    assert peak < MiB


def test_the_size_limit_comes_from_the_argument_or_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    write_persian(path, 300_000)
    assert isinstance(next(iter_articles([str(path)])), Article)
    (failure,) = iter_articles([str(path)], max_bytes=100_000)
    assert failure.reason == "is 0.3 MB, over the 0.1 MB limit"
    monkeypatch.setenv("KG_MAX_ARTICLE_BYTES", "200000")
    assert next(iter_articles([str(path)])).reason == "is 0.3 MB, over the 0.2 MB limit"
    monkeypatch.setenv("KG_MAX_ARTICLE_BYTES", "lots")
    with pytest.raises(ValueError, match="KG_MAX_ARTICLE_BYTES must be a positive whole number"):
        next(iter_articles([str(path)]))


def test_a_file_with_one_5_mb_line_loads(tmp_path):
    path = tmp_path / "one_line.txt"
    write_persian(path, 5_000_000)
    (article,) = iter_articles([str(path)])
    assert isinstance(article, Article) and "\n" not in article.text and len(article.text) > 2_000_000


def test_a_jsonl_line_over_the_limit_is_skipped_without_keeping_it(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": GOOD}, ensure_ascii=False).encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(good + b"\n")
        handle.write(b'{"text": "' + "خبر ".encode("utf-8") * (6 * MiB // 7) + b'"}\n')
        handle.write(good + b"\n")
    tracemalloc.start()
    try:
        items = list(iter_articles([str(path)], max_bytes=MiB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article"]
    assert items[1] == ReadFailure(f"{path}#2", "line 2 is over the 1 MB limit")
    assert peak < 4 * MiB


def test_script_and_cypher_looking_text_is_kept_verbatim_as_text(tmp_path):
    hostile = "<script>alert('x')</script> '}) DETACH DELETE n // MATCH (n) DELETE n"
    path = tmp_path / "hostile.txt"
    path.write_text(f"وزیر ارتباطات گفت: {hostile}\nاین متن یک خبر فارسی درباره دولت هوشمند است.", encoding="utf-8")
    (article,) = iter_articles([str(path)])
    assert isinstance(article, Article)
    assert hostile in article.text
    record = tmp_path / "hostile.jsonl"
    record.write_text(json.dumps({"text": article.text, "title": hostile + " عنوان خبر"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    (again,) = iter_articles([str(record)])
    assert again.text == article.text and again.title == hostile + " عنوان خبر"


def test_a_named_pipe_is_reported_instead_of_blocking_the_reader(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, failures = split(list(iter_articles([str(tmp_path)])))
    assert [os.path.basename(a.path) for a in articles] == ["good.txt"]
    assert failures == {"pipe.txt": "not a regular file"}


def test_missing_paths_and_unsupported_files_given_by_name_are_reported(tmp_path):
    (tmp_path / "notes.md").write_text("یادداشت", encoding="utf-8")
    items = list(iter_articles([str(tmp_path / "missing.txt"), str(tmp_path / "notes.md"), str(tmp_path / "*.jsonl")]))
    assert [(os.path.basename(i.path), i.reason.split(" (")[0]) for i in items] == [
        ("missing.txt", "no such file or directory"), ("notes.md", "unsupported file type"),
        ("*.jsonl", "no file matches this pattern")]


def _read_as_nobody(paths: list[str]) -> list:
    """Run the reader in a forked child that has dropped root privileges, so permissions apply as for any user."""
    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(list(iter_articles(paths)), out)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as data:
        payload = data.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the reader failed in the unprivileged child"
    return pickle.loads(payload)


def test_an_unreadable_directory_and_file_are_reported_and_the_rest_loads():
    root = Path(tempfile.mkdtemp(prefix="kg-perm-", dir="/tmp"))
    try:
        root.chmod(0o755)
        (root / "a_good.txt").write_text(GOOD, encoding="utf-8")
        locked = root / "locked"
        locked.mkdir()
        (locked / "hidden.txt").write_text(GOOD, encoding="utf-8")
        locked.chmod(0o000)
        secret = root / "secret.txt"
        secret.write_text(GOOD, encoding="utf-8")
        secret.chmod(0o000)
        (root / "z_good.txt").write_text(GOOD + "پایان", encoding="utf-8")
        items = _read_as_nobody([str(root)]) if os.geteuid() == 0 else list(iter_articles([str(root)]))
        articles, failures = split(items)
        assert [os.path.basename(a.path) for a in articles] == ["a_good.txt", "z_good.txt"]
        assert failures == {"locked": "cannot read directory: Permission denied",
                            "secret.txt": "cannot read: Permission denied"}
    finally:
        for path in root.rglob("*"):
            path.chmod(0o755)
        shutil.rmtree(root)


@pytest.mark.parametrize("command", ["build", "extract"])
def test_a_broken_curation_file_is_one_error_line_and_stores_nothing(tmp_path, monkeypatch, command):
    from typer.testing import CliRunner

    from graph.embedded import EmbeddedStore
    from kg.cli import app
    from tests.conftest import SAMPLES

    curation = tmp_path / "curation.jsonl"
    curation.write_text('{"decision": "merge", "type": "Person", "names": ["a", "b"]}\nnot json\n', encoding="utf-8")
    monkeypatch.setenv("KG_CURATION", str(curation))
    data = tmp_path / "kg"
    args = [command, str(SAMPLES)] + (["--data", str(data), "--no-progress"] if command == "build" else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert f"{curation}:2: not JSON" in result.output and "Traceback" not in result.output
    if command == "build":
        store = EmbeddedStore(data)
        assert store.counts().total_nodes == 0
        store.close()
