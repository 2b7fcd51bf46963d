"""Plain text: the fallback for transcripts and records in no format we know.

Paragraphs are separated by blank lines. The opening lines that read as headings (short,
no sentence-final punctuation) become heading blocks and the first gives the title; a
paragraph whose lines are all bullets is a list; speaker labels, continuations, page-break
joins and closing matter follow the general rules of ``reader.model.speakers``; apparatus
spans come from ``reader.model.apparatus``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.model.document import Block, Document, Metadata
from reader.model.formats import source_for
from reader.model.formats.wilson import parse_date
from reader.model.loading import LoadedText
from reader.model.speakers import assemble, is_date_line, match_label

__all__ = ["parse"]

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_BULLET = re.compile(r"[•▪◦‣*\-–]\s+\S")
_DATELINE = re.compile(r"(?P<place>[A-Z][\w .’'\-]{1,40}),\s+(?P<date>[^,]*\d{4})\.?")
#: How far into the text the title and date may be looked for.
_HEAD = 12


def _paragraphs(text: str) -> tuple[list[str], set[int]]:
    """Blank-line paragraphs (inner lines joined with a space), and which are lists.

    A list keeps one item per line, so its text joins the items with newlines.
    """
    paragraphs: list[str] = []
    lists: set[int] = set()
    for chunk in _BLANK.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
            lists.add(len(paragraphs))
            paragraphs.append("\n".join(lines))
        elif (
            len(lines) == 1
            and _BULLET.match(lines[0])
            and paragraphs
            and (len(paragraphs) - 1) in lists
        ):
            # a list whose items are separated by blank lines
            paragraphs[-1] = f"{paragraphs[-1]}\n{lines[0]}"
        elif len(lines) == 1 and _BULLET.match(lines[0]):
            lists.add(len(paragraphs))
            paragraphs.append(lines[0])
        else:
            paragraphs.append(" ".join(lines))
    return paragraphs, lists


def _is_heading(paragraph: str) -> bool:
    return (
        len(paragraph) <= 120
        and "\n" not in paragraph
        and not re.search(r"[.?!,;]$", paragraph)
        and match_label(paragraph) is None
    )


def _leading_headings(paragraphs: Sequence[str], lists: set[int]) -> int:
    count = 0
    for index, paragraph in enumerate(paragraphs):
        if index in lists or not _is_heading(paragraph):
            break
        count += 1
    return count


def parse(loaded: LoadedText, path: str | None = None) -> Document:
    """Parse plain text into a Document."""
    paragraphs, lists = _paragraphs(loaded.text)
    headings = _leading_headings(paragraphs, lists)
    title = paragraphs[0] if headings else ""
    head = paragraphs[:_HEAD]
    date_text = next((p for p in head if is_date_line(p)), None)
    place = None
    if date_text is None:
        # A dateline among the headings: "Washington, 4 March 1969".
        for paragraph in paragraphs[:headings]:
            found = _DATELINE.fullmatch(paragraph)
            if found and len(parse_date(found.group("date")) or "") >= 7:
                date_text, place = found.group("date"), found.group("place")
                break
    blocks_t, speakers = assemble(
        paragraphs,
        known_texts=[p for p in head if match_label(p) is None],
        headings=headings,
    )
    blocks: list[Block] = [
        replace(b, kind="list") if i in lists and b.kind == "paragraph" and b.speaker is None else b
        for i, b in enumerate(blocks_t)
    ]
    metadata = Metadata(
        title=title,
        date=parse_date(date_text) if date_text else None,
        date_text=date_text,
        place=place,
        participants=tuple(s.name for s in speakers),
    )
    return Document(
        metadata=metadata,
        blocks=tuple(blocks),
        speakers=speakers,
        source=source_for(loaded, path, "plain"),
        warnings=loaded.warnings,
    )
