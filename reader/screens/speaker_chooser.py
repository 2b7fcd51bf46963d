"""Choose the speaker to follow (f)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.commands import bindings
from reader.model.document import Document
from reader.model.tally import count_speakers, tally_text

__all__ = ["SpeakerChooser"]


class SpeakerChooser(ModalScreen[str | None]):
    """A list of the document's speakers; dismisses with a speaker id, or None."""

    DEFAULT_CSS = """
    SpeakerChooser { align: center middle; }
    SpeakerChooser > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SpeakerChooser OptionList { height: auto; max-height: 20; border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="dialog")  # type: ignore[assignment]

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        # the header's legend counts with the same functions: labelled turns, and
        # reported passages in a narrative record (where nobody has a labelled turn)
        turns, reported = count_speakers(document.blocks)
        self.speakers = sorted(document.speakers, key=lambda s: s.slot)
        self._options = [
            Option(
                Text(f"{s.name}  ({tally_text(turns.get(s.id, 0), reported.get(s.id, 0))})"),
                id=f"s{n}",
            )
            for n, s in enumerate(self.speakers)
        ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Follow which speaker? (escape: cancel)")
            yield OptionList(*self._options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.speakers[event.option_index].id)

    def action_cancel(self) -> None:
        self.dismiss(None)
