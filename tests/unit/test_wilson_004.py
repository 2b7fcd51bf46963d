"""Golden test: the newer Wilson Center layout (seed 004, Guevara and Shen Jian, 1962).

The counts were made by hand on the seed: 34 paragraphs open with "Guevara:", 2 with
"Ambassador Shen:" and 30 with "Shen:".
"""

from __future__ import annotations

import pytest

from reader.model.document import Block, Document
from reader.model.formats import parse_file
from tests.conftest import SEED_004

FURNITURE = (
    "get citation",
    "Search in",
    "PDF",
    "share document",
    "English HTML",
    "Leon Levy",
    "Contents:",
    "Translation - English",
    "Citation:",
    "Summary:",
    "Credits:",
    "Original Language:",
    "digitalarchive",
    "**",
)


@pytest.fixture(scope="module")
def doc() -> Document:
    documents = parse_file(SEED_004)
    assert len(documents) == 1
    return documents[0]


def _block(doc: Document, start: str) -> Block:
    found = [b for b in doc.blocks if b.text.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def _spans(block: Block) -> dict[str, str]:
    return {block.text[s.start : s.end]: s.kind for s in block.spans}


def test_metadata(doc: Document) -> None:
    meta = doc.metadata
    assert meta.title == (
        "Memorandum of Conversation between Ernesto 'Che' Guevara and Chinese Ambassador "
        "Shen Jian, Havana"
    )
    assert meta.date == "1962-12-01"
    assert meta.date_text == "December 1, 1962"
    assert meta.citation == (
        "\"Memorandum of Conversation between Ernesto 'Che' Guevara and Chinese Ambassador "
        'Shen Jian, Havana", December 1, 1962, Wilson Center Digital Archive, PRC FMA '
        "109-03157-01, 1-10. Translated by Zhang Qian."
    )
    assert meta.summary == (
        'Ernesto "Che" Guevara and Chinese Ambassador Shen Jian discussing the outcome of '
        "the Cuban Revolution, especially in terms of how it reflected US-Soviet relations."
    )
    assert meta.archive == "Wilson Center Digital Archive"
    assert meta.archive_location == "PRC FMA 109-03157-01, 1-10"
    assert meta.translator == "Zhang Qian"
    assert meta.original_language == "Chinese"
    assert meta.url == "https://digitalarchive.umd.edu/document/115075"
    assert meta.document_type == "memorandum of conversation"
    assert meta.place == "Havana"
    assert meta.author is None
    assert meta.participants == ("Ernesto 'Che' Guevara", "Shen Jian")
    assert doc.source.format == "wilson"
    assert doc.source.size == SEED_004.stat().st_size


def test_no_page_furniture_in_any_block(doc: Document) -> None:
    for block in doc.blocks:
        for word in FURNITURE:
            assert word not in block.text, (word, block.text[:60])
        assert block.text != "December 1, 1962"
        assert not block.text.startswith("Memorandum of Conversation between")


def test_two_speakers_named_by_the_fullest_form(doc: Document) -> None:
    assert [(s.id, s.name, s.slot) for s in doc.speakers] == [
        ("guevara", "Ernesto 'Che' Guevara", 0),
        ("shen", "Shen Jian", 1),
    ]
    guevara, shen = doc.speakers
    assert guevara.labels == ("Guevara",)
    assert shen.labels == ("Ambassador Shen", "Shen")
    assert shen.role == "Chinese Ambassador"


def test_66_labelled_turns(doc: Document) -> None:
    assert doc.turn_counts() == {"guevara": 34, "shen": 32}
    turns = [b for b in doc.blocks if b.kind == "turn"]
    assert len(turns) == 66
    assert all(b.attribution == "label" and b.label for b in turns)
    assert [b.label for b in turns].count("Ambassador Shen") == 2
    # the label never stays in the text
    assert not any(b.text.startswith(("Guevara:", "Shen:", "Ambassador Shen:")) for b in doc.blocks)
    first = turns[0]
    assert (first.speaker, first.label) == ("guevara", "Guevara")
    assert first.text.startswith("(on sitting down) please forgive")


def test_labels_are_never_field_names(doc: Document) -> None:
    labels = {b.label for b in doc.blocks if b.label}
    assert labels == {"Guevara", "Ambassador Shen", "Shen"}


def test_continuation(doc: Document) -> None:
    block = _block(doc, "Other than missiles and IL-28")
    assert block.kind == "paragraph"
    assert (block.speaker, block.label, block.attribution) == ("shen", None, "continuation")
    continuations = [b for b in doc.blocks if b.attribution == "continuation"]
    assert continuations == [block]


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        ("Otherwise, our", "[socialist] camp would fall into disarray."),
        ("We proposed that some", "of them stay until contracts were fully implemented."),
        ("A vast number of people", "began to support us."),
    ],
)
def test_page_break_joins(doc: Document, head: str, tail: str) -> None:
    joined = [b for b in doc.blocks if f"{head} {tail}" in b.text]
    assert len(joined) == 1
    assert joined[0].kind == "turn" and joined[0].speaker == "shen"
    assert not any(b.text.startswith(tail[:12]) for b in doc.blocks)


