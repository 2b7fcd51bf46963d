"""Word wrapping that the transcript can afford on 100,000 paragraphs.

Counting lines and cutting them use the same function, so the wrap index and the
rendered lines always agree. ASCII text (almost all of this corpus) wraps with one
``str.rfind`` per output line; text with wide characters walks cell widths.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

__all__ = ["wrap_starts"]


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
