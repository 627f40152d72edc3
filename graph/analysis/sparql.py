"""The SPARQL that reads the entity graph out of RDF, and the fastest way to run it.

The namespaces are constants of the data model, so they are spelled into the queries; values from
users never are. Queries run on Oxigraph: directly when the rdflib graph is backed by the Oxigraph
store (as :meth:`graph.store.GraphStore.dataset` is), else on a temporary in-memory copy, because
rdflib's own SPARQL engine needs minutes for these joins on 100,000 triples.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..vocab import NG, NGC, NGE, NGR

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

__all__ = [
    "PREFIXES",
    "NODES_QUERY",
    "RELATIONS_QUERY",
    "EVIDENCE_QUERY",
    "PREDICATE_LABELS_QUERY",
    "Row",
    "select_runner",
]


PREFIXES = f"""\
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCTERMS}>
PREFIX ng: <{NG._NS}>
"""

_IS_NODE = f'(STRSTARTS(STR(?{{v}}), "{NGE}") || STRSTARTS(STR(?{{v}}), "{NGC}"))'

#: Class, preferred label and aliases of every entity and concept.
NODES_QUERY = PREFIXES + f"""\
SELECT ?node ?p ?value WHERE {{
  VALUES ?p {{ rdf:type skos:prefLabel skos:altLabel }}
  ?node ?p ?value .
  FILTER {_IS_NODE.format(v="node")}
}}"""

#: Plain relation triples: an entity or concept (which always has a preferred label) related to
#: another. Negated and hypothetical statements have no such triple, so they are no edge.
RELATIONS_QUERY = PREFIXES + f"""\
SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s skos:prefLabel ?label .
  ?s ?p ?o .
  FILTER (isIRI(?o) && ?p != rdf:type)
  FILTER ({_IS_NODE.format(v="s")} && {_IS_NODE.format(v="o")})
}}"""

#: Every statement with its sentence, document, title, date and confidence, in one pass.
EVIDENCE_QUERY = PREFIXES + """\
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
PREDICATE_LABELS_QUERY = PREFIXES + f"""\
SELECT ?p ?label WHERE {{
  ?p rdfs:label ?label .
  FILTER (STRSTARTS(STR(?p), "{NG._NS}") || STRSTARTS(STR(?p), "{NGR}"))
}}"""

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

    from ..store import to_ox_term

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


def select_runner(graph: rdflib.Graph) -> Callable[[str], list[Row]]:
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
        from ..store import to_ox_term

        return _oxigraph_select(inner, default_graph=to_ox_term(union.identifier))
    return _oxigraph_select(_oxigraph_copy(union), use_default_graph_as_union=True)


