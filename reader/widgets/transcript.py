"""The transcript: a Line API view of one document, one passage (block) at a time.

DESIGN.md rule 4: the document is never handed to a Static, Markdown or RichLog. Lines
are cut on demand from a wrap index keyed by width; a 100,000-paragraph record shows
its first screen at once because blocks are measured lazily (estimated heights first,
exact ones filled in on the UI thread in short idle slices, and exactly on demand where the reader
looks). Rendered strips live in an LRU cache keyed by (block, line).

Text is never markup: every segment is built from the plain string with a Style, so a
document saying ``[@click=app.quit]x[/]`` shows exactly that and nothing is clickable.
"""

from __future__ import annotations

import gc
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, pairwise
from math import ceil
from operator import attrgetter
from time import perf_counter
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.selection import Selection
from textual.strip import Strip

from reader.model.document import NOT_APPARATUS, Block, Document, Speaker
from reader.model.reading import hidden_in
from reader.widgets.reading_view import MODES, BlockView, block_view
from reader.widgets.wrap import wrap_starts, wrap_table

__all__ = ["GUTTER_GLYPHS", "SLOTS", "SPEAKER_COLOURS", "Transcript", "no_color", "speaker_css"]

#: Speaker colour slots; slot n uses component class transcript--speaker-(n % SLOTS).
SLOTS = 8
#: A distinct gutter glyph per slot so speakers differ without colour (NO_COLOR).
GUTTER_GLYPHS = ("│", "┃", "║", "╎", "╏", "┆", "┇", "▏")
#: Quieter glyphs for reported speech, same order.
REPORTED_GLYPHS = ("┊", "┋", "╽", "╿", "⁞", "¦", "┆", "⋮")
GUTTER = 2
MARGIN = 14
#: blocks measured per timer tick while the index is being completed
MEASURE_SLICE_SECONDS = 0.003
#: idle time left between two slices (for keys, frames and other widgets)
MEASURE_PAUSE = 0.002
#: While a transcript is shown, full (oldest-generation) collections run when the
#: reader pauses, not in the middle of a key: GC_IDLE seconds after the last move,
#: checked every GC_CHECK seconds; one that has been put off for GC_FORCE young-
#: generation passes runs anyway, so paging without a pause still collects.
GC_IDLE = 1.0
GC_CHECK = 0.5
GC_FORCE = 400
#: the longest background measuring waits for keys before it takes a slice anyway
MEASURE_YIELD_LIMIT = 0.25
#: rendered lines (and block views) kept: a dozen screens. Every cached Strip carries
#: seven small caches; a bigger cache only made each cyclic-GC pass longer.
STRIP_CACHE = 512
#: blocks sampled (evenly through the document) for the height estimate
ESTIMATE_SAMPLE = 256

_APPARATUS_KINDS = {
    "supplied": "transcript--supplied",
    "gloss": "transcript--editorial",
    "date": "transcript--editorial",
    "sic": "transcript--editorial",
    "uncertain": "transcript--editorial",
    "editorial-note": "transcript--editorial",
    "translator-note": "transcript--translator",
    "stage": "transcript--stage",
    "redaction": "transcript--redaction",
    "stamp": "transcript--stamp",
    "footnote-ref": "transcript--footnote",
    "emphasis": "transcript--emphasis",
}


#: Theme variables for the speaker slots: theme colours, so dark and light themes stay
#: readable. Text variants ($text-primary...) are tuned by Textual for contrast.
SPEAKER_COLOURS = (
    "$text-primary",
    "$text-warning",
    "$text-success",
    "$text-error",
    "$text-accent",
    "$text-secondary",
    "$primary-lighten-2",
    "$warning-darken-2",
)


def speaker_css(prefix: str) -> str:
    """Component-class rules ``{prefix}--speaker-N`` shared by every speaker-coloured widget."""
    return "\n".join(
        f"& > .{prefix}--speaker-{n} {{ color: {colour}; }}"
        for n, colour in enumerate(SPEAKER_COLOURS)
    )


def _length(block: Block) -> int:
    """Characters a block shows: its text and its speaker label (for height estimates)."""
    return len(block.text) + (len(block.label) + 2 if block.label else 0)
#: the mounted transcript that manages the cyclic GC's full collections, if any
_gc_owner: Transcript | None = None


def _with_offsets(segments: list[Segment], y: int) -> list[Segment]:
    """What ``Strip.apply_offsets(0, y)`` does (the offsets Textual's mouse selection
    reads), without building the intermediate Strip."""
    from_meta = Style.from_meta
    x = 0
    out: list[Segment] = []
    for text, style, _ in segments:
        offset_style = from_meta({"offset": (x, y)})
        out.append(Segment(text, style + offset_style if style else offset_style))
        x += len(text)
    return out


def _thumb(bar: ScrollBar, position: float) -> tuple[int, int] | None:
    """Where ScrollBarRender.render_bar draws the thumb (in eighths of a cell), or None
    when it draws none: two positions with the same thumb draw the same bar."""
    size = bar.size.height
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size if bar.window_size < bar.window_virtual_size else 0)
    if not (window and size and virtual and size != virtual):
        return None
    eighths = len(bar.renderer.VERTICAL_BARS)
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * eighths)
    return start, start + ceil(thumb * eighths)


