"""One parser module per source format; this package picks one and runs it.

Every parser is a pure function from loaded input to ``Document``s. Text formats take a
``LoadedText`` (already decoded and neutralised by ``loading``); XML formats take the raw
bytes, because the XML declaration decides the encoding, and neutralise what they
extract themselves.
"""

from __future__ import annotations

import os
from importlib import import_module
from types import ModuleType
from typing import Protocol

from reader.model.document import Document, Source
from reader.model.formats.detect import detect
from reader.model.loading import LoadedText, LoadError, decode, display_path, read_bytes

__all__ = ["ParseError", "parse_data", "parse_file", "parse_text"]


class ParseError(LoadError):
    """The bytes were readable but are not a document we understand (bad XML, ...)."""


#: format name -> module under reader.model.formats. Text formats define
#: ``parse(loaded: LoadedText, path: str | None) -> Document``; XML formats define
#: ``parse_xml(data: bytes, path: str | None) -> list[Document]``. A text format whose
#: files may hold many documents (plain: a whole volume) also defines
#: ``parse_all(loaded: LoadedText, path: str | None) -> list[Document]``.
TEXT_FORMATS: dict[str, str] = {
    "wilson": "wilson",
    "dfat": "dfat",
    "plain": "plain",
    "html": "html",
}
XML_FORMATS: dict[str, str] = {"frus-tei": "frus_tei"}


class _TextFormat(Protocol):
    def parse(self, loaded: LoadedText, path: str | None) -> Document: ...


class _XmlFormat(Protocol):
    def parse_xml(self, data: bytes, path: str | None) -> list[Document]: ...


def _module(name: str) -> ModuleType:
    try:
        return import_module(f"reader.model.formats.{name}")
    except ModuleNotFoundError as error:
        # Every name in the tables above ships with the package; if one is missing the
        # install is broken, and the user deserves a sentence rather than a traceback.
        raise ParseError(f"no parser for this format is installed ({name}): {error}") from None


def parse_text(loaded: LoadedText, path: str | None = None, fmt: str | None = None) -> Document:
    """Parse already-decoded text with the named (or detected) text format."""
    fmt = fmt or detect(loaded.text.encode("utf-8", "surrogatepass")[:65536], path)
    if fmt not in TEXT_FORMATS:
        fmt = "plain"
    module: _TextFormat = _module(TEXT_FORMATS[fmt])
    return module.parse(loaded, path)


def parse_data(data: bytes, path: str | None = None) -> list[Document]:
    """Parse raw bytes into one or more documents (a FRUS volume holds hundreds)."""
    shown = display_path(path) if path else "<stdin>"
    fmt = detect(data[:65536], path)
    try:
        if fmt in XML_FORMATS:
            module: _XmlFormat = _module(XML_FORMATS[fmt])
            return module.parse_xml(data, path)
        loaded = decode(data, name=shown)
        if fmt not in TEXT_FORMATS:
            fmt = "plain"
        module = _module(TEXT_FORMATS[fmt])
        parse_all = getattr(module, "parse_all", None)
        if parse_all is not None:  # a text format whose files may hold many documents
            documents: list[Document] = parse_all(loaded, path)
            return documents
        return [parse_text(loaded, path, fmt)]
    except LoadError:
        raise
    except (RecursionError, MemoryError) as error:
        raise ParseError(f"{shown}: too deeply nested or too large to parse ({error})") from None
    except Exception as error:
        # Every bad input deserves one clear sentence; a document our rules trip over
        # is still a bug to report, so the message says which parser and what failed.
        raise ParseError(
            f"{shown}: the {fmt} parser failed on this file "
            f"({type(error).__name__}: {error}); please report it"
        ) from error


def parse_file(path: str | os.PathLike[str]) -> list[Document]:
    """Read and parse one file. Raises LoadError (or ParseError) with a user message."""
    return parse_data(read_bytes(path), os.fspath(path))


def source_for(loaded: LoadedText, path: str | None, fmt: str) -> Source:
    """The Source record every text parser attaches to its Document."""
    return Source(
        path=path,
        format=fmt,
        encoding=loaded.encoding,
        sha256=loaded.sha256,
        size=loaded.size,
    )
