"""Who kills or is killed is a person: name the parties of a killing the NER missed or mistyped.

The small NER reads a lone surname as an organisation ("the assassination of *Lincoln*" as ORG)
or not at all ("*Ruby* fatally shot *Oswald*"). Organisations are not assassinated and do not
pull triggers, so a proper name that is the subject or object of a killing verb, or the victim or
killer of a killing noun ("Lincoln's assassin", "the slaying of Lincoln"), is a person; the
killing patterns (:mod:`graph.nlp.killing`) then see both parties.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = ["killing_parties", "label_killing_parties"]

#: Dependencies of the parties of a killing verb: its subject, object, or agent ("by X").
_VERB_PARTIES = frozenset({"nsubj", "dobj", "nsubjpass"})
#: Labels the NER gives a lone surname in place of PERSON.
_MISREAD = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})


#: Nouns of a killing that only a person undergoes ("the death of Enron" is a figure of speech).
_MURDER_NOUNS = frozenset("assassination killing murder slaying assassin killer murderer gunman slayer".split())


def killing_parties(doc: Doc) -> list[Span]:
    """Proper names, at most three words, that take part in a killing and are not persons yet.

    With a verb, the other party must be a person already (a PERSON, a personal pronoun, or a
    name the NER left unlabelled): "Google killed the project" and "Apple killed Microsoft's
    deal" say nothing about people. Names the gazetteer knows as something else are left alone.
    """
    from ..lexicon import load_gazetteer
    from .killing import KILL_VERBS

    gazetteer = load_gazetteer()
    out: list[Span] = []
    for token in doc:
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        head = token.head
        if token.dep_ == "pobj" and head.dep_ in {"agent", "prep"} and head.lower_ in {"by", "of"}:
            head = head.head
        lemma = head.lemma_.lower()
        verb = head.pos_ == "VERB" and lemma in KILL_VERBS and token.dep_ in _VERB_PARTIES | {"pobj"}
        noun = head.pos_ == "NOUN" and lemma in _MURDER_NOUNS and token.dep_ in {"poss", "pobj", "compound"}
        if verb and not any(_personal(p) for p in _parties(head) if p.i != token.i):
            continue
        if verb or noun:
            span = _name(token)
            entry = gazetteer.lookup(span.text) if span is not None else None
            if span is not None and (entry is None or entry.kind == "Person"):
                out.append(span)
    return out


def _parties(verb: Token) -> list[Token]:
    """The subject, object and agent of a verb."""
    out = [c for c in verb.children if c.dep_ in _VERB_PARTIES]
    return out + [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _personal(token: Token) -> bool:
    """A person already: a PERSON name, a personal pronoun, or a proper name without a label."""
    if token.lower_ in {"he", "she", "him", "her", "who"}:
        return True
    return token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and not token.ent_type_)


def _name(token: Token) -> Span | None:
    """The name ``token`` heads (with its compound words), as a PERSON span, unless it is one
    already or is part of a longer or non-person name."""
    doc = token.doc
    if token.ent_type_:
        ent = next(e for e in doc.ents if e.start <= token.i < e.end)
        if ent.label_ not in _MISREAD or len(ent) > 3 or ent.root.i != token.i:
            return None
        return Span(doc, ent.start, ent.end, label="PERSON")
    words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
    start = min([token.i, *(w.i for w in words)])
    if token.i - start > 2 or any(not t.text[:1].isupper() for t in doc[start : token.i + 1]):
        return None
    return Span(doc, start, token.i + 1, label="PERSON")


@Language.component("newsgraph_killing_parties", requires=["doc.ents", "token.dep"], assigns=["doc.ents"])
def label_killing_parties(doc: Doc) -> Doc:
    """Make the parties of killings PERSON entities (see :func:`killing_parties`)."""
    from spacy.util import filter_spans

    parties = killing_parties(doc)
    if parties:
        taken = {t for p in parties for t in range(p.start, p.end)}
        kept = [e for e in doc.ents if not any(t in taken for t in range(e.start, e.end))]
        doc.ents = filter_spans(kept + parties)
    return doc
