"""newsgraph: who did what to whom in the news, as an RDF knowledge graph with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
