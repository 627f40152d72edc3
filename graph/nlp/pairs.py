"""What the entity-pair patterns share: the sentence's entities by token, and frame records.

:mod:`graph.nlp.patterns` (roles, origins, seats, places) and :mod:`graph.nlp.killing` read the
dependency path between two named-entity spans; both look entities up through :class:`Entities`
and state what they find with :func:`frame`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .relations import Frame

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "PERSON",
    "ORGANISATION",
    "PLACE",
    "EVENT",
    "EVENT_NOUNS",
    "Pattern",
    "Entities",
    "frame",
    "conjuncts",
    "pobjs",
    "is_negated",
]

PERSON = frozenset({"PERSON"})
ORGANISATION = frozenset({"ORG"})
PLACE = frozenset({"GPE", "LOC", "FAC"})
EVENT = frozenset({"EVENT"})
#: Head nouns that make an entity an event, whatever label the NER gave it.
EVENT_NOUNS = frozenset(
    """conference summit forum festival expo exhibition exposition fair games olympics olympiad
    championship championships cup convention meeting talks symposium week show marathon""".split()
)

_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

Pattern = Callable[["Span", "Entities"], Iterator[Frame]]


class Entities:
    """The named-entity spans of a sentence, looked up by token."""

    def __init__(self, sentence: Span) -> None:
        self.spans: list[Span] = [_without_article(e) for e in sentence.ents]
        self._by_token: dict[int, Span] = {t.i: span for span in self.spans for t in span}

    def of(self, token: Token) -> Span | None:
        return self._by_token.get(token.i)

    def kind(self, token: Token, kinds: frozenset[str]) -> Span | None:
        """The entity containing ``token`` when its label is one of ``kinds``."""
        span = self._by_token.get(token.i)
        return span if span is not None and span.label_ in kinds else None

    def root(self, token: Token) -> Token:
        span = self._by_token.get(token.i)
        return span.root if span is not None else token

    def person(self, token: Token) -> bool:
        """A person's name, or a personal pronoun that coreference resolves later ("*he* was born")."""
        return self.kind(token, PERSON) is not None or token.lower_ in _PERSONAL_PRONOUNS

    def labelled(self, kinds: frozenset[str]) -> list[Span]:
        return [s for s in self.spans if s.label_ in kinds]

    def is_event(self, span: Span) -> bool:
        return span.label_ in EVENT or span[-1].lemma_.lower() in EVENT_NOUNS


def _without_article(span: Span) -> Span:
    """ "the Mediterranean Foundation" as "Mediterranean Foundation", as the mention reader cuts it,
    so the span's root is a word of the name and not "the"."""
    from spacy.tokens import Span as SpanType

    if len(span) > 1 and span[0].lower_ == "the":
        return SpanType(span.doc, span.start + 1, span.end, label=span.label_)
    return span


def frame(subject: Token, predicate: str, obj: Token, trigger: Iterable[Token], *, negated: bool = False,
           passive: bool = False) -> Frame:
    return Frame(
        subject=subject,
        predicate=predicate,
        object=obj,
        trigger=tuple(sorted(set(trigger), key=lambda t: t.i)),
        negated=negated,
        modality=None,
        speaker=None,
        passive=passive,
        inherited_subject=False,
        in_lexicon=True,
    )


def conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def pobjs(prep: Token) -> list[Token]:
    """Objects of a preposition, through conjunctions: "of Tesla and Amazon" gives both."""
    return [c for p in prep.children if p.dep_ == "pobj" for c in conjuncts(p)]


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)
