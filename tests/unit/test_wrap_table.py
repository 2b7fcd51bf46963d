"""A table row wider than the transcript goes on over more lines, each indented to the
column of the cell it goes on with (reader.widgets.wrap.wrap_table)."""

from __future__ import annotations

from reader.model.tables import format_table
from reader.widgets.wrap import wrap_starts, wrap_table


def _lines(text: str, width: int) -> list[str]:
    """The display lines as the transcript draws them: indent, then the text without
    the spaces and the cell separator a break hides."""
    starts = wrap_table(text, width)
    ends = [*starts[1:], len(text)]
    return [
        " " * indent + text[a:b].rstrip(" \n│")
        for a, b, indent in zip(starts, ends, starts.indents, strict=True)
    ]


ROWS = [["", "1960 (million)", "1960–1975 increase (million)"], ["U.K.", "51.6", "+3.9"]]


def test_a_table_that_fits_is_one_line_per_row() -> None:
    text = format_table(ROWS)
    assert _lines(text, 80) == text.split("\n")
    assert wrap_table(text, 80).indents == (0, 0)


def test_a_wrapped_cell_goes_on_under_its_own_column() -> None:
    text = format_table(ROWS)
    assert _lines(text, 40) == [
        "     │ 1960 (million) │ 1960–1975",
        "                        increase",
        "                        (million)",
        "U.K. │ 51.6           │ +3.9",
    ]
    assert all(len(line) <= 40 for line in _lines(text, 40))


def test_a_row_breaking_between_cells_goes_on_at_the_next_cell() -> None:
    text = format_table(
        [["Country", "1958 £m", "1959 £m", "1960 £m"], ["India", "15.9", "17.1", "19.3"]]
    )
    # the last column's natural place (28) leaves less than 10 cells of 30: the row
    # goes on under the second column, and the separator at the break is not shown
    assert _lines(text, 30) == [
        "Country │ 1958 £m │ 1959 £m",
        "          1960 £m",
        "India   │ 15.9    │ 17.1",
        "          19.3",
    ]


def test_a_first_cell_and_a_row_with_no_room_go_on_two_cells_in() -> None:
    text = format_table(
        [["Beef or Veal, Canned or Bottled", "2.2", "62%"], ["Butter", "27.6", "70%"]]
    )
    assert _lines(text, 20) == [
        "Beef or Veal, Canned",
        "  or Bottled │ 2.2",
        "  62%",
        "Butter",
        "  27.6 │ 70%",
    ]


def test_text_with_wide_characters_wraps_as_prose_without_indents() -> None:
    text = format_table([["国家", "人口"], ["中国", "654"]])
    lines = wrap_table(text, 6)
    assert list(lines) == wrap_starts(text, 6, 6)
    assert set(lines.indents) == {0}
