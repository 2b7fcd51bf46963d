"""Words the source prints in italics: italic in the transcript, and never taken for
the editors' hand (not in the apparatus panel, not a stop for a / A)."""

from __future__ import annotations

from rich.style import Style

from reader.model.document import Block, Document, Metadata, Span, Speaker
from tests.ui.fixtures import app_for, option_texts


def _document() -> Document:
    first = "He did not suspect the Governor-General [sic] at all."
    second = "A plain passage."
    third = "It was very close [laughs]."
    return Document(
        Metadata(title="Emphasis"),
        (
            Block("turn", first, "ana", "Ortiz", "label", (
                Span("emphasis", 7, 10),
                Span("sic", first.index("[sic]"), first.index("[sic]") + 5),
            )),
            Block("turn", second, "ana", None, "continuation"),
            Block("turn", third, "ana", "Ortiz", "label", (
                Span("emphasis", 7, 11),
                Span("stage", third.index("[laughs]"), third.index("[laughs]") + 8),
            )),
        ),
        (Speaker("ana", "Ana Ortiz", ("Ortiz",), 0),),
    )


async def test_emphasis_is_italic_and_not_apparatus() -> None:
    app = app_for([_document()])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        main = app.main
        transcript = main.transcript
        strip = transcript._render_block_line(0, 0, Style())
        italic = "".join(s.text for s in strip if s.style is not None and s.style.italic)
        assert "not" in italic and "suspect" not in italic
        # the panel lists the [sic] and the stage direction, not the italics
        panel = main.apparatus
        shown = "\n".join(option_texts(panel))
        assert "[sic]" in shown and "[laughs]" in shown
        assert "not  ¶" not in shown and "very" not in shown
        # a / A go from [sic] to [laughs], past both emphasised words
        assert [e for e in transcript.apparatus_entries()] == [
            (0, _document().blocks[0].text.index("[sic]"),
             _document().blocks[0].text.index("[sic]") + 5),
            (2, 18, 26),
        ]
        await pilot.press("a")
        await pilot.pause()
        assert transcript.cursor == 0 and transcript._focus_span is not None
        await pilot.press("a")
        await pilot.pause()
        assert transcript.cursor == 2
        assert transcript._focus_span[1:] == (18, 26)
