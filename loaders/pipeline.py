"""The extraction pipeline: an article in, its entities and relations with evidence out (one pure step per article).

`extract_article` runs on one article with the lexicons only (so it can run in any worker process);
`extract_articles` runs it over many, in a process pool when asked, turning failures and time-outs into
ReadFailures; `resolve_across` gives every real entity one id across the articles and applies the curation file.

>>> from graph.model import Article
>>> doc = extract_article(Article(id="art-x", text="استاندار قزوین محمد نوذری گفت."))
>>> sorted(e.name for e in doc.entities)
['استانداری قزوین', 'قزوین', 'محمد نوذری']
"""
from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from graph.model import Article, ArticleGraph, Entity, Evidence, Mention, Relation, merge_evidence
from graph.schema import SchemaError, get_schema
from loaders.articles import ReadFailure, find_source, iter_articles
from loaders.entities import find_mentions
from loaders.gcpause import gc_paused
from loaders.lexicon import cached_make_id, cached_name_key, get_lexicon
from loaders.relations import read_relations
from loaders.resolve import EntityRecord, entity_key, group_mentions, lexicon_properties, resolve_across
from loaders.sentences import split_sentences, tokenize
from loaders.tenure import read_tenure

__all__ = ["ReadFailure", "iter_articles", "extract_article", "extract_articles", "ExtractionPool", "resolve_across", "DROPPED"]

log = logging.getLogger(__name__)
DEFAULT_TIME_LIMIT = 30.0
DROPPED: Counter = Counter()


def _time_limit() -> float:
    """Seconds allowed per article (KG_EXTRACT_TIME_LIMIT, default 30)."""
    try:
        return float(os.environ.get("KG_EXTRACT_TIME_LIMIT", DEFAULT_TIME_LIMIT))
    except ValueError:
        return DEFAULT_TIME_LIMIT


def extract_article(article: Article) -> ArticleGraph:
    """Entities (with mentions) and relations (with evidence) of one article; a pure function of it and the lexicons."""
    lex = get_lexicon()
    text = article.text
    sentences = split_sentences(text)
    tokens = tokenize(text, sentences)
    mentions = find_mentions(text, tokens, sentences, lex)
    records, keys = group_mentions(mentions)
    province_keys = {rec.name: key for key, rec in records.items() if rec.type == "Province"}
    for rec in list(records.values()):
        if rec.place and rec.place not in province_keys:
            key = entity_key("Province", rec.place)
            records[key] = EntityRecord("Province", rec.place)
            province_keys[rec.place] = key
    facts = read_relations(mentions, keys, lex, province_keys)
    for province, key in province_keys.items():
        if key not in records:
            records[key] = EntityRecord("Province", province)
    entities = {key: _entity(rec, tokens, text) for key, rec in records.items()}
    relations: dict[tuple, Relation] = {}
    schema = get_schema()

    def add(rel: Relation, source_label: str, target_label: str) -> None:
        """Keep a relation the schema allows (merging evidence), else count it."""
        try:
            schema.check_relation(rel.type, source_label, target_label)
        except SchemaError as exc:
            DROPPED[f"{rel.type}: {exc}"] += 1
            log.debug("dropped %s in %s: %s", rel.type, article.path, exc)
            return
        if rel.key in relations:
            relations[rel.key].evidence = merge_evidence(relations[rel.key].evidence, rel.evidence)
        else:
            relations[rel.key] = rel

    for fact in facts:
        source, target = entities.get(fact.source), entities.get(fact.target)
        if source is None or target is None:
            DROPPED[f"{fact.type}: endpoint not an entity"] += 1
            continue
        evidence = [Evidence(article.id, sentences[n].text, sentences[n].start, sentences[n].end, fact.extractor,
                             fact.confidence) for n in [fact.sentence, *fact.also]]
        props = dict(fact.properties)
        if fact.type in ("VISITED", "MET_WITH") and article.date:
            props["date"] = article.date
        add(Relation(fact.type, source.id, target.id, props, evidence), source.type, target.type)
    read_tenure(article, sentences, entities.values(), relations, add)
    _add_source(article, sentences, entities, add)
    for entity in entities.values():
        spans = [[m.start, m.end] for m in entity.mentions]
        add(Relation("MENTIONED_IN", entity.id, article.id, {"count": len(spans), "mentions": spans}),
            entity.type, "Article")
    return ArticleGraph(article, list(entities.values()), list(relations.values()))


