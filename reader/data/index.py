"""The library search index: SQLite FTS5, one row per passage (block or note).

It is only a cache of what the user's documents say. It lives under
``locations.cache_dir()``; a corrupt, truncated or old-version file, or one whose
passages older document parsers made, is deleted and rebuilt without asking (a warning
is logged and kept in ``SearchIndex.notices``). The user's documents are only ever read.

Tables: ``files`` (one row per file seen, with its hash, size and mtime, so an unchanged
file is skipped by a stat before it is even read), ``docs`` (one row per document inside
a file), ``docs_fts`` (title and file name, for ``doc:``) and ``passages`` (FTS5: the text
and the speaker's names are indexed; the rest rides along UNINDEXED). Each document's
passages occupy a contiguous rowid range, so re-indexing a changed file deletes by range
instead of scanning the table.

Threads: every thread gets its own connection (WAL mode), so the reader can search while
a worker indexes. Searches can be cancelled from another thread (``cancel``).

Building: rows are gathered per batch of files and inserted with one executemany per
table; a transaction spans batches for ~48 MB or 3 s, with FTS5's ``hashsize`` raised
so each transaction becomes one segment. An interrupted build leaves whole committed
transactions (WAL keeps it consistent); the next update carries on by hash. The ceiling
is FTS5 itself: inserting the bare texts into a bare FTS5 table with the porter
stemmer (which "missile finds missiles" needs) runs at ~17-30 MB/s on the 2-core
benchmark machine (without porter ~20% faster, and our rows cost ~30% more than bare
texts either way), so the issue's 30 MB/s is not reachable with one SQLite writer; a
writer thread does not
help (the GIL changes hands on every row of an executemany). Splitting the passages
over two files written by two processes was tried (commit 7017afb): on the shared
2-core machine it built at 7-8 MB/s against 11 MB/s for one writer (pickling and
preparing rows cost a third more CPU, and no core was free), and every query ran each
statement once per file, 1.5-1.9x slower. Beyond FTS5 itself, our rows cost ~30% more
instructions than bare texts (callgrind): ~10% for the speaker column, ~20% for the
UNINDEXED columns.

Ranking is exact bm25 for up to ``RANK_ALL`` matching passages. Above that (a very
common word), the ranking is computed over an even sample of the matches (see
``SearchIndex._sampled``): bm25's idf pass alone re-reads every match, which costs
seconds at 100k documents, and the idf of such a word is near zero anyway. The sample
is deterministic, so pages never shift; it is NOT the exact top of every match.

Prefix words (``sov*``, typically a word being typed): FTS5 merges the match lists of
every term with the prefix before returning a first row, in every statement that uses
it. Where that is avoidable, a prefix is expanded through an fts5vocab table into an
OR of exact index terms, which FTS5 reads lazily: exactly (every term, same matches)
for counting and sampling a very common query, and partly for the provisional first
page that ``iter_search(preview=True)`` yields before the ranked ones.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from reader.data import locations
from reader.data.library import parser_fingerprint
from reader.data.query import Query, QueryError, Term, date_range, parse_query
from reader.model.document import Block, Document, Speaker
from reader.model.spelling import closest, did_you_mean
from reader.model.variants import tokens

__all__ = [
    "SCHEMA_VERSION",
    "Cancel",
    "EntryLike",
    "Hit",
    "Page",
    "QueryError",
    "SearchIndex",
    "Snippet",
    "UpdateStats",
]

log = logging.getLogger(__name__)

#: Bump when the schema or the way text is indexed changes: old files are rebuilt.
SCHEMA_VERSION = 5
#: bm25 weights for the indexed columns (text, speaker): the words said matter most; a
#: word that is only the speaker's name ranks the turn below passages that say it.
WEIGHTS = (10.0, 1.0)
#: Characters that mark matches in FTS5 highlight() output. Indexed text never contains
#: them (they are swapped for U+FFFD, length-preserving, before indexing).
_OPEN, _CLOSE = "\x01", "\x02"
_BATCH = 500
#: Commit the indexing transaction after this many bytes of files or seconds.
_COMMIT_BYTES = 48_000_000
_COMMIT_SECONDS = 3.0
#: FTS5 keeps this much of a transaction's new terms in memory before writing a segment
#: (default 1 MB: many small segments, then merges).
_HASHSIZE = 64 * 1024 * 1024
#: Rank every match exactly (bm25) up to this many matching passages; beyond, sample.
RANK_ALL = 2000
_WINDOWS = 4
_SAMPLE = 150
#: Up to this many matches, the ranking query also highlights them.
_INLINE = 300
#: A preview expands a prefix into at most this many index terms (alphabetical order).
_EXPAND = 64
#: A prefix word that the stemmer would widen (``mis*`` is looked up as ``mi*``) is
#: narrowed to the index terms that really start with it, when there are at most this
#: many; beyond that FTS5's own (wider) prefix is kept.
_NARROW = 256
#: Read at most this many instances of a term for how passages within some folders
#: write it (the first instances may all lie in other folders).
_WRITINGS = 2000
#: At most this many index terms (with the first letter of a word that matched nothing)
#: are compared with it for "did you mean" (one seek each).
_SPELLINGS = 5000
#: A token as FTS5's unicode61 tokenizer cuts them (letters and digits; "_" separates).
_TOKEN = re.compile(r"[^\W_]+")
#: bm25's constants (FTS5 uses the same), for the sampled ranking
_K1, _B = 1.2, 0.75
_BM25 = f"bm25(passages, {WEIGHTS[0]}, {WEIGHTS[1]})"
_T = TypeVar("_T")
_SNIPPET_CONTEXT = 70
_SNIPPET_MAX = 240

#: A cancellation hook: an Event that gets set, or a callable returning True to stop.
Cancel = threading.Event | Callable[[], bool] | None


class EntryLike(Protocol):
    """What update() reads from a ``reader.data.library.Entry``."""

    @property
    def path(self) -> str | os.PathLike[str]: ...
    @property
    def documents(self) -> Sequence[Document]: ...
    @property
    def error(self) -> str | None: ...
    @property
    def sha256(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class Snippet:
    """Plain text around the first match, with match offsets into ``text``.

    Never markup: the UI styles ``text[start:end]`` for each pair. ``offset`` is where
    ``text`` begins in the passage, ``clipped_start``/``clipped_end`` say whether an
    ellipsis belongs before/after it. Whitespace runs are folded to one space."""

    text: str
    matches: tuple[tuple[int, int], ...]
    offset: int = 0
    clipped_start: bool = False
    clipped_end: bool = False

    def marked(self, left: str = "»", right: str = "«") -> str:
        """The snippet as plain text with matches between markers (for the CLI)."""
        out: list[str] = ["…" if self.clipped_start else ""]
        at = 0
        for start, end in self.matches:
            out += [self.text[at:start], left, self.text[start:end], right]
            at = end
        out.append(self.text[at:])
        out.append("…" if self.clipped_end else "")
        return "".join(out)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage."""

    path: str
    #: the document inside a multi-document file (FRUS xml:id), or None
    part: str | None
    title: str
    #: ISO date (partial allowed) or None
    date: str | None
    #: index into Document.blocks (0-based); for notes, the block that refers to the note
    #: (or None for notes on the whole document)
    block: int | None
    #: the block kind, or "note"
    kind: str
    speaker_id: str | None
    speaker_name: str | None
    #: Speaker.slot, for the speaker's colour
    slot: int | None
    snippet: Snippet
    #: relevance: higher is better (negated bm25); 0.0 in filter-only queries
    score: float
    #: match offsets into the passage text (Block.text, or Note.text for notes)
    matches: tuple[tuple[int, int], ...] = ()
    #: Note.id when kind == "note"
    note: str | None = None
    #: the note's marker as printed ("2"; its id when it has none), when kind == "note"
    note_label: str | None = None

    @property
    def passage(self) -> int | None:
        """1-based passage number as shown to readers."""
        return None if self.block is None else self.block + 1


