"""TEI P5 XML: FRUS volumes and documents, and the generic TEI our own exporter writes.

FRUS (the State Department's *Foreign Relations of the United States*) publishes each
volume as one TEI file holding hundreds of ``<div type="document">``; single documents
circulate as that div alone. A labelled turn there is a ``<p>`` that opens with a
``persName`` or ``gloss`` (perhaps after a title: "Secretary Kissinger") and a colon; the
``corresp``/``target`` id names the speaker across the whole volume.

The bytes are untrusted: lxml runs with entities unresolved, no network, no DTD and no
recovery, and we refuse entity declarations outright (a "billion laughs" bomb or a
``SYSTEM "file:///etc/passwd"`` entity) before lxml sees them. Every string we take out
of the tree goes through ``neutralise`` so no control character reaches a terminal.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from lxml import etree

from reader.model.document import Block, Document, Metadata, Note, Source, Span, Speaker
from reader.model.loading import display_path, neutralise
from reader.model.tables import cell_ranges, format_table

__all__ = ["INLINE_MAPPING", "TEI_MAPPING", "parse_xml"]

TEI_NS: Final = "http://www.tei-c.org/ns/1.0"
FRUS_NS: Final = "http://history.state.gov/frus/ns/1.0"
XML_ID: Final = "{http://www.w3.org/XML/1998/namespace}id"
_DT_MIN: Final = f"{{{FRUS_NS}}}doc-dateTime-min"

#: The generic TEI P5 our exporter writes and this parser reads back. The exporter mirrors
#: this table: (TEI path or element, what it becomes in the Document model).
TEI_MAPPING: Final[tuple[tuple[str, str], ...]] = (
    ("teiHeader/fileDesc/titleStmt/title", "metadata.title"),
    ("titleStmt/respStmt[resp='translated by'|'translator']/persName", "metadata.translator"),
    ("titleStmt/author", "metadata.author"),
    ("sourceDesc/msDesc/msIdentifier/repository", "metadata.archive"),
    ("sourceDesc/msDesc/msIdentifier/idno", "metadata.archive_location"),
    ("seriesStmt/title or msIdentifier/collection", "metadata.collection"),
    ("seriesStmt/biblScope[@unit='volume']", "metadata.volume"),
    ("seriesStmt/biblScope[@unit='document']", "metadata.number"),
    ("publicationStmt/idno[@type='URL'] or sourceDesc//idno[@type='URL']", "metadata.url"),
    ("notesStmt/note[@type='citation'] or sourceDesc/bibl (text)", "metadata.citation"),
    ("notesStmt/note[@type='extra'][@n=label]", "metadata.extra (label, value)"),
    ("notesStmt/note[@type='source'|'translator'] or sourceDesc//note", "Note(kind, id, label)"),
    ("profileDesc/abstract or note[@type='summary']", "metadata.summary"),
    ("profileDesc/langUsage/language", "metadata.original_language"),
    ("profileDesc/creation/date[@when]", "metadata.date (ISO) and date_text"),
    ("profileDesc/creation/placeName", "metadata.place"),
    (
        "textClass/keywords/term[@type='document-type'] (or the first untyped)",
        "metadata.document_type",
    ),
    ("textClass/keywords/term[@type='subject']", "metadata.subject (joined with '; ')"),
    ("particDesc/listPerson[@type='participants']/person", "metadata.participants"),
    ("profileDesc/particDesc/listPerson/person[@xml:id]/persName", "Speaker(id, name)"),
    ("person/roleName or person/occupation", "Speaker.role"),
    (
        "body <sp who='#id'><speaker>LABEL</speaker><p/>...",
        "turn (first p), paragraph continuation",
    ),
    ("body <p><said who='#id' direct='false'>..</said></p>", "paragraph, attribution reported"),
    ("body <stage>", "stage block"),
    ("body <head>", "heading block"),
    ("body <p type='closing'>, <closer>", "closing block"),
    ("body <list><item>", "list blocks"),
    ("body <p>", "paragraph block"),
)

#: Inline TEI elements -> (span kind, opening text, closing text, fixed text).
#: Key: (local name, attribute, value); attribute None matches any element of that name.
#: ``fixed`` replaces the content ("[sic]"); otherwise the content is wrapped in
#: opening/closing. The span covers the whole printed form including brackets.
_InlineKey = tuple[str, str | None, str | None]
_InlineRule = tuple[str, str, str, str | None]
INLINE_MAPPING: Final[dict[_InlineKey, _InlineRule]] = {
    ("supplied", None, None): ("supplied", "[", "]", None),
    ("note", "type", "gloss"): ("gloss", "[", "]", None),
    ("date", "type", "editorial"): ("date", "[", "]", None),
    ("sic", None, None): ("sic", "", "", "[sic]"),
    ("unclear", None, None): ("uncertain", "", "", "[?]"),
    ("note", "type", "translator"): ("translator-note", "[", "]", None),
    ("note", "type", "editorial"): ("editorial-note", "[", "]", None),
    ("stage", "rend", "parens"): ("stage", "(", ")", None),
    ("stage", "rend", "brackets"): ("stage", "[", "]", None),
    ("stage", None, None): ("stage", "", "", None),
    ("gap", "reason", "declassification"): ("redaction", "[", "]", None),
    ("stamp", None, None): ("stamp", "", "", None),
    ("hi", "rend", "italic"): ("emphasis", "", "", None),
}

_WS = re.compile(r"[ \t\n\r]+")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NUMBER_PREFIX = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+")
_REDACTION = re.compile(r"\[[^\[\]\n]{0,60}?not declassified\]", re.I)
_VOLUME_ID = re.compile(r"(frus\d{4}(?:-\d{2,4})?v\d+[a-z0-9-]*?)(?:_|$)", re.I)
_VOLUME_PARTS = re.compile(r"^frus(\d{4})(?:-(\d{2,4}))?v(\d+)(?:p(\d+))?", re.I)
_DOC_ID = re.compile(r"_d(\d+[a-z]?)$", re.I)
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*\.?\s+){0,3}$")
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.I)
_ENTITY_DECL = re.compile(r"<!ENTITY\b", re.I)
_DOC_TYPES: tuple[tuple[str, str], ...] = (
    ("memorandum of conversation", "memorandum of conversation"),
    ("transcript of telephone conversation", "telephone conversation"),
    ("transcript of a telephone conversation", "telephone conversation"),
    ("telegram", "telegram"),
    ("backchannel message", "telegram"),
    ("minutes", "minutes"),
    ("editorial note", "editorial note"),
    ("memorandum for the record", "memorandum for the record"),
    ("memorandum", "memorandum"),
    ("letter", "letter"),
    ("diary", "diary"),
    ("paper", "paper"),
    ("note", "note"),
    ("transcript", "transcript"),
    ("conversation", "conversation"),
)
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ARCHIVE: Final = "Office of the Historian, U.S. Department of State"


def _error(message: str) -> Exception:
    # Imported late: reader.model.formats imports this module's package.
    from reader.model.formats import ParseError

    return ParseError(message)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comment or processing instruction
    return tag.rpartition("}")[2]


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _clean(text: str, warnings: list[str] | None = None) -> str:
    """Collapse XML whitespace and neutralise control characters."""
    text = _WS.sub(" ", text).strip()
    if _UNSAFE.search(text):
        text, found = neutralise(text)
        if warnings is not None:
            warnings.extend(w for w in found if w not in warnings)
    return text


def _plain_text(element: Any, warnings: list[str] | None = None) -> str:
    """All the words of an element (notes included), whitespace collapsed, made safe."""
    return _clean("".join(element.itertext()), warnings)


# --------------------------------------------------------------------------- hardening


_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _check_prolog(data: bytes, shown: str) -> None:
    """Refuse entity declarations and encoding declarations that lie about the bytes."""
    bom_codec = None
    body = data
    for bom, codec in _BOMS:
        if data.startswith(bom):
            bom_codec, body = codec, data[len(bom) :]
            break
    # Read the prolog as text to look for DOCTYPE and ENTITY whatever the encoding.
    head = body[: 1 << 16].decode(bom_codec or "latin-1", "ignore")
    doctype = _DOCTYPE.search(head)
    if doctype and _ENTITY_DECL.search(head, doctype.start()):
        raise _error(
            f"{shown}: refused: the file declares XML entities in its DOCTYPE "
            "(entity expansion or external entities could exhaust memory or read "
            "other files); TEI documents never need them"
        )
    match = re.match(r"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", head)
    declared_name = match.group(1) if match else None
    if bom_codec is not None:
        if declared_name is not None:
            declared = codecs.lookup(_codec_name(declared_name, shown)).name
            if declared.replace("-le", "").replace("-be", "") != bom_codec[:6].rstrip("-"):
                raise _error(
                    f"{shown}: the XML declaration says encoding {declared_name!r} but the "
                    f"file starts with a {bom_codec.upper()} byte-order mark"
                )
        return  # lxml reads the byte-order mark itself
    name = declared_name or "utf-8"  # the XML default
    codec = codecs.lookup(_codec_name(name, shown)).name
    if codec.startswith(("utf-16", "utf-32")):
        raise _error(
            f"{shown}: the XML declaration says encoding {name!r} but the bytes are "
            "single-byte text (the declaration itself reads as ASCII)"
        )
    try:
        body.decode(codec)
    except UnicodeDecodeError as problem:
        line = body.count(b"\n", 0, problem.start) + 1
        said = "declares" if declared_name else "has no encoding declaration, so is read as"
        raise _error(
            f"{shown}: the file {said} encoding {name!r} but its bytes are not valid "
            f"{name} (byte 0x{body[problem.start]:02x} on line {line}); re-save it as "
            "UTF-8 or correct the XML declaration"
        ) from None
    if codec != "utf-8" and re.search(rb"[\xc2-\xf4][\x80-\xbf]", body):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return
        raise _error(
            f"{shown}: the XML declaration says encoding {name!r} but the bytes are UTF-8 "
            "(accented letters would come out garbled); correct the XML declaration"
        )


def _codec_name(name: str, shown: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise _error(f"{shown}: the XML declaration names an unknown encoding {name!r}") from None
    return name


def _parser() -> etree.XMLParser:
    """A parser that never fetches, expands or guesses: see DESIGN.md's XML rule."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
    )


