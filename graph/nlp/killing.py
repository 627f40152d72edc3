"""Who killed whom: killing verbs (active, passive, shared), killing nouns and killer nouns.

"Oswald shot and killed Kennedy", "Lennon was murdered by Chapman", "Ray pleaded guilty to the
assassination of King", "Kennedy's assassin, Sirhan Sirhan", "X fired the shots that killed Y".
The agent of a killing is often far from its verb (a verb of guilt governs it, a relative
clause hides it); :func:`agents` walks there, and :mod:`graph.nlp.patterns` reuses it for the
subjects of origin verbs ("born in").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .pairs import Entities, conjuncts, frame, is_negated, pobjs
from .relations import Frame

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "KILL_VERBS",
    "KILL_NOUNS",
    "KILLER_NOUNS",
    "kill_verb_frames",
    "kill_noun_frames",
    "killer_noun_frames",
    "agents",
    "antecedent",
    "described",
]

#: Verbs that, with a person as object, mean the subject killed them.
KILL_VERBS = frozenset(
    "kill murder assassinate slay shoot execute strangle stab behead gun slaughter".split()
)
#: Nominalisations of killing: "the assassination of X", "pleaded guilty to the killing of X".
KILL_NOUNS = frozenset(
    "assassination killing murder slaying shooting execution death".split()
)
#: Agent nouns of killing: "X's assassin Y", "Y, the killer of X".
KILLER_NOUNS = frozenset("assassin killer murderer gunman slayer".split())
#: Verbs whose subject is the agent of a killing named in their complement:
#: "Ray pleaded guilty to the assassination of King", "Sirhan was convicted of killing Kennedy".
_CULPRIT_VERBS = frozenset(
    """plead convict sentence charge accuse arrest indict try execute blame confess admit jail
    imprison hang condemn suspect serve""".split()
)
#: What a killer fires or sets off: "Oswald fired the *shots* that killed Kennedy".
_WEAPON_NOUNS = frozenset("shot bullet round bomb blast gun rifle pistol shell grenade".split())


def kill_verb_frames(sentence: Span, entities: Entities) -> Iterator[Frame]:
    """ "Oswald shot and killed Kennedy", "Lennon was murdered by Chapman", "convicted of killing X"."""
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in KILL_VERBS:
            continue
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            killers = [p for c in verb.children if c.dep_ == "agent" for p in pobjs(c)]
            victims = [c for s in verb.children if s.dep_ == "nsubjpass" for c in conjuncts(s)]
        else:
            killers = [_wielder(k) for k in agents(verb)]
            victims = [c for o in _shared_objects(verb) for c in conjuncts(o)]
        yield from _kill_pairs(killers, victims, entities, [verb], negated=is_negated(verb), passive=passive)


def _shared_objects(verb: Token) -> list[Token]:
    """A verb's objects, or those of the verb it is coordinated with: "X shot and wounded *Y*"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects:
        return objects
    return [c for v in verb.conjuncts if v.i > verb.i for c in v.children if c.dep_ == "dobj"][:1]


def _wielder(agent: Token) -> Token:
    """Who fired the weapon that killed: "Oswald fired the *shots* that killed Kennedy" → Oswald."""
    if agent.lemma_.lower() in _WEAPON_NOUNS and agent.dep_ == "dobj":
        subjects = [c for c in agent.head.children if c.dep_ == "nsubj"]
        if subjects:
            return antecedent(subjects[0], agent.head)
    return agent


#: Culprit verbs whose *object* is the culprit in the active voice: "the jury convicted X of ...".
_OBJECT_CULPRIT_VERBS = _CULPRIT_VERBS - {"plead", "confess", "admit", "serve"}
_RELATIVE_PRONOUNS = frozenset({"who", "whom", "that", "which"})


def agents(verb: Token) -> list[Token]:
    """Who does a verb: its subject, the subject it shares ("shot and killed"), or the culprit of
    the verb it complements ("pleaded guilty to killing")."""
    node = verb
    for _ in range(5):
        own = [c for c in node.children if c.dep_ == "nsubj"]
        if own:
            return [antecedent(s, node) for o in own for s in conjuncts(o)]
        if node.dep_ == "relcl":
            return [described(node.head)]
        if node.dep_ == "acl" and node.head.pos_ in {"PROPN", "NOUN"}:
            return [described(node.head)]
        if node.dep_ in {"conj", "xcomp", "advcl", "pcomp", "pobj", "prep", "acomp", "oprd"}:
            node = node.head
            if node.pos_ == "VERB" and node.lemma_.lower() in _CULPRIT_VERBS:
                return _culprits_of(node)
            continue
        break
    return []


