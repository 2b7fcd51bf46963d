"""The one table of the reader's commands (DESIGN.md rule 6).

Bindings, the footer, the help screen, the command palette and the README's key table
all come from ``COMMANDS``. Every binding has an id, so a user can remap it in the
config file (``[keys]`` table, ``binding_id = "key"``), applied with App.set_keymap.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding
from textual.keys import _character_to_key, format_key

__all__ = [
    "COMMANDS",
    "GROUPS",
    "Command",
    "bindings",
    "command",
    "current_keys",
    "key_table_markdown",
    "load_keymap",
]


@dataclass(frozen=True, slots=True)
class Command:
    #: the binding id users remap ("transcript.next-turn")
    id: str
    #: the keys as a person types them, comma separated ("j,down", "]")
    keys: str
    #: the screen action it runs ("next_turn")
    action: str
    description: str
    group: str
    #: shown in the footer
    show: bool = False
    #: a shorter label for the footer
    footer: str = ""
    #: where the binding lives: "main" (the reading screen), "selection" (while
    #: selecting words, keys v), "bookmarks" (the bookmarks screen, key M), "find" (the
    #: find bar, key /), "search" (the library search screen, ctrl+f), "document-list",
    #: "help" or "dialog" (the bookmark note and the speaker chooser)
    scope: str = "main"


GROUPS = ("Move", "Speakers", "Apparatus", "View", "Documents", "Bookmarks and citations",
          "Selecting words", "Bookmarks screen", "Search", "Find bar", "Search screen", "App")

_MARKS, _SELECTING, _LIST = GROUPS[5:8]
_FIND, _LIBRARY = GROUPS[9:11]

COMMANDS: tuple[Command, ...] = (
    Command("move.down", "j,down", "cursor_down", "next passage", "Move"),
    Command("move.up", "k,up", "cursor_up", "previous passage", "Move"),
    Command("move.page-down", "space,pagedown", "page_down", "one screen down", "Move"),
    Command("move.page-up", "b,pageup", "page_up", "one screen up", "Move"),
    Command("move.top", "g,home", "cursor_top", "first passage", "Move"),
    Command("move.bottom", "G,end", "cursor_bottom", "last passage", "Move"),
    Command("speaker.next-turn", "]", "next_turn", "next turn (of the followed speaker)",
            "Speakers", show=True, footer="turn"),
    Command("speaker.previous-turn", "[", "previous_turn",
            "previous turn (of the followed speaker)", "Speakers"),
    Command("speaker.next-change", "}", "next_change", "next change of speaker", "Speakers"),
    Command("speaker.previous-change", "{", "previous_change", "previous change of speaker",
            "Speakers"),
    Command("speaker.follow", "f", "follow", "follow one speaker (again: stop following)",
            "Speakers", show=True, footer="follow"),
    Command("apparatus.next", "a", "next_apparatus", "next apparatus entry", "Apparatus",
            show=True, footer="apparatus"),
    Command("apparatus.previous", "A", "previous_apparatus", "previous apparatus entry",
            "Apparatus"),
    Command("view.reading-mode", "e", "cycle_mode",
            "reading mode: as printed / clean (editors hidden)", "View", show=True,
            footer="mode"),
    Command("view.documents", "d", "toggle_documents", "show or hide the document list",
            "View", show=True, footer="list"),
    Command("view.apparatus", "p", "toggle_apparatus", "show or hide the apparatus panel",
            "View", show=True, footer="panel"),
    Command("view.next-pane", "tab", "next_pane", "move between panes", "View"),
    Command("view.close-pane", "escape", "close_pane",
            "narrow screen: close the list or panel that covers the transcript", "View"),
    Command("documents.next", "J", "next_document", "next document", "Documents"),
    Command("documents.previous", "K", "previous_document", "previous document", "Documents"),
    Command("documents.clear-filter", "escape", "clear_filter",
            "document list: clear the filter", "Documents", scope="document-list"),
    Command("search.find", "/", "find", "find in this document (speaker:NAME words)",
            "Search", show=True, footer="find"),
    Command("search.next", "n", "find_next",
            "next match of the last find or library search", "Search"),
    Command("search.previous", "N", "find_previous",
            "previous match of the last find or library search", "Search"),
    Command("search.library", "ctrl+f", "search_library",
            "search the library: passages by words, speaker, date", "Search", show=True,
            footer="search"),
    # -- bookmarks and citations (issues 6 and 7) --
    Command("bookmarks.add", "m", "bookmark", "bookmark the passage (or the selected words) "
            "with a note and tags", _MARKS, show=True, footer="mark"),
    Command("bookmarks.show", "M", "bookmarks", "all bookmarks of all documents", _MARKS),
    Command("bookmarks.select", "v", "select", "select words of the passage (then w W s S)",
            _MARKS),
    Command("cite.passage", "c", "copy_citation",
            "copy the passage's citation (Chicago, with the quote)", _MARKS),
    Command("select.word-more", "w", "more_words", "selecting: one more word", _SELECTING,
            show=True, footer="word+", scope="selection"),
    Command("select.word-less", "W", "fewer_words", "selecting: one word less", _SELECTING,
            scope="selection"),
    Command("select.sentence-more", "s", "more_sentences",
            "selecting: to the end of the next sentence", _SELECTING, show=True,
            footer="sentence+", scope="selection"),
    Command("select.sentence-less", "S", "fewer_sentences", "selecting: one sentence less",
            _SELECTING, scope="selection"),
    Command("select.bookmark", "m", "bookmark", "selecting: bookmark the selected words",
            _SELECTING, show=True, footer="mark", scope="selection"),
    Command("select.cite", "c", "cite", "selecting: copy the citation of the selected words",
            _SELECTING, show=True, footer="cite", scope="selection"),
    Command("select.cancel", "escape", "cancel", "selecting: stop selecting", _SELECTING,
            show=True, footer="cancel", scope="selection"),
    Command("bookmarks.jump", "enter", "jump", "bookmarks screen: go to the bookmark", _LIST,
            show=True, footer="go", scope="bookmarks"),
    Command("bookmarks.edit", "e", "edit", "bookmarks screen: edit the note and tags", _LIST,
            show=True, footer="edit", scope="bookmarks"),
    Command("bookmarks.delete", "d", "delete", "bookmarks screen: delete (undo with u)", _LIST,
            show=True, footer="delete", scope="bookmarks"),
    Command("bookmarks.undo", "u", "undo", "bookmarks screen: undo the last delete", _LIST,
            show=True, footer="undo", scope="bookmarks"),
    Command("bookmarks.order", "o", "toggle_order",
            "bookmarks screen: newest first / by document", _LIST, show=True, footer="order",
            scope="bookmarks"),
    Command("bookmarks.filter", "/", "filter",
            "bookmarks screen: filter by the quote, note or tags (or just type)", _LIST,
            scope="bookmarks"),
    Command("bookmarks.close", "escape", "close", "bookmarks screen: back to reading", _LIST,
            show=True, footer="back", scope="bookmarks"),
    Command("find-bar.next", "down", "step(1)", "find bar: next match", _FIND, scope="find"),
    Command("find-bar.previous", "up", "step(-1)", "find bar: previous match", _FIND,
            scope="find"),
    Command("find-bar.regex", "alt+r", "flip('find-regex')",
            "find bar: regular expressions on / off", _FIND, scope="find"),
    Command("find-bar.whole-word", "alt+w", "flip('find-word')",
            "find bar: whole words on / off", _FIND, scope="find"),
    Command("find-bar.close", "escape", "close(False)",
            "find bar: close and clear the highlights (enter closes and keeps them)", _FIND,
            scope="find"),
    Command("search-screen.close", "escape", "close", "search screen: back to reading",
            _LIBRARY, show=True, footer="back", scope="search"),
    Command("search-screen.open", "enter", "open_hit",
            "search screen: open the document at the passage", _LIBRARY, show=True,
            footer="open", scope="search"),
    Command("search-screen.results", "down", "results",
            "search screen: from the query to the results", _LIBRARY, scope="search"),
    Command("search-screen.order", "ctrl+o,f2", "toggle_order",
            "search screen: by relevance / by date", _LIBRARY, show=True, footer="order",
            scope="search"),
    Command("search-screen.help", "f1", "toggle_help", "search screen: the query language",
            _LIBRARY, show=True, footer="query help", scope="search"),
    Command("app.help", "?,f1", "help", "keys and help", "App", show=True, footer="help"),
    Command("help.close", "escape,q,?,f1", "close", "help screen: close", "App", show=True,
            footer="close", scope="help"),
    Command("dialog.cancel", "escape", "cancel",
            "bookmark note or speaker choice: cancel", "App", show=True, footer="cancel",
            scope="dialog"),
    Command("app.palette", "ctrl+p", "app.command_palette",
            "command palette: documents, speakers, panels, mode, theme, copy citation as ...",
            "App"),
    Command("app.quit", "q", "app.quit", "quit", "App", show=True, footer="quit"),
)

_DISPLAY = {
    "space": "space", "pagedown": "pgdn", "pageup": "pgup", "down": "↓", "up": "↑",
    "home": "home", "end": "end", "tab": "tab", "f1": "f1", "ctrl+p": "ctrl+p",
    "escape": "esc", "enter": "enter",
}


def _key_name(key: str) -> str:
    """Textual's name for a typed key ("]" -> "right_square_bracket")."""
    return _character_to_key(key) if len(key) == 1 else key


