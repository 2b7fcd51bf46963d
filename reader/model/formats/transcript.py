"""Transcript rules shared by the plain-text and DFAT parsers.

Text copied from history.state.gov, DFAT's Markdown and similar sources prints the same
things in many ways; this module turns them into one model:

* speaker labels of every common form ("Ford:", "P.M. Chou:", "DR.EVATT:", "K:", and
  "K." where a document uses period labels consistently), grouped by
  ``reader.model.speakers``; one-letter labels are named from the people the heading or
  participants list gives ("D" -> Dobrynin);
* a speaker change in the middle of a paragraph ("... at the earliest. DR. EVATT: Who
  will ...") and a label glued to a "Present:" list split into separate blocks;
* guards against false speakers: header fields ("SUBJECT:", "Present:"), list lines
  ("Name: 61: Chairman, ...") and topic lines in telegraphic notes (a label used once,
  with no honorific, naming nobody the document lists);
* footnotes: the numbered notes at the end of a document become ``Note``s and their
  markers in the text ("Conversation1", "communiqué.2", "[1]") ``footnote-ref`` spans;
  a glued number is a marker only when it is the next note in sequence, so "1975" or
  "5½" never are;
* Markdown emphasis inside a paragraph ("_not_", "**Attachment**") becomes an
  ``emphasis`` span over the words, its markers gone; whole-line emphasis and bold
  (a subheading) just lose their markers;
* a Markdown table ("U.K.| 51.6| 55.5" rows around a "---|---" rule) is one ``table``
  block, its columns lined up by ``reader.model.tables``;
* "[Page N]" markers are cut out of the text and kept as zero-width ``page-break``
  spans (as the FRUS TEI parser does), with ``Block.page``;
* a whole volume in one file ("Volume 27: ..." then records each introduced by "N. TITLE"
  and a dateline) is read by ``parse_plain_all`` as one document per record, numbered as
  printed; ``parse_body`` alone still reads such text as one document with a heading per
  record and per-record note ids ("27.3").

Markers survive paragraph splitting and joining as private-use placeholder characters,
expanded into spans once each block's text is final. Every rule is a regular expression
applied once per paragraph or once to the whole text, so parsing stays linear.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from reader.model.document import Block, Document, Metadata, Note, Span, Speaker
from reader.model.loading import LoadedText
from reader.model.speakers import (
    FIELD_NAMES,
    LabelMatch,
    SpeakerRegistry,
    is_closing_marker,
    is_date_line,
    is_page_break_tail,
    is_stage_paragraph,
    match_label,
)
from reader.model.tables import format_table

__all__ = [
    "Body",
    "clean_markdown",
    "document_type",
    "looks_like_markdown",
    "parse_body",
    "parse_plain",
    "parse_plain_all",
    "place_of",
    "split_names",
    "volume_records",
]

# --- markdown ------------------------------------------------------------------------

_MD_LINK_NOTE = re.compile(r"\[(\d{1,3})\]\(#f[\w-]{0,20}\)")
# the number outside its link: "race.6[](#f6)" (DFAT vol. 27 no. 507)
_MD_LINK_EMPTY = re.compile(r"(\d{1,3})\[\]\(#f[\w-]{0,20}\)")
# The line rules take a line with the newline before it (``clean_markdown`` puts one
# before the first line) rather than "^" with re.M, with which the regex engine tries
# a pattern at every character instead of jumping between newlines. None of them
# crosses a line end, so they can run on each line alone.
_MD_QUOTE = re.compile(r"\n[ \t]*>[ \t]?")
_MD_HEADING = re.compile(r"\n[ \t]*#{1,6}[ \t]+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_MD_WRAPPED = re.compile(r"\n[ \t]*_(\S(?:[^\n]*\S)?)_[ \t]*(?=\n|\Z)")
# an italic span closing inside the line: "_a_ and _b_" is not one span
_MD_CLOSED_INSIDE = re.compile(r"[^\s_\\]_(?![\w*_])")
_MD_BOLD_LINE = re.compile(r"\n[ \t]*\*\*(\S(?:[^\n]*\S)?)\*\*[ \t]*(?=\n|\Z)")
_MD_BLANKISH = re.compile(r"\n[ \t]*[_*]+[ \t]*(?=\n|\Z)")
# Emphasis inside a paragraph: "_not_", "*Attachment*", "**Comment**", over at most one
# line break ("_The Commonwealth  \nMr. Gorton_"). A marker touches its words on the
# inside and no word, marker or backslash escape on the outside, so "file_name",
# "2 * 3" and "\\*" are not emphasis; nor is anything across a table's "|" (each cell's
# italics are its own). ``_Builder.emphasis`` tries it (with ``match``)
# only where ``str.find`` finds a marker; the look-behind after each marker sees the
# character before it.
_MD_EMPHASIS = re.compile(
    r"(\*\*(?<![\\\w*_]\*\*)|\*(?<![\\\w*_]\*)|_(?<![\\\w*_]_))(?=[^\s*_|])"
    r"([^\n|]*?(?:\n(?![ \t]*\n)[^\n|]*?)?[^\s\\*_|])\1(?![\w*_])"
)
_MD_SIGNS = re.compile(r"\]\(#f[\w-]{0,20}\)|^\d+\\\.", re.M)
#: A line the line rules above may change: each needs one of > # _ * to open the line.
_MD_RULED_LINE = re.compile(r"\n[ \t]*[>#_*][^\n]*")


def looks_like_markdown(text: str) -> bool:
    """DFAT Markdown without its front matter (a whole volume in one file)."""
    return bool(_MD_SIGNS.search(text))


def clean_markdown(text: str, unescape: bool = True) -> str:
    """The words as printed: escapes, blockquote marks and emphasis-only lines removed.

    ``unescape=False`` keeps the backslash escapes, so that emphasis inside lines can
    still be told from an escaped "\\_" (``_Builder.emphasis`` removes them after)."""
    text = "\n" + _MD_LINK_NOTE.sub(r"[\1]", text)
    if "[](#f" in text:
        text = _MD_LINK_EMPTY.sub(r"[\1]", text)
    text = _MD_RULED_LINE.sub(_clean_markdown_line, text)
    return _MD_ESCAPE.sub(r"\1", text[1:]) if unescape else text[1:]


def _clean_markdown_line(found: re.Match[str]) -> str:
    """The line rules, in order, on one line (with its leading newline); a line that
    opens with none of > # _ * is left alone by all of them, so only these are read."""
    line = _MD_QUOTE.sub("\n", found.group())
    line = _MD_HEADING.sub("\n", line)
    line = _MD_BLANKISH.sub("\n", line)
    line = _MD_BOLD_LINE.sub("\n\\1", line)
    return _MD_WRAPPED.sub(_unwrapped, line)


def _unwrapped(found: re.Match[str]) -> str:
    """A line in italics loses its markers, unless they are two spans' ("_Establishment_|
    _Strength_", a table's header): those are left to ``_Builder.emphasis``."""
    inner = found.group(1)
    return found.group() if _MD_CLOSED_INSIDE.search(inner) else "\n" + inner


# --- markers ---------------------------------------------------------------------------

