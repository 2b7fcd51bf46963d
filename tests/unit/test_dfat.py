"""DFAT Markdown: front matter, ALL-CAPS labels, glued and mid-paragraph labels, notes."""

from __future__ import annotations

from reader.model.document import Document
from reader.model.formats import parse_data
from reader.model.formats.dfat import front_matter

DOC = """\
---
doc_date: '1947-07-08'
doc_num: 12
naa_refs:
- reference: '[AA : A1/1, BOX 9]'
title: Record of Conference in the Minister's Room
vol_full_title: 'Volume 3: Test Papers, 1947'
vol_id: 3
---

Extracts CANBERRA, 8 July 1947

Present: Dr. Brown Sir Alan Green Mr. White DR.BROWN: I shall go to Japan [1] soon.

MR. WHITE: When? DR. BROWN: In August.

Dr. Brown: Item 1\\. is settled.

SIR ALAN GREEN: Agreed. MR. WHITE: Agreed too.

 _

1 Brown went to Japan in August.

_

 _[AA : A1/1, BOX 9]_
"""


def _parse(text: str = DOC) -> Document:
    (document,) = parse_data(text.encode("utf-8"), "doc.md")
    return document


def test_front_matter_metadata() -> None:
    meta = _parse().metadata
    assert meta.title == "Record of Conference in the Minister's Room"
    assert meta.date == "1947-07-08"
    assert meta.number == "12"
    assert meta.volume == "3"
    assert meta.collection == "Documents on Australian Foreign Policy, Volume 3: Test Papers, 1947"
    assert meta.archive == "National Archives of Australia"
    assert meta.archive_location == "AA : A1/1, BOX 9"
    assert meta.document_type == "Record of Conference"
    assert meta.place == "Canberra"


def test_front_matter_is_safe_yaml_only() -> None:
    hostile = "---\ntitle: !!python/object/apply:os.system ['x']\n---\nText\n"
    fields, body, warnings = front_matter(hostile)
    assert fields == {} and warnings and body == "Text\n"


def test_label_forms_are_one_speaker() -> None:
    document = _parse()
    brown = document.speaker("brown")
    assert brown is not None
    assert set(brown.labels) == {"DR.BROWN", "DR. BROWN", "Dr. Brown"}
    assert document.turn_counts() == {"brown": 3, "white": 2, "green": 1}


def test_glued_label_splits_present_list() -> None:
    blocks = _parse().blocks
    present = next(b for b in blocks if b.kind == "list")
    assert present.text.split("\n") == ["Present:", "Dr. Brown", "Sir Alan Green", "Mr. White"]
    assert _parse().metadata.participants == ("Dr. Brown", "Sir Alan Green", "Mr. White")
    first_turn = next(b for b in blocks if b.kind == "turn")
    assert (first_turn.label, first_turn.text) == ("DR.BROWN", "I shall go to Japan [1] soon.")


def test_mid_paragraph_speaker_change() -> None:
    turns = [(b.label, b.text) for b in _parse().blocks if b.kind == "turn"]
    assert ("MR. WHITE", "When?") in turns
    assert ("DR. BROWN", "In August.") in turns
    assert ("MR. WHITE", "Agreed too.") in turns


def test_footnote_link_and_notes() -> None:
    document = _parse()
    (note,) = document.notes
    assert (note.id, note.text) == ("1", "Brown went to Japan in August.")
    block = document.blocks[note.block or 0]
    (span,) = [s for s in block.spans if s.kind == "footnote-ref"]
    assert block.text[span.start : span.end] == "[1]" and span.ref == "1"


def test_markdown_link_footnote_and_escapes() -> None:
    text = DOC.replace("Japan [1] soon", "Japan[1](#f1) soon")
    document = _parse(text)
    turn = next(b for b in document.blocks if b.kind == "turn")
    assert turn.text == "I shall go to Japan[1] soon."
    assert any(b.text == "Item 1. is settled." for b in document.blocks)


def test_broken_front_matter_is_a_warning() -> None:
    document = _parse("---\ntitle: [unclosed\n---\n\nDR. EVATT: Hello there.\n\nMR. X: Yes.\n")
    assert any("front matter" in w for w in document.warnings)
    assert document.turn_counts()["evatt"] == 1


