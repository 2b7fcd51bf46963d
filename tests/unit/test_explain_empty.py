"""Why a library query finds nothing (SearchIndex.explain_empty): each part that matches
nothing on its own, and the index's close spellings of a word or a speaker's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.data.index import SearchIndex
from reader.data.query import parse_query
from reader.model.document import Block, Document, Metadata, Source, Speaker
from tests.unit._library import FakeEntry, build

KISSINGER = Speaker("kissinger", "Henry A. Kissinger", ("Kissinger", "K"), 0)


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    return build(tmp_path)


def why(index: SearchIndex, text: str, **kwargs: object) -> list[str]:
    assert index.search(text, **kwargs) == []  # type: ignore[arg-type]
    return index.explain_empty(text, **kwargs)  # type: ignore[arg-type]


def test_a_speaker_nobody_is(index: SearchIndex) -> None:
    assert why(index, "speaker:kerr missiles") == ["no speaker called “kerr”"]


def test_a_misspelt_speaker_gets_the_name_as_the_document_writes_it(index: SearchIndex) -> None:
    assert why(index, "speaker:gevara") == ["no speaker called “gevara” (did you mean Guevara?)"]
    assert why(index, "speaker:mikojan") == [
        "no speaker called “mikojan” (did you mean Mikoyan?)"
    ]
    # several speakers (either): one question for all of them
    assert why(index, "speaker:gevara speaker:mikojan") == [
        "no speaker called “gevara” or “mikojan” (did you mean Guevara or Mikoyan?)"
    ]


def test_a_misspelt_word_gets_words_as_written_not_stems(index: SearchIndex) -> None:
    # "missles" is near the stems "missil" and "miss", but only near "missiles" as words
    assert why(index, "missles") == ["no passage has the word “missles” (did you mean missiles?)"]
    assert why(index, "comunique") == [
        "no passage has the word “comunique” (did you mean communiqué?)"
    ]
    assert why(index, "zeppelin") == ["no passage has the word “zeppelin”"]


def test_a_stem_porter_changes_is_still_shown_as_the_word(tmp_path: Path) -> None:
    # porter stems "Kissinger" to "kissing", and "kissing" again to "kiss": the term
    # cannot be reached by a query, so its spelling is read from the passage
    document = Document(
        Metadata(title="Telcon", date="1973"),
        (Block("turn", "Hello.", "kissinger", "K", "label"),),
        (KISSINGER,),
        source=Source(path="/lib/telcon.txt", sha256="k1"),
    )
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update([FakeEntry("/lib/telcon.txt", (document,), sha256="k1")])
    assert why(index, "speaker:kissenger") == [
        "no speaker called “kissenger” (did you mean Kissinger?)"
    ]


def test_phrase_and_prefix(index: SearchIndex) -> None:
    assert why(index, '"soviet hedgehog"') == ["no passage has the phrase “soviet hedgehog”"]
    assert why(index, "zep*") == ["no word starts with “zep”"]


def test_every_filter_that_matches_nothing_is_named(index: SearchIndex) -> None:
    assert why(index, "missiles after:1990") == ["no document dated 1990 or later"]
    assert why(index, "missiles before:1950") == ["no document dated 1950 or earlier"]
    assert why(index, "after:1970 before:1975") == ["no document dated between 1970 and 1975"]
    assert why(index, "doc:washington") == ["no document's title or file name has “washington”"]
    assert why(index, "lang:klingon") == ["no document translated from “klingon”"]
    assert why(index, "kind:closing") == ["no passage of kind closing"]
    assert why(index, "speaker:kerr after:1990") == [
        "no speaker called “kerr”", "no document dated 1990 or later"
    ]


def test_parts_that_match_apart_but_never_together(index: SearchIndex) -> None:
    # Mikoyan speaks, and "communiqué" is said, but not by him
    assert why(index, "speaker:mikoyan communique") == [
        "each part matches some passage, but no passage matches them all"
    ]
    assert why(index, "missiles -missiles") == [
        "each part matches some passage, but no passage matches them all"
    ]


def test_within_paths_counts_only_what_is_there(index: SearchIndex) -> None:
    # Guevara speaks in havana.txt only
    assert why(index, "speaker:guevara", within=["/lib/moscow.txt"]) == [
        "no speaker called “guevara”"
    ]
    assert why(index, "speaker:gevara", within=["/lib/moscow.txt"]) == [
        "no speaker called “gevara”"
    ]


def test_nothing_to_say_when_cancelled(index: SearchIndex) -> None:
    assert index.explain_empty(parse_query("speaker:gevara"), cancel=lambda: True) == []
