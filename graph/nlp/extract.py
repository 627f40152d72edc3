"""Turn one parsed document into records: mentions and relations with their evidence.

This is the last place a spaCy ``Doc`` appears. It joins the three readings of a sentence —
entity and concept spans (:mod:`.mentions`), coreference chains (:mod:`.coref`) and relation frames
(:mod:`.relations`) — and adds the relations news writes into names: "Chinese Premier Li Qiang"
says that Li Qiang leads China.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..lexicon import Gazetteer, Lexicon
from ..records import Analysis, Document, Mention, Relation
from .coref import Chain, Coreference, resolve_coreference
from .mentions import (
    PRONOUNS,
    concept_label,
    concept_span,
    entity_spans,
    is_argument_noun,
    role_before,
    sentence_entities,
)
from .patterns import pattern_frames
from .relations import Frame, frames
from .roles import role_predicate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["analyse_doc", "EXTRACTOR"]

EXTRACTOR = "newsgraph.dependency"

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PRODUCT_LABELS = frozenset({"PRODUCT", "WORK_OF_ART"})
#: Bodies that act for their owner: "X's board approved" means X approved.
_GOVERNING_PARTS = frozenset({"board", "management", "leadership", "shareholders", "directors"})
#: Nouns that, with a name before them, make a named body: "the Biden administration".
_INSTITUTION_NOUNS = frozenset(
    {"administration", "government", "cabinet", "ministry", "parliament", "congress", "senate",
     "military", "army", "navy", "campaign", "court", "regime", "team", "delegation"}
)
#: Entity labels that can be the organisation or country of a role.
_AFFILIATION_LABELS = frozenset({"GPE", "ORG", "NORP"})


def analyse_doc(
    doc: Doc, document: Document, *, lexicon: Lexicon, gazetteer: Gazetteer, offset: int = 0
) -> Analysis:
    """Read mentions and relations from a parsed document (or one chunk of it).

    Args:
        doc: the spaCy parse of ``document.text[offset:offset + len(doc.text)]``.
        document: the article the parse belongs to.
        lexicon: verb and noun lexicon of the ontology, for predicates.
        gazetteer: alias data, for coreference, metonymy and demonyms.
        offset: where the parsed text starts in the document, added to every offset.
    """
    sentences = sentence_entities(doc)
    spans = [s for _, ents in sentences for s in entity_spans(ents) if not _is_demonym(s, gazetteer)]
    coref = resolve_coreference(doc, spans, gazetteer)
    reader = _MentionReader(coref, gazetteer, offset)
    mentions = {m.start: m for m in (reader.entity(s) for s in spans)}
    relations: dict[tuple[str, str, str, int], Relation] = {}
    for sentence, ents in sentences:
        for relation in _sentence_relations(sentence, ents, reader, lexicon, gazetteer, offset):
            key = (relation.subject.name, relation.predicate, relation.object.name, relation.sentence_start)
            if key not in relations or relations[key].confidence < relation.confidence:
                relations[key] = relation
                mentions.setdefault(relation.subject.start, relation.subject)
                mentions.setdefault(relation.object.start, relation.object)
    return Analysis(
        document=document,
        mentions=tuple(sorted(mentions.values(), key=lambda m: m.start)),
        relations=tuple(relations.values()),
    )


def _is_demonym(span: Span, gazetteer: Gazetteer) -> bool:
    """ "Chinese" is China as a nationality, a modifier, never a node of its own."""
    return span.label_ == "NORP" and gazetteer.demonym(span.text) is not None


class _MentionReader:
    """Maps tokens of the parse to mentions, through coreference and metonymy."""

    def __init__(self, coref: Coreference, gazetteer: Gazetteer, offset: int) -> None:
        self.coref = coref
        self.gazetteer = gazetteer
        self.offset = offset

    def entity(self, span: Span) -> Mention:
        chain = self.coref.by_span[(span.start, span.end)]
        return self._from_chain(chain, span.text, span.start_char, span.end_char)

    def argument(self, token: Token, *, as_agent: bool) -> tuple[Mention, float] | None:
        """The mention a relation argument stands for, with a confidence factor, or ``None``."""
        chain = self.coref.chain_for(token)
        if chain is not None:
            span = next((s for s in chain.spans if s.start <= token.i < s.end), None)
            if span is not None:
                mention = self._from_chain(chain, span.text, span.start_char, span.end_char)
                factor = 1.0
            else:  # a pronoun or role noun resolved to the chain
                mention = self._from_chain(chain, token.text, token.idx, token.idx + len(token.text), named=False)
                factor = 0.9
            if as_agent:
                mention, factor = self._metonym(mention, factor)
            return mention, factor
        if token.dep_ == "appos" and token.head.ent_type_ and token.head.i != token.i:
            return self.argument(token.head, as_agent=as_agent)  # "High-Flyer, a hedge fund"
        if token.lower_ in PRONOUNS or token.ent_type_ or not is_argument_noun(token):
            return None
        if token.lemma_.lower() in _GOVERNING_PARTS:
            owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_), None)
            if owner is not None:  # "Sporting Almada's board approved": the club did
                return self.argument(owner, as_agent=as_agent)
        institution = self._institution(token)
        if institution is not None:
            return institution, 0.9
        product = self._named_product(token)
        if product is not None:  # "its R1 reasoning model": the model is R1
            return self._from_chain(product[0], product[1].text, product[1].start_char, product[1].end_char), 1.0
        phrase = concept_span(token)  # a Span: slicing doc.text would rebuild the whole text
        mention = Mention(
            text=phrase.text,
            start=phrase.start_char + self.offset,
            end=phrase.end_char + self.offset,
            label="CONCEPT",
            name=self.gazetteer.canonical_concept(concept_label(token)),
            chain=-1,
        )
        return mention, 0.9

    def _named_product(self, token: Token) -> tuple[Chain, Span] | None:
        """A product named in front of a generic noun: "its CloudMatrix 384 computing system"."""
        for child in token.lefts:
            if child.dep_ not in {"compound", "nmod"}:
                continue
            chain = self.coref.chain_for(child)
            if chain is not None and chain.label in _PRODUCT_LABELS:
                span = next(s for s in chain.spans if s.start <= child.i < s.end)
                return chain, span
        return None

    def nationality(self, token: Token, country: str) -> Mention:
        """A demonym ("Chinese", "Danish") standing for its country in a relation."""
        return Mention(
            text=token.text, start=token.idx + self.offset, end=token.idx + len(token.text) + self.offset,
            label="GPE", name=country, chain=-1,
        )

    def _institution(self, token: Token) -> Mention | None:
        """ "the Biden administration", "the Harwick board": a named body, not a concept.

        An institution noun whose compound is a person's or a place's name is an organisation
        news treats as an actor; its name is the compound and the noun as written.
        """
        if token.lemma_.lower() not in _INSTITUTION_NOUNS:
            return None
        names = [c for c in token.children if c.dep_ in {"compound", "poss"} and c.ent_type_ in {"PERSON", "GPE", "ORG", "NORP"}]
        if not names:
            return None
        first = min(t.i for n in names for t in n.subtree if t.dep_ != "case")
        span = token.doc[first : token.i + 1]
        name = " ".join(t.text for t in span if t.dep_ != "case" and t.text not in {"'s", "’s"})
        return Mention(
            text=span.text, start=span.start_char + self.offset, end=span.end_char + self.offset,
            label="ORG", name=name, chain=-1,
        )

    def _from_chain(self, chain: Chain, text: str, start: int, end: int, *, named: bool = True) -> Mention:
        return Mention(
            text=text, start=start + self.offset, end=end + self.offset, label=chain.label, name=chain.name,
            chain=chain.id, named=named,
        )

    def _metonym(self, mention: Mention, factor: float) -> tuple[Mention, float]:
        """A capital acting as an agent is its country's government: "Washington restricts"."""
        if mention.label not in {"GPE", "LOC"}:
            return mention, factor
        country = self.gazetteer.capital(mention.name)
        if country is None:
            return mention, factor
        return Mention(
            text=mention.text, start=mention.start, end=mention.end, label="GPE", name=country.label, chain=mention.chain
        ), factor * 0.9


