"""Run the spaCy pipeline over many documents, in batches, in bounded memory.

The same function, :func:`analyse_batch`, is what a local worker process and a Dask worker run:
it loads the model once per process and returns plain records, which pickle cheaply, so spaCy
``Doc`` objects never cross a process boundary and never outlive their batch.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..chunking import paragraph_chunks
from ..lexicon import load_gazetteer, load_lexicon
from ..records import Analysis, Document, Mention, Relation
from .extract import analyse_doc
from .load import load_pipeline

__all__ = ["analyse_batch", "analyse_documents", "CHUNK_CHARS"]

#: Longest piece of text given to spaCy at once. Smaller than spaCy's ``max_length`` so the
#: parser's memory stays bounded; long articles are split at paragraph boundaries.
CHUNK_CHARS = 100_000


def analyse_documents(
    documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
) -> Iterator[Analysis]:
    """Analyse documents in this process, one batch at a time, in input order."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from analyse_batch(batch, model=model)
            batch = []
    if batch:
        yield from analyse_batch(batch, model=model)


def analyse_batch(documents: Sequence[Document], *, model: str | None = None) -> list[Analysis]:
    """Analyse a batch of documents with the (cached) pipeline; the unit of work for workers."""
    nlp = load_pipeline(model)
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    pieces = [(chunk, (n, offset)) for n, doc in enumerate(documents) for offset, chunk in paragraph_chunks(doc.text, CHUNK_CHARS)]
    parts: list[list[Analysis]] = [[] for _ in documents]
    with nlp.memory_zone():  # frees the strings and vocabulary entries this batch added
        for doc, (n, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=max(1, len(pieces))):
            parts[n].append(analyse_doc(doc, documents[n], lexicon=lexicon, gazetteer=gazetteer, offset=offset))
    return [_merge(documents[n], found) for n, found in enumerate(parts)]


def _merge(document: Document, parts: list[Analysis]) -> Analysis:
    """Join the analyses of the chunks of one document."""
    if len(parts) == 1:
        return parts[0]
    mentions: list[Mention] = [m for part in parts for m in part.mentions]
    relations: list[Relation] = [r for part in parts for r in part.relations]
    return Analysis(document=document, mentions=tuple(mentions), relations=tuple(relations))
