"""Export to TEI, import with the TEI reader: the same speakers, turns and apparatus.

Every block is compared whole: kind (a continuation is kind "paragraph" on both sides,
as docs/schema.md says), speaker, attribution, text and spans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.document import Document
from reader.model.export.tei_format import render
from reader.model.formats import parse_data, parse_file
from tests.conftest import SEED_000, SEED_004
from tests.unit._cite_docs import frus_document
from tests.unit.test_tei_export import _every_span_document


def _round_trip(document: Document) -> Document:
    documents = parse_data(render(document).encode("utf-8"), "exported.xml")
    assert len(documents) == 1
    return documents[0]


def _assert_same(original: Document, back: Document) -> None:
    assert [(s.id, s.name) for s in back.speakers] == [(s.id, s.name) for s in original.speakers]
    assert len(back.blocks) == len(original.blocks)
    for index, (a, b) in enumerate(zip(original.blocks, back.blocks, strict=True)):
        where = f"block {index}: {a.text[:40]!r}"
        assert (b.kind, b.speaker, b.attribution, b.text) == (a.kind, a.speaker, a.attribution, a.text), where
        assert sorted((s.start, s.end, s.kind, s.ref or "") for s in b.spans) == sorted(
            (s.start, s.end, s.kind, s.ref or "") for s in a.spans
        ), where
    # every note, source notes included, with its id, kind, text and printed label;
    # notes on the whole document come back before the footnotes (header before body),
    # so the two groups are compared as sets and the footnotes in order below
    assert sorted((n.id, n.kind, n.text, n.label or "") for n in back.notes) == sorted(
        (n.id, n.kind, n.text, n.label or "") for n in original.notes
    )
    assert len(back.notes) == len(original.notes)
    footnotes = [n for n in original.notes if n.kind == "footnote"]
    assert [(n.id, n.block) for n in back.notes if n.kind == "footnote"] == [
        (n.id, n.block) for n in footnotes
    ]
    meta, got = original.metadata, back.metadata
    for field in ("title", "date", "translator", "archive", "archive_location", "url"):
        assert getattr(got, field) == getattr(meta, field), field


@pytest.mark.parametrize("path", [SEED_000, SEED_004])
def test_seeds_round_trip(path: Path) -> None:
    original = parse_file(path)[0]
    _assert_same(original, _round_trip(original))


def test_constructed_documents_round_trip() -> None:
    for document in (_every_span_document(), frus_document()):
        back = _round_trip(document)
        _assert_same(document, back)
        assert back.metadata.original_language == document.metadata.original_language


@pytest.mark.parametrize(
    "name", ["frus1969-76v38p1_d61.xml", "frus1969-76v12_d188.xml", "frus1969-76v12_d24.xml"]
)
def test_frus_corpus_round_trip(corpus: Path, name: str) -> None:
    original = parse_file(corpus / "frus" / name)[0]
    _assert_same(original, _round_trip(original))
