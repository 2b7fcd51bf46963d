"""The first frame: what it holds, and what is filled in right after it (issue 3)."""

from __future__ import annotations

from textual.widgets import Footer

from tests.ui.fixtures import app_for, dialogue, long_document


async def test_document_in_memory_is_open_on_the_first_frame() -> None:
    document = dialogue()
    app = app_for([document])
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        # added while the screen mounted: no worker round trip, no loading indicator
        assert main.transcript.document is document
        assert not main.loading
        await pilot.pause()
        assert main.query(Footer) and main.document_list.rows
        assert main.apparatus.is_attached and main.apparatus.option_count > 0


async def test_legend_counts_arrive_without_moving_the_transcript() -> None:
    app = app_for([long_document(30_000)])
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        header = main.header
        before = header.region.height
        await pilot.pause(0.3)
        assert header.counted
        assert header.region.height == before
        assert dict((name, n) for _, name, n in header.legend()) == {"A": 15_000, "B": 15_000}


async def test_panes_keep_their_width_from_the_first_frame() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        region = app.main.transcript.region
        assert region.width > 0
        await pilot.pause()
        # the list, panel and footer mounted after the first frame took no room from it
        assert app.main.transcript.region == region
