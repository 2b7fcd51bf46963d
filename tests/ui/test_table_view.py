"""A table block shows one row per line with its columns lined up."""

from __future__ import annotations

from reader.model.document import Block, Document, Metadata
from reader.model.tables import format_table
from tests.ui.fixtures import app_for


async def test_table_rows_are_lines_and_columns_line_up() -> None:
    rows = [["", "1960", "1975"], ["U.K.", "51.6", "55.5"], ["U.S.S.R.", "215", "275"]]
    document = Document(
        Metadata(title="Tables"),
        (Block("paragraph", "Figures follow."), Block("table", format_table(rows))),
    )
    app = app_for([document])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        lines = app.main.transcript.block_lines(1)
        assert lines == [
            "         │ 1960 │ 1975",
            "U.K.     │ 51.6 │ 55.5",
            "U.S.S.R. │ 215  │ 275",
        ]
        assert len({line.index("│") for line in lines}) == 1


async def test_a_row_too_wide_goes_on_under_its_column_and_a_click_finds_its_words() -> None:
    rows = [
        ["", "1960 (million)", "1975 (million)", "1960–1975 increase (million)"],
        ["U.K.", "51.6", "55.5", "+3.9"],
    ]
    document = Document(Metadata(title="Tables"), (Block("table", format_table(rows)),))
    app = app_for([document])
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        transcript = app.main.transcript
        room = transcript.text_width
        assert room < len(format_table(rows).split("\n")[0])  # the header row must wrap
        lines = transcript.block_lines(0)
        column = lines[0].index("1960–1975")
        assert lines[1].startswith(" " * column) and lines[1].strip() != ""
        assert lines[-1].startswith("U.K.")
        assert all(len(line) <= room for line in lines)
        # what is drawn is the same line, after the gutter and margin
        from rich.style import Style

        header = transcript._render_block_line(0, 0, Style()).text
        drawn = transcript._render_block_line(0, 1, Style()).text
        assert drawn.rstrip().endswith(lines[1].strip())
        assert drawn.index(lines[1].strip()) == header.index("1960–1975")  # under its cell
        # a click on the indented word maps to that word in the passage
        word = lines[1].strip().split()[0]
        x = drawn.index(word) + 1
        block, offset = transcript._source_at(x, transcript.first_line_of(0) + 1)
        text = document.blocks[0].text
        assert block == 0 and text[offset - 1 : offset - 1 + len(word)] == word
