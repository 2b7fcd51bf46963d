"""Tables as block text: one row per line, cells separated by " │ " and padded so the
columns line up in a monospaced view ("U.K.   │ 51.6  │ 55.5").

The separator is a box-drawing line, not the "|" of Markdown, so that a cell's own "|"
("Hong | Kong") stays a word of the cell; the rare cell holding " │ " itself has it
written " ¦ ".

A ``table`` block keeps its cells this way so that the transcript, find, search and
citations all read the same words; the exporters recover the cells with
``cell_ranges`` (TEI ``<cell>``, Markdown ``| a | b |``) and the TEI reader lays them
out again with ``format_table``, so a table survives a round trip character for
character.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["SEPARATOR", "cell_ranges", "format_table"]

SEPARATOR = " │ "


def format_table(rows: Sequence[Sequence[str]], width: Callable[[str], int] = len) -> str:
    """Rows of cells as table text. ``width`` measures a cell as it will be shown (a
    parser passes one that skips its placeholder characters)."""
    rows = [[cell.replace(SEPARATOR, " ¦ ") for cell in _trimmed(row, width)] for row in rows]
    columns = max((len(row) for row in rows), default=0)
    widths = [0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], width(cell))
    lines = []
    for row in rows:
        cells = [
            cell + " " * (widths[index] - width(cell)) if index < len(row) - 1 else cell
            for index, cell in enumerate(row)
        ]
        lines.append(SEPARATOR.join(cells))
    return "\n".join(lines)


def _trimmed(row: Sequence[str], width: Callable[[str], int]) -> list[str]:
    """The row without its empty cells at the end (nothing to show, nothing to pad)."""
    cells = list(row)
    while cells and not width(cells[-1]):
        cells.pop()
    return cells


def cell_ranges(text: str) -> list[list[tuple[int, int]]]:
    """(start, end) of each cell's words (without padding) in each row of table text."""
    rows: list[list[tuple[int, int]]] = []
    position = 0
    for line in text.split("\n"):
        cells: list[tuple[int, int]] = []
        start = 0
        while True:
            found = line.find(SEPARATOR, start)
            end = len(line) if found < 0 else found
            words = line[start:end].rstrip(" ")
            cells.append((position + start, position + start + len(words)))
            if found < 0:
                break
            start = found + len(SEPARATOR)
        rows.append(cells)
        position += len(line) + 1
    return rows
