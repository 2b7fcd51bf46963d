"""The find bar (issue 5 item 1), driven with Pilot on documents built by hand."""

from __future__ import annotations

from textual.geometry import Region

from reader.model.document import Block, Document, Metadata, Speaker
from reader.widgets.find_bar import DEBOUNCE, FindBar
from tests.ui.fixtures import app_for, dialogue


def counted() -> Document:
    """17 "missile(s)" in 9 blocks (one "Missile" with a capital), and "war"/"warm"."""
    speakers = (Speaker("shen", "Shen Jian", ("Shen", "Ambassador Shen"), 0),
                Speaker("che", "Ernesto Guevara", ("Guevara",), 1))
    texts = [
        ("shen", "The missile question. missile, missile."),          # 3
        ("che", "No missile here? One missile."),                      # 2
        ("shen", "Nothing at all."),
        ("che", "A missile and a missile and a missile."),             # 3
        ("shen", "Missile with a capital; the war was warm."),         # 1
        ("che", "missile"),                                            # 1
        ("shen", "Two: missile missile."),                             # 2
        ("che", "missiles in plural, missile in singular."),           # 2
        ("shen", "The last missile."),                                 # 1
        ("che", "And a final missile after all, missile."),            # 2
        ("shen", "Soviet\nUnion, a war."),
    ]
    blocks = tuple(Block("turn", text, who, who.title(), "label") for who, text in texts)
    return Document(Metadata(title="Counted", date="1962-11-01"), blocks, speakers)


async def _find(pilot, text: str) -> FindBar:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    bar = pilot.app.main.find_bar
    if text:
        await pilot.press(*text)
    await pilot.pause(DEBOUNCE + 0.1)
    return bar


async def test_slash_opens_the_bar_and_typing_highlights_matches() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.main.find_bar.is_open
        bar = await _find(pilot, "missile")
        assert bar.is_open and app.focused is bar.input
        t = app.main.transcript
        assert bar.label == "1/17"
        assert sum(len(v) for v in t._highlights.values()) == 17
        assert t.cursor == 0 and t._focus_span == (0, 4, 11)


async def test_n_and_N_step_wrap_and_show_the_count() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "missile")
        await pilot.press("enter")  # close, keep highlights; n/N now step
        assert not bar.is_open and app.focused is app.main.transcript
        await pilot.press("n", "n")
        assert bar.label == "3/17"
        assert app.main.transcript._focus_span == (0, 31, 38)
        await pilot.press("n")
        assert bar.label == "4/17" and app.main.transcript.cursor == 1
        for _ in range(4):
            await pilot.press("N")
        assert bar.label == "17/17" and "wrapped to the bottom" in bar.status
        assert app.main.transcript.cursor == 9
        await pilot.press("n")
        assert bar.label == "1/17" and "wrapped to the top" in bar.status
        assert app.main.transcript.cursor == 0


async def test_up_and_down_step_inside_the_bar() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "missile")
        await pilot.press("down", "down", "down")
        assert bar.label == "4/17" and bar.is_open
        await pilot.press("up")
        assert bar.label == "3/17"


async def test_smart_case() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "missile")
        assert len(bar.matches) == 17  # "Missile" included
        await pilot.press("ctrl+u", *"Missile")
        await pilot.pause(DEBOUNCE + 0.1)
        assert len(bar.matches) == 1
        assert bar.matches[0].block == 4


async def test_regex_toggle_and_an_invalid_pattern() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "mis+iles?")
        assert bar.matches == [] and "no match" in bar.status
        await pilot.press("alt+r")
        assert bar.regex and len(bar.matches) == 17
        await pilot.press("ctrl+u", *"(missile")
        await pilot.pause(DEBOUNCE + 0.1)
        assert bar.matches == [] and bar.error
        assert "invalid regular expression" in bar.status
        assert app.main.transcript._highlights == {}
        # the label toggles with a click too: back to plain text, "(missile" is text
        await pilot.click("#find-regex")
        await pilot.pause()
        assert not bar.regex and not bar.error and bar.matches == []


async def test_whole_word_toggle() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "war")
        assert len(bar.matches) == 3  # war, warm, war
        await pilot.press("alt+w")
        assert bar.whole_word and len(bar.matches) == 2
        await pilot.click("#find-word")
        await pilot.pause()
        assert not bar.whole_word and len(bar.matches) == 3


