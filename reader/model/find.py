"""Find in an open document: the matching logic behind the find bar. Pure.

Matches are found on each block's whole text, never on screen lines, so wrapping cannot
split one; a query's spaces match any run of whitespace (line breaks inside a block
included). Smart case: case-insensitive unless the query has a capital letter. Accents
are likewise ignored unless the query has one (communique finds communiqué).

Offsets in a ``Match`` always index ``Block.text`` (source offsets). In the clean
reading mode the search runs on the text as the clean view shows it (so "Blas Roca"
finds "[Blas] Roca") and matches are mapped back to source offsets; text hidden in the
clean view is not searched there unless ``include_hidden`` asks for it, and such
matches carry ``hidden=True`` so the UI can say why it cannot show them.

Speed: the blocks are searched as one joined string with one compiled pattern; the
joined, lower-cased and accent-folded texts are built lazily once per document and mode
and kept for the last few documents.
"""

from __future__ import annotations

import bisect
import importlib
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.model.document import CLEAN_HIDDEN, Block, Document, Speaker
from reader.model.spelling import closest, did_you_mean
from reader.model.variants import variants

__all__ = ["FindError", "FindQuery", "Match", "count_label", "find_all", "matching_speakers",
           "no_speaker_message", "spelt_alike"]


class FindError(ValueError):
    """A query that cannot run (an invalid regular expression); str() is the message."""


@dataclass(frozen=True, slots=True)
class Match:
    #: index into Document.blocks
    block: int
    #: offsets into Block.text
    start: int
    end: int
    #: the match lies (partly) in text the current reading mode hides
    hidden: bool = False


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2B0):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base != char:
            table[code] = base
    # common letters NFD leaves alone
    for src, dst in {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}.items():
        table[ord(src)] = dst
    return table


_FOLD: dict[int, str] | None = None


def _fold(text: str) -> str:
    """Strip accents, one character for one (offsets survive)."""
    global _FOLD
    if text.isascii():
        return text
    if _FOLD is None:
        _FOLD = _fold_table()
    return text.translate(_FOLD)


_ESCAPE = re.compile(r"\\.", re.S)
_SPEAKER = re.compile(r'(?:^|\s)speaker:(?:"([^"]*)"?|(\S*))', re.I)


@dataclass(frozen=True, slots=True)
class FindQuery:
    """A parsed find-bar query. Build with ``FindQuery.parse``."""

    text: str
    #: the compiled pattern, to run on the haystack variant given by the two flags
    pattern: re.Pattern[str] | None
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False
    accent_sensitive: bool = False
    #: ``speaker:NAME`` as typed (without quotes), or None
    speaker: str | None = None

    @property
    def empty(self) -> bool:
        return self.pattern is None and self.speaker is None

    @classmethod
    def parse(cls, text: str, regex: bool = False, whole_word: bool = False) -> FindQuery:
        """Parse what the reader typed. Raises FindError for an invalid regex, with
        the regular-expression error as the message."""
        speaker: str | None = None
        found = _SPEAKER.search(text)
        if found:
            name = found.group(1) if found.group(1) is not None else found.group(2)
            speaker = " ".join((name or "").split()) or None
            text_rest = (text[: found.start()] + " " + text[found.end() :]).strip()
        else:
            text_rest = text.strip()
        if not text_rest:
            return cls(text, None, regex, whole_word, False, False, speaker)
        probe = _ESCAPE.sub("", text_rest) if regex else text_rest
        case_sensitive = any(c.isupper() for c in probe)
        accent_sensitive = _fold(probe) != probe
        if regex:
            source = text_rest
        else:
            source = r"\s+".join(re.escape(word) for word in text_rest.split())
        if not case_sensitive:
            source = source.lower() if not regex else source
        if not accent_sensitive:
            source = _fold(source)
        if whole_word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        flags = re.MULTILINE
        if not case_sensitive and regex:
            flags |= re.IGNORECASE
        try:
            pattern = re.compile(source, flags)
        except (re.error, RecursionError, OverflowError, ValueError) as error:
            raise FindError(f"invalid regular expression: {error}") from None
        return cls(text, pattern, regex, whole_word, case_sensitive, accent_sensitive, speaker)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _fold(text.lower()))


