"""End to end over three articles across two years in which Qazvin's governor changes: officeholders on dates before,
between and after, career, timeline, both stores giving the same answers, the explorer's bars and the RDF intervals."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, service_unavailable, store_holding
from streamlit.testing.v1 import AppTest

from exports.rdf import export_rdf
from exports.shapes import validate
from graph.embedded import EmbeddedStore
from graph.model import make_id
from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across
from queries import run_query
from queries.tenure import all_tenures

CORPUS = Path(__file__).with_name("data") / "tenure_corpus"
REZAEI, NOZARI = make_id("Person", "علی رضایی"), make_id("Person", "محمد نوذری")
GOVERNORATE = make_id("Organization", "استانداری قزوین")
QUERIES = [("officeholders", {"organization": GOVERNORATE}),
           ("officeholders", {"organization": GOVERNORATE, "role": "استاندار", "on": "1402-09-01"}),
           ("career", {"person": REZAEI}), ("career", {"person": NOZARI}),
           ("timeline", {"entity": GOVERNORATE}), ("timeline", {"entity": REZAEI})]


@pytest.fixture(scope="module")
def corpus_docs():
    articles = [a for a in iter_articles([str(CORPUS)]) if not isinstance(a, ReadFailure)]
    assert len(articles) == 3
    docs, failures = extract_articles(articles)
    assert not failures
    return resolve_across(docs)


@pytest.fixture(params=["embedded", "neo4j"])
def corpus_store(request, tmp_path, corpus_docs):
    """A store of each kind holding the three articles."""
    store = store_holding(request.param, request, tmp_path, corpus_docs)
    yield store
    store.close()


def holders_on(store, day: str, role: str = "استاندار") -> list[str]:
    rows = run_query(store, "officeholders", organization="استانداری قزوین", role=role, on=day).rows
    return [r["person"] for r in rows]


def test_officeholders_before_between_and_after_the_change(corpus_store):
    assert holders_on(corpus_store, "2022-06-01") == []
    assert holders_on(corpus_store, "2023-03-10") == ["علی رضایی"]
    assert holders_on(corpus_store, "1402-09-01") == ["علی رضایی"]          # 2023-11-22, Jalali
    assert holders_on(corpus_store, "2024-08-19") == ["علی رضایی"]
    assert holders_on(corpus_store, "2024-08-20") == ["محمد نوذری"]
    assert holders_on(corpus_store, "۱۴۰۳/۰۷/۰۱") == ["محمد نوذری"]         # 2024-09-22
    between = run_query(corpus_store, "officeholders", organization=GOVERNORATE, on="2023-12-01").rows[0]
    assert between["article"] and "علی رضایی" in between["sentence"] and between["date"] == "2023-11-05"


def test_career_and_succession(corpus_store):
    rows = run_query(corpus_store, "career", person="علی رضایی").rows
    governor = next(r for r in rows if r["organization_id"] == GOVERNORATE)
    assert (governor["start"], governor["end"], governor["end_kind"], governor["status"]) == \
           ("2023-03-10", "2024-08-20", "inferred", "succeeded")
    assert governor["appointed"] == "2023-03-10" and governor["successor"] == "محمد نوذری"
    assert governor["first_seen"] == "2023-03-10" and governor["last_seen"] == "2023-11-05"
    incoming = next(r for r in run_query(corpus_store, "career", person=NOZARI).rows
                    if r["organization_id"] == GOVERNORATE)
    assert incoming["status"] == "current" and incoming["predecessor"] == "علی رضایی" and incoming["end"] is None
    steps = [(r["date"], r["kind"], r["other"]) for r in run_query(corpus_store, "timeline", entity=GOVERNORATE).rows
             if r["kind"] in ("appointed", "succeeded")]
    assert ("2023-03-10", "appointed", "علی رضایی") in steps and ("2024-08-20", "appointed", "محمد نوذری") in steps
    assert ("2024-08-20", "succeeded", "علی رضایی") in steps


def test_removing_the_successor_article_reopens_the_tenure(tmp_path, corpus_docs):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    store.write_many(corpus_docs)
    later = next(d.article.id for d in corpus_docs if d.article.date == "2024-08-20")
    store.remove_article(later)
    governor = next(t for t in all_tenures(store) if t.person == REZAEI and t.organization == GOVERNORATE)
    assert governor.status == "current" and governor.until is None
    store.close()


@pytest.mark.neo4j
def test_both_stores_give_the_same_tenures(neo4j_server, tmp_path, corpus_docs, sample_docs):
    for docs in (corpus_docs, sample_docs):
        embedded = EmbeddedStore(tmp_path / f"kg-{len(docs)}", writable=True)
        embedded.write_many(docs)
        neo = neo4j_server.open_store()
        neo.clear()
        neo.write_many(docs)
        try:
            assert [t.to_dict() for t in all_tenures(neo)] == [t.to_dict() for t in all_tenures(embedded)]
            assert all_tenures(embedded)
            for name, params in QUERIES if docs is corpus_docs else []:
                assert run_query(neo, name, **params).rows == run_query(embedded, name, **params).rows
        finally:
            embedded.close()
            neo.close()


def test_rdf_interval_with_inferred_end_conforms(tmp_path, corpus_docs):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    store.write_many(corpus_docs)
    graph = export_rdf(store)
    conforms, report = validate(graph)
    assert conforms, report
    rows = list(graph.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX time: <http://www.w3.org/2006/time#>
        PREFIX kg: <https://kg.example.org/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name ?start ?end ?inferred WHERE {
          ?m org:member/skos:prefLabel ?name ; org:organization/skos:prefLabel "استانداری قزوین"@fa ;
             org:memberDuring ?i .
          ?i time:hasBeginning/time:inXSDDate ?start .
          OPTIONAL { ?i time:hasEnd ?e . ?e time:inXSDDate ?end ; kg:inferred ?inferred }
          FILTER(lang(?name) = "fa")
        } ORDER BY ?start"""))
    found = {(str(r[0]), str(r[1]), str(r[2]) if r[2] else None, r[3].toPython() if r[3] is not None else None)
             for r in rows}
    assert ("علی رضایی", "2023-03-10", "2024-08-20", True) in found
    assert ("محمد نوذری", "2024-08-20", None, None) in found
    store.close()


