"""The embedded default store: a networkx MultiDiGraph in memory with name, type and trigram indexes, saved atomically to a data directory."""
from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
from filelock import FileLock, Timeout
from rapidfuzz import fuzz

from graph.model import Article, ArticleGraph, Entity, Relation, merge_entity, merge_evidence
from graph.schema import get_schema
from graph.store import Counts, GraphStore, Neighbour, StoreError, WriteStats
from graph.text import name_key, substring_score, trigrams

GRAPH_FILE = "graph.json"
LOCK_FILE = ".write.lock"
FORMAT_VERSION = 1


class EmbeddedStore(GraphStore):
    """A GraphStore kept in memory and persisted as one JSON file under a data directory.

    Only a writable store takes the directory's lock, so two builds never write at once; readers load the last
    saved graph, which a save replaces atomically (old or new, never half).
    """

    name = "embedded"

    def __init__(self, directory: str | os.PathLike, writable: bool = False) -> None:
        self.directory = Path(directory)
        self.writable = writable
        self._lock: FileLock | None = None
        if writable:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(str(self.directory / LOCK_FILE))
            try:
                self._lock.acquire(timeout=0)
            except Timeout:
                raise StoreError(
                    f"another process is writing to the data directory {self.directory} "
                    f"(lock {self.directory / LOCK_FILE}); wait for it to finish and try again"
                ) from None
        self._generation = 0
        self._reset()
        self._loaded_version: tuple | None = None
        self._load()

    def _reset(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._by_label: dict[str, set[str]] = defaultdict(set)
        self._by_name_key: dict[str, set[str]] = defaultdict(set)
        self._by_trigram: dict[str, set[str]] = defaultdict(set)
        self._rel_by_key: dict[str, tuple[str, str]] = {}
        self._rels_by_type: dict[str, set[str]] = defaultdict(set)
        self._rels_by_article: dict[str, set[str]] = defaultdict(set)
        self._article_by_path: dict[str, str] = {}
        self._relation_counts: dict[str, tuple[int, dict[str, int]]] = {}
        self._dirty = False
        self._generation += 1

    # ---- persistence -------------------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.directory / GRAPH_FILE

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read the graph file {self.path}: {exc}") from exc
        if data.get("format") != FORMAT_VERSION:
            raise StoreError(f"{self.path} has format {data.get('format')!r}; this version reads {FORMAT_VERSION}")
        for item in data["articles"]:
            self._put_article(Article.from_dict(item))
        for item in data["entities"]:
            self._put_entity(Entity.from_dict(item))
        for item in data["relations"]:
            self._put_relation(Relation.from_dict(item))
        self._loaded_version = _file_version(self.path)
        self._dirty = False

    def reload_if_changed(self) -> bool:
        """Re-read the saved graph when another process has replaced it; True when it did."""
        if self.writable or not self.path.exists():
            return False
        if _file_version(self.path) == self._loaded_version:
            return False
        self._reset()
        self._load()
        return True

    def flush(self) -> None:
        """Save atomically: write a temporary file beside the graph, sync it, then rename it over the old one."""
        if not self.writable:
            raise StoreError(f"the store at {self.directory} was opened read-only")
        if not self._dirty and self.path.exists():
            return
        data = {
            "format": FORMAT_VERSION,
            "articles": [a.to_dict() for a in self.articles()],
            "entities": [e.to_dict(with_mentions=False) for e in self.entities()],
            "relations": [r.to_dict() for r in self.relations()],
        }
        fd, tmp = tempfile.mkstemp(prefix=".graph.", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._dirty = False

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # ---- internal puts (idempotent merges) -----------------------------------------------------------------------

    def _index_names(self, entity: Entity) -> None:
        for n in entity.names():
            key = name_key(n)
            if not key:
                continue
            self._by_name_key[key].add(entity.id)
            for tri in trigrams(key):
                self._by_trigram[tri].add(entity.id)

    def _put_article(self, article: Article) -> bool:
        created = article.id not in self.graph
        self.graph.add_node(article.id, label="Article", item=article)
        self._by_label["Article"].add(article.id)
        if article.path:
            self._article_by_path[article.path] = article.id
        return created

    def _put_entity(self, entity: Entity) -> bool:
        existing = self.graph.nodes[entity.id]["item"] if entity.id in self.graph else None
        entity = merge_entity(existing, entity)
        self.graph.add_node(entity.id, label=entity.type, item=entity)
        self._by_label[entity.type].add(entity.id)
        self._index_names(entity)
        return existing is None

    def _node_label(self, node_id: str) -> str | None:
        return self.graph.nodes[node_id]["label"] if node_id in self.graph else None

    def _put_relation(self, relation: Relation) -> tuple[bool, int]:
        schema = get_schema()
        src_label, dst_label = self._node_label(relation.source), self._node_label(relation.target)
        if src_label is None or dst_label is None:
            missing = relation.source if src_label is None else relation.target
            raise StoreError(f"{relation.type} refers to {missing}, which is not in the store")
        schema.check_relation(relation.type, src_label, dst_label)
        key = relation.key_string
        if key in self._rel_by_key:
            current: Relation = self.graph.edges[relation.source, relation.target, key]["item"]
            before = len(current.evidence)
            current.evidence = merge_evidence(current.evidence, relation.evidence)
            for prop, value in relation.properties.items():
                if prop not in current.properties or current.properties[prop] in (None, ""):
                    current.properties[prop] = value
            for article in relation.articles():
                self._rels_by_article[article].add(key)
            return False, len(current.evidence) - before
        stored = Relation(type=relation.type, source=relation.source, target=relation.target,
                          properties=dict(relation.properties), evidence=list(relation.evidence))
        self.graph.add_edge(relation.source, relation.target, key=key, item=stored)
        self._rel_by_key[key] = (relation.source, relation.target)
        self._rels_by_type[relation.type].add(key)
        for article in stored.articles():
            self._rels_by_article[article].add(key)
        if relation.type == "MENTIONED_IN":
            self._rels_by_article[relation.target].add(key)
        if relation.type == "PUBLISHED_BY":
            self._rels_by_article[relation.source].add(key)
        return True, len(stored.evidence)

    def _drop_relation(self, key: str) -> None:
        source, target = self._rel_by_key.pop(key)
        relation: Relation = self.graph.edges[source, target, key]["item"]
        self.graph.remove_edge(source, target, key=key)
        self._rels_by_type[relation.type].discard(key)

    # ---- writes --------------------------------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.directory} was opened read-only")

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
        self._require_writable()
        self._validate(doc)
        stats = WriteStats()
        stats.nodes_created += self._put_article(doc.article)
        for entity in doc.entities:
            stats.nodes_created += self._put_entity(entity)
        for relation in doc.relations:
            created, added = self._put_relation(relation)
            stats.relationships_created += created
            stats.evidence_added += added
        self._dirty = True
        self._generation += 1
        return stats

    def remove_article(self, article_id: str) -> None:
        self._require_writable()
        for key in sorted(self._rels_by_article.pop(article_id, set())):
            if key not in self._rel_by_key:
                continue
            source, target = self._rel_by_key[key]
            relation: Relation = self.graph.edges[source, target, key]["item"]
            if article_id in (relation.source, relation.target) or not relation.evidence:
                self._drop_relation(key)
                continue
            relation.evidence = [e for e in relation.evidence if e.article != article_id]
            if not relation.evidence:
                self._drop_relation(key)
        if article_id in self.graph:
            article = self.graph.nodes[article_id]["item"]
            self._article_by_path.pop(article.path, None)
            self.graph.remove_node(article_id)
            self._by_label["Article"].discard(article_id)
        self._drop_orphan_entities()
        self._dirty = True
        self._generation += 1

    def _drop_orphan_entities(self) -> None:
        """Entities no relation touches any more were only read from removed articles: they go too."""
        for label in get_schema().entity_labels:
            for entity_id in [i for i in self._by_label[label] if self.graph.degree(i) == 0]:
                entity = self.graph.nodes[entity_id]["item"]
                self.graph.remove_node(entity_id)
                self._by_label[label].discard(entity_id)
                for n in entity.names():
                    key = name_key(n)
                    self._by_name_key[key].discard(entity_id)
                    for tri in trigrams(key):
                        self._by_trigram[tri].discard(entity_id)

    def clear(self) -> None:
        self._require_writable()
        self._reset()
        self._dirty = True

    # ---- reads ---------------------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return article_id in self._by_label["Article"]

    def article_ids_by_path(self) -> dict[str, str]:
        return dict(self._article_by_path)

    def get_article(self, article_id: str) -> Article | None:
        if article_id not in self._by_label["Article"]:
            return None
        return self.graph.nodes[article_id]["item"]

    def articles(self) -> Iterator[Article]:
        for article_id in sorted(self._by_label["Article"]):
            yield self.graph.nodes[article_id]["item"]

    def get_entity(self, entity_id: str) -> Entity | None:
        if entity_id not in self.graph or self.graph.nodes[entity_id]["label"] == "Article":
            return None
        return self.graph.nodes[entity_id]["item"]

    def entities(self, label: str | None = None) -> Iterator[Entity]:
        labels = [get_schema().label(label).name] if label else get_schema().entity_labels
        for lab in labels:
            for entity_id in sorted(self._by_label[lab]):
                yield self.graph.nodes[entity_id]["item"]

    def find_by_name(self, name: str, label: str | None = None) -> list[Entity]:
        found = [self.graph.nodes[i]["item"] for i in sorted(self._by_name_key.get(name_key(name), ()))]
        return [e for e in found if label is None or e.type == label]

    def search(self, text: str, labels: Iterable[str] | None = None, limit: int = 20) -> list[tuple[Entity, float]]:
        query = name_key(text)
        if not query:
            return []
        wanted = set(labels) if labels else set(get_schema().entity_labels)
        grams = trigrams(query)
        candidate_sets = [self._by_trigram.get(g, set()) for g in grams]
        candidates = set.intersection(*candidate_sets) if candidate_sets and all(candidate_sets) else set()
        scored = []
        for entity_id in candidates:
            entity = self.graph.nodes[entity_id]["item"]
            if entity.type in wanted:
                score = max(substring_score(query, name_key(n)) for n in entity.names())
                if score > 0:
                    scored.append((entity, score))
        if not scored:
            for label in wanted:
                for entity_id in self._by_label[label]:
                    entity = self.graph.nodes[entity_id]["item"]
                    score = max(fuzz.ratio(query, name_key(n)) for n in entity.names()) / 100 * 0.5
                    if score >= 0.35:
                        scored.append((entity, score))
        scored.sort(key=lambda es: (-es[1], -self.graph.degree(es[0].id), es[0].name, es[0].id))
        return scored[:limit]

    def relations(self, rel_type: str | None = None, source: str | None = None,
                  target: str | None = None) -> Iterator[Relation]:
        if source is not None or target is not None:
            anchor = source if source is not None else target
            if anchor not in self.graph:
                return
            edges = (self.graph.out_edges(anchor, keys=True, data="item") if source is not None
                     else self.graph.in_edges(anchor, keys=True, data="item"))
            found = sorted((e[3] for e in edges), key=lambda r: r.key_string)
            for relation in found:
                if ((rel_type is None or relation.type == rel_type)
                        and (target is None or relation.target == target)):
                    yield relation
            return
        types = [get_schema().relationship(rel_type).name] if rel_type else list(get_schema().relationships)
        for typ in types:
            for key in sorted(self._rels_by_type[typ]):
                source_id, target_id = self._rel_by_key[key]
                yield self.graph.edges[source_id, target_id, key]["item"]

    def neighbours(self, node_id: str, rel_types: Iterable[str] | None = None,
                   direction: str = "both", limit: int | None = None) -> list[Neighbour]:
        if node_id not in self.graph:
            return []
        wanted = set(rel_types) if rel_types else None
        found = []
        if direction in ("out", "both"):
            for _, other, _, relation in self.graph.out_edges(node_id, keys=True, data="item"):
                if wanted is None or relation.type in wanted:
                    found.append(Neighbour(relation, self.graph.nodes[other]["item"], "out"))
        if direction in ("in", "both"):
            for other, _, _, relation in self.graph.in_edges(node_id, keys=True, data="item"):
                if wanted is None or relation.type in wanted:
                    found.append(Neighbour(relation, self.graph.nodes[other]["item"], "in"))
        found.sort(key=lambda n: (n.relation.type, n.node.id, n.relation.key_string))
        return found[:limit] if limit is not None else found

    def relation_counts(self, rel_type: str) -> dict[str, int]:
        """Relations of a type per target, read from the key index (no relation objects touched), kept until a change."""
        cached = self._relation_counts.get(rel_type)
        if cached is not None and cached[0] == self._generation:
            return dict(cached[1])
        found: dict[str, int] = defaultdict(int)
        for key in self._rels_by_type[get_schema().relationship(rel_type).name]:
            found[self._rel_by_key[key][1]] += 1
        self._relation_counts[rel_type] = (self._generation, dict(found))
        return dict(found)

    def version(self) -> tuple:
        """The saved file read last and the number of changes since: cheap, and changes with every write or reload."""
        return self._loaded_version, self._generation

    def counts(self) -> Counts:
        nodes = {label: len(self._by_label[label]) for label in get_schema().labels if self._by_label[label]}
        rels = {t: len(self._rels_by_type[t]) for t in get_schema().relationships if self._rels_by_type[t]}
        return Counts(nodes=nodes, relationships=rels)


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _file_version(path: Path) -> tuple:
    """What changes whenever a save replaces the file: a rename gives a new inode."""
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, info.st_size
