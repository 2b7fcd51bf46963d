"""Plain transcript rules, each with a short synthetic example."""

from __future__ import annotations

from reader.model.document import Document
from reader.model.formats import parse_text
from reader.model.loading import decode


def _parse(text: str) -> Document:
    return parse_text(decode(text.encode("utf-8"), "t.txt"), "t.txt", "plain")


def _turns(document: Document) -> list[tuple[str | None, str | None]]:
    return [(b.speaker, b.label) for b in document.blocks if b.kind == "turn"]


HSG = """\
8. Memorandum of Conversation1

Peking, July 9, 1971, 4:35 p.m.

  • Chou En-lai, Premier of the State Council
  • Henry A. Kissinger, Assistant to the President

Prime Minister Chou: Welcome.

Dr. Kissinger: Thank you, as in the communiqué.2

P.M. Chou: Good.

  1. Source: a file.
  2. Not issued.
"""


def test_title_number_and_participants() -> None:
    document = _parse(HSG)
    assert document.metadata.title == "Memorandum of Conversation"
    assert document.metadata.number == "8"
    assert document.metadata.place == "Peking"
    assert document.metadata.date == "1971-07-09"
    assert document.metadata.participants[0] == "Chou En-lai, Premier of the State Council"
    assert document.blocks[2].kind == "list"


def test_title_forms_are_one_speaker_named_from_participants() -> None:
    document = _parse(HSG)
    assert _turns(document) == [
        ("chou", "Prime Minister Chou"),
        ("kissinger", "Dr. Kissinger"),
        ("chou", "P.M. Chou"),
    ]
    assert document.speaker("chou").name == "Chou En-lai"  # type: ignore[union-attr]
    assert document.speaker("kissinger").name == "Henry A. Kissinger"  # type: ignore[union-attr]


def test_glued_footnote_numbers() -> None:
    document = _parse(HSG)
    title = document.blocks[0]
    assert [(title.text[s.start : s.end], s.ref) for s in title.spans] == [("1", "1")]
    turn = next(b for b in document.blocks if b.label == "Dr. Kissinger")
    (span,) = [s for s in turn.spans if s.kind == "footnote-ref"]
    assert (turn.text[span.start : span.end], span.ref) == ("2", "2")
    assert [n.text for n in document.notes] == ["Source: a file.", "Not issued."]


def test_years_and_fractions_are_not_footnotes() -> None:
    text = "1. Note1\n\nA: In 1975 we had 5½ years and Vladivostok3 too.\n\nA: Yes.\n\n1. One.\n"
    document = _parse(text)
    refs = [s for b in document.blocks for s in b.spans if s.kind == "footnote-ref"]
    assert [s.ref for s in refs] == ["1"]


def test_page_markers_are_zero_width() -> None:
    text = (
        "Ford: We moved the [Page 333] States forward.\n\n[Page 334]\n\n"
        "Brezhnev: Yes.\n\nFord: No.\n"
    )
    document = _parse(text)
    first, second = [b for b in document.blocks if b.kind == "turn"][:2]
    assert first.text == "We moved the States forward."
    assert [(s.kind, s.start, s.end, s.ref) for s in first.spans] == [("page-break", 13, 13, "333")]
    assert second.page == "334"
    assert second.spans[0] == second.spans[0].__class__("page-break", 0, 0, "334")


def test_page_markers_take_their_blanks() -> None:
    """Blanks on both sides of a marker fold into one space, a marker at the start of a
    line leaves none, and two markers in a row each keep their page."""
    text = "Ford: one \t[Page 3]  two\n[page 4] three [PAGE v] [Page 6] four.\n"
    (turn,) = [b for b in _parse(text).blocks if b.kind == "turn"]
    assert turn.text == "one two three four."
    assert [(s.start, s.ref) for s in turn.spans if s.kind == "page-break"] == [
        (4, "3"),
        (8, "4"),
        (14, "v"),
        (14, "6"),
    ]

