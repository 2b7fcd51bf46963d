"""A one-line progress bar above the footer while the search index is being built.

It appears only when indexing takes long enough to notice (``SHOW_AFTER``), so a small
library never flickers, and hides when the index is ready.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

__all__ = ["IndexStatus"]

#: seconds of indexing before the bar is shown
SHOW_AFTER = 0.8


class IndexStatus(Horizontal):
    """Indexing progress: "indexing the library for search" and a bar."""

    DEFAULT_CSS = """
    IndexStatus {
        display: none;
        dock: bottom;
        height: 1;
        background: $panel;
        &.-shown { display: block; }
        & > Static { width: auto; padding: 0 1; color: $text-muted; }
        & > ProgressBar { width: 1fr; }
        & > ProgressBar > Bar { width: 1fr; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.active = False

    @property
    def bar(self) -> ProgressBar:
        """The progress bar, mounted when first needed: the bar is hidden until indexing
        has taken SHOW_AFTER, so the reader's first frame never waits for it."""
        if not self.children:
            self.mount(Static(Text("Indexing the library for search"), id="index-label"),
                       ProgressBar(show_eta=False, id="index-progress"))
        return self.query_one(ProgressBar)

    def start(self) -> None:
        """Indexing began: show the bar if it is still going after SHOW_AFTER."""
        self.active = True
        bar = self.bar
        bar.update(total=None, progress=0)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SHOW_AFTER, self._reveal)

    def _reveal(self) -> None:
        self._timer = None
        if self.active:
            self.add_class("-shown")

    def advance(self, done: int, total: int) -> None:
        self.bar.update(total=max(total, 1), progress=done)

    def finish(self) -> None:
        self.active = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-shown")
