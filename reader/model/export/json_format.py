"""The JSON export: the documented, versioned schema of docs/schema.md.

Other tools read this output, so its shape is a promise: keys are always present (null
or empty when unknown), in a fixed order, and the schema name changes when the shape
changes incompatibly.
"""

from __future__ import annotations

import json
from typing import Any

from reader.model.document import Block, Document, Metadata, Note, Source, Span, Speaker

__all__ = ["SCHEMA", "render", "to_dict"]

#: Bumped on any incompatible change to the shape below (docs/schema.md).
SCHEMA = "archive-reader/1"


def _source(source: Source, warnings: tuple[str, ...]) -> dict[str, Any]:
    return {
        "path": source.path,
        "format": source.format,
        "encoding": source.encoding,
        "sha256": source.sha256,
        "size": source.size,
        "part": source.part,
        "warnings": list(warnings),
    }


def _metadata(metadata: Metadata) -> dict[str, Any]:
    return {
        "title": metadata.title,
        "date": metadata.date,
        "date_text": metadata.date_text,
        "citation": metadata.citation,
        "summary": metadata.summary,
        "archive": metadata.archive,
        "archive_location": metadata.archive_location,
        "translator": metadata.translator,
        "author": metadata.author,
        "original_language": metadata.original_language,
        "url": metadata.url,
        "document_type": metadata.document_type,
        "place": metadata.place,
        "collection": metadata.collection,
        "volume": metadata.volume,
        "number": metadata.number,
        "subject": metadata.subject,
        "participants": list(metadata.participants),
        "extra": [{"label": label, "value": value} for label, value in metadata.extra],
    }


def _speaker(speaker: Speaker) -> dict[str, Any]:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "labels": list(speaker.labels),
        "aliases": list(speaker.aliases),
        "slot": speaker.slot,
        "role": speaker.role,
    }


def _span(span: Span) -> dict[str, Any]:
    return {"kind": span.kind, "start": span.start, "end": span.end, "ref": span.ref}


def _block(index: int, block: Block) -> dict[str, Any]:
    return {
        "index": index,
        "kind": block.kind,
        "speaker": block.speaker,
        "label": block.label,
        "attribution": block.attribution,
        "text": block.text,
        "spans": [_span(s) for s in block.spans],
        "page": block.page,
    }


def _note(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "label": note.label,
        "text": note.text,
        "block": note.block,
    }


def to_dict(document: Document) -> dict[str, Any]:
    """The document as plain JSON-ready data, in the documented key order."""
    return {
        "schema": SCHEMA,
        "source": _source(document.source, document.warnings),
        "metadata": _metadata(document.metadata),
        "speakers": [_speaker(s) for s in document.speakers],
        "blocks": [_block(i, b) for i, b in enumerate(document.blocks)],
        "notes": [_note(n) for n in document.notes],
    }


def render(document: Document | list[Document], **_options: object) -> str:
    """JSON text: one object for one document, an array for several (a FRUS volume)."""
    if isinstance(document, list):
        data: Any = [to_dict(d) for d in document]
    else:
        data = to_dict(document)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
