"""Text-quote anchors: bookmarks that find their words again after a document changes.

A researcher's bookmark must survive the document being re-downloaded, re-saved with
other whitespace or line ends, gaining a paragraph at its top, losing or gaining page
furniture, or moving to another folder. An index or an offset alone cannot do that, so an
``Anchor`` keeps what the W3C Web Annotation model calls a TextQuoteSelector (the quoted
words with a few words of context either side) beside the position it had (passage
index and offsets) and the document's identity (content hash, path, part).

Usage::

    anchor = make_anchor(document, block_index, start, end)   # start/end None: whole passage
    span = make_anchor(document, 2, 10, 40, end_block=4)        # passage 3 char 10 .. 5 char 40
    found = resolve(anchor, document)                          # -> Resolution
    best = locate(anchor, candidate_documents)                 # -> (Document, Resolution) | None
    remade = rebase(anchor, document, found)                   # -> Anchor to write back | None
    moved = rehome(anchor, documents_of_its_file)              # -> (Document, Anchor) | None

``Resolution.status`` says how much to trust the result:

- ``"exact"``: same file content (sha256) and the quote is still at the stored offsets;
- ``"moved"``: the very same words (whitespace and typographic quotes aside) were found
  elsewhere; ``prefix``/``suffix`` pick among repeats, then nearness to the old passage;
- ``"fuzzy"``: the words were edited; the closest passage scoring at least
  ``FUZZY_THRESHOLD`` with ``difflib.SequenceMatcher`` on whitespace-normalised text;
- ``"orphaned"``: nowhere to be found. The caller keeps the bookmark (quote and note are
  in the Anchor and the store) and lists it as orphaned; nothing is ever dropped.

``Resolution.certain`` says whether the words could only be there (exact, or the quote
once in the document, or the one repeat whose context matches in full); only a certain
"moved" find in the anchor's own document is worth writing back (``rebase``, used by
``Store.follow``), so that it is exact from then on. A guess stays a guess.

Offsets (``start``/``end``) always index ``Block.text`` of the document they came from.
An anchor may hold a span of passages (an exchange, not a paragraph): ``end_block`` is
the passage where the quote ends and ``end`` then indexes that passage's text; ``exact``
is the passages' words joined by blank lines (``make_anchor(..., end_block=N)``). None
means one passage, so every single-passage anchor is a span of one. A quote that a
re-save split across passages, or a span that a re-save joined into one passage, is
found the same way (the words are compared with passage breaks as plain spaces) and
resolves with ``end_block`` set where it now ends (None: within one passage).

Pure: no Textual, no Rich, no I/O.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Final

from reader.model.document import Document

__all__ = [
    "FUZZY_THRESHOLD",
    "PASSAGE_BREAK",
    "STATUSES",
    "Anchor",
    "Resolution",
    "locate",
    "make_anchor",
    "normalise",
    "quote_of",
    "rebase",
    "rehome",
    "resolve",
]

#: Every status a Resolution can carry, from most to least certain.
STATUSES: Final = ("exact", "moved", "fuzzy", "orphaned")

#: The lowest SequenceMatcher ratio (on whitespace-normalised text) accepted as the same
#: passage after an edit. 0.8 keeps a quote whose words were lightly re-edited (a page
#: header landing inside it, a corrected typo) and refuses a merely similar sentence.
FUZZY_THRESHOLD: Final = 0.8
#: Quotes shorter than this (in words) are too unspecific to match fuzzily.
FUZZY_MIN_WORDS: Final = 4
#: At most this many passages are compared fuzzily (nearest to the old index first).
FUZZY_MAX_BLOCKS: Final = 5000

# Typographic variants that re-downloads and re-saves commonly swap. Each maps one
# character to one character, so offsets survive the folding.
_FOLD: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_WORD: Final = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a bookmark points, in a form that can be found again after change."""

    #: the quoted words exactly as they were in Block.text
    exact: str
    #: up to ``context_words`` words before the quote (whitespace-normalised; may reach
    #: into earlier passages)
    prefix: str
    #: up to ``context_words`` words after the quote
    suffix: str
    #: 0-based index of the passage (Block) the quote starts in
    block_index: int
    #: offsets into that Block's text
    start: int
    end: int
    #: Source.sha256 of the document when the anchor was made
    doc_sha256: str
    doc_path: str | None = None
    doc_part: str | None = None
    #: the passage where the quote ends when it spans passages (``end`` indexes its
    #: text); None: the quote is within ``block_index``
    end_block: int | None = None

    @property
    def last_block(self) -> int:
        """The passage the quote ends in (``block_index`` for a quote in one passage)."""
        return self.block_index if self.end_block is None else self.end_block

    @property
    def passages(self) -> int:
        """How many passages the quote runs over (1 for one passage)."""
        return self.last_block - self.block_index + 1


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an anchor was found in one document, and how (see the module docstring)."""

    block_index: int | None
    start: int | None
    end: int | None
    status: str
    #: the passage the quote ends in when it now spans passages; None: same as block_index
    end_block: int | None = None
    #: 1.0 for exact and moved; the SequenceMatcher ratio for fuzzy; 0.0 for orphaned
    score: float = 1.0
    #: True when the words could only be these: "exact", or "moved" with the quote once
    #: in the document (or the one place whose prefix and suffix both match in full).
    #: A fuzzy match, or a repeated quote told apart only by partial context or
    #: nearness, is a best guess the reader should check; ``rebase`` refuses it.
    certain: bool = False

    @property
    def found(self) -> bool:
        return self.status != "orphaned"

    @property
    def last_block(self) -> int | None:
        """The passage where the found words end (None when orphaned)."""
        return self.block_index if self.end_block is None else self.end_block


_ORPHANED: Final = Resolution(None, None, None, "orphaned", score=0.0)


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped, typographic quotes folded."""
    return " ".join(text.translate(_FOLD).split())


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Like normalise(), plus the raw offset of every character of the result."""
    folded = text.translate(_FOLD)
    chars: list[str] = []
    offsets: list[int] = []
    for match in _WORD.finditer(folded):
        if chars:
            chars.append(" ")
            offsets.append(match.start())
        chars.append(match.group())
        offsets.extend(range(match.start(), match.end()))
    return "".join(chars), offsets


def _raw_span(text: str, norm_start: int, norm_end: int) -> tuple[int, int]:
    """Map a [start, end) range of normalise(text) back onto text."""
    _, offsets = _normalise_with_map(text)
    if not offsets or norm_end <= norm_start:
        return 0, 0
    return offsets[norm_start], offsets[norm_end - 1] + 1


# --- making anchors --------------------------------------------------------------------


def _words_before(document: Document, block_index: int, start: int, count: int) -> str:
    words: list[str] = []
    text = document.blocks[block_index].text[:start]
    index = block_index
    while True:
        found = normalise(text).split(" ") if text.strip() else []
        words[:0] = found
        if len(words) >= count or index == 0:
            break
        index -= 1
        text = document.blocks[index].text
    return " ".join(words[-count:]) if count else ""


def _words_after(document: Document, block_index: int, end: int, count: int) -> str:
    words: list[str] = []
    text = document.blocks[block_index].text[end:]
    index = block_index
    while True:
        words.extend(normalise(text).split(" ") if text.strip() else [])
        if len(words) >= count or index == len(document.blocks) - 1:
            break
        index += 1
        text = document.blocks[index].text
    return " ".join(words[:count]) if count else ""


#: What separates the passages of a quote across passages in ``Anchor.exact``.
PASSAGE_BREAK: Final = "\n\n"


def quote_of(
    document: Document, block_index: int, start: int, end_block: int | None, end: int
) -> str:
    """The raw words from ``start`` of one passage to ``end`` of ``end_block`` (None: the
    same passage), the passages joined by a blank line."""
    blocks = document.blocks
    if end_block is None or end_block == block_index:
        return blocks[block_index].text[start:end]
    pieces = [blocks[block_index].text[start:]]
    pieces.extend(block.text for block in blocks[block_index + 1 : end_block])
    pieces.append(blocks[end_block].text[:end])
    return PASSAGE_BREAK.join(pieces)


def make_anchor(
    document: Document,
    block_index: int,
    start: int | None = None,
    end: int | None = None,
    context_words: int = 8,
    *,
    end_block: int | None = None,
) -> Anchor:
    """Anchor a passage (``start``/``end`` None) or part of one (offsets into Block.text);
    with ``end_block`` the words from ``start`` of ``block_index`` to ``end`` of
    ``end_block`` (``end`` then indexes that passage's text; None: to its end).

    Raises IndexError for a passage that does not exist (or an ``end_block`` before
    ``block_index``) and ValueError for offsets outside their passage. Leading and
    trailing whitespace of a selection is trimmed; a span whose first or last passages
    hold no selected words is narrowed to the passages that do, and a span that ends in
    the passage it starts in is an anchor of one passage (``end_block`` None).
    """
    count = len(document.blocks)
    if not 0 <= block_index < count:
        raise IndexError(
            f"passage {block_index + 1} does not exist (the document has {count})"
        )
    last = block_index if end_block is None else end_block
    if not block_index <= last < count:
        raise IndexError(
            f"passages {block_index + 1}-{last + 1} are not in the document (1-{count}) "
            "in reading order"
        )
    first_text = document.blocks[block_index].text
    last_text = document.blocks[last].text
    start = 0 if start is None else start
    end = len(last_text) if end is None else end
    if not 0 <= start <= len(first_text):
        raise ValueError(f"offset {start} is outside the passage (0..{len(first_text)})")
    if not 0 <= end <= len(last_text) or (last == block_index and end < start):
        raise ValueError(f"offsets {start}..{end} are outside the passage (0..{len(last_text)})")
    # Narrow a span to the passages that hold selected words.
    while last > block_index and not document.blocks[block_index].text[start:].strip():
        block_index, start = block_index + 1, 0
    while last > block_index and not document.blocks[last].text[:end].strip():
        last -= 1
        end = len(document.blocks[last].text)
    first_text = document.blocks[block_index].text
    last_text = document.blocks[last].text
    while start < len(first_text) and first_text[start].isspace() and (
        last > block_index or start < end
    ):
        start += 1
    while end > 0 and last_text[end - 1].isspace() and (last > block_index or end > start):
        end -= 1
    span_end = None if last == block_index else last
    return Anchor(
        exact=quote_of(document, block_index, start, span_end, end),
        prefix=_words_before(document, block_index, start, context_words),
        suffix=_words_after(document, last, end, context_words),
        block_index=block_index,
        start=start,
        end=end,
        doc_sha256=document.source.sha256,
        doc_path=document.source.path,
        doc_part=document.source.part,
        end_block=span_end,
    )


# --- resolving -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Flat:
    """A document's text normalised once: passages joined by newlines."""

    text: str
    #: the same with the newlines as spaces (for context and cross-passage matching)
    spaced: str
    #: offset in ``text`` where each passage starts
    starts: tuple[int, ...]


_FLAT_CACHE: dict[int, tuple[Document, _Flat]] = {}
_FLAT_CACHE_SIZE: Final = 4


def _flat(document: Document) -> _Flat:
    cached = _FLAT_CACHE.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    parts = [normalise(block.text) for block in document.blocks]
    starts: list[int] = []
    position = 0
    for part in parts:
        starts.append(position)
        position += len(part) + 1
    text = "\n".join(parts)
    flat = _Flat(text, text.replace("\n", " "), tuple(starts))
    if len(_FLAT_CACHE) >= _FLAT_CACHE_SIZE:
        _FLAT_CACHE.pop(next(iter(_FLAT_CACHE)))
    _FLAT_CACHE[id(document)] = (document, flat)
    return flat


def _common_start(one: str, other: str) -> int:
    """How many characters the two strings share at their start (character-wise on
    purpose: a quote can start or end inside a word)."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _context_score(anchor: Anchor, flat: _Flat, start: int, end: int) -> float:
    """How well the words around [start, end) of the flat text match prefix and suffix."""
    scores = []
    for before, context, around in (
        (True, anchor.prefix, flat.spaced[max(0, start - len(anchor.prefix) - 2) : start].rstrip()),
        (False, anchor.suffix, flat.spaced[end : end + len(anchor.suffix) + 2].lstrip()),
    ):
        if not context:
            scores.append(1.0 if not around else 0.5)
            continue
        if before:
            same = _common_start(context[::-1], around[::-1])
        else:
            same = _common_start(context, around)
        scores.append(same / len(context))
    return sum(scores) / 2


def _block_of(flat: _Flat, position: int) -> int:
    return bisect_right(flat.starts, position) - 1


def _exact_at_offsets(anchor: Anchor, document: Document) -> bool:
    last = anchor.last_block
    if not 0 <= anchor.block_index <= last < len(document.blocks):
        return False
    first_text = document.blocks[anchor.block_index].text
    last_text = document.blocks[last].text
    if not (0 <= anchor.start <= len(first_text) and 0 <= anchor.end <= len(last_text)):
        return False
    if anchor.end_block is None and anchor.end < anchor.start:
        return False
    quote = quote_of(document, anchor.block_index, anchor.start, anchor.end_block, anchor.end)
    return quote == anchor.exact


def _to_resolution(
    document: Document, flat: _Flat, start: int, end: int, status: str, score: float
) -> Resolution:
    """Turn a [start, end) range of the flat text into passage offsets."""
    first = _block_of(flat, start)
    last = _block_of(flat, max(start, end - 1))
    first_text = document.blocks[first].text
    first_end = min(end, flat.starts[first] + len(normalise(first_text)))
    raw_start, raw_end = _raw_span(
        first_text, start - flat.starts[first], first_end - flat.starts[first]
    )
    if last == first:
        return Resolution(first, raw_start, raw_end, status, score=score)
    last_text = document.blocks[last].text
    _, last_end = _raw_span(last_text, 0, end - flat.starts[last])
    return Resolution(first, raw_start, last_end, status, end_block=last, score=score)


def _find_all(haystack: str, needle: str, limit: int = 10000) -> list[int]:
    hits: list[int] = []
    position = haystack.find(needle)
    while position >= 0 and len(hits) < limit:
        hits.append(position)
        position = haystack.find(needle, position + 1)
    return hits


def _best_hit(anchor: Anchor, flat: _Flat, hits: Sequence[int], length: int) -> int:
    def key(position: int) -> tuple[float, int]:
        context = round(_context_score(anchor, flat, position, position + length), 3)
        return (context, -abs(_block_of(flat, position) - anchor.block_index))

    return max(hits, key=key)


def _certain(anchor: Anchor, flat: _Flat, hits: Sequence[int], best: int, length: int) -> bool:
    """Whether ``best`` is the only place the quote can mean (see Resolution.certain)."""
    if len(hits) == 1:
        return True
    full = 1.0 - 1e-9
    if _context_score(anchor, flat, best, best + length) < full:
        return False
    return all(
        _context_score(anchor, flat, other, other + length) < full
        for other in hits
        if other != best
    )


def _fuzzy(anchor: Anchor, document: Document, flat: _Flat, quote: str) -> Resolution:
    """The closest stretch of ``anchor.passages`` consecutive passages (one more too for
    a span, in case a paragraph was inserted inside it) scoring at least FUZZY_THRESHOLD."""
    words = quote.split(" ")
    if len(words) < FUZZY_MIN_WORDS:
        return _ORPHANED
    wanted = set(words)
    count = len(document.blocks)
    order = sorted(range(count), key=lambda index: abs(index - anchor.block_index))
    sizes = (1,) if anchor.passages == 1 else (anchor.passages, anchor.passages + 1)
    # ratio, -distance, start and end in the flat text
    best: tuple[float, int, int, int] | None = None
    for index in order[:FUZZY_MAX_BLOCKS]:
        begin = flat.starts[index]
        for size in sizes:
            last = min(count - 1, index + size - 1)
            finish = flat.starts[last + 1] - 1 if last + 1 < count else len(flat.text)
            passage = flat.spaced[begin:finish]
            passage_words = passage.split(" ") if passage else []
            if len(wanted & set(passage_words)) < len(wanted) / 2:
                continue
            matcher = SequenceMatcher(None, words, passage_words, autojunk=False)
            blocks = [m for m in matcher.get_matching_blocks() if m.size]
            if not blocks:
                continue
            biggest = max(blocks, key=lambda m: m.size)
            diagonal = biggest.b - biggest.a
            slack = max(2, len(words) // 3)
            near = [m for m in blocks if abs((m.b - m.a) - diagonal) <= slack]
            first_word = min(m.b for m in near)
            last_word = max(m.b + m.size for m in near)
            candidate = " ".join(passage_words[first_word:last_word])
            ratio = SequenceMatcher(None, quote, candidate, autojunk=False).ratio()
            if ratio < FUZZY_THRESHOLD:
                continue
            char_start = begin + sum(len(w) + 1 for w in passage_words[:first_word])
            key = (round(ratio, 3), -abs(index - anchor.block_index))
            if best is None or key > best[:2]:
                best = (key[0], key[1], char_start, char_start + len(candidate))
            if last == count - 1:
                break
    if best is None:
        return _ORPHANED
    ratio, _, char_start, char_end = best
    return _to_resolution(document, flat, char_start, char_end, "fuzzy", ratio)


def resolve(anchor: Anchor, document: Document) -> Resolution:
    """Find the anchor's words in ``document``; never raises for any document."""
    same_file = (
        bool(anchor.doc_sha256)
        and document.source.sha256 == anchor.doc_sha256
        and document.source.part == anchor.doc_part
    )
    if same_file and _exact_at_offsets(anchor, document):
        return Resolution(anchor.block_index, anchor.start, anchor.end, "exact",
                          end_block=anchor.end_block, certain=True)  # fmt: skip
    if not document.blocks:
        return _ORPHANED
    quote = normalise(anchor.exact)
    if not quote:
        # An anchor on an empty passage: only its index identifies it.
        if same_file and 0 <= anchor.block_index < len(document.blocks):
            return Resolution(anchor.block_index, 0, 0, "exact", certain=True)
        return _ORPHANED
    flat = _flat(document)
    # Then: a re-save that split the passage: the same words, now across two passages.
    # Within one passage first; certainty always counts every place, across passages too
    # (a quote once inside a passage and once across two is not certain).
    every = _find_all(flat.spaced, quote)
    for hits in (_find_all(flat.text, quote), every):
        if hits:
            position = _best_hit(anchor, flat, hits, len(quote))
            found = _to_resolution(document, flat, position, position + len(quote), "moved", 1.0)
            return replace(found, certain=_certain(anchor, flat, every, position, len(quote)))
    return _fuzzy(anchor, document, flat, quote)


def _same_path(one: str, other: str) -> bool:
    return one == other or os.path.abspath(one) == os.path.abspath(other)


_RANK: Final = {status: rank for rank, status in enumerate(STATUSES)}


def locate(
    anchor: Anchor, documents: Iterable[Document]
) -> tuple[Document, Resolution] | None:
    """Find the anchor among candidate documents (a library, the files of a folder).

    Documents with the anchor's content hash come first, then those at its old path,
    then everything else by quote. Documents other than the original (by hash or path)
    must contain the very words: a fuzzy match there would be a guess, not a find.
    """
    best: tuple[tuple[int, int], Document, Resolution] | None = None
    for document in documents:
        source = document.source
        if anchor.doc_sha256 and source.sha256 == anchor.doc_sha256 and (
            source.part == anchor.doc_part
        ):
            priority = 0
        elif anchor.doc_path and source.path and _same_path(source.path, anchor.doc_path) and (
            source.part == anchor.doc_part
        ):
            priority = 1
        else:
            priority = 2
        found = resolve(anchor, document)
        if not found.found or (priority == 2 and found.status == "fuzzy"):
            continue
        key = (_RANK[found.status], priority)
        if best is None or key < best[0]:
            best = (key, document, found)
            if key == (0, 0):
                break
    return None if best is None else (best[1], best[2])


def _is_home(anchor: Anchor, document: Document) -> bool:
    """Whether ``document`` is the anchor's own document as it is now: the same part, and
    the same file by path or by content. A document elsewhere that merely holds the same
    words (a copy, another part of a volume) is not: following it would move the bookmark
    to another document."""
    return document.source.part == anchor.doc_part and _same_file(anchor, document)


def rebase(anchor: Anchor, document: Document, found: Resolution) -> Anchor | None:
    """The anchor remade where ``found`` put it in ``document``, to be written back; or
    None when nothing should be written.

    Only a certain find in the anchor's own document is followed: the very words, once
    (``Resolution.certain``). A fuzzy or ambiguous find stays as it was stored so that
    the reader keeps seeing it as uncertain and can check it. A quote that a re-save
    split across passages is followed as a span of those passages (and a span joined
    into one passage as that passage): the words are the bookmark, not the paragraphing.
    The stored path and part are kept: the anchor follows the words, not a copy of the
    file.
    """
    if found.status != "moved" or not _is_home(anchor, document):
        return None
    return _remade(anchor, document, found, anchor.doc_part)


def _remade(
    anchor: Anchor, document: Document, found: Resolution, part: str | None
) -> Anchor | None:
    """``rebase`` and ``rehome``'s write-back: the anchor made anew at a certain find,
    the stored path kept, with ``part``; None when there is nothing (new) to write."""
    if (
        not found.certain
        or found.block_index is None
        or found.start is None
        or found.end is None
    ):
        return None
    try:
        remade = make_anchor(
            document, found.block_index, found.start, found.end, end_block=found.end_block
        )
    except (IndexError, ValueError):  # pragma: no cover - resolve() gives valid offsets
        return None
    if normalise(remade.exact) != normalise(anchor.exact):
        return None  # never write back other words than the reader chose
    remade = replace(remade, doc_path=anchor.doc_path, doc_part=part)
    return None if remade == anchor else remade


def _same_file(anchor: Anchor, document: Document) -> bool:
    """Whether ``document`` was read from the anchor's file: same content or path."""
    source = document.source
    if anchor.doc_sha256 and source.sha256 == anchor.doc_sha256:
        return True
    return bool(anchor.doc_path and source.path and _same_path(source.path, anchor.doc_path))


def rehome(
    anchor: Anchor, documents: Iterable[Document]
) -> tuple[Document, Anchor] | None:
    """A bookmark made when its file was read as ONE document (no part), now that the
    file is read as several (a volume in one text file, now one document per record):
    the part its words are in, and the anchor remade there to be written back.

    Only where that is certain: the file (by hash or path) no longer yields a document
    without a part, the words are found in exactly one of its parts (no other part
    holds them even fuzzily), and there once and for sure (``Resolution.certain``).
    Otherwise None, and the bookmark stays as it was stored, still found by its words.
    """
    if anchor.doc_part is not None:
        return None
    parts = [document for document in documents if _same_file(anchor, document)]
    if not parts or any(document.source.part is None for document in parts):
        return None
    where: tuple[Document, Resolution] | None = None
    for document in parts:
        found = resolve(anchor, document)
        if found.found:
            if where is not None:
                return None  # in two parts: which record it was is a guess
            where = (document, found)
    if where is None or where[1].status not in ("exact", "moved"):
        return None
    document, found = where
    remade = _remade(anchor, document, found, document.source.part)
    return None if remade is None else (document, remade)
