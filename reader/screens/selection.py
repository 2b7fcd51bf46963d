"""Selecting words of a passage from the keyboard (v), to bookmark (m) or cite (c) them.

The selection starts at the first word of the current passage and grows or shrinks by
words (w / W) and sentences (s / S). While it is open, this transparent modal screen
takes the keys, so the selection keys never clash with the reading keys; the words are
shown in the transcript with ``Transcript.set_selection``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from reader.commands import bindings

if TYPE_CHECKING:
    from reader.screens.main import MainScreen

__all__ = ["SelectionMode", "sentence_ends", "word_spans"]

_WORD = re.compile(r"\S+")
#: a sentence ends at . ! ? (or …), possibly followed by closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
#: words after which a full stop does not end a sentence
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nos vol p pp ie eg cf etc gen col lt capt adm sen rep gov prof "
    "messrs comrade jr sr ltd co inc vs art para".split()
)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word (a run of non-space characters)."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence of ``text`` (the last one always ends it).

    Initials ("A. I. Alekseyev") and common abbreviations do not end a sentence.
    """
    ends: list[int] = []
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rsplit(None, 1)
        word = before[-1] if before else ""
        bare = word.strip("\"'“‘([").replace(".", "").casefold()
        if match.group().startswith(".") and len(match.group()) == 1 and (
            bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())
        ):
            continue
        ends.append(match.end())
    stripped = len(text.rstrip())
    if stripped and (not ends or ends[-1] < stripped):
        ends.append(stripped)
    return ends


class SelectionMode(ModalScreen[None]):
    """Grow and shrink a selection of words in the current passage."""

    DEFAULT_CSS = """
    SelectionMode { background: transparent; align: center bottom; }
    SelectionMode > #selection-hint {
        dock: bottom; offset-y: -1; width: 100%; height: auto; max-height: 4;
        background: $panel; color: $text; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="selection")  # type: ignore[assignment]

    def __init__(self, main: MainScreen, block: int, start: int | None = None,
                 end: int | None = None) -> None:
        super().__init__()
        self.main = main
        self.block = block
        document = main.document
        self.text = document.blocks[block].text if document else ""
        self.words = word_spans(self.text)
        self.sentences = sentence_ends(self.text)
        first = self.words[0] if self.words else (0, 0)
        self.start = first[0] if start is None else start
        self.end = first[1] if end is None else end

    def compose(self) -> ComposeResult:
        yield Static(id="selection-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    @property
    def span(self) -> tuple[int, int, int]:
        """(block, start, end) of the selected words, offsets into Block.text."""
        return self.block, self.start, self.end

    def _show(self) -> None:
        self.main.set_selection(self.block, self.start, self.end)
        quote = " ".join(self.text[self.start:self.end].split())
        if len(quote) > 200:
            quote = quote[:90] + " … " + quote[-90:]
        count = sum(1 for s, e in self.words if s >= self.start and e <= self.end)
        # Text, never markup: the quote may contain "[".
        self.query_one("#selection-hint", Static).update(
            Text(f"Selected {count} word{'s' if count != 1 else ''}: “{quote}”")
        )

    def _set_end(self, end: int) -> None:
        if end == self.end:
            self.app.bell()
            return
        self.end = end
        self._show()

    def action_more_words(self) -> None:
        later = [e for s, e in self.words if e > self.end]
        self._set_end(later[0] if later else self.end)

    def action_fewer_words(self) -> None:
        earlier = [e for s, e in self.words if self.start < e < self.end]
        self._set_end(earlier[-1] if earlier else self.end)

    def action_more_sentences(self) -> None:
        later = [e for e in self.sentences if e > self.end]
        self._set_end(later[0] if later else self.end)

    def action_fewer_sentences(self) -> None:
        earlier = [e for e in self.sentences if self.start < e < self.end]
        if earlier:
            self._set_end(earlier[-1])
        else:  # back to the first word
            first = next((e for s, e in self.words if e > self.start), self.end)
            self._set_end(first)

    def action_bookmark(self) -> None:
        span = self.span
        self.dismiss(None)
        self.main.bookmark(span)

    def action_cite(self) -> None:
        self.main.copy_citation("chicago", span=self.span)

    def action_cancel(self) -> None:
        self.main.clear_selection()
        self.dismiss(None)
