"""Who matters and what belongs together: PageRank, degree, Louvain communities, components.

networkx (and numpy) are imported inside the functions, so importing the package costs nothing
for commands that never analyse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .records import Measure, Ranked

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["centrality", "rank", "communities", "components", "undirected"]


def _pagerank(g: nx.MultiDiGraph, *, alpha: float = 0.85, tol: float = 1.0e-6,
              max_iter: int = 100) -> dict[str, float]:
    """PageRank of the undirected graph, by power iteration in numpy.

    Undirected, because direction in a news relation is grammar (who is the subject), not a
    vote as a web link is: "Li Qiang proposes X" makes Li Qiang as central as X. Each relation
    counts once each way, so parallel relations add weight, and nodes without relations spread
    their rank uniformly, as networkx does. networkx's own ``pagerank`` needs SciPy, which
    newsgraph does not depend on, and its pure-Python fallback is 50 times slower.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    heads = np.fromiter((index[u] for u, _ in g.edges()), dtype=np.int64, count=g.number_of_edges())
    tails = np.fromiter((index[v] for _, v in g.edges()), dtype=np.int64, count=g.number_of_edges())
    src, dst = np.concatenate([heads, tails]), np.concatenate([tails, heads])
    out_weight = np.bincount(src, minlength=n).astype(float)
    dangling = out_weight == 0
    share = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)[src]
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * np.bincount(dst, weights=previous[src] * share, minlength=n)
        x += (alpha * previous[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - previous).sum() < n * tol:
            break
    return {node: float(score) for node, score in zip(nodes, x / x.sum())}


def centrality(g: nx.MultiDiGraph, by: Measure | str = Measure.PAGERANK) -> dict[str, float]:
    """Score every node by PageRank (of the undirected graph) or by degree (relations in and out).

    Raises:
        ValueError: ``by`` is no :class:`Measure`.
    """
    if Measure.parse(by) is Measure.DEGREE:
        return {node: float(degree) for node, degree in g.degree()}
    return _pagerank(g)


def rank(g: nx.MultiDiGraph, by: Measure | str = Measure.PAGERANK, top: int = 10) -> list[Ranked]:
    """The ``top`` nodes by PageRank or degree, best first (ties broken by label).

    Examples:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("a", label="A", kind="Person", aliases=[])
        >>> g.add_node("b", label="B", kind="Place", aliases=[])
        >>> _ = g.add_edge("a", "b")
        >>> [(r.label, r.score) for r in rank(g, by="degree")]
        [('A', 1.0), ('B', 1.0)]
    """
    scores = centrality(g, by)
    ordered = sorted(scores, key=lambda n: (-scores[n], g.nodes[n]["label"], n))
    return [
        Ranked(node=n, label=g.nodes[n]["label"], kind=g.nodes[n]["kind"], score=scores[n])
        for n in ordered[:top]
    ]


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """Collapse directions and parallel edges; ``weight`` counts the relations between a pair."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g)
    for u, v in g.edges():
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def _by_size(groups: Iterable[Iterable[str]]) -> list[set[str]]:
    return sorted((set(group) for group in groups), key=lambda s: (-len(s), min(s)))


def communities(g: nx.MultiDiGraph, *, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Louvain communities of the undirected entity graph, largest first.

    The seed makes the (randomised) Louvain method reproducible, so a report does not change
    between runs on the same graph.
    """
    import networkx as nx

    found = nx.community.louvain_communities(
        undirected(g), weight="weight", resolution=resolution, seed=seed
    )
    return _by_size(found)


def components(g: nx.MultiDiGraph) -> list[set[str]]:
    """Weakly connected components, largest first: the separate stories in a corpus."""
    import networkx as nx

    return _by_size(nx.weakly_connected_components(g))