# The blanks before a marker belong to it too; they are taken in ``page_markers``
# rather than by a leading "[ \t]*", with which the regex engine would try the whole
# pattern at every position of the text instead of jumping from "[" to "[".
_PAGE = re.compile(r"\[Page[ \t]+([0-9]+[a-z]?|[ivxlcdm]+)\][ \t]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str  # "footnote-ref" or "page-break"
    printed: str
    ref: str


def marker_base(text: str) -> int:
    """The first code point of the private-use plane the text leaves free for markers
    (0: both are in use, and markers are not placed)."""
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return 0x100000  # nothing beyond U+FFFF (no surrogate pairs): no scan needed
    if not re.search("[\U00100000-\U0010fffd]", text):
        return 0x100000
    if not re.search("[\U000f0000-\U000ffffd]", text):
        return 0xF0000
    return 0


class _Markers:
    """Placeholders for markers: one private-use character per marker."""

    def __init__(self, text: str) -> None:
        base = marker_base(text)
        self.base = base
        self.items: list[_Marker] = []
        self._plain: dict[str, str] = {}
        self.pattern = re.compile(f"[{chr(base)}-{chr(base + 0xFFFD)}]" if base else "(?!x)x")

    def add(self, kind: str, printed: str, ref: str) -> str:
        if not self.base or len(self.items) >= 0xFFFD:
            return printed if kind == "footnote-ref" else ""
        self.items.append(_Marker(kind, printed, ref))
        return chr(self.base + len(self.items) - 1)

    def get(self, char: str) -> _Marker:
        return self.items[ord(char) - self.base]

    def strip(self, text: str) -> str:
        """The text without placeholders (for rules that look at words).

        The rules ask again and again about the same paragraphs, so the answers are
        kept (placeholders are never ASCII, so ASCII text needs no look at all).
        """
        if not self.items or text.isascii():
            return text
        plain = self._plain.get(text)
        if plain is None:
            plain = self._plain[text] = self.pattern.sub("", text)
        return plain

    def expand(self, text: str) -> tuple[str, list[Span], str | None]:
        """Final text, marker spans, and the last page number seen in it."""
        if self.strip(text) == text:  # no placeholder (usually known from ``strip``)
            return text, [], None
        out: list[str] = []
        spans: list[Span] = []
        size = 0
        last = 0
        page: str | None = None
        opened: int | None = None
        for found in self.pattern.finditer(text):
            chunk = text[last : found.start()]
            out.append(chunk)
            size += len(chunk)
            marker = self.get(found.group())
            if marker.kind == "page-break":
                spans.append(Span("page-break", size, size, marker.ref))
                page = marker.ref
            elif marker.kind == "emphasis-open":
                opened = size
            elif marker.kind == "emphasis-close":
                # a pair split apart (by a speaker change inside it) marks nothing
                if opened is not None and size > opened:
                    spans.append(Span("emphasis", opened, size))
                opened = None
            else:
                out.append(marker.printed)
                spans.append(Span("footnote-ref", size, size + len(marker.printed), marker.ref))
                size += len(marker.printed)
            last = found.end()
        out.append(text[last:])
        return "".join(out), spans, page


# --- notes -----------------------------------------------------------------------------

_NOTE_LINE = re.compile(r"(?:[*•][ \t]*)?(\d{1,3})\.?[ \t]+(\S.*)")
_SOURCE_LINE = re.compile(r"\[[^\]\n]{2,200}\]|_+|\*+")
# A footnote marker: "[12]", or up to three digits glued after a letter or a closing
# mark ("Conversation1", "communiqué.2") and followed by a space, a mark or the end.
# Both start with the character class, so the regex engine jumps from "[" or digit to
# the next; the glued form's look-behind therefore spans its first digit. (Written as
# "(?<=letter)\d{1,3}" the whole pattern was tried at every character: 8x slower.)
# In Markdown (DFAT) a footnote marker is always a link, "[1](#f1)", read as "[1]": a
# number glued to a word there is the text's own ("Document 150", "C(67)41").
_REF_LINKED = re.compile(r"\[\d{1,3}\]")
_REF = re.compile(
    r"[\[\d](?:"
    r"(?<=\[)\d{1,3}\]"
    r"|(?<=[^\W\d_]\d|[.,;:!?)”’\"]\d)\d{0,2}(?=[\s.,;:)”’\"\]—]|$)"
    r")"
)


def _note_chunk(lines: list[str]) -> list[tuple[int, str]] | None:
    found = []
    for line in lines:
        match = _NOTE_LINE.fullmatch(line)
        if match is None:
            return None
        found.append((int(match.group(1)), match.group(2).strip()))
    return found


def _take_notes(chunks: list[list[str]]) -> tuple[int, int, list[tuple[int, str]]]:
    """(end of body, start of trailing source lines, notes) for one record's chunks.

    The notes are the run of numbered lines at the end (before any "[Archive: ref]"
    lines), numbered 1, 2, 3 ... in order.
    """
    end = len(chunks)
    while end > 0 and all(_SOURCE_LINE.fullmatch(line) for line in chunks[end - 1]):
        end -= 1
    sources_from = end
    notes: list[tuple[int, str]] = []
    start = end
    while start > 0:
        if notes and notes[0][0] == 1:
            break  # note 1 reached: a numbered paragraph above ("6. I attach") is body
        got = _note_chunk(chunks[start - 1])
        if got is None:
            # "_" separators between the body and the notes
            if all(_SOURCE_LINE.fullmatch(line) for line in chunks[start - 1]) and notes:
                start -= 1
                continue
            break
        notes = got + notes
        start -= 1
    numbers = [n for n, _ in notes]
    if not notes or numbers != list(range(1, len(numbers) + 1)):
        return len(chunks), len(chunks), []
    while start < end and all(_SOURCE_LINE.fullmatch(line) for line in chunks[start]):
        start += 1
    return start, sources_from, notes


# --- labels ----------------------------------------------------------------------------

_CAPS_TAIL = re.compile(r"(?:[A-Z][A-Z'’\-]*(?:\. ?| ))*[A-Z][A-Z'’\-]*\.?$")
# A colon after a word and before more words. It opens with the literal ":" (the check
# on the character before it follows), so the regex engine jumps from colon to colon.
_COLON = re.compile(r":(?<=\S:)[ \t\u00a0]+(?=\S)")
_SENTENCE_BEFORE = re.compile(r"[.?!\])”\"'’][ \t]*$")
_PERIOD_LABEL = re.compile(r"([A-Z]{1,3})\.[ \t]+(?=\S)")
_HONORIFIC_FREE = frozenset({"the"})
_LIST_FIELDS = frozenset({"present", "participants", "also present", "attendees", "participant"})
_HEAD_FIELDS = frozenset({"subject", "subj", "from", "to", "date", "time", "place", "cc"})


def _label_at(text: str) -> LabelMatch | None:
    return match_label(text)


_ROMAN = re.compile(r"[IVXLC]+")


def _period_initials(paragraphs: Sequence[str]) -> frozenset[str]:
    """Initials used as period labels ("K. I will send him"), if one record uses them
    consistently: two or more different initials, each opening two or more paragraphs,
    together at least a third of the record. Outline letters ("A.", "B.", "C.") and
    Roman numerals are headings, not people."""
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        found = _PERIOD_LABEL.match(paragraph)
        if found and not _ROMAN.fullmatch(found.group(1)):
            counts[found.group(1)] += 1
    steady = {k for k, n in counts.items() if n >= 2}
    if len(steady) < 2 or 3 * sum(counts[k] for k in steady) < len(paragraphs):
        return frozenset()
    singles = sorted(k for k in steady if len(k) == 1)
    if singles and singles[0] == "A" and "B" in singles:
        return frozenset()
    return frozenset(steady)


def _split_mid(paragraph: str, known_keys: set[str], known_labels: Sequence[str]) -> list[str]:
    """Split a paragraph where another speaker's label begins inside it."""
    cuts: list[int] = []
    for colon in _COLON.finditer(paragraph):
        at = colon.start()
        if at < 2:
            continue
        window_start = max(0, at - 60)
        window = paragraph[window_start:at]
        start: int | None = None
        caps = _CAPS_TAIL.search(window)
        if caps:
            # try the longest run first, then drop words from its left
            words = [m.start() for m in re.finditer(r"(?:^|(?<=[ .]))[A-Z]", caps.group())]
            run_start = window_start + caps.start()
            if run_start == 0:
                continue  # the paragraph's own label
            for offset in words:
                begin = run_start + offset
                if not paragraph[begin - 1].isspace() and paragraph[begin - 1] != ".":
                    continue
                label = _label_at(paragraph[begin:])
                if label is None or not label.key:
                    continue  # "U.S. DR. EVATT": drop words from the left until a label
                if label.key in known_keys or _SENTENCE_BEFORE.search(paragraph[:begin]):
                    start = begin
                break
        if start is None:
            for printed in known_labels:
                if window.endswith(printed):
                    begin = at - len(printed)
                    if (
                        begin > 0
                        and paragraph[begin - 1].isspace()
                        and _SENTENCE_BEFORE.search(paragraph[:begin])
                    ):
                        start = begin
                        break
        if start is not None and start > 0 and (not cuts or start > cuts[-1]):
            cuts.append(start)
    if not cuts:
        return [paragraph]
    pieces = []
    last = 0
    for cut in cuts:
        pieces.append(paragraph[last:cut].rstrip())
        last = cut
    pieces.append(paragraph[last:])
    return [p for p in pieces if p.strip()]


_TITLE_WORDS = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Sir|Professor|Prof|Major|Colonel|General|Admiral|Lord|Lady|"
    r"Ambassador|Senator|Captain|Commander|Miss|Dame)\b\.?"
)


