"""Run the NLP stage in other processes or on a Dask cluster, in input order and bounded memory.

The NLP stage is CPU-bound Python, so threads do not help; each worker process loads the model
once and analyses whole batches (:func:`graph.nlp.run.analyse_batch`). Local worker processes
(:func:`parallel_analyses`) and Dask workers (:func:`cluster_analyses`) share one submission loop,
:func:`in_order`: at most two batches per worker are in flight and results are handed back in
input order, so a corpus of any size streams through without being read into memory, and a
clustered build writes the same graph as a local one.

A single-worker build uses the same loop to overlap its stages (:func:`overlapped_analyses`): one
forked child runs the model while this process reads the parses, resolves and stores.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import multiprocessing
import sys
import warnings
from collections import deque
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeVar

from .errors import NewsgraphError
from .records import Analysis, Document
from .settings import Settings

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "parallel_analyses",
    "overlapped_analyses",
    "can_overlap",
    "cluster_analyses",
    "in_order",
    "batches",
    "LOCAL_CLUSTER",
    "IN_FLIGHT_PER_WORKER",
]

BatchFunction = Callable[..., list[Analysis]]
#: ``parse(texts, model=...)``: one batch's parses (:data:`graph.nlp.run.Parse`), opaque here.
ParseFunction = Callable[..., list[tuple[int, int, bytes]]]
#: ``read(documents, parses, model=...)``: the analyses of one batch from its parses.
ReadFunction = Callable[..., list[Analysis]]
Handle = TypeVar("Handle")

#: The ``--cluster`` value that starts a :class:`distributed.LocalCluster` on this machine.
LOCAL_CLUSTER = "local"

#: Batches queued per worker: one being analysed and one ready to start, so no worker waits
#: for the next batch while the parent is still storing the previous results.
IN_FLIGHT_PER_WORKER = 2

_MISSING_DISTRIBUTED = "--cluster needs the 'distributed' package: pip install 'newsgraph[cluster]'"


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` documents (the last may be shorter)."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def in_order(
    work: Iterable[list[Document]],
    submit: Callable[[list[Document]], Handle],
    wait: Callable[[Handle], Sequence[Analysis]],
    *,
    in_flight: int,
) -> Iterator[Analysis]:
    """Submit batches, keep at most ``in_flight`` pending, and yield their results in input order.

    Waiting on the oldest batch (rather than on whichever finishes first) keeps the output order
    equal to the input order, which keeps entity resolution, and so the graph, independent of how
    the work was spread. The bound keeps memory flat however long ``work`` is.

    Args:
        work: batches of documents, consumed lazily.
        submit: starts one batch and returns a handle (an ``AsyncResult``, a Dask ``Future``).
        wait: blocks on a handle and returns that batch's analyses.
        in_flight: most batches submitted but not yet yielded.

    Examples:
        >>> done = in_order([[1, 2], [3]], submit=lambda b: b, wait=lambda h: [x * 10 for x in h], in_flight=1)
        >>> list(done)
        [10, 20, 30]
    """
    pending: deque[Handle] = deque()
    for batch in work:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield from wait(pending.popleft())
    while pending:
        yield from wait(pending.popleft())


def parallel_analyses(
    documents: Iterable[Document], settings: Settings, analyse: BatchFunction
) -> Iterator[Analysis]:
    """Analyse documents in ``settings.workers`` local processes; results come back in input order."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=settings.workers) as pool:
        yield from in_order(
            batches(documents, settings.batch_size),
            submit=lambda batch: pool.apply_async(analyse, (batch,), {"model": settings.model}),
            wait=lambda handle: handle.get(),
            in_flight=IN_FLIGHT_PER_WORKER * settings.workers,
        )


