"""The first stage: paths, folders, globs and stdin → :class:`Document` records.

Reading news from disk fails in many small ways (a PDF in the folder, a Latin-1 file, a German
article, a broken symlink, one bad line in a JSON Lines dump). None of them should stop a build,
so every input that cannot be used becomes a :class:`Problem` naming it and the reason, and the
rest is read. Nothing is printed; the CLI summarises the problems at the end of the run.

Order is deterministic (inputs as given, folders depth first in name order) and each file is read
once, however many inputs name it, so two runs over the same inputs produce the same documents.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import itertools
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from .formats import Parsed, parse_html, parse_markdown, parse_plain, parse_record
from .records import Document, Problem

__all__ = [
    "read_inputs",
    "read_file",
    "document_id",
    "normalise_text",
    "decode_bytes",
    "SUFFIXES",
]

#: File suffixes read from folders and globs, and the parser each one uses.
SUFFIXES: dict[str, Callable[[str], Parsed] | None] = {
    ".txt": parse_plain,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".jsonl": None,  # one article per line, see _read_jsonl
    ".ndjson": None,
}
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_STDIN = "-"
_DEFAULT_LANGUAGES = frozenset({"en"})
_MAX_BYTES_PER_CHAR = 4  # UTF-8's worst case: a file of more bytes than 4 × max_chars cannot fit
_SNIFF_BYTES = 8192
_LANG_SAMPLE = 2000
_LANG_MIN_WORDS = 20
#: Common English function words, for the shortcut of :func:`_plainly_english`.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a an in is are was were be been has have had that this it its for on with as by "
    "at from or but not which who will would said says he she they their his her we our".split()
)
_WORD = re.compile(r"[a-z']+")


# ------------------------------------------------------------------------------ normalisation

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


def _hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """Return the content hash that identifies an article: SHA-256 (hex) of its normalised text.

    Hashing the normalised text makes the id independent of line endings, trailing spaces and
    Unicode composition, so the same article saved on Windows and on Linux is one document.

    Examples:
        >>> document_id("Li spoke.\\r\\n") == document_id("Li spoke.\\n")
        True
    """
    return _hash(normalise_text(text))


# --------------------------------------------------------------------------- finding the files


def _stat_problem(path: Path, exc: OSError) -> Problem:
    """Describe why ``path`` cannot be opened, in the words a user would search for."""
    if exc.errno == errno.ELOOP:
        reason = "symlink loop"
    elif isinstance(exc, FileNotFoundError) and os.path.islink(path):
        reason = "broken symlink (its target does not exist)"
    elif isinstance(exc, FileNotFoundError):
        reason = "no such file or directory"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    else:
        reason = (exc.strerror or str(exc)).lower()
    return Problem(str(path), reason)


def _kind(path: Path) -> str | Problem:
    """Return ``"dir"``, ``"file"`` or ``"other"`` for ``path`` (following symlinks)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _stat_problem(path, exc)
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def _listing(folder: Path) -> list[os.DirEntry[str]] | Problem:
    """The visible entries of a folder in name order, or why it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        problem = _stat_problem(folder, exc)
        return Problem(problem.source, f"cannot list folder: {problem.reason}")


#: Files a folder of articles often holds that are no article: read only when named explicitly.
_PROJECT_FILES = frozenset({"readme", "license", "licence", "changelog", "contributing", "notice", "authors", "copying"})


def _is_project_file(path: Path) -> bool:
    """README.md, LICENSE.txt and their kind describe a folder; they are not news."""
    return path.stem.lower() in _PROJECT_FILES


def _walk(top: Path, *, max_depth: int | None = None) -> Iterator[Path | Problem]:
    """Yield the supported files under ``top``, depth first in name order, hidden ones skipped.

    Folders are tracked by resolved path: a symlink back to a folder being walked is reported as
    a loop, one to a folder already walked is skipped, so the walk always ends.
    """
    listing = _listing(top)
    if isinstance(listing, Problem):
        yield listing
        return
    stack = [(os.path.realpath(top), iter(listing))]
    walked = {stack[0][0]}
    while stack:
        entry = next(stack[-1][1], None)
        if entry is None:
            stack.pop()
            continue
        path, depth = Path(entry.path), len(stack) - 1
        kind = _kind(path)
        supported = path.suffix.lower() in SUFFIXES and not _is_project_file(path)
        if kind == "file" and supported:
            yield path
        elif isinstance(kind, Problem) and supported:
            yield kind
        elif kind == "dir" and (max_depth is None or depth < max_depth):
            real = os.path.realpath(path)
            if any(real == ancestor for ancestor, _ in stack):
                yield Problem(str(path), f"symlink loop (leads back to {real})")
            elif real not in walked:
                walked.add(real)
                sub = _listing(path)
                if isinstance(sub, Problem):
                    yield sub
                else:
                    stack.append((real, iter(sub)))


_MAGIC = re.compile(r"[*?[]")


def _glob_regex(parts: list[str]) -> re.Pattern[str]:
    """Translate glob components (``**`` = any folders) into a regex over a relative posix path."""
    out = []
    for i, part in enumerate(parts):
        if part == "**":
            out.append("(?:[^/]+/)*" if i < len(parts) - 1 else ".*")
            continue
        tokens = re.split(r"(\*|\?|\[!?\]?[^\]]*\])", part)
        for token in tokens:
            if token == "*":
                out.append("[^/]*")
            elif token == "?":
                out.append("[^/]")
            elif token.startswith("[") and len(token) > 2:
                body = token[1:-1]
                out.append("[^/" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            else:
                out.append(re.escape(token))
        if i < len(parts) - 1:
            out.append("/")
    return re.compile("".join(out))


def _glob(pattern: str) -> Iterator[Path | Problem]:
    """Expand a glob pattern (``**`` recursive) with the loop-safe walk, not :mod:`glob`.

    :func:`glob.glob` follows symlinked folders under ``**`` and can explore a loop an exponential
    number of times; walking from the pattern's literal prefix and matching paths cannot.
    """
    parts = pattern.split("/")
    first_magic = next(i for i, part in enumerate(parts) if _MAGIC.search(part))
    base = Path("/".join(parts[:first_magic]) or ("/" if pattern.startswith("/") else "."))
    rest = parts[first_magic:]
    regex = _glob_regex(rest)
    max_depth = None if "**" in rest else len(rest) - 1
    matched = False
    if _kind(base) == "dir":
        for item in _walk(base, max_depth=max_depth):
            if isinstance(item, Problem):
                yield item
            elif regex.fullmatch(item.relative_to(base).as_posix()):
                matched = True
                yield item
    if not matched:
        yield Problem(pattern, "no supported files match this pattern")


def _expand(item: str) -> Iterator[Path | Problem]:
    """Turn one command-line input (file, folder or glob) into the files it names."""
    path = Path(item)
    kind = _kind(path)
    if isinstance(kind, Problem):
        no_such = kind.reason == "no such file or directory"
        yield from _glob(item) if no_such and _MAGIC.search(item) else [kind]
    elif kind == "dir":
        yield from _walk(path)
    elif kind == "other":
        yield Problem(item, "not a regular file (a device, socket or pipe)")
    elif path.suffix.lower() not in SUFFIXES:
        valid = ", ".join(sorted(SUFFIXES))
        kind_name = path.suffix or path.name
        yield Problem(item, f"unsupported file type '{kind_name}' (supported: {valid})")
    else:
        yield path


# --------------------------------------------------------------------------------- decoding

# Only signatures no English text starts with; formats with plain-ASCII magic (BMP "BM", WAV
# "RIFF") are caught by the NUL bytes in their headers instead.
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


def _looks_binary(head: bytes) -> bool:
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


def _mostly_not_text(text: str) -> bool:
    """True when more than 5% of the first 4096 characters are control or replacement chars."""
    sample = text[:4096]
    return bool(sample) and len(_NOT_TEXT.findall(sample)) * 20 > len(sample)


# ---------------------------------------------------------------------------------- documents


def _language_problem(text: str, languages: frozenset[str]) -> str | None:
    """Return why ``text`` is in none of ``languages``, or ``None`` if it is (or is too short).

    langdetect is seeded so the verdict is repeatable; a language counts if it has at least 20%
    probability, so an English article quoting a foreign name is not rejected. An empty set of
    languages disables the check.
    """
    sample = text[:_LANG_SAMPLE]
    if not languages or len(sample.split()) < _LANG_MIN_WORDS:
        return None
    if "en" in languages and _plainly_english(sample):
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(sample)
    except LangDetectException:  # no letters to judge by
        return None
    if not guesses or any(g.lang.split("-")[0] in languages and g.prob >= 0.2 for g in guesses):
        return None
    wanted = "English" if languages == {"en"} else "in " + ", ".join(sorted(languages))
    return f"not {wanted} (detected '{guesses[0].lang}'); use --lang to process it"


def _plainly_english(sample: str) -> bool:
    """Whether a sample is English beyond doubt, so langdetect need not be asked.

    langdetect reads its 55 language profiles on first use (about 0.3 s, a sixth of adding one
    article to a store). English news has 21-45 % of its words among the function words above and
    "the" at 4-9 %; German, French, Italian and Dutch news have under 7 % and no "the". A sample
    over 20 % and 3 % is at least mostly English, which langdetect accepts from 20 %, so the
    verdict is the same; anything less plain still goes to langdetect.
    """
    count = len(sample.split())
    words = _WORD.findall(sample.lower())
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.2 * count and words.count("the") >= 0.03 * count


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
    if reason := _language_problem(text, languages):
        return Problem(source, reason, line)
    title = " ".join(normalise_text(parsed.title or "").split()) or None
    url = parsed.url.strip() if parsed.url and parsed.url.strip() else None
    return Document(_hash(text), text, title=title, date=parsed.date, source=where, url=url)


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
            if _looks_binary(head):
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
        yield _stat_problem(path, exc)
        return
    parser = SUFFIXES.get(suffix) or parse_plain
    text = decode_bytes(data, html=parser is parse_html)
    if text is None or _mostly_not_text(text):
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
        for found in _expand(item):
            if isinstance(found, Problem):
                if (found.source, found.reason) not in reported:
                    reported.add((found.source, found.reason))
                    yield found
                continue
            real = os.path.realpath(found)
            if real not in seen:
                seen.add(real)
                yield from read_file(found, max_chars=max_chars, languages=languages)
