"""TEI export: well-formed, built from elements, every span kind mapped as agreed."""

from __future__ import annotations

import pytest
from lxml import etree

from reader.model.document import SPAN_KINDS, Block, Document, Metadata, Note, Source, Span, Speaker
from reader.model.export.tei_format import TEI_NS, render
from reader.model.formats import parse_file
from tests.conftest import SEED_000, SEED_004
from tests.unit._cite_docs import tricky_document

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _parse(xml: str) -> etree._Element:
    return etree.fromstring(
        xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True)
    )


def _every_span_document() -> Document:
    text = (
        "[Blas] Roca [i.e., the Soviets] [on 13 October 1962] [sic] [?] "
        "[Translator's note: emphasis] [Omitted here is a discussion.] (laughs) [Laughter] "
        "[2 lines not declassified] [Stamp] never [matter omitted] word1"
    )

    def at(piece: str) -> tuple[int, int]:
        start = text.index(piece)
        return start, start + len(piece)

    kinds = [
        ("supplied", "[Blas]"),
        ("gloss", "[i.e., the Soviets]"),
        ("date", "[on 13 October 1962]"),
        ("sic", "[sic]"),
        ("uncertain", "[?]"),
        ("translator-note", "[Translator's note: emphasis]"),
        ("editorial-note", "[Omitted here is a discussion.]"),
        ("stage", "(laughs)"),
        ("stage", "[Laughter]"),
        ("redaction", "[2 lines not declassified]"),
        ("stamp", "[Stamp]"),
        ("emphasis", "never"),  # printed in italics: not apparatus, but kept
        ("emphasis", "[matter omitted]"),  # brackets and all, in italics
        ("editorial-note", "[matter omitted]"),
    ]
    spans = [Span(kind, *at(piece)) for kind, piece in kinds]
    spans.append(Span("footnote-ref", len(text) - 1, len(text), "n1"))
    spans.append(Span("page-break", 6, 6, "191"))
    return Document(
        metadata=Metadata(
            title="Every span <kind> & more",
            date="1962-12-01",
            date_text="December 1, 1962",
            archive="Wilson Center Digital Archive",
            archive_location="PRC FMA 109-03157-01",
            translator="Zhang Qian",
            original_language="Chinese",
        ),
        blocks=(
            Block("heading", "Memorandum"),
            Block("turn", text, "guevara", "Guevara", "label", tuple(spans)),
            Block("paragraph", "More from him.", "guevara", None, "continuation"),
            Block("stage", "(After the meal)", spans=(Span("stage", 0, 16),)),
            Block("paragraph", "He said the Soviets were wrong.", "shen", None, "reported"),
            Block("list", "First item"),
            Block("closing", "Yours, Shen"),
            Block("paragraph", "Plain words."),
        ),
        speakers=(
            Speaker("guevara", "Ernesto Guevara", ("Guevara",)),
            Speaker("shen", "Shen Jian", slot=1),
        ),
        notes=(
            Note("n1", "footnote", "A footnote.", "1", 1),
            Note("s1", "source", "Source: PRC FMA."),
        ),
        source=Source(format="wilson"),
    )


def test_every_span_kind_becomes_its_element() -> None:
    document = _every_span_document()
    assert {s.kind for b in document.blocks for s in b.spans} == SPAN_KINDS
    root = _parse(render(document))
    assert root.tag == f"{{{TEI_NS}}}TEI"
    p = root.find(".//t:sp/t:p", NS)
    assert p is not None
    assert p.findtext("t:supplied", namespaces=NS) == "Blas"
    assert p.find("t:pb", NS).get("n") == "191"
    assert p.find("t:supplied/t:pb", NS) is None and p.find("t:pb", NS).tail.startswith(" Roca")
    assert p.findtext("t:note[@type='gloss']", namespaces=NS) == "i.e., the Soviets"
    assert p.findtext("t:date[@type='editorial']", namespaces=NS) == "on 13 October 1962"
    assert p.find("t:sic", NS) is not None and not p.findtext("t:sic", namespaces=NS)
    assert p.find("t:unclear", NS) is not None
    assert p.findtext("t:note[@type='translator']", namespaces=NS) == "Translator's note: emphasis"
    assert p.findtext("t:note[@type='editorial']", namespaces=NS) == "Omitted here is a discussion."
    assert p.findtext("t:stage[@rend='parens']", namespaces=NS) == "laughs"
    assert p.findtext("t:stage[@rend='brackets']", namespaces=NS) == "Laughter"
    assert (
        p.findtext("t:gap[@reason='declassification']/t:desc", namespaces=NS)
        == "2 lines not declassified"
    )
    assert p.findtext("t:stamp", namespaces=NS) == "[Stamp]"
    italic = [hi.xpath("string()") for hi in p.findall("t:hi[@rend='italic']", NS)]
    assert italic == ["never", "matter omitted"]
    # the editors' note printed in italics: the note inside the italics
    assert p.findtext("t:hi/t:note[@type='editorial']", namespaces=NS) == "matter omitted"
    footnote = p.find("t:note[@type='footnote']", NS)
    assert (
        footnote.get("n") == "1" and footnote.get(XML_ID) == "n1" and footnote.text == "A footnote."
    )
    # the words outside the apparatus are all there, in order
    assert "".join(p.itertext()).startswith("Blas Roca i.e., the Soviets on 13 October 1962")


