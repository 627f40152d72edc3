"""Ask the graph questions: SPARQL with bound parameters, saved queries and result formats.

Three things live here, because every way of asking (the CLI, Python, tests) needs all three:

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

Why a separate process for the time limit. pyoxigraph cannot cancel a running query, and a thread
cannot be killed: a timed-out query in a thread would keep a core busy until it finished. For a
store on disk :func:`run_query` therefore runs the query in a short-lived worker process (a fresh
interpreter, not a fork of this one, which holds RocksDB's threads) that opens the store read-only,
and kills the process when time is up; that costs about 0.15 s of start-up per query. A store
this process has open for writing is first checkpointed (hard links, milliseconds), because a
read-only view of a live RocksDB can lose files to the writer's compaction mid-query (seen in
practice: "Corruption: ... .sst: No such file or directory"). A store in memory cannot be shared
with another process, so there the query runs in a daemon thread: the caller gets its error on
time, but the work runs on in the background until it ends. ``timeout=None`` runs in the calling
thread with no limit and no start-up cost.
"""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

import pyoxigraph as ox

from .errors import QueryError, StoreError

if TYPE_CHECKING:
    from .store import GraphStore

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

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
)}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}
_SPARQL_START = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_PARAM = re.compile(r"^param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–:-]+\s*)?(.*)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s<>\"{}|\\^`]*)$")


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


