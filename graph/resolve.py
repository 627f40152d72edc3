"""One node per real-world thing, across documents.

Mentions arrive with the name in-document coreference gave them ("Li Qiang" for "He"). The
resolver maps each name to an :class:`~graph.records.Entity` with a stable key, in this order:
the gazetteer (aliases, acronyms: "U.S." is the United States), names and aliases already seen
(in this build or in the store), a person's single name part ("Trump") when exactly one known
person has it, and only then a new entity. The first name an entity is minted with stays its
preferred label, so every document graph states the same label and class for it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from .lexicon import Gazetteer, normalise_name
from .records import Analysis, Entity, Mention

__all__ = ["EntityResolver", "Resolution", "slug", "KIND_BY_LABEL", "entity_kinds"]

#: Ontology class for each spaCy entity label (``CONCEPT`` marks a plain noun phrase).
KIND_BY_LABEL = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Group",
    "EVENT": "Event",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Product",
    "LAW": "Law",
    "CONCEPT": "Concept",
}

_MAX_SLUG = 80


def entity_kinds(gazetteer: Gazetteer) -> frozenset[str]:
    """Every class the resolver gives an entity: the NER labels' classes, the gazetteer's, ``Entity``.

    The store reads known entities class by class (see :meth:`graph.store.GraphStore.entities`),
    so it needs this list rather than "anything in the ontology namespace".
    """
    return frozenset(KIND_BY_LABEL.values()) | {"Entity"} | {entry.kind for entry in gazetteer.entries()}


def slug(name: str) -> str:
    """An IRI-safe, stable key for a name: ASCII letters and digits joined by hyphens.

    Names with no ASCII letters (for example in Chinese script) get a hash-based key, so every
    name has one and two different names never share one by accident of folding.

    >>> slug("Li Qiang")
    'li-qiang'
    >>> slug("U.S. Department of Commerce")
    'u-s-department-of-commerce'
    >>> slug("<script>alert(1)</script>")
    'script-alert-1-script'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    if not key:
        return f"n-{digest}"
    if len(key) > _MAX_SLUG:
        return f"{key[:_MAX_SLUG].rstrip('-')}-{digest}"
    return key


_ISATION = re.compile(r"isation(s?)\b")


def _one_spelling(label: str) -> str:
    """British and American spellings of a concept share a key ("organisation", "organization")."""
    return _ISATION.sub(r"ization\1", label.lower())


@dataclass
class Resolution:
    """What the mentions of one document resolved to."""

    entities: dict[str, Entity]  # key -> entity (named entities and concepts)
    by_mention: dict[tuple[int, int, str], str] = field(default_factory=dict)  # (start, end, name) -> key

    def key_of(self, mention: Mention) -> str:
        return self.by_mention[(mention.start, mention.end, mention.name)]


class EntityResolver:
    """Keeps the registry of known entities and resolves each document's mentions against it."""

    def __init__(self, gazetteer: Gazetteer, known: Iterable[Entity] = ()) -> None:
        self._gazetteer = gazetteer
        self._entities: dict[str, Entity] = {}
        self._by_alias: dict[str, str] = {}
        self._people_by_part: dict[str, set[str]] = {}
        for entity in known:
            self._register(entity)

    def __len__(self) -> int:
        return len(self._entities)

    def resolve(self, analysis: Analysis) -> Resolution:
        """Map every mention of a document (relation arguments included) to an entity."""
        resolution = Resolution(entities={})
        mentions = list(analysis.mentions)
        for relation in analysis.relations:
            mentions += [relation.subject, relation.object]
            if relation.reported_by is not None:
                mentions.append(relation.reported_by)
        aliases = self._aliases_by_name(mentions)
        for mention in mentions:
            key = self._key_for(mention, aliases.get(mention.name, set()))
            entity = self._entities[key]
            resolution.entities[key] = entity
            resolution.by_mention[(mention.start, mention.end, mention.name)] = key
        return resolution

    def _aliases_by_name(self, mentions: list[Mention]) -> dict[str, set[str]]:
        """Surface forms written for each name in this document (pronouns excluded)."""
        out: dict[str, set[str]] = {}
        for mention in mentions:
            if mention.label == "CONCEPT" or not mention.named or not mention.text[:1].isupper():
                continue
            out.setdefault(mention.name, {mention.name}).add(" ".join(mention.text.split()))
        return out

    def _key_for(self, mention: Mention, aliases: set[str]) -> str:
        if mention.label == "CONCEPT":
            named = self._by_alias.get(normalise_name(mention.name))
            if named is not None and self._entities[named].kind != "Concept":
                return named  # "the AI action plan" after "America's AI Action Plan"
            key = slug(_one_spelling(mention.name))
            if key not in self._entities:
                self._register(Entity(key=key, label=mention.name, kind="Concept", aliases=frozenset({mention.name})))
            return key
        key = self._known_key(mention)
        if key is None:
            key = slug(mention.name)
            kind = KIND_BY_LABEL.get(mention.label, "Entity")
            self._register(Entity(key=key, label=mention.name, kind=kind, aliases=frozenset(aliases | {mention.name})))
        elif not aliases <= self._entities[key].aliases:
            current = self._entities[key]
            self._register(Entity(current.key, current.label, current.kind, current.aliases | aliases))
        return key

    def _known_key(self, mention: Mention) -> str | None:
        entry = self._gazetteer.lookup(mention.name)
        if entry is not None:
            if entry.key not in self._entities:
                self._register(Entity(entry.key, entry.label, entry.kind, frozenset(entry.aliases | {entry.label})))
            return entry.key
        alias_key = self._by_alias.get(normalise_name(mention.name))
        if alias_key is not None:
            return alias_key
        if mention.label == "PERSON" and len(mention.name.split()) == 1:
            people = self._people_by_part.get(mention.name.lower(), set())
            if len(people) == 1:
                return next(iter(people))
        return None

    def _register(self, entity: Entity) -> None:
        self._entities[entity.key] = entity
        for alias in entity.aliases | {entity.label}:
            self._by_alias.setdefault(normalise_name(alias), entity.key)
        if entity.kind == "Person" and len(entity.label.split()) > 1:
            for part in entity.label.split():
                self._people_by_part.setdefault(part.lower(), set()).add(entity.key)
