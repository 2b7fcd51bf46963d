"""Library search: ranked passages from every document, streaming in while you type.

Each keystroke starts a query in a thread worker (``exclusive``: the newest query
cancels the older one, inside SQLite too, through ``SearchIndex.new_generation``);
pages of hits are posted to the UI as they come. Enter opens the document at the
passage with the matched words highlighted; the query's other matches in that document
follow from the index (``SearchIndex.document_hits``), for ``n``/``N``. The query
language is shown on the screen (``f1``, or ``?`` while the box is empty).
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

from reader.commands import bindings, command, current_keys, key_display
from reader.data import library
from reader.data.index import Hit, Page
from reader.data.query import QUERY_HELP, Query, QueryError, parse_query
from reader.model.variants import other_spellings
from reader.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from reader.app import ReaderApp
    from reader.screens.main import MainScreen

__all__ = ["ORDERS", "SearchScreen"]

#: order key -> what the label says
ORDERS = {"rank": "relevance (best first)", "date": "date (oldest first)"}
#: at most this many other spellings of the query's names are named in the status line
ALSO_SHOWN = 4
#: hits fetched per query (more than anyone reads; the status says when there are more)
LIMIT = 500
#: hits per page after the first (the first page is small, so results show at once)
PAGE = 50


class SearchScreen(Screen[None]):
    """Search every passage of the library."""

    DEFAULT_CSS = """
    SearchScreen { background: $surface; }
    SearchScreen > #search-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    SearchScreen > #search-info { height: 1; }
    SearchScreen > #search-info > #search-status { width: 1fr; padding: 0 1; color: $text-muted; }
    SearchScreen > #search-info > #search-status.-error { color: $text-error; text-style: bold; }
    SearchScreen > #search-info > #search-order { width: auto; padding: 0 1; color: $text-accent; }
    SearchScreen > #search-info > #search-order:hover { text-style: underline; }
    SearchScreen > #search-why { height: auto; max-height: 8; padding: 1 2 0 2; display: none; }
    SearchScreen > #search-why.-shown { display: block; }
    SearchScreen > #search-help {
        display: none; height: auto; max-height: 60%; padding: 0 1;
        border-top: solid $panel-lighten-1; background: $surface;
    }
    SearchScreen > #search-help.-shown { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(scope="search")  # type: ignore[assignment]

    def __init__(self, query: str | None = None, order: str | None = None) -> None:
        """Open on ``query`` in ``order`` (by default the last ones used)."""
        super().__init__()
        keeper = self.reader_app.library_index
        self.query_text = keeper.last_query if query is None else query
        order = keeper.last_order if order is None else order
        self.order = order if order in ORDERS else "rank"
        self.hits_shown = 0
        self.error = ""
        self.searching = False
        self.more = False
        #: why the finished query found nothing (SearchIndex.explain_empty)
        self._why: list[str] = []
        #: other spellings of the names in the query, also searched for (see variants)
        self._also: tuple[str, ...] = ()
        self._serial = 0
        #: the serial of the query whose provisional page is shown, else 0
        self._provisional = 0
        self._status = ""
        #: the reader asked for the help: keep it while typing
        self._help_pinned = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Search the library"), id="search-title")
        yield Input(
            self.query_text,
            placeholder='words, "a phrase", prefix*, -word, speaker:NAME, after:1962-10',
            id="search-input",
        )
        with Horizontal(id="search-info"):
            yield Static(id="search-status")
            yield Static(id="search-order")
        yield Static(id="search-why")
        yield SearchResults(id="search-results")
        with VerticalScroll(id="search-help"):
            yield Static(Text(QUERY_HELP.rstrip()), id="search-help-text")
        yield Footer()

    # ------------------------------------------------------------------ parts
    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    @property
    def help_shown(self) -> bool:
        return self.query_one("#search-help").has_class("-shown")

    @property
    def status(self) -> str:
        """The status line as shown."""
        return self._status

    def on_mount(self) -> None:
        self._show_order()
        self.input.focus()
        self.query_one("#search-help").set_class(not self.query_text.strip(), "-shown")
        self._start(self.query_text)

    # ------------------------------------------------------------------ typing
    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == "?":
            # "?" in an empty box asks for help; it is not a query
            with self.input.prevent(Input.Changed):
                self.input.value = ""
            self.action_toggle_help()
            return
        self._start(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open_hit()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_hit()

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id == "search-order":
            self.action_toggle_order()

    # ------------------------------------------------------------------ actions
    def action_close(self) -> None:
        self.app.pop_screen()

    def action_results(self) -> None:
        results = self.results
        if results.hits:
            results.focus()

    def action_toggle_order(self) -> None:
        self.order = "date" if self.order == "rank" else "rank"
        self.reader_app.library_index.last_order = self.order
        self._show_order()
        self._start(self.query_text)

    def action_toggle_help(self) -> None:
        help_box = self.query_one("#search-help")
        help_box.set_class(not help_box.has_class("-shown"), "-shown")
        self._help_pinned = help_box.has_class("-shown")

    def index_changed(self) -> None:
        """The index was (re)built: run the query again on what it holds now."""
        self._start(self.query_text)

    # ------------------------------------------------------------------ searching
    def _start(self, text: str) -> None:
        self.query_text = text
        self.reader_app.library_index.last_query = text
        self._serial += 1
        self.error = ""
        self.more = False
        self._why = []
        self._also = ()
        if not text.strip():
            self.searching = False
            self.hits_shown = 0
            self.results.show([])
            self._show_status()
            return
        if not self._help_pinned:
            self.query_one("#search-help").remove_class("-shown")
        try:
            query = parse_query(text, typing=True)
        except QueryError as error:
            self.searching = False
            self.error = str(error)
            self._show_status()
            return
        self.searching = True
        self._also = tuple(dict.fromkeys(
            form for term in (*query.terms, *query.speakers) for form in other_spellings(term.text)
        ))
        self._show_status()
        main = self._main()
        within = self.reader_app.library_index.within(main.documents if main else [])
        self._search(query, self.order, within, self._serial)

    @work(thread=True, exclusive=True, group="search", description="library search")
    def _search(self, query: Query, order: str, within: list[str] | None, serial: int) -> None:
        """Worker: stream pages of hits to the UI until done or a newer query starts."""
        keeper = self.reader_app.library_index
        call = self.app.call_from_thread
        try:
            index = keeper.get()
            cancel = index.new_generation()
            first = True
            count = 0
            for page in index.iter_search(
                query,
                page=PAGE, order=order, limit=LIMIT, within=within, cancel=cancel,
                preview=True,
            ):
                # a provisional page (a word being typed: some matches at once) is
                # replaced by the first ranked page
                call(self._add_page, serial, page, first)
                if not page.provisional:
                    count += len(page)
                    first = False
            if not cancel():
                call(self._finished, serial, "", first, count >= LIMIT)
            if first and not cancel():
                # nothing found: then say which part of the query finds nothing, and
                # how the library spells a close word or name (up to ~0.1 s at 100k
                # documents, so "no passage matches" is shown first)
                why = index.explain_empty(query, within=within, cancel=cancel)
                if why and not cancel():
                    call(self._explained, serial, why)
        except QueryError as error:
            call(self._finished, serial, str(error), True, False)
        except (sqlite3.Error, OSError) as error:
            call(self._finished, serial, f"the search index cannot be used ({error})", True,
                 False)
        notices = keeper.new_notices()
        for notice in notices:
            call(self.app.notify, notice, severity="warning", markup=False, timeout=10)

    def _add_page(self, serial: int, page: Page, first: bool) -> None:
        if serial != self._serial:
            return  # an older query's page, arriving late
        # the ranked page replacing this query's provisional one keeps the passage the
        # reader may have moved to; a new query starts at its best hit
        keep = first and not page.provisional and self._provisional == serial
        self._provisional = serial if page.provisional else 0
        self.results.show(page, append=not first, keep=keep)
        self.hits_shown = len(self.results.hits)
        self._show_status()

    def _finished(self, serial: int, error: str, empty: bool, more: bool) -> None:
        if serial != self._serial:
            return
        self.searching = False
        self.error = error
        self.more = more
        if empty:
            self.results.show([])
            self.hits_shown = 0
        self._show_status()

    def _explained(self, serial: int, why: list[str]) -> None:
        """Why the query ``serial`` found nothing (SearchIndex.explain_empty)."""
        if serial == self._serial:
            self._why = why
            self._show_status()

    # ------------------------------------------------------------------ opening
    def _main(self) -> MainScreen | None:
        try:
            return self.reader_app.main
        except LookupError:
            return None

    def action_open_hit(self) -> None:
        """Open the highlighted hit's document at its passage, the words highlighted."""
        hit = self.results.current
        main = self._main()
        if hit is None or main is None:
            self.app.bell()
            return
        index = _document_index(main, hit)
        if index is None:
            entry = library.load_entry(hit.path)
            if entry.error or not entry.documents:
                self.app.notify(entry.error or f"{entry.name}: no document found",
                                severity="error", markup=False)
                return
            from reader.screens.main import Loaded

            main.add_loaded(Loaded(entry.name, tuple(entry.documents), None))
            index = _document_index(main, hit)
            if index is None:
                self.app.notify(f"{entry.name}: this passage is no longer in the file",
                                severity="error", markup=False)
                return
        self.app.pop_screen()
        main.find_bar.clear()
        block = hit.block if hit.block is not None else 0
        main.open_document(index, cursor=block)
        transcript = main.transcript
        blocks = main.documents[index].blocks
        if hit.kind != "note" and hit.block is not None and hit.block < len(blocks):
            size = len(blocks[hit.block].text)
            spans = [(s, e) for s, e in hit.matches if 0 <= s < e <= size]
            transcript.set_highlights([(hit.block, s, e) for s, e in spans])
            transcript.move_cursor(hit.block, span=spans[0] if spans else None)
            # then n / N go through the query's other matches in this document
            at = (hit.block, spans[0][0] if spans else 0)
            main.search_matches_here(self.query_text, hit.path, hit.part, at)
        else:
            transcript.move_cursor(block)
            if hit.kind == "note":
                self.app.notify(
                    f"The match is in note {hit.note_label or ''}: see the apparatus panel",
                    markup=False, timeout=4,
                )
        if transcript.display:
            transcript.focus()

    # ------------------------------------------------------------------ showing
    def _show_order(self) -> None:
        label = Text()
        label.append("order: ")
        label.append(ORDERS[self.order], Style(bold=True))
        keys = current_keys(command("search-screen.order"), self.reader_app.keymap)
        label.append(f"  {key_display(keys.split(',')[0])}", Style(dim=True))
        self.query_one("#search-order", Static).update(label)

    def _show_status(self) -> None:
        keeper = self.reader_app.library_index
        status = self.query_one("#search-status", Static)
        status.set_class(bool(self.error), "-error")
        if self.error:
            message = self.error
        elif not self.query_text.strip():
            message = "Type to search every passage; f1 or ? shows the query language"
        else:
            count = self.hits_shown
            if self.searching:
                found = f"searching… {count} so far" if count else "searching…"
            elif count:
                documents = len({(hit.path, hit.part) for hit in self.results.hits})
                found = (
                    f"{count}{'+' if self.more else ''} passage{'s' if count != 1 else ''} "
                    f"in {documents} document{'s' if documents != 1 else ''}"
                )
            else:
                found = "no passage matches"
            message = found
            if self._also:
                shown = ", ".join(self._also[:ALSO_SHOWN])
                more = "…" if len(self._also) > ALSO_SHOWN else ""
                message += f" (also spelt {shown}{more})"
        why = self.query_one("#search-why", Static)
        reasons = self._why if not (self.error or self.searching or self.hits_shown) else []
        why.update(Text("\n".join(reasons)))
        why.set_class(bool(reasons), "-shown")
        state = keeper.state
        if keeper.building:
            state = "indexing… results may be incomplete"
        self._status = f"{message}  ·  {state}" if not self.error else message
        text = Text(message)
        if not self.error:
            text.append(f"  ·  {state}", Style(dim=True))
        status.update(text)


def _document_index(main: MainScreen, hit: Hit) -> int | None:
    """Where ``hit``'s document is in main.documents (by file and part), or None."""
    for index, document in enumerate(main.documents):
        source = document.source
        if (
            source.path
            and source.part == hit.part
            and os.path.abspath(source.path) == hit.path
        ):
            return index
    return None
