"""The user's own work: bookmarks with notes and tags, reading positions, the last document.

This is the one place where losing data is unforgivable, so (DESIGN.md, safety rules):

- SQLite in WAL mode, every write inside ``BEGIN IMMEDIATE`` with a 10 s busy timeout:
  two readers open on the same store add and edit bookmarks at the same time and lose
  nothing (tests/unit/test_store_concurrency.py).
- Schema changes are migrations keyed by ``PRAGMA user_version``; before upgrading an
  existing store, a copy is kept beside it (``store.sqlite.before-vN``). Schema 2 added
  spans of passages (nullable columns: every older bookmark is a span of one).
- A store that cannot be opened (truncated, garbage, "file is not a database", a folder
  in its place, a schema newer than this program knows) is RENAMED aside to
  ``store.sqlite.broken-YYYYmmdd-HHMMSS`` (with its ``-wal``/``-shm``) and a fresh store
  is started. ``Store.recovered_from`` is that path and ``Store.message`` the sentence
  to show the user (in the app and on stderr).
- A data folder that cannot be written: the store opens read-only (existing bookmarks
  can still be read, or an empty in-memory store when there is no file), ``read_only``
  is True, ``message`` says why, and every write raises ``ReadOnlyStoreError``.
- Deleting is soft: ``delete(id)`` sets ``deleted_at`` and ``restore(id)`` undoes it.
  Nothing here ever hard-deletes; deleted bookmarks stay in the trash (``trash()``).

API (all methods are thread-safe; the app may call them from workers)::

    store = Store.open()                       # or Store.open(path)
    store.read_only, store.recovered_from, store.message
    bm = store.add_bookmark(document, anchor, note="", tags=(), citation=None)
    #   (an anchor over a span of passages, make_anchor(..., end_block=N), is kept as
    #   that span: bm.end_passage, bm.end_turn, bm.end_page, bm.locator_parts())
    store.get(id) -> Bookmark | None           # id or a unique id prefix
    store.update_note(id, note, tags=None) -> Bookmark     # tags None: unchanged
    store.update_anchor(id, anchor, document, expected=None) -> Bookmark
    store.follow(bookmark, document, resolution) -> Bookmark | None  # write back a re-find
    store.rehome(bookmark, parts_of_its_file) -> Bookmark | None  # a file now read as parts
    store.delete(id) -> Bookmark               # soft; undo with restore(id)
    store.restore(id) -> Bookmark
    store.list_bookmarks(order="newest"|"document", query=None, include_deleted=False)
    store.bookmarks_for(document) -> list[Bookmark]        # same hash, or same path+part
    store.whole_file_bookmarks(document) -> list[Bookmark] # its file, made without a part
    store.trash() -> list[Bookmark]
    store.set_position(doc_key, block_index, offset=0, mode="printed")
    store.get_position(doc_key) -> Position | None
    store.set_last_document(path, part=None); store.last_document() -> LastDocument | None
    store.export_data(include_deleted=True) -> dict        # the JSON backup
    store.import_data(data) -> ImportResult                 # merge, no duplicates
    store.close()

``doc_key(document)`` gives the key for reading positions. Errors: ``StoreError`` (its
``str()`` is the user message) and its subclass ``ReadOnlyStoreError``.
"""

# S608: every query is built from the constant _COLUMNS only; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from reader.data import locations
from reader.data.anchor import Anchor, Resolution, rebase, rehome
from reader.model.document import Document
from reader.model.loading import neutralise

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "SCHEMA_VERSION",
    "Bookmark",
    "ImportResult",
    "LastDocument",
    "Position",
    "ReadOnlyStoreError",
    "Store",
    "StoreError",
    "doc_key",
    "locator",
]

STORE_NAME: Final = "store.sqlite"
BUSY_TIMEOUT_S: Final = 10.0
EXPORT_FORMAT: Final = "archive-reader-bookmarks"
#: 2 added the span of a bookmark across passages (``anchor.end_block``, ``end_turn``,
#: ``end_page``); version 1 backups (one passage each) are still read.
EXPORT_VERSION: Final = 2
#: Limits on imported text: a backup file is not trusted input.
_MAX_FIELD: Final = 1_000_000
_MAX_TAGS: Final = 100


class StoreError(Exception):
    """The store could not do what was asked. ``str(error)`` is the user message."""


class ReadOnlyStoreError(StoreError):
    """A write to a store opened read-only (the data folder cannot be written)."""


