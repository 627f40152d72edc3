"""Records to RDF: the named graph of one document, in the project's ontology.

Everything a document says goes into one rdflib ``Graph`` whose identifier is the document IRI:
the document's metadata, the entities it mentions (class, preferred label, the aliases it used),
the plain relation triples, and one reified ``ng:Statement`` per relation carrying its evidence.
Each entity also gets the keys the resolver finds it by (``ng:matchKey``, ``ng:namePart``), so a
later build can ask the store for the entities an article names instead of reading them all.
See ``docs/data-model.md`` for the shape; ``ontology/shapes.ttl`` checks it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as Date

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from . import __version__
from .lexicon import Lexicon
from .records import Analysis, Document, Entity, Relation
from .resolve import Resolution, match_keys, name_parts, slug
from .vocab import NG, NGC, NGD, NGE, NGR, NGS, SCHEMA, bind_prefixes

__all__ = ["document_iri", "entity_iri", "predicate_iri", "document_graph"]

_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def document_iri(document: Document) -> URIRef:
    """The IRI of a document and of its named graph: its content hash under ``doc/``."""
    return NGD[document.id]


def entity_iri(key: str, kind: str) -> URIRef:
    """Concepts live under ``concept/``, named entities under ``entity/``."""
    return NGC[key] if kind == "Concept" else NGE[key]


def predicate_iri(predicate: str, lexicon: Lexicon) -> URIRef:
    """A curated property of the ontology, or a minted one under ``rel/`` for any other verb."""
    if predicate in lexicon.labels:
        return NG[predicate]
    return NGR[slug(predicate)]


def document_graph(analysis: Analysis, resolution: Resolution, *, lexicon: Lexicon, resolver_keys: bool = True) -> Graph:
    """Build the named graph of one analysed document.

    Args:
        analysis: mentions and relations of the document.
        resolution: the entity each mention resolved to.
        lexicon: the ontology lexicon, to tell curated predicates from minted ones.
        resolver_keys: state ``ng:matchKey`` and ``ng:namePart``; off for a store built before
            they existed, whose builds read every entity and must not find some by key alone.
    """
    doc_iri = document_iri(analysis.document)
    # A plain triple store: the graph is one document's, written once and read once, so the
    # default store's context indexes would only cost time (a third of every add).
    graph = bind_prefixes(Graph(store="SimpleMemory", identifier=doc_iri))
    _add_document(graph, doc_iri, analysis.document)
    _add_entities(graph, doc_iri, analysis, resolution, resolver_keys=resolver_keys)
    for relation in analysis.relations:
        _add_relation(graph, doc_iri, analysis.document, relation, resolution, lexicon)
    return graph


def _add_document(graph: Graph, iri: URIRef, document: Document) -> None:
    graph.add((iri, RDF.type, NG.Document))
    graph.add((iri, RDF.type, SCHEMA.NewsArticle))
    graph.add((iri, NG.contentHash, Literal(document.id)))
    if document.title:
        graph.add((iri, DCTERMS.title, Literal(document.title)))
    if document.date and _is_iso_date(document.date):
        graph.add((iri, DCTERMS.date, Literal(document.date, datatype=XSD.date)))
    if document.source:
        graph.add((iri, DCTERMS.source, Literal(document.source)))
    if document.url and _URL.match(document.url):
        graph.add((iri, SCHEMA.url, URIRef(document.url)))


def _is_iso_date(value: str) -> bool:
    try:
        Date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _add_entities(graph: Graph, doc_iri: URIRef, analysis: Analysis, resolution: Resolution, *, resolver_keys: bool) -> None:
    written: dict[str, set[str]] = {}
    mentions = list(analysis.mentions)
    for relation in analysis.relations:
        mentions += [relation.subject, relation.object]
    for mention in mentions:
        key = resolution.key_of(mention)
        surface = " ".join(mention.text.split())
        aliases = written.setdefault(key, set())
        if mention.label != "CONCEPT" and mention.named and surface[:1].isupper():
            aliases.add(surface)
    for key, aliases in written.items():
        entity = resolution.entities[key]
        iri = entity_iri(key, entity.kind)
        graph.add((iri, RDF.type, NG[entity.kind]))
        graph.add((iri, SKOS.prefLabel, Literal(entity.label)))
        graph.add((iri, RDFS.label, Literal(entity.label)))
        graph.add((iri, NG.mentionedIn, doc_iri))
        for alias in aliases - {entity.label}:
            graph.add((iri, SKOS.altLabel, Literal(alias)))
        if resolver_keys:  # the keys of the names this graph states, so the union has all of them
            stated = Entity(entity.key, entity.label, entity.kind, frozenset(aliases))
            for name in match_keys(stated):
                graph.add((iri, NG.matchKey, Literal(name)))
            for part in name_parts(stated):
                graph.add((iri, NG.namePart, Literal(part)))


def _add_relation(
    graph: Graph, doc_iri: URIRef, document: Document, relation: Relation, resolution: Resolution, lexicon: Lexicon
) -> None:
    subject_entity = resolution.entities[resolution.key_of(relation.subject)]
    object_entity = resolution.entities[resolution.key_of(relation.object)]
    subject = entity_iri(subject_entity.key, subject_entity.kind)
    obj = entity_iri(object_entity.key, object_entity.kind)
    predicate = predicate_iri(relation.predicate, lexicon)
    if predicate not in NG:
        graph.add((predicate, RDF.type, OWL.ObjectProperty))
        graph.add((predicate, RDFS.subPropertyOf, NG.relatedTo))
        graph.add((predicate, RDFS.label, Literal(relation.predicate)))
    if not relation.negated and relation.modality is None:
        graph.add((subject, predicate, obj))
    statement = _statement_iri(document, subject, predicate, obj, relation)
    for p, o in _statement_properties(doc_iri, subject, predicate, obj, relation):
        graph.add((statement, p, o))
    if relation.reported_by is not None:
        speaker = resolution.entities[resolution.key_of(relation.reported_by)]
        graph.add((statement, NG.reportedBy, entity_iri(speaker.key, speaker.kind)))


def _statement_iri(document: Document, subject: URIRef, predicate: URIRef, obj: URIRef, relation: Relation) -> URIRef:
    """Deterministic, so rebuilding a document mints the same statement IRIs."""
    parts = (document.id, subject, predicate, obj, str(relation.sentence_start), relation.trigger)
    return NGS[hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]]


def _decimal(value: float) -> str:
    """The canonical lexical form of a two-digit decimal ("0.5", "1"), as Oxigraph writes it,
    so that a graph read back from any store compares equal to the one written."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _statement_properties(
    doc_iri: URIRef, subject: URIRef, predicate: URIRef, obj: URIRef, relation: Relation
) -> list[tuple[URIRef, URIRef | Literal | BNode]]:
    properties: list[tuple[URIRef, URIRef | Literal | BNode]] = [
        (RDF.type, NG.Statement),
        (RDF.subject, subject),
        (RDF.predicate, predicate),
        (RDF.object, obj),
        (PROV.wasDerivedFrom, doc_iri),
        (NG.sentence, Literal(relation.sentence)),
        (NG.startOffset, Literal(relation.sentence_start, datatype=XSD.integer)),
        (NG.endOffset, Literal(relation.sentence_end, datatype=XSD.integer)),
        (NG.trigger, Literal(relation.trigger)),
        (NG.extractor, Literal(relation.extractor)),
        (NG.extractorVersion, Literal(__version__)),
        (NG.confidence, Literal(_decimal(relation.confidence), datatype=XSD.decimal)),
        (NG.negated, Literal(relation.negated)),
        (NG.reported, Literal(relation.reported_by is not None)),
    ]
    if relation.modality:
        properties.append((NG.modality, Literal(relation.modality)))
    if relation.time:
        properties.append((NG.timeExpression, Literal(relation.time)))
    if relation.role:
        properties.append((NG.role, Literal(relation.role)))
    return properties
