"""The document header: title, date, archive, reading mode, and the speaker legend."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from reader.model.document import Document
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
        for block in blocks[start:stop]:
            speaker = block.speaker
            if not speaker:
                continue
            attribution = block.attribution
            if attribution == "label":
                if block.kind == "turn":
                    turns[speaker] = turns.get(speaker, 0) + 1
            elif attribution == "reported":
                # In a narrative record (a diary, a memorandum in the third person)
                # nobody has labelled turns; what a speaker has is reported passages.
                reported[speaker] = reported.get(speaker, 0) + 1
        if stop < len(blocks):
            self.set_timer(0.001, partial(self._count, document, stop, turns, reported))
            return
        self._counts = {s.id: turns.get(s.id, 0) for s in document.speakers}
        self._reported = reported
        self.counted = True
        self.refresh(layout=True)

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
        """ "34 turns", "7 reported", or "5 turns, 2 reported"."""
        turns = self._counts.get(speaker_id, 0)
        reported = self._reported.get(speaker_id, 0)
        parts = [f"{turns} turn{'s' if turns != 1 else ''}"] if turns or not reported else []
        if reported:
            parts.append(f"{reported} reported")
        return ", ".join(parts)

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
        text.append(meta.title or "(untitled)", title_style)
        details = [
            d for d in (meta.date_text or meta.date, meta.archive, meta.archive_location) if d
        ]
        if details:
            text.append("\n" + " · ".join(details), meta_style)
        text.append("\n")
        text.append(f"mode: {MODE_NAMES.get(self.mode, self.mode)}", mode_style)
        if self.follow:
            followed = document.speaker(self.follow)
            text.append(f"  following: {followed.name if followed else self.follow}", mode_style)
        speakers = sorted(document.speakers, key=lambda s: s.slot)
        digits = len(str(len(document.blocks)))
        if speakers:
            text.append("   ")
            for number, speaker in enumerate(speakers):
                style = self.get_component_rich_style(
                    f"header--speaker-{speaker.slot % SLOTS}", partial=True
                )
                if self.follow and speaker.id != self.follow:
                    style = style + Style(dim=True)
                if number:
                    text.append("  ")
                text.append(GUTTER_GLYPHS[speaker.slot % SLOTS] + " ", style + Style(bold=True))
                text.append(speaker.name, style + Style(bold=True))
                if self.counted:
                    text.append(f" ({self._tally(speaker.id)})", meta_style)
                else:  # being counted: room for the widest count, so the header keeps
                    # its height (and the transcript its place) when the counts arrive
                    text.append(f" ({'…'.ljust(digits)} turns)", meta_style)
        return text
