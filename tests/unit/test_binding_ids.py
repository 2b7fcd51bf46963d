"""Issue 3 item 6: every binding has an id (so the config file can remap it) and comes
from the command table (so the help and the README list it)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import reader
from reader.commands import COMMANDS


def _our_classes() -> list[type[DOMNode]]:
    """Every widget, screen and app class of the UI modules (reader/screens and
    reader/widgets are namespace packages, which pkgutil does not walk into)."""
    root = Path(reader.__file__).parent
    names = ["reader.app"] + [
        "reader." + ".".join(path.relative_to(root).with_suffix("").parts)
        for folder in ("screens", "widgets")
        for path in sorted((root / folder).glob("*.py"))
    ]
    found: list[type[DOMNode]] = []
    for name in names:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_binding_has_an_id_from_the_command_table() -> None:
    ids = {c.id for c in COMMANDS}
    classes = _our_classes()
    assert len(classes) >= 15
    checked = 0
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is not a Binding"
            assert binding.id in ids, f"{cls.__name__}: {binding.key} -> {binding.action}"
            checked += 1
    assert checked >= len(COMMANDS) - 1  # (ctrl+p is the App's own)
