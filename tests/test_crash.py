"""Crashes and concurrency: kill -9 mid-build, two builds on one store.

A build writes each document in its own transaction, so killing it at any moment leaves a store
that opens, validates, and converges on the clean build when run again.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import StoreLockedError
from graph.store import open_store

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parent.parent / "data" / "articles"


def _build_command(store: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "graph", "build", str(source), "--store", str(store)]


def _quads(store_path: Path) -> set:
    with open_store(store_path, read_only=True) as store:
        return set(store.oxigraph)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles copied three times with varied names, so a build takes a while."""
    folder = tmp_path_factory.mktemp("corpus")
    for n, name in enumerate(["", "Northern ", "Southern "]):
        for article in sorted(DATA.iterdir()):
            if article.suffix == ".jsonl":
                continue
            text = article.read_text(encoding="utf-8")
            (folder / f"{n}-{article.name}").write_text(text.replace("Bank of Marenia", f"{name}Bank of Marenia") + f"\n\nEdition {n}.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> set:
    store = tmp_path_factory.mktemp("clean") / "store"
    subprocess.run(_build_command(store, corpus), check=True, capture_output=True, timeout=300)
    return _quads(store)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_minus_nine_then_resume_reaches_the_clean_build(corpus: Path, clean_build: set, tmp_path: Path, seed: int) -> None:
    from graph.validate import validate

    store = tmp_path / "store"
    delay = random.Random(seed).uniform(1.5, 4.5)
    process = subprocess.Popen(_build_command(store, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    with open_store(store) as reopened:  # opens after the kill: no stale lock, no corruption
        partial = len(reopened.document_graphs())
        assert validate(reopened.union_graph()).conforms
    resumed = subprocess.run(_build_command(store, corpus), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    if partial:
        assert f"{partial} unchanged" in resumed.stdout
    assert _quads(store) == clean_build


def test_a_second_build_on_a_busy_store_fails_clearly(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = subprocess.Popen(_build_command(store, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (store / "LOCK").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = subprocess.run([*_build_command(store, DATA), "--wait", "0"], capture_output=True, text=True, timeout=120)
        assert first.poll() is None, "the first build ended before the second started; the test proved nothing"
        assert second.returncode != 0
        assert "in use by another newsgraph process" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0


_HOLD_STORE = """
import sys, time
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.mark.parametrize("wait, opens", [(0.0, False), (15.0, True)])
def test_a_writer_waits_for_a_held_store_only_as_long_as_asked(tmp_path: Path, wait: float, opens: bool) -> None:
    store = tmp_path / "store"
    open_store(store).close()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_STORE, str(store), "1.5"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        if opens:
            with open_store(store, wait=wait) as reopened:
                assert reopened.document_graphs() == set()
            assert holder.poll() is not None, "the store opened while still held: the test proved nothing"
        else:
            with pytest.raises(StoreLockedError, match="in use by another newsgraph process"):
                open_store(store, wait=wait)
    finally:
        holder.wait(timeout=30)
