"""``archive-reader search QUERY [PATH ...]``: ranked passages from the command line.

The paths (default: the bundled seeds) are indexed incrementally first: an unchanged
file is skipped by its size and mtime without being read. Hits are limited to the given
paths even when the shared index holds other folders. A path that does not exist, and a
file that cannot be read or parsed, is told in one line on stderr (every run, not only
the run that first met it); the search still runs over everything readable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from reader.data import locations
from reader.data.index import Hit, SearchIndex
from reader.data.library import Entry, iter_files, load_entry
from reader.data.query import QUERY_HELP, QueryError, parse_query
from reader.model.loading import display_path

__all__ = ["Refreshed", "configure", "refresh", "run", "usage_problem"]


#: the options that take a value: the word after one of them is not a query word
_VALUED = ("--limit", "--order")
#: the largest LIMIT SQLite takes: a larger --limit means "all", not an OverflowError
_ALL = 2**63 - 1
#: what argparse takes for a negative number, hence a positional (its own rule)
_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")
_DASH_QUERY_HELP = (
    "A word to leave out goes inside the quoted query with the words to look for:\n"
    "  archive-reader search 'missiles -nuclear'   (unquoted, -nuclear is read as an option)\n"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = f"{QUERY_HELP}\n{_DASH_QUERY_HELP}"
    parser.add_argument("query", metavar="QUERY", help="what to look for (see below)")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to search (default: the seeds)"
    )
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    parser.add_argument(
        "--order", choices=("rank", "date"), default="rank", help="by relevance or by date"
    )


def usage_problem(argv: Sequence[str]) -> str | None:
    """Why these arguments would fail as a query word taken for an option, or None.

    ``archive-reader search -nuclear`` would otherwise end in argparse's usage and
    "unrecognized arguments"; the historian meant a word to leave out. Called by
    ``reader.__main__`` before argparse sees the arguments.
    """
    words: list[str] = []
    after_option = False
    for arg in argv:
        if arg == "--":
            return None  # from here on argparse takes everything as positionals
        if after_option:
            after_option = False
            continue
        if arg.startswith("--"):
            # --limit 5, or an abbreviation (--lim 5): the next word is its value
            after_option = "=" not in arg and any(name.startswith(arg) for name in _VALUED)
            continue
        # argparse's own rules: "-" alone, a negative number and anything with a space
        # are positionals; -h is the only short option search has
        dashed = arg.startswith("-") and arg not in ("-", "-h") and " " not in arg
        if dashed and not _NUMBER.match(arg):
            example = shlex.quote(f"{words[0] if words else 'WORDS'} {arg}")
            return (
                f"{arg} was read as an option: a word to leave out goes inside the quoted "
                f"query with the words to look for, as in: archive-reader search {example}"
            )
        if not arg.startswith("-"):
            words.append(arg)
    return None


@dataclass(slots=True)
class Refreshed:
    """What ``refresh`` met: the one-line problems, how many files can be searched, and
    the given paths (absolute) the index can hold, to search within."""

    problems: list[str] = field(default_factory=list)
    readable: int = 0
    roots: list[str] = field(default_factory=list)


def _storable(path: str) -> bool:
    """Whether the index (SQLite, UTF-8 text) can hold ``path``: a name in an old
    encoding arrives with lone surrogates, which SQLite refuses with a traceback."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable(given: str) -> str:
    return (
        f"{display_path(given)}: the name is not valid UTF-8 (an old encoding?), which the "
        "search index cannot hold; not searched (the reader itself can open it)"
    )


def _as_given(reason: str, path: str, given: str) -> str:
    """``reason`` about the absolute ``path``, naming the file as the user's path does."""
    shown = display_path(path)
    if given != path and reason.startswith(f"{shown}: "):
        return f"{display_path(given)}{reason[len(shown) :]}"
    return reason


