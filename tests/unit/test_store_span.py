"""Bookmarks over a span of passages in the store (issue 6): the schema migration from
the one-passage store loses nothing, the JSON backup carries the span and older backups
still import, and a span is found again and written back like a one-passage bookmark."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.data import store as store_module
from reader.data.anchor import make_anchor, resolve
from reader.data.store import SCHEMA_VERSION, Store
from reader.model.document import Block, Document, Metadata, Source, Span, Speaker

OLD_ROW = {
    "id": "0b5f0b9e-6a43-4f59-8f0e-2f5a4a0c1d11",
    "created": "2026-01-02T03:04:05.000000Z",
    "updated": "2026-01-02T03:04:05.000000Z",
    "doc_sha256": "ab" * 32,
    "doc_path": "/archive/memo.txt",
    "doc_part": None,
    "doc_title": "Memo of Conversation",
    "doc_citation": "Memo, 1962, Archive X.",
    "block_index": 2,
    "start_offset": 0,
    "end_offset": 7,
    "exact": "Agreed,",
    "prefix": "about the missiles.",
    "suffix": "and about the blockade.",
    "speaker": "Shen Jian",
    "turn": 2,
    "page": None,
    "note": "an old note",
    "tags": '["cuba"]',
    "deleted_at": None,
}


def memo(path: str = "/archive/memo.txt", extra: tuple[Block, ...] = ()) -> Document:
    return Document(
        metadata=Metadata(title="Memo of Conversation", citation="Memo, 1962, Archive X."),
        blocks=(
            *extra,
            Block("heading", "Memorandum"),
            Block("turn", "We must talk about the missiles.", speaker="a", label="Castro",
                  attribution="label"),
            Block("turn", "Agreed, and about the blockade.", speaker="b", label="Shen",
                  attribution="label", spans=(Span("page-break", 7, 7, "2"),)),
            Block("turn", "Then the quarantine is the question.", speaker="a", label="Castro",
                  attribution="label"),
            Block("turn", "It ends when the missiles go.", speaker="b", label="Shen",
                  attribution="label"),
        ),
        speakers=(Speaker("a", "Fidel Castro", slot=0), Speaker("b", "Shen Jian", slot=1)),
        source=Source(path=path, sha256=("cd" if extra else "ab") * 32),
    )  # fmt: skip


def make_version_1_store(path: Path) -> None:
    """A store exactly as the one-passage program (schema 1) left it."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    store_module.MIGRATIONS[0](connection)
    connection.execute("PRAGMA user_version = 1")
    columns = ", ".join(OLD_ROW)
    connection.execute(
        f"INSERT INTO bookmarks ({columns}) VALUES ({', '.join('?' * len(OLD_ROW))})",
        tuple(OLD_ROW.values()),
    )
    deleted = {**OLD_ROW, "id": "1c6a1caf-7b54-4a6a-9f1f-3a6b5b1d2e22",
               "deleted_at": "2026-01-03T00:00:00.000000Z"}  # fmt: skip
    connection.execute(
        f"INSERT INTO bookmarks ({columns}) VALUES ({', '.join('?' * len(OLD_ROW))})",
        tuple(deleted.values()),
    )
    connection.execute(
        "INSERT INTO positions VALUES ('/archive/memo.txt', 3, 5, 'clean', '2026-01-01')"
    )
    connection.execute(
        "INSERT INTO state VALUES ('last_document', '{\"path\": \"/archive/memo.txt\", "
        "\"part\": null}', '2026-01-01')"
    )
    connection.close()


def test_schema_1_store_migrates_losing_nothing(tmp_path: Path) -> None:
    assert SCHEMA_VERSION == 2
    path = tmp_path / "store.sqlite"
    make_version_1_store(path)
    with Store.open(path) as store:
        assert not store.read_only and store.recovered_from is None and store.message is None
        old = store.get(OLD_ROW["id"])
        assert old is not None
        assert (old.note, old.tags, old.turn, old.speaker) == ("an old note", ("cuba",), 2,
                                                               "Shen Jian")  # fmt: skip
        assert old.anchor.exact == "Agreed," and old.anchor.end_block is None
        assert old.end_passage is None and old.locator_parts() == ["turn 2", "passage 3"]
        assert [b.id for b in store.trash()] == ["1c6a1caf-7b54-4a6a-9f1f-3a6b5b1d2e22"]
        position = store.get_position("/archive/memo.txt")
        assert position is not None and (position.block_index, position.offset) == (3, 5)
        last = store.last_document()
        assert last is not None and last.path == "/archive/memo.txt"
        # The old bookmark still anchors in its document, exactly.
        assert resolve(old.anchor, memo()).status == "exact"
        # And the migrated store takes spans.
        document = memo()
        span = store.add_bookmark(document, make_anchor(document, 1, end_block=3))
        assert store.get(span.id) == span
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    connection.close()
    # The store as it was before the upgrade is kept beside it, untouched.
    before = sqlite3.connect(tmp_path / "store.sqlite.before-v2")
    assert before.execute("PRAGMA user_version").fetchone()[0] == 1
    assert before.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 2
    before.close()


