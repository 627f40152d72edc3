"""The SPARQL endpoint and the remote push, against real Oxigraph servers on 127.0.0.1.

``newsgraph serve`` runs ``oxigraph serve-read-only`` on a snapshot of the store; these tests talk
to it as any SPARQL client would (urllib, SPARQL 1.1 Protocol), check that writes are refused,
and push a store into a read-write ``oxigraph serve`` through the Graph Store Protocol.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import StoreError
from graph.query import run_query, saved_queries
from graph.remote import graph_url, push_store, put_graph, redact
from graph.server import ServerProcess, find_oxigraph, free_port, snapshot_store
from graph.store import GraphStore, open_store
from test_query import DOCUMENTS, ORG_LABEL, document_graph, fill_store

pytestmark = pytest.mark.server

try:
    find_oxigraph()
except StoreError:  # pragma: no cover - the oxigraph package is a dependency
    pytest.skip("the oxigraph server binary is not installed", allow_module_level=True)

JSON = "application/sparql-results+json"


def http(url: str, *, data: bytes | None = None, method: str | None = None, headers: dict[str, str] | None = None
         ) -> tuple[int, str, bytes]:
    """Status, content type and body of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory holding the demo graph."""
    path = tmp_path_factory.mktemp("served") / "store"
    fill_store(open_store(path)).close()
    return path


@pytest.fixture(scope="module")
def endpoint(store_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """``oxigraph serve-read-only`` on a snapshot of the demo store."""
    snapshot = tmp_path_factory.mktemp("snapshot") / "store"
    assert snapshot_store(store_dir, snapshot) == "backup"
    with ServerProcess(snapshot, host="127.0.0.1", port=free_port()) as server:
        yield server


def test_select_over_http_returns_the_rows(endpoint: ServerProcess, store_dir: Path) -> None:
    sparql = saved_queries()["negated"].text
    status, kind, body = http(f"{endpoint.query_url}?{urllib.parse.urlencode({'query': sparql})}", headers={"Accept": JSON})
    assert status == 200 and kind.startswith(JSON)
    bindings = json.loads(body)["results"]["bindings"]
    assert [(b["subject"]["value"], b["predicate"]["value"], b["object"]["value"]) for b in bindings] == [
        ("United States", "joins", ORG_LABEL)
    ]
    assert bindings[0]["contradictedIn"]["value"] == "US joins AI body as observer"
    with open_store(store_dir, read_only=True) as local:  # the same answer as newsgraph query
        assert len(bindings) == len(run_query(local, sparql, timeout=None).rows())


def test_post_query_with_content_negotiation(endpoint: ServerProcess) -> None:
    sparql = b"SELECT DISTINCT ?label WHERE { ?e a ng:Country ; skos:prefLabel ?label } ORDER BY ?label"
    prefixed = (b"PREFIX ng: <https://w3id.org/newsgraph/ontology#> "
                b"PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + sparql)
    status, kind, body = http(endpoint.query_url, data=prefixed, method="POST",
                              headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and kind.startswith("text/csv")
    assert body.decode().split("\r\n")[:3] == ["label", "China", "United States"]
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    status, kind, body = http(endpoint.query_url, data=form, method="POST",
                              headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+xml"})
    assert status == 200 and b"<boolean>true</boolean>" in body


def test_construct_over_http_gives_turtle(endpoint: ServerProcess) -> None:
    sparql = "CONSTRUCT { ?d <http://purl.org/dc/terms/title> ?t } WHERE { ?d <http://purl.org/dc/terms/title> ?t }"
    status, kind, body = http(f"{endpoint.query_url}?{urllib.parse.urlencode({'query': sparql})}", headers={"Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle")
    titles = {str(o) for o in rdflib.Graph().parse(data=body, format="turtle").objects()}
    assert titles == {title for title, _ in DOCUMENTS.values()}


def test_query_page_is_served(endpoint: ServerProcess) -> None:
    status, kind, _ = http(endpoint.url + "/")
    assert status == 200 and kind.startswith("text/html")


def test_update_and_graph_store_writes_are_refused(endpoint: ServerProcess) -> None:
    status, _, _ = http(endpoint.update_url, data=b"DROP ALL", method="POST",
                        headers={"Content-Type": "application/sparql-update"})
    assert 400 <= status < 500
    status, _, _ = http(endpoint.query_url, data=b"DROP ALL", method="POST",
                        headers={"Content-Type": "application/sparql-update"})
    assert 400 <= status < 500
    with pytest.raises(StoreError, match=r"PUT http://127\.0\.0\.1:\d+/store\?graph=.* HTTP 403"):
        put_graph(endpoint.store_url, "https://example.org/g", b"<https://e/a> <https://e/b> <https://e/c> .\n")
    status, _, body = http(f"{endpoint.query_url}?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%3Fs%20%3Fp%20%3Fo%7D",
                           headers={"Accept": JSON})
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert count == sum(len(document_graph(key)) for key in DOCUMENTS)  # nothing was dropped


def test_snapshot_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    writer = fill_store(open_store(tmp_path / "live"))  # holds the lock, as a running build would
    try:
        assert snapshot_store(tmp_path / "live", tmp_path / "copy") == "copy"
    finally:
        writer.close()
    with open_store(tmp_path / "copy", read_only=True) as copy, open_store(tmp_path / "live", read_only=True) as live:
        assert len(copy) == len(live) and copy.document_graphs() == live.document_graphs()


def test_snapshot_refuses_a_directory_without_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        snapshot_store(tmp_path, tmp_path / "copy")


def test_serve_command_stops_cleanly_on_ctrl_c(store_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--store", str(store_dir), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)  # the "serving ..." line
        assert ready, "newsgraph serve did not come up"
        banner = process.stdout.readline().decode()
        assert http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")[0] == 200
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err.decode()
    assert f"http://127.0.0.1:{port}/" in banner
    assert list(tmp_path.glob("newsgraph-serve-*")) == []  # the snapshot is gone
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1)


# -- pushing into a remote store -------------------------------------------------------------


@pytest.fixture
def remote(tmp_path: Path):
    """A read-write ``oxigraph serve`` on an empty store in a temp dir."""
    with ServerProcess(tmp_path / "remote", read_only=False, union_default_graph=False, port=free_port()) as server:
        yield server


def remote_dataset(server: ServerProcess) -> rdflib.Dataset:
    status, _, body = http(server.store_url, headers={"Accept": "application/n-quads"})
    assert status == 200
    dataset = rdflib.Dataset()
    dataset.parse(data=body, format="nquads")
    return dataset


def test_push_lands_the_same_graphs_as_the_local_store(remote: ServerProcess, store_dir: Path) -> None:
    with open_store(store_dir, read_only=True) as local:
        sent = push_store(local, remote.store_url)
        assert sent == len(local)
        pushed = remote_dataset(remote)
        assert {str(g.identifier) for g in pushed.graphs() if len(g)} == local.document_graphs()
        assert sum(len(g) for g in pushed.graphs()) == len(local)
        for iri in local.document_graphs():
            assert isomorphic(pushed.graph(rdflib.URIRef(iri)), _local_graph(local, iri)), iri
        assert isomorphic(_union(pushed), local.union_graph())
        push_store(local, remote.store_url)  # PUT replaces: pushing again converges
        assert sum(len(g) for g in remote_dataset(remote).graphs()) == len(local)


def test_push_selected_graphs_and_append(remote: ServerProcess, store_dir: Path) -> None:
    with open_store(store_dir, read_only=True) as local:
        first = sorted(local.document_graphs())[0]
        sent = push_store(local, remote.store_url, [first], method="POST")
        assert sent == len(_local_graph(local, first))
        assert {str(g.identifier) for g in remote_dataset(remote).graphs() if len(g)} == {first}


def test_push_to_an_unreachable_server_names_the_url() -> None:
    url = f"http://user:secret@127.0.0.1:{free_port()}/store"
    with open_store() as empty:
        fill_store(empty)
        with pytest.raises(StoreError) as caught:
            push_store(empty, url)
    message = str(caught.value)
    assert "127.0.0.1" in message and "cannot reach" in message and "secret" not in message


def test_graph_urls_and_redaction() -> None:
    assert graph_url("http://h:3030/ds/data", "https://w3id.org/newsgraph/doc/x") == \
        "http://h:3030/ds/data?graph=https%3A%2F%2Fw3id.org%2Fnewsgraph%2Fdoc%2Fx"
    assert graph_url("http://h:7001/?access-token=t", None) == "http://h:7001/?access-token=t&default"
    assert redact("http://u:p@h:7001/?access-token=t&graph=g") == "http://h:7001/?access-token=***&graph=g"


def _local_graph(store: GraphStore, iri: str) -> rdflib.Graph:
    quads = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(iri))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def _union(dataset: rdflib.Dataset) -> rdflib.Graph:
    union = rdflib.Graph()
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    return union


def test_push_command(remote: ServerProcess, store_dir: Path) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    result = CliRunner().invoke(app, ["push", "--store", str(store_dir), remote.store_url])
    assert result.exit_code == 0, result.output
    with open_store(store_dir, read_only=True) as local:
        assert f"pushed {len(local)} triples in {len(DOCUMENTS)} graphs to {remote.store_url}" in result.stdout
        assert sum(len(g) for g in remote_dataset(remote).graphs()) == len(local)


@pytest.mark.model
def test_build_with_a_sparql_endpoint_lands_what_a_local_build_holds(remote: ServerProcess, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    articles = Path(__file__).resolve().parent.parent / "data" / "articles"
    result = CliRunner().invoke(
        app, ["build", str(articles), "--store", str(tmp_path / "local"), "--sparql-endpoint", remote.store_url]
    )
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output
    with open_store(tmp_path / "local", read_only=True) as local:
        pushed = remote_dataset(remote)
        assert sum(len(g) for g in pushed.graphs()) == len(local)
        assert isomorphic(_union(pushed), local.union_graph())