EMPHASIS = """\
---
doc_date: '1975-11-20'
title: Letter about the crisis
---

He did _not_ suspect the Governor-General. See **Attachment** and *this*.

_Comment_ The file_name_here and 2 * 3 * 4 stay as they are, as does \\_escaped\\_.

A note in italics: _the word[1](#f1) here_ and _The Commonwealth
Mr. Gorton_ said so.

MR. WHITE: It was _very_ close. DR. BROWN: _Quite._

1 A footnote.
"""


def _emphasised(document: Document) -> list[str]:
    return [b.text[s.start : s.end] for b in document.blocks for s in b.spans
            if s.kind == "emphasis"]


def test_markdown_emphasis_is_a_span_over_the_words() -> None:
    document = _parse(EMPHASIS)
    texts = [b.text for b in document.blocks]
    assert "He did not suspect the Governor-General. See Attachment and this." in texts
    assert _emphasised(document)[:3] == ["not", "Attachment", "this"]


def test_what_is_not_emphasis_stays_as_printed() -> None:
    document = _parse(EMPHASIS)
    second = next(b for b in document.blocks if "file_name_here" in b.text)
    assert second.text == (
        "Comment The file_name_here and 2 * 3 * 4 stay as they are, as does _escaped_."
    )
    assert _emphasised(document).count("Comment") == 1
    assert not any("escaped" in e or "name" in e for e in _emphasised(document))


def test_emphasis_keeps_the_footnote_inside_and_crosses_one_line_break() -> None:
    document = _parse(EMPHASIS)
    block = next(b for b in document.blocks if b.text.startswith("A note in italics"))
    kinds = {(s.kind, block.text[s.start : s.end]) for s in block.spans}
    assert ("emphasis", "the word[1] here") in kinds
    assert ("footnote-ref", "[1]") in kinds
    assert ("emphasis", "The Commonwealth Mr. Gorton") in kinds


def test_emphasis_inside_turns_split_mid_paragraph() -> None:
    document = _parse(EMPHASIS)
    turns = [b for b in document.blocks if b.kind == "turn"]
    assert [(t.label, t.text) for t in turns] == [
        ("MR. WHITE", "It was very close."),
        ("DR. BROWN", "Quite."),
    ]
    assert [t.text[s.start : s.end] for t in turns for s in t.spans if s.kind == "emphasis"] == [
        "very", "Quite.",
    ]


def test_a_label_in_italics_is_a_run_in_heading_not_a_speaker() -> None:
    """Unless it has a title: DFAT vol. 27 no. 270 prints "_Mr McEwen_ : That ..."."""
    text = (
        "---\ntitle: Report on the talks\n---\n\n"
        "_FRANCE:_ There was obvious disagreement.\n\n"
        "_NETHERLANDS_: Luns strongly opposed it.\n\n"
        "_Mr White_ : That solves nothing.\n\nMR. BROWN: It gives time.\n"
    )
    document = _parse(text)
    assert {s.name for s in document.speakers} == {"White", "Brown"}
    assert document.blocks[0].text == "FRANCE: There was obvious disagreement."
    assert [(s.kind, s.start, s.end) for s in document.blocks[0].spans] == [("emphasis", 0, 7)]


def test_an_escaped_page_marker_is_still_a_page_marker() -> None:
    document = _parse("---\ntitle: Pages\n---\n\nOne _two_ \\[Page 5\\] three.\n")
    block = document.blocks[-1]
    assert block.text == "One two three."
    assert {s.kind for s in block.spans} == {"emphasis", "page-break"}


def test_footnote_markers_in_markdown_are_its_links() -> None:
    """DFAT marks every footnote with a link: "[1](#f1)", or once "race.2[](#f2)". A
    number glued to a word is the text's own there ("C(67)41", "Document 150")."""
    text = (
        "---\ntitle: Notes\n---\n\nSee C(67)41 and the [1](#f1) talks; a race.2[](#f2) "
        "followed.\n\n1 One.\n\n2 Two.\n"
    )
    block = _parse(text).blocks[0]
    refs = [(block.text[s.start : s.end], s.ref) for s in block.spans if s.kind == "footnote-ref"]
    assert refs == [("[1]", "1"), ("[2]", "2")]
    assert block.text == "See C(67)41 and the [1] talks; a race.[2] followed."
