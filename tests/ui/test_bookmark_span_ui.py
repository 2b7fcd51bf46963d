"""A bookmark holds an exchange, not a paragraph (issue 6): drag across three passages,
press m, and the span is stored, marked on every passage, listed as "turns 2–4" and,
after a restart, opened at its first passage with the whole span highlighted."""

from __future__ import annotations

from reader.data.store import Store
from reader.screens.bookmark_dialog import BookmarkDialog
from reader.screens.bookmarks import BookmarksScreen
from reader.screens.main import MainScreen
from reader.widgets.transcript import Transcript
from tests.ui.fixtures import at, drag, lines_styled, ready, seed_004_app

SIZE = (120, 60)  # passages 2-4 of 004 fit on one screen


def _focused_lines(transcript: Transcript, block: int) -> list[bool]:
    """Per display line of ``block``: whether some cells carry the bookmark-focus style."""
    return lines_styled(transcript, block, "transcript--span-focus")


async def test_drag_across_three_passages_m_restart_and_find_the_span() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        document = main.document
        assert document is not None
        await drag(pilot, transcript, at(transcript, 1, 5), at(transcript, 3, 10))
        assert transcript.selection_range == (1, 5, 3, 11)
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.where == "passages 2–4"
        assert dialog.quote.startswith(document.blocks[1].text[5:].strip()[:20])
        await pilot.press(*"exchange", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert transcript.selection is None  # the selection was bookmarked and cleared
        # The marker shows on every passage of the span, and only there.
        assert transcript._markers == {1, 2, 3}
    with Store.open() as store:
        (bookmark,) = store.list_bookmarks()
    anchor = bookmark.anchor
    blocks = document.blocks
    assert (anchor.block_index, anchor.start, anchor.end_block, anchor.end) == (1, 5, 3, 11)
    assert anchor.exact == "\n\n".join([blocks[1].text[5:], blocks[2].text, blocks[3].text[:11]])
    assert (bookmark.turn, bookmark.end_turn, bookmark.note) == (2, 4, "exchange")

    # Restart: the span is still there, marked, listed and opened with its span lit.
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        transcript = main.transcript
        assert transcript._markers == {1, 2, 3}
        await pilot.press("G", "M")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        prompt = str(screen.rows.get_option_at_index(0).prompt)
        assert "turns 2–4" in prompt and "passages 2–4" in prompt and "✓ found" in prompt
        assert " … " in prompt and "[The evaluation" not in prompt  # its start and its end
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert transcript.cursor == 1
        assert transcript._focus_in(1) == (5, len(blocks[1].text))
        assert transcript._focus_in(2) == (0, len(blocks[2].text))
        assert transcript._focus_in(3) == (0, 11)
        assert transcript._focus_in(0) is None and transcript._focus_in(4) is None
        assert all(_focused_lines(transcript, 2)) and _focused_lines(transcript, 3)[0]
        assert not any(_focused_lines(transcript, 4))
        # Moving within the span keeps it lit; leaving it puts the light out.
        await pilot.press("j")
        assert transcript.cursor == 2 and transcript._focus_in(3) == (0, 11)
        await pilot.press("j", "j")
        assert transcript.cursor == 4 and transcript._focus_span is None


async def test_keyboard_selection_across_passages_bookmarks_the_span() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await ready(app, pilot)
        document = main.document
        assert document is not None
        await pilot.press("j", "v")  # passage 2 (Shen)
        # Sentence by sentence until the selection runs on into passage 3.
        for _ in range(40):
            selected = main.transcript.selection_range
            if selected is not None and selected[2] == 2:
                break
            await pilot.press("s")
        selected = main.transcript.selection_range
        assert selected is not None and selected[:3] == (1, 0, 2)
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog) and dialog.where == "passages 2–3"
        await pilot.press("enter")
        await pilot.pause()
        assert main.transcript._markers == {1, 2}
    with Store.open() as store:
        (bookmark,) = store.list_bookmarks()
    assert (bookmark.anchor.block_index, bookmark.anchor.end_block) == (1, 2)
    assert bookmark.anchor.end == selected[3]
    assert bookmark.end_passage == 3 and bookmark.locator_parts()[0] == "turns 2–3"
