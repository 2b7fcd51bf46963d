"""DESIGN.md rule 1: the core knows no screen. Checked in a fresh interpreter, so an
import made by another test cannot hide a violation."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.data
import reader.model


def _core_modules() -> list[str]:
    names = []
    for package in (reader.model, reader.data):
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            names.append(info.name)
    return names


def test_core_imports_neither_textual_nor_rich() -> None:
    modules = _core_modules()
    assert "reader.model.document" in modules and "reader.model.loading" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout.strip()}"
