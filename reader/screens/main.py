"""The main screen: document list | transcript | apparatus panel, header and footer.

It owns the state (documents, current document, cursor, reading mode, followed
speaker) as reactives; widgets only show what they are given and post messages up.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.commands import bindings
from reader.data import locations
from reader.data.anchor import Anchor, make_anchor, resolve
from reader.data.query import QueryError, parse_query
from reader.data.store import STORE_NAME, ReadOnlyStoreError, Store, StoreError, doc_key
from reader.model.document import Document
from reader.model.export.citation import chicago_note, citation_data, render, volume_text
from reader.model.find import Match
from reader.screens.bookmark_dialog import BookmarkDialog, NoteAndTags
from reader.screens.help import HelpScreen
from reader.screens.speaker_chooser import SpeakerChooser
from reader.widgets.apparatus_panel import ApparatusPanel
from reader.widgets.document_list import DocumentList, Row
from reader.widgets.find_bar import FindBar
from reader.widgets.header import DocumentHeader
from reader.widgets.index_status import IndexStatus
from reader.widgets.reading_view import MODE_NAMES, MODES
from reader.widgets.transcript import Transcript

__all__ = ["Loaded", "MainScreen"]

#: widths (columns) of the side panes, and the least the transcript keeps
LIST_WIDTH = 28
PANEL_WIDTH = 32
MIN_TRANSCRIPT = 60
#: seconds after the last cursor move before the reading position is saved
SAVE_DELAY = 1.0


class _Footer(Footer):
    """The footer, mounted after the screen's first frame: the bindings signal that
    fills a footer has been sent by then, so it asks for the keys itself."""

    def on_mount(self) -> None:  # runs before Footer.on_mount, which subscribes
        self.call_after_refresh(self.bindings_changed, self.screen)

    async def recompose(self) -> None:
        await super().recompose()
        self._show_all()

    def on_resize(self) -> None:
        self._show_all()

    def _show_all(self) -> None:
        for key in self.query_children(FooterKey):
            key.display = True
        self.call_after_refresh(self._hide_cut)

    def _hide_cut(self) -> None:
        """Hide the key hints that do not fit whole: at 80 columns the last one was cut
        mid-word ("ctr"). The command palette's key, docked right, always stays."""
        keys = list(self.query_children(FooterKey))
        docked = [k for k in keys if k.has_class("-command-palette")]
        room = self.region.right - sum(k.outer_size.width for k in docked)
        for key in keys:
            if key not in docked and key.region.right > room:
                key.display = False


@dataclass(frozen=True, slots=True)
class Loaded:
    """One entry from the library scan, as the screen receives it."""

    path: str
    documents: tuple[Document, ...] = ()
    error: str | None = None


