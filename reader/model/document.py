"""The archival document model: what every parser produces and every view reads.

Frozen dataclasses only, so a parsed document can be cached, shared between threads and
compared in tests. Offsets in spans are character offsets into their block's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "ATTRIBUTIONS",
    "BLOCK_KINDS",
    "CLEAN_HIDDEN",
    "NOT_APPARATUS",
    "SPAN_KINDS",
    "Block",
    "Document",
    "Metadata",
    "Note",
    "Source",
    "Span",
    "Speaker",
]

#: The apparatus vocabulary (DESIGN.md). A span marks editorial or structural matter
#: inside a block's text by offset; the text itself is always the words as printed.
SPAN_KINDS: Final = frozenset(
    {
        "supplied",  # [Blas] Roca, [socialist]: words the editor or translator added
        "gloss",  # [i.e., the Soviets], GKEhS [USSR State Committee ...]
        "date",  # [on 13 October 1962]
        "sic",  # [sic]
        "uncertain",  # [?]
        "translator-note",  # [Translator's note: ...], [... -trans.]
        "editorial-note",  # [Omitted here is ...], other editors' remarks
        "stage",  # (After the meal), [Laughter], (on sitting down)
        "redaction",  # [2 lines not declassified]
        "stamp",  # [Stamp]: Declassified
        "footnote-ref",  # the printed marker of a footnote: "1", "[1]"; ref = Note.id
        "page-break",  # zero-width (start == end) where a printed page begins; ref = page
        # not apparatus: words the source prints in italics or bold (DFAT's Markdown
        # "_not_", "**Attachment**", TEI <hi rend="italic">); the text holds the words only
        "emphasis",
    }
)

#: Span kinds that are how the source prints its own words, not the editors' hand: the
#: apparatus panel and ``a``/``A`` pass them by.
NOT_APPARATUS: Final = frozenset({"page-break", "emphasis"})

#: Span kinds hidden in the *clean* reading mode. ``supplied`` keeps its words but loses
#: its brackets; everything else stays.
CLEAN_HIDDEN: Final = frozenset(
    {"gloss", "date", "translator-note", "sic", "uncertain", "footnote-ref"}
)

BLOCK_KINDS: Final = frozenset(
    # table: rows on lines, cells separated by " │ " and padded (reader.model.tables)
    {"turn", "paragraph", "stage", "heading", "list", "closing", "table"}
)

#: How a block came to have its speaker: a printed label, continuing the previous
#: labelled turn, or reported speech in a narrative record.
ATTRIBUTIONS: Final = frozenset({"label", "continuation", "reported"})


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a block's text that is editorial apparatus or a structural mark."""

    kind: str
    start: int
    end: int
    #: footnote-ref: the Note.id it points at; page-break: the printed page number;
    #: otherwise None.
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote, source note or translator note that stands outside the running text."""

    id: str
    #: "footnote", "source" or "translator"
    kind: str
    text: str
    #: the marker as printed ("1", "*"), or None
    label: str | None = None
    #: index of the block that refers to it, or None for notes on the whole document
    block: int | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """One person who speaks (or is reported) in the document."""

    #: stable within the document: a slug such as "guevara" or a FRUS id such as "p_FGR_1"
    id: str
    #: the fullest form of the name the document gives ("Shen Jian")
    name: str
    #: every label variant seen, as printed ("Ambassador Shen", "Shen")
    labels: tuple[str, ...] = ()
    #: order of first appearance, 0-based; the view maps it to a theme colour
    slot: int = 0
    #: other names that refer to this speaker (for search and the legend)
    aliases: tuple[str, ...] = ()
    #: role or office where the document or volume gives it
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of reading: a turn, a paragraph, a stage direction, a heading..."""

    #: one of BLOCK_KINDS
    kind: str
    #: the words as printed, without the speaker label
    text: str
    #: Speaker.id or None
    speaker: str | None = None
    #: the label exactly as printed ("Ambassador Shen", "DR. EVATT"), without the colon
    label: str | None = None
    #: one of ATTRIBUTIONS, or None for unattributed blocks
    attribution: str | None = None
    spans: tuple[Span, ...] = ()
    #: the printed page the block starts on, where known (FRUS)
    page: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a historian needs to identify and cite the record."""

    title: str = ""
    #: ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) or None
    date: str | None = None
    #: the date as printed
    date_text: str | None = None
    #: the archive's own citation sentence, as given
    citation: str | None = None
    summary: str | None = None
    #: the holding archive or publisher ("Wilson Center Digital Archive")
    archive: str | None = None
    #: the archival signature ("PRC FMA 109-03157-01, 1-10")
    archive_location: str | None = None
    translator: str | None = None
    author: str | None = None
    original_language: str | None = None
    url: str | None = None
    #: memorandum of conversation, diary, telegram, minutes, transcript, ...
    document_type: str | None = None
    place: str | None = None
    #: the series or collection ("Foreign Relations of the United States, 1969-1976, ...")
    collection: str | None = None
    volume: str | None = None
    #: the document number within its volume or collection
    number: str | None = None
    subject: str | None = None
    participants: tuple[str, ...] = ()
    #: anything else worth showing, as (label, value) pairs in source order
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """Where the document came from and how it was read."""

    path: str | None = None
    #: parser name: "wilson", "frus-tei", "dfat", "plain", "html", ...
    format: str = "plain"
    #: the encoding the bytes were decoded with ("utf-8", "cp1252", ...)
    encoding: str = "utf-8"
    #: sha256 of the raw bytes, hex
    sha256: str = ""
    size: int = 0
    #: which document inside a multi-document file (a FRUS volume's xml:id "d61")
    part: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    metadata: Metadata
    blocks: tuple[Block, ...]
    speakers: tuple[Speaker, ...] = ()
    notes: tuple[Note, ...] = ()
    source: Source = field(default_factory=Source)
    #: everything the loader or parser noticed and fixed ("decoded as Windows-1252")
    warnings: tuple[str, ...] = ()

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        if speaker_id is None:
            return None
        for speaker in self.speakers:
            if speaker.id == speaker_id:
                return speaker
        return None

    def note(self, note_id: str | None) -> Note | None:
        if note_id is None:
            return None
        for note in self.notes:
            if note.id == note_id:
                return note
        return None

    def turn_counts(self) -> dict[str, int]:
        """Labelled turns per speaker id (continuations and reported speech excluded),
        counted as the header's legend counts them (``reader.model.tally``)."""
        from reader.model.tally import count_speakers  # tally imports this module

        counts: dict[str, int] = {s.id: 0 for s in self.speakers}
        return count_speakers(self.blocks, counts)[0]
