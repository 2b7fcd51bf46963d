"""The document header: title, date, archive, reading mode, and the speaker legend."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from reader.model.document import Document
from reader.model.tally import count_speakers, tally_text
from reader.widgets.reading_view import MODE_NAMES
from reader.widgets.transcript import GUTTER_GLYPHS, SLOTS, speaker_css

__all__ = ["DocumentHeader"]

#: blocks counted per call when tallying the legend (about 2 ms)
COUNT_SLICE = 10_000


class DocumentHeader(Widget):
    """Who and what this record is; every speaker with colour, glyph, name and turns."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"header--speaker-{n}" for n in range(SLOTS)),
        "header--title",
        "header--meta",
        "header--mode",
    }

    DEFAULT_CSS = """
    DocumentHeader {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        SPEAKERS
        & > .header--title { text-style: bold; }
        & > .header--meta { color: $text-muted; }
        & > .header--mode { color: $text-accent; text-style: bold; }
    }
    """.replace("SPEAKERS", speaker_css("header"))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.mode = "printed"
        self.follow: str | None = None
        self.message = "Loading documents…"
        self._counts: dict[str, int] = {}
        self._reported: dict[str, int] = {}
        #: the tallies of the legend are known (they are counted after the first frame)
        self.counted = True
        #: the width get_content_height is measuring for (0: not measuring)
        self._measuring = 0

    def show(self, document: Document | None, mode: str, follow: str | None) -> None:
        if document is not self.document:
            self._counts = {}
            self._reported = {}
            self.counted = not (document and document.blocks)
            if document and document.blocks:
                # Counting walks every block (~20 ms on 100,000): after the first frame,
                # in slices, so neither the first frame nor a key waits for it.
                self.call_after_refresh(self._count, document, 0, {}, {})
        self.document = document
        self.mode = mode
        self.follow = follow
        self.refresh(layout=True)

    def _count(self, document: Document, start: int,
               turns: dict[str, int], reported: dict[str, int]) -> None:
        """Labelled turns and reported passages per speaker, COUNT_SLICE blocks a call."""
        if document is not self.document:
            return
        blocks = document.blocks
        stop = min(len(blocks), start + COUNT_SLICE)
        count_speakers(blocks[start:stop], turns, reported)
        if stop < len(blocks):
            self.set_timer(0.001, partial(self._count, document, stop, turns, reported))
            return
        self._counts = {s.id: turns.get(s.id, 0) for s in document.speakers}
        self._reported = reported
        self.counted = True
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # The one-line title and details are cut to the width being measured for (on
        # the first layout, and after a resize, ``size`` is still the old width).
        self._measuring = width
        try:
            return super().get_content_height(container, viewport, width)
        finally:
            self._measuring = 0

    def legend(self) -> list[tuple[str, str, int]]:
        """(glyph, name, labelled turns) per speaker, in slot order."""
        if not self.document:
            return []
        counts = self._counts
        return [
            (GUTTER_GLYPHS[s.slot % SLOTS], s.name, counts.get(s.id, 0))
            for s in sorted(self.document.speakers, key=lambda s: s.slot)
        ]

    def _tally(self, speaker_id: str) -> str:
        """ "34 turns", "7 reported", or "5 turns, 2 reported" (as the chooser says it)."""
        return tally_text(self._counts.get(speaker_id, 0), self._reported.get(speaker_id, 0))

    def render(self) -> Text:
        # Built from plain strings with styles: a title is never markup.
        text = Text(no_wrap=False, overflow="fold")
        title_style = self.get_component_rich_style("header--title", partial=True)
        meta_style = self.get_component_rich_style("header--meta", partial=True)
        mode_style = self.get_component_rich_style("header--mode", partial=True)
        document = self.document
        if document is None:
            text.append(self.message, meta_style)
            return text
        meta = document.metadata
        # The title and the details take one line each, cut with an ellipsis: a FRUS
        # source note (the archive location) runs to five lines and pushed the legend
        # off the header. The whole of it is in the panel's document information.
        width = self._measuring or self.size.width or 10_000
        text.append_text(_one_line(meta.title or "(untitled)", title_style, width))
        details = [
            d for d in (meta.date_text or meta.date, meta.archive, meta.archive_location) if d
        ]
        if details:
            text.append("\n")
            text.append_text(_one_line(" · ".join(details), meta_style, width))
        text.append("\n")
        text.append(f"mode: {MODE_NAMES.get(self.mode, self.mode)}", mode_style)
        if self.follow:
            followed = document.speaker(self.follow)
            text.append(f"  following: {followed.name if followed else self.follow}", mode_style)
        speakers = sorted(document.speakers, key=lambda s: s.slot)
        digits = len(str(len(document.blocks)))
        if speakers:
            text.append("   ")
            # a speaker's entry is never split across lines: a new line before an
            # entry that would not fit ("Andrei A." on one line, "Gromyko" on the next)
            used = cell_len(text.plain[text.plain.rfind("\n") + 1 :])
            for number, speaker in enumerate(speakers):
                style = self.get_component_rich_style(
                    f"header--speaker-{speaker.slot % SLOTS}", partial=True
                )
                if self.follow and speaker.id != self.follow:
                    style = style + Style(dim=True)
                entry = Text()
                entry.append(GUTTER_GLYPHS[speaker.slot % SLOTS] + " ", style + Style(bold=True))
                entry.append(speaker.name, style + Style(bold=True))
                if self.counted:
                    entry.append(f" ({self._tally(speaker.id)})", meta_style)
                else:  # being counted: room for the widest count, so the header keeps
                    # its height (and the transcript its place) when the counts arrive
                    entry.append(f" ({'…'.ljust(digits)} turns)", meta_style)
                gap = "  " if number else ""
                if used and used + len(gap) + entry.cell_len > width:
                    text.append("\n")
                    used, gap = 0, ""
                text.append(gap)
                text.append_text(entry)
                used += len(gap) + entry.cell_len
        return text


def _one_line(words: str, style: Style, width: int) -> Text:
    """``words`` on one line of at most ``width`` cells, an ellipsis where cut."""
    line = Text(" ".join(words.split()), style)
    line.truncate(width, overflow="ellipsis")
    return line
