"""Shared fixtures, named for what they provide.

Loading the spaCy model and building the sample corpus are the expensive steps, so both happen
once per session; tests that need them are marked ``model``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with newsgraph's gazetteer ruler (loaded once)."""
    from graph.nlp.load import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The three articles the product was designed around (../shared/seeds)."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (the shared/ folder is absent)")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    """A store built once from data/ and the seed articles (open read-only), with its build report."""
    from graph.pipeline import build
    from graph.store import open_store

    path = tmp_path_factory.mktemp("demo") / "store"
    with open_store(path) as writer:
        report = build([str(DATA_DIR), str(seeds_dir)], store=writer)
    store = open_store(path, read_only=True)
    yield store, report
    store.close()


@pytest.fixture(scope="session")
def data_store(tmp_path_factory: pytest.TempPathFactory):
    """A store built once from data/ alone (what `make demo` builds), open read-only, and its report."""
    from graph.pipeline import build
    from graph.store import open_store

    path = tmp_path_factory.mktemp("data") / "store"
    with open_store(path) as writer:
        report = build([str(DATA_DIR)], store=writer)
    store = open_store(path, read_only=True)  # closed writer: commands may open it again
    yield store, report
    store.close()


@pytest.fixture
def memory_store():
    """An empty in-memory store."""
    from graph.store import open_store

    return open_store(None)
