"""Transcript performance on a 100,000-paragraph document (issue 3, Performance).

Each measurement runs in a fresh child process (``python -m benchmarks.bench_transcript
--child KIND``), so the peak RSS a child reports (``resource.getrusage(RUSAGE_SELF)``
at exit) is that of one reader process holding the document and nothing else: the
parent's own memory (and other benchmarks) never counts, and tracemalloc would miss
memory that C code allocates. The baseline, a minimal Textual app that mounts one
Static, runs in its own child in the same run, headless at 120x40.

Figures:
- first frame: from entering ``App.run_test`` until the transcript has drawn its first
  screen (baseline: until the Static app has drawn its first frame);
- page down: one ``space`` (the screen action) plus drawing every visible line;
- jump to end: ``G`` plus drawing every visible line.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time

from benchmarks import Result

SIZE = (120, 40)
SEED = 20260501
WORDS = (
    "the of and to in a that is was he for it with as his on be at by I this had not are "
    "but from or have an they which one you were her all she there would their we him been "
    "has when who will more no if out so said what up its about into than them can only other "
    "new some could time these two may then do first any my now such like our over man me even "
    "most made after also did many before must through back years where much your way well down "
    "should because each just those people Mr how too little state good very make world still "
    "own see men work long get here between both life being under never day same another know "
    "while last might us great old year off come since against go came right used take three "
    "Soviet Cuba Havana ambassador comrade government revolution question position"
).split()
NAMES = ("Guevara", "Ambassador Shen", "Alekseyev", "Mikoyan", "Castro")


def make_document(paragraphs: int):  # type: ignore[no-untyped-def]
    """Five speakers, labelled turns and continuations, ~300 characters a paragraph."""
    from reader.model.document import Block, Document, Metadata, Span, Speaker

    rng = random.Random(SEED)
    speakers = tuple(
        Speaker(name.split()[-1].lower(), name, (name,), slot) for slot, name in enumerate(NAMES)
    )
    blocks = []
    speaker = speakers[0]
    for number in range(paragraphs):
        words = rng.choices(WORDS, k=rng.randint(35, 65))
        text = " ".join(words).capitalize() + "."
        spans: tuple[Span, ...] = ()
        if number % 7 == 0:
            text = text[:-1] + " [sic]."
            spans = (Span("sic", len(text) - 6, len(text) - 1),)
        if rng.random() < 0.6:
            speaker = rng.choice(speakers)
            blocks.append(Block("turn", text, speaker.id, speaker.name, "label", spans))
        else:
            blocks.append(Block("paragraph", text, speaker.id, None, "continuation", spans))
    return Document(Metadata(title="Synthetic transcript", date="1962"), tuple(blocks), speakers)


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


async def _baseline() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

    app = Minimal()
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = time.perf_counter() - started
    return {"first_frame": first, "rss": _peak_rss_mb()}


async def _transcript(paragraphs: int) -> dict[str, float]:
    from reader.app import ReaderApp, documents_loader
    from reader.screens.main import Loaded

    document = make_document(paragraphs)
    size_mb = sum(len(b.text) for b in document.blocks) / 1e6
    app = ReaderApp(documents_loader([Loaded("synthetic.txt", (document,))]))
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        transcript = None
        while True:
            await pilot.pause(0)
            try:
                transcript = app.main.transcript
            except LookupError:
                continue
            if transcript.document is not None and len(transcript._strips):
                break
        first = time.perf_counter() - started
        screen = app.main
        height = transcript.size.height

        def draw() -> None:
            for y in range(height):
                transcript.render_line(y)

        pages = []
        for _ in range(200):
            t0 = time.perf_counter()
            screen.action_page_down()
            draw()
            pages.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.action_cursor_bottom()
        draw()
        end = time.perf_counter() - t0
        assert transcript.cursor == paragraphs - 1
    return {
        "first_frame": first,
        "page_median": statistics.median(pages),
        "page_worst": max(pages),
        "end": end,
        "rss": _peak_rss_mb(),
        "size_mb": size_mb,
    }


def _child(kind: str, paragraphs: int) -> None:
    import asyncio
    import os
    import tempfile

    os.environ["ARCHIVE_READER_HOME"] = tempfile.mkdtemp(prefix="bench-home-")
    result = asyncio.run(_baseline() if kind == "baseline" else _transcript(paragraphs))
    print(json.dumps(result))


def _run_child(kind: str, paragraphs: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_transcript", "--child", kind, str(paragraphs)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(quick: bool) -> list[Result]:
    paragraphs = 10_000 if quick else 100_000
    print(f"  transcript: baseline and {paragraphs:,} paragraphs ...", file=sys.stderr)
    base = _run_child("baseline", paragraphs)
    big = _run_child("transcript", paragraphs)
    ms = 1000.0
    detail = f"{paragraphs:,} paragraphs, {big['size_mb']:.1f} MB, 120x40"
    return [
        Result("transcript: first frame", big["first_frame"] * ms, "ms", "<= 1.5x baseline",
               big["first_frame"] <= 1.5 * base["first_frame"], base["first_frame"] * ms,
               "minimal Static app", detail),
        Result("transcript: page down (median)", big["page_median"] * ms, "ms", "< 5 ms",
               big["page_median"] * ms < 5, detail="200 pages, action + visible lines drawn"),
        Result("transcript: page down (worst)", big["page_worst"] * ms, "ms", "< 16 ms",
               big["page_worst"] * ms < 16),
        Result("transcript: jump to end", big["end"] * ms, "ms", "< 20 ms", big["end"] * ms < 20),
        Result("transcript: peak RSS", big["rss"], "MB", "< 200 MB", big["rss"] < 200,
               base["rss"], "minimal Static app", "child process ru_maxrss"),
    ]


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100_000)
    else:
        for result in run("--quick" in sys.argv):
            print(result)
