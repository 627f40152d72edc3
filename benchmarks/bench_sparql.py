"""Benchmark 4: the saved queries through newsgraph, through pyoxigraph, and through rdflib.

Every saved query in ``graph/queries/`` runs with the same text and the same parameter values on
the replicated store of ``--triples`` quads (on disk), through pyoxigraph's ``Store.query``
directly, through :func:`graph.query.run_query` with no time limit (the library path), and through
``run_query`` with the CLI's time limit (which runs each query in a separate process). Every
answer is consumed fully.

rdflib runs the same queries on an in-memory ``Graph`` of a sample of ``--rdflib-triples`` quads
(100,000 by default: on a million, single rdflib queries run for hours), and newsgraph runs on the
same sample for that comparison. Each engine runs in a child process that is stopped when a query
passes its limit (``--query-limit``, ``--rdflib-timeout``). Nothing is extrapolated: a stopped
query counts with its limit, which makes a ratio against the stopped engine a lower bound, and the
sample size is printed and recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bigstore import million_store
from measure import Figures
from query_worker import query_times

__all__ = ["sparql", "QUERY_PARAMS"]

#: Values for the parameters of the saved queries: names that the demo graph contains.
QUERY_PARAMS: dict[str, str] = {
    "name": "Li Qiang", "subject": "Li Qiang", "a": "Li Qiang", "b": "China",
    "type": "Person", "text": "qiang",
}


def sparql(ctx: Any) -> Figures:
    """Every saved query: run_query vs pyoxigraph on the big store; vs rdflib on a sample."""
    figures = Figures("sparql", "saved queries: newsgraph run_query vs pyoxigraph, and vs rdflib in memory")
    requests = _requests()
    store = str(ctx.million(figures))
    limit, repeat = ctx.args.query_limit, ctx.args.repeat
    times = _by_query({
        "pyoxigraph": query_times("pyoxigraph", store, requests, limit=limit, repeat=repeat, warm_up=True)[0],
        "run_query": query_times("run_query", store, requests, limit=limit, repeat=repeat)[0],
        "run_query_timeout": query_times("run_query_timeout", store, requests, limit=limit, repeat=repeat,
                                         options={"timeout": ctx.args.query_timeout})[0],
    })
    figures.data["queries"] = times
    _table(times)
    total = _totals(times, figures, "pyoxigraph", "run_query", "run_query_timeout")
    figures.target("run_query_vs_pyoxigraph", total["run_query"] / total["pyoxigraph"], at_most=1.2,
                   label="run_query (no time limit) / pyoxigraph, total")
    figures.target("run_query_timeout_vs_pyoxigraph", total["run_query_timeout"] / total["pyoxigraph"], at_most=1.2,
                   label=f"run_query (limit {ctx.args.query_timeout:g} s, CLI path) / pyoxigraph")
    _rdflib_comparison(ctx, requests, figures)
    return figures


def _rdflib_comparison(ctx: Any, requests: list[dict[str, Any]], figures: Figures) -> None:
    """The same queries on rdflib and on newsgraph, on the same sample."""
    import pyoxigraph as ox

    path = Path(ctx.scratch) / "sample-store"
    sample = million_store(path, ctx.demo_quads(), min(ctx.args.rdflib_triples, ctx.args.triples), shared=ctx.shared())
    quads = figures.add("rdflib_sample_quads", len(sample), "rdflib comparison: quads in the sample")
    triples_file = Path(ctx.scratch) / "sample.nt"
    with open(triples_file, "wb") as handle:
        union = sample.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        ox.serialize(union, handle, format=ox.RdfFormat.N_TRIPLES)
    del sample  # release the lock for the timing process
    if quads < ctx.million_quads:
        figures.note(f"rdflib ran on a sample of {quads:,} quads, not the {ctx.million_quads:,} of the big "
                     "store; newsgraph ran on the same sample for this comparison")
    repeat = ctx.args.rdflib_repeat
    ours, _ = query_times("run_query", str(path), requests, limit=ctx.args.query_limit, repeat=repeat, warm_up=True)
    theirs, parse_s = query_times("rdflib", str(triples_file), requests, limit=ctx.args.rdflib_timeout, repeat=repeat)
    figures.add("rdflib_parse_s", parse_s, "rdflib: parsing the sample took", "s")
    times = _by_query({"run_query": ours, "rdflib": theirs})
    figures.data["rdflib_queries"] = times
    _table(times)
    total = _totals(times, figures, "run_query", "rdflib", stopped_count=True)
    figures.target("rdflib_vs_run_query", total["rdflib"] / total["run_query"], at_least=10,
                   label="rdflib / run_query, total (times faster)")


def _requests() -> list[dict[str, Any]]:
    """Every saved query with values for its required parameters."""
    from graph.query import saved_queries

    queries = saved_queries()
    missing = sorted({p for q in queries.values() for p in q.required} - set(QUERY_PARAMS))
    if missing:
        raise SystemExit(f"benchmarks/bench_sparql.py: add values for the query parameter(s) {', '.join(missing)} to QUERY_PARAMS")
    return [{"name": n, "text": q.text, "params": {p: QUERY_PARAMS[p] for p in q.required}} for n, q in queries.items()]


def _by_query(by_engine: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """``{engine: {query: entry}}`` → ``{query: {engine: entry}}``."""
    names = next(iter(by_engine.values()))
    return {name: {engine: entries[name] for engine, entries in by_engine.items()} for name in names}


def _totals(times: dict, figures: Figures, *engines: str, stopped_count: bool = False) -> dict[str, float]:
    """Summed seconds per engine over the queries that every engine answered.

    With ``stopped_count`` a query stopped at its limit counts with the limit (a lower bound for
    that engine); queries with errors are left out and named in a note.
    """
    def seconds(entry: dict) -> float | None:
        if entry["seconds"] is not None:
            return entry["seconds"]
        return entry.get("stopped_after") if stopped_count else None

    complete = {n: t for n, t in times.items() if all(seconds(t[e]) is not None for e in engines)}
    left_out = sorted(set(times) - set(complete))
    if left_out:
        figures.note(f"left out of the {' / '.join(engines)} totals (an engine failed or was stopped): {', '.join(left_out)}")
    stopped = sorted(n for n, t in complete.items() if any(t[e]["seconds"] is None for e in engines))
    if stopped:
        figures.note(f"counted with their time limit (stopped): {', '.join(stopped)}; the ratio is a lower bound")
    return {e: sum(seconds(t[e]) or 0.0 for t in complete.values()) or float("nan") for e in engines}


def _table(times: dict) -> None:
    """One line per query: milliseconds per engine, rows, and a flag when the answers differ."""
    engines = tuple(next(iter(times.values())))
    print("  " + f"{'query':<20}" + "".join(f"{e + ' ms':>24}" for e in engines) + f"{'rows':>9}")
    for name, by_engine in times.items():
        cells = "".join(f"{_ms(by_engine[e]):>24}" for e in engines)
        rows = {by_engine[e]["rows"] for e in engines if by_engine[e]["rows"] is not None}
        flag = "" if len(rows) <= 1 else "  ROW COUNTS DIFFER: " + ", ".join(f"{e}={by_engine[e]['rows']}" for e in engines)
        print(f"  {name:<20}{cells}{(next(iter(rows)) if rows else '-'):>9}{flag}", flush=True)
    for name, by_engine in times.items():
        for engine, entry in by_engine.items():
            if entry.get("error"):
                print(f"  {name} on {engine}: {entry['error'][:160]}")


def _ms(entry: dict) -> str:
    if entry["seconds"] is not None:
        return f"{entry['seconds'] * 1000:.1f}"
    if entry.get("stopped_after"):
        return f"> {entry['stopped_after']:g} s (stopped)"
    return "error"