def _parse_tree(data: bytes, shown: str) -> etree._Element:
    if not data.strip():
        raise _error(f"{shown}: the file is empty")
    _check_prolog(data, shown)
    parser = _parser()
    try:
        root: etree._Element = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as problem:
        line, column = problem.position if problem.position else (problem.lineno, 0)
        message = _clean(str(problem.msg or problem).split(", line ")[0])
        raise _error(
            f"{shown}: not well-formed XML (line {line}, column {column}): {message}"
        ) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    # lxml-stubs 0.5 omits DTD.iterentities() (and that internalDTD may be None).
    entities = dtd.iterentities() if dtd is not None else ()  # type: ignore[attr-defined]
    if any(True for _ in entities):
        raise _error(f"{shown}: refused: the file declares XML entities in its DOCTYPE")
    for _ in root.iter(etree.Entity):
        raise _error(f"{shown}: refused: the file uses undeclared or external XML entities")
    return root


# --------------------------------------------------------------------------- inline text


@dataclass
class _Context:
    """What the whole file (volume) tells us, shared by its documents."""

    persons: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    volume_title: str | None = None
    #: the series ("Foreign Relations of the United States, 1969–1976") and the volume
    #: as printed ("Volume XII, Soviet Union, January 1969–October 1970"), where the
    #: volume's header gives them
    series_title: str | None = None
    volume_name: str | None = None
    editors: tuple[str, ...] = ()
    volume_id: str | None = None
    path: str | None = None
    shown: str = "<stdin>"
    sha256: str = ""
    size: int = 0
    generic: bool = False


class _DocState:
    """Per-document accumulators: notes, warnings, the current printed page."""

    def __init__(self, part: str | None) -> None:
        self.part = part
        self.notes: list[Note] = []
        self.note_ids: set[str] = set()
        self.warnings: list[str] = []
        self.page: str | None = None
        self.block_index = 0

    def note_id(self, wanted: str | None, label: str | None) -> str:
        base = wanted or f"{self.part or 'doc'}fn{label or len(self.notes) + 1}"
        candidate, n = base, 1
        while candidate in self.note_ids:
            n += 1
            candidate = f"{base}-{n}"
        self.note_ids.add(candidate)
        return candidate


