"""Ask the graph questions: SPARQL with bound parameters, saved queries and result formats.

Three things live here, because every way of asking (the CLI, Python, tests) needs all three
(one module each: ``saved``, ``binding`` + ``running`` + ``worker``, ``results``):

* **Saved queries**: ``graph/queries/*.rq``, each opened by a comment header that says what it
  answers and which parameters it takes. :func:`saved_queries` reads them as package data, so they
  ship with the wheel, and :func:`load_query` picks one by name or accepts SPARQL text.
* **Running**: :func:`run_query` binds parameters as pyoxigraph ``substitutions`` (never pasted
  into the query text, so a name like ``" } ; DROP ALL #`` is only ever a string) and stops a query
  that runs past its time limit.
* **Results**: :class:`QueryResult` gives rows of Python values and serialises to the W3C result
  formats through pyoxigraph's own writers, to Turtle for graphs, and to a plain aligned table.

How parameters bind. pyoxigraph implements SEP-0007 substitution: the value replaces the variable
wherever it occurs, and the variable must be *projected* by a ``SELECT`` (it cannot bind inside
sub-queries, nor in ``ASK``/``CONSTRUCT``). So every saved query selects its parameters as columns,
and matches entities by comparing labels with the bound value, case-insensitively, so users pass
names ("li qiang", "Premier Li") rather than IRIs. ``BOUND(?param)`` does not see a substituted
value, so the queries never test it.

Why a separate process for the time limit: see :mod:`graph.query.worker`.
"""

from .binding import bind_value, default_prefixes
from .results import QueryKind, QueryResult, ResultFormat, render_table, to_python
from .running import run_query
from .saved import SavedQuery, load_query, saved_queries

__all__ = [
    "QueryKind",
    "ResultFormat",
    "SavedQuery",
    "QueryResult",
    "saved_queries",
    "load_query",
    "run_query",
    "bind_value",
    "default_prefixes",
    "render_table",
    "to_python",
]
