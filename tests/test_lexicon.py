"""The lexicon and gazetteer read from ``ontology/``: words -> relations, names -> entries."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.errors import OntologyError
from graph.lexicon import (
    GazetteerEntry,
    describe_ontology,
    load_gazetteer,
    load_lexicon,
    normalise_name,
)
from graph.settings import ONTOLOGY_DIR
from graph.vocab import NG

NS = str(NG)

# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [
        (["propose"], "proposes"),
        (["curb"], "restricts"),
        (["restrict"], "restricts"),
        (["limit"], "restricts"),
        (["call", "for"], "proposes"),
        (["call", "on"], "urges"),
        (["urge"], "urges"),
        (["warn"], "warns"),
        (["say"], "says"),
        (["announce"], "announces"),
        (["make", "proposal"], "proposes"),  # a phrase
        (["make", "proposal", "for"], "proposes"),
        (["call", "for", "creation", "of"], "proposes"),
        (["impose", "restriction", "on"], "restricts"),
        (["ban", "export", "of"], "restricts"),
        (["express", "willingness", "to", "share"], "offers"),
        (["take", "part", "in"], "attends"),
        (["impose", "new", "curb", "on"], "restricts"),  # light verb + nominalisation
        (["issue", "warning"], "warns"),
        (["hold", "talk", "with"], "meets"),
        (["reach", "agreement", "with"], "agreesWith"),
        (["impose", "tariff", "on"], "imposes"),  # no nominalisation: the verb itself
        (["take", "over"], "acquires"),  # a particle is not a light verb's object
        (["put", "forward"], "proposes"),
        (["Put forward"], "proposes"),  # case and multi-word items are normalised
        (["make", "comment", "on", "proposal"], "says"),  # the object noun, not a later one
        (["quicken"], None),
        (["make"], None),
        ([], None),
    ],
)
def test_predicate_for(lemmas: list[str], expected: str | None) -> None:
    assert load_lexicon().predicate_for(lemmas) == expected


def _lexicon_claims() -> dict[str, set[tuple[str, str]]]:
    graph = Graph().parse(ONTOLOGY_DIR / "newsgraph.ttl", format="turtle")
    claims: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for annotation in (NG.verbLemma, NG.nominalization, NG.phrase):
        for prop, word in graph.subject_objects(annotation):
            claims[" ".join(str(word).casefold().split())].add((str(prop), str(annotation)))
    return claims


def test_no_lemma_is_claimed_by_two_properties() -> None:
    clashes = {
        word: sorted(props)
        for word, props in _lexicon_claims().items()
        if len({p for p, _ in props}) > 1
    }
    assert not clashes


def test_no_lemma_is_listed_twice() -> None:
    graph = Graph().parse(ONTOLOGY_DIR / "newsgraph.ttl", format="turtle")
    for annotation in (NG.verbLemma, NG.nominalization, NG.phrase):
        words = [str(w).casefold() for w in graph.objects(None, annotation)]
        assert len(words) == len(set(words)), annotation


def test_lexicon_entries_are_lowercase_lemmas() -> None:
    for word in _lexicon_claims():
        assert word == word.lower() and re.fullmatch(r"[a-z][a-z' -]*[a-z]", word), word


def test_every_relation_has_a_generous_lexicon() -> None:
    lexicon = load_lexicon()
    no_lexicon = {"relatedTo", "mentionedIn", "reportedBy", "nationality"}
    for prop in set(lexicon.labels) - no_lexicon:
        words = [w for table in (lexicon.verbs, lexicon.nouns, lexicon.phrases)
                 for w, p in table.items() if p == prop]
        assert len(words) >= 3, prop


def test_lexicon_tables_are_read_only_and_cached() -> None:
    lexicon = load_lexicon()
    assert load_lexicon() is lexicon
    with pytest.raises(TypeError):
        lexicon.verbs["quicken"] = "proposes"  # type: ignore[index]


def test_labels_cover_every_curated_relation() -> None:
    labels = load_lexicon().labels
    assert labels["proposes"] == "proposes"
    assert labels["agreesWith"] == "agrees with"
    assert "relatedTo" in labels and "nationality" in labels


def test_light_verbs() -> None:
    light = load_lexicon().light_verbs
    assert {"make", "take", "give", "issue", "impose", "hold"} <= light
    assert "put forward" not in light  # it means propose, whatever its object


# --------------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "key", "kind"),
    [
        ("U.S.", "united-states", "Country"),
        ("the United States", "united-states", "Country"),
        ("US", "united-states", "Country"),
        ("USA", "united-states", "Country"),
        ("United States of America", "united-states", "Country"),
        ("China", "china", "Country"),
        ("PRC", "china", "Country"),
        ("People's Republic of China", "china", "Country"),
        ("People’s Republic of China", "china", "Country"),  # typographic apostrophe
        ("UK", "united-kingdom", "Country"),
        ("Britain", "united-kingdom", "Country"),
        ("Cote d'Ivoire", "cote-divoire", "Country"),
        ("Côte d'Ivoire", "cote-divoire", "Country"),
        ("EU", "european-union", "Organization"),
        ("the European Union", "european-union", "Organization"),
        ("UN", "united-nations", "Organization"),
        ("NATO", "nato", "Organization"),
        ("WHO", "world-health-organization", "Organization"),
        ("OpenAI", "openai", "Organization"),
        ("DeepSeek", "deepseek", "Organization"),
        ("Nvidia", "nvidia", "Organization"),
        ("NVIDIA", "nvidia", "Organization"),
        ("WAIC", "world-artificial-intelligence-conference", "Event"),
        ("World Artificial Intelligence Conference", "world-artificial-intelligence-conference", "Event"),
        ("Beijing", "beijing", "Place"),
        ("Shanghai", "shanghai", "Place"),
        ("GDPR", "general-data-protection-regulation", "Law"),
        ("  United   States ", "united-states", "Country"),
    ],
)
def test_gazetteer_lookup(surface: str, key: str, kind: str) -> None:
    entry = load_gazetteer().lookup(surface)
    assert entry is not None, surface
    assert (entry.key, entry.kind) == (key, kind)


@pytest.mark.parametrize("surface", ["us", "who", "apple", "meta", "Chinese", "Atlantis", ""])
def test_gazetteer_lookup_misses(surface: str) -> None:
    assert load_gazetteer().lookup(surface) is None


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Chinese", "china"),
        ("American", "united-states"),
        ("Americans", "united-states"),  # plural nationality noun
        ("British", "united-kingdom"),
        ("Swiss", "switzerland"),
        ("South Korean", "south-korea"),
        ("Polish", "poland"),
    ],
)
def test_demonym(word: str, key: str) -> None:
    entry = load_gazetteer().demonym(word)
    assert entry is not None and entry.key == key


@pytest.mark.parametrize("word", ["polish", "Korean", "China"])
def test_demonym_misses(word: str) -> None:
    assert load_gazetteer().demonym(word) is None


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Washington", "united-states"),
        ("Beijing", "china"),
        ("Moscow", "russia"),
        ("Brussels", "european-union"),
        ("London", "united-kingdom"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
    ],
)
def test_capital(word: str, key: str) -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.capital(word).key == key  # type: ignore[union-attr]
    assert gazetteer.metonym(word).key == key  # type: ignore[union-attr]


def test_metonyms_other_than_capitals() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.capital("the Kremlin") is None
    assert gazetteer.metonym("the Kremlin").key == "russia"  # type: ignore[union-attr]
    assert gazetteer.metonym("White House").key == "united-states"  # type: ignore[union-attr]


def test_gazetteer_size_and_entries() -> None:
    gazetteer = load_gazetteer()
    entries = list(gazetteer.entries())
    countries = [e for e in entries if e.kind == "Country"]
    assert len(countries) >= 195
    assert [e.key for e in entries] == sorted(e.key for e in entries)
    us = gazetteer.get("united-states")
    assert isinstance(us, GazetteerEntry)
    assert us.label == "United States" and {"US", "U.S.", "America"} <= us.aliases


def test_gazetteer_keys_follow_the_iri_scheme() -> None:
    for entry in load_gazetteer().entries():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.key), entry.key


def test_every_gazetteer_alias_demonym_and_capital_has_one_owner() -> None:
    graph = Graph().parse(ONTOLOGY_DIR / "gazetteer.ttl", format="turtle")
    skos = "http://www.w3.org/2004/02/skos/core#"
    groups = {
        "names": [URIRef(skos + "prefLabel"), URIRef(skos + "altLabel")],
        "demonyms": [NG.demonym],
        "metonyms": [NG.capital, NG.metonym],
    }
    for group, predicates in groups.items():
        owners: dict[str, set[str]] = defaultdict(set)
        for predicate in predicates:
            for subject, text in graph.subject_objects(predicate):
                owners[normalise_name(str(text))].add(str(subject))
        assert not {k: v for k, v in owners.items() if len(v) > 1}, group


def test_role_nouns() -> None:
    roles = load_gazetteer().role_nouns
    assert {"president", "premier", "prime minister", "chancellor", "minister", "secretary-general",
            "ceo", "chairman", "founder", "governor", "mayor", "spokesperson"} <= roles
    assert all(r == r.lower() for r in roles)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S.", "us"),
        ("the United States", "united states"),
        ("The  U.S.A. ", "usa"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Theodore", "theodore"),  # only a whole leading "the " is dropped
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


# --------------------------------------------------------------------------------------------
# Errors and the term catalogue
# --------------------------------------------------------------------------------------------


def _copy_ontology(tmp_path: Path) -> Path:
    for name in ("newsgraph.ttl", "gazetteer.ttl", "shapes.ttl"):
        shutil.copy(ONTOLOGY_DIR / name, tmp_path / name)
    return tmp_path


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match=re.escape(str(tmp_path.resolve() / "newsgraph.ttl"))):
        load_lexicon(tmp_path)


def test_broken_file_names_the_path(tmp_path: Path) -> None:
    directory = _copy_ontology(tmp_path)
    (directory / "gazetteer.ttl").write_text("nge:x a ng:Country ;;; .", encoding="utf-8")
    with pytest.raises(OntologyError, match="gazetteer.ttl: cannot parse"):
        load_gazetteer(directory)


def test_a_lemma_claimed_twice_is_refused(tmp_path: Path) -> None:
    directory = _copy_ontology(tmp_path)
    with (directory / "newsgraph.ttl").open("a", encoding="utf-8") as out:
        out.write('\nng:warns ng:verbLemma "propose" .\n')
    with pytest.raises(OntologyError, match="'propose' is claimed by"):
        load_lexicon(directory)


def test_an_alias_claimed_twice_is_refused(tmp_path: Path) -> None:
    directory = _copy_ontology(tmp_path)
    with (directory / "gazetteer.ttl").open("a", encoding="utf-8") as out:
        out.write('\nnge:china skos:altLabel "U.S." .\n')
    with pytest.raises(OntologyError, match="belongs to both nge:china and nge:united-states"):
        load_gazetteer(directory)


def test_users_extend_the_lexicon_as_data(tmp_path: Path) -> None:
    directory = _copy_ontology(tmp_path)
    with (directory / "newsgraph.ttl").open("a", encoding="utf-8") as out:
        out.write('\nng:restricts ng:verbLemma "throttle" .\n')
    assert load_lexicon(directory).predicate_for(["throttle"]) == "restricts"


def test_describe_ontology() -> None:
    terms = {t.name: t for t in describe_ontology()}
    assert terms["Person"].kind == "class" and "ng:Entity" in terms["Person"].parents
    assert "schema:Person" in terms["Person"].parents
    held_in = terms["heldIn"]
    assert (held_in.kind, held_in.domain, held_in.range) == ("object property", "ng:Event", "ng:Place")
    assert set(terms["memberOf"].range.split(" | ")) == {"ng:Organization", "ng:Group", "ng:Country"}
    assert "curb" in terms["restricts"].verbs and "ban" in terms["restricts"].nouns
    assert terms["confidence"].kind == "datatype property" and terms["confidence"].range == "xsd:decimal"
    assert terms["verbLemma"].kind == "annotation property"
    kinds = [t.kind for t in describe_ontology()]
    assert kinds == sorted(kinds, key=["class", "object property", "datatype property",
                                       "annotation property"].index)
