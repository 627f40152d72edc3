"""The place of a wire dateline is a place, whatever the NER made of the capitals.

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
    ],
)
def test_a_credit_line_splits_city_and_source(nlp, text: str, place: str, source: str) -> None:
    ents = {(ent.text, ent.label_) for ent in nlp(text).ents}
    assert {(place, "GPE"), (source, "ORG")} <= ents


@pytest.mark.parametrize("text", ["Vienna is cold in January.", "Oslo said on Monday that talks failed."])
def test_a_sentence_opening_with_a_city_is_no_credit_line(nlp, text: str) -> None:
    from graph.nlp.datelines import credit_line

    assert all(credit_line(s) is None for s in nlp(text).sents)
