"""Close spellings, for "did you mean": one rule for the library search, the find bar
and its speaker filter. Pure."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean"]


def closest(typed: str, words: Iterable[str], most: int = 3, cutoff: float = 0.8) -> list[str]:
    """Up to ``most`` of ``words`` spelt like ``typed`` (compared case-folded, difflib's
    ratio at least ``cutoff``), closest first, each spelling once (the first written
    form of it)."""
    forms: dict[str, str] = {}
    for word in words:
        forms.setdefault(word.casefold(), word)
    found = difflib.get_close_matches(typed.casefold(), list(forms), n=most, cutoff=cutoff)
    return [forms[word] for word in found]


def did_you_mean(words: Iterable[str]) -> str:
    """' (did you mean X or Y?)', or '' for no words."""
    shown = list(dict.fromkeys(words))
    return f" (did you mean {' or '.join(shown)}?)" if shown else ""