def refresh(index: SearchIndex, paths: Sequence[str]) -> Refreshed:
    """Index ``paths``: read only files whose size or mtime changed; forget vanished ones.

    Returns each problem met (a missing path, a file that cannot be read or parsed, a
    name the index cannot hold), with the paths written as given, the count of files
    that can be searched and the roots to search within."""
    out = Refreshed()
    walk: list[str] = []
    for given in paths:
        root = os.path.abspath(given)
        if _storable(root):
            out.roots.append(root)
            walk.append(given)
        elif os.path.lexists(root):
            out.problems.append(_unstorable(given))
        else:
            walk.append(given)  # iter_files says it does not exist
    known = index.known()
    failed = index.failures()
    skipped: list[str] = []

    def problem(reason: str) -> None:
        if reason not in out.problems:  # a path given twice is told once
            out.problems.append(reason)

    def changed() -> Iterator[Entry]:
        for found in iter_files(walk):
            if found.error is not None:
                problem(found.error)
                continue
            path = os.path.abspath(found.path)
            if not _storable(path):
                problem(_unstorable(found.path))
                continue
            if index.unchanged(path, known):
                skipped.append(path)
                if path in failed:
                    problem(_as_given(failed[path], path, found.path))
                else:
                    out.readable += 1
                continue
            entry = load_entry(path)
            if entry.error is not None:
                problem(_as_given(entry.error, path, found.path))
            else:
                out.readable += 1
            yield entry

    index.update(changed(), roots=out.roots, seen=skipped)
    return out


def _as_dict(hit: Hit) -> dict[str, object]:
    return {
        "path": hit.path,
        "part": hit.part,
        "title": hit.title,
        "date": hit.date,
        "passage": hit.passage,
        "block": hit.block,
        "kind": hit.kind,
        "speaker_id": hit.speaker_id,
        "speaker": hit.speaker_name,
        "note": hit.note,
        "note_label": hit.note_label,
        "score": round(hit.score, 4),
        "snippet": hit.snippet.text,
        "snippet_matches": [list(m) for m in hit.snippet.matches],
        "snippet_offset": hit.snippet.offset,
        "matches": [list(m) for m in hit.matches],
    }


def _print(hit: Hit) -> None:
    where = f"passage {hit.passage}" if hit.passage is not None else "document note"
    if hit.kind == "note":
        where = f"note {hit.note_label}" + (f" (passage {hit.passage})" if hit.passage else "")
    heading = " · ".join(
        part
        for part in (
            hit.title or display_path(hit.path),
            hit.date or "undated",
            where,
            hit.speaker_name or "",
        )
        if part
    )
    print(heading)
    print(f"  {display_path(hit.path)}" + (f" #{hit.part}" if hit.part else ""))
    print(f"  {hit.snippet.marked()}")
    print()


def _json(value: object, stream: TextIO) -> str:
    """``value`` as JSON that ``stream`` can take whole: characters as they are when its
    encoding has them all, else as \\u escapes (an ASCII terminal, a lone surrogate
    from an undecodable file name), so that nothing is replaced on the way out."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode(stream.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return json.dumps(value, ensure_ascii=True, indent=2)
    return text


def _say(message: str) -> None:
    print(f"archive-reader search: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        query = parse_query(args.query)
    except QueryError as error:
        _say(str(error))
        return 2
    if args.limit < 1:
        _say("--limit must be at least 1")
        return 2
    if "-" in args.paths:
        _say(
            "standard input (-) cannot be searched, only files and folders "
            "(open a piped document with: archive-reader -; a file named - is ./-)"
        )
        return 2
    given: list[str] = args.paths or [str(locations.seeds_dir())]
    index = SearchIndex.open()
    try:
        found = refresh(index, given)
        if index.notices:
            # a damaged index was rebuilt: index the paths again into the fresh file
            found = refresh(index, given)
        for reason in found.problems:
            _say(reason)
        for notice in index.notices:
            _say(notice)
        if not found.readable:
            if not found.problems:
                _say(f"no files to search in {', '.join(display_path(p) for p in given)}")
            return 1
        # one more than asked: whether to say that more match
        asked = min(args.limit + 1, _ALL)
        hits = index.search(query, limit=asked, order=args.order, within=found.roots)
        why = [] if hits else index.explain_empty(query, within=found.roots)
    except QueryError as error:
        _say(str(error))
        return 2
    finally:
        index.close()
    more = len(hits) > args.limit
    hits = hits[: args.limit]
    if args.json:
        print(_json([_as_dict(h) for h in hits], sys.stdout))
    else:
        for hit in hits:
            _print(hit)
    if more:
        first = "the first passage" if args.limit == 1 else f"the first {args.limit} passages"
        _say(f"showing {first}; more match (use --limit N for more)")
    if not hits:
        reasons = f": {'; '.join(why)}" if why else ""
        _say(f"no passages match{reasons}")
    return 0 if hits else 1