class Page(list[Hit]):
    """A page of hits from ``iter_search``. A ``provisional`` page (asked for with
    ``preview=True``) is a quick first look, in index order: the next page replaces it
    with the ranked hits."""

    provisional: bool = False


@dataclass(slots=True)
class UpdateStats:
    files: int = 0
    skipped: int = 0
    indexed: int = 0
    removed: int = 0
    failed: int = 0
    passages: int = 0
    bytes: int = 0
    cancelled: bool = False


class _Reset(Exception):
    """The database turned out to be corrupt; it has been rebuilt empty."""


_CORRUPT = (
    "file is not a database",
    "malformed",
    "corrupt",
    "no such table",
    "no such column",
    "disk i/o error",
    "unable to open database",
)


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and any(c in text for c in _CORRUPT)


def _cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    mtime REAL NOT NULL, error TEXT
);
CREATE TABLE docs(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, part TEXT, sha256 TEXT, size INTEGER,
    mtime REAL, title TEXT NOT NULL DEFAULT '', date TEXT, date_start TEXT, date_end TEXT,
    lang TEXT, format TEXT, first_row INTEGER, last_row INTEGER
);
CREATE INDEX docs_path ON docs(path);
CREATE INDEX docs_date ON docs(date_start);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title, name, tokenize="porter unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE passages USING fts5(
    text, speaker,
    doc_id UNINDEXED, block UNINDEXED, kind UNINDEXED, speaker_id UNINDEXED,
    speaker_name UNINDEXED, slot UNINDEXED, note UNINDEXED,
    tokenize="porter unicode61 remove_diacritics 2"
);
INSERT INTO passages(passages, rank) VALUES('rank', 'bm25({WEIGHTS[0]}, {WEIGHTS[1]})');
INSERT INTO passages(passages, rank) VALUES('hashsize', {_HASHSIZE});
INSERT INTO meta(key, value) VALUES('next_row', '1');
PRAGMA user_version = {SCHEMA_VERSION};
"""


def _safe_text(text: str) -> str:
    if _OPEN in text or _CLOSE in text:
        return text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
    return text


#: (name, labels, aliases, id) -> the indexed names: the same speakers recur from one
#: document to the next, and building the string for every document showed in profiles
_NAMES: dict[tuple[str, tuple[str, ...], tuple[str, ...], str], str] = {}
#: partial ISO date -> its first and last day (dates recur too)
_DATES: dict[str, tuple[str | None, str | None]] = {}
#: text -> its index terms with porter (_STEMS) and without (_FOLDED): see _stems
_STEMS: dict[str, list[str]] = {}
_FOLDED: dict[str, list[str]] = {}


def _unmarked(text: str, block: Block) -> str:
    """``text`` with its footnote markers blanked (the same length, so offsets hold):
    "Republicans.2 They" is indexed as "Republicans.  They", and a quotation of it
    as printed, without the marker, is found as a phrase."""
    for span in block.spans:
        if span.kind == "footnote-ref" and span.end > span.start:
            text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def _speaker_names(document: Document) -> dict[str, tuple[str, str, int]]:
    """speaker id -> (indexed names, display name, slot)."""
    out: dict[str, tuple[str, str, int]] = {}
    cache = _NAMES
    for speaker in document.speakers:
        key = (speaker.name, speaker.labels, speaker.aliases, speaker.id)
        indexed = cache.get(key)
        if indexed is None:
            if len(cache) > 50_000:
                cache.clear()
            indexed = cache[key] = _speaker_words(speaker)
        out[speaker.id] = (indexed, speaker.name, speaker.slot)
    return out


#: A speaker id made by an edition (FRUS "p_DAF1"), not a name: not indexed.
_INTERNAL_ID = re.compile(r"[\d_]")


def _speaker_words(speaker: Speaker) -> str:
    """The words of a speaker's names, labels and aliases (and of its id, when that is
    a word), each once: "Evatt ; DR. EVATT ; Dr. Evatt" counted the name five times,
    and a one-line turn outranked passages that mention him."""
    names = [speaker.name, *speaker.labels, *speaker.aliases]
    if not _INTERNAL_ID.search(speaker.id):
        names.append(speaker.id)
    words: dict[str, str] = {}
    for name in names:
        for word in _TOKEN.findall(name):
            words.setdefault("".join(tokens(word)), word)
    return " ".join(words.values())


def _dates(date: str) -> tuple[str | None, str | None]:
    """First and last day of a document's (partial) date, or Nones if it is not one."""
    found = _DATES.get(date)
    if found is None:
        if len(_DATES) > 50_000:
            _DATES.clear()
        try:
            found = date_range(date)
        except QueryError:
            found = (None, None)
        _DATES[date] = found
    return found


def _header_ok(path: Path) -> bool:
    """Cheap check for a truncated or foreign file before SQLite trusts it."""
    try:
        size = path.stat().st_size
        if size == 0:
            return True
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    return not (valid and size < pages * page_size) and size % page_size == 0


