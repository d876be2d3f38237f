"""A real browser on the real server: `streamlit run app.py` on the samples, driven by headless Chromium through Playwright."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import service_unavailable

from graph.embedded import EmbeddedStore
from kg.build import build

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DOCS = ROOT / "docs"
CORPUS = Path(__file__).resolve().parent / "curation_corpus"
CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, port: int, log: Path, **extra_env: str) -> subprocess.Popen:
    """Start the explorer on 127.0.0.1:port in its own process group and wait until it answers its health check."""
    env = {**os.environ, "KG_STORE": "embedded", "KG_DATA": str(data), **extra_env}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    stop_server(process)
    raise RuntimeError(f"streamlit did not answer on port {port} within {START_TIMEOUT} s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: politely, then by force."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def _browser(pw):
    """Headless Chromium from Debian, or the test is reported as unable to run (a failure in CI)."""
    from playwright.sync_api import Error as PlaywrightError

    if not Path(CHROMIUM).exists():
        service_unavailable("Chromium", f"{CHROMIUM} is not installed")
    try:
        return pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
    except PlaywrightError as exc:
        service_unavailable("Chromium", str(exc))


def _playwright():
    """Playwright's sync API, or the test is reported as unable to run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        service_unavailable("Playwright", str(exc))
    return sync_playwright()


def check_entity_page(url: str, search: str, sentence: str, screenshot: Path) -> None:
    """Search, open the first result, and see the graph component and the evidence sentence; save a screenshot."""
    with _playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600})
            page.goto(url + "?page=explore", timeout=60_000)
            box = page.get_by_label("نام را بنویسید")
            box.wait_for(timeout=60_000)
            box.fill(search)
            box.press("Enter")
            result = page.locator("button").filter(has_text=search).first
            result.wait_for(timeout=60_000)
            result.click()
            frame = page.frame_locator("iframe[title*='cytoscape']")
            frame.locator("canvas").first.wait_for(timeout=60_000)
            page.get_by_text(sentence[:30]).first.wait_for(timeout=60_000)
            assert sentence in page.inner_text("body").replace("\n", " ") or sentence[:30] in page.inner_text("body")
            page.wait_for_timeout(1500)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            click_a_neighbour_opens_it(page)
        finally:
            browser.close()


def click_a_neighbour_opens_it(page) -> None:
    """Tap a neighbour in the graph as a user would; its page opens and the URL carries its id."""
    graph = page.locator("iframe[title*='cytoscape']").first.element_handle().content_frame()
    tapped = graph.evaluate("""() => {
        const cy = document.getElementById("cy")._cyreg.cy;
        const node = cy.nodes().filter((n) => n.data("hop") === 1)[0];
        node.emit("tap");
        return {id: node.id(), name: node.data("name")};
    }""")
    page.wait_for_url(f"**entity={tapped['id']}**", timeout=60_000)
    page.locator("h2").filter(has_text=tapped["name"].rstrip("…")).first.wait_for(timeout=60_000)


@pytest.mark.browser
def test_search_open_entity_see_graph_and_evidence(tmp_path, sample_docs):
    store = EmbeddedStore(tmp_path / "kg", writable=True)
    store.write_many(sample_docs)
    store.flush()
    people = [e for e, _ in store.search("صدر", ["Person"])]
    assert people, "the samples name محمدمحسن صدر"
    sentences = [ev.sentence for rel in store.relations(source=people[0].id) for ev in rel.evidence]
    sentences += [ev.sentence for rel in store.relations(target=people[0].id) for ev in rel.evidence]
    store.close()
    assert sentences, "the samples give محمدمحسن صدر at least one fact with evidence"
    port = _free_port()
    process = start_server(tmp_path / "kg", port, tmp_path / "streamlit.log")
    try:
        check_entity_page(f"http://127.0.0.1:{port}/", "صدر", sentences[0],
                          ARTIFACTS / "browser-entity-page.png")
    finally:
        stop_server(process)
    assert (ARTIFACTS / "browser-entity-page.png").stat().st_size > 10_000