def _sentence_relations(
    sentence: Span, ents: list[Span], reader: _MentionReader, lexicon: Lexicon, gazetteer: Gazetteer, offset: int
) -> Iterator[Relation]:
    """The relations of one sentence; ``ents`` are its entities (``sentence.ents``, read once)."""
    evidence = _Evidence(sentence, ents, offset)
    for frame in (*frames(sentence, lexicon), *pattern_frames(sentence, ents)):
        relation = _relation_from_frame(frame, reader, evidence, lexicon)
        if relation is not None:
            yield relation
    yield from _role_relations(ents, reader, gazetteer, evidence)
    yield from _origin_relations(sentence, ents, reader, gazetteer, evidence)


class _Evidence:
    """The sentence text and its offsets in the document, stripped of surrounding space."""

    def __init__(self, sentence: Span, ents: list[Span], offset: int) -> None:
        raw = sentence.text
        lead = len(raw) - len(raw.lstrip())
        self.text = " ".join(raw.split())
        self.start = sentence.start_char + lead + offset
        self.end = sentence.start_char + len(raw.rstrip()) + offset
        self.dates = [e for e in ents if e.label_ == "DATE"]

    def time_for(self, verb: Token) -> str | None:
        clause = {t.i for t in verb.subtree}
        for date in self.dates:
            if date.root.i in clause:
                return date.text
        return None


