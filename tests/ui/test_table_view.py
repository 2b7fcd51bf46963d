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
