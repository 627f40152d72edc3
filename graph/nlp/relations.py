"""Read subject–predicate–object frames off a dependency parse.

Each verb of a sentence yields frames: who (subjects, through conjunctions, control, relative
clauses and passive agents), what (the predicate: a verb, verb + particle or preposition, or a
light verb with a nominalisation, looked up in the ontology lexicon), and to whom/what (direct
objects, prepositional objects, attributes). Negation, modality and reported speech are read from
the same parse and kept as flags, so "did not announce" never becomes "announces".

The frames still hold spaCy tokens; :mod:`graph.nlp.extract` turns them into records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..lexicon import Lexicon
from .objects import free_relative_referent, is_amount, is_non_answer, unwrap

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Frame", "frames"]

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
_MODALS = frozenset({"could", "may", "might", "would", "should", "can", "must", "ought"})
#: Verbs whose open complement is only intended or possible, not done: "plans to cut rates".
_INTENT_VERBS = frozenset(
    {"plan", "intend", "aim", "want", "seek", "hope", "expect", "try", "propose", "threaten", "consider", "vow", "pledge", "promise"}
)
#: Verbs that only pass their subject on to an open complement: "continues to impose".
_ASPECT_VERBS = frozenset({"continue", "begin", "start", "keep", "resume", "stop", "cease"})
#: Verbs whose object is only the means of their open complement: "used the event to promote X"
#: is promoting X, by the user, not by the event.
_INSTRUMENT_VERBS = frozenset({"use", "employ", "exploit", "leverage", "harness", "utilise", "utilize"})
#: Verbs of saying: their clausal complement is reported speech with the subject as source.
_SPEECH_VERBS = frozenset(
    """say state tell add note warn declare claim argue stress emphasize emphasise insist
    suggest announce report explain write acknowledge admit caution point believe think""".split()
)
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
#: Relations whose object can be the subject of a reported clause: one warns or complains
#: *about* what the clause is about, but "suggested that agencies may act" proposes no agencies.
_CLAUSE_TOPIC_PREDICATES = frozenset({"warns", "criticises", "urges"})
#: Relations whose direct object is the party asked to act (object control: "urged X to V"),
#: so the act a complement furthers is what is advocated. "Proposed a body to enhance X" is
#: no such case: there the body is the proposal and the infinitive its purpose.
_ADVOCACY_PREDICATES = frozenset({"urges"})
#: Verbs whose object is what they further: "speed up approval" is more and faster approval.
_FURTHERING_VERBS = frozenset(
    {"speed up", "accelerate", "step up", "expand", "increase", "boost", "strengthen", "deepen",
     "improve", "enhance", "expedite", "fast-track", "broaden", "scale up", "ramp up"}
)
#: Verbs of making: "declared that a body would be established" announces the body.
_CREATION_VERBS = frozenset({"establish", "create", "set", "launch", "form", "found", "build", "open"})
#: Prepositions whose object can complete a predicate when the verb has no direct object.
_ARGUMENT_PREPS = frozenset(
    {"for", "to", "with", "against", "on", "about", "into", "from", "at", "in", "over", "of", "by", "towards", "toward", "upon"}
)
#: Prepositions after a nominalisation that introduce its object: "restrictions *on* exports".
_NOMINAL_OBJECT_PREPS = frozenset({"on", "for", "of", "to", "against", "with", "over", "into"})


@dataclass(frozen=True)
class Frame:
    """One relation read from one verb, still as tokens of the parse."""

    subject: Token
    predicate: str
    object: Token
    trigger: tuple[Token, ...]
    negated: bool
    modality: str | None
    speaker: Token | None
    passive: bool
    inherited_subject: bool
    in_lexicon: bool


def frames(sentence: Span, lexicon: Lexicon) -> Iterator[Frame]:
    """Every relation frame of a sentence, in text order of the verbs."""
    for verb in sentence:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"amod", "compound", "aux", "auxpass"}:
            continue
        if verb.pos_ == "AUX" and not any(c.dep_ in {"attr", "acomp"} for c in verb.children):
            continue
        yield from _verb_frames(verb, lexicon)


def _verb_frames(verb: Token, lexicon: Lexicon) -> Iterator[Frame]:
    passive = _is_passive(verb)
    if passive and not any(c.dep_ == "agent" for c in verb.children):
        subjects, inherited = _patients(verb), verb.dep_ == "relcl"
        readings = _stative_readings(verb, lexicon)
    else:
        subjects, inherited = _subjects(verb, passive)
        readings = _predicates_and_objects(verb, lexicon, passive)
    if not subjects or _is_aspect_only(verb):
        return
    negated = _negated(verb)
    modality = _modality(verb)
    speaker = _speaker(verb)
    for predicate, trigger, objects, known in readings:
        for subject in subjects:
            for obj in objects:
                if obj.i == subject.i:
                    continue
                yield Frame(
                    subject=subject,
                    predicate=predicate,
                    object=obj,
                    trigger=trigger,
                    negated=negated,
                    modality=modality,
                    speaker=speaker,
                    passive=passive,
                    inherited_subject=inherited,
                    in_lexicon=known,
                )


def _with_conjuncts(token: Token) -> list[Token]:
    """A token and the tokens conjoined with it: "Tesla and Amazon" gives both."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i not in {t.i for t in out}:
            out.append(conj)
    return sorted(out, key=lambda t: t.i)


