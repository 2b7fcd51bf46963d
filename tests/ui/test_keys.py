"""Every key of issue 3 item 6, driven with Pilot on documents built by hand."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from reader.commands import COMMANDS
from reader.screens.help import HelpScreen
from reader.screens.speaker_chooser import SpeakerChooser
from tests.ui.fixtures import app_for, dialogue, long_document, narrative, option_texts


async def _start(app, size=(120, 40)):  # type: ignore[no-untyped-def]
    pilot_cm = app.run_test(size=size)
    return pilot_cm


async def test_passage_keys_move_the_cursor() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        assert t.cursor == 0
        for key, expected in [
            ("j", 1),
            ("down", 2),
            ("k", 1),
            ("up", 0),
            ("G", 8),
            ("g", 0),
            ("end", 8),
            ("home", 0),
        ]:
            await pilot.press(key)
            assert t.cursor == expected, key
        assert app.main.cursor == 0


async def test_page_keys_move_by_screen() -> None:
    app = app_for([long_document()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        await pilot.press("space")
        first = t.cursor
        assert first > 3 and t.scroll_y > 0
        await pilot.press("pagedown")
        assert t.cursor > first
        await pilot.press("b")
        assert t.cursor == first
        await pilot.press("pageup")
        await pilot.press("pageup")
        assert t.cursor == 0


async def test_turn_and_speaker_change_keys() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        await pilot.press("right_square_bracket")
        assert t.cursor == 1
        await pilot.press("right_square_bracket")
        assert t.cursor == 3  # the continuation (2) is not a new turn
        await pilot.press("left_square_bracket")
        assert t.cursor == 1
        await pilot.press("right_curly_bracket")
        assert t.cursor == 3  # from Ortiz (1, 2) to Ross
        await pilot.press("right_curly_bracket")
        assert t.cursor == 4
        await pilot.press("left_curly_bracket")
        assert t.cursor == 3


async def test_apparatus_keys_visit_each_entry() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        seen = []
        for _ in range(6):
            await pilot.press("a")
            seen.append((t.cursor, t._focus_span))
        assert [s[0] for s in seen] == [1, 3, 3, 4, 4, 6]
        assert seen[1][1] == (3, 0, 10) and seen[2][1] == (3, 24, 30)
        await pilot.press("A")
        assert (t.cursor, t._focus_span) == (4, (4, 26, 27))


async def test_follow_speaker_dims_others_and_turn_keys_stay_on_them() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        assert isinstance(app.screen, SpeakerChooser)
        await pilot.press("down", "enter")  # Ben Ross
        main = app.main
        assert main.follow == "ben" and main.transcript.follow == "ben"
        assert main.transcript.cursor == 3
        await pilot.press("right_square_bracket")
        assert main.transcript.cursor == 6
        await pilot.press("left_square_bracket")
        assert main.transcript.cursor == 3
        # others are drawn dimmed
        line = main.transcript.render_line(
            main.transcript.first_line_of(1) - round(main.transcript.scroll_y)
        )
        assert any(seg.style and seg.style.dim for seg in line)
        await pilot.press("f")
        assert main.follow is None


async def test_reading_mode_key_cycles_and_shows_mode() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        assert "as printed" in main.header.render().plain
        assert main.transcript.block_lines(1) == ["We begin [on 1 May 1960] now."]
        await pilot.press("e")
        assert main.mode == "clean" and main.transcript.mode == "clean"
        assert "mode: clean" in main.header.render().plain
        assert main.transcript.block_lines(1) == ["We begin now."]
        assert main.transcript.block_lines(3) == ["(Laughter) I agree with Blas Roca."]
        await pilot.press("e")
        assert main.mode == "printed"


async def test_tab_cycles_panes() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        main = app.main
        assert app.focused is main.transcript
        await pilot.press("tab")
        assert app.focused is main.apparatus
        await pilot.press("tab")
        assert app.focused is main.document_list.options
        await pilot.press("tab")
        assert app.focused is main.transcript


async def test_next_and_previous_document_follow_list_order() -> None:
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        # sorted by date: the 1958 diary comes first and opens first
        assert main.document is not None and main.document.metadata.title == "A diary"
        await pilot.press("J")
        assert main.document.metadata.title.startswith("Meeting")
        await pilot.press("K")
        assert main.document.metadata.title == "A diary"


def _help_shown(app) -> str:  # type: ignore[no-untyped-def]
    """The help screen's text as drawn, its whitespace (and wrapping) folded."""
    widget = app.screen.query_one("#help-text")
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return " ".join(" ".join(strip.text for strip in lines).split())


async def test_help_keys_and_quit() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = _help_shown(app)
        for command in COMMANDS:
            assert command.description in text
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app._exit_renderables is not None