def matching_speakers(document: Document, name: str) -> list[Speaker]:
    """Speakers whose id, name, labels and aliases hold every word of ``name``, in any
    order ("shen", "ambassador shen", "henry kissinger" for "Henry A. Kissinger"), or
    every word of another spelling of it ("zhou" finds "P.M. Chou": ``variants``). A
    word matches the start of a name's word ("guev"), except one of one or two
    letters, which is a whole label ("D", not "Dr.")."""
    first = _words(name)
    if not first:
        return []
    needles = [first, *(text.split() for text in variants(name))]
    found: list[Speaker] = []
    for speaker in document.speakers:
        words = {
            word
            for candidate in (speaker.id, speaker.name, *speaker.labels, *speaker.aliases)
            for word in _words(candidate)
        }
        if any(
            all(
                n in words if len(n) <= 2 else any(word.startswith(n) for word in words)
                for n in needle
            )
            for needle in needles
        ):
            found.append(speaker)
    return found


def no_speaker_message(document: Document, name: str) -> str:
    """What to tell a reader whose ``speaker:NAME`` matches no speaker of the document:
    the speakers whose names are spelt like it ("did you mean Guevara?"), else the
    document's speakers when they are few, or that it has none (a narrative record)."""
    message = f"no speaker here matches {name!r}"
    if not document.speakers:
        return message + " (this document has no speaker labels)"
    # each word of each speaker's names, labels and aliases -> the speaker's name
    named: dict[str, str] = {}
    for speaker in document.speakers:
        for candidate in (speaker.name, *speaker.labels, *speaker.aliases):
            for word in _words(candidate):
                if len(word) > 2:
                    named.setdefault(word, speaker.name)
    close = closest(" ".join(_words(name)), named, most=len(named), cutoff=0.75)
    if close:
        return message + did_you_mean([named[word] for word in close][:3])
    if len(document.speakers) <= 4:
        return message + f" (speakers: {', '.join(s.name for s in document.speakers)})"
    return message


#: A document longer than this (characters) gets no "did you mean" from the find bar:
#: reading its words once costs ~75 ms per MB, on the UI thread.
ALIKE_MAX = 300_000
_WORD = re.compile(r"\w+")


def spelt_alike(document: Document, query: FindQuery, most: int = 3) -> list[str]:
    """Words of ``document`` spelt like the one word ``query`` looks for (and did not
    find), as the document writes them, closest first: "Dobrynin" for "dobrinin".

    Empty for a regular expression, several words, a word under three letters, or a
    document longer than ``ALIKE_MAX`` characters. Candidates share the typed word's
    first letter; the document's words are read once and kept with its haystack."""
    if query.regex or query.pattern is None:
        return []
    typed = _SPEAKER.sub(" ", query.text).strip()
    others = variants(typed)
    if others:
        # a name the document spells another way: "Peking" for "beijing"
        as_written = _written_as(document, others)
        if as_written:
            return as_written[:most]
    if len(typed) < 3 or not _WORD.fullmatch(typed):
        return []
    stack = _haystack(document, "printed")
    if not stack.texts or stack.starts[-1] + len(stack.texts[-1]) > ALIKE_MAX:
        return []
    folded = _fold(typed.lower())
    written = stack.words()
    candidates = [word for word in written if word[:1] == folded[:1] and word != folded]
    close = closest(folded, candidates, most * 2)
    # the find looks for the word inside longer ones: "missile" finds "missiles" too
    close = [word for word in close if not any(other in word for other in close if other != word)]
    return [written[word] for word in close[:most]]


def _written_as(document: Document, spellings: Sequence[str]) -> list[str]:
    """How ``document`` writes any of ``spellings`` (each words joined by spaces, as
    ``variants`` gives them), in order of first appearance, each form once: one pass
    over the text, the words separated by anything but letters and digits ("Chou
    En-lai", "Teng Hsiao-p'ing")."""
    alternatives = "|".join(
        r"[^\w\x00]+".join(re.escape(word) for word in spelling.split()) for spelling in spellings
    )
    pattern = FindQuery.parse(rf"(?<!\w)(?:{alternatives})(?!\w)", regex=True)
    forms: dict[str, str] = {}
    for match in find_all(document, pattern):
        written = " ".join(document.blocks[match.block].text[match.start : match.end].split())
        forms.setdefault(written.casefold(), written)
    return list(forms.values())