class _Text:
    """Builds a block's text and spans from inline XML, collapsing whitespace as it goes."""

    __slots__ = ("length", "parts", "space", "spans", "state")

    def __init__(self, state: _DocState) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.space = True  # at the start, leading whitespace is dropped
        self.spans: list[Span] = []
        self.state = state

    def add(self, text: str | None) -> None:
        if not text:
            return
        if "\n" in text or "  " in text or "\t" in text or "\r" in text:
            text = _WS.sub(" ", text)
        if self.space and text[0] == " ":
            text = text[1:]
            if not text:
                return
        if _UNSAFE.search(text):
            text, found = neutralise(text)
            self.state.warnings.extend(w for w in found if w not in self.state.warnings)
        self.parts.append(text)
        self.length += len(text)
        self.space = text[-1] == " "

    def raw(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.space = text[-1] == " "

    def value(self) -> tuple[str, list[Span]]:
        text = "".join(self.parts)
        stripped = text.rstrip()
        end = len(stripped)
        spans = [
            s if s.end <= end else Span(s.kind, min(s.start, end), end, s.ref) for s in self.spans
        ]
        return stripped, spans

    def inline(self, element: Any, notes: bool = True) -> None:
        """Append an element's content (not its tail)."""
        self.add(element.text)
        for child in element:
            self.child(child, notes)
            self.add(child.tail)

    def child(self, element: Any, notes: bool = True) -> None:
        name = _local(element.tag)
        if not name:
            return
        if name == "pb":
            page = element.get("n")
            if page:
                page = _clean(page)
                self.spans.append(Span("page-break", self.length, self.length, page))
                self.state.page = page
            return
        if name == "lb":
            if not self.space:
                self.raw(" ")
            return
        if name == "note":
            kind = element.get("type")
            if kind in (None, "footnote", "source", "endnote") and notes:
                self.footnote(element, "source" if kind == "source" else "footnote")
                return
        if name in ("sp", "speaker") or (name == "fw"):
            return
        rule = _inline_rule(name, element)
        if rule is not None:
            kind, opening, closing, fixed = rule
            start = self.length
            if self.space is False or self.length == 0:
                pass
            if fixed is not None:
                if name == "unclear" and len(element):
                    self.inline(element, notes)
                elif name == "unclear" and (element.text or "").strip():
                    self.inline(element, notes)
                if name == "unclear" and self.length > start and not self.space:
                    self.raw(" ")
                    start = self.length
                self.raw(fixed)
            else:
                self.raw(opening)
                # drop a leading space inside brackets; italics have none, and a space
                # before them (or the block's start) still drops the one inside
                self.space = bool(opening) or (kind == "emphasis" and self.space)
                if name == "gap":
                    desc = element.find(f"{{{TEI_NS}}}desc")
                    if desc is None:
                        desc = element.find("desc")
                    words = _plain_text(desc, self.state.warnings) if desc is not None else ""
                    if not words:
                        unit = element.get("unit") or "text"
                        extent = element.get("extent") or element.get("quantity") or ""
                        words = f"{extent} {unit} not declassified".strip()
                    self.add(words)
                else:
                    self.inline(element, notes)
                self._trim_trailing_space(start)
                self.raw(closing)
                if not closing:
                    self.space = bool(self.parts) and self.parts[-1].endswith(" ")
            if kind == "emphasis" and self.length > start:
                # "word<hi> italic</hi>": the space is the sentence's, not the italics'
                words = "".join(self.parts)[start : self.length]
                start += len(words) - len(words.lstrip())
            if self.length > start:
                self.spans.append(Span(kind, start, self.length))
            return
        self.inline(element, notes)

    def _trim_trailing_space(self, start: int) -> None:
        if self.length > start and self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1

    def footnote(self, element: Any, kind: str) -> None:
        label = _clean(element.get("n") or "") or None
        note_id = self.state.note_id(element.get(XML_ID), label)
        body = _Text(self.state)
        body.inline(element, notes=False)
        text, _ = body.value()
        if kind == "source":
            self.state.notes.append(Note(note_id, "source", text, label, None))
            return
        marker = label or "*"
        start = self.length
        self.raw(marker)
        self.spans.append(Span("footnote-ref", start, self.length, note_id))
        self.state.notes.append(Note(note_id, "footnote", text, label, self.state.block_index))


def _inline_rule(name: str, element: Any) -> tuple[str, str, str, str | None] | None:
    if name not in _INLINE_NAMES:
        return None
    for attr in ("type", "rend", "reason"):
        value = element.get(attr)
        if value is not None:
            rule = INLINE_MAPPING.get((name, attr, value))
            if rule:
                return rule
    return INLINE_MAPPING.get((name, None, None))


_INLINE_NAMES: Final = frozenset(key[0] for key in INLINE_MAPPING)


# --------------------------------------------------------------------------- apparatus


def _apparatus_spans(text: str, table: bool = False) -> list[Span]:
    """Bracketed apparatus the markup does not mark: [Laughter], [Omitted here ...]
    (in a ``table``, parentheses are not stage directions: ``find_spans``)."""
    spans = [Span("redaction", m.start(), m.end()) for m in _REDACTION.finditer(text)]
    if "[" in text or "(" in text:
        try:
            from reader.model.apparatus import find_spans
        except ImportError:  # the apparatus classifier is optional at this layer
            return spans
        taken = [(s.start, s.end) for s in spans]
        for span in find_spans(text, table=table):
            if not any(span.start < e and s < span.end for s, e in taken):
                spans.append(span)
    return spans


def _merge_spans(structural: list[Span], text: str, table: bool = False) -> tuple[Span, ...]:
    found = _apparatus_spans(text, table)
    if not found:
        return tuple(sorted(structural, key=lambda s: (s.start, s.end)))
    taken = [(s.start, s.end) for s in structural if s.end > s.start]
    merged = list(structural)
    for span in found:
        if span.kind in ("footnote-ref", "page-break"):
            continue
        if not any(span.start < e and s < span.end for s, e in taken):
            merged.append(span)
    return tuple(sorted(merged, key=lambda s: (s.start, s.end)))


# --------------------------------------------------------------------------- speakers


class _Speakers:
    """Speakers in order of first appearance, with every label variant seen."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.labels: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}
        self.roles: dict[str, str | None] = {}

    def see(self, speaker_id: str, label: str | None) -> None:
        if speaker_id not in self.labels:
            self.order.append(speaker_id)
            self.labels[speaker_id] = []
        if label and label not in self.labels[speaker_id]:
            self.labels[speaker_id].append(label)

    def build(self) -> tuple[Speaker, ...]:
        out = []
        for slot, sid in enumerate(self.order):
            labels = tuple(self.labels[sid])
            name = self.names.get(sid) or (labels[0] if labels else sid)
            aliases = tuple(label for label in labels if label != name)
            out.append(Speaker(sid, name, labels, slot, aliases, self.roles.get(sid)))
        return tuple(out)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "speaker"


def _ref_id(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().split()[0]
    return value.lstrip("#").rpartition("#")[2] or None


def _uninvert(name: str) -> str:
    """FRUS persons lists print "Brezhnev, Leonid I."; people read "Leonid I. Brezhnev"."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last and not re.fullmatch(r"(?:Jr|Sr|II|III|IV)\.?", first):
            return f"{first} {last}"
    return name


# --------------------------------------------------------------------------- documents


_LABEL_ELEMENTS: Final = frozenset({"persName", "gloss", "name", "rs"})
_SKIP_BLOCKS: Final = frozenset({"fw", "figure", "graphic", "facsimile", "milestone", "anchor"})
#: Elements whose children are blocks in their own right.
_CONTAINERS: Final = frozenset(
    {"div", "quote", "q", "lg", "floatingText", "body", "front", "back", "text", "group"}
)
#: Children of <opener>/<closer>/<postscript> that start a block of their own.
_LINE_ELEMENTS: Final = frozenset(
    {"p", "dateline", "salute", "signed", "byline", "list", "head", "pb", "docAuthor"}
)


class _DocumentBuilder:
    def __init__(self, context: _Context, part: str | None) -> None:
        self.context = context
        self.state = _DocState(part)
        self.blocks: list[Block] = []
        self.speakers = _Speakers()
        self.current: tuple[str, str | None] | None = None  # speaker id, label of last turn
        self.pending_pages: list[str] = []
        self.subject: list[str] = []
        self.participants: list[str] = []
        self.participant_names: dict[str, str] = {}
        self.participant_roles: dict[str, str] = {}
        self.loose_participants: list[str] = []
        #: the fullest form of each persName id anywhere in the document
        self.person_texts: dict[str, str] = {}
        #: the people the document's <head> names (the parties of a conversation)
        self.head_persons: list[str] = []

    # -- blocks

    def add_block(
        self,
        kind: str,
        builder: _Text,
        speaker: str | None = None,
        label: str | None = None,
        attribution: str | None = None,
        page: str | None = None,
    ) -> Block | None:
        text, spans = builder.value()
        if self.pending_pages:
            spans = [Span("page-break", 0, 0, p) for p in self.pending_pages] + spans
            self.pending_pages = []
        if not text and not spans:
            return None
        merged = _merge_spans(spans, text, table=kind == "table")
        if kind in ("paragraph", "stage") and speaker is None:
            whole = _whole_bracket(text, merged)
            if whole is not None:
                kind = "stage" if whole == "stage" else "paragraph"
                if not any(s.start == 0 and s.end >= len(text.rstrip(".")) for s in merged):
                    covering = Span(whole, 0, len(text.rstrip(".")))
                    merged = tuple(sorted((*merged, covering), key=lambda s: (s.start, s.end)))
        block = Block(kind, text, speaker, label, attribution, merged, page)
        self.blocks.append(block)
        self.state.block_index = len(self.blocks)
        return block

    def new_text(self) -> tuple[_Text, str | None]:
        return _Text(self.state), self.state.page

    def container(self, element: Any) -> None:
        for child in element:
            self.block_element(child)

    def block_element(self, element: Any) -> None:
        name = _local(element.tag)
        if not name or name in _SKIP_BLOCKS:
            return
        if name == "pb":
            number = _clean(element.get("n") or "")
            if number:
                self.state.page = number
                self.pending_pages.append(number)
            return
        if name == "p" or name == "ab":
            self.paragraph(element)
        elif name == "head":
            self.current = None
            builder, page = self.new_text()
            builder.inline(element)
            self.add_block("heading", builder, page=page)
        elif name == "list":
            self.list_block(element)
        elif name in ("opener", "closer", "postscript"):
            kind = "closing" if name == "closer" else "paragraph"
            self.lines(element, kind)
        elif name in ("dateline", "salute", "signed", "byline", "docAuthor"):
            builder, page = self.new_text()
            builder.inline(element)
            kind = "closing" if name in ("signed", "salute") else "paragraph"
            self.add_block(kind, builder, page=page)
        elif name == "sp":
            self.sp(element)
        elif name == "stage":
            builder, page = self.new_text()
            builder.child(element)
            self.add_block("stage", builder, page=page)
        elif name == "note":
            builder, page = self.new_text()
            builder.child(element)
            text, _ = builder.value()
            if text:
                self.add_block("paragraph", builder, page=page)
        elif name == "table":
            self.table(element)
        elif name in _CONTAINERS:
            if name == "div" and element.get("type") == "document":
                return  # a nested document is its own Document
            self.container(element)
        elif name == "l":
            builder, page = self.new_text()
            builder.inline(element)
            self.add_block("paragraph", builder, page=page)
        else:
            if any(_local(c.tag) in ("p", "list", "div", "head") for c in element):
                self.container(element)
            else:
                builder, page = self.new_text()
                builder.inline(element)
                self.add_block("paragraph", builder, page=page)

    def table(self, element: Any) -> None:
        """One ``table`` block: the cells laid out by ``reader.model.tables`` (as the
        TEI export writes them), each cell's spans moved to where its words stand."""
        self.current = None
        builder, page = self.new_text()
        rows: list[list[tuple[str, list[Span]]]] = []
        for row in element.iter(f"{{{TEI_NS}}}row", "row"):
            cells = []
            for cell in row:
                if _local(cell.tag) != "cell":
                    continue
                words = _Text(self.state)
                words.inline(cell)
                cells.append(words.value())
            if cells:
                rows.append(cells)
        if not rows:
            return
        text = format_table([[words for words, _ in row] for row in rows])
        # (a cell holding " | " itself would shift the cells after it: not strict)
        for row, ranges in zip(rows, cell_ranges(text), strict=False):
            for (_, spans), (start, _end) in zip(row, ranges, strict=False):
                builder.spans.extend(
                    Span(s.kind, s.start + start, s.end + start, s.ref) for s in spans
                )
        builder.raw(text)
        self.add_block("table", builder, page=page)

    def lines(self, element: Any, kind: str) -> None:
        loose, page = self.new_text()
        for child in element:
            name = _local(child.tag)
            if name in _LINE_ELEMENTS:
                if loose.length:
                    self.add_block(kind, loose, page=page)
                    loose, page = self.new_text()
                if name in ("list", "head", "pb"):
                    self.block_element(child)
                elif name in ("dateline", "p", "byline", "docAuthor"):
                    builder, bpage = self.new_text()
                    builder.inline(child)
                    self.add_block(kind, builder, page=bpage)
                else:
                    builder, bpage = self.new_text()
                    builder.inline(child)
                    self.add_block("closing", builder, page=bpage)
                loose.add(child.tail)
            else:
                loose.child(child)
                loose.add(child.tail)
        loose_text = (element.text or "").strip()
        if loose_text:
            loose.parts.insert(0, _clean(loose_text) + " ")
            loose.length += len(loose.parts[0])
        if loose.length:
            self.add_block(kind, loose, page=page)

    def list_block(self, element: Any) -> None:
        list_type = (element.get("type") or "").lower()
        self.current = None
        for child in element:
            name = _local(child.tag)
            if name == "head":
                builder, page = self.new_text()
                builder.inline(child)
                self.add_block("heading", builder, page=page)
            elif name == "item":
                nested = [c for c in child if _local(c.tag) == "list"]
                builder, page = self.new_text()
                if nested:
                    builder.add(child.text)
                    for c in child:
                        if _local(c.tag) != "list":
                            builder.child(c)
                        builder.add(c.tail)
                else:
                    builder.inline(child)
                block = self.add_block("list", builder, page=page)
                if block is not None:
                    self.remember_item(list_type, child, block.text)
                for sub in nested:
                    self.list_block(sub)
            elif name == "pb":
                self.block_element(child)
            elif name == "label":
                builder, page = self.new_text()
                builder.inline(child)
                self.add_block("list", builder, page=page)

    def remember_item(self, list_type: str, item: Any, text: str) -> None:
        if list_type == "subject":
            self.subject.append(text)
        elif list_type == "participants":
            if text.endswith(":") and len(text) < 40:
                return  # a group heading such as "USSR:"
            self.participants.append(text)
            names = [c for c in item.iter(f"{{{TEI_NS}}}persName", "persName")]
            if not names:
                if len(text.split()) <= 5:
                    self.loose_participants.append(text)
                return
            person = names[0]
            sid = _ref_id(person.get("corresp") or person.get("ref"))
            full = _plain_text(person)
            if sid and full:
                self.participant_names.setdefault(sid, full)
                after = _clean(person.tail or "").lstrip(",; ").strip()
                rest_after = text.split(full, 1)[1] if full in text else after
                role = rest_after.lstrip(",; ").strip() or text.split(full, 1)[0].strip()
                if role:
                    self.participant_roles.setdefault(sid, role)

    # -- paragraphs and turns

    def paragraph(self, element: Any) -> None:
        builder, page = self.new_text()
        said = _said_child(element)
        if said is not None:
            who = _ref_id(said.get("who"))
            builder.inline(element)
            if who:
                self.speakers.see(who, None)
            direct = said.get("direct") != "false"
            self.add_block(
                "turn" if direct else "paragraph",
                builder,
                who,
                None,
                "label" if direct and False else ("reported" if who else None),
                page,
            )
            return
        if element.get("type") == "closing":
            builder.inline(element)
            self.current = None
            self.add_block("closing", builder, page=page)
            return
        label = _turn_label(element)
        if label is not None:
            _title, person, colon_tail = label
            builder.add(element.text)
            builder.inline(person)
            label_text, _ = builder.value()
            sid = _ref_id(
                person.get("corresp")
                or person.get("target")
                or person.get("ref")
                or person.get("who")
            )
            sid = sid or _slug(label_text)
            carried = [s for s in builder.spans if s.kind == "page-break"]
            body = _Text(self.state)
            body.spans.extend(Span("page-break", 0, 0, s.ref) for s in carried)
            body.add(colon_tail)
            started = False
            for child in element:
                if child is person:
                    started = True
                    continue
                if started:
                    body.child(child)
                    body.add(child.tail)
            self.speakers.see(sid, label_text)
            self.current = (sid, label_text)
            self.add_block("turn", body, sid, label_text, "label", page)
            return
        builder.inline(element)
        text, spans = builder.value()
        whole = None
        if text[:1] in ("[", "("):
            whole = _whole_bracket(text, _merge_spans(spans, text))
        if whole is not None:
            if whole != "stage":
                self.current = None
            self.add_block("stage" if whole == "stage" else "paragraph", builder, page=page)
            return
        if self.current is not None and text:
            sid, _label = self.current
            # docs/schema.md: a continuation has no label of its own, so it stays a
            # paragraph (kind == "turn" then counts printed turns exactly)
            self.add_block("paragraph", builder, sid, None, "continuation", page)
            return
        self.add_block("paragraph", builder, page=page)

    def sp(self, element: Any) -> None:
        who = _ref_id(element.get("who"))
        label = None
        first = True
        for child in element:
            name = _local(child.tag)
            if name == "speaker":
                label = _plain_text(child, self.state.warnings).rstrip(":").strip() or None
                continue
            if name in ("p", "ab", "l"):
                builder, page = self.new_text()
                builder.inline(child)
                sid = who or (_slug(label) if label else None)
                if sid is None:
                    self.add_block("paragraph", builder, page=page)
                    continue
                if first:
                    self.speakers.see(sid, label)
                    self.add_block("turn", builder, sid, label, "label", page)
                    first = False
                else:
                    self.add_block("paragraph", builder, sid, None, "continuation", page)
                self.current = (sid, label)
            else:
                self.block_element(child)
        self.current = None

    # -- finishing

    def finish(self, metadata: Metadata, source: Source) -> Document:
        for page in self.pending_pages:
            marker = Span("page-break", 0, 0, page)
            self.blocks.append(Block("paragraph", "", spans=(marker,), page=page))
        self.pending_pages = []
        self.name_speakers()
        self.reported_speech()
        speakers = self.speakers.build()
        return Document(
            metadata=metadata,
            blocks=tuple(self.blocks),
            speakers=speakers,
            notes=tuple(self.state.notes),
            source=source,
            warnings=tuple(self.state.warnings),
        )

    def name_speakers(self) -> None:
        context = self.context
        for sid in self.speakers.order:
            if sid in context.persons:
                name, role = context.persons[sid]
                self.speakers.names[sid] = name
                self.speakers.roles[sid] = role or self.participant_roles.get(sid)
            elif sid in self.participant_names:
                self.speakers.names[sid] = self.participant_names[sid]
                self.speakers.roles[sid] = self.participant_roles.get(sid)
            elif sid in context.terms:
                self.speakers.names[sid] = context.terms[sid]
            elif sid in self.person_texts:
                self.speakers.names[sid] = self.person_texts[sid]
        self._name_by_initial()

    def _name_by_initial(self) -> None:
        """A speaker still known only by a one-letter label ("K", a ``<gloss>`` whose
        term list is elsewhere in the volume) is named after the one person named in
        the document's heading whose surname has that initial and who is not already a
        speaker (people named only in the text, like a Kennedy mentioned, do not count):
        telephone transcripts label "D" and "K" under a heading that names Dobrynin and
        Kissinger. Two candidates, or none: the letter stays."""
        names = self.speakers.names
        taken = {names[sid] for sid in self.speakers.order if sid in names}
        for sid in self.speakers.order:
            labels = self.speakers.labels.get(sid) or []
            if sid in names or len(labels) != 1:
                continue
            letter = labels[0]
            if len(letter) != 1 or not letter.isupper():
                continue
            candidates = {
                text
                for text in self.head_persons
                if text not in taken and text.split() and text.split()[-1][:1] == letter
            }
            surnames = {text.split()[-1] for text in candidates}
            if len(surnames) == 1:
                name = max(candidates, key=len)
                names[sid] = name
                taken.add(name)

    def reported_speech(self) -> None:
        """Narrative memoranda: attribute paragraphs to whoever they mainly report."""
        if any(b.attribution == "label" for b in self.blocks):
            return
        try:
            from reader.model.reported import attribute
        except ImportError:  # the reported-speech rules are optional at this layer
            return
        names = _name_forms(
            self.participant_names,
            self.participant_roles,
            self.loose_participants,
            self.context.persons,
        )
        if not names:
            return
        loose = {_slug(t): t for t in self.loose_participants}
        for index, block in enumerate(self.blocks):
            if block.kind != "paragraph" or block.speaker is not None or not block.text:
                continue
            sid = attribute(block.text, names, None)
            if not sid:
                continue
            self.speakers.see(sid, None)
            if sid in loose:
                self.speakers.names.setdefault(sid, loose[sid])
            self.blocks[index] = Block(
                block.kind, block.text, sid, None, "reported", block.spans, block.page
            )
        self.name_speakers()


#: Words that may stand before an office and still leave it the person's short title:
#: "Soviet Ambassador" is "the Ambassador", but "Assistant Secretary" or "General
#: Secretary" is not "the Secretary".
_NATIONALITY: Final = frozenset(
    "Soviet American U.S. US British French Chinese Israeli Egyptian German Japanese "
    "Australian Indian Cuban Italian Canadian Polish Syrian Jordanian Indonesian".split()
)
_OFFICE_SPLIT: Final = re.compile(r"\s+(?:of|to|for|in|at|on)\s+|\s*[,;(]\s*")


def _office_forms(role: str | None, surname: str) -> list[str]:
    """How a narrative memorandum names a participant by office: "Soviet Ambassador"
    gives "the Soviet Ambassador", "Soviet Ambassador Dobrynin", "the Ambassador",
    "Ambassador Dobrynin"; "Secretary of State" gives "the Secretary", "Secretary Rogers"."""
    if not role:
        return []
    head = _OFFICE_SPLIT.split(role.strip(), maxsplit=1)[0].strip()
    words = head.split()
    if not words or len(words) > 5 or not all(w[:1].isupper() for w in words):
        return []
    forms = [f"the {head}"]
    if surname:
        forms.append(f"{head} {surname}")
    title = words[-1]
    if len(words) == 1 or (len(words) == 2 and words[0] in _NATIONALITY):
        if len(words) == 2:
            forms.append(f"the {title}")
            if surname:
                forms.append(f"{title} {surname}")
    return forms


def _name_forms(
    participant_names: dict[str, str],
    participant_roles: dict[str, str],
    loose_participants: Sequence[str],
    persons: dict[str, tuple[str, str | None]],
) -> dict[str, list[str]]:
    """Every way the narrative may name each participant, for ``reported.attribute``:
    the full name, the surname and the office forms ("the Secretary", "Secretary
    Rogers"). A role-only participant ("The Secretary") is linked to the one person of
    the volume's persons list who holds that office, when there is exactly one. A form
    two people could share is dropped: it would name neither for certain."""
    names: dict[str, list[str]] = {}
    for sid, full in participant_names.items():
        listed_name, listed_role = persons.get(sid, (None, None))
        surname = full.split()[-1] if full.split() else ""
        forms = [full]
        if listed_name and listed_name != full:
            forms.append(listed_name)
        if surname and surname != full:
            forms.append(surname)
        for role in (participant_roles.get(sid), listed_role):
            forms.extend(_office_forms(role, surname))
        names[sid] = forms
    for text in loose_participants:
        forms = [text]
        bare = re.sub(r"^the\s+", "", text, flags=re.I)
        if bare != text:
            # "The Secretary": also "the Secretary" mid-sentence; never the bare word,
            # which would match inside "Assistant Secretary"
            forms.append("the " + bare)
            holders = [
                (name, role)
                for name, role in persons.values()
                if role and _OFFICE_SPLIT.split(role.strip(), maxsplit=1)[0].strip() == bare
            ]
            if len(holders) == 1:
                name = holders[0][0]
                surname = name.split()[-1] if name.split() else ""
                forms.extend(f for f in (name, f"{bare} {surname}" if surname else "") if f)
        names.setdefault(_slug(text), forms)
    owners: dict[str, set[str]] = {}
    for sid, forms in names.items():
        for form in forms:
            owners.setdefault(form.lower(), set()).add(sid)
    return {
        sid: list(dict.fromkeys(f for f in forms if f == forms[0] or len(owners[f.lower()]) == 1))
        for sid, forms in names.items()
    }


def _said_child(element: Any) -> Any:
    children = [c for c in element if _local(c.tag)]
    if len(children) == 1 and _local(children[0].tag) == "said":
        if not (element.text or "").strip() and not (children[0].tail or "").strip():
            return children[0]
    return None


def _turn_label(element: Any) -> tuple[str, Any, str] | None:
    """(title, label element, text after the colon) when the paragraph opens a turn."""
    if len(element) == 0:
        return None
    first = element[0]
    name = _local(first.tag)
    lead = _WS.sub(" ", element.text or "").strip()
    if name == "hi" and len(first) == 1 and not (first.text or "").strip():
        # <hi rend="strong"><persName>Kissinger</persName>:</hi>
        inner = first[0]
        if _local(inner.tag) in _LABEL_ELEMENTS and (inner.tail or "").strip().startswith(":"):
            return None  # handled poorly elsewhere; treat as paragraph
    if name not in _LABEL_ELEMENTS:
        return None
    if lead and not _TITLE_WORD.match(lead + " "):
        return None
    tail = first.tail or ""
    stripped = tail.lstrip()
    if not stripped.startswith(":"):
        return None
    label = _WS.sub(" ", "".join(first.itertext())).strip()
    if not label or len(label) > 60:
        return None
    return lead, first, stripped[1:]


_WHOLE_BRACKET = re.compile(r"^\[[^\[\]]*\]\.?$")
_EDITORIAL = re.compile(r"^\[(?:Omitted|Not printed|Text not|Editor|Page \d)", re.I)


def _whole_bracket(text: str, spans: Sequence[Span]) -> str | None:
    """The span kind of a paragraph that is nothing but one bracketed insertion."""
    if not text or text[0] not in "[(":
        return None
    body = text.rstrip(".")
    for span in spans:
        covers = span.start == 0 and span.end >= len(body)
        if covers and span.kind not in ("footnote-ref", "page-break"):
            return span.kind
    if _WHOLE_BRACKET.match(text):
        # "[Mr. Hyland comes in to join the meeting.]" versus "[Omitted here is ...]"
        return "editorial-note" if _EDITORIAL.match(text) else "stage"
    return None


# --------------------------------------------------------------------------- metadata


def _first(root: Any, *names: str) -> Any:
    for name in names:
        found = root.find(f"{{{TEI_NS}}}{name}")
        if found is None:
            found = root.find(name)
        if found is not None:
            return found
    return None


def _iter_named(root: etree._Element, name: str) -> Iterator[etree._Element]:
    return root.iter(f"{{{TEI_NS}}}{name}", name)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _volume_from_name(path: str | None, part: str | None) -> tuple[str | None, str | None]:
    if not path:
        return None, None
    stem = os.path.basename(path).rsplit(".", 1)[0]
    match = _VOLUME_ID.search(stem)
    number = None
    doc = _DOC_ID.search(stem)
    if doc:
        number = doc.group(1)
    return (match.group(1) if match else None), number


_FRUS_SERIES: Final = "Foreign Relations of the United States"
#: "..., 1969–1976, Volume XXXVIII, Part 1, Foundations ..." -> series, volume
_VOLUME_IN_TITLE: Final = re.compile(r",\s*(Volume\s+[IVXLCDM]+\b.*)$", re.S)


def _series_and_volume_from_id(volume_id: str) -> tuple[str, str] | None:
    """("Foreign Relations of the United States, 1969–1976", "Volume XXXVIII, Part 1")
    from "frus1969-76v38p1": what a citation prints, where the id is all we have."""
    match = _VOLUME_PARTS.match(volume_id)
    if not match:
        return None
    start, end, volume, part = match.groups()
    years = start
    if end:
        full_end = end if len(end) == 4 else start[: 4 - len(end)] + end
        years = f"{start}–{full_end}"
    designation = f"Volume {_roman(int(volume))}"
    if part:
        designation += f", Part {int(part)}"
    return f"{_FRUS_SERIES}, {years}", designation


def _split_volume_title(title: str) -> tuple[str, str | None]:
    """A volume's complete title -> (series, volume as printed); no "Volume N" in it
    -> (the whole title, None)."""
    match = _VOLUME_IN_TITLE.search(title)
    if not match:
        return title, None
    return title[: match.start()].strip(" ,"), match.group(1).strip()


def _document_type(title: str) -> str | None:
    lowered = title.lower()
    for prefix, kind in _DOC_TYPES:
        if lowered.startswith(prefix):
            return kind
    return None


def _frus_metadata(builder: _DocumentBuilder, div: Any, context: _Context) -> Metadata:
    state = builder.state
    head = _first(div, "head")
    title, number = "", div.get("n")
    if head is not None:
        text = _Text(state)
        text.inline(head)  # collects the source note into state.notes
        title, _ = text.value()
        # footnote markers inside the head are not part of the title
        for span in sorted(text.spans, key=lambda s: -s.start):
            if span.kind == "footnote-ref":
                title = title[: span.start] + title[span.end :]
        title = title.strip()
        match = _NUMBER_PREFIX.match(title)
        if match:
            number = number or match.group(1)
            title = title[match.end() :]
    date_el = None
    for date in _iter_named(div, "date"):
        parent = date.getparent()
        if parent is not None and _local(parent.tag) == "dateline":
            date_el = date
            break
    iso = None
    date_text = None
    if date_el is not None:
        iso = _iso_date(date_el.get("when") or date_el.get("from") or date_el.get("notBefore"))
        date_text = _plain_text(date_el, state.warnings) or None
    iso = iso or _iso_date(div.get(_DT_MIN))
    place = None
    for dateline in _iter_named(div, "dateline"):
        found = next(iter(_iter_named(dateline, "placeName")), None)
        if found is not None:
            place = _plain_text(found, state.warnings) or None
            break
    source_note = next((n for n in state.notes if n.kind == "source"), None)
    location = None
    if source_note is not None:
        location = re.sub(r"^Source:\s*", "", source_note.text).strip() or None
    volume_id = context.volume_id
    file_number = None
    if volume_id is None:
        volume_id, file_number = _volume_from_name(context.path, div.get(XML_ID))
    number = number or file_number
    # Metadata.volume is the volume as a citation prints it ("Volume XXXVIII, Part 1");
    # the machine id ("frus1969-76v38p1") goes to extra, as ("volume id", ...).
    collection, volume = context.series_title, context.volume_name
    from_id = _series_and_volume_from_id(volume_id) if volume_id else None
    if from_id is not None:
        collection = collection or from_id[0]
        volume = volume or from_id[1]
    extra: list[tuple[str, str]] = []
    if volume_id:
        extra.append(("volume id", volume_id))
    if context.editors:
        label = "Editors" if len(context.editors) > 1 else "Editor"
        extra.append((label, " and ".join(context.editors)))
    part = div.get(XML_ID)
    url = None
    if volume_id and part:
        url = f"https://history.state.gov/historicaldocuments/{volume_id}/{part}"
    citation = None
    if collection and number:
        citation = ", ".join(p for p in (collection, volume, f"Document {number}") if p)
    return Metadata(
        title=title,
        date=iso,
        date_text=date_text,
        citation=citation,
        archive=_ARCHIVE,
        archive_location=location,
        url=url,
        document_type=_document_type(title),
        place=place,
        collection=collection,
        volume=volume,
        number=number,
        subject="; ".join(builder.subject) or None,
        participants=tuple(builder.participants),
        extra=tuple(extra),
    )


def _parse_frus_div(div: Any, context: _Context) -> Document:
    part = div.get(XML_ID)
    builder = _DocumentBuilder(context, part)
    for person in _iter_named(div, "persName"):
        pid = _ref_id(person.get("corresp") or person.get("ref"))
        if pid:
            text = _uninvert(_plain_text(person))
            if len(text) > len(builder.person_texts.get(pid, "")):
                builder.person_texts[pid] = text
    head = _first(div, "head")
    if head is not None:
        for person in _iter_named(head, "persName"):
            if not any(_local(a.tag) == "note" for a in person.iterancestors()):
                builder.head_persons.append(_uninvert(_plain_text(person)))
    metadata = _frus_metadata(builder, div, context)
    for child in div:
        if _local(child.tag) == "head" and child is _first(div, "head"):
            continue
        builder.block_element(child)
    metadata = _with_lists(metadata, builder)
    source = Source(
        path=context.path,
        format="frus-tei",
        encoding="utf-8",
        sha256=context.sha256,
        size=context.size,
        part=part,
    )
    return builder.finish(metadata, source)


def _with_lists(metadata: Metadata, builder: _DocumentBuilder) -> Metadata:
    return replace(
        metadata,
        subject="; ".join(builder.subject) or None,
        participants=tuple(builder.participants),
    )


def _volume_context(root: Any, context: _Context) -> None:
    """Persons and terms lists from the volume's front matter, and its title."""
    for plist in _iter_named(root, "list"):
        list_type = plist.get("type")
        if list_type not in ("persons", "terms"):
            continue
        for item in plist:
            if _local(item.tag) != "item":
                continue
            target = None
            for child in item:
                if _local(child.tag) in ("persName", "term", "gloss", "hi"):
                    if child.get(XML_ID):
                        target = child
                        break
                    inner = next((c for c in child if c.get(XML_ID)), None) if len(child) else None
                    if inner is not None:
                        target = inner
                        break
            if target is None:
                continue
            tid = target.get(XML_ID)
            if not tid:  # never: target was chosen for its id; narrows str | None
                continue
            name = _plain_text(target, None)
            whole = _plain_text(item, None)
            after = whole.split(name, 1)[1] if name and name in whole else ""
            rest = after.lstrip(",;: ").strip() or None
            if list_type == "persons":
                context.persons[tid] = (_uninvert(name), rest)
            elif rest:
                context.terms[tid] = rest
    header = _first(root, "teiHeader")
    if header is not None:
        titles = list(_iter_named(header, "title"))
        typed = {t.get("type"): _plain_text(t, None) for t in reversed(titles) if t.get("type")}
        complete = typed.get("complete")
        if complete:
            context.volume_title = complete
        elif titles:
            context.volume_title = _plain_text(titles[0], None) or None
        if context.volume_title:
            series, volume = _split_volume_title(context.volume_title)
            context.series_title, context.volume_name = series, volume
        if typed.get("volume-number"):
            # FRUS volume headers type each part of the title
            context.volume_name = ", ".join(
                t for t in (typed["volume-number"], typed.get("volume")) if t
            )
            if typed.get("series"):
                context.series_title = ", ".join(
                    t for t in (typed["series"], typed.get("sub-series")) if t
                )
        context.editors = tuple(
            name for e in _iter_named(header, "editor") if (name := _plain_text(e, None))
        )
        for idno in _iter_named(header, "idno"):
            if idno.get("type") in ("frus", "volume-id") and idno.text:
                context.volume_id = idno.text.strip()
    if context.volume_id is None:
        rid = root.get(XML_ID)
        if rid and _VOLUME_PARTS.match(rid):
            context.volume_id = rid
        else:
            volume_id, _ = _volume_from_name(context.path, None)
            context.volume_id = volume_id


# --------------------------------------------------------------------------- generic TEI


def _parse_generic(root: Any, context: _Context) -> Document:
    header = _first(root, "teiHeader")
    builder = _DocumentBuilder(context, root.get(XML_ID))
    warn = builder.state.warnings
    meta: dict[str, Any] = {}
    people: dict[str, tuple[str, str | None]] = {}
    if header is not None:
        file_desc = _first(header, "fileDesc")
        title_stmt = _first(file_desc, "titleStmt") if file_desc is not None else None
        if title_stmt is not None:
            title = _first(title_stmt, "title")
            if title is not None:
                meta["title"] = _plain_text(title, warn)
            author = _first(title_stmt, "author")
            if author is not None:
                meta["author"] = _plain_text(author, warn) or None
            for resp_stmt in _iter_named(title_stmt, "respStmt"):
                resp = _first(resp_stmt, "resp")
                who = _first(resp_stmt, "persName", "name")
                if resp is not None and who is not None:
                    if _plain_text(resp).lower() in ("translated by", "translator", "translation"):
                        meta["translator"] = _plain_text(who, warn) or None
        for identifier in _iter_named(header, "msIdentifier"):
            repo = _first(identifier, "repository")
            idno = _first(identifier, "idno")
            coll = _first(identifier, "collection")
            if repo is not None:
                meta["archive"] = _plain_text(repo, warn) or None
            if idno is not None:
                meta["archive_location"] = _plain_text(idno, warn) or None
            if coll is not None:
                meta["collection"] = _plain_text(coll, warn) or None
            break
        for series in _iter_named(header, "seriesStmt"):
            title = _first(series, "title")
            if title is not None and _plain_text(title):
                meta["collection"] = _plain_text(title, warn)
            for scope in _iter_named(series, "biblScope"):
                unit = (scope.get("unit") or scope.get("type") or "").lower()
                fields = {"volume": "volume", "document": "number", "number": "number"}
                field_name = fields.get(unit)
                if field_name:
                    meta[field_name] = _plain_text(scope, warn) or None
            break
        for idno in _iter_named(header, "idno"):
            if (idno.get("type") or "").lower() == "url":
                meta["url"] = _plain_text(idno, warn) or None
                break
        for bibl in _iter_named(header, "bibl"):
            meta["citation"] = _plain_text(bibl, warn) or None
            break
        extra: list[tuple[str, str]] = []
        for note in _iter_named(header, "note"):
            note_type = note.get("type")
            if note_type == "citation":
                meta["citation"] = _plain_text(note, warn) or None
            elif note_type == "summary" and "summary" not in meta:
                meta["summary"] = _plain_text(note, warn) or None
            elif note_type == "extra":
                extra.append((_clean(note.get("n") or "", warn), _plain_text(note, warn)))
        if extra:
            meta["extra"] = tuple(extra)
        for abstract in _iter_named(header, "abstract"):
            meta["summary"] = _plain_text(abstract, warn) or None
            break
        for language in _iter_named(header, "language"):
            meta["original_language"] = _plain_text(language, warn) or language.get("ident")
            break
        for creation in _iter_named(header, "creation"):
            date = _first(creation, "date")
            if date is not None:
                meta["date"] = _iso_date(date.get("when") or date.get("from"))
                meta["date_text"] = _plain_text(date, warn) or None
            place = _first(creation, "placeName")
            if place is not None:
                meta["place"] = _plain_text(place, warn) or None
            break
        subjects: list[str] = []
        for term in _iter_named(header, "term"):
            term_type = term.get("type")
            words = _plain_text(term, warn)
            if term_type == "subject":
                if words:
                    subjects.append(words)
            elif term_type == "document-type" or (
                term_type is None and "document_type" not in meta
            ):
                meta["document_type"] = words or None
        if subjects:
            meta["subject"] = "; ".join(subjects)
        participants: list[str] = []
        for person in _iter_named(header, "person"):
            group = person.getparent()
            if group is not None and group.get("type") == "participants":
                shown = _plain_text(person, warn)
                if shown:
                    participants.append(shown)
                continue
            pid = person.get(XML_ID)
            name_el = _first(person, "persName")
            if pid and name_el is not None:
                role_el = _first(person, "roleName", "occupation")
                role = _plain_text(role_el, warn) if role_el is not None else None
                people[pid] = (_plain_text(name_el, warn), role or None)
        if participants:
            meta["participants"] = tuple(participants)
        _header_notes(header, builder.state)
    context.persons.update(people)
    text = _first(root, "text")
    body = _first(text, "body") if text is not None else None
    if body is None:
        raise _error(f"{context.shown}: a TEI document without a <text><body>")
    if text is not None:
        for part_name in ("front", "body", "back"):
            part_el = _first(text, part_name)
            if part_el is not None:
                builder.container(part_el)
    metadata = Metadata(**{k: v for k, v in meta.items() if v is not None})
    if builder.subject or builder.participants:
        # SUBJECT/PARTICIPANTS lists typed in the body, where the header has none
        metadata = replace(
            metadata,
            subject=metadata.subject or "; ".join(builder.subject) or None,
            participants=metadata.participants or tuple(builder.participants),
        )
    source = Source(
        path=context.path,
        format="tei",
        encoding="utf-8",
        sha256=context.sha256,
        size=context.size,
        part=root.get(XML_ID),
    )
    return builder.finish(metadata, source)


#: note types that carry metadata, not a Note (see _parse_generic)
_METADATA_NOTES: Final = frozenset({"citation", "summary", "extra", "participants"})


def _header_notes(header: Any, state: _DocState) -> None:
    """Notes on the whole document, outside the running text: ``notesStmt/note`` (what our
    exporter writes) and ``sourceDesc//note`` (older exports, other TEI). A FRUS source
    note read back is Note(kind="source"), never lost."""
    for note in _iter_named(header, "note"):
        kind = (note.get("type") or "source").strip()
        if kind in _METADATA_NOTES:
            continue
        ancestors = {_local(a.tag) for a in note.iterancestors()}
        if not ancestors & {"notesStmt", "sourceDesc"}:
            continue
        if kind not in ("source", "translator", "footnote"):
            kind = "source"
        label = _clean(note.get("n") or "") or None
        body = _Text(state)
        body.inline(note, notes=False)
        text, _ = body.value()
        if text:
            state.notes.append(Note(state.note_id(note.get(XML_ID), label), kind, text, label))


# --------------------------------------------------------------------------- entry point


def _documents_in(root: Any) -> list[Any]:
    found = []
    for div in _iter_named(root, "div"):
        if div.get("type") == "document":
            found.append(div)
    return found


def parse_xml(data: bytes, path: str | None = None) -> list[Document]:
    """Parse a TEI file: a FRUS volume, one FRUS document div, or a generic TEI text."""
    import hashlib

    shown = display_path(path) if path else "<stdin>"
    root = _parse_tree(data, shown)
    name = _local(root.tag)
    namespace = root.tag.partition("}")[0][1:] if root.tag.startswith("{") else ""
    if namespace not in ("", TEI_NS) or name not in ("TEI", "teiCorpus", "div"):
        shown_name = name if not namespace else f"{name} xmlns={namespace!r}"
        raise _error(f"{shown}: not a TEI document (root element <{shown_name}>)")
    context = _Context(
        path=path,
        shown=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    if name == "div":
        if root.get("type") == "document":
            divs = [root]
        else:
            divs = _documents_in(root)
        _volume_context(root, context)
        if not divs:
            raise _error(f"{shown}: a TEI <div> that holds no <div type=\"document\">")
    else:
        _volume_context(root, context)
        divs = _documents_in(root)
    if divs:
        documents = [_parse_frus_div(div, context) for div in divs]
    else:
        documents = [_parse_generic(root, context)]
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        documents = [
            replace(d, source=replace(d.source, encoding=encoding.lower())) for d in documents
        ]
    return documents