# --- records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked passage (or part of one) with the reader's note and tags."""

    id: str
    created: str
    updated: str
    anchor: Anchor
    doc_title: str = ""
    #: the citation as given by the document (Metadata.citation) or the caller
    doc_citation: str | None = None
    #: the speaker's display name, where the passage has one
    speaker: str | None = None
    #: 1-based number of the labelled turn the passage belongs to, where it is a turn
    turn: int | None = None
    #: the printed page where the quote starts, where known
    page: str | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    deleted_at: str | None = None
    #: for a span of passages: the turn number and the printed page where it ends
    end_turn: int | None = None
    end_page: str | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def passage(self) -> int:
        """The 1-based passage number (as ``bookmarks add --passage`` takes it)."""
        return self.anchor.block_index + 1

    @property
    def end_passage(self) -> int | None:
        """The 1-based passage where a span ends; None for a bookmark of one passage."""
        end = self.anchor.end_block
        return None if end is None or end == self.anchor.block_index else end + 1

    def locator_parts(self) -> list[str]:
        """"turns 2–4", "pp. 5–6", "passages 7–9" (or "turn 2", "p. 5", "passage 7"):
        where the bookmark is, for lists and exports."""
        parts: list[str] = []
        end = self.end_passage
        if self.turn and end is not None and self.end_turn and self.end_turn != self.turn:
            parts.append(f"turns {self.turn}–{self.end_turn}")
        elif self.turn:
            parts.append(f"turn {self.turn}")
        if self.page and end is not None and self.end_page and self.end_page != self.page:
            parts.append(f"pp. {self.page}–{self.end_page}")
        elif self.page:
            parts.append(f"p. {self.page}")
        if end is not None:
            parts.append(f"passages {self.passage}–{end}")
        else:
            parts.append(f"passage {self.passage}")
        return parts


@dataclass(frozen=True, slots=True)
class Position:
    doc_key: str
    block_index: int
    offset: int = 0
    mode: str = "printed"
    updated: str = ""


@dataclass(frozen=True, slots=True)
class LastDocument:
    path: str
    part: str | None = None
    updated: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    positions: int = 0
    messages: tuple[str, ...] = field(default_factory=tuple)


def _now() -> str:
    """UTC, microseconds, sortable as text: the merge rule compares these."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def doc_key(document: Document) -> str:
    """The reading-position key: the absolute path (and part), or the hash for stdin."""
    source = document.source
    if source.path and source.path != "-":
        key = os.path.abspath(source.path)
    else:
        key = f"sha256:{source.sha256}"
    return f"{key}#{source.part}" if source.part else key


def locator(document: Document, block_index: int, start: int = 0) -> tuple[int | None, str | None]:
    """(turn number, printed page) for a passage: what a citation of a passage needs.

    The turn number counts labelled turns up to the passage (a continuation belongs to
    the turn it continues); the page is the last page known at ``start``.
    """
    turn = 0
    page: str | None = None
    for index, block in enumerate(document.blocks[: block_index + 1]):
        if block.kind == "turn" and block.attribution == "label":
            turn += 1
        if block.page:
            page = block.page
        for span in block.spans:
            before = index < block_index or span.start <= start
            if span.kind == "page-break" and span.ref and before:
                page = span.ref
    in_turn = (
        0 <= block_index < len(document.blocks)
        and document.blocks[block_index].kind == "turn"
        and turn > 0
    )
    return (turn if in_turn else None), page


# --- schema ---------------------------------------------------------------------------


def _migrate_1(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE bookmarks (
            id TEXT PRIMARY KEY,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            doc_sha256 TEXT NOT NULL,
            doc_path TEXT,
            doc_part TEXT,
            doc_title TEXT NOT NULL DEFAULT '',
            doc_citation TEXT,
            block_index INTEGER NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            speaker TEXT,
            turn INTEGER,
            page TEXT,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            deleted_at TEXT
        )
        """
    )
    connection.execute("CREATE INDEX bookmarks_by_sha ON bookmarks(doc_sha256)")
    connection.execute("CREATE INDEX bookmarks_by_path ON bookmarks(doc_path)")
    connection.execute(
        """
        CREATE TABLE positions (
            doc_key TEXT PRIMARY KEY,
            block_index INTEGER NOT NULL,
            char_offset INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL DEFAULT 'printed',
            updated TEXT NOT NULL
        )
        """
    )
    connection.execute(
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated TEXT NOT NULL)"
    )


def _migrate_2(connection: sqlite3.Connection) -> None:
    """Bookmarks over a span of passages: where the span ends (NULL: the passage it
    starts in, so every bookmark made before is a span of one, unchanged) and the turn
    and page there. Adding nullable columns rewrites no row: nothing can be lost."""
    connection.execute("ALTER TABLE bookmarks ADD COLUMN end_block INTEGER")
    connection.execute("ALTER TABLE bookmarks ADD COLUMN end_turn INTEGER")
    connection.execute("ALTER TABLE bookmarks ADD COLUMN end_page TEXT")


#: MIGRATIONS[n] takes a store from user_version n to n + 1, inside one transaction.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]
SCHEMA_VERSION: Final = len(MIGRATIONS)

_COLUMNS: Final = (
    "id, created, updated, doc_sha256, doc_path, doc_part, doc_title, doc_citation, "
    "block_index, start_offset, end_offset, exact, prefix, suffix, speaker, turn, page, "
    "note, tags, deleted_at, end_block, end_turn, end_page"
)
_PLACEHOLDERS: Final = ", ".join("?" * len(_COLUMNS.split(",")))


class _Broken(Exception):
    """The file is not a store we can use; the reason is for the user."""


