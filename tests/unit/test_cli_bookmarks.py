"""``archive-reader bookmarks``: add, list, export (Markdown and JSON), import without
duplicates, exit codes; and the issue 6 "Done when" scenario without the UI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.__main__ import main
from reader.data.anchor import make_anchor, normalise, resolve
from reader.data.store import Store
from reader.model.formats import parse_file
from tests.conftest import SEED_004


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["bookmarks", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_export_import_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seed = str(SEED_004)
    code, out, err = cli(capsys, "add", seed, "--passage", "2", "--note", "good and bad",
                         "--tag", "cuba", "--tag", "division")  # fmt: skip
    assert code == 0 and err == ""
    first_id = out.split()[0]
    assert "passage 2, turn 2" in out
    code, out, _ = cli(capsys, "add", seed, "-p", "3", "--quote", "Comrade [Blas] Roca")
    assert code == 0
    code, out, _ = cli(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "DOCUMENT", "SPEAKER"]
    assert len(lines) == 3
    assert first_id[:8] in out and "Shen Jian" in out and "good and bad" in out
    assert "cuba, division" in out and lines[1].rstrip().endswith("exact")
    code, out, _ = cli(capsys, "export", "--format", "markdown")
    assert code == 0
    assert "## Memorandum of Conversation between Ernesto 'Che' Guevara" in out
    assert "Citation: \"Memorandum of Conversation" in out and "PRC FMA 109-03157-01" in out
    assert "### Shen Jian, passage 2, turn 2" in out
    assert "> What happened in Cuba was a bad thing" in out
    assert "> Comrade [Blas] Roca" in out
    assert "good and bad" in out and "Tags: #cuba, #division" in out
    backup = tmp_path / "backup.json"
    code, out, _ = cli(capsys, "export", "--format", "json", "--output", str(backup))
    assert code == 0 and out == ""
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["format"] == "archive-reader-bookmarks" and len(data["bookmarks"]) == 2
    # Re-importing into the same store adds nothing.
    code, out, _ = cli(capsys, "import", str(backup))
    assert code == 0 and "0 added" in out and "2 already present" in out
    # Into a fresh store (another machine): everything comes back, once.
    Store.open().path.rename(tmp_path / "moved-away.sqlite")  # type: ignore[union-attr]
    code, out, _ = cli(capsys, "import", str(backup))
    assert code == 0 and "2 added" in out
    code, out, _ = cli(capsys, "import", str(backup))
    assert "0 added" in out
    with Store.open() as store:
        assert len(store.list_bookmarks()) == 2


def test_delete_restore_and_deleted_in_backup(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "add", str(SEED_004), "--passage", "5")
    bookmark_id = out.split()[0]
    code, out, _ = cli(capsys, "delete", bookmark_id[:8])
    assert code == 0 and "restore" in out
    code, out, err = cli(capsys, "list")
    assert code == 1 and "no bookmarks" in err
    code, out, _ = cli(capsys, "list", "--deleted", "--no-check")
    assert code == 0 and "deleted" in out
    code, out, _ = cli(capsys, "export", "--format", "json")
    assert json.loads(out)["bookmarks"] == []
    code, out, _ = cli(capsys, "export", "--format", "json", "--include-deleted")
    assert json.loads(out)["bookmarks"][0]["deleted_at"]
    code, out, _ = cli(capsys, "restore", bookmark_id)
    assert code == 0
    code, out, _ = cli(capsys, "list")
    assert code == 0 and bookmark_id[:8] in out


def test_exit_codes_and_messages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "add", str(SEED_004), "--passage", "0")
    assert code == 1 and "numbered 1 to" in err
    code, _, err = cli(capsys, "add", str(SEED_004), "--passage", "2", "--quote", "not there")
    assert code == 1 and "does not contain" in err
    code, _, err = cli(capsys, "add", str(tmp_path / "missing.txt"), "--passage", "1")
    assert code == 1 and "no such file" in err and "Traceback" not in err
    code, _, err = cli(capsys, "export", "--format", "markdown")
    assert code == 1 and "no bookmarks" in err
    code, _, err = cli(capsys, "delete", "abcdef12")
    assert code == 1 and "no bookmark" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = cli(capsys, "import", str(bad))
    assert code == 1 and "not a JSON bookmark backup" in err
    bad.write_text('{"format": "other"}', encoding="utf-8")
    code, _, err = cli(capsys, "import", str(bad))
    assert code == 1 and "not a bookmark backup" in err
    with pytest.raises(SystemExit) as usage:
        main(["bookmarks", "add", str(SEED_004)])  # --passage is required
    assert usage.value.code == 2
    capsys.readouterr()


def test_broken_store_is_reported_on_stderr(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    store_path = home / "data" / "store.sqlite"
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"this is not SQLite" * 50)
    code, _, err = cli(capsys, "add", str(SEED_004), "--passage", "2")
    assert code == 0
    assert "Could not open your bookmarks (file is not a database); it was moved to" in err
    assert "store.sqlite.broken-" in err
    assert len(list(store_path.parent.glob("store.sqlite.broken-*"))) == 1


def test_done_when_three_bookmarks_survive_an_edited_seed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 6: bookmark three passages of 004 with notes, quit, edit the seed's
    whitespace and insert a paragraph at its top, restart: all three on the same words;
    the Markdown export prints them with quotes and citations."""
    copy = tmp_path / SEED_004.name
    shutil.copyfile(SEED_004, copy)
    document = parse_file(copy)[0]
    sentence_end = document.blocks[2].text.index(".") + 1
    wanted = [(1, None, None), (2, 0, sentence_end), (20, None, None)]
    with Store.open() as store:
        for number, (index, start, end) in enumerate(wanted, 1):
            store.add_bookmark(document, make_anchor(document, index, start, end),
                               note=f"note {number}")  # fmt: skip
        before = {b.note: b.anchor.exact for b in store.list_bookmarks()}
    # Edit: CRLF line ends, doubled spaces, a paragraph at the top of the transcript.
    text = copy.read_text(encoding="utf-8")
    marker = "Translation - English\n\n"
    text = text.replace(marker, marker + "A paragraph added at the top.\n\n", 1)
    copy.write_bytes(text.replace(". ", ".   ").replace("\n", "\r\n").encode("utf-8"))
    changed = parse_file(copy)[0]
    with Store.open() as store:
        bookmarks = store.list_bookmarks()
        assert len(bookmarks) == 3
        for bookmark in bookmarks:
            found = resolve(bookmark.anchor, changed)
            assert found.status == "moved"
            assert found.block_index == bookmark.anchor.block_index + 1
            assert found.block_index is not None and found.start is not None
            words = changed.blocks[found.block_index].text[found.start : found.end]
            assert normalise(words) == normalise(before[bookmark.note])
    code, out, _ = cli(capsys, "export", "--format", "markdown")
    assert code == 0
    assert out.count("> ") == 3 and "note 1" in out and "note 3" in out
    assert "Citation: \"Memorandum of Conversation" in out
    assert f"> {normalise(before['note 2'])}" in out
    code, out, _ = cli(capsys, "list")
    assert code == 0 and out.count("moved") == 3
    # The list wrote the re-found places back: next time they are exact, notes kept.
    with Store.open() as store:
        for bookmark in store.list_bookmarks():
            assert bookmark.anchor.doc_sha256 == changed.source.sha256
            assert resolve(bookmark.anchor, changed).status == "exact"
        assert {b.note: normalise(b.anchor.exact) for b in store.list_bookmarks()} == {
            note: normalise(exact) for note, exact in before.items()}
    code, out, _ = cli(capsys, "list")
    assert code == 0 and out.count("exact") == 3 and "moved" not in out


