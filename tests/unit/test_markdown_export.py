"""Markdown export: readable, and document text never turns into markup."""

from __future__ import annotations

import pytest

from reader.model.export.markdown_format import escape, render
from reader.model.formats import parse_file
from tests.conftest import SEED_000, SEED_004
from tests.unit._cite_docs import frus_document, tricky_document


def test_seed_004_turns_and_brackets() -> None:
    out = render(parse_file(SEED_004)[0])
    assert out.startswith("# Memorandum of Conversation between Ernesto 'Che' Guevara")
    assert "- **Archival location:** PRC FMA 109-03157-01, 1-10" in out
    assert "- **Translator:** Zhang Qian" in out
    assert "**Guevara:** *(on sitting down)* please forgive" in out
    assert "\\[on 13 October 1962\\]" in out and "Comrade \\[Blas\\] Roca" in out
    assert "**Ambassador Shen:** What happened in Cuba" in out
    assert "*(After the meal)*" in out
    # no unescaped bracket anywhere outside our own footnote syntax
    for line in out.splitlines():
        assert "[" not in line.replace("\\[", "")


def test_clean_mode_hides_apparatus() -> None:
    out = render(parse_file(SEED_004)[0], mode="clean")
    assert "Comrade Blas Roca" in out
    assert "13 October 1962" not in out and "[i.e., the Soviets]" not in out
    assert "these people having removed" in out


def test_seed_000_stamp_and_translator_note() -> None:
    out = render(parse_file(SEED_000)[0])
    assert "\\[Stamp\\]: Declassified" in out
    assert "\\[Translator’s note:" in out


def test_frus_footnotes_and_page_markers() -> None:
    out = render(frus_document())
    assert "**D:** Two things I would like to mention.[^1] Then" in out
    assert "[^1]: July 29." in out
    assert "*\\[p. 581\\]*What does \\[sic\\] mutual mean? *\\[Laughter\\]*" in out
    assert "*Source: Library of Congress.*" in out
    clean = render(frus_document(), mode="clean")
    assert "p. 581" not in clean and "[sic]" not in clean and "\\[sic\\]" not in clean
    assert "What does mutual mean?" in clean


def test_markup_in_text_is_escaped() -> None:
    out = render(tricky_document())
    assert "<b>" not in out and "\\<b\\>\\*not\\* markup\\</b\\>" in out
    assert "Громыко & 周恩来" in out and "\\[sic\\]" in out
    assert (
        escape("# not a heading\n1. not a list\n- no")
        == "\\# not a heading\n1\\. not a list\n\\- no"
    )
    assert escape("[link](http://x)") == "\\[link\\](http://x)"
    assert escape("&amp; stays") == "\\&amp; stays"


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        render(frus_document(), mode="fancy")


def test_clean_mode_agrees_with_the_reading_view() -> None:
    """Same words as reading.view(block, "clean"); Markdown adds only escapes and italics."""
    import re

    from reader.model.reading import view

    for path in (SEED_000, SEED_004):
        document = parse_file(path)[0]
        out = render(document, mode="clean")
        for block in document.blocks:
            words = " ".join(view(block, "clean").text.split())
            if not words:
                continue
            plain = re.sub(r"\\(.)", r"\1", out).replace("*", "")
            assert words.replace("*", "") in plain, words[:60]


def test_emphasis_is_markdown_emphasis() -> None:
    from reader.model.document import Block, Document, Metadata, Span

    text = "He did not suspect [sic] it, 2 * 3."
    document = Document(
        Metadata(title="Emphasis"),
        (Block("paragraph", text, spans=(Span("emphasis", 7, 10),
                                         Span("sic", 19, 24))),),
    )
    out = render(document)
    assert "He did *not* suspect \\[sic\\] it, 2 \\* 3." in out
