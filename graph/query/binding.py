"""Parameters of a query: values become RDF terms bound as substitutions, never pasted.

pyoxigraph implements SEP-0007 substitution: the value replaces the variable wherever it occurs,
so a name like ``" } ; DROP ALL #`` is only ever a string.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

import pyoxigraph as ox

from ..errors import QueryError
from .saved import SavedQuery

__all__ = ["default_prefixes", "bind_value", "substitutions", "known_names", "check_params"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s<>\"{}|\\^`]*)$")


def default_prefixes() -> dict[str, str]:
    """The project's prefixes, so ad-hoc queries may write ``ng:proposes`` without PREFIX lines."""
    from ..vocab import PREFIXES  # imports rdflib: only when a query is actually run

    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def bind_value(value: str, prefixes: Mapping[str, str] | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for.

    ``<scheme:...>``, ``http(s)://...`` and a prefixed name with a known prefix (``nge:li-qiang``)
    become IRIs; anything else (``<script>`` too) is a plain string literal, which the saved
    queries compare with labels.

    Raises:
        QueryError: the value is written as an IRI but is not a valid one.
    """
    prefixes = default_prefixes() if prefixes is None else prefixes
    iri: str | None = None
    if value.startswith("<") and value.endswith(">") and _SCHEME.match(value[1:-1]):
        iri = value[1:-1]
    elif value.startswith(("http://", "https://")):
        iri = value
    elif (match := _CURIE.match(value)) and match.group(1) in prefixes:
        iri = prefixes[match.group(1)] + match.group(2)
    if iri is None:
        return ox.Literal(value)
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"parameter value {value!r} is not a valid IRI: {exc}") from exc


def substitutions(params: Mapping[str, str], prefixes: Mapping[str, str]) -> dict[ox.Variable, Any]:
    subs = {}
    for name, value in params.items():
        try:
            variable = ox.Variable(name)
        except ValueError as exc:
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name") from exc
        subs[variable] = bind_value(value, prefixes)
    return subs


def known_names(params: Mapping[str, str], saved: SavedQuery | None) -> dict[str, str]:
    """Ask for an entity the gazetteer knows by its preferred label ("the U.S." → "United States").

    Saved queries compare a name parameter with the labels the articles used; a well-known
    entity's other names ("the United States", "USA") are in the gazetteer rather than the store.
    """
    names = {p for p, description in (saved.parameters.items() if saved else ()) if "name or alias" in description}
    if not names & set(params):
        return dict(params)
    from ..lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    known = {p: gazetteer.lookup(params[p]) for p in names & set(params)}
    return {p: known[p].label if known.get(p) is not None else v for p, v in params.items()}  # type: ignore[union-attr]


def check_params(saved: SavedQuery | None, params: Mapping[str, str]) -> None:
    if saved is None:
        return
    unknown = [p for p in params if p not in saved.parameters]
    if unknown:
        takes = ", ".join(saved.parameters) or "no parameters"
        raise QueryError(f"{saved.name} has no parameter {unknown[0]!r}; it takes: {takes}")
    missing = [p for p in saved.required if p not in params]
    if missing:
        described = "; ".join(f"{p} ({saved.parameters[p]})" for p in missing)
        raise QueryError(f"{saved.name} needs --param {missing[0]}=...; missing: {described}")

