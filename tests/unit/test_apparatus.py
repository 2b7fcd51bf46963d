"""Apparatus classification: one test per rule on short examples, then the seeds."""

from __future__ import annotations

import itertools

import pytest

from reader.model.apparatus import find_spans
from reader.model.document import SPAN_KINDS
from tests.conftest import SEED_000, SEED_004


def marks(text: str) -> list[tuple[str, str]]:
    return [(span.kind, text[span.start : span.end]) for span in find_spans(text)]


def kind_of(text: str, mark: str) -> str | None:
    """The kind of the span that covers exactly ``mark`` in ``text`` (None: no span)."""
    start = text.index(mark)
    for span in find_spans(text):
        if (span.start, span.end) == (start, start + len(mark)):
            return span.kind
    return None


# ------------------------------------------------------------------ one rule at a time


def test_sic() -> None:
    assert marks("closed for maintenance [sic]?") == [("sic", "[sic]")]
    assert marks("a [sic!] b") == [("sic", "[sic!]")]
    assert marks("an [sic: insurance] c") == [("sic", "[sic: insurance]")]


@pytest.mark.parametrize(
    "text", ["I could not understand[?]-that is", "a word [?] b", "x [illegible] y"]
)
def test_uncertain(text: str) -> None:
    assert [kind for kind, _ in marks(text)] == ["uncertain"]


@pytest.mark.parametrize(
    "mark",
    [
        "[Translator's note: the margin has two lines.]",
        "[Translator\u2019s note: the margin has two lines.]",
        '[not clear in text what "fear" refers to-trans.]',
        "[word missing in the original \u2013 trans.]",
    ],
)
def test_translator_note(mark: str) -> None:
    assert kind_of(f"Yes, fear {mark}.", mark) == "translator-note"


def test_stamp_covers_the_whole_stamp_line() -> None:
    text = "[Stamp]: Declassified  \nfrom the diary"
    assert marks(text) == [("stamp", "[Stamp]: Declassified")]
    assert marks("[Stamp]") == [("stamp", "[Stamp]")]


@pytest.mark.parametrize(
    "mark",
    [
        "[2 lines not declassified]",
        "[1 paragraph (5 lines) not declassified]",
        "[name not declassified]",
    ],
)
def test_redaction(mark: str) -> None:
    assert marks(f"He met {mark} in Paris.") == [("redaction", mark)]


@pytest.mark.parametrize(
    "mark",
    [
        "[Omitted here is discussion of upcoming meetings.]",
        "[Omitted here are introductory comments.]",
        "[matter omitted]",
        "[ _matter omitted_ ]",
        "[...]",
        "[NAA: A1838, 3103/10/1 PART 2]",
        "[UKNA: FCO 24/254]",
        "[AA : A4311/1, BOX 453]",
        "[Footnote in original.]",
    ],
)
def test_editorial_note(mark: str) -> None:
    assert kind_of(f"Text. {mark} More.", mark) == "editorial-note"


def test_page_break_marker_in_plain_text() -> None:
    spans = find_spans("the Soviet side [Page 191] would agree")
    assert [(s.kind, s.ref) for s in spans] == [("page-break", "191")]


def test_footnote_link() -> None:
    spans = find_spans("I shall return from Japan on 15th August [1] and there")
    assert [(s.kind, s.ref) for s in spans] == [("footnote-ref", "1")]


@pytest.mark.parametrize(
    "mark",
    [
        "[on 13 October 1962]",
        "[18 July 1960]",
        "[in late August/early September 1962]",
        "[October 1971]",
        "[1959]",
        "[June 3, 1962]",
    ],
)
def test_date(mark: str) -> None:
    assert kind_of(f"the one taking place {mark} just before", mark) == "date"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("these people [i.e., the Soviets] having", "[i.e., the Soviets]"),
        (
            "proposed it [i.e. the deployment of missiles in Cuba].",
            "[i.e. the deployment of missiles in Cuba]",
        ),
        (
            "La Batalla de Giron [Battle of Giron, i.e., the Bay of Pigs].",
            "[Battle of Giron, i.e., the Bay of Pigs]",
        ),
        (
            "the presidential [i.e., mid-term Congressional] election",
            "[i.e., mid-term Congressional]",
        ),
    ],
)
def test_gloss_phrase(text: str, mark: str) -> None:
    assert kind_of(text, mark) == "gloss"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        (
            "the GKEhS [USSR State Committee for Economic Relations] office",
            "[USSR State Committee for Economic Relations]",
        ),
        ("missiles and IL-28 [medium-range bombers], what else", "[medium-range bombers]"),
        ("missiles and MiG-21 [jet fighters], stay?", "[jet fighters]"),
    ],
)
def test_gloss_after_acronym_or_designator(text: str, mark: str) -> None:
    assert kind_of(text, mark) == "gloss"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("They [the Soviets] proposed it.", "[the Soviets]"),
        ("drag them [the Soviet Union] into war", "[the Soviet Union]"),
    ],
)
def test_gloss_after_pronoun(text: str, mark: str) -> None:
    assert kind_of(text, mark) == "gloss"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Comrade [Blas] Roca explained", "[Blas]"),
        ("How did [Anastas] Mikoyan feel", "[Anastas]"),
        ("Comrade [Emilio] Aragonés had", "[Emilio]"),
        ("Otherwise, our\n\n[socialist] camp would fall", "[socialist]"),
        ("parties-[I] don't know", "[I]"),
        ("Did they give [these] to India?", "[these]"),
        ("[we] made clear", "[we]"),
        ("why they [also] left China", "[also]"),
        ("They [say] if there is", "[say]"),
        ("that [the stay of] IL-28s would", "[the stay of]"),
        ("Guevara: [The Soviet Union] took away", "[The Soviet Union]"),
        ("[The evaluation of this incident] should be", "[The evaluation of this incident]"),
        ("implementing [overall] Soviet policy", "[overall]"),
        ("only [slightly] more than", "[slightly]"),
        ("Not [a single rightist].", "[a single rightist]"),
        (
            "the division [among Latin American communist parties], the",
            "[among Latin American communist parties]",
        ),
        ("what are the view[s] of other", "[s]"),
    ],
)
def test_supplied(text: str, mark: str) -> None:
    assert kind_of(text, mark) == "supplied"


