"""graph.render without a browser: the page is offline, escaped, filtered for size, and fast.

What the page *does* in Chromium is tested in test_render_browser.py; here we check the file:
nothing is fetched from a network, no data can become markup, the CSP admits exactly our two
scripts, ``max_nodes`` keeps the top PageRank nodes and says how many it left out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.analysis import centrality, to_networkx
from graph.errors import NewsgraphError
from graph.page_template import SCRIPT_COUNT
from graph.render import render_page, script_json, vis_assets
from graph_fixtures import (
    HOSTILE_STRINGS,
    LI,
    SENT_PROPOSES,
    build_dataset,
    news_fixture,
    synthetic_graph,
)


class PageParser(HTMLParser):
    """Collects the tags, attributes and inline script bodies of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def graph_data(page: PageParser) -> dict:
    (body,) = [body for attrs, body in page.scripts if attrs.get("id") == "graph-data"]
    return json.loads(body)


@pytest.fixture(scope="module")
def news_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("render") / "news.html"
    return out, render_page(build_dataset(), out, title="WAIC 2025")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "hostile.html"
    render_page(build_dataset(news_fixture(hostile=True)), out, title=HOSTILE_STRINGS[0])
    return out


def test_report_counts_what_is_drawn(news_page) -> None:
    path, report = news_page
    assert (report.nodes_total, report.nodes_drawn, report.nodes_left_out) == (10, 10, 0)
    assert report.edges_drawn == 8
    data = graph_data(parse(path))
    assert len(data["nodes"]) == 10 and len(data["edges"]) == 8


@pytest.mark.parametrize("page_name", ["news", "hostile"])
def test_page_loads_nothing_from_anywhere(page_name: str, news_page, hostile_page) -> None:
    path = news_page[0] if page_name == "news" else hostile_page
    page = parse(path)
    for tag, attrs in page.tags:
        assert tag not in {"link", "iframe", "object", "embed", "img", "base"}, tag
        for name in ("src", "href", "srcset", "action", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
        assert not (tag == "script" and "src" in attrs)
    assert len(page.scripts) == SCRIPT_COUNT


def test_csp_allows_exactly_our_inline_scripts(news_page) -> None:
    page = parse(news_page[0])
    (csp,) = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    executable = [body for attrs, body in page.scripts if attrs.get("type") != "application/json"]
    digests = {base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in executable}
    assert hashes == digests and len(hashes) == 2


def test_hostile_text_stays_data(hostile_page: Path) -> None:
    text = hostile_page.read_text(encoding="utf-8")
    page = parse(hostile_page)
    (body,) = [b for attrs, b in page.scripts if attrs.get("id") == "graph-data"]
    for char in "<>&\u2028\u2029":
        assert char not in body
    data = json.loads(body)
    labels = {n["label"] for n in data["nodes"]}
    assert f"Li Qiang {HOSTILE_STRINGS[0]}" in labels
    assert any(HOSTILE_STRINGS[1] in n["aliases"] for n in data["nodes"])
    sentences = [ev[0] for e in data["edges"] for ev in e["ev"]]
    assert any(HOSTILE_STRINGS[2] in s for s in sentences)
    assert data["meta"]["title"] == HOSTILE_STRINGS[0]
    for payload in ("<script>alert", "<img src=x", "onerror=alert(1)>"):
        assert payload not in text
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("<!--", '"\\u003c!--"'),
        ("a&b", '"a\\u0026b"'),
        ("\u2028\u2029", '"\\u2028\\u2029"'),
        ('"\\', '"\\"\\\\"'),
        ("中国 \U0001f4a5", '"中国 \U0001f4a5"'),
    ],
)
def test_script_json_escapes(value: str, expected: str) -> None:
    assert script_json(value) == expected
    assert json.loads(script_json(value)) == value


def test_evidence_is_in_the_page(news_page) -> None:
    data = graph_data(parse(news_page[0]))
    li = next(i for i, n in enumerate(data["nodes"]) if n["iri"] == str(LI))
    quotes = [ev for e in data["edges"] if e["from"] == li for ev in e["ev"]]
    (quote,) = [ev for ev in quotes if ev[0] == SENT_PROPOSES]
    doc = data["documents"][quote[1]]
    assert (doc["title"], doc["date"], quote[2]) == ("Li Qiang proposes global AI body",
                                                     "2025-07-26", 0.92)
    merged = [e for e in data["edges"] if e["from"] == li and len(e["ev"]) == 3]
    assert len(merged) == 1, "three statements of one relation are one edge with a count"
    labels = {p["label"] for p in data["meta"]["predicates"]}
    assert {"proposes", "lobbies", "cooperates with"} <= labels
    assert {k["name"] for k in data["meta"]["kinds"]} == {"Person", "Place", "Event",
                                                          "Organization", "Concept"}


