"""Tables: the layout in reader.model.tables, Markdown tables in DFAT text, and both
exports (TEI round trip, Markdown)."""

from __future__ import annotations

from reader.model.document import Block, Document, Metadata, Span
from reader.model.export.markdown_format import render as markdown
from reader.model.export.tei_format import render as tei
from reader.model.formats import parse_data
from reader.model.tables import cell_ranges, format_table

# DFAT's Markdown, hard line breaks ("  " at a line's end) and all
DFAT = (
    "---\ntitle: Population\n---\n\nPOPULATION\n\n"
    "|  _1960  \n(million)_|  _1975  \n(million)_  \n---|---|---  \n"
    "U.K.| 51.6| 55.5  \nU.S.S.R.| 215| 275  \n\n"
    "The figures speak (for themselves).\n"
)


def test_columns_line_up_and_cells_come_back() -> None:
    text = format_table([["", "1960", "1975"], ["U.K.", "51.6", "55.5"], ["U.S.S.R.", "215"]])
    assert text.split("\n") == [
        "         │ 1960 │ 1975",
        "U.K.     │ 51.6 │ 55.5",
        "U.S.S.R. │ 215",
    ]
    cells = [[text[a:b] for a, b in row] for row in cell_ranges(text)]
    assert cells == [["", "1960", "1975"], ["U.K.", "51.6", "55.5"], ["U.S.S.R.", "215"]]


def test_empty_cells_at_the_end_of_a_row_are_dropped() -> None:
    text = format_table([["a", "b", ""], ["c", "", ""]])
    assert text == "a │ b\nc"
    assert [[text[s:e] for s, e in row] for row in cell_ranges(text)] == [["a", "b"], ["c"]]


def _table(document: Document) -> Block:
    return next(b for b in document.blocks if b.kind == "table")


def test_a_markdown_table_is_one_table_block() -> None:
    document = parse_data(DFAT.encode(), "t.txt")[0]
    table = _table(document)
    # the header ran over three lines; its leading pipe is the row labels' empty cell
    assert table.text.split("\n") == [
        "         │ 1960 (million) │ 1975 (million)",
        "U.K.     │ 51.6           │ 55.5",
        "U.S.S.R. │ 215            │ 275",
    ]
    assert [table.text[s.start : s.end] for s in table.spans] == [
        "1960 (million)", "1975 (million)",
    ]
    assert {s.kind for s in table.spans} == {"emphasis"}  # "(million)" is no stage direction
    # the paragraph after the table is still a paragraph, with its parenthesis
    assert document.blocks[-1].text == "The figures speak (for themselves)."


def test_a_pipe_in_prose_is_not_a_table() -> None:
    text = "---\ntitle: Pipes\n---\n\nEither a | b or\nc | d, said he.\n"
    document = parse_data(text.encode(), "t.txt")[0]
    assert not any(b.kind == "table" for b in document.blocks)


def _document() -> Document:
    text = format_table([["Country", "1958 £m"], ["India", "15.9"], ["Hong | Kong", "2.1"]])
    start = text.index("1958")
    return Document(
        Metadata(title="Trade"),
        (
            Block("paragraph", "Trade figures."),
            Block("table", text, spans=(Span("emphasis", start, start + 7),)),
        ),
    )


def test_tei_keeps_cells_and_round_trips() -> None:
    document = _document()
    xml = tei(document)
    assert "<cell>India</cell>" in xml and '<cell><hi rend="italic">1958 £m</hi></cell>' in xml
    back = parse_data(xml.encode(), "t.xml")[0]
    table = _table(back)
    assert table.text == _table(document).text
    assert table.spans == _table(document).spans


def test_markdown_export_writes_a_table() -> None:
    # cells keep their italics; only inline characters are escaped there ("15.9" opens
    # no list inside a cell, a "|" would end it)
    out = markdown(_document())
    assert "| Country | *1958 £m* |\n|---|---|\n| India | 15.9 |\n| Hong \\| Kong | 2.1 |" in out


def test_a_cell_holding_the_separator_keeps_its_cells_apart() -> None:
    text = format_table([["a │ b", "c"]])
    assert text == "a ¦ b │ c"
    assert [[text[s:e] for s, e in row] for row in cell_ranges(text)] == [["a ¦ b", "c"]]


def test_a_rule_with_nothing_in_it_stays_as_printed() -> None:
    document = parse_data(b"---\ntitle: x\n---\n\nA.\n\n|\n---|---\n\nB.\n", "t.txt")[0]
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("paragraph", "A."), ("paragraph", "| ---|---"), ("paragraph", "B."),
    ]


# DFAT breaks lines inside body cells too: a second header row under the rule whose
# italics run over three lines, a row label whose parenthesis closes on the next line,
# and a label row with nothing in its other cells.
DFAT_CELLS = (
    "---\ntitle: Losses\n---\n\nLOSSES\n\n"
    "|  _Exports_|  _Loss_  \n---|---  \n"
    "|  _Value_|  _% of  \nTotal  \nExports_|  _Value_  \n"
    "Dairy (butter  \nand cheese)| 27.6| 70%| 27.6  \n"
    "Canned Fruit| | |  \n"
    "–Pears| 9.3| 82%| 4.6  \n"
)


