"""The library: the documents in the files and folders the reader was given.

A historian's folder is messy: PDFs next to transcripts, a link to a drive that is gone,
a file still being synced, a name in an old encoding. Nothing here raises for bad input;
each problem becomes an ``Entry`` with ``error`` set, shown in the list with its reason,
and every other document still loads.

Parse results are cached under ``locations.cache_dir()/parsed/`` by content hash and
parser version, as plain JSON (``doccache``), so reopening a 4 MB volume skips parsing.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from reader.data import doccache, locations
from reader.model.document import Document
from reader.model.loading import MAX_BYTES, LoadError, display_path, read_bytes

__all__ = [
    "PARSER_VERSION",
    "Entry",
    "Found",
    "cache_path",
    "iter_files",
    "load_entry",
    "read_stdin",
    "scan",
]

#: Bump to drop every cached parse by hand; normally unnecessary, because the cache key
#: also carries a digest of the parser sources (see parser_fingerprint).
PARSER_VERSION: Final = "2026.1"


@functools.cache
def parser_fingerprint() -> str:
    """A digest of every module under reader/model/, computed once per process.

    Any change to a parser, the apparatus rules or the speaker rules changes the output
    that the cache stores; keying on the sources means nobody has to remember to bump a
    version, and a stale parse can never be served after an upgrade. Hashing the ~0.5 MB
    of sources costs about a millisecond.
    """
    import reader.model

    digest = hashlib.sha256()
    root = Path(reader.model.__file__).resolve().parent
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


STDIN: Final = "<stdin>"


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the library: its documents, or why it has none."""

    path: str
    documents: tuple[Document, ...] = ()
    #: a plain-language reason the file could not be read, or None
    error: str | None = None
    sha256: str = ""
    size: int = 0
    mtime: float | None = None
    #: whether the documents came from the parse cache
    cached: bool = False

    @property
    def name(self) -> str:
        """The path as it can always be printed."""
        return display_path(self.path) if self.path != STDIN else STDIN


@dataclass(frozen=True, slots=True)
class Found:
    """A file the scan found, or a problem it met on the way (``error`` set)."""

    path: str
    error: str | None = None


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _name_warning(path: str) -> str | None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return (
            "the file name is not valid UTF-8 (an old encoding?); "
            "undecodable bytes are shown as \ufffd"
        )
    return None


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _link_problem(path: str, root: str | None) -> str | None:
    """Why a symbolic link is not followed, or None if it may be."""
    shown = display_path(path)
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{shown}: a symbolic link loop (the link points back at itself)"
        if error.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"{shown}: a broken symbolic link (its target {display_path(target)} is missing)"
        return f"{shown}: the symbolic link cannot be followed ({error.strerror})"
    if root is not None and not _within(os.path.realpath(path), root):
        return f"{shown}: a symbolic link to outside the folder; not followed"
    return None


def _walk(folder: str, root: str, seen: set[tuple[int, int]]) -> Iterator[Found]:
    try:
        info = os.stat(folder)
    except OSError as error:
        yield Found(folder, f"{display_path(folder)}: {error.strerror or 'cannot be opened'}")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return  # reached again through a link inside the folder: already scanned
    seen.add(key)
    try:
        with os.scandir(folder) as iterator:
            entries = sorted(iterator, key=lambda e: e.name.casefold())
    except OSError as error:
        reason = (
            "permission denied"
            if error.errno in (errno.EACCES, errno.EPERM)
            else (error.strerror or "cannot be listed")
        )
        yield Found(folder, f"{display_path(folder)}: the folder cannot be read ({reason})")
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = entry.path
        try:
            is_link = entry.is_symlink()
        except OSError:
            is_link = False
        if is_link:
            problem = _link_problem(path, root)
            if problem:
                yield Found(path, problem)
                continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, root, seen)
        else:
            yield Found(path)


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Found]:
    """Every file under the given files and folders, in a stable order.

    Folders are scanned recursively; hidden files and folders are skipped; symbolic
    links are followed only while they stay inside the scanned folder. A path given
    explicitly is always reported, even if hidden or broken.
    """
    for given in paths:
        path = os.fspath(given)
        if path == "-":
            yield Found(STDIN)
            continue
        if os.path.islink(path):
            problem = _link_problem(path, None)
            if problem:
                yield Found(path, problem)
                continue
        if os.path.isdir(path):
            root = os.path.realpath(path)
            yield from _walk(path, root, set())
        elif os.path.lexists(path):
            yield Found(path)
        else:
            yield Found(path, f"{display_path(path)}: no such file or folder")


# --------------------------------------------------------------------------- cache


def _cache_key(sha256: str) -> str:
    return f"{sha256}-p{PARSER_VERSION}-{parser_fingerprint()}-c{doccache.FORMAT_VERSION}"