def test_max_nodes_keeps_top_pagerank_and_reports_the_rest(tmp_path: Path) -> None:
    graph = synthetic_graph(300, store="Oxigraph")
    report = render_page(graph, tmp_path / "top.html", max_nodes=40)
    assert (report.nodes_total, report.nodes_drawn, report.nodes_left_out) == (300, 40, 260)
    pagerank = centrality(to_networkx(graph))
    expected = set(sorted(pagerank, key=lambda n: (-pagerank[n], n))[:40])
    data = graph_data(parse(tmp_path / "top.html"))
    assert {n["iri"] for n in data["nodes"]} == expected
    assert data["meta"]["left_out"] == 260 and data["meta"]["total_nodes"] == 300
    assert str(report) == ("40 of 300 nodes and {} relations drawn; 260 less central nodes left "
                           "out (raise --max-nodes)".format(report.edges_drawn))
    assert all(e["from"] < 40 and e["to"] < 40 for e in data["edges"])


@pytest.mark.parametrize(("hops", "count"), [(0, 1), (1, 4), (2, 7)])
def test_focus_draws_the_neighbourhood(tmp_path: Path, hops: int, count: int) -> None:
    report = render_page(build_dataset(), tmp_path / "f.html", focus="premier li", hops=hops)
    assert report.nodes_drawn == count and report.nodes_left_out == 0
    data = graph_data(parse(tmp_path / "f.html"))
    assert data["nodes"][data["meta"]["focus"]]["iri"] == str(LI)
    assert data["meta"]["focus_label"] == "Li Qiang"


def test_focus_and_max_nodes_keep_the_focus(tmp_path: Path) -> None:
    report = render_page(build_dataset(), tmp_path / "f.html", focus="Nvidia", hops=3,
                         max_nodes=2)
    data = graph_data(parse(tmp_path / "f.html"))
    assert report.nodes_drawn == 2 and report.nodes_left_out > 0
    assert "Nvidia" in {n["label"] for n in data["nodes"]}


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match="close matches: 'Li Qiang'"):
        render_page(build_dataset(), tmp_path / "x.html", focus="Li Qiangg")
    with pytest.raises(ValueError, match="valid: pagerank, degree"):
        render_page(build_dataset(), tmp_path / "x.html", size_by="size")
    with pytest.raises(ValueError):
        render_page(build_dataset(), tmp_path / "x.html", max_nodes=0)
    assert list(tmp_path.iterdir()) == []


def test_size_by_degree(tmp_path: Path) -> None:
    render_page(build_dataset(), tmp_path / "d.html", size_by="degree")
    data = graph_data(parse(tmp_path / "d.html"))
    assert data["meta"]["size_by"] == "degree"
    assert {n["label"]: n["size"] for n in data["nodes"]}["Li Qiang"] == 3.0


def test_rendering_is_reproducible_and_atomic(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir" / "page.html"
    render_page(build_dataset(), out)
    first = out.read_bytes()
    render_page(build_dataset(), out)
    assert out.read_bytes() == first
    assert [p.name for p in out.parent.iterdir()] == ["page.html"], "no temporary file left"


def test_empty_graph_renders(tmp_path: Path) -> None:
    import rdflib

    report = render_page(rdflib.Graph(), tmp_path / "empty.html")
    assert (report.nodes_drawn, report.edges_drawn) == (0, 0)


def test_vis_assets_come_from_pyvis() -> None:
    js, css = vis_assets()
    assert "vis-network" in js[:2000] and len(js) > 100_000
    assert ".vis-network" in css
    assert "</script" not in js.lower()


def test_five_thousand_nodes(tmp_path: Path) -> None:
    graph = synthetic_graph(5000, store="Oxigraph")
    start = time.perf_counter()
    report = render_page(graph, tmp_path / "big.html", max_nodes=5000)
    seconds = time.perf_counter() - start
    size = (tmp_path / "big.html").stat().st_size
    print(f"\n5,000-node page ({report.edges_drawn} edges, {size / 1e6:.1f} MB) "
          f"written in {seconds:.2f} s")
    assert (report.nodes_drawn, report.nodes_left_out) == (5000, 0)
    data = graph_data(parse(tmp_path / "big.html"))
    assert data["meta"]["stabilisation"] == 0, "no physics on a large page"
    assert all(isinstance(n["x"], float) for n in data["nodes"])
