"""Saved queries: ``graph/queries/*.rq``, each opened by a comment header.

The header says what the query answers and which parameters it takes; :func:`saved_queries`
reads the files as package data, so they ship with the wheel, and :func:`load_query` picks one by
name or accepts SPARQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from ..errors import QueryError

__all__ = ["SavedQuery", "saved_queries", "load_query"]

_SPARQL_START = re.compile(r"^\s*(?:#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PARAM = re.compile(r"^param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–:-]+\s*)?(.*)$")


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

