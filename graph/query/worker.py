"""Queries with a time limit on a store on disk: run in a worker process, killed when time is up.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: a timed-out query in a
thread would keep a core busy until it finished. So the query runs in a short-lived worker (a
fresh interpreter, not a fork of this one, which holds RocksDB's threads) that opens the store
read-only; that costs about 0.15 s of start-up per query. A store this process has open for
writing is first checkpointed, because a read-only view of a live RocksDB can lose files to the
writer's compaction mid-query.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from .execute import execute, outcome

if TYPE_CHECKING:
    from ..store import GraphStore

__all__ = ["in_process", "readable_copy", "timed_out", "worker_main"]


_WORKER_BOOT = (
    "import json, sys; request = json.loads(sys.stdin.buffer.readline()); sys.path[:] = request['sys_path']; "
    "from graph.query.worker import worker_main; worker_main(request)"
)


def worker_main(request: dict[str, Any]) -> None:
    """Body of the worker process: open the store read-only, run, write the outcome to stdout.

    The answer is one JSON line (status, kind, variables, message) followed by the raw payload,
    so a large result needs no escaping.
    """
    def run() -> tuple:
        for attempt in range(_RACE_RETRIES + 1):
            try:
                store = ox.Store.read_only(request["path"])
                return execute(store, request["sparql"], request["params"], request["prefixes"])
            except (OSError, RuntimeError, ValueError) as exc:
                # Another process's compaction deleted a file this read-only view still lists.
                if attempt == _RACE_RETRIES or not any(m in str(exc) for m in _RACE_MESSAGES):
                    raise
        raise AssertionError("unreachable")

    status, value = outcome(run)
    header: dict[str, Any] = {"status": status}
    payload = b""
    if status == "ok":
        header["kind"], header["variables"], payload = value[0], list(value[1]), value[2]
    else:
        header["message"] = value
    out = sys.stdout.buffer
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    out.write(payload)
    out.flush()


_RACE_RETRIES = 3
_RACE_MESSAGES = ("Corruption", "No such file or directory")


@contextmanager
def readable_copy(store: GraphStore) -> Iterator[Path]:
    """A directory the worker may open read-only without racing a writer.

    A store this process holds for writing is checkpointed first (``Store.backup``: hard links
    plus the write-ahead log, milliseconds even for large stores, and it includes unflushed
    writes), because a read-only view of a live RocksDB can lose files to the writer's background
    compaction mid-query. A store opened read-only here is handed over as it is; the worker
    retries when another process's build wins that race.
    """
    assert store.path is not None
    if store.read_only:
        yield Path(store.path)
        return
    workdir = Path(tempfile.mkdtemp(prefix=".newsgraph-query-", dir=Path(store.path).resolve().parent))
    try:
        try:
            store.oxigraph.backup(str(workdir / "store"))
        except OSError as exc:
            raise StoreError(f"{store.path}: cannot checkpoint the store for the query: {exc}") from exc
        yield workdir / "store"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def in_process(path: str, sparql: str, params: dict[str, str], prefixes: dict[str, str], timeout: float) -> tuple:
    """Run in a fresh interpreter and kill it when time is up.

    A plain subprocess rather than ``multiprocessing``: spawn would re-import the caller's
    ``__main__``, which breaks any script without an ``if __name__ == "__main__"`` guard, and
    fork is unsafe in a process that holds RocksDB's threads.
    """
    request = {"path": path, "sparql": sparql, "params": params, "prefixes": prefixes, "sys_path": sys.path}
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER_BOOT],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        stdout, stderr = process.communicate(json.dumps(request).encode("utf-8") + b"\n", timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise timed_out(timeout) from None
    header_line, _, payload = stdout.partition(b"\n")
    try:
        header = json.loads(header_line)
    except ValueError:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        raise StoreError(f"{path}: the query worker failed: {detail[0]}") from None
    if header["status"] != "ok":
        return header["status"], header["message"]
    return "ok", (header["kind"], tuple(header["variables"]), payload)


def timed_out(timeout: float) -> QueryError:
    """The error every runner gives when a query runs past its limit."""
    return QueryError(f"query stopped after {timeout:g} s; raise --timeout")
