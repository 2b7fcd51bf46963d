"""The bookmarks screen (M): every bookmark of every document, with its note and tags.

Each row says whether its words were found again in the document as it is now
(exact, moved, words changed) or not (orphaned, file missing): an orphaned bookmark is
listed with its quote and note, never dropped. Typing filters; enter goes there; e edits
the note and tags; d deletes (into the store's trash) and u undoes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.commands import bindings
from reader.data import library
from reader.data.anchor import PASSAGE_BREAK, Resolution, locate, resolve
from reader.data.store import Bookmark, Store, StoreError
from reader.model.document import Document
from reader.screens.bookmark_dialog import BookmarkDialog, NoteAndTags

if TYPE_CHECKING:
    from reader.screens.main import MainScreen

__all__ = ["STATUS_TEXT", "BookmarksScreen", "Found", "find_bookmark"]

#: status -> what the row says (the words are the signal; colour only repeats them)
STATUS_TEXT = {
    "exact": "✓ found",
    "moved": "✓ found (moved)",
    "uncertain": "? found (moved; the words occur more than once: check it)",
    "fuzzy": "≈ found (words changed)",
    "orphaned": "✗ orphaned: words not found",
    "missing": "✗ file missing",
    "checking": "… checking",
}


@dataclass(frozen=True, slots=True)
class Found:
    """Where a bookmark is in the documents as they are now."""

    status: str
    document: Document | None = None
    resolution: Resolution | None = None


def _same_document(document: Document, sha256: str, path: str | None, part: str | None) -> bool:
    source = document.source
    if source.part != part:
        return False
    if source.sha256 == sha256:
        return True
    return bool(path and source.path and os.path.abspath(source.path) == os.path.abspath(path))


def find_bookmark(bookmark: Bookmark, documents: list[Document],
                  loaded: dict[str, list[Document]] | None = None) -> Found:
    """Find ``bookmark``'s words among the open ``documents``, else in its file on disk."""
    anchor = bookmark.anchor
    for document in documents:
        if _same_document(document, anchor.doc_sha256, anchor.doc_path, anchor.doc_part):
            resolution = resolve(anchor, document)
            if resolution.found:
                return Found(_status(resolution), document, resolution)
    loaded = {} if loaded is None else loaded
    path = anchor.doc_path
    if not path or path == "-":
        return Found("missing")
    candidates = _file_documents(path, loaded)
    if not candidates:
        return Found("missing")
    located = locate(anchor, candidates)
    if located is None:
        return Found("orphaned")
    document, resolution = located
    return Found(_status(resolution), document, resolution)


def _file_documents(path: str, loaded: dict[str, list[Document]]) -> list[Document]:
    """The documents of the file at ``path`` as it is on disk now (read once per check)."""
    if path not in loaded:
        entry = library.load_entry(path)
        loaded[path] = list(entry.documents)
    return loaded[path]


def _status(resolution: Resolution) -> str:
    """A repeated quote told apart only by nearness is a guess: say so (and it is not
    written back, see Store.follow), so the reader checks it."""
    if resolution.status == "moved" and not resolution.certain:
        return "uncertain"
    return resolution.status


