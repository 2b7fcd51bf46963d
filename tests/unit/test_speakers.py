"""One test per speaker rule, each on a short example written here."""

from __future__ import annotations

import pytest

from reader.model.document import Span
from reader.model.speakers import (
    SpeakerRegistry,
    assemble,
    fullest_name,
    is_closing_marker,
    is_page_break_tail,
    is_stage_paragraph,
    match_label,
    split_paragraphs,
)


def _no_spans(text: str) -> list[Span]:
    return []


def test_simple_label() -> None:
    found = match_label("Guevara: Not now.")
    assert found is not None
    assert (found.label, found.body, found.title, found.name) == (
        "Guevara",
        "Not now.",
        "",
        "Guevara",
    )


def test_title_label_splits_office_from_name() -> None:
    found = match_label("Ambassador Shen: What happened in Cuba was a bad thing.")
    assert found is not None
    assert (found.label, found.title, found.name, found.key) == (
        "Ambassador Shen",
        "Ambassador",
        "Shen",
        "shen",
    )


@pytest.mark.parametrize(
    ("paragraph", "title", "name"),
    [
        ("Prime Minister Chou: Welcome.", "Prime Minister", "Chou"),
        ("P.M. Chou: Welcome.", "P.M.", "Chou"),
        ("Dr. Kissinger: He isn't really.", "Dr.", "Kissinger"),
        ("Secretary of State Rogers: Yes.", "Secretary of State", "Rogers"),
        ("The President: Thank you.", "The President", ""),
        ("Mr. de Gaulle: Non.", "Mr.", "de Gaulle"),
    ],
)
def test_title_forms(paragraph: str, title: str, name: str) -> None:
    found = match_label(paragraph)
    assert found is not None
    assert (found.title, found.name) == (title, name)


@pytest.mark.parametrize("paragraph", ["K: Anatol.", "JC: Yes.", "D: Henry, hello."])
def test_initials_are_labels(paragraph: str) -> None:
    found = match_label(paragraph)
    assert found is not None and found.label == paragraph.split(":")[0]


@pytest.mark.parametrize(
    ("paragraph", "label", "key"),
    [
        ("DR. EVATT: I shall.", "DR. EVATT", "evatt"),
        ("SIR FREDERIC EGGLESTON: Quite so.", "SIR FREDERIC EGGLESTON", "eggleston"),
        ("DR.EVATT: I shall.", "DR.EVATT", "evatt"),
    ],
)
def test_all_caps_and_glued_labels(paragraph: str, label: str, key: str) -> None:
    found = match_label(paragraph)
    assert found is not None and (found.label, found.key) == (label, key)


@pytest.mark.parametrize(
    "paragraph",
    [
        "CC: permanent members of the Politburo",
        'Citation: "Memorandum", 1962',
        "Summary: Guevara and Shen discuss",
        "Credits: Leon Levy Foundation",
        "SUBJECT: Soviet missiles",
        "SUBCHECT: Soviet missiles",
        "FROM: Canberra",
        "TO: Hong Kong",
        "DATE: 4 October 1971",
        "PARTICIPANTS: Chou En-lai, Kissinger",
        "Present: Dr. Evatt, Mr. Forsyth",
        "Original Language: Chinese",
        "Note: this copy is damaged",
    ],
)
def test_header_fields_are_never_speakers(paragraph: str) -> None:
    assert match_label(paragraph) is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sir Ian McLennan: 61: Chairman, BHP Co. Ltd.: BHP is Australia's largest company",
        "Norman Cameron Coles: 64: Chairman and Managing Director, G.J. Coles",
    ],
)
def test_list_lines_are_not_turns(paragraph: str) -> None:
    assert match_label(paragraph) is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "The reasons were these: first, the missiles.",
        "We were determined: the enemy may wipe us out.",
        "[Stamp]: Declassified",
        "1962: a year of crisis",
        "Room101: the file",
        "Guevara:",
        "A very long phrase that goes on and On And On Beyond Names: text",
    ],
)
def test_prose_with_a_colon_is_not_a_label(paragraph: str) -> None:
    assert match_label(paragraph) is None


def test_aliases_are_one_speaker_named_by_the_fullest_form() -> None:
    blocks, speakers = assemble(
        ["Ambassador Shen: Hello.", "Guevara: Hello.", "Shen: Goodbye."],
        known_texts=[
            "Memorandum of Conversation between Ernesto 'Che' Guevara and "
            "Chinese Ambassador Shen Jian, Havana"
        ],
        find_spans=_no_spans,
    )
    assert [(s.id, s.name, s.labels, s.slot) for s in speakers] == [
        ("shen", "Shen Jian", ("Ambassador Shen", "Shen"), 0),
        ("guevara", "Ernesto 'Che' Guevara", ("Guevara",), 1),
    ]
    assert speakers[0].role == "Chinese Ambassador"
    assert [b.speaker for b in blocks] == ["shen", "guevara", "shen"]
    assert [b.label for b in blocks] == ["Ambassador Shen", "Guevara", "Shen"]
    assert [b.text for b in blocks] == ["Hello.", "Hello.", "Goodbye."]


