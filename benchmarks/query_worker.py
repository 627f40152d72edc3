"""Time queries in a child process that the benchmark can stop when a query runs too long.

Neither pyoxigraph nor rdflib can interrupt a running query, and on a large store one query can
run for hours; so every engine is timed here, in a process of its own: the child opens the store
(or parses the N-Triples) once, answers the queries one after another and writes one JSON line
per query with the seconds the query took in the child (the store's opening is not timed). When a
query runs past its limit the parent kills the child, records the query as stopped and starts a
new child for the queries left (see :func:`query_times`).

Engines: ``pyoxigraph`` (``Store.query`` on the store opened read-only), ``run_query``
(:func:`graph.query.run_query`, no time limit), ``run_query_timeout`` (``run_query`` with the CLI's
time limit, which runs each query in yet another process) and ``rdflib`` (an in-memory
``rdflib.Graph`` parsed from N-Triples).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Callable

__all__ = ["query_times", "ENGINES"]

ENGINES = ("pyoxigraph", "run_query", "run_query_timeout", "rdflib")


def query_times(engine: str, source: str, queries: list[dict[str, Any]], *, limit: float, repeat: int = 1,
                warm_up: bool = False, options: dict[str, Any] | None = None) -> tuple[dict, float]:
    """Best-of-``repeat`` seconds and row count of each query on ``engine``, and its load time.

    Args:
        engine: one of :data:`ENGINES`.
        source: the store directory, or the N-Triples file for ``rdflib``.
        queries: ``{"name", "text", "params"}`` dicts.
        limit: seconds one query may run; a longer one is recorded as stopped.
        repeat: timed runs per query.
        warm_up: run each query once untimed first (the first engine pays for a cold cache).
        options: engine options (``timeout`` for ``run_query_timeout``).

    Returns:
        ``({name: {"seconds", "rows"} | {"seconds": None, "stopped_after"} | {"seconds": None, "error"}},
        seconds to open or parse the source)``.
    """
    results: dict[str, dict] = {}
    load_s = 0.0
    left = list(queries)
    request = {"engine": engine, "source": source, "repeat": repeat, "warm_up": warm_up, "options": options or {}}
    while left:
        child = _Child({**request, "queries": left})
        first = child.next(max(600.0, limit))
        if first is None or "load_seconds" not in first:
            raise RuntimeError(f"{engine}: cannot open {source}: {child.last_error()}")
        load_s = first["load_seconds"]
        for query in list(left):
            line = child.next(limit * (repeat + warm_up))
            left.remove(query)
            if line is None:
                crashed = child.process.poll() is not None
                results[query["name"]] = (
                    {"seconds": None, "rows": None, "error": f"{engine} failed: {child.last_error()}"} if crashed
                    else {"seconds": None, "rows": None, "stopped_after": limit}
                )
                break
            results[query["name"]] = {k: line[k] for k in ("seconds", "rows", "error") if k in line}
        child.kill()
    return results, load_s


class _Child:
    """The timing process and a reader thread turning its output into a queue of JSON lines."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.errors = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(
            [sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, text=True,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request))
        self.process.stdin.close()
        self.lines: queue.SimpleQueue[dict | None] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def next(self, timeout: float) -> dict | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def last_error(self) -> str:
        """The last line the child wrote to stderr (the exception, when it crashed)."""
        if self.process.poll() is None:
            return "no answer"
        self.errors.seek(0)
        lines = self.errors.read().strip().splitlines()
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.errors.close()


# ------------------------------------------------------------------------------ the child


def _child_main() -> None:
    request = json.loads(sys.stdin.read())
    started = time.perf_counter()
    run = _RUNNERS[request["engine"]](request["source"], request["options"])
    _emit({"load_seconds": time.perf_counter() - started})
    for query in request["queries"]:
        if request["warm_up"]:
            _answer(run, query)
        best, rows, error = float("inf"), 0, None
        for _ in range(request["repeat"]):
            started = time.perf_counter()
            rows, error = _answer(run, query)
            best = min(best, time.perf_counter() - started)
        _emit({"name": query["name"], "seconds": None if error else best, "rows": None if error else rows,
               **({"error": error} if error else {})})


def _answer(run: Callable[[str, dict[str, str]], int], query: dict[str, Any]) -> tuple[int, str | None]:
    """Rows of one answer, or the error the engine raised (a time limit, a bug in the engine)."""
    try:
        return run(query["text"], query["params"]), None
    except Exception as exc:  # recorded with the figures; the other queries still run
        return 0, f"{type(exc).__name__}: {exc}"


def _pyoxigraph(source: str, options: dict[str, Any]) -> Callable[[str, dict[str, str]], int]:
    import pyoxigraph as ox

    from graph.query import default_prefixes

    store, prefixes = ox.Store.read_only(source), default_prefixes()

    def run(text: str, params: dict[str, str]) -> int:
        substitutions = {ox.Variable(k): ox.Literal(v) for k, v in params.items()} or None
        answer = store.query(text, prefixes=prefixes, use_default_graph_as_union=True, substitutions=substitutions)
        return 1 if isinstance(answer, ox.QueryBoolean) else len([tuple(row) for row in answer])
    return run


def _run_query(source: str, options: dict[str, Any]) -> Callable[[str, dict[str, str]], int]:
    from graph.query import run_query
    from graph.store import open_store

    store, timeout = open_store(source, read_only=True), options.get("timeout")

    def run(text: str, params: dict[str, str]) -> int:
        return len(run_query(store, text, params=params, timeout=timeout).rows())
    return run


def _rdflib(source: str, options: dict[str, Any]) -> Callable[[str, dict[str, str]], int]:
    import rdflib
    from rdflib import Literal, Variable

    graph = rdflib.Graph()
    graph.parse(source, format="nt")

    def run(text: str, params: dict[str, str]) -> int:
        return len(list(graph.query(text, initBindings={Variable(k): Literal(v) for k, v in params.items()})))
    return run


_RUNNERS = {"pyoxigraph": _pyoxigraph, "run_query": _run_query, "run_query_timeout": _run_query, "rdflib": _rdflib}


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path[:0] = [str(__import__("pathlib").Path(__file__).resolve().parent.parent)]
    _child_main()
