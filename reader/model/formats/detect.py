"""Pick a parser by content first, by file name second.

Historians' folders hold files saved from browsers ("page.htm" that is really text, a
".txt" that is really HTML, XML without a declaration). What the bytes say wins; the
extension only breaks ties for content that could be either.
"""

from __future__ import annotations

import re

__all__ = ["detect"]

_PROLOG = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
_TEI_START = re.compile(_PROLOG + rb"<(?:[\w.-]+:)?(?:TEI|teiCorpus)\b", re.S)
_TEI_DIV = re.compile(_PROLOG + rb"<(?:[\w.-]+:)?div\b[^>]*tei-c\.org/ns", re.S)
_HTML_START = re.compile(
    _PROLOG + rb"(?:<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<title\b)", re.S | re.I
)
_XML_DOCTYPE = re.compile(_PROLOG + rb"<!DOCTYPE\b", re.S | re.I)
_ANY_XML = re.compile(rb"^\s*<\?xml", re.I)
_ELEMENT_START = re.compile(_PROLOG + rb"<[A-Za-z_][\w.:-]*[\s>/]", re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|br|table|h[1-6]|span|a)\b[^>]*>", re.I)
_FRONT_MATTER = re.compile(rb"^---\s*\n(?:.*\n)*?(?:doc_date|doc_num|vol_id|title)\s*:", re.M)
_WILSON = (
    b"Digital Archive",
    b"digitalarchive.",
    b"get citation",
    b"History and Public Policy Program",
)


def _has_module(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(f"reader.model.formats.{name}") is not None


def _probe(head: bytes) -> bytes:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore").encode("utf-8")
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return head.decode("utf-32", "ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def detect(head: bytes, path: str | None = None) -> str:
    """Return a format name: "frus-tei", "html", "dfat", "wilson" or "plain".

    ``head`` is the start of the file (64 KiB is plenty). Anything that is XML but not
    HTML goes to the TEI parser, which refuses non-TEI roots with a clear message; that
    is kinder than showing angle brackets as a transcript.
    """
    probe = _probe(head)
    lowered = (path or "").lower()
    if _TEI_START.match(probe) or _TEI_DIV.match(probe):
        return "frus-tei"
    if _HTML_START.match(probe):
        return "html"
    if _XML_DOCTYPE.match(probe) or _ANY_XML.match(probe):
        return "frus-tei"
    if probe.startswith(b"---") and _FRONT_MATTER.match(probe.replace(b"\r\n", b"\n")):
        # Until the DFAT parser lands, front-matter files read as plain text, not a crash.
        return "dfat" if _has_module("dfat") else "plain"
    if _ELEMENT_START.match(probe):
        if lowered.endswith((".html", ".htm", ".xhtml")) or _HTML_TAGS.match(probe.lstrip()):
            return "html"
        if lowered.endswith((".xml", ".tei")) or probe.lstrip().startswith(b"<div"):
            return "frus-tei"
    if any(marker in probe[:8192] for marker in _WILSON):
        return "wilson"
    if lowered.endswith((".html", ".htm", ".xhtml")) and b"<" in probe[:4096]:
        return "html"
    if lowered.endswith((".xml", ".tei")) and probe.lstrip().startswith(b"<"):
        return "frus-tei"
    return "plain"
