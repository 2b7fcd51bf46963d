"""Bookmarks, selection, the bookmarks screen and reading positions, driven with Pilot.

Everything is asserted in the store (what survives a restart), not only on screen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from reader.app import ReaderApp, scan_loader, start_paths
from reader.data import locations
from reader.data.anchor import normalise, resolve
from reader.data.store import Store
from reader.model.formats import parse_file
from reader.screens.bookmark_dialog import BookmarkDialog, split_tags
from reader.screens.bookmarks import BookmarksScreen
from reader.screens.main import MainScreen
from reader.screens.selection import SelectionMode, sentence_ends, word_spans
from tests.conftest import ROOT, SEED_004

SIZE = (120, 40)


def _app(*paths: Path | str) -> ReaderApp:
    return ReaderApp(scan_loader([str(p) for p in paths]))


async def _ready(app: ReaderApp, pilot) -> MainScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.main


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for character in text:
        await pilot.press(character if character != " " else "space")


async def _bookmark(pilot, note: str = "", tags: str = "") -> None:  # type: ignore[no-untyped-def]
    """In the open dialog: type the note, tab, the tags, enter."""
    assert isinstance(pilot.app.screen, BookmarkDialog)
    await _type(pilot, note)
    await pilot.press("tab")
    await _type(pilot, tags)
    await pilot.press("enter")
    await pilot.pause()


def _live() -> list:  # type: ignore[type-arg]
    with Store.open() as store:
        return store.list_bookmarks()


# ------------------------------------------------------------------ helpers (pure)


def test_split_tags_trims_and_drops_repeats() -> None:
    assert split_tags(" cuba, Soviets ,, cuba,  missile  crisis ") == (
        "cuba", "Soviets", "missile crisis")


def test_words_and_sentences() -> None:
    text = "Mr. Shen spoke. A. I. Alekseyev agreed! Then (laughing) he left?  "
    assert [text[a:b] for a, b in word_spans(text)][:3] == ["Mr.", "Shen", "spoke."]
    ends = sentence_ends(text)
    assert [text[:e].rsplit(None, 1)[-1] for e in ends] == ["spoke.", "agreed!", "left?"]


# ------------------------------------------------------------------ m, dialog, marker


async def test_m_bookmarks_the_passage_with_note_tags_and_marker() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await pilot.press("j", "j", "m")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.quote.startswith("[The evaluation of this incident]")
        await _bookmark(pilot, "Guevara on Laos", "laos, cuba")
        assert isinstance(app.screen, MainScreen)
        (saved,) = main.store.list_bookmarks()
        block = main.document.blocks[2]
        assert saved.anchor.exact == block.text.strip()
        assert (saved.note, saved.tags) == ("Guevara on Laos", ("laos", "cuba"))
        assert saved.speaker == "Ernesto 'Che' Guevara"
        assert saved.doc_citation and "PRC FMA 109-03157-01" in saved.doc_citation
        assert main.transcript._markers == {2}
        # the marker is drawn in the gutter of the passage's first line
        line = main.transcript.first_line_of(2) - round(main.transcript.scroll_y)
        assert main.transcript.render_line(line).text[1] == "◆"
        # escape in the dialog saves nothing
        await pilot.press("j", "m")
        await pilot.press("escape")
        assert len(main.store.list_bookmarks()) == 1
    assert len(_live()) == 1  # it is on disk


async def test_keyboard_selection_by_words_and_sentences_stores_the_exact_quote() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await pilot.press("j", "v")  # Shen's first turn
        selection = app.screen
        assert isinstance(selection, SelectionMode)
        text = main.document.blocks[1].text
        assert main.transcript.selection == (1, 0, len("What"))
        await pilot.press("w", "w")
        assert text[: main.transcript.selection[2]] == "What happened in"
        await pilot.press("W")
        assert text[: main.transcript.selection[2]] == "What happened"
        await pilot.press("s")
        first_sentence = text[: main.transcript.selection[2]]
        assert first_sentence.endswith(".") and first_sentence.startswith("What happened in Cuba")
        assert "." not in first_sentence[:-1]
        await pilot.press("s")
        two = main.transcript.selection[2]
        await pilot.press("S")
        assert main.transcript.selection[2] == len(first_sentence)
        await pilot.press("s")
        assert main.transcript.selection[2] == two
        await pilot.press("S", "S", "w")
        assert text[: main.transcript.selection[2]] == "What happened"
        # the selection is drawn in the transcript with its own style
        style = main.transcript._style("transcript--selection")
        line = main.transcript.first_line_of(1) - round(main.transcript.scroll_y)
        strip = main.transcript.render_line(line)
        selected = "".join(s.text for s in strip if s.style and style.bgcolor == s.style.bgcolor)
        assert selected == "What happened"
        await pilot.press("m")
        assert isinstance(app.screen, BookmarkDialog)
        await _bookmark(pilot, "two words")
        (saved,) = main.store.list_bookmarks()
        assert saved.anchor.exact == "What happened"
        assert (saved.anchor.block_index, saved.anchor.start, saved.anchor.end) == (1, 0, 13)
        assert main.transcript.selection is None
        assert main.transcript._markers == {1}


async def test_escape_cancels_the_selection() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await pilot.press("v", "w", "escape")
        assert isinstance(app.screen, MainScreen)
        assert main.transcript.selection is None
        await pilot.press("m")  # now m is the whole passage again
        assert app.screen.quote == main.document.blocks[0].text.strip()  # type: ignore[attr-defined]


async def test_mouse_selection_maps_to_words_of_the_passage() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        transcript = main.transcript
        top = transcript.first_line_of(1)
        block = main.document.blocks[1]
        prefix = len(transcript._prefix(block))
        from textual.geometry import Offset
        from textual.selection import Selection

        # characters 5..13 of the text on the first line: "happened"
        x0 = 2 + transcript._margin + prefix
        transcript.selection_updated(Selection(Offset(x0 + 5, top), Offset(x0 + 13, top)))
        await pilot.pause()
        assert transcript.selection == (1, 5, 13)
        assert transcript.cursor == 1
        await pilot.press("m")
        assert app.screen.quote == "happened"  # type: ignore[attr-defined]


# ------------------------------------------------------------------ M: the screen


async def _three_bookmarks(pilot, main: MainScreen) -> None:  # type: ignore[no-untyped-def]
    for keys, note, tags in ((("j",), "first", "alpha"), (("j", "j"), "second", "beta"),
                             (("j",), "third [sic]", "alpha, gamma")):
        await pilot.press(*keys, "m")
        await _bookmark(pilot, note, tags)


async def test_bookmarks_screen_lists_filters_and_jumps() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await _three_bookmarks(pilot, main)
        await pilot.press("g", "M")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [b.note for b in screen.bookmarks] == ["third [sic]", "second", "first"]
        assert {screen.status_of(b) for b in screen.bookmarks} == {"exact"}
        prompt = str(screen.rows.get_option_at_index(0).prompt)
        assert "third [sic]" in prompt and "#alpha #gamma" in prompt and "✓ found" in prompt
        assert "Guevara" in prompt or "Shen" in prompt
        # order by document: passage order
        await pilot.press("o")
        assert [b.passage for b in screen.bookmarks] == [2, 4, 5]
        # type to filter (note and tags)
        await _type(pilot, "beta")
        assert [b.note for b in screen.bookmarks] == ["second"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, MainScreen)
        assert main.transcript.cursor == 3
        assert main.transcript._focus_span == (3, 0, len(main.document.blocks[3].text.strip()))


async def test_edit_delete_and_undo_on_the_bookmarks_screen() -> None:
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await _three_bookmarks(pilot, main)
        await pilot.press("M")
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.query_one("#note").value == "third [sic]"  # type: ignore[attr-defined]
        await pilot.press("ctrl+u")
        await _type(pilot, "rewritten")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "delta")
        await pilot.press("enter")
        await pilot.pause()
        third = next(b for b in main.store.list_bookmarks() if b.passage == 5)
        assert (third.note, third.tags) == ("rewritten", ("delta",))
        # d deletes (soft), u restores
        await pilot.press("down", "d")
        await pilot.pause()
        assert [b.note for b in main.store.list_bookmarks()] == ["rewritten", "first"]
        assert any(n.message == "Deleted — press u to undo" for n in app._notifications)
        assert [b.note for b in main.store.trash()] == ["second"]
        await pilot.press("u")
        await pilot.pause()
        assert [b.note for b in main.store.list_bookmarks()] == ["rewritten", "second", "first"]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert main.transcript._markers == {1, 3, 4}


# ------------------------------------------------------------------ reading positions


async def test_reading_position_is_restored_on_reopen(tmp_path: Path) -> None:
    copy = tmp_path / "004.txt"
    shutil.copy(SEED_004, copy)
    other = tmp_path / "000.txt"
    shutil.copy(ROOT / "seeds" / "000_78577bbeaacac156.txt", other)
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        first = main.document
        await pilot.press("j", "j", "j", "j", "j")
        assert main.transcript.cursor == 5
        await pilot.press("J")  # another document: the first one's position is saved
        assert main.document is not first
        await pilot.press("j", "j")
        await pilot.press("K")
        assert main.document is first and main.transcript.cursor == 5
        await pilot.press("j")  # 6: saved at quit
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        shown = main.document
        assert main.transcript.cursor == (6 if shown.source.path == str(copy) else 2)
        for path, expected in ((copy, 6), (other, 2)):
            index = next(i for i, d in enumerate(main.documents) if d.source.path == str(path))
            main.open_document(index)
            await pilot.pause()
            assert main.transcript.cursor == expected, path.name


async def test_no_arguments_reopens_the_last_document_at_its_position(tmp_path: Path) -> None:
    with Store.open() as store:
        assert start_paths([], store) == ([str(locations.seeds_dir())], None)  # first run
    copy = tmp_path / "004.txt"
    shutil.copy(SEED_004, copy)
    app = _app(ROOT / "seeds", copy)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        index = next(i for i, d in enumerate(main.documents) if d.source.path == str(copy))
        main.open_document(index)
        await pilot.press("G", "k")
        last = main.transcript.cursor
    with Store.open() as store:
        paths, reopen = start_paths([], store)
        assert paths == [str(copy)] and reopen == (str(copy), None)
        app = ReaderApp(scan_loader(paths), store, reopen)
        async with app.run_test(size=SIZE) as pilot:
            main = await _ready(app, pilot)
            assert main.document.source.path == str(copy)
            assert main.transcript.cursor == last
        # explicit paths are kept as given
        assert start_paths(["a.txt"], store) == (["a.txt"], None)


# ------------------------------------------------------------------ a broken store


async def test_a_corrupt_store_is_moved_aside_and_the_app_goes_on() -> None:
    data = locations.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    (data / "store.sqlite").write_bytes(b"\x00garbage, not a database\xff" * 200)
    app = _app(SEED_004)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("moved to" in m and "broken" in m for m in messages), messages
        assert main.document is not None  # reading works
        await pilot.press("m")
        await _bookmark(pilot, "after the crash")
        assert [b.note for b in main.store.list_bookmarks()] == ["after the crash"]
    aside = [p for p in data.iterdir() if "broken" in p.name]
    assert aside and aside[0].read_bytes().startswith(b"\x00garbage")


async def test_read_only_store_reading_works_and_bookmarking_says_why() -> None:
    store = Store.open(":memory:")
    store.read_only = True
    store.message = "Bookmarks cannot be saved: the folder is read-only. Reading works."
    app = ReaderApp(scan_loader([str(SEED_004)]), store)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await pilot.press("j", "m")
        assert isinstance(app.screen, MainScreen)
        assert main.transcript.cursor == 1
        messages = [n.message for n in app._notifications]
        assert messages.count(store.message) >= 2  # at start, and when m is pressed


# ------------------------------------------------------------------ issue 6 "Done when"


def _edit_copy(path: Path) -> None:
    """Other whitespace and line ends throughout, and a new paragraph at the top."""
    text = path.read_text(encoding="utf-8")
    lines = [line.replace(" ", "  ") if i % 2 else line for i, line in enumerate(text.split("\n"))]
    edited = "\r\n".join(lines)
    marker = edited.find("Guevara:")
    edited = (edited[:marker] + "A paragraph inserted by the archive before the talk began."
              "\r\n\r\n" + edited[marker:])
    path.write_bytes(edited.encode("utf-8"))


async def test_done_when_three_bookmarks_survive_an_edited_copy(tmp_path: Path) -> None:
    copy = tmp_path / "004-copy.txt"
    shutil.copy(SEED_004, copy)
    app = _app(copy)
    quotes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        await pilot.press("j", "j", "m")
        await _bookmark(pilot, "Laos", "laos")
        await pilot.press("j", "j", "j", "v", "s", "m")
        await _bookmark(pilot, "the division", "")
        await pilot.press("j", "j", "j", "j", "v", "w", "w", "w", "m")
        await _bookmark(pilot, "revisionists", "ussr")
        quotes = [b.anchor.exact for b in main.store.list_bookmarks(order="document")]
        created = [b.created for b in main.store.list_bookmarks()]
        assert len(quotes) == 3
    before = copy.read_bytes()
    _edit_copy(copy)
    assert copy.read_bytes() != before
    app = _app(copy)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        document = main.document
        markers = sorted(main.transcript._markers)
        assert len(markers) == 3
        for block, quote in zip(markers, quotes, strict=True):
            assert " ".join(quote.split()) in " ".join(document.blocks[block].text.split())
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert len(screen.bookmarks) == 3
        assert {screen.status_of(b) for b in screen.bookmarks} <= {"moved", "exact"}
        assert "✓ found" in str(screen.rows.get_option_at_index(0).prompt)
    # Found again with certainty, so written back: the same words, notes and creation
    # times, now at their new places in the edited file.
    edited = parse_file(copy)[0]
    stored = _live()
    assert {b.note for b in stored} == {"Laos", "the division", "revisionists"}
    assert sorted(normalise(b.anchor.exact) for b in stored) == sorted(
        normalise(q) for q in quotes)
    assert {b.created for b in stored} == set(created)
    for bookmark in stored:
        assert bookmark.anchor.doc_sha256 == edited.source.sha256
        assert resolve(bookmark.anchor, edited).status == "exact"
    # A second restart: every bookmark is found where it was stored, none "moved".
    app = _app(copy)
    async with app.run_test(size=SIZE) as pilot:
        main = await _ready(app, pilot)
        assert len(main.transcript._markers) == 3
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [screen.status_of(b) for b in screen.bookmarks] == ["exact"] * 3
        prompts = [str(screen.rows.get_option_at_index(i).prompt) for i in range(3)]
        assert all("moved" not in p for p in prompts), prompts
    result = subprocess.run(
        [sys.executable, "-m", "reader", "bookmarks", "export", "--format", "markdown"],
        capture_output=True, text=True, check=True, cwd=ROOT, timeout=60,
    )
    out = result.stdout
    for quote in quotes:
        assert "> " + " ".join(quote.split()) in out
    assert "Citation: " in out and "PRC FMA 109-03157-01" in out
    assert "Translated by Zhang Qian" in out


def test_no_arguments_reopens_the_last_library_on_the_last_document(tmp_path: Path) -> None:
    """A bare restart keeps the whole library (so library search still covers it) and
    shows the document read last; vanished folders are dropped, never an error."""
    folder = tmp_path / "records"
    folder.mkdir()
    inside = folder / "004.txt"
    shutil.copy(SEED_004, inside)
    outside = tmp_path / "loose.txt"
    shutil.copy(SEED_004, outside)
    with Store.open() as store:
        store.set_last_library([folder, tmp_path / "gone"])
        store.set_last_document(inside)
        assert start_paths([], store) == ([str(folder)], (str(inside), None))
        store.set_last_document(outside)  # opened from elsewhere: added beside the library
        assert start_paths([], store) == ([str(folder), str(outside)], (str(outside), None))
        outside.unlink()
        assert start_paths([], store) == ([str(folder)], None)


async def test_an_ambiguous_refind_is_shown_uncertain_and_not_written(tmp_path: Path) -> None:
    """Three "Yes." and none with its old context: the screen says to check it, twice,
    and the stored bookmark is left exactly as it was."""
    memo = tmp_path / "memo.txt"
    memo.write_text("The Ambassador opened the meeting at ten.\n\nYes.\n\nThe Minister "
                    "thanked the Ambassador warmly.\n\nYes.\n\nThe meeting ended at noon.\n",
                    encoding="utf-8")  # fmt: skip
    document = parse_file(memo)[0]
    second_yes = [i for i, b in enumerate(document.blocks) if b.text == "Yes."][1]
    from reader.data.anchor import make_anchor

    with Store.open() as store:
        before = store.add_bookmark(document, make_anchor(document, second_yes), note="check")
    memo.write_text("Opening words here.\n\nYes.\n\nMiddle words here.\n\nYes.\n\n"
                    "Other words here.\n\nYes.\n", encoding="utf-8")  # fmt: skip
    for _ in range(2):
        app = _app(memo)
        async with app.run_test(size=SIZE) as pilot:
            await _ready(app, pilot)
            await pilot.press("M")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BookmarksScreen)
            assert [screen.status_of(b) for b in screen.bookmarks] == ["uncertain"]
            assert "check it" in str(screen.rows.get_option_at_index(0).prompt)
        assert _live() == [before]
