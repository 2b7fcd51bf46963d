"""Anchors over a span of passages (issue 6): a bookmark on an exchange, not a paragraph,
found again after whitespace edits, inserted paragraphs and re-saves that split or join
its passages, with the same certainty rules as a one-passage anchor."""

from __future__ import annotations

import pytest

from reader.data.anchor import (
    PASSAGE_BREAK,
    Resolution,
    make_anchor,
    normalise,
    quote_of,
    rebase,
    resolve,
)
from reader.model.document import Document
from tests.unit._anchor_docs import doc

EXCHANGE = (
    "Memorandum of conversation.",
    "Khrushchev: We shall not withdraw the missiles until the blockade is lifted.",
    "Kennedy: Then the quarantine will stay in force for as long as it takes.",
    "Khrushchev: You are risking a war over a few rockets on an island.",
    "Kennedy: The risk is yours, and so is the remedy.",
    "The meeting ended at noon.",
)


def found_words(document: Document, found: Resolution) -> str:
    assert found.block_index is not None and found.start is not None and found.end is not None
    return quote_of(document, found.block_index, found.start, found.end_block, found.end)


def span_of_three(document: Document) -> tuple[int, int]:
    start = EXCHANGE[1].index("We shall")
    end = EXCHANGE[3].index(" on an island")
    return start, end


def test_make_span_anchor_holds_every_passage_and_context() -> None:
    document = doc(*EXCHANGE)
    start, end = span_of_three(document)
    anchor = make_anchor(document, 1, start, end, end_block=3)
    assert (anchor.block_index, anchor.start, anchor.end_block, anchor.end) == (1, start, 3, end)
    assert anchor.passages == 3 and anchor.last_block == 3
    assert anchor.exact == PASSAGE_BREAK.join(
        (EXCHANGE[1][start:], EXCHANGE[2], EXCHANGE[3][:end])
    )
    assert anchor.prefix.endswith("Memorandum of conversation. Khrushchev:")
    assert anchor.suffix.startswith("on an island. Kennedy: The risk")
    assert resolve(anchor, document) == Resolution(1, start, end, "exact", end_block=3,
                                                   certain=True)  # fmt: skip


def test_a_span_ending_where_it_starts_is_a_one_passage_anchor() -> None:
    document = doc(*EXCHANGE)
    assert make_anchor(document, 2, 0, 10, end_block=2) == make_anchor(document, 2, 0, 10)
    assert make_anchor(document, 2, end_block=2).end_block is None


def test_span_narrowed_to_the_passages_that_hold_words() -> None:
    document = doc(*EXCHANGE)
    # Dragged from past the end of passage 2 to before the first word of passage 5.
    anchor = make_anchor(document, 1, len(EXCHANGE[1]), 0, end_block=4)
    assert (anchor.block_index, anchor.start, anchor.end_block) == (2, 0, 3)
    assert anchor.end == len(EXCHANGE[3])


def test_make_span_anchor_refuses_bad_spans() -> None:
    document = doc(*EXCHANGE)
    with pytest.raises(IndexError):
        make_anchor(document, 3, end_block=1)
    with pytest.raises(IndexError):
        make_anchor(document, 3, end_block=99)
    with pytest.raises(ValueError):
        make_anchor(document, 1, 0, 999, end_block=3)


def test_span_found_after_whitespace_edits_and_an_inserted_paragraph() -> None:
    document = doc(*EXCHANGE)
    start, end = span_of_three(document)
    anchor = make_anchor(document, 1, start, end, end_block=3)
    edited = doc(
        EXCHANGE[0],
        "[Page 12]",
        EXCHANGE[1].replace(" ", "  "),
        EXCHANGE[2].replace("quarantine will", "quarantine\nwill"),
        EXCHANGE[3],
        *EXCHANGE[4:],
    )
    found = resolve(anchor, edited)
    assert found.status == "moved" and found.certain
    assert (found.block_index, found.end_block) == (2, 4)
    assert normalise(found_words(edited, found)) == normalise(anchor.exact)
    # Certain, in its own file: written back as exact from then on.
    remade = rebase(anchor, edited, found)
    assert remade is not None and (remade.block_index, remade.end_block) == (2, 4)
    assert resolve(remade, edited).status == "exact"


