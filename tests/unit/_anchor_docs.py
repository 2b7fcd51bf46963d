"""Documents built here for the anchor tests (whole passages, spans, re-anchoring):
one sample record and the one way of making a document of given passages."""

from __future__ import annotations

import hashlib

from reader.model.document import Block, Document, Metadata, Source, Speaker

ORIGINAL = (
    "The Ambassador opened the meeting at ten.",
    "We discussed the blockade and the missiles at some length, and the Minister "
    "asked whether the quarantine would be lifted before the end of the month.",
    "Yes.",
    "The Minister thanked the Ambassador and said the talks had been useful.",
    "Yes.",
    "The meeting ended at noon.",
)


def doc(*texts: str, path: str | None = "/archive/memo.txt", part: str | None = None,
        turns: bool = False) -> Document:
    """A document of ``texts`` whose sha256 follows its words; with ``turns``, each
    passage is a labelled turn of one speaker (the Minister), else a plain paragraph."""
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
    if turns:
        blocks = tuple(
            Block("turn", text, speaker="a", label="Minister", attribution="label")
            for text in texts
        )
        speakers: tuple[Speaker, ...] = (Speaker("a", "The Minister", slot=0),)
    else:
        blocks, speakers = tuple(Block("paragraph", text) for text in texts), ()
    return Document(
        metadata=Metadata(title="Memo"),
        blocks=blocks,
        speakers=speakers,
        source=Source(path=path, sha256=digest, part=part),
    )
