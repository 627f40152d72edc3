"""Hostile text: whatever an article contains, IRIs stay valid and literals round-trip.

Property-based (hypothesis): names and sentences full of quotes, backslashes, angle brackets,
triple quotes, newlines, control characters, right-to-left marks, emoji and ``<script>`` go
through resolve → rdf → store → every export format and come back equal, with every IRI valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graph.export import ExportFormat, export
from graph.lexicon import load_gazetteer, load_lexicon
from graph.rdf import document_graph, document_iri
from graph.records import Analysis, Document, Mention, Relation
from graph.resolve import EntityResolver
from graph.store import open_store, to_ox_quads

NASTY = [
    '"', "'", '"""', "'''", "\\", "\\n", "<", ">", "&", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "\n", "\r", "\t", "\x00", "\x1b[31m", "\u202e", "\u200f", "\u2028", "😀", "👩‍👩‍👧", "}", "{", "#", "@prefix", "^^", "_:b0",
    " . ", ";", "%00", "ﬁ", "İ", "中国", "الصين",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=8)), min_size=1, max_size=6).map("".join)


def _analysis(subject_name: str, object_name: str, sentence: str, predicate: str, title: str) -> Analysis:
    text = f"{subject_name} {predicate} {object_name}. {sentence}"
    document = Document(id=str(abs(hash(text))), text=text, title=title, date="2025-07-26", source="hostile.txt", url='https://example.org/a"b<c>')
    subject = Mention(text=subject_name, start=0, end=max(1, len(subject_name)), label="PERSON", name=subject_name, chain=0)
    obj = Mention(text=object_name, start=1, end=max(2, len(object_name)), label="CONCEPT", name=object_name, chain=-1)
    relation = Relation(
        subject=subject, predicate=predicate, object=obj, sentence=sentence, sentence_start=0,
        sentence_end=max(1, len(sentence)), trigger=predicate, confidence=0.5, time=sentence[:5], modality=None,
    )
    return Analysis(document=document, mentions=(subject,), relations=(relation,))


def _graph(analysis: Analysis) -> rdflib.Graph:
    resolver = EntityResolver(load_gazetteer())
    return document_graph(analysis, resolver.resolve(analysis), lexicon=load_lexicon())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=nasty_text, obj=nasty_text, sentence=nasty_text, predicate=nasty_text, title=nasty_text)
def test_every_iri_is_valid_and_every_literal_round_trips(tmp_path: Path, subject, obj, sentence, predicate, title) -> None:
    analysis = _analysis(subject, obj, sentence, predicate, title)
    graph = _graph(analysis)
    for term in {t for triple in graph for t in triple}:
        if isinstance(term, rdflib.URIRef):
            ox.NamedNode(str(term))  # raises ValueError on an invalid IRI
    literals = {str(o) for _, _, o in graph if isinstance(o, rdflib.Literal)}
    assert sentence in literals and title in literals

    iri = str(document_iri(analysis.document))
    with open_store(None) as store:
        store.replace_document(iri, to_ox_quads(graph, iri))
        for fmt, rdflib_format, ox_format in [
            (ExportFormat.TURTLE, "turtle", ox.RdfFormat.TURTLE),
            (ExportFormat.NTRIPLES, "nt", ox.RdfFormat.N_TRIPLES),
            (ExportFormat.TRIG, "trig", ox.RdfFormat.TRIG),
            (ExportFormat.JSONLD, "json-ld", ox.RdfFormat.JSON_LD),
        ]:
            path = tmp_path / f"out.{fmt.value}"
            export(store, path, fmt)
            if fmt.keeps_graphs:
                parsed_back = rdflib.Dataset().parse(path, format=rdflib_format)
                union = rdflib.Graph()
                for s, p, o, _ in parsed_back.quads((None, None, None, None)):
                    union.add((s, p, o))
            else:
                union = rdflib.Graph().parse(path, format=rdflib_format)
            assert isomorphic(union, graph), fmt
            oxigraph_count = sum(1 for _ in ox.parse(path=str(path), format=ox_format))
            assert oxigraph_count == len(graph), fmt


@settings(max_examples=40, deadline=None)
@given(name=nasty_text)
def test_entity_iris_are_stable_and_safe(name: str) -> None:
    from graph.resolve import slug

    key = slug(name)
    assert key == slug(name)
    assert key and all(c.isascii() and (c.isalnum() or c == "-") for c in key)


def test_sparql_values_are_bound_not_pasted() -> None:
    """A name built to break out of a query is just a string that matches nothing."""
    analysis = _analysis("Li Qiang", "organisation", "Li proposed it.", "proposes", "t")
    graph = _graph(analysis)
    iri = str(document_iri(analysis.document))
    with open_store(None) as store:
        store.replace_document(iri, to_ox_quads(graph, iri))
        before = len(store)
        hostile = '" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
        rows = list(store.query(
            "SELECT ?s ?name WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }",
            substitutions={ox.Variable("name"): ox.Literal(hostile)},
        ))
        assert rows == [] and len(store) == before
    assert json.dumps(hostile)  # the value itself is untouched
