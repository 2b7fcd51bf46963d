"""Plain text: the fallback for transcripts and records in no format we know.

The rules live in ``reader.model.formats.transcript``, which DFAT Markdown shares:
labels of every common form with guards against header fields and lists of people,
speaker changes inside paragraphs, continuations, page-break joins, closing matter,
glued footnote numbers, "[Page N]" markers, participants lists and whole volumes of
numbered records. Apparatus spans come from ``reader.model.apparatus``.
"""

from __future__ import annotations

from reader.model.document import Document
from reader.model.loading import LoadedText

__all__ = ["parse", "parse_all"]


def parse(loaded: LoadedText, path: str | None = None) -> Document:
    """Parse plain text into a Document."""
    from reader.model.formats.transcript import parse_plain

    return parse_plain(loaded, path)


def parse_all(loaded: LoadedText, path: str | None = None) -> list[Document]:
    """Parse plain text into its documents: one, or one per record of a whole volume."""
    from reader.model.formats.transcript import parse_plain_all

    return parse_plain_all(loaded, path)
