"""``newsgraph query`` and ``newsgraph push`` through typer's CliRunner (no subprocess)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.store import open_store
from test_query import EXPECTED_QUERIES, ORG_LABEL, fill_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    fill_store(open_store(path)).close()
    return path


def test_list_shows_every_saved_query_and_its_parameters() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name, params in EXPECTED_QUERIES.items():
        assert f"{name}: " in result.stdout
        for param in params:
            assert f"--param {param}=" in result.stdout


def test_saved_query_with_param_as_json(store_dir: Path) -> None:
    result = runner.invoke(app, ["query", "--store", str(store_dir), "who-did-what", "--param", "subject=Li Qiang", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"][:3] == ["subject", "predicate", "object"]
    rows = [(b["predicate"]["value"], b["object"]["value"], b["date"]["value"]) for b in data["results"]["bindings"]]
    assert rows == [
        ("proposes", ORG_LABEL, "2025-07-28"),
        ("proposes", ORG_LABEL, "2025-07-26"),
        ("attends", "World Artificial Intelligence Conference", "2025-07-26"),
    ]
    assert data["results"]["bindings"][2]["date"]["datatype"].endswith("#date")


def test_short_options_and_table_output(store_dir: Path) -> None:
    result = runner.invoke(app, ["query", "-s", str(store_dir), "between", "-p", "a=US", "-p", "b=China"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["a", "direction", "predicate", "b"]
    assert "criticises" in lines[2] and "b→a" in lines[2]
    assert lines[-1] == "(1 row)"


def test_sparql_text_and_file(store_dir: Path, tmp_path: Path) -> None:
    sparql = "SELECT DISTINCT ?label WHERE { ?e a ng:Country ; skos:prefLabel ?label } ORDER BY ?label"
    result = runner.invoke(app, ["query", "--store", str(store_dir), sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [["label"], ["China"], ["United States"]]
    rq = tmp_path / "countries.rq"
    rq.write_text(sparql, encoding="utf-8")
    result = runner.invoke(app, ["query", "--store", str(store_dir), "-f", str(rq), "--format", "jsonl"])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [{"label": "China"}, {"label": "United States"}]


def test_construct_as_turtle(store_dir: Path) -> None:
    result = runner.invoke(app, ["query", "--store", str(store_dir), "--format", "turtle",
                                 "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e a ng:Person ; skos:prefLabel ?l }"])
    assert result.exit_code == 0, result.output
    assert 'nge:li-qiang skos:prefLabel "Li Qiang"' in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["who-did-wat"], "unknown saved query 'who-did-wat'; known queries: about-entity"),
        (["SELECT ?x WHERE {\n ?x ?y }"], "line 2, column"),
        (["who-did-what"], "needs --param subject"),
        (["who-did-what", "--param", "subject"], "write it as name=value"),
        (["ASK {}", "--format", "yaml"], "unknown format 'yaml'"),
    ],
)
def test_errors_exit_2_with_a_message(store_dir: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["query", "--store", str(store_dir), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_timeout_option(tmp_path: Path) -> None:
    import pyoxigraph as ox

    with open_store(tmp_path / "slow") as store:
        g = ox.NamedNode("https://w3id.org/newsgraph/doc/slow")
        store.replace_document(g.value, [ox.Quad(ox.NamedNode(f"https://e/{i}"), g, ox.Literal(str(i)), g) for i in range(2000)])
    result = runner.invoke(app, ["query", "--store", str(tmp_path / "slow"), "--timeout", "0.5",
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"])
    assert result.exit_code == 2
    assert "query stopped after 0.5 s; raise --timeout" in result.stderr


def test_push_to_an_unreachable_store_fails_cleanly(store_dir: Path) -> None:
    from graph.server import free_port

    result = runner.invoke(app, ["push", "--store", str(store_dir), f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code == 1
    assert "cannot reach the server" in result.stderr
