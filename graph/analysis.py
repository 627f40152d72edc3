"""Network analysis of the entity graph: rankings, communities, paths, and export for Gephi.

The RDF graph is the record; questions like "who is central?", "which actors cluster?" or "how is
A connected to B?" are graph algorithms, so this module projects the RDF onto a networkx
``MultiDiGraph`` once and answers them there. The projection keeps what an analyst needs to trust
an answer: every edge carries the evidence (sentence, article title and date, confidence) of the
``ng:Statement`` nodes behind it, so a shortest path can be read back as quotes.

The projection runs four SPARQL queries in all (nodes, relations, predicate labels, evidence),
never one per edge. They run on Oxigraph: directly when the rdflib graph is backed by the
Oxigraph store (as :meth:`graph.store.GraphStore.dataset` is), else on a temporary in-memory
copy, because rdflib's own SPARQL engine needs minutes for these joins on 100,000 triples.

networkx (and numpy) are imported inside the functions that use them, so importing this module
costs nothing for commands that never analyse.

Examples:
    >>> import rdflib
    >>> rdf = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix ng: <https://w3id.org/newsgraph/ontology#> .
    ...     @prefix nge: <https://w3id.org/newsgraph/entity/> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     nge:alice a ng:Person ; skos:prefLabel "Alice" ; ng:meets nge:bob .
    ...     nge:bob a ng:Person ; skos:prefLabel "Bob" ; skos:altLabel "Bobby" .
    ... ''')
    >>> g = to_networkx(rdf)
    >>> [str(hop) for hop in shortest_path(g, "bobby", "alice")]
    ['Bob ←meets— Alice']
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .errors import NewsgraphError
from .vocab import NG, NGC, NGE, NGR

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox
    import rdflib

__all__ = [
    "Measure",
    "Evidence",
    "Ranked",
    "Hop",
    "GraphStats",
    "to_networkx",
    "find_node",
    "centrality",
    "rank",
    "communities",
    "components",
    "shortest_path",
    "graph_stats",
    "write_graphml",
    "write_gexf",
]


class Measure(StrEnum):
    """How important a node is: its PageRank, or its number of relations (degree)."""

    PAGERANK = "pagerank"
    DEGREE = "degree"

    @classmethod
    def parse(cls, value: Measure | str) -> Measure:
        """Return the measure named ``value``.

        Raises:
            ValueError: naming the bad value and the valid ones.
        """
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown measure {value!r}; valid: {valid}") from None


class Evidence(TypedDict):
    """One statement behind an edge: what an analyst reads to check the relation."""

    statement: str
    sentence: str | None
    document: str | None
    title: str | None
    date: str | None  # ISO 8601, as stored
    confidence: float | None
    negated: bool
    modality: str | None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A node and its score under one :class:`Measure`."""

    node: str
    label: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path, with the relation that makes it and the evidence for that relation.

    ``start`` and ``end`` follow the path; ``inverse`` is True when the news says it the other way
    round (the relation's subject is ``end``), so the hop still reads as the article put it.
    """

    start: str
    start_label: str
    end: str
    end_label: str
    predicate: str
    predicate_label: str
    inverse: bool
    evidence: tuple[Evidence, ...]

    def __str__(self) -> str:
        if self.inverse:
            return f"{self.start_label} ←{self.predicate_label}— {self.end_label}"
        return f"{self.start_label} —{self.predicate_label}→ {self.end_label}"


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Sizes of a graph, for ``newsgraph stats`` and build summaries."""

    documents: int
    entities: int
    concepts: int
    relations: int  # distinct plain relation triples between entities/concepts
    statements: int  # ng:Statement nodes (evidence), negated and hypothetical ones included
    triples: int  # distinct triples over all document graphs
    top_entities: tuple[Ranked, ...]

    def describe(self) -> str:
        """The figures as aligned lines of text, for ``newsgraph stats``."""
        counts = [("documents", self.documents), ("entities", self.entities),
                  ("concepts", self.concepts), ("relations", self.relations),
                  ("statements", self.statements), ("triples", self.triples)]
        lines = [f"{name:<11}{value:>10,}" for name, value in counts]
        if self.top_entities:
            lines.append("most connected (relations):")
            lines += [f"{int(r.score):>6}  {r.label} ({r.kind})" for r in self.top_entities]
        return "\n".join(lines)


# -- SPARQL --------------------------------------------------------------------------------------
# The namespaces are constants of the data model, so they are spelled into the queries; values
# from users never are.

_PREFIXES = f"""\
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCTERMS}>
PREFIX ng: <{NG._NS}>
"""

_IS_NODE = f'(STRSTARTS(STR(?{{v}}), "{NGE}") || STRSTARTS(STR(?{{v}}), "{NGC}"))'

#: Class, preferred label and aliases of every entity and concept.
NODES_QUERY = _PREFIXES + f"""\
SELECT ?node ?p ?value WHERE {{
  VALUES ?p {{ rdf:type skos:prefLabel skos:altLabel }}
  ?node ?p ?value .
  FILTER {_IS_NODE.format(v="node")}
}}"""

#: Plain relation triples: an entity or concept (which always has a preferred label) related to
#: another. Negated and hypothetical statements have no such triple, so they are no edge.
RELATIONS_QUERY = _PREFIXES + f"""\
SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s skos:prefLabel ?label .
  ?s ?p ?o .
  FILTER (isIRI(?o) && ?p != rdf:type)
  FILTER ({_IS_NODE.format(v="s")} && {_IS_NODE.format(v="o")})
}}"""

#: Every statement with its sentence, document, title, date and confidence, in one pass.
EVIDENCE_QUERY = _PREFIXES + """\
SELECT ?st ?s ?p ?o ?sentence ?doc ?title ?date ?confidence ?negated ?modality WHERE {
  ?st a ng:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st ng:sentence ?sentence }
  OPTIONAL { ?st ng:confidence ?confidence }
  OPTIONAL { ?st ng:negated ?negated }
  OPTIONAL { ?st ng:modality ?modality }
  OPTIONAL {
    ?st prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc dcterms:date ?date }
  }
}"""

#: Labels of the properties used (minted ``ngr:`` ones carry theirs in the graph).
PREDICATE_LABELS_QUERY = _PREFIXES + f"""\
SELECT ?p ?label WHERE {{
  ?p rdfs:label ?label .
  FILTER (STRSTARTS(STR(?p), "{NG._NS}") || STRSTARTS(STR(?p), "{NGR}"))
}}"""

_COUNTS_QUERY = _PREFIXES + """\
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents)
  (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  { ?doc a ng:Document } UNION { ?st a ng:Statement }
}"""

_TRIPLES_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"

Row = tuple[str | None, ...]


def _union_view(graph: rdflib.Graph) -> rdflib.Graph:
    """Return a view that sees every named graph, since each document lives in its own."""
    import rdflib

    if isinstance(graph, rdflib.Dataset) and not graph.default_union:
        return rdflib.Dataset(store=graph.store, default_union=True)
    return graph


def _is_oxigraph(graph: rdflib.Graph) -> bool:
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - oxrdflib is a dependency
        return False
    return isinstance(graph.store, OxigraphStore)


def _oxigraph_copy(graph: rdflib.Graph) -> ox.Store:
    """Copy the union of ``graph`` into an in-memory Oxigraph store, so SPARQL runs fast."""
    import pyoxigraph as ox

    from .store import to_ox_term

    cache: dict[object, object] = {}

    def convert(term: rdflib.term.Node) -> object:
        out = cache.get(term)
        if out is None:
            out = cache[term] = to_ox_term(term)
        return out

    store = ox.Store()
    store.bulk_extend(
        ox.Quad(convert(s), convert(p), convert(o)) for s, p, o in graph.triples((None, None, None))
    )
    return store


def _oxigraph_select(store: ox.Store, **dataset: object) -> Callable[[str], list[Row]]:
    def select(query: str) -> list[Row]:
        solutions = store.query(query, **dataset)
        return [tuple(None if v is None else v.value for v in row) for row in solutions]

    return select


def _sparql_runner(graph: rdflib.Graph) -> Callable[[str], list[Row]]:
    """Return ``select(query) -> rows of plain strings`` over the union of ``graph``.

    IRIs come back as their string, literals as their lexical form, unbound values as ``None``.
    An rdflib graph on the Oxigraph store is queried through the pyoxigraph store underneath
    (oxrdflib's ``_inner``): converting every value to an rdflib term and back costs four times
    the query itself.
    """
    import pyoxigraph as ox
    import rdflib

    union = _union_view(graph)
    inner = getattr(union.store, "_inner", None) if _is_oxigraph(union) else None
    if isinstance(inner, ox.Store):
        if isinstance(union, rdflib.ConjunctiveGraph):  # Dataset included
            return _oxigraph_select(inner, use_default_graph_as_union=True)
        from .store import to_ox_term

        return _oxigraph_select(inner, default_graph=to_ox_term(union.identifier))
    return _oxigraph_select(_oxigraph_copy(union), use_default_graph_as_union=True)


# -- projection ----------------------------------------------------------------------------------


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

    select = _sparql_runner(graph)
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


# -- lookup --------------------------------------------------------------------------------------


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


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
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
        _undirected(g), weight="weight", resolution=resolution, seed=seed
    )
    return _by_size(found)


def components(g: nx.MultiDiGraph) -> list[set[str]]:
    """Weakly connected components, largest first: the separate stories in a corpus."""
    import networkx as nx

    return _by_size(nx.weakly_connected_components(g))


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
    searched = _undirected(g)
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


def graph_stats(graph: rdflib.Graph, *, top: int = 10) -> GraphStats:
    """Count documents, entities, concepts, relations, statements and triples of a graph.

    Args:
        graph: an rdflib ``Graph`` or ``Dataset`` (read as the union of its graphs).
        top: how many entities to list by degree.
    """
    select = _sparql_runner(graph)
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

    from .export import atomic_write

    with atomic_write(Path(path), "wb") as handle:
        nx.write_graphml(_flat(g), handle)


def write_gexf(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write ``g`` as GEXF, Gephi's native format (atomically)."""
    import networkx as nx

    from .export import atomic_write

    with atomic_write(Path(path), "wb") as handle:
        nx.write_gexf(_flat(g), handle)