async def test_panel_toggles() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        assert main.document_list.display and main.apparatus.display
        await pilot.press("d")
        assert not main.document_list.display
        await pilot.press("p")
        assert not main.apparatus.display
        await pilot.press("p")
        assert main.apparatus.display


async def test_document_list_filter_and_enter() -> None:
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        main.document_list.options.focus()
        await pilot.press("m", "e", "e", "t")
        assert [r.title for r in main.document_list.shown] == ["Meeting [draft] of 1 May"]
        await pilot.press("enter")
        assert main.document.metadata.title.startswith("Meeting")
        assert app.focused is main.transcript


@pytest.mark.parametrize("size", [(120, 40), (40, 12)])
async def test_document_list_filter_keeps_every_letter_and_shows_it(size) -> None:  # type: ignore[no-untyped-def]
    """The first letter typed in the list was selected as the field took focus, and the
    second replaced it ("alek" filtered "lek"); the focused field drew only its border."""
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        if not main.document_list.display:
            await pilot.press("d")
        main.document_list.options.focus()
        await pilot.pause()
        await pilot.press("m", "e", "e", "t", "i")
        await pilot.pause()
        field = main.document_list.filter_input
        assert field.has_focus and field.value == "meeti"
        assert [r.title for r in main.document_list.shown] == ["Meeting [draft] of 1 May"]
        assert field.region.height == 1
        assert "meeti" in field.render_line(0).text


