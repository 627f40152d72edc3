"""Saved queries, parameter binding, errors, time limits and result formats of ``graph.query``.

The demo graph is written by hand, triple by triple, in the shape of ``docs/data-model.md`` (one
named graph per document, ``ng:Statement`` evidence, labels in every graph that mentions an
entity), so each expectation below can be checked against the three short articles it encodes:

* A (2025-07-26) Li Qiang proposes a global AI cooperation organisation and attends WAIC;
* B (2025-07-27) the US restricts chip exports, China criticises the US, Nvidia lobbies the US
  (a minted ``ngr:lobby`` labelled "lobbies"), WAIC is located in Shanghai, and the US did *not*
  join the organisation (negated);
* C (2025-07-28) the US joined the organisation after all (a contradiction of B), and Li proposed
  the body again.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.errors import QueryError
from graph.query import (
    QueryKind,
    ResultFormat,
    SavedQuery,
    bind_value,
    load_query,
    run_query,
    saved_queries,
    to_python,
)
from graph.store import GraphStore, open_store, to_ox_quads

NG = Namespace("https://w3id.org/newsgraph/ontology#")
NGR = Namespace("https://w3id.org/newsgraph/rel/")
NGE = Namespace("https://w3id.org/newsgraph/entity/")
NGC = Namespace("https://w3id.org/newsgraph/concept/")
NGD = Namespace("https://w3id.org/newsgraph/doc/")
NGS = Namespace("https://w3id.org/newsgraph/statement/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open rdflib.XSD warns when pytest probes it

LI, CHINA, US = NGE["li-qiang"], NGE["china"], NGE["united-states"]
WAIC, SHANGHAI, NVIDIA, LONELY = NGE["waic"], NGE["shanghai"], NGE["nvidia"], NGE["lonely-island"]
ORG, CHIPS = NGC["global-ai-cooperation-organisation"], NGC["chip-export"]

ENTITIES = {  # iri: (class, preferred label, aliases)
    LI: ("Person", "Li Qiang", ("Premier Li",)),
    CHINA: ("Country", "China", ("PRC",)),
    US: ("Country", "United States", ("US", "Washington")),
    WAIC: ("Event", "World Artificial Intelligence Conference", ("WAIC",)),
    SHANGHAI: ("Place", "Shanghai", ()),
    NVIDIA: ("Organization", "Nvidia", ()),
    LONELY: ("Place", "Lonely Island", ()),
    ORG: ("Concept", "global AI cooperation organisation", ()),
    CHIPS: ("Concept", "chip export", ()),
}
DOCUMENTS = {  # key: (title, date)
    "A": ("Li Qiang proposes global AI body", "2025-07-26"),
    "B": ("Chip curbs loom over Shanghai AI conference", "2025-07-27"),
    "C": ("US joins AI body as observer", "2025-07-28"),
}
ORG_LABEL = "global AI cooperation organisation"
WAIC_LABEL = "World Artificial Intelligence Conference"


@dataclass(frozen=True)
class Said:
    """One extracted statement of the demo graph."""

    doc: str
    subject: URIRef
    predicate: URIRef
    object: URIRef
    sentence: str
    confidence: str
    negated: bool = False


STATEMENTS = (
    Said("A", LI, NG.proposes, ORG, "Chinese Premier Li Qiang proposed establishing a global AI cooperation organisation.", "0.92"),
    Said("A", LI, NG.attends, WAIC, "Li spoke at the World Artificial Intelligence Conference.", "0.88"),
    Said("B", US, NG.restricts, CHIPS, "Washington has restricted chip exports to China.", "0.90"),
    Said("B", CHINA, NG.criticises, US, "China criticised the U.S. curbs.", "0.83"),
    Said("B", NVIDIA, NGR.lobby, US, "Nvidia lobbied Washington to ease the curbs.", "0.64"),
    Said("B", WAIC, NG.locatedIn, SHANGHAI, "The conference is held in Shanghai every July.", "0.80"),
    Said("B", US, NG.joins, ORG, "The United States did not join the organisation.", "0.77", negated=True),
    Said("C", US, NG.joins, ORG, "The United States joined the organisation as an observer.", "0.70"),
    Said("C", LI, NG.proposes, ORG, "Li first proposed the body in July.", "0.60"),
)
EXTRA_MENTIONS = {"A": {LONELY}}
JOINED = "The United States joined the organisation as an observer."


def mentions(doc: str) -> set[URIRef]:
    """Entities a document mentions: those in its statements, plus the extra ones."""
    found = {s.subject for s in STATEMENTS if s.doc == doc} | {s.object for s in STATEMENTS if s.doc == doc}
    return found | EXTRA_MENTIONS.get(doc, set())


def doc_iri(key: str) -> URIRef:
    return NGD[f"doc-{key.lower()}"]


def document_graph(key: str) -> Graph:
    """The named graph of one demo document, as ``graph.rdf`` would write it."""
    iri = doc_iri(key)
    g = Graph(identifier=iri)
    title, day = DOCUMENTS[key]
    g.add((iri, RDF.type, NG.Document))
    g.add((iri, DCTERMS.title, Literal(title)))
    g.add((iri, DCTERMS.date, Literal(day, datatype=XSD.date)))
    for entity in mentions(key):
        kind, label, aliases = ENTITIES[entity]
        g.add((entity, RDF.type, NG[kind]))
        g.add((entity, SKOS.prefLabel, Literal(label)))
        g.add((entity, RDFS.label, Literal(label)))
        for alias in aliases:
            g.add((entity, SKOS.altLabel, Literal(alias)))
        g.add((entity, NG.mentionedIn, iri))
    for index, said in enumerate(s for s in STATEMENTS if s.doc == key):
        st = NGS[f"{key.lower()}{index}"]
        if not said.negated:
            g.add((said.subject, said.predicate, said.object))
        g.add((st, RDF.type, NG.Statement))
        g.add((st, RDF.subject, said.subject))
        g.add((st, RDF.predicate, said.predicate))
        g.add((st, RDF.object, said.object))
        g.add((st, PROV.wasDerivedFrom, iri))
        g.add((st, NG.sentence, Literal(said.sentence)))
        g.add((st, NG.confidence, Literal(Decimal(said.confidence), datatype=XSD.decimal)))
        g.add((st, NG.negated, Literal(said.negated)))
        if said.predicate == NGR.lobby:
            g.add((NGR.lobby, RDFS.label, Literal("lobbies")))
            g.add((NGR.lobby, RDFS.subPropertyOf, NG.relatedTo))
    return g


def fill_store(store: GraphStore) -> GraphStore:
    """Write the three demo documents into ``store``, one named graph each."""
    for key in DOCUMENTS:
        graph = document_graph(key)
        store.replace_document(str(graph.identifier), to_ox_quads(graph, str(graph.identifier)))
    store.flush()
    return store


@pytest.fixture(scope="module")
def news_store(tmp_path_factory: pytest.TempPathFactory):
    """The demo graph in an Oxigraph store on disk, opened read-only as ``newsgraph query`` does."""
    path = tmp_path_factory.mktemp("query") / "store"
    fill_store(open_store(path)).close()
    store = open_store(path, read_only=True)
    yield store
    store.close()


def ask(store: GraphStore, query_name: str, /, **params: str) -> list[dict[str, object]]:
    """Rows of a saved query, run in this process (the worker path has its own tests below)."""
    saved = saved_queries()[query_name]
    return run_query(store, saved.text, params=params, saved=saved, timeout=None).rows()


# -- saved queries: headers ------------------------------------------------------------------

EXPECTED_QUERIES = {
    "who-did-what": ["subject"],
    "about-entity": ["name"],
    "between": ["a", "b"],
    "entities-by-type": ["type"],
    "timeline": ["name"],
    "co-occurrence": [],
    "negated": [],
    "most-connected": [],
    "relations": [],
    "documents": [],
    "find-entity": ["text"],
}


def test_saved_queries_are_listed_with_their_parameters() -> None:
    found = saved_queries()
    assert {name: list(q.parameters) for name, q in found.items()} == EXPECTED_QUERIES
    for query in found.values():
        assert query.description and not query.description.startswith("param")
        assert all(description for description in query.parameters.values())


def test_saved_query_header_is_parsed() -> None:
    text = "# Who met whom.\n#\n# More prose.\n# param: a — the first one\n# param: b - the second\nSELECT ?a ?b {}\n"
    query = SavedQuery.parse("meetings", text)
    assert query.description == "Who met whom."
    assert query.details == "More prose."
    assert query.parameters == {"a": "the first one", "b": "the second"}
    assert query.required == ("a", "b")


# -- saved queries: answers on the demo graph ------------------------------------------------


def test_who_did_what_matches_aliases_case_insensitively(news_store: GraphStore) -> None:
    rows = ask(news_store, "who-did-what", subject="premier li")
    assert [(r["predicate"], r["object"], r["date"], r["confidence"]) for r in rows] == [
        ("proposes", ORG_LABEL, date(2025, 7, 28), 0.60),
        ("proposes", ORG_LABEL, date(2025, 7, 26), 0.92),
        ("attends", WAIC_LABEL, date(2025, 7, 26), 0.88),
    ]
    assert rows[1]["sentence"] == STATEMENTS[0].sentence
    assert rows[1]["title"] == "Li Qiang proposes global AI body"
    assert ask(news_store, "who-did-what", subject="Li Qiang") == [dict(r, subject="Li Qiang") for r in rows]


def test_who_did_what_accepts_an_iri(news_store: GraphStore) -> None:
    by_iri = ask(news_store, "who-did-what", subject=f"<{US}>")
    by_curie = ask(news_store, "who-did-what", subject="nge:united-states")
    assert {(r["predicate"], r["object"]) for r in by_iri} == {("restricts", "chip export"), ("joins", ORG_LABEL)}
    assert [r["sentence"] for r in by_curie] == [r["sentence"] for r in by_iri]


def test_who_did_what_uses_the_predicate_label_when_the_store_has_one(news_store: GraphStore) -> None:
    rows = ask(news_store, "who-did-what", subject="Nvidia")
    assert [(r["predicate"], r["object"]) for r in rows] == [("lobbies", "United States")]


def test_relations_lists_every_asserted_statement(news_store: GraphStore) -> None:
    rows = ask(news_store, "relations")
    assert len(rows) == sum(not s.negated for s in STATEMENTS)
    assert rows[0]["confidence"] == 0.92 and rows[0]["subject"] == "Li Qiang"
    assert "The United States did not join the organisation." not in {r["sentence"] for r in rows}


def test_about_entity_gives_both_roles_and_negation(news_store: GraphStore) -> None:
    rows = ask(news_store, "about-entity", name="united states")
    assert {(r["role"], r["predicate"], r["other"], r["negated"]) for r in rows} == {
        ("subject", "restricts", "chip export", False),
        ("object", "criticises", "China", False),
        ("object", "lobbies", "Nvidia", False),
        ("subject", "joins", ORG_LABEL, True),
        ("subject", "joins", ORG_LABEL, False),
    }
    assert rows[0]["date"] == date(2025, 7, 28)  # newest first
    assert all(isinstance(r["negated"], bool) for r in rows)


def test_between_finds_both_directions(news_store: GraphStore) -> None:
    rows = ask(news_store, "between", a="Washington", b=ORG_LABEL)
    assert [(r["direction"], r["predicate"], r["negated"], r["date"]) for r in rows] == [
        ("a→b", "joins", True, date(2025, 7, 27)),
        ("a→b", "joins", False, date(2025, 7, 28)),
    ]
    reverse = ask(news_store, "between", a=ORG_LABEL, b="US")
    assert {r["direction"] for r in reverse} == {"b→a"}
    assert ask(news_store, "between", a="Li Qiang", b="Nvidia") == []


def test_entities_by_type(news_store: GraphStore) -> None:
    rows = ask(news_store, "entities-by-type", type="country")
    assert [(r["label"], r["documents"]) for r in rows] == [("United States", 2), ("China", 1)]
    assert set(str(rows[0]["aliases"]).split(" | ")) == {"US", "Washington"}
    assert rows[0]["entity"] == str(US)
    places = ask(news_store, "entities-by-type", type=f"<{NG.Place}>")
    assert {r["label"] for r in places} == {"Shanghai", "Lonely Island"}


def test_timeline_is_ordered_by_article_date(news_store: GraphStore) -> None:
    rows = ask(news_store, "timeline", name="Li Qiang")
    assert [(r["date"], r["predicate"], r["object"]) for r in rows] == [
        (date(2025, 7, 26), "attends", WAIC_LABEL),
        (date(2025, 7, 26), "proposes", ORG_LABEL),
        (date(2025, 7, 28), "proposes", ORG_LABEL),
    ]


def test_co_occurrence_counts_shared_documents(news_store: GraphStore) -> None:
    expected: dict[frozenset[str], int] = {}
    for key in DOCUMENTS:
        labels = sorted(ENTITIES[e][1] for e in mentions(key))
        for i, first in enumerate(labels):
            for second in labels[i + 1:]:
                pair = frozenset((first, second))
                expected[pair] = expected.get(pair, 0) + 1
    rows = ask(news_store, "co-occurrence")
    assert {frozenset((r["a"], r["b"])): r["documents"] for r in rows} == expected
    assert [r["documents"] for r in rows] == sorted((r["documents"] for r in rows), reverse=True)
    assert expected[frozenset(("United States", ORG_LABEL))] == 2


def test_negated_shows_the_contradiction(news_store: GraphStore) -> None:
    rows = ask(news_store, "negated")
    assert rows == [{
        "subject": "United States",
        "predicate": "joins",
        "object": ORG_LABEL,
        "sentence": "The United States did not join the organisation.",
        "title": "Chip curbs loom over Shanghai AI conference",
        "date": date(2025, 7, 27),
        "contradictedBy": JOINED,
        "contradictedIn": "US joins AI body as observer",
    }]


def test_most_connected_ranks_by_neighbours(news_store: GraphStore) -> None:
    rows = ask(news_store, "most-connected")
    top = {r["label"]: (r["neighbours"], r["statements"], r["documents"]) for r in rows}
    assert rows[0]["label"] == "United States"
    assert top["United States"] == (4, 4, 2)
    assert top["Li Qiang"] == (2, 3, 2)
    assert top[ORG_LABEL] == (2, 3, 2)
    assert "Lonely Island" not in top


def test_documents_and_find_entity(news_store: GraphStore) -> None:
    docs = ask(news_store, "documents")
    assert [(r["title"], r["statements"]) for r in docs] == [
        ("US joins AI body as observer", 2),
        ("Chip curbs loom over Shanghai AI conference", 5),
        ("Li Qiang proposes global AI body", 2),
    ]
    found = ask(news_store, "find-entity", text="PREMIER")
    assert [(r["label"], r["class"], r["matches"]) for r in found] == [("Li Qiang", "Person", "Premier Li")]


PARAMS = {"who-did-what": {"subject": "Li Qiang"}, "about-entity": {"name": "US"}, "between": {"a": "US", "b": "China"},
          "entities-by-type": {"type": "Person"}, "timeline": {"name": "Li Qiang"}, "find-entity": {"text": "li"}}


def test_the_worker_process_gives_the_same_rows(news_store: GraphStore, tmp_path: Path) -> None:
    writable = fill_store(open_store(tmp_path / "writable"))  # checkpointed before each query
    for name, saved in saved_queries().items():
        params = PARAMS.get(name, {})
        expected = run_query(news_store, saved.text, params=params, saved=saved, timeout=None).rows()
        assert expected, name
        assert run_query(news_store, saved.text, params=params, saved=saved, timeout=20).rows() == expected, name
        if name in ("who-did-what", "negated"):
            assert run_query(writable, saved.text, params=params, saved=saved, timeout=20).rows() == expected, name
    writable.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["writable"]  # checkpoints removed


# -- parameters are bound, never pasted --------------------------------------------------------

HOSTILE = ['" } ; DROP ALL #', "> <", "') } DROP ALL { ('", '"""', "\\", "?subject", "<script>", "\n}\nDELETE WHERE { ?s ?p ?o }"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameter_values_match_nothing_and_change_nothing(news_store: GraphStore, value: str) -> None:
    before = len(news_store)
    assert ask(news_store, "who-did-what", subject=value) == []
    assert ask(news_store, "between", a=value, b="China") == []
    assert len(news_store) == before


