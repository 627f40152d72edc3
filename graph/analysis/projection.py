"""RDF → networkx: the entity graph an analyst asks questions of, with evidence on every edge.

The projection runs four SPARQL queries in all (nodes, relations, predicate labels, evidence),
never one per edge, and keeps what an analyst needs to trust an answer: every edge carries the
evidence (sentence, article title and date, confidence) of the ``ng:Statement`` nodes behind it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rdflib.namespace import SKOS

from ..vocab import NG, NGC
from .records import Evidence
from .sparql import (
    EVIDENCE_QUERY,
    NODES_QUERY,
    PREDICATE_LABELS_QUERY,
    RELATIONS_QUERY,
    Row,
    select_runner,
)

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

__all__ = ["to_networkx"]

def _humanise(iri: str) -> str:
    """Readable label for a property without one: ``...#cooperatesWith`` -> ``cooperates with``."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("-", " ").replace("_", " ")
    return words.lower() or iri


def _kind(iri: str, classes: Iterable[str]) -> str:
    """The most specific ontology class local name; ``Entity``/``Concept`` if none is stated."""
    names = sorted(c[len(NG._NS) :] for c in classes if c.startswith(str(NG._NS)))
    specific = [n for n in names if n not in {"Entity", "Concept"}]
    if specific:
        return specific[0]
    if names:
        return names[0]
    return "Concept" if iri.startswith(str(NGC)) else "Entity"


def _add_nodes(g: nx.MultiDiGraph, rows: Sequence[Row]) -> None:
    labels: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    pref, alt = str(SKOS.prefLabel), str(SKOS.altLabel)
    for node, p, value in rows:
        assert node is not None and value is not None
        if p == pref:
            labels[node].append(value)
        elif p == alt:
            aliases[node].add(value)
        else:
            classes[node].add(value)
    for node in sorted(set(labels) | set(aliases) | set(classes)):
        label = min(labels[node]) if labels[node] else _humanise(node)
        g.add_node(
            node,
            label=label,
            kind=_kind(node, classes[node]),
            aliases=sorted(aliases[node] - {label}),
        )


def _finite(lexical: str | None) -> float | None:
    """A confidence as a float; ``None`` when absent or not a finite number."""
    try:
        value = float(lexical) if lexical is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _evidence(row: Row) -> Evidence:
    st, _s, _p, _o, sentence, doc, title, date, confidence, negated, modality = row
    return Evidence(
        statement=st or "",
        sentence=sentence,
        document=doc,
        title=title,
        date=date,
        confidence=_finite(confidence),
        negated=negated in {"true", "1"},
        modality=modality,
    )


def _evidence_by_triple(rows: Sequence[Row]) -> dict[tuple[str, str, str], list[Evidence]]:
    found: dict[tuple[str, str, str], dict[str, Evidence]] = defaultdict(dict)
    for row in rows:
        key = (row[1], row[2], row[3])
        found[key].setdefault(row[0] or "", _evidence(row))  # first title/date wins on duplicates
    return {
        key: sorted(items.values(), key=lambda e: (e["date"] or "", e["confidence"] or 0.0,
                                                   e["statement"]), reverse=True)
        for key, items in found.items()
    }


def to_networkx(graph: rdflib.Graph) -> nx.MultiDiGraph:
    """Project the RDF graph onto a networkx multigraph of entities and concepts.

    Nodes are entity/concept IRIs with ``label`` (preferred label), ``kind`` (class local name)
    and ``aliases``. Each plain relation triple is one edge, keyed by its predicate IRI, with
    ``predicate``, ``label`` (the predicate's label) and ``evidence`` (a list of
    :class:`Evidence`, newest first).

    Args:
        graph: an rdflib ``Graph`` or ``Dataset``; a Dataset is read as the union of its graphs.

    Returns:
        A ``MultiDiGraph`` whose node and edge order is sorted, so runs are reproducible.
    """
    import networkx as nx

    select = select_runner(graph)
    g = nx.MultiDiGraph()
    _add_nodes(g, select(NODES_QUERY))
    relations = sorted(select(RELATIONS_QUERY))
    labels = {p: _humanise(p) for p in {p for _, p, _ in relations}}
    labels.update((p, label) for p, label in select(PREDICATE_LABELS_QUERY) if p in labels)
    evidence = _evidence_by_triple(select(EVIDENCE_QUERY))
    for s, p, o in relations:
        for node in (s, o):
            if node not in g:
                g.add_node(node, label=_humanise(node), kind=_kind(node, ()), aliases=[])
        g.add_edge(
            s,
            o,
            key=p,
            predicate=p,
            label=labels[p],
            evidence=evidence.get((s, p, o), []),
        )
    return g


