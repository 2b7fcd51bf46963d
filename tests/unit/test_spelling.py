"""reader.model.spelling: the one "did you mean" rule."""

from __future__ import annotations

from reader.model.spelling import closest, did_you_mean


def test_closest_first_compared_case_folded_each_spelling_once() -> None:
    words = ["miss", "Missiles", "missiles", "misled", "missile"]
    assert closest("missles", words) == ["Missiles", "missile"]
    assert closest("MISSLES", words, most=1) == ["Missiles"]
    assert closest("zeppelin", words) == []
    assert closest("missles", words, cutoff=0.7) == ["Missiles", "missile", "misled"]


def test_did_you_mean() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["Guevara"]) == " (did you mean Guevara?)"
    assert did_you_mean(["Shen Jian", "Guevara", "Shen Jian"]) == (
        " (did you mean Shen Jian or Guevara?)"
    )
