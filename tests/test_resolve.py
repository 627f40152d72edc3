"""The resolver against a store: known entities are looked up by the names a document uses.

Stores here are written by the real resolve → rdf → store path from hand-made analyses (no model),
so the match keys under test are the ones a build writes.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.lexicon import load_gazetteer, load_lexicon
from graph.pipeline import BuildReport, _store_analyses
from graph.rdf import document_graph, document_iri
from graph.records import Analysis, Document, EntityLookup, EntityMatch, Mention
from graph.resolve import EntityResolver, entity_kinds
from graph.settings import Settings
from graph.store import GraphStore, to_ox_quads
from graph.vocab import NG

HOSTILE = 'Acme "} UNION { ?entity ?property ?value } # \\ $parts Corp'
FILLERS = 40


def _mention(text: str, label: str, *, name: str | None = None, at: int = 0, named: bool = True) -> Mention:
    return Mention(text, at, at + len(text), label, name or text, chain=at, named=named)


def _analysis(doc_id: str, *mentions: Mention) -> Analysis:
    return Analysis(Document(id=doc_id, text=" ".join(m.text for m in mentions)), mentions, ())


def _write(store: GraphStore, resolver: EntityResolver, analysis: Analysis, *, resolver_keys: bool = True) -> None:
    graph = document_graph(analysis, resolver.resolve(analysis), lexicon=load_lexicon(), resolver_keys=resolver_keys)
    iri = str(document_iri(analysis.document))
    store.replace_document(iri, to_ox_quads(graph, iri))


def _first_article() -> Analysis:
    """Li Qiang (also written "Premier Li Qiang"), the United States, Acme Holdings, many others."""
    fillers = [_mention(f"Filler Person{i} Name", "PERSON", at=200 + 30 * i) for i in range(FILLERS)]
    return _analysis(
        "first",
        _mention("Li Qiang", "PERSON"),
        _mention("Premier Li Qiang", "PERSON", name="Li Qiang", at=20),
        _mention("United States", "GPE", at=40),
        _mention("Acme Holdings", "ORG", at=60),
        _mention(HOSTILE, "ORG", at=80),
        *fillers,
    )


def _second_article() -> Analysis:
    return _analysis(
        "second",
        _mention("U.S.", "GPE"),
        _mention("Li", "PERSON", at=10),
        _mention("ACME HOLDINGS", "ORG", at=20),
        _mention(HOSTILE, "ORG", at=40),
        _mention("Zhang Wei", "PERSON", at=100),
    )


@pytest.fixture
def known_store(memory_store: GraphStore) -> GraphStore:
    """A store a first build wrote: one article naming Li Qiang, the United States and 40 others."""
    _write(memory_store, EntityResolver(load_gazetteer(), lookup=_lookup(memory_store)), _first_article())
    return memory_store


def _lookup(store: GraphStore, asked: list[EntityLookup] | None = None, found: list[EntityMatch] | None = None):
    kinds = entity_kinds(load_gazetteer())

    def lookup(request: EntityLookup) -> list[EntityMatch]:
        answer = list(store.matching_entities(request, kinds))
        if asked is not None and found is not None:
            asked.append(request)
            found.extend(answer)
        return answer

    return lookup


def test_a_new_document_finds_stored_entities_by_the_names_it_uses(known_store: GraphStore) -> None:
    """ "U.S.", "Li" and "ACME HOLDINGS" resolve to what the store knows, in one lookup of only those."""
    asked: list[EntityLookup] = []
    found: list[EntityMatch] = []
    resolver = EntityResolver(load_gazetteer(), lookup=_lookup(known_store, asked, found))
    analysis = _second_article()
    resolution = resolver.resolve(analysis)
    keys = [resolution.key_of(m) for m in analysis.mentions]
    assert keys[:3] == ["united-states", "li-qiang", "acme-holdings"]
    li = resolution.entities["li-qiang"]
    assert (li.label, li.kind) == ("Li Qiang", "Person")
    assert resolution.entities["acme-holdings"].label == "Acme Holdings"
    assert resolution.entities[keys[3]].label == HOSTILE  # the hostile name is a name like any other
    assert resolution.entities[keys[4]].label == "Zhang Wei"  # new
    (request,) = asked  # one lookup for the document
    assert {"us", "acme holdings", "zhang wei"} <= request.names and request.parts == {"li"}
    assert "united-states" in request.keys
    assert {m.entity.key for m in found} == {"united-states", "li-qiang", "acme-holdings", keys[3]}  # none of the 40 others
    assert {m.entity.key: m.names for m in found}["acme-holdings"] == {"acme holdings"}
    assert len(resolver) < FILLERS


def test_lookup_resolves_as_reading_every_entity_did(known_store: GraphStore) -> None:
    """The same mentions against the same store: the lookup and the full read agree on every
    entity, label and class (stored aliases the lookup does not read, and does not need)."""
    gazetteer = load_gazetteer()
    analysis = _second_article()
    by_lookup = EntityResolver(gazetteer, lookup=_lookup(known_store)).resolve(analysis)
    by_reading = EntityResolver(gazetteer, known=known_store.entities(entity_kinds(gazetteer))).resolve(analysis)
    assert by_lookup.by_mention == by_reading.by_mention

    def named(resolution):  # type: ignore[no-untyped-def]
        return {key: (e.label, e.kind) for key, e in resolution.entities.items()}

    assert named(by_lookup) == named(by_reading)


def test_each_name_is_asked_for_once_per_build(known_store: GraphStore) -> None:
    asked: list[EntityLookup] = []
    resolver = EntityResolver(load_gazetteer(), lookup=_lookup(known_store, asked, []))
    resolver.resolve(_second_article())
    resolver.resolve(_analysis("third", _mention("Li", "PERSON"), _mention("U.S.", "GPE", at=5)))
    assert len(asked) == 1


def test_a_one_word_name_two_people_share_stays_its_own(known_store: GraphStore) -> None:
    """With Li Qiang and Li Wei both stored, "Li" is neither: the lookup finds every person named Li."""
    resolver = EntityResolver(load_gazetteer(), lookup=_lookup(known_store))
    _write(known_store, resolver, _analysis("li-wei", _mention("Li Wei", "PERSON")))
    analysis = _analysis("later", _mention("Li", "PERSON"))
    resolution = EntityResolver(load_gazetteer(), lookup=_lookup(known_store)).resolve(analysis)
    assert resolution.key_of(analysis.mentions[0]) == "li"


def test_hostile_names_are_only_ever_strings(known_store: GraphStore) -> None:
    """A name written to break out of the query matches itself, and nothing else, and changes nothing."""
    before = len(known_store)
    kinds = entity_kinds(load_gazetteer())
    lookup = EntityLookup(names=frozenset({'acme "} union { ?entity ?property ?value } # \\ $parts corp'}),
                          parts=frozenset({'" } #'}), keys=frozenset({"no-such-key"}))
    found = list(known_store.matching_entities(lookup, kinds))
    assert [m.entity.label for m in found] == [HOSTILE]
    assert len(known_store) == before


def test_document_graphs_state_the_keys_of_the_names_they_state(known_store: GraphStore) -> None:
    li = ox.NamedNode("https://w3id.org/newsgraph/entity/li-qiang")

    def values(prop: object) -> set[str]:
        return {q.object.value for q in known_store.oxigraph.quads_for_pattern(li, ox.NamedNode(str(prop)), None, None)}

    assert values(NG.matchKey) == {"li qiang", "premier li qiang"}
    assert values(NG.namePart) == {"li", "qiang"}


def test_a_store_built_before_match_keys_is_read_whole_and_stays_without_keys(memory_store: GraphStore) -> None:
    """An older store still resolves "Li" to its Li Qiang; the build says why it is slow, once."""
    gazetteer = load_gazetteer()
    _write(memory_store, EntityResolver(gazetteer), _first_article(), resolver_keys=False)
    assert not memory_store.entities_have_match_keys()
    report = BuildReport()
    _store_analyses([_second_article()], memory_store, Settings(), report, None)
    assert [w.reason for w in report.warnings] == [
        "built by an older newsgraph (no ng:matchKey), so every build reads all of its entities; "
        "build into a new store to make adding articles fast"
    ]
    second = ox.NamedNode(report.built[0])
    li = ox.NamedNode("https://w3id.org/newsgraph/entity/li-qiang")
    assert any(memory_store.oxigraph.quads_for_pattern(li, None, None, second))  # "Li" is Li Qiang
    assert not memory_store.entities_have_match_keys()


def test_an_empty_store_can_be_looked_up(memory_store: GraphStore) -> None:
    assert memory_store.entities_have_match_keys()


def test_names_that_would_share_an_iri_are_one_entity_with_its_first_label(memory_store: GraphStore) -> None:
    """ "A B Holdings" after a stored "A.B. Holdings": one slug, so one entity, which keeps its label
    (re-labelling it would give the IRI two preferred labels across the document graphs)."""
    resolver = EntityResolver(load_gazetteer(), lookup=_lookup(memory_store))
    _write(memory_store, resolver, _analysis("first", _mention("A.B. Holdings", "ORG")))
    analysis = _analysis("second", _mention("A B Holdings", "ORG"), _mention("Zed Holdings", "ORG", at=20))
    resolution = EntityResolver(load_gazetteer(), lookup=_lookup(memory_store)).resolve(analysis)
    key = resolution.key_of(analysis.mentions[0])
    assert key == "a-b-holdings"
    assert resolution.entities[key].label == "A.B. Holdings"
    assert "A B Holdings" in resolution.entities[key].aliases
    _write(memory_store, EntityResolver(load_gazetteer(), lookup=_lookup(memory_store)), analysis)
    labels = memory_store.query(
        "SELECT DISTINCT ?label WHERE { <https://w3id.org/newsgraph/entity/a-b-holdings> "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    )
    assert [row[0].value for row in labels] == ["A.B. Holdings"]