def _culprits_of(verb: Token) -> list[Token]:
    """Who a verb of guilt blames: "X pleaded guilty", "X was convicted", "they convicted X"."""
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:
        return [antecedent(p, verb) for p in passive]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and verb.lemma_.lower() in _OBJECT_CULPRIT_VERBS:
        return objects
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return [antecedent(s, verb) for s in subjects] or agents(verb)


def antecedent(subject: Token, verb: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause modifies: "Adamson, *who* ..."."""
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return described(verb.head)
    return subject


def described(noun: Token) -> Token:
    """The person a description is about: "Oswald was the lone gunman (who ...)", "X, a man who"."""
    if noun.dep_ == "appos":
        return noun.head
    if noun.dep_ in {"attr", "acomp"}:
        subjects = [c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0]
    return noun


def _named(tokens: list[Token]) -> list[Token]:
    """Tokens with the names in apposition to them: "his son, *Stephen*"."""
    return tokens + [c for t in tokens for c in t.children if c.dep_ == "appos"]


def _kill_pairs(killers: list[Token], victims: list[Token], entities: Entities, trigger: list[Token], *,
                negated: bool = False, passive: bool = False) -> Iterator[Frame]:
    for killer in _named(killers):
        if not entities.person(killer):
            continue
        for victim in _named(victims):
            if entities.person(victim) and victim.i != killer.i:
                yield frame(killer, "kills", victim, trigger, negated=negated, passive=passive)


def kill_noun_frames(sentence: Span, entities: Entities) -> Iterator[Frame]:
    """ "pleaded guilty to the assassination of X", "the killing of X by Y", "X acted alone in the
    Kennedy slaying" (the subject of a clause the killing noun is "in" or "during") → kills."""
    for noun in sentence:
        if not _is_kill_noun(noun):
            continue
        victims = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
        victims += [c for c in noun.children if c.dep_ in {"poss", "compound"}]
        killers = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in pobjs(c)]
        if not killers:
            killers = _culprits(noun)
        yield from _kill_pairs(killers, victims, entities, [noun])
        prep = noun.head
        if not killers and noun.dep_ == "pobj" and prep.lower_ in _INVOLVEMENT_PREPS and prep.head.pos_ == "VERB":
            verb = prep.head  # "Oswald acted alone in the Kennedy slaying"
            involved = [antecedent(c, verb) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            yield from _kill_pairs(involved, victims, entities, [verb, prep, noun], negated=is_negated(verb))


#: Prepositions by which a clause puts its subject *in* the killing they govern directly: "Oswald
#: acted alone in the Kennedy slaying", "was arrested in the assassination of X".
_INVOLVEMENT_PREPS = frozenset({"in", "during"})


#: Dependencies of a noun phrase: a gerund there is used as a noun ("in the Kennedy *slaying*").
_NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos"})


def _is_kill_noun(token: Token) -> bool:
    """A nominal killing word; the small model tags some as verbs ("in the Kennedy slaying")."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in KILL_NOUNS
    return token.lower_ in KILL_NOUNS and token.dep_ in _NOMINAL_DEPS and any(
        c.dep_ in {"det", "poss", "compound", "amod"} for c in token.children
    )


def _culprits(noun: Token) -> list[Token]:
    """The subject of the verb of guilt that governs a killing noun: "*Ray* pleaded guilty to the ..."."""
    node = noun
    for _ in range(4):
        node = node.head
        if node.pos_ == "VERB":
            if node.lemma_.lower() in _CULPRIT_VERBS:
                return _culprits_of(node)
            return []
        if node.dep_ == "ROOT":
            break
    return []


def killer_noun_frames(sentence: Span, entities: Entities) -> Iterator[Frame]:
    """ "Kennedy 's assassin, Sirhan Sirhan" and "Booth, the assassin of Lincoln" → kills."""
    for noun in sentence:
        if noun.lemma_.lower() not in KILLER_NOUNS:
            continue
        victims = [c for c in noun.children if c.dep_ in {"poss", "compound"}]
        victims += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
        killers = [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ in {"appos", "compound"}:
            killers.append(noun.head)
            if noun.dep_ == "compound":
                # "Kennedy assassin Sirhan": the victim may hang on the killer's name, left of the noun
                victims += [c for c in noun.head.children
                            if c.dep_ == "poss" or (c.dep_ in {"compound", "nmod"} and c.i < noun.i)]
        if noun.dep_ in {"attr"}:
            killers += [c for c in noun.head.children if c.dep_ == "nsubj"]
        yield from _kill_pairs(killers, victims, entities, [noun])
