"""The plain-text fallback: generic "Name: text" transcripts."""

from __future__ import annotations

from pathlib import Path

from reader.model.document import Document
from reader.model.formats import parse_data, parse_text
from reader.model.loading import decode

TRANSCRIPT = """\
Memorandum of Conversation

Washington, 4 March 1969

  • Chou En-lai, Premier of the State Council
  • Henry A. Kissinger, Assistant to the President

(The Premier greeted Dr. Kissinger.)

Prime Minister Chou: (Referring to Mr. Kennedy.) Is he part of the Kennedy
family?

Dr. Kissinger: He is a partial replacement. He is a financial expert [sic].

I do not think he knows it.

P.M. Chou: You mean you want to talk finances. We proposed that some

of them stay.

CC: the files
"""


def _parse(text: str) -> Document:
    return parse_text(decode(text.encode("utf-8"), "t.txt"), "t.txt", "plain")


def test_detected_as_plain() -> None:
    (document,) = parse_data(TRANSCRIPT.encode("utf-8"), "t.txt")
    assert document.source.format == "plain"
    assert document.source.path == "t.txt"


def test_structure() -> None:
    document = _parse(TRANSCRIPT)
    assert [(b.kind, b.speaker, b.attribution) for b in document.blocks] == [
        ("heading", None, None),
        ("heading", None, None),
        ("list", None, None),
        ("stage", None, None),
        ("turn", "chou", "label"),
        ("turn", "kissinger", "label"),
        ("paragraph", "kissinger", "continuation"),
        ("turn", "chou", "label"),
        ("closing", None, None),
    ]


def test_metadata() -> None:
    meta = _parse(TRANSCRIPT).metadata
    assert meta.title == "Memorandum of Conversation"
    assert (meta.date, meta.date_text, meta.place) == ("1969-03-04", "4 March 1969", "Washington")


def test_a_bare_date_line_is_the_date() -> None:
    meta = _parse("Record\n\nDecember 1, 1962\n\nA: Hello.\n").metadata
    assert (meta.title, meta.date, meta.date_text, meta.place) == (
        "Record",
        "1962-12-01",
        "December 1, 1962",
        None,
    )


def test_speakers_resolved_across_titles() -> None:
    document = _parse(TRANSCRIPT)
    assert [(s.id, s.name, s.labels) for s in document.speakers] == [
        ("chou", "Chou En-lai", ("Prime Minister Chou", "P.M. Chou")),
        ("kissinger", "Henry A. Kissinger", ("Dr. Kissinger",)),
    ]
    assert document.turn_counts() == {"chou": 2, "kissinger": 1}


def test_wrapped_lines_join_and_page_break_tail_joins() -> None:
    document = _parse(TRANSCRIPT)
    turns = [b for b in document.blocks if b.kind == "turn"]
    assert turns[0].text == "(Referring to Mr. Kennedy.) Is he part of the Kennedy family?"
    assert (
        turns[2].text == "You mean you want to talk finances. We proposed that some of them stay."
    )


def test_list_keeps_one_item_per_line() -> None:
    block = _parse(TRANSCRIPT).blocks[2]
    assert block.text.split("\n") == [
        "• Chou En-lai, Premier of the State Council",
        "• Henry A. Kissinger, Assistant to the President",
    ]


def test_spans() -> None:
    document = _parse(TRANSCRIPT)
    first, second = [b for b in document.blocks if b.kind == "turn"][:2]
    assert [(s.kind, first.text[s.start : s.end]) for s in first.spans] == [
        ("stage", "(Referring to Mr. Kennedy.)")
    ]
    assert [(s.kind, second.text[s.start : s.end]) for s in second.spans] == [("sic", "[sic]")]


def test_list_lines_are_not_speakers() -> None:
    text = (
        "Particulars are as follows:\n\n"
        "Sir Ian McLennan: 61: Chairman, BHP Co. Ltd.: BHP is Australia's largest company.\n\n"
        "Norman Cameron Coles: 64: Chairman and Managing Director, G.J. Coles and Coy. Ltd.\n"
    )
    document = _parse(text)
    assert document.speakers == ()
    assert not any(b.kind == "turn" for b in document.blocks)


def test_header_fields_are_not_speakers() -> None:
    text = "SUBJECT: Missiles\n\nFROM: Havana\n\nPresent: Guevara, Shen\n\nGuevara: Hello.\n"
    document = _parse(text)
    assert [s.id for s in document.speakers] == ["guevara"]
    assert document.turn_counts() == {"guevara": 1}


def test_empty_and_blank_input() -> None:
    for text in ("", "\n\n   \n"):
        document = _parse(text)
        assert document.blocks == () and document.speakers == () and document.metadata.title == ""


def test_unbalanced_brackets(tmp_path: Path) -> None:
    document = _parse("A: [never closed ( and ] ) [\n\nB: fine.\n")
    assert [b.speaker for b in document.blocks] == ["a", "b"]


def test_hsg_excerpt(corpus: Path) -> None:
    from reader.model.formats import parse_file

    (document,) = parse_file(corpus / "text" / "hsg_frus1969-76v18_d8_excerpt.txt")
    assert document.turn_counts() == {"chou": 5, "kissinger": 5}
    chou = document.speaker("chou")
    assert chou is not None and chou.labels == ("Prime Minister Chou", "P.M. Chou")


def test_corpus_d61_plain_rendering(corpus: Path) -> None:
    from reader.model.formats import parse_file

    (document,) = parse_file(corpus / "encodings" / "cp1252_crlf_frus1969-76v38p1_d61.txt")
    assert document.source.encoding in {"cp1252", "windows-1252"}
    assert document.turn_counts() == {"ford": 15, "brezhnev": 16, "kissinger": 3, "gromyko": 3}
    names = {s.id: s.name for s in document.speakers}
    assert names["brezhnev"] == "Leonid I. Brezhnev"
    assert names["gromyko"] == "Andrei A. Gromyko"


def test_corpus_d188_cr_only(corpus: Path) -> None:
    from reader.model.formats import parse_file

    (document,) = parse_file(corpus / "encodings" / "cr_only_mac_frus1969-76v12_d188.txt")
    assert document.turn_counts() == {"d": 12, "k": 12}
