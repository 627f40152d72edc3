"""The ontology's word lists, read as plain Python mappings: lexicon, gazetteer, term catalogue.

The words that produce each relation (``ng:verbLemma``, ``ng:nominalization``, ``ng:phrase``), the
light verbs, and the gazetteer of names, demonyms and capitals are *data* in ``ontology/``, so
users extend them without touching code. This module turns that RDF into immutable lookups once
(cached), so the NLP and resolve stages get plain dicts and strings and never import rdflib
themselves. Ambiguous data is refused at load time: a lemma claimed by two properties, or an alias
claimed by two gazetteer entries, raises :class:`~graph.errors.OntologyError`, because a silent
first-wins choice would make the graph depend on file order.

Examples:
    >>> lexicon = load_lexicon()
    >>> lexicon.predicate_for(["make", "proposal", "for"])
    'proposes'
    >>> lexicon.predicate_for(["curb"])
    'restricts'
    >>> gazetteer = load_gazetteer()
    >>> gazetteer.lookup("the U.S.").key
    'united-states'
    >>> gazetteer.capital("Beijing").key
    'china'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS
from rdflib.term import BNode, Node

from .errors import OntologyError
from .settings import ONTOLOGY_DIR
from .vocab import NG, NGC, NGE, PREFIXES

__all__ = [
    "ONTOLOGY_FILE",
    "GAZETTEER_FILE",
    "PREPOSITIONS",
    "Lexicon",
    "GazetteerEntry",
    "Gazetteer",
    "OntologyTerm",
    "load_lexicon",
    "load_gazetteer",
    "load_ontology_graph",
    "parse_turtle",
    "normalise_name",
    "describe_ontology",
]

ONTOLOGY_FILE = "newsgraph.ttl"
GAZETTEER_FILE = "gazetteer.ttl"

#: Words that end the search for a nominalisation after a light verb: in "make a comment on the
#: proposal" the light verb's object is "comment", not "proposal".
PREPOSITIONS: frozenset[str] = frozenset(
    "about across after against along among around as at before behind below beside between "
    "beyond by despite during for from in inside into like near of off on onto out over past "
    "since through throughout to toward towards under until up upon with within without".split()
)

_NG = str(NG)
_NGE = str(NGE)
_NGC = str(NGC)
_LEXICON_KINDS: tuple[tuple[URIRef, str], ...] = (
    (NG.verbLemma, "verbs"),
    (NG.nominalization, "nouns"),
    (NG.phrase, "phrases"),
)
_TERM_KINDS: tuple[tuple[URIRef, str], ...] = (
    (OWL.Class, "class"),
    (OWL.ObjectProperty, "object property"),
    (OWL.DatatypeProperty, "datatype property"),
    (OWL.AnnotationProperty, "annotation property"),
)


# --------------------------------------------------------------------------------------------
# Reading the files
# --------------------------------------------------------------------------------------------


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file of the ontology directory, cached by path.

    The returned graph is shared between callers: treat it as read-only.

    Raises:
        OntologyError: the file is missing or is not valid Turtle; the message names the file.
    """
    return _parse_turtle(Path(path).resolve())


@lru_cache(maxsize=16)
def _parse_turtle(path: Path) -> Graph:
    """Parse with Oxigraph (in Rust) and fill an rdflib ``Graph``: about half the time of rdflib's
    own Turtle parser, which every build paid for the lexicon and the gazetteer."""
    if not path.is_file():
        raise OntologyError(f"{path}: ontology file not found")
    graph = Graph()
    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        graph.addN((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph) for t in triples)
    except (SyntaxError, OSError, UnicodeError) as exc:
        raise OntologyError(f"{path}: cannot parse Turtle: {exc}") from exc
    return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An Oxigraph term as the rdflib term rdflib's parser gives (plain strings carry no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))


def _directory(ontology_dir: Path | None) -> Path:
    return Path(ontology_dir).resolve() if ontology_dir is not None else ONTOLOGY_DIR.resolve()


def load_ontology_graph(ontology_dir: Path | None = None) -> Graph:
    """Return the parsed ``newsgraph.ttl`` of ``ontology_dir`` (default: the packaged one).

    Shared and cached: treat it as read-only.
    """
    return parse_turtle(_directory(ontology_dir) / ONTOLOGY_FILE)


