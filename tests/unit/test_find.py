"""Find in an open document: the logic behind the find bar (no UI here)."""

from __future__ import annotations

import re

import pytest

from reader.model.document import Block, Document, Metadata, Span, Speaker
from reader.model.find import (
    ALIKE_MAX,
    FindError,
    FindQuery,
    Match,
    count_label,
    find_all,
    matching_speakers,
    no_speaker_message,
    spelt_alike,
)

TEXT0 = "Comrade [Blas] Roca spoke of the Soviet\nmissiles [i.e., the R-12s] and the Missiles."
DOC = Document(
    Metadata(title="t"),
    (
        Block("turn", TEXT0, "guevara", "Guevara", "label",
              (Span("supplied", 8, 14), Span("gloss", 49, 66))),
        Block("turn", "The soviet   union agreed.  A communiqué was issued.", "shen",
              "Ambassador Shen", "label"),
        Block("paragraph", "missilesmissiles; premissiles."),
    ),
    (Speaker("guevara", "Ernesto 'Che' Guevara", ("Guevara",), 0),
     Speaker("shen", "Shen Jian", ("Ambassador Shen", "Shen"), 1)),
)


def texts(matches: list[Match]) -> list[str]:
    return [DOC.blocks[m.block].text[m.start : m.end] for m in matches]


def test_smart_case() -> None:
    assert texts(find_all(DOC, "missiles")) == ["missiles", "Missiles", "missiles", "missiles",
                                                "missiles"]
    assert texts(find_all(DOC, "Missiles")) == ["Missiles"]


def test_accents_ignored_unless_typed() -> None:
    assert texts(find_all(DOC, "communique")) == ["communiqué"]
    assert texts(find_all(DOC, "communiqué")) == ["communiqué"]
    assert find_all(DOC, "communiquè") == []


def test_across_line_breaks_and_whitespace_runs() -> None:
    assert texts(find_all(DOC, "soviet missiles")) == ["Soviet\nmissiles"]
    assert texts(find_all(DOC, "soviet union")) == ["soviet   union"]
    assert [(m.block, m.start) for m in find_all(DOC, "soviet union")] == [(1, 4)]


def test_never_across_blocks() -> None:
    assert find_all(DOC, "missiles. the") == []
    assert find_all(DOC, FindQuery.parse(r"missiles\.\s*the", regex=True)) == []
    assert texts(find_all(DOC, FindQuery.parse(r"issued\.$", regex=True))) == ["issued."]


def test_whole_word() -> None:
    query = FindQuery.parse("missiles", whole_word=True)
    assert texts(find_all(DOC, query)) == ["missiles", "Missiles"]


def test_regex_and_invalid_regex() -> None:
    query = FindQuery.parse(r"R-\d+s", regex=True)
    assert texts(find_all(DOC, query)) == ["R-12s"]
    # \d is an escape, not a capital: still case-insensitive
    assert texts(find_all(DOC, FindQuery.parse(r"\Wmissiles\.", regex=True))) == [" Missiles."]
    for bad in ("(", "[a-", "*x", "(?P<", "a{2,1}"):
        with pytest.raises(FindError) as caught:
            FindQuery.parse(bad, regex=True)
        assert str(caught.value).startswith("invalid regular expression")
    # the same text is literal without the toggle
    assert find_all(DOC, FindQuery.parse("(")) == []


def test_speaker_filter() -> None:
    assert [m.block for m in find_all(DOC, "speaker:shen soviet")] == [1]
    assert [m.block for m in find_all(DOC, "soviet speaker:guevara")] == [0]
    assert [m.block for m in find_all(DOC, 'speaker:"ambassador shen" union')] == [1]
    assert [m.block for m in find_all(DOC, "speaker:che")] == [0]  # whole turns
    assert find_all(DOC, "speaker:nobody soviet") == []
    assert [s.id for s in matching_speakers(DOC, "Amb Shen")] == ["shen"]
    assert FindQuery.parse("speaker:shen").empty is False
    assert FindQuery.parse("   ").empty


def test_a_speaker_filter_that_matches_nobody_says_who_is_there() -> None:
    # spelt like a speaker's name, label or alias: that speaker, by name
    assert no_speaker_message(DOC, "gevara") == (
        "no speaker here matches 'gevara' (did you mean Ernesto 'Che' Guevara?)"
    )
    assert no_speaker_message(DOC, "shenn") == (
        "no speaker here matches 'shenn' (did you mean Shen Jian?)"
    )
    # the closest first: "chen" is nearer Guevara's alias "Che" than "Shen"
    assert no_speaker_message(DOC, "chen").endswith(
        "(did you mean Ernesto 'Che' Guevara or Shen Jian?)"
    )
    # nothing alike: the speakers, when they are few
    assert no_speaker_message(DOC, "kerr") == (
        "no speaker here matches 'kerr' (speakers: Ernesto 'Che' Guevara, Shen Jian)"
    )
    many = Document(Metadata(title="t"), (), tuple(
        Speaker(name.lower(), name, (name,), slot)
        for slot, name in enumerate(("Evatt", "Eggleston", "Forsyth", "Plimsoll", "Burton"))
    ))
    assert no_speaker_message(many, "kerr") == "no speaker here matches 'kerr'"
    assert no_speaker_message(many, "plimsol").endswith("(did you mean Plimsoll?)")
    # a narrative record has none at all
    narrative = Document(Metadata(title="t"), (Block("paragraph", "The Secretary said."),))
    assert no_speaker_message(narrative, "kissinger") == (
        "no speaker here matches 'kissinger' (this document has no speaker labels)"
    )


