"""The transcript's window onto ``reader.model.reading`` (the reading modes)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import reading
from reader.model.document import Block, Span

__all__ = ["MODES", "MODE_NAMES", "BlockView", "block_view"]

MODES: tuple[str, ...] = tuple(reading.MODES)
MODE_NAMES = {"printed": "as printed", "clean": "clean"}


@dataclass(frozen=True, slots=True)
class BlockView:
    """A block as shown in one reading mode, with the model's offset map."""

    view: reading.View

    @property
    def text(self) -> str:
        return self.view.text

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.view.spans

    def to_view(self, source: int) -> int:
        return reading.to_view(self.view, source)

    def to_source(self, offset: int) -> int:
        return reading.to_source(self.view, offset)


def block_view(block: Block, mode: str) -> BlockView:
    """The block's text and spans in ``mode`` ("printed" or "clean")."""
    return BlockView(reading.view(block, mode))