def _subjects(verb: Token, passive: bool) -> tuple[list[Token], bool]:
    """The agents of a verb, and whether they were inherited from another clause."""
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                pobjs = [c for c in child.children if c.dep_ == "pobj"]
                if pobjs:
                    return _with_conjuncts(pobjs[0]), False
        return [], False
    own = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if own:
        subject = own[0]
        if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return _with_conjuncts(verb.head), True
        return _with_conjuncts(subject), False
    if verb.dep_ == "relcl":
        return _with_conjuncts(verb.head), True
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in {"VERB", "AUX"}:
        # "China was willing to share": the adjective's holder is the copula's subject.
        subjects, _ = _subjects(verb.head.head, _is_passive(verb.head.head))
        return subjects, True
    if verb.dep_ == "xcomp":
        # Object control ("urged nations to cooperate") before subject control ("plans to cut").
        head_objects = [c for c in verb.head.children if c.dep_ == "dobj" and verb.head.lemma_ not in _INSTRUMENT_VERBS]
        if head_objects:
            return _with_conjuncts(head_objects[0]), True
        subjects, _ = _subjects(verb.head, _is_passive(verb.head))
        return subjects, True
    if verb.dep_ in {"conj", "advcl"} and verb.head.pos_ in {"VERB", "AUX"}:
        if verb.dep_ == "advcl" and verb.tag_ not in {"VBG", "VBN"}:
            return [], False
        if verb.dep_ == "conj" and _is_passive(verb.head):
            # "The pledges were announced by X and restored Y": conjoined verbs share the
            # surface subject, never the passive's agent.
            return _patients(verb.head), True
        subjects, _ = _subjects(verb.head, _is_passive(verb.head))
        return subjects, True
    return [], False


def _patients(verb: Token) -> list[Token]:
    """What a passive verb is about: its passive subject, or the noun its relative clause modifies."""
    patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not patients:
        return []
    if patients[0].lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return _with_conjuncts(verb.head)
    return _with_conjuncts(patients[0])


def _stative_readings(
    verb: Token, lexicon: Lexicon
) -> Iterator[tuple[str, tuple[Token, ...], list[Token], bool]]:
    """A passive with no agent states where or what something is: "the summit was held in Paris".

    Only phrases the lexicon lists ("be hold in", "be base in") count, since an agentless passive
    with an arbitrary preposition rarely states a relation between its two nouns.
    """
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        predicate = lexicon.phrases.get(f"be {verb.lemma_.lower()} {prep.lower_}")
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if predicate is not None and objects:
            yield predicate, (verb, prep), _with_conjuncts(objects[0]), True


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _is_aspect_only(verb: Token) -> bool:
    """ "continues to impose", "used the event to promote": the relation is the complement's."""
    if verb.lemma_ in _INSTRUMENT_VERBS and any(c.dep_ == "xcomp" for c in verb.children):
        return True
    return verb.lemma_ in _ASPECT_VERBS | _INTENT_VERBS and any(c.dep_ == "xcomp" for c in verb.children) and not any(
        c.dep_ == "dobj" for c in verb.children
    )


def _negated(verb: Token) -> bool:
    """Negation on the verb itself or on the verb whose complement it is ("did not plan to")."""
    chain = [verb]
    if verb.dep_ == "xcomp":
        chain.append(verb.head)
        if verb.head.dep_ == "acomp":  # "was not willing to share"
            chain.append(verb.head.head)
    return any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for v in chain for c in v.children)