def split_names(text: str) -> list[str]:
    """The people in a "Present:" list: separated by ";", ",", or (as DFAT prints them)
    only by the honorific that opens each name."""
    text = text.strip().rstrip(".")
    if ";" in text:
        parts = text.split(";")
    elif "," in text and not _TITLE_WORDS.search(text):
        parts = text.split(",")
    else:
        starts = [m.start() for m in _TITLE_WORDS.finditer(text)]
        if not starts or starts[0] != 0:
            starts = [0, *starts]
        # "Sir Frederic" inside "Professor Sir Frederic" stays with its name
        merged = [
            s
            for i, s in enumerate(starts)
            if i == 0
            or text[starts[i - 1] : s].strip(" .")
            not in {
                "Dr",
                "Mr",
                "Professor",
                "Prof",
                "Major",
                "Colonel",
                "General",
                "Admiral",
                "Ambassador",
                "Senator",
                "Captain",
                "Commander",
                "Lord",
                "Lady",
            }
        ]
        parts = [text[a:b] for a, b in zip(merged, [*merged[1:], len(text)], strict=True)]
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


# --- metadata helpers -----------------------------------------------------------------

_TYPES = (
    "Memorandum of Conversation",
    "Record of Conversation",
    "Record of Conference",
    "Record of Meeting",
    "Record of Discussion",
    "Transcript of Telephone Conversation",
    "Transcript",
    "Minutes",
    "Minute",
    "Cablegram",
    "Telegram",
    "Letter",
    "Despatch",
    "Dispatch",
    "Memorandum",
    "Note",
    "Submission",
    "Diary Entry",
    "Diary",
    "Report",
    "Briefing",
    "Brief",
    "Cabinet Submission",
    "Cabinet Minute",
    "Decision",
    "Aide-Memoire",
    "Message",
    "Paper",
    "Draft",
    "Speech",
    "Statement",
    "Notes",
    "Record",
)
_TYPE_RE = re.compile(
    r"(?:(?:UK|US|Australian|British|Joint|Draft|Extract from|Extracts from)\s+)*("
    + "|".join(re.escape(t) for t in sorted(_TYPES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def document_type(title: str) -> str | None:
    """ "CABLEGRAM TO HONG KONG" -> "Cablegram"; "Record of Conference in ..." -> itself."""
    found = _TYPE_RE.match(title.strip())
    if not found:
        return None
    word = found.group(1).lower()
    for known in _TYPES:
        if known.lower() == word:
            return known
    return None


# The place may have parts of its own ("Australia House, London, 13 November 1964");
# the date may be a range or two days ("17 June– 8 July 1963", "10 & 11 July 1961"),
# a month ("January 1966") or none ("undated [June 1961]").
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATE_LINE = re.compile(
    r"(?P<place>[^\d,\n]{2,60}?(?:,[^\d,\n]{2,60}?){0,2}),\s*(?P<date>"
    r"(?:\d{1,2}(?:\s+[A-Z][a-z]+)?\s*(?:[–-]|and|&)\s*)?\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"
    rf"|[A-Z][a-z]+\.?\s+\d{{1,2}},\s*\d{{4}}|(?:{_MONTH_NAMES})\s+\d{{4}}"
    rf"|[Uu]ndated(?:\s*\[(?:[^\]\n]{{0,40}}\d{{4}})\])?(?=\s*$))"
)
_RANGE_START = re.compile(
    r"(\d{1,2})(?:\s+([A-Z][a-z]+))?\s*(?:[–-]|and|&)\s*\d{1,2}\s+([A-Z][a-z]+)\s+(\d{4})"
)


def date_of(printed: str) -> str | None:
    """ISO date of a printed dateline's date; a range gives its first day."""
    from reader.model.formats.wilson import parse_date

    found = _RANGE_START.match(printed.strip())
    if found:
        day, month, end_month, year = found.groups()
        return parse_date(f"{day} {month or end_month} {year}")
    return parse_date(printed)


def place_of(line: str) -> tuple[str | None, str | None]:
    """(place, printed date) from "Extracts CANBERRA, 8 July 1947" or
    "Helsinki, July 30, 1975, 9:35 a.m."."""
    found = _DATE_LINE.match(line.strip())
    if not found or len(line) > 100:
        return None, None
    place = found.group("place").strip()
    caps = re.findall(r"\b[A-Z][A-Z.\-]+(?:\s+[A-Z][A-Z.\-]+)*\b", place)
    if caps and place != caps[-1] and not place.isupper():
        place = caps[-1]
    if place.isupper():
        place = " ".join(w.capitalize() for w in place.split())
    rest = line.strip()[found.start("date") :]
    return place, rest


# --- the body --------------------------------------------------------------------------

_BULLET = re.compile(r"(?:[•▪◦‣*\-–][ \t]+|\d{1,2}\.[ \t]+(?=[A-Z]))(?=\S)")
_BULLET_ONLY = re.compile(r"[•▪◦‣*\-–][ \t]+(?=\S)")
# A record's heading line "27. CABLEGRAM TO LONDON", matched with the newline before
# it (``_sections`` puts one before the first line): the regex engine jumps from
# newline to newline, where "^" would have it try the pattern at every character.
# A lower-case "l" is let through: OCR reads a capital I as one ("MlNUTE, BUNTING TO
# HOLT", ten of DFAT vol. 27's headings).
_SECTION = re.compile(r"\n(\d{1,4})\.[ \t]+([A-Z][^a-km-z\n]{2,400})$", re.M)
_TABLE_RULE = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?")
# "_% of" opens italics that a later line of the same cell closes ("Exports_")
_CELL_ITALIC_OPEN = re.compile(r"(?<!\w)_(?=[^\s_])")
_CELL_ITALIC_CLOSE = re.compile(r"(?<=[^\s_])_(?!\w)")
_INITIALS = re.compile(r"[A-Z]{1,3}")
_FIELD_HEAD = re.compile(r"([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*)", re.S)


@dataclass(slots=True)
class _Draft:
    kind: str
    text: str
    label: LabelMatch | None = None
    speaker: str | None = None
    attribution: str | None = None
    section: int = 0


@dataclass
class Body:
    """What the transcript rules found: blocks, speakers, notes and header facts."""

    blocks: tuple[Block, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    notes: tuple[Note, ...] = ()
    title: str = ""
    number: str | None = None
    date_text: str | None = None
    place: str | None = None
    subject: str | None = None
    participants: tuple[str, ...] = ()
    extra: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _is_caps_title(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    lower = [c for c in letters if c.islower()]
    return len(letters) >= 3 and (not lower or (set(lower) == {"l"} and len(lower) <= 3))


def _sections(text: str) -> list[tuple[str | None, str | None, str]]:
    """(number, heading line, text) per record. One record unless the file holds two or
    more "N. ALL-CAPS TITLE" lines (a whole volume)."""
    # offsets in "\n" + text: a match starts at its newline, so at its line's start in
    # ``text``, and ends one character later than in ``text``
    heads = [m for m in _SECTION.finditer("\n" + text) if _is_caps_title(m.group(2))]
    if len(heads) < 2:
        return [(None, None, text)]
    sections: list[tuple[str | None, str | None, str]] = []
    if text[: heads[0].start()].strip():
        sections.append((None, None, text[: heads[0].start()]))
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        sections.append((head.group(1), head.group(0).strip(), text[head.end() - 1 : end]))
    return sections


_CHUNK = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def _chunks(text: str, holding: str = "") -> list[list[str]]:
    """Blank-line chunks as lists of stripped lines; with ``holding``, only the chunks
    that contain that string."""
    out = []
    for chunk in _CHUNK.split(text):
        if holding not in chunk:
            continue
        lines = [stripped for line in chunk.split("\n") if (stripped := line.strip())]
        if lines:
            out.append(lines)
    return out


def _is_topic_body(body: str) -> bool:
    """ "Australia: Review of Woomera Joint Project Arrangements; 1962": a short line
    without a sentence in it is a heading, not speech."""
    words = body.split()
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return len(words) <= 12 and not re.search(r"[.?!]['’\"”)\]]?$", body.strip())


_TITLE_NOTE = re.compile(r"\d{1,4}\.[ \t]+[A-Z][^\n]*[^\W\d_]1$")


class _Builder:
    """Reads records into drafts, then resolves speakers and builds blocks."""

    def __init__(
        self, text: str, known_texts: Sequence[str], title_line: bool = True,
        markdown: bool = False,
    ) -> None:
        self.title_line = title_line
        self.markdown = markdown
        self.markers = _Markers(text)
        self.drafts: list[_Draft] = []
        self.notes: list[Note] = []
        self.body = Body()
        self.known = [t for t in known_texts if t]
        self.participants: list[str] = []
        self.missing_notes = False

    def _run_in_heading(self, text: str) -> bool:
        """ "_FRANCE:_ There was obvious disagreement ...": a label printed in italics,
        without a title such as Mr, opens a section of a report, not a turn (where DFAT
        prints speakers in italics, they have their titles: "_Mr McEwen_ : That ...")."""
        head = text.lstrip()
        markers = self.markers
        if not head or not markers.pattern.match(head[0]):
            return False
        if markers.get(head[0]).kind != "emphasis-open":
            return False
        for position, char in enumerate(head[:120]):
            if markers.pattern.match(char) and markers.get(char).kind == "emphasis-close":
                return ":" in head[1:position] or head[position + 1 :].lstrip()[:1] == ":"
        return False

    # markers
    def emphasis(self, text: str) -> str:
        """Markdown emphasis inside lines ("_not_") becomes a pair of zero-width
        placeholders around its words, which every rule still sees; the backslash
        escapes ``clean_markdown`` kept for this are removed after."""
        # The pattern is tried only where a marker character stands: ``str.find`` jumps
        # there far faster than the regex engine's own scan (24 ms for DFAT vol. 27,
        # against ~6 ms this way).
        underscore, star = text.find("_"), text.find("*")
        if underscore >= 0 or star >= 0:
            markers, match, find = self.markers, _MD_EMPHASIS.match, text.find
            out: list[str] = []
            done = 0  # text[:done] is in ``out``
            while underscore >= 0 or star >= 0:
                at = underscore if star < 0 or 0 <= underscore < star else star
                found = match(text, at)
                if found is None:
                    nxt = at + 1
                else:
                    out.append(text[done:at])
                    out.append(markers.add("emphasis-open", "", ""))
                    out.append(found.group(2))
                    out.append(markers.add("emphasis-close", "", ""))
                    done = nxt = found.end()
                if underscore >= 0 and underscore < nxt:
                    underscore = find("_", nxt)
                if star >= 0 and star < nxt:
                    star = find("*", nxt)
            out.append(text[done:])
            text = "".join(out)
        return _MD_ESCAPE.sub(r"\1", text)

    def page_markers(self, text: str) -> str:
        """ "[Page 12]" markers become placeholders; the words around them stay apart.

        One blank separates the words on either side whenever the source had a blank on
        either side ("two [Page 4] three", "two[Page 4] three", and runs of markers such
        as "three [Page v][Page 6] four"); a marker printed inside a word ("con[Page 4]
        tinued" aside, "two[Page 4]three") joins nothing that was not joined.
        """
        out: list[str] = []
        last = 0
        ends_blank = True  # the start of the text needs no blank before a marker
        for found in _PAGE.finditer(text):
            chunk = text[last : found.start()]
            kept = chunk.rstrip(" \t")
            blank = len(kept) < len(chunk) or found.group()[-1] in " \t"
            if kept:
                out.append(kept)
                ends_blank = kept[-1] == "\n"
            if blank and not ends_blank:
                out.append(" ")
                ends_blank = True
            out.append(self.markers.add("page-break", "", found.group(1)))
            last = found.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def footnotes(self, text: str, numbers: set[int], prefix: str) -> str:
        state = {"last": 0}
        seen: set[int] = set()

        def replace(found: re.Match[str]) -> str:
            bracket = found.group().startswith("[")
            number = int(found.group().strip("[]"))
            if number not in numbers:
                return found.group()
            if bracket:
                if number > state["last"] + 3 and number not in seen:
                    return found.group()
            else:
                at = found.start()
                before = text[at - 1]
                if not before.isalpha() and (
                    at < 2 or text[at - 2].isdigit() or text[at - 2].isspace()
                ):
                    return found.group()
                if number != state["last"] + 1:
                    return found.group()
            seen.add(number)
            state["last"] = max(state["last"], number)
            return self.markers.add("footnote-ref", found.group(), f"{prefix}{number}")

        return (_REF_LINKED if self.markdown else _REF).sub(replace, text)

    # records
    def record(
        self, number: str | None, heading: str | None, text: str, index: int, many: bool
    ) -> None:
        chunks = _chunks(text)
        if heading is not None:
            chunks.insert(0, [heading])
        body_end, sources_from, notes = _take_notes(chunks)
        prefix = f"{number or index}." if many else ""
        note_index = {n: len(self.notes) + i for i, (n, _) in enumerate(notes)}
        for n, note_text in notes:
            self.notes.append(
                Note(id=f"{prefix}{n}", kind="footnote", text=self.markers.strip(note_text),
                     label=str(n))
            )
        numbers = set(note_index)
        if not numbers and heading is None and chunks and _TITLE_NOTE.match(chunks[0][0]):
            # history.state.gov pages put note 1 (the source note) on the title; a file
            # cut short keeps the markers but not the notes.
            numbers = set(range(1, 100))
            self.missing_notes = True
        first = len(self.drafts)
        # footnote markers over the body of this record, in reading order
        body_chunks = chunks[:body_end]
        if numbers:
            joined = "\n\n".join("\n".join(c) for c in body_chunks)
            joined = self.footnotes(joined, numbers, prefix)
            body_chunks = [c.split("\n") for c in joined.split("\n\n")] if joined else []
        self._read_chunks(body_chunks, index, heading is not None, many)
        for lines in chunks[body_end:]:
            if (
                all(_SOURCE_LINE.fullmatch(line) for line in lines)
                or chunks.index(lines) >= sources_from
            ):
                source = " ".join(lines)
                if source.strip("_* "):
                    self.drafts.append(_Draft("closing", source, section=index))
                    self.body.sources.append(source)
        del first

    def _read_chunks(
        self, chunks: list[list[str]], section: int, has_heading: bool, many: bool
    ) -> None:
        strip = self.markers.strip
        in_head = True
        expect: str | None = None  # "participants" / "subject" after a field heading
        for position, lines in enumerate(chunks):
            plain_lines = [strip(line) for line in lines] if position == 0 else lines
            if position == 0 and (has_heading or (section == 0 and self.title_line)):
                first = plain_lines[0]
                numbered = re.match(r"(\d{1,4})\.[ \t]+(\S.{0,300})$", first)
                field_head = _FIELD_HEAD.match(first)
                is_field = bool(field_head) and field_head.group(1).strip().lower() in FIELD_NAMES  # type: ignore[union-attr]
                if (
                    len(lines) == 1
                    and not is_field
                    and (
                        numbered
                        or (
                            len(first) < 160
                            and not first.endswith(".")
                            and match_label(first) is None
                        )
                    )
                ):
                    self.drafts.append(_Draft("heading", lines[0], section=section))
                    if not self.body.title:
                        if numbered:
                            self.body.number = numbered.group(1)
                            title = numbered.group(2)
                        else:
                            title = first
                        title_text = lines[0][numbered.start(2) :] if numbered else lines[0]
                        self.body.title = self._plain_title(title_text, title)
                    continue
            # Markdown tables: "a| b" rows around a "---|---" rule
            if len(lines) >= 2 and "|" in lines[0]:
                table = self._table(lines)
                if table is not None:
                    self.drafts.append(_Draft("table", table, section=section))
                    in_head = False
                    continue
            # bulleted lists
            if _BULLET_ONLY.match(plain_lines[0]) and all(
                _BULLET_ONLY.match(line) for line in plain_lines
            ):
                items = [_BULLET_ONLY.sub("", line, count=1) for line in lines]
                self.drafts.append(_Draft("list", "\n".join(lines), section=section))
                if in_head and expect != "subject":
                    for item in items:
                        name = strip(item).strip()
                        if name and not name.endswith(":"):
                            self.participants.append(name)
                elif expect == "subject" and self.body.subject is None:
                    self.body.subject = "; ".join(strip(i) for i in items)
                expect = None
                continue
            paragraph = " ".join(lines)
            plain = strip(paragraph)
            upper = plain.strip().rstrip(":").lower() if in_head and len(lines) == 1 else ""
            if upper in {"participants", "subjects", "subject", "present"}:
                self.drafts.append(_Draft("heading", paragraph, section=section))
                expect = "subject" if upper.startswith("subject") else "participants"
                continue
            expect = None
            if in_head and not self.body.date_text:
                place, date_text = place_of(plain)
                if date_text is None and is_date_line(plain):
                    date_text = plain.strip()
                if date_text:
                    self.body.date_text = date_text
                    self.body.place = place
                    self.drafts.append(_Draft("heading", paragraph, section=section))
                    continue
            field_match = _FIELD_HEAD.match(plain)
            if field_match:
                name = field_match.group(1).strip().lower()
                if name in _LIST_FIELDS:
                    self._present(paragraph, field_match, section)
                    continue
                if in_head and name in _HEAD_FIELDS and name in FIELD_NAMES:
                    value = field_match.group(2).strip()
                    if name in {"subject", "subj"} and self.body.subject is None:
                        self.body.subject = value
                    else:
                        self.body.extra.append((field_match.group(1).strip(), value))
                    self.drafts.append(_Draft("paragraph", paragraph, section=section))
                    continue
            for piece in self._pieces(paragraph):
                self.drafts.append(_Draft("paragraph", piece, section=section))
            if self.drafts and self.drafts[-1].kind == "paragraph":
                in_head = in_head and len(plain) < 200
        # head matter ends at the first long paragraph; labels are read later

    def _table(self, lines: list[str]) -> str | None:
        """A Markdown table's rows as table text (``reader.model.tables``), or None.

        The header may run over several lines, and so may a cell (DFAT breaks lines
        inside its cells: see ``_cell_open``)."""
        strip = self.markers.strip
        rule = next((i for i, line in enumerate(lines) if _TABLE_RULE.fullmatch(strip(line))), -1)
        if rule < 0:
            return None
        header = " ".join(lines[:rule])
        rows = [header, *lines[rule + 1 :]] if header.strip() else lines[rule + 1 :]
        table: list[list[str]] = []
        goes_on = False  # the last row's last cell is still open on the next line
        for row in rows:
            if _TABLE_RULE.fullmatch(strip(row)):
                goes_on = False  # a second table's rule: its header above is a row
                continue
            cells = [cell.strip() for cell in row.split("|")]
            if goes_on:
                last = table[-1]
                last[-1] = f"{last[-1]} {cells[0]}".strip()
                last.extend(cells[1:])
                cells = last
            else:
                table.append(cells)
            goes_on = self._cell_open(cells[-1])
        # A pipe closing a row adds an empty cell, which is never shown. A pipe opening
        # it is decoration where most lines open with one ("| a | b |", GFM); where they
        # do not, it is an empty first cell (DFAT's "|  1960| 1975" over "Canada| 17.6").
        opening = [strip(line).lstrip().startswith("|") for line in lines if line.strip()]
        decorated = 2 * sum(opening) > len(opening)
        for cells in table:
            if len(cells) > 1 and not strip(cells[-1]):
                cells.pop()
            if decorated and len(cells) > 1 and not strip(cells[0]):
                cells.pop(0)
            for index, cell in enumerate(cells):
                # italics that ran over two or more lines, now in one cell (a cell with
                # a backslash is left alone: emphasis() would unescape it a second time)
                if "_" in cell and "\\" not in cell:
                    cells[index] = self.emphasis(cell)
        text = format_table(table, lambda cell: len(strip(cell)))
        return text if strip(text).strip(" │\n") else None  # a rule and nothing in it

    def _cell_open(self, cell: str) -> bool:
        """Whether a table cell goes on on the next line: DFAT breaks lines inside its
        cells ("_% of\nTotal\nExports_", "(45% or more of exports valued at\n$A 1m
        or more)"), so a cell whose italics or parenthesis are not closed yet is
        continued by the next line (its first piece joins the cell, the rest are the
        row's next cells)."""
        if cell.count("(") > cell.count(")"):
            return True
        if len(_CELL_ITALIC_OPEN.findall(cell)) > len(_CELL_ITALIC_CLOSE.findall(cell)):
            return True
        markers = self.markers
        if markers.pattern.search(cell) is None:
            return False
        kinds = [markers.get(char).kind for char in markers.pattern.findall(cell)]
        return kinds.count("emphasis-open") > kinds.count("emphasis-close")

    def _plain_title(self, printed: str, fallback: str) -> str:
        """The title without its footnote markers."""
        return self.markers.strip(printed).strip() or fallback

    def _present(self, paragraph: str, found: re.Match[str], section: int) -> None:
        """ "Present: Dr. Evatt Sir Frederic Eggleston ... DR.EVATT: I shall ..." """
        pieces = self._pieces(paragraph)
        head = pieces[0]
        colon = head.index(":")
        names = split_names(self.markers.strip(head[colon + 1 :]))
        self.participants.extend(names)
        self.drafts.append(
            _Draft("list", f"{head[: colon + 1]}\n" + "\n".join(names), section=section)
        )
        for piece in pieces[1:]:
            self.drafts.append(_Draft("paragraph", piece, section=section))

    def _pieces(self, paragraph: str) -> list[str]:
        if ":" not in paragraph:
            return [paragraph]
        return _split_mid(paragraph, self.known_keys, self.known_labels)

    # speakers
    known_keys: set[str] = set()  # noqa: RUF012 - filled per document in build()
    known_labels: list[str] = []  # noqa: RUF012

    def prescan(self, paragraphs: Sequence[str]) -> None:
        keys: set[str] = set()
        labels: list[str] = []
        for paragraph in paragraphs:
            if ":" not in paragraph[:80]:
                continue
            label = match_label(self.markers.strip(paragraph))
            if label is not None:
                keys.add(label.key)
                if label.label not in labels:
                    labels.append(label.label)
        self.known_keys = keys
        self.known_labels = sorted(labels, key=len, reverse=True)

    def build(self) -> Body:
        strip = self.markers.strip
        plains = [strip(d.text) if d.kind == "paragraph" else "" for d in self.drafts]
        by_section: dict[int, list[str]] = {}
        for draft, plain in zip(self.drafts, plains, strict=True):
            if draft.kind == "paragraph":
                by_section.setdefault(draft.section, []).append(plain)
        period_sets = {k: _period_initials(v) for k, v in by_section.items()}
        matches: list[LabelMatch | None] = []
        for draft, plain in zip(self.drafts, plains, strict=True):
            periods = period_sets.get(draft.section, frozenset())
            label: LabelMatch | None = None
            if draft.kind == "paragraph":
                if ":" in plain[:90]:
                    label = match_label(plain)
                    if (
                        label is not None
                        and (not label.title or label.title.casefold() in _HONORIFIC_FREE)
                        and self._run_in_heading(draft.text)
                    ):
                        label = None
                if label is None and periods:
                    found = _PERIOD_LABEL.match(plain)
                    if found and found.group(1) in periods:
                        label = LabelMatch(found.group(1), plain[found.end() :], "", found.group(1))
            matches.append(label)
        # people the document names: participants, the texts the caller knows name
        # people, and names in parentheses in the title ("(Kissinger)")
        title_names = " ".join(re.findall(r"\(([^()]{2,60})\)", self.body.title))
        known_blob = " ".join([*self.known, *self.participants, title_names])
        known_lower = {w.casefold() for w in re.findall(r"[A-Z][\w’'\-]+", known_blob)}
        per_section: Counter[tuple[int, str]] = Counter(
            (d.section, m.key) for d, m in zip(self.drafts, matches, strict=True) if m is not None
        )
        for position, (draft, label) in enumerate(zip(self.drafts, matches, strict=True)):
            if label is None:
                continue
            if label.title or label.key in known_lower:
                continue
            once = per_section[(draft.section, label.key)] == 1
            # With a participants list, a label used once that names nobody listed is
            # a topic; without one, only a short line without a sentence is.
            if (once and self.participants) or _is_topic_body(label.body):
                matches[position] = None  # a topic line, not a person
        # closing matter: a distribution or filing marker after the last labelled turn
        last_turn = max((i for i, m in enumerate(matches) if m is not None), default=-1)
        closing_section: int | None = None
        for index in range(last_turn + 1, len(self.drafts)):
            draft = self.drafts[index]
            if closing_section is not None and draft.section == closing_section:
                if draft.kind == "paragraph":
                    draft.kind = "closing"
            elif draft.kind == "paragraph" and is_closing_marker(strip(draft.text)):
                draft.kind = "closing"
                closing_section = draft.section
        registry = SpeakerRegistry([*self.known, *self.participants, self.body.title])
        initials: dict[str, str] = {}
        current: str | None = None
        drafts: list[_Draft] = []
        for draft, label in zip(self.drafts, matches, strict=True):
            if draft.kind != "paragraph":
                drafts.append(draft)
                if draft.kind in {"heading", "closing"}:
                    current = None
                continue
            if label is not None:
                draft.label = label
                draft.speaker = registry.resolve(label)
                if _INITIALS.fullmatch(label.name) and not label.title:
                    initials[draft.speaker] = label.name
                draft.attribution = "label"
                draft.kind = "turn"
                draft.text = self._body_of(draft.text, label)
                current = draft.speaker
                drafts.append(draft)
                continue
            plain = strip(draft.text)
            previous = drafts[-1] if drafts else None
            if (
                previous is not None
                and previous.kind in {"turn", "paragraph"}
                and previous.section == draft.section
                and is_page_break_tail(strip(previous.text), plain)
            ):
                previous.text = f"{previous.text.rstrip()} {draft.text.lstrip()}"
                continue
            if is_stage_paragraph(plain):
                draft.kind = "stage"
                drafts.append(draft)
                current = None
                continue
            if current is not None and not plain.startswith("["):
                draft.speaker = current
                draft.attribution = "continuation"
            drafts.append(draft)
        order = [d.speaker for d in drafts if d.speaker]
        speakers = list(registry.speakers(order))
        if initials:
            speakers = [self._name_initials(s, initials) for s in speakers]
        self.body.speakers = tuple(speakers)
        self.body.participants = tuple(dict.fromkeys(self.participants))
        self.body.blocks = self._finish(drafts)
        if self.missing_notes:
            self.body.warnings.append(
                "the footnote markers have no notes in this file (cut short?)"
            )
        return self.body

    def _body_of(self, text: str, label: LabelMatch) -> str:
        """The turn's text after its label, keeping any placeholders before the label."""
        plain = self.markers.strip(text)
        cut = len(plain) - len(label.body)
        # walk the original text until ``cut`` visible characters have passed
        seen = 0
        lead: list[str] = []
        for index, char in enumerate(text):
            if seen >= cut:
                return "".join(lead) + text[index:].lstrip()
            if self.markers.base and self.markers.pattern.fullmatch(char):
                lead.append(char)
                continue
            seen += 1
        return "".join(lead)

    def _name_initials(self, speaker: Speaker, initials: dict[str, str]) -> Speaker:
        letters = initials.get(speaker.id)
        if not letters:
            return speaker
        people = _people(" ".join([self.body.title, *self.participants, *self.known]))
        hits = []
        for person in people:
            words = person.split()
            if len(letters) == 1 and words[-1].startswith(letters):
                hits.append(person)
            elif len(letters) > 1 and "".join(w[0] for w in words if w[0].isupper()) in {
                letters,
                letters[0] + letters[-1],
            }:
                hits.append(person)
        hits = list(dict.fromkeys(hits))
        surnames = {h.split()[-1] for h in hits}
        if len(surnames) != 1:
            return speaker
        name = max(hits, key=len)
        from dataclasses import replace

        return replace(
            speaker,
            name=name,
            aliases=tuple(dict.fromkeys((*speaker.aliases, letters)))
            if letters not in speaker.labels
            else speaker.aliases,
        )

    def _finish(self, drafts: list[_Draft]) -> tuple[Block, ...]:
        from reader.model.apparatus import find_spans
        from reader.model.speakers import _default_spans

        blocks: list[Block] = []
        note_ids = {n.id: i for i, n in enumerate(self.notes)}
        note_blocks: dict[str, int] = {}
        page: str | None = None
        for draft in drafts:
            text, marks, last_page = self.markers.expand(draft.text)
            start_page = page
            if marks and marks[0].kind == "page-break" and marks[0].start == 0:
                start_page = marks[0].ref
            if draft.kind == "table":
                # "(million)", "(Steel: Millions of Metric Tons)": a table's headings
                apparatus = tuple(find_spans(text, table=True))
            else:
                apparatus = _default_spans(text)
            refs = [m for m in marks if m.kind == "footnote-ref"]
            if refs and apparatus:  # a marker "[1]" is a footnote, not an insertion
                apparatus = tuple(
                    s
                    for s in apparatus
                    if not any(m.start < s.end and s.start < m.end for m in refs)
                )
            spans = [*marks, *apparatus]
            if draft.kind == "stage" and not any(
                s.kind == "stage" and s.start == 0 and s.end == len(text) for s in spans
            ):
                spans.append(Span("stage", 0, len(text)))
            if len(spans) > 1:
                spans.sort(key=lambda s: (s.start, -s.end, s.kind))
            for span in marks:
                if (
                    span.kind == "footnote-ref"
                    and span.ref in note_ids
                    and span.ref not in note_blocks
                ):
                    note_blocks[span.ref] = len(blocks)
            if not text and all(s.kind == "page-break" for s in spans) and blocks:
                # a page marker alone: it belongs where the next block starts
                page = last_page or page
                self._pending_page = [*getattr(self, "_pending_page", []), *(s.ref for s in spans)]
                continue
            pending = getattr(self, "_pending_page", [])
            if pending:
                spans = [Span("page-break", 0, 0, ref) for ref in pending] + spans
                start_page = pending[-1]
                self._pending_page = []
            blocks.append(
                Block(
                    kind=draft.kind,
                    text=text,
                    speaker=draft.speaker,
                    label=draft.label.label if draft.label else None,
                    attribution=draft.attribution,
                    spans=tuple(spans),
                    page=start_page,
                )
            )
            page = last_page or start_page
        self.body.notes = tuple(
            Note(id=n.id, kind=n.kind, text=n.text, label=n.label, block=note_blocks.get(n.id))
            for n in self.notes
        )
        return tuple(blocks)


_PERSON = re.compile(r"[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+))*")


def _people(text: str) -> list[str]:
    """Capitalised name runs in headings and participants lists, for naming initials."""
    found = []
    for match in re.finditer(r"\(([^()]{2,60})\)", text):
        found.extend(_PERSON.findall(match.group(1)))
    for piece in re.split(r"[\n;]", text):
        head = piece.split(",")[0]
        found.extend(_PERSON.findall(head)[:1])
    return [f for f in found if len(f) > 2]


def parse_body(
    text: str,
    *,
    known_texts: Sequence[str] = (),
    markdown: bool = False,
    title_line: bool = True,
) -> Body:
    """Read transcript text (already decoded and neutralised) into blocks and speakers.

    ``title_line``: whether the first line may be the title ("8. Memorandum of
    Conversation"); DFAT documents take theirs from the front matter.
    """
    if markdown:
        text = clean_markdown(text, unescape=False)
    builder = _Builder(text, known_texts, title_line, markdown)
    if markdown:  # before the page markers, which look for unescaped brackets
        text = builder.emphasis(text)
    text = builder.page_markers(text)
    sections = _sections(text)
    many = len(sections) > 1
    # labels end in a colon: paragraphs without one need not be read
    many_colons = text.count(":") >= 20000
    builder.prescan([] if many_colons else [" ".join(c) for c in _chunks(text, holding=":")])
    for index, (number, heading, body) in enumerate(sections):
        builder.record(number, heading, body, index, many)
    return builder.build()


def parse_plain(loaded: LoadedText, path: str | None = None) -> Document:
    """Plain transcripts (history.state.gov text and similar), read with the rules of
    this module; a whole volume is one document here (``parse_plain_all`` splits it)."""
    from reader.model.formats import source_for
    from reader.model.formats.wilson import parse_date

    text = loaded.text
    body = parse_body(text, markdown=looks_like_markdown(text))
    metadata = Metadata(
        title=body.title,
        date=parse_date(body.date_text) if body.date_text else None,
        date_text=body.date_text,
        document_type=document_type(body.title),
        place=body.place,
        number=body.number,
        subject=body.subject,
        participants=body.participants or tuple(s.name for s in body.speakers),
        extra=tuple(body.extra),
    )
    return Document(
        metadata=metadata,
        blocks=body.blocks,
        speakers=body.speakers,
        notes=body.notes,
        source=source_for(loaded, path, "plain"),
        warnings=(*loaded.warnings, *body.warnings),
    )


# --- a whole volume in one file ----------------------------------------------------------

#: "Volume 27: Australia and the United Kingdom, 1960–1975", the line before the records
_VOLUME_LINE = re.compile(r"Volume[ \t]+([0-9]{1,3}|[IVXLC]{1,8})[A-Za-z]?[ \t]*[:.–—-][ \t]*\S.*")
#: The archive a DFAT source line names: "[NAA: A1838, 3004/11]", "[AA : A4311/1]",
#: "[UKNA: FCO 24/2052]".
_ARCHIVE_REF = re.compile(r"\[?[ \t]*(NAA|AA|UKNA|TNA|PRO)[ \t]*:[ \t]*([^\]\n]+?)[ \t]*\]?")
_ARCHIVE_NAMES = {
    "NAA": "National Archives of Australia",
    "AA": "National Archives of Australia",
    "UKNA": "The National Archives of the United Kingdom",
    "TNA": "The National Archives of the United Kingdom",
    "PRO": "The National Archives of the United Kingdom",
}
_DAFP = "Documents on Australian Foreign Policy"
_CLASSIFICATION = re.compile(
    r"(?:(?:TOP|MOST|VERY|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|PERSONAL|PRIVATE"
    r"|PRIORITY|IMMEDIATE|URGENT|CLEAR|CYPHER|CIPHER|OPS|AND|FOR|EYES|ONLY|AUSTEO)\b[\s,./]*)+"
)


def _dated(record: str) -> bool:
    """Whether one of the first lines after a record's heading is its dateline
    ("London, 26 January 1961"): what tells a volume of records from a report whose
    sections are numbered in capitals."""
    lines = [line for line in record[:1200].split("\n") if line.strip()][1:4]
    for line in lines:
        line = line.strip("*_ \t")  # "**Canberra, 3 May 1961**" in Markdown
        if len(line) < 120 and (place_of(line)[1] is not None or is_date_line(line)):
            return True
    return False


def volume_records(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(text before the first record, [(number, record text from its heading on)]) when
    ``text`` is a whole volume: two or more "N. ALL-CAPS TITLE" lines, numbered in
    order, most followed by a dateline. None for one document."""
    heads: list[re.Match[str]] = []
    for head in _SECTION.finditer("\n" + text):
        title, number = head.group(2), int(head.group(1))
        if not _is_caps_title(title) or _CLASSIFICATION.fullmatch(title.strip()):
            continue  # "3192. SECRET": a cablegram's number and its classification
        if heads and not int(heads[-1].group(1)) < number <= int(heads[-1].group(1)) + 50:
            continue  # records are numbered in order
        heads.append(head)
    if len(heads) < 2:
        return None
    records = []
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        records.append((head.group(1), text[head.start() : end]))
    dated = 0
    for _, record in records:
        dated += _dated(record)
        if dated * 2 >= len(records):
            break
    else:
        return None
    return text[: heads[0].start()], records


def _record_sources(body: Body) -> list[str]:
    """A record's source lines; without notes, its closing "[NAA: ...]" line stays a
    block of the body, so the last blocks are looked at too."""
    return body.sources or [
        b.text for b in body.blocks[-3:] if _ARCHIVE_REF.fullmatch(b.text.strip())
    ]


def _archive(sources: Sequence[str]) -> tuple[str | None, str | None]:
    """(archive, reference) from a record's source lines; the reference keeps its
    archive's abbreviation, as the edition prints it ("UKNA: FCO 24/2052")."""
    for source in sources:
        found = _ARCHIVE_REF.fullmatch(source.strip())
        if found:
            return _ARCHIVE_NAMES[found.group(1)], f"{found.group(1)}: {found.group(2)}"
    if sources:
        return None, sources[0].strip("[] ") or None
    return None, None


def parse_plain_all(loaded: LoadedText, path: str | None = None) -> list[Document]:
    """Plain text as one document, or a whole volume ("Volume 27: ..." then records each
    introduced by "N. TITLE" and a dateline) as one document per record.

    Each record is read on its own (its own speakers, its own footnotes 1, 2, ...) and
    carries its number as ``Source.part`` and ``Metadata.number``, its dateline as its
    date and place, and its closing source line as its archive reference. The volume
    line names the collection; a volume whose records cite the National Archives of
    Australia is a volume of *Documents on Australian Foreign Policy* and is cited as
    one.
    """
    from reader.model.formats import source_for

    text = loaded.text
    markdown = looks_like_markdown(text)
    found = volume_records(text)
    if found is None:
        return [parse_plain(loaded, path)]
    preamble, records = found
    heading = next(
        (line_match for line in preamble.split("\n")
         if (line_match := _VOLUME_LINE.fullmatch(line.strip()))),
        None,
    )
    volume_title = heading.group() if heading else None
    volume = heading.group(1) if heading else None
    bodies = [(number, parse_body(record, markdown=markdown)) for number, record in records]
    archives = [_archive(_record_sources(body)) for _, body in bodies]
    collection = volume_title
    if any(archive == _ARCHIVE_NAMES["NAA"] for archive, _ in archives):
        collection = f"{_DAFP}, {volume_title}" if volume_title else _DAFP
    source = source_for(loaded, path, "plain")
    documents = []
    rest = "\n".join(
        line for line in preamble.split("\n") if line.strip() != (volume_title or "")
    )
    if rest.strip():
        # words before the first record (an introduction): kept as a document of its own
        body = parse_body(rest, markdown=markdown)
        documents.append(
            Document(
                metadata=Metadata(title=body.title or volume_title or "Front matter",
                                  collection=collection, volume=volume),
                blocks=body.blocks,
                speakers=body.speakers,
                notes=body.notes,
                source=replace(source, part="front"),
                warnings=tuple(body.warnings),
            )
        )
    seen: Counter[str] = Counter()
    for (number, body), (archive, reference) in zip(bodies, archives, strict=True):
        seen[number] += 1
        part = number if seen[number] == 1 else f"{number}-{seen[number]}"
        metadata = Metadata(
            title=body.title,
            date=date_of(body.date_text) if body.date_text else None,
            date_text=body.date_text,
            archive=archive,
            archive_location=reference,
            document_type=document_type(body.title),
            place=body.place,
            collection=collection,
            volume=volume,
            number=body.number or number,
            subject=body.subject,
            participants=body.participants or tuple(s.name for s in body.speakers),
            extra=tuple(body.extra),
        )
        documents.append(
            Document(
                metadata=metadata,
                blocks=body.blocks,
                speakers=body.speakers,
                notes=body.notes,
                source=replace(source, part=part),
                warnings=tuple(body.warnings),
            )
        )
    if loaded.warnings and documents:
        # how the file was read (its encoding, characters replaced) is said once, on
        # the volume's first document, rather than on each of hundreds of rows
        documents[0] = replace(documents[0], warnings=(*loaded.warnings, *documents[0].warnings))
    return documents
