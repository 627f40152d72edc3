"""The command line: each command on the sample store, exit codes, one-line errors, and docs.

The store is the session's ``data_store``; commands open it read-only, as a user's second shell
would while it is open elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()
README = Path(__file__).resolve().parent.parent / "README.md"


def _run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.model
def test_stats_counts_and_ranks(data_store) -> None:
    store, report = data_store
    result = _run("stats", "--store", str(store.path))
    assert result.exit_code == 0, result.output
    assert result.output.split()[:2] == ["documents", str(report.documents)]
    assert "Li Qiang (Person)" in result.output


@pytest.mark.model
def test_path_prints_hops_with_evidence(data_store) -> None:
    store, _ = data_store
    result = _run("path", "Li Qiang", "Donald Trump", "--store", str(store.path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Li Qiang") and "Donald Trump" in lines[-2]
    assert any(line.strip().startswith("“") for line in lines)


@pytest.mark.model
def test_unknown_entity_is_one_line_and_exit_one(data_store) -> None:
    store, _ = data_store
    result = _run("path", "Li Qiang", "Nobody Atall", "--store", str(store.path))
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "Nobody Atall" in result.output


@pytest.mark.model
@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_network_export_reads_back_in_networkx(data_store, tmp_path: Path, suffix: str) -> None:
    store, _ = data_store
    target = tmp_path / f"net{suffix}"
    result = _run("network", "--store", str(store.path), "-o", str(target))
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(target) if suffix == ".graphml" else nx.read_gexf(target)
    assert g.number_of_nodes() > 50
    assert "Li Qiang" in {data.get("label") for _, data in g.nodes(data=True)}


@pytest.mark.model
def test_validate_reports_zero_violations_on_the_demo_graph(data_store) -> None:
    store, _ = data_store
    result = _run("validate", "--store", str(store.path))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output and "0 violation(s)" in result.output


@pytest.mark.model
@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_export_command_writes_parseable_files(data_store, tmp_path: Path, fmt: str, parser: str) -> None:
    store, _ = data_store
    target = tmp_path / f"graph.{fmt}"
    result = _run("export", "--store", str(store.path), "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    written = int(result.output.split()[1])
    if fmt == "jsonld":
        assert written == len(store)
    else:
        assert len(rdflib.Graph().parse(target, format=parser)) == written


def test_unknown_export_format_lists_the_valid_ones(tmp_path: Path) -> None:
    result = _run("export", "--store", str(tmp_path), "--format", "rdfxml")
    assert result.exit_code == 2 and "turtle, trig, ntriples, nquads, jsonld" in result.output


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("stats", "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 1 and "no store here" in result.output


def test_ontology_lists_relations_with_their_words() -> None:
    result = _run("ontology", "--kind", "object property")
    assert result.exit_code == 0
    assert "ng:proposes" in result.output and "make proposal" in result.output


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    readme = README.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"{name} has no help"
        assert f"newsgraph {name}" in readme, f"the README does not show `newsgraph {name}`"


@pytest.mark.model
def test_skipped_inputs_are_named_and_the_rest_is_built(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Bank raises rates\n\nThe Bank of Marenia raised its main rate on Monday, Governor Helena Varga said.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    store = str(tmp_path / "store")
    result = _run("build", str(tmp_path), str(tmp_path / "missing.md"), "--store", store)
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("newsgraph: skipped")]
    assert len(skipped) == 3
    assert any("empty.txt" in line and "empty" in line for line in skipped)
    assert any("photo.html" in line and "binary" in line for line in skipped)
    assert any("missing.md" in line for line in skipped)
    assert "3 inputs skipped" in result.output and "1 document," in result.output

    strict = _run("build", str(tmp_path), "--store", store, "--strict")
    assert strict.exit_code == 1

    nothing = _run("build", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "other"))
    assert nothing.exit_code == 1 and "no article could be read" in nothing.output
