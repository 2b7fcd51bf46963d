"""The library query language, parsed and run against a small hand-made library."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.data.index import SearchIndex
from reader.data.query import QUERY_HELP, QueryError, date_range, parse_query
from tests.unit._library import build


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    return build(tmp_path)


def where(index: SearchIndex, query: str, **kw: object) -> list[tuple[str, int | None, str]]:
    return [(h.path.rsplit("/", 1)[1], h.block, h.kind) for h in index.search(query, **kw)]


def test_words_all_must_match(index: SearchIndex) -> None:
    assert where(index, "soviet withdrawn") == [("havana.txt", 0, "turn")]
    assert where(index, "soviet nothingatall") == []


def test_plural_and_singular_find_each_other(index: SearchIndex) -> None:
    singular = {(p, b) for p, b, _ in where(index, "missile")}
    plural = {(p, b) for p, b, _ in where(index, "missiles")}
    assert singular == plural
    assert ("moscow.txt", 0) in plural and ("havana.txt", 0) in singular


def test_diacritics_ignored(index: SearchIndex) -> None:
    assert where(index, "communique") == [("havana.txt", 1, "turn")]
    assert where(index, "communiqué") == [("havana.txt", 1, "turn")]


def test_phrase_keeps_word_order(index: SearchIndex) -> None:
    assert where(index, '"soviet union"') == [("havana.txt", 1, "turn")]
    # both words occur in moscow block 0, but not as this phrase
    assert ("moscow.txt", 0) not in {(p, b) for p, b, _ in where(index, '"soviet union"')}
    assert ("moscow.txt", 0) in {(p, b) for p, b, _ in where(index, "soviet union")}


def test_prefix(index: SearchIndex) -> None:
    found = {(p, b) for p, b, _ in where(index, "revolution*")}
    assert found == {("havana.txt", 3), ("moscow.txt", 1)}


def test_negation(index: SearchIndex) -> None:
    found = set(where(index, "missiles -cuba"))
    assert ("havana.txt", 0, "turn") not in found and ("moscow.txt", 0, "turn") in found
    assert ("havana.txt", 0, "turn") in set(where(index, "missiles"))


def test_speaker_by_any_alias(index: SearchIndex) -> None:
    for name in ("guevara", "che", "Guev", '"ernesto che guevara"'):
        assert {(p, b) for p, b, _ in where(index, f"speaker:{name}")} == {
            ("havana.txt", 0),
            ("havana.txt", 3),
        }, name
    assert where(index, "speaker:shen soviet") == [("havana.txt", 1, "turn")]
    assert where(index, 'speaker:"ambassador shen"') == [("havana.txt", 1, "turn")]
    assert where(index, "speaker:guevara communique") == []


def test_hit_carries_speaker_and_document(index: SearchIndex) -> None:
    (hit,) = index.search("speaker:shen communique")
    assert (hit.speaker_id, hit.speaker_name, hit.slot) == ("shen", "Shen Jian", 1)
    assert (hit.title, hit.date, hit.passage) == ("Conversation in Havana", "1962-12-01", 2)
    start, end = hit.snippet.matches[0]
    assert hit.snippet.text[start:end] == "communiqué"
    text = "What will the Soviet Union take away? A communiqué followed."
    assert [text[a:b] for a, b in hit.matches] == ["communiqué"]


def test_date_filters_are_inclusive_and_overlap(index: SearchIndex) -> None:
    assert {p for p, _, _ in where(index, "missiles after:1962-12")} == {"havana.txt"}
    assert {p for p, _, _ in where(index, "missiles after:1962-12-01")} == {"havana.txt"}
    assert {p for p, _, _ in where(index, "missiles after:1962-12-02")} == set()
    # "1962-11" is the whole month: it overlaps both bounds
    assert {p for p, _, _ in where(index, "missiles before:1962-11-01")} == {"moscow.txt"}
    assert {p for p, _, _ in where(index, "missiles after:1962-11-30")} == {
        "moscow.txt",
        "havana.txt",
    }
    assert {p for p, _, _ in where(index, "missiles before:1962")} == {"moscow.txt", "havana.txt"}
    assert {p for p, _, _ in where(index, "missiles before:1961")} == set()
    # undated documents never match a date filter but match without one
    assert "undated.txt" in {p for p, _, _ in where(index, "missiles")}


def test_a_date_filter_given_twice_keeps_both() -> None:
    # every filter must hold: the later after:, the earlier before:, in any order
    assert parse_query("after:1963 after:1962 x").after == "1963"
    assert parse_query("after:1962 after:1963-02 x").after == "1963-02"
    assert parse_query("before:1963 before:1962-10 x").before == "1962-10"
    with pytest.raises(QueryError):
        parse_query("after:1963 after:1962 before:1962-06 x")


def test_date_range() -> None:
    assert date_range("1962") == ("1962-01-01", "1962-12-31")
    assert date_range("1964-02") == ("1964-02-01", "1964-02-29")
    assert date_range("1962-10-27") == ("1962-10-27", "1962-10-27")
    for bad in ("notadate", "1962-13", "1962-02-30", "62", "1962-1-"):
        with pytest.raises(QueryError):
            date_range(bad)


def test_kind_doc_lang(index: SearchIndex) -> None:
    assert where(index, "kind:note missile") == [("havana.txt", 0, "note")]
    assert where(index, "kind:stage laughter") == [("havana.txt", 2, "stage")]
    assert where(index, "kind:turn laughter") == []
    assert {p for p, _, _ in where(index, "missiles doc:moscow")} == {"moscow.txt"}
    assert {p for p, _, _ in where(index, "missiles doc:mikoyan")} == {"moscow.txt"}
    assert {p for p, _, _ in where(index, "missiles lang:chinese")} == {"havana.txt"}
    assert {p for p, _, _ in where(index, "missiles lang:russ")} == {"moscow.txt"}
    # an ISO 639 code names its language; a piece inside a name is not a language
    assert {p for p, _, _ in where(index, "missiles lang:zh")} == {"havana.txt"}
    assert {p for p, _, _ in where(index, "missiles lang:RU")} == {"moscow.txt"}
    assert where(index, "missiles lang:an") == []
    assert where(index, "missiles lang:ese") == []


def test_filters_alone_list_passages_in_date_order(index: SearchIndex) -> None:
    assert where(index, "speaker:mikoyan") == [("moscow.txt", 0, "turn")]
    found = where(index, "kind:turn")
    assert [p for p, _, _ in found] == ["moscow.txt", "havana.txt", "havana.txt", "havana.txt"]


def test_bad_queries_raise_query_error() -> None:
    for bad in ("", "   ", "after:notadate x", "before:1962-13", "kind:poem", "speaker:",
                "-word", "after:1963 before:1962 x", "lang:", "-speaker:shen x", '"', "*"):
        with pytest.raises(QueryError):
            parse_query(bad)


HOSTILE = [
    '"', '"unclosed', "*", "(", ")", "NEAR", "NEAR(a b)", "-", "--", "a OR", "AND",
    "^x", "col:x", "[sic]", "speaker:", "'", ";DROP TABLE passages", 'a"b', "OR AND NOT",
    '"a" NEAR/2 "b"', "text:missiles", "{text}: x", "x*y*", "-(", "speaker:\"", "doc:*",
    "missiles )", "\\", "%", "_", "':-- x", "speaker:x) OR (y", "NOT missiles", "a:b:c",
    "missiles AND", "(missiles)", "\x00", "kind:turn|", "после", "导弹",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_crash(index: SearchIndex, text: str) -> None:
    try:
        hits = index.search(text)
    except QueryError:
        return
    assert isinstance(hits, list)
    for hit in hits:
        for a, b in hit.snippet.matches:
            assert 0 <= a < b <= len(hit.snippet.text)


def test_syntax_words_are_searched_as_words(index: SearchIndex) -> None:
    # "NOT", "AND" and brackets are words to look for, not operators
    assert where(index, "(missiles)") == where(index, "missiles")
    assert where(index, "NOT missiles") == []
    assert where(index, "[soviet]") == where(index, "soviet")
    assert where(index, "text:missiles") == []  # "text missiles" as a phrase, not a column


def test_compiled_match_quotes_every_term() -> None:
    compiled = parse_query('a NEAR "b c" d* -e speaker:x OR').compile()
    assert compiled.match is not None
    # a one-letter speaker is a whole label ("D"), not a prefix
    for raw in ('"a"', '"NEAR"', '"b c"', '"d"*', '"e"', '"x"', '"OR"'):
        assert raw in compiled.match
    assert "DROP" not in "".join(compiled.where)


def test_help_mentions_every_filter() -> None:
    for word in ("speaker:", "after:", "before:", "kind:", "doc:", "lang:", '"', "*", "-"):
        assert word in QUERY_HELP


def test_typing_takes_the_word_at_the_end_as_a_prefix(index: SearchIndex) -> None:
    from reader.data.query import Term

    assert parse_query("speaker:guevara mis", typing=True).terms == (Term("mis", prefix=True),)
    assert parse_query("mis", typing=False).terms == (Term("mis"),)
    # a space, a quote or a filter after it ends the word; -word stays a whole word
    assert parse_query("soviet union ", typing=True).terms == (Term("soviet"), Term("union"))
    assert parse_query('"soviet union"', typing=True).terms == (Term("soviet union", phrase=True),)
    assert parse_query("mis speaker:guevara", typing=True).terms == (Term("mis"),)
    assert parse_query("soviet -nucl", typing=True).terms[1] == Term("nucl", negated=True)
    assert parse_query("col:x", typing=True).terms == (Term("col x", phrase=True),)
    # what it finds: the word on its way to "missiles" already finds them
    typed = parse_query("speaker:guevara missi", typing=True)
    assert {h.block for h in index.search(typed)} == {
        h.block for h in index.search("speaker:guevara missiles")
    }
