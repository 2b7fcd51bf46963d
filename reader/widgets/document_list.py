"""The document list: one row per document (or per file that failed), sorted by date.

A file that holds several documents (a FRUS volume) shows as a group: a heading with
the volume's name and count, and its documents beneath it in the volume's own order.
Enter on a heading folds the group away (▸) or opens it again (▾); a filter searches
folded groups too, and a document opened from elsewhere unfolds its group.

Rows appear as the library scan finds them. Typing while the list has focus filters
it (title, date, type, file name); escape clears the filter. When the list covers the
transcript (a narrow screen), escape and the list's own key (d) close it while nothing
is typed. Problems are shown on the row with an icon and the reason, never as a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.commands import bindings

__all__ = ["DocumentList", "Row"]


@dataclass(frozen=True, slots=True)
class Row:
    """What the list knows about one document (or one unreadable file)."""

    #: index into the main screen's list of documents, or None for an error row
    key: int | None
    title: str
    date: str | None
    kind: str | None
    path: str
    error: str | None = None
    warnings: tuple[str, ...] = ()
    #: the heading of the multi-document file this row belongs to (a FRUS volume), or
    #: None for a file that holds one document
    group: str | None = None
    #: position within its group, in the file's own order
    order: int = 0
    #: the document's number in its printed volume ("157"), before a group row's title
    number: str | None = None

    def sort_key(self) -> tuple[int, str, str]:
        return (0 if self.error is None else 1, self.date or "9999", self.title.casefold())

    def matches(self, query: str) -> bool:
        words = query.casefold().split()
        haystack = " ".join(
            x for x in (self.title, self.date, self.kind, self.path, self.number) if x
        ).casefold()
        return all(word in haystack for word in words)


class _Options(OptionList):
    """The rows; printable keys start the filter instead of being lost."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="document-list")  # type: ignore[assignment]

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character not in "[]{}?":
            parent = self.parent
            if isinstance(parent, DocumentList) and not parent.closes_on(event.key):
                event.stop()
                event.prevent_default()
                parent.start_filter(event.character)
                return
        await super()._on_key(event)

    def action_clear_filter(self) -> None:
        parent = self.parent
        if isinstance(parent, DocumentList):
            if not parent.filter_input.value and parent.covers_transcript:
                raise SkipAction()  # nothing to clear: escape closes the list (screen)
            parent.clear_filter()


