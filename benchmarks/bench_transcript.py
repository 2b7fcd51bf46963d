"""Transcript performance on a 100,000-paragraph document (issue 3, Performance).

Each measurement runs in a fresh child process (``python -m benchmarks.bench_transcript
--child KIND``), so the peak RSS a child reports (``resource.getrusage(RUSAGE_SELF)``
at exit) is that of one reader process holding the document and nothing else: the
parent's own memory (and other benchmarks) never counts, and tracemalloc would miss
memory that C code allocates. The baseline, a minimal Textual app that mounts one
Static, runs in its own child in the same run, headless at 120x40.

Both apps are timed the same way: a hook on ``App._display`` notes when a frame is
output (and turns it into terminal output, which headless Textual skips), and the
benchmark yields to the event loop without sleeping while it waits, so no sleep of
the harness counts for either side. After a key's action it waits for every message
to be handled by watching the message queues (``_settled``), not with Pilot's
``_wait_for_screen``, whose own callbacks cost in proportion to the widget count.

Figures:
- first frame: from entering ``App.run_test`` to the first frame output in which the
  transcript shows lines of the document (baseline: in which the Static is laid out);
- page down: from the terminal sending ``space`` to its frame being output: binding,
  action, every message it causes (panel, header, scrollbar) and the frame. Measured
  first while the rest of the document is still being measured in the background (a
  reader starts paging at once; 10 ms idle between keys), then 200 more after; the
  worst is over all of them, and both phases are reported;
- jump to end: ``G``, the same way.

A second baseline, also in its own child, measures Textual's own floor for paging:
a minimal Line API app (a one-line Static header, a ScrollView whose ``render_line``
returns one pre-made line, and a Footer) paged with ``space`` by the same harness,
200 times. Our page-down figures carry it as their baseline, so the ratio says what
is ours and what any Textual app of this shape pays on this machine.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any, ClassVar

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
        words = rng.choices(WORDS, k=rng.randint(45, 75))
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


def _reset_peak_rss() -> None:
    """Forget the peak RSS inherited from the parent.

    On Linux a child made by fork+exec keeps the forked parent's high-water mark, so a
    child of a `make bench` run that had already built a 100k-document search library
    reported the parent's 1.4 GB as its own. Writing 5 to clear_refs resets VmHWM.
    """
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


class _Frames:
    """Watches the app's frames: the time of the first frame that satisfies a test.

    Headless, Textual composes every frame but does not turn it into terminal output;
    the hook does that too (``render_segments``), so each frame costs what it would on
    a real terminal.
    """

    def __init__(self, app: Any, ready: Callable[[], bool]) -> None:
        from textual._compositor import CompositorUpdate

        self.first: float | None = None
        self.count = 0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
                self.count += 1
                if self.first is None and ready():
                    self.first = time.perf_counter()

        app._display = display


async def _until(test: Callable[[], bool]) -> None:
    """Yield to the event loop (without sleeping) until ``test()`` holds."""
    import asyncio

    while not test():
        await asyncio.sleep(0)


_IN_FLIGHT = [0]


def _count_dispatches() -> None:
    """Count the messages being handled right now, in every message pump (a popped
    message is in no queue while its handler runs)."""
    from textual.message_pump import MessagePump

    if getattr(MessagePump, "_bench_counted", False):
        return
    original = MessagePump._dispatch_message

    async def dispatch(self: Any, message: Any) -> Any:
        _IN_FLIGHT[0] += 1
        try:
            return await original(self, message)
        finally:
            _IN_FLIGHT[0] -= 1

    MessagePump._dispatch_message = dispatch  # type: ignore[method-assign]
    MessagePump._bench_counted = True  # type: ignore[attr-defined]


async def _settled(app: Any) -> None:
    """Wait, without sending anything, until the app and every widget of its screen
    have handled every message they were sent and run their call_next callbacks.

    Pilot's ``_wait_for_screen`` gets there by posting a callback to each widget and
    waiting for all of them: harness work that a reader's key never causes, and that
    grows with the number of widgets (a fresh closure per widget per key, whose
    signature Textual inspects each time: about 1 ms per key for the reader's 37
    widgets, against the minimal app's 5). Watching the queues, and counting the
    messages being handled (``_count_dispatches``, installed in both apps), costs
    neither app more than the polling loop."""
    nodes = [app, *app.screen.walk_children(with_self=True)]

    def idle() -> bool:
        return not _IN_FLIGHT[0] and not any(
            node._message_queue.values or node._next_callbacks for node in nodes
        )

    await _until(idle)


async def _baseline() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

    app = Minimal()

    def drawn() -> bool:
        statics = app.screen.query(Static)
        return bool(statics) and statics.first().region.area > 0

    frames = _Frames(app, drawn)
    started = time.perf_counter()
    async with app.run_test(size=SIZE):
        await _until(lambda: frames.first is not None)
        assert frames.first is not None
        first = frames.first - started
    return {"first_frame": first, "rss": _peak_rss_mb()}


async def _line_app() -> dict[str, float]:
    """Textual's floor for a page-down: the smallest Line API app of the reader's shape."""
    import asyncio

    from rich.segment import Segment
    from rich.style import Style
    from textual import events
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Footer, Static

    rng = random.Random(SEED)
    lines = [" ".join(rng.choices(WORDS, k=30))[:100] for _ in range(1000)]
    handled: list[int] = []

    class Lines(ScrollView, can_focus=True):
        BINDINGS: ClassVar[list[BindingType]] = [("space", "page", "Page down")]

        def on_mount(self) -> None:
            self.virtual_size = Size(100, 2_000_000)

        def render_line(self, y: int) -> Strip:
            text = lines[(self.scroll_offset.y + y) % len(lines)]
            return Strip([Segment(text, Style(color="green"))]).extend_cell_length(
                self.size.width
            )

        def action_page(self) -> None:
            self.scroll_to(y=self.scroll_offset.y + self.size.height, animate=False,
                           immediate=True)
            handled.append(1)

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A title")
            yield Lines()
            yield Footer()

    app = Minimal()
    frames = _Frames(app, lambda: bool(app.screen.query(Lines)))
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: frames.first is not None)
        app.query_one(Lines).focus()
        await pilot.pause()
        pages = []
        for _ in range(200):
            before = len(handled)
            t0 = time.perf_counter()
            event = events.Key("space", " ")
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)
            await _until(lambda before=before: len(handled) > before)  # type: ignore[misc]
            await _settled(app)
            app.screen._on_timer_update()
            pages.append(time.perf_counter() - t0)
            await asyncio.sleep(0.01)
    return {"page_median": statistics.median(pages), "page_worst": max(pages)}


async def _transcript(paragraphs: int) -> dict[str, float]:
    import asyncio

    from textual import events

    from reader.app import ReaderApp, documents_loader
    from reader.screens.main import Loaded, MainScreen

    document = make_document(paragraphs)
    size_mb = sum(len(b.text) for b in document.blocks) / 1e6
    app = ReaderApp(documents_loader([Loaded("synthetic.txt", (document,))]))

    def drawn() -> bool:
        try:
            transcript = app.main.transcript
        except LookupError:
            return False
        # lines of the document have been cut for this frame
        return transcript.document is document and len(transcript._strips) > 0

    frames = _Frames(app, drawn)
    handled: list[str] = []
    for name in ("action_page_down", "action_cursor_bottom"):
        original = getattr(MainScreen, name)

        def wrapped(self: Any, _original: Any = original, _name: str = name) -> None:
            _original(self)
            handled.append(_name)

        setattr(MainScreen, name, wrapped)

    started = time.perf_counter()
    async with app.run_test(size=SIZE):
        await _until(lambda: frames.first is not None)
        assert frames.first is not None
        first = frames.first - started
        screen = app.main
        transcript = screen.transcript

        async def key_to_frame(key: str, character: str | None, action: str) -> float:
            """A key as the terminal sends it, until its frame is composed and output:
            the binding, the action, every message it causes, the frame."""
            before = len(handled)
            t0 = time.perf_counter()
            event = events.Key(key, character)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)
            await _until(lambda: len(handled) > before)
            assert handled[-1] == action
            await _settled(app)
            screen._on_timer_update()  # what the screen's update timer does next
            return time.perf_counter() - t0

        # A reader pages at once, while the rest of the document is still being
        # measured, with a little idle time between keys as a person leaves.
        during: list[float] = []
        while not transcript.fully_measured and len(during) < 2000:
            during.append(await key_to_frame("space", " ", "action_page_down"))
            await asyncio.sleep(0.01)
        after: list[float] = []
        for _ in range(200):
            after.append(await key_to_frame("space", " ", "action_page_down"))
            await asyncio.sleep(0.01)
        end = await key_to_frame("G", "G", "action_cursor_bottom")
        assert transcript.cursor == paragraphs - 1
    pages = during + after
    return {
        "first_frame": first,
        "page_median": statistics.median(pages),
        "page_worst": max(pages),
        "pages_during": len(during),
        "worst_during": max(during, default=0.0),
        "median_during": statistics.median(during) if during else 0.0,
        "worst_after": max(after),
        "median_after": statistics.median(after),
        "end": end,
        "rss": _peak_rss_mb(),
        "size_mb": size_mb,
    }


def _child(kind: str, paragraphs: int) -> None:
    import asyncio
    import os
    import tempfile

    os.environ["ARCHIVE_READER_HOME"] = tempfile.mkdtemp(prefix="bench-home-")
    _count_dispatches()
    _reset_peak_rss()
    work = {"baseline": _baseline, "lines": _line_app}.get(kind)
    result = asyncio.run(work() if work else _transcript(paragraphs))
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
    floor = _run_child("lines", paragraphs)
    big = _run_child("transcript", paragraphs)
    ms = 1000.0
    detail = f"{paragraphs:,} paragraphs, {big['size_mb']:.1f} MB, 120x40"
    return [
        Result("transcript: first frame", big["first_frame"] * ms, "ms", "<= 1.5x baseline",
               big["first_frame"] <= 1.5 * base["first_frame"], base["first_frame"] * ms,
               "minimal Static app", detail),
        Result("transcript: page down (median)", big["page_median"] * ms, "ms", "< 5 ms",
               big["page_median"] * ms < 5, floor["page_median"] * ms,
               "minimal Line API app (Textual's floor)",
               detail=f"{int(big['pages_during'])} pages while the rest is measured "
               f"(median {big['median_during'] * ms:.1f} ms) + 200 after "
               f"(median {big['median_after'] * ms:.1f} ms); key to frame output"),
        Result("transcript: page down (worst)", big["page_worst"] * ms, "ms", "< 16 ms",
               big["page_worst"] * ms < 16, floor["page_worst"] * ms,
               "minimal Line API app (Textual's floor)",
               detail=f"worst while measuring {big['worst_during'] * ms:.1f} ms, "
               f"after {big['worst_after'] * ms:.1f} ms"),
        Result("transcript: jump to end", big["end"] * ms, "ms", "< 20 ms", big["end"] * ms < 20,
               detail="G, key to frame output"),
        Result("transcript: peak RSS", big["rss"], "MB", "< 200 MB", big["rss"] < 200,
               base["rss"], "minimal Static app", "child process ru_maxrss"),
    ]


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100_000)
    else:
        for result in run("--quick" in sys.argv):
            print(result)
