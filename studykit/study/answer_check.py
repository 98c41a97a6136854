"""Checking a typed answer the way a fair examiner would, and suggesting a rating.

A student who types `ms 6` for `MS6`, `zhong xian` for `zhōng xiàn`, `motor zone` for
`Motor area`, `speech area 2` for `Speech area II`, 額中線 for 额中线 (or 额中, without the
final 线) or an accepted alias knows the answer: case, spacing, punctuation, dashes,
tone marks (or tone numbers), `ü` spelled `u`/`v`, traditional or simplified characters,
the words zone / area / region / line (translations of 区 and 线, which the sources use
interchangeably), `midline` for `middle line` (中线), and numerals written I / 1 / one /
first never make an answer wrong. One typo in a long word (six letters or more) is
forgiven, and the right spelling is shown. Any other small slip makes it *close* (Hard)
with the reason given; a different number is never a slip (Speech area I is not Speech
area II); anything else is wrong.

Ratings are plain ints 1–4 (Again, Hard, Good, Easy), the values of
`studykit.study.scheduling.Rating`, so this module stays free of the scheduler. A
correct answer suggests Good, never Easy: how sure the student is, only they can say.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

Verdict = Literal["correct", "close", "wrong", "empty"]
SegmentKind = Literal["same", "missing", "extra", "wrong"]

CLOSE_RATIO = 0.8
"""Similarity (difflib ratio of the normalised forms) from which a wrong answer is a slip."""
LONG_WORD = 6
"""Letters from which one typo in a word is forgiven (a slip of the finger, not of memory)."""

_TONE_NUMBER = re.compile(r"(?<=[a-zü])[1-5](?![0-9])")
_NOT_WORD = re.compile(r"[\W_]+")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_U_UMLAUT = "u\u0308"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"\d+|[{_HAN}]+|[^\W\d_{_HAN}]+")
_HAS_HAN = re.compile(f"[{_HAN}]")
_NUMBER_WORDS = {
    **{roman: str(n) for n, roman in enumerate(("i", "ii", "iii", "iv"), start=1)},
    "vi": "6",
    "vii": "7",
    "viii": "8",
    **{word: str(n) for n, word in enumerate(("one", "two", "three", "four", "five"), start=1)},
    **{word: str(n) for n, word in enumerate(("first", "second", "third", "fourth"), start=1)},
}
"""Numerals as words: `Speech area I`, `speech area 1`, `first speech area` compare equal
(`v` is left out: it also spells `ü`)."""
_GENERIC_WORDS = frozenset({"zone", "zones", "area", "areas", "region", "regions", "line", "lines"})
"""Translations of 区 and 线 that sources swap freely; they never decide an answer."""
_SAME_WORDS = {"midline": "middle"}
"""One word for two: 中线 is `middle line` in the WHO names and `midline` in most English
texts (the generic `line` then drops out of both)."""
_HAN_NUMERALS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
_HAN_FINALS = ("线", "区")


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


@cache
def _to_simplified() -> Callable[[str], str]:
    """Traditional → simplified characters (OpenCC's tables), loaded on first use."""
    import opencc

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """`text` with traditional characters in their simplified form (額中線 → 额中线)."""
    return _to_simplified()(text) if _HAS_HAN.search(text) else text


def _canonical(tokens: list[str]) -> str:
    """Tokens → one comparison key: numerals as digits, generic words dropped; for a
    Chinese name, the numeral moved to the end and a final 线 / 区 dropped (额旁线 I,
    额旁1线 and 额旁一线 are one name)."""
    words = [_NUMBER_WORDS.get(token, _SAME_WORDS.get(token, token)) for token in tokens]
    kept = [word for word in words if word not in _GENERIC_WORDS] or words
    if not any(_HAS_HAN.search(word) for word in kept):
        return "".join(kept)
    han = "".join(kept)
    for numeral, digit in _HAN_NUMERALS.items():
        han = re.sub(f"{numeral}(?=[{''.join(_HAN_FINALS)}]|$)", digit, han)
    digits = "".join(re.findall(r"\d+", han))
    han = re.sub(r"\d+", "", han)
    while han.endswith(_HAN_FINALS) and len(han) > 1:
        han = han[:-1]
    return han + digits


def _variants(text: str) -> Iterator[list[str]]:
    """The token lists `text` may be read as: with `ü` as `u` or as `v`."""
    folded = _LEADING_ARTICLE.sub("", unicodedata.normalize("NFKC", text).casefold().strip())
    decomposed = unicodedata.normalize("NFD", simplified(unicodedata.normalize("NFC", folded)))
    for variant in dict.fromkeys((decomposed, decomposed.replace(_U_UMLAUT, "v"))):
        yield _TOKEN.findall(strip_marks(variant))


def comparison_keys(text: str) -> set[str]:
    """Every form of `text` an answer may be compared under (see the module's doc)."""
    return {key for tokens in _variants(text) if (key := _canonical(tokens))}


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


def _one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter typed wrong, left out, added or swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        rest_a, rest_b = a[start + 1 :], b[start + 1 :]
        swapped = (
            a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]
        )
        return rest_a == rest_b or swapped
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return shorter[start:] == longer[start + 1 :]


