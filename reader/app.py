"""ReaderApp, and ``run_app`` which ``archive-reader [PATH ...]`` lands in."""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.worker import get_current_worker

from reader.commands import load_keymap
from reader.data import library, locations
from reader.data.library_index import LibraryIndex
from reader.data.store import Store, StoreError
from reader.model.document import Document
from reader.model.export.citation import FORMATS
from reader.screens.main import Loaded, MainScreen
from reader.widgets.index_status import IndexStatus
from reader.widgets.reading_view import MODE_NAMES, MODES

__all__ = [
    "Preloaded", "ReaderApp", "ReaderCommands", "documents_loader", "run_app", "scan_loader",
    "start_paths",
]


def scan_loader(paths: list[str]) -> Callable[[], Iterator[Loaded]]:
    """A loader for the main screen: the library scan of ``paths`` ('-' = stdin)."""

    def load() -> Iterator[Loaded]:
        for entry in library.scan(paths):
            yield Loaded(entry.name, tuple(entry.documents), entry.error)

    return load


class Preloaded:
    """A loader whose first entries are already in memory (``ready``), then ``more``.

    The main screen adds ``ready`` while it mounts, so a document already read (stdin,
    or documents handed over in memory) is on the first frame, without waiting for a
    worker thread to hand it over; ``more`` (a library scan) still runs in a worker.
    Calling it yields everything, like any other loader.
    """

    def __init__(self, ready: Iterable[Loaded],
                 more: Callable[[], Iterator[Loaded]] | None = None) -> None:
        self.ready = list(ready)
        self.more = more

    def __call__(self) -> Iterator[Loaded]:
        yield from self.ready
        if self.more is not None:
            yield from self.more()


def documents_loader(items: Iterable[Loaded]) -> Preloaded:
    """A loader for documents already in memory (tests, stdin read before start)."""
    return Preloaded(items)


def _palette_text(text: str) -> Text:
    """A palette prompt built from plain text: document titles contain "[" and must
    never be read as markup (Rich Text is not parsed by the palette)."""
    return Text(text)


def _escape_markup(text: str) -> str:
    """Escape every "[" for the palette's help line, which is always read as markup."""
    return text.replace("\\", "\\\\").replace("[", "\\[")


#: citation format -> the name the palette shows
CITATION_NAMES = {"chicago": "Chicago", "csl-json": "CSL-JSON", "bibtex": "BibTeX", "ris": "RIS"}