def test_closing_matter(doc: Document) -> None:
    closing = [b for b in doc.blocks if b.kind == "closing"]
    assert [b.text[:22] for b in closing] == [
        "CC: permanent members ",
        "CHEN, ZHANG, JI, ZENG,",
        "Received on 29 Decembe",
        "Copied on 30 December ",
        "Printed by Admin Offic",
        "4 January 1963",
    ]
    assert all(b.speaker is None and b.label is None for b in closing)
    assert doc.blocks[-len(closing) :] == tuple(closing)


def test_stage_block(doc: Document) -> None:
    stage = _block(doc, "(After the meal)")
    assert stage.kind == "stage" and stage.speaker is None and stage.attribution is None
    assert [(s.kind, s.start, s.end) for s in stage.spans] == [("stage", 0, len(stage.text))]
    assert [b.kind for b in doc.blocks].count("stage") == 1


def test_block_count(doc: Document) -> None:
    # 66 turns + 1 continuation + 1 stage + 6 closing
    assert len(doc.blocks) == 74


@pytest.mark.parametrize(
    ("start", "insertion", "kind"),
    [
        ("(on sitting down) please", "[on 13 October 1962]", "date"),
        ("(on sitting down) please", "(on sitting down)", "stage"),
        ("Better to see these people", "[i.e., the Soviets]", "gloss"),
        ("What else will the Soviet Union", "[sic]", "sic"),
        ("This is true. But that division", "[?]", "uncertain"),
        ("This is true. But that division", "(continuing eating)", "stage"),
        (
            "Yes, in a word, fear",
            '[not clear in text what "fear" refers to-trans.]',
            "translator-note",
        ),
        ("[The evaluation of this incident]", "[Blas]", "supplied"),
        ("[The evaluation of this incident]", "[I]", "supplied"),
        ("How did [Anastas] Mikoyan", "[Anastas]", "supplied"),
        ("Yes, at least for the time being", "[these weapons]", "supplied"),
        ("Other than missiles and IL-28", "[medium-range bombers]", "gloss"),
        ("China had a similar experience", "[18 July 1960]", "date"),
        ("Did the Soviet missiles come", "[in late August/early September 1962]", "date"),
        ("Did the Soviet missiles come", "[Emilio]", "supplied"),
        ("No. (Points at the map.)", "(Points at the map.)", "stage"),
        ("Better to see these people", "[socialist]", "supplied"),
    ],
)
def test_apparatus_spans(doc: Document, start: str, insertion: str, kind: str) -> None:
    assert _spans(_block(doc, start)).get(insertion) == kind


def test_ordinary_parentheses_are_not_stage(doc: Document) -> None:
    block = _block(doc, "Did the Communist Party of India (CPI)")
    assert "(CPI)" not in _spans(block)


def test_span_offsets_are_inside_their_block(doc: Document) -> None:
    kinds = set()
    for block in doc.blocks:
        for span in block.spans:
            assert 0 <= span.start <= span.end <= len(block.text)
            kinds.add(span.kind)
    assert {"date", "gloss", "sic", "uncertain", "translator-note", "supplied", "stage"} <= kinds
