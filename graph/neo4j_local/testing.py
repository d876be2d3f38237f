"""Helpers for tests and benchmarks of the Neo4j store: a throwaway local server and a deterministic synthetic graph."""
from __future__ import annotations

import random
from pathlib import Path

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation, Mention, article_id, make_id
from graph.neo4j_local.server import LocalServer, free_port, start

FIRST_NAMES = ["محمد", "علی", "حسین", "رضا", "مهدی", "زهرا", "فاطمه", "مریم", "سعید", "حمید", "نرگس", "امیر"]
LAST_NAMES = ["صدر", "هاشمی", "کریمی", "رحیمی", "موسوی", "احمدی", "نوذری", "جعفری", "قاسمی", "یزدانی"]
PROVINCES = ["تهران", "قزوین", "لرستان", "فارس", "گیلان", "خراسان رضوی", "اصفهان", "کرمان", "یزد", "همدان"]
ROLES = ["وزیر", "رئیس", "مدیرکل", "معاون وزیر", "استاندار"]


def start_test_server(directory: Path, auth: bool = False) -> LocalServer:
    """Start the pinned Neo4j on a free 127.0.0.1 port with its data under `directory`; raises LocalNeo4jError if it cannot.

    The JVM also stops by itself when this process exits (its stdin pipe closes).
    """
    return start(Path(directory) / "data", port=free_port(), auth=auth)


def synthetic_docs(articles: int, people: int = 600, organisations: int = 300, projects: int = 150,
                   facts_per_article: int = 6, seed: int = 7) -> list[ArticleGraph]:
    """A deterministic graph of `articles` article graphs; facts repeat across articles, so evidence accumulates."""
    rng = random.Random(seed)
    person_names = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}" for i in range(people)]
    org_names = [f"سازمان نمونه {i}" for i in range(organisations)]
    project_names = [f"سامانه نمونه {i}" for i in range(projects)]
    kinds = {"Person": person_names, "Organization": org_names, "Project": project_names, "Province": PROVINCES}
    rules = [("HOLDS_POSITION", "Person", "Organization"), ("VISITED", "Person", "Province"),
             ("RESPONSIBLE_FOR", "Organization", "Project"), ("PARTICIPATES_IN", "Organization", "Project"),
             ("LOCATED_IN", "Organization", "Province"), ("MET_WITH", "Person", "Person")]
    docs = []
    for number in range(articles):
        sentences, facts = [], []
        for _ in range(facts_per_article):
            rel_type, src_label, dst_label = rng.choice(rules)
            src, dst = rng.choice(kinds[src_label]), rng.choice(kinds[dst_label])
            if src == dst:
                continue
            facts.append((rel_type, src_label, src, dst_label, dst))
            sentences.append(f"{src} و {dst} در خبر شماره {number}.")
        text = " ".join(sentences)
        art = Article(id=article_id(text + str(number)), text=text, path=f"synthetic/{number:05d}.txt",
                      date=f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}", source="ایرنا")
        entities: dict[str, Entity] = {}
        relations = []
        offset = 0
        for sentence, (rel_type, src_label, src, dst_label, dst) in zip(sentences, facts):
            ids = []
            for label, name in ((src_label, src), (dst_label, dst)):
                entity_id = make_id(label, name)
                start_at = offset + sentence.index(name)
                entity = entities.setdefault(entity_id, Entity(entity_id, label, name))
                entity.mentions.append(Mention(start_at, start_at + len(name), name))
                ids.append(entity_id)
            props = {"role": rng.choice(ROLES)} if rel_type == "HOLDS_POSITION" else {}
            evidence = Evidence(art.id, sentence, offset, offset + len(sentence), "synthetic", 0.9)
            relations.append(Relation(rel_type, ids[0], ids[1], props, [evidence]))
            offset += len(sentence) + 1
        for entity in entities.values():
            relations.append(Relation("MENTIONED_IN", entity.id, art.id,
                                      {"count": len(entity.mentions), "mentions": [[m.start, m.end] for m in entity.mentions]}))
        docs.append(ArticleGraph(art, list(entities.values()), relations))
    return docs
