"""The explorer under Streamlit's AppTest: every page, deep links, the language toggle, safe rendering, the Cypher console."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_queries import (
    DIRECTORATE,
    GOVERNORATE,
    HASHEMI,
    ITO,
    KARIMI,
    NOZARI,
    QAZVIN,
    SADR,
    hand_built_docs,
    hand_built_store,
)

from graph.embedded import EmbeddedStore
from graph.model import (
    Article,
    ArticleGraph,
    Entity,
    Evidence,
    Relation,
    article_id,
    make_id,
)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """The explorer pointed at a temporary embedded store holding the hand-built graph."""
    hand_built_store(tmp_path / "kg").close()
    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.setenv("KG_CURATION", str(tmp_path / "curation.jsonl"))
    return tmp_path / "kg"


def _app(**query_params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _graph(at: AppTest) -> dict:
    """The elements handed to the (first) cytoscape component."""
    return json.loads(at.get("component_instance")[0].proto.json_args)["elements"]


def _choose_page(at: AppTest, page: str) -> AppTest:
    return at.sidebar.radio(key="page").set_value(page).run()


def test_search_opens_the_entity_page(app_env):
    at = _choose_page(_app(), "explore")
    assert not at.exception
    at.text_input(key="search_text").set_value("صدر").run()
    result = at.button(key=f"result-{SADR}")
    assert result.label.startswith("محمدمحسن صدر")
    result.click().run()
    assert not at.exception
    assert at.query_params["entity"] == [SADR] or at.query_params["entity"] == SADR
    assert [h.value for h in at.header] == ["محمدمحسن صدر"]
    facts = at.dataframe[0].value
    assert sorted(facts.iloc[:, 1]) == sorted(["سازمان فناوری اطلاعات ایران", "محمد نوذری"])
    text = _markdown(at)
    assert "**:red[محمدمحسن صدر]** رئیس" in text
    graph = _graph(at)
    assert {n["data"]["id"] for n in graph["nodes"]} == {SADR, ITO, NOZARI}
    assert {(e["data"]["source"], e["data"]["label"], e["data"]["target"]) for e in graph["edges"]} == {
        (SADR, "HOLDS_POSITION", ITO), (NOZARI, "MET_WITH", SADR)}
    assert "ایرنا" in "\n".join(c.value for c in at.caption)


def test_deep_link_expand_and_show_more(app_env):
    at = _app(entity=QAZVIN)
    assert not at.exception
    assert [h.value for h in at.header] == ["قزوین"]
    assert at.session_state[f"depth-{QAZVIN}"] == 1
    assert {n["data"]["hop"] for n in _graph(at)["nodes"]} == {0, 1}
    at.button(key=f"expand-{QAZVIN}").click().run()
    assert at.session_state[f"depth-{QAZVIN}"] == 2
    two_hops = {n["data"]["id"] for n in _graph(at)["nodes"] if n["data"]["hop"] == 2}
    assert {NOZARI, KARIMI} <= two_hops
    at.button(key=f"expand-{QAZVIN}").click().run()
    assert at.session_state[f"depth-{QAZVIN}"] == 1
    assert not at.exception


def test_show_more_raises_the_cap_of_a_hub(tmp_path, monkeypatch):
    hub = make_id("Organization", "نهاد بزرگ")
    text = "نهاد بزرگ با پنجاه شریک کار می‌کند."
    art = Article(article_id(text), text, path="hub.txt", title="hub", date="2025-05-01", source="ایرنا")
    partners = [Entity(make_id("Organization", f"شریک {i}"), "Organization", f"شریک {i}") for i in range(50)]
    projects = [Entity(make_id("Project", f"طرح {i}"), "Project", f"طرح {i}") for i in range(50)]
    rels = [Relation("RESPONSIBLE_FOR", hub, p.id, {}, [Evidence(art.id, text, 0, len(text), "hand", 1.0)])
            for p in projects]
    writer = EmbeddedStore(tmp_path / "kg", writable=True)
    writer.write_article_graph(ArticleGraph(art, [Entity(hub, "Organization", "نهاد بزرگ"), *partners, *projects],
                                            rels))
    writer.flush()
    writer.close()
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.setenv("KG_STORE", "embedded")
    at = _app(entity=hub)
    assert "10 " in "\n".join(t.value for t in at.text)
    at.button(key=f"more-{hub}").click().run()
    assert at.session_state[f"limit-{hub}"] == 80
    assert not at.exception


def test_an_untitled_article_is_shown_by_its_lead_on_the_overview_the_entity_page_and_the_reader(tmp_path, monkeypatch):
    hub = make_id("Organization", "اداره کل ارتباطات و فناوری اطلاعات استان یزد")
    lead = "اداره کل ارتباطات و فناوری اطلاعات استان یزد از اتصال ۲۰۰ روستای استان به شبکه ملی اطلاعات خبر داد"
    text = f"{lead}. این طرح تا پایان سال ادامه دارد."
    art = Article(article_id(text), text, path="untitled.txt", date="2025-06-01", source="ایرنا")
    mention = Relation("MENTIONED_IN", hub, art.id, {"count": 1})
    writer = EmbeddedStore(tmp_path / "kg", writable=True)
    writer.write_article_graph(ArticleGraph(art, [Entity(hub, "Organization", "اداره کل ارتباطات و فناوری اطلاعات استان یزد")],
                                            [mention]))
    writer.flush()
    writer.close()
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.setenv("KG_STORE", "embedded")
    shown = "اداره کل ارتباطات و فناوری اطلاعات استان یزد از اتصال ۲۰۰ روستای استان به شبکه ملی…"
    at = _app()
    assert [b.label.rsplit(" · ", 1)[1] for b in at.button if b.key == f"new-{art.id}"] == [shown]
    at = _app(entity=hub)
    assert [b.label.rsplit(" · ", 1)[1] for b in at.button if b.key == f"art-{art.id}"] == [shown]
    at = _app(page="articles", article=art.id)
    assert not at.exception
    assert at.header[0].value == shown


def test_english_toggle_changes_labels(app_env):
    at = _app(entity=SADR)
    assert at.title[0].value == "کاوشگر گراف دولت دیجیتال ایران"
    at.sidebar.toggle(key="english").set_value(True).run()
    assert at.title[0].value == "Iran digital-government graph explorer"
    assert "holds a position in" in _markdown(at)


def test_path_finder_page(app_env):
    at = _choose_page(_app(), "paths")
    at.text_input(key="path_from").set_value("محمد نوذری")
    at.text_input(key="path_to").set_value("سید ستار هاشمی").run()
    assert not at.exception
    text = _markdown(at)
    assert "1. محمد نوذری — **سمت دارد در (استاندار)** → استانداری قزوین" in text
    assert "سید ستار هاشمی" in text
    assert {n["data"]["id"] for n in _graph(at)["nodes"]} == {NOZARI, GOVERNORATE, QAZVIN, HASHEMI}
    assert len(_graph(at)["edges"]) == 3
    at.text_input(key="path_to").set_value("کسی که نیست").run()
    assert at.error and "no entity called" in at.error[0].value


def test_named_query_page_with_csv(app_env):
    at = _choose_page(_app(), "queries")
    at.selectbox(key="query_name").set_value("province_officials").run()
    at.text_input(key="q-province_officials-province").set_value("قزوین")
    at.button[0].click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame["person_id"]) == [KARIMI, NOZARI]
    assert list(frame["organization_id"]) == [DIRECTORATE, GOVERNORATE]
    assert at.get("download_button")
    at.text_input(key="q-province_officials-province").set_value("")
    at.button[0].click().run()
    assert "is required" in at.error[0].value


def test_statistics_page(app_env):
    at = _choose_page(_app(), "stats")
    assert not at.exception
    counts = at.dataframe[0].value
    assert dict(zip(counts.iloc[:, 0], counts.iloc[:, 1]))["فرد"] == 4
    central = at.dataframe[1].value
    assert list(central["rank"])[:1] == [1]
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_article_reader_highlights_entities(app_env):
    doc = hand_built_docs()[1]
    at = _app(article=doc.article.id)
    assert not at.exception
    assert at.session_state["page"] == "articles"
    text = _markdown(at)
    assert "**:red[محمد نوذری]** استاندار **:violet[قزوین]** با **:red[محمدمحسن صدر]**" in text
    at.button(key=f"ent-{SADR}").click().run()
    assert at.query_params["entity"] in (SADR, [SADR])


def test_article_text_is_never_html(tmp_path, monkeypatch):
    evil = "<script>alert(1)</script>"
    text = f"مدیر {evil} گفت **درشت** [پیوند](javascript:alert(2))"
    art = Article(article_id(text), text, path="evil.txt", title=evil, date="2025-01-01", source="<b>x</b>",
                  url="javascript:alert(3)")
    person = Entity(make_id("Person", evil), "Person", evil)
    writer = EmbeddedStore(tmp_path / "kg", writable=True)
    writer.write_article_graph(ArticleGraph(art, [person], [Relation("MENTIONED_IN", person.id, art.id, {"count": 1})]))
    writer.flush()
    writer.close()
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.setenv("KG_STORE", "embedded")
    for at in (_app(article=art.id), _app(entity=person.id)):
        assert not at.exception
        for element in at.markdown:
            if element.proto.allow_html:
                assert "script" not in element.value and "javascript" not in element.value
            else:
                assert "<script>" not in element.value
        assert "javascript:" not in "\n".join(c.value for c in at.caption)
    reader = _app(article=art.id)
    assert "\\<script\\>" in _markdown(reader)


def test_cypher_console_only_with_neo4j(app_env):
    at = _app()
    assert "cypher" not in at.sidebar.radio(key="page").options


@pytest.mark.neo4j
def test_entity_page_and_cypher_console_on_neo4j(neo4j_server, monkeypatch):
    store = neo4j_server.open_store()
    store.clear()
    store.write_many(hand_built_docs())
    store.close()
    monkeypatch.setenv("KG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    page = _app(entity=SADR)
    assert not page.exception
    assert [h.value for h in page.header] == ["محمدمحسن صدر"]
    assert "**:red[محمدمحسن صدر]** رئیس" in _markdown(page)
    at = _choose_page(_app(), "cypher")
    at.text_area(key="cypher_text").set_value(
        "MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Organization) RETURN p.name AS name ORDER BY name")
    at.button[0].click().run()
    assert not at.exception
    assert list(at.dataframe[0].value["name"]) == sorted(["علی کریمی", "محمد نوذری", "محمدمحسن صدر", "سید ستار هاشمی"])
    at.text_area(key="cypher_text").set_value("MATCH (n) DETACH DELETE n")
    at.button[0].click().run()
    assert at.error and "Cypher may run here" in at.error[0].value
    at.text_area(key="cypher_text").set_value("MATCH (n RETURN n")
    at.button[0].click().run()
    assert at.error and not at.exception


def test_a_build_meanwhile_is_seen_on_the_next_run(app_env):
    at = _app()
    newcomer = make_id("Person", "رضا تازه‌وارد")
    assert at.session_state["page"] == "overview"
    at = _choose_page(at, "explore")
    text = "رضا تازه‌وارد به قزوین سفر کرد."
    art = Article(article_id(text), text, path="new.txt", title="new", date="2025-06-01", source="ایرنا")
    writer = EmbeddedStore(app_env, writable=True)
    writer.write_article_graph(ArticleGraph(art, [Entity(newcomer, "Person", "رضا تازه‌وارد")], [
        Relation("VISITED", newcomer, QAZVIN, {}, [Evidence(art.id, text, 0, len(text), "hand", 1.0)])]))
    writer.flush()
    writer.close()
    at.query_params["entity"] = newcomer
    at.run()
    assert not at.exception
    assert [h.value for h in at.header] == ["رضا تازه‌وارد"]


def test_province_filter_narrows_search(app_env):
    at = _choose_page(_app(), "explore")
    at.text_input(key="search_text").set_value("محمد").run()
    assert {b.key for b in at.button if b.key and b.key.startswith("result-")} == {f"result-{SADR}", f"result-{NOZARI}"}
    at.sidebar.selectbox(key="f_province").set_value(QAZVIN).run()
    assert {b.key for b in at.button if b.key and b.key.startswith("result-")} == {f"result-{NOZARI}"}


def test_article_reader_uses_the_extractors_offsets(tmp_path, monkeypatch):
    text = "دکتر صدر و آقای صدر دیدار کردند."
    art = Article(article_id(text), text, path="m.txt", title="m", date="2025-01-01", source="ایرنا")
    person = Entity(make_id("Person", "صدر"), "Person", "صدر")
    second = text.index("صدر", 6)
    writer = EmbeddedStore(tmp_path / "kg", writable=True)
    writer.write_article_graph(ArticleGraph(art, [person], [
        Relation("MENTIONED_IN", person.id, art.id, {"count": 1, "mentions": [[second, second + 3]]})]))
    writer.flush()
    writer.close()
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    monkeypatch.setenv("KG_STORE", "embedded")
    text_md = _markdown(_app(article=art.id))
    assert "دکتر صدر و آقای **:red[صدر]** دیدار کردند\\." in text_md


def test_overview_is_the_landing_page_and_a_hub_opens_its_page(app_env):
    at = _app()
    assert not at.exception
    assert at.session_state["page"] == "overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["فرد"] == "۴"
    hubs = [b for b in at.button if b.key and b.key.startswith("hub-per-")]
    assert {b.key[4:] for b in hubs} == {SADR, NOZARI, KARIMI, HASHEMI}
    degrees = [int(b.label.rsplit("(", 1)[1].rstrip(")").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
               for b in hubs]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] >= 2
    assert {n["data"]["id"] for n in _graph(at)["nodes"]} >= {SADR, NOZARI, QAZVIN}
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    specs = [json.loads(c.proto.spec) for c in charts]
    tiles = next(spec for spec in specs if "layer" in spec)
    newest = [b for b in at.button if b.key and b.key.startswith("new-")]
    assert newest[0].label.startswith("۱۱ اسفند ۱۴۰۳") and len(newest) == 3
    hubs[0].click().run()
    assert not at.exception
    assert at.session_state["page"] == "explore"
    assert at.query_params["entity"] in (hubs[0].key[4:], [hubs[0].key[4:]])
    assert tiles["layer"][0]["mark"]["type"] == "rect"


def test_overview_tiles_count_facts_of_each_province():
    from ui.overview import province_tiles, tile_rows

    tiles = province_tiles()
    assert len(tiles) == 31 and len({(t["row"], t["col"]) for t in tiles}) == 31
    from loaders.lexicon import get_lexicon
    assert {t["name"] for t in tiles} == set(get_lexicon().provinces)
    rows = {r["label"]: r["count"] for r in tile_rows({"قزوین": 5}, english=False)}
    assert rows["قزوین"] == 5 and rows["تهران"] == 0
    assert {r["label"]: r["count"] for r in tile_rows({"قزوین": 5}, english=True)}["Qazvin"] == 5


def test_overview_is_computed_once_per_store_version(app_env, monkeypatch):
    import ui.overview as overview_module

    calls = []
    real = overview_module._compute
    monkeypatch.setattr(overview_module, "_compute", lambda *a: calls.append(1) or real(*a))
    at = _app()
    at.run()
    at.run()
    assert not at.exception and len(calls) == 1


def test_dates_are_jalali_in_persian_and_gregorian_in_english(app_env):
    at = _app(entity=SADR)
    text = "\n".join(t.value for t in at.text) + "\n".join(c.value for c in at.caption)
    assert re.search(r"[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
    at.sidebar.toggle(key="english").set_value(True).run()
    text = "\n".join(t.value for t in at.text) + "\n".join(c.value for c in at.caption)
    assert re.search(r"20\d\d-\d\d-\d\d", text)


@pytest.mark.parametrize("typed", ["2025-03-01", "۱۴۰۳/۱۲/۱۱", "1403-12-11", "۱۱ اسفند ۱۴۰۳"])
def test_date_filter_accepts_both_calendars(app_env, typed):
    at = _choose_page(_app(), "articles")
    everything = len(at.selectbox(key="article_pick").options)
    at.sidebar.text_input(key="f_since").set_value(typed).run()
    assert not at.exception and not at.sidebar.error
    later = at.selectbox(key="article_pick").options if at.selectbox else []
    assert len(later) < everything


def test_a_date_filter_that_is_no_date_says_so(app_env):
    at = _app()
    at.sidebar.text_input(key="f_until").set_value("فردا").run()
    assert at.sidebar.error and "فردا" in at.sidebar.error[0].value


def test_kg_app_hides_deploy_and_is_read_only_off_loopback(monkeypatch):
    import subprocess

    from typer.testing import CliRunner

    from kg.cli import app as cli

    seen = {}
    monkeypatch.setattr(subprocess, "call", lambda command, env: seen.update(command=command, env=env) or 0)
    CliRunner().invoke(cli, ["app", "--address", "0.0.0.0"])
    assert seen["env"]["KG_READ_ONLY"] == "1"
    assert seen["command"][seen["command"].index("--client.toolbarMode") + 1] == "minimal"
    CliRunner().invoke(cli, ["app"])
    assert seen["env"]["KG_READ_ONLY"] == "0"
    CliRunner().invoke(cli, ["app", "--read-only"])
    assert seen["env"]["KG_READ_ONLY"] == "1"
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'toolbarMode = "minimal"' in config


def test_named_query_dates_accept_jalali_and_show_jalali(app_env):
    at = _choose_page(_app(), "queries")
    at.selectbox(key="query_name").set_value("meetings").run()
    at.text_input(key="q-meetings-since").set_value("۱۴۰۳/۱۱/۱۰")
    at.button[0].click().run()
    assert not at.exception and not at.error
    frame = at.dataframe[0].value
    assert list(frame["date"]) == ["۱۷ بهمن ۱۴۰۳"]
    at.text_input(key="q-meetings-since").set_value("۱۴۰۳/۱۱/۲۰")
    at.button[0].click().run()
    assert not at.dataframe or at.dataframe[0].value.empty
