"""FRUS TEI and generic TEI: the corpus counts, the volume form, the agreed mapping,
and the hardening against hostile XML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.model.document import Document
from reader.model.formats import ParseError, parse_data
from reader.model.formats.frus_tei import INLINE_MAPPING, TEI_MAPPING, parse_xml


def _frus(corpus: Path, name: str) -> Document:
    path = corpus / "frus" / name
    [document] = parse_xml(path.read_bytes(), str(path))
    return document


def _counts_by_label(document: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for block in document.blocks:
        if block.attribution == "label":
            counts[block.label or ""] = counts.get(block.label or "", 0) + 1
    return counts


# ----------------------------------------------------------------------- corpus


def test_d61_turn_counts_names_and_roles(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v38p1_d61.xml")
    assert _counts_by_label(doc) == {"Ford": 15, "Brezhnev": 16, "Kissinger": 3, "Gromyko": 3}
    assert doc.turn_counts() == {"p_FGR_1": 15, "p_BLI_1": 16, "p_KHA_1": 3, "p_GAA_1": 3}
    brezhnev = doc.speaker("p_BLI_1")
    assert brezhnev is not None and brezhnev.name == "Leonid I. Brezhnev"
    assert brezhnev.labels == ("Brezhnev",) and brezhnev.slot == 1
    assert brezhnev.role and brezhnev.role.startswith("General Secretary")


def test_d61_metadata(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v38p1_d61.xml")
    meta = doc.metadata
    assert meta.title == "Memorandum of Conversation"
    assert meta.number == "61"
    assert meta.date == "1975-07-30"
    assert meta.date_text == "July 30, 1975, 9:35 a.m."
    assert meta.place == "Helsinki"
    # the volume as a citation prints it; the id kept for links and lookups
    assert meta.volume == "Volume XXXVIII, Part 1"
    assert ("volume id", "frus1969-76v38p1") in meta.extra
    assert meta.collection == "Foreign Relations of the United States, 1969–1976"
    assert meta.citation == (
        "Foreign Relations of the United States, 1969–1976, Volume XXXVIII, Part 1, Document 61"
    )
    assert meta.url == "https://history.state.gov/historicaldocuments/frus1969-76v38p1/d61"
    assert meta.archive_location and meta.archive_location.startswith("Ford Library")
    assert meta.subject == "US-Soviet Relations; Middle East; Emigration; Nuclear War"
    assert "Leonid I. Brezhnev, General Secretary" in meta.participants[0]
    assert "USSR:" not in meta.participants
    assert doc.source.part == "d61" and doc.source.format == "frus-tei"


def test_d61_source_note_footnotes_and_refs(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v38p1_d61.xml")
    source = [n for n in doc.notes if n.kind == "source"]
    assert len(source) == 1 and source[0].text.startswith("Source: Ford Library")
    footnotes = [n for n in doc.notes if n.kind == "footnote"]
    assert [n.label for n in footnotes] == ["2", "3", "4", "5", "6"]
    for note in footnotes:
        block = doc.blocks[note.block]  # type: ignore[index]
        [ref] = [s for s in block.spans if s.kind == "footnote-ref" and s.ref == note.id]
        assert block.text[ref.start : ref.end] == note.label
    fn2 = doc.note("d61fn2")
    assert fn2 is not None and fn2.text.startswith("Republican critics of détente")
    block = doc.blocks[fn2.block]  # type: ignore[index]
    assert "Republicans.2 They would" in block.text
    # the title carries no note text
    assert "Source" not in doc.metadata.title


def test_d61_page_breaks_and_stage_spans(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v38p1_d61.xml")
    pages = [s.ref for b in doc.blocks for s in b.spans if s.kind == "page-break"]
    assert pages == ["333", "334", "335", "336", "337", *pages[5:]]
    for block in doc.blocks:
        for span in block.spans:
            if span.kind == "page-break":
                assert span.start == span.end
    # a block after page 335 begins on it
    after = [b for b in doc.blocks if b.text.startswith("[To Kissinger] Were you present")]
    assert after[0].page == "335"
    laughter = [
        b.text[s.start : s.end]
        for b in doc.blocks
        for s in b.spans
        if s.kind == "stage" and "Laughter" in b.text[s.start : s.end]
    ]
    assert len(laughter) >= 5 and all(t == "[Laughter]" for t in laughter)
    hyland = next(b for b in doc.blocks if "Hyland" in b.text and b.text.startswith("[Mr."))
    assert hyland.kind == "stage" and hyland.speaker is None
    omitted = doc.blocks[next(i for i, b in enumerate(doc.blocks) if b.text.startswith("[Omitted"))]
    assert omitted.spans[0].kind == "editorial-note"


def test_d61_continuation_keeps_the_speaker(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v38p1_d61.xml")
    index = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("And critics of détente"))
    block = doc.blocks[index]
    assert (block.speaker, block.attribution, block.label) == ("p_FGR_1", "continuation", None)
    # docs/schema.md: continuations are kind "paragraph", so kind == "turn" counts turns
    assert block.kind == "paragraph"
    assert all(b.kind == "paragraph" for b in doc.blocks if b.attribution == "continuation")
    assert sum(b.kind == "turn" for b in doc.blocks) == 15 + 16 + 3 + 3
    # labelled turn text never includes the label or its colon
    first = next(b for b in doc.blocks if b.attribution == "label")
    assert first.text.startswith("Mr. General Secretary, I’d like")


def test_d188_one_letter_labels_in_two_markups(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v12_d188.xml")
    assert _counts_by_label(doc) == {"D": 12, "K": 12}
    assert [s.id for s in doc.speakers] == ["p_DAF1", "t_K1"]
    dobrynin = doc.speaker("p_DAF1")
    assert dobrynin is not None and dobrynin.name == "Dobrynin"  # from the head's persName
    # "K" is a <gloss> whose terms list is elsewhere in the volume: the head's Kissinger
    kissinger = doc.speaker("t_K1")
    assert kissinger is not None and kissinger.name == "Kissinger"
    assert kissinger.labels == ("K",)
    assert doc.metadata.date == "1970-07-27" and doc.metadata.place == "Washington"
    assert doc.metadata.number == "188"
    assert doc.metadata.title.startswith("Transcript of Telephone Conversation Between")
    assert doc.metadata.url == "https://history.state.gov/historicaldocuments/frus1969-76v12/d188"
    assert any(s.ref == "581" for b in doc.blocks for s in b.spans if s.kind == "page-break")


def test_d24_narrative_has_no_labelled_turns(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v12_d24.xml")
    assert not any(b.attribution == "label" for b in doc.blocks)
    assert doc.metadata.subject == "Middle East"
    assert doc.metadata.participants[0] == "Anatoliy F. Dobrynin, Soviet Ambassador"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["SUBJECT", "PARTICIPANTS"]
    reported = [b for b in doc.blocks if b.attribution == "reported"]
    assert reported, "narrative paragraphs are attributed by the reported-speech rules"
    assert any(b.speaker == "p_DAF1" and b.text.startswith("Dobrynin said") for b in reported)


#: Every block of d24 as a historian attributes it: (opening words, kind, speaker id).
#: The Secretary (Rogers, named only by office) and Dobrynin; the dateline, the
#: SUBJECT and PARTICIPANTS lists and the closing agreement report nobody's speech.
D24_BLOCKS = [
    ("Washington, March 8, 1969", "paragraph", None),
    ("SUBJECT", "heading", None),
    ("Middle East", "list", None),
    ("PARTICIPANTS", "heading", None),
    ("Anatoliy F. Dobrynin, Soviet Ambassador", "list", None),
    ("The Secretary", "list", None),
    ("Malcolm Toon, Acting Deputy Assistant Secretary", "list", None),
    # describes the trip, then "the Secretary said that the French position ..."
    ("The Secretary briefly described the President's trip", "paragraph", "the-secretary"),
    ("The Secretary said that we felt", "paragraph", "the-secretary"),
    # Dobrynin answers; "it was agreed that Mr. Sisco would meet ..." is the outcome
    ("Dobrynin said that the Soviet preference", "paragraph", "p_DAF1"),
    # the Secretary's proposals fill it; Dobrynin's agreement is the last sentence
    ("The Secretary suggested that the talks", "paragraph", "the-secretary"),
    # the Secretary asks for clarification at length (two sentences), Dobrynin replies
    ("There was a brief discussion of the Soviet December 30 plan", "paragraph",
     "the-secretary"),
    # "as Dobrynin pointed out" is the Secretary conceding a point, not Dobrynin speaking
    ("The Secretary made clear that we cannot persuade Israel", "paragraph", "the-secretary"),
    ("Dobrynin pointed out that there can be no peace", "paragraph", "p_DAF1"),
    ("It was agreed that these and other points", "paragraph", None),
]


def test_d24_every_paragraph_attributed_as_a_historian_would(corpus: Path) -> None:
    doc = _frus(corpus, "frus1969-76v12_d24.xml")
    assert len(doc.blocks) == len(D24_BLOCKS)
    for block, (opening, kind, speaker) in zip(doc.blocks, D24_BLOCKS, strict=True):
        assert block.text.startswith(opening), opening
        assert (block.kind, block.speaker) == (kind, speaker), opening
        assert block.attribution == ("reported" if speaker else None), opening
    assert {s.id: s.name for s in doc.speakers} == {
        "the-secretary": "The Secretary",
        "p_DAF1": "Anatoliy F. Dobrynin",
    }


_OFFICES = """
  <list type="participants"><head>PARTICIPANTS</head>
   <item><persName corresp="#p_DAF1">Anatoliy F. Dobrynin</persName>, Soviet Ambassador</item>
   <item>The Secretary</item>
   <item><persName corresp="#p_TM9">Malcolm Toon</persName>, Acting Deputy Assistant
    Secretary</item>
  </list>
  <p>Secretary Rogers told the Ambassador that talks could begin.</p>
  <p>The Ambassador replied that Moscow agreed in principle.</p>
  <p>Acting Deputy Assistant Secretary Toon noted the timetable.</p>"""


def test_office_forms_name_participants_in_narrative() -> None:
    """ "The Secretary" is Rogers where the volume's persons list has one Secretary of
    State; "the Ambassador" is the Soviet Ambassador; an Assistant Secretary is not
    "the Secretary"."""
    volume = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1969-76v12">
     <text><front><div><list type="persons">
      <item><persName xml:id="p_RWP1">Rogers, William P.</persName>, Secretary of State</item>
      <item><persName xml:id="p_DAF1">Dobrynin, Anatoliy F.</persName>, Soviet Ambassador</item>
     </list></div></front><body>{_DOC.format(body=_OFFICES)}</body></text></TEI>"""
    [doc] = parse_data(volume.encode(), "frus1969-76v12.xml")
    said = [(b.text.split()[1], b.speaker) for b in doc.blocks if b.attribution == "reported"]
    assert said == [("Rogers", "the-secretary"), ("Ambassador", "p_DAF1"), ("Deputy", "p_TM9")]