def _row_to_bookmark(row: sqlite3.Row) -> Bookmark:
    try:
        tags = tuple(str(tag) for tag in json.loads(row["tags"] or "[]"))
    except ValueError:
        tags = ()
    return Bookmark(
        id=row["id"],
        created=row["created"],
        updated=row["updated"],
        anchor=Anchor(
            exact=row["exact"],
            prefix=row["prefix"],
            suffix=row["suffix"],
            block_index=row["block_index"],
            start=row["start_offset"],
            end=row["end_offset"],
            doc_sha256=row["doc_sha256"],
            doc_path=row["doc_path"],
            doc_part=row["doc_part"],
            end_block=row["end_block"],
        ),
        doc_title=row["doc_title"],
        doc_citation=row["doc_citation"],
        speaker=row["speaker"],
        turn=row["turn"],
        page=row["page"],
        note=row["note"],
        tags=tags,
        deleted_at=row["deleted_at"],
        end_turn=row["end_turn"],
        end_page=row["end_page"],
    )


def _bookmark_values(bookmark: Bookmark) -> tuple[Any, ...]:
    a = bookmark.anchor
    return (
        bookmark.id, bookmark.created, bookmark.updated, a.doc_sha256, a.doc_path,
        a.doc_part, bookmark.doc_title, bookmark.doc_citation, a.block_index, a.start,
        a.end, a.exact, a.prefix, a.suffix, bookmark.speaker, bookmark.turn, bookmark.page,
        bookmark.note, json.dumps(list(bookmark.tags), ensure_ascii=False),
        bookmark.deleted_at, a.end_block, bookmark.end_turn, bookmark.end_page,
    )  # fmt: skip


def _span_end(document: Document, anchor: Anchor) -> tuple[int | None, str | None]:
    """(turn, page) where a span of passages ends; (None, None) for one passage."""
    end = anchor.end_block
    if end is None or end == anchor.block_index or not 0 <= end < len(document.blocks):
        return None, None
    return locator(document, end, anchor.end)


def _clean(text: str) -> str:
    """Notes and tags reach the terminal: no control characters in them."""
    return neutralise(text)[0]


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(_clean(str(tag)).split()).lstrip("#")
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


# --- the store ------------------------------------------------------------------------


