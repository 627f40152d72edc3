"""Cut a long text into bounded chunks at natural boundaries, keeping exact offsets.

spaCy refuses texts over ``nlp.max_length`` and its memory grows with the text, so a 50 MB
article must reach the NLP stage in pieces. Cutting at blank lines (or at least sentence ends)
keeps sentences whole, and yielding each chunk's offset lets mentions found in a chunk be mapped
back to ``Document.text`` by simple addition.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["paragraph_chunks"]

#: Where a chunk may end, best first: after a blank line, after a sentence, after any space.
_BREAKS: tuple[tuple[str, ...], ...] = (
    ("\n\n",),
    (". ", ".\n", "! ", "!\n", "? ", "?\n"),
    (" ", "\n", "\t"),
)


def _cut(text: str, start: int, end: int) -> int:
    """Return the best position in ``(start, end]`` to end a chunk that begins at ``start``."""
    for separators in _BREAKS:
        found = [i + len(sep) for sep in separators if (i := text.rfind(sep, start, end)) >= 0]
        if found:
            return max(found)
    return end  # no boundary at all: cut hard


def paragraph_chunks(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into consecutive chunks of at most ``max_chars`` characters.

    Each chunk ends after the last blank line that fits; failing that, after the last sentence
    end (``". "``); failing that, after the last space; failing that, exactly at ``max_chars``.
    The separators stay with the chunk before them, so the chunks concatenate to ``text`` and
    ``text[offset:offset + len(chunk)] == chunk`` for every pair.

    Args:
        text: the document text (``Document.text``).
        max_chars: the largest chunk, at least 1.

    Yields:
        ``(offset, chunk)`` pairs in text order; nothing for an empty text.

    Raises:
        ValueError: if ``max_chars`` is less than 1.

    Examples:
        >>> list(paragraph_chunks("One.\\n\\nTwo. Three.", 12))
        [(0, 'One.\\n\\n'), (6, 'Two. Three.')]
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    start, length = 0, len(text)
    while length - start > max_chars:
        end = _cut(text, start, start + max_chars)
        yield start, text[start:end]
        start = end
    if start < length:
        yield start, text[start:]