def cache_path(sha256: str) -> Path:
    """Where the parse of content with this hash is cached."""
    key = hashlib.sha256(_cache_key(sha256).encode()).hexdigest()
    return locations.cache_dir() / "parsed" / key[:2] / f"{key}.json"


def _cache_read(sha256: str) -> list[Document] | None:
    path = cache_path(sha256)
    try:
        return doccache.loads(path.read_bytes(), _cache_key(sha256))
    except FileNotFoundError:
        return None
    except (OSError, doccache.CacheError):
        return None  # corrupt or foreign: parse again and overwrite it


def _cache_write(sha256: str, documents: list[Document]) -> None:
    path = cache_path(sha256)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The path is not part of the content: it is set again on every load.
        anonymous = [
            dataclasses.replace(d, source=dataclasses.replace(d.source, path=None))
            for d in documents
        ]
        text = doccache.dumps(anonymous, _cache_key(sha256))
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError):
        pass  # a read-only or full cache only costs speed


# --------------------------------------------------------------------------- loading


def _parse(data: bytes, path: str | None) -> list[Document]:
    from reader.model.formats import parse_data

    return parse_data(data, path)


def _with_path(documents: list[Document], path: str, warning: str | None) -> tuple[Document, ...]:
    out = []
    for doc in documents:
        source = (
            doc.source if doc.source.path == path else dataclasses.replace(doc.source, path=path)
        )
        warnings = doc.warnings
        if warning and warning not in warnings:
            warnings = (*warnings, warning)
        if source is not doc.source or warnings is not doc.warnings:
            doc = dataclasses.replace(doc, source=source, warnings=warnings)
        out.append(doc)
    return tuple(out)


def _from_bytes(path: str, data: bytes, mtime: float | None, use_cache: bool) -> Entry:
    sha = hashlib.sha256(data).hexdigest()
    shown = display_path(path) if path != STDIN else STDIN
    name_warning = _name_warning(path) if path != STDIN else None
    if use_cache:
        cached = _cache_read(sha)
        if cached is not None:
            docs = _with_path(cached, path, name_warning)
            return Entry(path, docs, None, sha, len(data), mtime, cached=True)
    try:
        documents = _parse(data, None if path == STDIN else path)
    except LoadError as error:
        return Entry(path, (), str(error), sha, len(data), mtime)
    except RecursionError:
        return Entry(path, (), f"{shown}: nested too deeply to read", sha, len(data), mtime)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the library
        reason = f"{shown}: could not be read ({type(error).__name__}: {error})"
        return Entry(path, (), reason, sha, len(data), mtime)
    if not documents:
        return Entry(path, (), f"{shown}: holds no documents", sha, len(data), mtime)
    if use_cache:
        _cache_write(sha, documents)
    return Entry(path, _with_path(documents, path, name_warning), None, sha, len(data), mtime)


def load_entry(path: str | os.PathLike[str], use_cache: bool = True) -> Entry:
    """Read and parse one file, from the cache when its content is unchanged.

    Never raises for bad input: the reason is in ``Entry.error``.
    """
    path = os.fspath(path)
    if path in ("-", STDIN):
        return read_stdin()
    shown = display_path(path)
    mtime = None
    try:
        info = os.lstat(path)
        mtime = info.st_mtime
        if stat.S_ISLNK(info.st_mode):
            problem = _link_problem(path, None)
            if problem:
                return Entry(path, error=problem, mtime=mtime)
    except OSError:
        pass  # read_bytes gives the reason
    try:
        data = read_bytes(path)
    except LoadError as error:
        return Entry(path, error=str(error), mtime=mtime)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the library
        return Entry(path, error=f"{shown}: could not be read ({error})", mtime=mtime)
    return _from_bytes(path, data, mtime, use_cache)


def read_stdin(use_cache: bool = False) -> Entry:
    """One document from standard input (``archive-reader -`` or a pipe)."""
    try:
        stream = sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
    except (OSError, AttributeError, ValueError) as error:
        return Entry(STDIN, error=f"{STDIN}: standard input cannot be read ({error})")
    if len(data) > MAX_BYTES:
        return Entry(STDIN, error=f"{STDIN}: too large to open (over {MAX_BYTES / 1e6:.0f} MB)")
    if not data:
        return Entry(STDIN, error=f"{STDIN}: nothing was piped in (standard input is empty)")
    return _from_bytes(STDIN, data, None, use_cache)


def scan(paths: Iterable[str | os.PathLike[str]], use_cache: bool = True) -> Iterator[Entry]:
    """Load every file under ``paths`` one by one, problems included, as they are found."""
    for found in iter_files(paths):
        if found.error is not None:
            yield Entry(found.path, error=found.error)
        elif found.path == STDIN:
            yield read_stdin()
        else:
            yield load_entry(found.path, use_cache)
