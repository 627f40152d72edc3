"""Large stores for the query and export benchmarks, made without running the model for hours.

A store of a million triples is the demo graph (``data/`` built by newsgraph) copied until it is
big enough. Each copy has its own documents, statements, entities and concepts (IRIs suffixed
``-rN``, their labels suffixed `` N``), so a query for "Li Qiang" stays as selective as on a real
store. Optionally (``shared``) the entities of the gazetteer (countries, cities, international
bodies) keep their IRIs in every copy, as in a real news graph, where China is mentioned in
thousands of articles; that is the harder case for queries that join on entity labels, because
each document graph states the entity's labels again. The quads are generated and loaded with
pyoxigraph's ``bulk_extend``, in seconds.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

__all__ = ["demo_quads", "replicate", "shared_entities", "million_store", "digest"]

_BASE = "https://w3id.org/newsgraph/"
_INSTANCES = tuple(_BASE + part for part in ("entity/", "concept/", "doc/", "statement/"))
_LABELS = frozenset({
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    _BASE + "ontology#matchKey",  # the resolver's key of a label: suffixed like it ("li qiang 3")
})


def demo_quads(data_dir: Path) -> list[ox.Quad]:
    """The quads newsgraph builds from ``data_dir`` (in memory; loads the model)."""
    from graph.pipeline import build
    from graph.store import open_store

    store = open_store(None)
    build([str(data_dir)], store=store)
    return list(store.oxigraph.quads_for_pattern(None, None, None, None))


def shared_entities() -> frozenset[str]:
    """IRIs of the gazetteer's entities: the ones every copy keeps as they are."""
    from graph.lexicon import load_gazetteer
    from graph.rdf import entity_iri

    return frozenset(str(entity_iri(entry.key, entry.kind)) for entry in load_gazetteer().entries())


def replicate(base: list[ox.Quad], copies: int, *, shared: frozenset[str] = frozenset()) -> Iterator[ox.Quad]:
    """``copies`` renamed copies of ``base`` (copy 0 is ``base``); IRIs in ``shared`` keep their name."""
    for copy in range(copies):
        yield from _renamed(base, copy, shared)


def _renamed(base: list[ox.Quad], copy: int, shared: frozenset[str]) -> Iterator[ox.Quad]:
    if copy == 0:
        yield from base
        return
    names: dict[str, ox.NamedNode] = {}

    def rename(term):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.NamedNode) and term.value.startswith(_INSTANCES) and term.value not in shared:
            if term.value not in names:
                names[term.value] = ox.NamedNode(f"{term.value}-r{copy}")
            return names[term.value]
        return term

    for quad in base:
        subject, obj = rename(quad.subject), rename(quad.object)
        if (isinstance(obj, ox.Literal) and obj.language is None and quad.predicate.value in _LABELS
                and quad.subject.value in names):
            obj = ox.Literal(f"{obj.value} {copy}", datatype=obj.datatype)
        yield ox.Quad(subject, quad.predicate, obj, rename(quad.graph_name))


def million_store(path: Path | None, base: list[ox.Quad], quads: int, *, shared: frozenset[str] = frozenset()) -> ox.Store:
    """A store of at least ``quads`` quads made of copies of ``base``; on disk unless ``path`` is None.

    IRIs in ``shared`` (see :func:`shared_entities`) are the same in every copy.
    """
    copies = max(1, math.ceil(quads / len(base)))
    if path is not None:
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
    store = ox.Store(str(path)) if path is not None else ox.Store()
    store.bulk_extend(replicate(base, copies, shared=shared))
    store.flush()
    return store


def digest(quads: Iterable[ox.Quad], *, skip_graphs: frozenset[str] = frozenset()) -> tuple[int, int]:
    """An order-independent fingerprint of a set of quads, and how many there were.

    Quads in ``skip_graphs`` are left out, so a store before and after adding a document can be
    compared on everything else. Hashes are only comparable within one process.
    """
    total = count = 0
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value in skip_graphs:
            continue
        total = (total + hash(quad)) & 0xFFFFFFFFFFFFFFFF
        count += 1
    return total, count
