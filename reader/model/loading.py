"""Bytes to safe text.

Every document passes through here before any parser sees it. The rules (DESIGN.md,
"Safety rules") were each seen to bite: a FIFO hangs a naive read, Rich and Textual pass
escape sequences straight to the terminal (OSC 52 writes the clipboard), and real
archive files arrive as Windows-1252, UTF-16 with a BOM, or with CR-only line ends.

Whatever is fixed is recorded as a plain-language warning, shown to the reader with
the document.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass

__all__ = [
    "MAX_BYTES",
    "LoadError",
    "LoadedText",
    "decode",
    "display_path",
    "load_text",
    "neutralise",
    "read_bytes",
]

#: The largest file we read. A whole FRUS volume is 5-30 MB; anything far larger is
#: almost certainly not a document meant for reading.
MAX_BYTES = 64 * 1024 * 1024

_SNIFF = 8192


class LoadError(Exception):
    """A file that cannot be read as a document. ``str(error)`` is the user message."""


@dataclass(frozen=True, slots=True)
class LoadedText:
    text: str
    encoding: str
    warnings: tuple[str, ...]
    sha256: str
    size: int


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A path that can always be printed: undecodable bytes become U+FFFD."""
    raw = os.fsencode(path)
    shown = raw.decode("utf-8", "replace")
    return neutralise(shown)[0]


