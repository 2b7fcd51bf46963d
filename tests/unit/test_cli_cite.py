"""``archive-reader cite``: the Done-when item, each format, and the exit codes."""

from __future__ import annotations

import json

import bibtexparser
import pytest

from reader.__main__ import main
from tests.conftest import SEED_000, SEED_004


def test_done_when_csl_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", str(SEED_004), "--format", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "manuscript"
    assert item["archive_location"] == "PRC FMA 109-03157-01"
    assert item["page"] == "1-10"
    assert item["translator"][0]["family"] == "Zhang" and item["translator"][0]["given"] == "Qian"
    assert item["issued"] == {"date-parts": [[1962, 12, 1]]}


@pytest.mark.parametrize("fmt", ["chicago", "csl-json", "bibtex", "ris"])
def test_every_format_for_a_passage(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", str(SEED_004), "--passage", "1", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "please forgive what I said" in out
    if fmt == "bibtex":
        assert bibtexparser.loads(out).entries[0]["ENTRYTYPE"] == "unpublished"
    if fmt == "ris":
        assert out.startswith("TY  - MANSCPT\n") and "A4  - Zhang, Qian" in out


def test_chicago_default_and_no_quote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", str(SEED_000)]) == 0
    out = capsys.readouterr().out
    assert "TsKhSD, f. 5, op. 49, d. 760, ll. 27-29, r. 9127. Translated by Gary Goldberg." in out
    assert main(["cite", str(SEED_004), "-p", "1", "--no-quote"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('"Memorandum') and "turn 1" in out and "please forgive" not in out


def test_errors(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    assert main(["cite", str(SEED_004), "--passage", "999"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outside the document" in err
    assert main(["cite", str(SEED_004), "--part", "d9"]) == 1
    assert "no part 'd9'" in capsys.readouterr().err
    assert main(["cite", "/nonexistent/file.txt"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["cite", str(SEED_004), "--format", "apa"])
    assert exit_info.value.code == 2
