"""Inputs → the files they name: paths, folders (depth first, in name order), globs.

Every input that cannot be used becomes a :class:`Problem` naming it and the reason.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from ..formats import Parsed, parse_html, parse_markdown, parse_plain
from ..records import Problem

__all__ = ["SUFFIXES", "expand", "stat_problem"]

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


def stat_problem(path: Path, exc: OSError) -> Problem:
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
        return stat_problem(path, exc)
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def _listing(folder: Path) -> list[os.DirEntry[str]] | Problem:
    """The visible entries of a folder in name order, or why it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        problem = stat_problem(folder, exc)
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


def expand(item: str) -> Iterator[Path | Problem]:
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