def _inner_div(xml: bytes) -> str:
    text = xml.decode("utf-8")
    return re.sub(r"^<div [^>]*?(type=\"document\")", r"<div \1", text, count=1)


def _synthetic_volume(corpus: Path) -> bytes:
    divs = "\n".join(
        _inner_div((corpus / "frus" / name).read_bytes())
        .replace('xmlns="http://www.tei-c.org/ns/1.0"', "")
        .replace('xmlns:frus="http://history.state.gov/frus/ns/1.0"', "")
        for name in (
            "frus1969-76v38p1_d61.xml",
            "frus1969-76v12_d24.xml",
            "frus1969-76v12_d188.xml",
        )
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
     xml:id="frus1969-76v12">
 <teiHeader><fileDesc><titleStmt>
  <title type="complete">Foreign Relations of the United States, 1969–1976, Volume XII,
   Soviet Union, January 1969–October 1970</title></titleStmt></fileDesc></teiHeader>
 <text><front><div xml:id="persons"><head>Persons</head>
  <list type="persons">
   <item><persName xml:id="p_FGR_1">Ford, Gerald R.</persName>,
    President of the United States</item>
   <item><persName xml:id="p_BLI_1">Brezhnev, Leonid I.</persName>,
    General Secretary of the CPSU</item>
   <item><persName xml:id="p_DAF1">Dobrynin, Anatoliy F.</persName>,
    Soviet Ambassador to the United States</item>
  </list></div>
  <div xml:id="terms"><list type="terms">
   <item><gloss xml:id="t_K1">K</gloss>, Henry A. Kissinger</item></list></div></front>
 <body><div type="chapter"><head>Chapter 1</head>{divs}</div></body></text></TEI>""".encode()


def test_synthetic_volume_uses_the_persons_list(corpus: Path) -> None:
    docs = parse_data(_synthetic_volume(corpus), "frus1969-76v12.xml")
    assert [d.source.part for d in docs] == ["d61", "d24", "d188"]
    d61, _d24, d188 = docs
    assert d61.turn_counts() == {"p_FGR_1": 15, "p_BLI_1": 16, "p_KHA_1": 3, "p_GAA_1": 3}
    ford = d61.speaker("p_FGR_1")
    assert ford is not None and ford.name == "Gerald R. Ford"
    assert ford.role == "President of the United States"
    dobrynin, kissinger = d188.speakers
    assert (dobrynin.name, dobrynin.role) == (
        "Anatoliy F. Dobrynin",
        "Soviet Ambassador to the United States",
    )
    assert kissinger.name == "Henry A. Kissinger" and kissinger.labels == ("K",)
    # the volume's complete title splits into the series and the volume designation
    assert d188.metadata.collection == "Foreign Relations of the United States, 1969–1976"
    assert d188.metadata.volume == "Volume XII, Soviet Union, January 1969–October 1970"
    assert ("volume id", "frus1969-76v12") in d188.metadata.extra
    assert d188.metadata.url == "https://history.state.gov/historicaldocuments/frus1969-76v12/d188"


# ----------------------------------------------------------------------- turns, synthetic

_DOC = """<div xmlns="http://www.tei-c.org/ns/1.0" type="document" xml:id="d5" n="5">
<head>5. Telegram From the Embassy<note type="source" n="1">Source: Somewhere.</note></head>
<opener><dateline><placeName>Moscow</placeName>, <date from="1970-02-01"
  to="1970-02-03">February 1-3, 1970</date></dateline></opener>
{body}
</div>"""


def _one(body: str) -> Document:
    [doc] = parse_xml(_DOC.format(body=body).encode(), "frus1969-76v12_d5.xml")
    return doc


_CALL = """<div xmlns="http://www.tei-c.org/ns/1.0" type="document" xml:id="d9" n="9">
<head>9. Telephone Conversation Between {head}<note type="source" n="1">Source:
 <persName corresp="#p_Z">Zed</persName> Papers.</note></head>
<p><gloss target="#t_K">K</gloss>: Hello.</p>
<p><gloss target="#t_D">D</gloss>: Good morning.</p>
<p>I saw <persName corresp="#p_KEN">Kennedy</persName> today.</p>
</div>"""


def _call(head: str) -> dict[str, str]:
    [doc] = parse_xml(_CALL.format(head=head).encode(), "frus1969-76v12_d9.xml")
    return {s.id: s.name for s in doc.speakers}


def test_one_letter_labels_take_the_names_in_the_heading() -> None:
    named = _call('<persName corresp="#p_K">Henry Kissinger</persName> and the Ambassador '
                  '(<persName corresp="#p_D">Dobrynin</persName>)')
    # Kennedy, named only in the text, is not a candidate for "K"
    assert named == {"t_K": "Henry Kissinger", "t_D": "Dobrynin"}
    # two people of the heading with the initial: the letter stays a letter
    named = _call('<persName>Kissinger</persName>, <persName>Kosygin</persName> and '
                  '<persName>Dobrynin</persName>')
    assert named == {"t_K": "K", "t_D": "Dobrynin"}
    # nobody in the heading: letters stay letters (the source note's Zed does not count)
    assert _call("Two Officials") == {"t_K": "K", "t_D": "D"}


def test_title_before_label_and_redaction() -> None:
    doc = _one(
        '<p>Secretary <persName corresp="#p_R">Rogers</persName>: We met '
        "[2 lines not declassified] today.</p>"
        '<p><gap reason="declassification"><desc>1 paragraph not declassified</desc></gap></p>'
    )
    turn, gap = doc.blocks[1:]
    assert (turn.label, turn.speaker, turn.attribution) == ("Secretary Rogers", "p_R", "label")
    assert turn.text == "We met [2 lines not declassified] today."
    [red] = [s for s in turn.spans if s.kind == "redaction"]
    assert turn.text[red.start : red.end] == "[2 lines not declassified]"
    assert gap.text == "[1 paragraph not declassified]"
    assert gap.spans[0].kind == "redaction"
    assert doc.metadata.date == "1970-02-01" and doc.metadata.place == "Moscow"
    assert doc.metadata.title == "Telegram From the Embassy"
    assert doc.metadata.document_type == "telegram"


def test_volume_header_titles_give_series_volume_and_editors() -> None:
    volume = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1969-76v38p1">
     <teiHeader><fileDesc><titleStmt>
      <title type="complete">Foreign Relations of the United States, 1969–1976, Volume
       XXXVIII, Part 1, Foundations of Foreign Policy, 1973–1976</title>
      <title type="series">Foreign Relations of the United States</title>
      <title type="sub-series">1969–1976</title>
      <title type="volume-number">Volume XXXVIII, Part 1</title>
      <title type="volume">Foundations of Foreign Policy, 1973–1976</title>
      <editor role="primary">Kristin L. Ahlberg</editor>
     </titleStmt></fileDesc></teiHeader>
     <text><body>{_DOC.format(body="<p>Words.</p>")}</body></text></TEI>"""
    [doc] = parse_data(volume.encode(), "whatever.xml")
    meta = doc.metadata
    assert meta.collection == "Foreign Relations of the United States, 1969–1976"
    assert meta.volume == "Volume XXXVIII, Part 1, Foundations of Foreign Policy, 1973–1976"
    assert meta.number == "5"
    assert meta.extra == (("volume id", "frus1969-76v38p1"), ("Editor", "Kristin L. Ahlberg"))
    assert meta.url == "https://history.state.gov/historicaldocuments/frus1969-76v38p1/d5"


def test_volume_designation_from_the_id_alone() -> None:
    [doc] = parse_xml(_DOC.format(body="<p>Words.</p>").encode(), "frus1964-68v04_d5.xml")
    meta = doc.metadata
    assert (meta.collection, meta.volume, meta.number) == (
        "Foreign Relations of the United States, 1964–1968", "Volume IV", "5"
    )
    assert meta.extra == (("volume id", "frus1964-68v04"),)


def test_a_colon_later_in_a_sentence_is_not_a_turn() -> None:
    doc = _one(
        '<p>The view of <persName corresp="#p_R">Rogers</persName>: firm.</p>'
        '<p><persName corresp="#p_R">Rogers</persName> said: no.</p>'
    )
    assert not any(b.attribution == "label" for b in doc.blocks)


def test_control_characters_in_xml_are_neutralised() -> None:
    doc = _one("<p>Text \u202e reversed and \u0085 next line.</p>")
    text = doc.blocks[-1].text
    assert "\u202e" not in text and "\u0085" not in text and "\ufffd" in text
    assert doc.warnings


# ----------------------------------------------------------------------- generic TEI

_GENERIC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
 <teiHeader>
  <fileDesc>
   <titleStmt><title>Record of Conversation between Mao and Khrushchev</title>
    <respStmt><resp>translated by</resp><persName>Vladislav Zubok</persName></respStmt>
   </titleStmt>
   <publicationStmt><p>archive-reader export</p></publicationStmt>
   <sourceDesc><msDesc><msIdentifier><repository>APRF</repository>
     <idno>f. 52, op. 1, d. 499</idno></msIdentifier></msDesc></sourceDesc>
  </fileDesc>
  <profileDesc>
   <langUsage><language ident="ru">Russian</language></langUsage>
   <particDesc><listPerson>
     <person xml:id="mao"><persName>Mao Zedong</persName></person>
     <person xml:id="khrushchev"><persName>N. S. Khrushchev</persName></person>
   </listPerson></particDesc>
  </profileDesc>
 </teiHeader>
 <text><body>
  <head>Beijing, 2 October 1959</head>
  <sp who="#khrushchev"><speaker>Khrushchev</speaker>
   <p>We met <supplied>Blas</supplied> Roca<sic/> and <note type="gloss">i.e., the Cubans</note>
      on <date type="editorial">on 13 October 1962</date><unclear/>.<note type="footnote" n="1"
      xml:id="fn1">A note.</note></p>
   <p>Second <stage rend="parens">laughs</stage> <stage rend="brackets">Laughter</stage>
      <stage>pauses</stage>.</p>
  </sp>
  <p><said who="#mao" direct="false">Mao said that he agreed.</said></p>
  <stage>After the meal</stage>
  <p>Text <note type="translator">illegible</note> <note type="editorial">Omitted here</note>
     <gap reason="declassification"><desc>1 line not declassified</desc></gap>
     <stamp>Declassified</stamp> <pb n="12"/>end.</p>
  <list><item>First item</item><item>Second item</item></list>
  <p type="closing">Signed, N. S. Khrushchev</p>
 </body></text>
</TEI>"""


def test_generic_tei_mapping() -> None:
    [doc] = parse_xml(_GENERIC.encode(), "export.xml")
    meta = doc.metadata
    assert meta.title == "Record of Conversation between Mao and Khrushchev"
    assert meta.translator == "Vladislav Zubok"
    assert (meta.archive, meta.archive_location) == ("APRF", "f. 52, op. 1, d. 499")
    assert meta.original_language == "Russian"
    kinds = [b.kind for b in doc.blocks]
    # docs/schema.md: a continuation keeps kind "paragraph" (it has no label of its own)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [
        "heading", "turn", "paragraph", "paragraph", "stage", "paragraph", "list", "list", "closing"
    ]
    first, second, said = doc.blocks[1:4]
    assert (first.label, first.speaker, first.attribution) == ("Khrushchev", "khrushchev", "label")
    assert (second.speaker, second.attribution, second.label) == (
        "khrushchev",
        "continuation",
        None,
    )
    assert (said.speaker, said.attribution) == ("mao", "reported")
    assert first.text == (
        "We met [Blas] Roca[sic] and [i.e., the Cubans] on [on 13 October 1962][?].1"
    )
    shown = [(s.kind, first.text[s.start : s.end], s.ref) for s in first.spans]
    assert shown == [
        ("supplied", "[Blas]", None),
        ("sic", "[sic]", None),
        ("gloss", "[i.e., the Cubans]", None),
        ("date", "[on 13 October 1962]", None),
        ("uncertain", "[?]", None),
        ("footnote-ref", "1", "fn1"),
    ]
    assert doc.note("fn1") is not None and doc.note("fn1").text == "A note."  # type: ignore[union-attr]
    assert doc.note("fn1").block == 1  # type: ignore[union-attr]
    assert second.text == "Second (laughs) [Laughter] pauses."
    printed = [second.text[s.start : s.end] for s in second.spans]
    assert printed == ["(laughs)", "[Laughter]", "pauses"]
    assert all(s.kind == "stage" for s in second.spans)
    other = doc.blocks[5]
    assert other.text == (
        "Text [illegible] [Omitted here] [1 line not declassified] Declassified end."
    )
    kinds_text = [(s.kind, other.text[s.start : s.end], s.ref) for s in other.spans]
    assert kinds_text == [
        ("translator-note", "[illegible]", None),
        ("editorial-note", "[Omitted here]", None),
        ("redaction", "[1 line not declassified]", None),
        ("stamp", "Declassified", None),
        ("page-break", "", "12"),
    ]
    names = {s.id: s.name for s in doc.speakers}
    assert names == {"khrushchev": "N. S. Khrushchev", "mao": "Mao Zedong"}
    assert doc.blocks[-1].text == "Signed, N. S. Khrushchev"


def test_mapping_tables_cover_the_agreed_elements() -> None:
    kinds = {rule[0] for rule in INLINE_MAPPING.values()}
    assert kinds >= {"supplied", "gloss", "date", "sic", "uncertain", "translator-note",
                     "editorial-note", "stage", "redaction", "stamp"}
    targets = " ".join(target for _, target in TEI_MAPPING)
    for field in ("title", "translator", "archive", "archive_location", "original_language"):
        assert f"metadata.{field}" in targets


# ----------------------------------------------------------------------- hostile XML

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&lol4;</p></body></text></TEI>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&secret;</p></body></text></TEI>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
def test_entities_are_refused(data: bytes) -> None:
    with pytest.raises(ParseError, match="refused: the file declares XML entities"):
        parse_data(data, "evil.xml")


def test_utf16_entity_bomb_is_refused_too() -> None:
    data = BILLION_LAUGHS.decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
    )
    with pytest.raises(ParseError, match="entities"):
        parse_data(data.encode("utf-16"), "evil16.xml")


def test_undeclared_entity_is_a_parse_error() -> None:
    data = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>'
    with pytest.raises(ParseError, match=r"not well-formed XML \(line 1"):
        parse_xml(data, "x.xml")


def test_malformed_xml_reports_its_line() -> None:
    data = b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<p>open\n</TEI>'
    with pytest.raises(ParseError, match=r"bad\.xml: not well-formed XML \(line 5"):
        parse_data(data, "bad.xml")


def test_non_tei_root_is_refused() -> None:
    with pytest.raises(ParseError, match=r"not a TEI document \(root element <rss>\)"):
        parse_data(b'<?xml version="1.0"?><rss><channel/></rss>', "feed.xml")


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?><TEI>café</TEI>'.encode("latin-1"),
         r"declares encoding 'UTF-8' but its bytes are not valid UTF-8 \(byte 0xe9 on line 1\)"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?><TEI>café</TEI>'.encode(),
         r"says encoding 'ISO-8859-1' but the bytes are UTF-8"),
        (b'<?xml version="1.0" encoding="UTF-16"?><TEI/>', r"single-byte text"),
        (b'\xef\xbb\xbf<?xml version="1.0" encoding="latin-1"?><TEI/>', r"UTF-8 byte-order mark"),
        (b'<?xml version="1.0" encoding="klingon"?><TEI/>', r"unknown encoding 'klingon'"),
    ],
    ids=["latin1-as-utf8", "utf8-as-latin1", "utf16-lie", "bom-lie", "unknown"],
)
def test_lying_encoding_declarations(data: bytes, pattern: str) -> None:
    with pytest.raises(ParseError, match=pattern):
        parse_data(data, "liar.xml")


def test_honest_latin1_and_utf16_volumes_parse() -> None:
    body = _DOC.format(body='<p><persName corresp="#p_G">Gromyko</persName>: Très bien.</p>')
    latin = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body).encode("latin-1")
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>\n' + body).encode("utf-16")
    for data in (latin, utf16):
        [doc] = parse_data(data, "frus1969-76v12_d5.xml")
        assert doc.blocks[-1].text == "Très bien." and doc.blocks[-1].label == "Gromyko"


def test_generic_tei_notes_on_the_whole_document_are_kept() -> None:
    """A source note in notesStmt (our exporter) or sourceDesc (older exports) is a Note."""
    for place in ("notesStmt", "sourceDesc"):
        data = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
         <titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>
         {'<notesStmt>' if place == 'notesStmt' else ''}
         {'' if place == 'notesStmt' else '<sourceDesc>'}
          <note type="source" xml:id="d9fn1" n="1">Source: National
            Archives, RG 59.</note>
          <note type="translator" xml:id="tn">Translated from the Russian.</note>
         {'</notesStmt><sourceDesc><p/></sourceDesc>' if place == 'notesStmt' else '</sourceDesc>'}
        </fileDesc></teiHeader><text><body><p>Words.</p></body></text></TEI>"""
        [doc] = parse_xml(data.encode(), "x.xml")
        assert [(n.id, n.kind, n.text, n.label, n.block) for n in doc.notes] == [
            ("d9fn1", "source", "Source: National Archives, RG 59.", "1", None),
            ("tn", "translator", "Translated from the Russian.", None, None),
        ], place
        assert [b.text for b in doc.blocks] == ["Words."]


def test_persons_list_entry_with_an_empty_name_does_not_crash() -> None:
    """<persName xml:id="p1"/> with no text once raised "empty separator"."""
    from reader.model.formats import parse_data

    volume = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><front><div type="section">'
        b'<list type="persons"><item><persName xml:id="p1"/>, nobody</item></list></div>'
        b'</front><body><div type="document" n="1" xml:id="d1"><head>1. Memo</head>'
        b"<p>Hello.</p></div></body></text></TEI>"
    )
    (document,) = parse_data(volume, "v.xml")
    assert [b.text for b in document.blocks if b.kind == "paragraph"] == ["Hello."]


