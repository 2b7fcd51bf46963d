"""What each speaker has in a record: labelled turns, and reported passages.

The header's legend and the speaker chooser both say it, from these two functions,
so they cannot disagree: the chooser once counted labelled turns only and said
"0 turns" for every speaker of a narrative record the legend called "8 reported".
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.model.document import Block

__all__ = ["count_speakers", "tally_text"]


def count_speakers(
    blocks: Iterable[Block],
    turns: dict[str, int] | None = None,
    reported: dict[str, int] | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Labelled turns and reported passages per speaker id, added to ``turns`` and
    ``reported`` (so a long record can be counted a slice at a time)."""
    turns = {} if turns is None else turns
    reported = {} if reported is None else reported
    for block in blocks:
        speaker = block.speaker
        if not speaker:
            continue
        attribution = block.attribution
        if attribution == "label":
            if block.kind == "turn":
                turns[speaker] = turns.get(speaker, 0) + 1
        elif attribution == "reported":
            # In a narrative record (a diary, a memorandum in the third person)
            # nobody has labelled turns; what a speaker has is reported passages.
            reported[speaker] = reported.get(speaker, 0) + 1
    return turns, reported


def tally_text(turns: int, reported: int) -> str:
    """ "34 turns", "7 reported", or "5 turns, 2 reported"."""
    parts = [f"{turns} turn{'s' if turns != 1 else ''}"] if turns or not reported else []
    if reported:
        parts.append(f"{reported} reported")
    return ", ".join(parts)