def no_color() -> bool:
    """NO_COLOR (https://no-color.org) or a monochrome terminal: speakers by glyph."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


class Transcript(ScrollView, can_focus=True, inherit_bindings=False):
    """A document as passages, with a block cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"transcript--speaker-{n}" for n in range(SLOTS)),
        "transcript--cursor",
        "transcript--cursor-gutter",
        "transcript--dimmed",
        "transcript--supplied",
        "transcript--editorial",
        "transcript--translator",
        "transcript--stage",
        "transcript--redaction",
        "transcript--stamp",
        "transcript--footnote",
        "transcript--emphasis",
        "transcript--heading",
        "transcript--highlight",
        "transcript--span-focus",
        "transcript--marker",
        "transcript--margin",
        "transcript--page",
        "transcript--selection",
    }

    DEFAULT_CSS = """
    Transcript {
        background: $surface;
        color: $foreground;
        scrollbar-gutter: stable;
        SPEAKERS
        & > .transcript--cursor { background: $boost; }
        & > .transcript--cursor-gutter { color: $accent; text-style: bold; }
        & > .transcript--dimmed { color: $foreground-muted; text-style: dim; }
        & > .transcript--supplied { color: $text-muted; text-style: italic; }
        & > .transcript--editorial { color: $text-muted; text-style: dim italic; }
        & > .transcript--translator { color: $text-secondary; text-style: italic underline; }
        & > .transcript--stage { text-style: italic; }
        & > .transcript--redaction {
            color: $text-error; background: $error-muted; text-style: bold;
        }
        & > .transcript--stamp { color: $text-warning; text-style: bold; }
        & > .transcript--footnote { color: $text-accent; text-style: bold; }
        & > .transcript--emphasis { text-style: italic; }
        & > .transcript--heading { text-style: bold; }
        & > .transcript--highlight { background: $warning-muted; color: $text; }
        & > .transcript--span-focus { background: $accent-muted; text-style: bold; }
        & > .transcript--marker { color: $accent; text-style: bold; }
        & > .transcript--margin { color: $text-muted; text-style: italic; }
        & > .transcript--page { color: $text-muted; }
        & > .transcript--selection { background: $success-muted; text-style: underline; }
    }
    Transcript:focus > .transcript--cursor { background: $boost; }
    """.replace("SPEAKERS", speaker_css("transcript"))

    BINDINGS: ClassVar[list[BindingType]] = []

    cursor: reactive[int] = reactive(0, init=False, always_update=False)
    mode: reactive[str] = reactive("printed", init=False)
    follow: reactive[str | None] = reactive(None, init=False)

    @dataclass
    class CursorMoved(Message):
        """The current passage changed (keys, clicks, or scroll_to_block)."""

        transcript: Transcript
        block: int

        @property
        def control(self) -> Transcript:
            return self.transcript

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document: Document | None = None
        self._views: LRUCache[int, BlockView] = LRUCache(STRIP_CACHE)
        #: (block, line) -> ((scroll_x, width, virtual y), the finished strip)
        self._strips: LRUCache[tuple[int, int], tuple[tuple[int, int, int], Strip]] = LRUCache(
            STRIP_CACHE
        )
        self._wraps: LRUCache[int, list[int]] = LRUCache(4096)
        self._styles: dict[str, Style] = {}
        self._heights: list[int] = []
        self._exact = bytearray()
        self._offsets: list[int] = [0]
        self._width = 0
        #: the screen height when the layout was last checked (0: not laid out yet)
        self._seen_height = 0
        self._measured_to = 0
        self._pending_heights: list[int] = []
        self._highlights: dict[int, list[tuple[int, int]]] = {}
        self._focus_span: tuple[int, int, int] | None = None
        #: (block, offset) where a focused span of passages ends (a bookmark's exchange)
        self._focus_end: tuple[int, int] | None = None
        self._markers: set[int] = set()
        self._speakers: dict[str, Speaker] = {}
        self._margin = 0
        self._has_reported = False
        self._generation = 0
        #: load() came before the first layout: bring the cursor into view on resize
        self._scroll_pending = False
        self._base_style: Style | None = None
        self._entries: list[tuple[int, int, int]] | None = None
        self._entries_doc: Document | None = None
        #: (block, start, end) in Block.text offsets: the words being selected (in the
        #: first passage, up to its end when the selection runs on)
        self._selection: tuple[int, int, int] | None = None
        #: (block, Block.text offset) where a selection across passages ends
        self._selection_end: tuple[int, int] | None = None
        #: a mouse drag selected words since the last mouse-down (its click is no jump)
        self._dragged = False
        #: (scroll_x, scroll_y, width) while render_lines draws a frame
        self._frame: tuple[int, int, int] | None = None
        #: the cursor or the view moved and that frame is not out yet
        self._moved = False
        #: when background measuring began to wait for input (0: it is not waiting)
        self._yielded_since = 0.0
        #: when the cursor or the view last moved (perf_counter seconds)
        self._last_move = 0.0
        #: the GC thresholds to restore when this transcript goes
        self._gc_saved: tuple[int, int, int] = gc.get_threshold()

    # ----------------------------------------------------------------- public API
    def load(self, document: Document | None, cursor: int = 0) -> None:
        """Show ``document`` (None: nothing) with the cursor on passage ``cursor``."""
        self.document = document
        if document is not None:
            # A document is immutable and lives as long as it is shown: take it (and
            # everything else alive now) out of the cyclic collector's walks. On a
            # 100,000-paragraph record a full collection walking it took 80-130 ms,
            # and the churn of rendering set one off every ~20 pages (gc.freeze is
            # O(1); reference counting still frees the objects).
            gc.freeze()
        self._speakers = {s.id: s for s in document.speakers} if document else {}
        # one pass in C over the blocks (the margin depends on it, so it must be exact)
        self._has_reported = bool(
            document and "reported" in map(attrgetter("attribution"), document.blocks)
        )
        self._highlights = {}
        self._focus_span = None
        self._markers = set()
        self._selection = self._selection_end = None
        self._views.clear()
        self._heights = []
        count = self.block_count
        self.set_reactive(Transcript.cursor, max(0, min(cursor, count - 1)) if count else 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self.size.width:
            self._reset_layout()
            if count:
                self.scroll_to_block(self.cursor)
        else:
            # Not laid out yet: the first resize measures at the real width and brings
            # the cursor into view (laying out at a guessed width was thrown away).
            self._strips.clear()
            self._wraps.clear()
            self._width = 0
            self._scroll_pending = True
        if count:
            self.post_message(self.CursorMoved(self, self.cursor))

    @property
    def block_count(self) -> int:
        return len(self.document.blocks) if self.document else 0

    @property
    def current_block(self) -> Block | None:
        """The block under the cursor, or None when no document is shown."""
        if not self.document or not self.document.blocks:
            return None
        return self.document.blocks[self.cursor]

    def view_of(self, index: int) -> BlockView:
        """Block ``index`` as shown in the current reading mode."""
        view = self._views.get(index)
        if view is None and self.document is not None:
            view = block_view(self.document.blocks[index], self.mode)
            self._views[index] = view
        assert view is not None
        return view

    def move_cursor(
        self,
        index: int,
        *,
        span: tuple[int, int] | None = None,
        span_end: tuple[int, int] | None = None,
    ) -> None:
        """Put the cursor on ``index`` and bring it into view (``span`` in source offsets;
        ``span_end`` = (block, offset): the focused words run on to there)."""
        if not self.block_count:
            return
        index = max(0, min(index, self.block_count - 1))
        self.cursor = index
        if span or self._focus_end is None or self._focus_in(index) is None:
            # (reading on through a focused span of passages keeps it lit)
            self._set_focus_span((index, *span) if span else None, span_end)
        self.scroll_to_block(index, span)

    def scroll_to_block(self, index: int, span: tuple[int, int] | None = None) -> None:
        """Scroll so that block ``index`` (or the line of ``span`` in it) is in view."""
        if not self.block_count:
            return
        self._ensure_width()
        index = max(0, min(index, self.block_count - 1))
        self._measure_exact(range(max(0, index - 2), min(self.block_count, index + 60)))
        top = self._offsets[index]
        height = self._heights[index] - 1
        line = 0
        if span is not None:
            view = self.view_of(index)
            start = view.to_view(span[0])
            starts = self._wrap(index)
            line = max(0, bisect_right(starts, start) - 1)
        visible = max(1, self.scrollable_content_region.height)
        scroll_y = round(self.scroll_y)
        target_line = top + line
        if target_line < scroll_y or target_line >= scroll_y + visible:
            new_y = top + line if span is not None else top
        elif top < scroll_y:
            new_y = top
        elif top + height > scroll_y + visible and height <= visible:
            new_y = top + height - visible
        else:
            return
        self.scroll_to(y=max(0, new_y), animate=False, immediate=True)

    def set_highlights(self, highlights: list[tuple[int, int, int]]) -> None:
        """Mark (block, start, end) stretches, offsets into Block.text (search hits)."""
        by_block: dict[int, list[tuple[int, int]]] = {}
        for block, start, end in highlights:
            by_block.setdefault(block, []).append((start, end))
        changed = set(self._highlights) | set(by_block)
        self._highlights = by_block
        self._invalidate_blocks(changed)

    def set_markers(self, blocks: set[int]) -> None:
        """Show a marker in the gutter of these blocks (bookmarks)."""
        changed = self._markers ^ set(blocks)
        self._markers = set(blocks)
        self._invalidate_blocks(changed)

    # ---------------------------------------------------- selection (bookmarks)
    @dataclass
    class Selected(Message):
        """Words were selected with the mouse (offsets into Block.text): from ``start``
        of ``block`` to ``end`` of ``end_block`` (None: the same passage)."""

        transcript: Transcript
        block: int
        start: int
        end: int
        end_block: int | None = None

        @property
        def control(self) -> Transcript:
            return self.transcript

    @property
    def selection(self) -> tuple[int, int, int] | None:
        """(block, start, end) of the selected words in the passage where the selection
        starts (to its end when the selection runs on: see ``selection_range``)."""
        return self._selection

    @property
    def selection_range(self) -> tuple[int, int, int, int] | None:
        """(block, start, end_block, end) of the whole selection; ``end`` indexes the
        text of ``end_block`` (the same as ``block`` within one passage)."""
        if self._selection is None:
            return None
        block, start, end = self._selection
        if self._selection_end is None:
            return block, start, block, end
        return (block, start, *self._selection_end)

    def selection_covers(self, block: int) -> bool:
        """Whether passage ``block`` holds some of the selection."""
        selected = self.selection_range
        return selected is not None and selected[0] <= block <= selected[2]

    def _selected_in(self, block: int) -> tuple[int, int] | None:
        """The selected (start, end) of passage ``block`` in Block.text offsets."""
        selected = self.selection_range
        if selected is None or not selected[0] <= block <= selected[2] or self.document is None:
            return None
        start = selected[1] if block == selected[0] else 0
        end = selected[3] if block == selected[2] else len(self.document.blocks[block].text)
        return start, end

    def _redraw_selection_change(self, old: tuple[int, int, int, int] | None) -> None:
        """Redraw the passages whose selected part changed: those that entered or left
        the selection and the ends of both (a drag redraws its edge, not all of it)."""
        new = self.selection_range
        before = range(old[0], old[2] + 1) if old else range(0)
        after = range(new[0], new[2] + 1) if new else range(0)
        changed: set[int] = set()
        if before and after:
            changed.update(range(min(before.start, after.start), max(before.start, after.start)))
            changed.update(range(min(before.stop, after.stop), max(before.stop, after.stop)))
            changed.update({before.start, before.stop - 1, after.start, after.stop - 1})
        else:
            changed.update(before or after)
        self._invalidate_blocks(changed)

    def set_selection(
        self, block: int, start: int, end: int, end_block: int | None = None
    ) -> None:
        """Show the words from ``start`` of ``block`` to ``end`` (of ``end_block`` when
        given, else of ``block``) as selected; offsets into Block.text."""
        old = self.selection_range
        if end_block is None or end_block <= block or self.document is None:
            self._selection, self._selection_end = (block, start, end), None
        else:
            end_block = min(end_block, self.block_count - 1)
            first_end = len(self.document.blocks[block].text)
            self._selection, self._selection_end = (block, start, first_end), (end_block, end)
        self._redraw_selection_change(old)

    def clear_selection(self) -> None:
        old = self.selection_range
        self._selection = self._selection_end = None
        self._redraw_selection_change(old)

    def selected_text(self) -> str:
        """The selected words as shown (in the current reading mode), the passages
        separated by blank lines: what a copy of the selection gives."""
        selected = self.selection_range
        if selected is None or self.document is None:
            return ""
        pieces: list[str] = []
        for index in range(selected[0], selected[2] + 1):
            part = self._selected_in(index)
            if part is None:  # pragma: no cover - every block of the range has a part
                continue
            view = self.view_of(index)
            words = view.text[view.to_view(part[0]) : view.to_view(part[1])].strip()
            if words:
                pieces.append(words)
        return "\n\n".join(pieces)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """Textual's copy of the mouse selection (ctrl+c): the selected words."""
        text = self.selected_text()
        return (text, "\n") if text else None

    def _source_at(self, x: int, y: int) -> tuple[int, int]:
        """(block, Block.text offset) under a selection offset: ``y`` is the virtual line,
        ``x`` the character index in the line's strip (gutter, margin, label, text)."""
        index = self.block_at_line(y)
        starts = self._wrap(index)
        line = min(max(0, y - self._offsets[index]), len(starts) - 1)
        assert self.document is not None
        prefix = self._prefix(self.document.blocks[index]) if line == 0 else ""
        view = self.view_of(index)
        line_end = starts[line + 1] if line + 1 < len(starts) else len(view.text)
        indent = self._indent(index, line)
        offset = starts[line] + max(0, x - GUTTER - self._margin - len(prefix) - indent)
        return index, view.to_source(max(starts[line], min(offset, line_end)))

    def selection_updated(self, selection: object) -> None:
        """Textual's mouse selection, mapped to words of the passages it runs across."""
        start, end = getattr(selection, "start", None), getattr(selection, "end", None)
        if selection is None or not self.block_count or start is None or end is None:
            return
        assert self.document is not None
        blocks = self.document.blocks
        block, first = self._source_at(start.x, start.y)
        end_block, last = self._source_at(end.x, end.y)
        if end_block > block and first >= len(blocks[block].text.rstrip()):
            block, first = block + 1, 0  # began past the end of a passage: the next one
        if end_block > block and last == 0:
            end_block -= 1  # ended before the first word of a passage: the one before
            last = len(blocks[end_block].text)
        if end_block < block or (end_block == block and last <= first):
            return
        self._dragged = True
        if end_block == block:
            self.set_selection(block, first, last)
            self.post_message(self.Selected(self, block, first, last))
        else:
            self.set_selection(block, first, last, end_block)
            self.post_message(self.Selected(self, block, first, last, end_block))

    def block_at_line(self, y: int) -> int:
        """The block that virtual line ``y`` belongs to."""
        return max(0, min(bisect_right(self._offsets, y) - 1, self.block_count - 1))

    def first_line_of(self, index: int) -> int:
        """The virtual line where block ``index`` starts (exact once measured)."""
        self._ensure_width()
        self._measure_exact(range(index, min(index + 1, self.block_count)))
        return self._offsets[index]

    def block_lines(self, index: int) -> list[str]:
        """The plain display lines of a block at the current width (for tests/copy)."""
        self._ensure_width()
        view = self.view_of(index)
        starts = self._wrap(index)
        ends = [*starts[1:], len(view.text)]
        assert self.document is not None
        block = self.document.blocks[index]
        return [
            " " * self._indent(index, line) + self._line_text(block, view.text[a:b])
            for line, (a, b) in enumerate(zip(starts, ends, strict=True))
        ]

    # --------------------------------------------------------------- reactives
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.block_count - 1)) if self.block_count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._note_move()
        if self._focus_span and self._focus_in(new) is None:
            self._set_focus_span(None)
        self._invalidate_blocks({old, new})
        self.post_message(self.CursorMoved(self, new))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """As ScrollView's, but the scrollbar is repainted only when its thumb moves:
        on a long record a page moves it by a fraction of an eighth of a cell, and
        repainting a scrollbar costs as much as cutting a dozen lines."""
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if _thumb(bar, old_value) == _thumb(bar, new_value) and bar.position == old_value:
                bar.set_reactive(ScrollBar.position, new_value)
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):
            self._note_move()
            self.refresh(self.size.region)

    def watch_mode(self, _old: str, new: str) -> None:
        if new not in MODES:
            self.mode = "printed"
            return
        self._views.clear()
        self._reset_layout()
        self.scroll_to_block(self.cursor)

    def watch_follow(self) -> None:
        self._strips.clear()
        self.refresh()

    # ---------------------------------------------------------------- layout
    @property
    def text_width(self) -> int:
        return max(1, self._width - GUTTER - self._margin)

    def _reset_layout(self) -> None:
        self._strips.clear()
        self._wraps.clear()
        self._width = 0
        self._ensure_width()
        self.refresh()

    def _ensure_width(self) -> None:
        region = self.scrollable_content_region
        width = region.width or self.size.width
        if width <= 0:
            if self._width:
                return
            width = 80
        if width == self._width and len(self._heights) == self.block_count:
            if region.height != self._seen_height:
                self._height_changed(region.height)
            return
        # A new width (a pane shown or hidden, the terminal resized) re-wraps every
        # passage, so a scroll offset in lines no longer points at the same text: note
        # where the reader is first, in terms that survive the re-wrap.
        anchor = (
            self._anchor()
            if self._width and self.block_count and len(self._heights) == self.block_count
            else None
        )
        self._width = width
        self._margin = MARGIN if self._has_reported and width >= 70 else 0
        self._strips.clear()
        self._wraps.clear()
        blocks = self.document.blocks if self.document else ()
        # Estimates from the length of each block; on a long document every block gets
        # the average of a sample instead, with no pass over the whole document (one
        # over 100,000 blocks took 40-60 ms, before the first frame and again at every
        # width). The blocks in view are measured exactly on demand, and the timer makes
        # every height exact in the background; until then the scrollbar is approximate.
        room = self.text_width
        if len(blocks) <= ESTIMATE_SAMPLE * 8:
            self._heights = [_length(b) // room + 2 for b in blocks]
        else:
            self._heights = [self._estimate(blocks)] * len(blocks)
        self._exact = bytearray(len(blocks))
        self._measured_to = 0
        self._generation += 1
        self._rebuild_offsets()
        if self.is_mounted and blocks:
            # after the first screen is drawn
            self.set_timer(0.25, self._start_measuring)
        if anchor is not None:
            self._restore_anchor(anchor, region.height)
        self._seen_height = region.height

    def _anchor(self) -> tuple[int, int, int]:
        """Where the reader is, at the current (old) width: (block, offset into its shown
        text, screen row of the display line holding that offset). The cursor's passage
        when some of its text is on screen, else the passage at the top of the screen."""
        top = round(self.scroll_y)
        height = self._seen_height or self.scrollable_content_region.height
        index = self.cursor
        start = self._offsets[index]
        if not top - self._heights[index] + 1 < start < top + height:
            index = self.block_at_line(top)
            start = self._offsets[index]
        if start >= top:
            return index, 0, start - top
        starts = self._wrap(index)
        line = top - start
        if line >= len(starts) and index + 1 < self.block_count:
            # only the blank line after it is on screen: the next passage is the place
            return index + 1, 0, self._offsets[index + 1] - top
        return index, starts[min(line, len(starts) - 1)], 0

    def _restore_anchor(self, anchor: tuple[int, int, int], height: int) -> None:
        """Scroll so the anchored text is back on its screen row after a re-wrap. Only
        the passages that can be on screen are measured (heights elsewhere stay estimates
        for the background measuring): no pass over the whole document."""
        index, offset, row = anchor
        height = max(1, height)
        self._measure_exact(
            range(max(0, index - row), min(self.block_count, index + height + 1))
        )
        line = max(0, bisect_right(self._wrap(index), offset) - 1) if offset else 0
        top = self._offsets[index]
        new_y = top + line - row
        if index == self.cursor and row >= height:
            # the screen got shorter than the row the passage began on: bring it up
            # just enough to show it (or as much of it as fits)
            new_y = top + min(self._heights[index] - 1, height) - height
        self.scroll_to(y=max(0, new_y), animate=False, immediate=True)

    def _height_changed(self, height: int) -> None:
        """The screen got taller or shorter at the same width: the top line stays, and a
        cursor passage that was on screen and would now fall below it comes up."""
        old, self._seen_height = self._seen_height, height
        if not (old and height and self.block_count and self.document is not None):
            return
        top = round(self.scroll_y)
        start = self._offsets[self.cursor]
        if top <= start < top + old and start >= top + height:
            self._restore_anchor((self.cursor, 0, start - top), height)

    def _estimate(self, blocks: Sequence[Block]) -> int:
        """The average height (lines, with the blank after) of a sample of blocks."""
        if not blocks:
            return 2
        sample = blocks[:: max(1, len(blocks) // ESTIMATE_SAMPLE)]
        room = self.text_width
        return max(2, round(sum(_length(b) // room + 2 for b in sample) / len(sample)))

    def _rebuild_offsets(self) -> None:
        self._offsets = list(accumulate(self._heights, initial=0))
        self.virtual_size = Size(self._width, self._offsets[-1])

    def _measure_exact(self, indexes: range) -> None:
        """Make the heights of these blocks exact, keeping the view where it is."""
        changed = False
        anchor = self.block_at_line(round(self.scroll_y)) if self.block_count else 0
        anchor_shift = round(self.scroll_y) - self._offsets[anchor] if self.block_count else 0
        for index in indexes:
            if self._exact[index]:
                continue
            height = len(self._wrap(index)) + 1
            self._exact[index] = 1
            if height != self._heights[index]:
                self._heights[index] = height
                changed = True
        if changed:
            self._strips.clear()
            self._rebuild_offsets()
            if anchor_shift >= 0 and round(self.scroll_y) > 0:
                new_y = self._offsets[anchor] + anchor_shift
                if new_y != round(self.scroll_y):
                    self.scroll_to(y=new_y, animate=False, immediate=True)
            self.refresh()

    def _start_measuring(self) -> None:
        if self.document is not None and self.block_count and not self.fully_measured:
            self._pending_heights = []
            self._measure_slice(self._generation)

    def _measure_slice(self, generation: int) -> None:
        """Exact heights for the next blocks, for about MEASURE_SLICE_SECONDS at a time.

        This runs on the UI thread between keys and frames, not in a thread: a thread
        measuring 100,000 blocks held the GIL in 5 ms turns and doubled or tripled the
        time of every key pressed meanwhile. Here a key waits at most one slice. The
        heights are swapped in at once at the end, so offsets are rebuilt once.
        """
        document = self.document
        if document is None or generation != self._generation:
            return
        now = perf_counter()
        waited = now - self._yielded_since if self._yielded_since else 0.0
        if waited < MEASURE_YIELD_LIMIT and self._input_pending():
            # A key is waiting, or the frame of the last one is not out yet: it goes
            # first. Measuring resumes in the gaps between keys (and, however busy the
            # app stays, at least every MEASURE_YIELD_LIMIT seconds).
            if not self._yielded_since:
                self._yielded_since = now
            self.set_timer(MEASURE_PAUSE, partial(self._measure_slice, generation))
            return
        self._yielded_since = 0.0
        heights = self._pending_heights
        blocks = document.blocks
        count = len(blocks)
        mode, room, margin = self.mode, self.text_width, self._margin
        printed = mode == "printed"
        deadline = perf_counter() + MEASURE_SLICE_SECONDS
        index = len(heights)
        while index < count:
            stop = min(count, index + 64)
            for block in blocks[index:stop]:
                # the printed view's text is the block's text: no view to build
                text = block.text if printed else block_view(block, mode).text
                heights.append(len(self._line_starts(block, text, room, margin)) + 1)
            index = stop
            if perf_counter() >= deadline:
                break
        if index < count:
            self.set_timer(MEASURE_PAUSE, partial(self._measure_slice, generation))
        else:
            self._pending_heights = []
            self._apply_heights(generation, heights)

    def _input_pending(self) -> bool:
        """Whether a key (or its frame) is in flight: events queued for the app or the
        screen, or a move whose frame has not been drawn yet."""
        if self._moved:
            return True
        try:
            pumps = (self.app, self.screen)
        except Exception:  # noqa: BLE001 - not on a screen (unmounting)
            return False
        return any(not pump._message_queue.empty() for pump in pumps)

    def on_mount(self) -> None:
        # A full collection walks every object the cyclic GC tracks: with Textual's and
        # Rich's caches full of strips and styles that took 40-100 ms, once every ~12
        # pages, always in the middle of some key. Automatic full collections are
        # turned off while the transcript is shown and run when the reader pauses.
        global _gc_owner
        if _gc_owner is None:
            _gc_owner = self
            self._gc_saved = gc.get_threshold()
            young, middle, _ = self._gc_saved
            gc.set_threshold(young, middle, 1 << 30)
            self.set_interval(GC_CHECK, self._collect_when_idle, name="idle collection")

    def on_unmount(self) -> None:
        global _gc_owner
        if _gc_owner is self:
            _gc_owner = None
            gc.set_threshold(*self._gc_saved)

    def _collect_when_idle(self) -> None:
        """The full collection Python would have run, once the reader pauses."""
        pending = gc.get_count()[2]  # young-generation passes since the last full one
        idle = perf_counter() - self._last_move >= GC_IDLE
        if pending >= GC_FORCE or (pending >= self._gc_saved[2] and idle):
            gc.collect()

    def _note_move(self) -> None:
        """A navigation happened: hold background measuring until its frame is out."""
        self._last_move = perf_counter()
        if not self._moved:
            self._moved = True
            self.call_after_refresh(self._moved_drawn)

    def _moved_drawn(self) -> None:
        self._moved = False

    def _apply_heights(self, generation: int, heights: list[int]) -> None:
        if generation != self._generation or len(heights) != self.block_count:
            return
        anchor = self.block_at_line(round(self.scroll_y))
        shift = round(self.scroll_y) - self._offsets[anchor]
        self._heights = heights
        self._exact = bytearray(b"\x01" * len(heights))
        self._measured_to = len(heights)
        self._strips.clear()
        self._rebuild_offsets()
        if round(self.scroll_y) > 0:
            self.scroll_to(y=self._offsets[anchor] + shift, animate=False, immediate=True)
        self.refresh()

    @property
    def fully_measured(self) -> bool:
        return self.block_count == 0 or self._measured_to >= self.block_count

    def _prefix(self, block: Block) -> str:
        return self._prefix_for(block, self._margin)

    def _prefix_for(self, block: Block, margin: int) -> str:
        if block.kind == "turn" and block.attribution == "label":
            name = block.label or self._speaker_name(block.speaker)
            return f"{name}: " if name else ""
        if block.attribution == "reported" and not margin and block.speaker:
            return f"{self._speaker_name(block.speaker)} › "
        return ""

    def _speaker_name(self, speaker_id: str | None) -> str:
        speaker = self._speakers.get(speaker_id or "")
        return speaker.name if speaker else (speaker_id or "")

    def _wrap(self, index: int) -> list[int]:
        starts = self._wraps.get(index)
        if starts is None:
            assert self.document is not None
            block = self.document.blocks[index]
            starts = self._line_starts(block, self.view_of(index).text, self.text_width,
                                       self._margin)  # fmt: skip
            self._wraps[index] = starts
        return starts

    def _line_starts(self, block: Block, text: str, room: int, margin: int) -> list[int]:
        """Where each display line of ``text`` (the block in a reading mode) starts, at
        ``room`` cells: the one rule that both measuring and drawing follow."""
        text = text.replace("\t", " ")
        if block.kind == "table":
            return wrap_table(text, room)
        return wrap_starts(text, room - cell_len(self._prefix_for(block, margin)), room)

    def _indent(self, index: int, line: int) -> int:
        """Cells of indent before display line ``line`` of block ``index`` (a table row
        that goes on over more lines: see ``wrap_table``)."""
        indents: tuple[int, ...] = getattr(self._wrap(index), "indents", ())
        return indents[line] if line < len(indents) else 0

    @staticmethod
    def _line_text(block: Block, text: str) -> str:
        """A display line's text without what a break hides: the spaces, and in a
        table the cell separator (a row goes on at its next cell)."""
        return text.rstrip(" \n│") if block.kind == "table" else text.rstrip(" \n")

    def on_resize(self) -> None:
        pending, self._scroll_pending = self._scroll_pending, False
        if self.block_count:
            # (usually the first frame at the new size has re-wrapped already, keeping
            # the reader's place: see _ensure_width)
            self._ensure_width()
            if pending:
                self.scroll_to_block(self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()
        self._base_style = None

    # -------------------------------------------------------------- rendering
    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    def _invalidate_blocks(self, blocks: set[int]) -> None:
        for index in blocks:
            if 0 <= index < self.block_count and index < len(self._heights):
                for line in range(self._heights[index]):
                    self._strips.discard((index, line))
                self.refresh_lines(self._offsets[index], self._heights[index])

    def _set_focus_span(
        self, focus: tuple[int, int, int] | None, end: tuple[int, int] | None = None
    ) -> None:
        old = (self._focus_span, self._focus_end)
        self._focus_span = focus
        self._focus_end = end if focus is not None and end and end[0] > focus[0] else None
        changed: set[int] = set()
        for span, span_end in (old, (self._focus_span, self._focus_end)):
            if span is not None:
                changed.update(range(span[0], (span_end or span)[0] + 1))
        self._invalidate_blocks(changed)

    def _focus_in(self, index: int) -> tuple[int, int] | None:
        """The focused (start, end) of passage ``index`` in Block.text offsets, or None."""
        focus = self._focus_span
        if focus is None:
            return None
        if self._focus_end is None:
            return focus[1:] if focus[0] == index else None
        last, last_end = self._focus_end
        if not focus[0] <= index <= last or self.document is None:
            return None
        start = focus[1] if index == focus[0] else 0
        return start, last_end if index == last else len(self.document.blocks[index].text)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Every line of a frame shares one scroll offset and width: look them up once
        (``scrollable_content_region`` costs more than cutting a cached line)."""
        self._ensure_width()
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width or self._width
        self._frame = (scroll_x, scroll_y, width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            self._ensure_width()
            scroll_x, scroll_y = self.scroll_offset
            width = self.scrollable_content_region.width or self._width
        else:
            scroll_x, scroll_y, width = frame
        line_y = scroll_y + y
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if not self.block_count or line_y >= self._offsets[-1]:
            return Strip.blank(width, base)
        index = self.block_at_line(line_y)
        line = line_y - self._offsets[index]
        key = (index, line)
        where = (scroll_x, width, line_y)
        cached = self._strips.get(key)
        if cached is not None and cached[0] == where:
            return cached[1]
        segments, row = self._block_line_segments(index, line, base)
        cells = sum(cell_len(segment.text) for segment in segments)
        if scroll_x == 0 and cells <= width:
            # One Strip, padded and carrying the selection offsets, instead of four
            # (each Textual Strip allocates seven caches): fewer objects per line
            # means less to allocate now and less for the cyclic GC to walk later.
            if cells < width:
                segments.append(Segment(" " * (width - cells), row))
            strip = Strip(_with_offsets(segments, line_y), width)
        else:
            strip = Strip(segments)
            if strip.cell_length < self._width:
                strip = strip.extend_cell_length(self._width, row)
            strip = strip.crop_extend(scroll_x, scroll_x + width, base)
            strip = strip.apply_offsets(scroll_x, line_y)
        self._strips[key] = (where, strip)
        return strip

    def _slot_style(self, speaker_id: str | None) -> tuple[Style, int]:
        speaker = self._speakers.get(speaker_id or "")
        if speaker is None:
            return Style(), -1
        slot = speaker.slot % SLOTS
        return self._style(f"transcript--speaker-{slot}"), slot

    def _render_block_line(self, index: int, line: int, base: Style) -> Strip:
        """Line ``line`` of block ``index``, ``self._width`` cells wide."""
        segments, row = self._block_line_segments(index, line, base)
        strip = Strip(segments)
        if strip.cell_length < self._width:
            return strip.extend_cell_length(self._width, row)
        return strip

    def _block_line_segments(
        self, index: int, line: int, base: Style
    ) -> tuple[list[Segment], Style]:
        """The segments of one display line (unpadded) and the style to pad it with."""
        assert self.document is not None
        block = self.document.blocks[index]
        starts = self._wrap(index)
        is_cursor = index == self.cursor
        dimmed = self.follow is not None and block.speaker != self.follow
        row = base + self._style("transcript--cursor") if is_cursor else base
        if dimmed:
            row = row + self._style("transcript--dimmed")
        if line >= len(starts):  # the blank line between passages
            return [], base
        speaker_style, slot = self._slot_style(block.speaker)
        reported = block.attribution == "reported"
        segments: list[Segment] = []
        # gutter: speaker glyph + marker
        if slot >= 0:
            glyph = (REPORTED_GLYPHS if reported else GUTTER_GLYPHS)[slot]
            gutter_style = row + speaker_style
            if reported:
                gutter_style = gutter_style + Style(dim=True)
        elif is_cursor:
            glyph = "▌"
            gutter_style = row + self._style("transcript--cursor-gutter")
        else:
            glyph = " "
            gutter_style = row
        if is_cursor and slot >= 0:
            gutter_style = gutter_style + Style(bold=True)
        segments.append(Segment(glyph, gutter_style))
        if line == 0 and index in self._markers:
            segments.append(Segment("◆", row + self._style("transcript--marker")))
        elif is_cursor:
            segments.append(
                Segment("▸" if line == 0 else " ", row + self._style("transcript--cursor-gutter"))
            )
        else:
            segments.append(Segment(" ", row))
        if self._margin:
            margin_text = ""
            if line == 0 and reported and block.speaker:
                margin_text = self._speaker_name(block.speaker)
                if cell_len(margin_text) > self._margin - 1:
                    margin_text = margin_text[: self._margin - 2] + "…"
            margin_style = row + self._style("transcript--margin") + speaker_style
            segments.append(Segment(margin_text.ljust(self._margin - 1) + " ", margin_style))
        # first line: the speaker label (or reported name when there is no margin)
        prefix = self._prefix(block) if line == 0 else ""
        if prefix:
            label_style = row + speaker_style + Style(bold=not reported, italic=reported)
            segments.append(Segment(prefix, label_style))
        table = block.kind == "table"
        if table and (indent := self._indent(index, line)):
            segments.append(Segment(" " * indent, row))
        view = self.view_of(index)
        text = view.text
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(text)
        piece = text[start:end]
        piece_end = len(self._line_text(block, piece) if table else piece.rstrip(" \n")) + start
        segments.extend(self._text_segments(index, block, view, start, piece_end, row))
        return segments, row

    def _text_segments(
        self, index: int, block: Block, view: BlockView, start: int, end: int, row: Style
    ) -> list[Segment]:
        text = view.text
        base = row
        if block.kind == "heading":
            base = base + self._style("transcript--heading")
        elif block.kind == "stage":
            base = base + self._style("transcript--stage")
        # (start, end, style) layers in priority order (later wins)
        layers: list[tuple[int, int, Style]] = []
        for span in view.spans:
            if span.end <= start or span.start >= end:
                if span.kind == "page-break" and start <= span.start < end:
                    pass
                else:
                    continue
            component = _APPARATUS_KINDS.get(span.kind)
            if component:
                layers.append((span.start, span.end, self._style(component)))
        for hs, he in self._highlights.get(index, ()):
            vs, ve = view.to_view(hs), view.to_view(he)
            layers.append((vs, ve, self._style("transcript--highlight")))
        selected_here = self._selected_in(index) if self._selection else None
        if selected_here is not None:
            ss, se = selected_here
            selected = self._style("transcript--selection")
            layers.append((view.to_view(ss), view.to_view(se), selected))
        focused = self._focus_in(index) if self._focus_span else None
        if focused is not None:
            fs, fe = focused
            vs, ve = view.to_view(fs), view.to_view(fe)
            layers.append((vs, max(ve, vs + 1), self._style("transcript--span-focus")))
        if not layers:
            return [Segment(text[start:end].replace("\t", " ").replace("\n", " "), base)]
        cuts = {start, end}
        for ls, le, _ in layers:
            if ls > start and ls < end:
                cuts.add(ls)
            if le > start and le < end:
                cuts.add(le)
        points = sorted(cuts)
        segments: list[Segment] = []
        for a, b in pairwise(points):
            style = base
            for ls, le, layer_style in layers:
                if ls <= a and le >= b:
                    style = style + layer_style
            segments.append(Segment(text[a:b].replace("\t", " ").replace("\n", " "), style))
        return segments

    # ------------------------------------------------------------ navigation
    def apparatus_entries(self) -> list[tuple[int, int, int]]:
        """Every apparatus span as (block, start, end), in reading order."""
        if not self.document:
            return []
        entries = self._entries
        if entries is None or self._entries_doc is not self.document:
            entries = [
                (index, span.start, span.end)
                for index, block in enumerate(self.document.blocks)
                for span in sorted(block.spans, key=lambda s: s.start)
                if span.kind not in NOT_APPARATUS
            ]
            self._entries = entries
            self._entries_doc = self.document
        return entries

    def next_apparatus(self, direction: int) -> bool:
        """Move to the next (1) or previous (-1) apparatus entry; False at the end.

        An entry whose words the reading mode hides (a gloss, a date in the clean
        mode) is passed over, as the find bar passes over hidden matches: stopping
        there moved the cursor and marked nothing."""
        entries = self.apparatus_entries()
        document, mode = self.document, self.mode

        def shown(entry: tuple[int, int, int]) -> bool:
            assert document is not None
            return not hidden_in(document.blocks[entry[0]], entry[1], entry[2], mode)

        here = (self.cursor, self._focus_span[1] if self._focus_span else -1)
        if direction > 0:
            found = next((e for e in entries if (e[0], e[1]) > here and shown(e)), None)
        else:
            if self._focus_span is None:
                here = (self.cursor, -1)  # from the passage: an entry before it
            found = next(
                (e for e in reversed(entries) if (e[0], e[1]) < here and shown(e)), None
            )
        if found is None:
            return False
        self.move_cursor(found[0], span=(found[1], found[2]))
        return True

    def _speaker_of(self, index: int) -> str | None:
        assert self.document is not None
        return self.document.blocks[index].speaker

    def _starts_turn(self, index: int) -> bool:
        assert self.document is not None
        block = self.document.blocks[index]
        if block.kind == "turn" and block.attribution == "label":
            return True
        if block.speaker is None:
            return False
        return index == 0 or self.document.blocks[index - 1].speaker != block.speaker

    def next_turn(self, direction: int) -> bool:
        """Next/previous turn; when following a speaker, that speaker's next turn."""
        if not self.block_count:
            return False
        index = self.cursor + direction
        while 0 <= index < self.block_count:
            if self._starts_turn(index) and (
                self.follow is None or self._speaker_of(index) == self.follow
            ):
                self.move_cursor(index)
                return True
            index += direction
        return False

    def next_speaker_change(self, direction: int) -> bool:
        """The next passage whose speaker differs from the current passage's."""
        if not self.block_count:
            return False
        current = self._speaker_of(self.cursor)
        index = self.cursor + direction
        while 0 <= index < self.block_count:
            speaker = self._speaker_of(index)
            if speaker is not None and speaker != current:
                if direction < 0:  # land on the start of that speaker's run
                    while index > 0 and self._speaker_of(index - 1) == speaker:
                        index -= 1
                self.move_cursor(index)
                return True
            index += direction
        return False

    def page(self, direction: int) -> None:
        """Scroll one screen and put the cursor on the first passage that begins in it
        (or, when a long passage fills the screen, on that passage)."""
        if not self.block_count:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        new_top = max(0, min(top + direction * height, self._offsets[-1] - 1))
        if direction > 0 and top >= self.max_scroll_y:
            self.move_cursor(self.block_count - 1)
            return
        if direction < 0 and top == 0:
            self.move_cursor(0)
            return
        self._measure_exact(
            range(
                self.block_at_line(new_top),
                min(self.block_count, self.block_at_line(new_top) + height + 1),
            )
        )
        self.scroll_to(y=min(new_top, self.max_scroll_y), animate=False, immediate=True)
        shown = round(self.scroll_y)
        index = self.block_at_line(shown)
        if (
            self._offsets[index] < shown
            and index + 1 < self.block_count
            and self._offsets[index + 1] < shown + height + 1
        ):
            # the first passage that begins on the new screen; when none does (a
            # passage taller than the screen fills it) the cursor stays on the one
            # being read, so it is always a passage the reader can see
            index += 1
        self.cursor = index

    # ---------------------------------------------------------------- mouse
    def on_mouse_down(self, _event: object) -> None:
        self._dragged = False

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if offset is None or not self.block_count:
            return
        if self._dragged:
            # The click that ends a drag: the cursor stays where the selection begins.
            self._dragged = False
            self.focus()
            return
        self.cursor = self.block_at_line(round(self.scroll_y) + int(offset))
        self.focus()
