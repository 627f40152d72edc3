"""Sizes of a graph, for ``newsgraph stats`` and build summaries."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..vocab import NGC, NGE
from .measures import rank
from .projection import to_networkx
from .records import GraphStats, Measure
from .sparql import PREFIXES, select_runner

if TYPE_CHECKING:
    import rdflib

__all__ = ["graph_stats"]

_COUNTS_QUERY = PREFIXES + """\
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents)
  (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  { ?doc a ng:Document } UNION { ?st a ng:Statement }
}"""

_TRIPLES_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def graph_stats(graph: rdflib.Graph, *, top: int = 10) -> GraphStats:
    """Count documents, entities, concepts, relations, statements and triples of a graph.

    Args:
        graph: an rdflib ``Graph`` or ``Dataset`` (read as the union of its graphs).
        top: how many entities to list by degree.
    """
    select = select_runner(graph)
    (documents, statements), = select(_COUNTS_QUERY)
    (triples,), = select(_TRIPLES_QUERY)
    g = to_networkx(graph)
    kinds = Counter(str(NGC) if node.startswith(str(NGC)) else str(NGE) for node in g)
    return GraphStats(
        documents=int(documents or 0),
        entities=kinds[str(NGE)],
        concepts=kinds[str(NGC)],
        relations=g.number_of_edges(),
        statements=int(statements or 0),
        triples=int(triples or 0),
        top_entities=tuple(rank(g, Measure.DEGREE, top=top)),
    )


# -- export --------------------------------------------------------------------------------------
