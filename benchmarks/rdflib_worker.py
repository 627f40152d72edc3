"""Run saved queries on rdflib's in-memory ``Graph`` in a child process, with a time limit each.

rdflib's SPARQL engine cannot be interrupted, and on a large graph a single query can run for
hours and take many gigabytes; so the benchmark runs rdflib here, in a process it can kill. The
child parses the N-Triples once, then answers one query after another, writing one JSON line per
query; the parent stops the child when a query runs past its limit and starts a new one for the
queries that are left (see :func:`rdflib_times`).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["rdflib_times"]


def rdflib_times(triples: Path, queries: list[dict[str, Any]], *, timeout: float, repeat: int = 1) -> tuple[dict, float]:
    """Best-of-``repeat`` seconds and rows of each query on rdflib, and the parse time.

    Args:
        triples: an N-Triples file, parsed into one ``rdflib.Graph``.
        queries: ``{"name", "text", "params"}`` dicts.
        timeout: seconds one query may run; a query that runs longer is recorded as stopped.
        repeat: runs per query.

    Returns:
        ``({name: {"seconds", "rows"} or {"seconds": None, "stopped_after": timeout}}, parse seconds)``.
    """
    results: dict[str, dict] = {}
    parse_s = 0.0
    left = list(queries)
    while left:
        child = _Child(triples, left, repeat)
        parse_s = child.parsed(timeout=max(600.0, timeout))
        for query in list(left):
            line = child.next(timeout)
            left.remove(query)
            if line is None:
                code = child.process.poll()
                results[query["name"]] = (
                    {"seconds": None, "rows": None, "stopped_after": timeout} if code is None
                    else {"seconds": None, "rows": None, "error": f"the rdflib process exited with code {code}"}
                )
                child.kill()
                break
            results[query["name"]] = {"seconds": line["seconds"], "rows": line["rows"]}
        else:
            child.kill()
    return results, parse_s


class _Child:
    """The rdflib process and a reader thread turning its output into a queue of JSON lines."""

    def __init__(self, triples: Path, queries: list[dict[str, Any]], repeat: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(triples), str(repeat)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(queries))
        self.process.stdin.close()
        self.lines: queue.SimpleQueue[dict | None] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def parsed(self, *, timeout: float) -> float:
        first = self.next(timeout)
        if first is None:
            raise RuntimeError("the rdflib child could not parse the sample")
        return float(first["parse_seconds"])

    def next(self, timeout: float) -> dict | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def _child_main(triples: str, repeat: int) -> None:
    import rdflib
    from rdflib import Literal, Variable

    queries = json.loads(sys.stdin.read())
    graph = rdflib.Graph()
    started = time.perf_counter()
    graph.parse(triples, format="nt")
    _emit({"parse_seconds": time.perf_counter() - started, "triples": len(graph)})
    for query in queries:
        bindings = {Variable(k): Literal(v) for k, v in query["params"].items()}
        best, rows = float("inf"), 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(list(graph.query(query["text"], initBindings=bindings)))
            best = min(best, time.perf_counter() - started)
        _emit({"name": query["name"], "seconds": best, "rows": rows})


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child_main(sys.argv[1], int(sys.argv[2]))
