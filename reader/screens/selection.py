"""Selecting words from the keyboard (v), to bookmark (m) or cite (c) them.

The selection starts at the first word of the current passage and grows or shrinks by
words (w / W) and sentences (s / S); grown past the end of the passage, it runs on into
the next ones (a quote across paragraphs), and shrinks back the same way. While it is
open, this transparent modal screen takes the keys, so the selection keys never clash
with the reading keys; the words are shown in the transcript with
``Transcript.set_selection``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    """Grow and shrink a selection of words from the current passage, on into the
    passages after it when it grows past the end of one (a quote across paragraphs)."""

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
        self.texts = [b.text for b in document.blocks] if document else [""]
        self.text = self.texts[block] if 0 <= block < len(self.texts) else ""
        self.words = word_spans(self.text)
        self.sentences = sentence_ends(self.text)
        first = self.words[0] if self.words else (0, 0)
        self.start = first[0] if start is None else start
        self.end = first[1] if end is None else end
        #: the passage the selection ends in (``end`` indexes its text)
        self.end_block = block
        self._spans: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="selection-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    @property
    def span(self) -> tuple[int, int, int]:
        """(block, start, end) of the selected words in the passage where they start
        (to its end when they run on), offsets into Block.text: what a bookmark holds."""
        end = self.end if self.end_block == self.block else len(self.text)
        return self.block, self.start, end

    @property
    def across(self) -> bool:
        """Whether the selection runs on into later passages."""
        return self.end_block != self.block

    def _words_of(self, block: int) -> list[tuple[int, int]]:
        return self._spans_of(block)[0]

    def _sentences_of(self, block: int) -> list[int]:
        return self._spans_of(block)[1]

    def _spans_of(self, block: int) -> tuple[list[tuple[int, int]], list[int]]:
        found = self._spans.get(block)
        if found is None:
            text = self.texts[block]
            found = self._spans[block] = (word_spans(text), sentence_ends(text))
        return found

    def _next_with_words(self, block: int, direction: int) -> int | None:
        """The nearest passage after (1) or before (-1) ``block`` that has words, never
        before the one the selection starts in."""
        block += direction
        while self.block <= block < len(self.texts):
            if self._words_of(block):
                return block
            block += direction
        return None

    def _show(self) -> None:
        self.main.transcript.set_selection(self.block, self.start, self.end,
                                           self.end_block if self.across else None)
        pieces = []
        count = 0
        for index in range(self.block, self.end_block + 1):
            low = self.start if index == self.block else 0
            high = self.end if index == self.end_block else len(self.texts[index])
            pieces.append(" ".join(self.texts[index][low:high].split()))
            count += sum(1 for s, e in self._words_of(index) if s >= low and e <= high)
        quote = " ¶ ".join(p for p in pieces if p)
        if len(quote) > 200:
            quote = quote[:90] + " … " + quote[-90:]
        passages = self.end_block - self.block + 1
        where = f" in {passages} passages" if passages > 1 else ""
        # Text, never markup: the quote may contain "[".
        self.query_one("#selection-hint", Static).update(
            Text(f"Selected {count} word{'s' if count != 1 else ''}{where}: “{quote}”")
        )
        if self.across:  # keep the end of the selection in view
            self.main.transcript.scroll_to_block(self.end_block, (self.end, self.end))

    def _set_end(self, end: int, end_block: int | None = None) -> None:
        end_block = self.end_block if end_block is None else end_block
        if (end_block, end) == (self.end_block, self.end):
            self.app.bell()
            return
        self.end, self.end_block = end, end_block
        self._show()

    def _low(self) -> int:
        """Where the selection starts in the passage it ends in."""
        return self.start if self.end_block == self.block else 0

    def _word_ends(self, block: int) -> list[int]:
        return [e for _s, e in self._words_of(block)]

    def _grow(self, ends_of: Callable[[int], list[int]]) -> None:
        """Move the end on to the next word or sentence end, into the next passage
        with words when this one has no more."""
        later = [e for e in ends_of(self.end_block) if e > self.end]
        if later:
            self._set_end(later[0])
            return
        following = self._next_with_words(self.end_block, 1)
        if following is None:
            self._set_end(self.end)
        else:
            self._set_end(ends_of(following)[0], following)

    def _shrink(self, ends_of: Callable[[int], list[int]]) -> bool:
        """Move the end back to the previous word or sentence end, into the passage
        before when the selection runs across; False when there is none."""
        earlier = [e for e in ends_of(self.end_block) if self._low() < e < self.end]
        if earlier:
            self._set_end(earlier[-1])
            return True
        before = self._next_with_words(self.end_block, -1) if self.across else None
        if before is None:
            return False
        self._set_end(ends_of(before)[-1], before)
        return True

    def action_more_words(self) -> None:
        self._grow(self._word_ends)

    def action_fewer_words(self) -> None:
        if not self._shrink(self._word_ends):
            self._set_end(self.end)

    def action_more_sentences(self) -> None:
        self._grow(self._sentences_of)

    def action_fewer_sentences(self) -> None:
        if not self._shrink(self._sentences_of):  # back to the first word
            self._set_end(next((e for s, e in self.words if e > self.start), self.end))

    def action_bookmark(self) -> None:
        block, start, end = self.span
        if self.across:  # a bookmark holds the whole span of passages
            end = self.end
        self.dismiss(None)
        self.main.bookmark((block, start, end), self.end_block if self.across else None)

    def action_cite(self) -> None:
        if self.across:
            # The transcript holds the whole selection; the cursor is where it starts.
            self.main.copy_citation("chicago")
        else:
            self.main.copy_citation("chicago", span=self.span)

    def action_cancel(self) -> None:
        self.main.clear_selection()
        self.dismiss(None)
