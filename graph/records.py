"""Plain records that the pipeline stages hand to each other.

Stages exchange these frozen dataclasses and nothing else, so that later stages never import
spaCy and earlier ones never import rdflib. All character offsets are into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Document",
    "Mention",
    "Relation",
    "Analysis",
    "Entity",
    "EntityLookup",
    "EntityMatch",
    "Problem",
]


@dataclass(frozen=True, slots=True)
class Document:
    """One news article as read from its source.

    ``id`` is the SHA-256 (hex) of the normalised text, so the same article read twice, from any
    path, is the same document.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    source: str | None = None  # path, "<stdin>", or "file.jsonl:LINE"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names or refers to something.

    ``label`` is a spaCy entity label (PERSON, ORG, GPE, NORP, LOC, EVENT, PRODUCT, FAC, WORK_OF_ART,
    LAW) or ``CONCEPT`` for a noun phrase that is no named entity. ``name`` is the text the mention
    stands for after in-document coreference: for "He" or "Premier Li" it is "Li Qiang".
    ``chain`` numbers the coreference chain inside the document (mentions of one thing share it).
    ``named`` is False for a pronoun, role noun or description resolved to the chain: its text is
    no name of the thing and never becomes an alias.
    """

    text: str
    start: int
    end: int
    label: str
    name: str
    chain: int
    named: bool = True  # False when the text only refers ("He", "the premier"): never an alias


@dataclass(frozen=True, slots=True)
class Relation:
    """One subject–predicate–object statement read from one sentence.

    ``predicate`` is the local name of an ontology property (``proposes``) when the lexicon knows
    the verb, else the normalised verb phrase (``quicken``) that becomes an IRI under ``rel/``.
    """

    subject: Mention
    predicate: str
    object: Mention
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: str  # the words that carry the predicate, as written ("made a proposal for")
    confidence: float
    negated: bool = False
    modality: str | None = None  # "could", "may", "plans to", ...
    reported_by: Mention | None = None  # speaker of reported speech ("Li said that ...")
    time: str | None = None  # a DATE expression in the same clause, as written
    role: str | None = None  # the role noun of a leads/worksFor relation ("premier")
    extractor: str = "newsgraph.dependency"


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the NLP stage read from one document."""

    document: Document
    mentions: tuple[Mention, ...]
    relations: tuple[Relation, ...]
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing: the node every mention of it resolves to.

    ``key`` is the stable, IRI-safe identifier (``li-qiang``); ``kind`` is an ontology class local
    name (``Person``); ``aliases`` are every surface form seen for it, the preferred label included.
    """

    key: str
    label: str
    kind: str
    aliases: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class EntityLookup:
    """What the resolver asks the store for before resolving a document's mentions.

    ``names`` are names in :func:`graph.lexicon.normalise_name` form (``ng:matchKey`` values),
    ``parts`` lowercase single names of people (``ng:namePart`` values), ``keys`` entity keys
    (a gazetteer entry's, a concept's). The answer holds the entity each name belongs to, up to
    two people per part (one, or ambiguous) and the entities with the keys, so a build reads
    the entities its articles may name rather than the whole store.
    """

    names: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.names or self.parts or self.keys)


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """A known entity the store answered an :class:`EntityLookup` with.

    ``entity`` has its label and class (its aliases are not read: see
    :meth:`graph.store.GraphStore.matching_entities`); ``names`` are the looked-up names it has.
    """

    entity: Entity
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, with where and why, for the end-of-run summary."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"