class SearchIndex:
    """Open with ``SearchIndex.open()``; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: user-facing messages about rebuilds ("the search index was damaged ...")
        self.notices: list[str] = []
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._generation = 0

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> SearchIndex:
        """Open (creating or rebuilding as needed) the index at ``path``, by default
        ``locations.cache_dir()/index.sqlite``."""
        target = Path(path) if path is not None else locations.cache_dir() / "index.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        index = cls(target)
        index._check()
        return index

    def _check(self) -> None:
        reason: str | None = None
        if self.path.exists() and not _header_ok(self.path):
            reason = "damaged or not a database"
        else:
            try:
                conn = self._conn()
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    self._create(conn)
                elif version != SCHEMA_VERSION:
                    reason = f"made by another version (schema {version})"
                else:
                    conn.execute("SELECT count(*) FROM files").fetchone()
                    conn.execute("SELECT rowid FROM passages LIMIT 1").fetchall()
                    made = conn.execute("SELECT value FROM meta WHERE key = 'parsers'").fetchone()
                    if made is None or made[0] != parser_fingerprint():
                        # unchanged files are skipped by hash, so passages read by
                        # older parsers (a volume as one document) would stay forever
                        reason = "made by another version of the document parsers"
            except sqlite3.DatabaseError as error:
                reason = f"damaged ({error})"
        if reason:
            self._rebuild(reason)

    def _create(self, conn: sqlite3.Connection) -> None:
        with self._write_lock:
            conn.executescript("BEGIN IMMEDIATE;" + _SCHEMA)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('parsers', ?)", (parser_fingerprint(),)
            )
            conn.execute("COMMIT")

    def _rebuild(self, reason: str) -> None:
        message = (
            f"The search index {self.path} was {reason}; it is only a cache, so it was "
            "deleted and is being rebuilt. Your documents were not touched."
        )
        log.warning(message)
        self.notices.append(message)
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(str(self.path) + suffix).unlink()
            except FileNotFoundError:
                pass
        self._create(self._conn())

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            # A cache: losing the last transaction on power loss only costs a re-index.
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every thread's connection (the next call reopens)."""
        with self._lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._connections.clear()
        self._local = threading.local()

    def _guard(self, error: sqlite3.DatabaseError) -> None:
        if _is_corrupt(error):
            self._rebuild(f"damaged ({error})")
            raise _Reset from error

    # ---------------------------------------------------------------- updating

    def known(self) -> dict[str, tuple[int, float]]:
        """path -> (size, mtime) of every file in the index, for stat-based skipping."""
        rows = self._read("SELECT path, size, mtime FROM files")
        return {path: (size, mtime) for path, size, mtime in rows}

    def failures(self) -> dict[str, str]:
        """path -> why the file could not be read, for every file the index holds that
        failed (an unchanged one is skipped unread, so this is where its reason stays)."""
        rows = self._read("SELECT path, error FROM files WHERE error IS NOT NULL")
        return {str(path): str(error) for path, error in rows}

    def _read(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of one of our own fixed statements; none when the file turned out to
        be damaged (it has been rebuilt empty)."""
        try:
            return self._conn().execute(sql).fetchall()
        except sqlite3.DatabaseError as error:
            try:
                self._guard(error)
            except _Reset:
                return []
            raise

    def unchanged(self, path: str | os.PathLike[str], known: dict[str, tuple[int, float]]) -> bool:
        """True when ``path`` has the size and mtime recorded in ``known`` (no read needed)."""
        key = os.fspath(path)
        seen = known.get(key)
        if seen is None:
            return False
        try:
            info = os.stat(key)
        except OSError:
            return False
        return seen == (info.st_size, info.st_mtime)

    def update(
        self,
        entries: Iterable[EntryLike],
        progress: Callable[[UpdateStats], None] | None = None,
        cancel: Cancel = None,
        *,
        roots: Sequence[str | os.PathLike[str]] | None = None,
        seen: Iterable[str | os.PathLike[str]] = (),
    ) -> UpdateStats:
        """Bring the index up to date with ``entries`` (library Entries).

        A file whose sha256 is already indexed is skipped (its size and mtime are
        refreshed); a changed file is deleted and re-inserted. With ``roots`` (the
        folders or files that were FULLY rescanned), indexed files under them that were
        neither in ``entries`` nor in ``seen`` (paths skipped unchanged by the caller;
        read after ``entries`` is exhausted, so it may be filled lazily) are removed.
        ``progress`` is called after each batch of files. A transaction spans batches
        until about ``_COMMIT_BYTES`` were indexed or ``_COMMIT_SECONDS`` passed: each
        commit makes FTS5 write a segment (and later merge it), so few big ones are
        much cheaper, while readers still see progress every few seconds."""
        stats = UpdateStats()
        visited: set[str] = set()
        batch: list[EntryLike] = []
        txn = _Transaction(self)
        try:
            try:
                for entry in entries:
                    if _cancelled(cancel):
                        stats.cancelled = True
                        break
                    visited.add(os.fspath(entry.path))
                    batch.append(entry)
                    if len(batch) >= _BATCH or (batch and txn.due()):
                        txn.write(batch, stats)
                        batch = []
                        if progress:
                            progress(stats)
                if batch and not stats.cancelled:
                    txn.write(batch, stats)
                txn.commit()
            finally:
                txn.rollback()  # only does anything after an error
            if roots is not None and not stats.cancelled:
                # read ``seen`` only now: the caller may fill it while entries stream
                visited.update(os.fspath(p) for p in seen)
                stats.removed += self._prune(roots, visited)
        except _Reset:
            # The file was rebuilt empty mid-way: whatever is left is re-indexed next time.
            stats.cancelled = True
        if progress:
            progress(stats)
        return stats

    def _write(self, conn: sqlite3.Connection, batch: list[EntryLike], stats: UpdateStats) -> None:
        """Write one batch: rows are gathered in Python and inserted with one
        executemany per table (one statement per row costs more than FTS5 itself)."""
        next_row = int(conn.execute("SELECT value FROM meta WHERE key='next_row'").fetchone()[0])
        pending = _Pending(
            int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM docs").fetchone()[0])
        )
        known: dict[str, tuple[str, str | None]] = {}
        paths = list(dict.fromkeys(os.fspath(entry.path) for entry in batch))
        for at in range(0, len(paths), 500):
            chunk = paths[at : at + 500]
            marks = ",".join("?" * len(chunk))
            for path, sha, error in conn.execute(
                f"SELECT path, sha256, error FROM files WHERE path IN ({marks})",  # noqa: S608
                chunk,
            ):
                known[path] = (sha, error)
        for entry in batch:
            stats.files += 1
            path = os.fspath(entry.path)
            mtime = entry.mtime if entry.mtime is not None else -1.0
            row = known.get(path)
            if path in pending.paths:
                pending.flush(conn)  # the same file twice in one batch: write, then redo
            same = row is not None and row[0] == entry.sha256 and row[1] == entry.error
            if same and entry.sha256:
                conn.execute(
                    "UPDATE files SET size=?, mtime=? WHERE path=?", (entry.size, mtime, path)
                )
                stats.skipped += 1
                continue
            if row is not None:
                self._delete_path(conn, path)
            known[path] = (entry.sha256 or "", entry.error)
            pending.paths.add(path)
            pending.files.append((path, entry.sha256 or "", entry.size, mtime, entry.error))
            if entry.error:
                stats.failed += 1
                continue
            stats.indexed += 1
            stats.bytes += entry.size
            for document in entry.documents:
                next_row = pending.add_document(path, entry, document, next_row)
        stats.passages += len(pending.passages) + pending.flushed
        pending.flush(conn)
        conn.execute("UPDATE meta SET value=? WHERE key='next_row'", (str(next_row),))

    def _delete_path(self, conn: sqlite3.Connection, path: str) -> None:
        docs = conn.execute(
            "SELECT id, first_row, last_row FROM docs WHERE path=?", (path,)
        ).fetchall()
        for doc_id, first, last in docs:
            if first is not None and last is not None and last >= first:
                conn.execute("DELETE FROM passages WHERE rowid BETWEEN ? AND ?", (first, last))
            conn.execute("DELETE FROM docs_fts WHERE rowid=?", (doc_id,))
        conn.execute("DELETE FROM docs WHERE path=?", (path,))
        conn.execute("DELETE FROM files WHERE path=?", (path,))

    def _prune(self, roots: Sequence[str | os.PathLike[str]], visited: set[str]) -> int:
        conn = self._conn()
        prefixes = [os.fspath(r) for r in roots]
        gone = [
            path
            for (path,) in conn.execute("SELECT path FROM files").fetchall()
            if path not in visited and _under(path, prefixes)
        ]
        if gone:
            try:
                with self._write_lock:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        for path in gone:
                            self._delete_path(conn, path)
                        conn.execute("COMMIT")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
            except sqlite3.DatabaseError as error:
                self._guard(error)
                raise
        return len(gone)

    def remove(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Forget these files (they were deleted or the user removed them)."""
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for path in paths:
                    self._delete_path(conn, os.fspath(path))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def counts(self) -> tuple[int, int, int]:
        """(files, documents, passages) in the index."""
        conn = self._conn()
        files = conn.execute("SELECT count(*) FROM files").fetchone()[0]
        docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        return int(files), int(docs), int(rows)

    # ---------------------------------------------------------------- searching

    def search(
        self,
        query: str | Query,
        limit: int = 50,
        order: str = "rank",
        offset: int = 0,
        *,
        within: Sequence[str | os.PathLike[str]] | None = None,
        cancel: Cancel = None,
    ) -> list[Hit]:
        """The best ``limit`` passages for ``query`` (text or a parsed Query).

        ``order`` is "rank" (bm25, text weighted above speaker names) or "date" (oldest
        first, then document and passage order). ``within`` limits hits to files under
        these paths. Raises QueryError for a bad query; returns [] when cancelled.

        A query matching more than ``RANK_ALL`` passages is ranked over an even sample
        of them (see ``_sampled``): ranking every one of hundreds of thousands of
        passages for a very common word costs seconds and tells the reader little. The
        sample comes first; every other match follows it in date order (score 0), so
        a large ``limit`` still gets them all."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if order not in ("rank", "date"):
            raise ValueError(f"order must be 'rank' or 'date', not {order!r}")

        def work(conn: sqlite3.Connection) -> list[Hit]:
            plan = self._plan(conn, parsed, within)
            return self._hits(conn, plan, self._order(conn, plan, order, limit, offset))

        return self._guarded(cancel, work)

    def document_hits(
        self,
        query: str | Query,
        path: str,
        part: str | None,
        *,
        limit: int = 5000,
        cancel: Cancel = None,
    ) -> list[Hit]:
        """The passages of ONE document (``path`` and ``part`` as a Hit gives them)
        that ``query`` matches, in reading order: a library search's matches in the
        document it opened. The query runs on that document's rowid range only (FTS5
        seeks there), so even a very common word costs about what the document holds.
        Raises QueryError for a bad query; returns [] when cancelled or not indexed."""
        parsed = parse_query(query) if isinstance(query, str) else query

        def work(conn: sqlite3.Connection) -> list[Hit]:
            found = conn.execute(
                "SELECT first_row, last_row FROM docs WHERE path = ? AND part IS ?", (path, part)
            ).fetchone()
            if found is None or found[0] is None or found[1] is None:
                return []
            plan = self._plan(conn, parsed, None)
            marked = f", highlight(passages, 0, '{_OPEN}', '{_CLOSE}')" if plan.match else ""
            sql = (
                f"SELECT p.rowid{marked} FROM {plan.source} "  # noqa: S608
                f"WHERE {plan.where} AND p.rowid BETWEEN ? AND ? ORDER BY p.rowid LIMIT ?"
            )
            rows = [
                _Row(row[0], 0.0, *row[1:])
                for row in conn.execute(sql, (*plan.params, found[0], found[1], limit))
            ]
            return self._hits(conn, plan, rows)

        return self._guarded(cancel, work)

    def iter_search(
        self,
        query: str | Query,
        page: int = 25,
        order: str = "rank",
        *,
        limit: int = 500,
        within: Sequence[str | os.PathLike[str]] | None = None,
        cancel: Cancel = None,
        preview: bool = False,
    ) -> Iterator[Page]:
        """Yield pages of hits as they are found, best first, until ``limit`` hits, the
        end, or ``cancel``. The first page is small so results appear while typing.

        The order is worked out once (cheap: rowids and scores only); each page then
        only fetches and highlights its own passages.

        For "the newest query cancels the older one": give each query its own
        ``threading.Event`` (or use ``new_generation()``) and set the old one.

        With ``preview``, a query with a prefix word (``sov*``: a word being typed)
        first yields a provisional page (``Page.provisional``) of some of its matches in
        index order, found without building the prefix's whole match list (see
        ``_preview``); the ranked pages follow as without it, the first replacing it."""
        parsed = parse_query(query) if isinstance(query, str) else query
        if order not in ("rank", "date"):
            raise ValueError(f"order must be 'rank' or 'date', not {order!r}")
        if limit < 1 or _cancelled(cancel):
            return
        plans = self._guarded(cancel, lambda conn: [self._plan(conn, parsed, within)])
        if not plans:
            return
        plan = plans[0]
        if preview:
            first = self._guarded(
                cancel, lambda conn: self._preview(conn, plan, min(page, 10))
            )
            if _cancelled(cancel):
                return
            if first:
                quick = Page(first)
                quick.provisional = True
                yield quick
        rows = self._guarded(cancel, lambda conn: self._order(conn, plan, order, limit, 0))
        at = 0
        size = min(page, 10)
        while at < len(rows) and not _cancelled(cancel):
            chunk = rows[at : at + size]
            hits = self._guarded(cancel, functools.partial(self._hits, plan=plan, rows=chunk))
            if _cancelled(cancel):
                return
            if hits:
                yield Page(hits)
            at += len(chunk)
            size = page

    def _preview(self, conn: sqlite3.Connection, plan: _Plan, size: int) -> list[Hit]:
        """Up to ``size`` hits of ``query`` in index order, fast even for a short prefix.

        FTS5 answers ``sov*`` by first merging the match lists of EVERY term that starts
        with "sov" (tens of milliseconds for a common word at 100k documents), even
        under a LIMIT. Here each prefix is instead expanded into the first ``_EXPAND``
        index terms that start with it (one seek each in an fts5vocab table), whose OR
        FTS5 reads lazily. Terms whose own stem differs (porter is not idempotent:
        "agre" stems to "agr") would match other words, so they are left out: every
        hit is a true match, though not necessarily the best ones. Empty when the
        query has no prefix word (the ranked query is quick then)."""
        expand = self._expansion(conn, plan.query, complete=False)
        if not expand:
            return []
        plan = _Plan(plan.query, plan.within, {**expand, **plan.expand})
        sql = (
            f"SELECT p.rowid, highlight(passages, 0, '{_OPEN}', '{_CLOSE}') "  # noqa: S608
            f"FROM {plan.source} WHERE {plan.where} LIMIT {int(size)}"
        )
        rows = [_Row(rowid, 0.0, marked) for rowid, marked in conn.execute(sql, plan.params)]
        return self._hits(conn, plan, rows)

    def _plan(
        self,
        conn: sqlite3.Connection,
        query: Query,
        within: Sequence[str | os.PathLike[str]] | None,
    ) -> _Plan:
        """The plan of ``query``, with prefix words narrowed where the stemmer would
        widen them (see ``_narrowing``)."""
        narrow = self._narrowing(conn, query)
        return _Plan(query, within, narrow) if narrow else _Plan(query, within)

    def _narrowing(self, conn: sqlite3.Connection, query: Query) -> dict[Term, list[str]]:
        """Prefix words whose stem is shorter than what was typed -> the index terms
        that match what was typed.

        FTS5 runs a prefix through the tokenizer like any word, and porter stems a
        partial word too: ``mis*`` becomes ``mi*`` and finds "Mikoyan", ``pres*``
        finds "premier". The terms that match ``mis*`` are those that start with
        "mis" (the index holds stems: "missil", "mission") and those that "mis" starts
        with (a stem such as "mi" of a word "mis" itself). Narrowed only when exact:
        at most ``_NARROW`` terms, each of which finds itself when quoted; otherwise
        FTS5's wider prefix is kept. ``[""]`` (no such term) matches nothing."""
        prefixes = [t for t in query.positive if t.prefix and not t.phrase]
        if not prefixes:
            return {}
        texts = [t.text for t in prefixes]
        narrow: dict[Term, list[str]] = {}
        for term, stem, folded in zip(
            prefixes, self._stems(conn, texts), self._stems(conn, texts, stemmed=False),
            strict=True,
        ):
            if len(stem) != 1 or len(folded) != 1:
                continue
            short, typed = stem[0], folded[0]
            if short == typed or not typed.startswith(short):
                continue
            found = self._terms_from(conn, typed, _NARROW + 1)
            if len(found) > _NARROW:
                continue
            # a stem shorter than what was typed, of a word that starts with it ("pres"
            # itself is indexed as "pre"; "pre-war" is not a word starting with "pres")
            shorter = [typed[:k] for k in range(len(short), len(typed))]
            found += [
                t for t in shorter
                if self._terms_from(conn, t, 1) == [t]
                and any(
                    "".join(tokens(word)).startswith(typed)
                    for word in itertools.islice(self._writings(conn, t, "text", None), 50)
                )
            ]
            words = self._reachable(conn, found)
            if words is None:
                continue
            narrow[term] = words or [""]
        return narrow

    def _reachable(self, conn: sqlite3.Connection, terms: list[str]) -> list[str] | None:
        """Words that, quoted in a query, find exactly the index terms ``terms``: each
        term itself, or, for a stem that porter changes again ("misapprehens" from
        "misapprehension" is stemmed to "misapprehen"), a word a passage writes it as.
        None when one of them has no such word."""
        words: list[str] = []
        for term, stem in zip(terms, self._stems(conn, terms), strict=True):
            if stem == [term]:
                words.append(term)
                continue
            written = self._written(conn, term, "text", None) or self._written(
                conn, term, "speaker", None
            )
            if written is None or self._stems(conn, [written])[0] != [term]:
                return None
            words.append(written)
        return words

    def _expansion(
        self, conn: sqlite3.Connection, query: Query, *, complete: bool
    ) -> dict[Term, list[str]] | None:
        """Each prefix word of ``query`` -> index terms that start with it (at most
        ``_EXPAND``), or None when there is no prefix word or nothing to expand.

        With ``complete``, only an expansion into EVERY such term, each of which finds
        itself when quoted, is returned: its OR then matches exactly the passages the
        prefix matches (and highlight() marks the same words), which the ranking of a
        very common query uses to read its sample lazily."""
        prefixes = [t for t in query.positive if t.prefix and not t.phrase]
        if not prefixes:
            return None
        stems = self._stems(conn, [t.text for t in prefixes])
        expand: dict[Term, list[str]] = {}
        for term, stem in zip(prefixes, stems, strict=True):
            if len(stem) != 1:
                return None
            found = self._terms_from(conn, stem[0], _EXPAND + 1 if complete else _EXPAND)
            if complete and len(found) > _EXPAND:
                return None
            keep = [t for t, s in zip(found, self._stems(conn, found), strict=True) if s == [t]]
            if not keep or (complete and len(keep) != len(found)):
                return None
            expand[term] = keep
        return expand

    def _terms_from(
        self, conn: sqlite3.Connection, prefix: str, most: int, cancel: Cancel = None
    ) -> list[str]:
        """The first ``most`` index terms starting with ``prefix``, alphabetically: one
        seek each (a LIMIT 1 on fts5vocab's instance table stops at the first
        position of the term, whereas its row table would read every match list).
        Each seek is too short for the progress handler: ``cancel`` is asked between
        them."""
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_terms "
            "USING fts5vocab(main, passages, instance)"
        )
        terms: list[str] = []
        at = prefix
        while len(terms) < most:
            if len(terms) % 64 == 63:
                _stop_if(cancel)
            found = conn.execute(
                "SELECT term FROM temp.passages_terms WHERE term >= ? LIMIT 1", (at,)
            ).fetchone()
            if found is None or not str(found[0]).startswith(prefix):
                break
            term = str(found[0])
            terms.append(term)
            # tokens never hold control characters: this is the next possible term
            at = term + "\x01"
        return terms

    def _stems(
        self, conn: sqlite3.Connection, texts: Sequence[str], *, stemmed: bool = True
    ) -> list[list[str]]:
        """How the index tokenizer turns each text into terms (in a temporary table of
        this connection, with the same tokenizer); ``stemmed=False``: the same without
        porter (case and diacritics folded only).

        Remembered per text: one typed query asks for the same stems up to three times
        (narrowing, the provisional page, the ranking), and the next keystroke again
        for most of the terms its prefix expands into; the tokenizer never changes."""
        known = _STEMS if stemmed else _FOLDED
        # read once: another thread may clear the memory between two lookups
        found = {t: known.get(t) for t in texts}
        missing = [t for t, terms in found.items() if terms is None]
        if missing:
            made = dict(zip(missing, self._tokenize(conn, missing, stemmed), strict=True))
            if len(known) > 50_000:
                known.clear()
            known.update(made)
            found.update(made)
        return [list(found[t] or ()) for t in texts]

    def _tokenize(
        self, conn: sqlite3.Connection, texts: Sequence[str], stemmed: bool
    ) -> list[list[str]]:
        """``_stems`` without the memory: the tokenizer run on ``texts``."""
        table, tokenizer = (
            ("stemmer", "porter unicode61 remove_diacritics 2") if stemmed
            else ("folder", "unicode61 remove_diacritics 2")
        )
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table} USING fts5(x, tokenize="
            f"'{tokenizer}')"
        )
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms "
            f"USING fts5vocab(temp, {table}, instance)"
        )
        conn.execute(f"DELETE FROM temp.{table}")  # noqa: S608
        conn.executemany(
            f"INSERT INTO temp.{table}(rowid, x) VALUES(?, ?)", enumerate(texts)
        )
        found: list[list[tuple[int, str]]] = [[] for _ in texts]
        for term, doc, offset in conn.execute(
            f"SELECT term, doc, offset FROM temp.{table}_terms"  # noqa: S608
        ):
            found[int(doc)].append((int(offset), str(term)))
        return [[term for _, term in sorted(terms)] for terms in found]

    def explain_empty(
        self,
        query: str | Query,
        *,
        within: Sequence[str | os.PathLike[str]] | None = None,
        cancel: Cancel = None,
    ) -> list[str]:
        """Why ``query``, which has just found no passage (within ``within``), finds
        none: one line for each part of it that matches nothing even on its own, with
        the close spellings the index holds for a word or a speaker's name ("did you
        mean Khrushchev?"); or, when every part matches somewhere, that they never
        meet in one passage. Empty when cancelled.

        Each part costs one indexed lookup (a query of one part, none: it is the
        reason); a word or name that matches nothing also costs a look at the index
        terms with its first letter, one seek each (~0.1 s at 100k documents)."""
        parsed = parse_query(query) if isinstance(query, str) else query
        reasons = self._guarded(cancel, lambda conn: self._explain(conn, parsed, within, cancel))
        return [] if _cancelled(cancel) else reasons

    def _explain(
        self,
        conn: sqlite3.Connection,
        query: Query,
        within: Sequence[str | os.PathLike[str]] | None,
        cancel: Cancel,
    ) -> list[str]:
        reasons: list[str] = []
        parts = (
            len(query.positive) + bool(query.speakers) + bool(query.after or query.before)
            + bool(query.docs) + bool(query.langs) + bool(query.kinds) + len(query.negative)
        )

        def matches(part: Query) -> bool:
            if parts == 1:
                # a query of one part found nothing: that part is why, without asking
                # again (a kind alone is a scan of every passage)
                return False
            _stop_if(cancel)
            plan = self._plan(conn, part, within)
            source = plan.source if plan.match or "p." in plan.where else "docs AS d"
            sql = f"SELECT 1 FROM {source} WHERE {plan.where} LIMIT 1"  # noqa: S608
            return conn.execute(sql, plan.params).fetchone() is not None

        for term in query.positive:
            if matches(Query(term.text, terms=(term,))):
                continue
            if term.phrase:
                reasons.append(f"no passage has the phrase “{term.text}”")
            else:
                what = "no word starts with" if term.prefix else "no passage has the word"
                alike = self._spelt_alike(conn, term.text, "text", within, cancel)
                reasons.append(f"{what} “{term.text}”{did_you_mean(alike)}")
        if query.speakers and not matches(Query("", speakers=query.speakers)):
            names = " or ".join(f"“{t.text}”" for t in query.speakers)
            alike = [
                word
                for t in query.speakers if not t.phrase
                for word in self._spelt_alike(conn, t.text, "speaker", within, cancel)
            ]
            reasons.append(f"no speaker called {names}{did_you_mean(alike)}")
        if (query.after or query.before) and not matches(
            Query("", after=query.after, before=query.before)
        ):
            if query.after and query.before:
                dated = f"between {query.after} and {query.before}"
            else:
                dated = f"{query.after} or later" if query.after else f"{query.before} or earlier"
            reasons.append(f"no document dated {dated}")
        if query.docs and not matches(Query("", docs=query.docs)):
            words = " ".join(t.text for t in query.docs)
            reasons.append(f"no document's title or file name has “{words}”")
        if query.langs and not matches(Query("", langs=query.langs)):
            reasons.append("no document translated from "
                           + " or ".join(f"“{lang}”" for lang in query.langs))
        # last: without an index on kinds, a kind that no passage has costs a scan
        if query.kinds and not matches(Query("", kinds=query.kinds)):
            reasons.append("no passage of kind " + " or ".join(query.kinds))
        if not reasons and parts > 1:
            reasons.append("each part matches some passage, but no passage matches them all")
        return reasons

    def _spelt_alike(
        self,
        conn: sqlite3.Connection,
        typed: str,
        column: str,
        within: Sequence[str | os.PathLike[str]] | None,
        cancel: Cancel,
        most: int = 3,
    ) -> list[str]:
        """Up to ``most`` words of ``column`` ("text" or "speaker") spelt like ``typed``
        that the index holds (within ``within``), as a passage writes them, closest
        first. Candidates are the index terms with the same first letter, compared as
        stems (as the index holds them)."""
        stems = self._stems(conn, [typed])[0]
        if len(stems) != 1 or len(stems[0]) < 3:
            return []
        stem = stems[0]
        close = closest(stem, self._terms_from(conn, stem[0], _SPELLINGS, cancel), most * 3, 0.75)
        # ranked again as written, which is what the reader compares: "missles" is
        # near "missil" and "miss" as stems, but only "missiles" as words
        written = (self._written(conn, term, column, within, cancel) for term in close)
        return closest(typed, [word for word in written if word], most)

    def _written(
        self,
        conn: sqlite3.Connection,
        term: str,
        column: str,
        within: Sequence[str | os.PathLike[str]] | None,
        cancel: Cancel = None,
    ) -> str | None:
        """How index term ``term`` is first written in ``column`` of a passage (within
        ``within``): "Kissinger" for the stem "kissing"; see ``_writings``."""
        return next(self._writings(conn, term, column, within, cancel), None)

    def _writings(
        self,
        conn: sqlite3.Connection,
        term: str,
        column: str,
        within: Sequence[str | os.PathLike[str]] | None,
        cancel: Cancel = None,
    ) -> Iterator[str]:
        """How index term ``term`` is written in ``column`` of passages (within
        ``within``), instance by instance. A term cannot be looked up by a query (the
        query's words are stemmed again, and porter is not idempotent), so its
        instances are read from the vocabulary and their passage's words counted as
        the tokenizer counts them. Within some folders, up to ``_WRITINGS`` instances
        are read (the first ones may all be elsewhere), else 50; ``cancel`` is asked
        every 64 of them."""
        roots = None if within is None else [os.fspath(root) for root in within]
        found = conn.execute(
            "SELECT doc, offset FROM temp.passages_terms WHERE term = ? AND col = ? LIMIT ?",
            (term, column, 50 if roots is None else _WRITINGS),
        ).fetchall()
        for number, (doc, offset) in enumerate(found):
            if number % 64 == 63:
                _stop_if(cancel)
            row = conn.execute(
                f"SELECT p.{column}, d.path FROM passages AS p "  # noqa: S608
                "JOIN docs AS d ON d.id = p.doc_id WHERE p.rowid = ?",
                (doc,),
            ).fetchone()
            if row is None or (roots is not None and not _under(str(row[1]), roots)):
                continue
            words = _TOKEN.findall(str(row[0]))
            if 0 <= int(offset) < len(words):
                yield str(words[int(offset)])

    def new_generation(self) -> Callable[[], bool]:
        """A cancel hook that turns True as soon as a newer generation is started."""
        with self._lock:
            self._generation += 1
            mine = self._generation
        return lambda: self._generation != mine

    def _guarded(self, cancel: Cancel, work: Callable[[sqlite3.Connection], list[_T]]) -> list[_T]:
        """Run ``work`` with cancellation and the damaged-index / bad-query handling."""
        conn = self._conn()
        if cancel is not None:
            conn.set_progress_handler(lambda: 1 if _cancelled(cancel) else 0, 2000)
        try:
            return work(conn)
        except sqlite3.OperationalError as error:
            if "interrupt" in str(error).lower():
                return []
            if _is_corrupt(error):
                try:
                    self._guard(error)
                except _Reset:
                    return []
            raise QueryError(f"the index could not run this query ({error})") from error
        except sqlite3.DatabaseError as error:
            try:
                self._guard(error)
            except _Reset:
                return []
            raise
        finally:
            if cancel is not None:
                conn.set_progress_handler(None, 0)

    def _order(
        self, conn: sqlite3.Connection, plan: _Plan, order: str, limit: int, offset: int
    ) -> list[_Row]:
        """The rows ``offset .. offset+limit`` in the requested order, without text."""
        if limit <= 0:
            return []
        if order == "rank" and plan.match is not None:
            # A prefix word is first merged over all its terms by FTS5, for each of the
            # statements below; its exact expansion (same matches) is read lazily.
            expand = self._expansion(conn, plan.query, complete=True)
            lazy = _Plan(plan.query, plan.within, {**expand, **plan.expand}) if expand else plan
            probe = (
                f"SELECT count(*) FROM (SELECT p.rowid FROM {lazy.source} "  # noqa: S608
                f"WHERE {lazy.where} LIMIT {RANK_ALL + 1})"
            )
            count = conn.execute(probe, lazy.params).fetchone()[0]
            if count > RANK_ALL:
                sample = self._sampled(conn, lazy)
                if offset + limit <= len(sample):
                    return sample[offset : offset + limit]
                # beyond the ranked sample, every other match follows in date order
                ranked = {row.rowid for row in sample}
                rest = self._order(conn, plan, "date", offset + limit, 0)
                every = sample + [_Row(row.rowid, 0.0) for row in rest if row.rowid not in ranked]
                return every[offset : offset + limit]
            # few matches: highlighting them all in the ranking query is cheaper than
            # one more statement per hit
            marked = f", highlight(passages, 0, '{_OPEN}', '{_CLOSE}')" if count <= _INLINE else ""
            sql = (
                f"SELECT p.rowid, {_BM25} AS score{marked} FROM passages AS p "  # noqa: S608
                f"JOIN docs AS d ON d.id = p.doc_id WHERE {plan.where} "
                f"ORDER BY score, d.date_start, p.rowid LIMIT ? OFFSET ?"
            )
            rows = conn.execute(sql, (*plan.params, limit, offset)).fetchall()
            return [_Row(row[0], 0.0 - float(row[1]), *row[2:]) for row in rows]
        else:
            score = _BM25 if plan.match is not None else "0.0"
            sql = (
                f"SELECT p.rowid, {score} FROM passages AS p "  # noqa: S608
                f"JOIN docs AS d ON d.id = p.doc_id WHERE {plan.where} "
                # a file's documents in its order (d.id: "No. 7" before "No. 140"), and
                # a note after the passage that refers to it, as a reader meets them
                f"ORDER BY d.date_start IS NULL, d.date_start, d.path, d.id, "
                f"p.block IS NULL, p.block, p.kind = 'note', p.rowid "
                f"LIMIT ? OFFSET ?"
            )
        rows = conn.execute(sql, (*plan.params, limit, offset)).fetchall()
        return [_Row(rowid, 0.0 - float(score) if score else 0.0) for rowid, score in rows]

    def _sampled(self, conn: sqlite3.Connection, plan: _Plan) -> list[_Row]:
        """Rank a very common query over an even sample of its matches.

        bm25() first counts every match of every phrase (its idf), so for a word in
        hundreds of thousands of passages even the best page costs a full pass. Here
        the first ``_SAMPLE`` matches after each of ``_WINDOWS`` evenly spread rowids
        are scored in Python with the bm25 formula (term frequency from highlight(),
        length in characters; the idf of such a word is near zero and the same for
        every passage, so it is left out). Deterministic, so pages do not shift."""
        top = int(conn.execute("SELECT value FROM meta WHERE key='next_row'").fetchone()[0])
        edges = [1 + (top - 1) * i // _WINDOWS for i in range(_WINDOWS + 1)]
        sql = (
            f"SELECT p.rowid, highlight(passages, 0, '{_OPEN}', '{_CLOSE}'), "  # noqa: S608
            f"highlight(passages, 1, '{_OPEN}', '{_CLOSE}') FROM {plan.source} "
            f"WHERE {plan.where} AND p.rowid BETWEEN ? AND ? LIMIT {_SAMPLE}"
        )
        found: list[tuple[int, str, str]] = []
        for lo, hi in itertools.pairwise(edges):
            found += conn.execute(sql, (*plan.params, lo, max(lo, hi - 1))).fetchall()
        if not found:
            return []
        average = sum(len(text) for _, text, _ in found) / len(found) or 1.0
        weight = WEIGHTS[1] / WEIGHTS[0]
        rows: list[_Row] = []
        for rowid, text, speaker in found:
            size = max(1.0, len(text) - 2 * text.count(_OPEN))
            tf = text.count(_OPEN) + weight * speaker.count(_OPEN)
            score = tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * size / average))
            rows.append(_Row(rowid, round(score, 6), text))
        rows.sort(key=lambda row: (-row.score, row.rowid))
        return rows

    def _hits(self, conn: sqlite3.Connection, plan: _Plan, rows: Sequence[_Row]) -> list[Hit]:
        """Fetch and highlight just these rows (highlight() re-tokenises the text, so it
        is never run on more than a page)."""
        if not rows:
            return []
        ids = ",".join(str(int(row.rowid)) for row in rows)
        details = {
            record[0]: record[1:]
            for record in conn.execute(
                "SELECT p.rowid, d.path, d.part, d.title, d.date, p.block, p.kind, "  # noqa: S608
                "p.speaker_id, p.speaker_name, p.slot, p.note, p.text FROM passages AS p "
                f"JOIN docs AS d ON d.id = p.doc_id WHERE p.rowid IN ({ids})"
            )
        }
        hits: list[Hit] = []
        for row in rows:
            record = details.get(row.rowid)
            if record is None:
                continue  # removed by a concurrent update
            marked = row.marked
            if marked is None and plan.match is not None:
                found = conn.execute(
                    "SELECT highlight(passages, 0, ?, ?) FROM passages "
                    "WHERE passages MATCH ? AND rowid = ?",
                    (_OPEN, _CLOSE, plan.match, row.rowid),
                ).fetchone()
                marked = found[0] if found else None
            hits.append(
                self._hit((*record[:-1], marked if marked is not None else record[-1], row.score))
            )
        return hits

    def _hit(self, row: tuple[object, ...]) -> Hit:
        (
            path,
            part,
            title,
            date,
            block,
            kind,
            speaker_id,
            speaker_name,
            slot,
            note,
            marked,
            score,
        ) = row
        text, matches = _unmark(str(marked or ""))
        return Hit(
            path=str(path),
            part=part if isinstance(part, str) else None,
            title=str(title or ""),
            date=date if isinstance(date, str) else None,
            block=block if isinstance(block, int) else None,
            kind=str(kind),
            speaker_id=speaker_id if isinstance(speaker_id, str) else None,
            speaker_name=speaker_name if isinstance(speaker_name, str) else None,
            slot=slot if isinstance(slot, int) else None,
            snippet=make_snippet(text, matches, rows=_ROW_BREAK if kind == "table" else " "),
            score=float(score) if isinstance(score, int | float) else 0.0,
            matches=tuple(matches),
            note=str(note).partition("\t")[0] if isinstance(note, str) else None,
            note_label=(str(note).partition("\t")[2] or str(note)) if isinstance(note, str)
            else None,
        )