def _typo_word(typed: str, expected: str) -> str | None:
    """The long word of `expected` that `typed` misspells by one letter, if that is the
    only difference (compared word by word on the normalised text)."""
    typed_words = next(_variants(typed))
    expected_words = next(_variants(expected))
    if len(typed_words) != len(expected_words):
        return None
    differing = [(t, e) for t, e in zip(typed_words, expected_words, strict=True) if t != e]
    if len(differing) != 1:
        return None
    (typed_word, expected_word) = differing[0]
    if len(expected_word) < LONG_WORD or not expected_word.isalpha():
        return None
    if _HAS_HAN.search(expected_word) or not _one_edit(typed_word, expected_word):
        return None
    return expected_word


def _numbers(text: str) -> list[str]:
    """The numbers an answer names, however written (`II`, `2`, `two`)."""
    return [
        word
        for tokens in [next(_variants(text))]
        for word in (_NUMBER_WORDS.get(token, token) for token in tokens)
        if word.isdigit()
    ]


def _why_close(typed: str, expected: str) -> str:
    """The reason an answer is only almost right, in words."""
    typed_words = next(_variants(typed))
    expected_words = next(_variants(expected))
    missing = [w for w in expected_words if w not in typed_words and w not in _GENERIC_WORDS]
    extra = [w for w in typed_words if w not in expected_words and w not in _GENERIC_WORDS]
    if missing and not extra:
        return "almost: missing " + ", ".join(f"“{w}”" for w in missing)
    if extra and not missing:
        return "almost: not part of the answer: " + ", ".join(f"“{w}”" for w in extra)
    if len(missing) == len(extra) == 1:
        return f"almost: “{extra[0]}” should be “{missing[0]}”"
    return "almost: a few letters differ"


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
    if simplified(typed) != typed and simplified(typed) == simplified(expected):
        notes.append("traditional characters accepted")
    typed_words, expected_words = next(_variants(typed)), next(_variants(expected))
    if _canonical(typed_words) == _canonical(expected_words) and [
        _NUMBER_WORDS.get(w, w) for w in typed_words
    ] != [_NUMBER_WORDS.get(w, w) for w in expected_words]:
        notes.append("wording accepted (zone / area / region / line, midline, numerals, 线 / 区)")
    typed_nfc, expected_nfc = (unicodedata.normalize("NFC", t) for t in (typed, expected))
    if strip_marks(typed_nfc) == typed_nfc and strip_marks(expected_nfc) != expected_nfc:
        notes.append("tone marks / accents ignored")
    if _NOT_WORD.sub("", typed) == _NOT_WORD.sub("", expected) and _NOT_WORD.findall(
        typed
    ) != _NOT_WORD.findall(expected):
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
        seconds: how long the student took (kept for callers; a quick answer no longer
            changes the suggestion: it is never Easy).

    Raises:
        ValueError: `answers` is empty (a typed card must accept something).
    """
    del seconds
    accepted = [a for a in answers if a.strip()]
    if not accepted:
        raise ValueError("a typed card needs at least one accepted answer, got none")
    typed_clean = " ".join(typed.split())
    if not comparison_keys(typed_clean):
        return AnswerCheck("empty", typed, accepted[0], AGAIN)
    typed_keys = _typed_keys(typed_clean)
    scored: list[tuple[float, int, str]] = []
    for position, answer in enumerate(accepted):
        expected_keys = comparison_keys(answer)
        if not expected_keys:
            continue
        alias = (f"accepted alias of {accepted[0]}",) if position else ()
        if typed_keys & expected_keys:
            notes = (*alias, *_forgiven(typed_clean, answer))
            segments = () if typed_clean == answer else diff_segments(typed_clean, answer)
            return AnswerCheck("correct", typed, answer, GOOD, notes, segments, 1.0)
        typo = _typo_word(typed_clean, answer)
        if typo is not None:
            notes = (*alias, f"one typo forgiven: it is spelled “{typo}”")
            segments = diff_segments(typed_clean, answer)
            return AnswerCheck("correct", typed, answer, GOOD, notes, segments, 1.0)
        scored.append((_similarity(typed_keys, expected_keys), -position, answer))
    similarity, _, nearest = max(scored)
    segments = diff_segments(typed_clean, nearest)
    if similarity >= CLOSE_RATIO and _numbers(typed_clean) == _numbers(nearest):
        return AnswerCheck(
            "close", typed, nearest, HARD, (_why_close(typed_clean, nearest),), segments, similarity
        )
    notes = ("a different number",) if _numbers(typed_clean) != _numbers(nearest) else ()
    return AnswerCheck("wrong", typed, nearest, AGAIN, notes, segments, similarity)


__all__ = [
    "AGAIN",
    "CLOSE_RATIO",
    "EASY",
    "GOOD",
    "HARD",
    "LONG_WORD",
    "AnswerCheck",
    "Segment",
    "check_answer",
    "comparison_keys",
    "diff_segments",
    "simplified",
    "strip_marks",
]