def test_clean_mode_matches_what_the_clean_view_reads() -> None:
    # "[Blas] Roca" reads "Blas Roca" in clean view
    assert find_all(DOC, "blas roca") == []
    (match,) = find_all(DOC, "blas roca", mode="clean")
    assert (match.block, match.start, match.end) == (0, 9, 19)
    assert not match.hidden
    # words inside a hidden gloss are not matched in clean mode, unless asked for
    assert texts(find_all(DOC, "r-12s")) == ["R-12s"]
    assert find_all(DOC, "r-12s", mode="clean") == []
    (hidden,) = find_all(DOC, "r-12s", mode="clean", include_hidden=True)
    assert hidden.hidden and texts([hidden]) == ["R-12s"]
    # text across a hidden span reads contiguously in clean view
    (across,) = find_all(DOC, "missiles and the", mode="clean")
    assert TEXT0[across.start : across.end] == "missiles [i.e., the R-12s] and the"


def test_count_label() -> None:
    matches = find_all(DOC, "missiles")
    assert count_label(matches, 2) == "3/5"
    assert count_label([], None) == "0/0"


def test_large_document_is_searched_as_a_whole() -> None:
    blocks = tuple(Block("paragraph", f"Paragraph {i} about ordinary things.") for i in range(5000))
    blocks += (Block("paragraph", "The rare zeppelin arrived."),)
    big = Document(Metadata(title="big"), blocks)
    assert [(m.block, m.start) for m in find_all(big, "zeppelin")] == [(5000, 9)]
    assert len(find_all(big, "ordinary")) == 5000


def test_literal_fast_path_agrees_with_the_regex_path() -> None:
    """Plain one-word queries use str.find; they must find exactly what re finds."""
    document = Document(
        Metadata(title="t"),
        (
            Block("paragraph", "aaaa Baa. baa-baa"),
            Block("paragraph", "aa"),
            Block("paragraph", ""),
            Block("paragraph", "Communiqué, communique. a.b a+b (a)"),
        ),
    )
    for word in ("aa", "baa", "Baa", "communique", "communiqué", "a.b", "a+b", "(a)", "é"):
        literal = find_all(document, FindQuery.parse(word))
        regex = find_all(document, FindQuery.parse(re.escape(word), regex=True))
        assert literal == regex, word
    assert [(m.block, m.start, m.end) for m in find_all(document, "aa")][:3] == [
        (0, 0, 2), (0, 2, 4), (0, 6, 8)
    ]
    assert len(find_all(document, "communique")) == 2
    assert len(find_all(document, "a.b")) == 1
    from reader.model import find as find_module

    assert find_module._literal(FindQuery.parse("a+b")) == "a+b"  # the fast path is taken
    assert find_module._literal(FindQuery.parse("a b")) is None
    assert find_module._literal(FindQuery.parse("ab", whole_word=True)) is None


def test_a_word_that_finds_nothing_gets_the_documents_close_spellings() -> None:
    def alike(text: str, document: Document = DOC) -> list[str]:
        query = FindQuery.parse(text)
        assert find_all(document, query) == []
        return spelt_alike(document, query)

    assert alike("missles") == ["missiles"]  # as written; "missile" would find it too
    assert alike("comunique") == ["communiqué"]
    assert alike("speaker:shen sovjet") == ["Soviet"]
    assert alike("zeppelin") == []
    # only one plain word of three letters or more, and never a regular expression
    assert alike("soveit union") == []
    assert alike("sx") == []
    assert spelt_alike(DOC, FindQuery.parse("missles?", regex=True)) == []
    # a long document is not read word by word on the reader's keystroke
    long = Document(Metadata(title="t"), (Block("paragraph", "missiles " * 40_000),))
    assert len(long.blocks[0].text) > ALIKE_MAX
    assert alike("missles", long) == []


def test_speaker_filter_takes_every_word_of_a_name_in_any_order() -> None:
    kissinger = Speaker("kissinger", "Henry A. Kissinger", ("Dr. Kissinger", "K"), 0)
    dobrynin = Speaker("dobrynin", "Anatoliy F. Dobrynin", ("D",), 1)
    document = Document(Metadata(title="Telcon"), (), (kissinger, dobrynin))
    assert matching_speakers(document, "henry kissinger") == [kissinger]
    assert matching_speakers(document, "kissinger henry") == [kissinger]
    assert matching_speakers(document, "d") == [dobrynin]  # a label, not the start of "Dr."
    assert matching_speakers(document, "dob") == [dobrynin]
    assert matching_speakers(document, "henry dobrynin") == []