def _modality(verb: Token) -> str | None:
    """The modal or intent that makes a statement not (yet) a fact."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in _MODALS:
            return child.lower_
    if verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_ in _INTENT_VERBS:
        return f"{verb.head.lemma_} to"
    if verb.dep_ in {"xcomp", "conj"}:
        return _modality(verb.head) if verb.dep_ == "conj" else None
    return None


def _speaker(verb: Token) -> Token | None:
    """The source of reported speech: "Li said that the US *restricts* chips" gives Li."""
    node = verb
    while node.dep_ in {"conj", "xcomp", "acomp"} and node.head is not node:
        node = node.head
    if node.dep_ != "ccomp" or node.head.lemma_ not in _SPEECH_VERBS:
        return None
    speakers = [c for c in node.head.children if c.dep_ == "nsubj"]
    return speakers[0] if speakers else None


def _predicates_and_objects(
    verb: Token, lexicon: Lexicon, passive: bool
) -> Iterator[tuple[str, tuple[Token, ...], list[Token], bool]]:
    """(predicate, trigger tokens, object heads, known to the lexicon) for one verb."""
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    verb_words = [verb.lemma_.lower()] + ([particle.lower_] if particle is not None else [])
    trigger_base = (verb,) + ((particle,) if particle is not None else ())
    if passive:
        patients = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if patients:
            yield _named(lexicon, verb_words, trigger_base, _with_conjuncts(patients[0]))
        return
    direct = [c for c in verb.children if c.dep_ in _OBJECT_DEPS]
    amounts: list[Token] = []  # the parser often hangs "in the fund" on the amount
    while direct and is_amount(direct[0]):
        # "links 384 of the company's chips": the chips; "invest part of the fee in the fund": the fund
        amounts.append(direct[0])
        direct = [p for c in direct[0].children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    if direct and is_non_answer(direct[0]):
        return
    if direct and direct[0].lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        direct = [verb.head]  # "the conference, which Shanghai has hosted": the conference
    if verb.lemma_ == "be" and not direct:
        return  # "was with other nations": a copula with only a preposition says nothing
    if direct:
        obj = direct[0]
        idiom = _verb_noun_phrase(verb, verb_words, trigger_base, obj, lexicon)
        if idiom is not None:
            yield idiom
            return
        nominal = _light_verb_frame(verb_words, trigger_base, obj, lexicon)
        if nominal is not None:
            yield nominal
            return
        named = _named(lexicon, verb_words, trigger_base, [unwrap(t) for t in _with_conjuncts(obj)])
        acts = list(_furthered_act(verb, named))
        if not acts or obj.ent_type_:  # "urged governments to speed up approval": the approval
            yield named
        yield from acts
        return
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        yield from _clause_topic(verb_words, trigger_base, clauses[0], lexicon)
        return  # "In his remarks, Li said that ...": the content is the clause, not the remarks
    after = [*verb.rights, *(c for a in amounts for c in a.rights if c.lower_ != "of")]
    for prep in after:  # "In Shanghai, Li called for ...": a fronted phrase is the scene
        if prep.dep_ != "prep" or prep.lower_ not in _ARGUMENT_PREPS:
            continue
        pobjs = [c for c in prep.children if c.dep_ == "pobj"]
        pcomp = [c for c in prep.children if c.dep_ == "pcomp"]
        if not pobjs and pcomp:
            pobjs = [c for c in pcomp[0].children if c.dep_ == "dobj"]
        if not pobjs:
            continue
        if is_non_answer(pobjs[0]):
            return
        objects = [unwrap(t) for t in _with_conjuncts(pobjs[0])]
        words = verb_words + [prep.lower_]
        predicate = lexicon.predicate_for(words)
        if predicate is not None:
            yield predicate, trigger_base + (prep,), objects, True
        else:
            yield " ".join(words), trigger_base + (prep,), objects, False
        return


def _furthered_act(
    verb: Token, reading: tuple[str, tuple[Token, ...], list[Token], bool]
) -> Iterator[tuple[str, tuple[Token, ...], list[Token], bool]]:
    """ "urged governments to speed up approval": the urging is also for (faster) approval.

    Only when the complement furthers its object (speed up, step up, expand), so "urged Japan to
    lift the ban" never reads as urging the ban.
    """
    predicate, trigger, _, known = reading
    if predicate not in _ADVOCACY_PREDICATES:
        return
    for complement in verb.children:
        if complement.dep_ != "xcomp":
            continue
        particle = next((c.lower_ for c in complement.children if c.dep_ == "prt"), None)
        words = " ".join([complement.lemma_.lower()] + ([particle] if particle else []))
        objects = [c for c in complement.children if c.dep_ == "dobj"]
        if words in _FURTHERING_VERBS and objects:
            yield predicate, trigger + (complement,), _with_conjuncts(objects[0]), known


def _clause_topic(
    verb_words: list[str], trigger: tuple[Token, ...], clause: Token, lexicon: Lexicon
) -> Iterator[tuple[str, tuple[Token, ...], list[Token], bool]]:
    """ "She warned that rising prices could push inflation up": she warns of rising prices.

    Only for verbs that say more than "say": the subject of the reported clause is what the
    warning, urging or criticism is about, or what an announcement creates ("announced that a
    fund would be set up" announces the fund). Plain saying yields nothing; the reported clause's
    own relations carry the speaker instead.
    """
    predicate = lexicon.predicate_for(verb_words)
    creation = predicate == "announces" and clause.lemma_.lower() in _CREATION_VERBS
    if predicate not in _CLAUSE_TOPIC_PREDICATES and not creation:
        return
    named = free_relative_referent(clause)
    if named is not None:  # "criticised what he called excessive regulation": the regulation
        yield predicate, trigger, _with_conjuncts(named), True
        return
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects and subjects[0].lower_ not in _RELATIVE_PRONOUNS:
        yield predicate, trigger, _with_conjuncts(subjects[0]), True


def _named(
    lexicon: Lexicon, words: list[str], trigger: tuple[Token, ...], objects: list[Token]
) -> tuple[str, tuple[Token, ...], list[Token], bool]:
    predicate = lexicon.predicate_for(words)
    if predicate is not None:
        return predicate, trigger, objects, True
    return " ".join(words), trigger, objects, False


def _verb_noun_phrase(
    verb: Token, verb_words: list[str], trigger: tuple[Token, ...], noun: Token, lexicon: Lexicon
) -> tuple[str, tuple[Token, ...], list[Token], bool] | None:
    """A verb–object idiom of the lexicon whose meaning is not the verb's own.

    "drew crowds with its new robot" showcases the robot (the phrase's preposition hangs on the
    verb); "shared the Nobel Prize" wins it (a named object completes a two-word phrase). Light
    verbs are left to :func:`_light_verb_frame`, where the noun, not the phrase, is the relation.
    """
    if " ".join(verb_words) in lexicon.light_verbs:
        return None
    phrase = verb_words + [noun.lemma_.lower()]
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        predicate = lexicon.phrases.get(" ".join(phrase + [prep.lower_]))
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if predicate is not None and objects:
            return predicate, trigger + (noun, prep), [unwrap(t) for t in _with_conjuncts(objects[0])], True
    predicate = lexicon.phrases.get(" ".join(phrase))
    if predicate is not None and noun.ent_type_:
        return predicate, trigger + (noun,), _with_conjuncts(noun), True
    return None


def _light_verb_frame(
    verb_words: list[str], trigger: tuple[Token, ...], noun: Token, lexicon: Lexicon
) -> tuple[str, tuple[Token, ...], list[Token], bool] | None:
    """ "made a proposal for X", "imposed restrictions on X": the noun carries the predicate.

    Returns the frame, a frame with no objects when the noun carries the predicate but names no
    object ("made a proposal": nothing to link), or ``None`` when the noun is an ordinary object.
    """
    noun_lemma = noun.lemma_.lower()
    light = " ".join(verb_words) in lexicon.light_verbs
    complement = _to_infinitive(noun)
    if complement is not None:  # "expressed willingness to share X"
        predicate = lexicon.phrases.get(" ".join(verb_words + [noun_lemma, "to", complement.lemma_.lower()]))
        if predicate is not None:
            objects = [c for c in complement.children if c.dep_ == "dobj"]
            return predicate, trigger + (noun, complement), [unwrap(t) for t in objects[:1] for t in _with_conjuncts(t)], True
    verb_predicate = lexicon.verbs.get(" ".join(verb_words))
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in _NOMINAL_OBJECT_PREPS:
            continue
        predicate = lexicon.phrases.get(" ".join(verb_words + [noun_lemma, prep.lower_]))
        if predicate is None and light:
            predicate = lexicon.nouns.get(noun_lemma)
        if predicate is None:
            continue
        if predicate == verb_predicate:  # "restrict exports of chips": the exports are restricted
            return predicate, trigger + (noun, prep), [unwrap(noun)], True
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:
            objects = [d for p in prep.children if p.dep_ == "pcomp" for d in p.children if d.dep_ == "dobj"]
        if objects:
            return predicate, trigger + (noun, prep), [unwrap(t) for t in _with_conjuncts(objects[0])], True
    if light and noun_lemma in lexicon.nouns and verb_predicate is None:
        return lexicon.nouns[noun_lemma], trigger + (noun,), [], True  # "made a proposal": no object
    return None


def _to_infinitive(noun: Token) -> Token | None:
    """The verb of "willingness *to share*", an infinitive clause on a noun."""
    for child in noun.children:
        if child.dep_ in {"acl", "relcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            return child
    return None
