"""Reading modes: the words as printed, or a clean reading text without the apparatus.

``printed`` shows a block exactly as the source prints it. ``clean`` hides the spans
whose kind is in ``document.CLEAN_HIDDEN`` (glosses, dates, translator notes, [sic],
[?], footnote markers) and drops the brackets of ``supplied`` words ("[Blas] Roca" ->
"Blas Roca"), so a student can read the sentence as the speaker said it. Every other
span (stage directions, stamps, redactions, editorial notes, page breaks) keeps its
text and is moved to its new offsets.

The view keeps an offset map, so the viewer can put a bookmark, a search hit or the
cursor on the same words in either mode: ``to_view`` and ``to_source`` convert offsets.
Rules of the map (the tests check them on every offset of the seeds):

* ``to_view(to_source(v)) == v`` for every view offset v in ``0..len(view.text)``;
* ``to_source(to_view(s)) == s`` for every source offset s that is not inside
  removed text; an offset inside removed text maps to the point where the text was cut,
  and that point maps back to the first source offset after the cut.

Removing a hidden span also removes the gap it leaves: one of the two spaces around it
("taking place [on 13 October 1962] just before" -> "taking place just before"), the
space before punctuation ("fear [not clear ...-trans.]." -> "fear."), and the space
after it at the start of a line. Neighbouring hidden spans separated only by blanks are
removed together.

``view`` is pure and cached on the (frozen, hashable) block, so the viewer may call it
for every block while rendering.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from reader.model.document import CLEAN_HIDDEN, Block, Span

__all__ = ["MODES", "View", "hidden_in", "to_source", "to_view", "view"]

MODES: Final = ("printed", "clean")

_CLOSERS = frozenset(".,;:!?)]}\u201d\u2019\"'\u2026")
_BLANKS = frozenset(" \t")


@dataclass(frozen=True, slots=True)
class View:
    """A block's text as shown in one reading mode, with spans in view offsets."""

    text: str
    spans: tuple[Span, ...]
    mode: str = "printed"
    #: length of the block text the view was made from
    source_length: int = 0
    #: removed source ranges, sorted: (source start, source end, view offset of the cut)
    cuts: tuple[tuple[int, int, int], ...] = ()
    #: the source starts and view offsets of ``cuts``, for bisection
    _cut_starts: tuple[int, ...] = ()
    _cut_views: tuple[int, ...] = ()


def _clamp(offset: int, high: int) -> int:
    return 0 if offset < 0 else high if offset > high else offset


def to_view(view: View, source_offset: int) -> int:
    """The view offset showing the block-text offset ``source_offset``."""
    offset = _clamp(source_offset, view.source_length)
    index = bisect_right(view._cut_starts, offset) - 1
    if index < 0:
        return offset
    _start, end, at = view.cuts[index]
    if offset < end:
        return at
    return at + (offset - end)


def to_source(view: View, view_offset: int) -> int:
    """The block-text offset of the view offset ``view_offset``."""
    offset = _clamp(view_offset, len(view.text))
    index = bisect_right(view._cut_views, offset) - 1
    if index < 0:
        return offset
    _start, end, at = view.cuts[index]
    return end + (offset - at)


def view(block: Block, mode: str) -> View:
    """The block in reading mode ``mode`` (one of MODES)."""
    if mode not in MODES:
        raise ValueError(f"unknown reading mode {mode!r}; expected one of {MODES}")
    return _cached_view(block, mode)


def hidden_in(block: Block, start: int, end: int, mode: str) -> bool:
    """Whether the text ``[start, end)`` of ``block`` is all cut from its view in
    ``mode`` (a gloss or a date in the clean mode): nothing of it is there to mark.

    The apparatus panel and a/A ask this, as the find bar asks ``find_all`` about
    hidden matches, so the reader is never taken to words the view does not show."""
    if mode == "printed" or end <= start:
        return False
    shown = view(block, mode)
    return to_view(shown, start) == to_view(shown, end)


@lru_cache(maxsize=8192)
def _cached_view(block: Block, mode: str) -> View:
    text = block.text
    spans = tuple(span for span in block.spans if 0 <= span.start <= span.end <= len(text))
    if mode == "printed" or not spans:
        return View(text, spans, mode, len(text))
    cuts = _merge(_hidden_ranges(text, spans) + _bracket_ranges(text, spans))
    if not cuts:
        return View(text, spans, mode, len(text))
    pieces: list[str] = []
    placed: list[tuple[int, int, int]] = []
    position = 0
    removed = 0
    for start, end in cuts:
        pieces.append(text[position:start])
        placed.append((start, end, start - removed))
        removed += end - start
        position = end
    pieces.append(text[position:])
    result = View(
        "".join(pieces),
        (),
        mode,
        len(text),
        tuple(placed),
        tuple(start for start, _end, _at in placed),
        tuple(at for _start, _end, at in placed),
    )
    kept: list[Span] = []
    for span in spans:
        if span.kind in CLEAN_HIDDEN:
            continue
        start, end = to_view(result, span.start), to_view(result, span.end)
        if end == start and span.end > span.start:
            continue  # everything it covered was cut
        kept.append(Span(span.kind, start, end, span.ref))
    return View(
        result.text,
        tuple(kept),
        mode,
        len(text),
        result.cuts,
        result._cut_starts,
        result._cut_views,
    )


def _hidden_ranges(text: str, spans: tuple[Span, ...]) -> list[tuple[int, int]]:
    """The source ranges of hidden spans, grouped and widened to close their gaps."""
    hidden = sorted(
        (span.start, span.end)
        for span in spans
        if span.kind in CLEAN_HIDDEN and span.end > span.start
    )
    groups: list[list[int]] = []
    for start, end in hidden:
        if groups and _only_blanks(text, groups[-1][1], start):
            groups[-1][1] = max(groups[-1][1], end)
        else:
            groups.append([start, end])
    return [_close_gap(text, start, end) for start, end in groups]


def _only_blanks(text: str, start: int, end: int) -> bool:
    if end <= start:
        return True
    return end - start <= 64 and not text[start:end].strip(" \t")


def _close_gap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a removed range over the blank it would leave doubled or dangling."""
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else ""
    if before in _BLANKS and after in _BLANKS:
        return start, end + 1  # "place [on 13 October 1962] just" -> "place just"
    if before in _BLANKS and (after == "" or after in _CLOSERS or after == "\n"):
        while start > 0 and text[start - 1] in _BLANKS:
            start -= 1  # "fear [...-trans.]." -> "fear."
        return start, end
    if before == "\n" and after in _BLANKS:
        while end < len(text) and text[end] in _BLANKS:
            end += 1  # "[sic] word" at the start of a line -> "word"
        return start, end
    return start, end


def _bracket_ranges(text: str, spans: tuple[Span, ...]) -> list[tuple[int, int]]:
    """The brackets of supplied words: "[Blas] Roca" -> "Blas Roca"."""
    ranges: list[tuple[int, int]] = []
    for span in spans:
        if span.kind != "supplied" or span.end - span.start < 2:
            continue
        if text[span.start] == "[" and text[span.end - 1] == "]":
            ranges.append((span.start, span.start + 1))
            ranges.append((span.end - 1, span.end))
    return ranges


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping, non-touching ranges (touching ones become one cut)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
