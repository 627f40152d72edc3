"""Tests for graph.chunking: chunks are bounded, exact, and cut at the best boundary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.chunking import paragraph_chunks


@pytest.mark.parametrize(
    "text, max_chars, chunks",
    [
        ("", 10, []),
        ("short", 10, ["short"]),
        ("exactly10!", 10, ["exactly10!"]),
        # a blank line wins over a later sentence end
        ("Para one.\n\nPara two. More.", 20, ["Para one.\n\n", "Para two. More."]),
        # several paragraphs share a chunk while they fit
        ("A.\n\nB.\n\nC.\n\nD.", 9, ["A.\n\nB.\n\n", "C.\n\nD."]),
        # no blank line in reach: cut after the last sentence end
        ("One two. Three four. Five six.", 22, ["One two. Three four. ", "Five six."]),
        ("Why? Because! Yes.", 15, ["Why? Because! ", "Yes."]),
        # no sentence end: cut after the last space
        ("alpha beta gamma delta", 12, ["alpha beta ", "gamma delta"]),
        # nothing to cut at: cut hard
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("a\n\nb", 1, ["a", "\n", "\n", "b"]),
    ],
)
def test_paragraph_chunks(text: str, max_chars: int, chunks: list[str]) -> None:
    result = list(paragraph_chunks(text, max_chars))
    assert [chunk for _, chunk in result] == chunks
    assert all(text[offset : offset + len(chunk)] == chunk for offset, chunk in result)


@pytest.mark.parametrize("max_chars", [0, -5])
def test_max_chars_must_be_positive(max_chars: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(paragraph_chunks("text", max_chars))


def test_large_text_is_chunked_quickly() -> None:
    paragraph = "The committee met on Monday. It discussed the budget.\n\n"
    text = paragraph * 200_000  # about 11 MB
    chunks = list(paragraph_chunks(text, 1_000_000))
    assert "".join(chunk for _, chunk in chunks) == text
    assert all(chunk.endswith("\n\n") for _, chunk in chunks)
    assert len(chunks) == 12


texts = st.text(alphabet=st.sampled_from(list("ab .!?\n\t")) | st.characters(), max_size=400)


@settings(max_examples=500, deadline=None)
@given(text=texts, max_chars=st.integers(min_value=1, max_value=60))
def test_chunks_reassemble_exactly_within_the_limit(text: str, max_chars: int) -> None:
    chunks = list(paragraph_chunks(text, max_chars))
    assert "".join(chunk for _, chunk in chunks) == text
    expected_offset = 0
    for offset, chunk in chunks:
        assert offset == expected_offset
        assert 0 < len(chunk) <= max_chars
        assert text[offset : offset + len(chunk)] == chunk
        expected_offset += len(chunk)


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(st.text(alphabet="abc .", min_size=1, max_size=30), min_size=1, max_size=20),
    max_chars=st.integers(min_value=32, max_value=200),
)
def test_paragraphs_that_fit_are_never_split(paragraphs: list[str], max_chars: int) -> None:
    text = "\n\n".join(p.replace("\n", " ") for p in paragraphs)
    chunks = [chunk for _, chunk in paragraph_chunks(text, max_chars)]
    # each paragraph and its blank line (at most 32 characters) fits in any chunk, so every
    # chunk but the last ends at a paragraph boundary
    assert all(chunk.endswith("\n\n") for chunk in chunks[:-1])