def command(binding_id: str) -> Command:
    """The command with this binding id (KeyError when there is none)."""
    for found in COMMANDS:
        if found.id == binding_id:
            return found
    raise KeyError(binding_id)


def current_keys(command: Command, keymap: Mapping[str, str] | None = None) -> str:
    """The command's keys as the reader has them, comma separated as typed ("j,down"):
    the config file's (``keymap``, in Textual's key names, as ``load_keymap`` gives
    it) where it remaps the command, else the defaults."""
    mapped = (keymap or {}).get(command.id)
    if not mapped:
        return command.keys
    return ",".join(format_key(key) for key in mapped.split(","))


def key_display(keys: str) -> str:
    """Keys as a person reads them: "j / ↓"."""
    return " / ".join(_DISPLAY.get(k, k) for k in keys.split(","))


def bindings(commands: Iterable[Command] | None = None, scope: str = "main") -> list[Binding]:
    """Textual bindings for the commands (default: those of ``scope``), each with its id."""
    if commands is None:
        commands = [c for c in COMMANDS if c.scope == scope]
    result: list[Binding] = []
    for command in commands:
        if command.id == "app.palette":
            continue  # the App binds ctrl+p itself; listed here for help and README
        first = command.keys.split(",")[0]
        result.append(
            Binding(
                ",".join(_key_name(k) for k in command.keys.split(",")),
                command.action,
                command.footer or command.description,
                show=command.show,
                key_display=_DISPLAY.get(first, first),
                id=command.id,
            )
        )
    return result


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def key_table_markdown(commands: Iterable[Command] = COMMANDS) -> str:
    """The README's "## Keys" table, generated (a test keeps README equal to it)."""
    lines = ["| Keys | Command | Binding id |", "| --- | --- | --- |"]
    for command in commands:
        keys = " ".join(f"`{k}`" for k in command.keys.split(","))
        lines.append(f"| {_cell(keys)} | {_cell(command.description)} | `{command.id}` |")
    return "\n".join(lines) + "\n"


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """Read ``[keys]`` from the config file: (keymap, problems). Never raises."""
    problems: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path}: cannot read the config file ({error}); default keys used"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f"{path}: [keys] must be a table of binding_id = \"key\""]
    known = {c.id for c in COMMANDS}
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        if binding_id not in known:
            problems.append(f"{path}: unknown binding id {binding_id!r} in [keys]")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: [keys] {binding_id} must be a key such as \"x\"")
        else:
            keymap[binding_id] = ",".join(_key_name(k.strip()) for k in value.split(","))
    return keymap, problems