def test_hostile_parameter_values_pass_through_the_worker(tmp_path: Path) -> None:
    store = fill_store(open_store(tmp_path / "store"))
    saved = saved_queries()["about-entity"]
    for value in (HOSTILE[0], HOSTILE[1], HOSTILE[-1]):
        assert run_query(store, saved.text, params={"name": value}, saved=saved, timeout=20).rows() == []
    assert len(store) == sum(len(document_graph(key)) for key in DOCUMENTS)
    store.close()


def test_a_parameter_is_a_literal_unless_it_is_written_as_an_iri() -> None:
    assert bind_value("Li Qiang") == ox.Literal("Li Qiang")
    assert bind_value("<https://w3id.org/x>") == ox.NamedNode("https://w3id.org/x")
    assert bind_value("https://w3id.org/x") == ox.NamedNode("https://w3id.org/x")
    assert bind_value("nge:li-qiang") == ox.NamedNode(str(LI))
    assert bind_value("unknown:thing") == ox.Literal("unknown:thing")
    assert bind_value("<script>") == ox.Literal("<script>")
    assert bind_value("<http://x> } DROP ALL {") == ox.Literal("<http://x> } DROP ALL {")
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_value("<http://x> } DROP ALL { <http://y>")
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_value("https://x y")


def test_saved_query_parameters_are_checked(news_store: GraphStore) -> None:
    saved = saved_queries()["who-did-what"]
    with pytest.raises(QueryError, match="needs --param subject"):
        run_query(news_store, saved.text, saved=saved)
    with pytest.raises(QueryError, match="no parameter 'name'.*subject"):
        run_query(news_store, saved.text, params={"name": "x"}, saved=saved)


