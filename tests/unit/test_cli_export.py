"""`archive-reader export`: formats, exit codes, one-line errors, stdin."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.__main__ import main
from tests.conftest import ROOT, SEED_000, SEED_004


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_of_004(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "export", str(SEED_004), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema"] == "archive-reader/1"
    assert [s["name"] for s in data["speakers"]] == ["Ernesto 'Che' Guevara", "Shen Jian"]
    turns = [b for b in data["blocks"] if b["kind"] == "turn" and b["attribution"] == "label"]
    assert len(turns) == 66
    assert any(b["attribution"] == "continuation" for b in data["blocks"])
    assert [b["kind"] for b in data["blocks"]].count("closing") == 6
    kinds = {s["kind"] for b in data["blocks"] for s in b["spans"]}
    assert {"date", "gloss", "sic", "uncertain", "translator-note", "supplied", "stage"} <= kinds
    # non-ASCII stays readable (ensure_ascii off): "naïve" in Guevara's turn
    assert "naïve" in out


def test_json_is_the_default_and_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(capsys, "export", str(SEED_000))
    second = _run(capsys, "export", str(SEED_000))
    assert first[0] == 0 and first == second
    data = json.loads(first[1])
    assert data["metadata"]["translator"] == "Gary Goldberg"
    attributions = {b["speaker"] for b in data["blocks"] if b["attribution"] == "reported"}
    assert attributions == {"guevara", "alekseyev"}
    stamp = data["blocks"][0]
    assert stamp["text"] == "[Stamp]: Declassified" and stamp["speaker"] is None


def test_text_format_names_speakers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "export", str(SEED_004), "--format", "text")
    assert (code, err) == (0, "")
    lines = out.split("\n\n")
    assert lines[0].startswith("Memorandum of Conversation between Ernesto 'Che' Guevara")
    assert "Guevara: (on sitting down) please forgive" in out
    assert "\n\nShen: What happened in Cuba" in out
    assert "Search in" not in out and "Leon Levy" not in out
    assert out.endswith("4 January 1963\n")


def test_text_of_a_narrative_marks_reported_speech(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "export", str(SEED_000), "--format", "text")
    assert code == 0
    assert "Ernesto Guevara (reported): Guevara informed me that" in out
    assert "\n\nI met today with E. Guevara" in out


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(SEED_004.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, err = _run(capsys, "export", "-")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["source"]["path"] is None
    assert data["source"]["format"] == "wilson"
    assert len(data["speakers"]) == 2


def test_directory_is_one_line_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys, "export", str(tmp_path))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "folder" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, out, err = _run(capsys, "export", str(fifo))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "FIFO" in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys, "export", str(tmp_path / "nope.txt"))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "nope.txt" in err


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    png = tmp_path / "scan.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code, out, err = _run(capsys, "export", str(png))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1


def test_unknown_part(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "export", str(SEED_004), "--part", "d99")
    assert (code, out) == (1, "")
    assert "d99" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["export"],
        ["export", str(SEED_004), "--format", "pdf"],
        ["export", str(SEED_004), "--mode", "pretty"],
        ["export", str(SEED_004), "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"archive-reader {__version__} (Textual ")
    assert "unknown" not in out


def test_real_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVE_READER_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(SEED_004), "--format", "json"],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["metadata"]["translator"] == "Zhang Qian"
    failed = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(tmp_path)],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stdout == b""
    assert failed.stderr.count(b"\n") == 1 and b"Traceback" not in failed.stderr


def test_text_clean_mode_hides_apparatus(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "export", str(SEED_004), "--format", "text", "--mode", "clean")
    assert (code, err) == (0, "")
    assert "[on 13 October 1962]" not in out
    assert "the one taking place just before you returned" in out
    assert "Comrade Blas Roca explained" in out
    printed = _run(capsys, "export", str(SEED_004), "--format", "text")[1]
    assert "the one taking place [on 13 October 1962] just before" in printed
