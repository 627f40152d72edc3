"""The store's reads that the build depends on, on hand-written quads (no model)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.records import Entity
from graph.vocab import NG, NGC, NGD, NGE, NGS

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


def _node(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _entity_quads(iri: object, kind: str, label: str, aliases: tuple[str, ...], graph: object) -> list[ox.Quad]:
    g = _node(graph)
    quads = [ox.Quad(_node(iri), _TYPE, _node(NG[kind]), g), ox.Quad(_node(iri), _PREF, ox.Literal(label), g)]
    return quads + [ox.Quad(_node(iri), _ALT, ox.Literal(alias), g) for alias in aliases]


def test_entities_are_read_once_per_entity_across_documents(memory_store) -> None:
    """Li Qiang restated by two documents is one entity with the aliases of both; other kinds stay out."""
    one, two = NGD["one"], NGD["two"]
    memory_store.oxigraph.extend([
        *_entity_quads(NGE["li-qiang"], "Person", "Li Qiang", ("Premier Li",), one),
        *_entity_quads(NGE["li-qiang"], "Person", "Li Qiang", ("Li",), two),
        *_entity_quads(NGC["chip-export"], "Concept", "chip export", (), two),
        *_entity_quads(NGE["shanghai"], "Place", "Shanghai", (), two),
        ox.Quad(_node(NGS["s1"]), _TYPE, _node(NG.Statement), _node(one)),
    ])
    found = set(memory_store.entities(["Person", "Concept", "Organization"]))
    assert found == {
        Entity(key="li-qiang", label="Li Qiang", kind="Person", aliases=frozenset({"Li Qiang", "Premier Li", "Li"})),
        Entity(key="chip-export", label="chip export", kind="Concept", aliases=frozenset({"chip export"})),
    }
