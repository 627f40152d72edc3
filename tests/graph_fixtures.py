"""Hand-built graphs in the newsgraph data model, shared by the analysis and render tests.

The graphs are written triple by triple, without the NLP pipeline, so that these tests need no
model and pin the exact shape documented in ``docs/data-model.md``: one named graph per document,
entities with ``skos:prefLabel``/``skos:altLabel`` and a class, plain relation triples, and one
``ng:Statement`` per extracted relation carrying the sentence, the document and a confidence.

The hostile variant puts markup, script, quotes, backslashes, newlines, bidi controls and emoji
into every string an article can control (names, aliases, sentences, titles), so a renderer that
ever treats data as markup is caught by the tests.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.vocab import NG, NGC, NGD, NGE, NGR, NGS

__all__ = [
    "HOSTILE_STRINGS",
    "EntitySpec",
    "RelationSpec",
    "Fixture",
    "news_fixture",
    "build_dataset",
    "synthetic_graph",
    "LI",
    "CHINA",
    "USA",
    "WAIC",
    "SHANGHAI",
    "NVIDIA",
    "UN",
    "ORG",
    "CHIPS",
    "LONELY",
    "SENT_PROPOSES",
    "SENT_RESTRICTS",
]


#: Strings an attacker could plant in an article; each must come out of a renderer as text.
HOSTILE_STRINGS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "' onmouseover='alert(3)",
    "back\\slash \\u003c",
    "line\nbreak\u2028sep\u2029para",
    "\u202eRTL override\u202c \u200f",
    "emoji \U0001f4a5\U0001f680",
)


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """One node: ``iri`` under ``nge:`` or ``ngc:``, its class local name, label and aliases."""

    iri: URIRef
    kind: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """One extracted statement; ``asserted`` is False for negated ones (no plain triple)."""

    subject: URIRef
    predicate: URIRef
    object: URIRef
    sentence: str
    document: str  # key into Fixture.documents
    confidence: str
    asserted: bool = True


@dataclass(frozen=True, slots=True)
class Fixture:
    """Specs of a small news graph, so tests can state expectations without re-reading RDF."""

    entities: tuple[EntitySpec, ...]
    relations: tuple[RelationSpec, ...]
    documents: dict[str, tuple[str, str]]  # key -> (title, ISO date)
    predicate_labels: dict[URIRef, str]

    def entity(self, iri: URIRef) -> EntitySpec:
        """Return the spec of ``iri``."""
        return next(e for e in self.entities if e.iri == iri)

    @property
    def asserted(self) -> set[tuple[URIRef, URIRef, URIRef]]:
        """Distinct plain relation triples (what becomes an edge)."""
        return {(r.subject, r.predicate, r.object) for r in self.relations if r.asserted}


LI = NGE["li-qiang"]
CHINA = NGE["china"]
USA = NGE["united-states"]
WAIC = NGE["world-artificial-intelligence-conference"]
SHANGHAI = NGE["shanghai"]
NVIDIA = NGE["nvidia"]
UN = NGE["united-nations"]
ORG = NGC["global-ai-cooperation-organisation"]
CHIPS = NGC["chip-export"]
LONELY = NGE["lonely-island"]

SENT_PROPOSES = (
    "Chinese Premier Li Qiang proposed establishing a global AI cooperation organisation "
    "at the opening of the conference on Saturday."
)
SENT_RESTRICTS = "Washington has restricted chip exports to China since 2022."


def _documents(hostile: bool) -> dict[str, tuple[str, str]]:
    bad = HOSTILE_STRINGS
    return {
        "a": (
            "Li Qiang proposes global AI body" + (f" {bad[0]} {bad[2]}" if hostile else ""),
            "2025-07-26",
        ),
        "b": (
            "Chip curbs loom over Shanghai AI conference" + (f" {bad[1]}" if hostile else ""),
            "2025-07-27",
        ),
    }


def _entities(hostile: bool) -> tuple[EntitySpec, ...]:
    bad = HOSTILE_STRINGS
    li_label = f"Li Qiang {bad[0]}" if hostile else "Li Qiang"
    return (
        EntitySpec(LI, "Person", li_label, ("Premier Li", bad[1]) if hostile else ("Premier Li",)),
        EntitySpec(CHINA, "Place", "China", ("PRC", "Beijing")),
        EntitySpec(USA, "Place", f"United States {bad[3]}" if hostile else "United States",
                   ("US", "U.S.", "Washington")),
        EntitySpec(WAIC, "Event", "World Artificial Intelligence Conference", ("WAIC",)),
        EntitySpec(SHANGHAI, "Place", f"Shanghai {bad[4]} {bad[5]}" if hostile else "Shanghai"),
        EntitySpec(NVIDIA, "Organization", f"Nvidia {bad[7]}" if hostile else "Nvidia",
                   ("NVIDIA Corp",)),
        EntitySpec(UN, "Organization", "United Nations", ("UN", bad[6]) if hostile else ("UN",)),
        EntitySpec(ORG, "Concept", "global AI cooperation organisation", ("WAICO",)),
        EntitySpec(CHIPS, "Concept", "chip export"),
        EntitySpec(LONELY, "Place", "Lonely Island"),
    )


def _relations(hostile: bool) -> tuple[RelationSpec, ...]:
    bad = HOSTILE_STRINGS
    tail = f" {bad[0]} {bad[1]} {bad[2]}" if hostile else ""
    return (
        RelationSpec(LI, NG.proposes, ORG, SENT_PROPOSES + tail, "a", "0.92"),
        RelationSpec(LI, NG.proposes, ORG,
                     "Li said the organisation would help countries share AI know-how.", "a", "0.71"),
        RelationSpec(LI, NG.proposes, ORG,
                     "The body Li proposed would be headquartered in Shanghai." + tail, "b", "0.66"),
        RelationSpec(LI, NG.attends, WAIC, "Li spoke at the World Artificial Intelligence "
                     "Conference in Shanghai.", "a", "0.88"),
        RelationSpec(WAIC, NG.locatedIn, SHANGHAI, "The conference is held in Shanghai every "
                     "July.", "b", "0.80"),
        RelationSpec(LI, NG.leads, CHINA, "Li, who leads China's State Council, spoke for "
                     "Beijing.", "a", "0.75"),
        RelationSpec(USA, NG.restricts, CHIPS, SENT_RESTRICTS + tail, "b", "0.90"),
        RelationSpec(CHINA, NG.criticises, USA, "China criticised the U.S. curbs as a bid to "
                     "monopolise AI.", "b", "0.83"),
        RelationSpec(NVIDIA, NGR.lobby, USA, "Nvidia lobbied Washington to ease the curbs.", "b",
                     "0.64"),
        RelationSpec(ORG, NG.cooperatesWith, UN, "The organisation would work with the United "
                     "Nations.", "a", "0.58"),
        RelationSpec(USA, NG.joins, ORG, "The United States did not join the organisation.", "b",
                     "0.77", asserted=False),
    )


def news_fixture(*, hostile: bool = False) -> Fixture:
    """Return the specs of the small news graph (or its hostile twin)."""
    return Fixture(
        entities=_entities(hostile),
        relations=_relations(hostile),
        documents=_documents(hostile),
        predicate_labels={NGR.lobby: "lobbies" + (f" {HOSTILE_STRINGS[0]}" if hostile else "")},
    )


def _doc_iri(key: str) -> URIRef:
    return NGD[hashlib.sha256(key.encode()).hexdigest()]


def _statement_iri(doc: str, index: int) -> URIRef:
    return NGS[hashlib.sha256(f"{doc}:{index}".encode()).hexdigest()[:32]]


def _add_entity(g: Graph, e: EntitySpec, doc: URIRef) -> None:
    g.add((e.iri, RDF.type, NG[e.kind]))
    g.add((e.iri, SKOS.prefLabel, Literal(e.label)))
    g.add((e.iri, RDFS.label, Literal(e.label)))
    for alias in e.aliases:
        g.add((e.iri, SKOS.altLabel, Literal(alias)))
    g.add((e.iri, NG.mentionedIn, doc))


def _add_statement(g: Graph, r: RelationSpec, doc: URIRef, iri: URIRef) -> None:
    if r.asserted:
        g.add((r.subject, r.predicate, r.object))
    g.add((iri, RDF.type, NG.Statement))
    g.add((iri, RDF.subject, r.subject))
    g.add((iri, RDF.predicate, r.predicate))
    g.add((iri, RDF.object, r.object))
    g.add((iri, PROV.wasDerivedFrom, doc))
    g.add((iri, NG.sentence, Literal(r.sentence)))
    g.add((iri, NG.confidence, Literal(Decimal(r.confidence), datatype=XSD.decimal)))
    g.add((iri, NG.negated, Literal(not r.asserted)))


def build_dataset(fixture: Fixture | None = None, *, store: str = "default") -> Dataset:
    """Write ``fixture`` as one named graph per document, the way the store holds a build.

    Args:
        fixture: the specs; the benign news graph when omitted.
        store: an rdflib store plugin name ("default" in memory, "Oxigraph" for the real one).
    """
    fixture = fixture or news_fixture()
    ds = Dataset(store=store)
    for key, (title, date) in fixture.documents.items():
        doc = _doc_iri(key)
        g = ds.graph(doc)
        g.add((doc, RDF.type, NG.Document))
        g.add((doc, DCTERMS.title, Literal(title)))
        g.add((doc, DCTERMS.date, Literal(date, datatype=XSD.date)))
        touched = {r.subject for r in fixture.relations if r.document == key}
        touched |= {r.object for r in fixture.relations if r.document == key}
        if key == "a":
            touched.add(LONELY)  # mentioned, never related: an isolated node
        for entity in fixture.entities:
            if entity.iri in touched:
                _add_entity(g, entity, doc)
        for index, rel in enumerate(fixture.relations):
            if rel.document == key:
                _add_statement(g, rel, doc, _statement_iri(key, index))
        for prop, label in fixture.predicate_labels.items():
            if any(r.predicate == prop for r in fixture.relations if r.document == key):
                g.add((prop, RDFS.label, Literal(label)))
                g.add((prop, RDFS.subPropertyOf, NG.relatedTo))
    return ds


def _synthetic_edges(n_nodes: int, edges_per_node: int, rng: random.Random) -> list[tuple[int, int]]:
    """Stories of 5-60 entities wired by preferential attachment, plus links to shared hubs.

    That is the shape of a news corpus: many separate stories, a few actors (countries,
    leaders) in most of them.
    """
    hubs = max(1, n_nodes // 100)
    edges: list[tuple[int, int]] = []
    hub_weight = list(range(hubs))
    start = hubs
    while start < n_nodes:
        size = min(rng.randint(5, 60), n_nodes - start)
        members = [start]
        for i in range(start + 1, start + size):
            for j in {rng.choice(members) for _ in range(edges_per_node)}:
                edges.append((i, j))
            members.extend((i, members[-1]))
            if rng.random() < 0.5:
                hub = rng.choice(hub_weight)
                edges.append((i, hub))
                hub_weight.append(hub)
        start += size
    for i in range(1, hubs):
        edges.append((i, rng.randrange(i)))
    return edges


def synthetic_graph(n_nodes: int = 5000, *, edges_per_node: int = 2, seed: int = 0,
                    store: str = "default") -> Graph:
    """A large news-like graph: one statement per relation, stories around shared hubs.

    Built into one graph of an rdflib ``Dataset`` on ``store``, so the scaling tests can use the
    Oxigraph store the CLI reads from, or rdflib's memory store.
    """
    rng = random.Random(seed)
    kinds = ("Person", "Organization", "Place", "Group", "Event", "Concept")
    predicates = [NG.meets, NG.criticises, NG.proposes, NG.supports, NG.visits, NGR.praise]
    g = Dataset(store=store, default_union=True).graph(NGD["synthetic"])
    doc = NGD["synthetic"]
    g.add((doc, RDF.type, NG.Document))
    g.add((doc, DCTERMS.title, Literal("Synthetic wire")))
    g.add((doc, DCTERMS.date, Literal("2025-01-01", datatype=XSD.date)))
    g.add((NGR.praise, RDFS.label, Literal("praises")))
    nodes = [NGE[f"e{i}"] for i in range(n_nodes)]
    triples = []
    for i, node in enumerate(nodes):
        kind = kinds[i % len(kinds)]
        triples += [(node, RDF.type, NG[kind]), (node, SKOS.prefLabel, Literal(f"{kind} {i}")),
                    (node, SKOS.altLabel, Literal(f"alias {i}")), (node, NG.mentionedIn, doc)]
    for number, (i, j) in enumerate(_synthetic_edges(n_nodes, edges_per_node, rng)):
        s, p, o = nodes[i], predicates[(i + j) % len(predicates)], nodes[j]
        st = NGS[f"s{number}"]
        triples += [(s, p, o), (st, RDF.type, NG.Statement), (st, RDF.subject, s),
                    (st, RDF.predicate, p), (st, RDF.object, o), (st, PROV.wasDerivedFrom, doc),
                    (st, NG.sentence, Literal(f"Sentence about {i} and {j}.")),
                    (st, NG.confidence, Literal(Decimal("0.5"), datatype=XSD.decimal))]
    g.addN((s, p, o, g) for s, p, o in triples)
    return g