@pytest.mark.parametrize(
    "mark",
    [
        "[Laughter]",
        "[interrupts translation at reference to critics of d\u00e9tente:]",
        "[Interrupts the translation]",
        "[Reads over his talking paper and confers with Gromyko]",
        "[Mr. Akalovsky joins the meeting.]",
        "[Secretary Kissinger gets up to leave briefly.]",
        "[To Kissinger]",
    ],
)
def test_bracketed_stage_direction(mark: str) -> None:
    assert kind_of(f"Brezhnev: Well. {mark} We agree.", mark) == "stage"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("(on sitting down) please forgive what I said", "(on sitting down)"),
        ("what Soviet top leaders told me (continuing eating).", "(continuing eating)"),
        ("(After the meal)", "(After the meal)"),
        ("No. (Points at the map.) This is the highway.", "(Points at the map.)"),
        (
            "(Speaking in accordance with the communiqué of the Tenth Plenary Session.) Have you",
            "(Speaking in accordance with the communiqué of the Tenth Plenary Session.)",
        ),
        (
            "(Having briefed on the Sino-Indian conflict.) Do you",
            "(Having briefed on the Sino-Indian conflict.)",
        ),
        (
            'This is important. (Starting to watch movie, "Protecting Cuba")',
            '(Starting to watch movie, "Protecting Cuba")',
        ),
        (
            "(Referring to Mr. Kennedy.) Is he part of the Kennedy family?",
            "(Referring to Mr. Kennedy.)",
        ),
        (
            "Intro.\n(The Premier greeted Dr. Kissinger and led them to the table.)\nNext",
            "(The Premier greeted Dr. Kissinger and led them to the table.)",
        ),
        (
            "(At this point Mr Rippon had to leave the meeting.)",
            "(At this point Mr Rippon had to leave the meeting.)",
        ),
    ],
)
def test_parenthetical_stage_direction(text: str, mark: str) -> None:
    assert kind_of(text, mark) == "stage"


@pytest.mark.parametrize(
    "text",
    [
        "the Communist Party of India (CPI) split",
        "Biwu (DONG Biwu), HE Long",
        "Foreign Liaison Office (4), Total copies (63)",
        "contracts (for iron ore etc.) were signed",
        "Mr. Chang (Interpreter) and Shen Jo-yun, Staff (interpreter)",
        "Sir Roland (representing Sir Roland Wilson) said",
        "increase (assuming an annual increase of about 5 per cent).",
        "(This suspicion, however, has not yet percolated down.)",
        "(See, for example, Document 348.)",
        "Signed\n(Snelling)\n",
        "in Peking (Peking Review) and",
        "after the war (after 1945) it changed",
    ],
)
def test_prose_parentheses_are_not_apparatus(text: str) -> None:
    assert find_spans(text) == []


# ------------------------------------------------------------------ structure and safety


