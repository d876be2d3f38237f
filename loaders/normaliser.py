"""Persian normalisation giving exactly what hazm's `Normalizer()` gives, without importing hazm in every process.

Importing hazm imports nltk, which imports scipy (about a second), and building its Normalizer conjugates every
verb (another second or more). Here the tables that Normalizer uses (character maps, its regular expressions, its
word list and verb forms) are taken out of hazm once, kept in the build cache (`loaders.build_cache`, keyed by the
hazm version and this file), and the same steps run in the same order on them. Only what the steps look up is kept:
a joined form (X + ZWNJ + Y, or می/نمی + ZWNJ + stem) is only ever looked up among the verb forms and frequent words
that contain a ZWNJ, and never holds a space (it is made of tokens split at spaces), so the many verb forms with one
are left out. tests/test_normaliser.py checks the output is byte-identical to hazm's on the samples and on thousands
of generated articles.

>>> get_normaliser().normalize("دانشگاههای کشور 5 طرح را اجرا می کنند")
'دانشگاه\u200cهای کشور ۵ طرح را اجرا می\u200cکنند'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path

ZWNJ = "\u200c"
PERSIAN_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
Rules = tuple[tuple[re.Pattern, str], ...]


@dataclass(frozen=True)
class Normaliser:
    """hazm's default normalisation steps over tables taken from hazm (see the module docstring)."""

    letters: dict[int, str]
    letter_run: re.Pattern
    digits: dict[int, str]
    digit_run: re.Pattern
    persian_style: Rules
    diacritics: Rules
    extra_space: Rules
    affix_spacing: Rules
    punctuation_spacing: Rules
    unicode_replacements: tuple[tuple[str, str], ...]
    special_chars: Rules
    token_split: re.Pattern
    repeated_run: re.Pattern
    repeated_letter: re.Pattern
    verb_prefix: re.Pattern
    suffixes: frozenset[str]
    words: frozenset[str]
    joined_words: frozenset[str]
    joined_verbs: frozenset[str]
    joins_previous: frozenset[str]  # the tokens that may join the one before: suffixes, what follows a ZWNJ in a pair

    def normalize(self, text: str) -> str:
        """The text as `hazm.Normalizer().normalize` returns it."""
        text = _translate(text, self.letter_run, self.letters)
        text = _apply(self.persian_style, text)
        text = _translate(text, self.digit_run, self.digits)
        text = _apply(self.diacritics, text)
        text = self._correct_spacing(text)
        for old, new in self.unicode_replacements:
            text = text.replace(old, new)
        text = _apply(self.special_chars, text)
        if self.repeated_letter.search(text):  # a word with a letter thrice; the run pattern alone is slow to fail
            text = self.repeated_run.sub(self._shorten_repeats, text)
        return self.verb_prefix.sub(self._join_verb_prefix, text)

    def _correct_spacing(self, text: str) -> str:
        text = _apply(self.extra_space, text)
        lines = []
        for line in text.split("\n"):
            if line.strip():
                tokens = list(filter(None, self.token_split.sub(r" \1 ", line.replace("\t", " ")).split(" ")))
                line = " ".join(self._join_tokens(tokens))
            lines.append(line)
        text = _apply(self.affix_spacing, "\n".join(lines))
        return _apply(self.punctuation_spacing, text)

    def _join_tokens(self, tokens: list[str]) -> list[str]:
        """Join a token to the one before with a ZWNJ when the pair is a known verb form or frequent word, or the
        token is a suffix after a known word (unless the token starts a two-part verb with the next one)."""
        joined_verbs, words = self.joined_verbs, self.words
        out: list[str] = []
        done = 0
        for i in compress(range(len(tokens)), map(self.joins_previous.__contains__, tokens)):
            if not i:
                continue
            out += tokens[done:i]
            done = i + 1
            token = tokens[i]
            pair = out[-1] + ZWNJ + token
            if pair in joined_verbs or pair in self.joined_words:
                if i + 1 < len(tokens) and f"{token}_{tokens[i + 1]}" in joined_verbs:
                    out.append(token)
                else:
                    out[-1] = pair
            elif token in self.suffixes and out[-1] in words:
                out[-1] = pair
            else:
                out.append(token)
        out += tokens[done:]
        return out

    def _shorten_repeats(self, match: re.Match) -> str:
        word = match.group()
        if word in self.words:
            return word
        once = self.repeated_letter.sub(r"\1", word)
        twice = self.repeated_letter.sub(r"\1\1", word)
        if (once in self.words) != (twice in self.words):
            return once if once in self.words else twice
        return twice

    def _join_verb_prefix(self, match: re.Match) -> str:
        word = match.group()
        prefix = "نمی" if word.startswith("نمی") else "می"
        joined = prefix + ZWNJ + word[len(prefix):]
        return joined if joined in self.joined_verbs else word


