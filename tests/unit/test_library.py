"""The library: bad input never stops it; the parse cache is used, checked and refreshed."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from reader.data import library
from reader.data.library import Entry, cache_path, iter_files, load_entry, read_stdin, scan
from tests.conftest import SEED_004

GOOD_TEI = b"""<div xmlns="http://www.tei-c.org/ns/1.0" type="document" xml:id="d7" n="7">
<head>7. Memorandum of Conversation</head>
<p><persName corresp="#p_A">A</persName>: Hello.</p>
<p><persName corresp="#p_B">B</persName>: Goodbye.</p></div>"""


def _entries(paths: list[Path]) -> dict[str, Entry]:
    return {os.path.basename(e.path): e for e in scan([str(p) for p in paths])}


def test_bad_files_each_have_a_reason_and_good_ones_load(tmp_path: Path) -> None:
    root = tmp_path / "library"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("Ford: Hello.\nBrezhnev: Please.\n", encoding="utf-8")
    (root / "sub" / "frus1969-76v12_d7.xml").write_bytes(GOOD_TEI)
    (root / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (root / "bad.xml").write_bytes(b'<?xml version="1.0"?>\n<TEI>\n<p>\n</TEI>')
    (root / "feed.xml").write_bytes(b'<?xml version="1.0"?><rss/>')
    liar = '<?xml version="1.0" encoding="UTF-8"?><TEI>é</TEI>'.encode("latin-1")
    (root / "liar.xml").write_bytes(liar)
    (root / "bomb.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaa">]><TEI>&a;</TEI>'
    )
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Secret: outside the folder.\n")
    (root / "escape.txt").symlink_to(outside)
    (root / "inside-link.txt").symlink_to(root / "good.txt")
    (root / ".hidden.txt").write_text("never shown")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("never shown")
    os.mkfifo(root / "pipe.txt")
    weird = os.fsdecode(bytes(root) + b"/caf\xe9.txt")
    with open(weird, "w", encoding="utf-8") as handle:
        handle.write("K: A name in Latin-1.\n")

    entries = _entries([root])
    names = set(entries)
    assert ".hidden.txt" not in names and "config.txt" not in names
    assert entries["good.txt"].error is None and entries["good.txt"].documents
    volume = entries["frus1969-76v12_d7.xml"]
    assert volume.error is None and volume.documents[0].turn_counts() == {"p_A": 1, "p_B": 1}
    assert entries["inside-link.txt"].error is None
    reasons = {
        "report.pdf": "not a text document: this is a PDF",
        "bad.xml": "not well-formed XML (line 4",
        "feed.xml": "not a TEI document (root element <rss>)",
        "liar.xml": "not valid UTF-8",
        "bomb.xml": "refused",
        "dangling.txt": "broken symbolic link",
        "loop.txt": "symbolic link loop",
        "escape.txt": "outside the folder; not followed",
        "pipe.txt": "named pipe",
    }
    for name, reason in reasons.items():
        error = entries[name].error
        assert error is not None and reason in error, (name, error)
        assert entries[name].documents == ()
    # a non-UTF-8 file name still opens; the reader is told why it looks odd
    [odd] = [e for name, e in entries.items() if name.startswith("caf")]
    assert odd.error is None and "not valid UTF-8" in " ".join(odd.documents[0].warnings)
    assert "\ufffd" in odd.name


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files")
def test_unreadable_file_has_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        entry = load_entry(path)
    finally:
        path.chmod(0o600)
    assert entry.error is not None and "permission denied" in entry.error


def test_permission_denied_is_a_reason_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text")
    real_open = os.open

    def deny(file: object, *args: object, **kwargs: object) -> int:
        if os.fspath(file) == str(path):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    entry = load_entry(path)
    assert entry.error is not None and "permission denied" in entry.error


def test_file_deleted_between_scan_and_open(tmp_path: Path) -> None:
    path = tmp_path / "soon-gone.txt"
    path.write_text("K: here.")
    [found] = list(iter_files([tmp_path]))
    path.unlink()
    entry = load_entry(found.path)
    assert entry.error is not None and "no such file" in entry.error


def test_missing_path_given_explicitly(tmp_path: Path) -> None:
    [entry] = list(scan([tmp_path / "nothing-here"]))
    assert entry.error is not None and "no such file or folder" in entry.error


def test_parser_bug_becomes_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello")

    def broken(data: bytes, path: str | None) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(library, "_parse", broken)
    entry = load_entry(path)
    assert entry.error is not None and "could not be read (ValueError: boom)" in entry.error


def test_cache_hit_skips_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "frus1969-76v12_d7.xml"
    path.write_bytes(GOOD_TEI)
    first = load_entry(path)
    assert first.error is None and not first.cached
    assert cache_path(first.sha256).is_file()

    def must_not_parse(data: bytes, path: str | None) -> list[object]:
        raise AssertionError("parsed again despite a warm cache")

    monkeypatch.setattr(library, "_parse", must_not_parse)
    second = load_entry(path)
    assert second.cached and second.error is None
    assert second.documents == first.documents


def test_cache_keeps_every_field(corpus: Path) -> None:
    path = corpus / "frus" / "frus1969-76v38p1_d61.xml"
    first = load_entry(path)
    second = load_entry(path)
    assert second.cached and second.documents == first.documents


def test_same_content_elsewhere_gets_its_own_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("K: same.\n")
    b.write_text("K: same.\n")
    load_entry(a)
    entry = load_entry(b)
    assert entry.cached and entry.documents[0].source.path == str(b)


def test_changed_file_is_reparsed(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("First version.\n")
    first = load_entry(path)
    path.write_text("Second version.\n")
    second = load_entry(path)
    assert second.sha256 != first.sha256 and not second.cached
    assert "Second version." in second.documents[0].blocks[0].text


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not json", b'{"v": 1}', b"\xff\xfe", b'{"v":1,"key":"x","docs":[]}'],
    ids=["empty", "text", "partial", "binary", "wrong-key"],
)
def test_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path, garbage: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("K: hello.\n")
    first = load_entry(path)
    cached = cache_path(first.sha256)
    cached.write_bytes(garbage)
    again = load_entry(path)
    assert not again.cached and again.documents == first.documents
    assert load_entry(path).cached  # rewritten


def test_cache_with_escape_sequences_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("K: hello.\n")
    first = load_entry(path)
    cached = cache_path(first.sha256)
    cached.write_text(cached.read_text().replace("hello.", "\\u001b]52;c;ZXZpbA==\\u0007"))
    again = load_entry(path)
    assert not again.cached and "\x1b" not in again.documents[0].blocks[0].text


def test_read_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_004.read_bytes())))
    entry = read_stdin()
    assert entry.path == "<stdin>" and entry.error is None and entry.documents
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    empty = read_stdin()
    assert empty.error is not None and "empty" in empty.error


def test_cache_bytes_check_matches_the_text_check() -> None:
    """The cache is checked on its UTF-8 bytes; that check must refuse exactly the
    characters the text check refuses."""
    from reader.data import doccache

    for code in [*range(0x0, 0x3000), *range(0xFFF0, 0x10000)]:
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{chr(code)}b"
        assert doccache._unsafe_utf8(text.encode()) == bool(
            doccache._UNSAFE_CHARS.search(text)
        ), hex(code)


@pytest.mark.parametrize("char", ["\x9b", "\x7f", "\u202e", "\u2067"])
def test_cache_with_raw_control_characters_is_not_trusted(tmp_path: Path, char: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("K: hello.\n")
    first = load_entry(path)
    cached = cache_path(first.sha256)
    text = cached.read_text(encoding="utf-8").replace("hello.", f"hel{char}lo.")
    cached.write_text(text, encoding="utf-8")
    again = load_entry(path)
    assert not again.cached and char not in again.documents[0].blocks[0].text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"paragraph"', "7"),  # a block kind that is not text
        ('"paragraph"', "null"),
        ("[]]", '[["stage",0,true]]]'),  # a span end that is not a number
        ("[]]", '[["stage",0,99]]]'),  # a span past the end of its block
        ("[]]", '[["stage",0,1,5]]]'),  # a span ref that is not text
        ("[]]", '[["stage",0]]]'),  # a span row too short
    ],
)
def test_cache_with_bad_rows_is_not_trusted(tmp_path: Path, old: str, new: str) -> None:
    from reader.data import doccache

    path = tmp_path / "doc.txt"
    path.write_text("Hello there.\n")
    first = load_entry(path)
    cached = cache_path(first.sha256)
    text = cached.read_text(encoding="utf-8")
    assert old in text
    data = text.replace(old, new, 1).encode()
    key = text.split('"key":"', 1)[1].split('"', 1)[0]
    with pytest.raises(doccache.CacheError):
        doccache.loads(data, key)
    cached.write_bytes(data)
    again = load_entry(path)
    assert not again.cached and again.documents == first.documents


def test_parse_cache_key_follows_the_parser_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser change must never serve a stale cached parse, with no manual bump."""
    from reader.data import library

    before = library._cache_key("ab" * 32)
    library.parser_fingerprint.cache_clear()
    real_read = Path.read_bytes

    def edited(self: Path) -> bytes:
        data = real_read(self)
        return data + b"\n# edited" if self.name == "apparatus.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    try:
        assert library._cache_key("ab" * 32) != before
    finally:
        monkeypatch.undo()
        library.parser_fingerprint.cache_clear()
    assert library._cache_key("ab" * 32) == before
