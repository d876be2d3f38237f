"""The embedded default store: one SQLite file in WAL mode under a data directory, written in transactions, read by indexed SQL."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, merge_entity
from graph.schema import get_schema
from graph.store import (OPENING_CHARS, POSITION, TENURE_CUES, Counts, GraphStore, Neighbour, PositionSpan,
                         StoreError, WriteStats)
from graph.text import name_key, substring_score, trigrams

DB_FILE = "graph.sqlite"
LEGACY_FILE = "graph.json"
LOCK_FILE = ".write.lock"
FORMAT_VERSION = 2
PAGE = 2000
RELATION_CACHE = 200_000

HEADER_KEYS = tuple(p for p in get_schema().label("Article").properties if p != "text")
HEADER_COLUMNS = ", ".join(HEADER_KEYS)
ARTICLE_COLUMNS = f"{HEADER_COLUMNS}, text"
_ARTICLE_COLUMN_TYPES = ", ".join({"id": "id TEXT PRIMARY KEY", "path": "path TEXT NOT NULL"}.get(k, f"{k} TEXT")
                                  for k in HEADER_KEYS)

_CUES = ", ".join(f"'{extractor}'" for extractor in TENURE_CUES)
# per evidence row v of article a: its date (d), its date when it is no cue (h), acting (c), a cue (q)
_SPAN_FIELDS = (f"nullif(a.date, '') AS d, CASE WHEN v.extractor IN ({_CUES}) THEN NULL ELSE nullif(a.date, '') END AS h, "
                f"v.extractor = 'tenure-acting' AS c, v.extractor IN ({_CUES}) AS q")
_SPAN_OF = f"""(SELECT min(d), max(d), min(h), max(h), coalesce(max(c), 0), coalesce(sum(q), 0) FROM (
    SELECT {_SPAN_FIELDS}
    FROM evidence v LEFT JOIN articles a ON a.id = v.article WHERE v.relation = {{relation}}))"""
_SPAN_COLUMNS = "(first_seen, last_seen, held_first, held_last, acting, cues)"
_RESPAN_ARTICLE = (f"UPDATE position_spans SET {_SPAN_COLUMNS} = {_SPAN_OF.format(relation='position_spans.relation')} "
                   "WHERE relation IN (SELECT relation FROM evidence WHERE article = {article});")
_EARLIER = "min(coalesce({column}, excluded.{column}), coalesce(excluded.{column}, {column}))"
_LATER = "max(coalesce({column}, excluded.{column}), coalesce(excluded.{column}, {column}))"
POSITION_SPANS_SQL = f"""
CREATE TABLE IF NOT EXISTS position_spans (relation INTEGER PRIMARY KEY, first_seen TEXT, last_seen TEXT,
    held_first TEXT, held_last TEXT, acting INTEGER NOT NULL, cues INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS position_evidence_added AFTER INSERT ON evidence
    WHEN (SELECT type FROM relations WHERE id = NEW.relation) = '{POSITION}'
    BEGIN INSERT INTO position_spans (relation, {_SPAN_COLUMNS[1:]}
          SELECT NEW.relation, d, d, h, h, NEW.extractor = 'tenure-acting', NEW.extractor IN ({_CUES})
          FROM (SELECT date AS d, CASE WHEN NEW.extractor IN ({_CUES}) THEN NULL ELSE date END AS h
                FROM (SELECT (SELECT nullif(date, '') FROM articles WHERE id = NEW.article) AS date)) WHERE true
          ON CONFLICT (relation) DO UPDATE SET first_seen = {_EARLIER.format(column='first_seen')},
              last_seen = {_LATER.format(column='last_seen')}, held_first = {_EARLIER.format(column='held_first')},
              held_last = {_LATER.format(column='held_last')}, acting = max(acting, excluded.acting),
              cues = cues + excluded.cues; END;
CREATE TRIGGER IF NOT EXISTS position_evidence_removed AFTER DELETE ON evidence
    WHEN EXISTS (SELECT 1 FROM position_spans WHERE relation = OLD.relation)
    BEGIN UPDATE position_spans SET {_SPAN_COLUMNS} = {_SPAN_OF.format(relation='OLD.relation')}
          WHERE relation = OLD.relation; END;
CREATE TRIGGER IF NOT EXISTS position_removed AFTER DELETE ON relations
    BEGIN DELETE FROM position_spans WHERE relation = OLD.id; END;
CREATE TRIGGER IF NOT EXISTS position_article_added AFTER INSERT ON articles
    BEGIN {_RESPAN_ARTICLE.format(article='NEW.id')} END;
CREATE TRIGGER IF NOT EXISTS position_article_redated AFTER UPDATE OF date ON articles WHEN OLD.date IS NOT NEW.date
    BEGIN {_RESPAN_ARTICLE.format(article='NEW.id')} END;
CREATE TRIGGER IF NOT EXISTS position_article_removed AFTER DELETE ON articles
    BEGIN {_RESPAN_ARTICLE.format(article='OLD.id')} END;
"""
FILL_POSITION_SPANS_SQL = f"""INSERT INTO position_spans (relation, {_SPAN_COLUMNS[1:]}
    SELECT relation, min(d), max(d), min(h), max(h), max(c), sum(q) FROM (
        SELECT v.relation, {_SPAN_FIELDS}
        FROM relations r JOIN evidence v ON v.relation = r.id LEFT JOIN articles a ON a.id = v.article
        WHERE r.type = '{POSITION}') GROUP BY relation;"""

SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles ({_ARTICLE_COLUMN_TYPES}, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE INDEX IF NOT EXISTS articles_header ON articles({HEADER_COLUMNS});
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL, properties TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type, id);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (key, entity)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_entity ON names(entity);
CREATE TABLE IF NOT EXISTS trigrams (gram TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (gram, entity)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trigrams_entity ON trigrams(entity);
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    properties TEXT NOT NULL, evidence_count INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source, type, target, evidence_count);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target, type, source, evidence_count);
CREATE INDEX IF NOT EXISTS relations_type ON relations(type, target);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY, relation INTEGER NOT NULL, article TEXT NOT NULL, sentence TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, extractor TEXT NOT NULL, confidence REAL NOT NULL);
CREATE INDEX IF NOT EXISTS evidence_relation ON evidence(relation, article);
CREATE INDEX IF NOT EXISTS evidence_article ON evidence(article);
CREATE TABLE IF NOT EXISTS tallies (kind TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, name)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS article_added AFTER INSERT ON articles
    BEGIN UPDATE tallies SET n = n + 1 WHERE kind = 'node' AND name = 'Article'; END;
CREATE TRIGGER IF NOT EXISTS article_removed AFTER DELETE ON articles
    BEGIN UPDATE tallies SET n = n - 1 WHERE kind = 'node' AND name = 'Article'; END;
CREATE TRIGGER IF NOT EXISTS entity_added AFTER INSERT ON entities
    BEGIN UPDATE tallies SET n = n + 1 WHERE kind = 'node' AND name = NEW.type; END;
CREATE TRIGGER IF NOT EXISTS entity_removed AFTER DELETE ON entities
    BEGIN UPDATE tallies SET n = n - 1 WHERE kind = 'node' AND name = OLD.type;
          DELETE FROM names WHERE entity = OLD.id; DELETE FROM trigrams WHERE entity = OLD.id; END;
CREATE TRIGGER IF NOT EXISTS relation_added AFTER INSERT ON relations
    BEGIN UPDATE tallies SET n = n + 1 WHERE kind = 'relationship' AND name = NEW.type; END;
CREATE TRIGGER IF NOT EXISTS relation_removed AFTER DELETE ON relations
    BEGIN UPDATE tallies SET n = n - 1 WHERE kind = 'relationship' AND name = OLD.type;
          DELETE FROM evidence WHERE relation = OLD.id; END;
CREATE TRIGGER IF NOT EXISTS evidence_added AFTER INSERT ON evidence
    BEGIN UPDATE relations SET evidence_count = evidence_count + 1 WHERE id = NEW.relation; END;
CREATE TRIGGER IF NOT EXISTS evidence_removed AFTER DELETE ON evidence
    BEGIN UPDATE relations SET evidence_count = evidence_count - 1 WHERE id = OLD.relation; END;
{POSITION_SPANS_SQL}"""
ADD_EVIDENCE_COUNTS_SQL = """DROP INDEX relations_source; DROP INDEX relations_target;
ALTER TABLE relations ADD COLUMN evidence_count INTEGER NOT NULL DEFAULT 0;
UPDATE relations SET evidence_count = counted.n
    FROM (SELECT relation, count(*) AS n FROM evidence GROUP BY relation) AS counted WHERE counted.relation = relations.id;"""

ENTITY_COLUMNS = "id, type, name, aliases, properties"
_STORED_EVIDENCE_COUNT = "{relations}.evidence_count"
_COUNTED_EVIDENCE = "(SELECT count(*) FROM evidence v WHERE v.relation = {relations}.id)"
_HOP_LABEL = "coalesce(e.type, CASE WHEN a.id IS NOT NULL THEN 'Article' END)"
_HOP_NAME = "coalesce(e.name, nullif(a.title, ''), a.id)"
RELATION_COLUMNS = "id, type, source, target, properties"


class EmbeddedStore(GraphStore):
    """A GraphStore in one SQLite file (`graph.sqlite`, WAL mode) under a data directory.

    Only a writable store takes the directory's lock, so two builds never write at once. Writes go into one open
    transaction (each article inside its own savepoint, so it is written whole or not at all) that `flush` commits:
    a killed build keeps every committed checkpoint. A reader holds one snapshot until `reload_if_changed` moves it
    to the last commit, so it sees the old or the new graph, never half. A `graph.json` directory of the earlier
    format is migrated on first open.
    """

    name = "embedded"

    def __init__(self, directory: str | os.PathLike, writable: bool = False) -> None:
        self.directory = Path(directory)
        self.writable = writable
        self._lock: FileLock | None = None
        self._mutex = threading.RLock()
        self._relation_counts: dict[str, tuple[int, dict[str, int]]] = {}
        self._entity_cache: dict[str, Entity] = {}
        self._relation_cache: dict[int | None, Relation | int] = {}
        self._relation_keys: dict[int | None, str | int] = {}
        if writable:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._lock = _take_lock(self.directory)
        try:
            if (self.directory / LEGACY_FILE).exists() and not self.path.exists():
                from graph.json_migration import migrate_legacy_directory
                migrate_legacy_directory(self.directory, holding_lock=writable)
            self._connect()
        except BaseException:
            self.close()
            raise

    @property
    def path(self) -> Path:
        return self.directory / DB_FILE

    # ---- connections and transactions ------------------------------------------------------------------------------

    def _connect(self) -> None:
        """Open the database (created when writable), or an empty in-memory one for a reader of a new directory."""
        try:
            if self.writable:
                self._db = create_database(self.path)
                self._db.execute("PRAGMA cache_size = -65536")
            elif self.path.exists():
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None,
                                           check_same_thread=False)
                self._db.execute("PRAGMA query_only = 1")
            else:
                self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                initialise(self._db)
            if not self.writable:
                self._db.execute("BEGIN")
            self._store_id, self._generation = self._read_state()
            self._has_position_spans = bool(self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'position_spans'").fetchone())
            counted = "evidence_count" in {row[1] for row in self._db.execute("PRAGMA table_info(relations)")}
            self._evidence_count = _STORED_EVIDENCE_COUNT if counted else _COUNTED_EVIDENCE
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc}") from exc
        self._on_disk = self.writable or self.path.exists()

    def _read_state(self) -> tuple[str, int]:
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != str(FORMAT_VERSION):
            raise StoreError(f"{self.path} has format {meta.get('format')!r}; this version reads {FORMAT_VERSION}")
        return meta["store"], int(meta["generation"])

    def reload_if_changed(self) -> bool:
        """Move a reader's snapshot to the last committed state; True when that state differs from the one it had."""
        if self.writable:
            return False
        with self._mutex:
            if not self._on_disk:
                if not self.path.exists():
                    return False
                self._db.close()
                self._connect()
                self._relation_counts.clear()
                return True
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            state = self._read_state()
            changed = state != (self._store_id, self._generation)
            self._store_id, self._generation = state
            return changed

    def _rows(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._mutex:
            return self._db.execute(sql, tuple(args)).fetchall()

    def _write_begin(self) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.directory} was opened read-only")
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")

    def _changed(self) -> None:
        self._generation += 1

    def flush(self) -> None:
        """Commit what was written since the last flush (one durable transaction; readers see all of it or none)."""
        if not self.writable:
            raise StoreError(f"the store at {self.directory} was opened read-only")
        with self._mutex:
            if self._db.in_transaction:
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(self._generation),))
                self._db.execute("COMMIT")

    def close(self) -> None:
        """Commit pending writes, close the database and release the lock."""
        db = getattr(self, "_db", None)
        if db is not None:
            if self.writable:
                self.flush()
            db.close()
            self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # ---- decoding rows -------------------------------------------------------------------------------------------

    def _relations(self, rows: list[tuple]) -> list[Relation]:
        """Relations of rows (id, type, source, target, properties) with their evidence in first-seen order.

        Decoded relations are kept (up to RELATION_CACHE relations) until the store's state changes, so the facts
        around a hub are read from the database once, not at every query.
        """
        cache = self._relation_cache
        if cache.get(None) != self._generation or len(cache) > RELATION_CACHE:
            cache.clear()
            cache[None] = self._generation
        missing = [r for r in rows if r[0] not in cache]
        if missing:
            evidence: dict[int, list[Evidence]] = {r[0]: [] for r in missing}
            for rel_id, *fields in self._rows(
                    "SELECT relation, article, sentence, start, end, extractor, confidence FROM evidence "
                    "WHERE relation IN (SELECT value FROM json_each(?)) ORDER BY id",
                    (json.dumps(list(evidence)),)):
                evidence[rel_id].append(Evidence(*fields))
            for r in missing:
                cache[r[0]] = Relation(type=r[1], source=r[2], target=r[3], properties=json.loads(r[4]),
                                       evidence=evidence[r[0]])
        return [cache[r[0]] for r in rows]

    def _nodes(self, ids: Iterable[str]) -> dict[str, Entity | Article]:
        """Entities and articles with these ids, by id."""
        wanted = json.dumps(sorted(set(ids)))
        found: dict[str, Entity | Article] = {
            row[0]: _decode_entity(row) for row in self._rows(
                f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT value FROM json_each(?))", (wanted,))}
        for row in self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                              (wanted,)):
            found[row[0]] = _decode_article(row)
        return found

    def _node_label(self, node_id: str) -> str | None:
        row = self._rows("SELECT type FROM entities WHERE id = ?", (node_id,))
        if row:
            return row[0][0]
        return "Article" if self._rows("SELECT 1 FROM articles WHERE id = ?", (node_id,)) else None

    # ---- writes --------------------------------------------------------------------------------------------------

    def _validate(self, doc: ArticleGraph) -> None:
        """Check every relation of a document against the schema before anything is written, so a bad one writes nothing."""
        schema = get_schema()
        labels = {doc.article.id: "Article", **{e.id: e.type for e in doc.entities}}
        for relation in doc.relations:
            ends = [labels.get(end) or self._node_label(end) for end in (relation.source, relation.target)]
            if None in ends:
                missing = relation.source if ends[0] is None else relation.target
                raise StoreError(f"{relation.type} refers to {missing}, which is neither in the article nor the store")
            schema.check_relation(relation.type, *ends)

    def write_article_graph(self, doc: ArticleGraph) -> WriteStats:
        with self._mutex:
            self._write_begin()
            self._validate(doc)
            self._db.execute("SAVEPOINT article")
            try:
                stats = WriteStats()
                fresh = self._is_fresh(doc.article.id)
                stats.nodes_created += put_article(self._db, doc.article)
                for entity in doc.entities:
                    stats.nodes_created += put_entity(self._db, entity, self._entity_cache)
                stats.relationships_created, stats.evidence_added = put_relations(
                    self._db, doc.relations, doc.article.id if fresh else None)
            except BaseException:
                self._db.execute("ROLLBACK TO article")
                self._db.execute("RELEASE article")
                self._entity_cache.clear()
                raise
            self._db.execute("RELEASE article")
            self._changed()
            return stats

    def _is_fresh(self, article_id: str) -> bool:
        """True when no article row, relation or evidence has this article's id yet (so none need looking up)."""
        return not any(self._db.execute(sql, (article_id,)).fetchone() for sql in (
            "SELECT 1 FROM articles WHERE id = ?", "SELECT 1 FROM relations WHERE source = ? LIMIT 1",
            "SELECT 1 FROM relations WHERE target = ? LIMIT 1", "SELECT 1 FROM evidence WHERE article = ? LIMIT 1"))

    def remove_article(self, article_id: str) -> None:
        with self._mutex:
            self._write_begin()
            db = self._db
            db.execute("SAVEPOINT removal")
            try:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")
                db.execute("DELETE FROM touched")
                db.execute("INSERT OR IGNORE INTO touched SELECT relation FROM evidence WHERE article = ?",
                           (article_id,))
                db.execute("DELETE FROM evidence WHERE article = ?", (article_id,))
                db.execute("DELETE FROM relations WHERE id IN (SELECT id FROM touched) "
                           "AND NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.relation = relations.id)")
                db.execute("DELETE FROM relations WHERE source = ? OR target = ?", (article_id, article_id))
                db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                db.execute("DELETE FROM entities WHERE NOT EXISTS (SELECT 1 FROM relations WHERE source = entities.id) "
                           "AND NOT EXISTS (SELECT 1 FROM relations WHERE target = entities.id)")
            except BaseException:
                db.execute("ROLLBACK TO removal")
                db.execute("RELEASE removal")
                raise
            db.execute("RELEASE removal")
            self._entity_cache.clear()
            self._changed()

    def clear(self) -> None:
        with self._mutex:
            self._write_begin()
            for table in ("position_spans", "evidence", "relations", "trigrams", "names", "entities", "articles"):
                self._db.execute(f"DELETE FROM {table}")
            self._entity_cache.clear()
            self._changed()

    # ---- reads ---------------------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def article_ids_by_path(self) -> dict[str, str]:
        return dict(self._rows("SELECT path, id FROM articles WHERE path != '' ORDER BY id"))

    def get_article(self, article_id: str) -> Article | None:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        return _decode_article(rows[0]) if rows else None

    def articles(self) -> Iterator[Article]:
        last = ""
        while rows := self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                 (last, PAGE)):
            yield from map(_decode_article, rows)
            last = rows[-1][0]

    def article_openings(self, ids: Iterable[str], chars: int = OPENING_CHARS) -> dict[str, str]:
        return dict(self._rows("SELECT id, substr(text, 1, ?) FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                               (chars, json.dumps(sorted(set(ids))))))

    def article_headers(self) -> Mapping[str, dict]:
        """Every article's header without its text, by id: each read from the header index when first asked for."""
        return ArticleHeaders(self)

    def republished(self) -> dict[str, str]:
        """The copies and their originals, read from the header index without the other articles' headers."""
        return dict(self._rows("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL AND duplicate_of != ''"))

    def get_entity(self, entity_id: str) -> Entity | None:
        rows = self._rows(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,))
        return _decode_entity(rows[0]) if rows else None

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        return {row[0]: _decode_entity(row) for row in self._rows(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(ids))),))}

    def entities(self, label: str | None = None) -> Iterator[Entity]:
        labels = [get_schema().label(label).name] if label else get_schema().entity_labels
        for lab in labels:
            last = ""
            while rows := self._rows(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE type = ? AND id > ? "
                                     "ORDER BY id LIMIT ?", (lab, last, PAGE)):
                yield from map(_decode_entity, rows)
                last = rows[-1][0]

    def find_by_name(self, name: str, label: str | None = None) -> list[Entity]:
        rows = self._rows(f"SELECT {', '.join('e.' + c for c in ENTITY_COLUMNS.split(', '))} FROM names n "
                          "JOIN entities e ON e.id = n.entity WHERE n.key = ? ORDER BY e.id", (name_key(name),))
        return [e for e in map(_decode_entity, rows) if label is None or e.type == label]

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int = 20) -> list[tuple[Entity, float]]:
        query = name_key(text)
        if not query:
            return []
        wanted = sorted(set(labels) if labels else set(get_schema().entity_labels))
        grams = sorted(trigrams(query))
        rows = self._rows(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT entity FROM trigrams "
            "WHERE gram IN (SELECT value FROM json_each(?)) GROUP BY entity HAVING count(*) = ?) "
            "AND type IN (SELECT value FROM json_each(?))", (json.dumps(grams), len(grams), json.dumps(wanted)))
        scored = []
        for entity in map(_decode_entity, rows):
            score = max(substring_score(query, name_key(n)) for n in entity.names())
            if score > 0:
                scored.append((entity, score))
        if not scored:
            from rapidfuzz import fuzz

            for lab in wanted:
                for entity in self.entities(lab):
                    score = max(fuzz.ratio(query, name_key(n)) for n in entity.names()) / 100 * 0.5
                    if score >= 0.35:
                        scored.append((entity, score))
        degree = self._degrees([e.id for e, _ in scored])
        scored.sort(key=lambda es: (-es[1], -degree.get(es[0].id, 0), es[0].name, es[0].id))
        return scored[:limit]

    def _degrees(self, ids: list[str]) -> dict[str, int]:
        """How many relations touch each node (a self-loop twice), counted in the endpoint indexes."""
        found: dict[str, int] = {}
        wanted = json.dumps(ids)
        for end in ("source", "target"):
            for node_id, n in self._rows(f"SELECT {end}, count(*) FROM relations "
                                         f"WHERE {end} IN (SELECT value FROM json_each(?)) GROUP BY {end}", (wanted,)):
                found[node_id] = found.get(node_id, 0) + n
        return found

    def relations(self, rel_type: str | None = None, source: str | None = None,
                  target: str | None = None) -> Iterator[Relation]:
        if source is not None or target is not None:
            where, args = [], []
            for column, value in (("source", source), ("target", target), ("type", rel_type)):
                if value is not None:
                    where.append(f"{column} = ?")
                    args.append(value)
            yield from self._relations(self._rows(
                f"SELECT {RELATION_COLUMNS} FROM relations WHERE {' AND '.join(where)} ORDER BY key", args))
            return
        types = [get_schema().relationship(rel_type).name] if rel_type else list(get_schema().relationships)
        for typ in types:
            last = f"{typ}|"
            while rows := self._rows(f"SELECT {RELATION_COLUMNS}, key FROM relations WHERE key > ? AND key < ? "
                                     "ORDER BY key LIMIT ?", (last, f"{typ}}}", PAGE)):
                yield from self._relations([r[:5] for r in rows])
                last = rows[-1][5]

    def relations_for(self, rel_type: str | None = None, sources: Iterable[str] | None = None,
                      targets: Iterable[str] | None = None) -> list[Relation]:
        if sources is None and targets is None:
            return list(self.relations(rel_type))
        where, args = [], []
        for column, values in (("source", sources), ("target", targets)):
            if values is not None:
                where.append(f"{column} IN (SELECT value FROM json_each(?))")
                args.append(json.dumps(sorted(set(values))))
        if rel_type is not None:
            where.append("type = ?")
            args.append(rel_type)
        return self._relations(self._rows(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE {' AND '.join(where)} ORDER BY key", args))

    def position_spans(self, organizations: Iterable[str], dates: Mapping[str, str | None]) -> list[PositionSpan]:
        """The spans kept in `position_spans` (written with the evidence, by triggers, with the stored articles' dates),
        and the few cue sentences; a reader of a file from before that table (migrated when opened writable) derives
        them from the evidence and `dates`."""
        if not self._has_position_spans:
            return super().position_spans(organizations, dates)
        rows = self._rows(
            "SELECT r.id, r.key, r.source, r.target, json_extract(r.properties, '$.role'), s.first_seen, s.last_seen, "
            "s.held_first, s.held_last, s.acting, s.cues FROM relations r LEFT JOIN position_spans s ON s.relation = r.id "
            "WHERE r.target IN (SELECT value FROM json_each(?)) AND r.type = ? ORDER BY r.key",
            (json.dumps(sorted(set(organizations))), POSITION))
        cues: dict[int, list] = {row[0]: [] for row in rows if row[10]}
        if cues:
            for rel_id, date, *fields in self._rows(
                    "SELECT v.relation, a.date, v.article, v.sentence, v.start, v.end, v.extractor, v.confidence "
                    "FROM evidence v LEFT JOIN articles a ON a.id = v.article "
                    "WHERE v.relation IN (SELECT value FROM json_each(?)) AND v.extractor IN (SELECT value FROM json_each(?)) "
                    "ORDER BY v.id", (json.dumps(list(cues)), json.dumps(list(TENURE_CUES)))):
                cues[rel_id].append((Evidence(*fields), date))
        return [PositionSpan(key, source, target, role or "", first, last, held_first, held_last, bool(acting),
                             tuple(cues.get(rel_id, ())))
                for rel_id, key, source, target, role, first, last, held_first, held_last, acting, _ in rows]

    def neighbours(self, node_id: str, rel_types: Iterable[str] | None = None,
                   direction: str = "both", limit: int | None = None) -> list[Neighbour]:
        found = self.neighbours_many([node_id], rel_types, direction)[node_id]
        return found[:limit] if limit is not None else found

    def neighbours_many(self, node_ids: Iterable[str], rel_types: Iterable[str] | None = None,
                        direction: str = "both") -> dict[str, list[Neighbour]]:
        ids = list(dict.fromkeys(node_ids))
        types_clause, args = "", [json.dumps(ids)]
        if rel_types:
            types_clause = " AND type IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(sorted(set(rel_types))))
        hops: list[tuple[str, str, Relation]] = []
        ends = [("out", "source", "target"), ("in", "target", "source")]
        for way, near, far in ends:
            if direction not in (way, "both"):
                continue
            rows = self._rows(f"SELECT {RELATION_COLUMNS} FROM relations WHERE {near} IN "
                              f"(SELECT value FROM json_each(?)){types_clause}", args)
            for relation in self._relations(rows):
                anchor = relation.source if near == "source" else relation.target
                hops.append((anchor, way, relation))
        nodes = self._nodes(r.target if way == "out" else r.source for _, way, r in hops)
        found: dict[str, list[Neighbour]] = {node_id: [] for node_id in ids}
        for anchor, way, relation in hops:
            other = nodes.get(relation.target if way == "out" else relation.source)
            if other is not None:
                found[anchor].append(Neighbour(relation, other, way))
        for hops_of in found.values():
            hops_of.sort(key=lambda n: (n.relation.type, n.node.id, n.relation.key_string))
        return found

    def neighbourhood_hops(self, node_ids: Iterable[str], rel_types: Iterable[str] | None = None,
                           with_dates: bool = False) -> list[dict]:
        """The hops of `neighbours_many` without evidence sentences or node properties, for ranking a neighbourhood:
        per relation the frontier id, key, type, the other end's id, label and name, the evidence count (at least 1),
        and with `with_dates` its `date` property and the articles it is read from. Two indexed queries."""
        ids = [json.dumps(list(dict.fromkeys(node_ids)))]
        types_clause, types = "", []
        if rel_types:
            types_clause, types = " AND r.type IN (SELECT value FROM json_each(?))", [json.dumps(sorted(set(rel_types)))]
        articles_sql = ("(SELECT json_group_array(DISTINCT v.article) FROM evidence v WHERE v.relation = r.id)"
                        if with_dates else "NULL")
        hops = []
        for near, far in (("source", "target"), ("target", "source")):
            rows = self._rows(
                f"SELECT r.{near}, r.key, r.type, r.{far}, e.type, e.name, a.id, a.title, "
                f"{self._evidence_count.format(relations='r')}, json_extract(r.properties, '$.date'), "
                f"{articles_sql} FROM relations r LEFT JOIN entities e ON e.id = r.{far} "
                f"LEFT JOIN articles a ON a.id = r.{far} "
                f"WHERE r.{near} IN (SELECT value FROM json_each(?)){types_clause}", ids + types)
            for frontier, key, rel_type, other, label, name, article, title, weight, date, articles in rows:
                if label is None and article is None:
                    continue
                if rel_type == "MENTIONED_IN":
                    read_in = [other if near == "source" else frontier]
                elif rel_type == "PUBLISHED_BY":
                    read_in = [frontier if near == "source" else other]
                else:
                    read_in = json.loads(articles) if articles else []
                hops.append({"frontier": frontier, "key": key, "type": rel_type, "other": other,
                             "label": label or "Article", "name": name if label else (title or article),
                             "weight": max(1, weight), "date": date, "articles": read_in})
        return hops

    def neighbourhood_step(self, frontier: list[str], rel_types: Iterable[str] | None, labels: Iterable[str],
                           known: Iterable[str], room: int | None) -> tuple[list[dict], list[dict]]:
        """One hop of a capped neighbourhood ranked in SQL, so the hops of a hub's frontier never reach Python.

        Returns the candidates (nodes of `labels` next to the frontier and not `known`) ranked as `neighbourhood` ranks
        them: summed evidence counts of their hops (each at least 1), then label, name and id; and the hops, as rows of
        `neighbourhood_hops` without dates and with their relations whole, that reach a known node of `labels` or one
        of the first `room` candidates (all of them when `room` is None); a relation between two frontier nodes is
        given once, from the end earlier in `frontier`. Two statements, both read from the endpoint
        indexes alone (they hold each relation's evidence count): the frontier's relations summed per node at their
        other end; then the hops kept. Relations already decoded are not read again."""
        ids = json.dumps(list(dict.fromkeys(frontier)))
        types_clause, types = "", []
        if rel_types:
            types_clause, types = " AND type IN (SELECT value FROM json_each(?))", [json.dumps(sorted(set(rel_types)))]
        weight = f"max(1, {self._evidence_count.format(relations='relations')})"
        around = self._rows(
            f"WITH h AS MATERIALIZED (SELECT target AS other, {weight} AS weight FROM relations "
            f"WHERE source IN (SELECT value FROM json_each(?)){types_clause} UNION ALL "
            f"SELECT source, {weight} FROM relations WHERE target IN (SELECT value FROM json_each(?)){types_clause}), "
            f"w AS (SELECT other, sum(weight) AS weight FROM h GROUP BY other) "
            f"SELECT w.other, {_HOP_LABEL} AS label, {_HOP_NAME} AS name, w.weight FROM w "
            f"LEFT JOIN entities e ON e.id = w.other LEFT JOIN articles a ON e.id IS NULL AND a.id = w.other "
            f"WHERE label IN (SELECT value FROM json_each(?))",
            [ids, *types, ids, *types, json.dumps(sorted(set(labels)))])
        known = set(known)
        ranked = sorted((row for row in around if row[0] not in known), key=lambda row: (-row[3], row[1], row[2], row[0]))
        ends = {other: (label, name) for other, label, name, _ in
                [*(row for row in around if row[0] in known), *(ranked if room is None else ranked[:room])]}
        kept = json.dumps(list(ends))
        rows = self._rows(
            f"SELECT id, source, target, {weight} FROM relations WHERE source IN (SELECT value FROM json_each(?))"
            f"{types_clause} AND +target IN (SELECT value FROM json_each(?)) UNION ALL "
            f"SELECT id, target, source, {weight} FROM relations WHERE target IN (SELECT value FROM json_each(?))"
            f"{types_clause} AND +source IN (SELECT value FROM json_each(?)) AND +source NOT IN (SELECT value FROM json_each(?))",
            [ids, *types, kept, ids, *types, kept, ids])
        relations = self._relations_by_id([row[0] for row in rows])
        position = {node_id: index for index, node_id in enumerate(json.loads(ids))}
        hops = []
        for rel_id, near, other, hop_weight in rows:
            if position.get(other, len(position)) < position[near]:
                # a relation between two frontier nodes is one hop, from the end that comes first (as the caller keeps it)
                near, other = other, near
            relation, key = relations[rel_id]
            label, name = ends[other]
            hops.append({"frontier": near, "key": key, "type": relation.type, "other": other, "label": label,
                         "name": name, "weight": hop_weight, "relation": relation})
        return ([{"other": other, "label": label, "name": name, "weight": weight} for other, label, name, weight in ranked],
                hops)

    def _relations_by_id(self, ids: list[int]) -> dict[int, tuple[Relation, str]]:
        """Relations by row id with their key strings, those decoded before taken from the relation cache (and their
        keys from a cache of their own, kept until the store changes)."""
        cache = self._relation_cache
        found = {i: cache[i] for i in ids if i in cache} if cache.get(None) == self._generation else {}
        missing = [i for i in ids if i not in found]
        if missing:
            rows = self._rows(f"SELECT {RELATION_COLUMNS} FROM relations WHERE id IN (SELECT value FROM json_each(?))",
                              (json.dumps(missing),))
            found.update(zip((row[0] for row in rows), self._relations(rows)))
        keys = self._relation_keys
        if keys.get(None) != self._generation:
            keys.clear()
            keys[None] = self._generation
        for i, relation in found.items():
            if i not in keys:
                keys[i] = relation.key_string
        return {i: (relation, keys[i]) for i, relation in found.items()}

    def relations_by_key(self, keys: dict[str, list[str]]) -> dict[str, Relation]:
        """Relations by type and key (`Relation.key_string`), read through the key index."""
        wanted = [key for group in keys.values() for key in group]
        rows = self._rows(f"SELECT {RELATION_COLUMNS} FROM relations WHERE key IN (SELECT value FROM json_each(?))",
                          [json.dumps(wanted)])
        return {relation.key_string: relation for relation in self._relations(rows)}

    def mention_ends(self, node_id: str) -> list[str]:
        """Read from the endpoint indexes alone."""
        return sorted(end for (end,) in self._rows(
            "SELECT target FROM relations WHERE source = ? AND type = 'MENTIONED_IN' UNION ALL "
            "SELECT source FROM relations WHERE target = ? AND type = 'MENTIONED_IN'", (node_id, node_id)))

    def relation_counts(self, rel_type: str) -> dict[str, int]:
        """Relations of a type per target, counted in the type index, kept until the store changes."""
        rel_type = get_schema().relationship(rel_type).name
        cached = self._relation_counts.get(rel_type)
        if cached is None or cached[0] != self._generation:
            cached = self._relation_counts[rel_type] = (self._generation, dict(self._rows(
                "SELECT target, count(*) FROM relations WHERE type = ? GROUP BY target", (rel_type,))))
        return dict(cached[1])

    def version(self) -> tuple:
        """The store's identity and its number of changes: cheap, and changes with every write or reload."""
        return self._store_id, self._generation

    def counts(self) -> Counts:
        tallies = {(kind, name): n for kind, name, n in self._rows("SELECT kind, name, n FROM tallies WHERE n > 0")}
        schema = get_schema()
        return Counts(nodes={label: tallies[("node", label)] for label in schema.labels if ("node", label) in tallies},
                      relationships={t: tallies[("relationship", t)] for t in schema.relationships
                                     if ("relationship", t) in tallies})


def put_article(db: sqlite3.Connection, article: Article) -> bool:
    """Insert or update an article row; True when it is new."""
    created = not db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
    updates = ", ".join(f"{k} = excluded.{k}" for k in (*HEADER_KEYS[1:], "text"))
    db.execute(
        f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * (len(HEADER_KEYS) + 1))}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        (*(getattr(article, k) or ("" if k == "path" else None) for k in HEADER_KEYS), article.text))
    return created