def test_a_parameter_must_be_projected(news_store: GraphStore) -> None:
    with pytest.raises(QueryError, match="SELECT"):
        run_query(news_store, "SELECT ?s WHERE { ?s skos:prefLabel ?label }", params={"label": "China"}, timeout=None)


# -- errors --------------------------------------------------------------------------------------


def test_malformed_query_reports_line_and_column(news_store: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(news_store, "SELECT ?x\nWHERE { ?x ?y }")
    message = str(caught.value)
    assert "line 2, column" in message
    assert caught.value.exit_code == 2


def test_undeclared_prefix_is_named(news_store: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"line 1, column \d+: undeclared prefix"):
        run_query(news_store, "SELECT ?x WHERE { ?x foo:bar ?y }", timeout=None)


def test_unknown_saved_query_lists_the_known_ones() -> None:
    with pytest.raises(QueryError) as caught:
        load_query("who-did-wat")
    message = str(caught.value)
    assert "who-did-wat" in message
    assert all(name in message for name in EXPECTED_QUERIES)


def test_load_query_accepts_names_text_and_files(tmp_path: Path) -> None:
    text, saved = load_query("timeline")
    assert saved is not None and saved.name == "timeline" and "SELECT" in text
    assert load_query("ASK {}") == ("ASK {}", None)
    assert load_query("# comment\nprefix ex: <http://e/> SELECT * {}")[1] is None
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert load_query(None, str(rq)) == ("SELECT * WHERE { ?s ?p ?o }", None)
    with pytest.raises(QueryError, match="cannot read"):
        load_query(None, str(tmp_path / "missing.rq"))


def _slow_store(path: Path | None, n: int) -> GraphStore:
    store = open_store(path)
    graph = ox.NamedNode("https://w3id.org/newsgraph/doc/slow")
    p = ox.NamedNode("https://w3id.org/newsgraph/ontology#p")
    store.replace_document(graph.value, [ox.Quad(ox.NamedNode(f"https://e/{i}"), p, ox.Literal(str(i)), graph) for i in range(n)])
    store.flush()
    return store


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


def _children() -> set[int]:
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return {int(pid) for pid in path.read_text().split()} if path.exists() else set()


def test_a_slow_query_on_disk_is_stopped(tmp_path: Path) -> None:
    store = _slow_store(tmp_path / "slow", 3000)  # 2.7e10 solutions: hours if not stopped
    before = _children()
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"query stopped after 0.5 s; raise --timeout"):
        run_query(store, CROSS_PRODUCT, timeout=0.5)
    assert time.monotonic() - started < 5
    assert _children() <= before  # the worker process is gone, not left running
    store.close()


