"""The speed-ups of the reader and extractor keep their results: same keys and counts, no reference cycles made."""
from __future__ import annotations

import gc
import random
import re
from pathlib import Path

import pytest

from graph.text import _LETTERS, _unify_letters, name_key
from loaders.gcpause import gc_paused
from loaders.lexicon import get_lexicon
from loaders.normaliser import get_normaliser
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across
from loaders.reader import persian_problem

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
PERSIAN_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")


def _random_texts(count: int, seed: int) -> list[str]:
    """Short random strings mixing the letters name_key unifies with Persian, Latin, digits and marks."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in _LETTERS] + list("سلام ایران‌یک abc XY 12.,،؛«»\u064b\u0640\u200c\u200d\t\n")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(count)]


def test_letters_are_unified_as_the_translation_table_does():
    for text in _random_texts(3000, seed=7):
        assert _unify_letters(text) == text.translate(_LETTERS)


def test_name_key_examples():
    assert name_key("سازمان فناوري اطلاعات") == name_key("سازمان فناوری اطلاعات") == "سازمانفناوریاطلاعات"
    assert name_key("۱۴۰۲ كرمان") == "1402کرمان"
    assert name_key("آ") != name_key("ب")


@pytest.mark.parametrize("text, expected", [
    ("hello world", "no Persian text"),
    ("سلام دنیا", None),
    ("a" * 40 + " ... " * 40 + "سلام", "too little Persian text (4 of 44 letters are Persian)"),
    ("سلام" + " " * 21, None),
    ("سلام" + "، ۱۲۳" * 40, None),
    ("سلام" + " abcd" * 4, None),
    ("سلام" + " abcde" * 4, "too little Persian text (4 of 24 letters are Persian)"),
])
def test_persian_problem(text, expected):
    assert persian_problem(text) == expected


def test_persian_problem_counts_every_persian_letter():
    for text in _random_texts(2000, seed=11):
        problem = persian_problem(text)
        count = len(PERSIAN_LETTER.findall(text))
        if count == 0:
            assert problem == "no Persian text"
        elif problem is not None and problem.startswith("too little"):
            assert problem.startswith(f"too little Persian text ({count} of ")


def test_gc_paused_restores_the_previous_state():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_extraction_makes_no_reference_cycles():
    """gc_paused is safe only while reading, extracting and resolving leave no cyclic garbage behind (the one-time
    loading of the lexicon and the normaliser, which may import hazm on a cold cache, happens first)."""
    get_lexicon()
    get_normaliser()
    gc.collect()
    gc.disable()
    try:
        articles = [a for a in iter_articles([str(SAMPLES)]) if not isinstance(a, ReadFailure)]
        docs, failures = extract_articles(articles, workers=1)
        resolved = resolve_across(docs)
        assert len(resolved) == len(articles) == 5 and not failures
        del articles, docs, failures, resolved
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_verb_look_ups_answer_as_hazms_verb_table():
    """The lexicon keeps hazm's half a million verb forms in a compact form; for every form a token can be, and for
    the same strings with a letter more, is_verb and is_light_verb answer as the full table with its lemmas does
    (less the words patterns.yaml says are no verbs)."""
    from hazm import Lemmatizer

    from loaders.lexicon import _required_yaml

    lex = get_lexicon()
    not_verbs = set(_required_yaml("patterns.yaml")["not_verbs"])
    lemmas = {form: lemma for form, lemma in Lemmatizer().verbs.items() if form not in not_verbs}
    prefixes = ("می\u200c", "نمی\u200c")
    forms = [f for f in lemmas if not any(c.isspace() for c in f)]
    assert len(forms) > 100_000 and any("_" in f for f in forms) and any(f.startswith(prefixes) for f in forms)
    for token in [*forms, *(f + "ب" for f in forms), *("ن" + f for f in forms[::50]), "کتاب", "_", "ها_"]:
        in_table = token in lemmas or token.startswith(prefixes)
        assert lex.is_verb(token) is in_table, token
        lemma = lemmas.get(token)
        assert lex.is_light_verb(token) is (lemma is not None and lemma in lex.light_verbs or token in lex.light_verbs)


def test_key_index_scan_is_longest_at_every_token():
    """KeyIndex.scan (starts found by set operations, positions shared between indexes) gives at every token what
    `longest` gives there, except at the function words no name starts with."""
    from loaders.lexicon import KeyIndex, KeyPositions

    index = KeyIndex()
    for n, name in enumerate(["صدا و سیما", "وزارت ارتباطات", "وزارت ارتباطات و فناوری اطلاعات", "ایرنا", "مرکز داده",
                              "از کار", "سیما"]):
        index.add(name, n)
    index.never_start_with({"و", "از", "در"})
    words = [name_key(w) for w in "صدا و سیما سیمای وزارت ارتباطات فناوری اطلاعات ایرنا ایرنای مرکز داده از کار در".split()]
    rng = random.Random(3)
    for _ in range(3000):
        keys = [rng.choice([*words, "", "x"]) for _ in range(rng.randrange(0, 12))]
        expected = [None if key in index.skip else index.longest(keys, i) for i, key in enumerate(keys)]
        assert index.scan(keys) == index.scan(keys, KeyPositions(keys)) == expected, keys
    assert index.scan([name_key("صداوسیمای"), name_key("مرکز")])[0] == (1, 0)
