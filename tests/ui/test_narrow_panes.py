"""Side panes on a narrow screen: a pane that covers the transcript can always be left,
and focus is always on something the reader can see."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from reader.app import ReaderApp
from reader.screens.main import MainScreen
from tests.ui.fixtures import app_for, dialogue, narrative

NARROW = [(60, 20), (40, 12)]


def _visible(widget: Widget) -> bool:
    return widget.display and all(
        node.display for node in widget.ancestors if isinstance(node, Widget)
    )


def _focus_is_visible(app: ReaderApp) -> bool:
    return app.focused is not None and _visible(app.focused)


def _reading(main: MainScreen) -> bool:
    """The transcript is shown, alone, and has the keys."""
    return (
        main.transcript.display
        and not main.document_list.display
        and not main.apparatus.display
        and main.app.focused is main.transcript
    )


def _in_list(main: MainScreen) -> bool:
    """The document list covers the transcript and has the keys."""
    return (
        main.document_list.display
        and not main.transcript.display
        and main.app.focused is main.document_list.options
    )


@pytest.mark.parametrize("size", NARROW)
async def test_the_document_list_over_the_transcript_can_be_left(size) -> None:  # type: ignore[no-untyped-def]
    """At 60x20, d showed the list over the transcript and no key brought the text
    back: d, p and q went into the filter, tab stayed in the list, escape only cleared
    the filter."""
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        assert _reading(main)
        for leave in ("d", "escape", "tab"):
            await pilot.press("d")
            await pilot.pause()
            assert _in_list(main)
            await pilot.press(leave)
            await pilot.pause()
            assert _reading(main), leave
        # after a first letter, d is part of the filter; escape clears it, then closes
        await pilot.press("d", "a", "d")
        await pilot.pause()
        listing = main.document_list
        assert listing.filter_input.value == "ad" and listing.display
        await pilot.press("escape")
        await pilot.pause()
        assert listing.filter_input.value == "" and _in_list(main)
        await pilot.press("escape")
        await pilot.pause()
        assert _reading(main)
        # a filter emptied with backspace gives the keys back to the rows
        await pilot.press("d", "x", "backspace")
        await pilot.pause()
        assert _in_list(main)
        await pilot.press("d")
        await pilot.pause()
        assert _reading(main)


@pytest.mark.parametrize("size", NARROW)
async def test_choosing_a_document_on_a_narrow_screen_shows_it(size) -> None:  # type: ignore[no-untyped-def]
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        first = main.current
        await pilot.press("d")
        await pilot.pause()
        options = main.document_list.options
        other = next(i for i, row in enumerate(main.document_list.shown)
                     if row.key != first)
        options.highlighted = other
        await pilot.press("enter")
        await pilot.pause()
        assert main.current != first
        assert _reading(main)
        await pilot.press("j")
        assert main.transcript.cursor == 1


@pytest.mark.parametrize("size", NARROW)
async def test_the_apparatus_panel_over_the_transcript_can_be_left(size) -> None:  # type: ignore[no-untyped-def]
    app = app_for([dialogue()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        panel = main.apparatus
        for leave in ("p", "escape", "tab"):
            await pilot.press("p")
            await pilot.pause()
            assert panel.display and not main.transcript.display and panel.has_focus
            # the whole panel is on the screen (the empty reading column used to keep a
            # column and push it one off the right edge)
            assert panel.parent is not None and panel.parent.region.right <= size[0]
            await pilot.press(leave)
            await pilot.pause()
            assert _reading(main), leave
        # d from the panel: the list takes its place, with the keys
        await pilot.press("p", "d")
        await pilot.pause()
        assert _in_list(main) and not panel.display
        await pilot.press("escape")
        await pilot.pause()
        assert _reading(main)
        # choosing an entry shows its passage
        await pilot.press("p")
        await pilot.pause()
        panel.highlighted = next(
            i for i, e in enumerate(panel.entries) if e and e.kind == "redaction"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert _reading(main) and main.transcript.cursor == 6


async def test_narrowing_the_terminal_puts_the_panes_away_and_widening_brings_them_back() -> None:
    """Narrowed from 200 to 60 columns, the list replaced the transcript with nothing
    focused, while j moved the hidden transcript's cursor."""
    app = app_for([dialogue()])
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        main = app.main
        assert main.document_list.display and main.apparatus.display
        await pilot.press("j")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert _reading(main)
        await pilot.press("j")
        assert main.transcript.cursor == 2
        await pilot.press("d")
        await pilot.pause()
        assert _in_list(main) and not main.apparatus.display
        await pilot.press("escape")
        await pilot.pause()
        assert _reading(main)  # the panel put away does not take the list's place
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        # the panel comes back; the list, closed by the reader, does not
        assert main.apparatus.display and not main.document_list.display
        assert main.transcript.display and app.focused is main.transcript


async def test_narrowing_the_terminal_while_in_the_list_keeps_the_reader_there() -> None:
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        main = app.main
        await pilot.press("tab", "tab")  # the panel, then the list
        await pilot.pause()
        assert app.focused is main.document_list.options
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert _in_list(main) and not main.apparatus.display
        await pilot.press("escape")
        await pilot.pause()
        assert _reading(main)


@pytest.mark.parametrize("size", [(80, 24), *NARROW])
async def test_focus_is_always_on_something_shown(size) -> None:  # type: ignore[no-untyped-def]
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert _focus_is_visible(app)
        keys = ["d", "j", "escape", "p", "down", "d", "tab", "p", "enter", "d", "enter",
                "tab", "p", "p", "d", "m", "backspace", "escape", "escape"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert _focus_is_visible(app), key