# -- saved queries ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A query shipped in ``graph/queries/``, described by its comment header.

    Attributes:
        name: the file name without ``.rq`` (kebab-case), what users type.
        description: the header's first line: the question the query answers.
        parameters: parameter name → what to pass; each binds the variable of the same name.
        text: the SPARQL, header included (comments are SPARQL comments).
        details: the rest of the header's prose.
    """

    name: str
    description: str
    parameters: dict[str, str]
    text: str
    details: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        """Parameters without which the query would match nothing ("(optional)" ones excluded)."""
        return tuple(p for p, d in self.parameters.items() if not d.lower().startswith("(optional)"))

    @classmethod
    def parse(cls, name: str, text: str) -> SavedQuery:
        """Read the header: ``# question``, prose lines, then ``# param: name — description`` lines."""
        lines: list[str] = []
        parameters: dict[str, str] = {}
        for raw in text.splitlines():
            stripped = raw.strip()
            if not stripped.startswith("#"):
                break
            line = stripped.lstrip("#").strip()
            match = _PARAM.match(line)
            if match:
                parameters[match.group(1)] = match.group(2).strip()
            else:
                lines.append(line)
        prose = [line for line in lines if line]
        description = prose[0] if prose else name
        return cls(name, description, parameters, text, " ".join(prose[1:]))


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query by name, read from the package so installed copies find them too."""
    folder = resources.files("graph") / "queries"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = SavedQuery.parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def load_query(text_or_name: str | None, file: str | None = None) -> tuple[str, SavedQuery | None]:
    """Resolve what the user asked for into SPARQL text (and the saved query, if it is one).

    Args:
        text_or_name: a saved query's name or SPARQL text.
        file: a path to a ``.rq`` file; wins over ``text_or_name``.

    Raises:
        QueryError: nothing given, the file is unreadable, or a name no saved query has.
    """
    if file is not None:
        try:
            with open(file, encoding="utf-8") as handle:
                return handle.read(), None
        except OSError as exc:
            raise QueryError(f"{file}: cannot read the query file: {exc.strerror or exc}") from exc
    if not text_or_name or not text_or_name.strip():
        raise QueryError("no query given: pass SPARQL text, -f FILE or a saved query name (see --list)")
    known = saved_queries()
    if text_or_name in known:
        return known[text_or_name].text, known[text_or_name]
    if _SPARQL_START.match(text_or_name) or "{" in text_or_name or len(text_or_name.split()) > 1:
        return text_or_name, None  # SPARQL, perhaps broken: the parser says where
    raise QueryError(f"unknown saved query {text_or_name!r}; known queries: {', '.join(known)}")


# -- binding ---------------------------------------------------------------------------------


def default_prefixes() -> dict[str, str]:
    """The project's prefixes, so ad-hoc queries may write ``ng:proposes`` without PREFIX lines."""
    from .vocab import PREFIXES  # imports rdflib: only when a query is actually run

    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def bind_value(value: str, prefixes: Mapping[str, str] | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for.

    ``<scheme:...>``, ``http(s)://...`` and a prefixed name with a known prefix (``nge:li-qiang``)
    become IRIs; anything else (``<script>`` too) is a plain string literal, which the saved
    queries compare with labels.

    Raises:
        QueryError: the value is written as an IRI but is not a valid one.
    """
    prefixes = default_prefixes() if prefixes is None else prefixes
    iri: str | None = None
    if value.startswith("<") and value.endswith(">") and _SCHEME.match(value[1:-1]):
        iri = value[1:-1]
    elif value.startswith(("http://", "https://")):
        iri = value
    elif (match := _CURIE.match(value)) and match.group(1) in prefixes:
        iri = prefixes[match.group(1)] + match.group(2)
    if iri is None:
        return ox.Literal(value)
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"parameter value {value!r} is not a valid IRI: {exc}") from exc


def _substitutions(params: Mapping[str, str], prefixes: Mapping[str, str]) -> dict[ox.Variable, Any]:
    subs = {}
    for name, value in params.items():
        try:
            variable = ox.Variable(name)
        except ValueError as exc:
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name") from exc
        subs[variable] = bind_value(value, prefixes)
    return subs


def _known_names(params: Mapping[str, str], saved: SavedQuery | None) -> dict[str, str]:
    """Ask for an entity the gazetteer knows by its preferred label ("the U.S." → "United States").

    Saved queries compare a name parameter with the labels the articles used; a well-known
    entity's other names ("the United States", "USA") are in the gazetteer rather than the store.
    """
    names = {p for p, description in (saved.parameters.items() if saved else ()) if "name or alias" in description}
    if not names & set(params):
        return dict(params)
    from .lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    known = {p: gazetteer.lookup(params[p]) for p in names & set(params)}
    return {p: known[p].label if known.get(p) is not None else v for p, v in params.items()}  # type: ignore[union-attr]


def _check_params(saved: SavedQuery | None, params: Mapping[str, str]) -> None:
    if saved is None:
        return
    unknown = [p for p in params if p not in saved.parameters]
    if unknown:
        takes = ", ".join(saved.parameters) or "no parameters"
        raise QueryError(f"{saved.name} has no parameter {unknown[0]!r}; it takes: {takes}")
    missing = [p for p in saved.required if p not in params]
    if missing:
        described = "; ".join(f"{p} ({saved.parameters[p]})" for p in missing)
        raise QueryError(f"{saved.name} needs --param {missing[0]}=...; missing: {described}")


# -- results ---------------------------------------------------------------------------------


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
    return _truncate(_visible(text), max_width)


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _visible(text: str) -> str:
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


# -- running ---------------------------------------------------------------------------------


def run_query(
    store: GraphStore | ox.Store,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float | None = 30.0,
    saved: SavedQuery | None = None,
) -> QueryResult:
    """Run SPARQL on the union of all document graphs, with parameters bound, within a time limit.

    Args:
        store: a :class:`~graph.store.GraphStore` (or a raw pyoxigraph ``Store``).
        sparql: the query; the project's prefixes (``ng:``, ``nge:``, ``skos:``...) are predeclared.
        params: variable name → value, bound as substitutions (see :func:`bind_value`); a
            variable must be projected by the ``SELECT`` to be bound.
        timeout: seconds before the query is stopped; ``None`` (or 0) runs it in this thread,
            unbounded, which is also the fastest way for trusted queries.
        saved: the saved query ``sparql`` came from, to check its parameters by name.

    Raises:
        QueryError: malformed query (with line and column), bad parameters, or time is up.
        StoreError: the store cannot be read.

    Examples:
        >>> from graph.store import open_store
        >>> run_query(open_store(), "ASK { ?s ?p ?o }", timeout=None).boolean
        False
    """
    params = dict(params or {})
    _check_params(saved, params)
    params = _known_names(params, saved)
    prefixes = default_prefixes()
    _substitutions(params, prefixes)  # fail early, in this process, on bad names and IRIs
    oxstore = store if isinstance(store, ox.Store) else store.oxigraph
    path = None if isinstance(store, ox.Store) else store.path
    if timeout is None or timeout <= 0:
        outcome = _outcome(lambda: _execute(oxstore, sparql, params, prefixes))
    elif path is not None:
        with _readable_copy(store) as source:  # type: ignore[arg-type]
            outcome = _in_process(str(source), sparql, params, prefixes, timeout)
    else:
        outcome = _in_thread(oxstore, sparql, params, prefixes, timeout)
    return _result(outcome, sparql)


def _execute(store: ox.Store, sparql: str, params: Mapping[str, str], prefixes: Mapping[str, str]) -> tuple:
    """Run and materialise: ``(kind, variables, payload)``, plain data every runner can pass on."""
    answer = store.query(
        sparql,
        prefixes=dict(prefixes),
        use_default_graph_as_union=True,
        substitutions=_substitutions(params, prefixes) or None,
    )
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        return QueryKind.SELECT.value, variables, answer.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(answer, ox.QueryBoolean):
        return QueryKind.ASK.value, (), answer.serialize(format=ox.QueryResultsFormat.JSON)
    triples = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES)
    return QueryKind.CONSTRUCT.value, ("subject", "predicate", "object"), triples


def _outcome(call: Any) -> tuple:
    """Run ``call`` and report success or the error as data, the same way in every runner."""
    try:
        return ("ok", call())
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (RuntimeError, ValueError, TypeError) as exc:
        return ("query", str(exc))
    except OSError as exc:
        return ("store", str(exc))


_WORKER_BOOT = (
    "import json, sys; request = json.loads(sys.stdin.buffer.readline()); sys.path[:] = request['sys_path']; "
    "from graph.query import _worker_main; _worker_main(request)"
)


def _worker_main(request: dict[str, Any]) -> None:
    """Body of the worker process: open the store read-only, run, write the outcome to stdout.

    The answer is one JSON line (status, kind, variables, message) followed by the raw payload,
    so a large result needs no escaping.
    """
    def run() -> tuple:
        for attempt in range(_RACE_RETRIES + 1):
            try:
                store = ox.Store.read_only(request["path"])
                return _execute(store, request["sparql"], request["params"], request["prefixes"])
            except (OSError, RuntimeError, ValueError) as exc:
                # Another process's compaction deleted a file this read-only view still lists.
                if attempt == _RACE_RETRIES or not any(m in str(exc) for m in _RACE_MESSAGES):
                    raise
        raise AssertionError("unreachable")

    status, value = _outcome(run)
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
def _readable_copy(store: GraphStore) -> Iterator[Path]:
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


def _in_process(path: str, sparql: str, params: dict[str, str], prefixes: dict[str, str], timeout: float) -> tuple:
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
        raise _timed_out(timeout) from None
    header_line, _, payload = stdout.partition(b"\n")
    try:
        header = json.loads(header_line)
    except ValueError:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        raise StoreError(f"{path}: the query worker failed: {detail[0]}") from None
    if header["status"] != "ok":
        return header["status"], header["message"]
    return "ok", (header["kind"], tuple(header["variables"]), payload)


def _in_thread(store: ox.Store, sparql: str, params: dict[str, str], prefixes: dict[str, str], timeout: float) -> tuple:
    box: queue.SimpleQueue[tuple] = queue.SimpleQueue()
    worker = threading.Thread(
        target=lambda: box.put(_outcome(lambda: _execute(store, sparql, params, prefixes))),
        name="newsgraph-query",
        daemon=True,  # pyoxigraph cannot cancel; never let a runaway query block interpreter exit
    )
    worker.start()
    try:
        return box.get(timeout=timeout)
    except queue.Empty:
        raise _timed_out(timeout) from None


def _timed_out(timeout: float) -> QueryError:
    return QueryError(f"query stopped after {timeout:g} s; raise --timeout")


def _result(outcome: tuple, sparql: str) -> QueryResult:
    status, value = outcome
    if status == "ok":
        kind, variables, payload = value
        return QueryResult(QueryKind(kind), tuple(variables), bytes(payload))
    if status == "syntax":
        raise QueryError(_syntax_message(value, sparql))
    if status == "query":
        raise QueryError(_query_message(value))
    raise StoreError(f"cannot read the store: {value}")


def _syntax_message(message: str, sparql: str) -> str:
    """``error at 3:2: expected OPTIONAL`` → line, column, the line itself and a caret."""
    match = _SYNTAX.match(message)
    if not match:
        return f"malformed SPARQL: {message}"
    line, column, reason = int(match.group(1)), int(match.group(2)), " ".join(match.group(3).split())
    if "Prefix not found" in reason:
        reason = "undeclared prefix; declare it with PREFIX or use one of " + ", ".join(default_prefixes())
    elif len(reason) > 200:
        reason = reason[:200] + "…"
    lines = sparql.splitlines() or [""]
    text = _visible(lines[line - 1]) if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return f"malformed SPARQL at line {line}, column {column}: {reason}\n  {text}\n  {caret}"


def _query_message(message: str) -> str:
    if "SELECT projection" in message:
        return (f"{message}: a parameter binds a variable that the SELECT clause names explicitly "
                "(not SELECT *, not in ASK/CONSTRUCT or a sub-query)")
    return f"the query failed: {message}"
