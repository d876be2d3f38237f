"""Reading article files into normalised Articles (a first cut: UTF-8 .txt with an optional `date` header line)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hazm import Normalizer

from graph.model import Article, article_id

_HEADER_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*")


@dataclass(frozen=True)
class ReadFailure:
    """A file (or a record in one) that could not be read, and why."""

    path: str
    reason: str


@lru_cache(maxsize=1)
def _normalizer() -> Normalizer:
    return Normalizer()


def normalise_text(text: str) -> str:
    """hazm's normalisation: unified letters, restored zero-width non-joiners, Persian digits."""
    return _normalizer().normalize(text)


def iter_articles(paths: Iterable[str]) -> Iterator[Article | ReadFailure]:
    """Read every .txt file under the given paths into an Article, or a ReadFailure saying why not."""
    for given in paths:
        path = Path(given)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for file in files:
            try:
                raw = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                yield ReadFailure(str(file), str(exc))
                continue
            date = None
            match = _HEADER_DATE.match(raw)
            if match:
                date = match.group(1)
                raw = raw[match.end():]
            text = normalise_text(raw)
            yield Article(id=article_id(text), text=text, path=str(file), date=date)
