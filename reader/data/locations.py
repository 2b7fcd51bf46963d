"""Where the reader keeps its files. Computed on call, never at import time.

``ARCHIVE_READER_HOME`` points everything at one folder (tests, portable use):
``$ARCHIVE_READER_HOME/data``, ``/cache`` and ``/config``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "config_dir", "config_file", "data_dir", "seeds_dir"]

APP = "archive-reader"
ENV_HOME = "ARCHIVE_READER_HOME"


def _home() -> Path | None:
    value = os.environ.get(ENV_HOME)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Bookmarks, notes, reading positions: the user's own work. Never deleted."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Parse cache and search index: safe to delete, rebuilt on demand."""
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def seeds_dir() -> Path:
    """The bundled documents: seeds/ beside the package in a checkout or sdist."""
    return Path(__file__).resolve().parent.parent.parent / "seeds"
