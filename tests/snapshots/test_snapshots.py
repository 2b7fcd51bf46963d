"""Snapshots of the main views at 120x40 in a fixed theme (pytest-textual-snapshot)."""

from __future__ import annotations

from textual.widgets import Input

from reader.app import ReaderApp, scan_loader
from tests.conftest import ROOT, SEED_000, SEED_004

SIZE = (120, 40)
HOSTILE = ROOT / "tests" / "fixtures" / "hostile.txt"


def _app(path: str) -> ReaderApp:
    return ReaderApp(scan_loader([path]))


def _before(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-dark"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_main_view_004(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_004)), terminal_size=SIZE, run_before=_before())


def test_main_view_000(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_000)), terminal_size=SIZE, run_before=_before("j", "j"))


def test_clean_mode_004(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_004)), terminal_size=SIZE, run_before=_before("e"))


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_004)), terminal_size=SIZE,
                        run_before=_before("question_mark"))


def test_hostile_document(snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A relative path: the list shows it, and the snapshot must not depend on where the
    # checkout is (it showed /work/main/... and failed in every other worktree).
    monkeypatch.chdir(ROOT)
    assert snap_compare(_app(str(HOSTILE.relative_to(ROOT))), terminal_size=SIZE,
                        run_before=_before())


def _settled(*keys: str, text: str = ""):  # type: ignore[no-untyped-def]
    """Like _before, but also waits for the index worker and the search it feeds."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-dark"
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press(*keys)
        if text:
            await pilot.press(*text)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor is a coin toss in a snapshot
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.2)

    return run_before


def _bookmarks_before():  # type: ignore[no-untyped-def]
    """Three bookmarks on 004 (one on selected words), then the bookmarks screen."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-dark"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for keys, note, tags in ((("j", "j"), "Guevara on Laos", "laos"),
                                 (("j", "v", "s"), "the division [of the camp]", ""),
                                 (("j", "j", "j"), "revisionists", "ussr, cuba")):
            await pilot.press(*keys, "m")
            await pilot.press(*[c if c != " " else "space" for c in note], "tab")
            await pilot.press(*[c if c != " " else "space" for c in tags], "enter")
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.press("M")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_library_search_results(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = ReaderApp(scan_loader([str(SEED_004), str(SEED_000)]))
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=_settled("ctrl+f", text="speaker:guevara missiles"))


def test_find_bar_open(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_004)), terminal_size=SIZE,
                        run_before=_settled("slash", text="soviet union"))


def test_bookmarks_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(SEED_004)), terminal_size=SIZE, run_before=_bookmarks_before())
