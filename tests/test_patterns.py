"""Entity-pair relation patterns, sentence by sentence, with the real parser and NER.

Each row is one construction news uses for a relation it never states with a verb. The sentences
are written for these tests (in the style of CoNLL04's news), not taken from any corpus.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _name(token) -> str:
    """The entity text a frame argument stands for (the token itself when it is no entity)."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            words = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
            return words.text
    return token.text


def _triples(nlp, text: str) -> set[tuple[str, str, str]]:
    from graph.nlp.patterns import pattern_frames

    doc = nlp(text)
    return {(_name(f.subject), f.predicate, _name(f.object)) for s in doc.sents for f in pattern_frames(s)}


@pytest.mark.parametrize(
    "text, expected",
    [
        # PERSON, (the) ROLE of ORG
        ("Andy Lipkis, executive director of TreePeople, said the campaign works.",
         ("Andy Lipkis", "leads", "TreePeople")),
        ("Jim Bowell, a member of the Ohio Democratic Party, spoke.",
         ("Jim Bowell", "memberOf", "Ohio Democratic Party")),
        ("Larry Jinks has been named publisher of the San Jose Mercury News.",
         ("Larry Jinks", "leads", "San Jose Mercury News")),
        # ORG ROLE PERSON, ORG's ROLE PERSON
        ("GE spokesman Richard Kennedy said Wednesday that the valve was safe.",
         ("Richard Kennedy", "represents", "GE")),
        ("Joe Weitz, another Emery employee, said the plane burst into flames.",
         ("Joe Weitz", "worksFor", "Emery")),
        ("The pipe burst, said Ray Olson, a Pemex operations supervisor.", ("Ray Olson", "worksFor", "Pemex")),
        ("The line held, said Tom Reilly, a Boeing operations manager.", ("Tom Reilly", "leads", "Boeing")),
        ("Ohio Gov. Richard Celeste said the remarks were too little.",
         ("Richard Celeste", "leads", "Ohio")),
        # PERSON of ORG / of GPE
        ("Todd Kimberlain of the National Hurricane Center said the storm weakened.",
         ("Todd Kimberlain", "worksFor", "National Hurricane Center")),
        ("Spokesman Dietmar Kanzer of the smaller Rollei company told reporters.",
         ("Dietmar Kanzer", "worksFor", "Rollei")),
        ("Debra Monk of Dallas, Texas, arrived on Monday.",
         ("Debra Monk", "livesIn", "Texas")),
        # born in
        ("In 1895, Babe Ruth was born in Baltimore.", ("Babe Ruth", "livesIn", "Baltimore")),
        # ORG of/in GPE, GPE-based ORG, dateline
        ("The Becton Dickinson Co. of Franklin Lakes, N.J., donates the containers.",
         ("Becton Dickinson Co.", "basedIn", "Franklin Lakes")),
        ("Marshall Space Flight Center in Huntsville, Alabama, trains astronauts.",
         ("Marshall Space Flight Center", "basedIn", "Alabama")),
        ("Hangzhou-based Unitree Robotics showcased humanoid robots.",
         ("Unitree Robotics", "basedIn", "Hangzhou")),
        ("WASHINGTON (AP) The bill passed.", ("AP", "basedIn", "WASHINGTON")),
        ("OSLO , Norway ( AP ) Fishermen protested against the new quotas on Monday.",
         ("AP", "basedIn", "Norway")),
        ("Taipei , May 2 ( CNA ) -- The premier left for a visit to Panama .", ("CNA", "basedIn", "Taipei")),
        # NATIONALITY + organisation noun, and the country named in the sentence
        ("The Peruvian Government announced new elections in Peru on Tuesday.",
         ("Peruvian Government", "basedIn", "Peru")),
        # PERSON, ROLE from PLACE, STATE
        ("Dale Ross , an electrician from Akron , Ohio , was hurt in the blast.", ("Dale Ross", "livesIn", "Ohio")),
        # GPE, GPE
        ("Ten workers were missing off Morgan City, Louisiana, after the storm.",
         ("Morgan City", "locatedIn", "Louisiana")),
        # a state is no item of a list; chained "in"; a possessive place; "one of the cities in"
        ("He lives in Ocala , Fla. , and works in Tampa.", ("Ocala", "locatedIn", "Fla.")),
        ("Mrs. Sato is from Yatsushiro in Kumamoto Prefecture in southern Japan .", ("Yatsushiro", "locatedIn", "Japan")),
        ("Crocodiles in Zambia 's Kafue River have eaten five people.", ("Kafue River", "locatedIn", "Zambia")),
        ("Flooding hit Mombasa , one of the largest cities in Kenya .", ("Mombasa", "locatedIn", "Kenya")),
        # killing: verbs (conjoined, passive), killer nouns, killing nouns
        ("Lee Harvey Oswald shot and killed President John F. Kennedy.",
         ("Lee Harvey Oswald", "kills", "John F. Kennedy")),
        ("Lennon was murdered by Mark David Chapman.", ("Mark David Chapman", "kills", "Lennon")),
        ("Kennedy's assassin, Sirhan Sirhan, was arrested.", ("Sirhan Sirhan", "kills", "Kennedy")),
        ("In 1969, James Earl Ray pleaded guilty to the assassination of Martin Luther King.",
         ("James Earl Ray", "kills", "Martin Luther King")),
        ("Police believe Tom Ridley acted alone in the killing of Anna Marsh.", ("Tom Ridley", "kills", "Anna Marsh")),
        # the weapon's wielder, a shared object, a sentence served for the killing
        ("Investigators say Carl Brandt fired the shots that killed Mayor Ellen Voss.",
         ("Carl Brandt", "kills", "Ellen Voss")),
        ("Police said Frank Dolan shot and mortally wounded Peter Haines.", ("Frank Dolan", "kills", "Peter Haines")),
        ("Martin Kroll is serving a life sentence for the murder of Susan Hale.", ("Martin Kroll", "kills", "Susan Hale")),
        ("Martin Kroll, 52, is serving 40 years for killing Susan Hale.", ("Martin Kroll", "kills", "Susan Hale")),
        # events
        ("The World Artificial Intelligence Conference opened in Shanghai on Saturday.",
         ("World Artificial Intelligence Conference", "heldIn", "Shanghai")),
        ("The Coastal Resilience Summit in Lisbon drew 42 mayors.",
         ("Coastal Resilience Summit", "heldIn", "Lisbon")),
    ],
)
def test_pattern_finds_relation(nlp, text, expected):
    assert expected in _triples(nlp, text)


