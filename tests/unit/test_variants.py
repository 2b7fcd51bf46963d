"""Other spellings of names (Wade-Giles and pinyin, transliterations): the table, and
the library search, the find bar's speaker filter and its suggestion using it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.data.index import SearchIndex
from reader.data.query import parse_query
from reader.model.document import Block, Document, Metadata, Source, Speaker
from reader.model.find import FindQuery, find_all, matching_speakers, spelt_alike
from reader.model.variants import MOST, SPELLINGS, other_spellings, tokens, variants
from tests.unit._library import FakeEntry

# --------------------------------------------------------------------- the table


def test_words_are_cut_as_the_index_cuts_them() -> None:
    assert tokens("Teng Hsiao-p'ing") == ("teng", "hsiao", "p", "ing")
    assert tokens("Yan’an") == ("yan", "an")
    assert tokens("MAO Zédong") == ("mao", "zedong")
    assert tokens("  ") == ()


def test_each_spelling_belongs_to_one_name() -> None:
    forms = [tokens(form) for row in SPELLINGS for form in row]
    assert all(forms), "a spelling with no letters"
    assert len(forms) == len(set(forms)), "a spelling in two rows (or twice in one)"
    assert all(len(row) >= 2 for row in SPELLINGS)


def test_a_word_gets_the_other_spellings_of_its_name_both_ways() -> None:
    assert variants("Beijing") == ("peking", "peiping")
    assert variants("peking") == ("beijing", "peiping")
    assert variants("Khrushchov")[0] == "khrushchev"


def test_a_part_spelt_as_two_words_is_a_phrase() -> None:
    assert variants("enlai") == ("en lai",)
    assert variants("En-lai") == ("enlai",)


def test_names_inside_a_phrase_are_each_replaced() -> None:
    assert set(variants("zhou enlai")) == {"zhou en lai", "chou enlai", "chou en lai"}
    assert set(variants("the peking talks")) == {"the beijing talks", "the peiping talks"}


def test_a_whole_name_is_taken_before_its_parts() -> None:
    # "chiao" alone is Qiao; in Chang Ch'un-ch'iao it is part of Zhang Chunqiao
    assert "zhang chunqiao" in variants("Chang Chun-chiao")
    assert not any("qiao" in spelt.split() for spelt in variants("Chang Chun-chiao"))


def test_syllables_that_are_other_words_are_left_alone() -> None:
    for word in ("chu", "chang", "wang", "missiles", "the", "soviet", ""):
        assert variants(word) == (), word


def test_a_phrase_of_many_names_is_capped() -> None:
    assert len(variants("zhou enlai jiang qing deng xiaoping beijing")) == MOST


def test_other_spellings_are_as_the_table_writes_them() -> None:
    assert other_spellings("beijing") == ("Peking", "Peiping")
    assert other_spellings("zhou enlai") == ("Chou", "En-lai")
    assert other_spellings("missiles") == ()


# --------------------------------------------------------------- library search


CHOU = Speaker("chou", "Chou En-lai", ("Prime Minister Chou", "P.M. Chou"), 0)
KISSINGER = Speaker("kissinger", "Henry A. Kissinger", ("Dr. Kissinger",), 1)


def _library(tmp_path: Path) -> SearchIndex:
    old = Document(
        Metadata(title="Memorandum of Conversation, Peking", date="1971-07-09"),
        (
            Block("turn", "Welcome to Peking. The Chairman sends his regards.", "chou",
                  "Prime Minister Chou", "label"),
            Block("turn", "Mao Tse-tung's writings are read in America.", "kissinger",
                  "Dr. Kissinger", "label"),
            Block("turn", "Teng Hsiao-p'ing has been rehabilitated.", "chou", "P.M. Chou",
                  "label"),
        ),
        (CHOU, KISSINGER),
        source=Source(path="/lib/peking.txt", sha256="p1"),
    )
    new = Document(
        Metadata(title="A later history", date="1990"),
        (
            Block("paragraph", "Zhou Enlai received Kissinger in Beijing."),
            Block("paragraph", "Deng Xiaoping later led the reforms."),
            Block("paragraph", "Beijing and Moscow quarrelled."),
        ),
        source=Source(path="/lib/history.txt", sha256="b1"),
    )
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update([
        FakeEntry("/lib/peking.txt", (old,), sha256="p1", size=10, mtime=1.0),
        FakeEntry("/lib/history.txt", (new,), sha256="b1", size=10, mtime=1.0),
    ])
    return index


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    return _library(tmp_path)


def found(index: SearchIndex, query: str) -> set[tuple[str, int | None]]:
    return {(h.path.rsplit("/", 1)[1], h.block) for h in index.search(query)}


def test_a_place_is_found_under_either_romanization(index: SearchIndex) -> None:
    both = {("peking.txt", 0), ("history.txt", 0), ("history.txt", 2)}
    assert found(index, "beijing") == both
    assert found(index, "Peking") == both


def test_a_person_is_found_by_the_pinyin_and_by_wade_giles(index: SearchIndex) -> None:
    assert found(index, '"mao zedong"') == {("peking.txt", 1)}
    assert found(index, "deng xiaoping") == {("peking.txt", 2), ("history.txt", 1)}
    assert found(index, '"teng hsiao-ping"') == {("peking.txt", 2), ("history.txt", 1)}


def test_matches_are_marked_as_the_passage_spells_them(index: SearchIndex) -> None:
    hit = next(h for h in index.search("beijing") if h.path.endswith("peking.txt"))
    text = "Welcome to Peking. The Chairman sends his regards."
    assert [text[s:e] for s, e in hit.matches] == ["Peking"]


def test_a_speaker_is_found_under_the_other_spelling(index: SearchIndex) -> None:
    assert found(index, "speaker:zhou") == {("peking.txt", 0), ("peking.txt", 2)}
    assert found(index, 'speaker:"zhou enlai"') == {("peking.txt", 0), ("peking.txt", 2)}


def test_an_excluded_name_is_excluded_in_every_spelling(index: SearchIndex) -> None:
    assert found(index, "kissinger -peking") == {("peking.txt", 1)}


def test_every_spelling_is_a_quoted_string_never_syntax() -> None:
    match = parse_query("beijing").compile().match
    assert match == '{text speaker} : (("beijing" OR "peking" OR "peiping"))'
    match = parse_query("speaker:zhou").compile().match
    assert match == 'speaker : (("zhou"* OR "chou"*))'


def test_nothing_in_any_spelling_is_explained_once(index: SearchIndex) -> None:
    assert index.search("nanjing") == []
    assert index.explain_empty("nanjing kissinger") == ["no passage has the word “nanjing”"]


# --------------------------------------------------------------------- find bar


def _document() -> Document:
    return Document(
        Metadata(title="Memorandum"),
        (
            Block("turn", "Welcome to Peking.", "chou", "P.M. Chou", "label"),
            Block("turn", "Chou En-lai and Teng Hsiao-p'ing spoke.", "kissinger",
                  "Dr. Kissinger", "label"),
        ),
        (CHOU, KISSINGER),
    )


def test_the_speaker_filter_takes_the_other_spelling() -> None:
    document = _document()
    assert [s.id for s in matching_speakers(document, "zhou")] == ["chou"]
    assert [s.id for s in matching_speakers(document, "Zhou Enlai")] == ["chou"]
    assert [m.block for m in find_all(document, FindQuery.parse("speaker:zhou peking"))] == [0]


def test_a_name_the_document_spells_otherwise_is_offered_as_written() -> None:
    document = _document()
    query = FindQuery.parse("beijing")
    assert find_all(document, query) == []
    assert spelt_alike(document, query) == ["Peking"]
    assert spelt_alike(document, FindQuery.parse("zhou enlai")) == ["Chou En-lai"]
    assert spelt_alike(document, FindQuery.parse("deng xiaoping")) == ["Teng Hsiao-p'ing"]
