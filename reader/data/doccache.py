"""Documents to compact JSON and back, for the on-disk parse cache.

The cache folder is not trusted (another user, a sync tool or a bad disk may have written
it), so no pickle: plain JSON of lists, a format version, strict type checks on the way
back in, and a refusal of any text a parser could never have produced (control
characters that ``neutralise`` always removes). Anything odd raises ``CacheError`` and
the caller re-parses.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from reader.model.document import Block, Document, Metadata, Note, Source, Span, Speaker

__all__ = ["FORMAT_VERSION", "CacheError", "dumps", "loads"]

#: Bump when the layout below changes; old files are then ignored.
FORMAT_VERSION: Final = 1

_METADATA_FIELDS: Final = tuple(Metadata.__dataclass_fields__)
_SOURCE_FIELDS: Final = tuple(Source.__dataclass_fields__)
_STR_META: Final = frozenset(
    name for name in _METADATA_FIELDS if name not in ("participants", "extra", "title")
)

# What json.dumps(ensure_ascii=False) writes for characters neutralise() never leaves in
# a document: C0 controls other than \n and \t (as \u00XX or \b \f \r), DEL, C1, bidi.
_UNSAFE_JSON = re.compile(
    r"\\u00(?:0[0-8bcef]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\\u202[a-eA-E]|\\u206[6-9]"
    r"|(?<!\\)\\[bfr]|[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


_UNSAFE_CHARS = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPE_HINT = re.compile(r"\\[bfru]")
# The same characters as _UNSAFE_CHARS, as their UTF-8 bytes: DEL, C1 (C2 80-9F), bidi
# embeddings and overrides (E2 80 AA-AE) and isolates (E2 81 A6-A9). Each pattern
# opens with literal bytes, which the regex engine finds far faster than it tests a
# character class at every position (4 passes: 14 ms on a 10 MB cache file, against
# 45 ms for one class scan of the decoded text).
_UNSAFE_UTF8 = tuple(
    re.compile(pattern)
    for pattern in (rb"\x7f", rb"\xc2[\x80-\x9f]", rb"\xe2\x80[\xaa-\xae]", rb"\xe2\x81[\xa6-\xa9]")
)


def _unsafe(text: str) -> bool:
    """A fast pass first: the careful pattern only runs where an escape could hide."""
    if _UNSAFE_CHARS.search(text):
        return True
    return _unsafe_escape(text)


def _unsafe_escape(text: str) -> bool:
    return bool(_ESCAPE_HINT.search(text)) and bool(_UNSAFE_JSON.search(text))


def _unsafe_utf8(data: bytes) -> bool:
    """``_unsafe`` for the UTF-8 bytes of a cache file (the characters checked on the
    bytes, the escapes on the text)."""
    return any(pattern.search(data) for pattern in _UNSAFE_UTF8)


class CacheError(ValueError):
    """A cache file that is not one we wrote: ignore it and parse again."""


def _span(s: Span) -> list[Any]:
    return [s.kind, s.start, s.end] if s.ref is None else [s.kind, s.start, s.end, s.ref]


def _encode(doc: Document) -> dict[str, Any]:
    meta = doc.metadata
    return {
        "m": {
            name: getattr(meta, name)
            for name in _METADATA_FIELDS
            if getattr(meta, name) not in (None, (), "")
        },
        "b": [
            [b.kind, b.text, b.speaker, b.label, b.attribution, b.page, [_span(s) for s in b.spans]]
            for b in doc.blocks
        ],
        "p": [
            [s.id, s.name, list(s.labels), s.slot, list(s.aliases), s.role] for s in doc.speakers
        ],
        "n": [[n.id, n.kind, n.text, n.label, n.block] for n in doc.notes],
        "s": [getattr(doc.source, name) for name in _SOURCE_FIELDS],
        "w": list(doc.warnings),
    }


def dumps(documents: list[Document], key: str) -> str:
    """Serialise documents with the cache key they belong to."""
    payload = {"v": FORMAT_VERSION, "key": key, "docs": [_encode(d) for d in documents]}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _str(value: Any) -> str:
    if type(value) is not str:
        raise CacheError("expected text")
    return value


def _opt(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise CacheError("expected text or null")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise CacheError("expected a number")
    return value


def _strs(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise CacheError("expected a list")
    return tuple(_str(v) for v in value)


def _spans(rows: Any, length: int) -> tuple[Span, ...]:
    if type(rows) is not list:
        raise CacheError("expected spans")
    if not rows:
        return ()
    out = []
    for row in rows:
        if type(row) is not list or not 3 <= len(row) <= 4:
            raise CacheError("bad span")
        kind, start, end = row[0], row[1], row[2]
        ref = row[3] if len(row) == 4 else None
        if type(kind) is not str or type(start) is not int or type(end) is not int:
            raise CacheError("bad span")
        if ref is not None and type(ref) is not str:
            raise CacheError("bad span reference")
        if not 0 <= start <= end <= length:
            raise CacheError("span outside its block")
        out.append(Span(kind, start, end, ref))
    return tuple(out)


def _decode(raw: Any) -> Document:
    if type(raw) is not dict:
        raise CacheError("expected a document")
    meta_raw = raw["m"]
    if type(meta_raw) is not dict:
        raise CacheError("expected metadata")
    meta: dict[str, Any] = {}
    for name, value in meta_raw.items():
        if name == "title":
            meta[name] = _str(value)
        elif name == "participants":
            meta[name] = _strs(value)
        elif name == "extra":
            if type(value) is not list:
                raise CacheError("expected pairs")
            pairs = []
            for pair in value:
                if type(pair) is not list or len(pair) != 2:
                    raise CacheError("expected a pair")
                pairs.append((_str(pair[0]), _str(pair[1])))
            meta[name] = tuple(pairs)
        elif name in _STR_META:
            meta[name] = _opt(value)
        else:
            raise CacheError(f"unknown metadata field {name!r}")
    blocks = []
    for row in raw["b"]:
        # the commonest row in the file: its checks are written out (a volume has
        # tens of thousands of blocks, and a call per field doubled the load time)
        if type(row) is not list or len(row) != 7:
            raise CacheError("bad block")
        kind, text, speaker, label, attribution, page, spans = row
        if type(kind) is not str or type(text) is not str:
            raise CacheError("expected text")
        for value in (speaker, label, attribution, page):
            if value is not None and type(value) is not str:
                raise CacheError("expected text or null")
        blocks.append(
            Block(kind, text, speaker, label, attribution, _spans(spans, len(text)), page)
        )
    speakers = []
    for row in raw["p"]:
        if type(row) is not list or len(row) != 6:
            raise CacheError("bad speaker")
        speakers.append(
            Speaker(
                _str(row[0]), _str(row[1]), _strs(row[2]), _int(row[3]), _strs(row[4]), _opt(row[5])
            )
        )
    notes = []
    for row in raw["n"]:
        if type(row) is not list or len(row) != 5:
            raise CacheError("bad note")
        block = row[4]
        if block is not None and type(block) is not int:
            raise CacheError("bad note block")
        notes.append(Note(_str(row[0]), _str(row[1]), _str(row[2]), _opt(row[3]), block))
    source_row = raw["s"]
    if type(source_row) is not list or len(source_row) != len(_SOURCE_FIELDS):
        raise CacheError("bad source")
    p, fmt, enc, sha, size, part = source_row
    source = Source(_opt(p), _str(fmt), _str(enc), _str(sha), _int(size), _opt(part))
    return Document(
        Metadata(**meta), tuple(blocks), tuple(speakers), tuple(notes), source, _strs(raw["w"])
    )


def loads(data: str | bytes, key: str) -> list[Document]:
    """Documents from a cache file (its text, or its UTF-8 bytes as read), or
    CacheError if it is not exactly what we wrote."""
    if isinstance(data, bytes):
        if _unsafe_utf8(data):
            raise CacheError("the cache holds characters a parser never produces")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CacheError("the cache file is not UTF-8") from None
        unsafe = _unsafe_escape(text)
    else:
        text = data
        unsafe = _unsafe(text)
    if unsafe:
        raise CacheError("the cache holds characters a parser never produces")
    try:
        payload = json.loads(text)
        if type(payload) is not dict or payload.get("v") != FORMAT_VERSION:
            raise CacheError("another cache format")
        if payload.get("key") != key:
            raise CacheError("the cache file belongs to other content")
        docs = payload["docs"]
        if type(docs) is not list:
            raise CacheError("expected documents")
        return [_decode(d) for d in docs]
    except CacheError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, RecursionError) as problem:
        raise CacheError(f"unreadable cache file ({type(problem).__name__})") from None
