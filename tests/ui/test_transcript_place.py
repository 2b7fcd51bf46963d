"""The reader's place in the transcript survives a change of width (a pane shown or
hidden, the terminal resized) and page moves: the cursor passage stays on screen."""

from __future__ import annotations

from itertools import pairwise

from reader.model.document import Block, Document, Metadata, Speaker
from reader.widgets.transcript import Transcript
from tests.ui.fixtures import app_for, ready

#: the passage (0-based) far longer than a 20-line screen
LONG = 3


def passages(count: int = 80) -> Document:
    """Passages of many lengths, so each width wraps them to different heights."""
    speakers = (Speaker("a", "Ana Ortiz", ("Ortiz",), 0), Speaker("b", "Ben Ross", ("Ross",), 1))
    blocks = tuple(
        Block(
            "turn",
            f"Passage {n} "
            + " ".join(f"w{n}x{i}" for i in range(300 if n == LONG else 8 + (n * 7) % 37)),
            "ab"[n % 2],
            ("Ortiz", "Ross")[n % 2],
            "label",
        )
        for n in range(count)
    )
    return Document(Metadata(title="Passages", date="1970"), blocks, speakers)


def screen(t: Transcript) -> list[str]:
    return [t.render_line(y).text for y in range(t.scrollable_content_region.height)]


def cursor_row(t: Transcript) -> int:
    """The screen row where the cursor passage begins (negative: above the screen)."""
    return t.first_line_of(t.cursor) - round(t.scroll_y)


def cursor_on_screen(t: Transcript) -> bool:
    top, height = round(t.scroll_y), t.scrollable_content_region.height
    first = t.first_line_of(t.cursor)
    last = first + len(t.block_lines(t.cursor)) - 1
    return first < top + height and last >= top


async def test_hiding_and_showing_panes_keeps_the_cursor_passage_in_place() -> None:
    app = app_for([passages()])
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(app, pilot)
        t = main.transcript
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        row = cursor_row(t)
        assert 0 <= row < t.scrollable_content_region.height
        widths = {t.scrollable_content_region.width}
        for key in ("d", "p", "p", "d"):
            await pilot.press(key)
            await pilot.pause()
            widths.add(t.scrollable_content_region.width)
            assert t.cursor == 30
            assert cursor_row(t) == row, key
            assert any("▸" in line for line in screen(t)), key
        assert len(widths) >= 3  # the passages really were re-wrapped


async def test_resizing_keeps_the_cursor_passage_in_view() -> None:
    app = app_for([passages()])
    async with app.run_test(size=(200, 60)) as pilot:
        main = await ready(app, pilot)
        t = main.transcript
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        row = cursor_row(t)
        for size in ((120, 40), (80, 24), (120, 40), (200, 60)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert t.cursor == 20
            assert cursor_on_screen(t), size
            assert any("▸" in line for line in screen(t)), size
        assert cursor_row(t) >= 0
        # back at a tall screen, nothing was pushed further than it had to be
        assert cursor_row(t) <= row


async def test_a_new_width_keeps_the_first_visible_line_of_a_long_passage() -> None:
    app = app_for([passages()])
    async with app.run_test(size=(120, 40)) as pilot:
        main = await ready(app, pilot)
        t = main.transcript
        await pilot.press("d")
        t.move_cursor(LONG)
        await pilot.pause()
        # scroll into the middle of the long passage, as when reading it
        t.scroll_to(y=t.first_line_of(LONG) + 12, animate=False, immediate=True)
        await pilot.pause()
        top_word = screen(t)[0].split()[1]  # (after the speaker's gutter glyph)
        assert top_word.startswith(f"w{LONG}x")
        for key in ("p", "d", "d", "p"):
            await pilot.press(key)
            t.focus()  # (a shown list takes the focus)
            await pilot.pause()
            assert t.cursor == LONG
            # the word that began the top line is still on the top line
            top_line = screen(t)[0].split()
            assert top_word in top_line, key
            top_word = top_line[1]


async def test_paging_through_a_long_passage_keeps_the_cursor_on_screen() -> None:
    app = app_for([passages()])
    async with app.run_test(size=(60, 20)) as pilot:
        main = await ready(app, pilot)
        t = main.transcript
        t.move_cursor(LONG)
        start = t.first_line_of(LONG)
        t.scroll_to(y=start, animate=False, immediate=True)  # the passage at the top
        await pilot.pause()
        end = start + len(t.block_lines(LONG))
        assert len(t.block_lines(LONG)) > 2 * t.scrollable_content_region.height
        tops = [round(t.scroll_y)]
        while t.cursor == LONG:
            await pilot.press("space")
            await pilot.pause()
            assert cursor_on_screen(t), (t.cursor, round(t.scroll_y))
            tops.append(round(t.scroll_y))
        # screen by screen through the passage: no part of it was skipped
        step = t.scrollable_content_region.height - 1
        assert all(b - a == step for a, b in pairwise(tops))
        assert tops[-2] < end <= tops[-1] + t.scrollable_content_region.height
        assert t.cursor == LONG + 1
        # and back the same way
        back = [round(t.scroll_y)]
        for _ in range(len(tops) - 1):
            await pilot.press("b")
            await pilot.pause()
            assert cursor_on_screen(t), (t.cursor, round(t.scroll_y))
            back.append(round(t.scroll_y))
        assert back == tops[::-1]
        assert t.cursor == LONG