def put_entity(db: sqlite3.Connection, entity: Entity, cache: dict[str, Entity] | None = None) -> bool:
    """Merge an entity into its stored row (names united, see merge_entity) and index new names; True when it is new.

    `cache` holds entities as stored, by id, for a writer that writes the same entities again and again.
    """
    existing = cache.get(entity.id) if cache is not None else None
    if existing is None:
        row = db.execute(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity.id,)).fetchone()
        existing = _decode_entity(row) if row else None
    merged = merge_entity(existing, entity)
    if cache is not None:
        cache[merged.id] = merged
    if existing is None:
        db.execute(f"INSERT INTO entities ({ENTITY_COLUMNS}) VALUES (?, ?, ?, ?, ?)", _entity_row(merged))
        index_names(db, merged.id, merged.names())
        return True
    if merged != existing:
        db.execute("UPDATE entities SET name = ?, aliases = ?, properties = ? WHERE id = ?",
                   (*_entity_row(merged)[2:], merged.id))
        index_names(db, merged.id, set(merged.names()) - set(existing.names()))
    return False


def index_names(db: sqlite3.Connection, entity_id: str, names: Iterable[str]) -> None:
    """Add the name keys and their trigrams to the look-up and search indexes."""
    keys = {name_key(n) for n in names} - {""}
    db.executemany("INSERT OR IGNORE INTO names (key, entity) VALUES (?, ?)", [(k, entity_id) for k in keys])
    grams = {g for k in keys for g in trigrams(k)}
    db.executemany("INSERT OR IGNORE INTO trigrams (gram, entity) VALUES (?, ?)", [(g, entity_id) for g in grams])


