"""Shared fixtures. Every test gets its own ARCHIVE_READER_HOME, so no test ever
touches the user's real bookmarks, cache or config."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_78577bbeaacac156.txt"
SEED_004 = SEEDS / "004_307685cd8f122f69.txt"
#: Real records written by nobody here; read in place, never copied into the repo.
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARCHIVE_READER_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    """The ARCHIVE_READER_HOME of this test."""
    return _isolated_home


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus, or a clean skip where this checkout has none beside it."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside this checkout ({CORPUS})")
    return CORPUS
