"""graph.analysis: the networkx projection, rankings, communities, paths, stats and Gephi export.

Every test runs on a hand-built graph (tests/graph_fixtures.py) in both rdflib's memory store and
the Oxigraph store the CLI reads, because the projection queries them by different routes.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graph.analysis import (
    Measure,
    centrality,
    communities,
    components,
    find_node,
    graph_stats,
    rank,
    shortest_path,
    to_networkx,
    write_gexf,
    write_graphml,
)
from graph.errors import NewsgraphError
from graph.vocab import NG, NGR
from graph_fixtures import (
    CHINA,
    HOSTILE_STRINGS,
    LI,
    LONELY,
    NVIDIA,
    ORG,
    SENT_PROPOSES,
    USA,
    build_dataset,
    news_fixture,
    synthetic_graph,
)

STORES = ["default", "Oxigraph"]


@pytest.fixture(scope="module", params=STORES)
def news_graph(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    """The projected news fixture, once per store."""
    return to_networkx(build_dataset(store=request.param))


def test_nodes_carry_label_kind_and_aliases(news_graph: nx.MultiDiGraph) -> None:
    fixture = news_fixture()
    assert set(news_graph) == {str(e.iri) for e in fixture.entities}
    for entity in fixture.entities:
        data = news_graph.nodes[str(entity.iri)]
        assert data["label"] == entity.label
        assert data["kind"] == entity.kind
        assert data["aliases"] == sorted(entity.aliases)


def test_edges_are_the_plain_relation_triples(news_graph: nx.MultiDiGraph) -> None:
    edges = {(u, k, v) for u, v, k in news_graph.edges(keys=True)}
    assert edges == {tuple(map(str, triple)) for triple in news_fixture().asserted}
    assert not news_graph.has_edge(str(USA), str(ORG)), "a negated statement is no edge"


def test_edge_evidence_has_sentence_title_date_confidence(news_graph: nx.MultiDiGraph) -> None:
    evidence = news_graph.edges[str(LI), str(ORG), str(NG.proposes)]["evidence"]
    assert len(evidence) == 3
    assert [e["date"] for e in evidence] == ["2025-07-27", "2025-07-26", "2025-07-26"]
    first_day = {e["sentence"]: e for e in evidence if e["date"] == "2025-07-26"}
    assert first_day[SENT_PROPOSES]["confidence"] == pytest.approx(0.92)
    assert first_day[SENT_PROPOSES]["title"] == "Li Qiang proposes global AI body"
    assert first_day[SENT_PROPOSES]["document"].startswith("https://w3id.org/newsgraph/doc/")
    assert all(e["negated"] is False and e["modality"] is None for e in evidence)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "label"),
    [
        (NVIDIA, NGR.lobby, USA, "lobbies"),  # minted: rdfs:label from the graph
        (ORG, NG.cooperatesWith, "https://w3id.org/newsgraph/entity/united-nations",
         "cooperates with"),  # curated: humanised local name
    ],
)
def test_predicate_labels(news_graph: nx.MultiDiGraph, subject, predicate, obj, label) -> None:
    assert news_graph.edges[str(subject), str(obj), str(predicate)]["label"] == label


def test_rank_by_degree_breaks_ties_by_label(news_graph: nx.MultiDiGraph) -> None:
    top = rank(news_graph, by="degree", top=3)
    assert [(r.label, r.score) for r in top] == [("Li Qiang", 3.0), ("United States", 3.0),
                                                 ("China", 2.0)]
    assert top[0].kind == "Person"


def test_pagerank_matches_networkx_on_the_undirected_graph(news_graph: nx.MultiDiGraph) -> None:
    ours = centrality(news_graph, Measure.PAGERANK)
    reference = _pagerank_python(nx.MultiGraph(news_graph))
    assert ours == pytest.approx(reference, abs=1e-6)
    assert sum(ours.values()) == pytest.approx(1.0)
    assert rank(news_graph, top=1)[0].node == max(reference, key=reference.get)


def test_rank_rejects_unknown_measure(news_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="valid: pagerank, degree"):
        rank(news_graph, by="betweenness")


def test_communities_partition_the_graph_reproducibly(news_graph: nx.MultiDiGraph) -> None:
    found = communities(news_graph, seed=3)
    assert found == communities(news_graph, seed=3)
    assert set().union(*found) == set(news_graph)
    assert sum(map(len, found)) == len(news_graph)
    assert {str(LONELY)} in found
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)


def test_components(news_graph: nx.MultiDiGraph) -> None:
    found = components(news_graph)
    assert [len(c) for c in found] == [9, 1]
    assert found[1] == {str(LONELY)}


def test_shortest_path_reads_as_the_news_with_evidence(news_graph: nx.MultiDiGraph) -> None:
    hops = shortest_path(news_graph, "nvidia corp", "PREMIER LI")  # aliases, any case
    assert [str(h) for h in hops] == [
        "Nvidia —lobbies→ United States",
        "United States ←criticises— China",
        "China ←leads— Li Qiang",
    ]
    assert hops[0].start == str(NVIDIA) and hops[-1].end == str(LI)
    assert [h.inverse for h in hops] == [False, True, True]
    for hop in hops:
        assert hop.evidence and hop.evidence[0]["sentence"] and hop.evidence[0]["title"]
    assert hops[1].evidence[0]["sentence"].startswith("China criticised the U.S. curbs")


def test_shortest_path_prefers_the_best_supported_relation() -> None:
    g = to_networkx(build_dataset())
    g.add_edge(str(ORG), str(LI), key="https://example.org/weak", label="weak",
               predicate="https://example.org/weak", evidence=[])
    (hop,) = shortest_path(g, "Li Qiang", "WAICO")
    assert hop.predicate_label == "proposes" and len(hop.evidence) == 3


def test_unknown_name_lists_close_matches(news_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NewsgraphError, match=r"'Li Qang'.*close matches: 'Li Qiang'"):
        shortest_path(news_graph, "Li Qang", "China")


def test_ambiguous_alias_lists_the_candidates() -> None:
    g = to_networkx(build_dataset())
    g.nodes[str(CHINA)]["aliases"].append("Premier Li")
    with pytest.raises(NewsgraphError, match="names 2 nodes"):
        find_node(g, "premier li")
    assert find_node(g, "li qiang") == str(LI), "a preferred label is never ambiguous"
    assert find_node(g, str(CHINA)) == str(CHINA), "an IRI always works"


def test_no_path_between_components(news_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NewsgraphError, match="no path between 'Li Qiang' and 'Lonely Island'"):
        shortest_path(news_graph, "Li Qiang", "Lonely Island")


@pytest.mark.parametrize("store", STORES)
def test_graph_stats_counts(store: str) -> None:
    dataset = build_dataset(store=store)
    stats = graph_stats(dataset, top=2)
    distinct = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert (stats.documents, stats.entities, stats.concepts) == (2, 8, 2)
    assert (stats.relations, stats.statements) == (8, 11)
    assert stats.triples == len(distinct)
    assert [(r.label, r.score) for r in stats.top_entities] == [("Li Qiang", 3.0),
                                                                ("United States", 3.0)]
    text = stats.describe()
    assert "statements         11" in text and "     3  Li Qiang (Person)" in text


def test_graphml_and_gexf_parse_back(tmp_path: Path, news_graph: nx.MultiDiGraph) -> None:
    write_graphml(news_graph, tmp_path / "g.graphml")
    write_gexf(news_graph, tmp_path / "out" / "g.gexf")
    for back in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "out" / "g.gexf")):
        assert back.number_of_nodes() == news_graph.number_of_nodes()
        assert back.number_of_edges() == news_graph.number_of_edges()
        assert back.nodes[str(USA)]["kind"] == "Place"
        assert back.nodes[str(USA)]["aliases"] == "U.S.; US; Washington"
        (data,) = [d for _, _, d in back.edges(str(LI), data=True) if d["label"] == "proposes"]
        assert data["evidence_count"] == 3
        assert SENT_PROPOSES in data["sentences"].split("\n")
        assert data["last_date"] == "2025-07-27"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["g.gexf", "g.graphml", "out"]


def test_hostile_text_survives_the_projection() -> None:
    g = to_networkx(build_dataset(news_fixture(hostile=True), store="Oxigraph"))
    assert g.nodes[str(LI)]["label"] == f"Li Qiang {HOSTILE_STRINGS[0]}"
    assert HOSTILE_STRINGS[1] in g.nodes[str(LI)]["aliases"]
    sentences = [e["sentence"] for e in g.edges[str(LI), str(ORG), str(NG.proposes)]["evidence"]]
    assert any(HOSTILE_STRINGS[2] in s for s in sentences)


def test_memory_and_oxigraph_projections_agree() -> None:
    def shape(graph: rdflib.Graph) -> tuple[dict, set]:
        g = to_networkx(graph)
        return dict(g.nodes(data=True)), {(u, v, k, len(d["evidence"]))
                                          for u, v, k, d in g.edges(keys=True, data=True)}

    memory, oxigraph = synthetic_graph(300, store="default"), synthetic_graph(300, store="Oxigraph")
    assert shape(memory) == shape(oxigraph)
    assert len(shape(memory)[0]) == 300