def test_a_slow_query_in_memory_times_out() -> None:
    store = _slow_store(None, 200)  # 8e6 solutions: about a second, then the thread ends
    with pytest.raises(QueryError, match="stopped after 0.2 s"):
        run_query(store, CROSS_PRODUCT, timeout=0.2)


def test_a_fast_query_within_the_limit(news_store: GraphStore) -> None:
    assert run_query(news_store, "ASK { ?s a ng:Document }", timeout=10).boolean is True
    assert run_query(news_store, "ASK { ?s a ng:Document }", timeout=None).boolean is True


# -- results and formats -------------------------------------------------------------------------


def test_rows_are_python_values() -> None:
    assert to_python(ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))) == 3
    assert to_python(ox.Literal("0.5", datatype=ox.NamedNode(str(XSD.decimal)))) == 0.5
    assert to_python(ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))) is True
    assert to_python(ox.Literal("2025-07-26", datatype=ox.NamedNode(str(XSD.date)))) == date(2025, 7, 26)
    assert to_python(ox.Literal("hi", language="en")) == "hi"
    assert to_python(ox.NamedNode("https://e/x")) == "https://e/x"
    assert to_python(ox.BlankNode("b1")) == "_:b1"
    assert to_python(None) is None




@pytest.fixture(scope="module")
def select_result(news_store: GraphStore):
    return run_query(news_store, "SELECT DISTINCT ?entity ?label WHERE { ?entity a ng:Country ; skos:prefLabel ?label } ORDER BY ?label", timeout=None)


