"""A small library built from Documents directly, so these tests need no parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.data.index import SearchIndex
from reader.model.document import Block, Document, Metadata, Note, Source, Speaker


@dataclass(frozen=True)
class FakeEntry:
    path: str
    documents: tuple[Document, ...]
    error: str | None = None
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0


GUEVARA = Speaker("guevara", "Ernesto 'Che' Guevara", ("Guevara",), 0, ("Che",))
SHEN = Speaker("shen", "Shen Jian", ("Ambassador Shen", "Shen"), 1)
MIKOYAN = Speaker("mikoyan", "Anastas Mikoyan", ("Mikoyan",), 0)


def havana(sha: str = "h1", extra: str = "") -> Document:
    return Document(
        Metadata(title="Conversation in Havana", date="1962-12-01", original_language="Chinese"),
        (
            Block("turn", "The Soviet missiles were withdrawn from Cuba." + extra, "guevara",
                  "Guevara", "label"),
            Block("turn", "What will the Soviet Union take away? A communiqué followed.",
                  "shen", "Ambassador Shen", "label"),
            Block("stage", "(Laughter)"),
            Block("turn", "Our lives are God-given;\nwe stand by the revolution.", "guevara",
                  "Guevara", "continuation"),
        ),
        (GUEVARA, SHEN),
        (Note("n1", "translator", "The word for missile is ambiguous.", None, 0),),
        Source(path="/lib/havana.txt", sha256=sha),
    )


def moscow() -> Document:
    return Document(
        Metadata(title="Mikoyan in Moscow", date="1962-11", original_language="Russian"),
        (
            Block("turn", "A single missile remained; the Union of Soviet states agreed.",
                  "mikoyan", "Mikoyan", "label"),
            Block("paragraph", "Revolutionary councils met in November."),
        ),
        (MIKOYAN,),
        source=Source(path="/lib/moscow.txt", sha256="m1"),
    )


def undated() -> Document:
    return Document(
        Metadata(title="Undated note on missiles", date=None),
        (Block("paragraph", "Missiles, missiles everywhere; the union was silent."),),
        source=Source(path="/lib/undated.txt", sha256="u1"),
    )


def entries() -> list[FakeEntry]:
    return [
        FakeEntry("/lib/havana.txt", (havana(),), sha256="h1", size=100, mtime=1.0),
        FakeEntry("/lib/moscow.txt", (moscow(),), sha256="m1", size=100, mtime=1.0),
        FakeEntry("/lib/undated.txt", (undated(),), sha256="u1", size=100, mtime=1.0),
    ]


def build(tmp: Path) -> SearchIndex:
    index = SearchIndex.open(tmp / "index.sqlite")
    index.update(entries())
    return index