def _relation_from_frame(
    frame: Frame, reader: _MentionReader, evidence: _Evidence, lexicon: Lexicon
) -> Relation | None:
    acting = frame.predicate not in _PLACE_PREDICATES  # "Paris, France": Paris is a place here
    subject = reader.argument(frame.subject, as_agent=acting)
    obj = reader.argument(frame.object, as_agent=False)
    if subject is None or obj is None:
        return None
    (subject_mention, subject_factor), (object_mention, object_factor) = subject, obj
    if subject_mention.label == "CONCEPT" or subject_mention.name == object_mention.name:
        return None
    if frame.predicate == "says":
        return None  # "told reporters", "told the conference": what was said is the clause
    if not frame.in_lexicon and frame.trigger[0].lemma_.lower() in lexicon.light_verbs:
        return None  # "took the opposite path": a light verb with no noun of the lexicon says little
    if not _types_fit(frame.predicate, subject_mention, object_mention):
        return None
    speaker = reader.argument(frame.speaker, as_agent=False) if frame.speaker is not None else None
    confidence = 0.95 * subject_factor * object_factor
    if not frame.in_lexicon:
        confidence *= 0.8
    if frame.inherited_subject:
        confidence *= 0.9
    verb = frame.trigger[0]
    return Relation(
        subject=subject_mention,
        predicate=_located_predicate(frame, subject_mention, object_mention),
        object=object_mention,
        sentence=evidence.text,
        sentence_start=evidence.start,
        sentence_end=evidence.end,
        trigger=" ".join(t.text for t in sorted(frame.trigger, key=lambda t: t.i)),
        confidence=round(confidence, 2),
        negated=frame.negated,
        modality=frame.modality,
        reported_by=speaker[0] if speaker is not None and speaker[0].label != "CONCEPT" else None,
        time=evidence.time_for(verb),
        extractor=EXTRACTOR,
    )


#: Relations between a thing and where it is: their arguments are places, never governments.
_PLACE_PREDICATES = frozenset({"locatedIn", "basedIn", "heldIn", "livesIn"})
#: Labels each typed relation accepts for its object (after coreference corrected the labels).
_OBJECT_LABELS = {
    "locatedIn": _PLACE_LABELS,
    "basedIn": _PLACE_LABELS,
    "heldIn": _PLACE_LABELS,
    "livesIn": _PLACE_LABELS,
    "worksFor": frozenset({"ORG", "GPE", "NORP", "EVENT", "CONCEPT"}),
    "leads": frozenset({"ORG", "GPE", "NORP", "EVENT", "CONCEPT", "LAW"}),
    "represents": frozenset({"ORG", "GPE", "NORP", "CONCEPT"}),
    "memberOf": frozenset({"ORG", "GPE", "NORP", "EVENT"}),
}