def can_overlap() -> bool:
    """Whether :func:`overlapped_analyses` can run here: it needs ``fork``, which shares the loaded
    model with the child, and macOS's system libraries are not safe to use after a fork."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def overlapped_analyses(
    documents: Iterable[Document],
    settings: Settings,
    *,
    load: Callable[[], object],
    parse: ParseFunction,
    read: ReadFunction,
) -> Iterator[Analysis]:
    """Analyse documents with the model in one child process, in input order (see :func:`can_overlap`).

    The child only runs the model (``parse``, on each batch's texts); this process turns the parses
    into records (``read``) while the child parses the next batch, and resolves and stores them in
    the meantime, so a one-worker build takes about as long as the model alone. The child is
    forked after ``load`` has loaded the model here, so it starts at once with the same pipeline,
    and ``read`` rebuilds the parses on that pipeline's vocabulary. Nothing is started for an
    input with no documents.

    Args:
        documents: the documents to analyse, consumed lazily.
        settings: ``batch_size`` and ``model``.
        load: loads (and caches) the model in this process, before the fork.
        parse: ``parse(texts, model=...)``, run in the child; returns one batch's parses.
        read: ``read(documents, parses, model=...)``, run here; returns one batch's analyses.
    """
    work = batches(documents, settings.batch_size)
    first = next(work, None)
    if first is None:
        return
    load()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=1) as pool:
        yield from in_order(
            itertools.chain([first], work),
            submit=lambda batch: (batch, pool.apply_async(parse, ([d.text for d in batch],), {"model": settings.model})),
            wait=lambda handle: read(handle[0], handle[1].get(), model=settings.model),
            in_flight=IN_FLIGHT_PER_WORKER,
        )


def cluster_analyses(
    documents: Iterable[Document], settings: Settings, analyse: BatchFunction
) -> Iterator[Analysis]:
    """Analyse documents on the Dask cluster ``settings.cluster``; results come back in input order.

    Each Dask worker process keeps its own cached model (``analyse`` loads it once per process),
    batches travel as plain records, and the parent resolves and stores results as they stream
    back, exactly as with local workers. ``settings.cluster`` is a scheduler address
    (``tcp://HOST:8786``) or ``"local"`` for a :class:`distributed.LocalCluster` of
    ``settings.workers`` single-threaded processes on 127.0.0.1.

    Raises:
        NewsgraphError: ``distributed`` is not installed, or the scheduler cannot be reached.
    """
    with _cluster_client(settings) as client:
        yield from in_order(
            batches(documents, settings.batch_size),
            submit=lambda batch: client.submit(analyse, batch, model=settings.model, pure=False),
            wait=lambda future: future.result(),
            in_flight=IN_FLIGHT_PER_WORKER * _worker_slots(client),
        )


@contextlib.contextmanager
def _cluster_client(settings: Settings) -> Iterator[Client]:
    """A ``distributed.Client`` for ``settings.cluster``; a local cluster lives as long as it."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise NewsgraphError(_MISSING_DISTRIBUTED) from exc
    address = settings.cluster or LOCAL_CLUSTER
    if address == LOCAL_CLUSTER:
        with warnings.catch_warnings():
            # Without a dashboard the scheduler still serves /health on 8787, or on a free port
            # (with a warning) when another cluster has it; neither concerns a build.
            warnings.filterwarnings("ignore", message=r"Port \d+ is already in use")
            cluster = LocalCluster(
                n_workers=settings.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        with cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    try:
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise NewsgraphError(
            f"cannot reach the Dask scheduler at {address!r}: {exc} "
            "(start one with `dask scheduler`, or use --cluster local)"
        ) from exc
    with client:
        _check_workers(client, address)
        yield client


def _check_workers(client: Client, address: str) -> None:
    """Fail early and plainly when a remote cluster has no workers or cannot run newsgraph."""
    import dask

    try:
        client.wait_for_workers(1, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except TimeoutError as exc:
        raise NewsgraphError(f"the Dask cluster at {address!r} has no workers; start some with `dask worker {address}`") from exc
    try:
        client.run(importlib.import_module, "graph.nlp.run")
    except ImportError as exc:
        raise NewsgraphError(
            f"a Dask worker cannot import {exc.name!r}: install newsgraph and its model on every worker"
        ) from exc


def _worker_slots(client: Client) -> int:
    """Threads across the cluster's workers (at least one, for a cluster still starting up)."""
    return max(1, sum(client.nthreads().values()))