def test_select_serialises_to_w3c_formats(select_result) -> None:
    assert select_result.kind is QueryKind.SELECT
    assert select_result.variables == ("entity", "label")
    labels = ["China", "United States"]
    data = json.loads(select_result.serialize("json"))
    assert data["head"]["vars"] == ["entity", "label"]
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == labels
    table = list(csv.reader(io.StringIO(select_result.serialize(ResultFormat.CSV))))
    assert table[0] == ["entity", "label"] and [row[1] for row in table[1:]] == labels
    tsv = select_result.serialize("tsv").splitlines()
    assert tsv[0] == "?entity\t?label" and tsv[1].endswith('"China"')
    root = ET.fromstring(select_result.serialize("xml"))
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 2
    lines = select_result.serialize("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [{"entity": str(CHINA), "label": "China"},
                                                   {"entity": str(US), "label": "United States"}]
    with pytest.raises(QueryError, match="turtle needs a CONSTRUCT"):
        select_result.serialize("turtle")


def test_table_is_aligned_compact_and_inert(news_store: GraphStore) -> None:
    sparql = 'SELECT ?e ?label WHERE { VALUES (?e ?label) { (nge:china "evil\\u001b[31m red\\nline") } }'
    text = run_query(news_store, sparql, timeout=None).serialize("table")
    lines = text.splitlines()
    assert lines[0].split() == ["e", "label"]
    assert lines[2].startswith("nge:china ")
    assert "\x1b" not in text and "\\u001b[31m red\\nline" in text
    assert lines[-1] == "(1 row)"
    long = run_query(news_store, "SELECT ?s WHERE { BIND(\"" + "x" * 100 + "\" AS ?s) }", timeout=None).serialize("table", max_width=20)
    assert "x" * 19 + "…" in long and "x" * 20 not in long