class _Transaction:
    """The indexing transaction of one ``update()``, committed in big steps."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.conn: sqlite3.Connection | None = None
        self.since = 0.0
        self.bytes = 0

    def due(self) -> bool:
        return self.conn is not None and (
            self.bytes >= _COMMIT_BYTES or time.monotonic() - self.since >= _COMMIT_SECONDS
        )

    def write(self, batch: list[EntryLike], stats: UpdateStats) -> None:
        try:
            if self.conn is None:
                conn = self.index._conn()
                self.index._write_lock.acquire()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except BaseException:
                    self.index._write_lock.release()
                    raise
                self.conn, self.since, self.bytes = conn, time.monotonic(), 0
            before = stats.bytes
            self.index._write(self.conn, batch, stats)
            self.bytes += stats.bytes - before
            if self.due():
                self.commit()
        except sqlite3.DatabaseError as error:
            self.rollback()
            self.index._guard(error)
            raise

    def commit(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                conn.execute("COMMIT")
            except BaseException:
                self.conn = conn
                raise
            self.index._write_lock.release()

    def rollback(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            finally:
                self.index._write_lock.release()


class _Pending:
    """Rows of one batch waiting for their executemany (see ``SearchIndex._write``)."""

    def __init__(self, next_doc: int) -> None:
        self.next_doc = next_doc
        self.paths: set[str] = set()
        self.files: list[tuple[object, ...]] = []
        self.docs: list[tuple[object, ...]] = []
        self.titles: list[tuple[object, ...]] = []
        self.passages: list[tuple[object, ...]] = []
        self.flushed = 0

    def add_document(self, path: str, entry: EntryLike, document: Document, first: int) -> int:
        """Queue one document's rows (passages get rowids from ``first`` on, in one
        contiguous range); return the next free rowid."""
        meta = document.metadata
        start, end = _dates(meta.date[:10]) if meta.date else (None, None)
        doc_id = self.next_doc
        self.next_doc += 1
        names = _speaker_names(document)
        add = self.passages.append
        row = first
        none: tuple[str, None, None] = ("", None, None)
        get = names.get
        for number, block in enumerate(document.blocks):
            text = block.text
            if not text or text.isspace():
                continue
            if _OPEN in text or _CLOSE in text:
                text = _safe_text(text)
            if block.spans:
                text = _unmarked(text, block)
            speaker = block.speaker
            indexed, name, slot = get(speaker, none) if speaker else none
            add((row, text, indexed, doc_id, number, block.kind, speaker, name, slot, None))
            row += 1
        for note in document.notes:
            if not note.text.strip():
                continue
            add(
                (
                    row,
                    _safe_text(note.text),
                    "",
                    doc_id,
                    note.block,
                    "note",
                    None,
                    None,
                    None,
                    # the id, then the marker as printed (FRUS "d61fn2" is note "2")
                    f"{note.id}\t{note.label}" if note.label else note.id,
                )
            )
            row += 1
        part = document.source.part
        self.docs.append(
            (
                doc_id,
                path,
                part,
                document.source.sha256 or entry.sha256,
                entry.size,
                entry.mtime,
                meta.title or "",
                meta.date,
                start,
                end,
                meta.original_language,
                document.source.format,
                first,
                row - 1,
            )
        )
        name = os.path.basename(path) + (f" {part}" if part else "")
        self.titles.append((doc_id, meta.title or "", name.replace("_", " ")))
        return row

    def flush(self, conn: sqlite3.Connection) -> None:
        if self.files:
            conn.executemany(
                "INSERT OR REPLACE INTO files(path, sha256, size, mtime, error) VALUES(?,?,?,?,?)",
                self.files,
            )
        if self.docs:
            conn.executemany(
                "INSERT INTO docs(id, path, part, sha256, size, mtime, title, date, date_start, "
                "date_end, lang, format, first_row, last_row) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                self.docs,
            )
            conn.executemany("INSERT INTO docs_fts(rowid, title, name) VALUES(?,?,?)", self.titles)
        if self.passages:
            conn.executemany(
                "INSERT INTO passages(rowid, text, speaker, doc_id, block, kind, speaker_id, "
                "speaker_name, slot, note) VALUES(?,?,?,?,?,?,?,?,?,?)",
                self.passages,
            )
        self.flushed += len(self.passages)
        self.paths.clear()
        self.files, self.docs, self.titles, self.passages = [], [], [], []


@dataclass(frozen=True, slots=True)
class _Row:
    """One passage in result order: its rowid, its score (higher is better) and, when
    the ranking already produced it, its highlight() text."""

    rowid: int
    score: float
    marked: str | None = None


class _Plan:
    """The FROM and WHERE of a query: only our own fixed clauses are formatted into
    SQL; every user value is a parameter."""

    def __init__(
        self,
        query: Query,
        within: Sequence[str | os.PathLike[str]] | None,
        expand: dict[Term, list[str]] | None = None,
    ) -> None:
        self.query = query
        self.within = within
        self.expand = expand or {}
        compiled = query.compile(expand)
        where = list(compiled.where)
        params: list[object] = []
        if compiled.match is not None:
            where.insert(0, "passages MATCH ?")
            params.append(compiled.match)
        params.extend(compiled.params)
        if within is not None:
            clauses = []
            for root in within:
                text = os.fspath(root)
                clauses.append("(d.path = ? OR d.path LIKE ? ESCAPE '\\')")
                params += [text, _like(text.rstrip(os.sep)) + os.sep + "%"]
            where.append("(" + (" OR ".join(clauses) or "0") + ")")
        self.match = compiled.match
        self.where = " AND ".join(where) or "1"
        self.params = tuple(params)
        # The docs table is joined only when a clause needs it: a plain word query then
        # runs on the FTS table alone.
        needs_docs = any("d." in clause for clause in where)
        self.source = (
            "passages AS p JOIN docs AS d ON d.id = p.doc_id" if needs_docs else "passages AS p"
        )


def _stop_if(cancel: Cancel) -> None:
    """Stop a run of small statements as the progress handler stops a long one (and
    ``_guarded`` takes it the same way: as cancelled)."""
    if _cancelled(cancel):
        raise sqlite3.OperationalError("interrupted")


def _under(path: str, prefixes: list[str]) -> bool:
    for prefix in prefixes:
        if path == prefix or path.startswith(prefix.rstrip(os.sep) + os.sep):
            return True
    return False


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Split highlight() output into the plain text and match offsets (merging
    adjacent matches, as in a phrase)."""
    out: list[str] = []
    matches: list[tuple[int, int]] = []
    length = 0
    start = -1
    pos = 0
    while True:
        i = marked.find(_OPEN, pos)
        if i < 0:
            out.append(marked[pos:])
            break
        out.append(marked[pos:i])
        length += i - pos
        j = marked.find(_CLOSE, i + 1)
        if j < 0:
            j = len(marked)
        start = length
        piece = marked[i + 1 : j]
        out.append(piece)
        length += len(piece)
        if matches and matches[-1][1] == start:
            matches[-1] = (matches[-1][0], length)
        else:
            matches.append((start, length))
        pos = j + 1
    return "".join(out), matches


