"""A bookmark made when a volume's file was read as one document comes home to its
record: marked there, and moved for good (Store.rehome), from the reader and from the
bookmarks screen."""

from __future__ import annotations

from pathlib import Path

from reader.app import ReaderApp, scan_loader
from reader.data.anchor import make_anchor
from reader.data.store import Store
from reader.model.document import Document, Metadata, Source
from reader.model.formats import parse_file
from reader.screens.bookmarks import BookmarksScreen
from tests.unit.test_rehome import VOLUME


def _volume_with_old_bookmark(tmp_path: Path) -> tuple[Path, str, int]:
    """The volume file, the id of a bookmark made on it as one document (on the
    zeppelin sentence of record 2), and that sentence's passage in record 2."""
    path = tmp_path / "volume.txt"
    path.write_text(VOLUME, encoding="utf-8")
    first, second = parse_file(path)
    at = next(i for i, b in enumerate(second.blocks) if "zeppelin" in b.text)
    whole = Document(Metadata(title="Volume 9"), first.blocks + second.blocks,
                     source=Source(path=str(path), sha256=second.source.sha256))  # fmt: skip
    with Store.open() as store:
        made = store.add_bookmark(whole, make_anchor(whole, len(first.blocks) + at))
    return path, made.id, at


async def _show_record(pilot, part: str) -> None:  # type: ignore[no-untyped-def]
    """Once the volume is loaded, open its record ``part``."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    main = app.main
    main.open_document(next(i for i, d in enumerate(main.documents) if d.source.part == part))
    await pilot.pause()


async def test_opening_the_record_marks_the_old_bookmark_and_moves_it(tmp_path: Path) -> None:
    path, bookmark_id, at = _volume_with_old_bookmark(tmp_path)
    app = ReaderApp(scan_loader([str(path)]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _show_record(pilot, "2")
        assert at in app.main.transcript._markers
        with Store.open() as store:
            moved = store.get(bookmark_id)
        assert moved is not None and moved.anchor.doc_part == "2"
        assert moved.anchor.block_index == at and moved.doc_title == "MINUTE, CEDAR TO DOGWOOD"


async def test_the_bookmarks_screen_moves_it_too(tmp_path: Path) -> None:
    path, bookmark_id, _at = _volume_with_old_bookmark(tmp_path)
    app = ReaderApp(scan_loader([str(path)]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _show_record(pilot, "1")  # not the bookmark's record
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert screen.found[bookmark_id].status == "exact"  # found where it now is
        with Store.open() as store:
            moved = store.get(bookmark_id)
        assert moved is not None and moved.anchor.doc_part == "2"
        await pilot.press("enter")
        await pilot.pause()
        main = app.main
        assert main.document is not None and main.document.source.part == "2"
