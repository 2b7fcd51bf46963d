"""Wilson Center Digital Archive pages, as scraped with their page furniture.

Two layouts are known:

* the older one ("Search in", "get citation", the summary and the citation sentence with
  its archival signature and "Translated for CWIHP by ...", "English HTML", and a
  PDF-viewer notice at the end);
* the newer one (the page date, a bold ``**title**`` over one or more lines, blocks
  headed "Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", the
  URL in angle brackets, and a distribution list with filing dates at the end).

The header is read into Metadata; furniture is dropped; the body goes through
``speakers.assemble`` (labelled turns) or, for a narrative record without labels,
through ``reported.attribute`` (reported speech).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from reader.model.document import Block, Document, Metadata
from reader.model.formats import source_for
from reader.model.loading import LoadedText
from reader.model.reported import attribute, narrator_from_title
from reader.model.speakers import (
    SpeakerRegistry,
    assemble,
    fullest_name,
    match_label,
    slug,
    split_paragraphs,
)

__all__ = ["parse", "parse_date"]

ARCHIVE = "Wilson Center Digital Archive"

#: Lines that belong to the web page, never to the record.
_FURNITURE = re.compile(
    r"""^(?:
        search\ in
      | digital\ archive(?:\ international\ history\ declassified)?
      | this\ document\ was\ made\ possible\ with\ support\ from\ .*
      | [•*\-]?\s*citation
      | get\ citation
      | [•*\-]?\s*share\ document
      | [•*\-]?\s*share
      | [•*\-]?\s*download(?:\ pdf)?
      | (?:english|russian|chinese|german|spanish|french|original|[a-z]+)\ (?:html|pdf)
      | original\ scan
      | it\ appears\ your\ web\ browser\ is\ not\ configured\ to\ display\ pdf\ files.*
      | click\ here\ to\ (?:view|download)\ the\ pdf.*
      | pdfs\ cannot\ be\ printed\ inline.*
      | no\ worries,\ just\ click\ here.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_FIELDS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
_FIELD_LINE = re.compile(rf"^({'|'.join(_FIELDS)}):\s*(.*)$")
_CONTENT_ITEM = re.compile(
    r"^(?:Translation|Transcription|Transcript|Original(?: Scan)?|Scan)\b[\w\s\-–]*$"
)
_URL = re.compile(r"<(https?://[^>\s]+)>|(?<![\w/])(https?://\S+)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_DATE_MDY = re.compile(r"([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_DATE_DMY = re.compile(r"(\d{1,2})\s+([A-Z][a-z]+)\.?,?\s+(\d{4})")
_DATE_MY = re.compile(r"([A-Z][a-z]+)\.?,?\s+(\d{4})")
_DATE_Y = re.compile(r"(\d{4})")

_ARCHIVE_IN_CITATION = re.compile(
    r",\s*(?P<archive>(?:(?:[A-Z][\w.&'’\-]*|and|of|for|the)\s+){0,10}Digital Archive)"
    r"\s*,\s*(?P<rest>.*)$"
)
_LOCATION_END = re.compile(
    r"\.\s+(?=Translated|Obtained|Contributed|Donated|Published|Included|Originally|"
    r"Trans\.|Translation|Courtesy|From|Reprinted|Original)"
)
_TRANSLATOR = re.compile(
    r"Translated(?:\s+from\s+\w+)?(?:\s+for\s+[\w\s]+?)?\s+by\s+(?P<name>[^.]+(?:\.[A-Z]?\s?[A-Z][^.]*)*?)\.?\s*(?:$|\.\s)"
)
_DOC_TYPES = (
    (re.compile(r"\bdiary\b", re.I), "diary entry"),
    (re.compile(r"\bmemorandum of (?:a )?conversation\b", re.I), "memorandum of conversation"),
    (re.compile(r"\brecord of (?:a |the )?conversation\b", re.I), "record of conversation"),
    (re.compile(r"\bminutes\b", re.I), "minutes"),
    (re.compile(r"\btranscript\b", re.I), "transcript"),
    (re.compile(r"\b(?:telegram|cable|cablegram)\b", re.I), "telegram"),
    (re.compile(r"\bletter\b", re.I), "letter"),
    (re.compile(r"\bmemorandum\b", re.I), "memorandum"),
    (re.compile(r"\breport\b", re.I), "report"),
    (re.compile(r"\bspeech\b", re.I), "speech"),
    (re.compile(r"\binformation\b", re.I), "information"),
)
_LANGUAGE_IN_NOTE = re.compile(
    r"\b(Russian|Chinese|German|Spanish|French|Polish|Czech|Hungarian|Romanian|Bulgarian|"
    r"Korean|Japanese|Vietnamese|Mongolian|Italian|Portuguese|Serbian|Albanian|Persian|"
    r"Arabic|Hebrew|Hindi|Ukrainian)\s+(?:text|original|version)\b"
)
_CONVERSATION_WITH = re.compile(
    r"\b(?:[Cc]onversation|[Mm]eeting|[Tt]alk|[Tt]alks)\s+(?:with|between)\s+(?P<who>.+?)\s*(?:,|$)"
)


_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def parse_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD, YYYY-MM or YYYY) from a printed date, or None."""
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy")):
        found = pattern.search(text)
        if found:
            if order == "mdy":
                month_name, day, year = found.groups()
            else:
                day, month_name, year = found.groups()
            month = _MONTHS.get(month_name.lower())
            if month:
                return f"{int(year):04d}-{month:02d}-{int(day):02d}"
    found = _DATE_MY.search(text)
    if found and found.group(1).lower() in _MONTHS:
        return f"{int(found.group(2)):04d}-{_MONTHS[found.group(1).lower()]:02d}"
    found = _DATE_Y.search(text)
    return found.group(1) if found else None


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


def _header_older(lines: list[str]) -> tuple[dict[str, str], int]:
    """The older layout: summary and citation under "get citation"; body after the
    "English HTML" line (or "share document" where there is none)."""
    fields: dict[str, str] = {}
    body_start = 0
    in_citation = False
    prose: list[str] = []
    for index, raw in enumerate(lines):
        line = raw.strip()
        low = line.lower().lstrip("•*- ").strip()
        if not line:
            continue
        if low == "get citation":
            in_citation = True
            continue
        if low in {"share document", "share"}:
            in_citation = False
            body_start = index + 1
            continue
        if re.fullmatch(r"[a-z]+ (?:html|pdf)", low):
            body_start = index + 1
            break
        if in_citation:
            prose.append(line)
            continue
        if not _is_furniture(line) and "date" not in fields and parse_date(line) and len(line) < 40:
            fields["date"] = line
    for line in prose:
        if line[:1] in '"“' and "Digital Archive" in line:
            fields["citation"] = line
        else:
            fields["summary"] = f"{fields['summary']} {line}" if "summary" in fields else line
    return fields, body_start


def _header_newer(lines: list[str]) -> tuple[dict[str, str], int]:
    """The newer layout: date line, **bold title**, then "Field:" blocks.

    Each field's value is the paragraph after its heading ("Citation:" keeps the URL
    line under it); "Contents:" lists items such as "Translation - English". The body
    starts at the first paragraph that is neither.
    """
    fields: dict[str, str] = {}
    title_lines: list[str] = []
    current: str | None = None
    values: dict[str, list[str]] = {}
    closed = False  # the current field's paragraph has ended
    after_title = 0
    body_start: int | None = None
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            if current is not None and values[current]:
                closed = True
            continue
        if line.startswith("**") and not title_lines and current is None:
            title_lines.append(line)
            while not (line.endswith("**") and (len(title_lines) > 1 or line.count("**") >= 2)):
                if index >= len(lines) or not lines[index].strip():
                    break  # an unclosed bold ends with its paragraph
                line = lines[index].strip()
                index += 1
                title_lines.append(line)
            after_title = index
            continue
        field_match = _FIELD_LINE.match(line)
        if field_match:
            current = field_match.group(1)
            values.setdefault(current, [])
            closed = False
            if field_match.group(2):
                values[current].append(field_match.group(2))
            continue
        if current is None:
            if "date" not in fields and parse_date(line) and len(line) < 40:
                fields["date"] = line
                continue
            if title_lines:
                # a title with no field blocks under it: the body follows the title
                body_start = index - 1
                break
            continue
        if current == "Contents":
            if _CONTENT_ITEM.match(line):
                values[current].append(line)
                continue
            body_start = index - 1
            break
        if closed:
            body_start = index - 1
            break
        values[current].append(line)
    if body_start is None:
        body_start = after_title if current is None else len(lines)
    if title_lines:
        fields["title"] = " ".join(" ".join(title_lines).replace("**", " ").split())
    for name, lines_of in values.items():
        if name == "Citation":
            urls = [u for u in lines_of if _URL.fullmatch(u.strip())]
            text = [u for u in lines_of if u not in urls]
            for url_line in urls:
                found = _URL.fullmatch(url_line.strip())
                if found:
                    fields.setdefault("url", found.group(1) or found.group(2))
            fields["citation"] = " ".join(text)
        else:
            fields[name.lower()] = "; ".join(lines_of) if name == "Contents" else " ".join(lines_of)
    return fields, body_start


def _citation_parts(citation: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    quoted = re.match(r"\s*[\"“](?P<title>.+?)\s*,?\s*[\"”]", citation)
    if quoted:
        parts["title"] = quoted.group("title").strip().rstrip(" ,")
    archive = _ARCHIVE_IN_CITATION.search(citation)
    if archive:
        parts["archive"] = archive.group("archive").strip()
        rest = archive.group("rest").strip()
        ended = _LOCATION_END.search(rest)
        location = rest[: ended.start()] if ended else rest
        location = location.strip().rstrip(".").strip()
        if location:
            parts["archive_location"] = location
    translator = _TRANSLATOR.search(citation)
    if translator:
        parts["translator"] = translator.group("name").strip().rstrip(".")
    url = _URL.search(citation)
    if url:
        parts["url"] = (url.group(1) or url.group(2)).rstrip(".,")
    return parts


def _document_type(title: str) -> str | None:
    for pattern, name in _DOC_TYPES:
        if pattern.search(title):
            return name
    return None


def _place(title: str) -> str | None:
    """ "Memorandum of Conversation ..., Havana" ends with the place."""
    if "," not in title:
        return None
    last = title.rsplit(",", 1)[1].strip()
    if re.fullmatch(r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,2}", last) and not parse_date(last):
        return last
    return None


def _leading_headings(paragraphs: Sequence[str]) -> int:
    """Short unpunctuated lines that open the body ("from the diary", "Secret Copy No 2",
    a date, "No 37") are the record's own heading stack; a stamp may sit among them."""
    count = 0
    for paragraph in paragraphs:
        if match_label(paragraph) is not None:
            break
        short = len(paragraph) <= 90 and not re.search(r"[.?!]$", paragraph)
        stamp = paragraph.startswith("[Stamp]")
        if not (short or stamp):
            break
        count += 1
    return count


def _trailing_signature(paragraphs: Sequence[str], start: int) -> int:
    """Where the signature at the end starts: short unpunctuated lines after the last
    sentence ("USSR Ambassador to Cuba", "A. Alekseyev")."""
    index = len(paragraphs)
    while index > start:
        paragraph = paragraphs[index - 1]
        if match_label(paragraph) is not None:
            break
        if len(paragraph) > 60 or re.search(r"[?!]$", paragraph):
            break
        if paragraph.endswith(".") and not re.search(r"\b[A-Z]\.$", paragraph):
            break
        index -= 1
    return index


def _narrative_names(
    title: str, body: Sequence[str], author: str | None
) -> list[tuple[str, str, list[str], str | None]]:
    """(id, display name, name forms, role) for the narrator and the people the title says
    the conversation was with."""
    people: list[tuple[str, str, list[str], str | None]] = []
    if author:
        surname = author.split()[-1]
        forms = [author, surname]
        initials = re.findall(r"\b([A-Z])\.", author)
        if initials:
            forms.append(f"{initials[0]}. {surname}")
        people.append((slug(surname), author, list(dict.fromkeys(forms)), None))
    found = _CONVERSATION_WITH.search(title)
    if found:
        for who in re.split(r"\s+and\s+", found.group("who")):
            words = who.split()
            if not words or not words[-1][:1].isupper():
                continue
            surname = words[-1]
            if author and surname == author.split()[-1]:
                continue
            best, others, role = fullest_name([surname], [title])
            name = best or who
            forms = [name, surname, *others]
            given = name.split()[0]
            if given != surname:
                forms.append(f"{given[0]}. {surname}")
            # "with Minister of Industry of Cuba Ernesto Guevara Serna" in the heading
            # stack gives the office and a fuller form of the name.
            for paragraph in body[:12]:
                stated = re.match(
                    rf"with\s+(?P<role>.+?)\s+(?P<name>{re.escape(given)}\b.*{re.escape(surname)}.*)$",
                    paragraph,
                )
                if stated:
                    role = role or stated.group("role")
                    forms.append(stated.group("name").strip())
                    break
            people.append((slug(surname), name, list(dict.fromkeys(forms)), role))
    return people


def _reported(
    blocks: list[Block], people: list[tuple[str, str, list[str], str | None]], narrator: str | None
) -> list[Block]:
    names = {pid: forms for pid, _, forms, _ in people}
    result = []
    for block in blocks:
        if block.kind == "paragraph" and block.speaker is None and not block.text.startswith("["):
            who = attribute(block.text, names, narrator)
            if who:
                block = replace(block, speaker=who, attribution="reported")
        result.append(block)
    return result


def _narrator(title: str) -> str | None:
    return narrator_from_title(title)


def _original_language(fields: dict[str, str], body: Sequence[str]) -> str | None:
    if fields.get("original language"):
        return fields["original language"].strip()
    # Older pages have no field; a translator's note that names "the Russian text" is
    # the record's own testimony to the language it was translated from.
    for paragraph in body:
        if re.search(r"translator|trans\.", paragraph, re.I):
            found = _LANGUAGE_IN_NOTE.search(paragraph)
            if found:
                return found.group(1)
    return None


def parse(loaded: LoadedText, path: str | None = None) -> Document:
    """Parse a scraped Wilson Center page into a Document."""
    lines = loaded.text.split("\n")
    head = {line.strip().lower() for line in lines[:60]}
    older = "get citation" in head or "search in" in head
    fields, body_start = _header_older(lines) if older else _header_newer(lines)
    body_lines = [line for line in lines[body_start:] if not _is_furniture(line)]
    paragraphs = split_paragraphs("\n".join(body_lines))

    citation = fields.get("citation")
    parts = _citation_parts(citation) if citation else {}
    title = fields.get("title") or parts.get("title") or (paragraphs[0] if paragraphs else "")
    date_text = fields.get("date")
    summary = fields.get("summary")
    known_texts = [t for t in (title, citation or "", summary or "") if t]

    headings = _leading_headings(paragraphs)
    labelled = any(match_label(p) for p in paragraphs[headings:])
    author = _narrator(title)
    if labelled:
        blocks_t, speakers = assemble(paragraphs, known_texts=known_texts, headings=headings)
        blocks = list(blocks_t)
    else:
        closing = _trailing_signature(paragraphs, headings)
        blocks_t, _ = assemble(
            paragraphs, known_texts=known_texts, headings=headings, closing_from=closing
        )
        people = _narrative_names(title, paragraphs, author)
        narrator_id = people[0][0] if author and people else None
        blocks = _reported(list(blocks_t), people, narrator_id)
        # The signature names the narrator's office: "USSR Ambassador to Cuba".
        signature = [b.text for b in blocks if b.kind == "closing"]
        registry = SpeakerRegistry(known_texts)
        for pid, name, forms, role in people:
            if role is None and pid == narrator_id and len(signature) >= 2:
                role = signature[-2]
            registry.add(pid, name, forms[1:], role)
        speakers = registry.speakers([b.speaker for b in blocks if b.speaker])
    # A stamp among the heading lines is not a heading: it is the archive's mark.
    blocks = [
        replace(b, kind="paragraph") if b.kind == "heading" and b.text.startswith("[Stamp]") else b
        for b in blocks
    ]
    metadata = Metadata(
        title=title,
        date=parse_date(date_text) if date_text else None,
        date_text=date_text,
        citation=citation,
        summary=summary,
        archive=parts.get("archive") or ARCHIVE,
        archive_location=parts.get("archive_location"),
        translator=parts.get("translator"),
        author=author,
        original_language=_original_language(fields, paragraphs),
        url=fields.get("url") or parts.get("url"),
        document_type=_document_type(title),
        place=_place(title),
        participants=tuple(s.name for s in speakers),
        extra=tuple(
            (label, fields[key])
            for key, label in (("credits", "Credits"), ("contents", "Contents"))
            if fields.get(key)
        ),
    )
    return Document(
        metadata=metadata,
        blocks=tuple(blocks),
        speakers=speakers,
        source=source_for(loaded, path, "wilson"),
        warnings=loaded.warnings,
    )
