"""Run the spaCy pipeline over many documents, in batches, in bounded memory.

The same function, :func:`analyse_batch`, is what a local worker process and a Dask worker run:
it loads the model once per process and returns plain records, which pickle cheaply, so spaCy
``Doc`` objects never cross a process boundary and never outlive their batch.

A single-process build splits the same work in two (:func:`parse_batch` and :func:`read_parses`)
so that the model can run in a child process while this one reads the parses, resolves and
stores: the parses travel as ``Doc.to_bytes`` (as in spaCy's own multiprocessing ``nlp.pipe``),
the only spaCy data that ever leaves a process, and only between these two functions.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..chunking import paragraph_chunks
from ..lexicon import load_gazetteer, load_lexicon
from ..records import Analysis, Document, Mention, Relation
from .extract import analyse_doc
from .load import load_pipeline

__all__ = ["analyse_batch", "analyse_documents", "parse_batch", "read_parses", "Parse", "CHUNK_CHARS"]

#: Longest piece of text given to spaCy at once. Smaller than spaCy's ``max_length`` so the
#: parser's memory stays bounded; long articles are split at paragraph boundaries.
CHUNK_CHARS = 100_000

#: One parsed chunk: (document number in its batch, chunk offset in the text, ``Doc.to_bytes``).
Parse = tuple[int, int, bytes]

#: What a parse leaves out of ``Doc.to_bytes``: the tok2vec tensor (about 40 times the size of
#: everything else and unused after the pipeline), the gazetteer's span group (already merged
#: into ``doc.ents``) and user data (newsgraph sets none).
_NOT_SHIPPED = ("tensor", "spans", "user_data")


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
    pieces = _pieces([document.text for document in documents])
    parts: list[list[Analysis]] = [[] for _ in documents]
    with nlp.memory_zone():  # frees the strings and vocabulary entries this batch added
        for doc, (n, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=max(1, len(pieces))):
            parts[n].append(analyse_doc(doc, documents[n], lexicon=lexicon, gazetteer=gazetteer, offset=offset))
    return [_merge(documents[n], found) for n, found in enumerate(parts)]


def parse_batch(texts: Sequence[str], *, model: str | None = None) -> list[Parse]:
    """Run the pipeline over a batch of texts and return the parses as bytes.

    The first half of :func:`analyse_batch`, for a child process: the same chunks, in the same
    ``nlp.pipe`` batch, so :func:`read_parses` of the result equals :func:`analyse_batch`.
    """
    nlp = load_pipeline(model)
    pieces = _pieces(texts)
    with nlp.memory_zone():
        return [
            (n, offset, doc.to_bytes(exclude=_NOT_SHIPPED))
            for doc, (n, offset) in nlp.pipe(pieces, as_tuples=True, batch_size=max(1, len(pieces)))
        ]


def read_parses(documents: Sequence[Document], parses: Sequence[Parse], *, model: str | None = None) -> list[Analysis]:
    """Read mentions and relations from the parses :func:`parse_batch` made of ``documents``.

    The parses are rebuilt on the vocabulary of the same (cached) model, inside a memory zone, so
    the strings they bring are freed with the batch.
    """
    from spacy.tokens import Doc

    nlp = load_pipeline(model)
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    parts: list[list[Analysis]] = [[] for _ in documents]
    with nlp.memory_zone():
        for n, offset, data in parses:
            doc = Doc(nlp.vocab).from_bytes(data)
            parts[n].append(analyse_doc(doc, documents[n], lexicon=lexicon, gazetteer=gazetteer, offset=offset))
    return [_merge(documents[n], found) for n, found in enumerate(parts)]


def _pieces(texts: Sequence[str]) -> list[tuple[str, tuple[int, int]]]:
    """Every chunk of every text, with (text number, chunk offset), in order."""
    return [(chunk, (n, offset)) for n, text in enumerate(texts) for offset, chunk in paragraph_chunks(text, CHUNK_CHARS)]


def _merge(document: Document, parts: list[Analysis]) -> Analysis:
    """Join the analyses of the chunks of one document."""
    if len(parts) == 1:
        return parts[0]
    mentions: list[Mention] = [m for part in parts for m in part.mentions]
    relations: list[Relation] = [r for part in parts for r in part.relations]
    return Analysis(document=document, mentions=tuple(mentions), relations=tuple(relations))
