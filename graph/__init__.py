"""newsgraph: who did what to whom in the news, as an RDF knowledge graph with evidence.

>>> from graph import build, open_store, Settings
>>> with open_store("store/") as store:                        # doctest: +SKIP
...     report = build(["data/"], store=store, settings=Settings(workers=2))
...     rows = run_query(store, "SELECT ?s WHERE { ?s a ng:Person }").rows()

The names are loaded on first use, so ``import graph`` (and ``newsgraph query``) stays fast and
does not import spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = ["build", "Settings", "open_store", "run_query", "NewsgraphError", "__version__"]

_HOMES = {
    "build": "graph.pipeline",
    "Settings": "graph.settings",
    "open_store": "graph.store",
    "run_query": "graph.query",
    "NewsgraphError": "graph.errors",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
