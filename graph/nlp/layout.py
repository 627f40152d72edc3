"""Names whose kind the layout of wire copy decides: datelines, credit lines, addresses.

The statistical NER reads words; news wires also say what a name is by where they put it.

A wire story opens with the place it was filed from, in capitals, then its state or country or
the agency in brackets: "ROYAL OAK, Mich.", "BELGRADE, Yugoslavia (AP)", "NEW ORLEANS (AP)". The
NER has seen few names in capitals and tags them as organisations or not at all
(:func:`dateline_places`). The place then takes part in the dateline relations
(:mod:`graph.nlp.patterns`: the agency is based there, the city lies in the state).

Monitoring services credit a translated item on a line of its own: an optional item number, the
city, the source, and its language ("OW1102132994 Beijing XINHUA in English 1313 GMT",
"Moscow ITAR-TASS"). The NER runs city and source together ("Moscow ITAR-TASS" as one GPE,
"Havana Radio Reloj Network" as one ORG); :func:`credit_line` splits them, so the source is an
organisation based in the city (its name follows the city's, as in "Berlin N-TV").

Lists of sites are written as addresses, "Camp Hale , Colo. ;", and a name so written is a place
even when the NER took it for a person (:func:`placed_names`).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = [
    "dateline_place",
    "dateline_places",
    "credit_line",
    "US_STATE_ABBREVIATIONS",
    "address_states",
    "placed_names",
    "label_layout_names",
]

#: Hyphen tokens allowed inside a capitalised place name ("STOCKTON-ON-TEES").
_JOINERS = frozenset({"-"})
#: What ends a dateline's "state or date" part: the agency's bracket or the dash before the story.
_DATELINE_ENDS = frozenset({"(", "-", "--", "—", "–", "_"})
#: Longest "state or date" part after the comma, in tokens ("South Korea", "July 26", "N.Y .").
_QUALIFIER_TOKENS = 4


def dateline_place(sentence: Span) -> Span | None:
    """The capitalised place that opens a dateline sentence, or ``None`` when it opens none.

    The place is a run of words in capitals (two letters or more, or hyphens between them) at the
    start of the sentence, followed by an agency in brackets ("NEW ORLEANS ( AP )"), or by a comma
    and a short capitalised qualifier that ends the sentence or meets a bracket or a dash
    ("MEMPHIS , Tenn .", "SHANGHAI , July 26 -"): not "IBM , Microsoft and Apple ...". A run the
    gazetteer knows as anything but a place is left alone.
    """
    from ..lexicon import load_gazetteer

    doc = sentence.doc
    i = sentence.start
    while i < sentence.end and (_is_capitals(doc[i]) or (doc[i].text in _JOINERS and i > sentence.start)):
        i += 1
    while i > sentence.start and doc[i - 1].text in _JOINERS:
        i -= 1
    if i == sentence.start or i + 1 >= len(doc):
        return None
    after, then = doc[i], doc[i + 1]
    credited = after.text == "(" and then.is_upper and i + 2 < len(doc) and doc[i + 2].text == ")"
    located = after.text == "," and then.text[:1].isupper() and _ends_soon(i + 2, sentence)
    if not (credited or located):
        return None
    place = Span(doc, sentence.start, i, label="GPE")
    known = load_gazetteer().lookup(place.text)
    return place if known is None or known.kind in {"Country", "Place"} else None


def _qualifier_end(i: int, sentence: Span) -> int | None:
    """Where a dateline's qualifier starting at ``i`` ends: the sentence's end, a bracket or a
    dash within a few tokens; ``None`` when none comes."""
    doc = sentence.doc
    for j in range(i, min(i + _QUALIFIER_TOKENS, sentence.end) + 1):
        if j >= sentence.end or doc[j].text in _DATELINE_ENDS:
            return j
    return None


def _ends_soon(i: int, sentence: Span) -> bool:
    return _qualifier_end(i, sentence) is not None


def dateline_places(sentence: Span) -> list[Span]:
    """The dateline's place and, when it is a name rather than a date, its state or country
    ("MEMPHIS , Tenn .": both; "SHANGHAI , July 26 -": the city only)."""
    place = dateline_place(sentence)
    if place is None:
        return []
    doc = sentence.doc
    if place.end >= len(doc) or doc[place.end].text != ",":
        return [place]
    end = _qualifier_end(place.end + 1, sentence)
    while end is not None and end > place.end + 1 and doc[end - 1].text == ".":
        end -= 1  # "Tenn ." written with its stop apart
    words = doc[place.end + 1 : end] if end is not None else doc[0:0]
    if not len(words) or any(t.ent_type_ in {"DATE", "TIME", "CARDINAL"} or not t.text[:1].isupper() for t in words):
        return [place]
    return [place, Span(doc, words.start, words.end, label="GPE")]


def _is_capitals(token) -> bool:
    return token.is_alpha and token.is_upper and len(token) > 1


#: An item number of a monitoring service: capitals and digits, digits among them ("OW1102132994").
_ITEM_NUMBER = re.compile(r"(?=.*\d)(?=.*[A-Z])[A-Z0-9]{8,}")
#: Longest place name and source name of a credit line, in tokens.
_PLACE_TOKENS, _SOURCE_TOKENS = 3, 6
#: Lowercase words allowed inside a source's name ("Voice of America", "O ESTADO DE SAO PAULO").
_NAME_CONNECTORS = frozenset({"of", "de", "del", "da", "do", "la", "el", "i", "and", "for"})


def credit_line(sentence: Span) -> tuple[Span, Span] | None:
    """The (city, source) of a credit line, or ``None`` when the sentence is none.

    A credit line is an item number, a city (the gazetteer's, or a GPE the NER found on its own),
    and a capitalised source name followed by "in LANGUAGE" ("PM2303111794 Moscow IZVESTIYA in
    Russian 23 Mar 94"), or a
    sentence made only of the city and a source in capitals or that the NER ran into the city
    ("Madrid EFE", "Havana Radio Reloj Network"); in that second form, a name the NER reads as
    one person ("London Marathon" for the small model) is no credit line.
    """
    from ..lexicon import load_gazetteer

    doc, start, end = sentence.doc, sentence.start, sentence.end
    numbered = _ITEM_NUMBER.fullmatch(doc[start].text) is not None
    i = start + 1 if numbered else start
    if not numbered and start > 0 and _ITEM_NUMBER.fullmatch(doc[start - 1].text):
        numbered = True  # the parser often ends a sentence after the item number
    gazetteer = load_gazetteer()
    place_end = next(
        (j for j in range(min(i + _PLACE_TOKENS, end - 1), i, -1)
         if (entry := gazetteer.lookup(doc[i:j].text)) is not None and entry.kind in {"Country", "Place"}),
        None,
    )
    if place_end is None:  # a city the gazetteer lacks, when the NER read it as one on its own
        place_end = next((e.end for e in doc.ents if e.start == i and e.label_ == "GPE" and e.end < end), None)
    if place_end is None:
        return None
    k = place_end
    while k < end and k - place_end < _SOURCE_TOKENS and _in_source_name(doc[k]):
        k += 1
    languages = k + 1 < end and doc[k].lower_ == "in" and doc[k + 1].text[:1].isupper()
    whole = (k == end or (k == end - 1 and doc[k].is_punct)) and (
        all(t.is_upper for t in doc[place_end:k] if t.is_alpha)
        or any(e.start <= i and e.end >= k for e in doc.ents)
    )
    if k == place_end or doc[place_end].text in _NAME_CONNECTORS:
        return None
    person = any(e.label_ == "PERSON" and e.start <= i and e.end >= k for e in doc.ents)
    if not (languages and numbered) and (not whole or person):
        return None
    return Span(doc, i, place_end, label="GPE"), Span(doc, place_end, k, label="ORG")


def _in_source_name(token) -> bool:
    return token.text[:1].isupper() or token.lower_ in _NAME_CONNECTORS or token.text == "-"


#: What may follow "Name , Place" when the pair is an address: the end of the clause or list.
_ADDRESS_ENDS = frozenset({",", ";", ".", ")", "_", "-", "--"})


def placed_names(sentence: Span) -> list[Span]:
    """Names read as persons that an address shows to be places: "Mineral Wells , Texas ;",
    "Camp Hale , Colo.", "Fort Hamilton , Brooklyn , N.Y.".

    A name followed by a comma, a place and the end of the clause or list is written as a place
    is written; a person named with their state is written "Smith , D-Texas" or "Smith of Texas".
    """
    doc = sentence.doc
    ents = [e for e in doc.ents if sentence.start <= e.start and e.end <= sentence.end]
    out = []
    for e, place in zip(ents, ents[1:]):
        if e.label_ != "PERSON" or place.label_ not in {"GPE", "LOC"} or place.start != e.end + 1:
            continue
        after = place.end
        if doc[e.end].text == "," and _ends_address(after, sentence):
            out.append(Span(doc, e.start, e.end, label="GPE"))
    return out


#: The abbreviations of US states in news style (AP), without their full stop: "Tupelo, Miss.".
#: Alone, several are words ("Miss", "Mass", "Wash"); after "Place ," they are states.
US_STATE_ABBREVIATIONS = frozenset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev N.H N.J N.M N.Y N.C N.D Okla Ore Pa Penn R.I S.C S.D Tenn Tex Vt Va Wash W.Va
    Wis Wyo D.C""".split()
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def address_states(sentence: Span) -> list[Span]:
    """US states written in abbreviation after a name and a comma, ending the clause or list:
    "Tupelo , *Miss* .", "Kulm , *N.D.* ,".

    The small NER knows "Calif." but not "Miss", "Neb" or "Penn" written with their stop apart,
    and reads them as titles or names; between "Name ," and the end of a clause they can only be
    the state ("Jane Doe , Miss America" is no address).
    """
    doc = sentence.doc
    out = []
    for e in doc.ents:
        i = e.end + 1
        if not (sentence.start <= e.start and i < sentence.end) or doc[e.end].text != ",":
            continue
        if doc[i].text.rstrip(".") not in US_STATE_ABBREVIATIONS or not _ends_address(i + 1, sentence):
            continue
        if not any(x.start == i and x.label_ in _PLACE_LABELS for x in doc.ents):
            out.append(Span(doc, i, i + 1, label="GPE"))
    return out


def _ends_address(i: int, sentence: Span) -> bool:
    """Whether the clause or list ends at token ``i``."""
    return i >= sentence.end or sentence.doc[i].text in _ADDRESS_ENDS


@Language.component("newsgraph_layout", requires=["doc.ents", "doc.sents"], assigns=["doc.ents"])
def label_layout_names(doc: Doc) -> Doc:
    """Make the places of datelines, credit lines and addresses GPE entities and a credit line's
    source an ORG, replacing the entities that overlap them. States come first, so that "Kulm ,
    N.D." is an address when the persons' names that are places are looked for."""
    _replace(doc, [p for s in doc.sents for p in dateline_places(s) or credit_line(s) or ()])
    _replace(doc, [p for s in doc.sents for p in address_states(s)])
    _replace(doc, [p for s in doc.sents for p in placed_names(s)])
    return doc


def _replace(doc: Doc, names: list[Span]) -> None:
    """Put ``names`` into ``doc.ents`` in place of the entities they overlap."""
    if not names:
        return
    taken = {t for p in names for t in range(p.start, p.end)}
    kept = [e for e in doc.ents if not any(t in taken for t in range(e.start, e.end))]
    doc.ents = sorted(kept + names, key=lambda e: e.start)