def _types_fit(predicate: str, subject: Mention, obj: Mention) -> bool:
    """Whether the arguments can hold the typed relation: a person does not work for a person.

    The parse and the patterns see spaCy's labels; here the labels are the ones coreference
    corrected ("Hinton" tagged as a place is the person Geoffrey Hinton).
    """
    allowed = _OBJECT_LABELS.get(predicate)
    if allowed is not None and obj.label not in allowed:
        return False
    if predicate in {"worksFor", "livesIn"} and subject.label != "PERSON":
        return False
    return True


def _located_predicate(frame: Frame, subject: Mention, obj: Mention) -> str:
    """An event that "opens in" or "takes place at" a place is held there, whatever the verb."""
    if subject.label == "EVENT" and obj.label in _PLACE_LABELS and frame.trigger[-1].lower_ in {"in", "at"}:
        return "heldIn"
    return frame.predicate


def _role_relations(
    ents: list[Span], reader: _MentionReader, gazetteer: Gazetteer, evidence: _Evidence
) -> Iterator[Relation]:
    """ "Chinese Premier Li Qiang" → Li Qiang leads China (role: premier)."""
    for span in ents:
        chain = reader.coref.by_span.get((span.start, span.end))
        if chain is None or chain.label != "PERSON":
            continue
        person = reader.argument(span.root, as_agent=False)
        if person is None:
            continue
        role, affiliation = _role_and_affiliation(span, reader, gazetteer)
        if role is None or affiliation is None:
            continue
        yield Relation(
            subject=person[0],
            predicate=role_predicate(role),
            object=affiliation,
            sentence=evidence.text,
            sentence_start=evidence.start,
            sentence_end=evidence.end,
            trigger=role,
            confidence=0.9,
            role=role,
            extractor=EXTRACTOR,
        )


def _origin_relations(
    sentence: Span, ents: list[Span], reader: _MentionReader, gazetteer: Gazetteer, evidence: _Evidence
) -> Iterator[Relation]:
    """ "Danish drugmaker Halvorsen Pharma", "German club FC Rheinau": located in that country.

    A nationality adjective, then a lowercase description, then an organisation's name.
    """
    for span in ents:
        chain = reader.coref.by_span.get((span.start, span.end))
        if chain is None or chain.label != "ORG":
            continue
        description: list[Token] = []
        for i in range(span.start - 1, max(sentence.start, span.start - 5) - 1, -1):
            token = span.doc[i]
            country = gazetteer.demonym(token.text)
            if country is not None and description:
                organisation = reader.argument(span.root, as_agent=False)
                if organisation is None:
                    break
                yield Relation(
                    subject=organisation[0], predicate="locatedIn",
                    object=reader.nationality(token, country.label),
                    sentence=evidence.text, sentence_start=evidence.start, sentence_end=evidence.end,
                    trigger=" ".join(t.text for t in [token, *reversed(description)]), confidence=0.8, extractor=EXTRACTOR,
                )
                break
            if not (token.is_lower and token.pos_ in {"NOUN", "ADJ"}):
                break
            description.append(token)


def _role_and_affiliation(
    span: Span, reader: _MentionReader, gazetteer: Gazetteer
) -> tuple[str | None, Mention | None]:
    """The role written before a name, and the country or organisation written before the role."""
    role, role_start = role_before(span, gazetteer.role_nouns)
    if role is None:
        return None, None
    for i in range(role_start - 1, max(span.sent.start, role_start - 4) - 1, -1):
        token = span.doc[i]
        if token.is_punct and token.text not in {"’s", "'s"}:
            break
        affiliation = _affiliation(token, reader, gazetteer)
        if affiliation is not None:
            return role, affiliation
    return role, None


def _affiliation(token: Token, reader: _MentionReader, gazetteer: Gazetteer) -> Mention | None:
    country = gazetteer.demonym(token.text)
    if country is not None:
        return reader.nationality(token, country.label)
    chain = reader.coref.chain_for(token)
    if chain is not None and chain.label in _AFFILIATION_LABELS - {"NORP"}:
        found = reader.argument(token, as_agent=False)
        return found[0] if found is not None else None
    return None