def _ng_local(node: Node, source: Path, what: str) -> str:
    if not isinstance(node, URIRef) or not str(node).startswith(_NG):
        raise OntologyError(f"{source}: {what} {node} is not in the ng: namespace {_NG}")
    return str(node)[len(_NG):]


def _strings(graph: Graph, predicate: URIRef) -> Iterator[tuple[Node, str]]:
    """Every ``(subject, text)`` stating ``predicate``, in a stable order."""
    return iter(sorted((s, str(o)) for s, o in graph.subject_objects(predicate)))


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate))


def _lemma(text: str) -> str:
    return " ".join(text.casefold().split())


# --------------------------------------------------------------------------------------------
# The lexicon
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Words that express the curated relations, each mapped to ONE property local name.

    All keys are lowercase lemmas with single spaces. Compared by identity (its mappings are
    read-only views, which cannot be hashed).

    Attributes:
        verbs: verb lemma, optionally with particle or preposition -> property
            (``"propose"``, ``"call for"`` -> ``"proposes"``).
        nouns: nominalisations, read after a light verb (``"proposal"`` -> ``"proposes"``).
        phrases: lemmatised phrases of content words and prepositions
            (``"call for creation of"`` -> ``"proposes"``).
        light_verbs: verbs whose object noun carries the meaning (``"make"``, ``"impose"``).
        labels: every curated object property's local name -> its ``rdfs:label``.
    """

    verbs: Mapping[str, str]
    nouns: Mapping[str, str]
    phrases: Mapping[str, str]
    light_verbs: frozenset[str]
    labels: Mapping[str, str]

    def __repr__(self) -> str:
        return (
            f"<Lexicon: {len(self.labels)} relations, {len(self.verbs)} verbs, "
            f"{len(self.nouns)} nominalisations, {len(self.phrases)} phrases, "
            f"{len(self.light_verbs)} light verbs>"
        )

    def predicate_for(self, lemmas: Sequence[str]) -> str | None:
        """Return the property local name the lemmas express, or ``None`` if the lexicon has none.

        The lemmas are the trigger's words in order (content words and prepositions, no
        articles). Tried in turn, most specific first:

        1. the phrases, longest prefix of the lemmas first (``"impose restriction on"``);
        2. a light verb followed by a nominalisation before any preposition (``"make"`` ...
           ``"proposal"``), so the noun, not the light verb, decides;
        3. the verbs, longest prefix first (``"call for"`` before ``"call"``).

        Args:
            lemmas: lemmas as spaCy gives them; case and extra spaces are ignored, and an item
                may itself hold several words (``"put forward"``).

        Examples:
            >>> lex = load_lexicon()
            >>> lex.predicate_for(["impose", "ban", "on"])
            'restricts'
            >>> lex.predicate_for(["impose", "tariff", "on"])
            'imposes'
            >>> lex.predicate_for(["call", "on"])
            'urges'
            >>> lex.predicate_for(["quicken"]) is None
            True
        """
        words = _lemma(" ".join(lemmas)).split()
        if not words:
            return None
        return (
            _longest_prefix(words, self.phrases)
            or self._light_verb_noun(words)
            or _longest_prefix(words, self.verbs)
        )

    def _light_verb_noun(self, words: list[str]) -> str | None:
        for size in range(min(len(words) - 1, 3), 0, -1):
            if " ".join(words[:size]) in self.light_verbs:
                for word in words[size:]:
                    if word in PREPOSITIONS:
                        return None
                    if word in self.nouns:
                        return self.nouns[word]
                return None
        return None


def _longest_prefix(words: list[str], table: Mapping[str, str]) -> str | None:
    for size in range(len(words), 0, -1):
        found = table.get(" ".join(words[:size]))
        if found is not None:
            return found
    return None


def load_lexicon(ontology_dir: Path | None = None) -> Lexicon:
    """Read the lexicon from ``newsgraph.ttl`` in ``ontology_dir`` (default: ``ONTOLOGY_DIR``).

    Cached per directory: repeated calls return the same object.

    Raises:
        OntologyError: the file is missing or broken, a lexicon entry is stated on a term outside
            the ng: namespace, or one word is claimed by two properties.
    """
    return _load_lexicon(_directory(ontology_dir))


@lru_cache(maxsize=8)
def _load_lexicon(directory: Path) -> Lexicon:
    source = directory / ONTOLOGY_FILE
    graph = parse_turtle(source)
    tables: dict[str, dict[str, str]] = {name: {} for _, name in _LEXICON_KINDS}
    owner: dict[str, tuple[str, str]] = {}  # word -> (property, annotation), across all tables
    for predicate, table in _LEXICON_KINDS:
        for subject, text in _strings(graph, predicate):
            prop = _ng_local(subject, source, f"lexicon entry {text!r} is stated on")
            word = _lemma(text)
            previous = owner.setdefault(word, (prop, table))
            if previous[0] != prop:
                raise OntologyError(
                    f"{source}: {word!r} is claimed by ng:{previous[0]} (as {previous[1]}) and by "
                    f"ng:{prop} (as {table}); each word must express one property"
                )
            tables[table][word] = prop
    light_verbs = frozenset(_lemma(text) for _, text in _strings(graph, NG.lightVerb))
    return Lexicon(
        verbs=MappingProxyType(tables["verbs"]),
        nouns=MappingProxyType(tables["nouns"]),
        phrases=MappingProxyType(tables["phrases"]),
        light_verbs=light_verbs,
        labels=MappingProxyType(_property_labels(graph)),
    )


def _property_labels(graph: Graph) -> dict[str, str]:
    labels: dict[str, str] = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if isinstance(prop, URIRef) and str(prop).startswith(_NG):
            name = str(prop)[len(_NG):]
            labels[name] = _english(graph, prop, RDFS.label) or name
    return dict(sorted(labels.items()))


def _english(graph: Graph, subject: Node, predicate: URIRef) -> str:
    """The English (or untagged) value of ``predicate``, joined if several; ``""`` if none."""
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    preferred = [o for o in values if o.language in (None, "en")] or values
    return " ".join(sorted(str(o) for o in preferred))


# --------------------------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalise_name(text: str) -> str:
    """Return the form under which names are compared: the shared alias-matching key.

    Unicode-compatibility folded, accents dropped, case-folded, dots removed, typographic
    apostrophes made plain, whitespace collapsed and a leading "the " dropped, so "the U.S.",
    "US" and "u.s." meet, and so do "Côte d'Ivoire" and "Cote d’Ivoire".

    Examples:
        >>> normalise_name("the  U.S.")
        'us'
        >>> normalise_name("Côte d’Ivoire")
        "cote d'ivoire"
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = folded.translate(_QUOTES).casefold().replace(".", "")
    folded = _SPACES.sub(" ", folded).strip()
    return folded[4:] if folded.startswith("the ") else folded


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known thing: ``nge:<key>``, its preferred label, class local name and every alias.

    Mirrors :class:`graph.records.Entity`, so the resolver can turn it into one directly.
    ``aliases`` are the names as written (preferred label included), not normalised.
    """

    key: str
    label: str
    kind: str
    aliases: frozenset[str]


class _Index:
    """Normalised surface -> entry, remembering which keys have an all-lowercase written form."""

    def __init__(self, what: str, source: Path) -> None:
        self.what = what
        self.source = source
        self.entries: dict[str, GazetteerEntry] = {}
        self.lowercase: set[str] = set()

    def add(self, text: str, entry: GazetteerEntry) -> None:
        key = normalise_name(text)
        if not key:
            raise OntologyError(f"{self.source}: empty {self.what} on nge:{entry.key}")
        previous = self.entries.setdefault(key, entry)
        if previous.key != entry.key:
            raise OntologyError(
                f"{self.source}: {self.what} {text!r} belongs to both nge:{previous.key} and "
                f"nge:{entry.key}; remove it from one of them"
            )
        if not _has_upper(text):
            self.lowercase.add(key)

    def find(self, surface: str) -> GazetteerEntry | None:
        key = normalise_name(surface)
        entry = self.entries.get(key)
        if entry is None or (not _has_upper(surface) and key not in self.lowercase):
            return None  # "us", "who", "apple" in lowercase are words, not the names
        return entry


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Known names, demonyms, capitals and metonyms, and the role nouns.

    Every lookup normalises with :func:`normalise_name`. A surface written all in lowercase only
    matches a form that is itself written in lowercase, so the pronoun "us" is not the US and
    "who" is not the WHO. Compared by identity.

    Attributes:
        role_nouns: lowercase nouns for offices and positions ("premier", "prime minister").
        common_terms: capitalised words that name no entity ("AI", "GDP"), as written.
    """

    _by_key: Mapping[str, GazetteerEntry]
    _names: _Index
    _demonyms: _Index
    _capitals: _Index
    _metonyms: _Index
    role_nouns: frozenset[str]
    common_terms: frozenset[str] = frozenset()
    concept_terms: tuple[tuple[re.Pattern[str], str], ...] = ()

    def canonical_concept(self, label: str) -> str:
        """A concept label with each term in its one preferred spelling.

        >>> load_gazetteer().canonical_concept("high-end artificial intelligence chip export")
        'high-end AI chip export'
        """
        for pattern, preferred in self.concept_terms:
            label = pattern.sub(preferred, label)
        return label

    def is_common_term(self, surface: str) -> bool:
        """Whether a capitalised word names no entity ("AI", "GDP"), compared as written."""
        return " ".join(surface.split()) in self.common_terms

    def __repr__(self) -> str:
        return f"<Gazetteer: {len(self._by_key)} entries, {len(self.role_nouns)} role nouns>"

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """Return the entry named ``surface`` ("U.S.", "the United States"), else ``None``."""
        return self._names.find(surface)

    def demonym(self, word: str) -> GazetteerEntry | None:
        """Return the country or bloc a demonym stands for ("Chinese" -> China).

        A plural nationality noun falls back to its singular ("Americans" -> United States).
        """
        found = self._demonyms.find(word)
        if found is None and word.endswith("s"):
            found = self._demonyms.find(word[:-1])
        return found

    def capital(self, word: str) -> GazetteerEntry | None:
        """Return the entry whose government the capital stands for ("Beijing" -> China).

        Use it only where a capital *acts* (metonymy: "Beijing said"); as a place, "Beijing" is
        its own entry, found by :meth:`lookup`.
        """
        return self._capitals.find(word)

    def metonym(self, word: str) -> GazetteerEntry | None:
        """Like :meth:`capital`, also knowing other metonyms ("the Kremlin" -> Russia)."""
        return self._metonyms.find(word)

    def get(self, key: str) -> GazetteerEntry | None:
        """Return the entry ``nge:<key>``, else ``None``."""
        return self._by_key.get(key)

    def entries(self) -> Iterator[GazetteerEntry]:
        """Yield every entry, sorted by key (for the entity ruler and for listings)."""
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)


