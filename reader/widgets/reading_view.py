"""The transcript's window onto ``reader.model.reading``.

The reading modes live in the model (branch ``apparatus``). Until that module is
present this adapter applies the same rule itself (DESIGN.md: clean mode hides the
spans in CLEAN_HIDDEN and keeps supplied words without their brackets), so the UI and
its tests do not depend on merge order.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from reader.model.document import CLEAN_HIDDEN, Block, Span

__all__ = ["MODES", "MODE_NAMES", "BlockView", "block_view"]

MODES: tuple[str, ...] = ("printed", "clean")
MODE_NAMES = {"printed": "as printed", "clean": "clean"}


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block as shown in one reading mode, with offset maps both ways."""

    text: str
    spans: tuple[Span, ...]
    #: (source offset, view offset) pairs where the mapping changes; empty = identity
    _marks: tuple[tuple[int, int], ...] = field(default=())

    def to_view(self, source: int) -> int:
        if not self._marks:
            return source
        index = bisect_right(self._marks, (source, 1 << 62)) - 1
        if index < 0:
            return source
        src, view = self._marks[index]
        result = view + (source - src)
        if index + 1 < len(self._marks):
            result = min(result, self._marks[index + 1][1])
        return min(result, len(self.text))


def _fallback(block: Block, mode: str) -> BlockView:
    if mode == "printed" or not block.spans:
        return BlockView(block.text, block.spans)
    text = block.text
    out: list[str] = []
    spans: list[Span] = []
    marks: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for span in sorted(block.spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos:
            continue  # nested inside something already hidden
        if span.kind in CLEAN_HIDDEN:
            piece = text[pos : span.start]
            out.append(piece)
            length += len(piece)
            end = span.end
            # a hidden insertion leaves one space, not two
            if out and end < len(text) and text[end : end + 1] == " " and (
                length == 0 or "".join(out)[-1:] == " "
            ):
                end += 1
            marks.append((span.start, length))
            marks.append((end, length))
            pos = end
        elif span.kind == "supplied" and text[span.start : span.start + 1] == "[" and (
            text[span.end - 1 : span.end] == "]"
        ):
            piece = text[pos : span.start]
            out.append(piece)
            length += len(piece)
            inner = text[span.start + 1 : span.end - 1]
            marks.append((span.start, length))
            marks.append((span.start + 1, length))
            spans.append(Span(span.kind, length, length + len(inner), span.ref))
            out.append(inner)
            length += len(inner)
            marks.append((span.end - 1, length))
            marks.append((span.end, length))
            pos = span.end
        else:
            piece = text[pos : span.start]
            out.append(piece)
            length += len(piece)
            marks.append((span.start, length))
            spans.append(Span(span.kind, length, length + span.end - span.start, span.ref))
            pos = span.start
    out.append(text[pos:])
    return BlockView("".join(out), tuple(spans), tuple(marks))


def block_view(block: Block, mode: str) -> BlockView:
    """The block's text and spans in ``mode`` ("printed" or "clean")."""
    try:
        from reader.model import reading  # written on branch apparatus
    except ImportError:
        return _fallback(block, mode)
    view = reading.view(block, mode)
    text: str = view.text
    spans: tuple[Span, ...] = tuple(view.spans)

    mapped = BlockView(text, spans, ())
    if mode == "printed":
        return mapped
    # Sample the model's own mapping at every span edge so to_view agrees with it.
    marks = sorted(
        {(offset, reading.to_view(view, offset)) for s in block.spans for offset in (s.start, s.end)}
    )
    return BlockView(text, spans, tuple(marks))