def _kind_of(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO); only regular files are read"
    if stat.S_ISSOCK(mode):
        return "is a socket; only regular files are read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device; only regular files are read"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def _os_reason(error: OSError) -> str:
    import errno

    reasons = {
        errno.ENOENT: "no such file (moved or deleted?)",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "too many levels of symbolic links (a link loop?)",
        errno.EISDIR: "is a folder, not a file",
        errno.ENAMETOOLONG: "the file name is too long",
    }
    return reasons.get(error.errno or 0, error.strerror or "could not be read")


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """Read a regular file, refusing anything that could hang or flood us."""
    shown = display_path(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise LoadError(f"{shown}: {_os_reason(error)}") from None
    reason = _kind_of(info.st_mode)
    if reason:
        raise LoadError(f"{shown}: {reason}")
    if info.st_size > max_bytes:
        raise LoadError(
            f"{shown}: too large to open ({info.st_size / 1e6:.1f} MB; "
            f"the limit is {max_bytes / 1e6:.0f} MB)"
        )
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO after the stat, open() must
        # not wait for a writer; the fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise LoadError(f"{shown}: {_os_reason(error)}") from None
    try:
        reason = _kind_of(os.fstat(fd).st_mode)
        if reason:
            raise LoadError(f"{shown}: {reason}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(f"{shown}: {_os_reason(error)}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise LoadError(f"{shown}: too large to open (over {max_bytes / 1e6:.0f} MB)")
    return data


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF executable)"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)

# Escape sequences that a terminal acts on. String sequences (OSC, DCS, SOS, PM, APC)
# run to BEL or ST; an unterminated one is cut at the end of its line so that a stray
# ESC ] cannot swallow the rest of the document.
#
# The 8-bit forms need their terminator (or, for CSI, a final byte): in text decoded
# as Latin-1 a lone 0x90 or 0x9D is a stray byte, not a terminal command, and must not
# take the rest of its line with it (it becomes a visible marker below instead, so the
# terminal never sees an introducer even when a payload is too long to match).
_ESCAPES = re.compile(
    r"""
      \x1b[\]PX^_]                              # OSC DCS SOS PM APC (7-bit)
      [^\x07\x1b\x9c\n]*
      (?:\x07|\x1b\\|\x9c)?
    | [\x90\x98\x9d\x9e\x9f]                    # the same, 8-bit: terminated only
      [^\x07\x1b\x9c\n\x90\x98\x9d\x9e\x9f]{0,4096}  # stops at the next introducer: linear
      (?:\x07|\x1b\\|\x9c)
    | \x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?   # CSI
    | \x9b[\x30-\x3f]*[\x21-\x2f]*[\x40-\x7e]     # CSI, 8-bit: needs a final byte
    | \x1b[\x20-\x2f]*[\x30-\x7e]                 # other ESC sequences
    """,
    re.VERBOSE,
)

_C0_OR_DEL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
# Bidi embeddings, overrides and isolates: they can make text read differently on
# screen than it is stored (CVE-2021-42574, "Trojan Source").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: Every character the three patterns above can start on: one scan for these tells
#: whether there is anything to fix at all, which in real documents there almost never
#: is (the passes cost about ten times as much as the scan).
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: What stands where a terminal escape sequence was cut out: the reader sees that the
#: source held something there (issue 3: "the escape as its visible marker"), while
#: nothing of the sequence itself can reach the terminal.
ESCAPE_MARKER = "\u241b"
#: The marker shown in place of a control character that is not a line end or tab.
C1_MARKER = "\ufffd"
BIDI_MARKER = "\ufffd"


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def neutralise(text: str) -> tuple[str, list[str]]:
    """Remove terminal escape sequences and mark other control characters visibly.

    Each escape sequence (CSI, OSC, DCS, ...) is cut out whole and one ESC marker
    (\u241b) left in its place. Line feeds and tabs are kept; every other C0 control and
    DEL becomes its Unicode control picture, C1 controls and bidi overrides become
    U+FFFD. Returns the safe text and a warning per kind of thing fixed.
    """
    warnings: list[str] = []
    if _ANY_CONTROL.search(text) is None:
        return text, warnings
    text, removed = _ESCAPES.subn(ESCAPE_MARKER, text)
    if removed:
        warnings.append(
            f"{_plural(removed, 'control sequence')} removed (each shown as {ESCAPE_MARKER})"
        )
    text, marked = _C0_OR_DEL.subn(_control_picture, text)
    text, c1 = _C1.subn(C1_MARKER, text)
    if marked + c1:
        warnings.append(
            f"{_plural(marked + c1, 'control character')} replaced by a visible marker"
        )
    text, bidi = _BIDI.subn(BIDI_MARKER, text)
    if bidi:
        warnings.append(
            f"{_plural(bidi, 'bidirectional override')} replaced by a visible marker"
        )
    return text, warnings


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if b"\x00" in data[:_SNIFF]:
        return "a binary file (it contains NUL bytes)"
    return None


_WINDOWS_ONLY = re.compile(rb"[\x80-\x9f]")


def _decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes, preferring what they announce, then UTF-8, then legacy encodings."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                text = body.decode(codec, "replace")
                return text, codec, [
                    f"decoded as {label} (byte-order mark); invalid bytes shown as \ufffd"
                ]
            warnings = [] if codec == "utf-8" else [f"decoded as {label} (byte-order mark)"]
            return text, codec, warnings
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            text = data.decode("utf-8", "replace")
            return text, "utf-8", [
                "the file ends in the middle of a character (cut short?); "
                "the broken bytes are shown as \ufffd"
            ]
    # Mostly valid UTF-8 with a few broken bytes: keep UTF-8, announce the damage,
    # rather than turn every accented letter into mojibake.
    lenient = data.decode("utf-8", "replace")
    broken = lenient.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    multibyte = sum(1 for char in lenient if ord(char) > 0x7F and char != "\ufffd")
    if multibyte >= 4 * broken:
        return lenient, "utf-8", [
            f"not valid UTF-8: {_plural(broken, 'broken byte sequence')} shown as \ufffd"
        ]
    # Windows-1252 and ISO-8859-1 differ only in 0x80-0x9F. Without such bytes the
    # text is the same either way, and the honest name is the standard one.
    if not _WINDOWS_ONLY.search(data):
        return data.decode("latin-1"), "latin-1", [
            "not valid UTF-8; decoded as ISO-8859-1 (Latin-1)"
        ]
    try:
        return data.decode("cp1252"), "cp1252", ["not valid UTF-8; decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", [
            "not valid UTF-8 or Windows-1252; decoded as ISO-8859-1 (Latin-1)"
        ]


def decode(data: bytes, name: str = "") -> LoadedText:
    """Turn raw bytes into safe text, or raise LoadError for things that are not text."""
    prefix = f"{name}: " if name else ""
    what = _sniff_binary(data) if not data.startswith(tuple(b for b, _, _ in _BOMS)) else None
    if what:
        raise LoadError(f"{prefix}not a text document: this is {what}")
    warnings: list[str] = []
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        return LoadedText("", "utf-8", ("the file is empty",), digest, 0)
    text, encoding, decode_warnings = _decode_text(data)
    warnings.extend(decode_warnings)
    if "\r" in text:
        crlf = text.count("\r\n")
        text = text.replace("\r\n", "\n")
        lone = text.count("\r")
        text = text.replace("\r", "\n")
        if crlf:
            warnings.append("Windows (CRLF) line ends normalised")
        if lone:
            warnings.append("old Mac (CR-only) line ends normalised")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if text.startswith("\ufeff"):  # a second BOM, or one inside a legacy encoding
        text = text[1:]
    text, control_warnings = neutralise(text)
    warnings.extend(control_warnings)
    if not text.strip():
        warnings.append("the file holds no text")
    return LoadedText(text, encoding, tuple(warnings), digest, len(data))


def load_text(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> LoadedText:
    """Read and decode one file; raises LoadError with a message for the user."""
    return decode(read_bytes(path, max_bytes), name=display_path(path))