class MainScreen(Screen[None]):
    """The reading screen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings()  # type: ignore[assignment]

    #: index into self.documents of the document shown, or None
    current: reactive[int | None] = reactive(None, init=False)
    #: the transcript cursor (block index), mirrored from the transcript
    cursor: reactive[int] = reactive(0, init=False)
    mode: reactive[str] = reactive("printed", init=False)
    follow: reactive[str | None] = reactive(None, init=False)
    show_documents: reactive[bool] = reactive(True, init=False)
    show_apparatus: reactive[bool] = reactive(True, init=False)

    @dataclass
    class DocumentOpened(Message):
        """A document is now shown (for features that track the open document)."""

        index: int
        document: Document

    class LibraryLoaded(Message):
        """The library scan has ended: every document is in ``documents`` (for the index)."""

    def __init__(self, loader: object | None = None, store: Store | None = None,
                 reopen: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        #: a callable run in a thread worker that yields Loaded entries
        self.loader = loader
        self.documents: list[Document] = []
        #: the library scan is still running. (Not ``loading``: that is Textual's
        #: Widget.loading, which covered the whole screen with a loading indicator
        #: until the scan ended, documents already open or not.)
        self.scanning = False
        self._user_chose = False
        #: bookmarks and reading positions; opened in on_mount when not given
        self._store = store
        self._owns_store = store is None
        #: (absolute path, part) of the document to show first (the last one read)
        self.reopen = reopen
        self._save_timer: object | None = None
        self._apparatus = ApparatusPanel(id="apparatus")
        #: the apparatus panel's frame: its width and border are there on the first frame
        self._apparatus_pane = Vertical(id="apparatus-pane")
        self._footer_slot = Vertical(id="footer-slot")
        self._panes_mounted = False
        #: when the reading position is next due to be saved (monotonic seconds)
        self._save_due = 0.0
        #: the block the apparatus panel is about to mark (None: nothing pending)
        self._panel_mark: int | None = None
        #: bookmarks made on a whole file that no one of its records holds for certain
        #: (Store.rehome): not tried again on every opening of the volume's records
        self._not_rehomed: set[tuple[str, Anchor]] = set()
        #: side panes ("list", "panel") put away because the screen became too narrow
        #: for them, not by the reader: they come back when it is wide enough again
        self._collapsed: set[str] = set()

    def compose(self) -> ComposeResult:
        # The first frame holds what it needs: the header and the transcript, with the
        # side panes' room already taken (their frames, empty). Their contents, the
        # find bar and the footer's keys are mounted right after it (_mount_panes):
        # styling and drawing them cost more than the transcript's first screen.
        yield DocumentHeader(id="header")
        with Horizontal(id="body"):
            yield DocumentList(id="documents")
            with Vertical(id="reading"):
                yield Transcript(id="transcript")
            yield self._apparatus_pane
        yield IndexStatus(id="index-status")
        yield self._footer_slot

    def _mount_panes(self) -> None:
        """Mount what the first frame leaves out (at once when a key needs it first)."""
        if self._panes_mounted:
            return
        self._panes_mounted = True
        self.query_one("#reading").mount(FindBar(id="find-bar"))
        self._apparatus_pane.mount(self._apparatus)
        self._footer_slot.mount(_Footer())
        self.document_list.build()
        self._layout()

    # ------------------------------------------------------------- widgets
    @property
    def transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    @property
    def document_list(self) -> DocumentList:
        return self.query_one("#documents", DocumentList)

    @property
    def apparatus(self) -> ApparatusPanel:
        """The apparatus panel (it may not be mounted yet: see _mount_panes)."""
        return self._apparatus

    @property
    def header(self) -> DocumentHeader:
        return self.query_one("#header", DocumentHeader)

    @property
    def document(self) -> Document | None:
        """The document shown, or None."""
        return self.documents[self.current] if self.current is not None else None

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_panes)
        if self._store is None and not (locations.data_dir() / STORE_NAME).exists():
            # The very first run: nothing is saved yet (no position, no bookmark), and
            # creating the store (fsyncs) took 25-40 ms: do it after the first frame.
            self.call_after_refresh(self._open_store_later)
        else:
            self._open_store()
        self.transcript.focus()
        wide = self.app.size.width >= LIST_WIDTH + PANEL_WIDTH + MIN_TRANSCRIPT
        self.set_reactive(MainScreen.show_documents, wide)
        self.set_reactive(MainScreen.show_apparatus, wide)
        if not wide:
            self._collapsed = {"list", "panel"}
        self._layout()
        if self.loader is not None:
            self.scanning = True
            # Entries already in memory (stdin, documents handed over) are shown on
            # the first frame; only what is still to be read goes to a worker thread.
            ready = getattr(self.loader, "ready", None)
            if isinstance(ready, list):
                for loaded in ready:
                    self.add_loaded(loaded)
                more = getattr(self.loader, "more", None)
                if callable(more):
                    self._load(more)
                else:
                    self.call_after_refresh(self._finished_loading)
            else:
                self._load(self.loader)

    def on_resize(self) -> None:
        self._fit_panes()
        self._layout()

    # ------------------------------------------------------------- loading
    @work(thread=True, exclusive=True, group="load", description="load documents")
    def _load(self, loader: Callable[[], Iterator[Loaded]]) -> None:
        try:
            for loaded in loader():
                self.app.call_from_thread(self.add_loaded, loaded)
        finally:
            self.app.call_from_thread(self._finished_loading)

    def add_loaded(self, loaded: Loaded) -> None:
        """Add one scanned file's documents (or its error) to the list."""
        rows: list[Row] = []
        if loaded.error or not loaded.documents:
            rows.append(Row(None, loaded.path, None, None, loaded.path,
                            error=loaded.error or "no document found in this file"))
        group = _group_name(loaded.documents, loaded.path)
        for order, document in enumerate(loaded.documents):
            key = len(self.documents)
            self.documents.append(document)
            meta = document.metadata
            rows.append(Row(key, meta.title or loaded.path, meta.date, meta.document_type,
                            loaded.path, warnings=document.warnings,
                            group=group, order=order,
                            number=meta.number if group else None))  # fmt: skip
        self.document_list.add_rows(rows)
        if self._reopen_in(loaded.documents):
            return
        if self.current is None and len(self.documents) == 1:
            # Open something at once; when the scan ends, the earliest document wins
            # unless the reader has already chosen.
            self.open_document(0, chosen=False)

    def _finished_loading(self) -> None:
        self.scanning = False
        self.post_message(self.LibraryLoaded())
        shown = [r for r in self.document_list.shown if r.key is not None]
        if not self._user_chose and shown and shown[0].key != self.current:
            self.open_document(shown[0].key, chosen=False)  # type: ignore[arg-type]
        if not self.documents:
            self.header.message = "No document could be opened; see the list for reasons."
            self.header.refresh(layout=True)
            self.show_documents = True

    # ------------------------------------------------------------- state
    def open_document(
        self, index: int, *, chosen: bool = True, cursor: int | None = None
    ) -> None:
        """Show document ``index`` with the transcript cursor on block ``cursor``
        (None: where the reader left it, else the top)."""
        if not 0 <= index < len(self.documents):
            return
        self.save_position()
        if cursor is None:
            cursor = self._saved_position(self.documents[index])
        self._user_chose = self._user_chose or chosen
        self.set_reactive(MainScreen.follow, None)
        self.transcript.follow = None
        self.current = index
        document = self.documents[index]
        self.document_list.set_current(index)
        self.transcript.load(document, cursor)
        # The panel walks every block: let the transcript's first screen show first.
        self.call_after_refresh(self._fill_apparatus, document)
        self._refresh_header()
        self._document_shown(document)
        self.post_message(self.DocumentOpened(index, document))

    def _fill_apparatus(self, document: Document) -> None:
        self._mount_panes()
        if document is self.document:
            self.apparatus.show_document(document)
            self.apparatus.mark_block(self.transcript.cursor)

    def watch_current(self) -> None:
        self._refresh_header()

    def watch_mode(self, mode: str) -> None:
        self.transcript.mode = mode
        self.apparatus.set_mode(self.transcript.mode)  # it marks what the mode hides
        self._refresh_header()
        self.notify(f"Reading mode: {MODE_NAMES.get(mode, mode)}", timeout=2, markup=False)

    def watch_follow(self, follow: str | None) -> None:
        self.transcript.follow = follow
        self._refresh_header()

    def watch_show_documents(self) -> None:
        self._layout()

    def watch_show_apparatus(self) -> None:
        self._layout()

    def _refresh_header(self) -> None:
        self.header.show(self.document, self.mode, self.follow)

    def _layout(self) -> None:
        """Side panes beside the transcript while it keeps MIN_TRANSCRIPT columns;
        on a narrow screen one pane at a time, and below that the pane replaces it."""
        try:
            listing, panel, transcript = self.document_list, self.apparatus, self.transcript
        except Exception:  # noqa: BLE001 - not composed yet
            return
        pane = self._apparatus_pane
        width = self.app.size.width
        show_list, show_panel = self.show_documents, self.show_apparatus
        list_width, panel_width = LIST_WIDTH, PANEL_WIDTH
        room = width - MIN_TRANSCRIPT
        if show_list and show_panel and room < list_width + panel_width:
            # not enough room for both: keep the one that has focus, else the list
            if panel.has_focus:
                show_list = False
                self.set_reactive(MainScreen.show_documents, False)
            else:
                show_panel = False
                self.set_reactive(MainScreen.show_apparatus, False)
        show_transcript = True
        for shown, name in ((show_list, "list"), (show_panel, "panel")):
            if not shown:
                continue
            wanted = list_width if name == "list" else panel_width
            if room >= wanted:
                pass
            elif room >= 20:
                wanted = room
            else:  # too narrow: the pane takes the whole width while it is open
                wanted = width
                show_transcript = False
            if name == "list":
                list_width = wanted
            else:
                panel_width = wanted
        listing.display = show_list
        pane.display = panel.display = show_panel
        listing.styles.width = list_width
        pane.styles.width = panel_width
        transcript.display = show_transcript
        # the reading column too (transcript and find bar): left shown, it kept a column
        # and pushed a panel that covers the transcript one column off the screen
        self.query_one("#reading").display = show_transcript
        listing.covers_transcript = show_list and not show_transcript
        # Focus is always on something the reader can see: a pane that covers the
        # transcript takes it (it used to go to the list's frame, which cannot hold
        # focus, so nothing had it and j moved the hidden transcript's cursor).
        focused = self.focused
        if not show_transcript:
            if show_list and not listing.has_focus_within:
                listing.options.focus()
            elif show_panel and not panel.has_focus:
                panel.focus()
        elif focused is None or not _visible(focused):
            transcript.focus()

    def _fit_panes(self) -> None:
        """After a resize: a side pane that no longer fits beside the transcript is put
        away (unless the reader is in it: then it covers the transcript, with focus, until
        they leave it), and what narrowing put away comes back once both fit again."""
        room = self.app.size.width - MIN_TRANSCRIPT
        shown = {"list": self.show_documents, "panel": self.show_apparatus}
        full = {"list": LIST_WIDTH, "panel": PANEL_WIDTH}
        if self._collapsed:
            wanted = {name for name, on in shown.items() if on} | self._collapsed
            if room >= sum(full[name] for name in wanted):
                for name in self._collapsed:
                    shown[name] = True
                self._collapsed.clear()
        panel_focused = self._panes_mounted and self.apparatus.has_focus
        inside = {"list": self.document_list.has_focus_within, "panel": panel_focused}
        if shown["list"] and shown["panel"] and room < LIST_WIDTH + PANEL_WIDTH:
            # one at a time: keep the one the reader is in, else the list
            away = "list" if inside["panel"] else "panel"
            shown[away] = False
            self._collapsed.add(away)
        for name in ("list", "panel"):
            if shown[name] and room < 20 and not inside[name]:
                shown[name] = False
                self._collapsed.add(name)
        self.set_reactive(MainScreen.show_documents, shown["list"])
        self.set_reactive(MainScreen.show_apparatus, shown["panel"])

    @property
    def covered(self) -> bool:
        """Whether a side pane covers the transcript (a narrow screen)."""
        return not self.transcript.display and (
            self.document_list.display or self.apparatus.display
        )

    def _close_covering_pane(self) -> None:
        """Close the side pane that covers the transcript and give the transcript focus."""
        self.show_documents = self.show_apparatus = False
        self.transcript.focus()

    # ------------------------------------------------------------- messages
    @on(Transcript.CursorMoved)
    def _cursor_moved(self, event: Transcript.CursorMoved) -> None:
        self.set_reactive(MainScreen.cursor, event.block)
        # The panel follows once the transcript's frame is out (a key's frame waits
        # for nothing else); several moves before that frame mark the panel once.
        if self._panel_mark is None:
            self.call_after_refresh(self._mark_panel)
        self._panel_mark = event.block
        self._cursor_left_selection(event.block)

    def _mark_panel(self) -> None:
        if self._panel_mark is not None:
            self._panel_mark = None
            self.apparatus.mark_block(self.transcript.cursor)

    @on(DocumentList.Chosen)
    def _document_chosen(self, event: DocumentList.Chosen) -> None:
        self.open_document(event.key)
        if self.covered:  # the list was over the transcript: show the document chosen
            self._close_covering_pane()
        else:
            self.transcript.focus()

    @on(ApparatusPanel.EntryChosen)
    def _entry_chosen(self, event: ApparatusPanel.EntryChosen) -> None:
        transcript = self.transcript
        source_span = (event.start, event.end) if event.end > event.start else None
        transcript.move_cursor(event.block, span=source_span)
        if self.covered:  # the panel was over the transcript: show the passage chosen
            self._close_covering_pane()

    # ------------------------------------------------------------- actions
    def action_cursor_down(self) -> None:
        self.transcript.move_cursor(self.transcript.cursor + 1)

    def action_cursor_up(self) -> None:
        self.transcript.move_cursor(self.transcript.cursor - 1)

    def action_page_down(self) -> None:
        self.transcript.page(1)

    def action_page_up(self) -> None:
        self.transcript.page(-1)

    def action_cursor_top(self) -> None:
        self.transcript.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self.transcript.move_cursor(self.transcript.block_count - 1)

    def action_next_turn(self) -> None:
        if not self.transcript.next_turn(1):
            self.app.bell()

    def action_previous_turn(self) -> None:
        if not self.transcript.next_turn(-1):
            self.app.bell()

    def action_next_change(self) -> None:
        if not self.transcript.next_speaker_change(1):
            self.app.bell()

    def action_previous_change(self) -> None:
        if not self.transcript.next_speaker_change(-1):
            self.app.bell()

    def action_next_apparatus(self) -> None:
        if not self.transcript.next_apparatus(1):
            self.app.bell()

    def action_previous_apparatus(self) -> None:
        if not self.transcript.next_apparatus(-1):
            self.app.bell()

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]

    def action_follow(self) -> None:
        """Choose a speaker to follow; when one is followed, stop following."""
        if self.follow is not None:
            self.follow = None
            self.notify("Following no one", timeout=2, markup=False)
            return
        document = self.document
        if document is None or not document.speakers:
            self.notify("This document has no speakers to follow", markup=False)
            return
        self.app.push_screen(SpeakerChooser(document), self.follow_speaker)

    def follow_speaker(self, speaker_id: str | None) -> None:
        """Follow ``speaker_id`` (None: nobody) and move to their next turn."""
        self.follow = speaker_id
        document = self.document
        if speaker_id and document:
            speaker = document.speaker(speaker_id)
            block = self.transcript.current_block
            if block is None or block.speaker != speaker_id:
                self.transcript.next_turn(1) or self.transcript.next_turn(-1)
            self.notify(f"Following {speaker.name if speaker else speaker_id}",
                        timeout=2, markup=False)

    def action_toggle_documents(self) -> None:
        self._mount_panes()
        self._collapsed.discard("list")
        show = not self.document_list.display
        if show and not self._both_fit():
            # hide the panel first: with both shown, _layout keeps the focused panel
            # and the list just asked for would not appear
            self.show_apparatus = False
        self.show_documents = show
        if show:
            self.document_list.options.focus()
        else:
            self.transcript.focus()

    def action_toggle_apparatus(self) -> None:
        self._mount_panes()
        self._collapsed.discard("panel")
        show = not self.apparatus.display
        if show and not self._both_fit():
            self.show_documents = False  # else _layout would keep the list, not the panel
        self.show_apparatus = show
        if show:
            self.apparatus.focus()
        else:
            self.transcript.focus()

    def _both_fit(self) -> bool:
        return self.app.size.width - MIN_TRANSCRIPT >= LIST_WIDTH + PANEL_WIDTH

    def action_close_pane(self) -> None:
        """Escape: close the side pane that covers the transcript on a narrow screen."""
        if not self.covered:
            raise SkipAction()
        self._close_covering_pane()

    def action_next_pane(self) -> None:
        self._mount_panes()
        if self.covered:  # the next pane is the transcript, under this one
            self._close_covering_pane()
            return
        panes = [
            w for w in (self.document_list.options, self.transcript, self.apparatus)
            if w.display and (w.parent.display if w.parent else True)
        ]
        if not panes:
            return
        focused = self.focused
        current = next(
            (
                i
                for i, w in enumerate(panes)
                if focused is w or (focused and w in focused.ancestors)
            ),
            -1,
        )
        if focused is self.document_list.filter_input:
            current = 0
        panes[(current + 1) % len(panes)].focus()

    def action_next_document(self) -> None:
        self._step_document(1)

    def action_previous_document(self) -> None:
        self._step_document(-1)

    def _step_document(self, step: int) -> None:
        keys = [r.key for r in self.document_list.in_order if r.key is not None]
        if not keys:
            self.app.bell()
            return
        position = keys.index(self.current) if self.current in keys else -1
        target = position + step
        if not 0 <= target < len(keys):
            self.app.bell()
            return
        self.open_document(keys[target])

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # ------------------------------------------------------------- search
    @property
    def find_bar(self) -> FindBar:
        self._mount_panes()
        return self.query_one("#find-bar", FindBar)

    def action_find(self) -> None:
        """Open the find bar under the transcript."""
        if not self.transcript.display:
            self.show_documents = self.show_apparatus = False
        self.find_bar.open()

    def action_find_next(self) -> None:
        if not self.find_bar.step(1):
            self.app.bell()

    def action_find_previous(self) -> None:
        if not self.find_bar.step(-1):
            self.app.bell()

    def action_search_library(self) -> None:
        """Open the library search screen."""
        from reader.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())
    # ------------------------------------- bookmarks, reading positions, citations
    # (issues 6 and 7). The screen owns the store: only screens write to disk.
    @property
    def store(self) -> Store:
        if self._store is None:
            self._open_store()
        assert self._store is not None
        return self._store

    def _open_store(self) -> None:
        if self._store is None:
            self._store = Store.open()
            self._owns_store = True
        message = self._store.message
        if message and not getattr(self._store, "_told", False):
            self._store._told = True  # type: ignore[attr-defined]
            self.notify(message, title="Bookmarks", severity="warning", timeout=30,
                        markup=False)

    def _open_store_later(self) -> None:
        self._open_store()
        if self.document is not None:
            self._document_shown(self.document)

    def on_unmount(self) -> None:
        self.save_position()
        if self._owns_store and self._store is not None:
            self._store.close()

    def _writable(self) -> bool:
        """Whether bookmarks can be saved; tells the reader why not."""
        if self.store.read_only:
            self.notify(self.store.message or "The bookmark store is read-only.",
                        title="Bookmarks cannot be saved", severity="error", timeout=10,
                        markup=False)
            return False
        return True

    # -- reading positions
    def save_position(self) -> None:
        """Remember where the reader is in the current document (and that it was last)."""
        if self._save_timer is not None:
            self._save_timer.stop()  # type: ignore[attr-defined]
            self._save_timer = None
        document = self.document
        store = self._store
        if document is None or store is None or store.read_only or not document.blocks:
            return
        try:
            cursor = self.transcript.cursor
        except Exception:  # noqa: BLE001 - at exit the widgets may be gone already
            cursor = self.cursor
        # A busy or failing disk must not stop reading (bookmarking says it loudly), nor
        # a store closed under us at exit.
        with contextlib.suppress(Exception):
            store.set_position(doc_key(document), cursor, mode=self.mode)

    def _saved_position(self, document: Document) -> int:
        store = self._store
        if store is None:
            return 0
        position = store.get_position(doc_key(document))
        if position is None or not 0 <= position.block_index < len(document.blocks):
            return 0
        return position.block_index

    def _reopen_in(self, documents: tuple[Document, ...]) -> bool:
        """Open the document read last when the scan finds it; True if it did."""
        if self.reopen is None or self._user_chose:
            return False
        path, part = self.reopen
        for document in documents:
            source = document.source
            if source.part == part and source.path and (
                os.path.abspath(source.path) == os.path.abspath(path)
            ):
                self.reopen = None
                self.open_document(self.documents.index(document), chosen=True)
                return True
        return False

    def _document_shown(self, document: Document) -> None:
        store = self._store
        if store is None:  # being opened after the first frame, which calls this again
            return
        self.refresh_markers()
        path = document.source.path
        if store is not None and not store.read_only and path and path not in ("-", "<stdin>"):
            with contextlib.suppress(StoreError):
                store.set_last_document(path, document.source.part)

    def _cursor_left_selection(self, block: int) -> None:
        selection = self.transcript.selection
        if selection is not None and not self.transcript.selection_covers(block):
            self.clear_selection()
        # Saved a second after the last move: one timer re-armed when it fires, not a
        # new timer (an asyncio task) for every key.
        self._save_due = time.monotonic() + SAVE_DELAY
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_when_due)

    def _save_when_due(self) -> None:
        self._save_timer = None
        remaining = self._save_due - time.monotonic()
        if remaining > 0.01:
            self._save_timer = self.set_timer(remaining, self._save_when_due)
        else:
            self.save_position()

    # -- markers and selection
    def refresh_markers(self) -> None:
        """Gutter markers on the passages that hold a bookmark, found again by their words."""
        document = self.document
        if document is None:
            return
        blocks: set[int] = set()
        try:
            bookmarks = self.store.bookmarks_for(document)
            # made when this volume's file was read as one document: moved to their
            # record where that is certain (here if this is theirs)
            for whole in self.store.whole_file_bookmarks(document):
                if (whole.id, whole.anchor) in self._not_rehomed:
                    continue  # tried: no one record holds its words for certain
                moved = self.store.rehome(whole, self.documents)  # rehome picks the file's
                if moved is None:
                    self._not_rehomed.add((whole.id, whole.anchor))
                elif moved.anchor.doc_part == document.source.part:
                    bookmarks.append(moved)
        except StoreError:
            bookmarks = []
        for bookmark in bookmarks:
            found = resolve(bookmark.anchor, document)
            self.store.follow(bookmark, document, found)  # a certain re-find is kept
            if found.found and found.block_index is not None:
                last = found.end_block if found.end_block is not None else found.block_index
                blocks.update(range(found.block_index, last + 1))
        self.transcript.set_markers(blocks)

    def set_selection(self, block: int, start: int, end: int) -> None:
        self.transcript.set_selection(block, start, end)

    def clear_selection(self) -> None:
        self.transcript.clear_selection()

    def _span_here(self) -> tuple[int, int | None, int | None]:
        """The selected words, if they are in the current passage, else the passage."""
        selection = self.transcript.selection
        if selection is not None and selection[0] == self.transcript.cursor:
            return selection
        return self.transcript.cursor, None, None

    @on(Transcript.Selected)
    def _mouse_selected(self, event: Transcript.Selected) -> None:
        if event.block != self.transcript.cursor:
            self.transcript.move_cursor(event.block)
            self.transcript.set_selection(event.block, event.start, event.end, event.end_block)

    # -- actions
    def action_select(self) -> None:
        from reader.screens.selection import SelectionMode

        document = self.document
        if document is None or not document.blocks:
            return
        if not self.transcript.current_block or not self.transcript.current_block.text.strip():
            self.notify("This passage has no words to select", timeout=3, markup=False)
            return
        self.app.push_screen(SelectionMode(self, self.transcript.cursor))

    def action_bookmark(self) -> None:
        selected = self.transcript.selection_range
        if selected and selected[0] == self.transcript.cursor and selected[2] != selected[0]:
            self.bookmark((selected[0], selected[1], selected[3]), end_block=selected[2])
            return
        self.bookmark(self._span_here())

    def bookmark(
        self, span: tuple[int, int | None, int | None], end_block: int | None = None
    ) -> None:
        """Open the note dialog for the words ``span`` = (block, start, end) and save;
        with ``end_block`` the words run on to ``end`` of that passage (a span)."""
        document = self.document
        if document is None or not document.blocks:
            self.notify("No document is open", markup=False)
            return
        if not self._writable():
            return
        anchor = make_anchor(document, *span, end_block=end_block)
        if not anchor.exact.strip():
            self.notify("This passage has no words to bookmark", timeout=3, markup=False)
            return
        block, last = anchor.block_index, anchor.last_block
        speaker = document.speaker(document.blocks[block].speaker) if last == block else None
        passages = f"passage {block + 1}" if last == block else f"passages {block + 1}–{last + 1}"
        where = ", ".join(x for x in (speaker.name if speaker else "", passages) if x)

        def save(result: NoteAndTags | None) -> None:
            if result is None:
                return
            citation = chicago_note(citation_data(document), quote=False)
            try:
                self.store.add_bookmark(document, anchor, note=result.note, tags=result.tags,
                                        citation=citation)
            except (ReadOnlyStoreError, StoreError) as error:
                self.notify(str(error), title="Bookmark not saved", severity="error",
                            timeout=10, markup=False)
                return
            self.clear_selection()
            self.refresh_markers()
            self.notify(f"Bookmarked {where}", timeout=3, markup=False)

        self.app.push_screen(BookmarkDialog(anchor.exact, where), save)

    def action_bookmarks(self) -> None:
        from reader.screens.bookmarks import BookmarksScreen, Found

        def go(found: Found | None) -> None:
            if found is not None:
                self.show_found(found)
            self.refresh_markers()

        self.app.push_screen(BookmarksScreen(self, self.store), go)

    def show_found(self, found: object) -> None:
        """Open the document of a found bookmark at its words, highlighted."""
        document = getattr(found, "document", None)
        resolution = getattr(found, "resolution", None)
        if document is None or resolution is None or resolution.block_index is None:
            return
        index = next((i for i, d in enumerate(self.documents) if d is document), None)
        if index is None:
            source = document.source
            index = next(
                (i for i, d in enumerate(self.documents)
                 if d.source.sha256 == source.sha256 and d.source.part == source.part),
                None,
            )
        if index is None:
            self._user_chose = True
            self.add_loaded(Loaded(source.path or "?", (document,)))
            index = len(self.documents) - 1
        self.open_document(index, cursor=resolution.block_index)
        block = resolution.block_index
        start = resolution.start or 0
        end = resolution.end if resolution.end_block in (None, block) else None
        if end is None:
            end = len(self.documents[index].blocks[block].text)
        last = resolution.end_block
        span_end = (last, resolution.end or 0) if last is not None and last > block else None
        self.transcript.move_cursor(block, span=(start, max(start, end)), span_end=span_end)
        self.transcript.focus()

    def search_matches_here(self, query: str, path: str, part: str | None,
                            at: tuple[int, int] | None) -> None:
        """A library search opened the shown document: find that query's other matches
        in it (a thread: a prefix or a common word may take the index a moment), so
        that ``n``/``N`` go through them."""
        document = self.document
        if document is not None:
            self._search_matches_here(query, path, part, at, document)

    @work(thread=True, exclusive=True, group="search-here", description="matches in the document")
    def _search_matches_here(self, query: str, path: str, part: str | None,
                             at: tuple[int, int] | None, document: Document) -> None:
        keeper = getattr(self.app, "library_index", None)
        if keeper is None:
            return
        try:
            hits = keeper.get().document_hits(parse_query(query, typing=True), path, part)
        except (QueryError, sqlite3.Error, OSError):
            return  # the opened passage stays highlighted; n/N just have nothing more
        blocks = document.blocks
        matches: list[Match] = []
        for hit in hits:
            if hit.kind == "note" or hit.block is None or hit.block >= len(blocks):
                continue
            size = len(blocks[hit.block].text)
            spans = [(s, e) for s, e in hit.matches if 0 <= s < e <= size]
            # a query of filters only ("speaker:shen after:1962") matches whole passages:
            # n / N then go from passage to passage
            matches += [Match(hit.block, s, e) for s, e in spans or [(0, 0)]]
        self.app.call_from_thread(self._take_search_matches, document, matches, at)

    def _take_search_matches(self, document: Document, matches: list[Match],
                             at: tuple[int, int] | None) -> None:
        if self.document is not document or not matches:
            return  # the reader has moved on to another document
        self.find_bar.take_matches(matches, at)
        if len(matches) > 1:
            what = "matches" if any(m.end > m.start for m in matches) else "passages"
            self.notify(f"{len(matches)} {what} of the search in this document: "
                        "n / N go through them", markup=False, timeout=4)

    def action_copy_citation(self) -> None:
        self.copy_citation("chicago")

    def copy_citation(self, fmt: str, *, span: tuple[int, int | None, int | None] | None = None,
                      whole: bool = False) -> None:
        """Copy a citation of the passage (or selected words, or the whole document)."""
        document = self.document
        if document is None:
            self.notify("No document is open", markup=False)
            return
        if whole or not document.blocks:
            data = citation_data(document)
        else:
            block, start, end = span if span is not None else self._span_here()
            end_block = None
            selected = self.transcript.selection_range if span is None else None
            if selected is not None and selected[0] == block:  # words across passages
                _, start, end_block, end = selected
            data = citation_data(document, block, start, end, end_passage=end_block)
        text = render(data, fmt)
        self.app.copy_to_clipboard(text)
        shown = text if len(text) <= 600 else text[:599] + "…"
        what = "document citation" if whole else "citation"
        self.notify(shown, title=f"Copied {what} ({fmt})", timeout=10, markup=False)


def _visible(widget: Widget) -> bool:
    """Whether ``widget`` is shown: it and every container it is in are displayed."""
    return widget.display and all(
        node.display for node in widget.ancestors if isinstance(node, Widget)
    )


def _group_name(documents: Sequence[Document], path: str) -> str | None:
    """The heading for a file that holds several documents (a FRUS volume): its
    collection and volume where the metadata gives them, else the file name."""
    if len(documents) < 2:
        return None
    meta = documents[0].metadata
    name = ", ".join(p for p in (meta.collection, volume_text(meta)) if p)
    return name or os.path.basename(path)