def test_initial_labels_named_from_heading() -> None:
    text = (
        "188. Transcript of Telephone Conversation Between Kissinger's Office (Kissinger) "
        "and the Ambassador (Dobrynin)\n\nD: Hello.\n\nK: Hello.\n\nD: Bye.\n\nK: Bye.\n"
    )
    document = _parse(text)
    assert {s.labels[0]: s.name for s in document.speakers} == {"D": "Dobrynin", "K": "Kissinger"}


def test_two_letter_initials() -> None:
    document = _parse("JC: We start.\n\nZB: Agreed.\n\nJC: Good.\n")
    assert _turns(document) == [("jc", "JC"), ("zb", "ZB"), ("jc", "JC")]


def test_period_labels_when_used_consistently() -> None:
    document = _parse("K. Hello.\n\nD. Hello.\n\nK. How are you?\n\nD. Fine.\n")
    assert [b.label for b in document.blocks] == ["K", "D", "K", "D"]
    assert document.blocks[0].text == "Hello."


def test_outline_letters_are_not_period_labels() -> None:
    document = _parse("A. First point.\n\nB. Second point.\n\nA. Again.\n\nB. Again.\n")
    assert document.speakers == ()


def test_all_caps_labels() -> None:
    document = _parse("MR. SMITH: Yes.\n\nMRS. JONES: No.\n\nMr. Smith: Maybe.\n")
    assert document.turn_counts() == {"smith": 2, "jones": 1}


def test_header_fields_are_not_speakers() -> None:
    text = (
        "SUBJECT: Trade\n\nFROM: Canberra\n\nTO: London\n\nTIME: noon\n\n"
        "CC: files\n\nBrown: Yes.\n"
    )
    document = _parse(text)
    assert [s.id for s in document.speakers] == ["brown"]
    assert document.metadata.subject == "Trade"


def test_list_lines_are_not_speakers() -> None:
    text = (
        "Particulars are as follows:\n\nSir Ian McLennan: 61: Chairman, BHP Co. Ltd.: Steel.\n\n"
        "Norman Coles: 64: Chairman, Coles Ltd.: Stores.\n"
    )
    assert _parse(text).speakers == ()


def test_topic_lines_are_not_speakers() -> None:
    text = (
        "Australia: Review of Woomera Joint Project Arrangements; 1962\n\n"
        "The review was long and the parties were tired of it by the end of the day.\n"
    )
    assert _parse(text).speakers == ()


def test_topic_used_once_with_participants_list() -> None:
    text = (
        "  • Leonid Brezhnev, General Secretary\n  • Gerald Ford, President\n\n"
        "Ford: Hello there.\n\nBerlin: The Soviets want to discuss it later.\n\n"
        "Brezhnev: Yes.\n\nFord: Good.\n\nBrezhnev: Fine.\n"
    )
    document = _parse(text)
    assert {s.id for s in document.speakers} == {"ford", "brezhnev"}


def test_mid_paragraph_change_needs_a_known_label_or_caps() -> None:
    text = "Ford: Hello. Brezhnev: Hi.\n\nBrezhnev: Again.\n\nFord: We note as follows: nothing.\n"
    document = _parse(text)
    assert _turns(document) == [
        ("ford", "Ford"), ("brezhnev", "Brezhnev"), ("brezhnev", "Brezhnev"), ("ford", "Ford")
    ]


def test_whole_volume_is_one_document_with_headings() -> None:
    text = (
        "Volume 9: Tests\n\n1. LETTER, A TO B\n\nLondon, 1 May 1960\n\nText [1] here.\n\n"
        "1 A note.\n\n2. MINUTE, C TO D\n\nMore [1] text.\n\n1 Another note.\n"
    )
    document = _parse(text)
    assert document.metadata.title == "Volume 9: Tests"
    assert [b.text for b in document.blocks if b.kind == "heading"][1:3] == [
        "1. LETTER, A TO B",
        "London, 1 May 1960",
    ]
    assert [n.id for n in document.notes] == ["1.1", "2.1"]