class DocumentList(Vertical):
    """The library as a list; posts Chosen when the reader opens a row."""

    DEFAULT_CSS = """
    DocumentList {
        height: 1fr;
        & > Input, & > Input.-textual-compact {
            height: 1; border: none; padding: 0 1; background: $boost;
        }
        & > Input.-empty { display: none; }
        & > Input:focus { display: block; }
        & > OptionList { height: 1fr; border: none; padding: 0; }
    }
    """

    @dataclass
    class Chosen(Message):
        """The reader opened the document with this key."""

        key: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.current: int | None = None
        self._shown: list[Row] = []
        self._in_order: list[Row] = []
        #: what each option stands for: a row, or a group heading's name
        self._options: list[Row | str] = []
        #: the groups folded away (their headings show, their rows do not)
        self.folded: set[str] = set()
        self._built = False
        #: set by the main screen: the list is shown over the transcript (a narrow
        #: screen), so escape and the list's own key (d) close it while the filter is
        #: empty, instead of the key starting the filter
        self.covers_transcript = False

    def build(self) -> None:
        """Mount the filter and the rows. The main screen does it after its first frame
        (the list is not needed to show a document); rows added before are kept."""
        if self._built:
            return
        self._built = True
        # compact: one row and no border, focused or not (a focused Input draws a tall
        # border, which in one row hid the text typed). No select-on-focus: the first
        # typed letter is put in the field before it takes focus, and selecting it then
        # made the second letter replace it ("alek" filtered "lek").
        field = Input(placeholder="filter…", id="filter", classes="-empty", compact=True,
                      select_on_focus=False)
        self.mount(field, _Options(id="rows"))
        self._rebuild()

    @property
    def options(self) -> OptionList:
        self.build()
        return self.query_one("#rows", OptionList)

    @property
    def filter_input(self) -> Input:
        self.build()
        return self.query_one("#filter", Input)

    @property
    def in_order(self) -> list[Row]:
        """The rows in list order, those of folded groups included (J / K step through
        them; opening one unfolds its group)."""
        return list(self._in_order)

    @property
    def shown(self) -> list[Row]:
        """The rows currently listed, in order (after sorting and filtering)."""
        return list(self._shown)

    def add_rows(self, rows: list[Row]) -> None:
        self.rows.extend(rows)
        self._rebuild()

    def toggle_group(self, name: str) -> None:
        """Fold a group's rows away, or show them again; its heading stays highlighted."""
        self.folded.symmetric_difference_update({name})
        self._rebuild()
        if self._built and name in self._options:
            self.options.highlighted = self._options.index(name)

    def set_current(self, key: int | None) -> None:
        """Mark the open document and bring its row into view: it may have been opened
        from elsewhere (a search hit, a bookmark, J / K) while the list showed others,
        and its group unfolds."""
        row = next((r for r in self.rows if r.key == key), None) if key is not None else None
        if row is not None and row.group in self.folded:
            self.folded.discard(row.group)
        self.current = key
        self._rebuild(follow=True)

    def _order_rows(self) -> list[Row | str]:
        query = self.filter_input.value.strip() if self._built else ""
        ordered = self._ordered([r for r in self.rows if not query or r.matches(query)])
        self._in_order = [item for item in ordered if isinstance(item, Row)]
        if self.folded and not query:  # a filter looks inside folded groups too
            ordered = [
                item for item in ordered if isinstance(item, str) or item.group not in self.folded
            ]
        self._shown = [item for item in ordered if isinstance(item, Row)]
        self._options = list(ordered)
        return ordered

    def closes_on(self, key: str) -> bool:
        """Whether ``key``, typed in the rows, closes the list rather than starting the
        filter: the key that shows and hides the list, while the list covers the
        transcript and nothing is typed yet (after a first letter it is text)."""
        if not self.covers_transcript or self.filter_input.value:
            return False
        binding = self.screen.active_bindings.get(key)
        return binding is not None and binding.binding.action == "toggle_documents"

    def start_filter(self, character: str) -> None:
        field = self.filter_input
        field.remove_class("-empty")
        field.value = field.value + character
        field.cursor_position = len(field.value)
        field.focus()

    def clear_filter(self) -> None:
        field = self.filter_input
        field.value = ""
        field.add_class("-empty")
        self.options.focus()

    def _prompt(self, row: Row) -> Text:
        text = Text(overflow="fold")
        marker = "● " if row.key is not None and row.key == self.current else "  "
        text.append(marker, Style(bold=True))
        if row.error:
            text.append("✖ ", Style(color="red", bold=True))
            text.append(row.title)
            text.append("\n  " + row.error, Style(italic=True, dim=True))
            return text
        if row.warnings:
            text.append("⚠ ", Style(color="yellow", bold=True))
        title = row.title or "(untitled)"
        if row.number and not title.startswith(f"{row.number}."):
            title = f"{row.number}. {title}"  # as the volume prints its heading
        text.append(title, Style(bold=row.key == self.current))
        details = " · ".join(x for x in (row.date, row.kind) if x)
        if details:
            text.append("\n  " + details, Style(dim=True))
        if row.warnings:
            text.append("\n  ⚠ " + "; ".join(row.warnings), Style(dim=True, italic=True))
        return text

    def _ordered(self, rows: list[Row]) -> list[Row | str]:
        """Rows by date, each group (a volume) placed where its earliest document falls,
        headed by its name and holding its documents in the volume's own order."""
        groups: dict[str, list[Row]] = {}
        units: list[tuple[tuple[int, str, str], str | Row]] = []
        for row in rows:
            if row.group is None:
                units.append((row.sort_key(), row))
            else:
                groups.setdefault(row.group, []).append(row)
        for name, members in groups.items():
            units.append((min(m.sort_key() for m in members), name))
        ordered: list[Row | str] = []
        for _, unit in sorted(units, key=lambda u: u[0]):
            if isinstance(unit, Row):
                ordered.append(unit)
            else:
                members = sorted(groups[unit], key=lambda m: m.order)
                ordered.append(unit)
                ordered.extend(members)
        return ordered

    def _heading(self, name: str) -> Text:
        count = sum(1 for r in self.rows if r.group == name)
        text = Text(overflow="fold")
        sign = "▸" if name in self.folded else "▾"
        text.append(f"{sign} {name}", Style(bold=True, underline=True))
        text.append(f"  {count} document{'s' if count != 1 else ''}", Style(dim=True))
        return text

    def _rebuild(self, follow: bool = False) -> None:
        if not self._built:  # the order is known at once; the options come with build()
            self._order_rows()
            return
        options = self.options
        highlighted_row = (
            self._options[options.highlighted]
            if options.highlighted is not None and options.highlighted < len(self._options)
            else None
        )
        ordered = self._order_rows()
        options.clear_options()
        options.add_options(
            [
                Option(self._prompt(item))
                if isinstance(item, Row)
                else Option(self._heading(item))
                for item in ordered
            ]
        )
        current = next((r for r in self._shown if r.key == self.current), None)
        target: Row | str | None = (
            highlighted_row if highlighted_row is not None and highlighted_row in self._options
            else None
        )
        if target is None or (follow and current is not None):
            target = current
        if target is None and self._shown:
            target = self._shown[0]
        if target is not None:
            options.highlighted = self._options.index(target)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_input.set_class(not event.value, "-empty")
        if not event.value and self.filter_input.has_focus:
            # the filter is emptied (backspace): back to the rows, where the next letter
            # starts it again, and escape or d close a list that covers the transcript
            self.options.focus()
        self._rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.options
        options.focus()
        if options.highlighted is not None:
            self._choose(options.highlighted)

    def on_key(self, event: events.Key) -> None:
        if self.filter_input.has_focus:
            if event.key in ("down", "up"):
                event.stop()
                if event.key == "down":
                    self.options.action_cursor_down()
                else:
                    self.options.action_cursor_up()
            elif event.key == "escape":
                event.stop()
                self.clear_filter()

    @on(OptionList.OptionSelected, "#rows")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if not 0 <= index < len(self._options):
            return
        row = self._options[index]
        if isinstance(row, str):  # a group heading: fold it away, or open it again
            self.toggle_group(row)
            return
        if row.key is None:
            self.notify(row.error or "this file cannot be opened", severity="error", markup=False)
            return
        self.post_message(self.Chosen(row.key))
