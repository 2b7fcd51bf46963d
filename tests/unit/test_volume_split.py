"""A whole volume in one text file ("Volume 9: ..." then "N. TITLE" records) is read as
one document per record; each rule with a short example of our own."""

from __future__ import annotations

from reader.model.document import Document
from reader.model.export.citation import citation_data
from reader.model.formats import parse_data
from reader.model.formats.transcript import date_of, place_of

VOLUME = """\
Volume 9: Tests and Trials, 1960–1961

1. LETTER, ALDER TO BIRCH

London, 1 May 1960

Secret

The talks [1](#f1) went well.

2\\. We agreed on everything.

1 See Document 2.

[NAA: A1838, 3004/11]

2. MINUTE, CEDAR TO DOGWOOD

Australia House, London, 17 June– 8 July 1960

3192\\. SECRET

**The Common Market**

DR. ALDER: We shall see. MR. BIRCH: Indeed.

DR. ALDER: Quite so.

[UKNA: FCO 24/2052]

4. MlNUTE, ELM TO FIR

Canberra, undated [June 1961]

A short minute.
"""


def _parse(text: str, name: str = "v.txt") -> list[Document]:
    return parse_data(text.encode("utf-8"), name)


def test_each_record_is_a_document_numbered_as_printed() -> None:
    documents = _parse(VOLUME)
    assert [d.source.part for d in documents] == ["1", "2", "4"]
    assert [d.metadata.number for d in documents] == ["1", "2", "4"]
    assert [d.metadata.title for d in documents] == [
        "LETTER, ALDER TO BIRCH",
        "MINUTE, CEDAR TO DOGWOOD",
        "MlNUTE, ELM TO FIR",  # OCR's l for I: still a heading, kept as printed
    ]
    assert all(d.source.path == "v.txt" for d in documents)


def test_dateline_gives_date_and_place() -> None:
    first, second, third = _parse(VOLUME)
    assert (first.metadata.date, first.metadata.place) == ("1960-05-01", "London")
    assert (second.metadata.date, second.metadata.place) == (
        "1960-06-17", "Australia House, London",
    )
    assert (third.metadata.date, third.metadata.date_text) == ("1961-06", "undated [June 1961]")


def test_a_cables_number_and_classification_is_not_a_record() -> None:
    second = _parse(VOLUME)[1]
    assert "3192. SECRET" in [b.text for b in second.blocks]
    assert second.metadata.title == "MINUTE, CEDAR TO DOGWOOD"


def test_each_record_has_its_own_notes_speakers_and_source() -> None:
    first, second, _ = _parse(VOLUME)
    assert [(n.id, n.text) for n in first.notes] == [("1", "See Document 2.")]
    assert first.speakers == ()
    assert {s.name for s in second.speakers} == {"Alder", "Birch"}
    assert [b.label for b in second.blocks if b.kind == "turn"] == [
        "DR. ALDER", "MR. BIRCH", "DR. ALDER",
    ]
    assert (first.metadata.archive, first.metadata.archive_location) == (
        "National Archives of Australia", "NAA: A1838, 3004/11",
    )
    assert second.metadata.archive_location == "UKNA: FCO 24/2052"


def test_a_bold_line_is_a_heading_without_its_stars() -> None:
    second = _parse(VOLUME)[1]
    assert "The Common Market" in [b.text for b in second.blocks]


def test_records_citing_the_naa_are_a_dafp_volume() -> None:
    first = _parse(VOLUME)[0]
    assert first.metadata.collection == (
        "Documents on Australian Foreign Policy, Volume 9: Tests and Trials, 1960–1961"
    )
    assert first.metadata.volume == "9"
    data = citation_data(first)
    assert (data.family, data.number) == ("dafp", "1")


def test_without_an_australian_archive_the_volume_line_is_the_collection() -> None:
    text = VOLUME.replace("[NAA: A1838, 3004/11]", "[Filed]")
    first = _parse(text)[0]
    assert first.metadata.collection == "Volume 9: Tests and Trials, 1960–1961"
    assert citation_data(first).family == "other"


def test_numbered_capital_sections_without_datelines_stay_one_document() -> None:
    report = (
        "Annual report\n\n1. INTRODUCTION\n\nThis year was quiet.\n\n"
        "2. BACKGROUND\n\nAs before.\n\n3. FINDINGS\n\nNone.\n"
    )
    documents = _parse(report)
    assert len(documents) == 1


def test_records_must_be_numbered_in_order() -> None:
    text = VOLUME.replace("4. MlNUTE, ELM TO FIR", "900. MlNUTE, ELM TO FIR")
    documents = _parse(text)
    assert [d.source.part for d in documents] == ["1", "2"]
    assert "900. MlNUTE, ELM TO FIR" in [b.text for b in documents[1].blocks]


def test_words_before_the_first_record_are_kept() -> None:
    text = VOLUME.replace(
        "Volume 9: Tests and Trials, 1960–1961\n",
        "Volume 9: Tests and Trials, 1960–1961\n\nIntroduction\n\nThese records were chosen.\n",
    )
    documents = _parse(text)
    assert documents[0].source.part == "front"
    assert "These records were chosen." in [b.text for b in documents[0].blocks]
    assert [d.source.part for d in documents[1:]] == ["1", "2", "4"]


def test_how_the_file_was_read_is_said_once() -> None:
    documents = parse_data(VOLUME.encode("cp1252", "replace"), "v.txt")
    warned = [d for d in documents if d.warnings]
    assert warned == [documents[0]]


def test_dateline_forms() -> None:
    assert place_of("Canberra, January 1966") == ("Canberra", "January 1966")
    assert place_of("Canberra, 10 & 11 July 1961")[1] == "10 & 11 July 1961"
    assert place_of("London, undated") == ("London", "undated")
    assert place_of("He said, undated things matter") == (None, None)
    assert date_of("19 November and 4 December 1968") == "1968-11-19"
    assert date_of("17–20 June 1963") == "1963-06-17"
    assert date_of("undated") is None


def test_an_archives_siglum_is_not_a_speaker() -> None:
    text = (
        "Ford: We begin.\n\nBrezhnev: Good.\n\nA note on sources. NLA: Menzies Papers, "
        "MS4936 Series 1, Box 14.\n"
    )
    document = parse_data(text.encode(), "t.txt")[0]
    assert {s.name for s in document.speakers} == {"Ford", "Brezhnev"}
