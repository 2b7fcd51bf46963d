"""Pick a parser by content, not only by the file name."""

from __future__ import annotations

import re

__all__ = ["detect"]

_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:[\w.-]+:)?(TEI|div|teiCorpus)\b", re.S)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.I)
_ANY_XML = re.compile(rb"^\s*<\?xml", re.I)
_FRONT_MATTER = re.compile(rb"^---\s*\n(?:.*\n)*?(?:doc_date|doc_num|vol_id|title)\s*:", re.M)
_WILSON = (
    b"Digital Archive",
    b"digitalarchive.",
    b"get citation",
    b"History and Public Policy Program",
)


def detect(head: bytes, path: str | None = None) -> str:
    """Return a format name: "frus-tei", "html", "dfat", "wilson" or "plain".

    ``head`` is the start of the file (64 KiB is plenty). UTF-16 input is recognised by
    its byte-order mark and always treated as text.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head.decode("utf-16", "ignore").encode("utf-8")
    else:
        probe = head.lstrip(b"\xef\xbb\xbf")
    if _XML_START.match(probe):
        return "frus-tei"
    if _HTML_START.match(probe):
        return "html"
    if _ANY_XML.match(probe):
        # XML that is not TEI: the TEI parser refuses it with a clear message.
        return "frus-tei"
    if probe.startswith(b"---") and _FRONT_MATTER.match(probe.replace(b"\r\n", b"\n")):
        return "dfat"
    if any(marker in probe[:8192] for marker in _WILSON):
        return "wilson"
    lowered = (path or "").lower()
    if lowered.endswith((".html", ".htm")):
        return "html"
    return "plain"
