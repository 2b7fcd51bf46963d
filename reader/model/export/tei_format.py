"""TEI P5 export: a faithful scholarly encoding of the document and its apparatus.

Built with lxml element by element, never by pasting document text into markup, so any
text ("<", "&", "]]>") stays text. The mapping is the one agreed with the TEI reader
(reader/model/formats/frus_tei.py), so exporting and importing again gives the same
speakers, turns and apparatus:

- header (every Metadata field): titleStmt/title, author, respStmt (resp "translated
  by") = translator; publicationStmt/idno[@type="URL"] = url; seriesStmt/title =
  collection, biblScope[@unit="volume"|"document"] = volume, number;
  notesStmt/note[@type="citation"] = citation as given, note[@type="extra"][@n=label]
  = extra, and notes on the whole document (not referred to from the text: source
  notes) as note[@type=kind][@xml:id][@n]; sourceDesc/msDesc/msIdentifier (repository,
  idno) = archive, archive_location; profileDesc/abstract = summary; creation/date[@when]
  and placeName = date, date_text, place; langUsage/language = original_language;
  textClass/keywords/term[@type="document-type"|"subject"]; particDesc/listPerson/
  person[@xml:id]/persName = speakers, listPerson[@type="participants"]/person/p =
  participants as printed.
- body: a labelled turn and its continuations = sp/speaker/p; reported speech =
  p/said[@direct="false"]; stage, head, p[@type="closing"], list/item, p.
- inline spans: supplied, note[@type=gloss|translator|editorial], date[@type=editorial],
  sic, unclear, stage[@rend], gap/desc, stamp, note[@type=footnote], pb.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from reader.model.document import Block, Document, Span
from reader.model.tables import cell_ranges

__all__ = ["TEI_NS", "render"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_T = "{%s}" % TEI_NS  # noqa: UP031 - a Clark-notation prefix, not a message

#: Language names as Wilson and FRUS print them -> BCP 47 tags for language/@ident.
_LANGUAGES = {
    "albanian": "sq", "arabic": "ar", "bulgarian": "bg", "chinese": "zh", "czech": "cs",
    "english": "en", "french": "fr", "german": "de", "hebrew": "he", "hungarian": "hu",
    "italian": "it", "japanese": "ja", "korean": "ko", "mongolian": "mn", "persian": "fa",
    "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru",
    "serbo-croatian": "sh", "slovak": "sk", "spanish": "es", "turkish": "tr",
    "ukrainian": "uk", "vietnamese": "vi",
}  # fmt: skip

#: Characters XML 1.0 cannot carry; loading already neutralised controls, this is the
#: last guard so lxml never refuses a document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")

_BRACKETS = {"[": "]", "(": ")"}


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _T + tag)
    for name, value in attrs.items():
        element.set(XML_ID if name == "xml_id" else name, _safe(value))
    if text is not None:
        element.text = _safe(text)
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    text = _safe(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _xml_id(value: str, used: dict[str, str]) -> str:
    """A valid, unique xml:id for a speaker or note id; kept as is when already valid."""
    if value in used:
        return used[value]
    candidate = value if _NCNAME.match(value) else "id_" + re.sub(r"[^\w.-]", "_", value)
    base, n = candidate, 2
    while candidate in used.values():
        candidate, n = f"{base}_{n}", n + 1
    used[value] = candidate
    return candidate


def _inner(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """The content range of a span: without its outer bracket pair, if it has one."""
    if end - start >= 2 and text[start] in _BRACKETS and text[end - 1] == _BRACKETS[text[start]]:
        return start + 1, end - 1, text[start]
    return start, end, None


def _order(span: Span) -> tuple[int, int, int]:
    """Document order; a zero-width mark (page break) before a span starting there."""
    return (span.start, 0 if span.end == span.start else 1, -(span.end - span.start))


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.ids: dict[str, str] = {}

    def who(self, speaker_id: str) -> str:
        return "#" + _xml_id(speaker_id, self.ids)

    def inline(self, parent: etree._Element, block: Block) -> None:
        """Block text with its spans as TEI elements, nested spans inside their parent."""
        spans = sorted(block.spans, key=_order)
        self._range(parent, block.text, 0, len(block.text), spans)

    def table(self, table: etree._Element, block: Block) -> None:
        """<row>s of <cell>s: the cells' words without the padding that lines them up,
        each with the spans inside it."""
        spans = sorted(block.spans, key=_order)
        for cells in cell_ranges(block.text):
            row = _el(table, "row")
            for start, end in cells:
                inside = [s for s in spans if start <= s.start and s.end <= end]
                self._range(_el(row, "cell"), block.text, start, end, inside)

    def _range(
        self, parent: etree._Element, text: str, start: int, end: int, spans: Sequence[Span]
    ) -> None:
        position = start
        index = 0
        while index < len(spans):
            span = spans[index]
            index += 1
            if span.start < position or span.end > end:
                continue
            # the spans wholly inside this one become its children
            children: list[Span] = []
            while (
                index < len(spans)
                and spans[index].start < span.end
                and spans[index].end <= span.end
            ):
                children.append(spans[index])
                index += 1
            _append_text(parent, text[position:span.start])
            self._span(parent, text, span, children)
            position = span.end
        _append_text(parent, text[position:end])

    def _span(
        self, parent: etree._Element, text: str, span: Span, children: Sequence[Span]
    ) -> None:
        kind = span.kind
        words = text[span.start:span.end]
        if kind == "page-break":
            _el(parent, "pb", n=span.ref or "")
            return
        if kind == "sic":
            _el(parent, "sic")
            return
        if kind == "uncertain":
            _el(parent, "unclear")
            return
        if kind == "footnote-ref":
            note = self.document.note(span.ref)
            attrs = {"type": "footnote", "n": words}
            if note is not None:
                attrs["xml_id"] = _xml_id(note.id, self.ids)
            _el(parent, "note", " ".join(note.text.split()) if note else None, **attrs)
            return
        if kind == "emphasis":  # the words as printed, brackets and all, in italics
            element = _el(parent, "hi", rend="italic")
            self._range(element, text, span.start, span.end, children)
            return
        if kind == "stamp":
            element = _el(parent, "stamp")
            self._range(element, text, span.start, span.end, children)
            return
        inner_start, inner_end, bracket = _inner(text, span.start, span.end)
        if kind == "redaction":
            gap = _el(parent, "gap", reason="declassification")
            _el(gap, "desc", text[inner_start:inner_end])
            return
        if kind == "stage":
            rend = {"(": "parens", "[": "brackets"}.get(bracket or "")
            element = _el(parent, "stage", **({"rend": rend} if rend else {}))
        elif kind == "supplied":
            element = _el(parent, "supplied")
        elif kind == "date":
            element = _el(parent, "date", type="editorial")
        elif kind in ("gloss", "translator-note", "editorial-note"):
            note_type = {"gloss": "gloss", "translator-note": "translator"}.get(kind, "editorial")
            element = _el(parent, "note", type=note_type)
        else:  # an unknown kind: keep the words, lose nothing
            _append_text(parent, words)
            return
        inside = [c for c in children if inner_start <= c.start and c.end <= inner_end]
        self._range(element, text, inner_start, inner_end, inside)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _header(tei: etree._Element, document: Document, writer: _Writer) -> None:
    """Everything in Metadata, each field where TEI keeps it, so the reader gets the
    same Metadata back (see the module docstring for the mapping)."""
    meta = document.metadata
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    # An untitled record stays untitled: a made-up title would come back as its title.
    _el(title_stmt, "title", _one_line(meta.title))
    if meta.author:
        _el(title_stmt, "author", meta.author)
    if meta.translator:
        resp = _el(title_stmt, "respStmt")
        _el(resp, "resp", "translated by")
        _el(resp, "persName", meta.translator)
    publication = _el(file_desc, "publicationStmt")
    if meta.url:
        _el(publication, "idno", meta.url, type="URL")
    _el(publication, "p", "Exported by archive-reader from " + (meta.archive or "its source") + ".")
    if meta.collection or meta.volume or meta.number:
        # The series the record was published in (FRUS: series, volume, document number).
        series = _el(file_desc, "seriesStmt")
        _el(series, "title", meta.collection or "")
        if meta.volume:
            _el(series, "biblScope", meta.volume, unit="volume")
        if meta.number:
            _el(series, "biblScope", meta.number, unit="document")
    referenced = {s.ref for b in document.blocks for s in b.spans if s.kind == "footnote-ref"}
    loose = [note for note in document.notes if note.id not in referenced]
    if loose or meta.citation or meta.extra:
        # The archive's own citation sentence, other labelled facts, and notes on the
        # whole document (a FRUS source note, a translator's note): TEI's notesStmt.
        notes_stmt = _el(file_desc, "notesStmt")
        if meta.citation:
            _el(notes_stmt, "note", _one_line(meta.citation), type="citation")
        for label, value in meta.extra:
            _el(notes_stmt, "note", _one_line(value), type="extra", n=label)
        for note in loose:
            _el(
                notes_stmt,
                "note",
                _one_line(note.text),
                type=note.kind,
                xml_id=_xml_id(note.id, writer.ids),
                **({"n": note.label} if note.label else {}),
            )
    source_desc = _el(file_desc, "sourceDesc")
    ms = _el(source_desc, "msDesc")
    identifier = _el(ms, "msIdentifier")
    if meta.archive:
        _el(identifier, "repository", meta.archive)
    _el(identifier, "idno", meta.archive_location or "")
    profile = _el(header, "profileDesc")
    if meta.summary:
        _el(_el(profile, "abstract"), "p", _one_line(meta.summary))
    if meta.date or meta.date_text or meta.place:
        # The date and place of the record itself (TEI's creation), not of this file;
        # an opener/dateline would add words to the body that the source does not print.
        creation = _el(profile, "creation")
        if meta.date or meta.date_text:
            attrs = {"when": meta.date} if meta.date else {}
            _el(creation, "date", meta.date_text, **attrs)
        if meta.place:
            if meta.date or meta.date_text:
                _append_text(creation, ", ")
            _el(creation, "placeName", meta.place)
    if meta.original_language:
        usage = _el(profile, "langUsage")
        ident = _LANGUAGES.get(meta.original_language.strip().lower())
        _el(usage, "language", meta.original_language, **({"ident": ident} if ident else {}))
    if meta.document_type or meta.subject:
        keywords = _el(_el(profile, "textClass"), "keywords")
        if meta.document_type:
            _el(keywords, "term", meta.document_type, type="document-type")
        # The parsers join a SUBJECT list with "; "; one term per subject.
        for subject in (meta.subject or "").split("; ") if meta.subject else ():
            _el(keywords, "term", subject, type="subject")
    if document.speakers or meta.participants:
        partic = _el(profile, "particDesc")
        if document.speakers:
            persons = _el(partic, "listPerson")
            for speaker in document.speakers:
                person = _el(persons, "person", xml_id=_xml_id(speaker.id, writer.ids))
                _el(person, "persName", speaker.name)
                if speaker.role:
                    _el(person, "occupation", speaker.role)
        if meta.participants:
            # The PARTICIPANTS list as printed ("Anatoliy F. Dobrynin, Soviet Ambassador").
            listed = _el(partic, "listPerson", type="participants")
            for participant in meta.participants:
                _el(_el(listed, "person"), "p", participant)


#: Elements whose children are structure, not running text: safe to put newlines between.
_STRUCTURE = frozenset(
    _T + name
    for name in (
        "TEI teiHeader fileDesc titleStmt respStmt publicationStmt seriesStmt notesStmt sourceDesc "
        "msDesc msIdentifier profileDesc abstract creation langUsage textClass keywords particDesc "
        "listPerson person text body div sp list opener"
    ).split()
)


def _lay_out(element: etree._Element, depth: int = 0) -> None:
    """Newlines and indentation between structural elements only: whitespace inside a
    paragraph would change the text (lxml's pretty_print cannot tell the difference)."""
    if element.tag not in _STRUCTURE or not len(element) or (element.text or "").strip():
        return
    inner = "\n" + "  " * (depth + 1)
    element.text = inner
    for child in element:
        _lay_out(child, depth + 1)
        if not (child.tail or "").strip():
            child.tail = inner
    element[-1].tail = "\n" + "  " * depth


def _resumes(blocks: Sequence[Block], index: int, speaker: str | None) -> bool:
    """Whether the same speaker's turn continues after the stage blocks from ``index``."""
    for block in blocks[index:]:
        if block.kind != "stage":
            return block.attribution == "continuation" and block.speaker == speaker
    return False


def _stage_block(writer: _Writer, parent: etree._Element, block: Block) -> None:
    """A stage block; when one stage span covers it all, the span is the block element
    itself (``<stage rend="brackets">``), not a stage inside a stage."""
    size = len(block.text)
    whole = [s for s in block.spans if s.kind == "stage" and s.start == 0 and s.end == size]
    _, _, bracket = _inner(block.text, 0, len(block.text))
    if len(whole) == 1 and bracket:
        rest = tuple(s for s in block.spans if s is not whole[0])
        element = _el(parent, "stage", rend={"(": "parens", "[": "brackets"}[bracket])
        inner = [s for s in sorted(rest, key=_order)
                 if 1 <= s.start and s.end <= len(block.text) - 1]
        writer._range(element, block.text, 1, len(block.text) - 1, inner)
        return
    writer.inline(_el(parent, "stage"), block)


def render(document: Document, mode: str = "printed", **_options: object) -> str:
    """The document as a TEI P5 XML string. TEI keeps everything as printed and marks
    the apparatus, so only ``mode="printed"`` makes sense; clean is refused."""
    if mode != "printed":
        raise ValueError("TEI keeps the text as printed and marks the apparatus; "
                         "use --mode printed (the default)")
    writer = _Writer(document)
    # lxml-stubs 0.5 types nsmap keys as str, but None is how lxml names the default namespace.
    tei = etree.Element(_T + "TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    _header(tei, document, writer)
    text = _el(tei, "text")
    body = _el(text, "body")
    # Not type="document": that is FRUS's volume markup, and the reader would then take
    # the header for a volume's. Dates live in profileDesc/creation (see _header).
    div = _el(body, "div")
    if document.source.part:
        div.set("n", _safe(document.source.part))
    current_sp: etree._Element | None = None
    current_speaker: str | None = None
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if (
            current_sp is not None
            and block.attribution == "continuation"
            and block.speaker == current_speaker
        ):
            writer.inline(_el(current_sp, "p"), block)
            continue
        resumes = block.kind == "stage" and _resumes(blocks, index, current_speaker)
        if current_sp is not None and resumes:
            # "[Mr. Hyland comes in.]" inside a turn that then goes on: keep one <sp>.
            _stage_block(writer, current_sp, block)
            continue
        current_sp = None
        current_speaker = None
        if block.kind == "turn" and block.attribution == "label":
            attrs = {"who": writer.who(block.speaker)} if block.speaker else {}
            current_sp = _el(div, "sp", **attrs)
            current_speaker = block.speaker
            label = block.label
            if label is None:
                found = document.speaker(block.speaker)
                label = found.name if found else ""
            _el(current_sp, "speaker", label)
            writer.inline(_el(current_sp, "p"), block)
        elif block.attribution == "reported" and block.speaker:
            p = _el(div, "p")
            said = _el(p, "said", who=writer.who(block.speaker), direct="false")
            writer.inline(said, block)
        elif block.kind == "stage":
            _stage_block(writer, div, block)
        elif block.kind == "heading":
            writer.inline(_el(div, "head"), block)
        elif block.kind == "closing":
            writer.inline(_el(div, "p", type="closing"), block)
        elif block.kind == "list":
            writer.inline(_el(_el(div, "list"), "item"), block)
        elif block.kind == "table":
            writer.table(_el(div, "table"), block)
        else:
            writer.inline(_el(div, "p"), block)
    _lay_out(tei)
    xml: bytes = etree.tostring(tei, xml_declaration=True, encoding="UTF-8")
    return xml.decode("utf-8")
