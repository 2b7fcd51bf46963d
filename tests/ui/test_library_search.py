"""Library search (issue 5 items 2 and 3) driven with Pilot on the seeds."""

from __future__ import annotations

from reader.app import ReaderApp, ReaderCommands, scan_loader
from reader.data import locations
from reader.data.index import SearchIndex
from reader.screens.search import SearchScreen
from reader.widgets.index_status import IndexStatus
from tests.conftest import SEED_000, SEED_004


def _app() -> ReaderApp:
    return ReaderApp(scan_loader([str(SEED_004), str(SEED_000)]))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the load worker end, then the index worker it starts, then searches."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _typed(pilot, text: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    """Once the library is indexed: ctrl+f, type ``text`` key by key, let it run."""
    await _settle(pilot)
    await pilot.press("ctrl+f")
    await pilot.press(*text)
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def _search(pilot, text: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.input.value = text
    await _settle(pilot)
    return screen


async def test_ctrl_f_opens_the_search_screen_and_the_palette_has_it() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert app.library_index.ready
        assert not app.main.query_one(IndexStatus).has_class("-shown")
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        assert app.focused is app.screen.input
        assert app.screen.help_shown  # the query language, while the box is empty
        await pilot.press("escape")
        assert app.screen is app.main
        titles = [title for title, _command, _help in ReaderCommands(app.main)._commands()]
        assert "Search the library" in titles


async def test_speaker_query_lists_guevaras_turns_and_enter_lands_on_one() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed(pilot, "speaker:guevara missiles")
        hits = screen.results.hits
        assert len(hits) >= 3 and screen.results.option_count == len(hits)
        assert {h.speaker_id for h in hits} == {"guevara"}
        assert {h.path for h in hits} == {str(SEED_004)}
        assert all(h.kind == "turn" for h in hits)
        assert all("missile" in h.snippet.text.lower() for h in hits)
        assert screen.status.startswith(f"{len(hits)} passages in 1 document ")
        assert not screen.help_shown
        await pilot.press("down", "down")  # into the list, then the second hit
        chosen = screen.results.current
        assert chosen is hits[1]
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert app.screen is main
        assert main.document is not None and main.document.source.path == str(SEED_004)
        t = main.transcript
        assert t.cursor == chosen.block
        assert t.current_block is not None and t.current_block.speaker == "guevara"
        assert t._highlights[chosen.block] == list(chosen.matches)
        for start, end in chosen.matches:
            assert "missile" in t.current_block.text[start:end].lower()
        assert t._focus_span == (chosen.block, *chosen.matches[0])


async def test_after_opening_a_hit_n_and_shift_n_go_through_the_querys_matches_there() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed(pilot, "speaker:guevara missiles")
        chosen = screen.results.hits[0]
        await pilot.press("down", "enter")
        await _settle(pilot)  # the document's other matches come from the index
        main, t = app.main, app.main.transcript
        bar = main.find_bar
        # every match of the query in this document: Guevara's turns only, all lit
        blocks = main.document.blocks
        assert len(bar.matches) > len(chosen.matches)
        assert {blocks[m.block].speaker for m in bar.matches} == {"guevara"}
        assert all("missile" in blocks[m.block].text[m.start : m.end].lower() for m in bar.matches)
        assert set(t._highlights) == {m.block for m in bar.matches}
        at = bar.current
        assert at is not None and bar.matches[at].block == chosen.block
        stops = []
        for _ in range(len(bar.matches)):  # once round, wrapping at the end
            await pilot.press("n")
            stops.append((t.cursor, t._focus_span))
        assert bar.current == at
        assert [m.block for m in bar.matches[at + 1 :] + bar.matches[: at + 1]] == [
            block for block, _span in stops
        ]
        await pilot.press("N")
        assert bar.current == (at - 1) % len(bar.matches)
        # in another document there is nothing more to go through
        await pilot.press("J")
        await pilot.pause()
        assert main.document is not None and main.document.source.path != str(SEED_004)
        await pilot.press("n")
        assert bar.matches == []


async def test_order_switch_between_relevance_and_date() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "soviet")
        ranked = [(h.path, h.block) for h in screen.results.hits]
        assert screen.order == "rank"
        await pilot.press("ctrl+o")
        await _settle(pilot)
        assert screen.order == "date"
        assert "date" in str(screen.query_one("#search-order").render())
        by_date = screen.results.hits
        dates = [h.date or "" for h in by_date]
        assert dates == sorted(dates)
        assert sorted((h.path, h.block) for h in by_date) == sorted(ranked)
        assert [(h.path, h.block) for h in by_date] != ranked
        await pilot.press("f2")
        await _settle(pilot)
        assert screen.order == "rank"
        # reopening offers the last query and order again
        await pilot.press("escape", "ctrl+f")
        await _settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.screen.input.value == "soviet"


async def test_a_bad_query_shows_its_message() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "missiles after:notadate")
        assert "not a date" in screen.status
        assert screen.query_one("#search-status").has_class("-error")


async def test_nothing_found_says_which_part_and_the_names_spelling() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _typed(pilot, "speaker:gevara missles")
        assert screen.status.startswith("no passage matches")
        why = screen.query_one("#search-why")
        assert why.display
        assert str(why.render()).splitlines() == [
            "no word starts with “missles” (did you mean missiles?)",
            "no speaker called “gevara” (did you mean Guevara?)",
        ]
        # typing on to a query that finds passages puts the reasons away
        screen = await _search(pilot, "speaker:guevara missiles")
        assert screen.results.hits and not why.display


async def test_question_mark_in_an_empty_box_toggles_the_help() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.help_shown
        await pilot.press("question_mark")
        assert not screen.help_shown and screen.input.value == ""
        await pilot.press("f1")
        assert screen.help_shown


async def test_fts_syntax_characters_never_raise() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        for text in ['"', '"soviet', 'soviet"', "*", "miss*", "(", ")", "(soviet",
                     "NEAR(soviet union)", "soviet NEAR union", "-", "-soviet", "soviet -",
                     "a OR b", "AND", "NOT soviet", "speaker:", 'speaker:"', "^soviet",
                     "soviet:", "col:soviet", "{soviet}", "soviet + union", "'", "\\"]:
            screen = await _search(pilot, text)
            assert screen.status, text  # a count or a one-line message, never a crash
        assert app.is_running


async def test_the_index_survives_a_truncated_database_file() -> None:
    path = locations.cache_dir() / "index.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\x13garbage" * 50)
    app = _app()
    notices: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app.notify

        def capture(message, *args, **kwargs):  # type: ignore[no-untyped-def]
            notices.append(str(message))
            assert kwargs.get("markup") is False
            return original(message, *args, **kwargs)

        app.notify = capture  # type: ignore[method-assign]
        await _settle(pilot)
        assert app.library_index.ready
        assert any("search index" in n and "rebuilt" in n for n in notices)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "speaker:guevara missiles")
        assert screen.results.hits
    index = SearchIndex.open()
    try:
        assert index.counts()[1] == 2  # both seeds' documents, in a healthy file
        assert index.notices == []
    finally:
        index.close()


async def test_the_users_documents_are_never_modified() -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime) for p in (SEED_000, SEED_004)}
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        await _search(pilot, "soviet")
    assert {p: (p.read_bytes(), p.stat().st_mtime) for p in (SEED_000, SEED_004)} == before


async def test_a_hit_in_a_file_not_loaded_is_opened_from_disk() -> None:
    # the index knows 000 (from an earlier run); the app was opened on 004 only
    from reader.cli.search import refresh

    index = SearchIndex.open()
    refresh(index, [str(SEED_000)])
    index.close()
    app = ReaderApp(scan_loader([str(SEED_004)]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert len(app.main.documents) == 1
        await pilot.press("ctrl+f")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        # searches are limited to the app's library ...
        screen = await _search(pilot, "resentment")
        assert screen.results.hits == [] and "no passage matches" in screen.status
        # ... unless the index is asked for everything
        app.library_index.within = lambda documents: None  # type: ignore[method-assign]
        screen = await _search(pilot, "resentment expressed")
        hit = next(h for h in screen.results.hits if h.path == str(SEED_000))
        screen.results.highlighted = screen.results.hits.index(hit)
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.main.documents) == 2
        assert app.main.document is not None
        assert app.main.document.source.path == str(SEED_000)
        assert app.main.transcript.cursor == hit.block


async def test_results_are_restyled_when_the_theme_changes() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-dark"
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "speaker:shen soviet")
        before = screen.results._styled["speaker-1"]
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert screen.results._styled["speaker-1"] != before
        assert len(screen.results.hits) == screen.results.option_count > 0


async def test_a_word_being_typed_shows_a_provisional_page_then_the_ranked_one() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        shown: list[tuple[bool, bool, int]] = []
        original = screen._add_page

        def spy(serial, page, first):  # type: ignore[no-untyped-def]
            shown.append((page.provisional, first, serial))
            original(serial, page, first)

        screen._add_page = spy  # type: ignore[method-assign]
        screen = await _search(pilot, "sov*")
        assert shown and shown[0][:2] == (True, True)  # the quick look, replacing
        assert shown[1][:2] == (False, True)  # then the ranked page replaces it
        assert all(not p for p, _f, _s in shown[1:])
        index = app.library_index.get()
        within = app.library_index.within(app.main.documents)
        ranked = index.search("sov*", limit=500, within=within)
        assert [(h.path, h.block, h.kind) for h in screen.results.hits] == [
            (h.path, h.block, h.kind) for h in ranked
        ]
        assert screen.results.option_count == len(ranked)
        assert screen.status.startswith(f"{len(ranked)} passages")


async def test_replacing_the_provisional_page_keeps_the_highlighted_passage() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "soviet")
        results = screen.results
        ranked = list(results.hits)
        assert len(ranked) >= 4
        provisional = [ranked[3], ranked[0], ranked[2]]
        results.show(provisional)
        results.highlighted = 2  # ranked[2], chosen while the quick look showed
        results.show(ranked, keep=True)
        assert results.current is ranked[2]
        results.show(provisional)
        results.highlighted = 0
        results.show(ranked[:3], keep=True)  # not in the new list: the first row
        assert results.highlighted == 0 and results.hits == ranked[:3]


async def test_only_the_ranked_page_of_the_same_query_keeps_the_selection() -> None:
    from reader.data.index import Page

    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+f")
        screen = await _search(pilot, "soviet")
        ranked = list(screen.results.hits)
        assert len(ranked) >= 3
        serial = screen._serial
        quick = Page([ranked[0], ranked[2]])
        quick.provisional = True
        screen._add_page(serial, quick, True)
        screen.results.highlighted = 1  # the reader moved to ranked[2]
        screen._add_page(serial, Page(ranked), True)
        assert screen.results.current is ranked[2]
        # a reader who did not move sees the best hit, not the quick page's first row
        quick = Page([ranked[2], ranked[0]])
        quick.provisional = True
        screen._add_page(serial, quick, True)
        assert screen.results.highlighted == 0 and screen.results.current is ranked[2]
        screen._add_page(serial, Page(ranked), True)
        assert screen.results.current is ranked[0]
        # a new query's first page starts at its best hit
        screen._add_page(serial, Page(ranked[1:]), True)
        assert screen.results.highlighted == 0


async def test_results_follow_the_word_being_typed() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed(pilot, "speaker:guevara mis")
        typed = {(h.path, h.block) for h in screen.results.hits}
        # "mis" on its way to "missiles": Guevara's missile turns, not "no passage"
        assert typed and {h.speaker_id for h in screen.results.hits} == {"guevara"}
        await pilot.press(*"siles")
        await _settle(pilot)
        assert {(h.path, h.block) for h in screen.results.hits} <= typed
        # a space ends the word: "mis " is the word "mis" (nothing)
        screen.input.value = "speaker:guevara mis "
        await _settle(pilot)
        assert screen.results.hits == [] or not screen.results.hits
        assert screen.status.startswith("no passage")


def test_a_result_row_names_its_file_so_two_copies_differ() -> None:
    """The same record kept as XML and as a text copy gives two hits with one title:
    the row names the file, cut in the middle when the row is short of room."""
    from reader.data.index import Hit, Snippet
    from reader.widgets.search_results import hit_text

    def hit(path: str, part: str | None, title: str = "Memorandum of Conversation") -> Hit:
        return Hit(path, part, title, "1975-07-30", 13, "turn", "k", "Kissinger", 0,
                   Snippet("We can keep meeting.", ((7, 11),)), 1.0)

    xml = hit_text(hit("/lib/frus/frus1969-76v38p1_d61.xml", "d61"), width=120).plain
    copy = hit_text(hit("/lib/enc/cp1252_crlf_d61.txt", None), width=120).plain
    assert xml.splitlines()[0] == (
        "1975-07-30  Memorandum of Conversation  passage 14 · turn · "
        "frus1969-76v38p1_d61.xml d61"
    )
    assert copy.splitlines()[0].endswith("· turn · cp1252_crlf_d61.txt")
    long_name = "/lib/dfat_v12_332_record_of_conference_evatt_1947-07-08.txt"
    first = hit_text(hit(long_name, None, "Record of Conference in Secretary's Room"),
                     width=80).plain.splitlines()[0]
    assert len(first) <= 80
    name = first.rsplit(" · ", 1)[1]
    assert "…" in name and name.startswith("dfat_") and name.endswith(".txt")
    assert "Record of Conference" in first
    # a hit whose title is the file's path does not repeat it
    untitled = hit_text(hit("/lib/notes.txt", None, ""), width=120).plain.splitlines()[0]
    assert untitled.count("notes.txt") == 1


async def test_hits_before_the_lists_first_styling_do_not_crash() -> None:
    """A search that answered before the results list was first styled raised
    KeyError ("No 'search-results--title' key in COMPONENT_CLASSES"): the rows are
    built plain, then again with the theme's styles once they exist."""
    from reader.data.index import Hit, Snippet
    from reader.widgets.search_results import SearchResults

    hit = Hit("/lib/a.txt", None, "A record", "1962", 0, "turn", "g", "Guevara", 0,
              Snippet("We spoke of missiles.", ((12, 20),)), 1.0)
    results = SearchResults()
    results._component_styles.clear()  # as before the first styling
    assert results._styles() == {}
    app = ReaderApp(scan_loader([str(SEED_004)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+f")
        await pilot.pause()
        listed = app.screen.query_one(SearchResults)
        for name in [n for n in listed._component_styles if n.startswith("search-results--")]:
            del listed._component_styles[name]
        listed.show([hit])  # no KeyError
        assert listed.hits == [hit] and listed._styled == {}
        listed.notify_style_update()  # the styling arrives: rows built with its styles
        app.stylesheet.update(listed)
        await pilot.pause()
        assert listed._styled and listed._styled["title"].bold


async def test_after_opening_a_filters_only_hit_n_goes_from_passage_to_passage() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed(pilot, "speaker:shen ")
        assert screen.results.hits and all(h.matches == () for h in screen.results.hits)
        await pilot.press("down", "enter")
        await _settle(pilot)
        main, t = app.main, app.main.transcript
        blocks = main.document.blocks
        shens = [i for i, b in enumerate(blocks) if b.speaker == "shen" and b.text.strip()]
        assert [m.block for m in main.find_bar.matches] == shens
        start = t.cursor
        await pilot.press("n")
        assert t.cursor == shens[(shens.index(start) + 1) % len(shens)]
        assert t._focus_span is None  # a passage, not words: nothing lit inside it
        await pilot.press("N")
        assert t.cursor == start


async def test_a_library_match_the_clean_mode_hides_is_counted_not_visited() -> None:
    # "bombers" is said in passage 30 and glossed by the editors in passage 17
    # ("[medium-range bombers]"), which the clean reading hides, as the find bar does
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed(pilot, "bombers ")
        hit = next(h for h in screen.results.hits if h.path == str(SEED_004) and h.block == 30)
        screen.results.highlighted = screen.results.hits.index(hit)
        screen.action_open_hit()
        await _settle(pilot)
        bar = app.main.find_bar
        assert [m.block for m in bar.matches] == [17, 30] and bar.hidden == 0
        await pilot.press("e")  # clean
        await _settle(pilot)
        assert [m.block for m in bar.matches] == [30] and bar.hidden == 1
        assert bar.current == 0
        await pilot.press("n")
        assert app.main.transcript.cursor == 30  # wraps to itself, never to 17
        await pilot.press("e")  # as printed again
        await _settle(pilot)
        assert [m.block for m in bar.matches] == [17, 30] and bar.hidden == 0
