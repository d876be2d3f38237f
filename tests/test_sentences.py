"""Sentences and tokens: `tokenize` (offsets summed from one findall per sentence) gives the tokens of the plain
definition, every `_TOKEN` match of the text tagged with the sentence it lies in."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.text import name_key
from loaders.articles import iter_articles
from loaders.sentences import _TOKEN, Token, split_sentences, tokenize

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "",
    "   \n\n  ",
    "استاندار قزوین محمد نوذری گفت.",
    "\u200cمی\u200cشود \u200c\u200cکار\u200c .\u200c",
    "یک.. دو!؟ سه؟\nچهار\n\n  پنج...  ",
    "نرخ ۱۲٫۵ درصد (IRNA.ir) «پایش» — هم‌اکنون\u200d ادامه\t دارد,",
    "a.b. c\u00a0d\u2028e\x1cf",
]


def _plain_tokens(text: str) -> list[Token]:
    """Every token match of the whole text, tagged with the sentence it lies in (tokens outside sentences dropped)."""
    sentences = split_sentences(text)
    out = []
    for match in _TOKEN.finditer(text):
        inside = [s for s in sentences if s.start <= match.start() < s.end]
        if inside:
            out.append(Token(match.group(), match.start(), match.end(), name_key(match.group()), inside[0].index))
    return out


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_are_the_token_matches_of_each_sentence(text):
    assert tokenize(text, split_sentences(text)) == _plain_tokens(text)


def test_tokens_of_the_samples_are_the_token_matches_of_each_sentence():
    articles = list(iter_articles([str(p) for p in sorted((ROOT / "data" / "samples").glob("*.txt"))]))
    assert articles
    for article in articles:
        assert tokenize(article.text, split_sentences(article.text)) == _plain_tokens(article.text)


def test_one_sentence_spanning_the_text_gives_the_same_tokens_but_their_sentence():
    """resolve tokenises a whole article as one span: the tokens are those of its sentences, bar the sentence index."""
    from loaders.sentences import Sentence

    samples = iter_articles([str(p) for p in sorted((ROOT / "data" / "samples").glob("*.txt"))])
    for text in [*TRICKY, *(article.text for article in samples)]:
        whole = tokenize(text, [Sentence(0, 0, len(text), text)])
        assert [t[:4] for t in whole] == [t[:4] for t in tokenize(text, split_sentences(text))]