def load_gazetteer(ontology_dir: Path | None = None) -> Gazetteer:
    """Read ``gazetteer.ttl`` (classes checked against ``newsgraph.ttl``) from ``ontology_dir``.

    Cached per directory: repeated calls return the same object.

    Raises:
        OntologyError: a file is missing or broken; an entry is outside ``nge:``, has no or two
            preferred labels, or not exactly one ontology class; or an alias, demonym or
            capital/metonym belongs to two entries.
    """
    return _load_gazetteer(_directory(ontology_dir))


@lru_cache(maxsize=8)
def _load_gazetteer(directory: Path) -> Gazetteer:
    source = directory / GAZETTEER_FILE
    graph = parse_turtle(source)
    classes = _declared(load_ontology_graph(directory), OWL.Class)
    names, demonyms = _Index("alias", source), _Index("demonym", source)
    capitals, metonyms = _Index("capital", source), _Index("capital or metonym", source)
    by_key: dict[str, GazetteerEntry] = {}
    for subject in sorted(set(graph.subjects(RDF.type, None)), key=str):
        if not isinstance(subject, URIRef) or not str(subject).startswith(_NGE):
            continue
        entry = _entry(graph, subject, classes, source)
        by_key[entry.key] = entry
        for alias in entry.aliases:
            names.add(alias, entry)
        for text in _texts(graph, subject, NG.demonym):
            demonyms.add(text, entry)
        for text in _texts(graph, subject, NG.capital):
            capitals.add(text, entry)
            metonyms.add(text, entry)
        for text in _texts(graph, subject, NG.metonym):
            metonyms.add(text, entry)
    concept_terms = _concept_terms(graph)
    role_nouns = frozenset(_lemma(text) for _, text in _strings(graph, NG.roleNoun))
    common_terms = frozenset(text for _, text in _strings(graph, NG.commonTerm))
    return Gazetteer(
        _by_key=MappingProxyType(by_key),
        _names=names,
        _demonyms=demonyms,
        _capitals=capitals,
        _metonyms=metonyms,
        role_nouns=role_nouns,
        common_terms=common_terms,
        concept_terms=concept_terms,
    )


