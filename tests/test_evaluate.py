"""The scorers on hand-made records, and one CoNLL04 run with the real model.

The arithmetic of each benchmark is tested without spaCy: if a scorer is wrong, every figure in
``benchmarks/RESULTS.md`` is wrong, and no model run would show it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.evaluate.carb import (
    Extraction,
    binary_lenient_match,
    carb_score,
    sentence_key,
    tuple_match,
)
from graph.evaluate.conll04 import (
    Conll04Sentence,
    conll_relation,
    entity_type,
    predictions,
    residences_as_one_place,
    score_sentences,
    token_span,
    with_title,
)
from graph.evaluate.gold import (
    GoldTriple,
    PredictedTriple,
    SoftMatcher,
    head_lemma,
    match_triples,
    read_aliases,
    read_gold_file,
)
from graph.evaluate.report import Score, micro, table
from graph.lexicon import load_gazetteer, load_lexicon
from graph.records import Analysis, Document, Mention, Relation

CONLL_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "conll04" / "conll04_dev.json"


# ------------------------------------------------------------------------------------ report


def test_score_counts_and_micro_average():
    total = micro([Score(tp=2, fp=1, fn=0), Score(tp=1, fp=0, fn=2)])
    assert (total.tp, total.fp, total.fn) == (3, 1, 2)
    assert total.precision == pytest.approx(0.75)
    assert total.recall == pytest.approx(0.6)
    assert Score().precision == 0.0 and Score().f1 == 0.0


def test_table_is_plain_text():
    text = table(["a", "bb"], [["1", "2"], ["333", "4"]])
    assert text.splitlines()[1] == "---  --"
    assert "\x1b" not in text


# ------------------------------------------------------------------------------------ CoNLL04

SENTENCE = Conll04Sentence(
    tokens=("GE", "spokesman", "Richard", "Kennedy", "said", "."),
    entities=frozenset({(0, 1, "Org"), (2, 4, "Peop")}),
    relations=frozenset({("Work_For", (2, 4, "Peop"), (0, 1, "Org"))}),
)


def test_conll04_perfect_prediction_scores_one():
    report = score_sentences([(SENTENCE, (SENTENCE.entities, SENTENCE.relations))])
    assert report.entity_micro.precision == report.entity_micro.recall == 1.0
    assert report.relation_micro.f1 == 1.0


def test_conll04_wrong_type_is_a_strict_miss():
    wrong_entities = frozenset({(0, 1, "Loc"), (2, 4, "Peop")})
    wrong_relations = frozenset({("Work_For", (2, 4, "Peop"), (0, 1, "Loc"))})
    report = score_sentences([(SENTENCE, (wrong_entities, wrong_relations))])
    assert report.entities["Org"].fn == 1 and report.entities["Loc"].fp == 1
    assert report.relation_micro.tp == 0
    assert report.relations["Work_For"].fn == 1 and report.relations["Work_For"].fp == 1


@pytest.mark.parametrize(
    "start, end, expected",
    [(0, 2, (0, 1)), (3, 17, (1, 3)), (29, 33, (4, 5)), (2, 3, None)],
)
def test_token_span_maps_characters_to_tokens(start, end, expected):
    # "GE spokesman Richard Kennedy said ."
    assert token_span(SENTENCE.tokens, start, end) == expected


@pytest.mark.parametrize(
    "predicate, head, tail, expected",
    [
        ("worksFor", "Peop", "Org", "Work_For"),
        ("leads", "Peop", "Loc", "Live_In"),
        ("basedIn", "Org", "Loc", "OrgBased_In"),
        ("locatedIn", "Loc", "Loc", "Located_In"),
        ("kills", "Peop", "Peop", "Kill"),
        ("worksFor", "Peop", "Peop", "Work_For"),  # wrong types stay a (wrong) Work_For
        ("announces", "Peop", "Org", None),
        ("heldIn", "Other", "Loc", None),
    ],
)
def test_conll_relation_mapping(predicate, head, tail, expected):
    assert conll_relation(predicate, head, tail) == expected


def test_predictions_reads_records_and_scores_pronouns_at_their_name():
    text = "Lee Harvey Oswald said he killed Kennedy ."
    tokens = tuple(text.split())
    oswald = Mention("Lee Harvey Oswald", 0, 17, "PERSON", "Lee Harvey Oswald", 0)
    he = Mention("he", 23, 25, "PERSON", "Lee Harvey Oswald", 0)
    kennedy = Mention("Kennedy", 33, 40, "PERSON", "Kennedy", 1)
    relation = Relation(he, "kills", kennedy, text, 0, len(text), "killed", 0.9)
    analysis = Analysis(Document("x", text), (oswald, he, kennedy), (relation,))
    sentence = Conll04Sentence(tokens, frozenset(), frozenset())
    entities, relations = predictions(sentence, analysis)
    assert entities == {(0, 3, "Peop"), (6, 7, "Peop")}
    assert relations == {("Kill", (0, 3, "Peop"), (6, 7, "Peop"))}


@pytest.mark.parametrize(
    "mention, expected",
    [
        (Mention("Beijing", 0, 7, "ORG", "Beijing", 0), "Loc"),  # the gazetteer's Place wins over the NER
        (Mention("U.S.", 0, 4, "PERSON", "United States", 0), "Loc"),
        (Mention("Reuters", 0, 7, "GPE", "Reuters", 0), "Org"),
        (Mention("Halvorsen Pharma", 0, 16, "ORG", "Halvorsen Pharma", 0), "Org"),  # unknown: its label
        (Mention("R1", 0, 2, "PRODUCT", "R1", 0), "Other"),
        (Mention("chip exports", 0, 12, "CONCEPT", "chip export", -1), None),
    ],
)
def test_entity_type_prefers_the_gazetteer_class(mention, expected):
    assert entity_type(mention) == expected


@pytest.mark.parametrize(
    "tokens, start, expected",
    [
        (("said", "Mrs.", "Parks"), 2, 1),
        (("Mr", "Kim", "left"), 1, 0),
        (("said", "President", "Kennedy"), 2, 1),  # an office opening the phrase is in the name
        (("shot", "Sen.", "Kennedy"), 2, 1),
        (("Ohio", "Gov.", "Celeste"), 2, 2),  # an office a name qualifies stays out
        (("GE", "spokesman", "Kennedy"), 2, 2),
        (("the", "spokesman", "Kennedy"), 2, 2),  # lowercase: no title
        (("Ralph", "Nader"), 1, 1),
        (("the", "miss", "Parks"), 2, 2),
        (("Parks", "said"), 0, 0),
    ],
)
def test_with_title_takes_back_a_courtesy_title_or_office(tokens, start, expected):
    assert with_title(tokens, start) == expected


_P, _CITY, _STATE = (0, 1, "Peop"), (4, 5, "Loc"), (6, 7, "Loc")
_BORN = "Smith was born in Akron , Ohio .".split()


@pytest.mark.parametrize(
    "relations, expected",
    [
        # the person's "City , State" becomes one place; the parts' own relations go
        ({("Live_In", _P, _CITY), ("Live_In", _P, _STATE), ("Located_In", _CITY, _STATE)},
         {("Live_In", _P, (4, 7, "Loc"))}),
        # no residence: the pair stays two places joined by Located_In
        ({("Located_In", _CITY, _STATE)}, {("Located_In", _CITY, _STATE)}),
        # a residence in the city with no pair stated: nothing to join
        ({("Live_In", _P, _CITY)}, {("Live_In", _P, _CITY)}),
    ],
)
def test_residences_as_one_place(relations, expected):
    entities, out = residences_as_one_place(_BORN, frozenset({_P, _CITY, _STATE}), frozenset(relations))
    assert out == expected
    assert ((4, 7, "Loc") in entities) == any(r[2] == (4, 7, "Loc") for r in expected)


def test_predictions_score_a_person_with_their_courtesy_title():
    text = "Mrs. Parks lives in Montgomery ."
    tokens = tuple(text.split())
    parks = Mention("Parks", 5, 10, "PERSON", "Parks", 0)
    montgomery = Mention("Montgomery", 20, 30, "GPE", "Montgomery", 1)
    relation = Relation(parks, "livesIn", montgomery, text, 0, len(text), "lives in", 0.9)
    analysis = Analysis(Document("x", text), (parks, montgomery), (relation,))
    entities, relations = predictions(Conll04Sentence(tokens, frozenset(), frozenset()), analysis)
    assert entities == {(0, 2, "Peop"), (4, 5, "Loc")}
    assert relations == {("Live_In", (0, 2, "Peop"), (4, 5, "Loc"))}


# ------------------------------------------------------------------------------------ gold


@pytest.fixture(scope="module")
def matcher() -> SoftMatcher:
    aliases = {"donald trump": frozenset({"trump"}), "trump": frozenset({"donald trump"})}
    return SoftMatcher(aliases, load_lexicon(), load_gazetteer())


def _predicted(subject: str, predicate: str, obj: str, *, negated: bool = False, kind: str = "Concept") -> PredictedTriple:
    return PredictedTriple(subject, frozenset({subject}), predicate, obj, frozenset({obj}), kind, negated)


def test_soft_match_accepts_an_alias_and_a_synonym_predicate(matcher):
    gold = GoldTriple("Donald Trump", "announces", "AI action plan", False)
    predicted = _predicted("Trump", "unveil", "action plan")
    assert matcher.soft(gold, predicted)
    assert not matcher.strict(gold, predicted)


def test_soft_match_folds_gazetteer_aliases_and_spelling(matcher):
    gold = GoldTriple("United States", "restricts", "global AI cooperation organisation", False)
    assert matcher.soft(gold, _predicted("U.S.", "restricts", "new organization"))


def test_soft_match_needs_equal_negation_and_head_noun(matcher):
    gold = GoldTriple("Donald Trump", "signs", "executive orders", True)
    assert not matcher.soft(gold, _predicted("Donald Trump", "signs", "executive order"))
    assert matcher.soft(gold, _predicted("Donald Trump", "signs", "executive order", negated=True))
    assert not matcher.soft(gold, _predicted("Donald Trump", "signs", "executive decree", negated=True))


def test_based_in_counts_as_located_in(matcher):
    gold = GoldTriple("Unitree Robotics", "locatedIn", "Hangzhou", False)
    assert matcher.soft(gold, _predicted("Unitree Robotics", "basedIn", "Hangzhou", kind="Place"))


def test_matching_is_one_to_one(matcher):
    gold = [GoldTriple("Tesla", "showcases", "products", False)]
    predicted = [_predicted("Tesla", "showcases", "product"), _predicted("Tesla", "display", "products")]
    result = match_triples(gold, predicted, matcher)
    assert (result.score.tp, result.score.fp, result.score.fn) == (1, 1, 0)


@pytest.mark.parametrize(
    "phrase, head",
    [
        ("stricter enforcement of export controls", "enforcement"),
        ("global AI cooperation organisation", "organization"),
        ("restrictions on chip supplies", "restriction"),
        ("the Nobel Prize in Physics", "prize"),
    ],
)
def test_head_lemma(phrase, head):
    assert head_lemma(phrase) == head


def test_gold_files_parse(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("subject\tpredicate\tobject\tnegated\tsentence_hint\nLi Qiang\tleads\tChina\tfalse\tChinese Premier\n")
    assert read_gold_file(path) == [GoldTriple("Li Qiang", "leads", "China", False, "Chinese Premier", "x.tsv:2")]
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("canonical\talias\nUnited States\tU.S.\n")
    assert read_aliases(aliases)["us"] == {"united states"}


# ------------------------------------------------------------------------------------ CaRB


def test_carb_tuple_match_counts_words():
    gold = Extraction("plays", ["Billy Celeski", "for the Newcastle Jets"])
    predicted = Extraction("plays", ["Celeski", "for the Newcastle Jets as a midfielder"])
    precision, recall = tuple_match(gold, predicted)
    assert precision == pytest.approx((1 + 1 + 4) / (1 + 1 + 7))
    assert recall == pytest.approx((1 + 1 + 4) / (1 + 2 + 4))
    assert tuple_match(gold, Extraction("runs", ["Celeski", "for the Newcastle Jets"])) == (0.0, 0.0)


def test_carb_binary_match_joins_later_arguments():
    gold = Extraction("made offer on", ["Bush", "the minimum wage", "earlier this year"])
    predicted = Extraction("made offer on", ["Bush", "the minimum wage earlier this year"])
    assert binary_lenient_match(gold, predicted) == (1.0, 1.0)


def test_carb_score_on_a_tiny_example():
    key = sentence_key("Tesla and Amazon showcased products .")
    gold = {key: [Extraction("showcased", ["Tesla", "products"]), Extraction("showcased", ["Amazon", "products"])]}
    predicted = {
        key: [
            Extraction("showcased", ["Tesla", "products"], 0.9),
            Extraction("showcased", ["Tesla and Amazon", "products"], 0.5),
        ]
    }
    report = carb_score(gold, predicted)
    # Threshold 0.9: only the Tesla tuple; it is perfect for Tesla's gold and gives Amazon's gold
    # recall 2/3 (relation and object words): P = 1, R = (1 + 2/3) / 2, F1 = 0.909.
    # Threshold 0.5: both tuples; recall 1, but "Tesla and Amazon" has precision 3/5 against
    # Amazon's gold: P = (1 + 0.6) / 2 = 0.8, F1 = 0.889. CaRB reports the best F1.
    assert report.threshold == 0.9
    assert report.precision == pytest.approx(1.0)
    assert report.recall == pytest.approx(5 / 6)


# ------------------------------------------------------------------------------ with the model


@pytest.mark.model
def test_evaluate_conll04_runs_on_dev_sentences():
    if not CONLL_DEV.is_file():
        pytest.skip(f"CoNLL04 dev file not found at {CONLL_DEV}")
    from graph.evaluate.conll04 import evaluate_conll04

    report = evaluate_conll04(CONLL_DEV, limit=30)
    assert report.sentences == 30
    for score in (report.entity_micro, report.relation_micro):
        assert 0.0 <= score.f1 <= 1.0
    assert "Relations" in report.describe()
