"""Tests for graph.ingest and graph.formats: every way an input can be bad, and the good ones."""

from __future__ import annotations

import errno
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.ingest import finding
from graph.ingest import read as reading
from graph.formats import parse_date, parse_html, parse_markdown, parse_plain
from graph.ingest import decode_bytes, document_id, normalise_text, read_file, read_inputs
from graph.records import Document, Problem

ENGLISH = (
    "Chinese Premier Li Qiang proposed on Saturday the creation of a global organisation to "
    "coordinate the development and governance of artificial intelligence, speaking at the "
    "opening of the World Artificial Intelligence Conference in Shanghai."
)
GERMAN = (
    "Der chinesische Ministerpräsident Li Qiang hat am Samstag die Gründung einer weltweiten "
    "Organisation vorgeschlagen, die die Entwicklung und Regulierung der künstlichen Intelligenz "
    "koordinieren soll, wie er bei der Eröffnung der Konferenz in Shanghai sagte."
)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ENGLISH)
    return buffer.getvalue()


def read(path: Path, **options) -> list[Document | Problem]:
    return list(read_inputs([str(path)], **options))


def only(results: list[Document | Problem], kind: type) -> Document | Problem:
    assert len(results) == 1, results
    assert isinstance(results[0], kind), results[0]
    return results[0]


# ------------------------------------------------------------------------------ bad file contents


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("whitespace.txt", b"  \n\t\r\n   \n", "empty"),
        ("invisible.txt", "\u200b\ufeff \n".encode(), "empty"),
        ("image.txt", _png(), "binary file (not text)"),
        ("archive.txt", _zip(), "binary file (not text)"),
        ("nul.txt", b"Some text\x00with a NUL byte in it", "binary file (not text)"),
        ("controls.txt", bytes(range(1, 9)) * 200, "binary file (not text)"),
        ("pdf.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (not text)"),
        ("empty.html", b"<html><head><title>T</title><script>x()</script></head><body></body>", "empty"),
        ("german.txt", GERMAN.encode(), "not English (detected 'de'); use --lang to process it"),
    ],
)
def test_unusable_file_is_a_problem(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problem = only(read(path), Problem)
    assert problem.source == str(path)
    assert reason in problem.reason


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(ENGLISH.encode("utf-8"), ENGLISH, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + ENGLISH.encode(), ENGLISH, id="utf-8 with BOM"),
        pytest.param(("Caf\u00e9 " + ENGLISH).encode("utf-16"), "Caf\u00e9 " + ENGLISH, id="utf-16 BOM"),
        pytest.param(("Caf\u00e9 " + ENGLISH).encode("utf-16-be"), None, id="utf-16 no BOM"),
        pytest.param(("Caf\u00e9 na\u00efve " + ENGLISH).encode("latin-1"), "Caf\u00e9 na\u00efve " + ENGLISH, id="latin-1"),
        pytest.param(b"caf\xe9", "caf\u00e9", id="latin-1 short"),
        pytest.param(b"\x93Quoted\x94 \x96 " + ENGLISH.encode(), "\u201cQuoted\u201d \u2013 " + ENGLISH, id="cp1252"),
        # Invalid UTF-8 in an otherwise UTF-8 file: the bad byte becomes U+FFFD, the rest survives.
        pytest.param("Caf\u00e9 \u2014 ".encode() + b"\xff " + ENGLISH.encode(), "Caf\u00e9 \u2014 \ufffd " + ENGLISH, id="damaged utf-8"),
    ],
)
def test_encodings_are_decoded(tmp_path: Path, content: bytes, expected: str | None) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    if expected is None:  # UTF-16 without a BOM has NUL bytes: refused rather than garbled
        assert "binary" in only(read(path), Problem).reason
    else:
        assert only(read(path), Document).text == expected


