"""Citations: each format on both seeds and a FRUS document, read back the way reference
managers read them."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest

from reader.model.document import Block, Document, Metadata
from reader.model.export.citation import (
    FORMATS,
    bibtex,
    chicago_note,
    citation_data,
    csl_json,
    parse_name,
    parse_names,
    render,
    ris,
)
from reader.model.formats import parse_file
from tests.conftest import SEED_000, SEED_004
from tests.unit._cite_docs import TRICKY_TITLE, frus_document, tricky_document

#: CSL 1.0.2 item variables (standard, number, date and name variables) and the name
#: and date sub-keys this emitter may use.
CSL_VARIABLES = {
    "id", "type", "abstract", "annote", "archive", "archive_location", "archive-place",
    "authority", "call-number", "citation-label", "collection-title", "container-title",
    "container-title-short", "dimensions", "DOI", "event", "event-place", "genre", "ISBN",
    "ISSN", "jurisdiction", "keyword", "language", "medium", "note", "original-publisher",
    "original-publisher-place", "original-title", "page", "page-first", "publisher",
    "publisher-place", "references", "scale", "section", "source", "status", "title",
    "title-short", "URL", "version", "chapter-number", "collection-number", "edition",
    "issue", "number", "number-of-pages", "number-of-volumes", "volume", "accessed",
    "event-date", "issued", "original-date", "submitted", "author", "editor", "translator",
    "recipient", "interviewer", "container-author", "collection-editor",
}  # fmt: skip
CSL_NAME_KEYS = {
    "family",
    "given",
    "suffix",
    "literal",
    "dropping-particle",
    "non-dropping-particle",
    "static-ordering",
}
CSL_NAME_VARIABLES = {
    "author",
    "editor",
    "translator",
    "recipient",
    "interviewer",
    "container-author",
    "collection-editor",
}
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")

_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}


def _unescape(value: str) -> str:
    pattern = "|".join(re.escape(k) for k in _UNESCAPE)
    return re.sub(pattern, lambda m: _UNESCAPE[m.group(0)], value)


def _seed(path: object) -> Document:
    return parse_file(path)[0]  # type: ignore[arg-type]


def _documents() -> list[Document]:
    return [_seed(SEED_004), _seed(SEED_000), frus_document(), tricky_document()]


def _check_csl(item: dict[str, object]) -> None:
    assert set(item) <= CSL_VARIABLES, set(item) - CSL_VARIABLES
    assert item["type"] == "manuscript"
    for key in CSL_NAME_VARIABLES & set(item):
        for name in item[key]:  # type: ignore[attr-defined]
            assert set(name) <= CSL_NAME_KEYS
    if "issued" in item:
        parts = item["issued"]["date-parts"]  # type: ignore[index]
        assert all(isinstance(p, int) for p in parts[0])


def _check_ris(text: str) -> dict[str, list[str]]:
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "TY  - MANSCPT" and lines[-1] == "ER  - "
    fields: dict[str, list[str]] = {}
    for line in lines[:-1]:
        assert RIS_LINE.match(line), line
        fields.setdefault(line[:2], []).append(line[6:])
    return fields


def _check_bibtex(text: str, data_title: str) -> dict[str, str]:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    database = bibtexparser.loads(text)
    assert len(database.entries) == 1
    entry = database.entries[0]
    assert _unescape(entry["title"]) == data_title
    return entry


@pytest.mark.parametrize("passage", [None, 0, 1])
def test_every_format_on_every_document(passage: int | None) -> None:
    for document in _documents():
        if passage is not None and passage >= len(document.blocks):
            continue
        data = citation_data(document, passage)
        note = chicago_note(data)
        assert data.title.replace('"', "'") in note and note.endswith(".")
        item = csl_json(data)
        _check_csl(item)
        assert json.loads(render(data, "csl-json"))[0] == item
        entry = _check_bibtex(bibtex(data), data.title)
        assert entry["ID"] == data.key == item["id"]
        fields = _check_ris(ris(data))
        assert fields["TI"] == [data.title]
        if passage is not None:
            assert data.quote and data.quote[:20] in note
            assert data.locator and data.locator in note
        for fmt in FORMATS:
            assert render(data, fmt)


def test_seed_004_document_fields() -> None:
    data = citation_data(_seed(SEED_004))
    assert data.archive == "Wilson Center Digital Archive"
    assert data.archive_location == "PRC FMA 109-03157-01" and data.pages == "1-10"
    note = chicago_note(data)
    assert note == (
        "\"Memorandum of Conversation between Ernesto 'Che' Guevara and Chinese Ambassador "
        'Shen Jian, Havana," December 1, 1962, Wilson Center Digital Archive, '
        "PRC FMA 109-03157-01, 1-10. Translated by Zhang Qian. "
        "https://digitalarchive.umd.edu/document/115075."
    )
    item = csl_json(data)
    assert item["translator"] == [{"family": "Zhang", "given": "Qian", "static-ordering": True}]
    assert item["issued"] == {"date-parts": [[1962, 12, 1]]}
    assert item["archive_location"] == "PRC FMA 109-03157-01" and item["page"] == "1-10"
    assert item["genre"] == "memorandum of conversation" and item["language"] == "Chinese"
    entry = bibtexparser.loads(bibtex(data)).entries[0]
    assert entry["ENTRYTYPE"] == "unpublished" and entry["translator"] == "Zhang, Qian"
    assert entry["archive_location"] == "PRC FMA 109-03157-01" and entry["year"] == "1962"
    fields = _check_ris(ris(data))
    assert fields["A4"] == ["Zhang, Qian"] and fields["AN"] == ["PRC FMA 109-03157-01"]
    assert fields["DB"] == ["Wilson Center Digital Archive"] and fields["DA"] == ["1962/12/01/"]
    assert fields["SP"] == ["1"] and fields["EP"] == ["10"] and fields["LA"] == ["Chinese"]


def test_seed_004_passage_turn_number_and_quote() -> None:
    document = _seed(SEED_004)
    labelled = [
        i for i, b in enumerate(document.blocks) if b.kind == "turn" and b.attribution == "label"
    ]
    index = labelled[11]
    data = citation_data(document, index)
    assert data.turn == 12 and data.locator == "turn 12" and data.passage == index + 1
    assert data.quote == " ".join(document.blocks[index].text.split())
    note = chicago_note(data)
    assert note.startswith(f'"{data.quote.replace(chr(34), chr(39))}" — {data.speaker}, in "')
    assert ", 1-10, turn 12. Translated by Zhang Qian." in note
    assert chicago_note(data, quote=False).startswith('"Memorandum of Conversation')
    # a continuation belongs to the turn it continues
    continuation = next(i for i, b in enumerate(document.blocks) if b.attribution == "continuation")
    before = sum(
        1
        for b in document.blocks[: continuation + 1]
        if b.attribution == "label" and b.kind == "turn"
    )
    assert citation_data(document, continuation).turn == before


def test_seed_000_diary() -> None:
    data = citation_data(_seed(SEED_000))
    assert data.archive_location == "TsKhSD, f. 5, op. 49, d. 760, ll. 27-29, r. 9127"
    assert data.pages is None
    assert [n.family for n in data.translators] == ["Goldberg"]
    assert data.translators[0].given == "Gary"
    assert [n.family for n in data.authors] == ["Alekseyev"]
    item = csl_json(data)
    assert item["translator"] == [{"family": "Goldberg", "given": "Gary"}]
    assert _check_ris(ris(data))["A4"] == ["Goldberg, Gary"]


def test_frus_document_series_form_and_pages() -> None:
    document = frus_document()
    data = citation_data(document)
    assert data.title.startswith("Transcript")  # the printed "188. " is not the title
    assert data.pages == "580–581"
    note = chicago_note(data)
    assert note.startswith('"Transcript of Telephone Conversation Between Kissinger & Dobrynin,"')
    assert (
        "in Foreign Relations of the United States, 1969–1976, Volume XII, Soviet Union, "
        "January 1969–October 1970, ed. Erin R. Mahan, Document 188."
    ) in note
    passage = citation_data(document, 1)
    assert passage.page == "581" and passage.locator == "p. 581"
    assert "Document 188, p. 581." in chicago_note(passage)
    first = citation_data(document, 0)
    assert (
        first.page == "580"
        and first.quote == "Two things I would like to mention. Then it is better."
    )
    item = csl_json(data)
    assert item["container-title"].startswith(
        "Foreign Relations of the United States, 1969–1976, Volume XII"
    )
    assert item["collection-title"] == "Foreign Relations of the United States, 1969–1976"
    assert item["number"] == "188" and item["editor"] == [{"family": "Mahan", "given": "Erin R."}]
    entry = bibtexparser.loads(bibtex(data)).entries[0]
    assert entry["ENTRYTYPE"] == "misc" and entry["number"] == "188"
    assert _unescape(entry["title"]) == data.title
    fields = _check_ris(ris(data))
    assert fields["M1"] == ["188"] and fields["A3"] == ["Mahan, Erin R."]


def _dafp_document() -> Document:
    from reader.model.document import Source, Speaker

    return Document(
        Metadata(
            title="Record of Conference in the Secretary's Room",
            date="1947-07-08",
            archive="National Archives of Australia",
            archive_location="AA : A4311/1, BOX 453",
            collection="Documents on Australian Foreign Policy, Volume 12: The Postwar World",
            volume="12",
            number="332",
        ),
        (Block("turn", "Who will feed our documents to the Committee?", "ev", "DR. EVATT",
               "label"),),
        (Speaker("ev", "Evatt", ("DR. EVATT",), 0),),
        source=Source(format="dfat"),
    )


def test_dafp_documents_are_cited_as_documents_of_the_edition() -> None:
    """A DAFP record is printed in a documentary edition, like FRUS: series, volume and
    document number, then the archival reference the edition prints for it."""
    data = citation_data(_dafp_document())
    assert data.family == "dafp" and data.edition and data.key.startswith("dafp1947")
    assert chicago_note(data) == (
        "\"Record of Conference in the Secretary's Room,\" July 8, 1947, in Documents on "
        "Australian Foreign Policy, Volume 12: The Postwar World, Document 332 (National "
        "Archives of Australia, AA : A4311/1, BOX 453)."
    )
    passage = citation_data(_dafp_document(), 0)
    assert chicago_note(passage).endswith(
        "Document 332, turn 1 (National Archives of Australia, AA : A4311/1, BOX 453)."
    )
    item = csl_json(data)
    assert item["number"] == "332" and item["container-title"].startswith("Documents on")
    entry = bibtexparser.loads(bibtex(data)).entries[0]
    assert entry["ENTRYTYPE"] == "misc" and entry["number"] == "332"
    fields = _check_ris(ris(data))
    assert fields["M1"] == ["332"] and fields["T2"][0].startswith("Documents on Australian")
    # the collection alone says DAFP too (a copy saved as plain text)
    plain = _dafp_document()
    from dataclasses import replace

    assert citation_data(replace(plain, source=replace(plain.source, format="plain"))).edition


def test_frus_from_the_corpus(corpus: object) -> None:
    from pathlib import Path

    document = parse_file(Path(str(corpus)) / "frus" / "frus1969-76v38p1_d61.xml")[0]
    turns = [i for i, b in enumerate(document.blocks) if b.attribution == "label"]
    data = citation_data(document, turns[-1])
    assert data.family == "frus" and data.page and data.locator == f"p. {data.page}"
    assert (
        "Document 61" in chicago_note(data)
        and "frus1969" not in chicago_note(data).split("http")[0]
    )
    _check_csl(csl_json(data))
    _check_bibtex(bibtex(data), data.title)
    _check_ris(ris(data))


def test_frus_d61_cites_the_volume_by_its_printed_designation(corpus: object) -> None:
    from pathlib import Path

    document = parse_file(Path(str(corpus)) / "frus" / "frus1969-76v38p1_d61.xml")[0]
    note = chicago_note(citation_data(document))
    assert (
        "in Foreign Relations of the United States, 1969–1976, Volume XXXVIII, Part 1, "
        "Document 61" in note
    ), note
    assert "frus1969-76v38p1" not in note.split("http")[0]
    item = csl_json(citation_data(document))
    assert item["volume"] == "Volume XXXVIII, Part 1"


def test_a_volume_id_alone_is_never_printed_as_the_volume() -> None:
    from dataclasses import replace

    document = frus_document()
    meta = replace(
        document.metadata,
        collection="Foreign Relations of the United States, 1969–1976",
        volume="frus1969-76v12",
        extra=(("volume id", "frus1969-76v12"),),
    )
    note = chicago_note(citation_data(replace(document, metadata=meta)))
    assert "frus1969" not in note.split("http")[0]
    assert "1969–1976, Document 188" in note


def test_specials_survive_every_format() -> None:
    data = citation_data(tricky_document(), 0)
    assert data.title == TRICKY_TITLE
    note = chicago_note(data)
    for words in (
        "Ch’iao Kuan-hua",
        "Громыко & 周恩来",
        "[sic]",
        "[i.e., 100%]",
        "Talks & “Détente”",
    ):
        assert words in note
    item = json.loads(render(data, "csl-json"))[0]
    assert item["title"] == TRICKY_TITLE and "[sic]" in item["note"]
    assert item["author"] == [{"family": "周恩来"}]
    entry = _check_bibtex(bibtex(data), TRICKY_TITLE)
    assert _unescape(entry["archive_location"]) == "PRC FMA 110-01 & 2_3"
    assert "Громыко \\& 周恩来" in entry["note"] and entry["author"] == "周恩来"
    assert entry["translator"] == "Zhang, Qian and Goldberg, Gary"
    assert entry["url"] == "https://digitalarchive.wilsoncenter.org/document/1?a=1&b=2"
    fields = _check_ris(ris(data))
    assert fields["TI"] == [TRICKY_TITLE] and fields["A4"] == ["Zhang, Qian", "Goldberg, Gary"]
    assert fields["AU"] == ["周恩来"] and "Ch’iao Kuan-hua" in fields["N1"][0]


@pytest.mark.parametrize(
    ("text", "family", "given", "first"),
    [
        ("Zhang Qian", "Zhang", "Qian", True),
        ("Shen Jian", "Shen", "Jian", True),
        ("DONG Biwu", "DONG", "Biwu", True),
        ("Zhou Enlai", "Zhou", "Enlai", True),
        ("Ch’iao Kuan-hua", "Ch’iao", "Kuan-hua", True),
        ("Kim Il Sung", "Kim", "Il Sung", True),
        ("Pham Van Dong", "Pham", "Van Dong", True),
        ("Gary Goldberg", "Goldberg", "Gary", False),
        ("Kim Philby", "Philby", "Kim", False),
        ("Lee Harvey Oswald", "Oswald", "Lee Harvey", False),
        ("A. I. Alekseyev", "Alekseyev", "A. I.", False),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig", False),
        ("Goldberg, Gary", "Goldberg", "Gary", False),
    ],
)
def test_names(text: str, family: str, given: str, first: bool) -> None:
    name = parse_name(text)
    assert (name.family, name.given, name.family_first) == (family, given, first)
    assert name.display == (text if "," not in text else "Gary Goldberg")
    assert name.inverted == f"{family}, {given}"


def test_name_lists() -> None:
    assert [n.inverted for n in parse_names("Translated for CWIHP by Gary Goldberg")] == [
        "Goldberg, Gary"
    ]
    assert [n.inverted for n in parse_names("Zhang Qian, Shen Jian, and Gary Goldberg")] == [
        "Zhang, Qian",
        "Shen, Jian",
        "Goldberg, Gary",
    ]


def test_narrative_locator_and_bad_passage() -> None:
    document = Document(Metadata(title="Note"), (Block("paragraph", "Words."),))
    assert citation_data(document, 0).locator == "para. 1"
    with pytest.raises(IndexError):
        citation_data(document, 1)
    with pytest.raises(ValueError, match="unknown citation format"):
        render(citation_data(document), "apa")


def test_keys_are_stable_and_distinct() -> None:
    document = _seed(SEED_004)
    assert citation_data(document).key == citation_data(_seed(SEED_004)).key
    assert citation_data(document, 3).key != citation_data(document, 4).key
    assert re.fullmatch(r"[a-z0-9-]+", citation_data(document).key)


def test_a_title_alone_ends_inside_its_quotation_marks() -> None:
    """Nothing known but the title (a plain text file): no stray comma before the
    period."""
    document = Document(Metadata(title="Hostile test document"), (Block("paragraph", "x"),))
    assert chicago_note(citation_data(document)) == '"Hostile test document."'
    dated = Document(Metadata(title="Memo", date="1962-10-27"), (Block("paragraph", "x"),))
    assert chicago_note(citation_data(dated)) == '"Memo," October 27, 1962.'


def test_a_whole_table_is_cited_as_a_table_and_selected_figures_are_quoted() -> None:
    from reader.model.tables import format_table

    rows = [["", "1960", "1975"], ["U.K.", "51.6", "55.5"], ["U.S.S.R.", "215", "275"]]
    text = format_table(rows)
    document = Document(
        Metadata(title="Policy Planning Study", date="1963-08-30"),
        (Block("paragraph", "The following tables give some figures:"), Block("table", text)),
    )
    whole = citation_data(document, 1)
    # its rows run together on one line would be no quotation: the note names the table
    assert whole.quote is None and whole.table
    assert whole.locator == "para. 2, table"
    note = chicago_note(whole)
    assert note.startswith('"Policy Planning Study," August 30, 1963')
    assert note.endswith(", para. 2, table.") and "│" not in note
    # words selected in it are a quotation like any other
    start = text.index("215")
    figure = citation_data(document, 1, start, start + 3)
    assert figure.quote == "215" and not figure.table and figure.locator == "para. 2"
    assert chicago_note(figure).startswith('"215" — ')
