"""Finding nodes by the names users type, and how two of them are connected."""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import TYPE_CHECKING

from ..errors import NewsgraphError
from .measures import undirected
from .records import Hop

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["find_node", "shortest_path"]

def _names(g: nx.MultiDiGraph) -> dict[str, tuple[set[str], set[str]]]:
    """casefolded name -> (nodes whose preferred label it is, nodes it is an alias of)."""
    names: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for node, data in g.nodes(data=True):
        names[data["label"].casefold()][0].add(node)
        for alias in data["aliases"]:
            names[alias.casefold()][1].add(node)
    return names


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """Return the node a user means by ``name``: an IRI, a preferred label or an alias.

    Matching ignores case. A preferred label beats an alias, because aliases such as "Li" are
    shared. An unknown or ambiguous name raises, listing what would have worked.

    Raises:
        NewsgraphError: no node has that name, or several have it as an alias.
    """
    if name in g:
        return name
    names = _names(g)
    preferred, aliased = names.get(name.casefold(), (set(), set()))
    candidates = preferred or aliased
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates:
        listed = ", ".join(f"{g.nodes[n]['label']!r} ({n})" for n in sorted(candidates))
        raise NewsgraphError(f"{name!r} names {len(candidates)} nodes: {listed}; use the IRI")
    labels = {g.nodes[n]["label"] for n in g} | {a for n in g for a in g.nodes[n]["aliases"]}
    by_fold = {label.casefold(): label for label in sorted(labels)}
    close = difflib.get_close_matches(name.casefold(), list(by_fold), n=5, cutoff=0.6)
    hint = f"; close matches: {', '.join(repr(by_fold[c]) for c in close)}" if close else ""
    raise NewsgraphError(f"no entity or concept named {name!r} among {len(g)} nodes{hint}")


# -- measures ------------------------------------------------------------------------------------

def _best_edge(g: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str, str, dict]:
    """The best-supported relation between ``u`` and ``v`` in either direction."""
    options = [(u, v, k, d) for k, d in g.get_edge_data(u, v, default={}).items()]
    options += [(v, u, k, d) for k, d in g.get_edge_data(v, u, default={}).items()]

    def support(option: tuple[str, str, str, dict]) -> tuple[int, float, bool, str]:
        evidence = option[3]["evidence"]
        best = max((e["confidence"] or 0.0 for e in evidence), default=0.0)
        return (len(evidence), best, option[0] == u, option[2])

    return max(options, key=support)


def shortest_path(
    g: nx.MultiDiGraph, source_label: str, target_label: str, *, via_concepts: bool = False
) -> list[Hop]:
    """How two entities are connected: the shortest chain of relations, each with its evidence.

    Direction is ignored when searching ("A criticises B" connects B to A as well) but kept in
    each hop. Between two nodes the relation with the most evidence is shown. By default the chain
    runs through named entities only: a generic concept ("measure", "idea") is shared by
    unrelated articles and would make a short but meaningless bridge.

    Args:
        g: a graph from :func:`to_networkx`.
        source_label: IRI, preferred label or alias of the start (case-insensitive).
        target_label: the same for the end.
        via_concepts: also pass through concept nodes.

    Raises:
        NewsgraphError: a name is unknown or ambiguous, or the two are not connected.
    """
    import networkx as nx

    source, target = find_node(g, source_label), find_node(g, target_label)
    searched = undirected(g)
    if not via_concepts:
        keep = {n for n, kind in g.nodes(data="kind") if kind != "Concept"} | {source, target}
        searched = searched.subgraph(keep)
    try:
        path = nx.shortest_path(searched, source, target)
    except nx.NetworkXNoPath:
        raise NewsgraphError(
            f"no path between {g.nodes[source]['label']!r} and {g.nodes[target]['label']!r}: "
            "they are in different components"
        ) from None
    hops = []
    for u, v in zip(path, path[1:]):
        subject, _obj, key, data = _best_edge(g, u, v)
        hops.append(
            Hop(
                start=u,
                start_label=g.nodes[u]["label"],
                end=v,
                end_label=g.nodes[v]["label"],
                predicate=key,
                predicate_label=data["label"],
                inverse=subject != u,
                evidence=tuple(data["evidence"]),
            )
        )
    return hops

