"""``archive-reader search QUERY [PATH ...]``: ranked passages from the command line.

The paths (default: the bundled seeds) are indexed incrementally first: an unchanged
file is skipped by its size and mtime without being read. Hits are limited to the given
paths even when the shared index holds other folders.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence

from reader.data import locations
from reader.data.index import Hit, SearchIndex
from reader.data.library import Entry, iter_files, load_entry
from reader.data.query import QUERY_HELP, QueryError, parse_query
from reader.model.loading import display_path

__all__ = ["configure", "refresh", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = QUERY_HELP
    parser.add_argument("query", metavar="QUERY", help="what to look for (see below)")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to search (default: the seeds)"
    )
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    parser.add_argument(
        "--order", choices=("rank", "date"), default="rank", help="by relevance or by date"
    )


def refresh(index: SearchIndex, paths: Sequence[str]) -> None:
    """Index ``paths``: read only files whose size or mtime changed; forget vanished ones."""
    known = index.known()
    skipped: list[str] = []

    def changed() -> Iterator[Entry]:
        for found in iter_files(paths):
            if found.error is not None:
                continue
            if index.unchanged(found.path, known):
                skipped.append(found.path)
                continue
            yield load_entry(found.path)

    index.update(changed(), roots=paths, seen=skipped)


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
        "score": round(hit.score, 4),
        "snippet": hit.snippet.text,
        "snippet_matches": [list(m) for m in hit.snippet.matches],
        "snippet_offset": hit.snippet.offset,
        "matches": [list(m) for m in hit.matches],
    }


def _print(hit: Hit) -> None:
    where = f"passage {hit.passage}" if hit.passage is not None else "document note"
    if hit.kind == "note":
        where = f"note {hit.note}" + (f" (passage {hit.passage})" if hit.passage else "")
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


def run(args: argparse.Namespace) -> int:
    try:
        query = parse_query(args.query)
    except QueryError as error:
        print(f"archive-reader search: {error}", file=sys.stderr)
        return 2
    if args.limit < 1:
        print("archive-reader search: --limit must be at least 1", file=sys.stderr)
        return 2
    paths = [os.path.abspath(p) for p in (args.paths or [str(locations.seeds_dir())])]
    index = SearchIndex.open()
    refresh(index, paths)
    if index.notices:
        # a damaged index was rebuilt: index the paths again into the fresh file
        refresh(index, paths)
        for notice in index.notices:
            print(f"archive-reader search: {notice}", file=sys.stderr)
    try:
        hits = index.search(query, limit=args.limit, order=args.order, within=paths)
        why = [] if hits else index.explain_empty(query, within=paths)
    except QueryError as error:
        print(f"archive-reader search: {error}", file=sys.stderr)
        return 2
    finally:
        index.close()
    if args.json:
        print(json.dumps([_as_dict(h) for h in hits], ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            _print(hit)
    if not hits:
        reasons = f": {'; '.join(why)}" if why else ""
        print(f"archive-reader search: no passages match{reasons}", file=sys.stderr)
    return 0 if hits else 1
