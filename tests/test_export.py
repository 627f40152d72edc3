"""Exports parse back, with the same statements the store holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.export import ExportFormat, atomic_write, export
from graph.vocab import NG, NGD, NGE

_G1, _G2 = ox.NamedNode(str(NGD["one"])), ox.NamedNode(str(NGD["two"]))
_LI, _CHINA = ox.NamedNode(str(NGE["li-qiang"])), ox.NamedNode(str(NGE["china"]))
_LEADS, _SAYS = ox.NamedNode(str(NG["leads"])), ox.NamedNode(str(NG["sentence"]))
#: Both documents state "Li Qiang leads China"; the sentence holds a comma, a quote and a newline.
_QUADS = (
    ox.Quad(_LI, _LEADS, _CHINA, _G1),
    ox.Quad(_LI, _LEADS, _CHINA, _G2),
    ox.Quad(_LI, _SAYS, ox.Literal('Li said: "no" ,\nthen left ;'), _G2),
)


@pytest.mark.parametrize(
    ("fmt", "parse_format", "expected"),
    [
        (ExportFormat.TURTLE, ox.RdfFormat.TURTLE, 2),
        (ExportFormat.NTRIPLES, ox.RdfFormat.N_TRIPLES, 2),
        (ExportFormat.TRIG, ox.RdfFormat.TRIG, 3),
        (ExportFormat.NQUADS, ox.RdfFormat.N_QUADS, 3),
        (ExportFormat.JSONLD, ox.RdfFormat.JSON_LD, 3),
    ],
)
def test_count_is_the_statements_written(memory_store, tmp_path: Path, fmt: ExportFormat, parse_format, expected: int) -> None:
    """The union formats write a triple two documents share once, and say so in their count."""
    memory_store.oxigraph.extend(_QUADS)
    path = tmp_path / f"graph.{fmt.value}"
    written = export(memory_store, path, fmt)
    parsed = list(ox.parse(path=str(path), format=parse_format))
    assert written == len(parsed) == expected
    assert {(s.subject, s.predicate, s.object) for s in parsed} == {(q.subject, q.predicate, q.object) for q in _QUADS}


@pytest.mark.model
def test_turtle_parses_back_to_the_store_union(data_store, tmp_path: Path) -> None:
    store, _ = data_store
    path = tmp_path / "graph.ttl"
    written = export(store, path, ExportFormat.TURTLE)
    union = store.union_graph()
    parsed = rdflib.Graph().parse(path, format="turtle")
    assert written == len(union) == len(parsed)
    assert isomorphic(parsed, union)
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == written
    assert "@prefix ng: <https://w3id.org/newsgraph/ontology#>" in path.read_text(encoding="utf-8")


@pytest.mark.model
def test_trig_keeps_one_named_graph_per_document(data_store, tmp_path: Path) -> None:
    store, report = data_store
    path = tmp_path / "graph.trig"
    written = export(store, path, ExportFormat.TRIG)
    dataset = rdflib.Dataset().parse(path, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == store.document_graphs()
    assert len(graphs) == report.documents
    assert written == len(store) == sum(1 for _ in dataset.quads((None, None, None, None)))


@pytest.mark.model
@pytest.mark.parametrize(
    ("fmt", "parse_format"),
    [(ExportFormat.NTRIPLES, ox.RdfFormat.N_TRIPLES), (ExportFormat.NQUADS, ox.RdfFormat.N_QUADS), (ExportFormat.JSONLD, ox.RdfFormat.JSON_LD)],
)
def test_line_formats_and_jsonld_round_trip(data_store, tmp_path: Path, fmt: ExportFormat, parse_format) -> None:
    store, _ = data_store
    path = tmp_path / f"graph.{fmt.value}"
    written = export(store, path, fmt)
    assert len(list(ox.parse(path=str(path), format=parse_format))) == written


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half of a new file")
        raise RuntimeError("crash while writing")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_atomic_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    with atomic_write(target) as handle:
        handle.write(b"<!doctype html>")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_current_umask()


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
