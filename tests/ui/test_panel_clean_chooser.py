"""The apparatus panel and a/A telling the truth: the highlight only on the current
passage's entries, entries the clean mode hides marked and skipped, wrapped entries
indented under their own text; the speaker chooser counting as the header does; the
bookmark dialog's fields on a short screen."""

from __future__ import annotations

from textual.geometry import Region
from textual.style import Style as VisualStyle

from reader.model.document import Block, Document, Metadata, Span, Speaker
from reader.model.reading import hidden_in
from reader.screens.bookmark_dialog import BookmarkDialog
from reader.screens.speaker_chooser import SpeakerChooser
from tests.conftest import SEED_000
from tests.ui.fixtures import app_for, dialogue, option_texts, ready, seed_004_app


async def test_chooser_counts_reported_passages_as_the_header_does() -> None:
    app = app_for(paths=[str(SEED_000)])
    async with app.run_test(size=(160, 40)) as pilot:
        main = await ready(app, pilot)
        await pilot.pause(0.05)
        header = main.header
        assert header.counted
        document = main.transcript.document
        assert document is not None
        legend = [header._tally(s.id) for s in sorted(document.speakers, key=lambda s: s.slot)]
        assert legend == ["8 reported", "5 reported"]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerChooser)
        texts = option_texts(app.screen.query_one("OptionList"))
        assert texts == [
            f"{s.name}  ({tally})" for s, tally in zip(app.screen.speakers, legend, strict=True)
        ]
        assert not any("0 turns" in t for t in texts)


def _highlight_drawn(panel) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of the panel's lines drawn with the highlight bar's background."""
    background = panel.get_component_rich_style("option-list--option-highlighted").bgcolor
    strips = panel.render_lines(Region(0, 0, *panel.size))
    return [
        strip.text.strip()
        for strip in strips
        if any(s.style is not None and s.style.bgcolor == background and s.text.strip()
               for s in strip)
    ]


async def test_no_entry_is_highlighted_on_a_passage_without_entries() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 30)) as pilot:
        main = await ready(app, pilot)
        panel, transcript = main.apparatus, main.transcript
        await pilot.pause()
        assert transcript.cursor == 0 and panel.entries_of(0) == []
        assert panel.highlighted is None and _highlight_drawn(panel) == []
        await pilot.press("j")  # passage 2: [on 1 May 1960]
        await pilot.pause()
        assert panel.highlighted is not None
        assert panel.entries[panel.highlighted] == panel.entries_of(1)[0]
        assert [line.startswith("▶ [on 1 May 1960]") for line in _highlight_drawn(panel)] == [True]
        await pilot.press("j")  # passage 3: nothing of the editors'
        await pilot.pause()
        assert panel.entries_of(2) == []
        assert panel.highlighted is None
        assert _highlight_drawn(panel) == []
        assert not any(text.startswith("▶") for text in option_texts(panel))
        await pilot.press("j")  # passage 4: the highlight comes back with its entries
        await pilot.pause()
        assert panel.highlighted is not None
        assert panel.entries[panel.highlighted] in panel.entries_of(3)


async def test_clean_mode_a_passes_over_entries_it_hides_and_the_panel_says_so() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 30)) as pilot:
        main = await ready(app, pilot)
        transcript, panel = main.transcript, main.apparatus
        document = transcript.document
        assert document is not None
        assert not any("hidden" in text for text in option_texts(panel))
        await pilot.press("e")
        await pilot.pause()
        assert transcript.mode == "clean"
        stops = []
        for _ in range(6):
            await pilot.press("a")
            await pilot.pause()
            assert transcript._focus_span is not None
            if transcript._focus_span in stops:
                break
            stops.append(transcript._focus_span)
        # [on 1 May 1960], [sic] and the footnote marker are cut from the clean text
        assert stops == [(3, 0, 10), (3, 24, 30), (6, 7, 34)]
        for block, start, end in stops:
            assert not hidden_in(document.blocks[block], start, end, "clean")
        back = []
        for _ in range(3):
            await pilot.press("A")
            await pilot.pause()
            back.append(transcript._focus_span)
        assert back == [(3, 24, 30), (3, 0, 10), (3, 0, 10)]  # nothing shown before
        texts = option_texts(panel)
        assert " dates (1) · hidden" in texts and " [sic] (1) · hidden" in texts
        assert " supplied words (1)" in texts  # its words stay: only the brackets go
        # in the printed mode a stops on them all again, and nothing is said hidden
        await pilot.press("e")
        await pilot.pause()
        assert not any("hidden" in text for text in option_texts(panel))
        transcript.move_cursor(0)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert transcript._focus_span == (1, 9, 24)


def _long_entries() -> Document:
    speaker = Speaker("ana", "Ana Ortiz", ("Ortiz",), 0)
    text = ("He spoke of [i.e. the deployment of medium-range missiles in Cuba by the "
            "Soviet Union in the autumn] and [the Soviets] again.")
    first = text.index("[i.e.")
    second = text.index("[the Soviets]")
    spans = (Span("gloss", first, text.index("]") + 1), Span("gloss", second, second + 13))
    return Document(
        Metadata(title="Long entries"),
        (Block("turn", text, "ana", "Ortiz", "label", spans),),
        (speaker,),
    )


async def test_a_wrapped_entry_is_indented_under_its_own_text() -> None:
    for size in [(120, 30), (80, 24)]:
        app = app_for([_long_entries()])
        async with app.run_test(size=size) as pilot:
            main = await ready(app, pilot)
            panel = main.apparatus
            await pilot.pause()
            long = next(i for i, e in enumerate(panel.entries) if e and e.text.startswith("[i.e."))
            if not panel.region.width:  # narrow: the panel is shown on asking (p)
                await pilot.press("p")
                await pilot.pause()
            assert panel.region.width < 40
            panel._update_lines()
            height = panel._heights[long]
            assert height > 1, "the entry is meant to wrap at this width"
            lines = panel._get_option_render(panel.get_option_at_index(long), VisualStyle())
            texts = [strip.text.rstrip() for strip in lines]
            assert len(texts) == height
            assert texts[0].startswith("▶ [i.e. the")
            for line in texts[1:]:  # under the text, after the mark
                assert line.startswith("  ") and line[2] != " ", texts
            assert texts[-1].endswith("¶1")
            # the next entry starts on a line of its own, as before
            short = panel._get_option_render(panel.get_option_at_index(long + 1), VisualStyle())
            assert short[0].text.startswith("▶ [the Soviets]")


async def test_bookmark_dialog_keeps_its_fields_on_a_short_screen() -> None:
    # 40x12: two lines of the quote (it scrolls); 80x24: all six, as before
    for size, quote_lines in [((40, 12), 2), ((80, 24), 6)]:
        app = seed_004_app()
        async with app.run_test(size=size) as pilot:
            await ready(app, pilot)
            await pilot.press("j", "j", "m")
            await pilot.pause()
            assert isinstance(app.screen, BookmarkDialog)
            screen = app.screen.size
            note, tags = app.screen.query_one("#note"), app.screen.query_one("#tags")
            assert app.focused is note
            for field in (note, tags):
                assert field.region.height == 3
                assert 0 <= field.region.y and field.region.bottom <= screen.height
            # the long passage's quote is still there, in what the fields leave it
            assert app.screen.query_one("#quote").region.height == quote_lines
            await pilot.press("a", "b", "c")
            assert "abc" in "".join(
                s.text for s in app.screen._compositor.render_strips()
            )
