"""The JSON export keeps the shape docs/schema.md promises, key for key and in order."""

from __future__ import annotations

import json
import re

import pytest

from reader.model.document import (
    Block,
    Document,
    Metadata,
    Note,
    Source,
    Span,
    Speaker,
)
from reader.model.export.json_format import SCHEMA, render, to_dict
from reader.model.formats import parse_file
from tests.conftest import ROOT, SEED_000, SEED_004

TOP = ["schema", "source", "metadata", "speakers", "blocks", "notes"]
SOURCE = ["path", "format", "encoding", "sha256", "size", "part", "warnings"]
METADATA = [
    "title",
    "date",
    "date_text",
    "citation",
    "summary",
    "archive",
    "archive_location",
    "translator",
    "author",
    "original_language",
    "url",
    "document_type",
    "place",
    "collection",
    "volume",
    "number",
    "subject",
    "participants",
    "extra",
]
SPEAKER = ["id", "name", "labels", "aliases", "slot", "role"]
BLOCK = ["index", "kind", "speaker", "label", "attribution", "text", "spans", "page"]
SPAN = ["kind", "start", "end", "ref"]
NOTE = ["id", "kind", "label", "text", "block"]


def _sample() -> Document:
    return Document(
        metadata=Metadata(title="T", extra=(("Credits", "x"),), participants=("A",)),
        blocks=(
            Block(
                "turn",
                "Hi [sic]1",
                "a",
                "A",
                "label",
                (Span("sic", 3, 8), Span("footnote-ref", 8, 9, "n1")),
            ),
        ),
        speakers=(Speaker("a", "A", ("A",), 0, ("Alpha",), "Chair"),),
        notes=(Note("n1", "footnote", "A note.", "1", 0),),
        source=Source(path="x.txt", format="plain", sha256="ab", size=9),
        warnings=("decoded as Windows-1252",),
    )


def test_keys_in_documented_order() -> None:
    data = to_dict(_sample())
    assert list(data) == TOP
    assert data["schema"] == SCHEMA == "archive-reader/1"
    assert list(data["source"]) == SOURCE
    assert list(data["metadata"]) == METADATA
    assert list(data["speakers"][0]) == SPEAKER
    assert list(data["blocks"][0]) == BLOCK
    assert [list(s) for s in data["blocks"][0]["spans"]] == [SPAN, SPAN]
    assert list(data["notes"][0]) == NOTE
    assert data["metadata"]["extra"] == [{"label": "Credits", "value": "x"}]
    assert data["source"]["warnings"] == ["decoded as Windows-1252"]
    assert data["blocks"][0]["spans"][1] == {
        "kind": "footnote-ref",
        "start": 8,
        "end": 9,
        "ref": "n1",
    }


def test_every_metadata_field_is_exported() -> None:
    assert set(METADATA) == set(Metadata.__dataclass_fields__)
    assert set(SPEAKER) == set(Speaker.__dataclass_fields__)
    assert set(BLOCK) - {"index"} == set(Block.__dataclass_fields__)
    assert set(NOTE) == set(Note.__dataclass_fields__)
    assert set(SOURCE) - {"warnings"} == set(Source.__dataclass_fields__)


def test_schema_doc_names_every_key() -> None:
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert f"`{SCHEMA}`" in doc
    for key in TOP + SOURCE + METADATA + SPEAKER + BLOCK + SPAN + NOTE:
        assert re.search(rf"`{re.escape(key)}`", doc), key


@pytest.mark.parametrize("seed", [SEED_000, SEED_004])
def test_seeds_round_trip_through_json(seed: object) -> None:
    (document,) = parse_file(seed)  # type: ignore[arg-type]
    text = render(document)
    data = json.loads(text)
    assert data == to_dict(document)
    assert text == render(document)
    assert "\\u" not in text
    for index, block in enumerate(data["blocks"]):
        assert block["index"] == index
        for span in block["spans"]:
            assert 0 <= span["start"] <= span["end"] <= len(block["text"])
    ids = {s["id"] for s in data["speakers"]}
    assert {b["speaker"] for b in data["blocks"]} - {None} <= ids


def test_several_documents_give_an_array() -> None:
    data = json.loads(render([_sample(), _sample()]))
    assert isinstance(data, list) and len(data) == 2 and data[0]["schema"] == SCHEMA