def test_two_titles_one_person() -> None:
    _, speakers = assemble(
        ["Prime Minister Chou: Welcome.", "Dr. Kissinger: Thank you.", "P.M. Chou: Sit down."],
        known_texts=["• Chou En-lai, Premier of the State Council", "• Henry A. Kissinger"],
        find_spans=_no_spans,
    )
    assert [(s.id, s.name, s.labels) for s in speakers] == [
        ("chou", "Chou En-lai", ("Prime Minister Chou", "P.M. Chou")),
        ("kissinger", "Henry A. Kissinger", ("Dr. Kissinger",)),
    ]
    # "Dr." is a form of address, not an office
    assert speakers[1].role is None


def test_all_caps_label_variants_group_and_read_as_a_name() -> None:
    _, speakers = assemble(
        ["DR. EVATT: One.", "Dr. Evatt: Two.", "DR.EVATT: Three."], find_spans=_no_spans
    )
    assert len(speakers) == 1
    assert speakers[0].labels == ("DR. EVATT", "Dr. Evatt", "DR.EVATT")
    assert speakers[0].name == "Evatt"


def test_same_surname_different_given_names_are_two_people() -> None:
    _, speakers = assemble(
        ["John Smith: One.", "Mary Smith: Two.", "John Smith: Three."], find_spans=_no_spans
    )
    assert [s.name for s in speakers] == ["John Smith", "Mary Smith"]
    assert [s.id for s in speakers] == ["smith", "smith-2"]


def test_slots_follow_first_appearance() -> None:
    _, speakers = assemble(["B: one", "A: two", "B: three", "C: four"], find_spans=_no_spans)
    assert [(s.id, s.slot) for s in speakers] == [("b", 0), ("a", 1), ("c", 2)]


def test_continuation() -> None:
    blocks, _ = assemble(
        ["Shen: China had a similar experience.", "Other than missiles, what else?"],
        find_spans=_no_spans,
    )
    assert [(b.kind, b.speaker, b.label, b.attribution) for b in blocks] == [
        ("turn", "shen", "Shen", "label"),
        ("paragraph", "shen", None, "continuation"),
    ]


def test_no_continuation_before_the_first_turn() -> None:
    blocks, _ = assemble(["An opening paragraph.", "Shen: Hello."], find_spans=_no_spans)
    assert (blocks[0].speaker, blocks[0].attribution) == (None, None)


@pytest.mark.parametrize(
    ("previous", "paragraph", "expected"),
    [
        ("We proposed that some", "of them stay until contracts were fully implemented.", True),
        ("Otherwise, our", "[socialist] camp would fall into disarray.", True),
        ("A vast number of people", "began to support us.", True),
        ("We proposed that some.", "of them stay", False),
        ("We proposed that some", "Of them stay", False),
        ("He asked:", "when?", False),
    ],
)
def test_page_break_tail(previous: str, paragraph: str, expected: bool) -> None:
    assert is_page_break_tail(previous, paragraph) is expected


def test_page_break_tail_joins_with_one_space() -> None:
    blocks, _ = assemble(
        ["Shen: We proposed that some", "of them stay.", "Guevara: Yes."], find_spans=_no_spans
    )
    assert [(b.speaker, b.text) for b in blocks] == [
        ("shen", "We proposed that some of them stay."),
        ("guevara", "Yes."),
    ]


def test_stage_paragraph_is_a_stage_block_and_ends_the_turn() -> None:
    assert is_stage_paragraph("(After the meal)")
    assert not is_stage_paragraph("(CPI) split after the statement")
    blocks, _ = assemble(
        ["Guevara: We will still kill them.", "(After the meal)", "An unlabelled paragraph."],
        find_spans=_no_spans,
    )
    assert [(b.kind, b.speaker) for b in blocks] == [
        ("turn", "guevara"),
        ("stage", None),
        ("paragraph", None),
    ]
    assert blocks[1].spans == (Span("stage", 0, len("(After the meal)")),)