class ReaderCommands(Provider):
    """Command palette: open document, go to speaker, panels, reading mode, theme."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        commands: list[tuple[str, Callable[[], object], str]] = []
        for row in screen.document_list.rows:
            if row.key is None:
                continue
            details = " · ".join(x for x in (row.date, row.kind) if x)
            commands.append(
                (f"Open document: {row.title}", partial(screen.open_document, row.key), details)
            )
        document = screen.document
        if document is not None:
            for speaker in sorted(document.speakers, key=lambda s: s.slot):
                commands.append(
                    (
                        f"Go to speaker: {speaker.name}",
                        partial(self._go_to_speaker, screen, speaker.id),
                        "next turn of this speaker",
                    )
                )
        commands.append(("Search the library", screen.action_search_library, "ctrl+f"))
        commands.append(("Find in this document", screen.action_find, "/"))
        commands.append(("Toggle document list", screen.action_toggle_documents, "d"))
        commands.append(("Toggle apparatus panel", screen.action_toggle_apparatus, "p"))
        for mode in MODES:
            commands.append(
                (f"Reading mode: {MODE_NAMES[mode]}", partial(setattr, screen, "mode", mode), "e")
            )
        # Citations and bookmarks (issues 6 and 7)
        if document is not None:
            for fmt in FORMATS:
                name = CITATION_NAMES[fmt]
                commands.append((f"Copy citation as {name}",
                                 partial(screen.copy_citation, fmt), "the current passage"))
                commands.append((f"Copy document citation as {name}",
                                 partial(screen.copy_citation, fmt, whole=True),
                                 "the whole document"))
        commands.append(("Show bookmarks", screen.action_bookmarks, "M"))
        for theme in sorted(self.app.available_themes):
            commands.append(
                (f"Theme: {theme}", partial(setattr, self.app, "theme", theme), "colour theme")
            )
        return commands

    @staticmethod
    def _go_to_speaker(screen: MainScreen, speaker_id: str) -> None:
        transcript = screen.transcript
        blocks = screen.document.blocks if screen.document else ()
        order = [*range(transcript.cursor + 1, len(blocks)), *range(0, transcript.cursor + 1)]
        for index in order:
            if blocks[index].speaker == speaker_id:
                transcript.move_cursor(index)
                transcript.focus()
                return

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(_palette_text(title), command, text=title,
                               help=_escape_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                # Highlight by offset on plain text; Matcher.highlight parses markup.
                prompt = Text(title)
                _score, offsets = matcher.fuzzy_search.match(query, title)
                for offset in offsets:
                    prompt.stylize(Style(bold=True, underline=True), offset, offset + 1)
                yield Hit(score, prompt, command, text=title, help=_escape_markup(help_text))


class ReaderApp(App[None]):
    """The archive reader."""

    CSS_PATH = "reader.tcss"
    TITLE = "archive-reader"
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, loader: Callable[[], Iterator[Loaded]] | None = None,
                 store: Store | None = None,
                 reopen: tuple[str, str | None] | None = None,
                 *, roots: list[str] | None = None) -> None:
        super().__init__()
        # Everything alive now (the modules, documents read before the start) lives as
        # long as the app: keep it out of the cyclic collector's walks (gc.freeze is
        # O(1)), as Transcript.load does for each document it shows.
        gc.freeze()
        self.loader = loader
        #: the bookmark store, handed to the main screen (which owns writing to it)
        self.store = store
        self.reopen = reopen
        self.config_problems: list[str] = []
        #: the config file's key remapping (binding id -> keys), for the help and labels
        self.keymap: dict[str, str] = {}
        #: the search index of the library (``roots``: the paths given, if known)
        self.library_index = LibraryIndex(roots)

    def on_mount(self) -> None:
        keymap, problems = load_keymap(locations.config_file())
        self.config_problems = problems
        self.keymap = keymap
        if keymap:
            self.set_keymap(keymap)
        if os.environ.get("NO_COLOR"):
            self.theme = "textual-ansi" if "textual-ansi" in self.available_themes else self.theme
        self.push_screen(MainScreen(self.loader, self.store, self.reopen))
        for problem in problems:
            self.notify(problem, severity="warning", markup=False, timeout=8)

    # ------------------------------------------------------------- search index
    @on(MainScreen.LibraryLoaded)
    def _library_loaded(self) -> None:
        self.index_library()

    def index_library(self) -> None:
        """Bring the search index up to date with the loaded documents, in a worker;
        the reader stays usable and a bar above the footer shows progress."""
        status = self._index_status()
        if status is None:  # the app is closing
            return
        status.start()
        main = self.main
        self.run_worker(
            partial(self._build_index, list(main.documents)),
            thread=True, exclusive=True, group="index", name="index",
            # Without a description Textual takes repr(work): the repr of every
            # document of the library, ~0.4 s on a 30 MB transcript, before the
            # first frame.
            description="index the library",
        )

    def _build_index(self, documents: list[Document]) -> None:
        worker = get_current_worker()
        keeper = self.library_index
        try:
            keeper.build(
                documents,
                progress=lambda done, total: self.call_from_thread(
                    self._index_progress, done, total
                ),
                cancel=lambda: worker.is_cancelled,
            )
        except (sqlite3.Error, OSError) as error:
            keeper.state = f"the search index cannot be used ({error})"
        if not worker.is_cancelled:
            self.call_from_thread(self._index_done)

    def _index_status(self) -> IndexStatus | None:
        """The main screen's index bar; None while the app closes (a worker may still
        report progress after the screen's widgets are gone)."""
        try:
            return self.main.query_one(IndexStatus)
        except (LookupError, NoMatches):
            return None

    def _index_progress(self, done: int, total: int) -> None:
        status = self._index_status()
        if status is not None:
            status.advance(done, total)

    def _index_done(self) -> None:
        for notice in self.library_index.new_notices():
            self.notify(notice, severity="warning", markup=False, timeout=10)
        status = self._index_status()
        if status is None:
            return
        status.finish()
        refresh = getattr(self.screen, "index_changed", None)
        if callable(refresh):
            refresh()

    @property
    def main(self) -> MainScreen:
        """The main screen (under any dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not open")


def _reattach_terminal() -> str | None:
    """After reading a document from a pipe, read keys from the terminal.

    Textual's Linux driver reads keys from file descriptor 0 (sys.__stdin__); once the
    pipe is drained we put the controlling terminal there. Returns a problem or None.
    """
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError as error:
        return f"no terminal to read keys from ({error.strerror})"
    try:
        os.dup2(fd, 0)
    finally:
        os.close(fd)
    return None


def start_paths(
    paths: list[str], store: Store
) -> tuple[list[str], tuple[str, str | None] | None]:
    """What to open: ``paths`` as given; with none, the library opened last (its files
    and folders, so library search still covers them) showing the document read last at
    its saved position; else the bundled seeds (the very first run)."""
    if paths:
        return paths, None
    last = store.last_document()
    library_paths = [p for p in store.last_library() if os.path.exists(p)]
    if last is not None and os.path.isfile(last.path):
        inside = any(
            last.path == root or last.path.startswith(root.rstrip(os.sep) + os.sep)
            for root in library_paths
        )
        return (library_paths if inside else [*library_paths, last.path]), (
            last.path,
            last.part,
        )
    if library_paths:
        return library_paths, None
    return [str(locations.seeds_dir())], None


def run_app(paths: list[str]) -> int:
    """Open the reader on ``paths`` (none: the document read last, at its position, else
    the bundled seeds; '-': standard input)."""
    store = Store.open()
    paths, reopen = start_paths(paths, store)
    remembered = [p for p in paths if p != "-"]
    if remembered and not store.read_only:
        with contextlib.suppress(StoreError):  # reading matters more than remembering
            store.set_last_library(remembered)
    if "-" in paths:
        # Read the pipe before the app starts, then give fd 0 back to the terminal.
        stdin_entry = library.read_stdin()
        others = [p for p in paths if p != "-"]
        problem = _reattach_terminal() if not sys.stdin.isatty() else None
        if problem:
            print(f"archive-reader: {problem}", file=sys.stderr)
            store.close()
            return 1
        first = Loaded(stdin_entry.name, tuple(stdin_entry.documents), stdin_entry.error)
        loader: Callable[[], Iterator[Loaded]] = Preloaded(
            [first], scan_loader(others) if others else None
        )
    else:
        loader = scan_loader(paths)
    try:
        ReaderApp(loader, store, reopen, roots=[p for p in paths if p != "-"] or None).run()
    finally:
        store.close()
        if store.message:  # recovered or read-only: say it where it stays visible
            print(f"archive-reader: {store.message}", file=sys.stderr)
    return 0
