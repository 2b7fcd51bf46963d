"""The help screen: every key, generated from the command table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.commands import COMMANDS, GROUPS, bindings, current_keys, key_display

__all__ = ["HelpScreen", "help_text"]


def help_text(keymap: Mapping[str, str] | None = None) -> Group:
    """The key table, a grid per group so that a long description wraps under itself
    (never markup: keys include "["), with the keys the config file's ``keymap``
    gives (``load_keymap``), if any."""
    shown = {c.id: key_display(current_keys(c, keymap)) for c in COMMANDS}
    width = max(len(keys) for keys in shown.values())
    parts: list[RenderableType] = [
        Text("archive-reader: keys", Style(bold=True, underline=True))
    ]
    for group in GROUPS:
        rows = [c for c in COMMANDS if c.group == group]
        if not rows:
            continue
        parts.append(Text(f"\n{group}", Style(bold=True)))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(min_width=width, no_wrap=True, style=Style(bold=True))
        grid.add_column(ratio=1)
        for command in rows:
            grid.add_row(Text(shown[command.id]), Text(command.description))
        parts.append(Padding(grid, (0, 0, 0, 2)))
    parts.append(Text(
        "\nThe document list filters as you type; escape clears the filter. Keys can be"
        " remapped in the config file: [keys] binding_id = \"key\" (ids in the README).",
        Style(dim=True),
    ))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="help")  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_text(getattr(self.app, "keymap", None)), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