def _entity(rec: EntityRecord, tokens, text: str) -> Entity:
    """The output Entity of a record, with its mentions and gazetteer properties."""
    spans = sorted({(tokens[f.start].start, tokens[f.end - 1].end) for f in rec.founds})
    mentions = [Mention(s, e, text[s:e]) for s, e in spans]
    aliases = [a for a in dict.fromkeys(rec.aliases) if cached_name_key(a) != cached_name_key(rec.name)]
    if rec.entry is not None:
        aliases = [a for a in dict.fromkeys([*aliases, *rec.entry.aliases]) if cached_name_key(a) != cached_name_key(rec.name)]
    return Entity(cached_make_id(rec.type, rec.name), rec.type, rec.name, aliases, lexicon_properties(rec), mentions)


def _add_source(article: Article, sentences, entities: dict, add) -> None:
    """PUBLISHED_BY: the article to the news agency it credits ("به گزارش X،"), or to the organisation whose news
    office reported it ("به گزارش روابط عمومی X،"), with that sentence as evidence."""
    found = find_source(article.text)
    name = found.name if found is not None else article.source
    if not name:
        return
    if found is not None and not found.news_agency:
        publisher = _office_organisation(found, entities, article.text)
    else:
        publisher = _agency(name, entities)
    if found is None:
        return
    mention = Mention(found.start, found.end, article.text[found.start:found.end])
    if not any(m.start <= found.start < m.end for m in publisher.mentions):
        publisher.mentions.append(mention)
        publisher.mentions.sort(key=lambda m: m.start)
    taken = {cached_name_key(n) for e in entities.values() if e is not publisher for n in e.names()}
    # A news agency keeps the aliases every article shares; the credit as written (a provincial centre) stays with the
    # source mention, since an alias one article alone gives would outlive that article in a store.
    for alias in (found.surface, None if found.news_agency else found.credited):
        key = cached_name_key(alias) if alias else ""
        if key and key not in taken and key not in {cached_name_key(n) for n in publisher.names()}:
            publisher.aliases.append(alias)
    sentence = next((s for s in sentences if s.start <= found.start < s.end), None)
    if sentence is None:
        return
    evidence = Evidence(article.id, sentence.text, sentence.start, sentence.end, "source-phrase", 0.95)
    add(Relation("PUBLISHED_BY", article.id, publisher.id, {}, [evidence]), "Article", "Organization")


def _agency(name: str, entities: dict) -> Entity:
    """The article's news-agency entity of that name, added when the text found no mention of it."""
    key = entity_key("Organization", name)
    agency = entities.get(key)
    if agency is None:
        agency = entities[key] = Entity(cached_make_id("Organization", name), "Organization", name, [],
                                        {"kind": "news_agency"}, [])
    agency.properties["kind"] = "news_agency"
    return agency


def _office_organisation(found, entities: dict, text: str) -> Entity:
    """The organisation of a news-office credit: the article's Organization found where the credit names it (one
    starting there first, the longest), else a new one of that name with the kind its head word gives."""
    def overlap(entity: Entity) -> tuple[bool, int]:
        spans = [m for m in entity.mentions if m.start <= found.start < m.end or found.start <= m.start < found.end]
        return (any(m.start == found.start for m in spans), max((m.end - m.start for m in spans), default=0))

    candidates = [e for e in entities.values() if e.type == "Organization" and overlap(e)[1]]
    if candidates:
        return max(candidates, key=overlap)
    key = entity_key("Organization", found.name)
    if key not in entities:
        lex = get_lexicon()
        head = lex.heads.longest([cached_name_key(w) for w in found.name.replace("\u200c", " ").split()], 0)
        kind = head[1].kind if head and head[1].type == "Organization" else "other"
        entities[key] = Entity(cached_make_id("Organization", found.name), "Organization", found.name, [],
                               {"kind": kind}, [])
    return entities[key]


