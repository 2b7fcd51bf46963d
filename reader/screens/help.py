"""The help screen: every key, generated from the command table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.commands import COMMANDS, GROUPS, current_keys, key_display

__all__ = ["HelpScreen", "help_text"]


def help_text(keymap: Mapping[str, str] | None = None) -> Text:
    """The key table as styled plain text (never markup: keys include "["), with the
    keys the config file's ``keymap`` gives (``load_keymap``), if any."""
    text = Text()
    text.append("archive-reader: keys\n", Style(bold=True, underline=True))
    shown = {c.id: key_display(current_keys(c, keymap)) for c in COMMANDS}
    width = max(len(keys) for keys in shown.values()) + 2
    for group in GROUPS:
        rows = [c for c in COMMANDS if c.group == group]
        if not rows:
            continue
        text.append(f"\n{group}\n", Style(bold=True))
        for command in rows:
            text.append(f"  {shown[command.id]:<{width}}", Style(bold=True))
            text.append(f"{command.description}\n")
    text.append(
        "\nThe document list filters as you type; escape clears the filter. Keys can be"
        " remapped in the config file: [keys] binding_id = \"key\" (ids in the README).\n",
        Style(dim=True),
    )
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_text(getattr(self.app, "keymap", None)), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