class Store:
    """Bookmarks, notes and reading positions in one SQLite file. See the module docstring."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        *,
        read_only: bool = False,
        recovered_from: Path | None = None,
        message: str | None = None,
    ) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path
        self.read_only = read_only
        self.recovered_from = recovered_from
        self.message = message

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Store:
        """Open (creating, upgrading or recovering as needed) the store at ``path``.

        Never raises for a broken or unwritable store: see the module docstring.
        """
        target = Path(path) if path is not None else locations.data_dir() / STORE_NAME
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._read_only(target, f"the folder {target.parent} cannot be created "
                                  f"({error.strerror or error})")
        try:
            return cls(_connect(target), target)
        except _Broken as broken:
            reason = str(broken)
        except _Unwritable as error:
            return cls._read_only(target, str(error))
        try:
            aside = _rename_aside(target)
        except OSError as error:
            return cls._read_only(
                target,
                f"the store is damaged ({reason}) and could not be moved aside "
                f"({error.strerror or error})",
                broken=True,
            )
        message = (
            f"Could not open your bookmarks ({reason}); it was moved to {aside} "
            "and a new store was started."
        )
        try:
            store = cls(_connect(target), target, recovered_from=aside, message=message)
        except (_Broken, _Unwritable) as error:  # pragma: no cover - needs a disk failing now
            return cls._read_only(target, f"{message} The new store failed too: {error}")
        return store

    @classmethod
    def _read_only(cls, target: Path, why: str, broken: bool = False) -> Store:
        """Reading still works: the existing file read-only, else an empty memory store."""
        connection: sqlite3.Connection | None = None
        if not broken and target.is_file():
            for query in ("mode=ro", "mode=ro&immutable=1"):
                try:
                    candidate = _plain_connect(_uri(target, query), uri=True)
                    version = candidate.execute("PRAGMA user_version").fetchone()[0]
                    candidate.execute("SELECT count(*) FROM bookmarks").fetchone()
                    if version > SCHEMA_VERSION:
                        candidate.close()
                        continue
                    connection = candidate
                    if version < SCHEMA_VERSION:
                        connection = _upgraded_copy(candidate)
                    break
                except sqlite3.Error:
                    continue
        if connection is None:
            connection = _plain_connect(":memory:")
            _upgrade(connection, None)
        message = (
            f"Bookmarks cannot be saved: {why}. Reading works; changes will not be kept."
        )
        return cls(connection, target, read_only=True, message=message)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise ReadOnlyStoreError(self.message or "the bookmark store is read-only")
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise StoreError(f"could not save to the bookmark store: {error}") from None
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            try:
                connection.execute("COMMIT")
            except sqlite3.Error as error:
                connection.execute("ROLLBACK")
                raise StoreError(f"could not save to the bookmark store: {error}") from None

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._connection.execute(sql, params))

    # -- bookmarks ---------------------------------------------------------------------

    def add_bookmark(
        self,
        document: Document,
        anchor: Anchor,
        note: str = "",
        tags: Iterable[str] = (),
        citation: str | None = None,
    ) -> Bookmark:
        """Store a new bookmark on ``anchor`` (made with anchor.make_anchor on document);
        an anchor over a span of passages is stored as that span."""
        block = (
            document.blocks[anchor.block_index]
            if 0 <= anchor.block_index < len(document.blocks)
            else None
        )
        speaker = document.speaker(block.speaker) if block else None
        turn, page = locator(document, anchor.block_index, anchor.start) if block else (None, None)
        end_turn, end_page = _span_end(document, anchor)
        if anchor.doc_path and anchor.doc_path != "-":
            # Relative to whatever folder the reader was started in means nothing later.
            anchor = replace(anchor, doc_path=os.path.abspath(anchor.doc_path))
        now = _now()
        bookmark = Bookmark(
            id=str(uuid.uuid4()),
            created=now,
            updated=now,
            anchor=anchor,
            doc_title=document.metadata.title,
            doc_citation=citation if citation is not None else document.metadata.citation,
            speaker=speaker.name if speaker else None,
            turn=turn,
            page=page,
            note=_clean(note),
            tags=_clean_tags(tags),
            end_turn=end_turn,
            end_page=end_page,
        )
        with self._write() as connection:
            connection.execute(
                f"INSERT INTO bookmarks ({_COLUMNS}) VALUES ({_PLACEHOLDERS})",
                _bookmark_values(bookmark),
            )
        return bookmark

    def get(self, bookmark_id: str) -> Bookmark | None:
        """The bookmark with this id, or with this unique id prefix (as ``list`` prints)."""
        rows = self._query(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        if not rows and bookmark_id and len(bookmark_id) >= 4:
            pattern = bookmark_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self._query(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                (pattern + "%",),
            )
            if len(rows) > 1:
                raise StoreError(f"more than one bookmark id starts with {bookmark_id!r}")
        return _row_to_bookmark(rows[0]) if rows else None

    def _require(self, bookmark_id: str) -> Bookmark:
        found = self.get(bookmark_id)
        if found is None:
            raise StoreError(f"no bookmark with id {bookmark_id!r}")
        return found

    def _save(self, bookmark: Bookmark, connection: sqlite3.Connection) -> None:
        connection.execute(
            f"INSERT OR REPLACE INTO bookmarks ({_COLUMNS}) VALUES ({_PLACEHOLDERS})",
            _bookmark_values(bookmark),
        )

    def _change(
        self, bookmark_id: str, change: Callable[[Bookmark], Bookmark | None]
    ) -> Bookmark:
        """Read-modify-write inside one immediate transaction: no concurrent edit lost.

        ``change`` returning None writes nothing (the stored bookmark is returned)."""
        full_id = self._require(bookmark_id).id
        with self._write() as connection:
            rows = list(
                connection.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (full_id,))
            )
            if not rows:  # pragma: no cover - nothing ever hard-deletes
                raise StoreError(f"no bookmark with id {bookmark_id!r}")
            stored = _row_to_bookmark(rows[0])
            changed = change(stored)
            if changed is None:
                return stored
            changed = replace(changed, updated=_now())
            self._save(changed, connection)
        return changed

    def update_note(
        self, bookmark_id: str, note: str, tags: Iterable[str] | None = None
    ) -> Bookmark:
        """Replace the note (and the tags, unless ``tags`` is None)."""
        cleaned_tags = None if tags is None else _clean_tags(tags)
        return self._change(
            bookmark_id,
            lambda b: replace(
                b, note=_clean(note), tags=b.tags if cleaned_tags is None else cleaned_tags
            ),
        )

    def update_anchor(
        self,
        bookmark_id: str,
        anchor: Anchor,
        document: Document,
        expected: Anchor | None = None,
    ) -> Bookmark:
        """Point the bookmark at a re-found passage (after a "moved" resolution).

        The note, tags, citation and creation time are kept. With ``expected``, nothing
        is written unless the stored anchor is still that one: a re-find computed from
        an anchor that another window has meanwhile changed must not overwrite it.
        """
        if anchor.doc_path and anchor.doc_path != "-":
            anchor = replace(anchor, doc_path=os.path.abspath(anchor.doc_path))
        block = (
            document.blocks[anchor.block_index]
            if 0 <= anchor.block_index < len(document.blocks)
            else None
        )
        speaker = document.speaker(block.speaker) if block else None
        turn, page = locator(document, anchor.block_index, anchor.start)
        end_turn, end_page = _span_end(document, anchor)

        def change(bookmark: Bookmark) -> Bookmark | None:
            if expected is not None and bookmark.anchor != expected:
                return None
            return replace(
                bookmark,
                anchor=anchor,
                turn=turn,
                page=page,
                end_turn=end_turn,
                end_page=end_page,
                speaker=speaker.name if speaker else bookmark.speaker,
                doc_title=document.metadata.title or bookmark.doc_title,
            )

        return self._change(bookmark_id, change)

    def follow(
        self, bookmark: Bookmark, document: Document, found: Resolution
    ) -> Bookmark | None:
        """Write back where a bookmark's words were found again, if the find is certain.

        The one place every view that resolves bookmarks (the reader's markers, the
        bookmarks screen, ``archive-reader bookmarks list``) sends its results, so that a
        bookmark re-found after its document changed is stored at its new place and is
        "exact" from then on, instead of being searched for again at every start.
        ``anchor.rebase`` decides what is certain: a fuzzy or ambiguous find is never
        written. Returns the bookmark as written, or None when nothing was written (not
        certain, already current, a read-only store, or a failed write: the transaction
        is rolled back and the old record stays exactly as it was).
        """
        if self.read_only or bookmark.deleted:
            return None
        remade = rebase(bookmark.anchor, document, found)
        return None if remade is None else self._write_back(bookmark, remade, document)

    def rehome(self, bookmark: Bookmark, documents: Sequence[Document]) -> Bookmark | None:
        """Move a bookmark made when its file was read as one document to the part (a
        volume's record) its words are in now, where that is certain (``anchor.rehome``
        decides; ``documents`` are the file's parts): from then on it is found exactly
        and marked in that record. Returns the bookmark as written, or None when nothing
        was written (as ``follow``)."""
        if self.read_only or bookmark.deleted:
            return None
        where = rehome(bookmark.anchor, documents)
        return None if where is None else self._write_back(bookmark, where[1], where[0])

    def _write_back(
        self, bookmark: Bookmark, remade: Anchor, document: Document
    ) -> Bookmark | None:
        """Store a re-found anchor unless another writer changed the bookmark since it
        was read; the bookmark as written, or None."""
        if remade.doc_path and remade.doc_path != "-":
            remade = replace(remade, doc_path=os.path.abspath(remade.doc_path))
        try:
            written = self.update_anchor(bookmark.id, remade, document, expected=bookmark.anchor)
        except StoreError:
            return None
        return written if written.anchor == remade else None

    def delete(self, bookmark_id: str) -> Bookmark:
        """Move to the trash (soft delete); ``restore`` brings it back."""
        return self._change(
            bookmark_id, lambda b: b if b.deleted_at else replace(b, deleted_at=_now())
        )

    def restore(self, bookmark_id: str) -> Bookmark:
        return self._change(bookmark_id, lambda b: replace(b, deleted_at=None))

    def list_bookmarks(
        self,
        order: str = "newest",
        query: str | None = None,
        include_deleted: bool = False,
    ) -> list[Bookmark]:
        """Bookmarks, newest first or by document (title, then passage order).

        ``query``: every word must occur (case-insensitively) in the quote, note, tags,
        speaker or document title.
        """
        if order not in ("newest", "document"):
            raise ValueError(f"unknown order {order!r}")
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        rows = self._query(f"SELECT {_COLUMNS} FROM bookmarks {where}")
        bookmarks = [_row_to_bookmark(row) for row in rows]
        if query and query.strip():
            words = query.casefold().split()
            bookmarks = [b for b in bookmarks if all(w in _haystack(b) for w in words)]
        if order == "newest":
            bookmarks.sort(key=lambda b: (b.created, b.id), reverse=True)
        else:
            bookmarks.sort(
                key=lambda b: (b.doc_title.casefold(), b.anchor.doc_path or "",
                               b.anchor.doc_part or "", b.anchor.block_index, b.anchor.start)
            )  # fmt: skip
        return bookmarks

    def bookmarks_for(self, document: Document) -> list[Bookmark]:
        """Live bookmarks made on this document: same content hash, or same path and part."""
        return self._bookmarks_on(document, document.source.part)

    def whole_file_bookmarks(self, document: Document) -> list[Bookmark]:
        """Live bookmarks made on ``document``'s file when it was read as one document
        (no part), ``document`` being one part of it now: candidates for ``rehome``."""
        if document.source.part is None:
            return []
        return self._bookmarks_on(document, None)

    def _bookmarks_on(self, document: Document, part: str | None) -> list[Bookmark]:
        source = document.source
        # Stored paths are absolute (add_bookmark); a document opened by a relative
        # path must still find them once its content (and so its hash) has changed.
        absolute = (
            os.path.abspath(source.path) if source.path and source.path != "-" else source.path
        )
        rows = self._query(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE deleted_at IS NULL AND "
            "((doc_sha256 = ? AND doc_part IS ?) OR (doc_path IN (?, ?) AND doc_part IS ?)) "
            "ORDER BY block_index, start_offset",
            (source.sha256, part, source.path, absolute, part),
        )
        return [_row_to_bookmark(row) for row in rows]

    def trash(self) -> list[Bookmark]:
        """Deleted bookmarks, most recently deleted first. They are never purged."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE deleted_at IS NOT NULL "
            "ORDER BY deleted_at DESC"
        )
        return [_row_to_bookmark(row) for row in rows]

    # -- reading positions and the last document --------------------------------------

    def set_position(
        self, key: str, block_index: int, offset: int = 0, mode: str = "printed"
    ) -> Position:
        position = Position(key, block_index, offset, mode, _now())
        with self._write() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO positions VALUES (?, ?, ?, ?, ?)",
                (key, block_index, offset, mode, position.updated),
            )
        return position

    def get_position(self, key: str) -> Position | None:
        rows = self._query("SELECT * FROM positions WHERE doc_key = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        return Position(row["doc_key"], row["block_index"], row["char_offset"], row["mode"],
                        row["updated"])  # fmt: skip

    def set_last_document(self, path: str | os.PathLike[str], part: str | None = None) -> None:
        value = json.dumps({"path": os.path.abspath(path), "part": part})
        with self._write() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO state VALUES ('last_document', ?, ?)", (value, _now())
            )

    def last_document(self) -> LastDocument | None:
        rows = self._query("SELECT value, updated FROM state WHERE key = 'last_document'")
        if not rows:
            return None
        try:
            value = json.loads(rows[0]["value"])
            return LastDocument(str(value["path"]), value.get("part"), rows[0]["updated"])
        except (ValueError, KeyError, TypeError):
            return None

    def set_last_library(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        """The files and folders the reader was last opened on, for a bare restart."""
        value = json.dumps([os.path.abspath(p) for p in paths])
        with self._write() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO state VALUES ('last_library', ?, ?)", (value, _now())
            )

    def last_library(self) -> list[str]:
        rows = self._query("SELECT value FROM state WHERE key = 'last_library'")
        if not rows:
            return []
        try:
            value = json.loads(rows[0]["value"])
        except ValueError:
            return []
        return [str(p) for p in value if isinstance(p, str)] if isinstance(value, list) else []

    # -- backup: export and import ----------------------------------------------------

    def export_data(self, include_deleted: bool = True) -> dict[str, Any]:
        """The whole store as plain JSON-able data (the documented backup format)."""
        bookmarks = self.list_bookmarks(order="document", include_deleted=include_deleted)
        positions = self._query("SELECT * FROM positions ORDER BY doc_key")
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": _now(),
            "bookmarks": [_bookmark_to_json(b) for b in bookmarks],
            "positions": [
                {
                    "doc_key": r["doc_key"],
                    "block_index": r["block_index"],
                    "offset": r["char_offset"],
                    "mode": r["mode"],
                    "updated": r["updated"],
                }
                for r in positions
            ],
        }

    def import_data(self, data: Mapping[str, Any]) -> ImportResult:
        """Merge a backup: same id keeps the newer ``updated``; the same passage of the
        same document with the same quote is one bookmark, whatever its id."""
        incoming = _parse_backup(data)
        added = updated = unchanged = positions = 0
        with self._write() as connection:
            for bookmark in incoming.bookmarks:
                rows = list(connection.execute(
                    f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark.id,)
                ))  # fmt: skip
                if not rows:
                    a = bookmark.anchor
                    rows = list(connection.execute(
                        f"SELECT {_COLUMNS} FROM bookmarks WHERE doc_sha256 = ? AND "
                        "doc_part IS ? AND block_index = ? AND start_offset = ? AND "
                        "end_offset = ? AND exact = ? AND end_block IS ? "
                        "ORDER BY created LIMIT 1",
                        (a.doc_sha256, a.doc_part, a.block_index, a.start, a.end, a.exact,
                         a.end_block),
                    ))  # fmt: skip
                if not rows:
                    self._save(bookmark, connection)
                    added += 1
                    continue
                existing = _row_to_bookmark(rows[0])
                if bookmark.updated > existing.updated:
                    self._save(replace(bookmark, id=existing.id, created=existing.created),
                               connection)  # fmt: skip
                    updated += 1
                else:
                    unchanged += 1
            for position in incoming.positions:
                rows = list(connection.execute(
                    "SELECT updated FROM positions WHERE doc_key = ?", (position.doc_key,)
                ))  # fmt: skip
                if not rows or position.updated > rows[0]["updated"]:
                    connection.execute(
                        "INSERT OR REPLACE INTO positions VALUES (?, ?, ?, ?, ?)",
                        (position.doc_key, position.block_index, position.offset,
                         position.mode, position.updated),
                    )  # fmt: skip
                    positions += 1
        return ImportResult(added, updated, unchanged, positions, tuple(incoming.messages))


