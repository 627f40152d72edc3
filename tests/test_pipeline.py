"""End to end: articles in, a store whose SPARQL answers the questions the product exists for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.pipeline import build
from graph.settings import Settings
from graph.store import open_store

pytestmark = pytest.mark.model

PREFIXES = """
PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _labels(store, sparql: str, **bindings: str) -> set[tuple[str, ...]]:
    substitutions = {ox.Variable(k): ox.Literal(v) for k, v in bindings.items()}
    return {tuple(term.value for term in row) for row in store.query(PREFIXES + sparql, substitutions=substitutions)}


@pytest.mark.parametrize(
    ("subject", "predicate", "object_words"),
    [
        ("Li Qiang", "proposes", ("organi",)),
        ("United States", "restricts", ("chip", "export")),
    ],
)
def test_seed_facts_are_found_by_sparql(demo_store, subject: str, predicate: str, object_words: tuple[str, ...]) -> None:
    store, _ = demo_store
    objects = _labels(
        store,
        f"SELECT ?label ?name WHERE {{ ?s skos:prefLabel ?name ; ng:{predicate} ?o . ?o skos:prefLabel ?label }}",
        name=subject,
    )
    matching = [label for (label, _) in objects if all(word in label.lower() for word in object_words)]
    assert matching, f"{subject} {predicate} nothing with {object_words}; found {sorted(objects)}"


def test_the_proposal_sentence_comes_with_title_and_date(demo_store) -> None:
    store, _ = demo_store
    rows = _labels(
        store,
        """SELECT ?sentence ?title ?date ?name WHERE {
             ?st rdf:subject ?li ; rdf:predicate ng:proposes ; ng:sentence ?sentence ; prov:wasDerivedFrom ?doc .
             ?li skos:prefLabel ?name . ?doc dcterms:title ?title ; dcterms:date ?date . }""",
        name="Li Qiang",
    )
    assert any("propos" in sentence and date.startswith("2025-07") for sentence, _, date, _ in rows), rows


def test_report_of_a_fresh_build_counts_what_the_store_holds(demo_store) -> None:
    store, report = demo_store
    assert report.documents == len(store.document_graphs()) >= 16
    assert report.triples == len(store)
    assert report.relations > 100
    assert not report.problems


def test_building_twice_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "data" / "articles", source)
    with open_store(tmp_path / "store") as store:
        first = build([str(source)], store=store)
        quads = set(store.oxigraph)
        second = build([str(source)], store=store)
        assert second.documents == 0 and second.unchanged == first.documents
        assert set(store.oxigraph) == quads
        forced = build([str(source)], store=store, settings=Settings(force=True))
        assert forced.documents == first.documents
        assert first.triples == forced.triples == len(quads) and second.triples == 0
        assert set(store.oxigraph) == quads


def test_building_only_stored_articles_neither_imports_nor_loads_spacy(tmp_path: Path) -> None:
    """Re-running a build over articles already stored is a cheap no-op: no model, no spaCy import."""
    import subprocess
    import sys

    article = Path(__file__).parent.parent / "data" / "articles" / "09-central-bank-rate-decision.md"
    with open_store(tmp_path / "store") as store:
        assert build([str(article)], store=store).documents == 1
    script = (
        "import sys; from graph.pipeline import build; from graph.store import open_store\n"
        f"with open_store({str(tmp_path / 'store')!r}) as store: report = build([{str(article)!r}], store=store)\n"
        "print(report.documents, report.unchanged, 'spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "1", "False"], result.stderr


def test_rebuilding_a_changed_article_replaces_only_its_graph(tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "data" / "articles", source)
    article = source / "09-central-bank-rate-decision.md"
    with open_store(tmp_path / "store") as store:
        build([str(source)], store=store)
        before = {g: set(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in store.document_graphs()}
        article.write_text(article.read_text(encoding="utf-8") + "\n\nThe Bank of Marenia said it would publish minutes next month.\n", encoding="utf-8")
        report = build([str(source)], store=store)
        after = {g: set(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in store.document_graphs()}
    assert report.documents == 1
    added = set(after) - set(before)
    assert len(added) == 1, "the changed article is a new document graph"
    assert report.triples == len(after[next(iter(added))]), "the report counts the quads this build wrote"
    unchanged = {g for g in before if g in after and before[g] == after[g]}
    assert len(unchanged) >= len(before) - 1


def test_entity_limit_is_applied_and_reported(tmp_path: Path) -> None:
    article = tmp_path / "many.txt"
    names = ", ".join(f"{first} {last}" for first in ("Anna", "Boris", "Chen", "Dara") for last in ("Ito", "Okafor", "Silva", "Novak"))
    article.write_text(f"Leaders meet\n\nThe meeting in Geneva brought together {names}. Anna Ito thanked Boris Okafor.\n", encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        report = build([str(article)], store=store, settings=Settings(max_entities=3))
    assert report.documents == 1
    assert len(report.warnings) == 1 and "over the limit of 3" in report.warnings[0].reason
    assert report.entities <= 3


def test_british_and_american_spellings_make_one_concept() -> None:
    from graph.lexicon import load_gazetteer
    from graph.records import Analysis, Document, Mention, Relation
    from graph.resolve import EntityResolver

    def analysis(spelling: str) -> Analysis:
        li = Mention("Li Qiang", 0, 8, "PERSON", "Li Qiang", 0)
        body = Mention(f"global {spelling}", 18, 38, "CONCEPT", f"global {spelling}", -1)
        relation = Relation(li, "proposes", body, "s", 0, 40, "proposed", 0.9)
        return Analysis(Document(id=spelling, text="x"), (li,), (relation,))

    resolver = EntityResolver(load_gazetteer())
    first = resolver.resolve(analysis("organisation"))
    second = resolver.resolve(analysis("organization"))
    assert set(first.entities) == set(second.entities)


def test_pronouns_and_role_nouns_are_never_aliases(demo_store) -> None:
    store, _ = demo_store
    aliases = {label for (label,) in _labels(store, "SELECT DISTINCT ?alias WHERE { ?e skos:altLabel ?alias }")}
    assert not {a for a in aliases if a.lower() in {"he", "she", "it", "they", "his", "her", "the premier", "the company"}}


@pytest.mark.parametrize("name", ["Li Qiang", "United States", "Donald Trump", "China", "World Artificial Intelligence Conference"])
def test_seed_entities_are_one_node_each(demo_store, name: str) -> None:
    """US, U.S., the United States, Washington → one IRI; Premier Li, Li, He → Li Qiang."""
    store, _ = demo_store
    iris = _labels(store, "SELECT DISTINCT ?e ?name WHERE { ?e skos:prefLabel ?name }", name=name)
    assert len(iris) == 1, iris
    others = _labels(
        store,
        "SELECT DISTINCT ?e ?name WHERE { ?e skos:altLabel ?alias . FILTER(LCASE(?alias) = LCASE(?name)) }",
        name=name,
    )
    assert {iri for iri, _ in others} <= {iri for iri, _ in iris}