def test_a_parser_bug_is_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """No traceback for users, even when our own rules fail on a document."""
    from reader.model.formats import ParseError, frus_tei, parse_data

    def broken(data: bytes, path: str | None) -> list[object]:
        raise ValueError("empty separator")

    monkeypatch.setattr(frus_tei, "parse_xml", broken)
    with pytest.raises(ParseError, match=r"frus-tei parser failed .*ValueError: empty separator"):
        parse_data(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', "x.xml")


def test_italics_are_emphasis_over_their_words() -> None:
    xml = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document">'
        b'<list type="participants"><item>\n  <hi rend="italic">\n   USSR:</hi>\n</item></list>'
        b'<p>He said this<hi rend="italic"> is</hi> the way, and <hi rend="italic">Pravda</hi>'
        b" agreed.</p></div></body></text></TEI>"
    )
    document = parse_data(xml, "t.xml")[0]
    shown = [
        (b.text, [b.text[s.start : s.end] for s in b.spans if s.kind == "emphasis"])
        for b in document.blocks
    ]
    assert shown == [
        ("USSR:", ["USSR:"]),
        ("He said this is the way, and Pravda agreed.", ["is", "Pravda"]),
    ]


def test_d61_italics(corpus: Path) -> None:
    document = _frus(corpus, "frus1969-76v38p1_d61.xml")
    emphasised = [
        b.text[s.start : s.end] for b in document.blocks for s in b.spans if s.kind == "emphasis"
    ]
    assert emphasised[:2] == ["USSR:", "US:"] and "is" in emphasised