def test_span_bookmark_round_trip_with_citation_fields(tmp_path: Path) -> None:
    document = memo()
    anchor = make_anchor(document, 1, 3, 12, end_block=3)
    assert anchor.end_block == 3
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        made = store.add_bookmark(document, anchor, note="the exchange", tags=["cuba"])
    assert (made.turn, made.end_turn, made.passage, made.end_passage) == (1, 3, 2, 4)
    assert (made.page, made.end_page) == (None, "2")
    assert made.locator_parts() == ["turns 1\u20133", "passages 2\u20134"]
    with Store.open(path) as store:
        again = store.get(made.id)
        assert again == made
        assert [b.id for b in store.bookmarks_for(document)] == [made.id]
        found = resolve(again.anchor, document)
        assert found.status == "exact" and found.end_block == 3


def test_span_followed_after_a_paragraph_is_inserted(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 1, end_block=3))
        changed = memo(extra=(Block("paragraph", "Translated from the Russian."),))
        found = resolve(made.anchor, changed)
        assert found.status == "moved" and found.certain and found.end_block == 4
        written = store.follow(made, changed, found)
        assert written is not None
        assert (written.anchor.block_index, written.anchor.end_block) == (2, 4)
        assert (written.turn, written.end_turn, written.note) == (1, 3, made.note)
        assert resolve(written.anchor, changed).status == "exact"


def test_backup_round_trip_carries_the_span(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "a.sqlite") as first:
        span = first.add_bookmark(document, make_anchor(document, 1, end_block=3), note="n")
        single = first.add_bookmark(document, make_anchor(document, 2))
        backup = json.loads(json.dumps(first.export_data()))
    assert backup["version"] == 2
    items = {item["id"]: item for item in backup["bookmarks"]}
    assert items[span.id]["anchor"]["end_block"] == 3 and items[span.id]["end_turn"] == 3
    assert items[single.id]["anchor"]["end_block"] is None
    with Store.open(tmp_path / "b.sqlite") as second:
        result = second.import_data(backup)
        assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
        assert second.get(span.id) == span and second.get(single.id) == single
        # Importing again adds nothing: a span and a single passage are told apart.
        again = second.import_data(backup)
        assert (again.added, again.unchanged) == (0, 2)


def test_version_1_backup_imports_as_spans_of_one(tmp_path: Path) -> None:
    old_backup = {
        "format": "archive-reader-bookmarks",
        "version": 1,
        "exported": "2026-01-05T00:00:00.000000Z",
        "bookmarks": [{
            "id": OLD_ROW["id"],
            "created": OLD_ROW["created"],
            "updated": OLD_ROW["updated"],
            "deleted_at": None,
            "document": {"sha256": "ab" * 32, "path": "/archive/memo.txt", "part": None,
                         "title": "Memo of Conversation", "citation": None},
            "anchor": {"block_index": 2, "start": 0, "end": 7, "exact": "Agreed,",
                       "prefix": "", "suffix": "and about the blockade."},
            "speaker": "Shen Jian", "turn": 2, "page": None, "note": "from v1",
            "tags": ["cuba"],
        }],
        "positions": [{"doc_key": "/archive/memo.txt", "block_index": 2, "offset": 0,
                       "mode": "printed", "updated": "2026-01-05T00:00:00.000000Z"}],
    }  # fmt: skip
    with Store.open(tmp_path / "s.sqlite") as store:
        result = store.import_data(old_backup)
        assert (result.added, result.positions) == (1, 1)
        bookmark = store.get(OLD_ROW["id"])
        assert bookmark is not None and bookmark.note == "from v1"
        assert bookmark.anchor.end_block is None and bookmark.end_passage is None
        assert resolve(bookmark.anchor, memo()).status == "exact"


def test_backup_with_a_bad_span_is_refused_whole(tmp_path: Path) -> None:
    document = memo()
    with Store.open(tmp_path / "a.sqlite") as first:
        first.add_bookmark(document, make_anchor(document, 1, end_block=3))
        backup = json.loads(json.dumps(first.export_data()))
    backup["bookmarks"][0]["anchor"]["end_block"] = 0  # ends before it starts
    with Store.open(tmp_path / "b.sqlite") as second:
        try:
            second.import_data(backup)
        except store_module.StoreError as error:
            assert "ends before it starts" in str(error)
        else:  # pragma: no cover - the test fails here
            raise AssertionError("a span ending before it starts was imported")
        assert second.list_bookmarks(include_deleted=True) == []


def test_schema_1_store_in_a_read_only_folder_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite"
    make_version_1_store(path)
    before = path.read_bytes()
    real_connect = store_module._plain_connect

    def read_only_folder(database: str, uri: bool = False) -> sqlite3.Connection:
        if not uri and database != ":memory:":  # the read-write open Store.open tries first
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, uri=uri)

    monkeypatch.setattr(store_module, "_plain_connect", read_only_folder)
    with Store.open(path) as store:
        assert store.read_only
        (bookmark,) = store.list_bookmarks()
        assert bookmark.note == "an old note" and bookmark.anchor.end_block is None
        assert len(store.trash()) == 1
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.before-*")) and not list(tmp_path.glob("*.broken-*"))
