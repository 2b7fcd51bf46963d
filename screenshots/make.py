"""Drive the reader with Pilot and save the README's SVG screenshots.

    python -m screenshots.make      # writes screenshots/*.svg
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (120, 40)

#: file name -> (seed, keys pressed before the shot)
SHOTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dialogue-004.svg": ("seeds/004_307685cd8f122f69.txt", ("j", "j")),
    "narrative-000.svg": ("seeds/000_78577bbeaacac156.txt", ("right_square_bracket",) * 3),
    "clean-mode-004.svg": ("seeds/004_307685cd8f122f69.txt", ("j", "j", "e")),
    "help.svg": ("seeds/004_307685cd8f122f69.txt", ("question_mark",)),
    "search-library.svg": ("seeds", ("ctrl+f", *"speaker:guevara missiles")),
    "find-bar-004.svg": ("seeds/004_307685cd8f122f69.txt", ("slash", *"soviet union")),
    "bookmarks-004.svg": ("seeds/004_307685cd8f122f69.txt", (
        "j", "j", "m", *"Guevara on Laos", "tab", *"laos", "enter",
        "j", "v", "s", "m", *"the division", "enter",
        "j", "j", "j", "m", *"revisionists", "tab", *"ussr, cuba", "enter", "M",
    )),
}


async def _shoot(name: str, seed: str, keys: tuple[str, ...]) -> Path:
    from reader.app import ReaderApp, scan_loader

    app = ReaderApp(scan_loader([str(ROOT / seed)]))
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-dark"
        for _ in range(2):  # the library scan, then the search index it feeds
            await app.workers.wait_for_complete()
            await pilot.pause()
        if keys:
            await pilot.press(*("space" if k == " " else k for k in keys))
            await app.workers.wait_for_complete()  # a library search
            for field in app.screen.query("Input"):
                field.cursor_blink = False  # type: ignore[attr-defined]  # same every run
        await pilot.pause(2.5 if "e" in keys else 0.2)  # let the mode notice fade
        await app.workers.wait_for_complete()
        app.clear_notifications()
        await pilot.pause()
        path = Path(app.save_screenshot(filename=name, path=str(HERE)))
    return path


def main() -> int:
    # A private home per shot, so screenshots never read or write the user's own files
    # and one shot's reading position or bookmarks never leak into the next.
    os.environ.pop("NO_COLOR", None)
    for name, (seed, keys) in SHOTS.items():
        with tempfile.TemporaryDirectory() as home:
            os.environ["ARCHIVE_READER_HOME"] = home
            path = asyncio.run(_shoot(name, seed, keys))
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
