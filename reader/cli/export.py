"""``archive-reader export FILE --format json|text|markdown|tei``.

FILE is parsed with the same parsers the reader uses; ``-`` reads standard input. A file
that holds several documents (a FRUS volume) gives a JSON array, or one document with
``--part ID``; text formats print the documents one after another.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

from reader.model.document import Document
from reader.model.formats import parse_data, parse_file
from reader.model.loading import MAX_BYTES, LoadError

__all__ = ["FORMATS", "configure", "run"]

FORMATS = ("json", "text", "markdown", "tei")
_SEPARATOR = {"text": "\n\f\n", "markdown": "\n---\n\n", "tei": "\n"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="the document to export ('-' reads standard input)"
    )
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="json", help="output format (default: json)"
    )
    parser.add_argument(
        "--mode",
        choices=("printed", "clean"),
        default="printed",
        help="printed keeps every word as printed; clean hides editorial apparatus "
        "(text, markdown)",
    )
    parser.add_argument(
        "--part", metavar="ID", help="one document of a multi-document file (e.g. d61)"
    )


def _fail(message: str) -> int:
    print(f"archive-reader export: {message}", file=sys.stderr)
    return 1


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise LoadError(f"standard input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _documents(args: argparse.Namespace) -> list[Document]:
    if args.file == "-":
        return parse_data(_read_stdin(), None)
    return parse_file(args.file)


def _render(args: argparse.Namespace, documents: list[Document]) -> str:
    module = import_module(f"reader.model.export.{args.format}_format")
    if args.format == "json":
        from reader.model.export.json_format import render as render_json

        # One document: one object. Several (a FRUS volume): an array (docs/schema.md).
        return render_json(documents[0] if len(documents) == 1 else documents)
    options = {"mode": args.mode} if args.format in {"text", "markdown"} else {}
    rendered: list[str] = [module.render(d, **options) for d in documents]
    return _SEPARATOR.get(args.format, "\n").join(rendered)


def run(args: argparse.Namespace) -> int:
    try:
        documents = _documents(args)
    except LoadError as error:
        return _fail(str(error))
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("reader."):
            raise
        return _fail(f"{args.file}: no parser for this kind of file in this build")
    if args.part is not None:
        documents = [d for d in documents if d.source.part == args.part]
        if not documents:
            return _fail(f"no document with part id {args.part!r} in {args.file}")
    if not documents:
        return _fail(f"no document found in {args.file}")
    try:
        output = _render(args, documents)
    except ModuleNotFoundError as error:
        # Markdown, TEI and the clean reading view are separate modules; a build
        # without one says so in one line instead of a traceback.
        if not (error.name or "").startswith("reader."):
            raise
        what = f"--mode {args.mode}" if error.name == "reader.model.reading" else args.format
        return _fail(f"the {what} output is not available in this build")
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    return 0
