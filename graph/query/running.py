"""Run a query on the store with parameters bound and a time limit: :func:`run_query`.

For a store on disk the time limit is kept by a worker process (see :mod:`.worker`); a store in
memory cannot be shared with another process, so there the query runs in a daemon thread: the
caller gets its error on time, but the work runs on in the background until it ends.
``timeout=None`` runs in the calling thread with no limit and no start-up cost.
"""

from __future__ import annotations

import queue
import re
import threading
from typing import TYPE_CHECKING, Mapping

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .binding import check_params, default_prefixes, known_names, substitutions
from .execute import execute, outcome
from .results import QueryKind, QueryResult, visible
from .saved import SavedQuery
from .worker import in_process, readable_copy, timed_out

if TYPE_CHECKING:
    from ..store import GraphStore

__all__ = ["run_query"]

_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def run_query(
    store: GraphStore | ox.Store,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float | None = 30.0,
    saved: SavedQuery | None = None,
) -> QueryResult:
    """Run SPARQL on the union of all document graphs, with parameters bound, within a time limit.

    Args:
        store: a :class:`~graph.store.GraphStore` (or a raw pyoxigraph ``Store``).
        sparql: the query; the project's prefixes (``ng:``, ``nge:``, ``skos:``...) are predeclared.
        params: variable name → value, bound as substitutions (see :func:`bind_value`); a
            variable must be projected by the ``SELECT`` to be bound.
        timeout: seconds before the query is stopped; ``None`` (or 0) runs it in this thread,
            unbounded, which is also the fastest way for trusted queries.
        saved: the saved query ``sparql`` came from, to check its parameters by name.

    Raises:
        QueryError: malformed query (with line and column), bad parameters, or time is up.
        StoreError: the store cannot be read.

    Examples:
        >>> from graph.store import open_store
        >>> run_query(open_store(), "ASK { ?s ?p ?o }", timeout=None).boolean
        False
    """
    params = dict(params or {})
    check_params(saved, params)
    params = known_names(params, saved)
    prefixes = default_prefixes()
    substitutions(params, prefixes)  # fail early, in this process, on bad names and IRIs
    oxstore = store if isinstance(store, ox.Store) else store.oxigraph
    path = None if isinstance(store, ox.Store) else store.path
    if timeout is None or timeout <= 0:
        answer = outcome(lambda: execute(oxstore, sparql, params, prefixes))
    elif path is not None:
        with readable_copy(store) as source:  # type: ignore[arg-type]
            answer = in_process(str(source), sparql, params, prefixes, timeout)
    else:
        answer = _in_thread(oxstore, sparql, params, prefixes, timeout)
    return _result(answer, sparql)


def _in_thread(store: ox.Store, sparql: str, params: dict[str, str], prefixes: dict[str, str], timeout: float) -> tuple:
    box: queue.SimpleQueue[tuple] = queue.SimpleQueue()
    worker = threading.Thread(
        target=lambda: box.put(outcome(lambda: execute(store, sparql, params, prefixes))),
        name="newsgraph-query",
        daemon=True,  # pyoxigraph cannot cancel; never let a runaway query block interpreter exit
    )
    worker.start()
    try:
        return box.get(timeout=timeout)
    except queue.Empty:
        raise timed_out(timeout) from None


def _result(answer: tuple, sparql: str) -> QueryResult:
    status, value = answer
    if status == "ok":
        kind, variables, payload = value
        return QueryResult(QueryKind(kind), tuple(variables), bytes(payload))
    if status == "syntax":
        raise QueryError(_syntax_message(value, sparql))
    if status == "query":
        raise QueryError(_query_message(value))
    raise StoreError(f"cannot read the store: {value}")


def _syntax_message(message: str, sparql: str) -> str:
    """``error at 3:2: expected OPTIONAL`` → line, column, the line itself and a caret."""
    match = _SYNTAX.match(message)
    if not match:
        return f"malformed SPARQL: {message}"
    line, column, reason = int(match.group(1)), int(match.group(2)), " ".join(match.group(3).split())
    if "Prefix not found" in reason:
        reason = "undeclared prefix; declare it with PREFIX or use one of " + ", ".join(default_prefixes())
    elif len(reason) > 200:
        reason = reason[:200] + "…"
    lines = sparql.splitlines() or [""]
    text = visible(lines[line - 1]) if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return f"malformed SPARQL at line {line}, column {column}: {reason}\n  {text}\n  {caret}"


def _query_message(message: str) -> str:
    if "SELECT projection" in message:
        return (f"{message}: a parameter binds a variable that the SELECT clause names explicitly "
                "(not SELECT *, not in ASK/CONSTRUCT or a sub-query)")
    return f"the query failed: {message}"