async def test_speaker_filter() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "speaker:shen missile")
        blocks = {m.block for m in bar.matches}
        assert blocks == {0, 4, 6, 8}
        assert len(bar.matches) == 7
        bar.input.value = "speaker:nobody missile"
        await pilot.pause(DEBOUNCE + 0.1)
        assert bar.matches == [] and "no speaker here matches" in bar.status


async def test_a_message_too_long_for_the_row_gets_a_line_of_its_own() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "speaker:shenn")
        await pilot.pause()
        assert bar.status == "no speaker here matches 'shenn' (did you mean Shen Jian?)"
        status = bar.query_one("#find-status")
        row = bar.query_one("#find-input")
        # the whole message, readable, under the input (which keeps its row): wrapped
        # over as many lines as it needs in the 60 cells of the transcript's column
        assert status.region.y == row.region.y + 1 == bar.region.y + 1
        assert status.region.width == bar.size.width
        assert bar.size.height == 1 + status.outer_size.height >= 2
        lines = [strip.text for strip in status.render_lines(Region(0, 0, *status.outer_size))]
        assert " ".join(" ".join(line.split()) for line in lines).strip() == bar.status
        # a count fits on the row again: one line
        bar.input.value = "missile"
        await pilot.pause(DEBOUNCE + 0.1)
        await pilot.pause()
        assert bar.size.height == 1 and not bar.has_class("-long-status")


async def test_a_misspelt_word_is_offered_the_documents_spelling() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "misile")
        assert bar.matches == []
        assert bar.status == "no match (did you mean missile?)"
        bar.input.value = "missile"
        await pilot.pause(DEBOUNCE + 0.1)
        assert bar.matches and "did you mean" not in bar.status


async def test_escape_keeps_the_position_and_clears_highlights() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        await pilot.press("j", "j")
        bar = await _find(pilot, "missile")
        assert t.cursor == 3  # the first match at or after the cursor
        await pilot.press("down")
        await pilot.press("escape")
        assert not bar.is_open and app.focused is t
        assert t.cursor == 3 and t._focus_span == (3, 16, 23)
        assert t._highlights == {}


async def test_n_and_N_after_closing_reuse_the_last_query() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        bar = await _find(pilot, "final")
        await pilot.press("escape")
        await pilot.press("g")
        assert t.cursor == 0
        await pilot.press("n")
        assert t.cursor == 9 and bar.label == "1/1"
        assert t._highlights == {9: [(6, 11)]}
        await pilot.press("g", "N")
        assert t.cursor == 9


async def test_n_without_any_query_rings_the_bell() -> None:
    app = app_for([counted()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert app.main.transcript.cursor == 0


async def test_match_across_a_line_break_and_a_wrapped_line() -> None:
    long_text = " ".join(f"word{n}" for n in range(60))
    document = Document(
        Metadata(title="Wrapped"),
        (Block("paragraph", long_text), Block("paragraph", "Soviet\nUnion")),
    )
    app = app_for([document])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        lines = t.block_lines(0)
        assert len(lines) > 2
        # the last word of the first screen line and the first of the second
        phrase = f"{lines[0].split()[-1]} {lines[1].split()[0]}"
        bar = await _find(pilot, phrase)
        assert len(bar.matches) == 1 and bar.matches[0].block == 0
        await pilot.press("ctrl+u", *"soviet union")
        await pilot.pause(DEBOUNCE + 0.1)
        assert [(m.block, m.start, m.end) for m in bar.matches] == [(1, 0, 12)]


async def test_clean_mode_counts_hidden_matches_and_reruns_on_mode_change() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "1960")
        assert len(bar.matches) == 1 and bar.hidden == 0
        await pilot.press("enter", "e")  # clean mode hides "[on 1 May 1960]"
        await pilot.pause()
        assert app.main.mode == "clean"
        assert bar.matches == [] and bar.hidden == 1
        assert "1 hidden in clean mode" in bar.status
        await pilot.press("e")
        await pilot.pause()
        assert len(bar.matches) == 1 and bar.hidden == 0


async def test_matches_rerun_when_the_document_changes() -> None:
    other = Document(Metadata(title="Other", date="1999"),
                     (Block("paragraph", "one missile"), Block("paragraph", "two missiles")))
    app = app_for([counted(), other])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await _find(pilot, "missile")
        assert len(bar.matches) == 17
        await pilot.press("enter", "J")
        await pilot.pause()
        assert app.main.document is other
        assert len(bar.matches) == 2
        assert set(app.main.transcript._highlights) == {0, 1}