def test_span_joined_into_one_passage_by_a_resave() -> None:
    document = doc(*EXCHANGE)
    start, end = span_of_three(document)
    anchor = make_anchor(document, 1, start, end, end_block=3)
    joined = doc(EXCHANGE[0], " ".join(EXCHANGE[1:4]), *EXCHANGE[4:])
    found = resolve(anchor, joined)
    assert found.status == "moved" and found.certain
    assert (found.block_index, found.end_block) == (1, None)
    assert normalise(found_words(joined, found)) == normalise(anchor.exact)
    remade = rebase(anchor, joined, found)
    assert remade is not None and remade.end_block is None and remade.passages == 1


def test_span_split_differently_by_a_resave() -> None:
    document = doc(*EXCHANGE)
    start, end = span_of_three(document)
    anchor = make_anchor(document, 1, start, end, end_block=3)
    cut = EXCHANGE[2].index("for as long")
    resplit = doc(EXCHANGE[0], EXCHANGE[1] + " " + EXCHANGE[2][:cut], EXCHANGE[2][cut:],
                  *EXCHANGE[3:])  # fmt: skip
    found = resolve(anchor, resplit)
    assert found.status == "moved" and found.certain
    assert (found.block_index, found.end_block) == (1, 3)
    assert normalise(found_words(resplit, found)) == normalise(anchor.exact)


def test_repeated_span_is_a_guess_unless_its_context_tells() -> None:
    document = doc(*EXCHANGE)
    anchor = make_anchor(document, 2, end_block=3)
    # The same exchange quoted again later, with other words around it: the context
    # picks the original, with certainty.
    quoted = doc(*EXCHANGE, "Later the record repeats:", *EXCHANGE[2:4], "End of the record.")
    found = resolve(anchor, quoted)
    assert found.status == "moved" and found.certain
    assert (found.block_index, found.end_block) == (2, 3)
    # Both copies in the same surroundings: nothing tells them apart but nearness.
    twice = doc("Intro.", *EXCHANGE, *EXCHANGE)
    guess = resolve(anchor, twice)
    assert guess.status == "moved" and not guess.certain
    assert rebase(anchor, twice, guess) is None


def test_span_with_edited_words_is_a_fuzzy_guess_never_written() -> None:
    document = doc(*EXCHANGE)
    anchor = make_anchor(document, 1, end_block=3)
    edited = doc(
        "A new headnote.",
        EXCHANGE[0],
        EXCHANGE[1].replace("withdraw", "remove"),
        EXCHANGE[2],
        EXCHANGE[3].replace("a few rockets", "some rockets"),
        *EXCHANGE[4:],
    )
    found = resolve(anchor, edited)
    assert found.status == "fuzzy" and not found.certain
    assert (found.block_index, found.end_block) == (2, 4)
    assert 0.8 <= found.score < 1.0
    assert rebase(anchor, edited, found) is None


def test_span_gone_is_orphaned() -> None:
    document = doc(*EXCHANGE)
    anchor = make_anchor(document, 1, end_block=3)
    assert resolve(anchor, doc("Nothing of the kind.", "Another text.")).status == "orphaned"


def test_certainty_counts_places_across_passages_too() -> None:
    document = doc(*EXCHANGE)
    anchor = make_anchor(document, 2, end_block=3)
    # The exchange once joined in one passage and once across two, same surroundings:
    # two places, and nothing but nearness between them.
    joined = " ".join(EXCHANGE[2:4])
    changed = doc(*EXCHANGE[:2], joined, EXCHANGE[4], "Intro.", *EXCHANGE[:2], *EXCHANGE[2:4],
                  EXCHANGE[4])  # fmt: skip
    found = resolve(anchor, changed)
    assert found.status == "moved" and not found.certain
    assert rebase(anchor, changed, found) is None