def _main(page):
    """The page's main area (not the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def _open_curation(page, entity_name: str) -> None:
    """Wait for an entity page and open its curation panel."""
    page.locator("h2").filter(has_text=entity_name).first.wait_for(timeout=60_000)
    page.get_by_text("ویرایش و داوری").first.click()


def _preview_and_apply(page, reason: str, preview_text: str) -> None:
    """Type a reason in the open decision, preview it, apply it, and wait for the confirmation."""
    preview = page.locator("button").filter(has_text=f"پیش‌نمایش: {preview_text}").first
    preview.wait_for(timeout=60_000)
    reason_box = page.get_by_label("دلیل (کوتاه)").last
    reason_box.fill(reason)
    reason_box.press("Enter")
    page.wait_for_timeout(800)
    preview.click()
    apply = page.locator("button").filter(has_text="اعمال").last
    apply.wait_for(timeout=60_000)
    apply.click()
    page.get_by_text("تصمیم ثبت و اعمال شد").first.wait_for(timeout=60_000)


def _choose_option(page, label: str, typed: str, option_text: str, attempts: int = 3) -> None:
    """Open a select box by its label, type to filter it, and pick the option with the keyboard.

    The list can open partly below the viewport, where a click cannot reach, so the option is reached with the
    arrow keys and chosen with Enter; the whole is retried when the list opens late.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    select = page.get_by_label(label, exact=True).first
    focused = page.locator('[role="option"][data-focused="true"]')
    for attempt in range(attempts):
        select.click()
        page.wait_for_timeout(300)
        select.fill(typed)
        try:
            page.get_by_role("option").filter(has_text=option_text).first.wait_for(state="attached", timeout=15_000)
            for _ in range(20):
                if focused.count() and option_text in focused.first.inner_text():
                    page.keyboard.press("Enter")
                    return
                page.keyboard.press("ArrowDown")
                page.wait_for_timeout(100)
        except PlaywrightTimeout:
            pass
        if attempt == attempts - 1:
            raise AssertionError(f"no option {option_text!r} could be chosen in the select box {label!r}")
        page.keyboard.press("Escape")


def _people(data: Path) -> dict[str, str]:
    store = EmbeddedStore(data)
    try:
        return {n: e.id for e in store.entities("Person") for n in e.names()}
    finally:
        store.close()


