"""The small dialog that takes a bookmark's note and tags (m, and e on the bookmarks screen)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.commands import bindings
from reader.data.anchor import PASSAGE_BREAK

__all__ = ["BookmarkDialog", "NoteAndTags", "split_tags"]

#: the quote is cut here in the dialog (the whole quote is stored)
QUOTE_SHOWN = 400
#: lines of the quote shown at most (it scrolls)
QUOTE_LINES = 8
#: the dialog's lines besides the quote: border 2, title 1, note 3, tags 3, hint 1
FIXED_LINES = 10


@dataclass(frozen=True, slots=True)
class NoteAndTags:
    """What the dialog returns when the reader saves."""

    note: str
    tags: tuple[str, ...]


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones dropped, order and first spelling kept."""
    seen: dict[str, str] = {}
    for tag in text.split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


class BookmarkDialog(ModalScreen[NoteAndTags | None]):
    """Shows the quote; enter saves the note and tags, escape cancels."""

    DEFAULT_CSS = """
    BookmarkDialog { align: center middle; }
    BookmarkDialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    BookmarkDialog #quote {
        max-height: 8; overflow-y: auto; color: $text-muted; text-style: italic;
        margin-bottom: 1;
    }
    BookmarkDialog .hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="dialog")  # type: ignore[assignment]

    def __init__(self, quote: str, where: str = "", note: str = "",
                 tags: tuple[str, ...] = (), title: str = "Bookmark") -> None:
        super().__init__()
        self.quote = quote
        self.where = where
        self.initial = NoteAndTags(note, tags)
        self.heading = title

    def compose(self) -> ComposeResult:
        # The passages of a span are marked apart (¶), as the selection hint shows them.
        quote = " ¶ ".join(" ".join(part.split()) for part in self.quote.split(PASSAGE_BREAK))
        if len(quote) > QUOTE_SHOWN:
            quote = quote[: QUOTE_SHOWN - 1] + "…"
        with Vertical():
            # Text, never markup: quotes are full of "[".
            yield Label(Text(f"{self.heading}: {self.where}" if self.where else self.heading,
                             style="bold"))
            yield Static(Text(f"“{quote}”"), id="quote")
            yield Input(self.initial.note, placeholder="note (optional)", id="note")
            yield Input(", ".join(self.initial.tags), placeholder="tags, comma-separated",
                        id="tags")
            yield Label(Text("enter: save   tab: next field   escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one("#note", Input).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """Give the quote what the fields leave: on a short screen (40x12) the quote's
        eight lines pushed the note field, which has the focus, below the screen."""
        frame = self.query_one(Vertical)
        quote = self.query_one("#quote", Static)
        hint = self.query_one(".hint", Label)
        # 90% of a tall screen; all of a short one
        room = height if height < 20 else height * 9 // 10
        frame.styles.max_height = room
        spare = room - FIXED_LINES
        hint.display = spare >= 1  # else the note and tags go before the hint
        if not hint.display:
            spare += 1
        margin = 1 if spare > 2 else 0
        quote.styles.margin = (0, 0, margin, 0)
        quote.styles.max_height = max(1, min(QUOTE_LINES, spare - margin))  # it scrolls

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        note = self.query_one("#note", Input).value
        tags = split_tags(self.query_one("#tags", Input).value)
        self.dismiss(NoteAndTags(note.strip(), tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
