"""The closed namespace ``graph.vocab.NG`` and ``ontology/newsgraph.ttl`` must agree.

A term used in code but missing from the ontology would mint IRIs no reader can look up; a term
declared but missing from ``NG`` cannot be used without a typo-prone string. Both directions are
checked, and so is the generator's output, so editing the Turtle without regenerating fails here.
"""

from __future__ import annotations

import importlib.util

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from graph.settings import ONTOLOGY_DIR, PROJECT_ROOT
from graph.vocab import NG, NGC, NGD, NGE, NGR, NGS, PREFIXES, bind_prefixes

NS = "https://w3id.org/newsgraph/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/newsgraph/ontology")
DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "newsgraph.ttl", format="turtle")


def _declared(graph: Graph) -> set[str]:
    return {
        str(s)[len(NS):]
        for kind in DECLARING_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def _used(graph: Graph) -> set[str]:
    terms = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    return {str(t)[len(NS):] for t in terms if str(t).startswith(NS)}


def test_ontology_parses_and_is_described(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert str(ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"))).endswith("MIT")


def test_every_declared_term_is_in_NG(ontology: Graph) -> None:
    missing = sorted(_declared(ontology) - set(NG.__annotations__))
    assert not missing, f"run scripts/generate_vocab.py; missing from NG: {missing}"


def test_every_NG_term_is_declared(ontology: Graph) -> None:
    extra = sorted(set(NG.__annotations__) - _declared(ontology))
    assert not extra, f"in NG but not declared in newsgraph.ttl: {extra}"


@pytest.mark.parametrize("filename", ["newsgraph.ttl", "gazetteer.ttl", "shapes.ttl"])
def test_every_ng_term_used_in_the_ontology_files_is_declared(ontology: Graph, filename: str) -> None:
    used = _used(Graph().parse(ONTOLOGY_DIR / filename, format="turtle"))
    assert not sorted(used - _declared(ontology))


def test_NG_is_closed() -> None:
    assert NG.proposes == URIRef(NS + "proposes")
    with pytest.raises(AttributeError):
        NG.propose  # noqa: B018 - the typo must fail


def test_generated_module_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("generate_vocab", PROJECT_ROOT / "scripts" / "generate_vocab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "graph/vocab.py is stale: run scripts/generate_vocab.py"


@pytest.mark.parametrize(
    ("namespace", "iri"),
    [
        (NGR, "https://w3id.org/newsgraph/rel/"),
        (NGE, "https://w3id.org/newsgraph/entity/"),
        (NGC, "https://w3id.org/newsgraph/concept/"),
        (NGD, "https://w3id.org/newsgraph/doc/"),
        (NGS, "https://w3id.org/newsgraph/statement/"),
    ],
)
def test_instance_namespaces_follow_the_data_model(namespace: object, iri: str) -> None:
    assert str(namespace) == iri


def test_prefix_map_covers_turtle_and_sparql() -> None:
    expected = {"ng", "ngr", "nge", "ngc", "ngd", "ngs", "schema", "prov", "dcterms", "skos", "rdfs",
                "rdf", "owl", "xsd"}
    assert set(PREFIXES) == expected
    assert str(PREFIXES["schema"]) == "https://schema.org/"
    assert str(PREFIXES["ng"]) == NS


def test_bind_prefixes_makes_readable_turtle() -> None:
    graph = bind_prefixes(Graph())
    graph.add((NGE["li-qiang"], NG.proposes, NGC["chip-export"]))
    text = graph.serialize(format="turtle")
    assert "nge:li-qiang ng:proposes ngc:chip-export" in text

