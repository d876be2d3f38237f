"""The extractor's whole output on the seed articles and every challenge passage, kept as a snapshot to compare with.

    .venv/bin/python -m tests.extract_snapshot --write     # after a deliberate change of the output: rewrite it

The corpus (data/samples/*.txt and each tests/challenge/<family>/<passage>.yaml's text as <family>__<passage>.txt)
is copied into a temporary directory and read by one `kg extract corpus --format jsonl` process, with an empty
curation file, so the snapshot (tests/data/extract_snapshot.jsonl) holds what extraction alone gives.
`tests/test_extract_snapshot.py` fails on any byte of difference.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "extract_snapshot.jsonl"
SAMPLES = ROOT / "data" / "samples"
CHALLENGE = ROOT / "tests" / "challenge"
WRITE_COMMAND = ".venv/bin/python -m tests.extract_snapshot --write"


def _corpus(target: Path) -> None:
    """The seed articles and the challenge passages as .txt files in `target`."""
    target.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copyfile(path, target / path.name)
    for path in sorted(CHALLENGE.glob("*/*.yaml")):
        text = yaml.safe_load(path.read_text(encoding="utf-8"))["text"]
        (target / f"{path.parent.name}__{path.stem}.txt").write_text(text, encoding="utf-8")


def current_output() -> str:
    """What `kg extract --format jsonl` prints on the snapshot's corpus today."""
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory(prefix="kg-snapshot-") as tmp:
        _corpus(Path(tmp) / "corpus")
        curation = Path(tmp) / "curation.jsonl"
        curation.write_text("", encoding="utf-8")
        env = {**os.environ, "KG_CURATION": str(curation)}
        done = subprocess.run([str(kg), "extract", "corpus", "--format", "jsonl"], cwd=tmp, env=env,
                              capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"kg extract failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def main() -> None:
    """Print whether the output matches the snapshot; with --write, rewrite the snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite tests/data/extract_snapshot.jsonl")
    args = parser.parse_args()
    output = current_output()
    if args.write:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(output, encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(output.splitlines())} articles")
        return
    same = SNAPSHOT.exists() and SNAPSHOT.read_text(encoding="utf-8") == output
    print("output matches the snapshot" if same else f"output differs from the snapshot; rewrite: {WRITE_COMMAND}")
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
