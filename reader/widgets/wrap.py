"""Word wrapping that the transcript can afford on 100,000 paragraphs.

Counting lines and cutting them use the same function, so the wrap index and the
rendered lines always agree. ASCII text (almost all of this corpus) wraps with one
``str.rfind`` per output line; text with wide characters walks cell widths.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

from reader.model.tables import SEPARATOR

#: what opens a cell after a break: the separator without its leading blank
_OPENS = SEPARATOR[1:]
#: a wrapped cell keeps its column only if at least this many cells of room remain
_MIN_ROOM = 10
#: the indent of a row's next line when no column of it fits: a new row starts at 0
_HANG = 2

__all__ = ["TableLines", "wrap_starts", "wrap_table"]


def _simple(text: str) -> bool:
    return text.isascii() or cell_len(text) == len(text)


def wrap_starts(text: str, first: int, width: int) -> list[int]:
    """Offsets in ``text`` where each display line starts.

    ``first`` is the room on the first line (after a speaker label), ``width`` the room
    on the others. Lines break after spaces; a word longer than a line is cut; ``\\n``
    always breaks. The spaces at a break are not shown.
    """
    first = max(1, first)
    width = max(1, width)
    simple = _simple(text)
    starts: list[int] = []
    n = len(text)
    pos = 0
    avail = first
    while True:
        starts.append(pos)
        newline = text.find("\n", pos)
        line_end = n if newline < 0 else newline
        if simple:
            fits = line_end - pos <= avail
            limit = pos + avail
        else:
            used = 0
            limit = pos
            while limit < line_end:
                size = get_character_cell_size(text[limit])
                if used + size > avail:
                    break
                used += size
                limit += 1
            fits = limit >= line_end
            if limit == pos:  # a wide character wider than the room: show it anyway
                limit = pos + 1
        if fits:
            if newline < 0:
                break
            pos = newline + 1
            avail = width
            continue
        cut = text.rfind(" ", pos + 1, limit + 1)
        if cut <= pos:
            pos = limit
        else:
            pos = cut + 1
            while pos < line_end and text[pos] == " ":
                pos += 1
        avail = width
        if pos >= line_end:
            if newline < 0:
                break
            pos = newline + 1
    return starts


class TableLines(list[int]):
    """``wrap_table``'s line starts, with the indent (in cells) of each line."""

    indents: tuple[int, ...] = ()


def wrap_table(text: str, width: int) -> TableLines:
    """Line starts for a table block (rows separated by ``\n``, cells by " │ ", padded
    so the columns line up): a row wider than ``width`` goes on over more lines, each
    indented to the column of the cell it goes on with, as a spreadsheet shows a
    wrapped cell. Where that column leaves less than ``_MIN_ROOM`` cells, the indent is
    the second column's (the first column, the row's label, stays clear), and a cell
    that starts there keeps its "│ " so that it is not read as the second column's;
    the first cell's own next line, or a row with no room at all, is indented by two
    cells, so that it never looks like a new row. The spaces at a break, and a
    separator that ends a line, are not shown (``Transcript._line_text``).

    Text with wide characters is wrapped as ``wrap_starts`` wraps it, without indents.
    """
    width = max(1, width)
    if not all(_simple(row) for row in text.split("\n")):
        lines = TableLines(wrap_starts(text, width, width))
        lines.indents = (0,) * len(lines)
        return lines
    starts = TableLines()
    indents: list[int] = []
    pos = 0
    for row in text.split("\n"):
        row_start, row_end = pos, pos + len(row)
        pos = row_end + 1
        # columns where each cell of this row begins
        columns = [0]
        at = row.find(SEPARATOR)
        while at >= 0:
            columns.append(at + len(SEPARATOR))
            at = row.find(SEPARATOR, at + len(SEPARATOR))
        line, indent = row_start, 0
        while True:
            starts.append(line)
            indents.append(indent)
            room = width - indent
            if row_end - line <= room:
                break
            # a line that opens with a cell's separator breaks after the cell's words
            first = line + len(_OPENS) if text.startswith(_OPENS, line) else line
            cut = text.rfind(" ", first + 1, line + room + 1)
            following = line + room if cut <= first else cut + 1
            while following < row_end and text[following] == " ":
                following += 1  # the spaces at a break are not shown
            behind = following - len(SEPARATOR)
            if following - len(_OPENS) > line and text.startswith(SEPARATOR, behind):
                following -= len(_OPENS)  # the break came just after a separator
            separator = text.startswith(_OPENS, following)
            after = following
            while text.startswith(_OPENS, after):  # empty cells show nothing
                following = after
                after += len(_OPENS)
                while after < row_end and text[after] == " ":
                    after += 1
            if after >= row_end:
                break
            column = max(c for c in columns if c <= after - row_start)
            if column and width - column >= _MIN_ROOM:
                # the cell goes on in its own column: the separator before it is not shown
                line, indent = after, column
            elif column and width - columns[1] >= _MIN_ROOM:
                # under the second column; a cell that starts here keeps its separator,
                # so that it is not read as the second column's
                line, indent = (following, columns[1] - 2) if separator else (after, columns[1])
            else:
                line, indent = following, _HANG if width - _HANG >= _MIN_ROOM else 0
    starts.indents = tuple(indents)
    return starts
