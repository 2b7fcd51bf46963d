"""The apparatus panel following the cursor, on long records too; the transcript's
fast paths (one strip per line, scrollbar repaints) drawing what the slow ones did."""

from __future__ import annotations

from textual.geometry import Region

from reader.model.document import Block, Document, Metadata, Span, Speaker
from reader.widgets.apparatus_panel import COMFORT, MAX_ENTRIES_PER_KIND, SCAN_SLICE
from tests.ui.fixtures import app_for


def _many_sics(count: int, every: int = 1) -> Document:
    """``count`` passages; every ``every``-th has a [sic]."""
    speaker = Speaker("ana", "Ana Ortiz", ("Ortiz",), 0)
    blocks = []
    for index in range(count):
        if index % every == 0:
            text = f"Passage {index} says tehre [sic] once."
            spans: tuple[Span, ...] = (Span("sic", text.index("[sic]"), text.index("[sic]") + 5),)
        else:
            text, spans = f"Passage {index} has no apparatus.", ()
        blocks.append(Block("turn", text, "ana", "Ortiz", "label", spans))
    return Document(Metadata(title="Many sics"), tuple(blocks), (speaker,))


def _drawn(panel) -> list[str]:  # type: ignore[no-untyped-def]
    """The panel's content lines as drawn (borders and scrollbar cut off)."""
    left = panel.content_region.x - panel.region.x
    top = panel.content_region.y - panel.region.y
    strips = panel.render_lines(Region(0, 0, *panel.size))
    width = panel.scrollable_content_region.width
    return [s.text[left : left + width] for s in strips[top:]]


def _marked_line(panel) -> int:  # type: ignore[no-untyped-def]
    """The panel line (in its content, not the screen) of the marked entry."""
    assert panel.highlighted is not None
    prompt = panel.get_option_at_index(panel.highlighted).prompt.plain
    assert prompt.startswith("▶")
    return int(panel._index_to_line[panel.highlighted])


async def test_panel_keeps_the_marked_entry_comfortably_in_view() -> None:
    app = app_for([_many_sics(120)])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        main = app.main
        panel = main.apparatus
        main.transcript.move_cursor(60)
        await pilot.pause()
        view = panel.scrollable_content_region.height
        top = round(panel.scroll_y)
        line = _marked_line(panel)
        # in the middle, not on the bottom edge where Textual's own scrolling left it
        assert abs(line - (top + view // 2)) <= 1
        # the next passage's entry is on the next line: still comfortable, no jump
        await pilot.press("j")
        await pilot.pause()
        assert round(panel.scroll_y) == top
        assert _marked_line(panel) == line + 1
        # far away: centred again
        main.transcript.move_cursor(5)
        await pilot.pause()
        line, top = _marked_line(panel), round(panel.scroll_y)
        assert top + COMFORT <= line <= top + view - COMFORT
        # what the panel draws (not only its options) shows the mark on that entry only
        shown = _drawn(panel)
        assert [row[:1] for row in shown].count("▶") == 1
        assert shown[line - top].startswith("▶") and "¶6" in shown[line - top]
        main.transcript.move_cursor(6)
        await pilot.pause()
        shown = _drawn(panel)
        assert shown[line - top].startswith("  ") and shown[line - top + 1].startswith("▶")


async def test_panel_gathers_a_long_record_between_keys() -> None:
    count = SCAN_SLICE * 2 + 500
    app = app_for([_many_sics(count, every=10)])
    async with app.run_test(size=(120, 30)) as pilot:
        main = app.main
        panel = main.apparatus
        while main.document is None:
            await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j", "j", "j", "j", "j", "j")  # a key during the scan
        for _ in range(200):
            if panel.ready and panel.option_count > 5:
                break
            await pilot.pause(0.01)
        assert panel.ready
        texts = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        sics = count // 10
        assert f" [sic] ({sics})" in texts
        assert f"  … {sics - MAX_ENTRIES_PER_KIND} more (a / A visits them all)" in texts
        assert len([e for e in panel.entries if e is not None]) == MAX_ENTRIES_PER_KIND
        # the passage the cursor reached while the scan ran is marked once it ends
        await pilot.pause()
        assert main.transcript.cursor == 10
        assert panel.current_block == 10
        assert [e.block for e in panel.entries_of(10)] == [10]
        assert _marked_line(panel) == panel._index_to_line[panel.highlighted]
        # choosing an entry still moves the transcript
        index = next(i for i, e in enumerate(panel.entries) if e and e.block == 300)
        panel.focus()
        panel.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert main.transcript.cursor == 300


async def test_frames_draw_what_single_lines_draw_and_the_scrollbar_keeps_up() -> None:
    app = app_for([_many_sics(3000, every=3)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        transcript = app.main.transcript
        for _ in range(5):
            await pilot.press("space")
        await pilot.pause()
        width, height = transcript.size
        framed = transcript.render_lines(Region(0, 0, width, height))
        transcript._strips.clear()
        transcript._styles_cache.clear()
        single = transcript.render_lines(Region(0, 0, width, height))
        assert [s.text for s in framed] == [s.text for s in single]
        for y in range(transcript.scrollable_content_region.height):
            line = transcript.render_line(y)
            # padded to the width, with the offsets Textual's mouse selection reads
            assert line.cell_length == transcript.scrollable_content_region.width
            assert all(seg.style is not None and seg.style.meta.get("offset") is not None
                       for seg in line)
            assert line.text == framed[y].text[: line.cell_length]
        # the scrollbar's position follows even when its thumb did not move
        bar = transcript.vertical_scrollbar
        assert bar.position == transcript.scroll_y
        await pilot.press("G")
        await pilot.pause()
        assert bar.position == transcript.scroll_y == transcript.max_scroll_y


async def test_leaving_a_marked_passage_unmarks_what_the_panel_draws() -> None:
    app = app_for([_many_sics(40, every=2)])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        main = app.main
        panel = main.apparatus
        main.transcript.move_cursor(4)
        await pilot.pause()
        assert [row[:1] for row in _drawn(panel)].count("▶") == 1
        main.transcript.move_cursor(5)  # no entry here: the highlight stays, the mark goes
        await pilot.pause()
        assert panel.current_block == 5
        assert [row[:1] for row in _drawn(panel)].count("▶") == 0


async def test_a_bracketed_stage_block_is_one_entry_not_two() -> None:
    """A stage direction printed as a passage of its own ("[Laughter]") is both a stage
    block and a stage span covering it: the panel lists it once (as FRUS d61 showed)."""
    speaker = Speaker("ana", "Ana Ortiz", ("Ortiz",), 0)
    blocks = (
        Block("turn", "Before.", "ana", "Ortiz", "label"),
        Block("stage", "[Mr. Hyland comes in.]", spans=(Span("stage", 0, 22),)),
        Block("turn", "[Laughter] After.", "ana", "Ortiz", "label", (Span("stage", 0, 10),)),
    )
    app = app_for([Document(Metadata(title="Stages"), blocks, (speaker,))])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        panel = app.main.apparatus
        stages = [e for e in panel.entries if e is not None and e.kind == "stage"]
        assert [(e.block, e.text) for e in stages] == [
            (1, "[Mr. Hyland comes in.]"),
            (2, "[Laughter]"),
        ]
        assert any("Stage directions (2)" in line for line in _drawn(panel))
