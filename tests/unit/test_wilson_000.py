"""Golden test: the older Wilson Center layout (seed 000, Alekseyev's diary, 1963/64).

A narrative record: no speaker labels; paragraphs are attributed by reported speech.
"""

from __future__ import annotations

import pytest

from reader.model.document import Block, Document
from reader.model.formats import parse_file
from tests.conftest import SEED_000

FURNITURE = (
    "get citation",
    "Search in",
    "PDF",
    "share document",
    "English HTML",
    "Leon Levy",
    "Digital Archive",
    "Citation",
    "It appears your Web browser",
    "Click here",
    "Guevara informs the Soviets",
)

HEADINGS = [
    "from the diary",
    "of A. I. Alekseyev",
    "Secret Copy No 2",
    "29 January 1964",
    "No 37",
    "with Minister of Industry of Cuba Ernesto Guevara Serna",
    "25 December 1963",
]


@pytest.fixture(scope="module")
def doc() -> Document:
    documents = parse_file(SEED_000)
    assert len(documents) == 1
    return documents[0]


def _block(doc: Document, start: str) -> Block:
    found = [b for b in doc.blocks if b.text.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def test_metadata(doc: Document) -> None:
    meta = doc.metadata
    assert meta.title == (
        "From the Diary of A. I. Alekseyev, Record of a Conversation with Ernesto Guevara, "
        "25 December 1963"
    )
    assert meta.date == "1964-01-29"
    assert meta.date_text == "January 29, 1964"
    assert meta.citation == (
        '"From the Diary of A. I. Alekseyev, Record of a Conversation with Ernesto Guevara, '
        '25 December 1963 ," January 29, 1964, History and Public Policy Program Digital '
        "Archive, TsKhSD, f. 5, op. 49, d. 760, ll. 27-29, r. 9127. Translated for CWIHP by "
        "Gary Goldberg."
    )
    assert meta.summary is not None and meta.summary.startswith(
        "Guevara informs the Soviets that he has been falsely accused"
    )
    assert meta.summary.endswith("economic development plans in Cuba.")
    assert meta.archive == "History and Public Policy Program Digital Archive"
    assert meta.archive_location == "TsKhSD, f. 5, op. 49, d. 760, ll. 27-29, r. 9127"
    assert meta.translator == "Gary Goldberg"
    # The translator's note speaks of "the Russian text": the record's own testimony.
    assert meta.original_language == "Russian"
    assert meta.url is None
    assert meta.document_type == "diary entry"
    assert meta.place is None
    assert doc.source.format == "wilson"


def test_author_is_the_diarist(doc: Document) -> None:
    assert doc.metadata.author == "A. I. Alekseyev"


def test_no_page_furniture_in_any_block(doc: Document) -> None:
    for block in doc.blocks:
        for word in FURNITURE:
            assert word not in block.text, (word, block.text[:60])


def test_heading_stack(doc: Document) -> None:
    assert [b.text for b in doc.blocks if b.kind == "heading"] == HEADINGS
    assert all(b.speaker is None for b in doc.blocks if b.kind == "heading")


def test_stamp(doc: Document) -> None:
    stamp = doc.blocks[0]
    assert stamp.text == "[Stamp]: Declassified"
    assert stamp.kind == "paragraph"
    assert stamp.speaker is None and stamp.label is None and stamp.attribution is None
    assert "stamp" in {s.kind for s in stamp.spans}


def test_body_order(doc: Document) -> None:
    texts = [b.text for b in doc.blocks]
    assert texts[8] == "I met today with E. Guevara and had a friendly conversation with him."
    assert texts[-3].startswith("At the conclusion of the conversation Guevara said")
    assert len(doc.blocks) == 25


def test_closing_signature(doc: Document) -> None:
    closing = [(b.kind, b.text, b.speaker) for b in doc.blocks[-2:]]
    assert closing == [
        ("closing", "USSR Ambassador to Cuba", None),
        ("closing", "A. Alekseyev", None),
    ]
    assert [b.kind for b in doc.blocks].count("closing") == 2


def test_translator_note(doc: Document) -> None:
    note = _block(doc, "[Translator’s note:")
    assert note.speaker is None
    assert [(s.kind, s.start, s.end) for s in note.spans] == [
        ("translator-note", 0, len(note.text))
    ]


def test_gloss(doc: Document) -> None:
    block = _block(doc, "I said to Guevara that he is not correct")
    spans = {block.text[s.start : s.end]: s.kind for s in block.spans}
    assert spans["[USSR State Committee for Economic Relations]"] == "gloss"


def test_no_labelled_turns(doc: Document) -> None:
    assert not any(b.kind == "turn" or b.label for b in doc.blocks)


def test_speakers(doc: Document) -> None:
    by_id = {s.id: s for s in doc.speakers}
    assert set(by_id) == {"guevara", "alekseyev"}
    assert by_id["guevara"].name == "Ernesto Guevara"
    assert by_id["guevara"].role == "Minister of Industry of Cuba"
    assert "Ernesto Guevara Serna" in by_id["guevara"].aliases
    assert by_id["alekseyev"].name == "A. I. Alekseyev"
    assert by_id["alekseyev"].role == "USSR Ambassador to Cuba"
    assert sorted(s.slot for s in doc.speakers) == [0, 1]


@pytest.mark.parametrize(
    ("start", "speaker"),
    [
        ("A mechanical transfer of a self-financing system", "guevara"),
        ("Guevara informed me that right now", "guevara"),
        ("In Guevara’s words, the main task", "guevara"),
        ("The Cuban leadership, Guevara noted", "guevara"),
        ("I said to Guevara that he is not correct", "alekseyev"),
        ("I told Guevara that it is more evident", "alekseyev"),
        ("Here we disagree in our opinions, I said", "alekseyev"),
    ],
)
def test_reported_speech(doc: Document, start: str, speaker: str) -> None:
    block = _block(doc, start)
    assert (block.kind, block.speaker, block.attribution) == ("paragraph", speaker, "reported")


def test_unattributed_matter(doc: Document) -> None:
    for start in ("[Translator’s note:", "[Stamp]", "from the diary", "USSR Ambassador"):
        block = _block(doc, start)
        assert block.speaker is None and block.attribution is None
