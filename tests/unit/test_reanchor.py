"""Re-anchored bookmarks are written back (issue 6): a bookmark whose words were found
again with certainty after its document changed is stored at its new place, so it is
"exact" from then on; a fuzzy or ambiguous find is never written, and a failed write
leaves the old record as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.data.anchor import make_anchor, rebase, resolve
from reader.data.store import Store
from reader.model.document import Document
from tests.unit._anchor_docs import ORIGINAL
from tests.unit._anchor_docs import doc as _doc


def doc(*texts: str, path: str = "/archive/memo.txt", part: str | None = None) -> Document:
    """Passages as labelled turns: the written-back record keeps its speaker."""
    return _doc(*texts, path=path, part=part, turns=True)


# --------------------------------------------------------------- certainty (pure)


def test_exact_and_a_unique_moved_quote_are_certain() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    assert resolve(anchor, document).certain
    inserted = doc("A headnote added by the archive.", *ORIGINAL)
    found = resolve(anchor, inserted)
    assert found.status == "moved" and found.certain


def test_a_repeat_told_apart_by_full_context_is_certain_by_nearness_is_not() -> None:
    document = doc(*ORIGINAL)
    second = make_anchor(document, 4)  # "Yes." with its full prefix and suffix
    reordered = doc(ORIGINAL[0], ORIGINAL[1], "Yes.", "Yes.", "Filler.", *ORIGINAL[3:])
    found = resolve(second, reordered)
    assert found.status == "moved" and found.block_index == 6 and found.certain
    # Its context rewritten on both sides: three "Yes." and none matches in full, so
    # the pick is only the nearest one: a guess.
    rewritten = doc("Opening.", "Yes.", "Middle words.", "Yes.", "Other words.", "Yes.")
    guess = resolve(second, rewritten)
    assert guess.status == "moved" and not guess.certain
    assert rebase(second, rewritten, guess) is None


def test_fuzzy_is_never_certain_and_never_rebased() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    edited = doc(*ORIGINAL[:3], ORIGINAL[3].replace("useful", "very useful"), *ORIGINAL[4:])
    found = resolve(anchor, edited)
    assert found.status == "fuzzy" and not found.certain
    assert rebase(anchor, edited, found) is None


def test_rebase_remakes_position_context_and_hash_but_keeps_path_and_part() -> None:
    document = doc(*ORIGINAL, part="d1")
    start = ORIGINAL[1].index("the quarantine")
    anchor = make_anchor(document, 1, start, start + len("the quarantine would be lifted"))
    resaved = doc("Headnote.", *(t.replace(" ", "  ") for t in ORIGINAL), part="d1")
    found = resolve(anchor, resaved)
    remade = rebase(anchor, resaved, found)
    assert remade is not None
    assert remade.block_index == 2 and remade.doc_sha256 == resaved.source.sha256
    assert remade.exact == "the  quarantine  would  be  lifted"
    assert resaved.blocks[2].text[remade.start : remade.end] == remade.exact
    assert (remade.doc_path, remade.doc_part) == (anchor.doc_path, "d1")
    assert remade.prefix.endswith("asked whether") and remade.suffix.startswith("before the")
    # Resolved against the remade anchor, the changed document is exact again.
    assert resolve(remade, resaved).status == "exact"
    # Nothing to write for an exact find.
    assert rebase(remade, resaved, resolve(remade, resaved)) is None


def test_rebase_refuses_another_document_and_follows_a_quote_split_across_passages() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    elsewhere = doc("Headnote.", *ORIGINAL, path="/other/copy.txt")
    found = resolve(anchor, elsewhere)
    assert found.status == "moved" and found.certain
    assert rebase(anchor, elsewhere, found) is None  # a copy elsewhere is not its home
    other_part = doc("Headnote.", *ORIGINAL, part="d9")
    assert rebase(anchor, other_part, resolve(anchor, other_part)) is None
    half = ORIGINAL[3].index(" and said")
    split = doc(*ORIGINAL[:3], ORIGINAL[3][:half], ORIGINAL[3][half + 1 :], *ORIGINAL[4:])
    across = resolve(anchor, split)
    assert across.status == "moved" and across.end_block == 4
    # A bookmark can hold a span now: the split quote is followed as passages 4-5.
    remade = rebase(anchor, split, across)
    assert remade is not None
    assert (remade.block_index, remade.end_block) == (3, 4)
    assert remade.exact == ORIGINAL[3][:half] + "\n\n" + ORIGINAL[3][half + 1 :]
    assert resolve(remade, split).status == "exact"


# --------------------------------------------------------------- the store


def test_follow_writes_back_keeping_note_tags_and_creation(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 3), note="useful talks",
                                  tags=("talks",), citation="Memo, 1962.")  # fmt: skip
        changed = doc("A headnote added by the archive.", *ORIGINAL)
        found = resolve(made.anchor, changed)
        written = store.follow(made, changed, found)
        assert written is not None
        stored = store.get(made.id)
        assert stored == written
        assert stored.anchor.block_index == 4 and stored.anchor.doc_sha256 == changed.source.sha256
        assert (stored.note, stored.tags, stored.created, stored.doc_citation) == (
            "useful talks", ("talks",), made.created, "Memo, 1962.")
        assert stored.turn == 5 and stored.speaker == "The Minister"
        assert stored.updated > made.updated
        # The next start: exact, nothing more to write.
        again = resolve(stored.anchor, changed)
        assert again.status == "exact"
        assert store.follow(stored, changed, again) is None
        assert store.get(made.id) == stored


def test_store_round_trip_of_a_written_back_anchor(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        made = store.add_bookmark(document, make_anchor(document, 1, 3, 30), note="n")
        changed = doc("New.", *(t.replace(" ", "\n ") for t in ORIGINAL))
        written = store.follow(made, changed, resolve(made.anchor, changed))
        assert written is not None
    with Store.open(path) as reopened:
        assert reopened.get(made.id) == written
        assert [b.id for b in reopened.bookmarks_for(changed)] == [made.id]
        exported = reopened.export_data()
    with Store.open(tmp_path / "other.sqlite") as other:
        other.import_data(exported)
        assert other.get(made.id) == written


def test_ambiguous_and_fuzzy_finds_are_not_written(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    with Store.open(tmp_path / "s.sqlite") as store:
        yes = store.add_bookmark(document, make_anchor(document, 4), note="second yes")
        thanked = store.add_bookmark(document, make_anchor(document, 3), note="thanks")
        rewritten = doc("Opening.", "Yes.", "Middle words.", "Yes.", "Other words.", "Yes.")
        assert store.follow(yes, rewritten, resolve(yes.anchor, rewritten)) is None
        edited = doc(*ORIGINAL[:3], ORIGINAL[3].replace("useful", "very useful"), *ORIGINAL[4:])
        assert store.follow(thanked, edited, resolve(thanked.anchor, edited)) is None
        assert store.get(yes.id) == yes and store.get(thanked.id) == thanked


def test_a_failed_write_leaves_the_old_record(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        made = store.add_bookmark(document, make_anchor(document, 3), note="kept")
        changed = doc("Headnote.", *ORIGINAL)
        found = resolve(made.anchor, changed)
        store._connection.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(path, timeout=0.05)
        try:
            blocker.execute("BEGIN IMMEDIATE")  # another window is writing
            assert store.follow(made, changed, found) is None
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.get(made.id) == made
        # Once the other writer is done, the next attempt goes through.
        assert store.follow(made, changed, found) is not None


def test_an_anchor_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 3))
        changed = doc("Headnote.", *ORIGINAL)
        found = resolve(made.anchor, changed)
        # Another window re-anchored it (to other words) after we read it.
        other = store.update_anchor(made.id, make_anchor(changed, 1), changed)
        assert store.follow(made, changed, found) is None
        assert store.get(made.id) == other


def test_deleted_and_read_only_bookmarks_are_not_written(tmp_path: Path) -> None:
    document = doc(*ORIGINAL)
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        made = store.add_bookmark(document, make_anchor(document, 3))
        deleted = store.delete(made.id)
        changed = doc("Headnote.", *ORIGINAL)
        assert store.follow(deleted, changed, resolve(made.anchor, changed)) is None
        assert store.get(made.id) == deleted
        store.restore(made.id)
        live = store.get(made.id)
        assert live is not None
        store.read_only = True
        assert store.follow(live, changed, resolve(live.anchor, changed)) is None
        store.read_only = False
        assert store.get(made.id) == live


def test_a_document_opened_by_a_relative_path_finds_its_changed_bookmarks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``archive-reader memo.txt``: the store keeps absolute paths, the document has the
    relative one; after an edit only the path can match, and it must."""
    monkeypatch.chdir(tmp_path)
    document = doc(*ORIGINAL, path="memo.txt")
    with Store.open(tmp_path / "s.sqlite") as store:
        made = store.add_bookmark(document, make_anchor(document, 3))
        assert made.anchor.doc_path == str(tmp_path / "memo.txt")
        changed = doc("Headnote.", *ORIGINAL, path="memo.txt")
        (found,) = store.bookmarks_for(changed)
        written = store.follow(found, changed, resolve(found.anchor, changed))
        assert written is not None and written.anchor.doc_path == str(tmp_path / "memo.txt")
        assert [b.id for b in store.bookmarks_for(changed)] == [made.id]
