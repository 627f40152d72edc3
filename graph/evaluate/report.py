"""Counting and printing helpers shared by the evaluators.

Every benchmark here reduces to the same arithmetic (true positives, false positives, false
negatives per class, then micro averages) and to the same output (a plain-text table that reads
the same in a terminal, a log and ``benchmarks/RESULTS.md``), so both live in one place.

Examples:
    >>> score = Score(tp=3, fp=1, fn=2)
    >>> round(score.precision, 2), round(score.recall, 2), round(score.f1, 2)
    (0.75, 0.6, 0.67)
    >>> print(table(["type", "F1"], [["Kill", "0.50"]]))
    type  F1
    ----  ----
    Kill  0.50
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Score", "f1", "micro", "score_rows", "table", "SCORE_HEADERS"]

#: Column headers of :func:`score_rows`.
SCORE_HEADERS = ["type", "gold", "pred", "correct", "P", "R", "F1"]


def f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0 when both are 0 (so an empty system scores 0, not an error)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one class (or for all, micro-averaged) and the figures derived from them.

    Precision of a system that predicted nothing is 0 rather than undefined, so that a broken
    run never looks perfect in a table.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def micro(scores: Iterable[Score]) -> Score:
    """Sum of the counts: the micro average the CoNLL04 and gold figures are reported as."""
    total = Score()
    for score in scores:
        total = total + score
    return total


def score_rows(by_type: Mapping[str, Score], *, total_label: str = "micro") -> list[list[str]]:
    """Rows for :func:`table`: one per type in the given order, then the micro average."""
    rows = [_score_row(name, score) for name, score in by_type.items()]
    rows.append(_score_row(total_label, micro(by_type.values())))
    return rows


def _score_row(name: str, score: Score) -> list[str]:
    return [
        name,
        str(score.gold),
        str(score.predicted),
        str(score.tp),
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
    ]


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Format rows as a left-aligned plain-text table with a dashed rule under the header.

    Plain text rather than rich markup, so the same string can be pasted into Markdown inside a
    code block and diffed between runs.
    """
    body = [list(map(str, row)) for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row)]
    lines = [_line(headers, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in body]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
