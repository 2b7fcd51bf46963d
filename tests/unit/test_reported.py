"""Reported speech: one test per rule, then every paragraph of seed 000 as a historian
reads it."""

from __future__ import annotations

import pytest

from reader.model.reported import attribute, evidence, narrator_from_title
from tests.conftest import SEED_000

DIARY = {
    "guevara": ["Ernesto Guevara Serna", "E. Guevara", "Guevara"],
    "alekseyev": ["A. I. Alekseyev", "A. Alekseyev"],
}
NARRATOR = "A. I. Alekseyev"

FRUS = {
    "rusk": ["The Secretary", "Secretary Rusk", "Rusk"],
    "dobrynin": ["Ambassador Dobrynin", "Dobrynin"],
    "khrushchev": ["Mr. Khrushchev", "N. S. Khrushchev"],
}


def diary(text: str) -> str | None:
    return attribute(text, DIARY, NARRATOR)


# ----------------------------------------------------------------------- narrator


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "From the Diary of A. I. Alekseyev, Record of a Conversation with "
            "Ernesto Guevara, 25 December 1963",
            "A. I. Alekseyev",
        ),
        ('"From the Diary of A. I. Alekseyev, Record of a Conversation ..."', "A. I. Alekseyev"),
        ("From the Journal of S. V. Chervonenko, Record of a Conversation", "S. V. Chervonenko"),
        (
            "Memorandum of Conversation between Ernesto 'Che' Guevara and "
            "Chinese Ambassador Shen Jian, Havana",
            None,
        ),
        ("", None),
    ],
)
def test_narrator_from_title(title: str, expected: str | None) -> None:
    assert narrator_from_title(title) == expected


# ------------------------------------------------------------------ one rule each


@pytest.mark.parametrize(
    "text",
    [
        "The plan is unacceptable, Guevara explained to me.",
        "Guevara informed me that labor norms are being introduced.",
        "The Cuban leadership, Guevara noted, had given a positive assessment.",
        "At the conclusion Guevara said that he was satisfied.",
        "Guevara then declared that the matter was closed.",
    ],
)
def test_name_and_said_verb(text: str) -> None:
    assert diary(text) == "guevara"


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_in_someones_words(apostrophe: str) -> None:
    assert diary(f"In Guevara{apostrophe}s words, the main task is new technology.") == "guevara"


def test_according_to() -> None:
    assert diary("According to Guevara, the unions interfere in industry.") == "guevara"


def test_inverted_verb_after_comma() -> None:
    assert diary("The unions are backward, said Guevara.") == "guevara"


@pytest.mark.parametrize(
    "text",
    [
        "I told Guevara that we are very satisfied.",
        "I said to Guevara that he is not correct.",
        "Here we disagree in our opinions, I said, but it does not matter.",
        "I noted to Guevara that he is idealizing Cuban workers.",
        "In reply I said that a rise in productivity needs material interest.",
    ],
)
def test_the_diarist_speaks(text: str) -> None:
    assert diary(text) == "alekseyev"


def test_narrator_may_be_given_as_an_id() -> None:
    assert attribute("I told Guevara so.", DIARY, "alekseyev") == "alekseyev"


def test_no_narrator_means_first_person_is_nobody() -> None:
    assert attribute("I told Guevara so.", DIARY, None) is None


def test_he_said_is_the_last_person_named() -> None:
    text = "Dobrynin arrived late. Moreover, he said, the talks must go on."
    assert attribute(text, FRUS, None) == "dobrynin"


def test_he_with_nobody_named_is_the_only_interlocutor() -> None:
    text = "Being a direct person he declared to me that we were mistaken."
    assert diary(text) == "guevara"
    assert attribute(text, FRUS, None) is None  # three possible people: nobody


def test_unattributed_sentences_continue_the_previous_speaker() -> None:
    text = (
        "I told Guevara about it. "
        "In Guevara's words, the unions have preserved all the features of capitalism. "
        "While preserving their authority, the union leaders serve backward workers "
        "and do not understand their new role at all."
    )
    assert diary(text) == "guevara"


def test_mainly_is_weighed_by_the_length_reported() -> None:
    short = "Guevara said no. "
    long = (
        "I told Guevara at length that the self-financing system works well "
        "and should be adopted in Cuba. "
    )
    assert diary(short + long) == "alekseyev"
    assert diary(long + short) == "alekseyev"


def test_a_tie_goes_to_whoever_speaks_first() -> None:
    assert len("Guevara said it.") == len("I said: no, sir.")
    assert diary("Guevara said it. I said: no, sir.") == "guevara"
    assert diary("I said: no, sir. Guevara said it.") == "alekseyev"


def test_meeting_narration_is_not_speech() -> None:
    assert diary("I met today with E. Guevara and had a friendly conversation with him.") is None


