"""Snapshots of the main views at 120x40 in a fixed theme (pytest-textual-snapshot)."""

from __future__ import annotations

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


def test_hostile_document(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(str(HOSTILE)), terminal_size=SIZE, run_before=_before())