@pytest.mark.parametrize(
    "text, unexpected",
    [
        # a patient is no employee
        ("David Peterson, 37, a mental patient at Connecticut Valley Hospital, was charged.",
         ("David Peterson", "worksFor", "Connecticut Valley Hospital")),
        # an enumeration of countries is no containment
        ("Russia, Japan, Poland and South Korea signed the agreement.", ("Russia", "locatedIn", "Japan")),
        # an embassy is its own country's, not the host's
        ("The Cuban Embassy in Madrid said the talks with Spain would go on.", ("Cuban Embassy", "basedIn", "Spain")),
    ],
)
def test_pattern_does_not_overreach(nlp, text, unexpected):
    assert unexpected not in _triples(nlp, text)


def test_frames_are_marked_as_lexicon_relations(nlp):
    from graph.nlp.patterns import pattern_frames

    doc = nlp("GE spokesman Richard Kennedy said the valve was safe.")
    frames = [f for s in doc.sents for f in pattern_frames(s)]
    assert frames and all(f.in_lexicon and not f.negated and f.trigger for f in frames)
    assert [t.text for t in frames[0].trigger] == ["spokesman"]


def test_killing_noun_keeps_the_clause_negation(nlp):
    from graph.nlp.patterns import pattern_frames

    doc = nlp("Police believe Tom Ridley did not act alone in the killing of Anna Marsh.")
    kills = [f for s in doc.sents for f in pattern_frames(s) if f.predicate == "kills"]
    assert kills and all(f.negated for f in kills)
