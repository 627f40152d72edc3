"""SHACL validation of graphs in the data model (``ontology/shapes.ttl`` via ``graph.validate``).

One small hand-written graph follows ``docs/data-model.md`` to the letter and must conform; each
broken variant changes one thing and must be reported on the right node and path.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.errors import OntologyError
from graph.settings import ONTOLOGY_DIR
from graph.validate import ValidationReport, Violation, validate
from graph.vocab import NG, NGC, NGD, NGE, NGR, NGS, SCHEMA

TEXT = (
    "Chinese Premier Li Qiang proposed establishing a global AI cooperation organisation at the "
    "World Artificial Intelligence Conference in Shanghai on Saturday."
)
HASH = hashlib.sha256(TEXT.encode()).hexdigest()
DOC = NGD[HASH]
LI = NGE["li-qiang"]
CHINA = NGE["china"]
WAIC = NGE["world-artificial-intelligence-conference"]
SHANGHAI = NGE["shanghai"]
ORG = NGC["global-ai-cooperation-organisation"]
PROPOSES = NGS["proposes-1"]
HELD_IN = NGS["held-in-1"]
ATTENDS = NGS["attends-1"]
LONELY = NGE["lonely-island"]  # mentioned, in no relation: nothing infers a class for it


def _entity(g: Graph, iri: URIRef, kind: URIRef, label: str, *aliases: str) -> None:
    g.add((iri, RDF.type, kind))
    g.add((iri, SKOS.prefLabel, Literal(label)))
    g.add((iri, RDFS.label, Literal(label)))
    for alias in aliases:
        g.add((iri, SKOS.altLabel, Literal(alias)))
    g.add((iri, NG.mentionedIn, DOC))


def _statement(g: Graph, iri: URIRef, s: URIRef, p: URIRef, o: URIRef, trigger: str) -> None:
    g.add((s, p, o))
    for predicate, value in (
        (RDF.type, NG.Statement),
        (RDF.subject, s),
        (RDF.predicate, p),
        (RDF.object, o),
        (PROV.wasDerivedFrom, DOC),
        (NG.sentence, Literal(TEXT)),
        (NG.startOffset, Literal(0)),
        (NG.endOffset, Literal(len(TEXT))),
        (NG.trigger, Literal(trigger)),
        (NG.extractor, Literal("newsgraph.dependency")),
        (NG.extractorVersion, Literal("0.1.0")),
        (NG.confidence, Literal(Decimal("0.9"))),  # xsd:decimal
        (NG.negated, Literal(False)),
        (NG.reported, Literal(False)),
        (NG.timeExpression, Literal("on Saturday")),
    ):
        g.add((iri, predicate, value))


def conforming_dataset() -> Dataset:
    """One document, its named graph, entities, a concept, three relations, a minted relation."""
    ds = Dataset()
    g = ds.graph(DOC)
    g.add((DOC, RDF.type, NG.Document))
    g.add((DOC, DCTERMS.title, Literal("Li Qiang proposes global AI body")))
    g.add((DOC, DCTERMS.date, Literal(datetime.date(2025, 7, 26))))  # xsd:date
    g.add((DOC, DCTERMS.source, Literal("articles/waic.txt")))
    g.add((DOC, SCHEMA.url, URIRef("https://example.org/waic")))
    g.add((DOC, NG.contentHash, Literal(HASH)))
    _entity(g, LI, NG.Person, "Li Qiang", "Premier Li")
    _entity(g, CHINA, NG.Country, "China", "PRC")
    _entity(g, WAIC, NG.Event, "World Artificial Intelligence Conference", "WAIC")
    _entity(g, SHANGHAI, NG.Place, "Shanghai")
    _entity(g, ORG, NG.Concept, "global AI cooperation organisation")
    _entity(g, LONELY, NG.Place, "Lonely Island")
    g.add((LI, NG.nationality, CHINA))
    _statement(g, PROPOSES, LI, NG.proposes, ORG, "proposed establishing")
    g.add((PROPOSES, NG.role, Literal("Premier")))
    _statement(g, HELD_IN, WAIC, NG.heldIn, SHANGHAI, "in")
    _statement(g, ATTENDS, LI, NGR.speakAt, WAIC, "at")
    g.add((NGR.speakAt, RDFS.subPropertyOf, NG.relatedTo))
    g.add((NGR.speakAt, RDFS.label, Literal("speaks at")))
    return ds


def _graph_of(ds: Dataset) -> Graph:
    return ds.graph(DOC)


@pytest.fixture(scope="module")
def conforming_report() -> ValidationReport:
    return validate(conforming_dataset())


def test_the_data_model_conforms(conforming_report: ValidationReport) -> None:
    assert conforming_report.conforms, conforming_report.summary()
    assert conforming_report.violations == ()
    assert conforming_report.summary() == "The graph conforms to the newsgraph shapes."


def test_a_plain_graph_validates_like_a_dataset() -> None:
    union = Graph()
    for s, p, o, _ in conforming_dataset().quads((None, None, None, None)):
        union.add((s, p, o))
    assert validate(union, ontology_dir=ONTOLOGY_DIR).conforms


def test_the_gazetteer_conforms() -> None:
    gazetteer = Graph().parse(ONTOLOGY_DIR / "gazetteer.ttl", format="turtle")
    report = validate(gazetteer)
    assert report.conforms and not report.violations, report.summary()


def test_validation_leaves_the_data_unchanged() -> None:
    ds = conforming_dataset()
    before = len(list(ds.quads((None, None, None, None))))
    validate(ds)
    assert len(list(ds.quads((None, None, None, None)))) == before


def _set(subject: URIRef, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.set((subject, predicate, value if isinstance(value, (URIRef, Literal)) else Literal(value)))
    return mutate


def _add(subject: URIRef, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.add((subject, predicate, value if isinstance(value, (URIRef, Literal)) else Literal(value)))
    return mutate


def _remove(subject: URIRef, predicate: URIRef) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((subject, predicate, None))
    return mutate


BROKEN = [
    # (case, mutation, focus node, path, severity)
    ("two preferred labels", _add(LI, SKOS.prefLabel, "Premier Li"), LI, SKOS.prefLabel, "Violation"),
    ("no preferred label", _remove(CHINA, SKOS.prefLabel), CHINA, SKOS.prefLabel, "Violation"),
    ("no rdfs:label", _remove(SHANGHAI, RDFS.label), SHANGHAI, RDFS.label, "Violation"),
    ("concept with two preferred labels", _add(ORG, SKOS.prefLabel, "WAICO"), ORG, SKOS.prefLabel,
     "Violation"),
    ("entity of no specific class", _set(LONELY, RDF.type, NG.Entity), LONELY, None, "Violation"),
    ("statement without sentence", _remove(PROPOSES, NG.sentence), PROPOSES, NG.sentence, "Violation"),
    ("sentence not a string", _set(PROPOSES, NG.sentence, 42), PROPOSES, NG.sentence, "Violation"),
    ("statement without subject", _remove(PROPOSES, RDF.subject), PROPOSES, RDF.subject, "Violation"),
    ("statement without document", _remove(PROPOSES, PROV.wasDerivedFrom), PROPOSES,
     PROV.wasDerivedFrom, "Violation"),
    ("confidence above one", _set(PROPOSES, NG.confidence, Literal(Decimal("1.5"))), PROPOSES,
     NG.confidence, "Violation"),
    ("confidence not a decimal", _set(PROPOSES, NG.confidence, Literal("high")), PROPOSES,
     NG.confidence, "Violation"),
    ("start after end", _set(PROPOSES, NG.startOffset, 10_000), PROPOSES, NG.startOffset, "Violation"),
    ("no extractor", _remove(PROPOSES, NG.extractor), PROPOSES, NG.extractor, "Violation"),
    ("two negation flags", _add(PROPOSES, NG.negated, True), PROPOSES, NG.negated, "Violation"),
    ("undeclared minted relation", _remove(NGR.speakAt, RDFS.subPropertyOf), ATTENDS, RDF.predicate,
     "Violation"),
    ("statement subject not described", _set(PROPOSES, RDF.subject, NGE["nobody"]), PROPOSES,
     RDF.subject, "Violation"),
    ("document without hash", _remove(DOC, NG.contentHash), DOC, NG.contentHash, "Violation"),
    ("document IRI not its hash", _set(DOC, NG.contentHash, "0" * 64), DOC, None, "Violation"),
    ("two titles", _add(DOC, DCTERMS.title, "Another title"), DOC, DCTERMS.title, "Violation"),
    ("date not a date", _set(DOC, DCTERMS.date, "26 July"), DOC, DCTERMS.date, "Violation"),
    # domain and range: warnings, the graph still conforms
    ("heldIn from a person", _add(LI, NG.heldIn, SHANGHAI), LI, RDF.type, "Warning"),
    ("attends a place", _add(LI, NG.attends, SHANGHAI), SHANGHAI, RDF.type, "Warning"),
    ("nationality of a conference", _add(WAIC, NG.nationality, CHINA), WAIC, RDF.type, "Warning"),
    ("located in a person", _add(SHANGHAI, NG.locatedIn, LI), LI, RDF.type, "Warning"),
    ("member of a person", _add(CHINA, NG.memberOf, LI), CHINA, NG.memberOf, "Warning"),
    ("reported by a document", _add(PROPOSES, NG.reportedBy, DOC), PROPOSES, NG.reportedBy, "Warning"),
]


@pytest.mark.parametrize(
    ("mutate", "focus", "path", "severity"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_graph_is_reported_where_it_breaks(
    mutate: Callable[[Graph], None], focus: URIRef, path: URIRef | None, severity: str
) -> None:
    ds = conforming_dataset()
    mutate(_graph_of(ds))
    report = validate(ds)
    located = [v for v in report.violations if v.focus == focus and v.path == path]
    assert located, report.summary(limit=10)
    assert {v.severity for v in located} == {severity}
    assert all(v.message and not v.message.startswith("no message") for v in located)
    assert report.conforms is (severity != "Violation")
    if severity == "Violation":
        assert report.errors and "does not conform" in report.summary()


def test_domain_warning_names_both_kinds_once() -> None:
    ds = conforming_dataset()
    _graph_of(ds).add((LI, NG.heldIn, SHANGHAI))
    [warning] = [v for v in validate(ds).warnings if v.focus == LI]
    assert "ng:Person" in warning.message and warning.message.endswith("Value: ng:Event.")


def test_report_is_immutable_and_sorted() -> None:
    ds = conforming_dataset()
    g = _graph_of(ds)
    g.add((LI, NG.heldIn, SHANGHAI))
    g.remove((PROPOSES, NG.sentence, None))
    report = validate(ds)
    assert isinstance(report.violations, tuple)
    assert all(isinstance(v, Violation) for v in report.violations)
    assert [v.severity for v in report.violations] == ["Violation", "Warning"]
    with pytest.raises(AttributeError):
        report.conforms = True  # type: ignore[misc]
    summary = report.summary()
    assert "1 violation and 1 warning" in summary and "\n" not in summary


# --------------------------------------------------------------------------------------------
# The shapes' hand-kept target lists must match the ontology
# --------------------------------------------------------------------------------------------

SHAPES = "https://w3id.org/newsgraph/shapes#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "newsgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def _objects(g: Graph, subject: str, predicate: str) -> set[URIRef]:
    return {o for o in g.objects(URIRef(subject), URIRef(predicate)) if isinstance(o, URIRef)}


def test_specific_kinds_are_the_subclasses_of_entity(ontology: Graph, shapes: Graph) -> None:
    direct = set(ontology.subjects(RDFS.subClassOf, NG.Entity))
    head = shapes.value(URIRef(SHAPES + "SpecificKindShape"), URIRef(SH + "or"))
    listed = {shapes.value(member, URIRef(SH + "class")) for member in Collection(shapes, head)}
    assert listed == direct


def test_disjointness_shapes_cover_every_pair_of_the_axiom_once(ontology: Graph, shapes: Graph) -> None:
    [axiom] = ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    members = list(Collection(ontology, ontology.value(axiom, OWL.members)))
    expected = {frozenset(pair) for pair in combinations(members, 2)}
    found: list[frozenset[URIRef]] = []
    for kind in members:
        for shape in shapes.subjects(URIRef(SH + "targetClass"), kind):
            for prop in shapes.objects(shape, URIRef(SH + "property")):
                negated = shapes.value(prop, URIRef(SH + "not"))
                listed = shapes.value(negated, URIRef(SH + "in")) if negated is not None else None
                if listed is not None:
                    found.extend(frozenset((kind, other)) for other in Collection(shapes, listed))
    assert sorted(found, key=sorted) == sorted(expected, key=sorted)  # every pair, exactly once


def _or_classes(shapes: Graph, head: URIRef) -> set[URIRef]:
    return {shapes.value(m, URIRef(SH + "class")) for m in Collection(shapes, head)}


def test_union_range_shapes_match_the_ontology(ontology: Graph, shapes: Graph) -> None:
    unions = {
        p: set(Collection(ontology, ontology.value(r, OWL.unionOf)))
        for p, r in ontology.subject_objects(RDFS.range)
        if ontology.value(r, OWL.unionOf) is not None
    }
    checked = {}
    for prop in unions:
        for shape in shapes.subjects(URIRef(SH + "targetSubjectsOf"), prop):
            for property_shape in shapes.objects(shape, URIRef(SH + "property")):
                if shapes.value(property_shape, URIRef(SH + "path")) == prop:
                    checked[prop] = _or_classes(shapes, shapes.value(property_shape, URIRef(SH + "or")))
    assert checked == unions


def test_missing_shapes_file_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "newsgraph.ttl").write_bytes((ONTOLOGY_DIR / "newsgraph.ttl").read_bytes())
    with pytest.raises(OntologyError, match="shapes.ttl: ontology file not found"):
        validate(Graph(), ontology_dir=tmp_path)
