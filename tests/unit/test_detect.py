"""Format detection: what the bytes say wins, the file name breaks ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model.formats.detect import detect
from tests.conftest import SEED_000, SEED_004

DFAT = "dfat"

TEI = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>'


@pytest.mark.parametrize(
    ("head", "path", "expected"),
    [
        (TEI, None, "frus-tei"),
        (b'<?xml version="1.0"?>\n<!-- c -->\n' + TEI, "x.txt", "frus-tei"),
        (b'<div xmlns="http://www.tei-c.org/ns/1.0" type="document">', None, "frus-tei"),
        ("<?xml version='1.0'?><TEI/>".encode("utf-16"), None, "frus-tei"),
        (b'<?xml version="1.0"?><rss/>', None, "frus-tei"),  # refused there, clearly
        (b"<!DOCTYPE lolz [<!ENTITY a 'b'>]><lolz/>", "bomb.txt", "frus-tei"),
        (b"<!DOCTYPE html><html><body><p>Hi</p>", "page.txt", "html"),
        (b"<!-- saved from url=(0042)https://history.state.gov/ -->\n<html>", None, "html"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">',
            None,
            "html",
        ),
        (b"<p>Kissinger: Hello.</p>", "saved.htm", "html"),
        (b"<record><a/></record>", "data.xml", "frus-tei"),
        (b"---\ntitle: Record of conference\ndoc_date: 1947-07-08\n---\nText", None, DFAT),
        (b"Kissinger: Hello.\nChou: Welcome.\n", "notes.html", "plain"),
        (b"Kissinger: Hello.\n", "transcript.xml", "plain"),
        (b"", None, "plain"),
    ],
)
def test_detect(head: bytes, path: str | None, expected: str) -> None:
    assert detect(head, path) == expected


def test_seeds_are_wilson() -> None:
    for seed in (SEED_000, SEED_004):
        assert detect(seed.read_bytes()[:65536], str(seed)) == "wilson"


def test_corpus_formats(corpus: Path) -> None:
    expected = {
        "frus/frus1969-76v38p1_d61.xml": "frus-tei",
        "text/dfat_v12_332_record_of_conference_evatt_1947-07-08.txt": DFAT,
        "text/hsg_frus1969-76v18_d8_excerpt.txt": "plain",
        "encodings/utf16le_bom_crlf_dfat_v12_332_evatt_conference.txt": DFAT,
        "encodings/cp1252_crlf_frus1969-76v38p1_d61.txt": "plain",
    }
    for name, fmt in expected.items():
        path = corpus / name
        assert detect(path.read_bytes()[:65536], str(path)) == fmt, name