def _concept_terms(graph: Graph) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern of an alternative spelling, preferred label) for every concept term, longest first."""
    pairs = []
    for subject in graph.subjects(RDF.type, NG.Concept):
        if not str(subject).startswith(_NGC):
            continue
        label = str(graph.value(subject, SKOS.prefLabel))
        for alias in graph.objects(subject, SKOS.altLabel):
            pairs.append((str(alias), label))
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", re.IGNORECASE), label) for alias, label in pairs)


def _declared(graph: Graph, kind: URIRef) -> frozenset[URIRef]:
    return frozenset(
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(_NG)
    )


def _entry(graph: Graph, subject: URIRef, classes: frozenset[URIRef], source: Path) -> GazetteerEntry:
    key = str(subject)[len(_NGE):]
    kinds = sorted(str(t)[len(_NG):] for t in graph.objects(subject, RDF.type) if t in classes)
    if len(kinds) != 1:
        raise OntologyError(
            f"{source}: nge:{key} must have exactly one ng: class, has {kinds or 'none'}; "
            f"valid: {', '.join(sorted(str(c)[len(_NG):] for c in classes))}"
        )
    labels = sorted(str(o) for o in graph.objects(subject, SKOS.prefLabel))
    if len(labels) != 1:
        raise OntologyError(f"{source}: nge:{key} must have one skos:prefLabel, has {labels}")
    aliases = {labels[0]}
    for predicate in (SKOS.altLabel, RDFS.label):
        aliases.update(str(o) for o in graph.objects(subject, predicate))
    return GazetteerEntry(key=key, label=labels[0], kind=kinds[0], aliases=frozenset(aliases))


# --------------------------------------------------------------------------------------------
# The term catalogue (for `newsgraph ontology`)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OntologyTerm:
    """One class or property of the ontology, as ``newsgraph ontology`` lists it.

    ``parents``, ``domain`` and ``range`` are CURIEs ("ng:Entity", "schema:Person"); a union is
    written "ng:Organization | ng:Group". The lexicon fields are empty for non-relations.
    """

    name: str
    iri: str
    kind: str  # "class", "object property", "datatype property" or "annotation property"
    label: str
    comment: str
    parents: tuple[str, ...] = ()
    domain: str | None = None
    range: str | None = None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


def describe_ontology(ontology_dir: Path | None = None) -> list[OntologyTerm]:
    """List the ontology's classes and properties with labels, comments and lexicon entries.

    Ordered by kind (classes, object, datatype, annotation properties), then by name.

    Raises:
        OntologyError: the ontology file is missing or broken.
    """
    graph = load_ontology_graph(ontology_dir)
    terms: list[OntologyTerm] = []
    for kind, kind_name in _TERM_KINDS:
        for term in sorted(_declared(graph, kind), key=str):
            terms.append(_describe(graph, term, kind_name))
    return terms


def _describe(graph: Graph, term: URIRef, kind: str) -> OntologyTerm:
    parent_predicate = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
    lexicon = {
        name: tuple(sorted(_lemma(str(o)) for o in graph.objects(term, predicate)))
        for predicate, name in _LEXICON_KINDS
    }
    return OntologyTerm(
        name=str(term)[len(_NG):],
        iri=str(term),
        kind=kind,
        label=_english(graph, term, RDFS.label),
        comment=_english(graph, term, RDFS.comment),
        parents=tuple(sorted(_curie(graph, p) for p in graph.objects(term, parent_predicate))),
        domain=_optional_curie(graph, graph.value(term, RDFS.domain)),
        range=_optional_curie(graph, graph.value(term, RDFS.range)),
        **lexicon,
    )


def _optional_curie(graph: Graph, node: Node | None) -> str | None:
    return None if node is None else _curie(graph, node)


def _curie(graph: Graph, node: Node) -> str:
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " | ".join(_curie(graph, m) for m in _collection(graph, members))
        return "_:" + str(node)
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>"


def _collection(graph: Graph, head: Node) -> Iterable[Node]:
    return list(Collection(graph, head))