def test_structure_and_header() -> None:
    root = _parse(render(_every_span_document()))
    assert root.findtext(".//t:titleStmt/t:title", namespaces=NS) == "Every span <kind> & more"
    assert root.findtext(".//t:respStmt/t:resp", namespaces=NS) == "translated by"
    assert root.findtext(".//t:respStmt/t:persName", namespaces=NS) == "Zhang Qian"
    assert (
        root.findtext(".//t:msIdentifier/t:repository", namespaces=NS)
        == "Wilson Center Digital Archive"
    )
    assert root.findtext(".//t:msIdentifier/t:idno", namespaces=NS) == "PRC FMA 109-03157-01"
    assert root.find(".//t:langUsage/t:language", NS).get("ident") == "zh"
    assert root.find(".//t:creation/t:date", NS).get("when") == "1962-12-01"
    people = root.findall(".//t:listPerson/t:person", NS)
    assert [(p.get(XML_ID), p.findtext("t:persName", namespaces=NS)) for p in people] == [
        ("guevara", "Ernesto Guevara"),
        ("shen", "Shen Jian"),
    ]
    [source] = root.findall(".//t:fileDesc/t:notesStmt/t:note", NS)
    assert (source.get("type"), source.get(XML_ID), source.text) == (
        "source", "s1", "Source: PRC FMA."
    )
    body = root.find(".//t:body/t:div", NS)
    names = [etree.QName(child).localname for child in body]
    assert names == ["head", "sp", "stage", "p", "list", "p", "p"]
    sp = body.find("t:sp", NS)
    assert sp.get("who") == "#guevara" and sp.findtext("t:speaker", namespaces=NS) == "Guevara"
    assert [p.text for p in sp.findall("t:p", NS)][1] == "More from him."
    assert body.find("t:stage", NS).get("rend") == "parens"
    said = body.find("t:p/t:said", NS)
    assert said.get("who") == "#shen" and said.get("direct") == "false"
    assert body.find("t:p[@type='closing']", NS).text == "Yours, Shen"
    assert body.findtext("t:list/t:item", namespaces=NS) == "First item"


@pytest.mark.parametrize("path", [SEED_000, SEED_004])
def test_seeds_are_well_formed(path: object) -> None:
    document = parse_file(path)[0]  # type: ignore[arg-type]
    root = _parse(render(document))
    words = "".join(root.find(".//t:body", NS).itertext())
    assert "Guevara" in words
    assert len(root.findall(".//t:sp", NS)) == sum(
        1 for b in document.blocks if b.kind == "turn" and b.attribution == "label"
    )


def test_hostile_text_stays_text() -> None:
    root = _parse(render(tricky_document()))
    assert root.findtext(".//t:titleStmt/t:title", namespaces=NS).startswith(
        "Talks & “Détente” [sic]"
    )
    body = "".join(root.find(".//t:body", NS).itertext())
    assert "<b>*not* markup</b>" in body and "Громыко & 周恩来" in body
    control = Document(Metadata(title="bad \x0b char"), (Block("paragraph", "x\x00y"),))
    assert _parse(render(control)).findtext(".//t:body//t:p", namespaces=NS) == "x\ufffdy"


def test_clean_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="printed"):
        render(tricky_document(), mode="clean")


def test_metadata_lands_where_tei_keeps_it() -> None:
    from tests.unit._cite_docs import frus_document

    root = _parse(render(frus_document()))
    series = root.find(".//t:fileDesc/t:seriesStmt", NS)
    assert series.findtext("t:title", namespaces=NS) == (
        "Foreign Relations of the United States, 1969–1976"
    )
    assert series.findtext("t:biblScope[@unit='volume']", namespaces=NS) == (
        "Volume XII, Soviet Union, January 1969–October 1970"
    )
    assert series.findtext("t:biblScope[@unit='document']", namespaces=NS) == "188"
    extra = root.find(".//t:notesStmt/t:note[@type='extra']", NS)
    assert (extra.get("n"), extra.text) == ("Editor", "Erin R. Mahan")
    assert root.find(".//t:publicationStmt/t:idno[@type='URL']", NS).text.endswith("/d188")
    assert root.find(".//t:creation/t:date", NS).text == "July 27, 1970, 8:45 a.m."
    # the order TEI requires inside fileDesc
    names = [etree.QName(c).localname for c in root.find(".//t:fileDesc", NS)]
    assert names == ["titleStmt", "publicationStmt", "seriesStmt", "notesStmt", "sourceDesc"]