def put_relations(db: sqlite3.Connection, relations: Iterable[Relation],
                  fresh_article: str | None = None) -> tuple[int, int]:
    """Insert new relations and merge the others into the stored ones (new evidence, missing properties).

    Returns (relations created, evidence added). `fresh_article` names an article that nothing stored touches or
    cites yet, so its relations and its evidence need no look-up. Rows are written in a few batched statements.
    """
    next_id = (db.execute("SELECT max(id) FROM relations").fetchone()[0] or 0) + 1
    pending: dict[str, dict] = {}
    for relation in relations:
        key = relation.key_string
        entry = pending.get(key)
        if entry is None:
            row = None
            if fresh_article not in (relation.source, relation.target):
                row = db.execute("SELECT id, properties FROM relations WHERE key = ?", (key,)).fetchone()
            if row is None:
                entry = {"id": next_id, "relation": relation, "stored": None, "properties": dict(relation.properties)}
                next_id += 1
            else:
                stored = json.loads(row[1])
                entry = {"id": row[0], "relation": relation, "stored": stored, "properties": dict(stored)}
            entry.update(key=key, evidence=[], known={})
            pending[key] = entry
        if entry["stored"] is not None or entry["relation"] is not relation:
            for prop, value in relation.properties.items():
                if prop not in entry["properties"] or entry["properties"][prop] in (None, ""):
                    entry["properties"][prop] = value
        for ev in relation.evidence:
            known = entry["known"].get(ev.article)
            if known is None:
                known = entry["known"][ev.article] = set()
                if entry["stored"] is not None and ev.article != fresh_article:
                    known.update(Evidence(ev.article, *r) for r in db.execute(
                        "SELECT sentence, start, end, extractor, confidence FROM evidence "
                        "WHERE relation = ? AND article = ?", (entry["id"], ev.article)))
            if ev not in known:
                known.add(ev)
                entry["evidence"].append(ev)
    new = [e for e in pending.values() if e["stored"] is None]
    db.executemany("INSERT INTO relations (id, key, type, source, target, properties) VALUES (?, ?, ?, ?, ?, ?)",
                   [(e["id"], e["key"], e["relation"].type, e["relation"].source, e["relation"].target,
                     _json(e["properties"])) for e in new])
    db.executemany("UPDATE relations SET properties = ? WHERE id = ?",
                   [(_json(e["properties"]), e["id"]) for e in pending.values()
                    if e["stored"] is not None and e["properties"] != e["stored"]])
    evidence = [(e["id"], ev.article, ev.sentence, ev.start, ev.end, ev.extractor, ev.confidence)
                for e in pending.values() for ev in e["evidence"]]
    db.executemany("INSERT INTO evidence (relation, article, sentence, start, end, extractor, confidence) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", evidence)
    return len(new), len(evidence)


