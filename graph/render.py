"""The interactive network page: one self-contained, offline, escaped HTML file.

This is what most people look at first, so it is built for a news analyst: classes as colours
and shapes with a legend, importance as size, the predicate on every edge, and the evidence
(sentences, article titles, dates, confidence) one click away. It is also built to be safe and
fast, which pyvis's own template is not:

- *Offline*: vis-network's JavaScript and CSS are inlined from the copy pyvis vendors, so the page
  loads nothing; a Content-Security-Policy whose only script sources are the hashes of our two
  inline scripts makes sure of it, and would stop an injected script even if escaping failed.
- *Escaped*: the graph travels as JSON inside ``<script type="application/json">`` with ``<``,
  ``>``, ``&``, U+2028 and U+2029 escaped (:func:`script_json`), and the page builds every label,
  tooltip and panel with ``textContent``; article text is never markup.
- *Fast*: positions are computed here (networkx's spring layout for small graphs, a numpy
  force layout for large ones, where vis's physics would take tens of seconds), physics is off
  above :data:`PHYSICS_LIMIT` nodes, and the vis data is built directly instead of through
  pyvis's ``add_edge`` loop, which is quadratic. ``--max-nodes`` keeps the nodes with the highest
  PageRank and the page says how many were left out.

pyvis, networkx and numpy are imported inside the functions that need them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .analysis import Evidence, Measure, centrality, find_node, to_networkx
from .page_template import APP_CSS, APP_JS, PAGE

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import rdflib

__all__ = [
    "RenderReport",
    "render_page",
    "script_json",
    "vis_assets",
    "PHYSICS_LIMIT",
    "HUB_LABELS",
    "LABEL_ALL_BELOW",
    "KIND_STYLES",
]

#: Above this many nodes the page runs no physics (positions come from :func:`_force_layout`),
#: edges are straight and faint, and only hubs are labelled when zoomed out. At or below it,
#: networkx's spring layout is the start and vis settles it for a capped number of iterations.
PHYSICS_LIMIT = 500

#: This many most important nodes are labelled at every zoom level (all of them in graphs of
#: fewer than :data:`LABEL_ALL_BELOW` nodes); the others when zoomed in enough to read them.
HUB_LABELS = 25
LABEL_ALL_BELOW = 60

#: Colour (fill, border) and vis shape per ontology class; other classes get :data:`_SPARE`.
KIND_STYLES: dict[str, tuple[str, str, str]] = {
    "Person": ("#e15759", "#a33a3c", "dot"),
    "Organization": ("#4e79a7", "#325178", "square"),
    "Country": ("#59a14f", "#3b6e34", "triangle"),
    "Place": ("#8cc084", "#4f7a48", "triangle"),
    "Group": ("#f28e2b", "#b0621a", "triangleDown"),
    "Event": ("#edc948", "#a8892a", "star"),
    "Product": ("#b07aa1", "#7d5472", "hexagon"),
    "Law": ("#9c755f", "#6b4f3f", "square"),
    "Concept": ("#76b7b2", "#4a807c", "diamond"),
    "Entity": ("#9aa5b1", "#616e7c", "dot"),
}
_SPARE = [("#ff9da7", "#c26a74", "dot"), ("#86bcb6", "#5a8984", "hexagon"),
          ("#d37295", "#9a4d6a", "diamond"), ("#a0cbe8", "#6a96b3", "star")]

_VIS_DIR = ("lib", "vis-9.1.2")
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True, slots=True)
class RenderReport:
    """What a page shows: nodes and edges drawn, and how many nodes ``max_nodes`` left out."""

    path: Path
    nodes_total: int  # entities and concepts in the whole graph
    nodes_drawn: int
    nodes_left_out: int  # in the requested view (all, or the neighbourhood) but not drawn
    edges_drawn: int

    def __str__(self) -> str:
        text = (f"{self.nodes_drawn:,} of {self.nodes_total:,} nodes and "
                f"{self.edges_drawn:,} relations drawn")
        if self.nodes_left_out:
            text += f"; {self.nodes_left_out:,} less central nodes left out (raise --max-nodes)"
        return text


def script_json(data: Any) -> str:
    """Serialise ``data`` for an HTML ``<script type="application/json">`` element.

    ``<`` ``>`` ``&`` become ``\\u003c`` ``\\u003e`` ``\\u0026``, so no string can close the
    element or open a comment, and U+2028/U+2029 are escaped for old JavaScript parsers. These
    characters only ever occur inside JSON strings, where the escapes mean the same thing.

    Examples:
        >>> script_json({"name": "</script><b>&"})
        '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the copy bundled with pyvis.

    Reusing pyvis's vendored vis-network (not its template, which fetches Bootstrap from a CDN)
    is how the page works without a network.
    """
    from importlib.resources import files

    base = files("pyvis").joinpath(*_VIS_DIR)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


# -- choosing what to draw ---------------------------------------------------------------------


def _view(g: nx.MultiDiGraph, focus: str | None, hops: int) -> tuple[list[str], str | None]:
    """The nodes the page is about: all, or those within ``hops`` of ``focus`` (any direction)."""
    import networkx as nx

    if focus is None:
        return list(g), None
    centre = find_node(g, focus)
    ball = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=hops)
    return [n for n in g if n in ball], centre


def _keep(candidates: list[str], pagerank: dict[str, float], max_nodes: int,
          centre: str | None) -> list[str]:
    """The ``max_nodes`` candidates with the highest PageRank (the focus always stays)."""
    if len(candidates) <= max_nodes:
        return candidates
    ordered = sorted(candidates, key=lambda n: (n != centre, -pagerank[n], n))
    kept = set(ordered[:max_nodes])
    return [n for n in candidates if n in kept]


# -- layout ------------------------------------------------------------------------------------


def _layout(sub: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    """Screen positions (vis pixels at zoom 1), about 150 px per edge."""
    import networkx as nx

    n = len(sub)
    if n <= 1:
        return {node: (0.0, 0.0) for node in sub}
    if n <= PHYSICS_LIMIT:
        simple = nx.Graph()
        simple.add_nodes_from(sub)
        simple.add_edges_from(sub.edges())
        pos = nx.spring_layout(simple, seed=seed, method="force")
        scale = 150.0 * n**0.5
        return {node: (float(x * scale), float(y * scale)) for node, (x, y) in pos.items()}
    nodes = list(sub)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in sub.edges() if u != v}
    x, y = _force_layout(n, sorted(pairs), seed=seed)
    return {node: (float(x[i]), float(y[i])) for i, node in enumerate(nodes)}


def _force_layout(n: int, edges: list[tuple[int, int]], *, seed: int, iterations: int = 100,
                  samples: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """Fruchterman–Reingold in numpy with sampled repulsion: O(n·samples) per step.

    networkx's spring layout needs SciPy above 500 nodes (not a dependency) and is O(n²) in
    memory without it. Here each node is pushed away from a random sample of the others, scaled
    up to stand for all of them (hubs more strongly, so they spread apart with their stories
    around them), pulled along its edges, and held by a weak gravity so separate stories stay on
    screen. 5,000 nodes take a fraction of a second; the result sketches the structure, which is
    what a zoomed-out view of that many nodes can show anyway.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    spread = np.sqrt(n) * 0.5
    x, y = rng.normal(scale=spread, size=n), rng.normal(scale=spread, size=n)
    src = np.fromiter((u for u, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((v for _, v in edges), dtype=np.int64, count=len(edges))
    mass = np.sqrt(np.bincount(src, minlength=n) + np.bincount(dst, minlength=n) + 1.0)
    mass /= mass.mean()
    temperature, push, gravity = spread, n / samples, 0.05 / np.sqrt(n)
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        sample = rng.integers(0, n, size=samples)
        dx, dy = x[:, None] - x[sample][None, :], y[:, None] - y[sample][None, :]
        weight = mass[sample][None, :] / np.maximum(dx * dx + dy * dy, 1e-4)
        fx, fy = (dx * weight).sum(axis=1) * push * mass, (dy * weight).sum(axis=1) * push * mass
        ex, ey = x[dst] - x[src], y[dst] - y[src]
        stretch = np.sqrt(ex * ex + ey * ey)
        fx += np.bincount(src, ex * stretch, n) - np.bincount(dst, ex * stretch, n)
        fy += np.bincount(src, ey * stretch, n) - np.bincount(dst, ey * stretch, n)
        pull = np.sqrt(x * x + y * y) * gravity
        fx, fy = fx - x * pull, fy - y * pull
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, temperature) / length
        x, y = x + fx * step, y + fy * step
        temperature -= cooling
    return (x - x.mean()) * 150.0, (y - y.mean()) * 150.0


def _curves(edge_list: list[tuple[str, str, str]]) -> list[float]:
    """Curvature per edge so edges between the same two nodes do not draw on top of each other."""
    seen: Counter[frozenset[str]] = Counter()
    curves = []
    for u, v, _ in edge_list:
        pair = frozenset((u, v))
        k = seen[pair]
        seen[pair] += 1
        curves.append(0.0 if k == 0 else (0.25 * ((k + 1) // 2)) * (1 if k % 2 else -1))
    return curves


# -- page data ---------------------------------------------------------------------------------


def _kind_styles(kinds: list[str]) -> list[dict[str, Any]]:
    spare = iter(_SPARE * (len(kinds) // len(_SPARE) + 1))
    styles = []
    for name in kinds:
        color, border, shape = KIND_STYLES.get(name) or next(spare)
        styles.append({"name": name, "color": color, "border": border, "shape": shape})
    return styles


class _Documents:
    """Numbers each document once, so its title and date are not repeated per statement."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []

    def ref(self, evidence: Evidence) -> int | None:
        iri = evidence["document"]
        if iri is None:
            return None
        if iri not in self.index:
            self.index[iri] = len(self.rows)
            self.rows.append({"iri": iri, "title": evidence["title"], "date": evidence["date"]})
        return self.index[iri]


def _node_rows(g: nx.MultiDiGraph, drawn: list[str], kind_index: dict[str, int], *,
               sizes: dict[str, float], pagerank: dict[str, float], degree: dict[str, int],
               positions: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    rank = {node: i for i, node in enumerate(sorted(drawn, key=lambda n: (-pagerank[n], n)))}
    rows = []
    for node in drawn:
        data, (x, y) = g.nodes[node], positions[node]
        rows.append({"iri": node, "label": data["label"], "kind": kind_index[data["kind"]],
                     "aliases": data["aliases"], "pagerank": pagerank[node],
                     "degree": degree[node], "size": sizes[node], "rank": rank[node],
                     "x": round(x, 1), "y": round(y, 1)})
    return rows


def _edge_rows(g: nx.MultiDiGraph, edge_list: list[tuple[str, str, str]],
               node_index: dict[str, int], predicate_index: dict[str, int],
               documents: _Documents) -> list[dict[str, Any]]:
    """One row per relation; its statements are its evidence (``ev``) and its count."""
    rows = []
    for (u, v, p), curve in zip(edge_list, _curves(edge_list)):
        rows.append({
            "from": node_index[u], "to": node_index[v], "p": predicate_index[p], "curve": curve,
            "ev": [[e["sentence"], documents.ref(e), e["confidence"], e["negated"], e["modality"]]
                   for e in g.edges[u, v, p]["evidence"]],
        })
    return rows


def _by_count(items: Counter[str]) -> list[str]:
    return sorted(items, key=lambda item: (-items[item], item))


def _page_data(sub: nx.MultiDiGraph, drawn: list[str], *, sizes: dict[str, float],
               pagerank: dict[str, float], degree: dict[str, int],
               positions: dict[str, tuple[float, float]], meta: dict[str, Any]) -> dict[str, Any]:
    """The JSON the page reads: arrays indexed by position, legend and filters in ``meta``.

    ``sub`` is the drawn part of the graph; ``degree`` counts relations in the whole graph.
    """
    kind_counts = Counter(sub.nodes[n]["kind"] for n in drawn)
    kinds = _by_count(kind_counts)
    edge_list = list(sub.edges(keys=True))
    predicate_counts = Counter(p for _, _, p in edge_list)
    predicates = _by_count(predicate_counts)
    predicate_labels = {p: sub.edges[u, v, p]["label"] for u, v, p in edge_list}
    documents = _Documents()
    nodes = _node_rows(sub, drawn, {k: i for i, k in enumerate(kinds)}, sizes=sizes,
                       pagerank=pagerank, degree=degree, positions=positions)
    edges = _edge_rows(sub, edge_list, {n: i for i, n in enumerate(drawn)},
                       {p: i for i, p in enumerate(predicates)}, documents)
    legend = [dict(style, count=kind_counts[style["name"]]) for style in _kind_styles(kinds)]
    filters = [{"iri": p, "label": predicate_labels[p], "count": predicate_counts[p]}
               for p in predicates]
    return {"meta": dict(meta, kinds=legend, predicates=filters), "nodes": nodes,
            "edges": edges, "documents": documents.rows}


def _meta(g: nx.MultiDiGraph, drawn: list[str], candidates: list[str], centre: str | None, *,
          hops: int, size_by: Measure, title: str) -> dict[str, Any]:
    """Settings and counts the page shows or obeys, beside the nodes and edges."""
    large = len(drawn) > PHYSICS_LIMIT
    return {
        "title": title,
        "total_nodes": len(g),
        "left_out": len(candidates) - len(drawn),
        "focus": drawn.index(centre) if centre is not None else None,
        "focus_label": g.nodes[centre]["label"] if centre is not None else None,
        "hops": hops,
        "size_by": size_by.value,
        "large": large,
        "stabilisation": _stabilisation(len(drawn)),
        "size_max": round(30 + 2 * len(drawn) ** 0.5) if large else 30,
        "hub_labels": HUB_LABELS,
        "label_all_below": LABEL_ALL_BELOW,
    }


def _stabilisation(n: int) -> int:
    """Physics iterations the page may spend settling our layout before freezing it.

    vis stops earlier once the layout is still. Only small graphs get physics: vis-network needs
    about 200 ms per iteration on 5,000 nodes in a software-rendered Chromium, so large pages
    keep the positions computed here.
    """
    if n <= 1 or n > PHYSICS_LIMIT:
        return 0
    return 1000 if n <= 100 else 300


def _csp(*scripts: str) -> str:
    """A policy that loads nothing and runs only our own inline scripts (by hash)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:; base-uri 'none'; form-action 'none'")


def _html(data: dict[str, Any], title: str) -> str:
    vis_js, vis_css = vis_assets()
    parts = {
        "csp": _csp(vis_js, APP_JS),
        "version": __version__,
        "title": html.escape(title),
        "vis_css": vis_css,
        "app_css": APP_CSS,
        "data": script_json(data),
        "vis_js": vis_js,
        "app_js": APP_JS,
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], PAGE)


def _write(out: Path, text: str) -> None:
    from .export import atomic_write

    with atomic_write(out, "wb") as handle:
        handle.write(text.encode("utf-8", errors="replace"))


def render_page(
    graph: rdflib.Graph,
    out: Path,
    *,
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int = 2000,
    size_by: Measure | str = Measure.PAGERANK,
    title: str = "newsgraph",
    seed: int = 7,
) -> RenderReport:
    """Write the interactive network page of ``graph`` to ``out`` (atomically).

    Args:
        graph: an rdflib ``Graph`` or ``Dataset`` in the newsgraph data model.
        out: the HTML file to write; its directory is created if missing.
        focus: draw only the neighbourhood of this entity (IRI, preferred label or alias).
        hops: how far the neighbourhood reaches, in relations of either direction.
        max_nodes: draw at most this many nodes, keeping those with the highest PageRank.
        size_by: node size by ``"pagerank"`` or ``"degree"``.
        title: page title.
        seed: layout seed, so the same graph always gets the same picture.

    Returns:
        The counts the CLI reports, including how many nodes ``max_nodes`` left out.

    Raises:
        NewsgraphError: ``focus`` names no node, or several.
        ValueError: ``size_by`` is unknown, or ``hops``/``max_nodes`` is negative/zero.
    """
    if hops < 0 or max_nodes < 1:
        raise ValueError(f"hops must be >= 0 and max_nodes >= 1 (got {hops}, {max_nodes})")
    measure = Measure.parse(size_by)
    g = to_networkx(graph)
    pagerank = centrality(g, Measure.PAGERANK)
    sizes = pagerank if measure is Measure.PAGERANK else centrality(g, measure)
    candidates, centre = _view(g, focus, hops)
    drawn = _keep(candidates, pagerank, max_nodes, centre)
    meta = _meta(g, drawn, candidates, centre, hops=hops, size_by=measure, title=title)
    sub = g if len(drawn) == len(g) else g.subgraph(drawn).copy()  # views are slow to walk
    data = _page_data(sub, drawn, sizes=sizes, pagerank=pagerank, degree=dict(g.degree()),
                      positions=_layout(sub, seed), meta=meta)
    out = Path(out)
    _write(out, _html(data, title))
    return RenderReport(path=out, nodes_total=len(g), nodes_drawn=len(drawn),
                        nodes_left_out=len(candidates) - len(drawn),
                        edges_drawn=len(data["edges"]))
