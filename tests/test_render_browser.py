"""The rendered page in headless Chromium, with the network off.

Playwright drives the Debian Chromium at /usr/bin/chromium (never a downloaded one). Every
request that is not for a local file is aborted and counted, and the browser context is offline
too, so a page that tried to fetch anything fails here. The screenshot of the news fixture is
saved to test-artifacts/graph.png for people to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.page_template import SCRIPT_COUNT
from graph.render import RenderReport, render_page
from graph_fixtures import (
    HOSTILE_STRINGS,
    LI,
    SENT_PROPOSES,
    build_dataset,
    news_fixture,
    synthetic_graph,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} "
                       "(apt-get install chromium); Playwright's own browsers are not used"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is absent")


class OfflinePage:
    """A Chromium page that may read files only; it records network attempts, dialogs, errors."""

    def __init__(self, context) -> None:
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, timeout: float = 30_000) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.newsgraph && window.newsgraph.ready", timeout=timeout)

    def node_index(self, iri: str) -> int:
        return self.page.evaluate(
            "(iri) => window.newsgraph.data.nodes.findIndex((n) => n.iri === iri)", iri)

    def click_node(self, index: int) -> None:
        """Click the node where vis drew it (canvas coordinates -> page coordinates)."""
        point = self.page.evaluate(
            """(i) => { const net = window.newsgraph.network;
                        return net.canvasToDOM(net.getPosition(i)); }""", index)
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def selected(self) -> list[int]:
        return self.page.evaluate("window.newsgraph.network.getSelectedNodes()")

    def panel(self) -> str:
        return self.page.locator("#panel").text_content()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline(browser) -> Iterator[OfflinePage]:
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 850})
    page = OfflinePage(context)
    yield page
    context.close()
    assert page.blocked == [], f"the page tried to reach the network: {page.blocked}"
    assert page.errors == [], f"errors in the page: {page.errors}"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, RenderReport]]:
    folder = tmp_path_factory.mktemp("pages")
    built = {
        "news": (build_dataset(), {"title": "WAIC 2025"}),
        "hostile": (build_dataset(news_fixture(hostile=True)), {"title": HOSTILE_STRINGS[1]}),
    }
    return {name: (folder / f"{name}.html", render_page(graph, folder / f"{name}.html", **options))
            for name, (graph, options) in built.items()}


def test_draws_every_node(offline: OfflinePage, pages) -> None:
    path, report = pages["news"]
    offline.open(path)
    assert offline.page.evaluate("window.newsgraph.nodes.length") == report.nodes_drawn == 10
    assert offline.page.evaluate("window.newsgraph.edges.length") == report.edges_drawn
    assert "Showing 10 of 10 nodes" in offline.page.locator("#summary").text_content()
    legend = offline.page.locator("#legend").text_content()
    assert all(kind in legend for kind in ("Person", "Place", "Event", "Organization", "Concept"))


def test_search_by_alias_selects_and_focuses(offline: OfflinePage, pages) -> None:
    offline.open(pages["news"][0])
    offline.page.fill("#search", "premier li")
    offline.page.press("#search", "Enter")
    li = offline.node_index(str(LI))
    offline.page.wait_for_function(f"window.newsgraph.network.getSelectedNodes()[0] === {li}")
    assert offline.selected() == [li]
    assert offline.panel().startswith("Li Qiang")
    offline.page.fill("#search", "nobody at all")
    offline.page.press("#search", "Enter")
    assert "No entity named" in offline.page.locator("#search-status").text_content()


def test_click_shows_evidence(offline: OfflinePage, pages) -> None:
    offline.open(pages["news"][0])
    offline.click_node(offline.node_index(str(LI)))
    offline.page.wait_for_function("document.querySelector('#panel h2') !== null")
    panel = offline.panel()
    assert SENT_PROPOSES in panel
    assert "Li Qiang proposes global AI body · 2025-07-26 · confidence 0.92" in panel
    offline.page.get_by_role("button", name="→ proposes ×3 →").click()
    panel = offline.panel()
    assert "3 statements from 2 articles" in panel and SENT_PROPOSES in panel
    ARTIFACTS.mkdir(exist_ok=True)
    offline.page.screenshot(path=str(ARTIFACTS / "graph.png"))


def test_filters_hide_classes_and_predicates(offline: OfflinePage, pages) -> None:
    offline.open(pages["news"][0])
    hidden = "window.newsgraph.nodes.get({filter: (n) => n.hidden}).length"
    offline.page.locator("#legend label", has_text="Place").click()
    assert offline.page.evaluate(hidden) == 4
    assert "4 hidden by filters" in offline.page.locator("#summary").text_content()
    offline.page.locator("#predicates label", has_text="restricts").click()
    assert offline.page.evaluate(
        "window.newsgraph.edges.get({filter: (e) => e.hidden}).length") >= 1
    offline.page.click("#reset")
    assert offline.page.evaluate(hidden) == 0


def test_neighbourhood_button(offline: OfflinePage, pages) -> None:
    offline.open(pages["news"][0])
    offline.click_node(offline.node_index(str(LI)))
    offline.page.select_option("#hops", "1")
    offline.page.click("#hood")
    shown = offline.page.evaluate("window.newsgraph.nodes.get({filter: (n) => !n.hidden}).length")
    assert shown == 4


def test_hostile_article_stays_text(offline: OfflinePage, pages) -> None:
    path, _ = pages["hostile"]
    offline.open(path)
    page = offline.page
    box = page.locator("#network").bounding_box()
    for index in range(page.evaluate("window.newsgraph.nodes.length")):  # every tooltip shows
        point = page.evaluate("(i) => window.newsgraph.network.canvasToDOM("
                              "window.newsgraph.network.getPosition(i))", index)
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(300)
    offline.click_node(offline.node_index(str(LI)))
    panel = offline.panel()
    assert f"Li Qiang {HOSTILE_STRINGS[0]}" in panel
    assert HOSTILE_STRINGS[1] in panel and HOSTILE_STRINGS[2] in panel
    page.fill("#search", HOSTILE_STRINGS[1])  # an alias that is an HTML injection
    page.press("#search", "Enter")
    li = offline.node_index(str(LI))
    page.wait_for_function(f"window.newsgraph.network.getSelectedNodes()[0] === {li}")
    page.wait_for_timeout(300)
    assert offline.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == SCRIPT_COUNT
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onmouseover]').length") == 0
    assert page.title() == HOSTILE_STRINGS[1]
    assert HOSTILE_STRINGS[1] in page.locator("#page-title").text_content()


def test_csp_blocks_injected_script(offline: OfflinePage, pages) -> None:
    """Defence in depth: even a script that got into the DOM would not run."""
    offline.open(pages["news"][0])
    offline.page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert offline.page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in e for e in offline.errors)
    offline.errors.clear()


@pytest.mark.parametrize("size", [0, 1])
def test_tiny_graphs_open(offline: OfflinePage, tmp_path: Path, size: int) -> None:
    report = render_page(synthetic_graph(size), tmp_path / "tiny.html")
    offline.open(tmp_path / "tiny.html")
    assert offline.page.evaluate("window.newsgraph.nodes.length") == report.nodes_drawn == size
    assert f"Showing {size} of {size} nodes" in offline.page.locator("#summary").text_content()


def test_five_thousand_nodes_are_interactive(offline: OfflinePage, tmp_path: Path) -> None:
    out = tmp_path / "big.html"
    report = render_page(synthetic_graph(5000, store="Oxigraph"), out, max_nodes=5000)
    start = time.perf_counter()
    offline.open(out, timeout=60_000)
    seconds = time.perf_counter() - start
    print(f"\n5,000-node page interactive in Chromium after {seconds:.2f} s")
    assert offline.page.evaluate("window.newsgraph.nodes.length") == report.nodes_drawn == 5000
    offline.page.fill("#search", "alias 4321")
    offline.page.press("#search", "Enter")
    expected = offline.node_index("https://w3id.org/newsgraph/entity/e4321")
    offline.page.wait_for_function(
        f"window.newsgraph.network.getSelectedNodes()[0] === {expected}")
    assert "Sentence about 4321" in offline.panel()


@pytest.mark.model
def test_the_page_build_writes_draws_every_entity_of_the_store(offline: OfflinePage, tmp_path: Path) -> None:
    """`newsgraph build data/ --out DIR` writes a page that draws the store's nodes, offline."""
    from typer.testing import CliRunner

    from graph.cli import app
    from graph.store import open_store

    data = Path(__file__).resolve().parent.parent / "data"
    result = CliRunner().invoke(app, ["build", str(data), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"graph.ttl", "graph.trig", "graph.html"}
    with open_store(tmp_path / "store", read_only=True) as store:
        expected = len({row[0].value for row in store.query(
            "SELECT DISTINCT ?n WHERE { ?n <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")})
    offline.open(tmp_path / "out" / "graph.html")
    drawn = offline.page.evaluate("window.newsgraph.nodes.length")
    assert drawn == expected > 50
