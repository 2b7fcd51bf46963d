"""Panel linking both ways, small terminals, the palette, NO_COLOR and the hostile file."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rich.style import Style

from reader.commands import key_table_markdown
from reader.widgets.transcript import GUTTER_GLYPHS
from tests.conftest import ROOT, SEED_004
from tests.ui.fixtures import app_for, dialogue, narrative

HOSTILE = ROOT / "tests" / "fixtures" / "hostile.txt"


def _screen_text(app) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    update = app.screen._compositor.render_update(full=True)
    console = Console(width=app.size.width, record=True, file=open("/dev/null", "w"),
                      color_system=None)
    console.print(update)
    return console.export_text()


async def test_cursor_marks_panel_entries_and_choosing_an_entry_moves_the_cursor() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        panel = main.apparatus
        await pilot.press("j", "j", "j")  # block 3: stage + supplied
        assert panel.current_block == 3
        marked = [
            panel.entries[i] for i in range(len(panel.entries))
            if panel.entries[i] is not None
            and panel.get_option_at_index(i).prompt.plain.startswith("▶")
        ]
        assert {e.block for e in marked} == {3} and len(marked) == 2
        # choose the redaction entry in the panel
        index = next(i for i, e in enumerate(panel.entries) if e and e.kind == "redaction")
        panel.focus()
        panel.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert main.transcript.cursor == 6
        assert main.transcript._focus_span == (6, 7, 34)
        y = main.transcript.first_line_of(6) - round(main.transcript.scroll_y)
        strip = main.transcript.render_line(y)
        focus = main.transcript._style("transcript--span-focus")
        assert any(seg.text.startswith("[2 lines") and focus.bgcolor == seg.style.bgcolor
                   for seg in strip)


async def test_panel_sections_and_document_information() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.main.apparatus
        texts = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        joined = "\n".join(texts)
        for heading in ("Translator notes (0)", "Editorial insertions (4)", "Stage directions (2)",
                        "Footnotes and source notes (1)", "Document information"):
            assert heading in joined
        assert " redactions (1)" in texts and "Citation: Cite me." in texts


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12), (100, 30), (200, 50)])
async def test_small_terminals_keep_the_transcript_readable(size) -> None:  # type: ignore[no-untyped-def]
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        t = main.transcript
        if size[0] >= 80:
            assert t.display and t.size.width >= 60
        for key in ("d", "p", "d", "j", "tab", "p", "e", "G", "question_mark", "escape"):
            await pilot.press(key)
            await pilot.pause()
            shown = [w for w in (main.document_list, t, main.apparatus) if w.display]
            # nothing overlaps: visible panes sit side by side inside the screen
            regions = sorted((w.region for w in shown), key=lambda r: r.x)
            for left, right in itertools.pairwise(regions):
                assert left.right <= right.x
            assert all(r.right <= size[0] for r in regions)
            if size[0] >= 80 and t.display:
                assert t.size.width >= 60


async def test_80x24_collapses_side_panes_into_toggles() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        main = app.main
        assert not main.document_list.display and not main.apparatus.display
        await pilot.press("p")
        assert main.apparatus.display and main.transcript.size.width >= 60
        await pilot.press("d")
        assert main.document_list.display and not main.apparatus.display


async def test_palette_opens_documents_with_brackets_in_titles() -> None:
    app = app_for([dialogue(), narrative()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open document: Meeting")
        await pilot.pause(0.5)
        from textual.command import CommandList

        commands = app.screen.query_one(CommandList)
        prompts = [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]
        assert any("Meeting [draft] of 1 May" in str(p) for p in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.document.metadata.title == "Meeting [draft] of 1 May"


async def test_palette_speaker_mode_and_theme() -> None:
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for query, check in (
            ("Go to speaker: Cy Tan", lambda: app.main.transcript.cursor == 4),
            ("Reading mode: clean", lambda: app.main.mode == "clean"),
            ("Theme: textual-light", lambda: app.theme == "textual-light"),
            ("Toggle apparatus panel", lambda: not app.main.apparatus.display),
        ):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await pilot.pause(0.4)
            await pilot.press("enter")
            await pilot.pause()
            assert check(), query


async def test_hostile_document_shows_every_character_literally() -> None:
    app = app_for(paths=[str(HOSTILE)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        t = app.main.transcript
        strips = [t.render_line(y) for y in range(t.size.height)]
        text = "\n".join("".join(seg.text for seg in strip) for strip in strips)
        for literal in ("[/]", "[bold]x", "[@click=app.quit]x[/]",
                        "[link=file:///etc/passwd]y[/link]", "$accent", "␇",
                        # the OSC 52 clipboard write and the clear-screen, cut out,
                        # each leaving its visible marker
                        "write ␛ and", "and escape ␛"):
            assert literal in text, literal
        assert "\x1b" not in text and "\x07" not in text
        for strip in strips:
            for seg in strip:
                style = seg.style or Style()
                assert not style.link and not (style.meta or {}).get("@click")
        assert "control sequence" in " ".join(app.main.document.warnings)


async def test_no_color_speakers_differ_by_glyph_and_name(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for([dialogue()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        assert f"{GUTTER_GLYPHS[0]} Ortiz:" in text
        assert f"{GUTTER_GLYPHS[1]} Ross:" in text and f"{GUTTER_GLYPHS[2]} Tan:" in text
        assert "Ana Ortiz" in text and "Ben Ross" in text


async def test_reported_speech_has_name_in_margin() -> None:
    app = app_for([narrative()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        line = next(line for line in text.splitlines() if "He said that" in line)
        assert "Ben Ross" in line


async def test_seed_004_opens_with_two_speakers() -> None:
    app = app_for(paths=[str(SEED_004)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        document = app.main.document
        assert document is not None and len(document.speakers) == 2
        assert "Shen Jian" in app.main.header.render().plain


async def test_header_keeps_the_legend_under_a_long_source_note() -> None:
    """A FRUS source note runs to five lines as the archive location: the header cuts
    the details to one line, and never splits a speaker's entry in the legend."""
    from dataclasses import replace

    from reader.model.document import Speaker

    base = dialogue()
    long_note = "Ford Library, National Security Adviser, Kissinger Reports, " * 12
    speakers = (*base.speakers, Speaker("dee", "Andrei A. Gromyko", ("Gromyko",), 3))
    document = replace(base, metadata=replace(base.metadata, archive_location=long_note),
                       speakers=speakers)
    app = app_for([document])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.main.header
        lines = header.render().plain.splitlines()
        assert lines[0] == "Meeting [draft] of 1 May"
        assert lines[1].startswith("1960-05-01 · Test Archive · Ford Library")
        assert lines[1].endswith("…") and len(lines[1]) <= header.size.width
        legend = " ".join(lines[2:])
        for name in ("Ana Ortiz", "Ben Ross", "Cy Tan", "Andrei A. Gromyko"):
            assert any(name in line for line in lines[2:]), (name, lines)
        assert "turns" in legend
        # the whole header is on screen: no line of it is cut by its max height
        assert header.size.height == len(lines) <= 6
        assert "Andrei A. Gromyko" in _screen_text(app)
        # wide characters in the lines above do not throw the legend's measure off
        header.show(replace(document, metadata=replace(document.metadata,
                                                       title="周恩来与基辛格会谈记录")),
                    "printed", None)
        await pilot.pause()
        lines = header.render().plain.splitlines()
        assert lines[0] == "周恩来与基辛格会谈记录"
        for name in ("Ana Ortiz", "Ben Ross", "Cy Tan", "Andrei A. Gromyko"):
            assert any(name in line for line in lines[2:]), (name, lines)


