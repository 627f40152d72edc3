"""The one place where the stages meet: ingest → nlp → resolve → rdf → store.

:func:`build` streams documents through the stages in batches, so memory does not grow with the
corpus; each document's graph is written in its own transaction as soon as it is ready, so an
interrupted build keeps everything finished before the interruption and a re-run picks up the
rest (documents already in the store, by content hash, are skipped without running the model).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Callable, Iterable, Iterator, Sequence

from .ingest import read_inputs
from .lexicon import Gazetteer, load_gazetteer, load_lexicon
from .rdf import document_graph, document_iri
from .records import Analysis, Document, Problem
from .resolve import EntityResolver, entity_kinds
from .settings import Settings
from .store import GraphStore, to_ox_quads
from .workers import can_overlap, cluster_analyses, overlapped_analyses, parallel_analyses

__all__ = ["BuildReport", "build", "ProgressCallback", "FLUSH_EVERY"]

#: Documents written between two flushes of the store; bounds the memory of long builds.
FLUSH_EVERY = 50

#: Called after each document is stored, with the number of characters it had.
ProgressCallback = Callable[[int], None]


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    documents: int = 0  # built in this run
    unchanged: int = 0  # already in the store, skipped
    entities: int = 0  # distinct entities and concepts the built documents mention
    relations: int = 0  # statements extracted
    triples: int = 0  # quads written: the built documents' graphs (not a count of the whole store)
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)  # inputs skipped
    warnings: list[Problem] = field(default_factory=list)  # inputs built, but a limit was hit
    built: list[str] = field(default_factory=list)  # IRIs of the document graphs written

    def summary(self) -> str:
        """One line: documents, entities, relations, triples, seconds (and skips)."""
        line = (
            f"{_count(self.documents, 'document')}, {_count(self.entities, 'entity', 'entities')}, "
            f"{_count(self.relations, 'relation')}, {_count(self.triples, 'triple')} in {self.seconds:.1f} s"
        )
        if self.unchanged:
            line += f"; {self.unchanged} unchanged"
        if self.problems:
            line += f"; {_count(len(self.problems), 'input')} skipped"
        return line


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def build(
    inputs: Sequence[str],
    *,
    store: GraphStore,
    settings: Settings = Settings(),
    progress: ProgressCallback | None = None,
    languages: frozenset[str] = frozenset({"en"}),
) -> BuildReport:
    """Build (or update) the graph in ``store`` from articles.

    Args:
        inputs: files, folders, globs, or ``-`` for standard input.
        store: the store to write into (open for writing).
        settings: model, batch size, workers, limits, ``force``.
        progress: called once per stored document (for a progress bar).
        languages: languages accepted by ingest; others are skipped and reported.

    Returns:
        The :class:`BuildReport`; inputs that could not be used are in ``problems``.
    """
    started = time.perf_counter()
    report = BuildReport()
    documents = _new_documents(
        read_inputs(inputs, max_chars=settings.max_chars, languages=languages), store, settings, report
    )
    analyses = _analyses(documents, settings)
    first = next(analyses, None)
    if first is not None:  # only a build with something new reads the lexicon and the store's entities
        _store_analyses(itertools.chain([first], analyses), store, settings, report, progress)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _store_analyses(
    analyses: Iterable[Analysis], store: GraphStore, settings: Settings, report: BuildReport, progress: ProgressCallback | None
) -> None:
    """Resolve each analysis against the known entities, turn it into its graph and store that."""
    lexicon = load_lexicon()
    resolver, keyed = _resolver(store, load_gazetteer(), report)
    seen_entities: set[str] = set()
    for analysis in analyses:
        analysis = _within_entity_limit(analysis, settings.max_entities, report)
        resolution = resolver.resolve(analysis)
        graph = document_graph(analysis, resolution, lexicon=lexicon, resolver_keys=keyed)
        iri = str(document_iri(analysis.document))
        quads = list(to_ox_quads(graph, iri))
        store.replace_document(iri, quads)
        report.triples += len(quads)
        report.built.append(iri)
        report.documents += 1
        if report.documents % FLUSH_EVERY == 0:
            store.flush()  # RocksDB keeps unflushed writes in memory: without this, RSS grows with the corpus
        report.relations += len(analysis.relations)
        seen_entities.update(resolution.entities)
        if progress is not None:
            progress(len(analysis.document.text))
    report.entities = len(seen_entities)


def _resolver(store: GraphStore, gazetteer: Gazetteer, report: BuildReport) -> tuple[EntityResolver, bool]:
    """A resolver that asks the store for the entities each document names, and ``True``.

    A store built before the resolver's keys existed (entities, no ``ng:matchKey``) cannot answer
    that: its entities are all read up front, as before, and the new graphs get no keys either,
    so that the store never holds some entities a lookup by key would miss. Said once, as a warning.
    """
    kinds = entity_kinds(gazetteer)
    if store.entities_have_match_keys():
        return EntityResolver(gazetteer, lookup=partial(store.matching_entities, kinds=kinds)), True
    report.warnings.append(Problem(
        str(store.path or "the store"),
        "built by an older newsgraph (no ng:matchKey), so every build reads all of its entities; "
        "build into a new store to make adding articles fast",
    ))
    return EntityResolver(gazetteer, known=store.entities(kinds)), False


def _new_documents(
    items: Iterable[Document | Problem], store: GraphStore, settings: Settings, report: BuildReport
) -> Iterator[Document]:
    """Documents to build: not yet in the store (unless forced), each content once."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        if item.id in seen:
            continue
        seen.add(item.id)
        if not settings.force and store.has_document(str(document_iri(item))):
            report.unchanged += 1
            continue
        yield item


def _within_entity_limit(analysis: Analysis, limit: int, report: BuildReport) -> Analysis:
    """Keep the first ``limit`` entity mentions of a document (and the relations among them).

    A pathological input (a directory listing, a table of names) can hold tens of thousands of
    names; the cap keeps the graph and the page usable and is reported, never silent.
    """
    if len(analysis.mentions) <= limit:
        return analysis
    kept = analysis.mentions[:limit]
    names = {m.name for m in kept}
    relations = tuple(r for r in analysis.relations if r.subject.name in names and r.object.name in names)
    report.warnings.append(
        Problem(
            analysis.document.source or analysis.document.id,
            f"{len(analysis.mentions)} entity mentions, over the limit of {limit}: kept the first {limit} (raise --max-entities)",
        )
    )
    return replace(analysis, mentions=kept, relations=relations)


def _analyses(documents: Iterable[Document], settings: Settings) -> Iterator[Analysis]:
    """The NLP stage, spread as ``settings`` asks; every way yields the same records in input order.

    One worker runs the model in a child process (where it can fork), so that reading the parses,
    resolving, building the RDF and writing the store happen while the model parses the next batch.
    The stage, and with it spaCy (half a second to import), is imported when the first document
    arrives, so a build whose articles are all in the store already neither imports nor loads it.
    """
    pending = iter(documents)
    first = next(pending, None)
    if first is None:
        return
    from .nlp.load import load_pipeline
    from .nlp.run import analyse_batch, analyse_documents, parse_batch, read_parses

    documents = itertools.chain([first], pending)
    if settings.cluster:
        yield from cluster_analyses(documents, settings, analyse_batch)
    elif settings.workers > 1:
        yield from parallel_analyses(documents, settings, analyse_batch)
    elif can_overlap():
        yield from overlapped_analyses(
            documents, settings, load=lambda: load_pipeline(settings.model), parse=parse_batch, read=read_parses
        )
    else:
        yield from analyse_documents(documents, model=settings.model, batch_size=settings.batch_size)
