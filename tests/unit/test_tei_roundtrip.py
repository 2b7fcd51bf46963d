"""Export to TEI, import with the TEI reader: the same speakers, turns and apparatus.

Every block is compared whole: kind (a continuation is kind "paragraph" on both sides,
as docs/schema.md says), speaker, attribution, text and spans.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from reader.model.document import Block, Document, Metadata, Note, Source, Speaker
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
        got = (b.kind, b.speaker, b.attribution, b.text)
        assert got == (a.kind, a.speaker, a.attribution, a.text), where
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
    # the whole Metadata, every field; only Source.format honestly says "tei"
    meta, got = original.metadata, back.metadata
    for field in fields(Metadata):
        assert getattr(got, field.name) == getattr(meta, field.name), field.name
    assert got == meta
    assert back.source.format == "tei"


@pytest.mark.parametrize("path", [SEED_000, SEED_004])
def test_seeds_round_trip(path: Path) -> None:
    original = parse_file(path)[0]
    _assert_same(original, _round_trip(original))


def _every_field_document() -> Document:
    """Every Metadata field set, with the awkward cases: a date without its printed
    form, "&" and "<" in values, several participants, subjects and extra pairs."""
    return Document(
        metadata=Metadata(
            title="Memorandum of Conversation <draft> & notes",
            date="1969-03-08",
            date_text=None,
            citation='"Memorandum", March 8, 1969, FRUS & co., Document 24.',
            summary="The Secretary and Dobrynin agree to bilateral talks [in Washington].",
            archive="Office of the Historian, U.S. Department of State",
            archive_location="National Archives, RG 59, Box 27",
            translator="Zhang Qian",
            author="Malcolm Toon",
            original_language="Russian",
            url="https://history.state.gov/historicaldocuments/frus1969-76v12/d24?a=1&b=2",
            document_type="memorandum of conversation",
            place="Washington",
            collection="Foreign Relations of the United States, 1969–1976",
            volume="Volume XII, Soviet Union, January 1969–October 1970",
            number="24",
            subject="Middle East; Four-Power talks",
            participants=(
                "Anatoliy F. Dobrynin, Soviet Ambassador",
                "The Secretary",
                "Malcolm Toon, Acting Deputy Assistant Secretary",
            ),
            extra=(("volume id", "frus1969-76v12"), ("Editor", "Edward C. Keefer"), ("Note", "")),
        ),
        blocks=(
            Block("turn", "We should talk.", "p_DAF1", "Dobrynin", "label"),
            Block("paragraph", "In Moscow.", "p_DAF1", None, "continuation"),
        ),
        speakers=(Speaker("p_DAF1", "Anatoliy F. Dobrynin", ("Dobrynin",), 0),),
        notes=(Note("d24fn1", "source", "Source: National Archives.", "1"),),
        source=Source(format="frus-tei", part="d24"),
    )


def test_constructed_documents_round_trip() -> None:
    every = _every_field_document()
    sparse = replace(every, metadata=Metadata(title="", date=None, date_text="Spring 1963"))
    for document in (_every_span_document(), frus_document(), every, sparse):
        back = _round_trip(document)
        _assert_same(document, back)


@pytest.mark.parametrize(
    "name", ["frus1969-76v38p1_d61.xml", "frus1969-76v12_d188.xml", "frus1969-76v12_d24.xml"]
)
def test_frus_corpus_round_trip(corpus: Path, name: str) -> None:
    original = parse_file(corpus / "frus" / name)[0]
    _assert_same(original, _round_trip(original))
