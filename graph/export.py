"""Write the graph to files other tools read: Turtle, TriG, N-Triples, N-Quads, JSON-LD.

Oxigraph serialises every format itself (fast, streaming, with our prefixes for Turtle and TriG).
Every file is written to a temporary name beside the target and renamed into place, so a reader
never sees half a file and a crash never leaves one.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, TypeVar

import pyoxigraph as ox

from .store import GraphStore
from .vocab import PREFIXES

__all__ = ["ExportFormat", "export", "atomic_write", "SUFFIXES"]

_T = TypeVar("_T")


class ExportFormat(StrEnum):
    """Serialisations ``newsgraph export`` writes."""

    TURTLE = "turtle"
    TRIG = "trig"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    JSONLD = "jsonld"

    @property
    def keeps_graphs(self) -> bool:
        """Whether the format keeps one named graph per document (else the union is written)."""
        return self in {ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD}

    @property
    def has_prefixes(self) -> bool:
        """Whether the format writes prefix declarations."""
        return self in {ExportFormat.TURTLE, ExportFormat.TRIG}


SUFFIXES = {
    ExportFormat.TURTLE: ".ttl",
    ExportFormat.TRIG: ".trig",
    ExportFormat.NTRIPLES: ".nt",
    ExportFormat.NQUADS: ".nq",
    ExportFormat.JSONLD: ".jsonld",
}

_OX_FORMATS = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
}


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it to ``path``, else delete it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a written file should read like any other
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export(store: GraphStore, path: Path, fmt: ExportFormat = ExportFormat.TURTLE) -> int:
    """Write the store to ``path`` in ``fmt``; returns the number of triples or quads written.

    Turtle and N-Triples hold the union of all document graphs (the same triple stated by two
    documents is written once); TriG, N-Quads and JSON-LD keep the named graphs. Statements
    stream from the store to the file, so memory does not grow with the graph.
    """
    if fmt.keeps_graphs:
        statements = store.oxigraph.quads_for_pattern(None, None, None, None)
    else:
        statements = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    counted, count = _tallied(statements)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    with atomic_write(path) as handle:
        ox.serialize(counted, handle, format=_OX_FORMATS[fmt], prefixes=prefixes if fmt.has_prefixes else None)
    return count()


def _tallied(items: Iterable[_T]) -> tuple[Iterator[_T], Callable[[], int]]:
    """Pass ``items`` through unchanged, counting them without running Python code per item.

    The count is of what the serialiser was actually given: the union's CONSTRUCT removes
    duplicate triples itself, so no second query (a ``COUNT(DISTINCT)`` costs a third of the
    export) and no ``len(store)`` scan that could disagree with the statements written. ``zip``
    pulls an item first and a number only when there was one, so after the items run out the
    next number is how many there were; ``zip``, ``map`` and ``itemgetter`` all run in C.

    >>> counted, count = _tallied("abc")
    >>> "".join(counted), count()
    ('abc', 3)
    """
    numbers = itertools.count()
    return map(operator.itemgetter(0), zip(items, numbers)), lambda: next(numbers)
