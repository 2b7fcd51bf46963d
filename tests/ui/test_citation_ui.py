"""Citations from the reader (issue 7 item 3): c, and the palette's "Copy ... as" entries."""

from __future__ import annotations

import json

from reader.screens.main import MainScreen
from tests.ui.fixtures import seed_004_app

SIZE = (120, 40)


async def _start(pilot) -> MainScreen:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.main  # type: ignore[no-any-return]


async def test_c_on_a_guevara_turn_copies_a_chicago_note_with_the_quote() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await _start(pilot)
        await pilot.press("j", "j")
        block = main.document.blocks[2]
        assert block.speaker == "guevara"
        await pilot.press("c")
        note = app.clipboard
        quote = " ".join(block.text.split())
        assert note.startswith(f"\u201c{quote[:40]}") or note.startswith(f'"{quote[:40]}')
        assert "Ernesto 'Che' Guevara, in" in note
        assert "Memorandum of Conversation" in note and "PRC FMA 109-03157-01" in note
        assert "turn 3" in note and "Translated by Zhang Qian" in note
        # the toast shows it (a long quote cut with "…"; the clipboard has it whole)
        assert any("Copied citation" in n.title and note.startswith(n.message.rstrip("…"))
                   for n in app._notifications)


async def test_c_while_selecting_cites_only_the_selected_words() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        await _start(pilot)
        await pilot.press("v", "w", "w", "w", "c")  # "(on" + 3 words
        assert app.clipboard.startswith('"(on sitting down) please" —')
        assert "please forgive" not in app.clipboard
        await pilot.press("escape")
        await pilot.press("c")  # no selection any more: the whole passage
        assert "please forgive what I said" in app.clipboard


async def _palette(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    for character in text:
        await pilot.press(character if character != " " else "space")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_copies_passage_and_document_citations_in_each_format() -> None:
    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        await _start(pilot)
        await pilot.press("j")
        await _palette(pilot, "Copy citation as CSL-JSON")
        (item,) = json.loads(app.clipboard)
        assert item["type"] == "manuscript"
        assert item["archive_location"] == "PRC FMA 109-03157-01"
        assert "What happened in Cuba" in json.dumps(item)  # the passage's quote
        await _palette(pilot, "Copy document citation as BibTeX")
        assert app.clipboard.lstrip().startswith(("@unpublished", "@misc"))
        assert "What happened in Cuba" not in app.clipboard
        await _palette(pilot, "Copy citation as RIS")
        assert "TY  - MANSCPT" in app.clipboard
        await _palette(pilot, "Copy document citation as Chicago")
        assert app.clipboard.startswith('"Memorandum of Conversation')


async def test_palette_entries_escape_titles_with_brackets() -> None:
    from reader.app import ReaderCommands

    app = seed_004_app()
    async with app.run_test(size=SIZE) as pilot:
        main = await _start(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        provider = ReaderCommands(main, None)
        titles = [title for title, _command, _help in provider._commands()]
        for fmt in ("Chicago", "CSL-JSON", "BibTeX", "RIS"):
            assert f"Copy citation as {fmt}" in titles
            assert f"Copy document citation as {fmt}" in titles
