"""Run the NLP stage in several processes, keeping input order and bounded memory.

The NLP stage is CPU-bound Python, so threads do not help; each worker process loads the model
once and analyses whole batches (:func:`graph.nlp.run.analyse_batch`). At most two batches per
worker are in flight, so a corpus of any size streams through without being read into memory.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from typing import Callable, Iterable, Iterator, Sequence

from .records import Analysis, Document
from .settings import Settings

__all__ = ["parallel_analyses", "batches"]

BatchFunction = Callable[..., list[Analysis]]


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


def parallel_analyses(
    documents: Iterable[Document], settings: Settings, analyse: BatchFunction
) -> Iterator[Analysis]:
    """Analyse documents in ``settings.workers`` processes; results come back in input order."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=settings.workers) as pool:
        pending: deque = deque()
        for batch in batches(documents, settings.batch_size):
            pending.append(pool.apply_async(analyse, (batch,), {"model": settings.model}))
            if len(pending) >= 2 * settings.workers:
                yield from _results(pending.popleft().get())
        while pending:
            yield from _results(pending.popleft().get())


def _results(analyses: Sequence[Analysis]) -> Iterator[Analysis]:
    yield from analyses
