"""Measuring extraction quality: our gold triples, CoNLL04 relations and CaRB open-IE tuples.

Each benchmark is one module with one entry point returning a report object whose ``describe()``
is the plain-text table the CLI prints (``newsgraph evaluate gold|conll04|carb``). The modules
import the NLP stage lazily, so importing this package is cheap.
"""

from __future__ import annotations

from .carb import evaluate_carb
from .conll04 import evaluate_conll04
from .gold import evaluate_gold

__all__ = ["evaluate_gold", "evaluate_conll04", "evaluate_carb"]
