"""Typed-answer checking: what is forgiven, what is a slip, what is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studykit.study.answer_check import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    QUICK_SECONDS,
    Segment,
    check_answer,
    comparison_keys,
    diff_segments,
    strip_marks,
)


@pytest.mark.parametrize(
    ("typed", "answers", "note"),
    [
        ("MS6", ["MS6"], None),
        ("ms 6", ["MS6"], "spacing / punctuation ignored"),
        ("MS-6", ["MS6"], "spacing / punctuation ignored"),
        ("  motor   AREA ", ["Motor area"], None),
        ("zhong xian", ["zhōng xiàn"], "tone marks / accents ignored"),
        ("zhong1 xian4", ["zhōng xiàn"], "tone numbers ignored"),
        ("zhōngxiàn", ["zhōng xiàn"], "spacing / punctuation ignored"),
        ("lv", ["lǜ"], "tone marks / accents ignored"),
        ("lu", ["lǜ"], "tone marks / accents ignored"),
        ("anterior posterior midline", ["Anterior–posterior midline"], None),
        ("Jiao Shunfas scalp acupuncture", ["Jiao Shunfa's scalp acupuncture"], None),
        ("the motor area", ["Motor area"], "leading article ignored"),
        ("額中", ["額中"], None),
        ("ＭＳ６", ["MS6"], None),
    ],
)
def test_forgiven_differences_are_correct(typed: str, answers: list[str], note: str | None) -> None:
    result = check_answer(typed, answers)
    assert result.verdict == "correct"
    assert result.correct
    assert result.suggested_rating == GOOD
    if note:
        assert note in result.notes


def test_an_alias_is_accepted_and_named() -> None:
    result = check_answer("ezhongxian", ["Middle line of forehead", "額中", "Ezhongxian"])
    assert result.correct
    assert result.expected == "Ezhongxian"
    assert "accepted alias of Middle line of forehead" in result.notes


def test_a_code_is_not_a_neighbouring_code() -> None:
    result = check_answer("MS7", ["MS6"])
    assert result.verdict == "wrong"
    assert result.suggested_rating == AGAIN
    assert Segment("wrong", "7", "6") in result.segments


def test_a_typo_is_close_and_suggests_hard() -> None:
    result = check_answer("Middle line of forhead", ["Middle line of forehead"])
    assert result.verdict == "close"
    assert result.suggested_rating == HARD
    assert Segment("missing", "e") in result.segments
    assert result.similarity > 0.9


def test_a_wrong_answer_is_compared_with_the_nearest_accepted_one() -> None:
    result = check_answer("Sensory", ["Motor area", "Sensory area"])
    assert result.expected == "Sensory area"
    result = check_answer("banana", ["Motor area", "Sensory area"])
    assert result.verdict == "wrong"
    assert result.suggested_rating == AGAIN


def test_nothing_typed_is_again() -> None:
    for typed in ("", "   ", "--"):
        result = check_answer(typed, ["Motor area"])
        assert result.verdict == "empty"
        assert result.suggested_rating == AGAIN
        assert result.expected == "Motor area"


def test_quick_correct_answers_suggest_easy_slow_ones_good() -> None:
    assert check_answer("MS6", ["MS6"], seconds=QUICK_SECONDS - 1).suggested_rating == EASY
    assert check_answer("MS6", ["MS6"], seconds=QUICK_SECONDS + 1).suggested_rating == GOOD
    assert check_answer("MS7", ["MS6"], seconds=1).suggested_rating == AGAIN


def test_a_card_without_answers_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least one accepted answer"):
        check_answer("x", ["", " "])


def test_diff_segments_rebuild_both_strings() -> None:
    typed, expected = "Midle lines of forehaed", "Middle line of forehead"
    segments = diff_segments(typed, expected)
    rebuilt_typed = "".join(s.text for s in segments if s.kind != "missing")
    rebuilt_expected = "".join(
        s.expected if s.kind == "wrong" else s.text for s in segments if s.kind != "extra"
    )
    assert rebuilt_typed == typed
    assert rebuilt_expected.casefold() == expected.casefold()


def test_helpers() -> None:
    assert strip_marks("qián hòu zhèng") == "qian hou zheng"
    assert comparison_keys("The Motor-Area!") == {"motorarea"}
    assert "lv" in comparison_keys("lǜ")


def test_answer_check_does_not_import_textual() -> None:
    code = "import studykit.study.answer_check, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
