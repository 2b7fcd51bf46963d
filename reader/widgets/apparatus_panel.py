"""The apparatus panel: the editors' and translators' hand, gathered in sections.

Translator notes, editorial insertions grouped by kind (with counts), stage
directions, footnotes and source notes, then the document's information. Entries of
the passage under the transcript cursor are marked; choosing an entry posts
EntryChosen so the screen can move the transcript to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from rich.style import Style
from rich.text import Text
from textual import on
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.document import CLEAN_HIDDEN, NOT_APPARATUS, Document
from reader.model.export.citation import chicago_note, citation_data
from reader.model.reading import hidden_in

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
#: blocks scanned per slice, and the pause between slices (keys and frames go first)
SCAN_SLICE = 4000
SCAN_PAUSE = 0.002
#: lines kept between the marked entry and the panel's edges
COMFORT = 3
#: the sections whose heading says, in the clean mode, that their entries are hidden;
#: a hidden entry of another section says so itself
HIDDEN_SECTIONS = frozenset(kind for kind, _title in EDITORIAL_KINDS) & CLEAN_HIDDEN
#: a wrapped line starts this many cells in, under the text after the "▶ " mark
HANG = 2
#: narrower than this (after the indent), lines wrap without it
MIN_HANGING_ROOM = 6


@dataclass(frozen=True, slots=True)
class PanelEntry:
    """One selectable line: a span (or a note) at a place in the transcript."""

    kind: str
    block: int
    start: int
    end: int
    text: str


class _Hanging(Visual):
    """Text whose wrapped lines start under its text, not under its mark: an entry
    that wrapped to column 0 ran into the ¶N of the one before and the next one."""

    def __init__(self, content: Content, indent: int = HANG) -> None:
        self.content = content
        self.indent = indent
        self._head = content[:indent]
        self._body = content[indent:]
        self._pad = Content(" " * indent)

    def _hangs(self, width: int) -> bool:
        return width - self.indent >= MIN_HANGING_ROOM and len(self.content) > self.indent

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.indent + self._body.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not self._hangs(width):
            return self.content.get_height(rules, width)
        return self._body.get_height(rules, width - self.indent)

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        if not self._hangs(width):
            return self.content.render_strips(width, height, style, options)
        overflow = options.rules.get("text_overflow", "fold")
        lines = self._body.wrap(width - self.indent, overflow=overflow) or [Content("")]
        hung = [self._head + lines[0], *(self._pad + line for line in lines[1:])]
        # every line fits the width now: rendering them does not wrap them again
        return Content("\n").join(hung).render_strips(width, height, style, options)


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
        #: block -> option indexes of its entries, so marking a passage is O(its entries)
        self._by_block: dict[int, list[int]] = {}
        #: bumped by every show_document, so a scan of an older document stops
        self._generation = 0
        #: while the scan runs: the next block to look at, and what it found so far
        self._scan_next = 0
        self._found: dict[str, list[PanelEntry]] = {}
        self._counts: dict[str, int] = {}
        #: scroll the highlighted entry to the middle (set while the cursor marks one)
        self._centre = False
        #: the transcript's reading mode: in the clean mode, entries it hides are marked
        self.mode = "printed"
        #: option index -> (title, count, kind) of each kind's sub-heading
        self._kind_headings: dict[int, tuple[str, int, str]] = {}

    @property
    def ready(self) -> bool:
        """Whether every entry of the document is listed (the scan has finished)."""
        return self.document is None or self._scan_next >= len(self.document.blocks)

    def show_document(self, document: Document | None) -> None:
        """List the apparatus of ``document``.

        A long record is scanned in slices between keys and frames (SCAN_SLICE
        blocks each): 100,000 passages took ~130 ms in one go, and the reader's first
        keys waited for it.
        """
        self.document = document
        self.current_block = None
        self.entries = []
        self._by_block = {}
        self._kind_headings = {}
        self._generation += 1
        self._scan_next = 0
        self._found = {}
        self._counts = {}
        self.clear_options()
        if document is None:
            return
        if len(document.blocks) <= SCAN_SLICE:
            self._scan(document, len(document.blocks))
            self._build(document)
            return
        self.add_option(Option(Text("Gathering the apparatus…", Style(dim=True)), disabled=True))
        self.entries.append(None)
        self._scan_slice(self._generation)

    def _scan_slice(self, generation: int) -> None:
        document = self.document
        if document is None or generation != self._generation:
            return
        self._scan(document, SCAN_SLICE)
        if self._scan_next < len(document.blocks):
            self.set_timer(SCAN_PAUSE, partial(self._scan_slice, generation))
            return
        self.entries = []
        self.clear_options()
        self._build(document)
        if self.current_block is not None:
            block, self.current_block = self.current_block, None
            self.mark_block(block)

    def _scan(self, document: Document, count: int) -> None:
        """Gather the entries of the next ``count`` blocks (the first
        MAX_ENTRIES_PER_KIND of each kind; the rest are only counted)."""
        found, counts = self._found, self._counts
        blocks = document.blocks
        start = self._scan_next
        stop = min(len(blocks), start + count)
        for index in range(start, stop):
            block = blocks[index]
            if block.kind == "stage":
                kept = found.setdefault("stage", [])
                counts["stage"] = counts.get("stage", 0) + 1
                if len(kept) < MAX_ENTRIES_PER_KIND:
                    kept.append(PanelEntry("stage", index, 0, len(block.text), block.text))
            for span in block.spans:
                kind = span.kind
                if kind in NOT_APPARATUS:
                    continue
                if kind == "stage" and block.kind == "stage" and span.end - span.start >= len(
                    block.text.strip()
                ):
                    continue  # the stage block itself is the entry: not listed twice
                kept = found.setdefault(kind, [])
                counts[kind] = counts.get(kind, 0) + 1
                # footnote references are all kept: notes find their reference by block
                if len(kept) < MAX_ENTRIES_PER_KIND or kind == "footnote-ref":
                    kept.append(
                        PanelEntry(kind, index, span.start, span.end,
                                   block.text[span.start : span.end])
                    )
        self._scan_next = stop

    def _build(self, document: Document) -> None:
        options: list[Option] = []

        def heading(title: str) -> None:
            options.append(Option(Text(title, Style(bold=True, underline=True)), disabled=True))
            self.entries.append(None)

        def info(text: str, style: Style | None = None) -> None:
            options.append(Option(Text(text, style or Style(dim=True)), disabled=True))
            self.entries.append(None)

        def entry(item: PanelEntry, label: str | None = None) -> None:
            self._by_block.setdefault(item.block, []).append(len(self.entries))
            options.append(Option(self._prompt(item, label, False)))
            self.entries.append(item)

        by_kind, counts = self._found, self._counts
        self._found, self._counts = {}, {}
        translator = by_kind.get("translator-note", [])
        translator_count = counts.get("translator-note", 0)
        translator_notes = [n for n in document.notes if n.kind == "translator"]
        heading(f"Translator notes ({translator_count + len(translator_notes)})")
        for item in translator[:MAX_ENTRIES_PER_KIND]:
            entry(item)
        if translator_count > MAX_ENTRIES_PER_KIND:
            info(f"  … {translator_count - MAX_ENTRIES_PER_KIND} more (a / A visits them all)")
        for note in translator_notes:
            self._note_entry(note.block, note.text, note.label, entry, info)
        if not translator and not translator_notes:
            info("  none")
        total = sum(counts.get(kind, 0) for kind, _ in EDITORIAL_KINDS)
        heading(f"Editorial insertions ({total})")
        for kind, title in EDITORIAL_KINDS:
            items = by_kind.get(kind, [])
            if not items:
                continue
            count = counts.get(kind, 0)
            self._kind_headings[len(self.entries)] = (title, count, kind)
            options.append(Option(self._kind_heading(title, count, kind), disabled=True))
            self.entries.append(None)
            for item in items[:MAX_ENTRIES_PER_KIND]:
                entry(item)
            if count > MAX_ENTRIES_PER_KIND:
                info(f"  … {count - MAX_ENTRIES_PER_KIND} more (a / A visits them all)")
        if not total:
            info("  none")
        stages = by_kind.get("stage", [])
        stage_count = counts.get("stage", 0)
        heading(f"Stage directions ({stage_count})")
        for item in stages[:MAX_ENTRIES_PER_KIND]:
            entry(item)
        if stage_count > MAX_ENTRIES_PER_KIND:
            info(f"  … {stage_count - MAX_ENTRIES_PER_KIND} more (a / A visits them all)")
        if not stages:
            info("  none")
        notes = [n for n in document.notes if n.kind != "translator"]
        refs: dict[int, PanelEntry] = {}
        for ref in by_kind.get("footnote-ref", []):
            refs.setdefault(ref.block, ref)
        heading(f"Footnotes and source notes ({len(notes)})")
        for note in notes:
            self._note_entry(note.block, note.text, note.label, entry, info, refs, note.id)
        if not notes:
            info("  none")
        heading("Document information")
        meta = document.metadata
        fields = [
            ("Citation", meta.citation or _citation(document)),
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
        # Once the layout has given the new entries room (and the panel, perhaps, a
        # scrollbar that narrows it), measure them again at that width and bring the
        # marked entry into view: until then their wrapped lines were counted at the
        # width without a scrollbar.
        self.call_after_refresh(self._settle)

    def _get_visual(self, option: Option) -> Visual:
        """The option's text, its wrapped lines indented under it (_Hanging)."""
        visual = option._visual
        if visual is None:
            visual = super()._get_visual(option)
            if isinstance(visual, Content):
                visual = option._visual = _Hanging(visual)
        return visual

    def _settle(self) -> None:
        self._clear_caches()
        if self.highlighted is not None and self.current_block is not None:
            self._centre_highlight(self.highlighted)

    def _note_entry(
        self,
        block: int | None,
        text: str,
        label: str | None,
        entry: Callable[[PanelEntry, str | None], None],
        info: Callable[[str, Style | None], None],
        refs: Mapping[int, PanelEntry] | None = None,
        note_id: str | None = None,
    ) -> None:
        marker = f"[{label}] " if label else ""
        if block is None:
            info(f"  {marker}{_snippet(text)}", Style())
            return
        ref = refs.get(block) if refs else None
        start, end = (ref.start, ref.end) if ref else (0, 0)
        entry(PanelEntry("note", block, start, end, text), marker + _snippet(text))

    def _prompt(self, item: PanelEntry, label: str | None, current: bool) -> Text:
        # A long entry wraps, indented under its own text (see _get_visual).
        text = Text()
        text.append("▶ " if current else "  ", Style(bold=True))
        hidden = self._hidden(item)
        text.append(label or _snippet(item.text), Style(bold=current, dim=hidden))
        text.append(f"  ¶{item.block + 1}", Style(dim=True))
        if hidden and item.kind not in HIDDEN_SECTIONS:
            text.append(" (hidden)", Style(dim=True, italic=True))
        return text

    def _hidden(self, item: PanelEntry) -> bool:
        """Whether the reading mode hides the entry's words (a note is read here, in
        the panel, whether or not its marker shows)."""
        if self.mode == "printed" or item.kind == "note" or self.document is None:
            return False
        return hidden_in(self.document.blocks[item.block], item.start, item.end, self.mode)

    def _kind_heading(self, title: str, count: int, kind: str) -> Text:
        text = Text(f" {title} ({count})", Style(bold=True))
        if self.mode == "clean" and kind in CLEAN_HIDDEN:
            text.append(" · hidden", Style(dim=True, italic=True))
        return text

    def set_mode(self, mode: str) -> None:
        """Follow the transcript's reading mode: in the clean mode the entries it hides
        are dimmed and said to be hidden (a / A pass over them), as the find bar says
        how many of its matches are hidden."""
        if mode == self.mode:
            return
        self.mode = mode
        if self.document is None or not self.ready or not self.option_count:
            return  # _build reads the mode
        for index, (title, count, kind) in self._kind_headings.items():
            self.get_option_at_index(index)._set_prompt(self._kind_heading(title, count, kind))
        for index, item in enumerate(self.entries):
            if item is None or item.kind == "note":
                continue
            current = item.block == self.current_block
            self.get_option_at_index(index)._set_prompt(self._prompt(item, None, current))
        # an entry that says "(hidden)" may take another line
        self._clear_caches()
        if self.highlighted is not None and self.current_block is not None:
            self.call_after_refresh(self._centre_highlight, self.highlighted)

    def mark_block(self, block: int | None) -> None:
        """Mark the entries of the passage under the transcript cursor (only the
        entries of the old and the new passage are touched) and bring the first into
        comfortable view; on a passage without entries nothing is highlighted."""
        old = self.current_block
        self.current_block = block
        if not self.ready:
            return  # the scan marks the current block when it ends
        first: int | None = None
        for passage in (old, block):
            if passage is None:
                continue
            for index in self._by_block.get(passage, ()):
                item = self.entries[index]
                assert item is not None
                current = passage == block
                if current and first is None:
                    first = index
                label = self._prompt_label(index) if item.kind == "note" else None
                self._replace_prompt(index, self._prompt(item, label, current))
            if old == block:
                break
        if self.has_focus:
            return  # the reader is moving in the panel: the highlight is theirs
        if first is None:
            # A passage without entries: no entry is current, so none is highlighted
            # (the bar stayed on an earlier passage's entry and claimed it was).
            self.highlighted = None
            return
        self._centre = True
        try:
            if self.highlighted == first:
                self.scroll_to_highlight()
            else:
                self.highlighted = first
        finally:
            self._centre = False

    def _replace_prompt(self, index: int, prompt: Text) -> None:
        """Replace one option's prompt and repaint its line only.

        OptionList.replace_option_prompt_at_index throws away every option's rendering
        and the line map, so the panel redrew all its visible entries (~15 ms) on each
        cursor move that marked one. Marking changes neither the width of an entry's
        text ("▶ " for "  ", bold) nor so its wrapped height: the line map stands;
        only this option's renderings go.
        """
        cache = getattr(self, "_option_render_cache", None)
        if cache is None:  # not the OptionList this was written against
            self.replace_option_prompt_at_index(index, prompt)
            return
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        for key in [key for key in cache.keys() if key[0] is option]:
            cache.discard(key)
        line = self._index_to_line.get(index)
        if line is None:
            self.refresh()
            return
        top = round(self.scroll_y)
        if top <= line < top + self.scrollable_content_region.height:
            y = self.styles.gutter.top + line - top
            self.refresh(Region(0, y, self.size.width, self._heights[index]))

    def scroll_to_highlight(self, top: bool = False) -> None:
        """When the transcript's cursor marks an entry, keep it comfortably in view: an
        entry near or past an edge goes to the middle (Textual's own scrolling put it
        on the bottom edge). The reader's own moves in the panel scroll as usual."""
        if not self._centre or top:
            super().scroll_to_highlight(top)
            return
        if self.virtual_size.height == len(self._lines):
            self._centre_highlight(self.highlighted)
        else:
            # Entries just added have no room (and the panel no scrollbar) until the
            # layout has run: a scroll made before that left the scrollbar's thumb
            # where it was. Centre after the next refresh.
            self.call_after_refresh(self._centre_highlight, self.highlighted)

    def _centre_highlight(self, highlighted: int | None) -> None:
        if highlighted is None or highlighted != self.highlighted or not self.is_mounted:
            return
        self._update_lines()
        try:
            y = self._index_to_line[highlighted]
        except KeyError:
            return
        height = self._heights[highlighted]
        view = self.scrollable_content_region.height
        top_line = round(self.scroll_y)
        margin = min(COMFORT, max(0, (view - height) // 2))
        if top_line + margin <= y and y + height <= top_line + view - margin:
            return
        self.scroll_to(y=max(0, y - (view - height) // 2), animate=False, immediate=True)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y

    def _prompt_label(self, index: int) -> str | None:
        prompt = self.get_option_at_index(index).prompt
        plain = prompt.plain if isinstance(prompt, Text) else str(prompt)
        label = plain[2:]
        cut = label.rfind("  ¶")
        return label[:cut] if cut >= 0 else label

    def entries_of(self, block: int) -> list[PanelEntry]:
        return [e for i in self._by_block.get(block, ()) if (e := self.entries[i]) is not None]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.control is not self:
            return
        event.stop()
        item = self.entries[event.option_index]
        if item is not None:
            self.post_message(self.EntryChosen(item.block, item.start, item.end))


def _citation(document: Document) -> str | None:
    """The document's Chicago note, for sources that print no citation of their own
    (FRUS, DAFP, plain text): what `c` would copy for the whole document."""
    try:
        return chicago_note(citation_data(document))
    except (ValueError, IndexError):
        return None
