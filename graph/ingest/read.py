"""Files and stdin → :class:`Document` records, one bad article never spoiling the others."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from ..formats import Parsed, parse_html, parse_plain, parse_record
from ..records import Document, Problem
from .decoding import decode_bytes, looks_binary, mostly_not_text
from .finding import SUFFIXES, expand, stat_problem
from .language import language_problem
from .text import content_hash, normalise_text

__all__ = ["read_inputs", "read_file"]

_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_STDIN = "-"
_DEFAULT_LANGUAGES = frozenset({"en"})
_MAX_BYTES_PER_CHAR = 4  # UTF-8's worst case: a file of more bytes than 4 × max_chars cannot fit
_SNIFF_BYTES = 8192


def _too_large(count: int | str, max_chars: int) -> str:
    return f"too large: {count} characters (limit {max_chars}; raise --max-chars)"


def _document(
    parsed: Parsed,
    source: str,
    *,
    max_chars: int,
    languages: frozenset[str],
    line: int | None = None,
) -> Document | Problem:
    """Normalise a parsed article and check it; the last gate before it becomes a Document."""
    where = source if line is None else f"{source}:{line}"
    text = normalise_text(parsed.text)
    if not text:
        return Problem(source, "empty (no text)", line)
    if len(text) > max_chars:
        return Problem(source, _too_large(len(text), max_chars), line)
    if reason := language_problem(text, languages):
        return Problem(source, reason, line)
    title = " ".join(normalise_text(parsed.title or "").split()) or None
    url = parsed.url.strip() if parsed.url and parsed.url.strip() else None
    return Document(content_hash(text), text, title=title, date=parsed.date, source=where, url=url)


def _read_jsonl(
    stream: BinaryIO, source: str, *, max_chars: int, languages: frozenset[str]
) -> Iterator[Document | Problem]:
    """Read JSON Lines one line at a time, so a file of any size streams in bounded memory.

    A line longer than JSON could need for ``max_chars`` characters (6 bytes per ``\\uXXXX``
    escape, plus room for metadata) is skipped without being held in memory.
    """
    limit = 6 * max_chars + 65536
    found = False
    for number in itertools.count(1):
        raw = stream.readline(limit + 1)
        if not raw:
            break
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (more := stream.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield Problem(source, _too_large(f"more than {max_chars}", max_chars), number)
            continue
        if not raw.strip():
            continue
        found = True
        try:
            parsed = parse_record(json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8")))
        except UnicodeDecodeError:
            yield Problem(source, "not UTF-8 (JSON Lines must be UTF-8)", number)
        except json.JSONDecodeError as exc:
            yield Problem(source, f"invalid JSON: {exc.msg} (column {exc.colno})", number)
        except ValueError as exc:
            yield Problem(source, str(exc), number)
        else:
            yield _document(parsed, source, max_chars=max_chars, languages=languages, line=number)
    if not found:
        yield Problem(source, "empty (no text)")


def read_file(
    path: Path,
    *,
    max_chars: int = 5_000_000,
    languages: frozenset[str] = _DEFAULT_LANGUAGES,
) -> Iterator[Document | Problem]:
    """Read one file as articles: one for most formats, one per line for JSON Lines.

    The parser is chosen by suffix; an unknown suffix is read as plain text. The byte size is
    checked before reading, so a file far over ``max_chars`` is rejected without loading it.

    Yields:
        A :class:`Document` per article, or a :class:`Problem` saying why (part of) the file
        could not be used.
    """
    source, suffix = str(path), path.suffix.lower()
    try:
        with open(path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            if looks_binary(head):
                yield Problem(source, "binary file (not text)")
                return
            if suffix in _JSON_LINES:
                stream.seek(0)
                yield from _read_jsonl(stream, source, max_chars=max_chars, languages=languages)
                return
            size = os.fstat(stream.fileno()).st_size
            if size > _MAX_BYTES_PER_CHAR * max_chars:
                least = size // _MAX_BYTES_PER_CHAR
                yield Problem(source, _too_large(f"at least {least}", max_chars))
                return
            data = head + stream.read()
    except OSError as exc:
        yield stat_problem(path, exc)
        return
    parser = SUFFIXES.get(suffix) or parse_plain
    text = decode_bytes(data, html=parser is parse_html)
    if text is None or mostly_not_text(text):
        yield Problem(source, "binary file (not text)")
        return
    yield _document(parser(normalise_text(text)), source, max_chars=max_chars, languages=languages)


def _read_stdin(stream: TextIO, *, max_chars: int, languages: frozenset[str]) -> Document | Problem:
    """Read standard input as one plain-text article, never more than twice ``max_chars``."""
    try:
        text = stream.read(2 * max_chars + 1)
    except (OSError, UnicodeDecodeError) as exc:
        return Problem("<stdin>", f"cannot read: {exc}")
    if len(text) > 2 * max_chars:
        return Problem("<stdin>", _too_large(f"more than {2 * max_chars}", max_chars))
    parsed = parse_plain(normalise_text(text))
    return _document(parsed, "<stdin>", max_chars=max_chars, languages=languages)


def read_inputs(
    inputs: Sequence[str],
    *,
    max_chars: int = 5_000_000,
    stdin: TextIO | None = None,
    languages: frozenset[str] = _DEFAULT_LANGUAGES,
) -> Iterator[Document | Problem]:
    """Read every article the inputs name, in order, yielding a Problem for each that fails.

    Args:
        inputs: files, folders (read recursively; hidden entries and unsupported suffixes are
            skipped), glob patterns (``data/**/*.md``), and ``-`` for standard input.
        max_chars: longest article accepted, in characters.
        stdin: the stream ``-`` reads (default :data:`sys.stdin`), for tests and embedding.
        languages: langdetect codes accepted (``{"en"}``); an empty set accepts any language.

    Yields:
        Documents and Problems, interleaved in input order. A file named by several inputs is
        read once.

    Examples:
        >>> list(read_inputs(["/no/such/file.txt"]))
        [Problem(source='/no/such/file.txt', reason='no such file or directory', line=None)]
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    seen: set[str] = set()  # resolved paths read, and "-"
    reported: set[tuple[str, str]] = set()
    for item in inputs:
        if item == _STDIN:
            if _STDIN not in seen:
                seen.add(_STDIN)
                yield _read_stdin(stdin or sys.stdin, max_chars=max_chars, languages=languages)
            continue
        for found in expand(item):
            if isinstance(found, Problem):
                if (found.source, found.reason) not in reported:
                    reported.add((found.source, found.reason))
                    yield found
                continue
            real = os.path.realpath(found)
            if real not in seen:
                seen.add(real)
                yield from read_file(found, max_chars=max_chars, languages=languages)