@pytest.mark.parametrize("start", ["BMW ", "RIFF ", "ID3 ", "OggS "])
def test_text_starting_like_a_binary_signature_is_text(tmp_path: Path, start: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(start + ENGLISH, encoding="utf-8")
    assert only(read(path), Document).text.startswith(start)


def test_html_meta_charset_is_honoured() -> None:
    page = '<meta charset="iso-8859-1"><p>Caf\u00e9 cr\u00e8me</p>'.encode("latin-1")
    assert "Caf\u00e9 cr\u00e8me" in decode_bytes(page, html=True)


# --------------------------------------------------------------------------------------- formats

HTML_PAGE = """<!doctype html><html><head>
<title>Li Proposes AI Body | Example News</title>
<meta property="og:title" content="Li Proposes AI Body">
<meta property="article:published_time" content="2025-07-26T08:00:00+08:00">
<link rel="canonical" href="https://news.example/li-ai">
<style>body { color: red } .secret-style {}</style>
<script>var secretScript = 1;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Li Proposes   AI Body</h1>
<p>Chinese Premier <b>Li Qiang</b>
proposed a global body.<br>It would coordinate rules &amp; standards.</p>
<div hidden>hidden text</div><noscript>enable javascript</noscript>
<template><p>template text</p></template>
<ul><li>First point</li><li>Second point</li></ul></article>
<aside>Related stories</aside><footer>Copyright 2025</footer>
<script>tracker("secretTracker")</script></body></html>"""


def test_html_keeps_visible_text_only() -> None:
    parsed = parse_html(HTML_PAGE)
    assert parsed.text == (
        "Li Proposes AI Body\n\nChinese Premier Li Qiang proposed a global body.\n"
        "It would coordinate rules & standards.\n\nFirst point\n\nSecond point"
    )
    for hidden in ("secret", "color", "Home", "hidden text", "javascript", "template", "Related", "Copyright"):
        assert hidden not in parsed.text
    assert (parsed.title, parsed.date, parsed.url) == (
        "Li Proposes AI Body",
        "2025-07-26",
        "https://news.example/li-ai",
    )


@pytest.mark.parametrize(
    "page, title, date, url",
    [
        ("<title> Plain  Title </title><p>x</p>", "Plain Title", None, None),
        ("<h1>Only H1</h1><p>x</p>", "Only H1", None, None),
        ('<meta name="date" content="26 July 2025"><p>x</p>', None, "2025-07-26", None),
        ('<p><time datetime="2025-07-26T10:00:00Z">Sat</time></p>', None, "2025-07-26", None),
        ('<meta property="og:url" content="https://x.example/a"><p>x</p>', None, None, "https://x.example/a"),
        ('<meta name="date" content="soon"><p>x</p>', None, None, None),
    ],
)
def test_html_metadata(page: str, title: str | None, date: str | None, url: str | None) -> None:
    parsed = parse_html(page)
    assert (parsed.title, parsed.date, parsed.url) == (title, date, url)


def test_deeply_nested_html_does_not_overflow_the_stack() -> None:
    assert parse_html("<div>" * 20_000 + "deep" + "</div>" * 20_000).text == "deep"


MARKDOWN = """---
title: "Li: A Global AI Body"
date: 2025-07-26
url: https://news.example/li
---
# Heading *One*

Intro with **bold**, _italic_, snake_case_name, 2*3*4, `code`, ![a chart](chart.png)
and [a link](https://en.wikipedia.org/wiki/Foo_(bar)) and [a reference][1].

```python
print("dropped code")
```

> A quote.
* bullet one
- bullet two

| a | b |
|---|---|

[1]: https://example.org
Escaped \\*stars\\* stay.
"""


def test_markdown_is_stripped_to_plain_text() -> None:
    parsed = parse_markdown(MARKDOWN)
    assert (parsed.title, parsed.date, parsed.url) == (
        "Li: A Global AI Body",
        "2025-07-26",
        "https://news.example/li",
    )
    text = normalise_text(parsed.text)
    assert text == (
        "Heading One\n\nIntro with bold, italic, snake_case_name, 2*3*4, code, \n"
        "and a link and a reference.\n\nA quote.\nbullet one\nbullet two\n\na b\n\n"
        "Escaped *stars* stay."
    ).replace(" \n", "\n")


@pytest.mark.parametrize(
    "source, title, date",
    [
        ("# Title Here\n\nBody text.", "Title Here", None),
        ("Title Here\n==========\n\nBody text.", "Title Here", None),
        ("## Not h1\n\ndate: 2025-07-26\n\nBody.", None, "2025-07-26"),
        ("---\ndate: July 26, 2025\n---\nBody.", None, "2025-07-26"),
    ],
)
def test_markdown_title_and_date(source: str, title: str | None, date: str | None) -> None:
    parsed = parse_markdown(source)
    assert (parsed.title, parsed.date) == (title, date)
    assert "date" not in parsed.text and "#" not in parsed.text


@pytest.mark.parametrize(
    "source, text, title, date",
    [
        ("Li Visits Paris\n\nLi arrived.", "Li Visits Paris\n\nLi arrived.", "Li Visits Paris", None),
        ("Li arrived in Paris.\n\nHe met Macron.", None, None, None),  # first line is a sentence
        ("Li Visits Paris", None, None, None),  # nothing follows the would-be headline
        ("x" * 200 + "\n\nBody.", None, None, None),  # too long for a headline
        ("date 2025-07-26\nLi arrived.", "Li arrived.", None, "2025-07-26"),
        ("Date: 2025-07-26\nLi arrived.", "Li arrived.", None, "2025-07-26"),
        ("Headline\ndate: July 26, 2025\nLi arrived.", "Headline\nLi arrived.", "Headline", "2025-07-26"),
        (" date 2025-07-26 Chinese Premier Li spoke.\n\nMore.", "Chinese Premier Li spoke.\n\nMore.", None, "2025-07-26"),
        ("Dates matter.\nLi arrived.", None, None, None),  # "Dates" is no date line
        ("a\nb\nc\nd\ne\ndate: 2025-07-26\nf", None, "a", None),  # too far down: part of the story
        ("date: someday\nLi arrived.", None, "date: someday", None),  # unparseable: left alone
    ],
)
def test_plain_text_title_and_date(source: str, text: str | None, title: str | None, date: str | None) -> None:
    parsed = parse_plain(source)
    assert parsed.text == (source if text is None else text)
    assert (parsed.title, parsed.date) == (title, date)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-07-26", "2025-07-26"),
        ("2025-07-26T10:00:00Z", "2025-07-26"),
        ("2025-07-26T10:00:00.123+02:00", "2025-07-26"),
        ("July 26, 2025", "2025-07-26"),
        ("Jul. 26, 2025", "2025-07-26"),
        ("26 July 2025", "2025-07-26"),
        ("26th July 2025", "2025-07-26"),
        ("Saturday, July 26, 2025", "2025-07-26"),
        ("Sat, 26 Jul 2025 10:00:00 GMT", "2025-07-26"),
        ("2025-02-30", None),
        ("07/26/2025", None),
        ("Smarch 26, 2025", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


# -------------------------------------------------------------------------------- JSON Lines


def test_jsonl_bad_lines_are_problems_and_good_lines_are_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ENGLISH, "title": "Li", "date": "July 26, 2025", "url": "https://x/1", "id": "a1"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "ok", "title": ["a", "list"]}),
        "",
        json.dumps(["an", "array"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Second article.", "date": "garbage", "id": 7}),
        json.dumps({"text": "ok", "id": True}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path)
    docs = [r for r in results if isinstance(r, Document)]
    problems = {r.line: r.reason for r in results if isinstance(r, Problem)}
    assert [(d.source, d.title, d.date, d.url) for d in docs] == [
        (f"{path}:1", "Li", "2025-07-26", "https://x/1"),
        (f"{path}:9", None, None, None),
    ]
    assert all(p.source == str(path) for p in results if isinstance(p, Problem))
    assert problems == {
        2: "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        3: "missing 'text'",
        4: "'text' must be a string, got number",
        5: "'title' must be a string, got array",
        7: "expected a JSON object, got array",
        8: "empty 'text'",
        10: "'id' must be a string, got boolean",
    }


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b'{"text": "caf\xe9"}\n', "not UTF-8"),
        (_png(), "binary file"),
    ],
)
def test_jsonl_file_level_problems(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    assert reason in only(read(path), Problem).reason


def test_jsonl_language_and_size_checks_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    records = [{"text": GERMAN}, {"text": "x" * 500}, {"text": "y" * 10_000}, {"text": "Fine."}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    results = read(path, max_chars=1000)
    assert [(type(r).__name__, getattr(r, "line", None)) for r in results] == [
        ("Problem", 1),
        ("Document", None),
        ("Problem", 3),
        ("Document", None),
    ]
    assert "detected 'de'" in results[0].reason
    assert results[2].reason.startswith("too large:")


# ---------------------------------------------------------------------------------- size limits

BIG_SENTENCE = b"The committee met on Monday to discuss the new budget proposal for the city.\n\n"


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_bytes(BIG_SENTENCE * (50_000_000 // len(BIG_SENTENCE) + 1))
    return path


def test_huge_file_is_rejected_without_reading_it(fifty_mb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "decode_bytes", lambda *a, **k: pytest.fail("file was decoded"))
    started = time.perf_counter()
    problem = only(read(fifty_mb), Problem)
    assert time.perf_counter() - started < 0.5
    assert problem.reason.startswith("too large: at least 12500")
    assert problem.reason.endswith("(limit 5000000; raise --max-chars)")


def test_huge_file_is_read_with_a_higher_limit(fifty_mb: Path) -> None:
    document = only(read(fifty_mb, max_chars=60_000_000), Document)
    assert len(document.text) == fifty_mb.stat().st_size - 2  # the final blank line is stripped
    assert document.text.startswith("The committee met on Monday")


def test_text_just_over_the_limit_reports_its_length(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("word " * 30, encoding="utf-8")
    problem = only(read(path, max_chars=100), Problem)
    assert problem.reason == "too large: 149 characters (limit 100; raise --max-chars)"


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        list(read_inputs([], max_chars=0))


# ------------------------------------------------------------------------------------ languages


@pytest.mark.parametrize(
    "languages, accepted",
    [
        (frozenset({"en"}), False),
        (frozenset({"de"}), True),
        (frozenset({"en", "de"}), True),
        (frozenset(), True),  # an empty set turns the check off
    ],
)
def test_language_filter(tmp_path: Path, languages: frozenset[str], accepted: bool) -> None:
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert isinstance(only(read(path, languages=languages), Document | Problem), Document) is accepted


def test_short_texts_are_not_language_checked(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Der Kanzler sprach am Montag in Berlin.", encoding="utf-8")
    only(read(path), Document)


def test_other_languages_message_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    problem = only(read(path, languages=frozenset({"en", "fr"})), Problem)
    assert problem.reason == "not in en, fr (detected 'de'); use --lang to process it"


# ---------------------------------------------------------------------------- paths and folders


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of articles with the odd things real folders have."""
    (tmp_path / "b.txt").write_text("Second\n\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "a.md").write_text("# First\n\n" + ENGLISH + " One.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # unsupported suffix: ignored in folders
    (tmp_path / ".hidden.txt").write_text("hidden " + ENGLISH, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("git " + ENGLISH, encoding="utf-8")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "c.html").write_text(f"<p>{ENGLISH} Three.</p>", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "d.markdown").write_text(ENGLISH + " Four.", encoding="utf-8")
    (tmp_path / "sub" / "e.txt").write_text(ENGLISH + " Five.", encoding="utf-8")
    return tmp_path


def sources(results: list[Document | Problem], root: Path) -> list[str]:
    return [
        f"{'!' if isinstance(r, Problem) else ''}{Path(r.source).relative_to(root).as_posix()}"
        for r in results
    ]


def test_folder_is_walked_in_name_order_skipping_hidden_and_unsupported(corpus: Path) -> None:
    results = read(corpus)
    assert sources(results, corpus) == ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.markdown", "sub/e.txt"]
    assert [r.title for r in results[:2]] == ["First", "Second"]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("*.txt", ["b.txt"]),
        ("**/*.txt", ["b.txt", "sub/e.txt"]),
        ("sub/**", ["sub/c.html", "sub/deeper/d.markdown", "sub/e.txt"]),
        ("*/*.htm?", ["sub/c.html"]),
        ("[ab].*", ["a.md", "b.txt"]),
        ("[!a]*.*", ["b.txt"]),
        ("**/*.pdf", ["!**/*.pdf"]),  # matches only an unsupported file
        ("nowhere/*.md", ["!nowhere/*.md"]),
    ],
)
def test_globs(corpus: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, expected: list[str]) -> None:
    monkeypatch.chdir(corpus)
    results = list(read_inputs([pattern]))
    got = [("!" + r.source) if isinstance(r, Problem) else Path(r.source).as_posix() for r in results]
    assert got == expected
    if expected[0].startswith("!"):
        assert results[0].reason == "no supported files match this pattern"


def test_absolute_glob(corpus: Path) -> None:
    assert sources(read_inputs([f"{corpus}/**/*.md"]), corpus) == ["a.md"]


def test_each_file_is_read_once(corpus: Path) -> None:
    inputs = [str(corpus / "b.txt"), str(corpus), str(corpus / "sub" / ".." / "b.txt"), f"{corpus}/*.txt"]
    results = list(read_inputs(inputs))
    assert sources(results, corpus) == ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.markdown", "sub/e.txt"]


def test_missing_path_is_a_problem_and_the_rest_is_read(corpus: Path) -> None:
    missing = corpus / "missing.txt"
    results = list(read_inputs([str(missing), str(corpus / "b.txt"), str(missing)]))
    assert results[0] == Problem(str(missing), "no such file or directory")
    assert isinstance(results[1], Document)
    assert len(results) == 2  # the same problem is reported once


def test_explicit_unsupported_file_lists_the_supported_suffixes(corpus: Path) -> None:
    problem = only(read(corpus / "notes.pdf"), Problem)
    assert problem.reason.startswith("unsupported file type '.pdf' (supported: .htm, .html, .jsonl")


def test_explicit_hidden_file_is_read(corpus: Path) -> None:
    assert only(read(corpus / ".hidden.txt"), Document).text.startswith("hidden")


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in only(read(fifo), Problem).reason
    assert read(tmp_path) == []  # and a folder walk skips it without blocking


def test_symlink_loop_in_folder_ends_and_is_reported(corpus: Path) -> None:
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "sub" / "self").symlink_to("self")  # a link to itself
    (corpus / "sub" / "self.txt").symlink_to("self.txt")
    results = read(corpus)
    problems = {Path(p.source).name: p.reason for p in results if isinstance(p, Problem)}
    assert problems == {"loop": f"symlink loop (leads back to {os.path.realpath(corpus)})", "self.txt": "symlink loop"}
    assert len([r for r in results if isinstance(r, Document)]) == 5


def test_exponential_symlink_glob_terminates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    for name in ("x", "y", "z"):  # glob.glob would explore 3**40 paths here
        (tmp_path / name).symlink_to(".", target_is_directory=True)
    started = time.perf_counter()
    results = list(read_inputs([f"{tmp_path}/**/*.txt"]))
    assert time.perf_counter() - started < 2
    assert sum(isinstance(r, Document) for r in results) == 1


def test_linked_folder_seen_twice_is_read_once(corpus: Path) -> None:
    (corpus / "zz-alias").symlink_to(corpus / "sub", target_is_directory=True)
    assert len([r for r in read(corpus) if isinstance(r, Document)]) == 5


def test_dangling_symlink_is_a_problem(corpus: Path) -> None:
    (corpus / "gone.txt").symlink_to(corpus / "deleted.txt")
    results = read(corpus)
    assert Problem(str(corpus / "gone.txt"), "broken symlink (its target does not exist)") in results
    assert len([r for r in results if isinstance(r, Document)]) == 5


def _deny(monkeypatch: pytest.MonkeyPatch, *targets: Path) -> None:
    """Make opening or listing ``targets`` fail as it would for a non-root user after chmod 000."""
    real_open, real_scandir = open, os.scandir

    def check(path: object) -> None:
        if Path(os.fspath(path)) in targets:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))

    def guarded_open(path, *args, **kwargs):
        check(path)
        return real_open(path, *args, **kwargs)

    def guarded_scandir(path="."):
        check(path)
        return real_scandir(path)

    monkeypatch.setattr(reading, "open", guarded_open, raising=False)
    monkeypatch.setattr(finding.os, "scandir", guarded_scandir)


@pytest.mark.parametrize("simulated", [True, False], ids=["simulated", "chmod"])
def test_unreadable_file_and_folder_are_problems(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, simulated: bool
) -> None:
    locked_file, locked_dir = corpus / "b.txt", corpus / "sub" / "deeper"
    if simulated:
        _deny(monkeypatch, locked_file, locked_dir)
    elif os.geteuid() == 0:
        pytest.skip("root ignores file permissions; the simulated case covers this")
    else:
        locked_file.chmod(0)
        locked_dir.chmod(0)
    try:
        results = read(corpus)
    finally:
        locked_file.chmod(0o644)
        locked_dir.chmod(0o755)
    assert Problem(str(locked_file), "permission denied") in results
    assert Problem(str(locked_dir), "cannot list folder: permission denied") in results
    assert len([r for r in results if isinstance(r, Document)]) == 3


# ----------------------------------------------------------------------------------------- stdin


def test_stdin_is_read_once_as_plain_text(corpus: Path) -> None:
    stream = io.StringIO("Headline Here\r\ndate: 2025-07-26\r\n" + ENGLISH)
    results = list(read_inputs(["-", str(corpus / "b.txt"), "-"], stdin=stream))
    assert len(results) == 2
    document = results[0]
    assert (document.source, document.title, document.date) == ("<stdin>", "Headline Here", "2025-07-26")
    assert document.text == "Headline Here\n" + ENGLISH


@pytest.mark.parametrize(
    "content, reason", [("", "empty (no text)"), ("x" * 300, "too large: more than 200 characters")]
)
def test_stdin_problems(content: str, reason: str) -> None:
    problem = only(list(read_inputs(["-"], stdin=io.StringIO(content), max_chars=100)), Problem)
    assert problem.source == "<stdin>" and problem.reason.startswith(reason)


# ------------------------------------------------------------------------------ ids and normalising


def test_same_text_in_two_formats_is_one_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(("Title Line\r\n\r\n" + ENGLISH + "   \r\n").encode("utf-16"))
    (tmp_path / "b.md").write_text("# Title Line\n\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<h1>Title Line</h1><p>{ENGLISH}</p>", encoding="utf-8")
    ids = {d.id for d in read(tmp_path)}
    assert ids == {document_id("Title Line\n\n" + ENGLISH)}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a  \t\nb ", "a\nb"),
        ("a\u200bb\u00adc\ufeffd\x00e\x07f", "abcdef"),
        ("a\tb", "a\tb"),
        ("e\u0301", "\u00e9"),
        ("a\x0cb\u2028c\u2029d", "a\nb\nc\n\nd"),
        ("  \n\n  x  \n\n  ", "x"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_document_id_ignores_line_endings(text: str) -> None:
    unix = text.replace("\r", "")
    assert document_id(unix.replace("\n", "\r\n")) == document_id(unix)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\u0301\u00e9\u200b\x00\x0c\u2029\xa0e"))))
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert document_id(once) == document_id(text)


def test_folder_walk_skips_readme_and_licence_but_reads_them_when_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About this folder\n\nThese are our articles.\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("MIT License\n\nPermission is hereby granted.\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Bank raises rates\n\nThe bank raised rates on Monday.\n", encoding="utf-8")
    walked = [d for d in read_inputs([str(tmp_path)], languages=frozenset()) if isinstance(d, Document)]
    assert [Path(d.source).name for d in walked] == ["story.txt"]
    named = [d for d in read_inputs([str(tmp_path / "README.md")], languages=frozenset()) if isinstance(d, Document)]
    assert len(named) == 1


# ------------------------------------------------------------------------------ language shortcut


@pytest.mark.parametrize(
    "text, languages, asks_langdetect, accepted",
    [
        pytest.param(ENGLISH * 2, frozenset({"en"}), False, True, id="plain English: no langdetect"),
        pytest.param(GERMAN * 2, frozenset({"en"}), True, False, id="German: langdetect refuses it"),
        pytest.param(ENGLISH + " " + GERMAN * 2, frozenset({"en"}), True, False, id="mostly German: langdetect decides"),
        pytest.param(ENGLISH * 2, frozenset({"de"}), True, False, id="English when only German is wanted"),
    ],
)
def test_langdetect_is_asked_unless_the_text_is_plainly_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, languages: frozenset[str], asks_langdetect: bool, accepted: bool
) -> None:
    import langdetect

    asked: list[str] = []
    real = langdetect.detect_langs
    monkeypatch.setattr(langdetect, "detect_langs", lambda sample: asked.append(sample) or real(sample))
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = only(read(path, languages=languages), Document if accepted else Problem)
    assert bool(asked) == asks_langdetect, result
