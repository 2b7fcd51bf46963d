"""``archive-reader bookmarks``: list, add, export, import, delete and restore bookmarks.

For scripts and backups; the reader itself bookmarks with ``m`` and lists with ``M``.

    archive-reader bookmarks list [--document-order] [--query WORDS] [--deleted] [--no-check]
    archive-reader bookmarks add FILE --passage N [--to-passage M | --quote WORDS]
                                 [--part ID] [--note TEXT] [--tag T ...]
    archive-reader bookmarks export --format markdown|json [--output FILE] [--include-deleted]
    archive-reader bookmarks import FILE.json
    archive-reader bookmarks delete ID / restore ID

Passage numbers are 1-based block indexes: passage 1 is the first paragraph or turn of
the transcript (headings and stage directions count), as the reader's gutter shows.
A bookmark may hold a span of passages (an exchange): ``add --passage 2 --to-passage 4``
bookmarks passages 2 to 4 whole; ``list`` and ``export`` show the span ("passages 2–4,
turns 2–4") and the Markdown export quotes every passage of it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from reader.data.anchor import PASSAGE_BREAK, Resolution, make_anchor, rehome, resolve
from reader.data.store import Bookmark, Store, StoreError
from reader.model.document import Document
from reader.model.loading import LoadError, display_path, neutralise

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List, add, export and import bookmarks. Passage numbers are 1-based: passage 1 "
        "is the first block (turn, paragraph, heading) of the document."
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="show every bookmark and whether it still anchors")
    listing.add_argument("--document-order", action="store_true",
                         help="group by document instead of newest first")
    listing.add_argument("--query", "-q", help="only bookmarks whose quote, note or tags "
                         "contain every one of these words")
    listing.add_argument("--deleted", action="store_true", help="include deleted bookmarks")
    listing.add_argument("--no-check", action="store_true",
                         help="do not re-read the documents to check each anchor")

    add = actions.add_parser("add", help="bookmark a passage of a document (for scripts)")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--passage", "-p", type=int, required=True, metavar="N",
                     help="1-based passage number (block index + 1)")
    add.add_argument("--to-passage", type=int, metavar="M",
                     help="bookmark passages N to M (an exchange), each whole")
    add.add_argument("--quote", metavar="WORDS",
                     help="bookmark only these words of the passage (default: all of it)")
    add.add_argument("--part", metavar="ID",
                     help="which document of a multi-document file (a FRUS xml:id)")
    add.add_argument("--note", default="", help="the note to keep with it")
    add.add_argument("--tag", action="append", default=[], metavar="TAG",
                     help="a tag (repeat for several)")

    export = actions.add_parser("export", help="print bookmarks as Markdown or JSON")
    export.add_argument("--format", "-f", choices=("markdown", "json"), default="markdown")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    export.add_argument("--include-deleted", action="store_true",
                        help="JSON: include deleted bookmarks (the trash) in the backup")
    export.add_argument("--no-check", action="store_true",
                        help="Markdown: do not re-read the documents to give each "
                        "bookmark its pinpoint citation")

    imported = actions.add_parser("import", help="merge a JSON backup (no duplicates)")
    imported.add_argument("file", metavar="FILE.json")

    for name, text in (("delete", "move a bookmark to the trash"),
                       ("restore", "bring a bookmark back from the trash")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("id", metavar="ID", help="the id, or the start of it as listed")


def _say(message: str) -> None:
    print(f"archive-reader: {message}", file=sys.stderr)


def _open_store() -> Store:
    store = Store.open()
    if store.message:
        _say(store.message)
    return store


def run(args: argparse.Namespace) -> int:
    store = _open_store()
    try:
        action = {
            "list": _list,
            "add": _add,
            "export": _export,
            "import": _import,
            "delete": _delete,
            "restore": _restore,
        }[args.action]
        return action(store, args)
    except StoreError as error:
        _say(str(error))
        return 1
    finally:
        store.close()


# --- citations and locators -----------------------------------------------------------


def _citation(document: Document) -> str:
    """The document's Chicago note (reader.model.export.citation), the same one the
    reader stores with a bookmark made with m."""
    from reader.model.export.citation import chicago_note, citation_data

    return chicago_note(citation_data(document), quote=False)


def _locator(bookmark: Bookmark) -> str:
    """"passage 2, turn 2, p. 5" or, for a span, "passages 2–4, turns 2–4, pp. 5–6"."""
    parts = bookmark.locator_parts()
    return ", ".join([parts[-1], *parts[:-1]])


# --- list -----------------------------------------------------------------------------


class _Documents:
    """Parsed documents by path, each read once per command."""

    def __init__(self) -> None:
        self._cache: dict[str, list[Document] | None] = {}

    def get(self, path: str | None, part: str | None) -> Document | None:
        for document in self.all(path):
            if document.source.part == part:
                return document
        return None

    def of(self, bookmark: Bookmark) -> Document | None:
        """The bookmark's document; for one made when its file was read as one document
        (no part) and now read as a volume's records, the one record that certainly
        holds its words (``anchor.rehome``)."""
        anchor = bookmark.anchor
        document = self.get(anchor.doc_path, anchor.doc_part)
        if document is None and anchor.doc_part is None:
            where = rehome(anchor, self.all(anchor.doc_path))
            document = where[0] if where is not None else None
        return document

    def all(self, path: str | None) -> list[Document]:
        """Every document of the file (a volume's records), [] if it cannot be read."""
        if not path:
            return []
        if path not in self._cache:
            from reader.model.formats import parse_file

            try:
                self._cache[path] = parse_file(path)
            except (LoadError, OSError):
                self._cache[path] = None
        return self._cache[path] or []


def _status(
    bookmark: Bookmark, documents: _Documents, store: Store | None = None
) -> tuple[str, Resolution | None]:
    """Where the bookmark's words are now; with ``store``, a certain re-find is written
    back (Store.follow) so that it is "exact" next time."""
    if bookmark.deleted:
        return "deleted", None
    anchor = bookmark.anchor
    if store is not None and anchor.doc_part is None:
        # made when its file was one document: moved for good to its record, if certain
        bookmark = store.rehome(bookmark, documents.all(anchor.doc_path)) or bookmark
    document = documents.of(bookmark)
    if document is None:
        return "file missing", None
    found = resolve(bookmark.anchor, document)
    if store is not None:
        store.follow(bookmark, document, found)
    if found.status == "moved" and not found.certain:
        return "uncertain", found
    return found.status, found


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "\u2026"


def _list(store: Store, args: argparse.Namespace) -> int:
    bookmarks = store.list_bookmarks(
        order="document" if args.document_order else "newest",
        query=args.query,
        include_deleted=args.deleted,
    )
    if not bookmarks:
        _say("no bookmarks" + (" match" if args.query else " yet"))
        return 1
    documents = _Documents()
    width = max(80, shutil.get_terminal_size((120, 24)).columns)
    fixed = (8, 24, 14, 24, 16, 12)
    quote_width = max(20, width - sum(fixed) - 2 * len(fixed))
    header = ("ID", "DOCUMENT", "SPEAKER", "QUOTE", "NOTE", "TAGS", "STATUS")
    widths = (*fixed[:3], quote_width, *fixed[3:])
    rows = [header]
    for bookmark in bookmarks:
        status = "unchecked" if args.no_check else _status(bookmark, documents, store)[0]
        if args.no_check and bookmark.deleted:
            status = "deleted"
        quote = bookmark.anchor.exact
        if bookmark.end_passage is not None:
            quote = f"[passages {bookmark.passage}\u2013{bookmark.end_passage}] {quote}"
        rows.append((
            bookmark.id[:8],
            bookmark.doc_title or display_path(bookmark.anchor.doc_path or "?"),
            bookmark.speaker or "",
            quote,
            bookmark.note,
            ", ".join(bookmark.tags),
            status,
        ))  # fmt: skip
    for row in rows:
        cells = [_cut(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())
    return 0


# --- add ------------------------------------------------------------------------------


def _add(store: Store, args: argparse.Namespace) -> int:
    from reader.model.formats import parse_file

    documents = parse_file(args.file)
    chosen = [d for d in documents if args.part is None or d.source.part == args.part]
    if not chosen:
        _say(f"{display_path(args.file)}: no document with part {args.part!r}")
        return 1
    document = chosen[0]
    count = len(document.blocks)
    if not 1 <= args.passage <= count:
        _say(f"{display_path(args.file)}: there is no passage {args.passage} "
             f"(passages are numbered 1 to {count})")  # fmt: skip
        return 1
    index = args.passage - 1
    start = end = None
    end_block: int | None = None
    if args.to_passage is not None:
        if args.quote:
            _say("--quote and --to-passage cannot be combined: a span is bookmarked whole")
            return 2
        if not args.passage <= args.to_passage <= count:
            _say(f"{display_path(args.file)}: --to-passage {args.to_passage} must be from "
                 f"{args.passage} to {count}")  # fmt: skip
            return 1
        end_block = args.to_passage - 1
    if args.quote:
        text = document.blocks[index].text
        where = text.find(args.quote)
        if where < 0:
            _say(f"passage {args.passage} does not contain {_cut(args.quote, 60)!r}")
            return 1
        start, end = where, where + len(args.quote)
    anchor = make_anchor(document, index, start, end, end_block=end_block)
    if not anchor.exact.strip():
        _say(f"passage {args.passage} has no words to bookmark")
        return 1
    bookmark = store.add_bookmark(
        document, anchor, note=args.note, tags=args.tag, citation=_citation(document)
    )
    print(f"{bookmark.id}  {_locator(bookmark)}  {_cut(anchor.exact, 60)}")
    return 0


# --- export ---------------------------------------------------------------------------


def _pinpoint(bookmark: Bookmark, documents: _Documents | None) -> str | None:
    """The Chicago note citing the bookmark's words (a span: "turns 2–4") where its
    document can be read and the words are certainly there; else None."""
    if documents is None or bookmark.deleted:
        return None
    document = documents.of(bookmark)
    if document is None:
        return None
    found = resolve(bookmark.anchor, document)
    if not found.certain or found.block_index is None:
        return None
    from reader.model.export.citation import chicago_note, citation_data

    try:
        data = citation_data(document, found.block_index, found.start, found.end,
                             end_passage=found.end_block)  # fmt: skip
    except IndexError:  # pragma: no cover - resolve() gives passages of the document
        return None
    return chicago_note(data, quote=False)


def _quote_lines(bookmark: Bookmark) -> list[str]:
    """The whole quote as a Markdown blockquote, one paragraph per passage of a span."""
    lines: list[str] = []
    for passage in bookmark.anchor.exact.split(PASSAGE_BREAK):
        words = " ".join(passage.split())
        if words:
            lines += [">"] if lines else []
            lines.append(f"> {words}")
    return [*lines, ""]


def _markdown(bookmarks: list[Bookmark], documents: _Documents | None = None) -> str:
    lines = ["# Bookmarks", ""]
    current: tuple[str, str | None, str | None] | None = None
    for bookmark in bookmarks:
        key = (bookmark.anchor.doc_sha256, bookmark.anchor.doc_path, bookmark.anchor.doc_part)
        if key != current:
            current = key
            title = bookmark.doc_title or display_path(bookmark.anchor.doc_path or "?")
            lines += [f"## {title}", ""]
            if bookmark.doc_citation:
                lines += [f"Citation: {bookmark.doc_citation}", ""]
        heading = _locator(bookmark)
        if bookmark.speaker and bookmark.end_passage is None:
            # (a span may hold several speakers: its quote says who said what)
            heading = f"{bookmark.speaker}, {heading}"
        lines += [f"### {heading}", ""]
        lines += _quote_lines(bookmark)
        cite = _pinpoint(bookmark, documents)
        if cite:
            lines += [f"Cite: {cite}", ""]
        if bookmark.note:
            lines += [*bookmark.note.splitlines(), ""]
        if bookmark.tags:
            lines += ["Tags: " + ", ".join(f"#{tag}" for tag in bookmark.tags), ""]
        lines += [f"<!-- bookmark {bookmark.id} -->", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    # Write beside the target and rename: a crash never leaves half a backup.
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent or Path("."), prefix=f".{target.name}.",
        delete=False,
    )  # fmt: skip
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _export(store: Store, args: argparse.Namespace) -> int:
    if args.format == "json":
        text = json.dumps(store.export_data(include_deleted=args.include_deleted),
                          ensure_ascii=False, indent=2) + "\n"  # fmt: skip
    else:
        bookmarks = store.list_bookmarks(order="document")
        if not bookmarks:
            _say("no bookmarks to export")
            return 1
        text = _markdown(bookmarks, None if args.no_check else _Documents())
    try:
        _write(text, args.output)
    except OSError as error:
        _say(f"{display_path(args.output)}: {error.strerror or error}")
        return 1
    return 0


# --- import, delete, restore -----------------------------------------------------------


def _import(store: Store, args: argparse.Namespace) -> int:
    from reader.model.loading import read_bytes

    shown = display_path(args.file)
    try:
        data: Any = json.loads(read_bytes(args.file).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        _say(f"{shown}: not a JSON bookmark backup ({neutralise(str(error))[0]})")
        return 1
    result = store.import_data(data)
    print(f"{shown}: {result.added} added, {result.updated} updated, "
          f"{result.unchanged} already present; {result.positions} reading positions")  # fmt: skip
    return 0


def _delete(store: Store, args: argparse.Namespace) -> int:
    bookmark = store.delete(args.id)
    print(f"deleted {bookmark.id} (undo: archive-reader bookmarks restore {bookmark.id[:8]})")
    return 0


def _restore(store: Store, args: argparse.Namespace) -> int:
    bookmark = store.restore(args.id)
    print(f"restored {bookmark.id}")
    return 0
