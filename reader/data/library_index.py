"""The app's search index: one SearchIndex shared by the indexing worker and searches.

Pure (no Textual). The app hands it the documents it has loaded; they become index
entries by file, so nothing is read or parsed twice and the user's files are only ever
stat'ed here. Opening may rebuild a damaged file, so ``get()`` is meant for worker
threads; the first caller opens, under a lock, and every later caller shares it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.data.index import Cancel, SearchIndex, UpdateStats
from reader.model.document import Document

__all__ = ["FileEntry", "LibraryIndex", "entries_for"]

@dataclass(frozen=True, slots=True)
class FileEntry:
    """What SearchIndex.update reads (reader.data.index.EntryLike), from loaded documents."""

    path: str
    documents: tuple[Document, ...]
    error: str | None
    sha256: str
    size: int
    mtime: float | None


def entries_for(documents: Iterable[Document]) -> list[FileEntry]:
    """Group loaded documents by their file. Documents with no file on disk (standard
    input, documents built in memory) are left out: there is nothing to re-find."""
    by_path: dict[str, list[Document]] = {}
    for document in documents:
        path = document.source.path
        if not path or not document.source.sha256:
            continue
        by_path.setdefault(os.path.abspath(path), []).append(document)
    entries: list[FileEntry] = []
    for path, docs in by_path.items():
        source = docs[0].source
        try:
            info = os.stat(path)
        except OSError:
            continue
        # The stat comes after the load: record the mtime only when the size still
        # agrees, else -1 so that the command line reads the file again.
        mtime = info.st_mtime if info.st_size == source.size else None
        entries.append(FileEntry(path, tuple(docs), None, source.sha256, source.size, mtime))
    return entries


def _stopped(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


class LibraryIndex:
    """The index the app searches, and its state in words for the status lines."""

    def __init__(self, roots: Sequence[str] | None = None) -> None:
        #: the files and folders the app was given (absolute), or None when unknown
        self.roots = [os.path.abspath(r) for r in roots] if roots else None
        self.state = "not built yet"
        self.ready = False
        self.building = False
        #: the library search screen's last query and order, offered again on reopening
        self.last_query = ""
        self.last_order = "rank"
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()
        self._notices_shown = 0

    @property
    def opened(self) -> bool:
        return self._index is not None

    def get(self) -> SearchIndex:
        """The shared index, opened (and rebuilt if damaged) on first use."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.open()
            return self._index

    def new_notices(self) -> list[str]:
        """Rebuild notices not yet shown to the reader."""
        index = self._index
        if index is None:
            return []
        notices = index.notices[self._notices_shown :]
        self._notices_shown += len(notices)
        return list(notices)

    def within(self, documents: Sequence[Document]) -> list[str] | None:
        """Limit searches to the app's library: its roots, or else its loaded files
        (None when there is nothing to limit by: then the whole index is searched)."""
        if self.roots is not None:
            return list(self.roots)
        paths = sorted({os.path.abspath(d.source.path) for d in documents if d.source.path})
        return paths if 0 < len(paths) <= 200 else None

    def _update(
        self,
        entries: list[FileEntry],
        progress: Callable[[int, int], None] | None,
        cancel: Cancel,
    ) -> UpdateStats:
        """One ``SearchIndex.update`` for the whole library: it commits in big steps
        (searches see the files indexed so far every few seconds) and reports after
        each batch of files. Updating in small chunks instead made every chunk a
        transaction, hence an FTS5 segment to merge later: the app's build ran at a
        fraction of the rate of one update."""
        index = self.get()
        total = len(entries)

        def report(stats: UpdateStats) -> None:
            if progress is not None:
                progress(min(stats.files, total), total)

        # with roots, files under them that are gone (deleted since last time) are
        # forgotten once every entry has been seen
        return index.update(entries, progress=report, cancel=cancel, roots=self.roots)

    def build(
        self,
        documents: Sequence[Document],
        progress: Callable[[int, int], None] | None = None,
        cancel: Cancel = None,
    ) -> UpdateStats:
        """Bring the index up to date with ``documents`` (unchanged files cost one
        lookup each). ``progress(done, total)`` is called between chunks of files."""
        entries = entries_for(documents)
        self.building = True
        self.state = f"indexing {len(entries)} files…"
        try:
            total = self._update(entries, progress, cancel)
            if total.cancelled and not _stopped(cancel):
                # the file turned out damaged mid-way and was rebuilt empty: once more
                total = self._update(entries, progress, cancel)
        finally:
            self.building = False
        index = self.get()
        if not total.cancelled:
            _files, docs, passages = index.counts()
            self.ready = True
            self.state = f"index: {passages:,} passages in {docs:,} documents"
        else:
            self.state = "indexing was interrupted"
        return total
