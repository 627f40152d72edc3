"""Answers to queries: rows of Python values, W3C result formats, Turtle, and a table for people.

:class:`QueryResult` keeps the answer in a W3C format, because that is what crosses the process
boundary from the query worker, and serialises it through pyoxigraph's own writers.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Iterator, Mapping

import pyoxigraph as ox

from ..errors import QueryError
from .binding import default_prefixes

__all__ = ["QueryKind", "ResultFormat", "QueryResult", "to_python", "render_table", "visible"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
)}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}


class QueryKind(StrEnum):
    """What a query returns: solutions, a boolean or triples (``DESCRIBE`` gives triples too)."""

    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"


class ResultFormat(StrEnum):
    """Output formats: W3C SPARQL results, Turtle for graphs, a table and JSON Lines for people."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    TURTLE = "turtle"
    XML = "xml"


_RESULTS_FORMATS = {
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.JSON: ox.RdfFormat.JSON_LD,
    ResultFormat.XML: ox.RdfFormat.RDF_XML,
}



def to_python(term: object) -> object:
    """A pyoxigraph term as a plain Python value: IRIs as ``str``, typed literals as their type.

    Integers → ``int``, decimal/double/float → ``float``, booleans → ``bool``, ``xsd:date`` →
    ``datetime.date``, ``xsd:dateTime`` → ``datetime.datetime``; anything else → its lexical
    form (a language tag is dropped); blank nodes → ``"_:id"``; unbound → ``None``.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal_value(term)
    return str(term)


def _literal_value(literal: ox.Literal) -> object:
    datatype, text = literal.datatype.value, literal.value
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(text)
        if datatype == f"{_XSD}boolean":
            return text.strip() in ("true", "1")
        if datatype == f"{_XSD}date":
            return date.fromisoformat(text)
        if datatype == f"{_XSD}dateTime":
            return datetime.fromisoformat(text)
    except ValueError:
        return text  # ill-typed literal: keep what the data says
    return text


@dataclass(frozen=True)
class QueryResult:
    """The materialised answer to one query.

    The payload is kept in a W3C format (SPARQL results JSON for ``SELECT``/``ASK``, N-Triples
    for graphs) because that is what crosses the process boundary, and pyoxigraph can parse it
    back to re-serialise into any other format losslessly.
    """

    kind: QueryKind
    variables: tuple[str, ...]
    payload: bytes
    _rows: list[dict[str, object]] | None = field(default=None, repr=False, compare=False)

    @property
    def boolean(self) -> bool | None:
        """The answer of an ``ASK`` query; ``None`` for the other kinds."""
        if self.kind is not QueryKind.ASK:
            return None
        return bool(json.loads(self.payload)["boolean"])

    def terms(self) -> list[dict[str, Any]]:
        """Rows as pyoxigraph terms (``None`` for unbound), for callers that need datatypes."""
        if self.kind is QueryKind.SELECT:
            solutions = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
            return [{v: solution[v] for v in self.variables} for solution in solutions]
        if self.kind is QueryKind.CONSTRUCT:
            return [dict(zip(self.variables, (t.subject, t.predicate, t.object))) for t in self.triples()]
        return []

    def rows(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (see :func:`to_python`); a triple per row for graphs."""
        if self._rows is None:
            object.__setattr__(self, "_rows", [{k: to_python(v) for k, v in row.items()} for row in self.terms()])
        return list(self._rows or [])

    def triples(self) -> list[ox.Triple]:
        """The triples of a ``CONSTRUCT``/``DESCRIBE`` answer."""
        if self.kind is not QueryKind.CONSTRUCT:
            return []
        return list(ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES))

    def __iter__(self) -> Iterator[dict[str, object]]:
        return iter(self.rows())

    def __len__(self) -> int:
        return len(self.rows())

    def serialize(self, fmt: ResultFormat | str = ResultFormat.TABLE, *, max_width: int = 60) -> str:
        """Write the result in ``fmt``.

        ``csv``/``tsv``/``json``/``xml`` are the W3C SPARQL results formats for ``SELECT`` and
        ``ASK``; for graphs ``turtle``, ``json`` (JSON-LD) and ``xml`` (RDF/XML). ``table`` is an
        aligned plain-text table (cells cut at ``max_width`` characters, control characters
        escaped so data cannot drive the terminal); ``jsonl`` is one JSON object per row.

        Raises:
            QueryError: the format does not fit the kind of query (Turtle for a ``SELECT``...).
        """
        fmt = ResultFormat(fmt)
        if fmt is ResultFormat.TABLE:
            return self._table(max_width)
        if fmt is ResultFormat.JSONL:
            return self._jsonl()
        if self.kind is QueryKind.CONSTRUCT:
            return self._graph(fmt)
        if fmt is ResultFormat.TURTLE:
            raise QueryError(f"--format turtle needs a CONSTRUCT or DESCRIBE query; this is {self.kind.upper()}: "
                             "use table, csv, tsv, json, jsonl or xml")
        parsed = ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=_RESULTS_FORMATS[fmt]).decode("utf-8")

    def _graph(self, fmt: ResultFormat) -> str:
        if fmt not in _GRAPH_FORMATS:
            raise QueryError(f"a {self.kind.upper()} query gives triples: use --format turtle, json (JSON-LD), "
                             "xml (RDF/XML), table or jsonl, not {fmt}")
        prefixes = default_prefixes() if fmt is ResultFormat.TURTLE else None
        return ox.serialize(self.triples(), format=_GRAPH_FORMATS[fmt], prefixes=prefixes).decode("utf-8")

    def _jsonl(self) -> str:
        if self.kind is QueryKind.ASK:
            return json.dumps(self.boolean) + "\n"
        return "".join(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n" for row in self.rows())

    def _table(self, max_width: int) -> str:
        if self.kind is QueryKind.ASK:
            return ("true" if self.boolean else "false") + "\n"
        prefixes = default_prefixes()
        cells = [[_cell(row.get(v), prefixes, max_width) for v in self.variables] for row in self.terms()]
        return render_table(list(self.variables), cells)


def _json_default(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _cell(term: object, prefixes: Mapping[str, str], max_width: int) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = _compact(term.value, prefixes)
    else:
        value = to_python(term)
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return _truncate(visible(text), max_width)


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def visible(text: str) -> str:
    """Escape control, format and separator characters: data must not move the cursor."""
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}"))
        else:
            out.append(char)
    return "".join(out)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _truncate(text: str, max_width: int) -> str:
    if max_width <= 0 or _width(text) <= max_width:
        return text
    kept, used = [], 0
    for char in text:
        used += _width(char)
        if used > max_width - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def render_table(header: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, a rule under the header and a row count."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"