def _translate(text: str, run: re.Pattern, table: dict[int, str]) -> str:
    """text.translate(table), translating only the runs of the table's characters (str.translate looks up every
    character of a Persian text in the dict, twenty times slower when few of them are in the table)."""
    return run.sub(lambda match: match.group().translate(table), text)


def _run_of(table: dict[int, str]) -> re.Pattern:
    """A regex for a run of the characters a translation table maps."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]+")


def _apply(rules: Rules, text: str) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


# Four of hazm's patterns, written so that the regex engine can look for their first character instead of trying
# every position (a tenth of the normalisation's time); each matches exactly where hazm's does
# (tests/test_normaliser.py compares them on random text):
# - a ZWNJ run after a word boundary and before a non-boundary: \b before a ZWNJ means a word character before it
#   (ZWNJ is not one), and an empty run cannot be both; likewise the other way round;
# - a space preceded by two characters of a class: the look-behind moves after the space and takes it in;
# - spaces at the start or the end of the text: both alternatives open with the space, the start is a look-behind.
_FASTER_EQUIVALENT = {
    "^ +| +$": " (?:(?<=^ ) *| *$)",
    r"\b\u200c*\B": r"\u200c(?<=\w\u200c)\u200c*\B",
    r"\B\u200c*\b": r"\u200c(?<!\w\u200c)\u200c*\b",
    r"(?<=[^\n\d \.:!،؛؟»\]\)\}«\[\(\{]{2}) (تر(ین?)?|گری?|های?)(?=[ \n\.:!،؛؟»\]\)\}«\[\(\{]|$)":
        r" (?<=[^\n\d \.:!،؛؟»\]\)\}«\[\(\{]{2} )(تر(ین?)?|گری?|های?)(?=[ \n\.:!،؛؟»\]\)\}«\[\(\{]|$)",
}


def _compiled(patterns) -> Rules:
    return tuple((re.compile(_FASTER_EQUIVALENT.get(pattern, pattern)) if isinstance(pattern, str) else pattern,
                  replacement) for pattern, replacement in patterns)


def build_normaliser() -> Normaliser:
    """Take the tables out of hazm's Normalizer and its constants (imports hazm; done once per cache key)."""
    from hazm import Normalizer, constants
    from hazm.utils import maketrans

    hazm_normalizer = Normalizer()
    words = hazm_normalizer._words
    letters = maketrans(constants.TRANSLATION_SRC, constants.TRANSLATION_DST)
    digits = maketrans(constants.NUMBERS_SRC, constants.NUMBERS_DST)
    joined_words = frozenset(w for w, (count, _) in words.items() if count > 0 and ZWNJ in w)
    joined_verbs = frozenset(v for v in hazm_normalizer._verbs if (ZWNJ in v or "_" in v) and " " not in v)
    return Normaliser(
        letters=letters, letter_run=_run_of(letters), digits=digits, digit_run=_run_of(digits),
        persian_style=_compiled(constants.PERSIAN_STYLE_PATTERNS),
        diacritics=_compiled(constants.DIACRITICS_PATTERNS),
        extra_space=_compiled(constants.EXTRA_SPACE_PATTERNS),
        affix_spacing=_compiled(constants.AFFIX_SPACING_PATTERNS),
        punctuation_spacing=_compiled(constants.PUNCTUATION_SPACING_PATTERNS),
        unicode_replacements=tuple(constants.UNICODE_REPLACEMENTS),
        special_chars=_compiled(constants.SPECIAL_CHARS_PATTERNS),
        token_split=hazm_normalizer._tokenizer.pattern,
        repeated_run=hazm_normalizer.repeated_chars_pattern,
        repeated_letter=hazm_normalizer.more_than_two_repeat_pattern,
        verb_prefix=re.compile(rf"\bن?می[{PERSIAN_LETTERS}]+"),
        suffixes=frozenset(constants.SUFFIXES),
        words=frozenset(words),
        joined_words=joined_words,
        joined_verbs=joined_verbs,
        joins_previous=frozenset(constants.SUFFIXES).union(
            form.split(ZWNJ, n)[-1] for form in joined_verbs | joined_words for n in range(1, form.count(ZWNJ) + 1)),
    )


@lru_cache(maxsize=1)
def get_normaliser() -> Normaliser:
    """The normaliser, built once per process (from the build cache when hazm and this file are unchanged)."""
    from loaders.build_cache import load_or_build

    return load_or_build("normaliser", build_normaliser, [Path(__file__)], packages=["hazm"])
