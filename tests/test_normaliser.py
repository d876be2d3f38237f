"""The normaliser gives byte-identical output to hazm's Normalizer, and the build cache is never stale."""
from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.build_cache import KEEP_VERSIONS, load_or_build, source_key
from loaders.normaliser import build_normaliser

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def both():
    """hazm's own Normalizer and ours, built from hazm in this process (not from the cache)."""
    from hazm import Normalizer

    return Normalizer(), build_normaliser()


def plain(value):
    """A value as comparable plain data: objects by their attributes, sets sorted (their order varies by process)."""
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, plain(vars(value)))
    if isinstance(value, dict):
        return sorted((repr(k), plain(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(plain(v)) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _mutated(text: str, rng: random.Random) -> str:
    """The text with the damage real news has: lost or doubled spaces and ZWNJs, split verbs and plurals, Arabic
    letters, Latin digits, stretched letters, diacritics, straight quotes, dots, tabs and blank lines."""
    edits = [
        lambda t: t.replace("\u200c", rng.choice(["", " ", "\u200c\u200c", " \u200c"]), rng.randrange(1, 6)),
        lambda t: t.replace("ی", "ي", rng.randrange(1, 9)).replace("ک", "ك", rng.randrange(1, 9)),
        lambda t: t.replace("می\u200c", "می ", rng.randrange(1, 4)).replace("نمی\u200c", "نمی", 2),
        lambda t: t.replace("\u200cها", rng.choice(["ها", " ها"]), rng.randrange(1, 4)),
        lambda t: t.replace("ا", "ااا", 1).replace("م", "ممممم", 1),
        lambda t: t.replace("ب", "بِ", 2).replace("ر", "رّ", 1),
        lambda t: t.replace("۱", "1", 3).replace("۲", "2", 3).replace("٫", ".", 1),
        lambda t: t.replace("«", '"', 2).replace("»", '"', 2),
        lambda t: t.replace(".", " ...", 1).replace("،", " ، ", 2).replace(" ", "  ", 3),
        lambda t: t.replace(" ", "\t", 1).replace(".", ".\n\n\n", 1).replace("ه ی ", "ه ی ", 1),
        lambda t: t.replace("است", "ـاست", 1) + rng.choice(["", " ﷼", " ﷲ", "(ع)", " 10.5%"]),
    ]
    for edit in rng.sample(edits, rng.randrange(1, len(edits))):
        text = edit(text)
    return text


def test_samples_are_normalised_exactly_as_hazm_does(both):
    hazm_normalizer, ours = both
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    assert len(texts) == 5
    for text in texts:
        assert ours.normalize(text) == hazm_normalizer.normalize(text)


def test_generated_and_damaged_articles_are_normalised_exactly_as_hazm_does(both, tmp_path):
    from corpus_gen import generate

    hazm_normalizer, ours = both
    rng = random.Random(11)
    paths = generate(1500, seed=5, out=tmp_path)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts += [_mutated(t, rng) for t in texts]
    texts += [_mutated(p.read_text(encoding="utf-8"), rng) for p in sorted(SAMPLES.glob("*.txt")) for _ in range(40)]
    assert len(texts) >= 3000
    changed = 0
    for text in texts:
        expected = hazm_normalizer.normalize(text)
        assert ours.normalize(text) == expected, text
        changed += expected != text
    assert changed > len(texts) // 2


@pytest.mark.parametrize("text", ["", "\n", " \u200c ", "کتابها", "می روم", "نمیدانم", "ماه می سال", "سلاممممم",
                                  "زمین لرزه ای", '"نقل قول"', "۱۰.۴۵۰ و ...", "\u064bاعراب\u0651", "IRNA 2025"])
def test_edge_cases_match_hazm(both, text):
    hazm_normalizer, ours = both
    assert ours.normalize(text) == hazm_normalizer.normalize(text)


def test_cache_is_rebuilt_when_a_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "words.yaml").write_text("- one\n", encoding="utf-8")
    builds = []

    def build():
        builds.append(1)
        return {"words": (data / "words.yaml").read_text(encoding="utf-8")}

    assert load_or_build("probe", build, [data]) == {"words": "- one\n"}
    assert load_or_build("probe", build, [data]) == {"words": "- one\n"}
    assert len(builds) == 1
    (data / "words.yaml").write_text("- one\n- two\n", encoding="utf-8")
    assert load_or_build("probe", build, [data]) == {"words": "- one\n- two\n"}
    assert len(builds) == 2
    (data / "more.txt").write_text("x", encoding="utf-8")
    load_or_build("probe", build, [data])
    assert len(builds) == 3
    (data / "words.yaml").write_text("- one\n", encoding="utf-8")
    (data / "more.txt").unlink()
    assert load_or_build("probe", build, [data]) == {"words": "- one\n"}
    assert len(builds) == 3, "going back to earlier sources finds their cached build"
    for n in range(6):
        (data / "more.txt").write_text(str(n), encoding="utf-8")
        load_or_build("probe", build, [data])
    assert len(list((tmp_path / "cache").glob("probe-*.pickle"))) == KEEP_VERSIONS


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE", str(tmp_path))
    key = source_key([Path(__file__)])
    (tmp_path / f"probe-{key}.pickle").write_bytes(b"not a pickle")
    assert load_or_build("probe", lambda: [1, 2], [Path(__file__)]) == [1, 2]
    assert pickle.loads((tmp_path / f"probe-{key}.pickle").read_bytes()) == [1, 2]


def test_cached_regexes_load_compiled_as_re_compiles_them(tmp_path, monkeypatch):
    """A regex in a cached object comes back with the code re.compile makes (no compiling on load: re's compile
    function, which unpickling a regex otherwise calls, is not there), its flags and groups; the source phrases' large
    agency alternation among them."""
    import re

    from loaders import articles

    monkeypatch.setenv("KG_CACHE", str(tmp_path))
    phrases = articles._build_source_phrases()
    patterns = {"agencies": phrases.agencies, "dateline": phrases.dateline,
                "case_blind": re.compile(r"(?P<word>\w+)\s+(?i:irna)", re.MULTILINE), "bytes": re.compile(rb"a+b")}
    load_or_build("probe-regex", lambda: patterns, [Path(__file__)])
    cached = (tmp_path / f"probe-regex-{source_key([Path(__file__)])}.pickle").read_bytes()
    monkeypatch.setattr(re, "_compile", None)
    loaded = pickle.loads(cached)
    monkeypatch.undo()
    for name, pattern in patterns.items():
        again = loaded[name]
        assert again == re.compile(pattern.pattern, pattern.flags), name
        assert (again.flags, again.groups, again.groupindex) == (pattern.flags, pattern.groups, pattern.groupindex)
    text = sorted(SAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8")
    assert [m.span() for m in loaded["agencies"].finditer(text)] == [m.span() for m in phrases.agencies.finditer(text)]
    assert loaded["case_blind"].search("خبر IrNa").group("word") == "خبر"


def test_lexicon_comes_from_the_cache_and_follows_its_data(tmp_path):
    """In fresh processes: the cached lexicon equals a fresh build, and editing a data file is seen at once."""
    import shutil

    from loaders.lexicon import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    cache = tmp_path / "cache"
    env = {"KG_CACHE": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    probe = ("from pathlib import Path; import loaders.lexicon as L; from tests.test_normaliser import plain; "
             f"L.DATA_DIR = Path({str(data)!r}); lex = L.get_lexicon(); "
             "print(plain(lex) == plain(L.build_lexicon()), lex.is_given_name('زربانو'))")

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "True False"
    first = sorted(cache.glob("lexicon-*.pickle"))
    assert run() == "True False"
    assert sorted(cache.glob("lexicon-*.pickle")) == first and len(first) == 1
    with open(data / "given_names.txt", "a", encoding="utf-8") as fh:
        fh.write("زربانو\n")
    assert run() == "True True"
    assert len(list(cache.glob("lexicon-*.pickle"))) == 2


def test_reading_text_does_not_import_hazm(tmp_path):
    """A process that reads and extracts an article with a warm cache never imports hazm, nltk or scipy."""
    env = {"KG_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    probe = ("import sys; from loaders.pipeline import extract_articles, iter_articles; "
             f"docs, _ = extract_articles(list(iter_articles([{str(sample)!r}]))); "
             "print(len(docs), sorted(m for m in ('hazm', 'nltk', 'scipy') if m in sys.modules))")
    warm = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    again = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.stdout.strip() == "1 []", again.stderr


def test_faster_patterns_match_exactly_where_hazms_do():
    """The normaliser's rewrites of hazm's patterns give the same substitutions on random text made of the
    characters around which they differ (ZWNJs, word characters, spaces, newlines, punctuation, digits)."""
    import re

    from loaders.normaliser import _FASTER_EQUIVALENT

    rng = random.Random(5)
    alphabet = ["\u200c", "\u200c", "ب", "ه", "تر", "ین", "گر", "ها", "ی", " ", " ", "\n", ".", "،", "»", "«", "(",
                "]", "۳", "3", "_", "a", "\u200d", "ـ"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(20_000)]
    for hazm_pattern, faster in _FASTER_EQUIVALENT.items():
        theirs, ours = re.compile(hazm_pattern), re.compile(faster)
        changed = 0
        for text in texts:
            expected = theirs.sub("<\\g<0>>", text)
            assert ours.sub("<\\g<0>>", text) == expected, (hazm_pattern, text)
            changed += expected != text
        assert changed > 200, hazm_pattern