class _TimeLimitExceeded(Exception):
    """Raised inside an extraction that ran past its time limit."""


def _on_alarm(signum, frame):
    """Signal handler: the time limit passed."""
    raise _TimeLimitExceeded()


def _extract_guarded(article: Article, time_limit: float) -> ArticleGraph | ReadFailure:
    """extract_article, with exceptions and time-outs turned into a ReadFailure naming the file."""
    use_alarm = time_limit > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, _on_alarm) if use_alarm else None
    if use_alarm:
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return extract_article(article)
    except _TimeLimitExceeded:
        return ReadFailure(article.path or article.id, f"extraction took longer than {time_limit:g} s; skipped")
    except Exception as exc:  # one bad article must not stop the others
        return ReadFailure(article.path or article.id, f"extraction failed: {type(exc).__name__}: {exc}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _extract_chunk(args: tuple[list[Article], float]) -> list[ArticleGraph | ReadFailure]:
    """Worker entry point: extract a chunk of articles."""
    articles, time_limit = args
    with gc_paused():
        return [_extract_guarded(a, time_limit) for a in articles]


class ExtractionPool:
    """Worker processes kept for a whole build, so each chunk of articles does not fork a new pool.

    `extract` has `extract_articles`'s signature. The workers are started when the pool is made (from the calling
    thread), so a build may then call `extract` from another thread while it writes the previous chunk.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = None
        if workers > 1:
            get_lexicon()  # loaded once here; forked workers inherit it instead of each loading it again
            self._pool = ProcessPoolExecutor(max_workers=workers, initializer=get_lexicon)
            for started in [self._pool.submit(os.getpid) for _ in range(workers)]:
                started.result()

    def extract(self, articles: list[Article], workers: int = 1, on_done: Callable[[], None] | None = None,
                time_limit: float | None = None) -> tuple[list[ArticleGraph], list[ReadFailure]]:
        """Extract many articles in input order, in the pool's workers (`workers` is the pool's, kept for the
        signature). Failures come back as ReadFailures."""
        limit = _time_limit() if time_limit is None else time_limit
        docs: list[ArticleGraph] = []
        failures: list[ReadFailure] = []

        def collect(result: ArticleGraph | ReadFailure) -> None:
            """File a result as a graph or a failure and report progress."""
            (failures if isinstance(result, ReadFailure) else docs).append(result)
            if on_done:
                on_done()

        if self._pool is None:  # with a pool even one article goes to a worker, where its time limit can fire
            with gc_paused():
                for article in articles:
                    collect(_extract_guarded(article, limit))
            return docs, failures
        size = max(1, min(64, len(articles) // (self.workers * 4) or 1))
        chunks = [(articles[i:i + size], limit) for i in range(0, len(articles), size)]
        with gc_paused():
            for results in self._pool.map(_extract_chunk, chunks):
                for result in results:
                    collect(result)
        return docs, failures

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def extract_articles(articles: list[Article], workers: int = 1, on_done: Callable[[], None] | None = None,
                     time_limit: float | None = None) -> tuple[list[ArticleGraph], list[ReadFailure]]:
    """Extract many articles, in input order; with workers > 1 in a process pool. Failures come back as ReadFailures."""
    with ExtractionPool(workers if len(articles) > 1 else 1) as pool:
        return pool.extract(articles, on_done=on_done, time_limit=time_limit)