#: whitespace that folding changes: a run of two or more, or any but a plain space
_FOLDS = re.compile(r"\s\s|[^\S ]")
#: what stands for a line break between a table's rows in a snippet
_ROW_BREAK = " ‖ "


def make_snippet(
    text: str,
    matches: Sequence[tuple[int, int]],
    context: int = _SNIPPET_CONTEXT,
    width: int = _SNIPPET_MAX,
    rows: str = " ",
) -> Snippet:
    """A window of ``text`` around the first match, whitespace folded, offsets kept.

    ``rows`` stands for a line break (a table's rows: ``_ROW_BREAK``, so that one
    row's last cell does not run into the next row's label)."""
    first = matches[0][0] if matches else 0
    lo = max(0, first - context)
    if lo > 0:
        space = text.find(" ", lo, first)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", max(lo, hi - 30), hi)
        hi = space if space > lo else hi
    if _FOLDS.search(text, lo, hi) is None:
        # the common case: only single spaces, so folding only strips the ends and
        # every kept character is where it was (no per-character walk)
        window = text[lo:hi]
        kept = window.strip(" ")
        offset = lo + len(window) - len(window.lstrip(" "))
        size = len(kept)
        spans: list[tuple[int, int]] = []
        for start, end in matches:
            if end <= lo or start >= hi:
                continue
            a = min(size, max(0, max(start, lo) - offset))
            b = min(size, max(0, min(end, hi) - offset))
            if b > a:
                spans.append((a, b))
        return Snippet(kept, tuple(spans), lo, lo > 0, hi < len(text))
    # fold whitespace, remembering where each kept character came from
    chars: list[str] = []
    origin: list[int] = []
    mark = rows.strip() or " "  # a row break without its blanks
    previous_space = True
    for i in range(lo, hi):
        ch = text[i]
        if ch.isspace():
            if ch == "\n" and rows != " " and chars:
                # one break for a blank line too (the window is short: joins are cheap)
                if "".join(chars).rstrip(" ")[-len(mark) :] != mark:
                    while chars[-1] == " ":  # the row's padding
                        chars.pop()
                        origin.pop()
                    chars += rows
                    origin += [i] * len(rows)
                previous_space = True
                continue
            if previous_space:
                continue
            ch = " "
            previous_space = True
        else:
            previous_space = False
        chars.append(ch)
        origin.append(i)
    while chars:  # the blanks, and a row break, at the end
        if chars[-1] == " ":
            chars.pop()
            origin.pop()
        elif rows != " " and "".join(chars[-len(mark) :]) == mark:
            del chars[-len(mark) :]
            del origin[-len(mark) :]
        else:
            break
    folded: list[tuple[int, int]] = []
    for start, end in matches:
        if end <= lo or start >= hi:
            continue
        a = bisect.bisect_left(origin, max(start, lo))
        b = bisect.bisect_left(origin, min(end, hi))
        if b > a:
            folded.append((a, b))
    return Snippet("".join(chars), tuple(folded), lo, lo > 0, hi < len(text))