def test_outer_mark_wins_and_spans_never_overlap() -> None:
    text = "[Translator's note: he says [sic] here.] and (After [the] meal)"
    assert marks(text) == [
        ("translator-note", "[Translator's note: he says [sic] here.]"),
        ("stage", "(After [the] meal)"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[",
        "]",
        "[[",
        "]]",
        "[a",
        "a]",
        "[a [b]",
        "(a [b) c]",
        "([)]",
        "[)(]",
        "(((",
        ")))[",
        "[\n\n]",
    ],
)
def test_unbalanced_or_crossed_marks_never_raise(text: str) -> None:
    spans = find_spans(text)
    for previous, span in itertools.pairwise(spans):
        assert previous.end <= span.start
    assert all(0 <= s.start <= s.end <= len(text) for s in spans)


def test_an_unclosed_bracket_does_not_swallow_the_next_paragraph() -> None:
    text = "He said [that\n\nShe said [sic] yes"
    assert marks(text) == [("sic", "[sic]")]


def test_a_blank_line_forgets_open_brackets() -> None:
    assert find_spans("[a\n\nb]") == []


def test_hundred_thousand_unmatched_brackets() -> None:
    text = "[" * 100_000 + " Guevara said [sic] yes"
    assert [s.kind for s in find_spans(text)] == ["sic"]


def test_deep_nesting_is_one_span() -> None:
    text = "[" * 50_000 + "x" + "]" * 50_000
    assert [(s.kind, s.start, s.end) for s in find_spans(text)] == [("supplied", 0, len(text))]


def test_five_megabytes_on_one_line() -> None:
    text = "word " * 1_000_000 + "[sic] (Laughter) [" + "x" * 100
    assert [s.kind for s in find_spans(text)] == ["sic", "stage"]


def test_many_stamps_on_one_line() -> None:
    text = "[Stamp]:" * 20_000
    spans = find_spans(text)
    assert len(spans) == 1 and spans[0].kind == "stamp" and spans[0].end == len(text)


def test_every_kind_is_in_the_vocabulary() -> None:
    text = SEED_004.read_text(encoding="utf-8") + SEED_000.read_text(encoding="utf-8")
    assert {s.kind for s in find_spans(text)} <= SPAN_KINDS


# ------------------------------------------------------------------------------ seeds

SEED_004_EXPECTED = [
    ("stage", "(on sitting down)"),
    ("date", "[on 13 October 1962]"),
    ("supplied", "[The evaluation of this incident]"),
    ("supplied", "[Blas]"),
    ("supplied", "[I]"),
    ("supplied", "[among Latin American communist parties]"),
    ("uncertain", "[?]"),
    ("stage", "(continuing eating)"),
    ("gloss", "[i.e., the Soviets]"),
    ("supplied", "[socialist]"),
    ("supplied", "[Emilio]"),
    ("date", "[in late August/early September 1962]"),
    ("gloss", "[the Soviets]"),
    ("gloss", "[i.e. the deployment of missiles in Cuba]"),
    ("gloss", "[the Soviet Union]"),
    ("gloss", "[the Soviets]"),
    ("gloss", "[i.e., mid-term Congressional]"),
    ("supplied", "[about the promise of the Soviet Union]"),
    ("date", "[18 July 1960]"),
    ("gloss", "[medium-range bombers]"),
    ("supplied", "[The Soviet Union]"),
    ("gloss", "[jet fighters]"),
    ("supplied", "[these weapons]"),
    ("sic", "[sic]"),
    ("translator-note", '[not clear in text what "fear" refers to-trans.]'),
    ("gloss", "[Battle of Giron, i.e., the Bay of Pigs]"),
    ("supplied", "[Anastas]"),
    ("supplied", "[overall]"),
    ("supplied", "[the stay of]"),
    ("supplied", "[he said that the]"),
    ("supplied", "[from Cuba]"),
    ("supplied", "[also]"),
    ("supplied", "[In these two notes]"),
    ("supplied", "[we]"),
    ("supplied", "[these]"),
    ("supplied", "[Mikhail]"),
    ("supplied", "[Leonid]"),
    ("supplied", "[slightly]"),
    ("supplied", "[phenomena]"),
    ("supplied", "[they]"),
    ("supplied", "[them]"),
    ("supplied", "[They are people]"),
    ("supplied", "[they will label us]"),
    ("stage", "(Speaking in accordance with the communiqué of the Tenth Plenary Session.)"),
    ("supplied", "[they]"),
    ("supplied", "[say]"),
    ("supplied", "[with this practice]"),
    ("supplied", "[we have]"),
    ("stage", "(After the meal)"),
    ("stage", "(Having briefed on the Sino-Indian conflict.)"),
    ("supplied", "[Shripad Amrit]"),
    ("supplied", "[They are the]"),
    ("supplied", "[a single rightist]"),
    ("supplied", "[of China and India]"),
    ("supplied", "[Indian]"),
    ("supplied", "[from the theme of our conversation]"),
    ("stage", "(Points at the map.)"),
    ("stage", '(Starting to watch movie, "Protecting Cuba")'),
    ("supplied", "[of Foreign Ministry]"),
    ("supplied", "[of Foreign Ministry]"),
]


def test_seed_004_every_mark() -> None:
    assert marks(SEED_004.read_text(encoding="utf-8")) == SEED_004_EXPECTED


def test_seed_000_every_mark() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    got = marks(text)
    assert got[0] == ("stamp", "[Stamp]: Declassified")
    assert got[1][0] == "translator-note"
    assert got[1][1].startswith("[Translator\u2019s note: The last half")
    assert got[2] == ("gloss", "[USSR State Committee for Economic Relations]")
    assert len(got) == 3


def test_frus_plain_text_rendering(corpus) -> None:  # type: ignore[no-untyped-def]
    raw = (corpus / "encodings" / "cp1252_crlf_frus1969-76v38p1_d61.txt").read_bytes()
    text = raw.decode("cp1252")
    kinds = [kind for kind, _ in marks(text)]
    assert kinds.count("page-break") == 5
    assert kinds.count("editorial-note") == 3
    assert ("stage", "[Laughter]") in marks(text)
    assert kinds.count("stage") == 15  # 6 [Laughter], 4 interruptions, 5 others
