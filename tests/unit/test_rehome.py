"""Bookmarks made when a file was read as one document, after it is read as a volume's
records (reader.data.anchor.rehome, Store.rehome, the bookmarks command)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.data.anchor import make_anchor, rehome, resolve
from reader.data.store import Store
from reader.model.document import Block, Document, Metadata, Source


def _documents(path: str = "/lib/v.txt") -> tuple[Document, list[Document]]:
    """The file read as one document, and as two records (same file, same hash)."""
    one = (Block("paragraph", "Alpha beta gamma delta."), Block("paragraph", "Shared words here."))
    two = (Block("paragraph", "Epsilon zeta eta theta."), Block("paragraph", "Shared words here."))
    whole = Document(Metadata(title="Volume"), one + two,
                     source=Source(path=path, sha256="s1"))  # fmt: skip
    parts = [
        Document(Metadata(title="ONE"), one, source=Source(path=path, sha256="s1", part="1")),
        Document(Metadata(title="TWO"), two, source=Source(path=path, sha256="s1", part="2")),
    ]
    return whole, parts


def test_a_whole_file_bookmark_moves_to_the_one_record_with_its_words() -> None:
    whole, parts = _documents()
    anchor = make_anchor(whole, 2, 8, 12)  # "zeta", in the second record
    where = rehome(anchor, parts)
    assert where is not None
    document, moved = where
    assert document is parts[1]
    assert (moved.doc_part, moved.block_index, moved.exact) == ("2", 0, "zeta")
    assert moved.doc_path == anchor.doc_path
    assert resolve(moved, parts[1]).status == "exact"


def test_only_a_certain_record_is_taken() -> None:
    whole, parts = _documents()
    shared = make_anchor(whole, 3)  # "Shared words here." is in both records
    assert rehome(shared, parts) is None
    anchor = make_anchor(whole, 2, 8, 12)
    assert rehome(anchor, [whole, *parts]) is None  # the file still reads as one document
    assert rehome(anchor, parts[:1]) is None  # not in the records given
    other, _ = _documents("/lib/other.txt")
    copy = Source(path="/lib/other.txt", sha256="s2")
    elsewhere = make_anchor(Document(other.metadata, other.blocks, source=copy), 2)
    assert rehome(elsewhere, parts) is None  # another file's bookmark
    in_part = make_anchor(parts[1], 0)
    assert rehome(in_part, parts) is None  # already has its record


def test_store_rehome_writes_the_record_and_keeps_the_note(tmp_path: Path) -> None:
    whole, parts = _documents()
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(whole, make_anchor(whole, 2), note="the zeta memo")
        assert [b.id for b in store.whole_file_bookmarks(parts[1])] == [made.id]
        assert store.bookmarks_for(parts[1]) == []
        moved = store.rehome(made, parts)
        assert moved is not None
        assert (moved.anchor.doc_part, moved.anchor.block_index) == ("2", 0)
        assert moved.note == "the zeta memo" and moved.doc_title == "TWO"
        assert [b.id for b in store.bookmarks_for(parts[1])] == [made.id]
        assert store.whole_file_bookmarks(parts[1]) == []
        assert store.rehome(moved, parts) is None  # nothing more to do
        shared = store.add_bookmark(whole, make_anchor(whole, 3), note="both")
        assert store.rehome(shared, parts) is None
        assert store.get(shared.id) == shared  # a guess is never written


VOLUME = """\
Volume 9: Tests and Trials, 1960–1961

1. LETTER, ALDER TO BIRCH

London, 1 May 1960

The talks went well.

2. MINUTE, CEDAR TO DOGWOOD

Canberra, 17 June 1960

The zeppelin was late.
"""


def test_the_bookmarks_command_finds_and_moves_a_whole_file_bookmark(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """It said "file missing" for such a bookmark: its file has no document without
    a part any more."""
    from reader.__main__ import main
    from reader.model.formats import parse_file

    path = tmp_path / "volume.txt"
    path.write_text(VOLUME, encoding="utf-8")
    parts = parse_file(path)
    assert [d.source.part for d in parts] == ["1", "2"]
    second = parts[1]
    at = next(i for i, b in enumerate(second.blocks) if "zeppelin" in b.text)
    # the bookmark as the one-document reading made it: the same words, no part
    whole = Document(Metadata(title="Volume 9"), parts[0].blocks + second.blocks,
                     source=Source(path=str(path), sha256=second.source.sha256))  # fmt: skip
    with Store.open() as store:
        made = store.add_bookmark(whole, make_anchor(whole, len(parts[0].blocks) + at))
    assert main(["bookmarks", "list"]) == 0
    out = capsys.readouterr().out
    assert "zeppelin" in out and "file missing" not in out
    with Store.open() as store:
        kept = store.get(made.id)
    assert kept is not None and kept.anchor.doc_part == "2"
    assert main(["bookmarks", "list"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("exact")  # from then on
