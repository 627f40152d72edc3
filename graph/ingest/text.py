"""The one form of an article's text that offsets, hashes and the NLP stage all refer to."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["normalise_text", "document_id", "content_hash"]

_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_LINE_BREAK_CHARS = "\x0b\x0c\u2028\u2029"
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Put text in the one form that offsets, hashes and the NLP stage all refer to.

    NFC; ``\\r\\n`` and ``\\r`` become ``\\n``; control and zero-width characters go (except ``\\n``
    and ``\\t``); trailing spaces on lines go; three or more newlines become two; the ends are
    stripped. The function is idempotent, so normalising a document's text again changes nothing.

    Examples:
        >>> normalise_text("  Li\\u200b said:  \\r\\n\\r\\n\\r\\nYes. ")
        'Li said:\\n\\nYes.'
    """
    # Each step is guarded by a cheap scan: most texts need none of them, and a 50 MB article
    # should not pay for regular-expression passes that change nothing.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in _LINE_BREAK_CHARS):
        text = text.translate(_LINE_BREAKS)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def content_hash(normalised: str) -> str:
    """SHA-256 (hex) of text already normalised: the id of a document, without normalising twice."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """Return the content hash that identifies an article: SHA-256 (hex) of its normalised text.

    Hashing the normalised text makes the id independent of line endings, trailing spaces and
    Unicode composition, so the same article saved on Windows and on Linux is one document.

    Examples:
        >>> document_id("Li spoke.\\r\\n") == document_id("Li spoke.\\n")
        True
    """
    return content_hash(normalise_text(text))

