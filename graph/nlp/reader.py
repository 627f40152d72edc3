"""Map tokens of the parse to the mentions they stand for, and sentences to their evidence.

A relation argument is a token; what it names may be elsewhere: a coreference chain ("he", "the
premier"), an apposition ("the Swiss drugmaker Aldenhoff Biotech"), a product named before a class
noun ("its R1 model"), an institution ("the Biden administration"), a capital standing for its
government ("Washington restricts"), the last indefinite phrase a shell noun refers to ("the
idea"), or a concept phrase of its own. :class:`MentionReader` makes those choices once, for the
verb frames and the name-written relations alike.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..lexicon import Gazetteer, Lexicon
from ..records import Mention
from .coref import Chain, Coreference
from .mentions import PRONOUNS, concept_label, concept_labels, concept_span, is_argument_noun
from .shells import shell_noun_antecedent

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["PLACE_LABELS", "MentionReader", "Evidence"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PRODUCT_LABELS = frozenset({"PRODUCT", "WORK_OF_ART"})
#: Bodies that act for their owner: "X's board approved" means X approved.
_GOVERNING_PARTS = frozenset({"board", "management", "leadership", "shareholders", "directors"})
#: Nouns that, with a name before them, make a named body: "the Biden administration".
_INSTITUTION_NOUNS = frozenset(
    {"administration", "government", "cabinet", "ministry", "parliament", "congress", "senate",
     "military", "army", "navy", "campaign", "court", "regime", "team", "delegation"}
)


class MentionReader:
    """Maps tokens of the parse to mentions, through coreference and metonymy."""

    def __init__(self, coref: Coreference, gazetteer: Gazetteer, offset: int, lexicon: Lexicon) -> None:
        self.coref = coref
        self.gazetteer = gazetteer
        self.offset = offset
        self.lexicon = lexicon

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
        named = next((c for c in token.children if c.dep_ == "appos" and self.coref.chain_for(c) is not None), None)
        if named is not None:  # "the Swiss vaccine maker Aldenhoff Biotech": the maker is named
            return self.argument(named, as_agent=as_agent)
        if as_agent and token.lemma_.lower() in _GOVERNING_PARTS:
            owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_), None)
            if owner is not None:  # "Sporting Almada's board approved": the club did
                return self.argument(owner, as_agent=as_agent)
        antecedent = shell_noun_antecedent(token)
        if antecedent is not None:  # "put forward the idea": the idea introduced just before
            return self.argument(antecedent, as_agent=as_agent)
        institution = self._institution(token)
        if institution is not None:
            return institution, 0.9
        product = self._named_product(token)
        if product is not None:  # "its R1 reasoning model": the model is R1, also called so
            chain, span = product
            written = token.doc[span.start : token.i + 1]
            return self._from_chain(chain, written.text, written.start_char, written.end_char), 1.0
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

    def objects(self, token: Token) -> list[tuple[Mention, float]]:
        """The mentions an object token stands for: one per conjunct of a concept's of-complement.

        "banned exports of gallium and germanium" bans gallium exports and germanium exports.
        """
        token = shell_noun_antecedent(token) or token
        found = self.argument(token, as_agent=False)
        if found is None:
            return []
        mention, factor = found
        if mention.label != "CONCEPT":
            return [found]
        names = [self.gazetteer.canonical_concept(label) for label in concept_labels(token, act_nouns=self.lexicon.nouns)]
        return [(replace(mention, name=name), factor) for name in dict.fromkeys(names)]

    def _named_product(self, token: Token) -> tuple[Chain, Span] | None:
        """A product named in front of a generic noun: "its CloudMatrix 384 computing system".

        Not in front of an act: "H20 sales" are sales (of the H20), not the chip.
        """
        if token.lemma_.lower() in self.lexicon.nouns:
            return None
        for child in token.lefts:
            if child.dep_ not in {"compound", "nmod"}:
                continue
            chain = self.coref.chain_for(child)
            if chain is not None and chain.label in _PRODUCT_LABELS:
                span = next(s for s in chain.spans if s.start <= child.i < s.end)
                return chain, span
        return None

    def short_name(self, token: Token, chain: Chain) -> Mention:
        """A one-word short name the NER missed, standing for the chain it abbreviates."""
        return self._from_chain(chain, token.text, token.idx, token.idx + len(token.text))

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


class Evidence:
    """The sentence text and its offsets in the document, stripped of surrounding space."""

    def __init__(self, sentence: Span, offset: int) -> None:
        raw = sentence.text
        lead = len(raw) - len(raw.lstrip())
        self.text = " ".join(raw.split())
        self.start = sentence.start_char + lead + offset
        self.end = sentence.start_char + len(raw.rstrip()) + offset
        self.dates = [e for e in sentence.ents if e.label_ == "DATE"]

    def time_for(self, verb: Token) -> str | None:
        clause = {t.i for t in verb.subtree}
        for date in self.dates:
            if date.root.i in clause:
                return date.text
        return None