@pytest.mark.parametrize(
    "paragraph",
    [
        "CC: the Politburo",
        "Received on 29 December 1962",
        "Copied on 30 December 1962",
        "Printed by Admin Office of Foreign Ministry",
        "Distribution: S, P",
    ],
)
def test_closing_markers(paragraph: str) -> None:
    assert is_closing_marker(paragraph)


def test_closing_matter_after_the_last_turn() -> None:
    blocks, _ = assemble(
        [
            "Shen: Goodbye.",
            "CC: the Politburo",
            "CHEN, ZHANG, JI (3)",
            "Received on 29 December 1962",
            "4 January 1963",
        ],
        find_spans=_no_spans,
    )
    assert [(b.kind, b.speaker) for b in blocks] == [("turn", "shen")] + [("closing", None)] * 4


def test_a_bare_date_at_the_end_closes() -> None:
    blocks, _ = assemble(["Shen: Goodbye.", "4 January 1963"], find_spans=_no_spans)
    assert [b.kind for b in blocks] == ["turn", "closing"]


def test_a_closing_marker_before_a_turn_is_not_closing() -> None:
    blocks, _ = assemble(["CC: nobody", "Shen: Goodbye."], find_spans=_no_spans)
    assert blocks[0].kind == "paragraph"


def test_spans_come_from_the_apparatus_classifier() -> None:
    blocks, _ = assemble(["Shen: Will the harbor be closed [sic]?"])
    block = blocks[0]
    assert [(s.kind, block.text[s.start : s.end]) for s in block.spans] == [("sic", "[sic]")]


def test_unbalanced_brackets_do_not_crash() -> None:
    blocks, _ = assemble(["Shen: [[[ never closed (", "] ) ]"])
    assert blocks[0].speaker == "shen"


def test_split_paragraphs_joins_wrapped_lines() -> None:
    assert split_paragraphs("one\ntwo\n\n  \nthree\n") == ["one two", "three"]


def test_fullest_name_prefers_the_first_text() -> None:
    best, others, role = fullest_name(
        ["Guevara"],
        ["between Ernesto 'Che' Guevara and", 'Ernesto "Che" Guevara and', "In Guevara's words"],
    )
    assert best == "Ernesto 'Che' Guevara"
    assert others == ['Ernesto "Che" Guevara', "Guevara"]
    assert role is None


def test_registry_speaker_known_by_name_only() -> None:
    registry = SpeakerRegistry()
    registry.add("alekseyev", "A. I. Alekseyev", ["Alekseyev"], "USSR Ambassador to Cuba")
    (speaker,) = registry.speakers()
    assert (speaker.name, speaker.aliases, speaker.role, speaker.labels) == (
        "A. I. Alekseyev",
        ("Alekseyev",),
        "USSR Ambassador to Cuba",
        (),
    )


def test_surname_first_names_join_their_short_label() -> None:
    _, speakers = assemble(["Shen: One.", "Shen Jian: Two."], find_spans=_no_spans)
    assert [(s.id, s.labels) for s in speakers] == [("shen", ("Shen", "Shen Jian"))]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Australia: Review of Woomera Joint Project Arrangements; 1962",
        "South-East Asia Defence: Australian Policy",
        "European Integration: The United Kingdom Position",
        "Part IV: Economic Questions",
        "ANNEX B FOUR POWER TALKS: Defence",
        "Section 3: the talks",
    ],
)
def test_titles_and_divisions_are_not_turns(paragraph: str) -> None:
    assert match_label(paragraph) is None


@pytest.mark.parametrize(
    "paragraph",
    ["Shen: We proposed that some", "Mao: The communes are a good thing", "Guevara: Not now."],
)
def test_turns_without_final_punctuation_stay_turns(paragraph: str) -> None:
    assert match_label(paragraph) is not None


def test_initials_inside_a_full_name() -> None:
    best, _, _ = fullest_name(["Brezhnev"], ["• USSR:\n• Leonid I. Brezhnev, General Secretary"])
    assert best == "Leonid I. Brezhnev"


def test_one_letter_labels_are_not_looked_up() -> None:
    _, speakers = assemble(
        ["D: Hello.", "K: Anatol."],
        known_texts=["dear Dobrynin and Kissinger"],
        find_spans=_no_spans,
    )
    assert [(s.id, s.name) for s in speakers] == [("d", "D"), ("k", "K")]


def test_role_from_a_participants_list() -> None:
    _, speakers = assemble(
        ["Kissinger: Yes."],
        known_texts=[
            "• Dr. Henry A. Kissinger, Secretary of State\n• Helmut Sonnenfeldt, Counselor"
        ],
        find_spans=_no_spans,
    )
    assert (speakers[0].name, speakers[0].role) == ("Henry A. Kissinger", "Secretary of State")
