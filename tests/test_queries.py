"""Named queries: exact answers on a small hand-built graph (both store kinds), the CLI, and checks on the samples."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.embedded import EmbeddedStore
from graph.model import (
    Article,
    ArticleGraph,
    Entity,
    Evidence,
    Mention,
    Relation,
    article_id,
    make_id,
)
from graph.text import name_key
from queries import QueryError, list_queries, run_query
from queries.resolve import lead_line

SADR, NOZARI, HASHEMI, KARIMI = (make_id("Person", n) for n in
                                 ("محمدمحسن صدر", "محمد نوذری", "سید ستار هاشمی", "علی کریمی"))
ITO = make_id("Organization", "سازمان فناوری اطلاعات ایران")
MINISTRY = make_id("Organization", "وزارت ارتباطات و فناوری اطلاعات")
GOVERNORATE = make_id("Organization", "استانداری قزوین")
DIRECTORATE = make_id("Organization", "اداره کل ارتباطات و فناوری اطلاعات استان قزوین")
QAZVIN, TEHRAN = make_id("Province", "قزوین"), make_id("Province", "تهران")
WINDOW = make_id("Project", "پنجره ملی خدمات دولت هوشمند")
FIBRE = make_id("Project", "فیبر نوری منازل قزوین")

ENTITIES = {
    SADR: ("Person", "محمدمحسن صدر", {}), NOZARI: ("Person", "محمد نوذری", {}),
    HASHEMI: ("Person", "سید ستار هاشمی", {}), KARIMI: ("Person", "علی کریمی", {}),
    ITO: ("Organization", "سازمان فناوری اطلاعات ایران", {"kind": "agency"}),
    MINISTRY: ("Organization", "وزارت ارتباطات و فناوری اطلاعات", {"kind": "ministry"}),
    GOVERNORATE: ("Organization", "استانداری قزوین", {"kind": "governorate"}),
    DIRECTORATE: ("Organization", "اداره کل ارتباطات و فناوری اطلاعات استان قزوین", {"kind": "directorate"}),
    QAZVIN: ("Province", "قزوین", {}), TEHRAN: ("Province", "تهران", {}),
    WINDOW: ("Project", "پنجره ملی خدمات دولت هوشمند", {"kind": "platform"}),
    FIBRE: ("Project", "فیبر نوری منازل قزوین", {"kind": "project"}),
}

# Each article: (date, agency, sentences); each sentence: (text, [(type, source, target, properties)]).
ARTICLES = [
    ("2025-01-10", "ایرنا", [
        ("محمدمحسن صدر رئیس سازمان فناوری اطلاعات ایران گفت پنجره ملی خدمات دولت هوشمند آماده است.",
         [("HOLDS_POSITION", SADR, ITO, {"role": "رئیس"}), ("RESPONSIBLE_FOR", ITO, WINDOW, {})]),
        ("سازمان فناوری اطلاعات ایران زیرمجموعه وزارت ارتباطات و فناوری اطلاعات است و این وزارت از پنجره ملی خدمات دولت هوشمند حمایت می‌کند.",
         [("PART_OF", ITO, MINISTRY, {}), ("SUPPORTS", MINISTRY, WINDOW, {})]),
        ("این خبر در تهران منتشر شد.", []),
    ]),
    ("2025-02-05", "ایسنا", [
        ("محمد نوذری استاندار قزوین با محمدمحسن صدر دیدار کرد.",
         [("HOLDS_POSITION", NOZARI, GOVERNORATE, {"role": "استاندار"}), ("LOCATED_IN", GOVERNORATE, QAZVIN, {}),
          ("MET_WITH", NOZARI, SADR, {"date": "2025-02-05"})]),
    ]),
    ("2025-03-01", "تسنیم", [
        ("سید ستار هاشمی وزیر ارتباطات و فناوری اطلاعات به قزوین سفر کرد.",
         [("HOLDS_POSITION", HASHEMI, MINISTRY, {"role": "وزیر"}), ("VISITED", HASHEMI, QAZVIN, {"date": "2025-03-01"})]),
        ("علی کریمی مدیرکل اداره کل ارتباطات و فناوری اطلاعات استان قزوین گفت فیبر نوری منازل قزوین با حمایت استانداری قزوین اجرا می‌شود.",
         [("HOLDS_POSITION", KARIMI, DIRECTORATE, {"role": "مدیرکل"}), ("PART_OF", DIRECTORATE, MINISTRY, {}),
          ("LOCATED_IN", DIRECTORATE, QAZVIN, {}), ("RESPONSIBLE_FOR", DIRECTORATE, FIBRE, {}),
          ("SUPPORTS", GOVERNORATE, FIBRE, {}), ("LOCATED_IN", FIBRE, QAZVIN, {})]),
    ]),
]


def _mentions(text: str, names: list[str]) -> list[Mention]:
    found = []
    for name in names:
        start = text.find(name)
        while start != -1:
            found.append(Mention(start, start + len(name), name))
            start = text.find(name, start + len(name))
    return found


def hand_built_docs() -> list[ArticleGraph]:
    """Three small articles about Qazvin and the IT organisation, with every offset and id computed, not typed."""
    docs = []
    for number, (when, agency, sentences) in enumerate(ARTICLES, start=1):
        text = " ".join(s for s, _ in sentences)
        art = Article(id=article_id(text), text=text, path=f"hand/{number}.txt", title=sentences[0][0][:40],
                      date=when, source=agency, url=f"https://news.example/{number}")
        relations, involved = [], set()
        for sentence, facts in sentences:
            start = text.index(sentence)
            for rel_type, source, target, props in facts:
                involved.update((source, target))
                relations.append(Relation(rel_type, source, target, dict(props), [
                    Evidence(art.id, sentence, start, start + len(sentence), "hand", 0.9)]))
        entities = []
        for eid, (label, name, props) in ENTITIES.items():
            mentions = _mentions(text, [name])
            if eid in involved or mentions:
                entities.append(Entity(eid, label, name, [], dict(props), mentions))
                relations.append(Relation("MENTIONED_IN", eid, art.id, {"count": max(1, len(mentions))}))
        docs.append(ArticleGraph(art, entities, relations))
    return docs


def hand_built_store(directory) -> EmbeddedStore:
    """A saved embedded store holding the hand-built graph (read-only handle)."""
    writer = EmbeddedStore(directory, writable=True)
    writer.write_many(hand_built_docs())
    writer.flush()
    writer.close()
    return EmbeddedStore(directory)


@pytest.fixture
def hand_store(empty_store):
    """The hand-built graph in a store of each kind."""
    empty_store.write_many(hand_built_docs())
    empty_store.flush()
    return empty_store


def _pick(rows, *columns):
    return [tuple(r[c] for c in columns) for r in rows]


def test_every_query_is_described_in_both_languages():
    names = [q.name for q in list_queries()]
    assert {"search", "profile", "neighbourhood", "paths", "province_officials", "province_projects",
            "organization_projects", "meetings", "evidence", "rankings", "communities", "timeline",
            "articles"} <= set(names)
    for q in list_queries():
        assert q.en and q.fa and q.columns, q.name


def test_search_normalises_and_ranks(hand_store):
    arabic_yeh = run_query(hand_store, "search", text="فناوري اطلاعات").rows
    assert [r["id"] for r in arabic_yeh] == [ITO, MINISTRY, DIRECTORATE]
    partial = run_query(hand_store, "search", text="صدر")
    assert partial.rows[0]["id"] == SADR
    spaced = run_query(hand_store, "search", text="محمد محسن صدر")
    assert spaced.rows[0] == {"id": SADR, "type": "Person", "name": "محمدمحسن صدر", "aliases": [], "score": 1.0}
    only_people = run_query(hand_store, "search", text="قزوین", types="Person")
    assert only_people.rows == []


def test_profile_lists_facts_articles_and_dates(hand_store):
    rows = run_query(hand_store, "profile", entity="محمدمحسن صدر").rows
    head = rows[0]
    assert (head["section"], head["id"], head["type"], head["articles"], head["first_date"], head["last_date"]) == (
        "entity", SADR, "Person", 2, "2025-01-10", "2025-02-05")
    facts = _pick([r for r in rows if r["section"] == "fact"], "relation", "direction", "id", "detail")
    assert facts == [("HOLDS_POSITION", "out", ITO, "رئیس"), ("MET_WITH", "in", NOZARI, "2025-02-05")]
    assert [r["first_date"] for r in rows if r["section"] == "article"] == ["2025-01-10", "2025-02-05"]


def test_neighbourhood_depth_types_and_limit(hand_store):
    one = run_query(hand_store, "neighbourhood", entity=QAZVIN).rows
    assert sorted(_pick(one, "source", "relation", "target")) == sorted([
        (GOVERNORATE, "LOCATED_IN", QAZVIN), (DIRECTORATE, "LOCATED_IN", QAZVIN), (FIBRE, "LOCATED_IN", QAZVIN),
        (HASHEMI, "VISITED", QAZVIN)])
    assert {r["hop"] for r in one} == {1}
    people = run_query(hand_store, "neighbourhood", entity=QAZVIN, depth=2, node_types="Person,Province").rows
    assert sorted(_pick(people, "source", "target")) == [(HASHEMI, QAZVIN)]
    two = run_query(hand_store, "neighbourhood", entity=QAZVIN, depth=2, rel_types="LOCATED_IN,HOLDS_POSITION").rows
    assert {r["source"] for r in two if r["hop"] == 2} == {NOZARI, KARIMI}
    assert run_query(hand_store, "neighbourhood", entity=QAZVIN, rel_types="MENTIONED_IN").rows == []
    articles = run_query(hand_store, "neighbourhood", entity=QAZVIN, rel_types="MENTIONED_IN", node_types="Article").rows
    assert [r["relation"] for r in articles] == ["MENTIONED_IN", "MENTIONED_IN"]
    capped = run_query(hand_store, "neighbourhood", entity=QAZVIN, limit=2).rows
    assert len({r["source"] for r in capped}) == 2


def test_neighbourhood_date_and_province_filters(hand_store):
    march = run_query(hand_store, "neighbourhood", entity=MINISTRY, since="2025-03-01").rows
    assert sorted(_pick(march, "source", "target")) == sorted([(HASHEMI, MINISTRY), (DIRECTORATE, MINISTRY)])
    in_qazvin = run_query(hand_store, "neighbourhood", entity=MINISTRY, province="قزوین").rows
    assert sorted(_pick(in_qazvin, "source", "target")) == sorted([(HASHEMI, MINISTRY), (DIRECTORATE, MINISTRY)])


def test_shortest_path_has_evidence_for_each_hop(hand_store):
    rows = run_query(hand_store, "paths", source="محمد نوذری", target="سید ستار هاشمی").rows
    assert _pick(rows, "path", "hop", "source", "relation", "target") == [
        (1, 1, NOZARI, "HOLDS_POSITION", GOVERNORATE), (1, 2, GOVERNORATE, "LOCATED_IN", QAZVIN),
        (1, 3, HASHEMI, "VISITED", QAZVIN)]
    assert rows[0]["sentence"] == "محمد نوذری استاندار قزوین با محمدمحسن صدر دیدار کرد."
    assert rows[2]["date"] == "2025-03-01"
    assert run_query(hand_store, "paths", source=NOZARI, target=TEHRAN).rows == []


def test_province_and_organisation_views(hand_store):
    officials = run_query(hand_store, "province_officials", province="قزوین").rows
    assert _pick(officials, "person_id", "role", "organization_id") == [
        (KARIMI, "مدیرکل", DIRECTORATE), (NOZARI, "استاندار", GOVERNORATE)]
    projects = run_query(hand_store, "province_projects", province=QAZVIN).rows
    assert _pick(projects, "project_id", "relation", "via_id") == [
        (FIBRE, "LOCATED_IN", ""), (FIBRE, "RESPONSIBLE_FOR", DIRECTORATE), (FIBRE, "SUPPORTS", GOVERNORATE)]
    org = run_query(hand_store, "organization_projects", organization="سازمان فناوری اطلاعات ایران").rows
    assert _pick(org, "project_id", "relation", "kind") == [(WINDOW, "RESPONSIBLE_FOR", "platform")]


def test_meetings_evidence_and_timeline(hand_store):
    met = run_query(hand_store, "meetings").rows
    assert _pick(met, "date", "person_id", "met_id") == [("2025-02-05", NOZARI, SADR)]
    assert run_query(hand_store, "meetings", since="2025-03-01").rows == []
    assert len(run_query(hand_store, "meetings", entity=SADR).rows) == 1
    ev = run_query(hand_store, "evidence", source=KARIMI, target=DIRECTORATE).rows
    assert _pick(ev, "relation", "detail", "date", "agency", "url") == [
        ("HOLDS_POSITION", "مدیرکل", "2025-03-01", "تسنیم", "https://news.example/3")]
    assert ev[0]["sentence"].startswith("علی کریمی مدیرکل")
    times = run_query(hand_store, "timeline", entity=SADR).rows
    assert _pick(times, "date", "kind", "relation") == [
        ("2025-01-10", "fact", "HOLDS_POSITION"), ("2025-01-10", "mention", "MENTIONED_IN"),
        ("2025-02-05", "fact", "MET_WITH"), ("2025-02-05", "mention", "MENTIONED_IN")]


def test_rankings_and_communities(hand_store):
    degree = run_query(hand_store, "rankings", metric="degree", limit=2).rows
    assert _pick(degree, "rank", "id", "score") == [(1, DIRECTORATE, 4), (2, QAZVIN, 4)]
    people = run_query(hand_store, "rankings", metric="betweenness", types="Person").rows
    assert [r["id"] for r in people][:2] == [NOZARI, SADR]
    assert run_query(hand_store, "rankings", metric="pagerank", limit=1).rows[0]["type"] in ("Province", "Organization")
    groups = run_query(hand_store, "communities").rows
    members = {r["id"] for r in groups}
    assert TEHRAN not in members
    assert len(members) == len(ENTITIES) - 1


def test_articles_query(hand_store):
    rows = run_query(hand_store, "articles").rows
    assert [r["date"] for r in rows] == ["2025-03-01", "2025-02-05", "2025-01-10"]
    assert [r["agency"] for r in run_query(hand_store, "articles", until="2025-02-01").rows] == ["ایرنا"]


@pytest.mark.parametrize("name, params, message", [
    ("nope", {}, "unknown query 'nope'"),
    ("search", {"txt": "x"}, "has no parameter 'txt'"),
    ("search", {}, "'text' is required"),
    ("neighbourhood", {"entity": "قزوین", "depth": 3}, "outside 1..2"),
    ("neighbourhood", {"entity": "قزوین", "depth": "two"}, "not a whole number"),
    ("neighbourhood", {"entity": "قزوین", "node_types": "City"}, "unknown node label 'City'"),
    ("neighbourhood", {"entity": "قزوین", "rel_types": "KNOWS"}, "unknown relationship type 'KNOWS'"),
    ("meetings", {"since": "1403-01-01x"}, "not a date"),
    ("rankings", {"metric": "closeness"}, "not one of degree"),
    ("province_officials", {"province": "سازمان فناوری اطلاعات ایران"}, "no Province entity"),
    ("profile", {"entity": "ناشناخته‌ای که نیست"}, "no entity called"),
])
def test_bad_input_gives_clear_errors(hand_store, name, params, message):
    with pytest.raises(QueryError, match=message):
        run_query(hand_store, name, **params)


def test_cli_formats(tmp_path):
    from kg.cli import app

    hand_built_store(tmp_path / "kg").close()
    runner = CliRunner(env={"COLUMNS": "300"})
    base = ["query", "--data", str(tmp_path / "kg")]
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "province_officials" in listed.output
    as_json = runner.invoke(app, [*base, "province_officials", "--province", "قزوین", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert [r["person_id"] for r in json.loads(as_json.stdout)] == [KARIMI, NOZARI]
    as_csv = runner.invoke(app, [*base, "meetings", "--format", "csv"])
    assert as_csv.stdout.splitlines() == ["date,person,person_id,met,met_id,articles",
                                         f"2025-02-05,محمد نوذری,{NOZARI},محمدمحسن صدر,{SADR},1"]
    table = runner.invoke(app, [*base, "search", "--text", "صدر"])
    assert table.exit_code == 0 and SADR in table.output
    bad = runner.invoke(app, [*base, "neighbourhood", "--entity", "قزوین", "--depth", "5"])
    assert bad.exit_code == 1 and "outside 1..2" in bad.output
    dangling = runner.invoke(app, [*base, "search", "--text"])
    assert dangling.exit_code == 1 and "needs a value" in dangling.output


def test_sample_officials_of_the_it_organisation(sample_store):
    org = run_query(sample_store, "search", text="سازمان فناوری اطلاعات ایران", types="Organization").rows
    assert org, "the samples name سازمان فناوری اطلاعات ایران"
    holders = run_query(sample_store, "neighbourhood", entity=org[0]["id"], rel_types="HOLDS_POSITION").rows
    assert name_key("محمدمحسن صدر") in {name_key(r["source_name"]) for r in holders}


def test_sample_path_between_governor_and_minister(sample_store, sample_docs):
    nozari = run_query(sample_store, "search", text="محمد نوذری", types="Person").rows
    hashemi = run_query(sample_store, "search", text="ستار هاشمی", types="Person").rows
    assert nozari and hashemi, "the samples name both people"
    source, target = nozari[0]["id"], hashemi[0]["id"]
    independent = nx.Graph()
    for doc in sample_docs:
        independent.add_edges_from((r.source, r.target) for r in doc.relations
                                   if r.type not in ("MENTIONED_IN", "PUBLISHED_BY"))
    rows = run_query(sample_store, "paths", source=source, target=target).rows
    if not (source in independent and target in independent and nx.has_path(independent, source, target)):
        assert rows == []
        return
    first = [r for r in rows if r["path"] == 1]
    assert max(r["hop"] for r in first) == nx.shortest_path_length(independent, source, target)
    assert source in (first[0]["source"], first[0]["target"])
    assert target in (first[-1]["source"], first[-1]["target"])
    assert all(r["sentence"] for r in rows)


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers_on_the_samples(sample_docs, neo4j_server, tmp_path):
    embedded = EmbeddedStore(tmp_path / "kg", writable=True)
    embedded.write_many(sample_docs)
    neo4j = neo4j_server.open_store()
    neo4j.clear()
    neo4j.write_many(sample_docs)
    try:
        person = run_query(embedded, "search", text="صدر", types="Person").rows[0]["id"]
        org = run_query(embedded, "search", text="سازمان فناوری اطلاعات ایران", types="Organization").rows[0]["id"]
        province = next(iter(embedded.entities("Province"))).id
        other = run_query(embedded, "rankings", metric="degree", types="Person", limit=2).rows[-1]["id"]
        cases = [("profile", {"entity": person}), ("neighbourhood", {"entity": org, "depth": 2}),
                 ("paths", {"source": person, "target": other}), ("province_officials", {"province": province}),
                 ("province_projects", {"province": province}), ("organization_projects", {"organization": org}),
                 ("meetings", {}), ("timeline", {"entity": person}), ("articles", {}),
                 ("rankings", {"metric": "pagerank"}), ("rankings", {"metric": "betweenness"}),
                 ("communities", {}), ("evidence", {"source": person, "target": org})]
        for name, params in cases:
            assert run_query(embedded, name, **params).rows == run_query(neo4j, name, **params).rows, name
        assert [r["id"] for r in run_query(embedded, "search", text="صدر").rows] == \
            [r["id"] for r in run_query(neo4j, "search", text="صدر").rows]
    finally:
        neo4j.close()
        embedded.close()


def test_cached_analytics_follow_new_writes(hand_store):
    assert run_query(hand_store, "rankings", metric="degree", limit=1).rows[0]["id"] == DIRECTORATE
    text = "محمد نوذری با علی کریمی و سید ستار هاشمی و محمدمحسن صدر دیدار کرد و به تهران رفت."
    art = Article(article_id(text), text, path="hand/4.txt", title="t", date="2025-04-01", source="ایرنا")
    evidence = [Evidence(art.id, text, 0, len(text), "hand", 0.9)]
    people = [Entity(i, *ENTITIES[i][:2]) for i in (NOZARI, KARIMI, HASHEMI, SADR)]
    hand_store.write_article_graph(ArticleGraph(art, [*people, Entity(TEHRAN, "Province", "تهران")], [
        *[Relation("MET_WITH", NOZARI, other, {}, evidence) for other in (KARIMI, HASHEMI)],
        Relation("VISITED", NOZARI, TEHRAN, {}, evidence)]))
    hand_store.flush()
    top = run_query(hand_store, "rankings", metric="degree", limit=1).rows[0]
    assert (top["id"], top["score"]) == (NOZARI, 5)
    assert run_query(hand_store, "paths", source=KARIMI, target=TEHRAN).rows[0]["source"] == NOZARI


def test_an_articles_lead_is_its_first_sentence_cut_at_a_word():
    assert lead_line("\n  کوتاه است. جمله دوم") == "کوتاه است"
    assert lead_line("نسخه ۲.۵ سامانه آمد") == "نسخه ۲.۵ سامانه آمد"
    long = "استاندار قزوین در جلسه شورای راهبردی هوش مصنوعی بر ضرورت تشکیل فوری کارگروه اجرایی تأکید کرد و گفت"
    assert lead_line(long, limit=40) == "استاندار قزوین در جلسه شورای راهبردی…"
    assert lead_line("") == ""
    assert lead_line("به گزارش ایرنا، استاندار یزد از افتتاح مرکز داده خبر داد. جمله دوم") == \
        "استاندار یزد از افتتاح مرکز داده خبر داد"
    assert lead_line("کرمان- ایرنا- استاندار کرمان گفت: طرح آغاز شد.") == "استاندار کرمان گفت: طرح آغاز شد"


class _Versioned:
    """A stand-in store for the query cache: only its version, which a test moves on."""

    def __init__(self) -> None:
        self.state = 0

    def version(self):
        return self.state


def test_a_cached_value_is_kept_out_of_full_collections_and_a_replaced_one_is_still_collected():
    import gc
    import weakref

    from queries.resolve import cached

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    store = _Versioned()
    gc.unfreeze()
    first = cached(store, "probe", Cycle)
    assert gc.get_freeze_count() > 0 and cached(store, "probe", Cycle) is first
    gone = weakref.ref(first)
    del first
    store.state = 1
    second = cached(store, "probe", Cycle)
    gc.collect()
    assert gone() is None and second is cached(store, "probe", Cycle)
    gc.unfreeze()


def test_a_query_runs_without_collector_passes_and_gives_them_back_when_the_last_one_ends(hand_store):
    import gc
    import threading

    from queries.registry import collector_paused

    seen = []
    inside, release = threading.Event(), threading.Event()

    def slow_query():
        with collector_paused():
            inside.set()
            release.wait(5)

    assert gc.isenabled()
    worker = threading.Thread(target=slow_query)
    worker.start()
    inside.wait(5)
    seen.append(gc.isenabled())
    run_query(hand_store, "profile", entity=SADR)
    seen.append(gc.isenabled())  # the other query is still running
    release.set()
    worker.join()
    seen.append(gc.isenabled())
    with pytest.raises(QueryError):
        run_query(hand_store, "profile", entity="no such entity anywhere")
    seen.append(gc.isenabled())
    gc.disable()
    try:
        run_query(hand_store, "profile", entity=SADR)
        seen.append(gc.isenabled())  # a process that turned it off keeps it off
    finally:
        gc.enable()
    assert seen == [False, False, True, True, False]


class _CountingVersions:
    """A store seen through a proxy that counts its `version()` calls."""

    def __init__(self, store):
        self._store, self.versions = store, 0

    def version(self):
        self.versions += 1
        return self._store.version()

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_named_query_reads_the_store_state_once(hand_store):
    from queries.library import profile_rows

    seen = _CountingVersions(hand_store)
    profile_rows(seen, SADR)
    assert seen.versions > 1  # the caches it asks each read the state
    for name, params in (("profile", {"entity": SADR}), ("neighbourhood", {"entity": SADR, "depth": 2}),
                         ("timeline", {"entity": SADR}), ("meetings", {})):
        seen.versions = 0
        assert run_query(seen, name, **params).rows == run_query(hand_store, name, **params).rows
        assert seen.versions == 1, name


def test_a_profile_read_without_sentences_has_the_same_facts_in_the_same_order(hand_store):
    from queries.library import profile

    compared = 0
    for entity in hand_store.entities():
        whole, light = profile(hand_store, entity.id), profile(hand_store, entity.id, sentences=False)
        assert [(h.relation.key_string, h.node.id, h.direction, h.relation.articles()) for h in light.facts] == \
               [(h.relation.key_string, h.node.id, h.direction, h.relation.articles()) for h in whole.facts]
        assert (light.articles, light.fact_dates, light.first_seen) == (whole.articles, whole.fact_dates, whole.first_seen)
        compared += len(whole.facts)
    assert compared > 10
