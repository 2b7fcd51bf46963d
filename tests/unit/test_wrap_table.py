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
    # the last column's natural place (30) leaves less than 10 cells of 30: the row
    # goes on under the second column, its cell marked as a cell of its own
    assert _lines(text, 30) == [
        "Country │ 1958 £m │ 1959 £m",
        "        │ 1960 £m",
        "India   │ 15.9    │ 17.1",
        "        │ 19.3",
    ]


def test_a_first_cell_and_a_row_with_no_room_go_on_two_cells_in() -> None:
    text = format_table(
        [["Beef or Veal, Canned or Bottled", "2.2", "62%"], ["Butter", "27.6", "70%"]]
    )
    assert _lines(text, 20) == [
        "Beef or Veal, Canned",
        "  or Bottled │ 2.2",
        "  │ 62%",
        "Butter",
        "  │ 27.6 │ 70%",
    ]


def test_text_with_wide_characters_wraps_as_prose_without_indents() -> None:
    text = format_table([["国家", "人口"], ["中国", "654"]])
    lines = wrap_table(text, 6)
    assert list(lines) == wrap_starts(text, 6, 6)
    assert set(lines.indents) == {0}


def test_random_tables_lose_no_word_and_never_overflow() -> None:
    """Seeded random tables at random widths: each line fits, the lines start in
    order, and every word of every row is shown once, in order."""
    import random

    rng = random.Random(11)
    words = ["a", "UK", "1960", "(million)", "+3.9", "Bottled", "x" * 14, "–Pears", "y" * 40]
    for _ in range(1000):
        rows = [
            [" ".join(rng.choices(words, k=rng.randint(0, 4))) for _ in range(rng.randint(1, 6))]
            for _ in range(rng.randint(1, 4))
        ]
        text = format_table(rows)
        width = rng.randint(12, 70)
        starts = wrap_table(text, width)
        assert list(starts) == sorted(set(starts))
        lines = _lines(text, width)
        assert all(len(line) <= width for line in lines), (text, width, lines)
        # a word longer than the room is cut, as prose wraps it
        shown = "".join(line.replace("│", "").replace(" ", "") for line in lines)
        assert shown == text.replace("│", "").replace(" ", "").replace("\n", "")
        assert all(line.strip(" │") for line in lines if line), (text, width, lines)
