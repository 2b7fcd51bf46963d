"""The library search results: one option per passage, built as styled plain text.

Each row says which document (title, date), which passage and kind, who speaks (in the
speaker's slot colour, from the same theme variables as the transcript) and the words
in context with the matches marked by offset. Titles and snippets are never markup.
"""

from __future__ import annotations

import os
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.data.index import Hit
from reader.widgets.transcript import SLOTS, speaker_css

__all__ = ["SearchResults", "hit_text"]

_KINDS = {
    "turn": "turn",
    "paragraph": "paragraph",
    "stage": "stage direction",
    "heading": "heading",
    "list": "list",
    "closing": "closing",
    "table": "table",
    "note": "note",
}


#: how much of a cut title the file name leaves it, at least (when it has that much)
_TITLE_ROOM = 30


def hit_text(hit: Hit, styles: dict[str, Style] | None = None, width: int = 0) -> Text:
    """A result row as Rich Text from plain strings; ``styles`` maps the component
    names ("title", "meta", "match", "speaker-N") to styles. With ``width``, the title
    is cut so that the first line fits."""
    styles = styles or {}
    plain = Style()
    text = Text(no_wrap=False, overflow="fold")
    meta_style = styles.get("meta", Style(dim=True))
    text.append((hit.date or "undated") + "  ", meta_style)
    where: list[str] = []
    if hit.kind == "note":
        where.append(f"note {hit.note_label}" if hit.note_label else "note")
        if hit.passage is not None:
            where.append(f"at passage {hit.passage}")
    elif hit.passage is not None:
        where.append(f"passage {hit.passage}")
        where.append(_KINDS.get(hit.kind, hit.kind))
    place = "  " + " · ".join(where)
    title = hit.title or hit.path
    # The file, so that one record kept twice (the XML and a text copy) or two
    # records with one title can be told apart; cut in the middle when room is short.
    name = os.path.basename(hit.path) + (f" {hit.part}" if hit.part else "") if hit.title else ""
    if width and name:
        # the title keeps _TITLE_ROOM characters (or all of it) before the name is cut
        room = width - len(text.plain) - len(place) - 3 - len(name)
        short = min(len(title), _TITLE_ROOM) - room
        if short > 0:
            keep = max(12, len(name) - short)
            if keep < len(name):  # cut in the middle: both the start and the end tell
                head = (keep - 1) // 2
                name = name[:head] + "…" + name[len(name) - (keep - 1 - head) :]
    where_text = place + (f" · {name}" if name else "")
    room = width - len(text.plain) - len(where_text) if width else 0
    if width and len(title) > room:
        title = title[: max(8, room - 1)].rstrip() + "…"
    text.append(title, styles.get("title", Style(bold=True)))
    text.append(where_text, meta_style)
    text.append("\n  ")
    if hit.speaker_name:
        slot = hit.slot if hit.slot is not None else 0
        speaker_style = styles.get(f"speaker-{slot % SLOTS}", plain) + Style(bold=True)
        text.append(hit.speaker_name, speaker_style)
        text.append(": ", speaker_style)
    snippet = hit.snippet
    body = Text(snippet.text)
    match_style = styles.get("match", Style(reverse=True))
    for start, end in snippet.matches:
        body.stylize(match_style, start, end)
    if snippet.clipped_start:
        text.append("…")
    text.append_text(body)
    if snippet.clipped_end:
        text.append("…")
    return text


def _key(hit: Hit) -> tuple[object, ...]:
    """What makes a hit the same passage in two result lists."""
    return (hit.path, hit.part, hit.block, hit.kind, hit.note)


class SearchResults(OptionList):
    """Passages found in the library; ``hits[i]`` is option ``i``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"search-results--speaker-{n}" for n in range(SLOTS)),
        "search-results--title",
        "search-results--meta",
        "search-results--match",
    }

    DEFAULT_CSS = """
    SearchResults {
        height: 1fr;
        border: none;
        padding: 0 1;
        background: $surface;
        SPEAKERS
        & > .search-results--title { text-style: bold; }
        & > .search-results--meta { color: $text-muted; }
        & > .search-results--match { background: $warning-muted; color: $text; text-style: bold; }
    }
    """.replace("SPEAKERS", speaker_css("search-results"))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self._styled: dict[str, Style] = {}

    def _styles(self) -> dict[str, Style]:
        names = ["title", "meta", "match", *(f"speaker-{n}" for n in range(SLOTS))]
        try:
            return {
                name: self.get_component_rich_style(f"search-results--{name}", partial=True)
                for name in names
            }
        except KeyError:
            # Hits that arrive before the list's first styling (a fast search right
            # after the screen opened) raised here: hit_text's plain defaults until
            # the styling comes, when notify_style_update builds the rows again.
            return {}

    def show(self, hits: list[Hit], *, append: bool = False, keep: bool = False) -> None:
        """Replace the rows (or add to them) keeping the highlighted row. With ``keep``,
        a replacement highlights the same passage again when the reader had moved to it
        (off the first row of a provisional first page giving way to the ranked one)
        and it is still listed, else the first row: a reader who has not moved sees the
        best hit. The rows are swapped in one go, so the list never shows empty."""
        highlighted = self.highlighted if append else None
        moved = bool(self.highlighted)
        if keep and moved and not append and (current := self.current) is not None:
            key = _key(current)
            highlighted = next((i for i, hit in enumerate(hits) if _key(hit) == key), None)
        if not append:
            self.hits = []
            self.clear_options()
        styles = self._styled = self._styles()
        self.hits.extend(hits)
        # less the options' own padding and room for a scrollbar
        width = max(0, self.scrollable_content_region.width - 4)
        self.add_options(Option(hit_text(hit, styles, width)) for hit in hits)
        if self.hits:
            self.highlighted = highlighted if highlighted is not None else 0

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # a theme change: rows carry resolved styles, so build them again (once the
        # component styles have been updated too)
        if self.hits and self.is_mounted:
            self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        if not self.hits or self._styles() == self._styled:
            return
        hits, highlighted = list(self.hits), self.highlighted
        self.show(hits)
        if highlighted is not None and highlighted < len(hits):
            self.highlighted = highlighted

    @property
    def current(self) -> Hit | None:
        """The highlighted hit, or None."""
        index = self.highlighted
        return self.hits[index] if index is not None and 0 <= index < len(self.hits) else None
