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
from .coref import resolve_coreference
from .mentions import entity_spans, role_before
from .participants import participant_frames
from .patterns import pattern_frames
from .reader import PLACE_LABELS, Evidence, MentionReader
from .relations import Frame, frames
from .roles import role_predicate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["analyse_doc", "EXTRACTOR"]

EXTRACTOR = "newsgraph.dependency"

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
    spans = [s for s in _all_entity_spans(doc) if not _is_demonym(s, gazetteer)]
    coref = resolve_coreference(doc, spans, gazetteer)
    reader = MentionReader(coref, gazetteer, offset, lexicon)
    mentions = {m.start: m for m in (reader.entity(s) for s in spans)}
    relations: dict[tuple[str, str, str, int], Relation] = {}
    for sentence in doc.sents:
        for relation in _sentence_relations(sentence, reader, lexicon, gazetteer, offset):
            key = (relation.subject.name, relation.predicate, relation.object.name, relation.sentence_start)
            if key not in relations or relations[key].confidence < relation.confidence:
                relations[key] = relation
                mentions.setdefault(relation.subject.start, relation.subject)
                mentions.setdefault(relation.object.start, relation.object)
    return Analysis(
        document=document,
        mentions=tuple(sorted(mentions.values(), key=lambda m: m.start)),
        relations=tuple(_most_specific(list(relations.values()))),
    )


def _most_specific(relations: list[Relation]) -> list[Relation]:
    """One fact restated more vaguely is one fact: keep "cut its main interest rate", "leads".

    A ``worksFor`` next to a ``leads`` of the same person and organisation says nothing more.

    A concept object whose words are a proper subset of another concept object's, with the same
    head word, for the same subject, predicate and polarity, is that object written shorter
    ("the rate", "main rate") — in a headline, a recap or a later sentence.
    """
    words = {r.object.name: r.object.name.lower().split() for r in relations if r.object.label == "CONCEPT"}

    def vaguer(short: Relation, long: Relation) -> bool:
        a, b = words.get(short.object.name), words.get(long.object.name)
        if a is None or b is None or a[-1] != b[-1] or not set(a) < set(b):
            return False
        return (short.subject.name, short.predicate, short.negated) == (long.subject.name, long.predicate, long.negated)

    stated = {(r.subject.name, r.predicate, r.object.name) for r in relations if not r.negated}

    def implied(relation: Relation) -> bool:
        return any((relation.subject.name, p, relation.object.name) in stated for p in _IMPLIED_BY.get(relation.predicate, ()))

    return [r for r in relations if not implied(r) and not any(vaguer(r, other) for other in relations)]


#: Relations that a more specific one already states: the head of an organisation works for it.
_IMPLIED_BY = {"worksFor": ("leads", "represents")}


def _all_entity_spans(doc: Doc) -> list[Span]:
    return [span for sentence in doc.sents for span in entity_spans(sentence)]


def _is_demonym(span: Span, gazetteer: Gazetteer) -> bool:
    """ "Chinese" is China as a nationality, a modifier, never a node of its own."""
    return span.label_ == "NORP" and gazetteer.demonym(span.text) is not None


def _sentence_relations(
    sentence: Span, reader: MentionReader, lexicon: Lexicon, gazetteer: Gazetteer, offset: int
) -> Iterator[Relation]:
    evidence = Evidence(sentence, offset)
    for frame in (*frames(sentence, lexicon), *pattern_frames(sentence), *participant_frames(sentence)):
        yield from _relations_from_frame(frame, reader, evidence, lexicon)
    yield from _role_relations(sentence, reader, gazetteer, evidence)
    yield from _origin_relations(sentence, reader, gazetteer, evidence)
    yield from _seat_relations(sentence, reader, evidence)
    yield from _membership_relations(sentence, reader, evidence)


def _relations_from_frame(
    frame: Frame, reader: MentionReader, evidence: Evidence, lexicon: Lexicon
) -> Iterator[Relation]:
    acting = frame.predicate not in _PLACE_PREDICATES  # "Paris, France": Paris is a place here
    subject = reader.argument(frame.subject, as_agent=acting)
    if subject is None:
        return
    for obj in reader.objects(frame.object):
        relation = _relation_from_frame(frame, subject, obj, reader, evidence, lexicon)
        if relation is not None:
            yield relation


def _relation_from_frame(
    frame: Frame,
    subject: tuple[Mention, float],
    obj: tuple[Mention, float],
    reader: MentionReader,
    evidence: Evidence,
    lexicon: Lexicon,
) -> Relation | None:
    (subject_mention, subject_factor), (object_mention, object_factor) = subject, obj
    if subject_mention.label == "CONCEPT" or subject_mention.name == object_mention.name:
        return None
    if frame.predicate == "says":
        return None  # "told reporters", "told the conference": what was said is the clause
    if not frame.in_lexicon and frame.trigger[0].lemma_.lower() in lexicon.light_verbs:
        return None  # "took the opposite path": a light verb with no noun of the lexicon says little
    if not frame.in_lexicon and frame.trigger[0].lemma_.lower() in _COPULAS and object_mention.label == "CONCEPT":
        return None  # "remains the example", "is the type of forward": a description, no relation
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
        predicate=_demanded_predicate(frame, subject_mention) or _located_predicate(frame, subject_mention, object_mention),
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


