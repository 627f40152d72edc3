"""Benchmark 4: the saved queries through newsgraph, through pyoxigraph, and through rdflib.

Every saved query in ``graph/queries/`` runs with the same text and the same parameter values
through three paths on the replicated store of ``--triples`` quads: pyoxigraph's ``Store.query``
directly, :func:`graph.query.run_query` with no time limit (the library path), and ``run_query``
with the CLI's time limit (which runs the query in a separate process). Each answer is consumed
fully. rdflib runs the same queries on an in-memory ``Graph`` of a sample of ``--rdflib-triples``
(all of it by default), in a child process that is stopped when a query runs past
``--rdflib-timeout``; newsgraph runs on the same sample for that comparison. Nothing is
extrapolated: a stopped query counts with its time limit, which makes the ratio a lower bound.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from bigstore import million_store
from measure import Figures, timed
from rdflib_worker import rdflib_times

__all__ = ["sparql", "QUERY_PARAMS"]

#: Values for the parameters of the saved queries: names that the demo graph contains.
QUERY_PARAMS: dict[str, str] = {
    "name": "Li Qiang", "subject": "Li Qiang", "a": "Li Qiang", "b": "China",
    "type": "Person", "text": "qiang",
}

#: Runs one query: (name, SPARQL text, parameters) → number of rows.
Runner = Callable[[str, str, dict[str, str]], int]


def sparql(ctx: Any) -> Figures:
    """Every saved query: run_query vs pyoxigraph on the big store; vs rdflib on a sample."""
    from graph.query import default_prefixes, saved_queries
    from graph.store import open_store

    figures = Figures("sparql", "saved queries: newsgraph run_query vs pyoxigraph, and vs rdflib in memory")
    queries = saved_queries()
    missing = sorted({p for q in queries.values() for p in q.required} - set(QUERY_PARAMS))
    if missing:
        raise SystemExit(f"benchmarks/bench_sparql.py: add values for the new query parameter(s) {', '.join(missing)} to QUERY_PARAMS")
    engines = ("pyoxigraph", "run_query", "run_query_timeout")
    with open_store(ctx.million(figures), read_only=True) as store:
        times = _time_queries(queries, {
            "pyoxigraph": _direct_runner(store.oxigraph, default_prefixes()),
            "run_query": _newsgraph_runner(store, timeout=None),
            "run_query_timeout": _newsgraph_runner(store, timeout=ctx.args.query_timeout),
        }, repeat=ctx.args.repeat)
    figures.data["queries"] = times
    _table(times, engines)
    total = _totals(times, engines, figures)
    figures.target("run_query_vs_pyoxigraph", total["run_query"] / total["pyoxigraph"], at_most=1.2,
                   label="run_query (no time limit) / pyoxigraph, total")
    figures.target("run_query_timeout_vs_pyoxigraph", total["run_query_timeout"] / total["pyoxigraph"], at_most=1.2,
                   label=f"run_query (limit {ctx.args.query_timeout:g} s, CLI path) / pyoxigraph")
    _rdflib_comparison(ctx, queries, figures)
    return figures


def _rdflib_comparison(ctx: Any, queries: dict, figures: Figures) -> None:
    """The same queries on rdflib and on newsgraph, on the same sample."""
    import pyoxigraph as ox

    sample = million_store(None, ctx.demo_quads(), min(ctx.args.rdflib_triples, ctx.args.triples))
    union = sample.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    triples_file = Path(ctx.scratch) / "rdflib-sample.nt"
    with open(triples_file, "wb") as handle:
        ox.serialize(union, handle, format=ox.RdfFormat.N_TRIPLES)
    figures.add("rdflib_sample_quads", len(sample), "rdflib comparison: quads in the sample")
    if len(sample) < ctx.million_quads:
        figures.note(f"rdflib ran on a sample of {len(sample):,} quads, not the {ctx.million_quads:,} "
                     "of the big store; newsgraph ran on the same sample for this comparison")
    ours = _time_queries(queries, {"run_query": _newsgraph_runner(sample, timeout=None)}, repeat=ctx.args.rdflib_repeat)
    requests = [{"name": n, "text": q.text, "params": {p: QUERY_PARAMS[p] for p in q.required}} for n, q in queries.items()]
    theirs, parse_s = rdflib_times(triples_file, requests, timeout=ctx.args.rdflib_timeout, repeat=ctx.args.rdflib_repeat)
    figures.add("rdflib_parse_s", parse_s, "rdflib: parsing the sample took", "s")
    times = {name: {"run_query": ours[name]["run_query"], "rdflib": theirs[name]} for name in queries}
    figures.data["rdflib_queries"] = times
    _table(times, ("run_query", "rdflib"))
    stopped = [n for n, t in times.items() if t["rdflib"].get("stopped_after")]
    if stopped:
        figures.note(f"rdflib was stopped after {ctx.args.rdflib_timeout:g} s on {', '.join(stopped)}: "
                     "those count with the time limit, so the ratio is a lower bound")
    total = _totals(times, ("run_query", "rdflib"), figures, stopped_counts=True)
    figures.target("rdflib_vs_run_query", total["rdflib"] / total["run_query"], at_least=10,
                   label="rdflib / run_query, total (times faster)")


def _time_queries(queries: dict, runners: dict[str, Runner], *, repeat: int) -> dict:
    """Best-of-``repeat`` seconds and row count of every saved query for every runner."""
    from graph.errors import QueryError

    out: dict[str, dict] = {}
    for name, saved in queries.items():
        params = {p: QUERY_PARAMS[p] for p in saved.required}
        out[name] = {}
        for engine, run in runners.items():
            best, rows = float("inf"), 0
            try:
                for _ in range(repeat):
                    seconds, rows = timed(lambda: run(name, saved.text, params))
                    best = min(best, seconds)
                out[name][engine] = {"seconds": best, "rows": rows}
            except QueryError as exc:  # the CLI path's time limit
                out[name][engine] = {"seconds": None, "rows": None, "error": str(exc)}
    return out


def _totals(times: dict, engines: tuple[str, ...], figures: Figures, *, stopped_counts: bool = False) -> dict[str, float]:
    """Summed seconds per engine over the queries every engine answered (or was stopped on)."""
    def seconds(entry: dict) -> float | None:
        if entry["seconds"] is not None:
            return entry["seconds"]
        return entry.get("stopped_after") if stopped_counts else None

    complete = {n: t for n, t in times.items() if all(seconds(t[e]) is not None for e in engines)}
    left_out = sorted(set(times) - set(complete))
    if left_out:
        figures.note(f"left out of the totals (an engine failed or timed out): {', '.join(left_out)}")
    return {e: sum(seconds(t[e]) or 0.0 for t in complete.values()) or float("nan") for e in engines}


def _direct_runner(store: Any, prefixes: dict[str, str]) -> Runner:
    import pyoxigraph as ox

    def run(name: str, text: str, params: dict[str, str]) -> int:
        substitutions = {ox.Variable(k): ox.Literal(v) for k, v in params.items()} or None
        answer = store.query(text, prefixes=prefixes, use_default_graph_as_union=True, substitutions=substitutions)
        return 1 if isinstance(answer, ox.QueryBoolean) else len([tuple(row) for row in answer])
    return run


def _newsgraph_runner(store: Any, *, timeout: float | None) -> Runner:
    from graph.query import run_query, saved_queries

    saved = saved_queries()

    def run(name: str, text: str, params: dict[str, str]) -> int:
        return len(run_query(store, text, params=params, timeout=timeout, saved=saved[name]).rows())
    return run


def _table(times: dict, engines: tuple[str, ...]) -> None:
    """One line per query: milliseconds per engine, rows, and a flag when the answers differ."""
    print("  " + f"{'query':<20}" + "".join(f"{e + ' ms':>22}" for e in engines) + f"{'rows':>9}")
    for name, by_engine in times.items():
        cells = "".join(f"{_ms(by_engine[e]):>22}" for e in engines)
        rows = {by_engine[e]["rows"] for e in engines if by_engine[e]["rows"] is not None}
        flag = "" if len(rows) <= 1 else "  ROW COUNTS DIFFER: " + ", ".join(f"{e}={by_engine[e]['rows']}" for e in engines)
        shown = next(iter(rows)) if rows else "-"
        print(f"  {name:<20}{cells}{shown:>9}{flag}", flush=True)


def _ms(entry: dict) -> str:
    if entry["seconds"] is not None:
        return f"{entry['seconds'] * 1000:.1f}"
    if entry.get("stopped_after"):
        return f"> {entry['stopped_after'] * 1000:.0f} (stopped)"
    return "error"
