"""Typed-answer checking: what is forgiven, what is a slip, what is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studykit.study.answer_check import (
    AGAIN,
    GOOD,
    HARD,
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


def test_one_typo_in_a_long_word_is_correct_and_shows_the_spelling() -> None:
    result = check_answer("Middle line of forhead", ["Middle line of forehead"])
    assert result.verdict == "correct"
    assert result.suggested_rating == GOOD
    assert "one typo forgiven: it is spelled “forehead”" in result.notes
    assert Segment("missing", "e") in result.segments
    swapped = check_answer("Sensroy area", ["Sensory area"])
    assert swapped.correct
    assert "one typo forgiven: it is spelled “sensory”" in swapped.notes


def test_a_slip_in_a_short_word_is_close_and_says_why() -> None:
    result = check_answer("mtor area", ["Motor area"])
    assert result.verdict == "close"
    assert result.suggested_rating == HARD
    assert result.notes == ("almost: “mtor” should be “motor”",)
    missing = check_answer("Middle line forehead", ["Middle line of forehead"])
    assert missing.verdict == "close"
    assert missing.notes == ("almost: missing “of”",)
    two_typos = check_answer("Midle line of forhead", ["Middle line of forehead"])
    assert two_typos.verdict == "close"


@pytest.mark.parametrize(
    ("typed", "answers"),
    [
        ("motor zone", ["Motor area"]),
        ("Motor region", ["Motor area"]),
        ("speech area 2", ["Speech area II", "Second speech area", "Speech 2"]),
        ("speech area two", ["Speech area II"]),
        ("second speech zone", ["Second speech area"]),
        ("lateral line I of forehead", ["Lateral line 1 of forehead"]),
        ("Vertigo auditory area", ["Vertigo-auditory area"]),
        ("vertigo—auditory area", ["Vertigo-auditory area"]),
        ("midline of forehead", ["Middle line of forehead"]),
        ("Midline of vertex", ["Middle line of vertex"]),
    ],
)
def test_common_translations_numerals_and_dashes_are_forgiven(
    typed: str, answers: list[str]
) -> None:
    result = check_answer(typed, answers)
    assert result.verdict == "correct", result
    assert result.suggested_rating == GOOD


@pytest.mark.parametrize(
    ("typed", "answers"),
    [
        ("额中线", ["Middle line of forehead", "額中", "Ezhongxian"]),  # issue 14.6
        ("額中線", ["Middle line of forehead", "額中"]),
        ("额中", ["Middle line of forehead", "額中"]),
        ("额旁线 I", ["Lateral line 1 of forehead", "额旁1线"]),
        ("额旁线I", ["Lateral line 1 of forehead", "额旁1线"]),
        ("额旁1", ["Lateral line 1 of forehead", "额旁1线"]),
        ("言语1区", ["Speech area I", "言语一区"]),
        ("言语一", ["Speech area I", "言语一区"]),
        ("晕听区", ["Vertigo-auditory area", "暈聽區"]),
        ("暈聽", ["Vertigo-auditory area", "晕听区"]),
        ("顶颞前斜线", ["Anterior oblique line of vertex-temporal", "頂顳前斜"]),
    ],
)
def test_chinese_answers_in_either_script_with_or_without_the_final_character(
    typed: str, answers: list[str]
) -> None:
    result = check_answer(typed, answers)
    assert result.verdict == "correct", result


def test_a_different_number_is_wrong_never_a_slip() -> None:
    for typed, answers in (
        ("speech area 1", ["Speech area II"]),
        ("lateral line 2 of forehead", ["Lateral line 1 of forehead"]),
        ("额旁2线", ["额旁1线"]),
    ):
        result = check_answer(typed, answers)
        assert result.verdict == "wrong", typed
        assert result.suggested_rating == AGAIN
        assert "a different number" in result.notes
    assert check_answer("额中线", ["額旁"]).verdict == "wrong"


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


def test_a_correct_answer_suggests_good_never_easy_however_quick() -> None:
    assert check_answer("MS6", ["MS6"], seconds=0.5).suggested_rating == GOOD
    assert check_answer("MS6", ["MS6"], seconds=60).suggested_rating == GOOD
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
    assert comparison_keys("The Motor-Area!") == {"motor"}  # "area" never decides
    assert comparison_keys("Speech area II") == comparison_keys("speech zone 2") == {"speech2"}
    assert comparison_keys("額旁線 I") == comparison_keys("额旁1线") == {"额旁1"}
    assert "lv" in comparison_keys("lǜ")


def test_answer_check_does_not_import_textual() -> None:
    code = "import studykit.study.answer_check, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