def _decode_article(row: tuple) -> Article:
    return Article(**dict(zip(HEADER_KEYS, row)), text=row[-1])


def _decode_entity(row: tuple) -> Entity:
    return Entity(id=row[0], type=row[1], name=row[2], aliases=json.loads(row[3]), properties=json.loads(row[4]))


class ArticleHeaders(Mapping):
    """The article headers of a store as a mapping that reads a header when it is first asked for, all when iterated.

    A page about one entity needs the headers of its articles only, not of the 100,000 in the store.
    """

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self._found: dict[str, dict] = {}
        self._missing: set[str] = set()
        self._complete = False

    def __getitem__(self, article_id: str) -> dict:
        header = self._found.get(article_id)
        if header is None:
            if self._complete or article_id in self._missing:
                raise KeyError(article_id)
            rows = self._store._rows(f"SELECT {HEADER_COLUMNS} FROM articles WHERE id = ?", (article_id,))
            if not rows:
                self._missing.add(article_id)
                raise KeyError(article_id)
            header = self._found[article_id] = dict(zip(HEADER_KEYS, rows[0]))
        return header

    def get(self, article_id: str, default=None):
        """The header of an article, or `default`; a header already read is one dict look-up (pages ask for
        hundreds of thousands)."""
        header = self._found.get(article_id)
        if header is not None:
            return header
        try:
            return self[article_id]
        except KeyError:
            return default

    def _all(self) -> dict[str, dict]:
        if not self._complete:
            self._found = {row[0]: dict(zip(HEADER_KEYS, row))
                           for row in self._store._rows(f"SELECT {HEADER_COLUMNS} FROM articles ORDER BY id")}
            self._complete = True
        return self._found

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


