"""Sentences and tokens of an article's normalised text, with character offsets into it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from graph.text import name_key

_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s)|\n+")
_TOKEN = re.compile(r"\w+(?:[\u200c\u200d]\w+)*|[^\w\s\u200c\u200d]")
_KEYS: dict[str, str] = {}
_KEYS_MAX = 500_000


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text and its [start, end) offsets in the article text."""

    index: int
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """One word or punctuation mark: text, offsets, name key ('' for punctuation), sentence index."""

    text: str
    start: int
    end: int
    key: str
    sentence: int


def split_sentences(text: str) -> list[Sentence]:
    """Split text at sentence-final punctuation and line breaks; offsets exclude surrounding spaces.

    >>> [s.text for s in split_sentences("یک. دو؟\\nسه")]
    ['یک.', 'دو؟', 'سه']
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add the stripped sentence text[start:end] if it is not blank."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    sentences.append(Sentence(len(sentences), begin, begin + len(stripped), stripped))


def tokenize(text: str, sentences: list[Sentence]) -> list[Token]:
    """Tokens of every sentence, in order, each tagged with its sentence index."""
    tokens: list[Token] = []
    append = tokens.append
    keys = _KEYS
    make = tuple.__new__
    bounds = iter(sentences)
    current = next(bounds, None)
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while current is not None and start >= current.end:
            current = next(bounds, None)
        if current is None:
            break
        if start < current.start:
            continue
        word = match.group()
        key = keys.get(word)
        if key is None:
            key = name_key(word)
            if len(keys) < _KEYS_MAX:
                keys[word] = key
        append(make(Token, (word, start, end, key, current.index)))
    return tokens
