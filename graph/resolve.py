"""One node per real-world thing, across documents.

Mentions arrive with the name in-document coreference gave them ("Li Qiang" for "He"). The
resolver maps each name to an :class:`~graph.records.Entity` with a stable key, in this order:
the gazetteer (aliases, acronyms: "U.S." is the United States), names and aliases already seen
(in this build or in the store), a person's single name part ("Trump") when exactly one known
person has it, and only then a new entity. The first name an entity is minted with stays its
preferred label, so every document graph states the same label and class for it.

Known entities come from the store in one of two ways. A store whose document graphs carry the
resolver's keys (``ng:matchKey``, ``ng:namePart``: see :func:`match_keys`) is asked, before each
document, only for the entities its mentions could name (``lookup``); a store built before those
keys existed is read whole up front (``known``). Either way each name resolves as if every stored
entity had been registered before the build began: a name is looked up in the store before this
build first uses it or registers it, so an entity the store knew keeps precedence over one minted
in this build, as it had when the resolver always read the whole store.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .lexicon import Gazetteer, normalise_name
from .records import Analysis, Entity, EntityLookup, EntityMatch, Mention

__all__ = [
    "EntityResolver", "Resolution", "KnownEntities", "slug", "KIND_BY_LABEL", "entity_kinds", "match_keys", "name_parts",
]

#: Asks the store for the known entities that have one of the names, parts or keys looked up.
KnownEntities = Callable[[EntityLookup], Iterable[EntityMatch]]

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


def match_keys(entity: Entity) -> frozenset[str]:
    """The forms under which the resolver finds an entity by name: its names, normalised.

    A document graph states them as ``ng:matchKey`` for the label and aliases it states, so the
    store can be asked for them.

    >>> sorted(match_keys(Entity("united-states", "United States", "Country", frozenset({"the U.S."}))))
    ['united states', 'us']
    """
    return frozenset(normalise_name(alias) for alias in entity.aliases | {entity.label})


def name_parts(entity: Entity) -> frozenset[str]:
    """The single names a one-word mention may use for a person ("li" for Li Qiang); else none.

    >>> sorted(name_parts(Entity("li-qiang", "Li Qiang", "Person")))
    ['li', 'qiang']
    >>> name_parts(Entity("china", "China", "Country"))
    frozenset()
    """
    if entity.kind != "Person" or len(entity.label.split()) < 2:
        return frozenset()
    return frozenset(part.lower() for part in entity.label.split())


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
    """Keeps the registry of known entities and resolves each document's mentions against it.

    Args:
        gazetteer: the entities known before reading anything.
        known: every entity of the store, registered up front (a store without resolver keys).
        lookup: asks the store for the entities a document's mentions could name; the registry
            keeps what it answered, and each name, part and key is asked for once per build.
    """

    def __init__(self, gazetteer: Gazetteer, *, known: Iterable[Entity] = (), lookup: KnownEntities | None = None) -> None:
        self._gazetteer = gazetteer
        self._lookup = lookup
        self._entities: dict[str, Entity] = {}
        self._by_alias: dict[str, str] = {}
        self._people_by_part: dict[str, set[str]] = {}
        self._asked: tuple[set[str], set[str], set[str]] = (set(), set(), set())  # names, parts, keys
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
        if self._lookup is not None:
            self._fetch(self._lookup, mentions)
        aliases = self._aliases_by_name(mentions)
        for mention in mentions:
            key = self._key_for(mention, aliases.get(mention.name, set()))
            entity = self._entities[key]
            resolution.entities[key] = entity
            resolution.by_mention[(mention.start, mention.end, mention.name)] = key
        return resolution

    def _fetch(self, lookup: KnownEntities, mentions: list[Mention]) -> None:
        """Register the stored entities these mentions could name or alias, before resolving them.

        Asked for: every name and surface form (normalised), the name and every alias of each
        gazetteer entry a mention names and the entry's key, each concept's key, and the single
        name of a one-word person mention: everything :meth:`_key_for` may look up or register.
        """
        request = self._request(mentions)
        if not request:
            return
        for asked, new in zip(self._asked, (request.names, request.parts, request.keys)):
            asked.update(new)
        for match in lookup(request):
            key = match.entity.key
            if key not in self._entities:  # else this build has it already, perhaps with more aliases
                self._register(match.entity)
            for name in match.names:
                self._by_alias.setdefault(name, key)

    def _request(self, mentions: list[Mention]) -> EntityLookup:
        """What these mentions may need from the store that this build has not asked for yet."""
        names: set[str] = set()
        parts: set[str] = set()
        keys: set[str] = set()
        for mention in mentions:
            names.update((normalise_name(mention.name), normalise_name(" ".join(mention.text.split()))))
            if mention.label == "CONCEPT":
                keys.add(slug(_one_spelling(mention.name)))
                continue
            keys.add(slug(mention.name))  # a stored entity whose name differs only in punctuation
            entry = self._gazetteer.lookup(mention.name)
            if entry is not None:
                keys.add(entry.key)
                names.update(normalise_name(alias) for alias in entry.aliases | {entry.label})
            if mention.label == "PERSON" and len(mention.name.split()) == 1:
                parts.add(mention.name.lower())
        asked_names, asked_parts, asked_keys = self._asked
        return EntityLookup(frozenset(names - asked_names), frozenset(parts - asked_parts), frozenset(keys - asked_keys))

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
            same_key = self._entities.get(key)
            if same_key is not None and same_key.kind != "Concept":
                # "U S" after "U.S.": names whose IRI would be the same are one entity, and it
                # keeps its first label (a second one would give the IRI two preferred labels)
                aliases = aliases | {mention.name}
            else:
                kind = KIND_BY_LABEL.get(mention.label, "Entity")
                self._register(Entity(key=key, label=mention.name, kind=kind, aliases=frozenset(aliases | {mention.name})))
        if not aliases <= self._entities[key].aliases:
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
        """Know the entity, and find it by its names from now on (a name already taken keeps its entity)."""
        self._entities[entity.key] = entity
        for name in match_keys(entity):
            self._by_alias.setdefault(name, entity.key)
        for part in name_parts(entity):
            self._people_by_part.setdefault(part, set()).add(entity.key)