# ----------------------------------------------------------------- haystacks

_SEP = "\n\x00\n"


class _Haystack:
    """The blocks of one document in one mode, joined, with lazily made variants."""

    def __init__(self, texts: list[str], maps: list[Callable[[int], int] | None]) -> None:
        self.texts = texts
        self.maps = maps
        self.starts: list[int] = []
        at = 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + len(_SEP)
        self._variants: dict[tuple[bool, bool], tuple[str, list[str]] | None] = {}
        self._words: dict[str, str] | None = None
        self._lock = threading.Lock()

    def words(self) -> dict[str, str]:
        """Each word of the texts, case and accents folded, to its first written form."""
        with self._lock:
            if self._words is None:
                self._words = {}
                for text in self.texts:
                    for word in _WORD.findall(text):
                        self._words.setdefault(_fold(word.lower()), word)
            return self._words

    def variant(self, case: bool, accent: bool) -> tuple[str, list[str]] | None:
        """(joined, per-block texts) with case and/or accents folded; None when the
        lower-casing would change lengths (then the caller uses IGNORECASE)."""
        key = (case, accent)
        with self._lock:
            if key not in self._variants:
                texts = self.texts
                if not case:
                    lowered = [t.lower() for t in texts]
                    if any(len(a) != len(b) for a, b in zip(lowered, texts, strict=True)):
                        self._variants[key] = None
                        return None
                    texts = lowered
                if not accent:
                    texts = [_fold(t) for t in texts]
                self._variants[key] = (_SEP.join(texts), texts)
            return self._variants[key]


def _clean_view(block: Block) -> tuple[str, Callable[[int], int] | None]:
    """The block's text as the clean reading mode shows it, and a view->source map."""
    reading: Any = None
    try:  # the reading modes module (apparatus branch) is the authority where present
        reading = importlib.import_module("reader.model.reading")
    except ImportError:
        pass
    if reading is not None:
        view = reading.view(block, "clean")
        if view.text == block.text:
            return block.text, None
        return view.text, lambda offset: int(reading.to_source(view, offset))
    hide: list[tuple[int, int]] = []
    for span in block.spans:
        if span.end <= span.start:
            continue
        if span.kind in CLEAN_HIDDEN:
            hide.append((span.start, span.end))
        elif span.kind == "supplied":
            text = block.text
            if text[span.start] == "[":
                hide.append((span.start, span.start + 1))
            if text[span.end - 1] == "]":
                hide.append((span.end - 1, span.end))
    if not hide:
        return block.text, None
    hide.sort()
    keep: list[int] = []
    chars: list[str] = []
    at = 0
    for start, end in hide:
        if start > at:
            chars.append(block.text[at:start])
            keep.extend(range(at, start))
        at = max(at, end)
    chars.append(block.text[at:])
    keep.extend(range(at, len(block.text)))
    length = len(block.text)
    return "".join(chars), lambda offset: keep[offset] if offset < len(keep) else length


_CACHE: OrderedDict[tuple[int, str], tuple[Document, _Haystack]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 6


def _haystack(document: Document, mode: str) -> _Haystack:
    key = (id(document), mode)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] is document:
            _CACHE.move_to_end(key)
            return cached[1]
    if mode == "clean":
        pairs = [_clean_view(block) for block in document.blocks]
        stack = _Haystack([p[0] for p in pairs], [p[1] for p in pairs])
    else:
        stack = _Haystack([b.text for b in document.blocks], [None] * len(document.blocks))
    with _CACHE_LOCK:
        _CACHE[key] = (document, stack)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return stack


def _literal(query: FindQuery) -> str | None:
    """The plain string a non-regex one-word query looks for (str.find beats re for a
    literal needle: ~19 ms vs ~30 ms over 28 M characters), or None."""
    if query.regex or query.whole_word or query.pattern is None:
        return None
    source = query.pattern.pattern
    needle = _UNESCAPE.sub(r"\1", source)
    return needle if needle and re.escape(needle) == source else None


