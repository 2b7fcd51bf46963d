"""Plain-text "[Page N]" markers: cut out as zero-width page breaks, words kept apart."""

from __future__ import annotations

import pytest

from reader.model.formats import parse_text
from reader.model.loading import decode


def _turn(text: str) -> tuple[str, list[tuple[int, str | None]]]:
    document = parse_text(decode(f"Alpha: {text}\n".encode()), None, "plain")
    block = document.blocks[0]
    return block.text, [(s.start, s.ref) for s in block.spans if s.kind == "page-break"]


@pytest.mark.parametrize(
    ("printed", "text", "breaks"),
    [
        ("one two [Page 4] three.", "one two three.", [(8, "4")]),
        # a blank on one side only used to glue the words: "twothree"
        ("one two[Page 4] three.", "one two three.", [(8, "4")]),
        ("one two [Page 4]three.", "one two three.", [(8, "4")]),
        ("one three [PAGE v][Page 6] four.", "one three four.", [(10, "v"), (10, "6")]),
        # printed inside a word: nothing added that the source did not have
        ("one two[Page 4]three.", "one twothree.", [(7, "4")]),
    ],
)
def test_page_marker_keeps_the_words_apart(
    printed: str, text: str, breaks: list[tuple[int, str]]
) -> None:
    assert _turn(printed) == (text, breaks)
