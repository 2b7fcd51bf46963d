"""A mouse drag across passages selects across them (issue 3/6): a reader quoting two or
three paragraphs drags from the first word to the last and gets all of it shown as
selected, copied (ctrl+c) and cited (c) with the span of passages ("turns 2–4")."""

from __future__ import annotations

from reader.model.export.citation import citation_data, quote_text
from reader.widgets.transcript import Transcript
from tests.conftest import SEED_004
from tests.ui.fixtures import at, drag, lines_styled, ready, seed_004_app

SIZE = (120, 60)  # passages 2-4 of 004 fit on one screen


def _selected_lines(transcript: Transcript, block: int) -> list[bool]:
    """Per display line of ``block``: whether some of its cells carry the selection style."""
    return lines_styled(transcript, block, "transcript--selection")


async def test_a_drag_across_three_passages_selects_renders_copies_and_cites() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        document = main.document
        assert document is not None
        # From "happened" (passage 2, Shen) to the 11th character of passage 4 (Shen),
        # across passage 3 (Guevara). (Textual includes the character under the pointer.)
        await drag(pilot, transcript, at(transcript, 1, 5), at(transcript, 3, 10))
        assert transcript.selection_range == (1, 5, 3, 11)
        assert transcript.selection == (1, 5, len(document.blocks[1].text))
        # The cursor stays where the selection begins: the click ending the drag is no jump.
        assert transcript.cursor == 1
        # Rendered across all three: every line of passage 3 is selected.
        assert all(_selected_lines(transcript, 2))
        assert _selected_lines(transcript, 1)[0] and _selected_lines(transcript, 3)[0]
        assert not any(_selected_lines(transcript, 0)) and not any(_selected_lines(transcript, 4))
        # ctrl+c (Textual's copy of the mouse selection): the whole selected text.
        copied = app.screen.get_selected_text()
        blocks = document.blocks
        assert copied == "\n\n".join(
            [blocks[1].text[5:].strip(), blocks[2].text.strip(), blocks[3].text[:11]])
        # c: the citation covers turns 2-4 and quotes all of it, saying who said what.
        await pilot.press("c")
        cited = app.clipboard
        assert "turns 2–4" in cited, cited
        assert cited.startswith('"Shen Jian: happened in Cuba')
        assert "Ernesto 'Che' Guevara: " in cited
        assert quote_text(blocks[3], 0, 11).split()[-1] in cited
        # Moving within the selected passages keeps it; leaving them clears it.
        await pilot.press("j")
        assert transcript.selection_range == (1, 5, 3, 11)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert transcript.selection_range is None


async def test_a_drag_within_one_passage_still_selects_only_there() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        await drag(pilot, transcript, at(transcript, 1, 5), at(transcript, 1, 12))
        assert transcript.selection_range == (1, 5, 1, 13)
        await pilot.press("m")
        assert app.screen.quote == "happened"  # type: ignore[attr-defined]


async def test_a_drag_upwards_and_one_ending_before_a_passage_starts() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        document = main.document
        assert document is not None
        # Bottom to top selects the same words as top to bottom.
        await drag(pilot, transcript, at(transcript, 3, 10), at(transcript, 1, 5))
        assert transcript.selection_range == (1, 5, 3, 11)
        # Ending in the gutter of passage 4 (before its first word): up to the end of 3.
        _, y = at(transcript, 3, 0)
        await drag(pilot, transcript, at(transcript, 1, 5), (0, y))
        assert transcript.selection_range == (1, 5, 2, len(document.blocks[2].text))


def test_citation_of_a_passage_range() -> None:
    from reader.model.formats import parse_file

    document = parse_file(SEED_004)[0]
    one = citation_data(document, 4, 0, 10, end_passage=5)  # two Guevara turns
    assert (one.passage, one.end_passage, one.turn, one.end_turn) == (5, 6, 5, 6)
    assert one.locator == "turns 5–6" and one.speaker == "Ernesto 'Che' Guevara"
    assert one.key.endswith("-p5-6")
    assert one.quote is not None and one.quote.startswith(quote_text(document.blocks[4]))
    mixed = citation_data(document, 1, 5, 10, end_passage=3)
    assert mixed.speaker is None and mixed.locator == "turns 2–4"
    assert mixed.quote is not None and mixed.quote.startswith("Shen Jian: happened")
    assert "Ernesto 'Che' Guevara: [The evaluation" in mixed.quote
    same = citation_data(document, 2, 0, 5, end_passage=2)
    assert same == citation_data(document, 2, 0, 5)


async def test_keyboard_selection_runs_on_into_the_next_passage_and_back() -> None:
    from reader.screens.selection import SelectionMode, sentence_ends, word_spans

    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        document = main.document
        assert document is not None
        blocks = document.blocks
        await pilot.press("j", "v")
        selecting = app.screen
        assert isinstance(selecting, SelectionMode)
        sentences = len(sentence_ends(blocks[1].text))
        await pilot.press(*["s"] * sentences)  # the whole of passage 2
        assert transcript.selection_range == (1, 0, 1, len(blocks[1].text.rstrip()))
        await pilot.press("w")  # one word more: the first word of passage 3
        first_word = word_spans(blocks[2].text)[0]
        assert transcript.selection_range == (1, 0, 2, first_word[1])
        assert selecting.across and selecting.span == (1, 0, len(blocks[1].text))
        await pilot.press("s")  # and its first sentence
        assert transcript.selection_range == (1, 0, 2, sentence_ends(blocks[2].text)[0])
        await pilot.press("c")
        cited = app.clipboard
        assert "turns 2–3" in cited and "Shen Jian: What happened" in cited, cited
        await pilot.press("S", "W")  # back into passage 2, one word less than all of it
        last_words = word_spans(blocks[1].text)
        assert transcript.selection_range == (1, 0, 1, last_words[-2][1])
        assert not selecting.across
        await pilot.press("escape")
        assert transcript.selection_range is None


async def test_a_selection_change_redraws_every_passage_whose_selected_part_changed() -> None:
    """Redrawing only the edge of a growing drag must still redraw every passage whose
    selected words changed (checked against the definition on random selections)."""
    import random

    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        redrawn: list[set[int]] = []
        transcript._invalidate_blocks = lambda blocks: redrawn.append(set(blocks))  # type: ignore[method-assign]
        rng = random.Random(4)
        for _ in range(400):
            before = {b: transcript._selected_in(b) for b in range(12)}
            if rng.random() < 0.15:
                transcript.clear_selection()
            else:
                first = rng.randrange(10)
                last = rng.randrange(first, 12)
                transcript.set_selection(first, rng.randrange(5), rng.randrange(5, 30), last)
            after = {b: transcript._selected_in(b) for b in range(12)}
            changed = {b for b in range(12) if before[b] != after[b]}
            assert changed <= redrawn[-1], (changed, redrawn[-1])
            redrawn.clear()
