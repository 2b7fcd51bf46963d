"""Speaker tallies: what the header's legend and the speaker chooser both say."""

from __future__ import annotations

from reader.model.document import Block
from reader.model.tally import count_speakers, tally_text


def test_turns_and_reported_passages_are_counted_apart() -> None:
    blocks = [
        Block("turn", "Yes.", "a", "A", "label"),
        Block("paragraph", "And more.", "a", None, "continuation"),
        Block("paragraph", "He said no.", "b", None, "reported"),
        Block("paragraph", "He said yes.", "b", None, "reported"),
        Block("turn", "Reported, then asked.", "b", "B", "label"),
        Block("paragraph", "Nobody's."),
    ]
    turns, reported = count_speakers(blocks[:3])
    count_speakers(blocks[3:], turns, reported)  # a slice at a time adds up
    assert turns == {"a": 1, "b": 1} and reported == {"b": 2}


def test_tally_text() -> None:
    assert tally_text(34, 0) == "34 turns"
    assert tally_text(1, 0) == "1 turn"
    assert tally_text(0, 0) == "0 turns"
    assert tally_text(0, 8) == "8 reported"
    assert tally_text(5, 2) == "5 turns, 2 reported"
