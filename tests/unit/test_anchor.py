"""Anchors re-find the bookmarked words after each kind of change a document goes through
(issue 6, item 3): re-saved whitespace and line ends, a paragraph inserted before, page
furniture added or removed, the file moved; repeats told apart by context; and a quote
that is truly gone reported as orphaned, never dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.data.anchor import (
    Anchor,
    Resolution,
    locate,
    make_anchor,
    normalise,
    resolve,
)
from reader.model.document import Block, Document, Source
from reader.model.formats import parse_file
from tests.conftest import SEED_004
from tests.unit._anchor_docs import ORIGINAL, doc


def quoted(document: Document, found: Resolution) -> str:
    assert found.block_index is not None and found.start is not None and found.end is not None
    return document.blocks[found.block_index].text[found.start : found.end]


def test_make_anchor_whole_passage_and_part() -> None:
    document = doc(*ORIGINAL)
    whole = make_anchor(document, 1)
    assert whole.exact == ORIGINAL[1]
    assert (whole.block_index, whole.start, whole.end) == (1, 0, len(ORIGINAL[1]))
    assert whole.prefix == "The Ambassador opened the meeting at ten."
    assert whole.suffix.startswith("Yes. The Minister thanked")
    assert len(whole.suffix.split()) == 8
    start = ORIGINAL[1].index("the quarantine")
    part = make_anchor(document, 1, start, start + len("the quarantine would be lifted"))
    assert part.exact == "the quarantine would be lifted"
    assert part.prefix.endswith("and the Minister asked whether")
    assert part.suffix.startswith("before the end of the month.")
    assert part.doc_sha256 == document.source.sha256 and part.doc_path == "/archive/memo.txt"


def test_make_anchor_trims_selection_whitespace_and_refuses_bad_offsets() -> None:
    document = doc("  padded words here  ")
    anchor = make_anchor(document, 0, 0, 21)
    assert anchor.exact == "padded words here" and anchor.start == 2
    with pytest.raises(IndexError):
        make_anchor(document, 5)
    with pytest.raises(ValueError):
        make_anchor(document, 0, 3, 99)


def test_unchanged_document_is_exact() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3, 4, 20)
    found = resolve(anchor, document)
    assert found.status == "exact"
    assert (found.block_index, found.start, found.end) == (3, 4, 20)


def test_whitespace_and_line_end_resave_maps_back_to_real_offsets() -> None:
    document = doc(*ORIGINAL)
    start = ORIGINAL[1].index("the quarantine")
    anchor = make_anchor(document, 1, start, start + len("the quarantine would be lifted"))
    resaved = doc(
        *(text.replace("would be", "would\r\nbe").replace(" ", "  ") for text in ORIGINAL)
    )
    found = resolve(anchor, resaved)
    assert found.status == "moved"
    assert found.block_index == 1
    assert quoted(resaved, found) == "the  quarantine  would\r\nbe  lifted"


def test_typographic_quotes_and_dashes_swapped_by_a_resave() -> None:
    document = doc("He said 'enough' - and left.")
    anchor = make_anchor(document, 0)
    curly = doc("He said \u2018enough\u2019 \u2014 and left.")
    found = resolve(anchor, curly)
    assert found.status == "moved" and quoted(curly, found) == curly.blocks[0].text


def test_paragraph_inserted_before() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    inserted = doc("A new editorial headnote was added at the top.", *ORIGINAL)
    found = resolve(anchor, inserted)
    assert found.status == "moved" and found.block_index == 4
    assert quoted(inserted, found) == ORIGINAL[3]


def test_repeated_quote_is_told_apart_by_prefix_and_suffix() -> None:
    document = doc(*ORIGINAL)
    first, second = make_anchor(document, 2), make_anchor(document, 4)
    assert first.exact == second.exact == "Yes."
    # Three paragraphs inserted at the top: the old indexes now point at other passages,
    # so only the context can say which "Yes." is which.
    shifted = doc("One.", "Two.", "Three.", *ORIGINAL)
    assert resolve(first, shifted).block_index == 5
    assert resolve(second, shifted).block_index == 7
    # The second "Yes." moved far away and a third added near its old place: the
    # context still wins over nearness.
    reordered = doc(ORIGINAL[0], ORIGINAL[1], "Yes.", "Yes.", "Filler.", *ORIGINAL[3:])
    found = resolve(second, reordered)
    assert found.block_index == 6


def test_page_furniture_added_and_removed() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    with_furniture = doc(
        ORIGINAL[0],
        "Page 2 of 4",
        "[Stamp]: Declassified",
        ORIGINAL[1],
        ORIGINAL[2],
        "TOP SECRET",
        *ORIGINAL[3:],
    )
    found = resolve(anchor, with_furniture)
    assert found.status == "moved" and quoted(with_furniture, found) == ORIGINAL[3]
    # ...and the other way round: bookmarked with furniture, furniture later removed.
    back = make_anchor(with_furniture, 6)
    found = resolve(back, document)
    assert found.status == "moved" and found.block_index == 3


def test_furniture_inside_the_quote_is_a_fuzzy_match() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 1)
    words = ORIGINAL[1].split(" ")
    broken = " ".join([*words[:10], "- 2 -", *words[10:]])
    changed = doc(ORIGINAL[0], broken, *ORIGINAL[2:])
    found = resolve(anchor, changed)
    assert found.status == "fuzzy" and found.block_index == 1
    assert 0.8 <= found.score < 1.0
    assert quoted(changed, found) == broken


def test_passage_split_in_two_by_a_resave_spans_passages() -> None:
    document = doc(*ORIGINAL)
    start = ORIGINAL[1].index("the Minister")
    end = ORIGINAL[1].index("the end")
    anchor = make_anchor(document, 1, start, end)
    cut = ORIGINAL[1].index("asked")
    split = doc(ORIGINAL[0], ORIGINAL[1][:cut], ORIGINAL[1][cut:], *ORIGINAL[2:])
    found = resolve(anchor, split)
    assert found.status == "moved"
    assert (found.block_index, found.end_block) == (1, 2)
    assert split.blocks[1].text[found.start :].startswith("the Minister")
    assert split.blocks[2].text[: found.end].endswith("before")


def test_unresolvable_is_orphaned_and_keeps_quote() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    rewritten = doc("Entirely different words now.", "Nothing of the old text.")
    found = resolve(anchor, rewritten)
    assert found == Resolution(None, None, None, "orphaned", score=0.0)
    assert not found.found
    assert anchor.exact == ORIGINAL[3]  # the anchor (and so the bookmark) is untouched
    assert resolve(anchor, doc()).status == "orphaned"


def test_similar_but_different_sentence_is_not_a_fuzzy_match() -> None:
    document = doc(*ORIGINAL)
    anchor = make_anchor(document, 3)
    other = doc("The Ambassador thanked the Minister and said nothing had been achieved.")
    assert resolve(anchor, other).status == "orphaned"


def test_same_hash_but_other_part_is_not_exact() -> None:
    volume_a = doc(*ORIGINAL, part="d1")
    anchor = make_anchor(volume_a, 3)
    volume_b = Document(
        metadata=volume_a.metadata,
        blocks=(Block("paragraph", "Preface."), *volume_a.blocks),
        source=Source(path=volume_a.source.path, sha256=volume_a.source.sha256, part="d2"),
    )
    assert resolve(anchor, volume_b).status == "moved"


def test_file_moved_is_found_by_hash_then_path_then_quote() -> None:
    document = doc(*ORIGINAL, path="/old/place/memo.txt")
    anchor = make_anchor(document, 3)
    moved = Document(document.metadata, document.blocks,
                     source=Source(path="/new/place/memo.txt", sha256=document.source.sha256))
    unrelated = doc("Yes.", "Other words.", path="/new/place/other.txt")
    found = locate(anchor, [unrelated, moved])
    assert found is not None
    assert found[0] is moved and found[1].status == "exact"
    # Re-downloaded to a new place with a new hash: found by its words.
    redownloaded = doc("Header.", *ORIGINAL, path="/downloads/memo (1).txt")
    found = locate(anchor, [unrelated, redownloaded])
    assert found is not None and found[0] is redownloaded and found[1].status == "moved"
    # A fuzzy likeness in some other file is a guess, not a find.
    edited = doc(ORIGINAL[3].replace("useful", "very useful indeed"), path="/x/y.txt")
    assert locate(anchor, [edited]) is None
    # ...but at the bookmark's own path it is offered, marked fuzzy.
    same_path = doc(ORIGINAL[3].replace("useful", "quite useful"), path="/old/place/memo.txt")
    found = locate(anchor, [edited, same_path])
    assert found is not None and found[0] is same_path and found[1].status == "fuzzy"


def test_normalise() -> None:
    assert normalise("  a\n\tb\u00a0 c\r\n") == "a b c"
    assert normalise("\u201cx\u201d \u2013 y") == '"x" - y'


def test_anchor_is_plain_data() -> None:
    anchor = Anchor("q", "p", "s", 1, 2, 3, "h", None, None)
    assert anchor == Anchor("q", "p", "s", 1, 2, 3, "h", None, None)


# --- on the real seed, parsed by the real parser -----------------------------------------


def _edit_seed(source: Path, target: Path) -> None:
    """Re-save with CRLF line ends and doubled spaces, and insert a paragraph at the top of
    the transcript (right after "Translation - English")."""
    text = source.read_text(encoding="utf-8")
    marker = "Translation - English\n\n"
    assert marker in text
    text = text.replace(
        marker, marker + "Editor's note: this transcript was re-typed in 2024.\n\n", 1
    )
    text = text.replace(". ", ".  ").replace("\n", "\r\n")
    target.write_bytes(text.encode("utf-8"))


def test_seed_004_bookmarks_survive_whitespace_and_an_inserted_paragraph(tmp_path: Path) -> None:
    original = parse_file(SEED_004)[0]
    chosen = [
        make_anchor(original, 1),  # a whole turn
        make_anchor(original, 2, 0, original.blocks[2].text.index(".")),  # its first sentence
        make_anchor(original, len(original.blocks) - 3),
    ]
    before = [a.exact for a in chosen]
    copy = tmp_path / SEED_004.name
    _edit_seed(SEED_004, copy)
    changed = parse_file(copy)[0]
    assert changed.source.sha256 != original.source.sha256
    assert len(changed.blocks) == len(original.blocks) + 1
    for anchor, words in zip(chosen, before, strict=True):
        found = resolve(anchor, changed)
        assert found.status == "moved", (anchor.exact[:40], found)
        assert found.block_index == anchor.block_index + 1
        assert normalise(quoted(changed, found)) == normalise(words)


def test_seed_004_moved_file_is_exact_by_hash(tmp_path: Path) -> None:
    original = parse_file(SEED_004)[0]
    anchor = make_anchor(original, 5, 10, 60)
    moved = tmp_path / "elsewhere.txt"
    shutil.copyfile(SEED_004, moved)
    document = parse_file(moved)[0]
    found = locate(anchor, [document])
    assert found is not None and found[1].status == "exact"
    assert quoted(document, found[1]) == anchor.exact