@pytest.mark.browser
def test_a_journalist_starts_from_the_overview_fixes_a_duplicate_and_a_fact(tmp_path):
    data, curation = tmp_path / "kg", tmp_path / "curation.jsonl"
    curation.write_text("", encoding="utf-8")
    store = EmbeddedStore(data, writable=True)
    previous = os.environ.get("KG_CURATION")
    os.environ["KG_CURATION"] = str(curation)
    try:
        build([str(ROOT / "data" / "samples"), str(CORPUS)], store)
    finally:
        store.close()
        if previous is None:
            os.environ.pop("KG_CURATION")
        else:
            os.environ["KG_CURATION"] = previous
    people = _people(data)
    port = _free_port()
    env = {"KG_CURATION": str(curation), "KG_READ_ONLY": "0"}
    process = start_server(data, port, tmp_path / "streamlit.log", **env)
    url = f"http://127.0.0.1:{port}/"
    DOCS.mkdir(exist_ok=True)
    try:
        with _playwright() as pw:
            browser = _browser(pw)
            page = browser.new_page(viewport={"width": 1400, "height": 2300})
            page.goto(url, timeout=60_000)
            page.get_by_text("پرارتباط‌ترین افراد").wait_for(timeout=60_000)
            page.frame_locator("iframe[title*='cytoscape']").locator("canvas").first.wait_for(timeout=60_000)
            page.locator('[data-testid="stVegaLiteChart"]').nth(1).wait_for(timeout=60_000)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(DOCS / "overview.png"), full_page=True)
            hub = _main(page).locator("button").filter(has_text="(").first
            hub_name = hub.inner_text().rsplit(" (", 1)[0]
            hub.click()
            page.wait_for_url("**entity=**", timeout=60_000)
            page.locator("h2").filter(has_text=hub_name).first.wait_for(timeout=60_000)

            page.goto(f"{url}?entity={people['محمد نوذری']}", timeout=60_000)
            _open_curation(page, "محمد نوذری")
            box = page.get_by_label("ادغام با موجودیت دیگر (نام را بنویسید)")
            box.fill("نوزری")
            box.press("Enter")
            _preview_and_apply(page, "ز به جای ذ: یک استاندار", "محمد نوذری + محمد نوزری")
            merged = people["محمد نوذری"]
            page.wait_for_url(f"**entity={merged}**", timeout=60_000)
            body = page.inner_text("body")
            assert "محمد نوذری" in body and "محمد نوزری" in body
            browser.close()

        stop_server(process)
        process = start_server(data, port, tmp_path / "streamlit-2.log", **env)
        with _playwright() as pw:
            browser = _browser(pw)
            page = browser.new_page(viewport={"width": 1400, "height": 2200})
            page.goto(f"{url}?entity={merged}", timeout=60_000)
            page.locator("h2").filter(has_text="محمد نوذری").first.wait_for(timeout=60_000)
            page.get_by_text("محمد نوزری").first.wait_for(timeout=60_000)

            ranjbar = people["سید علی رنجبر"]
            page.goto(f"{url}?entity={ranjbar}", timeout=60_000)
            _open_curation(page, "سید علی رنجبر")
            card = _main(page).locator('[data-testid="stMarkdownContainer"]',
                                       has=page.locator("strong", has_text="دیدار کرد با")).filter(has_text="— استانداری آذربایجان شرقی")
            card.first.wait_for(timeout=60_000)
            _choose_option(page, "رابطه", "استانداری آذربایجان", "استانداری آذربایجان شرقی")
            _preview_and_apply(page, "دیدار با استاندار بود، نه با استانداری", "رد: دیدار کرد با (۱۳ مهر ۱۴۰۴) — استانداری آذربایجان شرقی")
            page.locator("del").filter(has_text="دیدار کرد با").first.wait_for(timeout=60_000)
            card.first.wait_for(state="detached", timeout=60_000)
            page.wait_for_timeout(1000)
            assert card.count() == 0, "the rejected fact's evidence card is gone from the entity page"

            lines = [json.loads(line) for line in curation.read_text(encoding="utf-8").splitlines()]
            assert [line["decision"] for line in lines] == ["merge", "reject"]
            assert "محمد نوزری" in lines[0]["names"] and lines[1]["relation"]["target_name"] == "استانداری آذربایجان شرقی"

            page.set_viewport_size({"width": 1400, "height": 1100})
            page.goto(f"{url}?page=review", timeout=60_000)
            pair = _main(page).locator('[data-testid="stVerticalBlock"]').filter(has_text="محمدعلی طالبیان").filter(
                has=page.locator('[data-testid="stRadio"]')).last
            pair.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "review-queue.png"), full_page=True)
            pair.get_by_text("جدا نگه داشتن").first.click()
            _preview_and_apply(page, "دو استاندار در دو دوره", "محمدعلی")
            try:
                page.get_by_text("نامزد تکراری‌ای نمانده است.").wait_for(timeout=30_000)
            except Exception:
                page.screenshot(path=str(ARTIFACTS / "debug.png"), full_page=True)
                raise AssertionError(_main(page).inner_text()[:3000])
            browser.close()
    finally:
        stop_server(process)
    lines = [json.loads(line) for line in curation.read_text(encoding="utf-8").splitlines()]
    assert [line["decision"] for line in lines] == ["merge", "reject", "keep_apart"]
    assert (DOCS / "overview.png").stat().st_size > 20_000 and (DOCS / "review-queue.png").stat().st_size > 20_000