def _haystack(bookmark: Bookmark) -> str:
    return " ".join(
        [bookmark.anchor.exact, bookmark.note, " ".join(bookmark.tags),
         bookmark.speaker or "", bookmark.doc_title]
    ).casefold()  # fmt: skip


def _bookmark_to_json(bookmark: Bookmark) -> dict[str, Any]:
    a = bookmark.anchor
    return {
        "id": bookmark.id,
        "created": bookmark.created,
        "updated": bookmark.updated,
        "deleted_at": bookmark.deleted_at,
        "document": {
            "sha256": a.doc_sha256,
            "path": a.doc_path,
            "part": a.doc_part,
            "title": bookmark.doc_title,
            "citation": bookmark.doc_citation,
        },
        "anchor": {
            "block_index": a.block_index,
            "start": a.start,
            "end": a.end,
            "exact": a.exact,
            "prefix": a.prefix,
            "suffix": a.suffix,
            "end_block": a.end_block,
        },
        "speaker": bookmark.speaker,
        "turn": bookmark.turn,
        "page": bookmark.page,
        "end_turn": bookmark.end_turn,
        "end_page": bookmark.end_page,
        "note": bookmark.note,
        "tags": list(bookmark.tags),
    }


@dataclass
class _Backup:
    bookmarks: list[Bookmark]
    positions: list[Position]
    messages: list[str]


