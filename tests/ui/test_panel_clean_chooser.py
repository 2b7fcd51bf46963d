"""The apparatus panel and a/A telling the truth: the highlight only on the current
passage's entries, entries the clean mode hides marked and skipped, wrapped entries
indented under their own text; the speaker chooser counting as the header does."""

from __future__ import annotations

from reader.screens.speaker_chooser import SpeakerChooser
from tests.conftest import SEED_000
from tests.ui.fixtures import app_for, option_texts, ready


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