def test_a_cell_that_goes_on_over_lines_is_one_cell() -> None:
    table = _table(parse_data(DFAT_CELLS.encode(), "t.txt")[0])
    rows = [[table.text[a:b] for a, b in row] for row in cell_ranges(table.text)]
    assert rows == [
        ["", "Exports", "Loss"],
        ["", "Value", "% of Total Exports", "Value"],  # the leading pipe: an empty cell
        ["Dairy (butter and cheese)", "27.6", "70%", "27.6"],
        ["Canned Fruit"],  # closed on its own line: the next line is a new row
        ["–Pears", "9.3", "82%", "4.6"],
    ]
    # the italics that ran over three lines are italics, without their underscores
    italic = [table.text[s.start : s.end] for s in table.spans if s.kind == "emphasis"]
    assert italic == ["Exports", "Loss", "Value", "% of Total Exports", "Value"]


def test_a_line_of_two_italic_cells_keeps_both_spans() -> None:
    # a whole line in italics loses its markers, but "_a_|  _b_" is two spans, not one
    # from the first marker to the last (which left "Establishment_ │ _Strength")
    text = "---\ntitle: RAF\n---\n\n _Establishment_|  _Strength_  \n---|---  \n146| 152  \n"
    table = _table(parse_data(text.encode(), "t.txt")[0])
    assert table.text.split("\n") == ["Establishment │ Strength", "146           │ 152"]
    italic = [table.text[s.start : s.end] for s in table.spans if s.kind == "emphasis"]
    assert italic == ["Establishment", "Strength"]


def test_parentheses_in_a_table_are_no_stage_direction_after_a_tei_round_trip() -> None:
    # vol. 27 no. 262: in prose this would read as a stage direction, in a table it is
    # a row label. The Markdown and TEI readers ask apparatus.find_spans(table=True).
    from reader.model.apparatus import find_spans

    rows = [
        ["Manufactures", "103.6"],
        ["(All items where Aust. exports to UK exceed $20,000)"],
        ["Leather", "3.2"],
    ]
    text = format_table(rows)
    assert [s.kind for s in find_spans(text)] == ["stage"]  # read as prose
    assert find_spans(text, table=True) == []
    document = Document(Metadata(title="Manufactures"), (Block("table", text),))
    back = _table(parse_data(tei(document).encode(), "t.xml")[0])
    assert back.text == text
    assert back.spans == ()
    markdown = "---\ntitle: M\n---\n\n|  _1968_  \n---|---  \n" + "".join(
        "| ".join(row) + "  \n" for row in rows
    )
    assert "stage" not in {s.kind for s in _table(parse_data(markdown.encode(), "t.txt")[0]).spans}


def test_a_second_tables_rule_line_is_not_a_row() -> None:
    # DFAT prints a table's second part with its own header and rule, no blank line
    text = (
        "---\ntitle: Two parts\n---\n\n"
        "|  _1968_  \n---|---  \nWool| 2.2  \n|  _1969_  \n---|---  \nMeat| 3.1  \n"
    )
    table = _table(parse_data(text.encode(), "t.txt")[0])
    rows = [[table.text[a:b] for a, b in row] for row in cell_ranges(table.text)]
    assert rows == [["", "1968"], ["Wool", "2.2"], ["", "1969"], ["Meat", "3.1"]]


def test_italics_never_run_across_a_cell_separator() -> None:
    # unbalanced markers in two cells are not one span over both: a span across cells
    # could not be written back as TEI (each <cell> holds its own <hi>)
    text = "---\ntitle: x\n---\n\n|  _Value| Loss_  \n---|---  \nA| 1  \n"
    document = parse_data(text.encode(), "t.txt")[0]
    table = _table(document)
    assert all("│" not in table.text[s.start : s.end] for s in table.spans)
    back = _table(parse_data(tei(document).encode(), "t.xml")[0])
    assert (back.text, back.spans) == (table.text, table.spans)


def test_markdown_table_cells_keep_footnotes_and_follow_the_reading_mode() -> None:
    from reader.model.document import Note

    text = format_table([["Sugar [1]", "39.2 [i.e. million]"], ["Wine", "1.2"]])
    ref, gloss = text.index("[1]"), text.index("[i.e. million]")
    table = Block("table", text, spans=(
        Span("footnote-ref", ref, ref + 3, "n1"),
        Span("gloss", gloss, gloss + len("[i.e. million]")),
    ))  # fmt: skip
    document = Document(Metadata(title="T"), (table,),
                        notes=(Note("n1", "footnote", "Raw sugar.", "1", 0),))  # fmt: skip
    printed = markdown(document)
    assert "| Sugar [^1] | 39.2 \\[i.e. million\\] |" in printed
    assert "[^1]: Raw sugar." in printed
    assert "| Sugar [^1] | 39.2 |" in markdown(document, mode="clean")


def test_text_export_keeps_a_tables_rows_and_a_lists_items_on_lines() -> None:
    from reader.model.export.text_format import render as text

    rows = [["", "1960", "1975"], ["U.K.", "51.6", "55.5"], ["U.S.S.R.", "215", "275"]]
    document = Document(
        Metadata(title="Figures"),
        (
            Block("list", "Present:\nDr. Evatt\nSir  Frederic Eggleston"),
            Block("table", format_table(rows)),
            Block("paragraph", "The figures\nspeak."),
        ),
    )
    assert text(document).split("\n\n")[1:] == [
        "Present:\nDr. Evatt\nSir Frederic Eggleston",
        "         │ 1960 │ 1975\nU.K.     │ 51.6 │ 55.5\nU.S.S.R. │ 215  │ 275",
        "The figures speak.\n",  # prose is still one paragraph
    ]