def _text(value: Any, what: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise StoreError(f"not a bookmark backup: {what} should be text")
    if len(value) > _MAX_FIELD:
        raise StoreError(f"not a bookmark backup: {what} is too long")
    return _clean(value)


def _integer(value: Any, what: str, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StoreError(f"not a bookmark backup: {what} should be a whole number")
    return value


def _parse_backup(data: Mapping[str, Any]) -> _Backup:
    """Validate a backup (untrusted input) into records; one clear message if it is bad."""
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(f"not a bookmark backup (no \"format\": \"{EXPORT_FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > EXPORT_VERSION:
        raise StoreError(
            f"this backup has version {version!r}; this program reads up to {EXPORT_VERSION}"
        )
    items = data.get("bookmarks", [])
    if not isinstance(items, list):
        raise StoreError("not a bookmark backup: \"bookmarks\" should be a list")
    bookmarks: list[Bookmark] = []
    for number, item in enumerate(items, 1):
        what = f"bookmark {number}"
        if not isinstance(item, Mapping):
            raise StoreError(f"not a bookmark backup: {what} is not an object")
        doc = item.get("document")
        anchor = item.get("anchor")
        if not isinstance(doc, Mapping) or not isinstance(anchor, Mapping):
            raise StoreError(f"not a bookmark backup: {what} lacks its document or anchor")
        identifier = _text(item.get("id"), f"{what} id")
        try:
            uuid.UUID(identifier)
        except ValueError:
            raise StoreError(f"not a bookmark backup: {what} id is not a UUID") from None
        tags = item.get("tags", [])
        if not isinstance(tags, list) or len(tags) > _MAX_TAGS:
            raise StoreError(f"not a bookmark backup: {what} tags should be a short list")
        start = _integer(anchor.get("start"), f"{what} start")
        end = _integer(anchor.get("end"), f"{what} end")
        block_index = _integer(anchor.get("block_index"), f"{what} passage")
        # Version 1 backups have no span: every bookmark is one passage.
        end_block = _integer(anchor.get("end_block"), f"{what} last passage", True)
        if end_block is not None and end_block < block_index:
            raise StoreError(f"not a bookmark backup: {what} ends before it starts")
        if end_block == block_index:
            end_block = None
        if end_block is None and end < start:
            raise StoreError(f"not a bookmark backup: {what} ends before it starts")
        turn = item.get("turn")
        page = item.get("page")
        end_page = item.get("end_page")
        bookmarks.append(
            Bookmark(
                id=identifier,
                created=_text(item.get("created"), f"{what} created"),
                updated=_text(item.get("updated"), f"{what} updated"),
                deleted_at=_text(item.get("deleted_at"), f"{what} deleted_at", True),
                anchor=Anchor(
                    exact=_text(anchor.get("exact"), f"{what} quote"),
                    prefix=_text(anchor.get("prefix", ""), f"{what} prefix"),
                    suffix=_text(anchor.get("suffix", ""), f"{what} suffix"),
                    block_index=block_index,
                    start=start,
                    end=end,
                    doc_sha256=_text(doc.get("sha256", ""), f"{what} sha256"),
                    doc_path=_text(doc.get("path"), f"{what} path", True),
                    doc_part=_text(doc.get("part"), f"{what} part", True),
                    end_block=end_block,
                ),
                doc_title=_text(doc.get("title", ""), f"{what} title"),
                doc_citation=_text(doc.get("citation"), f"{what} citation", True),
                speaker=_text(item.get("speaker"), f"{what} speaker", True),
                turn=_integer(turn, f"{what} turn", True),
                page=_text(None if page is None else str(page), f"{what} page", True),
                note=_text(item.get("note", ""), f"{what} note"),
                tags=_clean_tags(_text(tag, f"{what} tag") for tag in tags),
                end_turn=(None if end_block is None
                          else _integer(item.get("end_turn"), f"{what} end turn", True)),
                end_page=(None if end_block is None or end_page is None
                          else _text(str(end_page), f"{what} end page", True)),
            )
        )
    positions: list[Position] = []
    raw_positions = data.get("positions", [])
    if isinstance(raw_positions, list):
        for number, item in enumerate(raw_positions, 1):
            what = f"position {number}"
            if not isinstance(item, Mapping):
                raise StoreError(f"not a bookmark backup: {what} is not an object")
            positions.append(
                Position(
                    doc_key=_text(item.get("doc_key"), f"{what} document"),
                    block_index=_integer(item.get("block_index"), f"{what} passage"),
                    offset=_integer(item.get("offset", 0), f"{what} offset"),
                    mode=_text(item.get("mode", "printed"), f"{what} mode"),
                    updated=_text(item.get("updated"), f"{what} updated"),
                )
            )
    return _Backup(bookmarks, positions, [])


# --- opening, checking, recovering ----------------------------------------------------


class _Unwritable(Exception):
    """The store exists and may be fine, but we cannot write where it lives."""


def _plain_connect(database: str, uri: bool = False) -> sqlite3.Connection:
    connection = sqlite3.connect(
        database,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,  # we issue BEGIN IMMEDIATE / COMMIT ourselves
        check_same_thread=False,  # guarded by Store._lock
        uri=uri,
    )
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return connection


_BROKEN_MARKERS: Final = (
    "file is not a database",
    "malformed",
    "corrupt",
    "not a database",
    "disk image",
)
_READONLY_MARKERS: Final = ("readonly", "read-only", "unable to open", "permission")


def _classify(error: sqlite3.Error) -> Exception:
    text = str(error)
    lowered = text.lower()
    if any(marker in lowered for marker in _BROKEN_MARKERS):
        return _Broken(text)
    if any(marker in lowered for marker in _READONLY_MARKERS):
        return _Unwritable(f"the store {text}")
    return _Broken(text)


def _uri(target: Path, query: str) -> str:
    """An SQLite URI for a path that may hold '?', '#' or '%'."""
    return f"file:{quote(str(target.absolute()))}?{query}"


_HEADER: Final = b"SQLite format 3\x00"


def _inspect(target: Path) -> int:
    """Check an existing store WITHOUT changing it: our own header test, then SQLite
    read-only (a read-write open would switch journal modes, replay or drop a -wal, and
    alter the very file we may need to move aside intact). Returns its user_version."""
    with target.open("rb") as handle:
        head = handle.read(len(_HEADER))
    if not head:
        return 0  # an empty file is an empty database: nothing in it to lose
    if head != _HEADER:
        raise _Broken("file is not a database")
    try:
        connection = _plain_connect(_uri(target, "mode=ro"), uri=True)
    except sqlite3.Error as error:
        raise _classify(error) from None
    try:
        check = connection.execute("PRAGMA quick_check").fetchall()
        if [tuple(row) for row in check] != [("ok",)]:
            raise _Broken(f"damaged: {check[0][0]}")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _Broken(
                f"it was written by a newer version of archive-reader (schema {version}; "
                f"this one knows up to {SCHEMA_VERSION})"
            )
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables:
            raise _Broken("it is an SQLite database, but not an archive-reader store")
        if version > 0:
            _verify_schema(connection)
        return version
    except sqlite3.Error as error:
        raise _classify(error) from None
    finally:
        connection.close()


def _connect(target: Path) -> sqlite3.Connection:
    """Open, check and upgrade the store at ``target``; _Broken or _Unwritable if not."""
    if target.exists() and not target.is_file():
        raise _Broken("a folder or other non-file is where the store should be")
    if target.exists() and not os.access(target, os.R_OK):
        raise _Unwritable(f"{target} cannot be read (permission denied)")
    version = _inspect(target) if target.exists() else 0
    try:
        connection = _plain_connect(str(target))
    except sqlite3.Error as error:
        raise _classify(error) from None
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise _Unwritable(f"the store could not switch to WAL mode ({mode})")
        try:
            _upgrade(connection, target if version > 0 else None)
        except Exception as error:  # noqa: BLE001 - our own upgrade failed: keep the file
            raise _Unwritable(
                f"the store could not be upgraded to schema {SCHEMA_VERSION} ({error})"
            ) from None
        _verify_schema(connection)
    except sqlite3.Error as error:
        connection.close()
        raise _Unwritable(f"the store could not be opened for writing ({error})") from None
    except BaseException:
        connection.close()
        raise
    return connection


def _verify_schema(connection: sqlite3.Connection) -> None:
    """A file at the current version must have our tables: garbage with a version is
    still garbage."""
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    missing = {"bookmarks", "positions", "state"} - names
    if missing:
        raise _Broken(f"it lacks the {', '.join(sorted(missing))} table(s)")


def _upgrade(connection: sqlite3.Connection, existing: Path | None) -> None:
    """Run the migrations this store has not had, each in its own transaction."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION and existing is not None:
        # Keep the store as it was before changing its schema, beside it.
        backup_path = existing.with_name(f"{existing.name}.before-v{SCHEMA_VERSION}")
        if not backup_path.exists():
            backup = sqlite3.connect(str(backup_path))
            try:
                connection.backup(backup)
            finally:
                backup.close()
    while version < SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = connection.execute("PRAGMA user_version").fetchone()[0]
            if current != version:  # another process migrated meanwhile
                connection.execute("ROLLBACK")
                version = current
                continue
            MIGRATIONS[version](connection)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        version += 1


def _upgraded_copy(connection: sqlite3.Connection) -> sqlite3.Connection:
    """An older store that cannot be written, copied into memory and upgraded there, so
    that the queries of this version can read it; the file itself is never touched.
    Migrations that fail leave the copy at the last one that worked."""
    memory = _plain_connect(":memory:")
    try:
        connection.backup(memory)
    finally:
        connection.close()
    try:
        _upgrade(memory, None)
    except Exception:  # noqa: BLE001, S110 - read what the migrations that worked give
        pass
    return memory


def _rename_aside(target: Path) -> Path:
    """Move a store that cannot be opened (and its -wal/-shm) out of the way; never
    delete it. Returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"{target.name}.broken-{stamp}")
    counter = 2
    while aside.exists() or Path(f"{aside}-wal").exists():
        aside = target.with_name(f"{target.name}.broken-{stamp}-{counter}")
        counter += 1
    os.rename(target, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(f"{target}{suffix}")
        if companion.exists():
            os.rename(companion, Path(f"{aside}{suffix}"))
    return aside
