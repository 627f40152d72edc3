"""The first stage: paths, folders, globs and stdin → :class:`Document` records.

Reading news from disk fails in many small ways (a PDF in the folder, a Latin-1 file, a German
article, a broken symlink, one bad line in a JSON Lines dump). None of them should stop a build,
so every input that cannot be used becomes a :class:`Problem` naming it and the reason, and the
rest is read. Nothing is printed; the CLI summarises the problems at the end of the run.

Order is deterministic (inputs as given, folders depth first in name order) and each file is read
once, however many inputs name it, so two runs over the same inputs produce the same documents.

One module per job: ``finding`` (paths, folders, globs), ``decoding`` (bytes to text),
``text`` (normalisation and content ids), ``language`` (accepted languages), ``read`` (files and
stdin to documents); the formats themselves are parsed by :mod:`graph.formats`.
"""

from .decoding import decode_bytes
from .finding import SUFFIXES
from .read import read_file, read_inputs
from .text import document_id, normalise_text

__all__ = [
    "read_inputs",
    "read_file",
    "document_id",
    "normalise_text",
    "decode_bytes",
    "SUFFIXES",
]