#: Copular verbs: with a plain noun phrase they describe their subject rather than relate it.
_COPULAS = frozenset({"be", "become", "remain", "stay", "seem", "appear"})
#: Relations between a thing and where it is: their arguments are places, never governments.
_PLACE_PREDICATES = frozenset({"locatedIn", "basedIn", "heldIn", "livesIn"})
#: Labels each typed relation accepts for its object (after coreference corrected the labels).
_OBJECT_LABELS = {
    "locatedIn": PLACE_LABELS,
    "basedIn": PLACE_LABELS,
    "heldIn": PLACE_LABELS,
    "livesIn": PLACE_LABELS,
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


#: Head nouns of the names of texts that make demands: a compact, a plan, a resolution.
_DOCUMENT_NOUNS = frozenset(
    """compact plan act law bill treaty convention declaration resolution agreement accord charter
    strategy report document directive regulation framework roadmap manifesto""".split()
)


def _demanded_predicate(frame: Frame, subject: Mention) -> str | None:
    """A text that "calls for" something demands it: it urges, where a person would propose.

    "Li called for a global organisation" proposes one; "the compact calls for a panel" or "the
    plan calls for stricter enforcement" urges it, since a document cannot put an idea forward.
    """
    if frame.predicate != "proposes" or [t.lemma_.lower() for t in frame.trigger[:2]] != ["call", "for"]:
        return None
    name = subject.name.split()
    if subject.label in {"LAW", "WORK_OF_ART"} or (name and name[-1].lower() in _DOCUMENT_NOUNS):
        return "urges"
    return None


def _located_predicate(frame: Frame, subject: Mention, obj: Mention) -> str:
    """An event that "opens in" or "takes place at" a place is held there, whatever the verb."""
    if subject.label == "EVENT" and obj.label in PLACE_LABELS and frame.trigger[-1].lower_ in {"in", "at"}:
        return "heldIn"
    return frame.predicate


def _role_relations(
    sentence: Span, reader: MentionReader, gazetteer: Gazetteer, evidence: Evidence
) -> Iterator[Relation]:
    """ "Chinese Premier Li Qiang" → Li Qiang leads China (role: premier)."""
    for span in sentence.ents:
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
    sentence: Span, reader: MentionReader, gazetteer: Gazetteer, evidence: Evidence
) -> Iterator[Relation]:
    """ "Danish drugmaker Halvorsen Pharma", "German club FC Rheinau": located in that country.

    A nationality adjective, then a lowercase description, then an organisation's name.
    """
    for span in sentence.ents:
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


def _seat_relations(sentence: Span, reader: MentionReader, evidence: Evidence) -> Iterator[Relation]:
    """ "a Boston-based developer", "the Hangzhou-based start-up": where the organisation sits.

    For descriptions that stand for an organisation (by apposition or coreference), which the
    entity-pair patterns, reading names only, do not see.
    """
    for based in sentence:
        if based.dep_ != "amod" or based.lemma_.lower() not in {"base", "headquarter", "headquartered"}:
            continue
        noun = based.head
        if noun.ent_type_:
            continue  # "Hangzhou-based Unitree": the patterns read names
        organisation = reader.argument(noun, as_agent=False)
        if organisation is None or organisation[0].label != "ORG":
            continue
        places = [t for t in based.lefts if t.ent_type_ in PLACE_LABELS]
        if not places and based.i > 1 and based.nbor(-1).text == "-" and based.nbor(-2).ent_type_ in PLACE_LABELS:
            places = [based.nbor(-2)]
        for place in places:
            found = reader.argument(place, as_agent=False)
            if found is None:
                continue
            yield Relation(
                subject=organisation[0], predicate="basedIn", object=found[0],
                sentence=evidence.text, sentence_start=evidence.start, sentence_end=evidence.end,
                trigger=f"{place.text}-{based.text}", confidence=0.85, extractor=EXTRACTOR,
            )


#: Nouns that, between two names, make the second a member of the first: "Premier League side X".
_MEMBER_NOUNS = frozenset({"side", "club", "team", "outfit", "franchise", "member", "champion", "champions"})


def _membership_relations(sentence: Span, reader: MentionReader, evidence: Evidence) -> Iterator[Relation]:
    """ "Premier League side Harwick City", "Bundesliga club FC Rheinau": a member of the league.

    An organisation's name, one lowercase membership noun, then another name.
    """
    spans = {span.end: span for span in sentence.ents}
    for span in sentence.ents:
        noun = span.doc[span.start - 1] if span.start > sentence.start else None
        if noun is None or not noun.is_lower or noun.lemma_.lower() not in _MEMBER_NOUNS:
            continue
        body = spans.get(noun.i)
        chain = reader.coref.chain_for(body.root) if body is not None else None
        if chain is None or chain.label != "ORG":
            continue
        member, group = reader.argument(span.root, as_agent=False), reader.argument(body.root, as_agent=False)
        if member is None or group is None or member[0].name == group[0].name:
            continue
        yield Relation(
            subject=member[0], predicate="memberOf", object=group[0],
            sentence=evidence.text, sentence_start=evidence.start, sentence_end=evidence.end,
            trigger=f"{body.text} {noun.text}", confidence=0.85, extractor=EXTRACTOR,
        )


def _role_and_affiliation(
    span: Span, reader: MentionReader, gazetteer: Gazetteer
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


def _affiliation(token: Token, reader: MentionReader, gazetteer: Gazetteer) -> Mention | None:
    country = gazetteer.demonym(token.text)
    if country is not None:
        return reader.nationality(token, country.label)
    chain = reader.coref.chain_for(token)
    if chain is not None and chain.label in _AFFILIATION_LABELS - {"NORP"}:
        found = reader.argument(token, as_agent=False)
        return found[0] if found is not None else None
    if chain is None and token.pos_ == "PROPN":  # "Harwick manager", the club named in full before
        chain = reader.coref.named_by_first_word(token, _AFFILIATION_LABELS - {"NORP"})
        if chain is not None:
            return reader.short_name(token, chain)
    return None
