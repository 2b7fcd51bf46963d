"""Documents built by hand for UI tests, and helpers to start the app on them."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList

from reader.app import ReaderApp, documents_loader, scan_loader
from reader.data import library
from reader.model.document import Block, Document, Metadata, Note, Span, Speaker
from reader.screens.main import Loaded, MainScreen
from reader.widgets.transcript import GUTTER, Transcript
from tests.conftest import SEED_004


def dialogue() -> Document:
    """Three speakers, continuations, apparatus of several kinds, a footnote."""
    speakers = (
        Speaker("ana", "Ana Ortiz", ("Ortiz",), 0),
        Speaker("ben", "Ben Ross", ("Ross",), 1),
        Speaker("cy", "Cy Tan", ("Tan",), 2),
    )
    blocks = (
        Block("heading", "Record of a meeting"),
        Block("turn", "We begin [on 1 May 1960] now.", "ana", "Ortiz", "label",
              (Span("date", 9, 24),)),
        Block("paragraph", "A second paragraph of Ortiz.", "ana", None, "continuation"),
        Block("turn", "(Laughter) I agree with [Blas] Roca.", "ben", "Ross", "label",
              (Span("stage", 0, 10), Span("supplied", 24, 30))),
        Block("turn", "Nothing to add [sic] here.1", "cy", "Tan", "label",
              (Span("sic", 15, 20), Span("footnote-ref", 26, 27, "n1"))),
        Block("turn", "Back to me.", "ana", "Ortiz", "label"),
        Block("turn", "And me [2 lines not declassified].", "ben", "Ross", "label",
              (Span("redaction", 7, 34),)),
        Block("stage", "(After the meal)"),
        Block("turn", "Last word.", "ana", "Ortiz", "label"),
    )
    return Document(
        Metadata(title="Meeting [draft] of 1 May", date="1960-05-01", archive="Test Archive",
                 document_type="memorandum of conversation", citation="Cite me."),
        blocks,
        speakers,
        (Note("n1", "footnote", "A footnote text.", "1", 4),),
    )


def narrative() -> Document:
    return Document(
        Metadata(title="A diary", date="1958-01-01", document_type="diary"),
        (
            Block("paragraph", "I met him today."),
            Block("paragraph", "He said that he agreed.", "ben", None, "reported"),
        ),
        (Speaker("ben", "Ben Ross", (), 0),),
    )


def long_document(count: int = 400) -> Document:
    speakers = (Speaker("a", "A", ("A",), 0), Speaker("b", "B", ("B",), 1))
    blocks = tuple(
        Block("turn", f"Paragraph {n} " + "word " * (n % 40), "ab"[n % 2], "AB"[n % 2], "label")
        for n in range(count)
    )
    return Document(Metadata(title="Long", date="1970"), blocks, speakers)


def app_for(documents: Iterable[Document] = (), paths: Iterable[str] = ()) -> ReaderApp:
    items = [Loaded(f"doc{n}.txt", (d,)) for n, d in enumerate(documents)]
    for path in paths:
        entry = library.load_entry(path, use_cache=False)
        items.append(Loaded(entry.name, tuple(entry.documents), entry.error))
    return ReaderApp(documents_loader(items))


# ------------------------------------------------ mouse selection on the transcript


async def ready(app: ReaderApp, pilot) -> MainScreen:  # type: ignore[no-untyped-def]
    """The main screen once the library scan (and what it started) has finished."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.main


def at(transcript: Transcript, block: int, offset: int) -> tuple[int, int]:
    """The widget offset (x, y) of character ``offset`` on the first line of ``block``."""
    assert transcript.document is not None
    prefix = len(transcript._prefix(transcript.document.blocks[block]))
    y = transcript.first_line_of(block) - round(transcript.scroll_y)
    return GUTTER + transcript._margin + prefix + offset, y


async def drag(pilot, transcript: Transcript, start: tuple[int, int],  # type: ignore[no-untyped-def]
               end: tuple[int, int]) -> None:
    await pilot.mouse_down(transcript, offset=start)
    await pilot.hover(transcript, offset=((start[0] + end[0]) // 2, (start[1] + end[1]) // 2))
    await pilot.hover(transcript, offset=end)
    await pilot.mouse_up(transcript, offset=end)
    await pilot.pause()


def lines_styled(transcript: Transcript, block: int, component: str) -> list[bool]:
    """Per display line of ``block``: whether some of its cells carry the background of
    the transcript's ``component`` style (the selection, a bookmark's focus)."""
    background = transcript._style(component).bgcolor
    assert background is not None
    flags = []
    for line in range(len(transcript._wrap(block))):
        strip = transcript._render_block_line(block, line, Style())
        flags.append(any(s.style is not None and s.style.bgcolor == background for s in strip))
    return flags


def option_texts(options: OptionList) -> list[str]:
    """The plain text of each option of ``options`` (a list, a panel), in order."""
    texts = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        texts.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
    return texts


def seed_004_app() -> ReaderApp:
    """The reader on seed 004 (Guevara and Shen), as a user opens it: read from disk."""
    return ReaderApp(scan_loader([str(SEED_004)]))
