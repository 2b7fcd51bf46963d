"""Documents on Australian Foreign Policy: Jekyll Markdown with YAML front matter.

The front matter (read with ``yaml.safe_load`` only: it is data, never code) gives the
title, date, volume, document number and National Archives of Australia references; the
body follows the transcript rules of ``transcript`` (ALL-CAPS labels such as
"DR. EVATT:", a label glued to the "Present:" list, speaker changes in mid-paragraph,
``[1]`` footnote links with the notes printed at the end).

The archive reference is kept without its printed square brackets
("AA : A4311/1, BOX 453"): the brackets are DFAT's typography, and a citation
manager or search box wants the signature itself.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import yaml

from reader.model.document import Document, Metadata
from reader.model.formats import source_for
from reader.model.formats.transcript import document_type, parse_body
from reader.model.loading import LoadedText

__all__ = ["front_matter", "parse"]

ARCHIVE = "National Archives of Australia"
COLLECTION = "Documents on Australian Foreign Policy"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


def front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(fields, body, warnings). Broken YAML is a warning, never an error: the body is
    still worth reading."""
    found = _FRONT.match(text)
    if not found:
        return {}, text, []
    body = text[found.end() :]
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, body, [f"the front matter is not valid YAML{where}; metadata skipped"]
    if not isinstance(data, dict):
        return {}, body, ["the front matter is not a set of fields; metadata skipped"]
    return data, body, []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    shown = " ".join(str(value).split())
    return shown or None


def _iso(value: Any) -> str | None:
    shown = _text(value)
    if shown and re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", shown):
        return shown
    return None


def _references(fields: dict[str, Any]) -> list[str]:
    refs = []
    for item in fields.get("naa_refs") or []:
        if isinstance(item, dict):
            ref = _text(item.get("reference"))
            if ref:
                refs.append(ref.strip().removeprefix("[").removesuffix("]").strip())
    return refs


def _collection(fields: dict[str, Any]) -> tuple[str, str | None]:
    volume = _text(fields.get("vol_id"))
    title = _text(fields.get("vol_full_title")) or _text(fields.get("vol_title"))
    if title:
        # "Volume 12: Australia and the Postwar World, 1947"
        return f"{COLLECTION}, {title}", volume
    if volume:
        return f"{COLLECTION}, Volume {volume}", volume
    return COLLECTION, volume


def parse(loaded: LoadedText, path: str | None = None) -> Document:
    """Parse one DFAT Markdown document into a Document."""
    fields, body_text, warnings = front_matter(loaded.text)
    title = _text(fields.get("title")) or ""
    body = parse_body(body_text, known_texts=[title], markdown=True, title_line=not title)
    refs = _references(fields)
    collection, volume = _collection(fields)
    extra: list[tuple[str, str]] = list(body.extra)
    for ref in refs[1:]:
        extra.append(("Also at", ref))
    if body.sources and not refs:
        refs = [s.strip("[] ") for s in body.sources[:1]]
    date = _iso(fields.get("doc_date"))
    metadata = Metadata(
        title=title or body.title,
        date=date,
        date_text=body.date_text or _text(fields.get("doc_date")),
        archive=ARCHIVE,
        archive_location=refs[0] if refs else None,
        document_type=document_type(title or body.title),
        place=body.place,
        collection=collection,
        volume=volume,
        number=_text(fields.get("doc_num")) or body.number,
        subject=body.subject,
        participants=body.participants,
        extra=tuple(extra),
    )
    return Document(
        metadata=metadata,
        blocks=body.blocks,
        speakers=body.speakers,
        notes=body.notes,
        source=source_for(loaded, path, "dfat"),
        warnings=(*loaded.warnings, *warnings),
    )
