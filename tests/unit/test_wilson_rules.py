"""Wilson Center parser rules on short pages written here (layout variants)."""

# ruff: noqa: E501  (the sample pages keep their long lines, as scraped)

from __future__ import annotations

import pytest

from reader.model.document import Document
from reader.model.formats import parse_data
from reader.model.formats.wilson import parse_date

NEWER = """\
March 3, 1959

**Record of Conversation between Mao Zedong and Pavel Yudin**

Citation:

"Record of Conversation between Mao Zedong and Pavel Yudin", March 3, 1959, Wilson Center Digital Archive, AVPRF, f. 0100, op. 52, d. 3. Translated by Jane Doe and John Roe.
<https://digitalarchive.wilsoncenter.org/document/112>

Summary:

Mao and Yudin discuss the communes.

Original Language:

Russian

Contents:

Original Scan

Translation - English

Transcription - Russian

Mao: The communes are a good thing.

Yudin: We shall see.

Mao: Time will tell.
"""

NO_CONTENTS = """\
May 2, 1960

**Telegram from Havana**

Citation:

"Telegram from Havana", May 2, 1960, Wilson Center Digital Archive, Archive X.

Summary:

A telegram.

The situation in Havana is calm. Nothing further to report.
"""

OLDER_NO_HTML = """\
Search in

Digital Archive International History Declassified

June 5, 1961

  • Citation

    get citation

    A short summary.
    "Letter from A to B," June 5, 1961, History and Public Policy Program Digital Archive, Archive Y, f. 1. Obtained by Someone.
  • share document

Dear comrade, the letter follows.

It appears your Web browser is not configured to display PDF files. No worries, just click here to download the PDF file.
"""


def _parse(text: str) -> Document:
    (document,) = parse_data(text.encode("utf-8"), "page.txt")
    assert document.source.format == "wilson"
    return document


def test_single_line_title_and_several_contents() -> None:
    document = _parse(NEWER)
    meta = document.metadata
    assert meta.title == "Record of Conversation between Mao Zedong and Pavel Yudin"
    assert meta.date == "1959-03-03"
    assert meta.archive_location == "AVPRF, f. 0100, op. 52, d. 3"
    assert meta.translator == "Jane Doe and John Roe"
    assert meta.url == "https://digitalarchive.wilsoncenter.org/document/112"
    assert meta.original_language == "Russian"
    assert meta.document_type == "record of conversation"
    assert (
        "Contents",
        "Original Scan; Translation - English; Transcription - Russian",
    ) in meta.extra
    assert document.blocks[0].text == "The communes are a good thing."
    assert [(s.name, s.slot) for s in document.speakers] == [("Mao Zedong", 0), ("Pavel Yudin", 1)]
    assert document.turn_counts() == {"mao": 2, "yudin": 1}


def test_body_after_the_last_field_without_contents() -> None:
    document = _parse(NO_CONTENTS)
    assert document.metadata.summary == "A telegram."
    assert [b.text for b in document.blocks] == [
        "The situation in Havana is calm. Nothing further to report."
    ]
    assert document.metadata.archive_location == "Archive X"
    assert document.metadata.document_type == "telegram"
    assert document.metadata.translator is None
    assert document.metadata.original_language is None


def test_older_layout_without_html_line() -> None:
    document = _parse(OLDER_NO_HTML)
    meta = document.metadata
    assert meta.title == "Letter from A to B"
    assert meta.summary == "A short summary."
    assert meta.archive == "History and Public Policy Program Digital Archive"
    assert meta.archive_location == "Archive Y, f. 1"
    assert meta.translator is None
    assert meta.original_language is None
    assert [b.text for b in document.blocks] == ["Dear comrade, the letter follows."]


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("December 1, 1962", "1962-12-01"),
        ("1 December 1962", "1962-12-01"),
        ("Dec. 1, 1962", "1962-12-01"),
        ("Sept. 3, 1962", "1962-09-03"),
        ("December 1962", "1962-12"),
        ("1962", "1962"),
        ("no date", None),
    ],
)
def test_parse_date(printed: str, iso: str | None) -> None:
    assert parse_date(printed) == iso


def test_prose_mentioning_search_in_is_not_the_older_layout() -> None:
    page = NEWER.replace("Mao and Yudin discuss the communes.", "Research in the communes, search in vain.")
    document = _parse(page)
    assert document.metadata.summary == "Research in the communes, search in vain."
    assert document.turn_counts() == {"mao": 2, "yudin": 1}
