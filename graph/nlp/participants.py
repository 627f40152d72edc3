"""Attendance written with participant nouns instead of a verb: guests, delegates, speeches.

News often says who attended an event without "attend": "X and Y were among the guests at the
summit", "X was a keynote speaker at the conference", "Guests included X and Y". The person is the
subject or object of a copula or of "include"; the event is the participant noun's "at"/"of"
complement or, when the noun has none ("Foreign guests included X"), the event the text was
last talking about (a bridging reference: the guests are that event's guests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .relations import Frame

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["PARTICIPANT_NOUNS", "SPEECH_NOUNS", "participant_frames"]

#: Nouns for the people taking part in an event.
PARTICIPANT_NOUNS = frozenset(
    """guest participant attendee delegate speaker panellist panelist visitor invitee keynote
    dignitary""".split()
)
#: Nouns for what a participant delivers at an event: "his speech at the summit".
SPEECH_NOUNS = frozenset({"speech", "address", "keynote", "remarks", "lecture", "presentation"})
#: Prepositions that attach a participant noun to its event: "guests at", "speakers of".
_EVENT_PREPS = frozenset({"at", "of", "to"})
_PREDICATE = "attends"


def participant_frames(sentence: Span) -> Iterator[Frame]:
    """``attends`` frames from the participant constructions of one sentence.

    Examples of what fires: "A and B were among the guests at C" (copula + "among"), "A was a
    speaker at C" (copula + attribute), "Guests at C included A and B" / "Guests included A"
    (participant noun as subject of "include"), "in his speech at C" (a possessed speech at an
    event: its speaker was there).
    """
    for token in sentence:
        if token.lemma_ == "be":
            yield from _copula_frames(token, sentence)
        elif token.lemma_ == "include" and token.pos_ == "VERB":
            yield from _include_frames(token, sentence)
        elif token.lemma_.lower() in SPEECH_NOUNS and token.pos_ == "NOUN":
            yield from _speech_frames(token)


def _copula_frames(verb: Token, sentence: Span) -> Iterator[Frame]:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return
    for noun in _participant_complements(verb):
        event = _event_of(noun, sentence)
        if event is None:
            continue
        for person in _conjuncts(subjects[0]):
            yield _frame(person, event, (verb, noun), verb)


def _participant_complements(verb: Token) -> Iterator[Token]:
    """ "was a guest", "were among the guests": the participant noun the copula predicates."""
    for child in verb.children:
        if child.dep_ == "attr" and child.lemma_.lower() in PARTICIPANT_NOUNS:
            yield child
        elif child.dep_ == "prep" and child.lower_ == "among":
            yield from (p for p in child.children if p.dep_ == "pobj" and p.lemma_.lower() in PARTICIPANT_NOUNS)


def _include_frames(verb: Token, sentence: Span) -> Iterator[Frame]:
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in PARTICIPANT_NOUNS]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not subjects or not objects:
        return
    event = _event_of(subjects[0], sentence)
    if event is None:
        return
    for person in _conjuncts(objects[0]):
        yield _frame(person, event, (subjects[0], verb), verb)


def _speech_frames(noun: Token) -> Iterator[Frame]:
    """ "Li made the proposal in his opening speech at WAIC": Li attended WAIC."""
    speakers = [c for c in noun.children if c.dep_ == "poss"]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "at" and speakers:
            for event in prep.children:
                if event.dep_ == "pobj" and event.ent_type_ == "EVENT":
                    yield _frame(speakers[0], event, (noun, prep), noun)


def _event_of(noun: Token, sentence: Span) -> Token | None:
    """The event a participant noun belongs to: its complement, or the last event mentioned."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _EVENT_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "EVENT":
                    return pobj
            return None  # "guests of the minister": a complement, but no event
    earlier = [e for e in sentence.doc.ents if e.label_ == "EVENT" and e.end <= sentence.start]
    return earlier[-1].root if earlier else None


def _conjuncts(token: Token) -> list[Token]:
    return sorted([token, *token.conjuncts], key=lambda t: t.i)


def _frame(person: Token, event: Token, trigger: tuple[Token, ...], verb: Token) -> Frame:
    negated = any(c.dep_ == "neg" for c in verb.children)
    return Frame(
        subject=person, predicate=_PREDICATE, object=event, trigger=trigger, negated=negated,
        modality=None, speaker=None, passive=False, inherited_subject=False, in_lexicon=True,
    )
