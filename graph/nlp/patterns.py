"""Relations news writes between two names without a verb for them: roles, origins, seats, places.

Most of who-works-where and what-lies-where in news is never said with a verb. It is packed into
appositions ("Andy Lipkis, executive of TreePeople"), pre-name modifiers ("GE spokesman Richard
Kennedy", "Ohio Gov. Richard Celeste"), prepositions after a name ("Todd Kimberlain of the
National Hurricane Center"), place pairs ("Dallas, Texas"), compound adjectives
("Hangzhou-based Unitree"), nominal events ("the assassination of X", "X's assassin Y") and
datelines ("WARSAW , Poland ( AP )").
:func:`graph.nlp.relations.frames` reads verbs, so it misses all of these.

Every pattern here is a path in the dependency parse between two named-entity spans, typed by the
NER label of both ends, so each one generalises across sentences rather than fitting one. The
patterns produce the same :class:`~graph.nlp.relations.Frame` records the verb reader does, with
ontology predicates (``worksFor``, ``leads``, ``memberOf``, ``livesIn``, ``basedIn``,
``locatedIn``, ``kills``, ``heldIn``), ``in_lexicon=True`` and the tokens that fired as trigger.

They were tuned on the CoNLL04 *train* split and checked on *dev*
(``newsgraph evaluate conll04``); no rule names a word of a particular sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .relations import Frame
from .roles import LEADING_ROLES, role_predicate

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "pattern_frames",
    "RESIDENT_NOUNS",
    "KILL_VERBS",
    "KILL_NOUNS",
    "KILLER_NOUNS",
    "EVENT_NOUNS",
]

PERSON = frozenset({"PERSON"})
ORGANISATION = frozenset({"ORG"})
PLACE = frozenset({"GPE", "LOC", "FAC"})
EVENT = frozenset({"EVENT"})

#: Nouns that say where a person is from or lives: "a Fargo native", "a resident of Tempe".
RESIDENT_NOUNS = frozenset(
    "native resident citizen inhabitant national residents natives citizens".split()
)
#: Nouns in apposition to a person that say nothing about employment: "a patient at X".
_NOT_ROLES = frozenset(
    """patient client customer victim inmate prisoner fan visitor guest son daughter wife husband
    brother sister father mother friend widow graduate alumnus student""".split()
)
#: Nouns that make a person a member rather than an employee: "a member of the High Court".
MEMBER_NOUNS = frozenset({"member"})
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
    imprison hang condemn suspect""".split()
)
#: Verbs of being born or growing up somewhere, which CoNLL04 and readers take as living there.
_ORIGIN_VERBS = frozenset({"bear", "born", "raise", "grow", "live", "reside"})
#: Nouns for a person's home place: "Harry Reasoner's Iowa hometown", "Welk's birthplace".
_HOME_NOUNS = frozenset({"hometown", "birthplace", "home", "homeland", "native"})
#: Words allowed between a place and the preposition's object in "Perugia in (northern) Umbria".
_DIRECTION_WORDS = frozenset(
    """the northern southern eastern western central north south east west northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern upper lower
    suburban rural downtown""".split()
)
#: Head nouns that make an entity an event, whatever label the NER gave it.
EVENT_NOUNS = frozenset(
    """conference summit forum festival expo exhibition exposition fair games olympics olympiad
    championship championships cup convention meeting talks symposium week show marathon""".split()
)
#: Common nouns that stand for the organisation named in their modifiers: "the Rollei *company*".
_ORGANISATION_NOUNS = frozenset(
    """company firm group agency department ministry office bureau unit board council committee
    institute university school party organization organisation corporation bank fund network
    station newspaper paper magazine team club union association foundation commission service
    court army navy force""".split()
)
#: Verbs that give their object a role: "named Larry Jinks publisher of the News".
_ROLE_VERBS = frozenset("name appoint elect make become remain serve choose nominate".split())
#: Nouns for an organisation that belongs to another: "Premier League *side* Harwick City".
_MEMBER_ORG_NOUNS = frozenset("side club team member unit subsidiary affiliate division arm branch".split())
#: Prepositions that tie a person or role to an organisation: "economist *with* X".
_AFFILIATION_PREPS = frozenset({"of", "for", "at", "with", "from", "in", "to"})
#: Prepositions that tie an organisation to its seat: "Becton Dickinson Co. *of* Franklin Lakes".
_SEAT_PREPS = frozenset({"in", "of", "at"})
#: Dependencies that pack a modifier into a name phrase: "GE spokesman", "Ohio 's".
_MODIFIER_DEPS = frozenset({"compound", "nmod", "poss", "amod", "npadvmod"})

_PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})

Pattern = Callable[["Span", "_Entities"], Iterator[Frame]]


def pattern_frames(sentence: Span, ents: Sequence[Span] | None = None) -> Iterator[Frame]:
    """Every entity-pair relation the patterns find in one sentence, each pair and predicate once.

    Args:
        sentence: a parsed sentence whose doc has named entities (``doc.ents``).
        ents: the sentence's entities when the caller has read them already
            (:func:`graph.nlp.mentions.sentence_entities`); ``sentence.ents`` otherwise.

    Yields:
        Frames whose subject and object are tokens inside two different entity spans.
    """
    entities = _Entities(sentence.ents if ents is None else ents)
    seen: set[tuple[int, str, int]] = set()
    for pattern in _PATTERNS:
        for frame in pattern(sentence, entities):
            key = (entities.root(frame.subject).i, frame.predicate, entities.root(frame.object).i)
            if key[0] == key[2] or key in seen:
                continue
            seen.add(key)
            yield frame


class _Entities:
    """The named-entity spans of a sentence, looked up by token."""

    def __init__(self, ents: Iterable[Span]) -> None:
        self.spans: list[Span] = [_without_article(e) for e in ents]
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


def _frame(subject: Token, predicate: str, obj: Token, trigger: Iterable[Token], *, negated: bool = False,
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


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _pobjs(prep: Token) -> list[Token]:
    """Objects of a preposition, through conjunctions: "of Tesla and Amazon" gives both."""
    return [c for p in prep.children if p.dep_ == "pobj" for c in _conjuncts(p)]


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


# ------------------------------------------------------------------------------------ people


def _role_predicate(role: Token | None, prep: str | None, target: Span) -> str | None:
    """Which relation a role noun (or none) and a preposition make between a person and a name.

    ``None`` when the noun is no role ("a patient at X", "Lincoln's killer") or a residence noun
    meets an organisation (a NER error more often than a fact).
    """
    lemma = role.lemma_.lower() if role is not None else ""
    if lemma in _NOT_ROLES or lemma in KILLER_NOUNS:
        return None
    place = target.label_ in PLACE
    if place and (lemma in RESIDENT_NOUNS or prep == "from" or (role is None and prep in {None, "of"})):
        return "livesIn"
    if lemma in RESIDENT_NOUNS:
        return None
    if lemma in MEMBER_NOUNS:
        return "memberOf"
    return role_predicate(role.text if role is not None and role.text.lower() in LEADING_ROLES else lemma)


def _affiliations(noun: Token, entities: _Entities, *, hops: int = 1) -> Iterator[tuple[str | None, Span, Token]]:
    """Organisations and places a role noun is of: (preposition or None, entity, trigger token).

    "executive *of TreePeople*", "an economist *with* the Mediterranean Foundation", "another
    *Emery* employee", "*Venezuela 's* chief negotiator"; one plain noun may sit in between
    ("manager of the local chapter *of* Habitat for Humanity").
    """
    for child in noun.children:
        if child.dep_ in _MODIFIER_DEPS:
            span = entities.kind(child, ORGANISATION | PLACE)
            if span is not None:
                yield None, span, child
        if child.dep_ != "prep" or child.lower_ not in _AFFILIATION_PREPS:
            continue
        for pobj in _pobjs(child):
            span = entities.kind(pobj, ORGANISATION | PLACE)
            if span is not None:
                yield child.lower_, span, child
            elif hops > 0 and entities.of(pobj) is None and pobj.pos_ in {"NOUN", "PROPN"}:
                yield from ((child.lower_, named, child) for named in _organisation_behind(pobj, entities))
                for _, inner, _ in _affiliations(pobj, entities, hops=hops - 1):
                    yield child.lower_, inner, child


def _organisation_behind(noun: Token, entities: _Entities) -> Iterator[Span]:
    """The organisation a common noun stands for: its appositive name ("the strongest party, *the
    HSLS*"), or, for organisation nouns, its name modifier ("the smaller *Rollei* company")."""
    for child in noun.children:
        named = entities.kind(child, ORGANISATION | PLACE)
        if named is None:
            continue
        if child.dep_ == "appos" or (child.dep_ in _MODIFIER_DEPS and noun.lemma_.lower() in _ORGANISATION_NOUNS):
            yield named


def _role_nouns(person: Token) -> list[Token]:
    """Nouns in apposition to a person, either way round ("X, owner of Y" / "Y's envoy, X"), or
    predicated of them ("Miller is a Wilmington native")."""
    roles = [c for c in person.children if c.dep_ == "appos"]
    if person.dep_ == "appos" and person.head.pos_ in {"NOUN", "NUM"}:
        roles.append(person.head)
    if person.dep_ == "nsubj" and person.head.lemma_ in {"be"} | _ROLE_VERBS:
        roles += [c for c in person.head.children if c.dep_ in {"attr", "oprd"} and c.pos_ == "NOUN"]
    if person.dep_ in {"dobj", "nsubjpass"} and person.head.lemma_ in _ROLE_VERBS:
        roles += [c for c in person.head.children if c.dep_ in {"oprd", "xcomp", "attr", "ccomp"} and c.pos_ == "NOUN"]
    roles += [c for r in list(roles) for c in r.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    out: list[Token] = []
    for role in roles:
        for noun in _conjuncts(role):
            if noun.pos_ in {"NOUN", "NUM", "ADJ"} and noun not in out:
                out.append(noun)
    return out


def _apposition_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Andy Lipkis, executive of TreePeople" → worksFor; "X, a native of Y" → livesIn."""
    for person in entities.labelled(PERSON):
        for role in _role_nouns(person.root):
            for prep, target, trigger in _affiliations(role, entities):
                if target.root.i in {t.i for t in person}:
                    continue
                role_noun = role if role.pos_ != "NUM" else None
                predicate = _role_predicate(role_noun, prep, target)
                if predicate is not None:
                    yield _frame(person.root, predicate, target.root, [role, trigger])
                    if predicate == "livesIn":  # "a technician from North Wales, Pa.": Pa. too
                        for outer, comma in _enclosing_places(target, entities):
                            yield _frame(person.root, predicate, outer.root, [role, trigger, comma])


def _preposition_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Todd Kimberlain of the National Hurricane Center" → worksFor; "Peggy Say of Batavia" → livesIn."""
    for person in entities.labelled(PERSON):
        for child in person.root.children:
            if child.dep_ != "prep" or child.lower_ not in {"of", "from", "at", "with"}:
                continue
            for pobj in _pobjs(child):
                target = entities.kind(pobj, ORGANISATION | PLACE)
                if target is None and entities.of(pobj) is None and pobj.lemma_.lower() in _ORGANISATION_NOUNS:
                    target = next(_organisation_behind(pobj, entities), None)
                if target is None:
                    continue
                if target.label_ in PLACE and child.lower_ not in {"of", "from"}:
                    continue
                predicate = _role_predicate(None, child.lower_, target)
                if predicate is None:
                    continue
                yield _frame(person.root, predicate, target.root, [child])
                if target.label_ in PLACE:
                    for outer, comma in _enclosing_places(target, entities):
                        yield _frame(person.root, predicate, outer.root, [child, comma])


def _premodifier_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "GE spokesman Richard Kennedy" → worksFor; "Ohio Gov. Richard Celeste" → leads; "Ohio 's X" → livesIn.

    Walks the modifiers left of a person's name (compounds, possessives, nominal modifiers); the
    plain nouns passed on the way are the role.
    """
    for person in entities.labelled(PERSON):
        for target, roles in _left_modifiers(person, entities):
            if target.label_ in ORGANISATION and not roles and not _possessive(target):
                continue
            role = roles[0] if roles else None
            if target.label_ in PLACE and len(roles) > 1:
                role = None  # "Dallas nightclub owner X": the place qualifies the nightclub, not the role
            predicate = _role_predicate(role, None, target)
            if predicate is not None:
                yield _frame(person.root, predicate, target.root, roles or [target.root])


def _possessive(span: Span) -> bool:
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.tag_ == "POS"


def _left_modifiers(person: Span, entities: _Entities) -> Iterator[tuple[Span, list[Token]]]:
    """Entity spans reached from a name through pre-name modifiers, with the role nouns between."""
    inside = {t.i for t in person}
    stack: list[tuple[Token, list[Token]]] = [(t, []) for t in person for t in t.lefts if t.i not in inside]
    stack = [(t, r) for t, r in stack if t.dep_ in _MODIFIER_DEPS]
    seen: set[int] = set()
    while stack:
        token, roles = stack.pop()
        if token.i in seen or token.i > person.start:
            continue
        seen.add(token.i)
        span = entities.of(token)
        if span is not None and span.label_ in ORGANISATION | PLACE:
            yield span, roles
            continue
        if span is not None or token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            continue
        here = roles + [token] if token.pos_ in {"NOUN", "PROPN"} else roles
        stack.extend((c, here) for c in token.lefts if c.dep_ in _MODIFIER_DEPS | {"prep", "pobj"})
        stack.extend((c, here) for c in token.children if c.dep_ == "prep" and c.lower_ == "of")
        stack.extend((p, here) for c in token.children if c.dep_ == "prep" for p in _pobjs(c))


def _origin_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Babe Ruth was born in Baltimore", "grew up in Fargo" → livesIn (the place and its state)."""
    for verb in sentence:
        if not _is_origin_verb(verb):
            continue
        subjects = [_antecedent(c, verb) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects and verb.dep_ in {"acl", "relcl", "appos", "conj", "advcl"}:
            subjects = _agents(verb) if verb.dep_ in {"conj", "advcl"} else [_described(verb.head)]
        subjects = [s.head if s.pos_ == "NUM" and s.dep_ == "appos" else s for s in subjects]
        people = [s for s in subjects for s in _conjuncts(s) if entities.person(s)]
        preps = [c for c in verb.children if c.dep_ == "prep"]
        preps += [c for p in verb.children if p.dep_ == "prt" for c in p.children if c.dep_ == "prep"]
        for prep in preps:
            if prep.lower_ not in {"in", "at", "near"}:
                continue
            for place in _places_under(prep, entities):
                for person in people:
                    yield _frame(person, "livesIn", place.root, [verb, prep], negated=_is_negated(verb))


def _is_origin_verb(verb: Token) -> bool:
    """ "was born", "was raised", "grew up", "lives": not "raised funds in Boston"."""
    lemma = verb.lemma_.lower()
    if lemma not in _ORIGIN_VERBS or verb.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma in {"bear", "born", "raise"}:
        return verb.tag_ == "VBN"
    if lemma == "grow":
        return any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
    return True


def _home_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Harry Reasoner's Iowa hometown", "Welk's North Dakota birthplace" → livesIn."""
    for noun in sentence:
        if noun.lemma_.lower() not in _HOME_NOUNS or noun.pos_ != "NOUN":
            continue
        people = [c for c in noun.children if c.dep_ == "poss" and entities.person(c)]
        places = [entities.kind(c, PLACE) for c in noun.children if c.dep_ in {"compound", "nmod", "amod"}]
        places += [s for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for s in _places_under(c, entities)]
        for person in people:
            for place in places:
                if place is not None:
                    yield _frame(person, "livesIn", place.root, [noun])


def _places_under(prep: Token, entities: _Entities) -> Iterator[Span]:
    """Places a preposition introduces, with the larger places written after them ("Dallas, Texas")."""
    for pobj in _pobjs(prep):
        place = entities.kind(pobj, PLACE)
        if place is None:
            for inner in pobj.children:
                if inner.dep_ == "prep" and inner.lower_ in {"in", "of"}:
                    yield from _places_under(inner, entities)
            continue
        yield place
        yield from (s for s, _ in _enclosing_places(place, entities))


# ------------------------------------------------------------------------------ organisations


def _seat_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Becton Dickinson Co. of Franklin Lakes", "Brera institute in Milan" → basedIn."""
    for org in entities.labelled(ORGANISATION):
        if entities.is_event(org):
            continue
        for child in org.root.children:
            if child.dep_ == "prep" and child.lower_ in _SEAT_PREPS:
                for place in _places_under(child, entities):
                    yield _frame(org.root, "basedIn", place.root, [child])
        after = _place_after(org, entities, _SEAT_PREPS)
        if after is not None:
            place, prep = after
            yield _frame(org.root, "basedIn", place.root, [prep])
            for enclosing, comma in _enclosing_places(place, entities):
                yield _frame(org.root, "basedIn", enclosing.root, [prep, comma])


def _based_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Hangzhou-based Unitree", "X, a Boston-based developer", "X, based in Y" → basedIn.

    A modifier before coordinated names holds for each ("US-based Tesla and Amazon").
    """
    for org in entities.labelled(ORGANISATION):
        holders = [org.root, *(c for c in org.root.children if c.dep_ == "appos" and entities.of(c) is None)]
        if org.root.dep_ == "conj" and entities.kind(org.root.head, ORGANISATION) is not None:
            holders.append(org.root.head)
        for holder in holders:
            for child in holder.children:
                if child.lemma_.lower() not in {"base", "headquarter", "headquartered"}:
                    continue
                for place in _place_modifiers(child, entities):
                    yield _frame(org.root, "basedIn", place.root, [child])
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                        for place in _places_under(prep, entities):
                            yield _frame(org.root, "basedIn", place.root, [child, prep])


def _place_modifiers(token: Token, entities: _Entities) -> Iterator[Span]:
    """Places written before a word as its modifier: "*Hangzhou*-based"."""
    for child in token.lefts:
        place = entities.kind(child, PLACE)
        if place is not None:
            yield place
    if token.i > 1 and token.nbor(-1).text == "-":
        place = entities.kind(token.nbor(-2), PLACE)
        if place is not None:
            yield place


def _name_modifier_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """A place written into an organisation's name phrase: "Berlin N-TV", "New York 's Mount Sinai"."""
    for org in entities.labelled(ORGANISATION):
        if entities.is_event(org):
            continue
        inside = {t.i for t in org}
        for token in org:
            for child in token.children:
                if child.i in inside or child.dep_ not in _MODIFIER_DEPS | {"appos"}:
                    continue
                place = entities.kind(child, PLACE)
                if place is not None:
                    yield _frame(org.root, "basedIn", place.root, [child])
        head = org.root.head
        place = entities.kind(head, PLACE)
        if place is not None and org.root.dep_ in {"appos", "npadvmod", "compound"} and head.i not in inside:
            yield _frame(org.root, "basedIn", _innermost(place, entities).root, [org.root])


def _innermost(place: Span, entities: _Entities) -> Span:
    """The city of "KHARTOUM , Sudan" when given the state: a dateline's news agency sits in the city."""
    doc = place.doc
    before = place.start - 2
    if before >= 0 and doc[place.start - 1].text == ",":
        city = entities.kind(doc[before], PLACE)
        if city is not None and city.end == place.start - 1:
            return city
    return place


def _member_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Premier League side Harwick City", "Alphabet subsidiary Waymo" → memberOf."""
    for org in entities.labelled(ORGANISATION):
        for target, roles in _left_modifiers(org, entities):
            if target.label_ in ORGANISATION and roles and roles[0].lemma_.lower() in _MEMBER_ORG_NOUNS:
                yield _frame(org.root, "memberOf", target.root, [roles[0]])


# ------------------------------------------------------------------------------------ places


def _enclosing_places(place: Span, entities: _Entities) -> Iterator[tuple[Span, Token]]:
    """Places written right after a place, after a comma: "Dallas *, Texas*", "Aiken , S.C."."""
    doc = place.doc
    comma = place.end
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return
    after = entities.kind(doc[comma + 1], PLACE)
    if after is None or after.start != comma + 1 or _in_list(place, after):
        return
    yield after, doc[comma]


def _in_list(first: Span, second: Span) -> bool:
    """Whether "A , B" is part of an enumeration ("Russia , Japan , Poland and South Korea")."""
    doc = first.doc
    end = min(second.end, second.sent.end)
    following = [t.lower_ for t in doc[end : min(end + 2, second.sent.end)]]
    if following[:1] in (["and"], ["or"]) or following in ([",", "and"], [",", "or"]):
        return True
    if following[:1] == [","] and end + 1 < second.sent.end:
        third = next((s for s in doc.ents if s.start == end + 1 and s.label_ in PLACE), None)
        if third is not None and (third.root.dep_ == "conj" or _followed_by_coordination(third)):
            return True
    return False


def _followed_by_coordination(span: Span) -> bool:
    doc = span.doc
    words = [t.lower_ for t in doc[span.end : min(span.end + 2, span.sent.end)]]
    return words[:1] in (["and"], ["or"]) or words in ([",", "and"], [",", "or"])


def _place_after(span: Span, entities: _Entities, words: frozenset[str]) -> tuple[Span, Token] | None:
    """The place written right after a name and a preposition: "Perugia *in (central) Umbria*".

    Read off the surface rather than the parse, because the parser attaches such phrases to the
    verb as often as to the name, while the words themselves leave no doubt.
    """
    doc = span.doc
    i = _skip_parenthesis(span.end, span.sent)
    if i >= min(len(doc), span.sent.end) or doc[i].lower_ not in words:
        return None
    prep, i = doc[i], i + 1
    while i < span.sent.end and doc[i].lower_ in _DIRECTION_WORDS and entities.of(doc[i]) is None:
        i += 1
    place = entities.kind(doc[i], PLACE) if i < span.sent.end else None
    return (place, prep) if place is not None and place.start == i else None


def _skip_parenthesis(i: int, sentence: Span) -> int:
    """The index after a short parenthesis starting at ``i`` ("WAIC" in "Conference (WAIC) in"), else ``i``."""
    doc = sentence.doc
    if i < sentence.end and doc[i].text == "(":
        for j in range(i + 1, min(i + 6, sentence.end)):
            if doc[j].text == ")":
                return j + 1
    return i


def _place_pair_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Dallas, Texas" and "St. Louis County in Minnesota" → locatedIn."""
    for place in entities.labelled(PLACE):
        for outer, comma in _enclosing_places(place, entities):
            yield _frame(place.root, "locatedIn", outer.root, [comma])
        inner = _place_after(place, entities, frozenset({"in"}))
        if inner is not None:
            outer, prep = inner
            yield _frame(place.root, "locatedIn", outer.root, [prep])
            for enclosing, comma in _enclosing_places(outer, entities):
                yield _frame(place.root, "locatedIn", enclosing.root, [prep, comma])


# ------------------------------------------------------------------------------------ events


#: Verbs whose event subject happens where their "in" phrase says: "the summit opened in Lisbon".
_EVENT_VERBS = frozenset("open hold take run start begin close end convene kick conclude wrap".split())


def _event_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "the World AI Conference in Shanghai", "a summit held in Lisbon", "X opened in Y" → heldIn."""
    for event in entities.spans:
        if not entities.is_event(event) or event.label_ in PERSON | PLACE:
            continue
        after = _place_after(event, entities, frozenset({"in", "at"}))
        if after is not None:
            yield _frame(event.root, "heldIn", after[0].root, [after[1]])
        verb = event.root.head
        if event.root.dep_ in {"nsubj", "nsubjpass"} and verb.lemma_.lower() in _EVENT_VERBS:
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                    for place in _places_under(prep, entities):
                        yield _frame(event.root, "heldIn", place.root, [verb, prep], negated=_is_negated(verb))
        for child in event.root.children:
            preps = [child] if child.dep_ == "prep" and child.lower_ in {"in", "at"} else []
            if child.dep_ == "acl" and child.lemma_.lower() in {"hold", "stage", "host", "open"}:
                preps = [p for p in child.children if p.dep_ == "prep" and p.lower_ in {"in", "at"}]
            for prep in preps:
                for place in _places_under(prep, entities):
                    yield _frame(event.root, "heldIn", place.root, [child, prep])


# ------------------------------------------------------------------------------------ killing


def _kill_verb_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Oswald shot and killed Kennedy", "Lennon was murdered by Chapman", "convicted of killing X"."""
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in KILL_VERBS:
            continue
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            killers = [p for c in verb.children if c.dep_ == "agent" for p in _pobjs(c)]
            victims = [c for s in verb.children if s.dep_ == "nsubjpass" for c in _conjuncts(s)]
        else:
            killers = _agents(verb)
            victims = [c for o in verb.children if o.dep_ == "dobj" for c in _conjuncts(o)]
        yield from _kill_pairs(killers, victims, entities, [verb], negated=_is_negated(verb), passive=passive)


#: Culprit verbs whose *object* is the culprit in the active voice: "the jury convicted X of ...".
_OBJECT_CULPRIT_VERBS = _CULPRIT_VERBS - {"plead", "confess", "admit"}
_RELATIVE_PRONOUNS = frozenset({"who", "whom", "that", "which"})


def _agents(verb: Token) -> list[Token]:
    """Who does a verb: its subject, the subject it shares ("shot and killed"), or the culprit of
    the verb it complements ("pleaded guilty to killing")."""
    node = verb
    for _ in range(5):
        own = [c for c in node.children if c.dep_ == "nsubj"]
        if own:
            return [_antecedent(s, node) for o in own for s in _conjuncts(o)]
        if node.dep_ == "relcl":
            return [_described(node.head)]
        if node.dep_ == "acl" and node.head.pos_ in {"PROPN", "NOUN"}:
            return [_described(node.head)]
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
        return [_antecedent(p, verb) for p in passive]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and verb.lemma_.lower() in _OBJECT_CULPRIT_VERBS:
        return objects
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return [_antecedent(s, verb) for s in subjects] or _agents(verb)


def _antecedent(subject: Token, verb: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause modifies: "Adamson, *who* ..."."""
    if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return _described(verb.head)
    return subject


def _described(noun: Token) -> Token:
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


def _kill_pairs(killers: list[Token], victims: list[Token], entities: _Entities, trigger: list[Token], *,
                negated: bool = False, passive: bool = False) -> Iterator[Frame]:
    for killer in _named(killers):
        if not entities.person(killer):
            continue
        for victim in _named(victims):
            if entities.person(victim) and victim.i != killer.i:
                yield _frame(killer, "kills", victim, trigger, negated=negated, passive=passive)


def _kill_noun_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "pleaded guilty to the assassination of X", "the killing of X by Y", "X acted alone in the
    Kennedy slaying" (the subject of a clause the killing noun is "in" or "during") → kills."""
    for noun in sentence:
        if not _is_kill_noun(noun):
            continue
        victims = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]
        victims += [c for c in noun.children if c.dep_ in {"poss", "compound"}]
        killers = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in _pobjs(c)]
        if not killers:
            killers = _culprits(noun)
        yield from _kill_pairs(killers, victims, entities, [noun])
        prep = noun.head
        if not killers and noun.dep_ == "pobj" and prep.lower_ in _INVOLVEMENT_PREPS and prep.head.pos_ == "VERB":
            verb = prep.head  # "Oswald acted alone in the Kennedy slaying"
            involved = [_antecedent(c, verb) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            yield from _kill_pairs(involved, victims, entities, [verb, prep, noun], negated=_is_negated(verb))


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


def _killer_noun_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "Kennedy 's assassin, Sirhan Sirhan" and "Booth, the assassin of Lincoln" → kills."""
    for noun in sentence:
        if noun.lemma_.lower() not in KILLER_NOUNS:
            continue
        victims = [c for c in noun.children if c.dep_ in {"poss", "compound"}]
        victims += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in _pobjs(c)]
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


# ------------------------------------------------------------------------------ world knowledge


def _dateline_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "WARSAW , Poland ( AP )", "Beijing , February 21 ( XINHUA )" → basedIn.

    A news agency credited in brackets after a dateline files from the place the dateline names:
    the dateline opens the sentence, and the agency's bracket follows its (last) place directly or
    after a short date.
    """
    doc = sentence.doc
    for org in entities.labelled(ORGANISATION):
        if org.start < 1 or doc[org.start - 1].text != "(" or org.end >= len(doc) or doc[org.end].text != ")":
            continue
        i = org.start - 2
        while i >= sentence.start and org.start - i <= 5 and entities.kind(doc[i], PLACE) is None:
            if doc[i].text not in {","} and not doc[i].like_num and doc[i].ent_type_ != "DATE":
                break
            i -= 1
        place = entities.kind(doc[i], PLACE) if i >= sentence.start else None
        if place is not None and _opens_sentence(place, entities):
            yield _frame(org.root, "basedIn", place.root, [doc[org.start - 1]])


def _opens_sentence(place: Span, entities: _Entities) -> bool:
    """Whether a place (or the "CITY ," before it) is the first word of its sentence, bar a
    bracketed tag ("( Text ) Beijing"): only a dateline, not "the Agency of Japan ( NASDA )"."""
    doc, start = place.doc, place.start
    if start >= 2 and doc[start - 1].text == ",":
        before = entities.kind(doc[start - 2], PLACE | ORGANISATION)
        if before is not None:
            start = before.start
    words = [t for t in doc[place.sent.start : start] if not t.is_punct and t.text not in {"Text"}]
    return not words


#: Last words of a name that make it a body of the country its nationality word names.
_STATE_BODY_NOUNS = _ORGANISATION_NOUNS | frozenset(
    """government embassy consulate parliament assembly legislature front police military
    administration cabinet senate congress""".split()
)


def _demonym_org_frames(sentence: Span, entities: _Entities) -> Iterator[Frame]:
    """ "the Chinese Government ... in China", "the Russian Statistics Committee ... Russia" → basedIn.

    An organisation whose name is a nationality and an organisation noun ("Angolan Government",
    "Brazilian Embassy") is based in that country when the sentence names the country too.
    """
    from ..lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    countries = []
    for span in entities.labelled(PLACE):
        entry = gazetteer.lookup(span.text)
        if entry is not None and entry.kind == "Country":
            countries.append((span, entry.key))
    if not countries:
        return
    for org in entities.labelled(ORGANISATION):
        if len(org) < 2 or org[-1].lower_ not in _STATE_BODY_NOUNS:
            continue  # "American AI" is no body of the United States
        nation = gazetteer.demonym(org[0].text)
        if nation is None:
            continue
        for place, key in countries:
            if key == nation.key:
                yield _frame(org.root, "basedIn", place.root, [org[0]])


_PATTERNS: tuple[Pattern, ...] = (
    _apposition_frames,
    _preposition_frames,
    _premodifier_frames,
    _origin_frames,
    _home_frames,
    _seat_frames,
    _based_frames,
    _name_modifier_frames,
    _member_frames,
    _place_pair_frames,
    _event_frames,
    _kill_verb_frames,
    _kill_noun_frames,
    _killer_noun_frames,
    _dateline_frames,
    _demonym_org_frames,
)
