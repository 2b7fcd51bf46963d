"""``archive-reader search`` on the bundled seeds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.__main__ import main
from reader.data import locations
from tests.conftest import SEED_004, SEEDS


def test_soviet_union_by_shen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"Soviet Union" speaker:shen', str(SEEDS)]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings and all(line.endswith("Shen Jian") for line in headings)
    assert "»Soviet Union«" in out


def test_guevara_on_missiles_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "speaker:guevara missiles", "--json", "--limit", "50"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["speaker_id"] for h in hits} == {"guevara"}
    assert {h["path"] for h in hits} == {str(SEED_004)}
    for hit in hits:
        a, b = hit["snippet_matches"][0]
        assert hit["snippet"][a:b].lower().startswith("missile")
        assert hit["passage"] == hit["block"] + 1


def test_date_order_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zeppelinoid"]) == 1
    assert main(["search", "after:notadate soviet"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("archive-reader search: not a date")
    assert main(["search", "soviet", "--order", "date", "--json"]) == 0
    dates = [h["date"] for h in json.loads(capsys.readouterr().out)]
    assert dates == sorted(dates)


def test_second_run_uses_the_index(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "missiles", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["search", "missiles", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first


def test_nothing_found_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "speaker:gevara missiles", str(SEEDS)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "archive-reader search: no passages match: "
        "no speaker called “gevara” (did you mean Guevara?)"
    ]


def test_a_rebuilt_index_is_told_once(home: Path) -> None:
    # a process of its own: pytest's log capture would hide Python's last-resort
    # handler, which printed the library's own warning beside the command's message
    path = locations.cache_dir() / "index.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database at all\n" * 100)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", "missiles", str(SEEDS)],
        capture_output=True, text=True, env={**os.environ, "ARCHIVE_READER_HOME": str(home)},
        check=False,
    )
    assert done.returncode == 0
    told = [line for line in done.stderr.splitlines() if "search index" in line]
    assert len(told) == 1 and told[0].startswith("archive-reader search: The search index")


def _run(*argv: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``archive-reader ARGV`` in a process of its own (real stdout, real encoding)."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True, text=True, encoding="utf-8", errors="strict",
        env={**os.environ, "ARCHIVE_READER_HOME": str(home), **env}, check=False,
    )  # fmt: skip


def test_a_missing_path_is_told_not_searched_as_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "such"
    assert main(["search", "shen", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"archive-reader search: {missing}: no such file or folder"
    ]
    # beside a readable folder: told, and the search still runs over the seeds
    assert main(["search", "shen", str(missing), str(SEEDS), "--limit", "50"]) == 0
    captured = capsys.readouterr()
    assert "Shen Jian" in captured.out
    assert f"archive-reader search: {missing}: no such file or folder" in captured.err.splitlines()


def test_unreadable_files_are_told_every_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "scan.bin").write_bytes(b"abc\x00\x01def")
    (folder / "broken.xml").write_text(
        '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><p>cut', "utf-8"
    )
    shutil.copy(SEED_004, folder / "memcon.txt")
    for _ in range(2):  # the second run skips the unchanged files unread: still told
        assert main(["search", "missiles", str(folder), "--limit", "50"]) == 0
        captured = capsys.readouterr()
        assert str(folder / "memcon.txt") in captured.out
        told = captured.err.splitlines()
        assert len(told) == 2, told
        broken = f"archive-reader search: {folder / 'broken.xml'}: not well-formed XML"
        assert told[0].startswith(broken)
        assert told[1] == (
            f"archive-reader search: {folder / 'scan.bin'}: "
            "not a text document: this is a binary file (it contains NUL bytes)"
        )
    # nothing readable at all: the reasons, exit 1, and no search
    (folder / "memcon.txt").unlink()
    assert main(["search", "missiles", str(folder / "scan.bin"), str(folder / "broken.xml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 2
    assert "no passages match" not in captured.err


def test_paths_are_named_as_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "box").mkdir()
    (tmp_path / "box" / "scan.bin").write_bytes(b"\x00" * 10)
    monkeypatch.chdir(tmp_path)
    assert main(["search", "missiles", "box", "nowhere"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"archive-reader search: {os.path.join('box', 'scan.bin')}: "
        "not a text document: this is a binary file (it contains NUL bytes)",
        "archive-reader search: nowhere: no such file or folder",
    ]


def test_standard_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "missiles", "-"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("archive-reader search: standard input (-)")


def test_a_query_starting_with_a_dash_says_how(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "-nuclear"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "archive-reader search: -nuclear was read as an option: a word to leave out goes "
        "inside the quoted query with the words to look for, as in: "
        "archive-reader search 'WORDS -nuclear'"
    ]
    assert main(["search", "--limit", "3", "missiles", "-nuclear", str(SEEDS)]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith("as in: archive-reader search 'missiles -nuclear'")
    # what the message suggests works; so does starting the quoted query with -word
    assert main(["search", "missiles -nuclear", str(SEEDS)]) == 0
    assert main(["search", "-nuclear missiles", str(SEEDS)]) == 0
    # option values and negative numbers are left to argparse as before
    assert main(["search", "missiles", str(SEEDS), "--limit", "2", "--order", "date"]) == 0
    capsys.readouterr()


def test_an_ascii_terminal_gets_no_traceback(home: Path) -> None:
    plain = _run("search", "naive", str(SEEDS), home=home, PYTHONIOENCODING="ascii")
    assert plain.returncode == 0 and "Traceback" not in plain.stderr
    assert "na?ve" in plain.stdout and plain.stdout.isascii()
    assert plain.stderr.splitlines()[-1].startswith("archive-reader: ")
    assert "written as ?" in plain.stderr
    # JSON loses nothing: the same hits, with \u escapes
    wide = _run("search", "naive", str(SEEDS), "--json", home=home,
                PYTHONIOENCODING="utf-8")  # fmt: skip
    narrow = _run("search", "naive", str(SEEDS), "--json", home=home,
                  PYTHONIOENCODING="ascii")  # fmt: skip
    assert narrow.returncode == 0 and narrow.stderr == ""
    assert narrow.stdout.isascii() and "\\u00ef" in narrow.stdout
    assert json.loads(narrow.stdout) == json.loads(wide.stdout)
    helped = _run("search", "--help", home=home, PYTHONIOENCODING="ascii")
    assert helped.returncode == 0 and "communiqu?" in helped.stdout


def test_more_hits_than_the_limit_are_told(capsys: pytest.CaptureFixture[str]) -> None:
    more = (
        "archive-reader search: showing the first 2 passages; more match (use --limit N for more)"
    )
    assert main(["search", "missiles", str(SEEDS), "--limit", "2"]) == 0
    captured = capsys.readouterr()
    assert len([line for line in captured.out.splitlines() if line.startswith("  /")]) == 2
    assert captured.err.splitlines() == [more]
    assert main(["search", "missiles", str(SEEDS), "--limit", "2", "--json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2 and captured.err.splitlines() == [more]
    assert main(["search", "missiles", str(SEEDS), "--limit", "500", "--json"]) == 0
    captured = capsys.readouterr()
    assert 2 < len(json.loads(captured.out)) < 500 and captured.err == ""
    # a limit beyond what SQLite can count means "all of them", not an OverflowError
    assert main(["search", "missiles", str(SEEDS), "--limit", str(2**70), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(captured.out)


def test_a_name_in_an_old_encoding_is_told_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # b"caf\xe9" is café in Latin-1: not UTF-8, so Python holds it with a lone surrogate
    old = tmp_path / os.fsdecode(b"caf\xe9")
    old.mkdir()
    shutil.copy(SEED_004, old / "memcon.txt")
    shutil.copy(SEED_004, tmp_path / os.fsdecode(b"memcon-caf\xe9.txt"))
    shutil.copy(SEED_004, tmp_path / "memcon.txt")
    assert main(["search", "missiles", str(tmp_path), "--limit", "50", "--json"]) == 0
    captured = capsys.readouterr()
    assert {hit["path"] for hit in json.loads(captured.out)} == {str(tmp_path / "memcon.txt")}
    told = captured.err.splitlines()
    assert [line.split(": the name is not valid UTF-8")[0] for line in told] == [
        f"archive-reader search: {tmp_path}/caf\ufffd/memcon.txt",
        f"archive-reader search: {tmp_path}/memcon-caf\ufffd.txt",
    ]
    # given by itself: told once, nothing to search, exit 1
    assert main(["search", "missiles", str(old)]) == 1
    told = capsys.readouterr().err.splitlines()
    assert len(told) == 1 and told[0].startswith(f"archive-reader search: {tmp_path}/caf\ufffd:")
