"""What an object token of a verb stands for, when it is not simply itself.

"invest $1 billion in the fund": the amount is no object, the fund is; "part of the fee" is as
much an amount. "the creation of an organisation" stands for the organisation; "what he called
excessive regulation" for the regulation; "a request for comment" for no fact at all. The verb
reader (:mod:`.relations`) asks these questions of every object it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["is_amount", "is_non_answer", "free_relative_referent", "unwrap"]

#: Nouns that only wrap their of-complement: proposing "the creation of X" is proposing X.
_TRANSPARENT_NOUNS = frozenset(
    {"creation", "establishment", "formation", "setting", "launch", "founding", "building", "set"}
)
#: Entity types of amounts: "invest $1 billion in the fund" is about the fund.
_AMOUNTS = frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL"})
#: Currency nouns: with a number they are an amount ("68 million euros"), not a thing.
_CURRENCIES = frozenset(
    "dollar euro pound yen yuan renminbi rupee franc peso won rouble ruble krone krona real rand".split()
)
#: Nouns for money itself: as an object they are the amount, not the thing acted on.
_MONEY_NOUNS = frozenset(
    "fee money proceeds profit revenue cash sum funds earnings savings windfall".split()
)
#: Nouns for a part of something: "part of the fee" is as much an amount as the fee.
_PARTITIVES = frozenset("part portion share half bulk most some rest remainder".split())


def is_amount(token: Token) -> bool:
    """A number, sum or share, never a node: "$3 billion", "384", "68 million euros", "the fee",
    "part of the proceeds" (what is spent or invested is money; where it goes is the relation)."""
    lemma = token.lemma_.lower()
    if token.ent_type_ in _AMOUNTS or token.like_num or lemma in _MONEY_NOUNS or token.lower_ in _MONEY_NOUNS:
        return True
    if lemma in _PARTITIVES:
        return any(is_amount(p) for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children)
    return lemma in _CURRENCIES and any(c.dep_ in {"nummod", "quantmod"} or c.like_num for c in token.children)


def is_non_answer(token: Token) -> bool:
    """ "did not respond to a request for comment", "declined comment": no fact, a formula."""
    if token.lemma_.lower() == "comment":
        return True
    return token.lemma_.lower() in {"request", "requests", "query", "inquiry", "call", "email"} and any(
        p.lemma_.lower() == "comment" for c in token.children if c.dep_ == "prep" for p in c.children
    )


def free_relative_referent(clause: Token) -> Token | None:
    """The X of "what he called X" / "what critics describe as X": the clause names its object."""
    if not any(c.dep_ == "dobj" and c.lower_ == "what" for c in clause.children):
        return None
    for child in clause.children:
        if child.dep_ == "oprd":
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def unwrap(noun: Token) -> Token:
    """ "the creation of an organisation" stands for the organisation."""
    if noun.lemma_.lower() not in _TRANSPARENT_NOUNS:
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return noun
