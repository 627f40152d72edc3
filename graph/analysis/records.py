"""The answers of the analysis functions: measures, ranked nodes, path hops, evidence, sizes.

Plain frozen records, so the CLI, the page and notebooks can print or serialise them without
knowing networkx.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

__all__ = ["Measure", "Evidence", "Ranked", "Hop", "GraphStats"]


class Measure(StrEnum):
    """How important a node is: its PageRank, or its number of relations (degree)."""

    PAGERANK = "pagerank"
    DEGREE = "degree"

    @classmethod
    def parse(cls, value: Measure | str) -> Measure:
        """Return the measure named ``value``.

        Raises:
            ValueError: naming the bad value and the valid ones.
        """
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown measure {value!r}; valid: {valid}") from None


class Evidence(TypedDict):
    """One statement behind an edge: what an analyst reads to check the relation."""

    statement: str
    sentence: str | None
    document: str | None
    title: str | None
    date: str | None  # ISO 8601, as stored
    confidence: float | None
    negated: bool
    modality: str | None


@dataclass(frozen=True, slots=True)
class Ranked:
    """A node and its score under one :class:`Measure`."""

    node: str
    label: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path, with the relation that makes it and the evidence for that relation.

    ``start`` and ``end`` follow the path; ``inverse`` is True when the news says it the other way
    round (the relation's subject is ``end``), so the hop still reads as the article put it.
    """

    start: str
    start_label: str
    end: str
    end_label: str
    predicate: str
    predicate_label: str
    inverse: bool
    evidence: tuple[Evidence, ...]

    def __str__(self) -> str:
        if self.inverse:
            return f"{self.start_label} ←{self.predicate_label}— {self.end_label}"
        return f"{self.start_label} —{self.predicate_label}→ {self.end_label}"


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Sizes of a graph, for ``newsgraph stats`` and build summaries."""

    documents: int
    entities: int
    concepts: int
    relations: int  # distinct plain relation triples between entities/concepts
    statements: int  # ng:Statement nodes (evidence), negated and hypothetical ones included
    triples: int  # distinct triples over all document graphs
    top_entities: tuple[Ranked, ...]

    def describe(self) -> str:
        """The figures as aligned lines of text, for ``newsgraph stats``."""
        counts = [("documents", self.documents), ("entities", self.entities),
                  ("concepts", self.concepts), ("relations", self.relations),
                  ("statements", self.statements), ("triples", self.triples)]
        lines = [f"{name:<11}{value:>10,}" for name, value in counts]
        if self.top_entities:
            lines.append("most connected (relations):")
            lines += [f"{int(r.score):>6}  {r.label} ({r.kind})" for r in self.top_entities]
        return "\n".join(lines)
