"""Checking a typed answer the way a fair examiner would, and suggesting a rating.

A student who types `ms 6` for `MS6`, `zhong xian` for `zhōng xiàn` or an accepted
alias knows the answer: case, spacing, punctuation, tone marks (or tone numbers) and
`ü` spelled `u`/`v` never make an answer wrong. A small typo makes it *close* (the
student probably knows it: Hard); anything else is wrong (Again). The result says what
differed, so the student sees the slip instead of guessing at it.

Ratings are plain ints 1–4 (Again, Hard, Good, Easy), the values of
`studykit.study.scheduling.Rating`, so this module stays free of the scheduler.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

Verdict = Literal["correct", "close", "wrong", "empty"]
SegmentKind = Literal["same", "missing", "extra", "wrong"]

CLOSE_RATIO = 0.8
"""Similarity (difflib ratio of the normalised forms) from which a wrong answer is a typo."""
QUICK_SECONDS = 5.0
"""A correct answer typed within this many seconds suggests Easy."""

_TONE_NUMBER = re.compile(r"(?<=[a-zü])[1-5](?![0-9])")
_NOT_WORD = re.compile(r"[\W_]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_U_UMLAUT = "u\u0308"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of characters of the diff between what was typed and the expected answer."""

    kind: SegmentKind
    """`same`; `missing` (expected, not typed); `extra` (typed, not expected); `wrong`
    (typed `text` where `expected` was due)."""
    text: str
    expected: str = ""


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """The outcome of checking one typed answer."""

    verdict: Verdict
    typed: str
    expected: str
    """The accepted answer closest to what was typed (the first one if nothing was typed)."""
    suggested_rating: int
    """1 Again, 2 Hard, 3 Good, 4 Easy."""
    notes: tuple[str, ...] = ()
    """What was forgiven or what differed, in words (e.g. `tone marks ignored`)."""
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    """Character diff of typed vs expected (empty when the answer is exactly right)."""
    similarity: float = 0.0

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


def strip_marks(text: str) -> str:
    """Text without accents and tone marks (`zhōng` → `zhong`); `ü` becomes `u`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def comparison_keys(text: str) -> set[str]:
    """Every form of `text` an answer may be compared under.

    Case, width, punctuation, spaces, leading articles and tone marks never count;
    `ü` may be typed as `u`, `v` or `ü`.
    """
    folded = _LEADING_ARTICLE.sub("", unicodedata.normalize("NFKC", text).casefold().strip())
    decomposed = unicodedata.normalize("NFD", folded)
    keys = set()
    for variant in {decomposed, decomposed.replace(_U_UMLAUT, "v")}:
        keys.add(_NOT_WORD.sub("", strip_marks(variant)))
    return {key for key in keys if key}


def _typed_keys(typed: str) -> set[str]:
    """Keys of the typed text, also read with pinyin tone numbers (`zhong1`) removed."""
    keys = comparison_keys(typed)
    lowered = unicodedata.normalize("NFKC", typed).casefold()
    without_numbers = _TONE_NUMBER.sub("", lowered)
    if without_numbers != lowered:
        keys |= comparison_keys(without_numbers)
    return keys


def _similarity(typed_keys: set[str], expected_keys: set[str]) -> float:
    return max(
        difflib.SequenceMatcher(None, t, e, autojunk=False).ratio()
        for t in typed_keys
        for e in expected_keys
    )


def _forgiven(typed: str, expected: str) -> tuple[str, ...]:
    """Words for the differences that did not count, so the student learns the form."""
    notes: list[str] = []
    typed, expected = typed.casefold(), expected.casefold()
    without_article = _LEADING_ARTICLE.sub("", typed)
    if without_article != typed and not _LEADING_ARTICLE.match(expected):
        notes.append("leading article ignored")
        typed = without_article
    if _TONE_NUMBER.search(typed) and not re.search(r"\d", expected):
        notes.append("tone numbers ignored")
        typed = _TONE_NUMBER.sub("", typed)
    typed_nfc, expected_nfc = (unicodedata.normalize("NFC", t) for t in (typed, expected))
    if _NOT_WORD.sub("", typed_nfc) != _NOT_WORD.sub("", expected_nfc):
        notes.append("tone marks / accents ignored")
    if _NOT_WORD.findall(typed) != _NOT_WORD.findall(expected):
        notes.append("spacing / punctuation ignored")
    return tuple(notes)


def diff_segments(typed: str, expected: str) -> tuple[Segment, ...]:
    """A character diff of `typed` against `expected`, ignoring case."""
    matcher = difflib.SequenceMatcher(None, typed.casefold(), expected.casefold(), autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", typed[i1:i2]))
        elif op == "delete":
            segments.append(Segment("extra", typed[i1:i2]))
        elif op == "insert":
            segments.append(Segment("missing", expected[j1:j2]))
        else:
            segments.append(Segment("wrong", typed[i1:i2], expected[j1:j2]))
    return tuple(segments)


def check_answer(
    typed: str, answers: Sequence[str], *, seconds: float | None = None
) -> AnswerCheck:
    """Check `typed` against the accepted `answers` (the answer and its aliases).

    Args:
        typed: what the student typed.
        answers: every accepted answer; the first is the one shown when nothing matches.
        seconds: how long the student took; a quick correct answer suggests Easy.

    Raises:
        ValueError: `answers` is empty (a typed card must accept something).
    """
    accepted = [a for a in answers if a.strip()]
    if not accepted:
        raise ValueError("a typed card needs at least one accepted answer, got none")
    typed_clean = " ".join(typed.split())
    if not comparison_keys(typed_clean):
        return AnswerCheck("empty", typed, accepted[0], AGAIN, ("nothing typed",))
    typed_keys = _typed_keys(typed_clean)
    scored: list[tuple[float, int, str]] = []
    for position, answer in enumerate(accepted):
        expected_keys = comparison_keys(answer)
        if not expected_keys:
            continue
        if typed_keys & expected_keys:
            quick = seconds is not None and seconds <= QUICK_SECONDS
            notes = _forgiven(typed_clean, answer)
            if position:
                notes = (f"accepted alias of {accepted[0]}", *notes)
            segments = () if typed_clean == answer else diff_segments(typed_clean, answer)
            return AnswerCheck(
                "correct", typed, answer, EASY if quick else GOOD, notes, segments, 1.0
            )
        scored.append((_similarity(typed_keys, expected_keys), -position, answer))
    similarity, _, nearest = max(scored)
    segments = diff_segments(typed_clean, nearest)
    if similarity >= CLOSE_RATIO:
        return AnswerCheck(
            "close", typed, nearest, HARD, ("almost: a small slip",), segments, similarity
        )
    return AnswerCheck("wrong", typed, nearest, AGAIN, (), segments, similarity)


__all__ = [
    "AGAIN",
    "CLOSE_RATIO",
    "EASY",
    "GOOD",
    "HARD",
    "QUICK_SECONDS",
    "AnswerCheck",
    "Segment",
    "check_answer",
    "comparison_keys",
    "diff_segments",
    "strip_marks",
]
