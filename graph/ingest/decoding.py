"""Bytes → text: byte-order marks, HTML meta charsets, and a guess for the rest; binary is refused."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_bytes", "looks_binary", "mostly_not_text"]

_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*",  # images
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"\xfd7zXZ", b"7z\xbc\xaf",  # archives
    b"%PDF-", b"\x7fELF", b"\xca\xfe\xba\xbe", b"wOFF",  # documents, programs, fonts
)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_WESTERN = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def looks_binary(head: bytes) -> bool:
    """Magic numbers of common binary formats, or NUL bytes in text without a UTF-16/32 BOM."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def _guess(data: bytes) -> str | None:
    """Decode non-UTF-8 bytes with charset-normalizer, preferring cp1252 among equal guesses.

    For a short Latin-1 text charset-normalizer rates cp1250, cp1252 and others equally and may
    pick one that turns "naïve" into "naďve"; for English news, Windows-1252 is the right bet.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
        if tied and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252", errors="replace")
    return str(best)


def decode_bytes(data: bytes, *, html: bool = False) -> str | None:
    """Decode a file's bytes to text, or return ``None`` if they are not text.

    Order: a BOM (UTF-8/16/32) decides; else strict UTF-8; else UTF-8 with U+FFFD for the bad
    bytes when valid multi-byte characters are at least as many as bad bytes (a damaged UTF-8
    file: legacy 8-bit text almost never forms valid UTF-8 sequences by chance); else the page's
    ``<meta charset>`` for HTML; else charset-normalizer's guess, preferring cp1252 on ties.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - bad  # valid non-ASCII
    if good and bad <= good:  # more valid multi-byte characters than bad bytes: damaged UTF-8
        return lenient
    if html and (m := _META_CHARSET.search(data[:4096])):
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name.replace("-", "_")
            return data.decode("cp1252" if codec in _WESTERN else codec, errors="replace")
        except LookupError:
            pass
    return _guess(data)


def mostly_not_text(text: str) -> bool:
    """True when more than 5% of the first 4096 characters are control or replacement chars."""
    sample = text[:4096]
    return bool(sample) and len(_NOT_TEXT.findall(sample)) * 20 > len(sample)