async def test_error_rows_show_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 binary")
    app = app_for([dialogue()], paths=[str(bad)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = app.main.document_list.shown
        errors = [r for r in rows if r.error]
        assert errors and "PDF" in errors[0].error
        prompt = app.main.document_list.options.get_option_at_index(len(rows) - 1).prompt
        assert "✖" in prompt.plain and "PDF" in prompt.plain


async def test_keymap_from_config_file(home) -> None:  # type: ignore[no-untyped-def]
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[keys]\n"move.down" = "x"\n', encoding="utf-8")
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        assert app.main.transcript.cursor == 1


async def test_find_bar_and_search_screen_keys_are_remapped_and_shown_so(home) -> None:  # type: ignore[no-untyped-def]
    """Their bindings come from the command table too: a remapped key works, and the
    help screen and the search screen's order label show the reader's key."""
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(
        '[keys]\n"find-bar.regex" = "f5"\n"search-screen.order" = "ctrl+t"\n',
        encoding="utf-8",
    )
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press("f5")
        assert app.main.find_bar.regex
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = _help_shown(app)
        assert "f5 find bar: regular expressions on / off" in shown
        assert "ctrl+t search screen: by relevance / by date" in shown
        await pilot.press("escape", "ctrl+f")
        screen = app.screen
        assert "ctrl+t" in str(screen.query_one("#search-order").render())
        await pilot.press("ctrl+t")
        assert screen.order == "date"  # type: ignore[attr-defined]


VOLUME = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1969-1976, Volume XCIX,
Testing</title></titleStmt></fileDesc></teiHeader><text><body>
<div type="document" n="2" xml:id="d2"><head>2. Second memo</head>
<dateline><date when="1970-01-02">January 2, 1970</date></dateline><p>Two.</p></div>
<div type="document" n="1" xml:id="d1"><head>1. First memo</head>
<dateline><date when="1970-03-01">March 1, 1970</date></dateline><p>One.</p></div>
<div type="document" n="3" xml:id="d3"><head>3. Third memo</head>
<dateline><date when="1969-12-31">December 31, 1969</date></dateline><p>Three.</p></div>
</body></text></TEI>"""


def _with_volume(path, text: str):  # type: ignore[no-untyped-def]
    """The app on the dialogue and a volume file written at ``path``."""
    path.write_text(text, encoding="utf-8")
    return app_for([dialogue()], paths=[str(path)])


def _group_heading(prompts: list[str]) -> int:
    return next(i for i, p in enumerate(prompts) if p.startswith("▾ "))


def _group_rows(app):  # type: ignore[no-untyped-def]
    """The document list, its options, their texts and the volume heading's row."""
    listing = app.main.document_list
    options = listing.options
    prompts = option_texts(options)
    return listing, options, prompts, _group_heading(prompts)


async def test_a_volume_shows_as_a_group_in_volume_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 4: a FRUS volume file lists as a group of its documents, in the volume's
    order, placed by its earliest date among the other documents."""
    app = _with_volume(tmp_path / "frus-test.xml", VOLUME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        listing, options, prompts, heading = _group_rows(app)
        assert "3 documents" in prompts[heading]
        members = [p for p in prompts[heading + 1 : heading + 4]]
        # each with its number, as the volume prints its heading
        assert [m.split("\n")[0].strip(" ●") for m in members] == [
            "2. Second memo",
            "1. First memo",
            "3. Third memo",
        ]
        assert [r.group is not None for r in listing.shown].count(True) == 3
        # choosing a document of the group opens it; the heading is not a document
        options.focus()
        options.highlighted = heading + 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.document.metadata.title == "First memo"


async def test_enter_on_a_group_heading_folds_and_unfolds_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The heading's ▾ folds: enter shows only the heading (▸), enter again the rows.
    A filter looks inside a folded group; opening one of its documents unfolds it."""
    app = _with_volume(tmp_path / "frus-test.xml", VOLUME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        listing = main.document_list
        options = listing.options

        def prompts() -> list[str]:
            return option_texts(options)

        heading = _group_heading(prompts())
        options.focus()
        options.highlighted = heading
        await pilot.press("enter")
        await pilot.pause()
        assert prompts()[heading].startswith("▸ ") and "3 documents" in prompts()[heading]
        assert len(prompts()) == 2  # the dialogue and the folded heading
        assert options.highlighted == heading
        assert main.document.metadata.title != "First memo"  # nothing was opened
        # a filter finds the folded group's documents
        await pilot.press("f", "i", "r", "s", "t")
        await pilot.pause()
        assert any("First memo" in p for p in prompts())
        await pilot.press("escape")
        await pilot.pause()
        assert not any("First memo" in p for p in prompts())
        # opening one of its documents from elsewhere unfolds the group
        key = next(i for i, d in enumerate(main.documents) if d.metadata.title == "Third memo")
        main.open_document(key)
        await pilot.pause()
        assert prompts()[heading].startswith("▾ ") and len(prompts()) == 5
        # and enter folds it again
        options.focus()
        options.highlighted = heading
        await pilot.press("enter")
        await pilot.pause()
        assert len(prompts()) == 2
        # J / K still step through the folded documents, and unfold the group
        main.transcript.focus()
        await pilot.press("K")
        await pilot.pause()
        assert main.document.metadata.title == "First memo"
        assert len(prompts()) == 5


DAFP_VOLUME = """\
Volume 9: Tests, 1960–1961

1. LETTER, ALDER TO BIRCH

London, 1 May 1960

The talks went well.

[NAA: A1838, 3004/11]

2. MINUTE, CEDAR TO DOGWOOD

Canberra, 3 June 1961

DR. ALDER: We shall see. MR. BIRCH: Indeed.

[UKNA: FCO 24/2052]
"""


async def test_a_whole_volume_in_one_text_file_lists_its_records(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A DFAT volume saved as one text file: a group of its records, each numbered as
    printed; the panel cites the record as a document of the printed edition."""
    app = _with_volume(tmp_path / "vol9.txt", DAFP_VOLUME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _listing, options, prompts, heading = _group_rows(app)
        # the collection names the volume once, not ", 9" after it
        assert prompts[heading].split("\n")[0].startswith(
            "▾ Documents on Australian Foreign Policy, Volume 9: Tests, 1960–1961"
        )
        assert "Tests, 1960–1961, 9" not in prompts[heading]
        first, second = prompts[heading + 1 : heading + 3]
        assert first.split("\n")[0].strip(" ●") == "1. LETTER, ALDER TO BIRCH"
        assert "1960-05-01 · Letter" in first
        assert second.split("\n")[0].strip(" ●") == "2. MINUTE, CEDAR TO DOGWOOD"
        options.focus()
        options.highlighted = heading + 2
        await pilot.press("enter")
        await pilot.pause()
        document = app.main.document
        assert document.metadata.title == "MINUTE, CEDAR TO DOGWOOD"
        assert {s.name for s in document.speakers} == {"Alder", "Birch"}
        panel = app.main.apparatus
        text = "\n".join(option_texts(panel))
        assert "Document 2" in text and "UKNA: FCO 24/2052" in text


async def test_the_list_brings_the_open_document_into_view(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Opened from elsewhere (J, a search hit, a bookmark), the document's row is
    highlighted and scrolled to, not left below the list's edge."""
    lines = ["Volume 9: Tests, 1960–1961", ""]
    for number in range(1, 61):
        lines += [f"{number}. MINUTE NUMBER {number}", "", f"London, {1 + number % 28} May 1960",
                  "", f"Text {number}.", ""]
    volume = tmp_path / "vol9.txt"
    volume.write_text("\n".join(lines), encoding="utf-8")
    app = app_for(paths=[str(volume)])
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        main = app.main
        listing = main.document_list
        keys = {d.source.part: i for i, d in enumerate(main.documents)}
        main.open_document(keys["58"])
        await pilot.pause()
        options = listing.options
        assert options.highlighted is not None
        row = listing._options[options.highlighted]
        assert row is not None and row.key == keys["58"]
        top = round(options.scroll_y)
        line = options._index_to_line[options.highlighted]
        assert top <= line < top + options.scrollable_content_region.height
        # the user's own highlight is still theirs while the open document stays
        options.highlighted = 3
        listing.add_rows([])
        assert options.highlighted == 3