class BookmarksScreen(Screen[Found | None]):
    """All bookmarks; dismisses with where to go, or None."""

    DEFAULT_CSS = """
    BookmarksScreen { background: $surface; }
    BookmarksScreen #bookmarks-title { padding: 0 1; text-style: bold; width: 100%; }
    BookmarksScreen #bookmarks-filter { margin: 0 1; }
    BookmarksScreen #bookmarks-rows { height: 1fr; border: none; }
    BookmarksScreen #bookmarks-empty { padding: 1 2; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="bookmarks")  # type: ignore[assignment]

    def __init__(self, main: MainScreen, store: Store) -> None:
        super().__init__()
        self.main = main
        self.store = store
        self.order = "newest"
        self.bookmarks: list[Bookmark] = []
        self.found: dict[str, Found] = {}
        self.undo: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label(id="bookmarks-title")
        yield Input(placeholder="filter: words of the quote, note or tags", id="bookmarks-filter")
        yield OptionList(id="bookmarks-rows")
        yield Label(id="bookmarks-empty")
        yield Footer()

    @property
    def rows(self) -> OptionList:
        return self.query_one("#bookmarks-rows", OptionList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#bookmarks-filter", Input)

    def on_mount(self) -> None:
        self.reload()
        self.rows.focus()
        self._check()

    # ---------------------------------------------------------------- rows
    def reload(self, keep: str | None = None) -> None:
        """Read the bookmarks again (after a change, a filter or the order toggle)."""
        query = self.filter_input.value
        try:
            self.bookmarks = self.store.list_bookmarks(order=self.order, query=query or None)
        except StoreError as error:
            self.bookmarks = []
            self.notify(str(error), severity="error", markup=False)
        highlighted = self.rows.highlighted
        current = keep or (
            self.bookmarks_shown_id(highlighted) if highlighted is not None else None
        )
        self.rows.set_options([Option(self._prompt(b), id=b.id) for b in self.bookmarks])
        ids = [b.id for b in self.bookmarks]
        if ids:
            index = ids.index(current) if current in ids else min(highlighted or 0, len(ids) - 1)
            self.rows.highlighted = index
        total = "" if not query else f" matching “{query}”"
        order = "newest first" if self.order == "newest" else "by document"
        self.query_one("#bookmarks-title", Label).update(
            Text(f"Bookmarks: {len(ids)}{total}, {order}")
        )
        empty = self.query_one("#bookmarks-empty", Label)
        empty.display = not ids
        empty.update(Text("No bookmark matches this filter." if query else
                          "No bookmarks yet: press m on a passage to bookmark it."))

    def bookmarks_shown_id(self, index: int | None) -> str | None:
        if index is None or not 0 <= index < len(self.bookmarks):
            return None
        return self.bookmarks[index].id

    @property
    def current(self) -> Bookmark | None:
        index = self.rows.highlighted
        return self.bookmarks[index] if index is not None and index < len(self.bookmarks) else None

    def status_of(self, bookmark: Bookmark) -> str:
        found = self.found.get(bookmark.id)
        return found.status if found else "checking"

    def _prompt(self, bookmark: Bookmark) -> Text:
        """One row: document · speaker · locator, status; the quote; note and tags."""
        status = self.status_of(bookmark)
        text = Text(no_wrap=False)
        text.append(bookmark.doc_title or os.path.basename(bookmark.anchor.doc_path or "?"),
                    Style(bold=True))
        # A span ("turns 2–4, passages 2–4") may hold several speakers: its quote says who.
        where = [bookmark.speaker or ""] if bookmark.end_passage is None else []
        where += bookmark.locator_parts()
        text.append(" · " + ", ".join(w for w in where if w))
        bad = status in ("orphaned", "missing")
        text.append(f"   {STATUS_TEXT.get(status, status)}",
                    Style(bold=bad, italic=not bad, color="red" if bad else None))
        parts = bookmark.anchor.exact.split(PASSAGE_BREAK)
        quote = " ¶ ".join(" ".join(part.split()) for part in parts)
        if len(quote) > 240:
            # A span is known by where it starts and where it ends.
            quote = quote[:239] + "…" if len(parts) == 1 else f"{quote[:150]} … {quote[-85:]}"
        text.append(f"\n  “{quote}”", Style(italic=True))
        extra = bookmark.note
        if bookmark.tags:
            extra = (extra + "  " if extra else "") + " ".join(f"#{t}" for t in bookmark.tags)
        if extra:
            text.append(f"\n  {' '.join(extra.split())}")
        text.append("\n")  # a blank line between bookmarks
        return text

    @work(thread=True, exclusive=True, group="bookmarks-check",
          description="find bookmarks")
    def _check(self) -> None:
        """Find every bookmark in the documents as they are now (reads files: a thread)."""
        documents = list(self.main.documents)
        loaded: dict[str, list[Document]] = {}
        try:
            everything = self.store.list_bookmarks()
        except StoreError:
            return
        found: dict[str, Found] = {}
        # the open documents by file, for bookmarks made without a part (below)
        files: dict[str, list[Document]] = {}
        for document in documents:
            for key in (document.source.sha256, os.path.abspath(document.source.path or "-")):
                files.setdefault(key, []).append(document)
        for bookmark in everything:
            anchor = bookmark.anchor
            if anchor.doc_part is None and anchor.doc_path and anchor.doc_path != "-":
                # made when its file was one document: is it a volume read record by
                # record now? (a file not open is read as find_bookmark would read it)
                mine = files.get(anchor.doc_sha256) or files.get(os.path.abspath(anchor.doc_path))
                mine = mine or _file_documents(anchor.doc_path, loaded)
                bookmark = self.store.rehome(bookmark, mine) or bookmark
            where = found[bookmark.id] = find_bookmark(bookmark, documents, loaded)
            if where.document is not None and where.resolution is not None:
                self.store.follow(bookmark, where.document, where.resolution)
        self.app.call_from_thread(self._checked, found)

    def _checked(self, found: dict[str, Found]) -> None:
        self.found.update(found)
        self.reload()

    # ---------------------------------------------------------------- events
    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_done(self) -> None:
        self.rows.focus()

    @on(OptionList.OptionSelected, "#bookmarks-rows")
    def _chosen(self) -> None:
        self.action_jump()

    def on_key(self, event: events.Key) -> None:
        """Typing on the list filters it; down/escape in the filter go back to the list."""
        if self.focused is self.filter_input:
            if event.key in ("down", "escape"):
                if event.key == "escape":
                    self.filter_input.value = ""
                self.rows.focus()
                event.stop()
                event.prevent_default()
            return
        if event.key in self.active_bindings:
            return  # e, d, u, o ... are commands here
        if event.is_printable and event.character:
            self.filter_input.focus()
            self.filter_input.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    # ---------------------------------------------------------------- actions
    def action_jump(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        found = self.found.get(bookmark.id)
        if found is None:
            found = find_bookmark(bookmark, list(self.main.documents))
            self.found[bookmark.id] = found
        if found.document is None or found.resolution is None:
            why = "its file is missing" if found.status == "missing" else (
                "its words are no longer in the document")
            self.notify(f"Cannot go to this bookmark: {why}. Its quote and note are kept.",
                        severity="warning", markup=False)
            return
        self.dismiss(found)

    def action_edit(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        if self.store.read_only:
            self.notify(self.store.message or "The bookmark store is read-only.",
                        severity="error", markup=False)
            return

        def save(result: NoteAndTags | None) -> None:
            if result is None:
                return
            try:
                self.store.update_note(bookmark.id, result.note, result.tags)
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify("Note saved", timeout=2, markup=False)
            self.reload(keep=bookmark.id)

        self.app.push_screen(
            BookmarkDialog(bookmark.anchor.exact, bookmark.doc_title, bookmark.note,
                           bookmark.tags, title="Edit bookmark"),
            save,
        )

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        try:
            self.store.delete(bookmark.id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.undo.append(bookmark.id)
        self.notify("Deleted — press u to undo", timeout=6, markup=False)
        self.reload()

    def action_undo(self) -> None:
        if not self.undo:
            self.notify("Nothing to undo", timeout=2, markup=False)
            return
        bookmark_id = self.undo.pop()
        try:
            self.store.restore(bookmark_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify("Bookmark restored", timeout=2, markup=False)
        self.reload(keep=bookmark_id)

    def action_toggle_order(self) -> None:
        self.order = "document" if self.order == "newest" else "newest"
        self.reload()

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_close(self) -> None:
        self.dismiss(None)
