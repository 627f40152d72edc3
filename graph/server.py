"""A SPARQL 1.1 endpoint over the store: the real Oxigraph server, read-only, on a snapshot.

Why the ``oxigraph`` server rather than a Python one: it implements the SPARQL 1.1 Protocol
(GET and POST, content negotiation for results JSON/XML/CSV/TSV and RDF syntaxes), the Graph Store
Protocol and a query page at ``/`` (YASGUI), so YASGUI, SPARQLWrapper, Protégé or another store
federating with ``SERVICE`` talk to it without any code of ours. ``serve-read-only`` refuses SPARQL
UPDATE and Graph Store writes with ``403``.

Why a snapshot. ``oxigraph serve-read-only`` *can* open a store that a build is writing (RocksDB
read-only mode takes no lock), but Oxigraph documents that as undefined behaviour; in practice the
server sees the store frozen as it was when it opened, and a compaction by the writer can later
delete files under its feet. So :func:`serve` first takes a consistent copy:

* no writer: the store is opened and ``Store.backup()`` makes a RocksDB checkpoint (hard links on
  the same file system, so it is instant and costs no space until the original changes);
* a build holds the lock: the store is opened read-only (which replays the write-ahead log) and
  its quads are copied into a fresh store. ``Store.backup()`` on a read-only store is *not* used:
  it checkpoints only the flushed files and silently misses recent writes.

The snapshot lives in a temporary directory (next to the store when the system temp is on another
file system, so hard links still work) and is deleted when the server stops. Builds may run while
it serves; restart ``newsgraph serve`` to publish what they added.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType
from typing import IO, Callable

import pyoxigraph as ox

from .errors import StoreError

__all__ = ["ServerProcess", "serve", "snapshot_store", "find_oxigraph", "free_port"]

_STARTUP_SECONDS = 15.0


def find_oxigraph() -> str:
    """Path of the ``oxigraph`` server binary: the one installed next to this Python, else PATH.

    Raises:
        StoreError: it is not installed.
    """
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the oxigraph server is not installed; install it with `pip install oxigraph`")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests and ``--port 0``)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def snapshot_store(store_path: str | Path, target: str | Path) -> str:
    """Copy the store at ``store_path`` into the new directory ``target``, consistently.

    Returns:
        ``"backup"`` (a RocksDB checkpoint) or ``"copy"`` (quads copied from a read-only view,
        because another process holds the store for writing).

    Raises:
        StoreError: there is no store at ``store_path``, or it cannot be read.
    """
    source, target = Path(store_path), Path(target)
    if not (source / "CURRENT").is_file():
        raise StoreError(f"{source}: no store here (build one with `newsgraph build ... --store {source}`)")
    try:
        store = ox.Store(str(source))
    except OSError as exc:
        if "lock" not in str(exc).lower():
            raise StoreError(f"{source}: cannot open the store: {exc}") from exc
        return _copy_from_read_only(source, target)
    try:
        store.flush()
        store.backup(str(target))
    except OSError as exc:
        raise StoreError(f"{source}: cannot snapshot the store into {target}: {exc}") from exc
    finally:
        del store
    return "backup"


def _copy_from_read_only(source: Path, target: Path) -> str:
    try:
        reader = ox.Store.read_only(str(source))
        copy = ox.Store(str(target))
        copy.bulk_extend(reader.quads_for_pattern(None, None, None, None))
        copy.flush()
    except OSError as exc:
        raise StoreError(f"{source}: cannot copy the store (a build is writing it): {exc}") from exc
    del copy, reader
    return "copy"


def _snapshot_parent(store_path: Path) -> Path:
    """The system temp dir, unless it is on another file system than the store (no hard links)."""
    system = Path(tempfile.gettempdir())
    try:
        if os.stat(system).st_dev == os.stat(store_path).st_dev:
            return system
    except OSError:
        return system
    return store_path.resolve().parent


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _client_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class ServerProcess:
    """An ``oxigraph serve`` / ``serve-read-only`` process: start, wait until it answers, stop.

    Usable as a context manager, which is how the tests use it::

        with ServerProcess(snapshot_dir, port=free_port()) as server:
            urllib.request.urlopen(server.query_url + "?query=ASK{}")

    Args:
        location: the database directory; ``None`` with ``read_only=False`` is an in-memory store.
        host: address to bind; localhost unless the caller says otherwise.
        port: TCP port.
        read_only: run ``serve-read-only`` (refuses UPDATE and Graph Store writes).
        union_default_graph: the default graph is the union of the documents' graphs, as in
            ``newsgraph query``, so plain queries need no ``GRAPH`` clause.
        timeout_s: per-query time limit of the server, in seconds.
        cors: allow cross-origin requests (for a YASGUI served from another origin).
        log: where the server's output goes; by default a temporary file, quoted on failure.
    """

    def __init__(
        self,
        location: str | Path | None,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        read_only: bool = True,
        union_default_graph: bool = True,
        timeout_s: int | None = None,
        cors: bool = False,
        log: IO[bytes] | None = None,
    ) -> None:
        if read_only and location is None:
            raise StoreError("a read-only server needs a store directory")
        self.location = None if location is None else Path(location)
        self.host, self.port, self.read_only = host, port, read_only
        self._options = (union_default_graph, timeout_s, cors)
        self._log = log
        self._own_log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    # -- addresses ----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL; the query page (YASGUI) is here."""
        return f"http://{_client_host(self.host)}:{self.port}"

    @property
    def query_url(self) -> str:
        """SPARQL 1.1 Protocol query endpoint (GET ``?query=`` or POST)."""
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        """SPARQL 1.1 Update endpoint (refused by a read-only server)."""
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """Graph Store Protocol endpoint (``?graph=IRI`` or ``?default``)."""
        return f"{self.url}/store"

    @property
    def pid(self) -> int | None:
        """Process id of the server, while it runs."""
        return None if self._process is None else self._process.pid

    def command(self) -> list[str]:
        """The exact command line, for logs and for users who want to run it themselves."""
        union, timeout_s, cors = self._options
        args = [find_oxigraph(), "serve-read-only" if self.read_only else "serve"]
        if self.location is not None:
            args += ["--location", str(self.location)]
        args += ["--bind", _bind_address(self.host, self.port)]
        if union:
            args.append("--union-default-graph")
        if timeout_s:
            args += ["--timeout-s", str(int(timeout_s))]
        if cors:
            args.append("--cors")
        return args

    # -- life cycle ---------------------------------------------------------------------------
    def start(self, *, wait: float = _STARTUP_SECONDS) -> ServerProcess:
        """Start the server and return once it answers a query.

        Raises:
            StoreError: the binary is missing, or the server exited or stayed silent
                (port taken, unreadable store); the message quotes its output.
        """
        if self._process is not None:
            return self
        log = self._log
        if log is None:
            log = self._own_log = tempfile.TemporaryFile()
        self._process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            self._wait_ready(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, seconds: float) -> None:
        probe = f"{self.query_url}?query=ASK%7B%7D"
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise StoreError(f"the oxigraph server exited (code {self._process.returncode}): {self._output()}")
            try:
                with urllib.request.urlopen(probe, timeout=1.0) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise StoreError(f"the oxigraph server did not answer on {self.url} within {seconds:g} s: {self._output()}")

    def _output(self) -> str:
        log = self._own_log
        if log is None:
            return "(see its log)"
        log.seek(0)
        text = log.read().decode("utf-8", "replace").strip()
        return text[-500:] or "(no output)"

    def wait(self) -> int:
        """Block until the server exits; its exit code."""
        if self._process is None:
            return 0
        return self._process.wait()

    def stop(self, *, grace: float = 5.0) -> None:
        """Stop the server: SIGINT (what Ctrl-C sends), then SIGKILL if it lingers."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(grace)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self._own_log is not None:
            self._own_log.close()
            self._own_log = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: int | None = None,
    cors: bool = False,
    on_ready: Callable[[ServerProcess, str], None] | None = None,
) -> int:
    """Serve a snapshot of the store read-only over SPARQL until Ctrl-C or SIGTERM.

    Args:
        store_path: the store directory.
        host: address to bind (``127.0.0.1``: this machine only; ``0.0.0.0`` exposes it).
        port: TCP port (0 picks a free one).
        timeout_s: per-query time limit of the server.
        cors: allow cross-origin requests.
        on_ready: called with the running server and how the snapshot was made ("backup" or
            "copy"), so the caller can tell the user where to point their client.

    Returns:
        0 when stopped by a signal, else the server's exit code.

    Raises:
        StoreError: no store, no ``oxigraph`` binary, or the server failed to start.
    """
    store_path = Path(store_path)
    if port == 0:
        port = free_port(host if host not in ("0.0.0.0", "::") else "127.0.0.1")
    workdir = Path(tempfile.mkdtemp(prefix="newsgraph-serve-", dir=_snapshot_parent(store_path)))
    try:
        method = snapshot_store(store_path, workdir / "store")
        server = ServerProcess(workdir / "store", host=host, port=port, timeout_s=timeout_s, cors=cors)
        with _signals_as_interrupt():
            try:
                server.start()
                if on_ready is not None:
                    on_ready(server, method)
                return server.wait()
            except KeyboardInterrupt:
                return 0
            finally:
                server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class _signals_as_interrupt:
    """Turn SIGTERM into KeyboardInterrupt for the block, so ``kill`` stops as cleanly as Ctrl-C."""

    def __enter__(self) -> None:
        self._installed = False
        try:
            self._previous = signal.signal(signal.SIGTERM, self._raise)
            self._installed = True
        except ValueError:  # not the main thread: leave signals alone
            pass

    @staticmethod
    def _raise(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous)
