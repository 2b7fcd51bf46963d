"""The ``archive-reader`` command: open the reader, or run a subcommand.

``archive-reader [PATH ...]`` opens the reader; ``archive-reader SUBCOMMAND ...`` runs one
of the subcommands below. Exit status: 0 success, 1 unreadable input or nothing found,
2 usage error. Users see one-line messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import codecs
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Protocol

from reader import __version__

#: subcommand -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "export": ("reader.cli.export", "print a document as JSON, text, Markdown or TEI"),
    "search": ("reader.cli.search", "search the library by words, speaker and date"),
    "bookmarks": ("reader.cli.bookmarks", "list, add, export and import bookmarks"),
    "cite": ("reader.cli.cite", "print a citation for a document or passage"),
}


class _Command(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _version() -> str:
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - a version string is never worth a crash
        textual = "unknown"
    return f"archive-reader {__version__} (Textual {textual})"


def _app_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<10} {text}" for name, (_, text) in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="archive-reader",
        description="A terminal reader for declassified archival records.",
        epilog=f"subcommands (archive-reader SUBCOMMAND --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to open ('-' reads one document from standard input); "
        "with none, reopens the last document, or the bundled seeds on first run",
    )
    parser.add_argument("--version", action="version", version=_version())
    return parser


def _fail(message: str) -> int:
    print(f"archive-reader: {message}", file=sys.stderr)
    return 1


#: characters replaced because the output encoding has no room for them (see _writable)
_replaced = 0
_REPLACE = "archive-reader.replace"


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    """The "replace" error handler, counting what it replaced so it can be told."""
    global _replaced
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _replaced += error.end - error.start
    return "?" * (error.end - error.start), error.end


codecs.register_error(_REPLACE, _count_and_replace)


@contextmanager
def _writable() -> Iterator[None]:
    """Make stdout and stderr replace what their encoding cannot take, instead of
    raising (``PYTHONIOENCODING=ascii``, a C locale, a lone surrogate from an undecodable
    file name); afterwards say once on stderr how many characters were replaced.

    Only streams that would raise (errors="strict") are changed, and they are put back:
    Python's own stderr already escapes with backslashes. JSON output escapes instead
    (see reader.cli.search), so its text is never changed."""
    global _replaced
    _replaced = 0
    changed: list[tuple[io.TextIOWrapper, str]] = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            changed.append((stream, stream.errors))
            stream.reconfigure(errors=_REPLACE)
    try:
        yield
    finally:
        for stream, errors in changed:
            try:
                stream.reconfigure(errors=errors)
            except (OSError, ValueError):
                pass  # closed (a broken pipe): nothing more is written to it
        if _replaced:
            encoding = getattr(sys.stdout, "encoding", None) or "?"
            try:
                print(
                    f"archive-reader: {_replaced} character(s) that the output encoding "
                    f"({encoding}) cannot show were written as ?; a UTF-8 locale or "
                    "PYTHONIOENCODING=utf-8 shows them",
                    file=sys.stderr,
                )
            except (OSError, ValueError):
                pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from reader.model.loading import LoadError

    try:
        if argv and argv[0] in SUBCOMMANDS:
            with _writable():
                return _subcommand(argv[0], argv[1:])
        args = _app_parser().parse_args(argv)
        from reader.app import run_app

        return run_app(args.paths)
    except LoadError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `archive-reader export ... | head`: the reader went away; not an error of ours.
        sys.stderr.close()
        return 0


def _subcommand(name: str, argv: list[str]) -> int:
    module_name, text = SUBCOMMANDS[name]
    command: _Command = import_module(module_name)
    # A command may explain a mistake that argparse would only call "unrecognized
    # arguments" (search: a query word such as -nuclear taken for an option).
    check: Callable[[list[str]], str | None] | None = getattr(command, "usage_problem", None)
    problem = check(argv) if check is not None else None
    if problem is not None:
        print(f"archive-reader {name}: {problem}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog=f"archive-reader {name}", description=text)
    command.configure(parser)
    args = parser.parse_args(argv)
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
