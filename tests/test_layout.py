"""Names whose kind the layout of wire copy decides: datelines, credit lines, addresses.

Sentences written for these tests in the layout of wire stories, not taken from any corpus.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("MEMPHIS , Tenn . ( AP ) _ A fire destroyed a warehouse.", {"MEMPHIS", "Tenn"}),
        ("ROYAL OAK, Mich. (AP) - Two schools closed on Monday.", {"ROYAL OAK", "Mich."}),
        ("NEW ORLEANS ( AP ) _ The levee held overnight.", {"NEW ORLEANS"}),
        ("LITTLE-ON-SEA , England ( AP ) _ A storm hit the coast.", {"LITTLE-ON-SEA", "England"}),
        ("SHANGHAI, July 26 - The conference opened on Saturday.", {"SHANGHAI"}),
    ],
)
def test_a_dateline_names_its_places(nlp, text: str, places: set[str]) -> None:
    assert places <= {ent.text for ent in nlp(text).ents if ent.label_ == "GPE"}


@pytest.mark.parametrize(
    "text",
    [
        "IBM , Microsoft and Apple agreed to the standard.",  # capitals, but no dateline
        "NASA said the launch was delayed.",
        "The NATO summit in Brussels ended.",
    ],
)
def test_capitals_outside_a_dateline_keep_their_label(nlp, text: str) -> None:
    labels = {ent.text: ent.label_ for ent in nlp(text).ents}
    assert all(label != "GPE" for name, label in labels.items() if name.isupper())


@pytest.mark.parametrize(
    ("text", "place", "source"),
    [
        ("Oslo NRK", "Oslo", "NRK"),
        ("KX2201143095 Lisbon DIARIO DE NOTICIAS in Portuguese 20 Jan 95 p 4", "Lisbon", "DIARIO DE NOTICIAS"),
        ("Vienna Radio Austria International", "Vienna", "Radio Austria International"),
        # a city the gazetteer lacks, found by the NER; a source opening with a capitalised article
        ("BR1204232594 Barcelona LA VANGUARDIA in Spanish 10 Apr 94", "Barcelona", "LA VANGUARDIA"),
    ],
)
def test_a_credit_line_splits_city_and_source(nlp, text: str, place: str, source: str) -> None:
    ents = {(ent.text, ent.label_) for ent in nlp(text).ents}
    assert {(place, "GPE"), (source, "ORG")} <= ents


@pytest.mark.parametrize("text", ["Vienna is cold in January.", "Oslo said on Monday that talks failed."])
def test_a_sentence_opening_with_a_city_is_no_credit_line(nlp, text: str) -> None:
    from graph.nlp.layout import credit_line

    assert all(credit_line(s) is None for s in nlp(text).sents)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The sites include Camp Butler , N.C. ; and Glen Parker , Ohio .", "Camp Butler"),
        ("Buildings were found at Lake Morton , Fla. , and Glen Parker , Ohio .", "Glen Parker"),
        ("Other sites : Dean Harris , Texas ;", "Dean Harris"),
    ],
)
def test_a_name_written_as_an_address_is_a_place(nlp, text: str, place: str) -> None:
    assert (place, "GPE") in {(ent.text, ent.label_) for ent in nlp(text).ents}


@pytest.mark.parametrize("text", ["Sen. Tom Harkin , D-Iowa , said the bill failed.", "John Smith of Texas won."])
def test_a_person_named_with_a_state_stays_a_person(nlp, text: str) -> None:
    from graph.nlp.layout import placed_names

    assert all(not placed_names(s) for s in nlp(text).sents)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("The singer was born in Tupelo , Miss .", "Miss"),
        ("Ann Cole , who grew up in Kearney , Neb , sang.", "Neb"),
        ("The band leader was born in Shenandoah , Penn .", "Penn"),
    ],
)
def test_a_state_abbreviation_in_an_address_is_a_place(nlp, text: str, state: str) -> None:
    assert (state, "GPE") in {(ent.text, ent.label_) for ent in nlp(text).ents}


def test_a_title_after_a_comma_is_no_state(nlp) -> None:
    labels = {ent.text: ent.label_ for ent in nlp("He met Jane Doe , Miss America , in Boston.").ents}
    assert labels.get("Miss") != "GPE"
