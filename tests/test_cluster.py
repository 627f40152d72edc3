"""A build spread over workers writes the same graph as one built in a single process.

The NLP stage can run in this process, in one forked child that overlaps the rest of the build
(the default for one worker), in local worker processes (``--workers``) or on a Dask cluster
(``--cluster``); all must be interchangeable, so these tests build ``data/`` each way and compare
the stores quad for quad and as graphs. The cluster is a real ``distributed.LocalCluster`` on
127.0.0.1 with two worker processes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import pipeline
from graph.errors import NewsgraphError
from graph.ingest import read_inputs
from graph.pipeline import build
from graph.records import Document
from graph.settings import Settings
from graph.store import GraphStore, open_store
from graph.workers import in_order, overlapped_analyses

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

pytest.importorskip("distributed")


def _quads(store: GraphStore) -> set[str]:
    """Every quad of a store, as N-Quads text (no blank nodes in newsgraph, so text is exact)."""
    return {str(quad) for quad in store.oxigraph.quads_for_pattern(None, None, None, None)}


def _build(path: Path, settings: Settings) -> GraphStore:
    store = open_store(path)
    report = build([str(DATA_DIR)], store=store, settings=settings)
    assert report.documents > 0 and not report.problems
    return store


@pytest.fixture(scope="module")
def in_process_store(tmp_path_factory: pytest.TempPathFactory):
    """data/ built entirely in this process, the reference the spread-out builds must equal."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "can_overlap", lambda: False)
        store = _build(tmp_path_factory.mktemp("in-process") / "store", Settings(batch_size=4))
    yield store
    store.close()


@pytest.mark.model
@pytest.mark.parametrize(
    "settings",
    [
        pytest.param(Settings(batch_size=4), id="overlapped-child"),
        pytest.param(Settings(batch_size=4, workers=2, cluster="local"), id="local-dask-cluster"),
        pytest.param(Settings(batch_size=4, workers=2), id="worker-processes"),
    ],
)
def test_spread_build_equals_in_process_build(
    settings: Settings, in_process_store: GraphStore, tmp_path: Path
) -> None:
    import rdflib.compare

    spread = _build(tmp_path / "store", settings)
    try:
        assert _quads(spread) == _quads(in_process_store)
        assert spread.document_graphs() == in_process_store.document_graphs()
        assert rdflib.compare.isomorphic(spread.union_graph(), in_process_store.union_graph())
    finally:
        spread.close()


@pytest.mark.model
def test_overlapped_analyses_equal_in_process_analyses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parses that cross from the child are read into exactly the records of one process,
    also for articles cut into chunks (the forked child inherits the smaller chunk size)."""
    from graph.nlp import run

    monkeypatch.setattr(run, "CHUNK_CHARS", 1500)
    documents = [d for d in read_inputs([str(DATA_DIR)]) if isinstance(d, Document)]
    assert any(len(d.text) > run.CHUNK_CHARS for d in documents)
    overlapped = list(
        overlapped_analyses(
            documents, Settings(batch_size=4), load=run.load_pipeline, parse=run.parse_batch, read=run.read_parses
        )
    )
    assert [a.document for a in overlapped] == documents
    assert sum(len(a.relations) for a in overlapped) > 20
    assert overlapped == list(run.analyse_documents(documents, batch_size=4))


def test_overlapped_analyses_start_nothing_without_documents() -> None:
    def never(*args: object, **kwargs: object) -> list:
        pytest.fail("nothing to analyse, yet the model was loaded or a batch was sent")

    assert list(overlapped_analyses(iter([]), Settings(), load=never, parse=never, read=never)) == []


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    import dask

    settings = Settings(cluster="tcp://127.0.0.1:1")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), open_store(None) as store:
        with pytest.raises(NewsgraphError, match=r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:1'"):
            build([str(DATA_DIR / "articles" / "02-us-chip-export-curbs.txt")], store=store, settings=settings)


def test_cluster_without_workers_is_a_clear_error() -> None:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), LocalCluster(
        n_workers=0, host="127.0.0.1", dashboard_address=None, processes=True
    ) as empty, open_store(None) as store:
        with pytest.raises(NewsgraphError, match="has no workers"):
            build([str(DATA_DIR / "articles" / "02-us-chip-export-curbs.txt")], store=store,
                  settings=Settings(cluster=empty.scheduler_address))


def test_missing_distributed_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from graph.workers import cluster_analyses

    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(NewsgraphError, match=r"pip install 'newsgraph\[cluster\]'"):
        list(cluster_analyses([], Settings(cluster="local"), lambda batch, model=None: []))


@pytest.mark.parametrize("in_flight", [1, 2, 5])
def test_in_order_keeps_input_order_and_bounds_pending(in_flight: int) -> None:
    pending: list[list[int]] = []

    def submit(batch: list[int]) -> list[int]:
        pending.append(batch)
        assert len(pending) <= in_flight
        return batch

    def wait(batch: list[int]) -> list[int]:
        pending.remove(batch)
        return [n * 10 for n in batch]

    work = [[1, 2], [3], [4, 5, 6], [7]]
    assert list(in_order(work, submit, wait, in_flight=in_flight)) == [10, 20, 30, 40, 50, 60, 70]
