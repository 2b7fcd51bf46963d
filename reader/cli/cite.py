"""``archive-reader cite FILE [--passage N] [--part ID] --format FMT``: print a citation.

For footnotes written outside the reader: the same citation the app copies with ``c``.
"""

from __future__ import annotations

import argparse
import sys

from reader.model.document import Document
from reader.model.export.citation import FORMATS, citation_data, render

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "Passages are numbered from 1 in reading order, one per block (turn, paragraph,\n"
        "heading, stage direction): passage 1 is the first block after the header (the\n"
        "\"blocks\" array of `export --format json`, counted from 1). A passage citation\n"
        "adds its pinpoint (the turn number: labelled turns up to and including it; or\n"
        "the printed page in FRUS) and the quoted words.\n\n"
        "exit status: 0 printed, 1 unreadable file or no such part, 2 usage error\n"
        "(including a passage number outside the document)"
    )
    parser.add_argument("file", metavar="FILE", help="the document to cite")
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="chicago",
        help="chicago (a footnote, the default), csl-json (Zotero, pandoc), bibtex "
        "(biblatex) or ris",
    )
    parser.add_argument(
        "--passage",
        "-p",
        type=int,
        metavar="N",
        help="cite passage N (1-based block number) with its quote and pinpoint",
    )
    parser.add_argument(
        "--part",
        metavar="ID",
        help="which document of a multi-document file (a FRUS volume's document id, "
        "such as d61)",
    )
    parser.add_argument(
        "--no-quote",
        action="store_true",
        help="with --passage and --format chicago: give the pinpoint but not the words",
    )


def _fail(message: str, status: int = 1) -> int:
    print(f"archive-reader cite: {message}", file=sys.stderr)
    return status


def _choose(documents: list[Document], part: str | None) -> Document | str:
    """The document to cite, or the message saying why there is none."""
    if not documents:
        return "the file holds no document"
    if part is not None:
        for document in documents:
            if document.source.part == part:
                return document
        parts = [d.source.part for d in documents if d.source.part]
        shown = ", ".join(parts[:8]) + (", ..." if len(parts) > 8 else "")
        return f"no part {part!r} in this file" + (f" (parts: {shown})" if parts else "")
    if len(documents) > 1:
        parts = [d.source.part or str(i + 1) for i, d in enumerate(documents)]
        shown = ", ".join(parts[:8]) + (", ..." if len(parts) > 8 else "")
        return f"the file holds {len(documents)} documents; choose one with --part ({shown})"
    return documents[0]


def run(args: argparse.Namespace) -> int:
    from reader.model.formats import parse_file
    from reader.model.loading import display_path

    documents = parse_file(args.file)
    chosen = _choose(documents, args.part)
    if isinstance(chosen, str):
        return _fail(f"{display_path(args.file)}: {chosen}")
    passage: int | None = args.passage
    if passage is not None and not 1 <= passage <= len(chosen.blocks):
        return _fail(
            f"--passage {passage} is outside the document (passages 1-{len(chosen.blocks)})",
            status=2,
        )
    data = citation_data(chosen, None if passage is None else passage - 1)
    text = render(data, args.format, quote=not args.no_quote)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
