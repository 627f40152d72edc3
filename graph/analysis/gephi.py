"""The entity graph as GraphML and GEXF, for Gephi, yEd or Cytoscape."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["write_graphml", "write_gexf"]


def _flat(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars, which GraphML and GEXF require.

    Lists are joined (aliases with "; ", sentences one per line), the evidence is summarised as
    counts, dates and the best confidence, and edge keys become ``e0, e1, ...`` because predicate
    IRIs repeat and are no valid XML identifiers.
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        flat.add_node(node, label=data["label"], kind=data["kind"],
                      aliases="; ".join(data["aliases"]))
    for i, (u, v, data) in enumerate(g.edges(data=True)):
        evidence = data["evidence"]
        dates = sorted(e["date"] for e in evidence if e["date"])
        confidences = [e["confidence"] for e in evidence if e["confidence"] is not None]
        flat.add_edge(
            u,
            v,
            key=f"e{i}",
            label=data["label"],
            predicate=data["predicate"],
            weight=float(max(1, len(evidence))),
            evidence_count=len(evidence),
            confidence=max(confidences, default=0.0),
            first_date=dates[0] if dates else "",
            last_date=dates[-1] if dates else "",
            sentences="\n".join(e["sentence"] or "" for e in evidence),
            documents=" ".join(sorted({e["document"] or "" for e in evidence})),
        )
    return flat


def write_graphml(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write ``g`` as GraphML for Gephi, yEd or Cytoscape (atomically)."""
    import networkx as nx

    from ..export import atomic_write

    with atomic_write(Path(path), "wb") as handle:
        nx.write_graphml(_flat(g), handle)


def write_gexf(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write ``g`` as GEXF, Gephi's native format (atomically)."""
    import networkx as nx

    from ..export import atomic_write

    with atomic_write(Path(path), "wb") as handle:
        nx.write_gexf(_flat(g), handle)
