"""Find the spans of a parsed sentence that can be the arguments of a relation.

Two kinds: named entities (from the NER, after the gazetteer ruler) and concepts, the noun
phrases that name no entity ("chip exports", "a global organisation"). Concept labels are
normalised here, once, so that the same idea written differently in two articles becomes one
node: determiners, possessives and numbers go, the head noun is lemmatised, key modifiers stay.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Iterable

from spacy.tokens import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "ENTITY_LABELS",
    "role_before",
    "PRONOUNS",
    "entity_spans",
    "sentence_entities",
    "concept_label",
    "concept_span",
    "is_argument_noun",
]

#: NER labels that become entity nodes. DATE and TIME are kept as statement attributes instead;
#: numbers, money and percentages are values, never nodes.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

#: Words that only point at something else: never a node of their own.
PRONOUNS = frozenset(
    """i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those which who whom whose what whatever whoever itself himself herself
    themselves ourselves one ones there here""".split()
)

#: Nouns too empty to carry a fact on their own ("a lot", "the way"); as objects they are dropped.
_EMPTY_NOUNS = frozenset(
    """thing things lot lots way ways kind sort part parts number amount time times day days year
    years week weeks month months fact case point place people someone something anything
    everything nothing all some any""".split()
)

def sentence_entities(doc: Doc) -> list[tuple[Span, list[Span]]]:
    """Every sentence of a parsed document with its named entities, as ``sentence.ents`` gives them.

    ``Span.ents`` rebuilds every entity span of the whole document on each call, so reading them
    once per document and handing each sentence its share keeps extraction linear in its length.
    """
    ents = doc.ents
    starts = [ent.start for ent in ents]
    found = []
    for sentence in doc.sents:
        inside = []
        for ent in ents[bisect.bisect_left(starts, sentence.start) :]:
            if ent.end > sentence.end:
                break
            inside.append(ent)
        found.append((sentence, inside))
    return found


def entity_spans(ents: Iterable[Span]) -> list[Span]:
    """The named-entity spans of a sentence that may become nodes, without a leading "the"."""
    spans = []
    for ent in ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        if ent[0].lower_ == "the" and len(ent) > 1:
            ent = Span(ent.doc, ent.start + 1, ent.end, label=ent.label)
        spans.append(ent)
    return spans


def role_before(span: Span, role_nouns: frozenset[str]) -> tuple[str | None, int]:
    """The role written just before a name, and the token index where it starts.

    "Nvidia chief executive Jensen Huang" gives ("chief executive", index of "chief"); the longest
    role ending right before the name wins, so "prime minister" beats "minister".
    "Secretary-General" is tokenised with its hyphen and still found.
    """
    doc = span.doc
    first = max(span.sent.start, span.start - 5)
    best: tuple[str | None, int] = (None, span.start)
    for start in range(span.start - 1, first - 1, -1):
        words = "".join(t.text_with_ws for t in doc[start : span.start]).lower()
        words = " ".join(words.replace(" - ", "-").split()).replace(" -", "-").replace("- ", "-")
        if words in role_nouns:
            best = (words, start)
    return best


def is_argument_noun(token: Token) -> bool:
    """Whether a token can head a concept argument: a content noun, not a pronoun or number."""
    if token.lower_ in PRONOUNS or token.lower_ in _EMPTY_NOUNS:
        return False
    if token.like_num or token.pos_ in {"NUM", "PRON", "DET", "SYM", "PUNCT"}:
        return False
    return token.pos_ in {"NOUN", "PROPN"} and any(c.isalpha() for c in token.text)


def concept_span(head: Token) -> Span:
    """The span of the noun phrase a concept head stands for: the head and its pre-modifiers,
    which is what the label is built from."""
    tokens = _modifier_tokens(head) + [head]
    return head.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]


def concept_label(head: Token) -> str:
    """The normalised label of the concept headed by ``head``.

    "the high-end chips" gives "high-end chip"; "the export of high-end chips" gives
    "high-end chip export", so both phrasings of one idea meet in one node.
    """
    words = [_label_word(t) for t in _modifier_tokens(head)]
    of_object = _of_complement(head)
    if of_object is not None:
        words.append(concept_label(of_object))
    words.append(_label_word(head, lemma=True))
    return " ".join(" ".join(words).split()).replace(" - ", "-")


def _modifier_tokens(head: Token) -> list[Token]:
    """The pre-modifiers of a noun worth keeping in its label, in text order."""
    kept: list[Token] = []
    for child in head.lefts:
        if child.dep_ in {"amod", "compound", "nmod", "hmod"} and child.pos_ not in {"DET", "PRON"}:
            if child.lower_ in PRONOUNS or child.like_num:
                continue
            kept.extend(t for t in child.subtree if _belongs_in_label(t))
    return sorted(set(kept), key=lambda t: t.i)


def _belongs_in_label(token: Token) -> bool:
    """Determiners, possessives and punctuation (but hyphens) stay out of a label."""
    if token.dep_ in {"det", "poss", "case"}:
        return False
    return not token.is_punct or token.text == "-"


def _of_complement(head: Token) -> Token | None:
    """The noun in "export *of chips*" when it is a plain noun, to fold into the label."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "" and is_argument_noun(pobj):
                    return pobj
    return None


def _label_word(token: Token, *, lemma: bool = False) -> str:
    """One word of a label: acronyms and proper nouns as written, other words lower-cased."""
    if token.text.isupper() and len(token.text) > 1 or token.pos_ == "PROPN":
        return token.text
    if token.text == "-":
        return "-"
    return (token.lemma_ if lemma else token.text).lower()
