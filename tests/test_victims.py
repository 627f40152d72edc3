"""The parties of a killing are persons, whatever the NER made of a lone surname.

Sentences written for these tests, not taken from any corpus.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ruby fatally shot Oswald two days later.", "Oswald"),
        ("Historians still debate the assassination of Lincoln.", "Lincoln"),
        ("Chapman shot John Lennon outside the building.", "Chapman"),
    ],
)
def test_a_party_of_a_killing_is_a_person(nlp, text: str, person: str) -> None:
    assert (person, "PERSON") in {(ent.text, ent.label_) for ent in nlp(text).ents}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Google killed the project last year.", "Google"),  # no person on the other side
        ("Microsoft was killed by Apple in the market.", "Microsoft"),  # names the gazetteer knows
    ],
)
def test_a_figurative_killing_makes_no_person(nlp, text: str, name: str) -> None:
    assert (name, "PERSON") not in {(ent.text, ent.label_) for ent in nlp(text).ents}
