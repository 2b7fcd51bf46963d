"""A readable Markdown version of a document, as printed or clean.

Document text is never Markdown: "[sic]" or "[Blas] Roca (see note)" must not become a
link, "*" not emphasis, "1." at the start of a paragraph not a list. Every special
character of the source is escaped; only the structure we add (headings, bold labels,
italic stage directions, footnotes, page markers) is markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reader.model.document import CLEAN_HIDDEN, Block, Document, Span
from reader.model.tables import cell_ranges

__all__ = ["MODES", "escape", "render"]

MODES = ("printed", "clean")

# Characters that are markup anywhere in a line (CommonMark inline syntax, GFM tables
# and strikethrough, autolinks and raw HTML).
_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
# At the start of a line they open a block: heading, quote, list, thematic break.
_LINE_START = re.compile(r"^(\s*)(\d*)([#>+=.)-])", re.M)
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """The text as literal Markdown: renders exactly as written."""
    text = _escape_inline(text)
    # "1." opens a list: escape the dot, not the digit (only punctuation escapes).
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), text)


def _escape_inline(text: str) -> str:
    """``escape`` for inline content only: a table cell, where no block (list,
    heading, quote) can open, so "2.2" needs no backslash."""
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Footnotes:
    """Markdown footnote labels in order of first reference."""

    numbers: dict[str, int]
    texts: list[tuple[int, str]]

    def number(self, note_id: str, text: str) -> int:
        if note_id not in self.numbers:
            self.numbers[note_id] = len(self.numbers) + 1
            self.texts.append((self.numbers[note_id], text))
        return self.numbers[note_id]


def _outer(spans: tuple[Span, ...]) -> list[Span]:
    """Spans not inside an earlier span: the ones that decide what a stretch becomes."""
    chosen: list[Span] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start < end and span.end <= end and span.kind != "page-break":
            continue
        chosen.append(span)
        end = max(end, span.end)
    return chosen


def _pieces(
    document: Document,
    block: Block,
    mode: str,
    notes: _Footnotes,
    escaper: Callable[[str], str] = escape,
) -> Iterator[str]:
    """The block's text as Markdown pieces, span by span (``escaper``: how the words
    themselves are made literal)."""
    text = block.text
    position = 0
    for span in _outer(block.spans):
        start, end = max(span.start, position), min(span.end, len(text))
        if start > position:
            yield escaper(text[position:start])
        words = text[start:end]
        if span.kind == "page-break":
            if mode == "printed" and span.ref:
                yield f"*\\[p. {escape(span.ref)}\\]*"
        elif span.kind == "footnote-ref":
            note = document.note(span.ref)
            if note is not None:
                yield f"[^{notes.number(note.id, note.text)}]"
            elif mode == "printed":
                yield escaper(words)
        elif mode == "clean" and span.kind in CLEAN_HIDDEN:
            pass
        elif mode == "clean" and span.kind == "supplied":
            yield escaper(re.sub(r"^\[(.*)\]$", r"\1", words, flags=re.S))
        elif span.kind in ("stage", "emphasis") and words.strip():
            yield f"*{escaper(words)}*"
        else:
            yield escaper(words)
        position = max(position, end)
    if position < len(text):
        yield escaper(text[position:])


def _within(span: Span, start: int, end: int) -> bool:
    """Whether ``span`` touches the words ``start:end`` (a point: lies inside them)."""
    if span.start == span.end:
        return start <= span.start < end
    return span.start < end and span.end > start


def _table(document: Document, block: Block, mode: str, notes: _Footnotes) -> list[str]:
    """A GitHub-style table; its first row is the header (Markdown needs one). Each
    cell is written as a paragraph's words are (its italics, footnote references and
    the reading mode's choices), with only inline escapes."""
    rows = []
    for row in cell_ranges(block.text):
        cells = []
        for start, end in row:
            spans = tuple(
                Span(s.kind, max(s.start, start) - start, min(s.end, end) - start, s.ref)
                for s in block.spans
                # a span over the cell's words, or a point (a page break) inside it
                if _within(s, start, end)
            )
            cell = Block("paragraph", block.text[start:end], spans=spans)
            text = "".join(_pieces(document, cell, mode, notes, _escape_inline))
            cells.append(_one_line(text))
        rows.append(cells)
    columns = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (columns - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * columns)
    return lines


def _tidy(text: str) -> str:
    """Spaces left behind by hidden apparatus ("said [sic] that" -> "said that")."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +(\\?[,.;:!?])", r"\1", text)
    return text.strip()


def _metadata(document: Document) -> list[str]:
    meta = document.metadata
    rows = [
        ("Date", meta.date_text or meta.date),
        ("Place", meta.place),
        ("Type", meta.document_type),
        ("Author", meta.author),
        ("Translator", meta.translator),
        ("Original language", meta.original_language),
        ("Archive", meta.archive),
        ("Archival location", meta.archive_location),
        ("Collection", meta.collection),
        ("Volume", meta.volume),
        ("Document", meta.number),
        ("Subject", meta.subject),
        ("Participants", "; ".join(meta.participants) if meta.participants else None),
        ("URL", meta.url),
        ("Citation", meta.citation),
        *meta.extra,
    ]
    lines = []
    for label, value in rows:
        if value and value.strip():
            shown = f"<{value}>" if label == "URL" and re.fullmatch(r"https?://\S+", value) \
                else escape(_one_line(value))
            lines.append(f"- **{escape(label)}:** {shown}")
    return lines


def render(document: Document, mode: str = "printed", **_options: object) -> str:
    """The whole document as Markdown. ``mode``: "printed" keeps every word and page
    break as printed; "clean" hides the apparatus the clean reading view hides."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (choose printed or clean)")
    meta = document.metadata
    out: list[str] = [f"# {escape(_one_line(meta.title or 'Untitled document'))}", ""]
    facts = _metadata(document)
    if facts:
        out += [*facts, ""]
    if meta.summary:
        out += [f"> {escape(_one_line(meta.summary))}", ""]
    source_notes = [n for n in document.notes if n.kind == "source" or (
        n.block is None and not any(
            s.kind == "footnote-ref" and s.ref == n.id for b in document.blocks for s in b.spans
        )
    )]
    for note in source_notes:
        out += [f"*{escape(_one_line(note.text))}*", ""]
    notes = _Footnotes({}, [])
    for block in document.blocks:
        if block.kind == "table":
            out += [*_table(document, block, mode, notes), ""]
            continue
        body = _tidy("".join(_pieces(document, block, mode, notes)))
        if not body and block.kind != "heading":
            continue
        body = body.replace("\n", " ")
        if block.kind == "heading":
            out.append(f"## {body}")
        elif block.kind == "stage":
            out.append(f"*{body}*")
        elif block.kind == "list":
            out.append(f"- {body}")
        elif block.kind == "turn" and block.attribution == "label":
            speaker = document.speaker(block.speaker)
            label = block.label or (speaker.name if speaker else "")
            out.append(f"**{escape(label)}:** {body}" if label else body)
        else:
            out.append(body)
        out.append("")
    if notes.texts:
        for number, text in notes.texts:
            out.append(f"[^{number}]: {escape(_one_line(text))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