def _take_lock(directory: Path) -> FileLock:
    """The directory's write lock, or a StoreError saying another process holds it."""
    lock = FileLock(str(directory / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise StoreError(f"another process is writing to the data directory {directory} "
                         f"(lock {directory / LOCK_FILE}); wait for it to finish and try again") from None
    return lock


def create_database(path: Path) -> sqlite3.Connection:
    """Open a writable store database in WAL mode, its tables ready; a new one appears whole, with umask permissions.

    A new database is made under a temporary name and renamed into place, so a reader never finds a file without
    its tables.
    """
    if not path.exists():
        fresh = path.with_name(path.name + ".new")
        fresh.unlink(missing_ok=True)
        os.close(os.open(fresh, os.O_CREAT | os.O_WRONLY, 0o666))
        db = sqlite3.connect(fresh, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        initialise(db)
        db.close()
        os.replace(fresh, path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    initialise(db)
    return db


def initialise(db: sqlite3.Connection) -> None:
    """Create the tables, indexes, triggers and bookkeeping rows a store needs (nothing is written when they exist)."""
    present = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    if "meta" not in present:
        db.executescript(f"BEGIN IMMEDIATE; {SCHEMA_SQL} INSERT INTO meta (key, value) VALUES "
                         f"('format', '{FORMAT_VERSION}'), ('store', '{uuid.uuid4().hex}'), ('generation', '0'); COMMIT;")
    else:
        columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
        added = [key for key in HEADER_KEYS if key not in columns]
        if added:  # a file from before the schema gained these Article fields
            db.executescript("BEGIN IMMEDIATE; " + "".join(f"ALTER TABLE articles ADD COLUMN {key} TEXT; " for key in added)
                             + "DROP INDEX IF EXISTS articles_header; COMMIT;")
            present = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        counted = "evidence_count" in {row[1] for row in db.execute("PRAGMA table_info(relations)")}
        if not counted or set(re.findall(r"IF NOT EXISTS (\w+)", SCHEMA_SQL)) - present:
            count = "" if counted else ADD_EVIDENCE_COUNTS_SQL  # a file from before relations kept their evidence count
            fill = FILL_POSITION_SPANS_SQL if "position_spans" not in present else ""
            db.executescript(f"BEGIN IMMEDIATE; {count} {SCHEMA_SQL} {fill} COMMIT;")
    schema = get_schema()
    wanted = [("node", label) for label in schema.labels] + [("relationship", t) for t in schema.relationships]
    present = set(db.execute("SELECT kind, name FROM tallies").fetchall())
    if set(wanted) - present:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR IGNORE INTO tallies (kind, name, n) VALUES (?, ?, 0)", wanted)
        db.execute("COMMIT")


def _entity_row(entity: Entity) -> tuple:
    return entity.id, entity.type, entity.name, _json(entity.aliases), _json(entity.properties)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