_UNESCAPE = re.compile(r"\\(.)", re.S)


def _find_spans(haystack: str, needle: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping occurrences of ``needle``, left to right (as re.finditer)."""
    size = len(needle)
    find = haystack.find
    at = find(needle)
    while at >= 0:
        yield at, at + size
        at = find(needle, at + size)


def _search(stack: _Haystack, query: FindQuery) -> list[tuple[int, int, int]]:
    """(block, start, end) in the haystack's own (view) offsets."""
    assert query.pattern is not None
    variant = stack.variant(query.case_sensitive, query.accent_sensitive)
    pattern = query.pattern
    if variant is None:
        pattern = re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)
        joined = _SEP.join(stack.texts if query.accent_sensitive else map(_fold, stack.texts))
        texts = joined.split(_SEP)
    else:
        joined, texts = variant
    starts = stack.starts
    out: list[tuple[int, int, int]] = []
    redo: set[int] = set()
    needle = _literal(query) if variant is not None else None
    spans = (
        _find_spans(joined, needle) if needle else (m.span() for m in pattern.finditer(joined))
    )
    index = 0
    for start, end in spans:
        if start == end:
            continue
        # matches come in order, so the block search can start at the previous block
        index = bisect.bisect_right(starts, start, index) - 1
        block_start = starts[index]
        size = len(texts[index])
        if start - block_start >= size:
            continue  # inside the separator
        if end - block_start <= size:
            out.append((index, start - block_start, end - block_start))
        else:
            last = bisect.bisect_right(starts, end - 1) - 1
            redo.update(range(index, last + 1))
    if redo:
        # a pattern ran across a block boundary: search those blocks one by one
        have = set(out)
        for index in sorted(redo):
            for found in pattern.finditer(texts[index]):
                item = (index, *found.span())
                if found.start() != found.end() and item not in have:
                    out.append(item)
        out.sort()
    return out


def find_all(
    document: Document,
    query: FindQuery | str,
    mode: str = "printed",
    *,
    include_hidden: bool = False,
) -> list[Match]:
    """Every match in reading order, offsets into Block.text.

    ``mode`` is "printed" (the source text) or "clean" (the clean view's text; matches
    mapped back to source offsets). A query with only ``speaker:NAME`` matches the
    whole of each of that speaker's blocks."""
    if isinstance(query, str):
        query = FindQuery.parse(query)
    allowed: set[str] | None = None
    if query.speaker is not None:
        allowed = {s.id for s in matching_speakers(document, query.speaker)}
        if not allowed:
            return []
    blocks = document.blocks
    if query.pattern is None:
        if allowed is None:
            return []
        return [
            Match(i, 0, len(b.text)) for i, b in enumerate(blocks) if b.speaker in allowed
        ]
    stack = _haystack(document, "clean" if mode == "clean" else "printed")
    matches: list[Match] = []
    for index, start, end in _search(stack, query):
        if allowed is not None and blocks[index].speaker not in allowed:
            continue
        to_source = stack.maps[index]
        if to_source is None:
            matches.append(Match(index, start, end))
        else:
            matches.append(Match(index, to_source(start), to_source(end - 1) + 1))
    if mode == "clean" and include_hidden:
        seen: dict[int, list[Match]] = {}
        for match in matches:
            seen.setdefault(match.block, []).append(match)
        printed = _haystack(document, "printed")
        for index, start, end in _search(printed, query):
            if allowed is not None and blocks[index].speaker not in allowed:
                continue
            if stack.maps[index] is None:
                continue
            if any(m.start < end and start < m.end for m in seen.get(index, ())):
                continue
            matches.append(Match(index, start, end, hidden=True))
        matches.sort(key=lambda m: (m.block, m.start))
    return matches


def count_label(matches: Sequence[Match], current: int | None) -> str:
    """ "3/17" for the find bar (current is 0-based), "0/0" when nothing matched."""
    if not matches:
        return "0/0"
    return f"{(current or 0) + 1}/{len(matches)}"