def test_explorer_shows_both_tenures(tmp_path, corpus_docs, monkeypatch):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    store.write_many(corpus_docs)
    store.flush()
    store.close()
    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DATA", str(tmp_path / "kg"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["entity"] = GOVERNORATE
    at.run()
    assert not at.exception
    assert any(s.value == "دارندگان سمت‌ها در گذر زمان" for s in at.subheader)
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any('"x2"' in spec and "drawn_end" in spec for spec in charts)
    table = next(d.value for d in at.dataframe if "دارنده" in d.value.columns)
    assert list(table["دارنده"]) == ["علی رضایی — استاندار", "محمد نوذری — استاندار"]
    assert list(table["آغاز"]) == ["۱۴۰۱/۱۲/۱۹", "۱۴۰۳/۰۵/۳۰"]
    assert list(table["پایان"]) == ["۱۴۰۳/۰۵/۳۰", "—"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["entity"] = REZAEI
    at.run()
    table = next(d.value for d in at.dataframe if "سمت" in d.value.columns)
    assert "استاندار — استانداری قزوین" in list(table["سمت"])


@pytest.mark.browser
def test_browser_draws_the_heads_chart_with_jalali_years(tmp_path, corpus_docs):
    from test_browser import ARTIFACTS, CHROMIUM, _free_port, start_server, stop_server

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        service_unavailable("Playwright", str(exc))
    if not Path(CHROMIUM).exists():
        service_unavailable("Chromium", f"{CHROMIUM} is not installed")
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    store.write_many(corpus_docs)
    store.flush()
    store.close()
    port = _free_port()
    process = start_server(tmp_path / "kg", port, tmp_path / "streamlit.log")
    shot = ARTIFACTS / "browser-tenure-chart.png"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 2400})
                page.goto(f"http://127.0.0.1:{port}/?entity={GOVERNORATE}", timeout=60_000)
                page.get_by_text("دارندگان سمت‌ها در گذر زمان").first.wait_for(timeout=60_000)
                chart = page.locator("[data-testid='stVegaLiteChart']").filter(has=page.locator("svg, canvas")).last
                chart.wait_for(timeout=60_000)
                page.wait_for_timeout(1500)
                drawn = chart.inner_html()
                assert "۱۴۰۲" in drawn or chart.locator("canvas").count() > 0
                chart.scroll_into_view_if_needed()
                shot.parent.mkdir(parents=True, exist_ok=True)
                chart.screenshot(path=str(shot))
            finally:
                browser.close()
    finally:
        stop_server(process)
    assert shot.stat().st_size > 2_000
