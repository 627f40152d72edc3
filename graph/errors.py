"""The one exception tree of newsgraph.

Every error a user can cause derives from :class:`NewsgraphError`, so the CLI can turn any of them
into a one-line message and an exit code without catching programming errors by accident.
Messages name the bad value (file, line, option) and, where the set is closed, the valid ones.
"""

from __future__ import annotations

__all__ = [
    "NewsgraphError",
    "IngestError",
    "ExtractionError",
    "OntologyError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "ModelNotFoundError",
]


class NewsgraphError(Exception):
    """Root of every error newsgraph raises on purpose."""

    exit_code: int = 1


class IngestError(NewsgraphError):
    """An input could not be read as an article (names the file, and the line for JSON Lines)."""


class ExtractionError(NewsgraphError):
    """The NLP stage failed on a document."""


class ModelNotFoundError(NewsgraphError):
    """No spaCy pipeline of the requested name is installed."""


class OntologyError(NewsgraphError):
    """The ontology or its lexicon is missing or inconsistent."""


class QueryError(NewsgraphError):
    """A SPARQL query is malformed, unknown, or ran past its time limit."""

    exit_code = 2


class StoreError(NewsgraphError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store for writing."""
