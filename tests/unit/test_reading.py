"""Reading modes: printed is the source, clean hides the apparatus, offsets round-trip."""

from __future__ import annotations

import pytest

from reader.model.apparatus import find_spans
from reader.model.document import CLEAN_HIDDEN, Block, Span
from reader.model.reading import MODES, View, hidden_in, to_source, to_view, view
from tests.conftest import SEED_000, SEED_004


def block(text: str) -> Block:
    return Block("paragraph", text, spans=tuple(find_spans(text)))


def clean(text: str) -> str:
    return view(block(text), "clean").text


def test_modes() -> None:
    assert MODES == ("printed", "clean")
    with pytest.raises(ValueError, match="unknown reading mode"):
        view(block("x"), "fancy")


def test_printed_is_identity() -> None:
    b = block("Comrade [Blas] Roca [sic] said (After the meal)")
    shown = view(b, "printed")
    assert shown.text == b.text and shown.spans == b.spans
    assert all(to_view(shown, i) == i == to_source(shown, i) for i in range(len(b.text) + 1))


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (
            "the one taking place [on 13 October 1962] just before",
            "the one taking place just before",
        ),
        ("Comrade [Blas] Roca explained", "Comrade Blas Roca explained"),
        (
            'Yes, in a word, fear [not clear in text what "fear" refers to-trans.].',
            "Yes, in a word, fear.",
        ),
        ("closed for maintenance [sic]?", "closed for maintenance?"),
        ("I could not understand[?]-that is", "I could not understand-that is"),
        ("the GKEhS [USSR State Committee for Economic Relations] office", "the GKEhS office"),
        ("[sic] at the start", "at the start"),
        ("at the end [sic]", "at the end"),
        ("two [sic] [?] together", "two together"),
        ("August [1] and there", "August and there"),
        (
            "They [the Soviets] proposed it [i.e. the deployment of missiles in Cuba].",
            "They proposed it.",
        ),
        ("[The evaluation of this incident] should", "The evaluation of this incident should"),
    ],
)
def test_clean_text(printed: str, expected: str) -> None:
    assert clean(printed) == expected


def test_clean_keeps_and_moves_other_spans() -> None:
    text = (
        "Shen: [Stamp]: Declassified\nfear [sic] (Points at the map.) [Laughter] "
        "[2 lines not declassified] [Blas] Roca"
    )
    shown = view(block(text), "clean")
    assert (
        shown.text
        == "Shen: [Stamp]: Declassified\nfear (Points at the map.) [Laughter] "
        "[2 lines not declassified] Blas Roca"
    )
    kinds = [(s.kind, shown.text[s.start : s.end]) for s in shown.spans]
    assert kinds == [
        ("stamp", "[Stamp]: Declassified"),
        ("stage", "(Points at the map.)"),
        ("stage", "[Laughter]"),
        ("redaction", "[2 lines not declassified]"),
        ("supplied", "Blas"),
    ]


def test_zero_width_page_break_is_kept() -> None:
    text = "of them [sic] stay until"
    b = Block("paragraph", text, spans=(*find_spans(text), Span("page-break", 8, 8, "191")))
    shown = view(b, "clean")
    assert shown.text == "of them stay until"
    assert [(s.kind, s.start, s.end, s.ref) for s in shown.spans] == [("page-break", 8, 8, "191")]


def test_out_of_range_spans_are_ignored() -> None:
    b = Block("paragraph", "short", spans=(Span("sic", 3, 99), Span("gloss", -1, 2)))
    assert view(b, "clean").text == "short"


def test_offsets_are_clamped() -> None:
    shown = view(block("a [sic] b"), "clean")
    assert to_view(shown, -5) == 0 and to_view(shown, 999) == len(shown.text)
    assert to_source(shown, -5) == 0 and to_source(shown, 999) == len("a [sic] b")


def test_offset_inside_removed_text_maps_to_the_cut() -> None:
    text = "the one taking place [on 13 October 1962] just before"
    shown = view(block(text), "clean")
    cut = text.index("[")
    for offset in range(cut, text.index("just")):
        assert to_view(shown, offset) == len("the one taking place ")
    assert to_source(shown, len("the one taking place ")) == text.index("just")


def test_view_is_cached_and_pure() -> None:
    b = block("Comrade [Blas] Roca [sic]")
    assert view(b, "clean") is view(Block("paragraph", b.text, spans=b.spans), "clean")
    assert isinstance(view(b, "clean"), View)


def _hidden_offsets(b: Block, shown: View) -> set[int]:
    """Source offsets that clean mode cuts out."""
    cut: set[int] = set()
    for start, end, _at in shown.cuts:
        cut.update(range(start, end))
    return cut


def _check_round_trip(b: Block) -> None:
    for mode in MODES:
        shown = view(b, mode)
        for offset in range(len(shown.text) + 1):
            source = to_source(shown, offset)
            assert 0 <= source <= len(b.text)
            assert to_view(shown, source) == offset, (mode, offset)
        hidden = _hidden_offsets(b, shown)
        previous = 0
        for offset in range(len(b.text) + 1):
            mapped = to_view(shown, offset)
            assert mapped >= previous  # monotone
            previous = mapped
            if offset not in hidden:
                assert to_source(shown, mapped) == offset, (mode, offset)
                if offset < len(b.text):
                    assert shown.text[mapped] == b.text[offset]
        for span in shown.spans:
            assert 0 <= span.start <= span.end <= len(shown.text)
        # no hidden kind survives in clean mode
        if mode == "clean":
            assert not any(span.kind in CLEAN_HIDDEN for span in shown.spans)


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=["000", "004"])
def test_round_trip_on_every_offset_of_every_seed_paragraph(seed) -> None:  # type: ignore[no-untyped-def]
    for paragraph in seed.read_text(encoding="utf-8").split("\n\n"):
        _check_round_trip(block(paragraph))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[sic]",
        "[sic][?]",
        " [sic] ",
        "[Blas]",
        "[]",
        "a[b]c",
        "[1] [2] [3]",
        "x [sic]\n[?] y",
        "[sic] \n y",
        "a [i.e., b] [c] [sic].",
    ],
)
def test_round_trip_on_edge_cases(text: str) -> None:
    _check_round_trip(block(text))


def test_supplied_words_keep_their_letters_in_clean_mode() -> None:
    text = SEED_004.read_text(encoding="utf-8")
    shown = view(block(text), "clean")
    for needle in [
        "Blas Roca",
        "Anastas Mikoyan",
        "Emilio Aragonés",
        "socialist camp",
        "Not a single rightist.",
    ]:
        assert needle in shown.text
    for hidden in [
        "[sic]",
        "[?]",
        "[on 13 October 1962]",
        "-trans.]",
        "[i.e.,",
        "[medium-range bombers]",
    ]:
        assert hidden not in shown.text


def test_hidden_in_says_which_apparatus_the_clean_view_cuts() -> None:
    b = block("Comrade [Blas] Roca [sic] came [on 13 October 1962] (After the meal)")
    kinds = {b.text[s.start : s.end]: s for s in b.spans}
    hidden = {text for text, s in kinds.items() if hidden_in(b, s.start, s.end, "clean")}
    assert hidden == {"[sic]", "[on 13 October 1962]"}
    assert not any(hidden_in(b, s.start, s.end, "printed") for s in b.spans)
    assert not hidden_in(b, 3, 3, "clean")  # an empty range hides nothing