def test_construct_serialises_to_turtle_and_jsonld(news_store: GraphStore) -> None:
    result = run_query(news_store, "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e a ng:Country ; skos:prefLabel ?l }", timeout=None)
    assert result.kind is QueryKind.CONSTRUCT
    expected = {(URIRef(str(CHINA)), SKOS.prefLabel, Literal("China")), (URIRef(str(US)), SKOS.prefLabel, Literal("United States"))}
    assert set(rdflib.Graph().parse(data=result.serialize("turtle"), format="turtle")) == expected
    assert set(rdflib.Graph().parse(data=result.serialize("json"), format="json-ld")) == expected
    assert set(rdflib.Graph().parse(data=result.serialize("xml"), format="xml")) == expected
    assert {json.loads(line)["object"] for line in result.serialize("jsonl").splitlines()} == {"China", "United States"}
    assert "(2 rows)" in result.serialize("table")
    with pytest.raises(QueryError, match="turtle"):
        result.serialize("csv")


def test_ask_serialises_to_true_or_false(news_store: GraphStore) -> None:
    yes = run_query(news_store, "ASK { ?s ng:negated true }", timeout=None)
    assert yes.kind is QueryKind.ASK and yes.boolean is True
    assert json.loads(yes.serialize("json")) == {"head": {}, "boolean": True}
    assert yes.serialize("table") == "true\n"
    assert yes.serialize("jsonl") == "true\n"
    assert "<boolean>true</boolean>" in yes.serialize("xml")
    assert run_query(news_store, "ASK { ?s ng:nothing ?o }", timeout=None).serialize("csv").strip() == "false"


def test_every_format_serialises_a_saved_query(news_store: GraphStore) -> None:
    saved = saved_queries()["about-entity"]
    result = run_query(news_store, saved.text, params={"name": "China"}, saved=saved, timeout=None)
    for fmt in ResultFormat:
        if fmt is ResultFormat.TURTLE:
            continue
        assert result.serialize(fmt)
