"""`kg extract --format jsonl` on the seeds and every challenge passage gives, byte for byte, the committed snapshot.

A deliberate change of the output (new rules, new data) rewrites the snapshot with
`.venv/bin/python -m tests.extract_snapshot --write`; a speed-up must leave it untouched.
"""
from __future__ import annotations

from tests.extract_snapshot import SNAPSHOT, WRITE_COMMAND, current_output


def test_extract_output_is_the_snapshot():
    assert SNAPSHOT.exists(), f"{SNAPSHOT} missing; write it with {WRITE_COMMAND}"
    assert current_output() == SNAPSHOT.read_text(encoding="utf-8"), (
        f"kg extract output differs from {SNAPSHOT.name}; if the change is meant, rewrite it with {WRITE_COMMAND}")