def test_list_does_not_write_back_an_ambiguous_find(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A quote that now occurs three times with none of its old context is a guess: the
    list says so every time and the stored record is left for the reader to check."""
    memo = tmp_path / "memo.txt"
    paragraphs = ["The Ambassador opened the meeting at ten.", "Yes.",
                  "The Minister thanked the Ambassador warmly.", "Yes.",
                  "The meeting ended at noon."]  # fmt: skip
    memo.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    document = parse_file(memo)[0]
    second_yes = [i for i, b in enumerate(document.blocks) if b.text == "Yes."][1]
    code, _, _ = cli(capsys, "add", str(memo), "--passage", str(second_yes + 1), "--note", "n")
    assert code == 0
    with Store.open() as store:
        (before,) = store.list_bookmarks()
    memo.write_text("\n\n".join(["Opening words here.", "Yes.", "Middle words here.", "Yes.",
                                 "Other words here.", "Yes."]) + "\n", encoding="utf-8")
    for _ in range(2):
        code, out, _ = cli(capsys, "list")
        assert code == 0 and out.rstrip().endswith("uncertain")
        with Store.open() as store:
            assert store.list_bookmarks() == [before]


def test_add_a_span_of_passages_list_and_export_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seed = str(SEED_004)
    code, out, err = cli(capsys, "add", seed, "--passage", "2", "--to-passage", "4",
                         "--note", "the exchange on the division")  # fmt: skip
    assert code == 0 and err == ""
    assert "passages 2\u20134, turns 2\u20134" in out
    span_id = out.split()[0]
    code, out, _ = cli(capsys, "list")
    assert code == 0 and "[passages 2\u20134]" in out
    assert out.splitlines()[1].rstrip().endswith("exact")
    code, out, _ = cli(capsys, "export", "--format", "markdown")
    assert code == 0
    assert "### passages 2\u20134, turns 2\u20134" in out
    # The whole quote: one blockquote paragraph per passage.
    assert "> What happened in Cuba was a bad thing" in out
    assert ">\n> [The evaluation of this incident] should be carried out" in out
    assert ">\n> This division at the moment, again" in out
    cite = next(line for line in out.splitlines() if line.startswith("Cite: "))
    assert "PRC FMA 109-03157-01" in cite and "turns 2\u20134" in cite
    code, out, _ = cli(capsys, "export", "--format", "markdown", "--no-check")
    assert code == 0 and "Cite: " not in out and "### passages 2\u20134" in out
    backup = tmp_path / "backup.json"
    code, _, _ = cli(capsys, "export", "--format", "json", "--output", str(backup))
    data = json.loads(backup.read_text(encoding="utf-8"))
    (item,) = data["bookmarks"]
    assert item["id"] == span_id and item["anchor"]["end_block"] == 3
    assert (item["turn"], item["end_turn"]) == (2, 4)


def test_add_span_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(SEED_004)
    code, _, err = cli(capsys, "add", seed, "--passage", "4", "--to-passage", "2")
    assert code == 1 and "--to-passage 2 must be from 4" in err
    code, _, err = cli(capsys, "add", seed, "-p", "2", "--to-passage", "3", "--quote", "Cuba")
    assert code == 2 and "cannot be combined" in err
    with Store.open() as store:
        assert store.list_bookmarks() == []
