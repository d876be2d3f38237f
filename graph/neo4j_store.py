"""The Neo4j store: the GraphStore contract on a Neo4j 5 server, written in batched, retried, idempotent transactions.

Storage layout (all labels and relationship types come from graph/schema.yaml):
- entity nodes `(:Person|Province|Organization|Project {id, name, aliases, name_keys, <schema properties>})`, where
  `name_keys` lists `graph.text.name_key` of every name; `(:Article {id, title, date, ..., text, complete})`, where
  `complete: true` is set in the same transaction that writes the article's entities and relations;
- relationships carry `key` (`Relation.key_string`, unique per type), `props_json` (all properties as JSON, read
  back exactly), the schema properties with plain values copied as ordinary properties for Cypher users, and
  `evidence` (a list of JSON strings, one per Evidence) with `evidence_articles` (the article id of each, in order);
  relationships never given evidence (mentions) have neither.
Indexes: a uniqueness constraint on `id` per label and on `key` per relationship type, a range index on
Article.path, a keyword full-text index `kg_name_keys` (exact and partial name-key search) and a Persian full-text
index `kg_names` on name and aliases for Cypher users.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from neo4j import READ_ACCESS, GraphDatabase, Query, Record
from neo4j import graph as neo4j_graph
from neo4j.exceptions import (AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired,
                              TransientError)
from rapidfuzz import fuzz

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, merge_entity, merge_evidence
from graph.schema import SchemaError, get_schema
from graph.store import (OPENING_CHARS, POSITION, TENURE_CUES, Counts, Fact, GraphStore, Neighbour, PositionSpan,
                         StoreError, StoreUnavailable, WriteStats)
from graph.text import name_key, substring_score

DEFAULT_BATCH_SIZE = 20000
NAME_KEYS_INDEX = "kg_name_keys"
NAMES_INDEX = "kg_names"
ARTICLE_FIELDS = tuple(p for p in get_schema().label("Article").properties if p != "id")
ENTITY_CORE = {"id", "name", "aliases", "name_keys"}
CONSOLE_POLICY = Path(__file__).with_name("console_policy.yaml")
_PROCEDURE_NAME = re.compile(r"\s*([A-Za-z_`][\w.`]*)\s*\(")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')


def _lucene_escape(text: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def _is_plain(value: Any) -> bool:
    """True for values Neo4j stores as a property: a scalar, or a list of scalars of one type."""
    if isinstance(value, (str, int, float, bool)):
        return True
    return (isinstance(value, list) and bool(value) and all(isinstance(v, (str, int, float, bool)) for v in value)
            and len({type(v) for v in value}) == 1)


@dataclass
class _Chunk:
    """The Cypher rows of one write transaction, prepared before it starts."""

    articles: list[dict]
    labels: dict[str, str] = field(default_factory=dict)
    entities: dict[tuple[str, bool], list[dict]] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)


def merge_relation(existing: Relation | None, new: Relation) -> Relation:
    """The relation after adding `new` to `existing`: evidence appended once, missing properties filled."""
    if existing is None:
        return Relation(type=new.type, source=new.source, target=new.target, properties=dict(new.properties),
                        evidence=list(dict.fromkeys(new.evidence)))
    props = dict(existing.properties)
    for prop, value in new.properties.items():
        if prop not in props or props[prop] in (None, ""):
            props[prop] = value
    return Relation(type=existing.type, source=existing.source, target=existing.target, properties=props,
                    evidence=merge_evidence(existing.evidence, new.evidence))


def _evidence_json(evidence: Evidence) -> str:
    return json.dumps({"article": evidence.article, "confidence": evidence.confidence, "end": evidence.end,
                       "extractor": evidence.extractor, "sentence": evidence.sentence, "start": evidence.start},
                      ensure_ascii=False)


def _relation_from(rel_type: str, source: str, target: str, props_json: str | None,
                   evidence: list[str] | None) -> Relation:
    return Relation(type=rel_type, source=source, target=target, properties=json.loads(props_json or "{}"),
                    evidence=[Evidence.from_dict(json.loads(e)) for e in evidence or []])


def _node_item(label: str, props: dict) -> Entity | Article:
    if label == "Article":
        return Article(id=props["id"], text=props.get("text") or "", path=props.get("path") or "",
                       **{f: props.get(f) for f in ARTICLE_FIELDS if f not in ("text", "path")})
    return Entity(id=props["id"], type=label, name=props["name"], aliases=list(props.get("aliases") or []),
                  properties={k: v for k, v in props.items() if k not in ENTITY_CORE})


def _schema_label(labels: Iterable[str]) -> str:
    for label in labels:
        if label in get_schema().labels:
            return label
    raise StoreError(f"a node with labels {list(labels)} is not part of the graph schema")


def plain_value(value: Any) -> Any:
    """A query result value as plain Python: nodes and relationships become dicts, temporals ISO strings."""
    if isinstance(value, neo4j_graph.Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": {k: plain_value(v) for k, v in value.items()}}
    if isinstance(value, neo4j_graph.Relationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.get("id") if value.start_node is not None else None,
                "end": value.end_node.get("id") if value.end_node is not None else None,
                "properties": {k: plain_value(v) for k, v in value.items()}}
    if isinstance(value, neo4j_graph.Path):
        return {"nodes": [plain_value(n) for n in value.nodes],
                "relationships": [plain_value(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _plan_steps(plan: dict) -> Iterator[tuple[str, str]]:
    """Every operator of a plan with its details; the name without its "@database" suffix and "(variant)"."""
    yield plan.get("operatorType", "").split("@")[0].split("(")[0], str((plan.get("args") or {}).get("Details") or "")
    for child in plan.get("children", []):
        yield from _plan_steps(child)


@lru_cache(maxsize=1)
def console_policy() -> tuple[frozenset[str], frozenset[str]]:
    """The plan operators and the procedures the Cypher console allows (graph/console_policy.yaml)."""
    data = yaml.safe_load(CONSOLE_POLICY.read_text(encoding="utf-8"))
    return frozenset(data["operators"]), frozenset(data["procedures"])


def console_refusal(query_type: str | None, plan: dict | None) -> str | None:
    """Why the console refuses a query, given the type and plan its EXPLAIN reported; None when it may run."""
    if query_type != "r":
        return (f"this query is of type {query_type!r} (it would write, change the schema or administer the "
                "server)")
    if not plan:
        return "Neo4j gave no plan for this query"
    operators, procedures = console_policy()
    for operator, details in _plan_steps(plan):
        if operator == "LoadCSV":
            return "LOAD CSV reads files and is not allowed"
        if operator not in operators:
            return (f"its plan uses {operator}, which is not one of the read operators the console allows "
                    "(SHOW, TERMINATE and administration commands are refused)")
        if operator == "ProcedureCall":
            found = _PROCEDURE_NAME.match(details)
            name = found.group(1).replace("`", "") if found else details
            if name not in procedures:
                return f"the procedure {name} is not one the console allows ({', '.join(sorted(procedures))})"
    return None


class Neo4jStore(GraphStore):
    """A GraphStore on a Neo4j 5 server reached over Bolt; constraints and indexes are created from the schema at open."""

    name = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None = None, database: str | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, retry_seconds: float = 30.0) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        self._relation_counts: dict[str, tuple] = {}
        user = auth[0] if auth else None
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=10,
                                               max_transaction_retry_time=retry_seconds,
                                               notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except AuthError as exc:
            self._close_driver()
            raise StoreError(f"Neo4j at {uri} refused the credentials of user {user!r} "
                             f"(set NEO4J_USER and NEO4J_PASSWORD): {exc.message}") from None
        except (ServiceUnavailable, DriverError, Neo4jError, ValueError, OSError) as exc:
            self._close_driver()
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from None
        self.ensure_schema()

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, **options) -> "Neo4jStore":
        """Connect as configured by NEO4J_URI/USER/PASSWORD/DATABASE, else to the running local server (`kg neo4j start`)."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            from graph.neo4j_local.server import default_data_dir, running_server

            server = running_server()
            if server is None:
                raise StoreError(f"no Neo4j configured: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), or start the "
                                 f"local one with `kg neo4j start` (none runs on {default_data_dir()})")
            uri = server.uri
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        user = user or os.environ.get("NEO4J_USER") or ("neo4j" if password is not None else None)
        auth = (user, password or "") if user else None
        return cls(uri, auth=auth, database=database or os.environ.get("NEO4J_DATABASE") or None, **options)

    def _close_driver(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()

    def close(self) -> None:
        self._close_driver()
        self.driver = None

    def _session(self, read: bool = False):
        if self.driver is None:
            raise StoreError(f"the store for Neo4j at {self.uri} is closed")
        return self.driver.session(database=self.database, default_access_mode=READ_ACCESS if read else "WRITE")

    def _failure(self, exc: Exception) -> StoreError:
        if isinstance(exc, AuthError):
            return StoreError(f"Neo4j at {self.uri} refused the credentials: {exc.message}")
        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            return StoreUnavailable(f"lost the connection to Neo4j at {self.uri}: {exc}")
        if isinstance(exc, Neo4jError):
            return StoreError(f"Neo4j at {self.uri} failed: {exc.message or exc}")
        return StoreError(f"Neo4j at {self.uri} failed: {exc}")

    def _read(self, work, *args):
        try:
            with self._session(read=True) as session:
                return session.execute_read(work, *args)
        except (Neo4jError, DriverError) as exc:
            raise self._failure(exc) from exc

    def _write(self, work, *args):
        try:
            with self._session() as session:
                return session.execute_write(work, *args)
        except (Neo4jError, DriverError) as exc:
            raise self._failure(exc) from exc

    # ---- schema --------------------------------------------------------------------------------------------------

    def schema_statements(self) -> list[str]:
        """The constraint and index statements derived from the schema (labels and types only from it)."""
        schema = get_schema()
        statements = [f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
                      for label in schema.labels]
        statements += [f"CREATE CONSTRAINT kg_{rel.lower()}_key IF NOT EXISTS FOR ()-[r:{rel}]-() "
                       f"REQUIRE r.key IS UNIQUE" for rel in schema.relationships]
        statements.append("CREATE INDEX kg_article_path IF NOT EXISTS FOR (a:Article) ON (a.path)")
        entity_labels = "|".join(schema.entity_labels)
        statements.append(f"CREATE FULLTEXT INDEX {NAME_KEYS_INDEX} IF NOT EXISTS FOR (n:{entity_labels}) "
                          "ON EACH [n.name_keys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}")
        statements.append(f"CREATE FULLTEXT INDEX {NAMES_INDEX} IF NOT EXISTS FOR (n:{entity_labels}) "
                          "ON EACH [n.name, n.aliases] OPTIONS {indexConfig: {`fulltext.analyzer`: 'persian'}}")
        return statements

    def ensure_schema(self) -> None:
        """Create the constraints and indexes if missing and wait until they are online."""
        try:
            with self._session() as session:
                for statement in self.schema_statements():
                    session.run(statement).consume()
                session.run("CALL db.awaitIndexes(300)").consume()
        except (Neo4jError, DriverError) as exc:
            raise self._failure(exc) from exc

    # ---- writes --------------------------------------------------------------------------------------------------

    def write_article_graph(self, doc: ArticleGraph) -> WriteStats:
        return self.write_many([doc])

    def write_many(self, docs: Iterable[ArticleGraph]) -> WriteStats:
        """Write article graphs in transactions of about `batch_size` rows, each article marked complete in its own.

        The rows of the next transaction are prepared in a thread while the server writes the current one.
        """
        total = WriteStats()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-neo4j-prepare") as preparer:
            pending = None
            for chunk in self._chunks(docs):
                prepared = preparer.submit(self._prepare_chunk, chunk)
                if pending is not None:
                    total.add(self._write(self._write_chunk, pending.result()))
                pending = prepared
            if pending is not None:
                total.add(self._write(self._write_chunk, pending.result()))
        return total

    def _chunks(self, docs: Iterable[ArticleGraph]) -> Iterator[list[ArticleGraph]]:
        """The documents, checked against the schema, in lists of about `batch_size` rows."""
        chunk: list[ArticleGraph] = []
        rows = 0
        for doc in docs:
            self._check(doc)
            chunk.append(doc)
            rows += 1 + len(doc.entities) + len(doc.relations)
            if rows >= self.batch_size:
                yield chunk
                chunk, rows = [], 0
        if chunk:
            yield chunk

    def _check(self, doc: ArticleGraph) -> None:
        """Reject labels, types and endpoints outside the schema before any Cypher runs."""
        schema = get_schema()
        known = {doc.article.id: "Article"}
        for entity in doc.entities:
            if entity.type == "Article":
                raise SchemaError(f"entity {entity.id} cannot have the label Article")
            schema.label(entity.type)
            known[entity.id] = entity.type
        for relation in doc.relations:
            schema.relationship(relation.type)
            labels = [known.get(end) or self._label_from_id(end) for end in (relation.source, relation.target)]
            if None not in labels:
                schema.check_relation(relation.type, *labels)

    @staticmethod
    def _label_from_id(node_id: str) -> str | None:
        try:
            return get_schema().label_for_id(node_id)
        except SchemaError:
            return None

    def _prepare_chunk(self, docs: list[ArticleGraph]) -> _Chunk:
        """Everything of one transaction that does not depend on what is stored: entities merged within the chunk
        with their name keys, relations merged by key and grouped by type and endpoint labels, as Cypher rows."""
        chunk = _Chunk(articles=[{"id": a.id, "props": {f: getattr(a, f) for f in ARTICLE_FIELDS}}
                                 for a in {doc.article.id: doc.article for doc in docs}.values()])
        proposed: dict[str, Entity] = {}
        for doc in docs:
            for entity in doc.entities:
                proposed[entity.id] = merge_entity(proposed.get(entity.id), entity)
        chunk.labels = {a["id"]: "Article" for a in chunk.articles} | {e.id: e.type for e in proposed.values()}
        for entity in proposed.values():
            props = {k: v for k, v in entity.properties.items() if k not in ENTITY_CORE}
            keys = list(dict.fromkeys(k for k in (name_key(n) for n in entity.names()) if k))
            merge_in_cypher = all(isinstance(v, str) or v in (None, []) for v in props.values())
            chunk.entities.setdefault((entity.type, merge_in_cypher), []).append(
                {"id": entity.id, "name": entity.name, "aliases": entity.aliases, "name_keys": keys, "props": props,
                 "pairs": [[k, v] for k, v in props.items() if v not in (None, "", [])], "entity": entity})
        for doc in docs:
            for relation in doc.relations:
                key = relation.key_string
                chunk.relations[key] = merge_relation(chunk.relations.get(key), relation)
        return chunk

    def _write_chunk(self, tx, chunk: _Chunk) -> WriteStats:
        schema = get_schema()
        stats = WriteStats()
        ids = [a["id"] for a in chunk.articles]
        stored_articles = {r["id"] for r in tx.run("UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id",
                                                   ids=ids)}
        stats.nodes_created += tx.run(
            "UNWIND $rows AS row MERGE (a:Article {id: row.id}) SET a += row.props", rows=chunk.articles
        ).consume().counters.nodes_created
        for (label, merge_in_cypher), rows in chunk.entities.items():
            write = self._merge_entities if merge_in_cypher else self._merge_entities_read_back
            stats.nodes_created += write(tx, schema.label(label).name, rows)

        labels = dict(chunk.labels)
        self._resolve_labels(tx, chunk.relations.values(), labels)
        new_articles = set(ids) - stored_articles
        groups: dict[tuple[str, str, str, bool], dict[str, Relation]] = {}
        for key, relation in chunk.relations.items():
            src, dst = labels[relation.source], labels[relation.target]
            schema.check_relation(relation.type, src, dst)
            fresh = relation.source in new_articles or relation.target in new_articles
            groups.setdefault((relation.type, src, dst, fresh), {})[key] = relation
        for (rel_type, src, dst, fresh), group in groups.items():
            self._write_relations(tx, rel_type, src, dst, group, stats, fresh)

        tx.run("UNWIND $ids AS id MATCH (a:Article {id: id}) SET a.complete = true", ids=ids)
        return stats

    @staticmethod
    def _merge_entities(tx, label: str, rows: list[dict]) -> int:
        """Merge entities into the stored ones in Cypher, as `merge_entity` does (names united, the canonical name
        the longest then smallest, aliases sorted, empty properties filled, differing ones the smaller); create the
        others. Return how many were created."""
        tx.run(
            f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
            "WITH n, row, CASE WHEN size(row.name) > size(n.name) OR (size(row.name) = size(n.name) "
            "AND row.name < n.name) THEN row.name ELSE n.name END AS name "
            "CALL (n, row, name) { UNWIND [n.name] + coalesce(n.aliases, []) + [row.name] + row.aliases AS alias "
            "WITH DISTINCT alias WHERE alias <> name WITH alias ORDER BY alias RETURN collect(alias) AS aliases } "
            "SET n.name = name, n.aliases = aliases, "
            "n.name_keys = coalesce(n.name_keys, []) + [k IN row.name_keys WHERE NOT k IN coalesce(n.name_keys, [])] "
            "WITH n, row UNWIND row.pairs AS pair WITH n, pair[0] AS key, pair[1] AS value, n[pair[0]] AS old "
            "SET n[key] = CASE WHEN old IS NULL OR old = '' OR old = [] THEN value "
            "WHEN toString(old) <= value THEN old ELSE value END",
            rows=[{k: row[k] for k in ("id", "name", "aliases", "name_keys", "pairs")} for row in rows]).consume()
        return tx.run(
            f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
            "ON CREATE SET n += row.props, n.name = row.name, n.aliases = row.aliases, n.name_keys = row.name_keys",
            rows=[{k: row[k] for k in ("id", "name", "aliases", "name_keys", "props")} for row in rows]
        ).consume().counters.nodes_created

    @staticmethod
    def _merge_entities_read_back(tx, label: str, rows: list[dict]) -> int:
        """Merge entities whose properties are not all strings in Python (`merge_entity` on the stored ones, read
        back first); return how many were created."""
        stored = {r["n"]["id"]: _node_item(label, dict(r["n"])) for r in tx.run(
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n", ids=[row["id"] for row in rows])}
        merged_rows = []
        for row in rows:
            merged = merge_entity(stored.get(row["id"]), row["entity"])
            keys = list(dict.fromkeys(k for k in (name_key(n) for n in merged.names()) if k))
            props = {k: v for k, v in merged.properties.items() if k not in ENTITY_CORE}
            merged_rows.append({"id": merged.id, "props": {**props, "name": merged.name, "aliases": merged.aliases,
                                                           "name_keys": keys}})
        tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", rows=merged_rows).consume()
        return sum(1 for row in rows if row["id"] not in stored)

    def _resolve_labels(self, tx, relations: Iterable[Relation], labels: dict[str, str]) -> None:
        """Find the labels of endpoints not written in this batch; a missing endpoint is an error."""
        wanted = {end for r in relations for end in (r.source, r.target) if end not in labels}
        for label in get_schema().labels:
            if not wanted:
                break
            for record in tx.run(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id", ids=list(wanted)):
                labels[record["id"]] = label
                wanted.discard(record["id"])
        if wanted:
            missing = sorted(wanted)[0]
            rel = next(r for r in relations if missing in (r.source, r.target))
            raise StoreError(f"{rel.type} refers to {missing}, which is not in the store")

    def _write_relations(self, tx, rel_type: str, src: str, dst: str, group: dict[str, Relation],
                         stats: WriteStats, fresh: bool = False) -> None:
        """Merge a group in one statement with no read-back: evidence is appended in Cypher when not already there
        (groups without evidence, e.g. mentions, skip that part). A `fresh` group touches an article created in
        this transaction, so none of its relationships can exist yet: they are created without a look-up.

        Properties of an existing relationship are kept as stored; only rows whose stored properties differ from the
        new ones come back, and those are merged in Python (`merge_relation`) and set in a second statement.
        """
        schema = get_schema()
        spec = schema.relationship(rel_type)
        rows = [{"source": relation.source, "target": relation.target, "key": key,
                 "flat": self._flat_properties(spec, relation.properties),
                 "props_json": json.dumps(relation.properties, ensure_ascii=False, sort_keys=True),
                 "evidence": [_evidence_json(e) for e in relation.evidence],
                 "evidence_articles": [e.article for e in relation.evidence]} for key, relation in group.items()]
        schema_props = "".join(f", r.`{p}` = row.flat.`{p}`" for p in spec.properties)
        if fresh:
            counters = tx.run(
                f"UNWIND $rows AS row MATCH (s:{schema.label(src).name} {{id: row.source}}) "
                f"MATCH (t:{schema.label(dst).name} {{id: row.target}}) "
                f"CREATE (s)-[r:{spec.name} {{key: row.key}}]->(t) SET r.props_json = row.props_json{schema_props} "
                "FOREACH (_ IN CASE WHEN size(row.evidence) > 0 THEN [1] ELSE [] END | "
                "SET r.evidence = row.evidence, r.evidence_articles = row.evidence_articles)", rows=rows
            ).consume().counters
            stats.relationships_created += counters.relationships_created
            stats.evidence_added += sum(len(row["evidence"]) for row in rows)
            return
        evidence_part = "WITH row, r.props_json AS stored, 0 AS added"
        if any(row["evidence"] for row in rows):
            evidence_part = (
                "WITH r, row, coalesce(r.evidence, []) AS old "
                "WITH r, row, old, [i IN range(0, size(row.evidence) - 1) WHERE NOT row.evidence[i] IN old] AS fresh "
                "SET r.evidence = old + [i IN fresh | row.evidence[i]], "
                "r.evidence_articles = coalesce(r.evidence_articles, []) + [i IN fresh | row.evidence_articles[i]] "
                "WITH row, r.props_json AS stored, size(fresh) AS added")
        result = tx.run(
            f"UNWIND $rows AS row MATCH (s:{schema.label(src).name} {{id: row.source}}) "
            f"MATCH (t:{schema.label(dst).name} {{id: row.target}}) "
            f"MERGE (s)-[r:{spec.name} {{key: row.key}}]->(t) "
            f"ON CREATE SET r.props_json = row.props_json{schema_props} "
            f"{evidence_part} "
            "RETURN sum(added) AS added, "
            "[x IN collect(CASE WHEN stored <> row.props_json THEN [row.key, stored] END) WHERE x IS NOT NULL] "
            "AS differing", rows=rows)
        record = result.single()
        stats.relationships_created += result.consume().counters.relationships_created
        stats.evidence_added += record["added"] or 0
        fixes = []
        for key, stored_json in record["differing"]:
            relation = group[key]
            before = Relation(type=relation.type, source=relation.source, target=relation.target,
                              properties=json.loads(stored_json))
            merged = merge_relation(before, relation)
            merged_json = json.dumps(merged.properties, ensure_ascii=False, sort_keys=True)
            if merged_json != stored_json:
                fixes.append({"key": key, "flat": self._flat_properties(spec, merged.properties),
                              "props_json": merged_json})
        if fixes:
            tx.run(f"UNWIND $rows AS row MATCH ()-[r:{spec.name} {{key: row.key}}]->() "
                   f"SET r.props_json = row.props_json{schema_props}", rows=fixes).consume()

    @staticmethod
    def _flat_properties(spec, properties: dict) -> dict:
        """The schema properties with plain values, copied as ordinary relationship properties (others None)."""
        return {p: properties[p] if _is_plain(properties.get(p)) else None for p in spec.properties}

    def remove_article(self, article_id: str) -> None:
        self._write(self._remove_article, article_id)

    def _remove_article(self, tx, article_id: str) -> None:
        schema = get_schema()
        for rel_type, spec in schema.relationships.items():
            if not spec.has_evidence:
                continue
            for record in tx.run(f"MATCH ()-[r:{rel_type}]->() WHERE $id IN r.evidence_articles "
                                 "RETURN elementId(r) AS rid, r.evidence AS evidence", id=article_id):
                keep = [e for e in record["evidence"] if json.loads(e)["article"] != article_id]
                if keep:
                    tx.run("MATCH ()-[r]->() WHERE elementId(r) = $rid SET r.evidence = $evidence, "
                           "r.evidence_articles = $articles", rid=record["rid"], evidence=keep,
                           articles=[json.loads(e)["article"] for e in keep]).consume()
                else:
                    tx.run("MATCH ()-[r]->() WHERE elementId(r) = $rid DELETE r", rid=record["rid"]).consume()
        tx.run("MATCH (a:Article {id: $id}) DETACH DELETE a", id=article_id).consume()
        for label in schema.entity_labels:
            tx.run(f"MATCH (n:{label}) WHERE NOT (n)--() DELETE n").consume()

    def clear(self) -> None:
        labels = "|".join(get_schema().labels)
        try:
            with self._session() as session:
                session.run(f"MATCH (n:{labels}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 5000 ROWS").consume()
        except (Neo4jError, DriverError) as exc:
            raise self._failure(exc) from exc

    # ---- reads ---------------------------------------------------------------------------------------------------

    def _records(self, cypher: str, **params) -> list[Record]:
        """The records of a read query as the driver gives them (read by key; nodes are mappings of their properties)."""
        return self._read(lambda tx: list(tx.run(cypher, **params)))

    def has_article(self, article_id: str) -> bool:
        found = self._records("MATCH (a:Article {id: $id}) RETURN a.complete = true AS complete", id=article_id)
        return bool(found and found[0]["complete"])

    def article_ids_by_path(self) -> dict[str, str]:
        return {r["path"]: r["id"] for r in self._records(
            "MATCH (a:Article) WHERE a.path IS NOT NULL AND a.path <> '' RETURN a.path AS path, a.id AS id")}

    def get_article(self, article_id: str) -> Article | None:
        found = self._records("MATCH (a:Article {id: $id}) RETURN a", id=article_id)
        return _node_item("Article", found[0]["a"]) if found else None

    def articles(self) -> Iterator[Article]:
        records = self._records("MATCH (a:Article) RETURN a")
        yield from sorted((_node_item("Article", r["a"]) for r in records), key=lambda a: a.id)

    def article_openings(self, ids: Iterable[str], chars: int = OPENING_CHARS) -> dict[str, str]:
        records = self._records("MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id, left(a.text, $chars) AS opening",
                                ids=sorted(set(ids)), chars=chars)
        return {r["id"]: r["opening"] for r in records}

    def article_headers(self) -> dict[str, dict]:
        """Every article's header by id, read without the texts."""
        fields = [f for f in ARTICLE_FIELDS if f != "text"]
        records = self._records("MATCH (a:Article) RETURN a.id AS id, [f IN $fields | a[f]] AS values", fields=fields)
        headers = {}
        for record in sorted(records, key=lambda r: r["id"]):
            values = dict(zip(fields, record["values"]))
            values["path"] = values.get("path") or ""
            headers[record["id"]] = Article(id=record["id"], text="", **values).header()
        return headers

    def republished(self) -> dict[str, str]:
        records = self._records("MATCH (a:Article) WHERE a.duplicate_of IS NOT NULL AND a.duplicate_of <> '' "
                                "RETURN a.id AS id, a.duplicate_of AS original")
        return {r["id"]: r["original"] for r in records}

    def get_entity(self, entity_id: str) -> Entity | None:
        label = self._label_from_id(entity_id)
        if label is None or label == "Article":
            return None
        found = self._records(f"MATCH (n:{label} {{id: $id}}) RETURN n", id=entity_id)
        return _node_item(label, found[0]["n"]) if found else None

    def entities(self, label: str | None = None) -> Iterator[Entity]:
        labels = [get_schema().label(label).name] if label else get_schema().entity_labels
        for lab in labels:
            records = self._records(f"MATCH (n:{lab}) RETURN n")
            yield from sorted((_node_item(lab, r["n"]) for r in records), key=lambda e: e.id)

    def _name_key_hits(self, lucene_query: str, labels: Iterable[str]) -> list[tuple[Entity, int]]:
        records = self._records(
            f"CALL db.index.fulltext.queryNodes('{NAME_KEYS_INDEX}', $q) YIELD node "
            "WHERE any(l IN labels(node) WHERE l IN $labels) "
            "RETURN node, labels(node) AS labels, COUNT { (node)--() } AS degree",
            q=lucene_query, labels=list(labels))
        return [(_node_item(_schema_label(r["labels"]), r["node"]), r["degree"]) for r in records]

    def find_by_name(self, name: str, label: str | None = None) -> list[Entity]:
        key = name_key(name)
        if not key:
            return []
        labels = [get_schema().label(label).name] if label else get_schema().entity_labels
        hits = self._name_key_hits(_lucene_escape(key), labels)
        return sorted((e for e, _ in hits if key in {name_key(n) for n in e.names()}), key=lambda e: e.id)

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int = 20) -> list[tuple[Entity, float]]:
        query = name_key(text)
        if not query:
            return []
        schema = get_schema()
        wanted = [lab for lab in (labels or schema.entity_labels) if lab in schema.entity_labels]
        if not wanted:
            return []
        pattern = f"*{_lucene_escape(query)}*" if len(query) >= 3 else _lucene_escape(query)
        scored = []
        degrees = {}
        for entity, degree in self._name_key_hits(pattern, wanted):
            score = max(substring_score(query, name_key(n)) for n in entity.names())
            if score > 0:
                scored.append((entity, score))
                degrees[entity.id] = degree
        if not scored:
            for lab in wanted:
                for record in self._records(f"MATCH (n:{lab}) RETURN n, COUNT {{ (n)--() }} AS degree"):
                    entity = _node_item(lab, record["n"])
                    score = max(fuzz.ratio(query, name_key(n)) for n in entity.names()) / 100 * 0.5
                    if score >= 0.35:
                        scored.append((entity, score))
                        degrees[entity.id] = record["degree"]
        scored.sort(key=lambda es: (-es[1], -degrees[es[0].id], es[0].name, es[0].id))
        return scored[:limit]

    def relations(self, rel_type: str | None = None, source: str | None = None,
                  target: str | None = None) -> Iterator[Relation]:
        """One Cypher query over every wanted type, anchored on the indexed endpoint when one is given."""
        schema = get_schema()
        types = [schema.relationship(rel_type).name] if rel_type else list(schema.relationships)
        order = {t: i for i, t in enumerate(schema.relationships)}
        params = {}
        source_pattern, target_pattern, hint = "(s)", "(t)", ""
        for end, value in (("t", target), ("s", source)):
            if value is None:
                continue
            label = self._label_from_id(value)
            if label is None:
                return
            pattern = f"({end}:{label} {{id: ${end}}})"
            params[end] = value
            hint = f"USING INDEX {end}:{label}(id) "
            if end == "s":
                source_pattern = pattern
            else:
                target_pattern = pattern
        found = [_relation_from(r["type"], r["s"], r["t"], r["props"], r["evidence"]) for r in self._records(
            f"MATCH {source_pattern}-[r:{'|'.join(types)}]->{target_pattern} {hint}"
            "RETURN type(r) AS type, s.id AS s, t.id AS t, r.props_json AS props, r.evidence AS evidence", **params)]
        if source is not None or target is not None:
            found.sort(key=lambda r: r.key_string)
        else:
            found.sort(key=lambda r: (order[r.type], r.key_string))
        yield from found

    def relations_for(self, rel_type: str | None = None, sources: Iterable[str] | None = None,
                      targets: Iterable[str] | None = None) -> list[Relation]:
        """One Cypher query: the endpoint ids grouped by label, each group matched through its id index."""
        schema = get_schema()
        if sources is None and targets is None:
            return sorted(self.relations(rel_type), key=lambda r: r.key_string)
        types = [schema.relationship(rel_type).name] if rel_type else list(schema.relationships)
        found = [_relation_from(r["type"], r["s"], r["t"], r["props"], r["evidence"]) for r in self._anchored(
            types, sources, targets, "r.evidence AS evidence")]
        return sorted(found, key=lambda r: r.key_string)

    def facts(self, rel_types: Iterable[str], sources: Iterable[str] | None = None,
              targets: Iterable[str] | None = None) -> tuple[list[Fact], dict[str, Entity]]:
        """One Cypher query, as `relations_for`, reading each relationship's `evidence_articles` instead of its
        evidence, with the entity nodes at its ends."""
        schema = get_schema()
        types = list(dict.fromkeys(schema.relationship(t).name for t in rel_types))
        found, ends = [], {}
        for r in self._anchored(types, sources, targets,
                                "r.key AS key, r.evidence_articles AS articles, "
                                "CASE WHEN s:Article THEN null ELSE s END AS source, labels(s) AS source_labels, "
                                "CASE WHEN t:Article THEN null ELSE t END AS target, labels(t) AS target_labels"):
            found.append(Fact(r["key"], r["type"], r["s"], r["t"], json.loads(r["props"] or "{}"),
                              list(dict.fromkeys(r["articles"] or []))))
            for end in ("source", "target"):
                if r[end] is not None and r[end]["id"] not in ends:
                    ends[r[end]["id"]] = _node_item(_schema_label(r[f"{end}_labels"]), r[end])
        return sorted(found, key=lambda f: f.key_string), ends

    def _anchored(self, types: list[str], sources: Iterable[str] | None, targets: Iterable[str] | None,
                  columns: str) -> list[Record]:
        """The relationships of these types from one of `sources` to one of `targets` (either may be None for any),
        matched from the sources' id indexes (else the targets'; all of the types when neither is given): records of
        type, s, t, props and `columns`."""
        returns = f"RETURN type(r) AS type, s.id AS s, t.id AS t, r.props_json AS props, {columns}"
        if sources is None and targets is None:
            return self._records(f"MATCH (s)-[r:{'|'.join(types)}]->(t) {returns}")
        wanted_sources = set(sources) if sources is not None else None
        wanted_targets = set(targets) if targets is not None else None
        anchor, end = (wanted_sources, "s") if wanted_sources is not None else (wanted_targets, "t")
        pattern = f"(s{{}})-[r:{'|'.join(types)}]->(t)" if end == "s" else f"(s)-[r:{'|'.join(types)}]->(t{{}})"
        groups = self._ids_by_label(anchor)
        if not groups:
            return []
        branches = [f"UNWIND $ids[{i}] AS id MATCH {pattern.format(f':{label} {{id: id}}')} "
                    f"USING INDEX {end}:{label}(id) {returns}"
                    for i, label in enumerate(groups)]
        records = self._records("CALL () { " + " UNION ALL ".join(branches) + " } RETURN *", ids=list(groups.values()))
        return [r for r in records if (wanted_sources is None or r["s"] in wanted_sources)
                and (wanted_targets is None or r["t"] in wanted_targets)]

    def _ids_by_label(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Ids grouped by the schema label their prefix names (unknown prefixes dropped), in label order."""
        groups: dict[str, list[str]] = {}
        for node_id in sorted(set(ids)):
            label = self._label_from_id(node_id)
            if label is not None:
                groups.setdefault(label, []).append(node_id)
        return groups

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        """One Cypher query: the ids grouped by label, each group matched through its id index."""
        groups = {label: group for label, group in self._ids_by_label(ids).items() if label != "Article"}
        if not groups:
            return {}
        branches = [f"UNWIND $ids[{i}] AS id MATCH (n:{label} {{id: id}}) RETURN n, '{label}' AS label"
                    for i, label in enumerate(groups)]
        records = self._records("CALL () { " + " UNION ALL ".join(branches) + " } RETURN n, label",
                                ids=list(groups.values()))
        return {r["n"]["id"]: _node_item(r["label"], r["n"]) for r in records}

    def neighbours(self, node_id: str, rel_types: Iterable[str] | None = None,
                   direction: str = "both", limit: int | None = None) -> list[Neighbour]:
        """One Cypher query for both directions; only relationship types of the schema are followed."""
        label = self._label_from_id(node_id)
        if label is None:
            return []
        schema = get_schema()
        types = "|".join(schema.relationship(t).name for t in rel_types) if rel_types else "|".join(
            schema.relationships)
        branches = []
        if direction in ("out", "both"):
            branches.append(f"MATCH (n)-[r:{types}]->(m) RETURN r, m, 'out' AS way")
        if direction in ("in", "both"):
            branches.append(f"MATCH (n)<-[r:{types}]-(m) RETURN r, m, 'in' AS way")
        found = []
        for r in self._records(
                f"MATCH (n:{label} {{id: $id}}) CALL (n) {{ {' UNION ALL '.join(branches)} }} "
                "RETURN type(r) AS type, startNode(r).id AS s, endNode(r).id AS t, r.props_json AS props, "
                "r.evidence AS evidence, m, labels(m) AS labels, way", id=node_id):
            relation = _relation_from(r["type"], r["s"], r["t"], r["props"], r["evidence"])
            found.append(Neighbour(relation, _node_item(_schema_label(r["labels"]), r["m"]), r["way"]))
        found.sort(key=lambda n: (n.relation.type, n.node.id, n.relation.key_string))
        return found[:limit] if limit is not None else found

    def neighbours_many(self, node_ids: Iterable[str],
                        rel_types: Iterable[str] | None = None) -> dict[str, list[Neighbour]]:
        """One Cypher query for all the nodes: ids grouped by label, both directions, schema types only."""
        node_ids = list(dict.fromkeys(node_ids))
        found: dict[str, list[Neighbour]] = {node_id: [] for node_id in node_ids}
        groups = self._ids_by_label(node_ids)
        if not groups:
            return found
        schema = get_schema()
        types = "|".join(schema.relationship(t).name for t in rel_types) if rel_types else "|".join(
            schema.relationships)
        branches = [f"UNWIND $ids[{i}] AS id MATCH (n:{label} {{id: id}}) RETURN n" for i, label in enumerate(groups)]
        records = self._records(
            "CALL () { " + " UNION ALL ".join(branches) + " } "
            f"CALL (n) {{ MATCH (n)-[r:{types}]->(m) RETURN r, m, 'out' AS way "
            f"UNION ALL MATCH (n)<-[r:{types}]-(m) RETURN r, m, 'in' AS way }} "
            "RETURN n.id AS id, type(r) AS type, startNode(r).id AS s, endNode(r).id AS t, r.props_json AS props, "
            "r.evidence AS evidence, m, labels(m) AS labels, way", ids=list(groups.values()))
        for r in records:
            relation = _relation_from(r["type"], r["s"], r["t"], r["props"], r["evidence"])
            found[r["id"]].append(Neighbour(relation, _node_item(_schema_label(r["labels"]), r["m"]), r["way"]))
        for hops in found.values():
            hops.sort(key=lambda n: (n.relation.type, n.node.id, n.relation.key_string))
        return found

    def neighbourhood_hops(self, node_ids: Iterable[str], rel_types: Iterable[str] | None = None,
                           with_dates: bool = False) -> list[dict]:
        """The hops of `neighbours_many` without their evidence or node properties, for ranking a neighbourhood: per
        relationship the frontier id, key, type, the other end's id, label and name, the evidence count (at least 1),
        and with `with_dates` the `date` property and the articles the fact is read from. One Cypher query."""
        groups = self._ids_by_label(node_ids)
        if not groups:
            return []
        schema = get_schema()
        types = "|".join(schema.relationship(t).name for t in rel_types) if rel_types else "|".join(
            schema.relationships)
        branches = [f"UNWIND $ids[{i}] AS id MATCH (n:{label} {{id: id}}) RETURN n" for i, label in enumerate(groups)]
        dates = ("r.date, CASE type(r) WHEN 'MENTIONED_IN' THEN [endNode(r).id] "
                 "WHEN 'PUBLISHED_BY' THEN [startNode(r).id] ELSE coalesce(r.evidence_articles, []) END"
                 if with_dates else "null, []")
        records = self._records(
            "CALL () { " + " UNION ALL ".join(branches) + " } "
            f"CALL (n) {{ MATCH (n)-[r:{types}]->(m) RETURN r, m UNION ALL MATCH (n)<-[r:{types}]-(m) RETURN r, m }} "
            "RETURN n.id AS frontier, collect([r.key, type(r), m.id, labels(m), "
            "coalesce(m.name, CASE WHEN coalesce(m.title, '') = '' THEN m.id ELSE m.title END), "
            f"size(coalesce(r.evidence_articles, [])), {dates}]) AS hops", ids=list(groups.values()))
        return [{"frontier": record["frontier"], "key": key, "type": rel_type, "other": other,
                 "label": _schema_label(labels), "name": name, "weight": max(1, weight), "date": date,
                 "articles": list(dict.fromkeys(articles))}
                for record in records
                for key, rel_type, other, labels, name, weight, date, articles in record["hops"]]

    def neighbourhood_step(self, frontier: list[str], rel_types: Iterable[str] | None, labels: Iterable[str],
                           known: Iterable[str], room: int | None) -> tuple[list[dict], list[dict]]:
        """One hop of a capped neighbourhood ranked in Cypher, as the embedded store's `neighbourhood_step` ranks it:
        the candidates in order, and only the hops that reach a known node or one of the first `room` candidates
        come back (one query; the hops of a hub's frontier stay in the server)."""
        groups = self._ids_by_label(frontier)
        if not groups:
            return [], []
        schema = get_schema()
        types = "|".join(schema.relationship(t).name for t in rel_types) if rel_types else "|".join(
            schema.relationships)
        branches = [f"UNWIND $ids[{i}] AS id MATCH (n:{label} {{id: id}}) RETURN n" for i, label in enumerate(groups)]
        weight = "CASE WHEN size(coalesce(r.evidence_articles, [])) > 1 THEN size(r.evidence_articles) ELSE 1 END"
        records = self._records(
            "CALL () { " + " UNION ALL ".join(branches) + " } "
            f"CALL (n) {{ MATCH (n)-[r:{types}]->(m) RETURN r, m UNION ALL MATCH (n)<-[r:{types}]-(m) RETURN r, m }} "
            "WITH n, r, m, [l IN labels(m) WHERE l IN $schema_labels][0] AS label WHERE label IN $labels "
            f"WITH n, r, m, label, {weight} AS w "
            "WITH m, label, collect([n.id, r.key, type(r), w]) AS hops, sum(w) AS weight "
            "WITH m.id AS other, label, coalesce(m.name, CASE WHEN coalesce(m.title, '') = '' THEN m.id "
            "ELSE m.title END) AS name, weight, hops, m.id IN $known AS known "
            "ORDER BY weight DESC, label, name, other "
            "WITH collect([other, label, name, weight, hops, known]) AS found "
            "WITH [c IN found WHERE NOT c[5]] AS ranked, [c IN found WHERE c[5]] AS reached "
            "RETURN [c IN ranked | c[0..4]] AS ranked, "
            "reached + CASE WHEN $room IS NULL THEN ranked ELSE ranked[..$room] END AS reached",
            ids=list(groups.values()), schema_labels=list(schema.labels), labels=sorted(set(labels)),
            known=list(dict.fromkeys(known)), room=room)
        if not records:
            return [], []
        ranked = [dict(zip(("other", "label", "name", "weight"), row)) for row in records[0]["ranked"]]
        edges = [{"frontier": near, "key": key, "type": rel_type, "other": other, "label": label, "name": name,
                  "weight": hop_weight}
                 for other, label, name, _, hops, _ in records[0]["reached"]
                 for near, key, rel_type, hop_weight in hops]
        return ranked, edges

    def relations_by_key(self, keys: dict[str, list[str]]) -> dict[str, Relation]:
        """Relationships by type and key (`Relation.key_string`), each found through its type's key constraint index."""
        return {r["key"]: _relation_from(r["type"], r["s"], r["t"], r["props"], r["read"])
                for r in self._records_by_key(keys, "r.evidence")}

    def facts_by_key(self, keys: dict[str, list[str]]) -> dict[str, Fact]:
        """As `relations_by_key`, read with their `evidence_articles` and not their evidence."""
        return {r["key"]: Fact(r["key"], r["type"], r["s"], r["t"], json.loads(r["props"] or "{}"),
                               list(dict.fromkeys(r["read"] or [])))
                for r in self._records_by_key(keys, "r.evidence_articles")}

    def _records_by_key(self, keys: dict[str, list[str]], read: str) -> list[Record]:
        """Records of key, type, s, t, props and `read` (a Cypher expression of `r`) of the relationships with these
        keys, grouped by type, each sought through its type's key constraint index."""
        schema = get_schema()
        groups = [(schema.relationship(rel_type).name, list(group)) for rel_type, group in keys.items() if group]
        if not groups:
            return []
        branches = [f"UNWIND $keys[{i}] AS k MATCH (s)-[r:{rel_type} {{key: k}}]->(t) "
                    f"RETURN r.key AS key, type(r) AS type, s.id AS s, t.id AS t, r.props_json AS props, {read} AS read"
                    for i, (rel_type, _) in enumerate(groups)]
        return self._records("CALL () { " + " UNION ALL ".join(branches) + " } RETURN key, type, s, t, props, read",
                             keys=[group for _, group in groups])

    def mention_ends(self, node_id: str) -> list[str]:
        label = self._label_from_id(node_id)
        if label is None:
            return []
        if label == "Article":
            pattern = "(other)-[:MENTIONED_IN]->(:Article {id: $id})"
        else:
            pattern = f"(:{get_schema().label(label).name} {{id: $id}})-[:MENTIONED_IN]->(other:Article)"
        # one record holding the list: a hub's thousands of rows cost the driver far more as records
        return sorted(self._records(f"MATCH {pattern} RETURN collect(other.id) AS ids", id=node_id)[0]["ids"])

    def relation_counts(self, rel_type: str) -> dict[str, int]:
        """Counted in Cypher from the targets' degrees, without reading the relationships' properties; kept until
        the store's version() changes (a cheap count-store read)."""
        spec = get_schema().relationship(rel_type)
        token = self.version()
        cached = self._relation_counts.get(spec.name)
        if cached is not None and cached[0] == token:
            return dict(cached[1])
        found = {}
        for label in spec.targets:
            found |= {r["id"]: r["c"] for r in self._records(
                f"MATCH (t:{get_schema().label(label).name}) WITH t, COUNT {{ ()-[:{spec.name}]->(t) }} AS c "
                "WHERE c > 0 RETURN t.id AS id, c")}
        self._relation_counts[spec.name] = (token, found)
        return dict(found)

    def counts(self) -> Counts:
        """All counts in one Cypher query (each a count-store lookup)."""
        schema = get_schema()
        parts = [f"CALL () {{ MATCH (n:{label}) RETURN count(n) AS n{i} }}" for i, label in enumerate(schema.labels)]
        parts += [f"CALL () {{ MATCH ()-[r:{t}]->() RETURN count(r) AS r{i} }}"
                  for i, t in enumerate(schema.relationships)]
        columns = [f"n{i}" for i in range(len(schema.labels))] + [f"r{i}" for i in range(len(schema.relationships))]
        row = self._records(" ".join(parts) + " RETURN " + ", ".join(columns))[0]
        nodes = {label: row[f"n{i}"] for i, label in enumerate(schema.labels)}
        rels = {t: row[f"r{i}"] for i, t in enumerate(schema.relationships)}
        return Counts(nodes={k: v for k, v in nodes.items() if v}, relationships={k: v for k, v in rels.items() if v})

    def position_spans(self, organizations: Iterable[str], dates: Mapping[str, str | None]) -> list[PositionSpan]:
        """One Cypher query through the organisation id index, answered in one record: per fact its evidence's
        articles, dated from `dates` (looking up each article's node cost more than all the rest), and only the
        evidence strings that may be tenure cues (found by their extractor's text), decoded."""
        marks = [json.dumps({"extractor": cue}, ensure_ascii=False)[1:-1] for cue in TENURE_CUES]
        records = self._records(
            f"UNWIND $organizations AS organization MATCH (s)-[r:{POSITION}]->(o:Organization {{id: organization}}) "
            "RETURN collect([r.key, s.id, o.id, coalesce(r.role, ''), coalesce(r.evidence_articles, []), "
            "[i IN range(0, size(coalesce(r.evidence, [])) - 1) "
            "WHERE any(mark IN $marks WHERE r.evidence[i] CONTAINS mark) | [i, r.evidence[i]]]]) AS facts",
            organizations=sorted(set(organizations)), marks=marks)
        spans = []
        for key, source, target, role, articles, marked in records[0]["facts"]:
            whens = list(map(dates.get, articles))
            seen = list(filter(None, whens))
            first, last = (min(seen), max(seen)) if seen else (None, None)
            cues = {}
            for index, cue_json in marked:
                evidence = Evidence.from_dict(json.loads(cue_json))
                if evidence.extractor in TENURE_CUES:
                    cues[index] = evidence
            if not cues:
                spans.append(PositionSpan(key, source, target, role, first, last, first, last, False, ()))
                continue
            held = [when for index, when in enumerate(whens) if when and index not in cues]
            spans.append(PositionSpan(key, source, target, role, first, last, min(held, default=None),
                                      max(held, default=None),
                                      any(evidence.extractor == "tenure-acting" for evidence in cues.values()),
                                      tuple((evidence, whens[index]) for index, evidence in cues.items())))
        return sorted(spans, key=lambda span: span.key)

    def constraint_names(self) -> set[str]:
        """Names of the constraints the database has (to check the schema was applied)."""
        return {r["name"] for r in self._records("SHOW CONSTRAINTS YIELD name RETURN name")}

    # ---- the app's Cypher console ----------------------------------------------------------------------------------

    def run_read_only(self, cypher: str, params: dict | None = None, timeout: float = 10,
                      limit: int = 1000) -> tuple[list[str], list[dict]]:
        """Run user-typed Cypher only if its plan is made of read operators and allowed read procedures
        (graph/console_policy.yaml); return column names and at most `limit` plain rows.

        The query runs once, in an explicit read transaction with a server-side timeout: the driver never retries it,
        so `timeout` bounds the whole call. A refusal or failure raises StoreError saying why.
        """
        params = params or {}
        try:
            with self._session(read=True) as session:
                summary = session.run(Query("EXPLAIN " + cypher, timeout=timeout), params).consume()
                refusal = console_refusal(summary.query_type, summary.plan)
                if refusal:
                    raise StoreError(f"only read-only Cypher may run here; {refusal}")
                with session.begin_transaction(timeout=timeout) as tx:
                    result = tx.run(cypher, params)
                    keys = list(result.keys())
                    rows = []
                    for record in result:
                        if len(rows) >= limit:
                            break
                        rows.append({k: plain_value(record[k]) for k in keys})
                    return keys, rows
        except ClientError as exc:
            raise StoreError(f"Neo4j at {self.uri} rejected the query: {exc.message}") from None
        except TransientError as exc:
            raise StoreError(f"Neo4j at {self.uri} stopped the query: {exc.message}") from None
        except (Neo4jError, DriverError) as exc:
            raise self._failure(exc) from exc
