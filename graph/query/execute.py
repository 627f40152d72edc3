"""Run one query on a pyoxigraph store and materialise the answer as plain data.

Every runner (in this thread, in a thread with a time limit, in a worker process) calls
:func:`execute` through :func:`outcome`, so errors come back the same way from each.
"""

from __future__ import annotations

from typing import Any, Mapping

import pyoxigraph as ox

from .binding import substitutions
from .results import QueryKind

__all__ = ["execute", "outcome"]


def execute(store: ox.Store, sparql: str, params: Mapping[str, str], prefixes: Mapping[str, str]) -> tuple:
    """Run and materialise: ``(kind, variables, payload)``, plain data every runner can pass on."""
    answer = store.query(
        sparql,
        prefixes=dict(prefixes),
        use_default_graph_as_union=True,
        substitutions=substitutions(params, prefixes) or None,
    )
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        return QueryKind.SELECT.value, variables, answer.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(answer, ox.QueryBoolean):
        return QueryKind.ASK.value, (), answer.serialize(format=ox.QueryResultsFormat.JSON)
    triples = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES)
    return QueryKind.CONSTRUCT.value, ("subject", "predicate", "object"), triples


def outcome(call: Any) -> tuple:
    """Run ``call`` and report success or the error as data, the same way in every runner."""
    try:
        return ("ok", call())
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (RuntimeError, ValueError, TypeError) as exc:
        return ("query", str(exc))
    except OSError as exc:
        return ("store", str(exc))
