"""The find bar: find in the open document, docked under the transcript.

``/`` opens it; matches are highlighted as the reader types (lightly debounced) and the
cursor goes to the first match at or after where the search began. Inside the bar,
``down``/``up`` step through matches, ``enter`` closes it keeping the highlights (then
``n``/``N`` step), ``escape`` closes it and clears them; the cursor stays on the current
match either way. ``alt+r`` and ``alt+w`` (or a click on their labels) toggle regular
expressions and whole words.

Matching is ``reader.model.find`` (smart case, accents, ``speaker:NAME``), run on whole
blocks in the transcript's reading mode, so wrapping never splits a match; in the clean
mode, matches inside hidden apparatus are counted and named, never pointed at. The
last query survives closing, and the matches are run again whenever the document or
the reading mode changes. A library search that opens a document hands the bar its own
matches there (``take_matches``), so that ``n``/``N`` go through those too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from reader.commands import bindings
from reader.model.find import (
    FindError,
    FindQuery,
    Match,
    count_label,
    find_all,
    matching_speakers,
    no_speaker_message,
    spelt_alike,
)
from reader.model.spelling import did_you_mean
from reader.widgets.transcript import Transcript

__all__ = ["FindBar"]

#: seconds between the last keystroke and the search (find_all is fast; this only
#: spares a long document a search per character of a fast typist)
DEBOUNCE = 0.06


class _Toggle(Static):
    """A clickable on/off label ("[x] regex"), built from plain text."""

    def __init__(self, label: str, key: str, *, id: str) -> None:
        super().__init__(id=id)
        self.label = label
        self.key = key
        self.value = False

    def set(self, value: bool) -> None:
        self.value = value
        self.set_class(value, "-on")
        text = Text()
        text.append("[x] " if value else "[ ] ")
        text.append(self.label)
        text.append(f" {self.key}", Style(dim=True))
        self.update(text)

    def on_mount(self) -> None:
        self.set(self.value)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.toggle(self.id or "")


class FindBar(Horizontal):
    """Find in the document shown by the sibling Transcript."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
        &.-open { display: block; }
        & > #find-prompt { width: auto; color: $text-accent; text-style: bold; padding: 0 1 0 0; }
        & > Input {
            width: 1fr; min-width: 12; border: none; height: 1; padding: 0; background: $surface;
        }
        & > Input:focus { border: none; background: $boost; }
        & > _Toggle { width: auto; padding: 0 0 0 2; color: $text-muted; }
        & > _Toggle:hover { color: $text; text-style: underline; }
        & > _Toggle.-on { color: $text-accent; text-style: bold; }
        & > #find-count { width: auto; min-width: 5; padding: 0 0 0 2; text-style: bold; }
        & > #find-status { width: auto; max-width: 60%; padding: 0 1 0 2; color: $text-muted; }
        & > #find-status.-error { color: $text-error; }
        /* a message too long for what the row leaves it gets a line of its own */
        &.-long-status { height: auto; max-height: 4; }
        &.-long-status > #find-status {
            dock: bottom; width: 100%; max-width: 100%; height: auto; padding: 0 1 0 5;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="find")  # type: ignore[assignment]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: the query as last run: text and toggles (kept after the bar closes)
        self.text = ""
        self.regex = False
        self.whole_word = False
        #: visible matches in reading order, and the index of the current one
        self.matches: list[Match] = []
        self.current: int | None = None
        #: matches inside text the clean reading mode hides
        self.hidden = 0
        #: the error of the last query (an invalid regular expression), or ""
        self.error = ""
        self._origin: tuple[int, int] = (0, 0)
        self._timer: Timer | None = None
        self._document: object | None = None
        #: the message beside the count (an error, hidden matches, wrapping)
        self.status = ""
        #: matches another search found here (``take_matches``), hidden ones included
        self._taken: list[Match] = []
        #: the document's words spelt like a word that found nothing (``spelt_alike``)
        self._alike: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Find"), id="find-prompt")
        yield Input(placeholder="words, regex or speaker:NAME words", id="find-input",
                    compact=True)
        yield _Toggle("regex", "alt+r", id="find-regex")
        yield _Toggle("word", "alt+w", id="find-word")
        yield Static(id="find-count")
        yield Static(id="find-status")

    def on_mount(self) -> None:
        transcript = self.transcript
        if transcript is not None:
            # The transcript clears its highlights when it loads a document, and a
            # mode change moves every offset: run the query again after either.
            self.watch(transcript, "mode", self._context_changed, init=False)
            self.watch(self.screen, "current", self._context_changed, init=False)

    # ------------------------------------------------------------------ parts
    @property
    def transcript(self) -> Transcript | None:
        parent = self.parent
        if parent is None:
            return None
        found = parent.query_children(Transcript)
        return found.first() if found else None

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def label(self) -> str:
        """The "3/17" count as shown."""
        return count_label(self.matches, self.current)


    # ------------------------------------------------------------------ opening
    def open(self) -> None:
        """Show the bar with the last query selected, searching from the cursor."""
        transcript = self.transcript
        if transcript is not None:
            self._origin = (transcript.cursor, 0)
        self.add_class("-open")
        field = self.input
        with field.prevent(Input.Changed):
            field.value = self.text
        field.select_on_focus = True
        field.focus()
        self._show()

    def action_close(self, keep: bool = False) -> None:
        """Close the bar; the cursor stays at the current match. ``keep`` leaves the
        highlights (enter), otherwise they are cleared (escape)."""
        self._flush()
        self.remove_class("-open")
        transcript = self.transcript
        if transcript is not None:
            if not keep:
                transcript.set_highlights([])
            if transcript.display:
                transcript.focus()

    def take_matches(self, matches: Sequence[Match], at: tuple[int, int] | None) -> None:
        """Step through matches another search found in the shown document (the
        library search that opened it): highlighted, and ``n``/``N`` go through them as
        through the bar's own, until the bar is used or another document is shown.
        ``at`` (block, offset) is the match the reader is on."""
        transcript = self.transcript
        if transcript is None or transcript.document is None:
            return
        self.clear()
        self._taken = sorted(matches, key=lambda m: (m.block, m.start))
        self._document = transcript.document
        self._place_taken(at)

    def _place_taken(self, at: tuple[int, int] | None = None) -> None:
        """Show the taken matches in the current reading mode: as for the bar's own,
        those inside text the clean mode hides are counted, never pointed at."""
        transcript = self.transcript
        if transcript is None:
            return
        shown: list[Match] = []
        for match in self._taken:
            view = transcript.view_of(match.block)
            if match.end > match.start and view.to_view(match.start) >= view.to_view(match.end):
                continue
            shown.append(match)
        if at is None and self.current is not None and self.current < len(self.matches):
            on = self.matches[self.current]  # a mode change: stay on the same match
            at = (on.block, on.start)
        self.matches, self.hidden = shown, len(self._taken) - len(shown)
        self.current = next(
            (i for i, m in enumerate(self.matches) if (m.block, m.start) == at), None
        )
        transcript.set_highlights([(m.block, m.start, m.end) for m in self.matches])
        self._show()

    def clear(self) -> None:
        """Forget the query (another feature is about to highlight the transcript)."""
        self.text = ""
        self.matches = []
        self._taken = []
        self.current = None
        self.hidden = 0
        self.error = ""
        if self.is_mounted:
            with self.input.prevent(Input.Changed):
                self.input.value = ""
            self._show()

    # ------------------------------------------------------------------ input
    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._run_typed)

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close(keep=True)

    def _flush(self) -> None:
        """Run a search still waiting for the debounce timer."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self._run_typed()

    def _run_typed(self) -> None:
        self._timer = None
        self.search(go_from=self._origin)

    def action_flip(self, which: str) -> None:
        self.toggle(which)

    def toggle(self, which: str) -> None:
        """Flip regex ("find-regex") or whole word ("find-word") and search again."""
        if which == "find-regex":
            self.regex = not self.regex
        elif which == "find-word":
            self.whole_word = not self.whole_word
        else:
            return
        self._flush()
        self.search(go_from=self._origin)

    def action_step(self, direction: int) -> None:
        self._flush()
        self.step(direction)

    # ------------------------------------------------------------------ searching
    def search(self, go_from: tuple[int, int] | None = None) -> None:
        """Run the query on the shown document; with ``go_from`` (block, offset) move
        to the first match at or after it, otherwise keep the current position."""
        transcript = self.transcript
        self.matches, self.current, self.hidden, self.error = [], None, 0, ""
        self._alike = []
        self._taken = []  # the bar's own query replaces another search's matches
        document = transcript.document if transcript is not None else None
        self._document = document
        if transcript is None or document is None or not self.text.strip():
            if transcript is not None:
                transcript.set_highlights([])
            self._show()
            return
        try:
            query = FindQuery.parse(self.text, regex=self.regex, whole_word=self.whole_word)
        except FindError as error:
            self.error = str(error)
            transcript.set_highlights([])
            self._show()
            return
        if query.speaker is not None and not matching_speakers(document, query.speaker):
            self.error = no_speaker_message(document, query.speaker)
            transcript.set_highlights([])
            self._show()
            return
        found = find_all(document, query, transcript.mode, include_hidden=True)
        if not found:
            self._alike = spelt_alike(document, query)
        self.matches = [m for m in found if not m.hidden]
        self.hidden = len(found) - len(self.matches)
        transcript.set_highlights([(m.block, m.start, m.end) for m in self.matches])
        if self.matches:
            if go_from is not None:
                here = go_from
                self.current = next(
                    (i for i, m in enumerate(self.matches) if (m.block, m.start) >= here), 0
                )
                self._go()
            else:
                cursor = transcript.cursor
                self.current = next(
                    (i for i, m in enumerate(self.matches) if m.block >= cursor), 0
                )
        self._show()

    def step(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) match, wrapping; False if none.

        Works with the bar closed (``n``/``N``): the last query is run again if the
        document changed, and its highlights come back."""
        transcript = self.transcript
        if transcript is None:
            return False
        if transcript.document is not self._document:
            self.search()
        elif self.matches:
            transcript.set_highlights([(m.block, m.start, m.end) for m in self.matches])
        if not self.matches:
            self._show()
            return False
        cursor = transcript.cursor
        wrapped = False
        if self.current is None or self.matches[self.current].block != cursor:
            # the reader moved away: the next match after the cursor, not after the last
            if direction > 0:
                target = next((i for i, m in enumerate(self.matches) if m.block > cursor), None)
            else:
                target = next(
                    (i for i in range(len(self.matches) - 1, -1, -1)
                     if self.matches[i].block < cursor),
                    None,
                )
            if target is None:
                target = 0 if direction > 0 else len(self.matches) - 1
                wrapped = True
        else:
            target = self.current + direction
            if not 0 <= target < len(self.matches):
                target %= len(self.matches)
                wrapped = True
        self.current = target
        self._go()
        self._show("wrapped to the top" if wrapped and direction > 0
                   else "wrapped to the bottom" if wrapped else "")
        return True

    def _go(self) -> None:
        transcript = self.transcript
        if transcript is None or self.current is None:
            return
        match = self.matches[self.current]
        # an empty match is a whole passage (a library search of filters only)
        span = (match.start, match.end) if match.end > match.start else None
        transcript.move_cursor(match.block, span=span)

    def _context_changed(self) -> None:
        # after the transcript has loaded the new document / applied the mode
        self.call_after_refresh(self._rerun)

    def _rerun(self) -> None:
        if self.text.strip():
            self.search()
        elif self._taken:
            transcript = self.transcript
            if transcript is not None and transcript.document is self._document:
                self._place_taken()  # the reading mode changed
            else:
                self.clear()

    # ------------------------------------------------------------------ showing
    def _show(self, note: str = "") -> None:
        if not self.is_mounted:
            return
        self.query_one("#find-regex", _Toggle).set(self.regex)
        self.query_one("#find-word", _Toggle).set(self.whole_word)
        count = self.query_one("#find-count", Static)
        status = self.query_one("#find-status", Static)
        status.set_class(bool(self.error), "-error")
        count.update(Text("" if not self.text.strip() or self.error else self.label))
        if self.error:
            message = self.error
        else:
            parts = []
            if self.text.strip() and not self.matches and not self.hidden:
                parts.append(f"no match{did_you_mean(self._alike)}")
            if self.hidden:
                parts.append(f"{self.hidden} hidden in clean mode")
            if note:
                parts.append(note)
            message = " · ".join(parts)
        self.status = message
        status.update(Text(message))
        self._place_status(message)

    def on_resize(self) -> None:
        self._place_status(self.status)

    def _place_status(self, message: str) -> None:
        """Keep the status on the find bar's row while it fits there (beside a
        12-cell input); a longer one (an error, a "did you mean") goes on a line below.
        """
        room = self.size.width - sum(
            child.outer_size.width
            for child in self.children
            if child.id not in ("find-input", "find-status") and child.display
        )
        self.set_class(len(message) + 3 > room - 12, "-long-status")
