"""Sentences and tokens of an article's normalised text, with character offsets into it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from graph.text import name_key

_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s)|\n+")
_TOKEN = re.compile(r"\w+(?:[\u200c\u200d]\w+)*|[^\w\s\u200c\u200d]")
_SPACE_AND_TOKEN = re.compile(r"([\s\u200c\u200d]*)(" + _TOKEN.pattern + ")")  # what lies between tokens, and one
_KEYS_MAX = 500_000


class _WordKeys(dict):
    """Name keys of words, made on first look-up and remembered (up to _KEYS_MAX words)."""

    def __missing__(self, word: str) -> str:
        key = name_key(word)
        if len(self) < _KEYS_MAX:
            self[word] = key
        return key


_KEYS = _WordKeys()


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
    """Tokens of every sentence, in order, each tagged with its sentence index (the `_TOKEN` matches in it).

    >>> [(t.text, t.start, t.end, t.sentence) for t in tokenize("یک، دو. سه", split_sentences("یک، دو. سه"))]
    [('یک', 0, 2, 0), ('،', 2, 3, 0), ('دو', 4, 6, 0), ('.', 6, 7, 0), ('سه', 8, 10, 1)]
    """
    tokens: list[Token] = []
    make = tuple.__new__
    for sentence in sentences:
        pairs = _SPACE_AND_TOKEN.findall(text, sentence.start, sentence.end)
        # Token offsets are running sums of the lengths of (space before, token) pairs: start, end, start, end ...
        offsets = list(accumulate(map(len, chain.from_iterable(pairs)), initial=sentence.start))
        words = [word for _, word in pairs]
        tokens.extend(map(make, repeat(Token), zip(words, offsets[1::2], offsets[2::2], map(_KEYS.__getitem__, words),
                                                   repeat(sentence.index))))
    return tokens