def test_initials_do_not_end_a_sentence() -> None:
    text = "I told Guevara about the speeches of V. I. Lenin that I had read on this question."
    assert [e.rule for e in evidence(text, DIARY, NARRATOR)] == ["first-person"]
    assert diary(text) == "alekseyev"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Secretary said that the United States would not accept this.", "rusk"),
        ("Dobrynin pointed out that Moscow had waited a month.", "dobrynin"),
        ("Mr. Khrushchev said that the missiles would stay.", "khrushchev"),
        ("After lunch the Secretary said he would reply in writing.", "rusk"),
        ("Ambassador Dobrynin then stressed the point.", "dobrynin"),
    ],
)
def test_frus_narrative_memoranda(text: str, expected: str) -> None:
    assert attribute(text, FRUS, None) == expected


def test_made_clear_reports_speech() -> None:
    text = "The Secretary made clear that we cannot persuade Israel to agree."
    assert attribute(text, FRUS, None) == "rusk"
    assert attribute("Dobrynin made it clear that Moscow would wait.", FRUS, None) == "dobrynin"


def test_as_someone_pointed_out_is_an_aside_not_a_change_of_speaker() -> None:
    # FRUS d24: the Secretary goes on speaking; Dobrynin is only acknowledged.
    text = (
        "The Secretary made clear that we cannot persuade Israel. While it is true, as "
        "Dobrynin pointed out, that the Soviets stand for the continued existence of the "
        "State of Israel, the Arab position is much less clear. Arab leaders continue to "
        "state publicly their desire to destroy Israel, and so long as this persists it "
        "is not likely that the Israelis would withdraw."
    )
    assert [e.rule for e in evidence(text, FRUS, None)] == ["name-verb", "aside"]
    assert attribute(text, FRUS, None) == "rusk"
    # with nobody speaking before it, the aside is the only evidence there is
    assert attribute("As Dobrynin pointed out, the plan is flexible.", FRUS, None) == "dobrynin"


def test_a_name_with_a_gerund_reports_speech() -> None:
    text = "There was a brief discussion, with the Secretary pointing out that points needed work."
    assert attribute(text, FRUS, None) == "rusk"


def test_a_name_inside_another_word_is_not_a_mention() -> None:
    assert attribute("The Guevarists said nothing.", DIARY, NARRATOR) is None


def test_no_names_no_narrator() -> None:
    assert attribute("He said so.", {}, None) is None


# ------------------------------------------------------------------------ seed 000

#: Every paragraph of the record's body (after "25 December 1963", before the
#: signature), as a historian attributes it: who mainly speaks in it.
SEED_000_BODY = [
    ("I met today with E. Guevara", None),  # a meeting, not speech
    ("As we knew, Guevara expressed resentment", "guevara"),
    ("Being a direct and open person", "guevara"),  # "he declared to me"
    ("[Translator\u2019s note:", None),
    ("I said to Guevara that he is not correct", "alekseyev"),
    ("A mechanical transfer of a self-financing system", "guevara"),
    ("I told Guevara that it is more evident", "alekseyev"),
    # Guevara's report and his view on payment outweigh Alekseyev's reply.
    ("Guevara informed me that right now", "guevara"),
    ("In Guevara\u2019s words, the main task", "guevara"),
    ("I noted to Guevara that he is idealizing", "alekseyev"),
    ("Here we disagree in our opinions, I said", "alekseyev"),
    ("Then the question of the role of labor unions", "guevara"),
    ("I told Guevara about the articles and speeches", "alekseyev"),
    ("The Cuban leadership, Guevara noted", "guevara"),
    ("At the conclusion of the conversation Guevara said", "guevara"),
]


def _seed_000_body() -> list[str]:
    paragraphs = [p.strip() for p in SEED_000.read_text(encoding="utf-8").split("\n\n")]
    start = paragraphs.index("25 December 1963") + 1
    end = paragraphs.index("USSR Ambassador to Cuba")
    return paragraphs[start:end]


def test_seed_000_every_paragraph() -> None:
    body = _seed_000_body()
    assert len(body) == len(SEED_000_BODY)
    narrator = narrator_from_title(
        "From the Diary of A. I. Alekseyev, Record of a Conversation with Ernesto "
        "Guevara, 25 December 1963"
    )
    for paragraph, (opening, expected) in zip(body, SEED_000_BODY, strict=True):
        assert paragraph.startswith(opening)
        assert attribute(paragraph, DIARY, narrator) == expected, opening


def test_seed_000_furniture_is_not_speech() -> None:
    for line in [
        "from the diary",
        "of A. I. Alekseyev",
        "Secret Copy No 2",
        "USSR Ambassador to Cuba",
        "A. Alekseyev",
    ]:
        assert diary(line) is None
