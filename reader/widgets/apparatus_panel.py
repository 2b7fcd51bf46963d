"""The apparatus panel: the editors' and translators' hand, gathered in sections.

Translator notes, editorial insertions grouped by kind (with counts), stage
directions, footnotes and source notes, then the document's information. Entries of
the passage under the transcript cursor are marked; choosing an entry posts
EntryChosen so the screen can move the transcript to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.document import Document

__all__ = ["ApparatusPanel", "PanelEntry"]

EDITORIAL_KINDS = (
    ("supplied", "supplied words"),
    ("gloss", "glosses"),
    ("date", "dates"),
    ("sic", "[sic]"),
    ("uncertain", "uncertain readings"),
    ("editorial-note", "editorial notes"),
    ("redaction", "redactions"),
    ("stamp", "stamps"),
)
#: A document with more entries than this lists the first ones; a/A still visit all.
MAX_ENTRIES_PER_KIND = 400
SNIPPET = 70


@dataclass(frozen=True, slots=True)
class PanelEntry:
    """One selectable line: a span (or a note) at a place in the transcript."""

    kind: str
    block: int
    start: int
    end: int
    text: str


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


class ApparatusPanel(OptionList):
    """Sections of apparatus entries; information lines are not selectable."""

    DEFAULT_CSS = """
    ApparatusPanel {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    @dataclass
    class EntryChosen(Message):
        """The reader chose an entry: show block ``block`` with [start, end) marked."""

        block: int
        start: int
        end: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        #: option index -> entry (None for headings and information lines)
        self.entries: list[PanelEntry | None] = []
        self.current_block: int | None = None

    def show_document(self, document: Document | None) -> None:
        self.document = document
        self.current_block = None
        self.entries = []
        self.clear_options()
        if document is None:
            return
        options: list[Option] = []

        def heading(title: str) -> None:
            options.append(Option(Text(title, Style(bold=True, underline=True)), disabled=True))
            self.entries.append(None)

        def info(text: str, style: Style | None = None) -> None:
            options.append(Option(Text(text, style or Style(dim=True)), disabled=True))
            self.entries.append(None)

        def entry(item: PanelEntry, label: str | None = None) -> None:
            options.append(Option(self._prompt(item, label, False)))
            self.entries.append(item)

        by_kind: dict[str, list[PanelEntry]] = {}
        for index, block in enumerate(document.blocks):
            if block.kind == "stage":
                by_kind.setdefault("stage", []).append(
                    PanelEntry("stage", index, 0, len(block.text), block.text)
                )
            for span in block.spans:
                if span.kind == "page-break":
                    continue
                by_kind.setdefault(span.kind, []).append(
                    PanelEntry(
                        span.kind, index, span.start, span.end, block.text[span.start : span.end]
                    )
                )
        translator = by_kind.get("translator-note", [])
        translator_notes = [n for n in document.notes if n.kind == "translator"]
        heading(f"Translator notes ({len(translator) + len(translator_notes)})")
        for item in translator[:MAX_ENTRIES_PER_KIND]:
            entry(item)
        for note in translator_notes:
            self._note_entry(note.block, note.text, note.label, entry, info)
        if not translator and not translator_notes:
            info("  none")
        total = sum(len(by_kind.get(kind, [])) for kind, _ in EDITORIAL_KINDS)
        heading(f"Editorial insertions ({total})")
        for kind, title in EDITORIAL_KINDS:
            items = by_kind.get(kind, [])
            if not items:
                continue
            info(f" {title} ({len(items)})", Style(bold=True))
            for item in items[:MAX_ENTRIES_PER_KIND]:
                entry(item)
            if len(items) > MAX_ENTRIES_PER_KIND:
                info(f"  … {len(items) - MAX_ENTRIES_PER_KIND} more (a / A visits them all)")
        if not total:
            info("  none")
        stages = by_kind.get("stage", [])
        heading(f"Stage directions ({len(stages)})")
        for item in stages[:MAX_ENTRIES_PER_KIND]:
            entry(item)
        if not stages:
            info("  none")
        notes = [n for n in document.notes if n.kind != "translator"]
        refs = by_kind.get("footnote-ref", [])
        heading(f"Footnotes and source notes ({len(notes)})")
        for note in notes:
            self._note_entry(note.block, note.text, note.label, entry, info, refs, note.id)
        if not notes:
            info("  none")
        heading("Document information")
        meta = document.metadata
        fields = [
            ("Citation", meta.citation),
            ("Date", meta.date_text or meta.date),
            ("Type", meta.document_type),
            ("Archive", meta.archive),
            ("Location", meta.archive_location),
            ("Translator", meta.translator),
            ("Original language", meta.original_language),
            ("Summary", meta.summary),
            ("URL", meta.url),
            ("File", document.source.path),
            ("Format", f"{document.source.format}, {document.source.encoding}"),
        ]
        for label, value in fields:
            if value:
                text = Text()
                text.append(f"{label}: ", Style(bold=True))
                text.append(value)
                options.append(Option(text, disabled=True))
                self.entries.append(None)
        for warning in document.warnings:
            info(f"⚠ {warning}", Style(italic=True))
        self.add_options(options)

    def _note_entry(
        self,
        block: int | None,
        text: str,
        label: str | None,
        entry: Callable[[PanelEntry, str | None], None],
        info: Callable[[str, Style | None], None],
        refs: Sequence[PanelEntry] = (),
        note_id: str | None = None,
    ) -> None:
        marker = f"[{label}] " if label else ""
        if block is None:
            info(f"  {marker}{_snippet(text)}", Style())
            return
        ref = next((r for r in refs if r.block == block), None) if refs else None
        start, end = (ref.start, ref.end) if ref else (0, 0)
        entry(PanelEntry("note", block, start, end, text), marker + _snippet(text))

    def _prompt(self, item: PanelEntry, label: str | None, current: bool) -> Text:
        text = Text(overflow="ellipsis", no_wrap=True)
        text.append("▶ " if current else "  ", Style(bold=True))
        text.append(label or _snippet(item.text), Style(bold=current))
        text.append(f"  ¶{item.block + 1}", Style(dim=True))
        return text

    def mark_block(self, block: int | None) -> None:
        """Mark the entries of the passage under the transcript cursor."""
        old = self.current_block
        self.current_block = block
        first: int | None = None
        for index, item in enumerate(self.entries):
            if item is None or item.block not in (old, block):
                continue
            current = item.block == block
            if current and first is None:
                first = index
            label = None
            if item.kind == "note":
                label = self._prompt_label(index)
            self.replace_option_prompt_at_index(index, self._prompt(item, label, current))
        if first is not None and not self.has_focus:
            self.highlighted = first

    def _prompt_label(self, index: int) -> str | None:
        prompt = self.get_option_at_index(index).prompt
        plain = prompt.plain if isinstance(prompt, Text) else str(prompt)
        label = plain[2:]
        cut = label.rfind("  ¶")
        return label[:cut] if cut >= 0 else label

    def entries_of(self, block: int) -> list[PanelEntry]:
        return [e for e in self.entries if e is not None and e.block == block]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.control is not self:
            return
        event.stop()
        item = self.entries[event.option_index]
        if item is not None:
            self.post_message(self.EntryChosen(item.block, item.start, item.end))
