"""Check a graph against the data model with SHACL (``ontology/shapes.ttl``).

A build writes many small pieces of RDF; the shapes state what must hold of the result (one
preferred label per entity, a sentence and offsets per statement, a content hash per document)
so a broken writer is caught by a test or by ``newsgraph validate`` rather than by a user's query.
Validation runs pyshacl with the ontology as ``ont_graph`` and RDFS inference, so class targets
reach subclasses and the domain/range checks of the shapes see inferred types.

Violations make a graph non-conforming; warnings (a relation outside its domain or range, usually
an extraction error) are reported but do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.namespace import SH
from rdflib.term import Node

from .errors import OntologyError
from .lexicon import load_ontology_graph, parse_turtle
from .settings import ONTOLOGY_DIR
from .vocab import PREFIXES

__all__ = ["SHAPES_FILE", "Violation", "ValidationReport", "validate"]

SHAPES_FILE = "shapes.ttl"

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class Violation(NamedTuple):
    """One SHACL result: where (focus node and path), what (message) and how bad (severity).

    ``severity`` is the local name of the SHACL severity: "Violation", "Warning" or "Info".
    ``path`` is ``None`` for results about the node as a whole (such as a missing class). When
    the result names an offending value other than the focus node, the message ends with it
    ("... Value: ng:Event."), so a person can act on the message alone.
    """

    focus: Node
    path: Node | None
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: True when no result has severity Violation (warnings are allowed).
        violations: every result, violations first, then by focus node and path.
    """

    conforms: bool
    violations: tuple[Violation, ...] = ()

    @property
    def errors(self) -> tuple[Violation, ...]:
        """Only the results of severity Violation."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """Only the results of severity Warning."""
        return tuple(v for v in self.violations if v.severity == "Warning")

    def summary(self, *, limit: int = 3) -> str:
        """Describe the outcome in one paragraph, quoting the first ``limit`` results."""
        errors, warnings = len(self.errors), len(self.warnings)
        verdict = "The graph conforms to the newsgraph shapes" if self.conforms else (
            "The graph does not conform to the newsgraph shapes"
        )
        if not self.violations:
            return verdict + "."
        counts = f"{_plural(errors, 'violation')} and {_plural(warnings, 'warning')}"
        quoted = "; ".join(_describe(v) for v in self.violations[:limit])
        more = f"; and {len(self.violations) - limit} more" if len(self.violations) > limit else ""
        return f"{verdict}: {counts}. {quoted}{more}."


def validate(data: Graph, *, ontology_dir: Path | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes.ttl`` with the ontology and RDFS inference.

    ``data`` is never modified (pyshacl infers on a copy). A ``Dataset`` is validated as the union
    of its graphs, because the data model's promises (one preferred label per entity, for one)
    are about the union.

    Args:
        data: the graph to check.
        ontology_dir: where ``newsgraph.ttl`` and ``shapes.ttl`` are; default ``ONTOLOGY_DIR``.

    Returns:
        The report; ``conforms`` is False only for results of severity Violation.

    Raises:
        OntologyError: the ontology or the shapes file is missing or broken.
    """
    from pyshacl import validate as shacl_validate  # heavy import, only when validating

    directory = Path(ontology_dir) if ontology_dir is not None else ONTOLOGY_DIR
    shapes = parse_turtle(directory / SHAPES_FILE)
    ontology = load_ontology_graph(directory)
    try:
        _, results, _ = shacl_validate(
            _union(data),
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="rdfs",
            allow_warnings=True,
            allow_infos=True,
            abort_on_first=False,
        )
    except Exception as exc:  # pyshacl reports broken shapes as ReportableRuntimeError etc.
        raise OntologyError(f"{directory / SHAPES_FILE}: cannot validate: {exc}") from exc
    violations = _results(results)
    return ValidationReport(
        conforms=not any(v.severity == "Violation" for v in violations),
        violations=violations,
    )


def _union(data: Graph) -> Graph:
    if not isinstance(data, (Dataset, ConjunctiveGraph)):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _results(results: Graph) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        message = str(results.value(result, SH.resultMessage) or "no message")
        value = results.value(result, SH.value)
        if value is not None and value != focus:
            message = f"{message.rstrip('.')}. Value: {_show(value)}."
        found.append(
            Violation(
                focus=focus,
                path=results.value(result, SH.resultPath),
                message=message,
                severity=_local(severity) if severity is not None else "Violation",
            )
        )
    found.sort(key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), str(v.focus), str(v.path), v.message))
    return tuple(dict.fromkeys(found))  # pyshacl may report a result once per inferred type


def _show(node: Node, limit: int = 80) -> str:
    """A short, readable form of an RDF term for messages: a CURIE, an <IRI> or a quoted text."""
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= limit else text[: limit - 1] + "…")
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if isinstance(node, URIRef) and text.startswith(str(namespace)) and text != str(namespace):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>" if isinstance(node, URIRef) else text


def _local(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _describe(v: Violation) -> str:
    where = f"<{v.focus}>" if isinstance(v.focus, URIRef) else str(v.focus)
    if v.path is not None:
        where += f" {_local(v.path)}"
    return f"{v.severity.lower()} at {where}: {v.message.rstrip('.')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
