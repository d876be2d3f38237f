"""A real browser on the real server: `streamlit run app.py` on the samples, driven by headless Chromium through Playwright."""
from __future__ import annotations

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

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, port: int, log: Path) -> subprocess.Popen:
    """Start the explorer on 127.0.0.1:port in its own process group and wait until it answers its health check."""
    env = {**os.environ, "KG_STORE": "embedded", "KG_DATA": str(data)}
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


def check_entity_page(url: str, search: str, sentence: str, screenshot: Path) -> None:
    """Search, open the first result, and see the graph component and the evidence sentence; save a screenshot."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        service_unavailable("Playwright", str(exc))
    if not Path(CHROMIUM).exists():
        service_unavailable("Chromium", f"{CHROMIUM} is not installed")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        except PlaywrightError as exc:
            service_unavailable("Chromium", str(exc))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600})
            page.goto(url, timeout=60_000)
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
