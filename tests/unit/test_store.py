"""The bookmark store keeps the user's work: round trips, soft delete and restore,
migrations, and every way a store file can fail to open (issue 6, item 5)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from reader.data import store as store_module
from reader.data.anchor import make_anchor
from reader.data.store import (
    SCHEMA_VERSION,
    ReadOnlyStoreError,
    Store,
    StoreError,
    doc_key,
)
from reader.model.document import Block, Document, Metadata, Source, Span, Speaker
from reader.model.formats import parse_file
from tests.conftest import SEED_004


def memo(path: str = "/archive/memo.txt") -> Document:
    return Document(
        metadata=Metadata(title="Memo of Conversation", citation="Memo, 1962, Archive X."),
        blocks=(
            Block("heading", "Memorandum"),
            Block("turn", "We must talk about the missiles.", speaker="a", label="Castro",
                  attribution="label"),
            Block("turn", "Agreed, and about the blockade.", speaker="b", label="Shen",
                  attribution="label", spans=(Span("page-break", 7, 7, "2"),)),
            Block("turn", "Then the quarantine.", speaker="a", attribution="continuation"),
        ),
        speakers=(Speaker("a", "Fidel Castro", slot=0), Speaker("b", "Shen Jian", slot=1)),
        source=Source(path=path, sha256="ab" * 32),
    )  # fmt: skip


def test_default_location_is_the_data_folder(home: Path) -> None:
    with Store.open() as store:
        assert store.path == home / "data" / "store.sqlite"
        assert store.path.is_file() and not store.read_only and store.message is None


def test_bookmark_round_trip(tmp_path: Path) -> None:
    document = memo()
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        made = store.add_bookmark(
            document, make_anchor(document, 2, 12), note="key point", tags=["#cuba", "cuba", " x "]
        )
    assert made.tags == ("cuba", "x")
    assert (made.speaker, made.turn, made.page, made.passage) == ("Shen Jian", 2, "2", 3)
    with Store.open(path) as store:
        again = store.get(made.id)
        assert again == made
        assert store.get(made.id[:8]) == made
        assert store.get("00000000-0000-0000-0000-000000000000") is None
        assert again is not None and again.anchor.exact == "about the blockade."
        assert again.doc_citation == "Memo, 1962, Archive X."
        edited = store.update_note(made.id, "edited", tags=["later"])
        assert (edited.note, edited.tags) == ("edited", ("later",))
        assert edited.updated > made.updated and edited.created == made.created
        kept = store.update_note(made.id, "only the note")
        assert kept.tags == ("later",)


def test_continuation_belongs_to_its_turn_and_headings_have_none(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.add_bookmark(document, make_anchor(document, 3)).turn == 2
        assert store.add_bookmark(document, make_anchor(document, 0)).turn is None


def test_notes_lose_control_characters(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 1), note="a\x1b]52;c;eA==\x07b")
        assert made.note == "a\u241bb"


def test_soft_delete_restore_and_trash(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.add_bookmark(document, make_anchor(document, 1), note="one")
        second = store.add_bookmark(document, make_anchor(document, 2), note="two")
        deleted = store.delete(first.id)
        assert deleted.deleted and deleted.deleted_at
        assert [b.id for b in store.list_bookmarks()] == [second.id]
        assert {b.id for b in store.list_bookmarks(include_deleted=True)} == {first.id, second.id}
        assert [b.id for b in store.trash()] == [first.id]
        assert store.get(first.id) is not None  # still there, in the trash
        restored = store.restore(first.id)
        assert not restored.deleted and restored.note == "one"
        assert len(store.list_bookmarks()) == 2 and store.trash() == []
        with pytest.raises(StoreError):
            store.delete("no-such-id")


def test_list_orders_and_filter(tmp_path: Path) -> None:
    one, other = memo("/a/one.txt"), Document(
        metadata=Metadata(title="Another record"),
        blocks=(Block("paragraph", "Diary entry about the Havana visit."),),
        source=Source(path="/a/two.txt", sha256="cd" * 32),
    )
    with Store.open(tmp_path / "s.sqlite") as store:
        late = store.add_bookmark(one, make_anchor(one, 2), note="second")
        early = store.add_bookmark(one, make_anchor(one, 1), tags=["missiles"])
        diary = store.add_bookmark(other, make_anchor(other, 0), note="Havana trip")
        assert [b.id for b in store.list_bookmarks()] == [diary.id, early.id, late.id]
        assert [b.id for b in store.list_bookmarks(order="document")] == [
            diary.id, early.id, late.id,
        ]
        assert [b.id for b in store.list_bookmarks(query="MISSILES")] == [early.id]
        assert [b.id for b in store.list_bookmarks(query="havana trip")] == [diary.id]
        assert [b.id for b in store.list_bookmarks(query="shen blockade")] == [late.id]
        assert store.list_bookmarks(query="nothing like it") == []
        assert [b.id for b in store.bookmarks_for(one)] == [early.id, late.id]
        with pytest.raises(ValueError):
            store.list_bookmarks(order="sideways")


def test_positions_and_last_document(tmp_path: Path) -> None:
    document = memo()
    key = doc_key(document)
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.get_position(key) is None and store.last_document() is None
        store.set_position(key, 3, 17, mode="clean")
        store.set_position(key, 2, 5)
        store.set_last_document("/archive/volume.xml", "d61")
    with Store.open(tmp_path / "s.sqlite") as store:
        position = store.get_position(key)
        assert position is not None
        assert (position.block_index, position.offset, position.mode) == (2, 5, "printed")
        last = store.last_document()
        assert last is not None and (last.path, last.part) == ("/archive/volume.xml", "d61")
    assert doc_key(Document(Metadata(), (), source=Source(path=None, sha256="ff"))) == "sha256:ff"
    part = Document(Metadata(), (), source=Source(path="/v.xml", part="d2"))
    assert doc_key(part) == "/v.xml#d2"


def test_anchor_follows_a_moved_passage(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 2))
        moved = Document(document.metadata, (Block("paragraph", "New."), *document.blocks),
                         document.speakers, source=document.source)  # fmt: skip
        followed = store.update_anchor(made.id, make_anchor(moved, 3), moved)
        assert followed.anchor.block_index == 3 and followed.note == made.note


def test_export_import_merge_without_duplicates(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "a.sqlite") as first:
        kept = first.add_bookmark(document, make_anchor(document, 1), note="old note")
        gone = first.add_bookmark(document, make_anchor(document, 2))
        first.delete(gone.id)
        first.set_position("/archive/memo.txt", 2)
        backup = json.loads(json.dumps(first.export_data()))
    assert backup["format"] == "archive-reader-bookmarks" and backup["version"] == 2
    with Store.open(tmp_path / "b.sqlite") as second:
        result = second.import_data(backup)
        assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
        assert result.positions == 1
        assert second.import_data(backup).added == 0  # re-import: nothing new
        assert len(second.list_bookmarks(include_deleted=True)) == 2
        assert second.trash()[0].id == gone.id  # the trash travels too
        # The same passage bookmarked independently (another id) is one bookmark.
        twin = second.add_bookmark(document, make_anchor(document, 1), note="newer note")
        assert second.import_data(backup).unchanged == 2
        # Newer edits in the backup win; older ones do not.
        second.update_note(kept.id, "edited here, later")
    with Store.open(tmp_path / "a.sqlite") as first:
        first.update_note(kept.id, "edited in a, latest")
        newer = first.export_data()
    with Store.open(tmp_path / "b.sqlite") as second:
        result = second.import_data(newer)
        assert result.updated == 1
        note = second.get(kept.id)
        assert note is not None and note.note == "edited in a, latest"
        assert second.get(twin.id) is not None
        assert len(second.list_bookmarks(include_deleted=True)) == 3


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"format": "something-else", "version": 1},
        {"format": "archive-reader-bookmarks", "version": 99, "bookmarks": []},
        {"format": "archive-reader-bookmarks", "version": 1, "bookmarks": [{"id": "x"}]},
        {"format": "archive-reader-bookmarks", "version": 1, "bookmarks": "no"},
    ],
)
def test_import_refuses_what_is_not_a_backup(tmp_path: Path, bad: dict[str, object]) -> None:
    with Store.open(tmp_path / "s.sqlite") as store, pytest.raises(StoreError):
        store.import_data(bad)


# --- migrations -------------------------------------------------------------------------


def test_migrates_from_an_older_user_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    document = memo()
    with Store.open(path) as store:
        made = store.add_bookmark(document, make_anchor(document, 1), note="keep me")
    calls: list[int] = []

    def add_colour(connection: sqlite3.Connection) -> None:
        calls.append(1)
        connection.execute("ALTER TABLE bookmarks ADD COLUMN colour TEXT")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, add_colour])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store.open(path) as store:
        assert store.recovered_from is None and not store.read_only
        kept = store.get(made.id)
        assert kept is not None and kept.note == "keep me"
    with Store.open(path) as store:
        pass  # already upgraded: the migration does not run twice
    assert calls == [1]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert "colour" in [row[1] for row in connection.execute("PRAGMA table_info(bookmarks)")]
    connection.close()
    # The store as it was before the upgrade is kept beside it.
    before = tmp_path / f"s.sqlite.before-v{SCHEMA_VERSION + 1}"
    old = sqlite3.connect(before)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT note FROM bookmarks").fetchone()[0] == "keep me"
    old.close()


def test_a_failing_migration_leaves_the_store_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.sqlite"
    document = memo()
    with Store.open(path) as store:
        store.add_bookmark(document, make_anchor(document, 1))

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE nowhere ADD COLUMN x TEXT")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, broken])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store.open(path) as store:
        assert store.read_only and store.recovered_from is None
        assert store.message and "upgraded" in store.message
        assert len(store.list_bookmarks()) == 1  # still readable
    assert not list(tmp_path.glob("*.broken-*"))


# --- stores that cannot be opened -------------------------------------------------------


def _good_store(path: Path) -> bytes:
    document = memo()
    with Store.open(path) as store:
        store.add_bookmark(document, make_anchor(document, 1), note="precious")
    return path.read_bytes()


def _newer(path: Path) -> None:
    _good_store(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.close()


def _truncated(path: Path) -> None:
    data = _good_store(path)
    path.write_bytes(data[: len(data) // 3 + 100])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\x01garbage that is no database at all" * 200)


def _header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "something.txt").write_text("keep")


def _foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (n INTEGER)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_truncated, ""),
        (_garbage, "not a database"),
        (_header_only, ""),
        (_newer, "newer version"),
        (_folder, "folder"),
        (_foreign, "not an archive-reader store"),
    ],
)
def test_broken_store_is_renamed_aside_and_a_fresh_one_started(
    tmp_path: Path, make: object, reason: str
) -> None:
    path = tmp_path / "store.sqlite"
    make(path)  # type: ignore[operator]
    before = path.read_bytes() if path.is_file() else None
    with Store.open(path) as store:
        aside = store.recovered_from
        assert aside is not None and aside.exists()
        assert aside.name.startswith("store.sqlite.broken-")
        assert store.message is not None
        assert store.message.startswith("Could not open your bookmarks (")
        assert str(aside) in store.message and "a new store was started" in store.message
        assert reason in store.message
        assert not store.read_only and store.list_bookmarks() == []
        document = memo()
        store.add_bookmark(document, make_anchor(document, 1))  # the fresh store works
    if before is not None:
        assert aside.read_bytes() == before  # moved, byte for byte; never deleted
    else:
        assert (aside / "something.txt").read_text() == "keep"
    with Store.open(path) as again:
        assert again.recovered_from is None and len(again.list_bookmarks()) == 1


def test_wal_and_shm_move_with_the_broken_store(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    _garbage(path)
    Path(f"{path}-wal").write_bytes(b"wal bytes")
    with Store.open(path) as store:
        assert store.recovered_from is not None
        assert Path(f"{store.recovered_from}-wal").read_bytes() == b"wal bytes"


def test_two_failures_in_the_same_second_do_not_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    _garbage(path)
    first = Store.open(path)
    first.close()
    path.unlink()
    path.write_bytes(b"other garbage" * 100)
    second = Store.open(path)
    second.close()
    assert first.recovered_from != second.recovered_from
    assert first.recovered_from is not None and first.recovered_from.exists()
    assert second.recovered_from is not None and second.recovered_from.exists()


def test_zero_byte_file_is_an_empty_store_not_a_broken_one(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"")
    with Store.open(path) as store:
        assert store.recovered_from is None and store.message is None
        assert store.list_bookmarks() == []


# --- a data folder that cannot be written ----------------------------------------------
# The tests run as root, for whom chmod 0o500 changes nothing. /sys is a filesystem where
# even root cannot create files, so the "folder cannot be created" case is real; the
# "store exists but its folder is read-only" case is simulated by making SQLite fail the
# way it fails on a read-only folder.


def test_unwritable_data_folder_gives_an_empty_read_only_store() -> None:
    target = Path("/sys/archive-reader-test-folder/store.sqlite")
    try:
        target.parent.mkdir()
    except OSError:
        pass
    else:  # pragma: no cover - some other kind of machine
        target.parent.rmdir()
        pytest.skip("/sys is writable here; no real read-only folder to test with")
    with Store.open(target) as store:
        assert store.read_only and store.recovered_from is None
        assert store.message is not None
        assert store.message.startswith("Bookmarks cannot be saved:")
        assert "Reading works" in store.message
        assert store.list_bookmarks() == [] and store.last_document() is None
        document = memo()
        with pytest.raises(ReadOnlyStoreError):
            store.add_bookmark(document, make_anchor(document, 1))
        with pytest.raises(ReadOnlyStoreError):
            store.set_position("k", 1)


def test_existing_store_in_read_only_folder_is_read_not_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite"
    before = _good_store(path)
    real_connect = store_module._plain_connect

    def read_only_folder(database: str, uri: bool = False) -> sqlite3.Connection:
        if not uri:  # a normal read-write open, as Store.open does first
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, uri=uri)

    monkeypatch.setattr(store_module, "_plain_connect", read_only_folder)
    with Store.open(path) as store:
        assert store.read_only and store.recovered_from is None
        assert [b.note for b in store.list_bookmarks()] == ["precious"]
        with pytest.raises(ReadOnlyStoreError):
            store.update_note(store.list_bookmarks()[0].id, "lost?")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.broken-*"))


# --- on the seed ------------------------------------------------------------------------


def test_seed_bookmark_records_speaker_and_citation(tmp_path: Path) -> None:
    document = parse_file(SEED_004)[0]
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 1), note="why a good thing?")
    assert made.speaker == "Shen Jian" and made.turn == 2
    assert made.doc_citation and "PRC FMA 109-03157-01" in made.doc_citation
    assert made.anchor.doc_path == str(SEED_004.resolve())


def test_last_library_round_trip(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.last_library() == []
        store.set_last_library(["relative/dir", tmp_path / "x.txt"])
        assert store.last_library() == [
            os.path.abspath("relative/dir"),
            str(tmp_path / "x.txt"),
        ]
