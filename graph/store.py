"""The persistent graph: an Oxigraph store on disk, one named graph per document.

pyoxigraph holds the quads (RocksDB, transactional, fast SPARQL); rdflib sees the same data
through ``oxrdflib`` when a caller wants rdflib objects (export, validation, analytics). Writes
happen per document and atomically, so an interrupted build never leaves half an article, and
re-running it converges on the same store.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import pyoxigraph as ox

from .errors import StoreError, StoreLockedError
from .records import Entity, EntityLookup, EntityMatch

if TYPE_CHECKING:
    import rdflib

__all__ = ["GraphStore", "open_store", "to_ox_quads", "to_ox_term", "is_store_race"]

_SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
_LABELS_QUERY = _SKOS + "SELECT DISTINCT ?entity ?label WHERE { ?entity skos:prefLabel ?label }"
_ALIASES_QUERY = _SKOS + "SELECT DISTINCT ?entity ?alias WHERE { ?entity skos:altLabel ?alias }"
_MEMBERS_QUERY = "SELECT DISTINCT ?entity ?class WHERE { ?entity a ?class }"  # ?class bound to one class
_NG = "https://w3id.org/newsgraph/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_MATCH_KEY = ox.NamedNode(_NG + "matchKey")
_NAME_PART = ox.NamedNode(_NG + "namePart")
_ENTITY_NAMESPACES = ("https://w3id.org/newsgraph/entity/", "https://w3id.org/newsgraph/concept/")
_HAS_ENTITIES = _SKOS + "ASK { ?entity skos:prefLabel ?label }"
_HAS_MATCH_KEYS = f"ASK {{ ?entity <{_NG}matchKey> ?name }}"


class GraphStore:
    """A newsgraph store: documents' named graphs in one Oxigraph database.

    Use :func:`open_store` to get one; it is a context manager that closes the database.
    """

    def __init__(self, store: ox.Store, path: Path | None, *, read_only: bool) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only

    # -- reading ---------------------------------------------------------------------------
    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for fast SPARQL and serialisation."""
        return self._store

    def __len__(self) -> int:
        return len(self._store)

    def document_graphs(self) -> set[str]:
        """IRIs of every document graph in the store."""
        return {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}

    def has_document(self, iri: str) -> bool:
        """Whether a document graph with this IRI is in the store (so its content hash is)."""
        return self._store.contains_named_graph(ox.NamedNode(iri))

    def query(self, sparql: str, *, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None,
              use_default_graph_as_union: bool = True) -> object:
        """Run SPARQL on the union of all document graphs (pyoxigraph results)."""
        return self._store.query(
            sparql, use_default_graph_as_union=use_default_graph_as_union, substitutions=substitutions
        )

    def entities_have_match_keys(self) -> bool:
        """Whether the resolver can look entities up by name here (:meth:`matching_entities`).

        Stores built before ``ng:matchKey`` existed have entities but no match keys; a store
        with no entity yet has nothing to miss.
        """
        return bool(self._store.query(_HAS_MATCH_KEYS, use_default_graph_as_union=True)) or not bool(
            self._store.query(_HAS_ENTITIES, use_default_graph_as_union=True)
        )

    def matching_entities(self, lookup: EntityLookup, kinds: Iterable[str]) -> Iterator[EntityMatch]:
        """The entities and concepts of the given classes that have a looked-up name, name part or key.

        Each comes with its label and class, and with the looked-up names it has. Every document
        graph restates the entities it mentions, so reading all of an entity's statements costs
        as many rows as documents mention it (China: most of them). Each read here is the first
        quad of an index range instead: the entity a name belongs to, its class, its label; and,
        for a name part, the first two people who have it, which is all the resolver needs to tell
        "one person" from "ambiguous". So the cost follows the names looked up, not the store.
        Aliases are not read: the resolver learns the names it looks up, which is all it needs.
        The values are passed to the store as terms, never written into query text.
        """
        found: dict[str, set[str]] = {}  # entity IRI -> looked-up names it has
        for name in sorted(lookup.names):
            first = next(self._store.quads_for_pattern(None, _MATCH_KEY, ox.Literal(name), None), None)
            if first is not None:  # the resolver maps a name to one entity, the first it learns
                found.setdefault(first.subject.value, set()).add(name)
        for part in sorted(lookup.parts):
            for person in _first_subjects(self._store.quads_for_pattern(None, _NAME_PART, ox.Literal(part), None), 2):
                found.setdefault(person, set())
        for key in sorted(lookup.keys):
            for namespace in _ENTITY_NAMESPACES:
                found.setdefault(namespace + key, set())
        wanted = {_NG + kind for kind in kinds}
        for iri, names in found.items():
            entity = self._entity(iri, wanted)
            if entity is not None:
                yield EntityMatch(entity, frozenset(names))

    def _entity(self, iri: str, classes: set[str]) -> Entity | None:
        """The entity ``iri`` with its class (one of ``classes``) and label, from the first
        graph that states them (every graph states the same); ``None`` if it has no such class."""
        node = ox.NamedNode(iri)
        types = (q.object.value for q in self._store.quads_for_pattern(node, _RDF_TYPE, None, None))
        kind = next((value for value in types if value in classes), None)
        first_label = next(self._store.quads_for_pattern(node, _PREF_LABEL, None, None), None)
        if kind is None or first_label is None:
            return None
        label = first_label.object.value
        return Entity(key=iri.rsplit("/", 1)[1], label=label, kind=kind[len(_NG):], aliases=frozenset({label}))

    def entities(self, kinds: Iterable[str]) -> Iterator[Entity]:
        """Every entity and concept of the given classes, with its label, class and aliases.

        ``kinds`` are ontology class local names ("Person", "Concept"). Each document graph
        restates the entities it mentions, and the union default graph gives one row per graph,
        so labels, classes and aliases are each read by a DISTINCT query of one pattern, and
        joined here: joined in SPARQL first, the rows multiplied with the documents per entity
        (and a class *filter* scanned every ``rdf:type``, statements and documents included,
        where one class at a time reads its own index range).

        A resolver starts from these in a store built before ``ng:matchKey`` (see
        :meth:`entities_have_match_keys`), so a new article about "Premier Li" joins the
        Li Qiang an earlier build already knows.
        """
        labels: dict[str, list[str]] = {}
        for row in self._store.query(_LABELS_QUERY, use_default_graph_as_union=True):
            labels.setdefault(row[0].value, []).append(row[1].value)
        aliases: dict[str, set[str]] = {}
        for row in self._store.query(_ALIASES_QUERY, use_default_graph_as_union=True):
            aliases.setdefault(row[0].value, set()).add(row[1].value)
        for kind in kinds:
            members = self._store.query(
                _MEMBERS_QUERY, use_default_graph_as_union=True, substitutions={ox.Variable("class"): ox.NamedNode(_NG + kind)}
            )
            for row in members:
                iri = row[0].value
                for label in labels.get(iri, ()):
                    known = frozenset(a for a in aliases.get(iri, ()) if a)
                    yield Entity(key=iri.rsplit("/", 1)[1], label=label, kind=kind, aliases=known | {label})

    def dataset(self) -> rdflib.Dataset:
        """An rdflib ``Dataset`` view of the store (no copy), through oxrdflib."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self._store), default_union=True)

    def union_graph(self) -> rdflib.Graph:
        """All documents' triples as one in-memory rdflib ``Graph`` (a copy)."""
        import rdflib

        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        graph = rdflib.Graph()
        graph.parse(data=triples.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
        return graph

    # -- writing ---------------------------------------------------------------------------
    def replace_document(self, iri: str, quads: Iterable[ox.Quad]) -> None:
        """Replace a document's named graph with new quads, atomically.

        A new document is one ``extend`` (one transaction). An existing one is dropped and written
        again in a single SPARQL update, which Oxigraph runs as one transaction, so readers see
        either the old graph or the new one, never neither.
        """
        self._check_writable()
        quads = list(quads)
        graph = ox.NamedNode(iri)
        if not self._store.contains_named_graph(graph):
            self._store.extend(quads)
            return
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        self._store.update(f"DROP SILENT GRAPH <{iri}> ; INSERT DATA {{ GRAPH <{iri}> {{ {text} }} }}")

    def remove_document(self, iri: str) -> None:
        """Delete a document's named graph."""
        self._check_writable()
        graph = ox.NamedNode(iri)
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def flush(self) -> None:
        """Make every write durable on disk."""
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        """Flush and release the database (and its lock)."""
        self.flush()
        del self._store

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_subjects(quads: Iterator[ox.Quad], count: int) -> list[str]:
    """Up to ``count`` distinct subjects of ``quads``, reading no further than it takes to find them."""
    subjects: list[str] = []
    for quad in quads:
        if quad.subject.value not in subjects:
            subjects.append(quad.subject.value)
            if len(subjects) == count:
                break
    return subjects


def open_store(path: str | Path | None = None, *, read_only: bool = False,
               wait: float = 0.0) -> GraphStore:
    """Open (or create) the store in a directory; ``None`` gives a store in memory.

    A read-only open takes the database exclusively when no build holds it, so what it reads is
    consistent. While a build is writing, it falls back to a read-only view of what the build has
    flushed; such a view can fail if the build compacts files under it, which
    :func:`is_store_race` recognises so the caller can say so plainly.

    A read-write open that finds the store held (by a build, or briefly by a query or export)
    retries for up to ``wait`` seconds, so a build started while someone queries just starts a
    moment later instead of failing.

    Raises:
        StoreLockedError: another process has the store open for writing (read-write open).
        StoreError: the directory is not an Oxigraph store or cannot be opened.
    """
    if path is None:
        return GraphStore(ox.Store(), None, read_only=False)
    path = Path(path)
    if read_only and not (path / "CURRENT").is_file():
        raise StoreError(f"{path}: no store here (build one with `newsgraph build ... --store {path}`)")
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
            return GraphStore(ox.Store(str(path)), path, read_only=read_only)
        except OSError as exc:
            if not _is_lock_error(exc):
                raise StoreError(f"{path}: cannot open the store: {exc}") from exc
            if read_only:
                break
            if time.monotonic() + pause > deadline:
                waited = f" (waited {wait:g} s)" if wait else ""
                raise StoreLockedError(
                    f"{path}: the store is in use by another newsgraph process{waited}; "
                    "wait for it to finish"
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
    try:
        return GraphStore(ox.Store.read_only(str(path)), path, read_only=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc


def _is_lock_error(exc: OSError) -> bool:
    return "lock" in str(exc).lower()


def is_store_race(exc: BaseException) -> bool:
    """Whether an error comes from reading a store while another process rewrote its files."""
    message = str(exc)
    return isinstance(exc, (RuntimeError, OSError)) and ("Corruption" in message or "No such file" in message)


def to_ox_quads(graph: rdflib.Graph, graph_iri: str) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in the named graph ``graph_iri``."""
    name = ox.NamedNode(graph_iri)
    for s, p, o in graph:
        yield ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), name)


def to_ox_term(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as the equal pyoxigraph term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__})")