def test_readme_key_table_matches_the_command_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Keys" in readme
    section = readme.split("## Keys", 1)[1]
    start = section.index("| Keys |")
    table = section[start:]
    end = table.find("\n\n")
    table = table if end < 0 else table[: end + 1]
    assert table == key_table_markdown()


def test_every_binding_has_an_id() -> None:
    from reader.commands import COMMANDS, bindings

    assert len({c.id for c in COMMANDS}) == len(COMMANDS)
    assert all(b.id for b in bindings())


def test_keymap_problems_are_reported(tmp_path: Path) -> None:
    from reader.commands import load_keymap

    path = tmp_path / "c.toml"
    path.write_text('[keys]\nnope = "x"\n"move.up" = 3\n', encoding="utf-8")
    keymap, problems = load_keymap(path)
    assert keymap == {} and len(problems) == 2
    path.write_text("[keys\n", encoding="utf-8")
    assert load_keymap(path)[1]


async def test_legend_counts_reported_passages_in_a_narrative() -> None:
    """A diary has no labelled turns; "(0 turns)" would say the speaker is absent."""
    app = app_for([narrative()])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = _screen_text(app)
        assert "Ben Ross (1 reported)" in text
        assert "(0 turns)" not in text


async def test_footer_shows_whole_key_hints_only() -> None:
    """At 80 columns the last hint was cut mid-word ("ctr"); now a hint that does not
    fit whole is hidden, and comes back when the terminal is wider."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = app_for([dialogue()])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(Footer)

        def shown() -> list[FooterKey]:
            return [k for k in footer.query_children(FooterKey) if k.display]

        palette = next(k for k in shown() if k.has_class("-command-palette"))
        keys = [k for k in shown() if k is not palette]
        assert keys and all(k.region.right <= palette.region.x for k in keys)
        assert len(keys) < len(list(footer.query_children(FooterKey))) - 1  # some hidden
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        await pilot.pause()
        assert all(k.display for k in footer.query_children(FooterKey))
