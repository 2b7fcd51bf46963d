"""Plain reading text: what a historian would paste into notes.

A header (title, date, archive and signature), then one paragraph per block with the
speaker's name before each labelled turn; a table keeps one row per line with its
columns lined up, a list one item per line. ``mode="clean"`` uses the reading view that
hides glosses, dates, translator's notes and [sic]/[?], and keeps supplied words without
their brackets; ``"printed"`` keeps every word as printed.
"""

from __future__ import annotations

from reader.model.document import Block, Document

__all__ = ["MODES", "render"]

MODES = ("printed", "clean")
#: blocks whose line breaks are structure (a table's rows, a list's items), kept as
#: printed; every other block is one paragraph
_LINES = frozenset({"table", "list"})


def _text(block: Block, mode: str) -> str:
    if mode == "printed":
        return block.text
    from reader.model.reading import view

    return view(block, mode).text


def _header(document: Document) -> list[str]:
    meta = document.metadata
    lines = [meta.title] if meta.title else []
    facts = [
        meta.date_text or meta.date,
        meta.archive,
        meta.archive_location,
    ]
    shown = ", ".join(f for f in facts if f)
    if shown:
        lines.append(shown)
    if meta.translator:
        lines.append(f"Translated by {meta.translator}")
    if meta.url:
        lines.append(meta.url)
    return lines


def render(document: Document, mode: str = "printed", **_options: object) -> str:
    """The document as reading text, blocks separated by blank lines."""
    if mode not in MODES:
        raise ValueError(f"unknown reading mode {mode!r} (choose from {', '.join(MODES)})")
    # The shortest label as printed ("Shen", not "Ambassador Shen"), so every turn of
    # one speaker starts the same way; the full name where there is no label.
    names = {s.id: min(s.labels, key=len) if s.labels else s.name for s in document.speakers}
    out: list[str] = []
    header = _header(document)
    if header:
        out.append("\n".join(header))
    for block in document.blocks:
        if block.kind in _LINES:
            # one row (or item) per line, columns lined up as the model lays them out
            rows = (" ".join(line.split()) if block.kind == "list" else line.rstrip()
                    for line in _text(block, mode).split("\n"))  # fmt: skip
            text = "\n".join(row for row in rows if row.strip())
        else:
            text = " ".join(_text(block, mode).split())
        if not text:
            continue
        name = names.get(block.speaker or "", None)
        if block.kind == "turn" and name:
            out.append(f"{name}: {text}")
        elif block.attribution == "reported" and name:
            out.append(f"{name} (reported): {text}")
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"
