"""Small text helpers shared by the card makers: loose comparison and phrasing checks."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from studykit.models import Claim, Landmark, Source
from studykit.models.base import CONFIDENCE_RANK
from studykit.models.deck import CLOZE_DELETION

_NOT_WORD = re.compile(r"[\W_]+")


def normal(text: str) -> str:
    """Text compared loosely: lowercase words separated by single spaces."""
    lower = text.lower()
    if lower.replace(" ", "").isalnum() and "  " not in lower and lower.strip() == lower:
        return lower  # already words and single spaces (most texts): no regex needed
    return _NOT_WORD.sub(" ", lower).strip()


def unique_answers(answers: Sequence[str]) -> tuple[str, ...]:
    """The non-empty answers, each once, in order."""
    if len(answers) == 1:  # most cards: no set needed
        return (answers[0],) if answers[0] else ()
    return tuple(dict.fromkeys(filter(None, answers)))


def names_landmark(description: str, landmark: Landmark) -> bool:
    """Whether a location description already names this landmark (by its point code, else
    by its name, else by its own description), so the answer need not say it twice."""
    if landmark.code:
        return names_word(description, landmark.code)
    said = landmark.name or landmark.description
    return said is not None and said.lower() in description.lower()


def names_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word (`MS6` in "behind MS6,", not in
    "MS61"); without a regex per word, which cost ~40 µs to compile for each zone."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(word, start + 1)
    return False


def single_cloze(text: str, number: int) -> str:
    """`text` with deletion `number` as `{{c1::...}}` and the others written out, so an
    exporter makes exactly this one card from it."""

    def replace(match: re.Match[str]) -> str:
        if int(match[1]) != number:
            return match[2].strip()
        return "{{c1::" + match[2].strip() + (f"::{match[3].strip()}" if match[3] else "") + "}}"

    return CLOZE_DELETION.sub(replace, text)


def claim_sources(claims: list[Claim], fact_sources: list[Source]) -> list[Source]:
    """The sources of all claims (each once, strongest first)."""
    if len(fact_sources) == 1 and not any(c.sources for c in claims):
        return fact_sources  # the common case, kept as the same list (its citation is known)
    sources: list[Source] = []
    for claim in claims:
        for source in claim.sources or fact_sources:
            if source not in sources:
                sources.append(source)
    return sorted(sources, key=lambda s: -CONFIDENCE_RANK[s.confidence])


_WORD_CHARS = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    if text.isascii():
        return "".join(_WORD_CHARS.findall(text.lower()))
    return "".join(_WORD_CHARS.findall(unicodedata.normalize("NFKD", text.lower())))


fold = functools.lru_cache(maxsize=4096)(_fold)
"""`text` without accents, case, spaces or punctuation: `é zhōng xiàn` → `ezhongxian`.
Remembered, for answers (met on several cards); a question is folded by `_fold`, once."""


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def shown_in(question: str, answer: str) -> bool:
    """Whether a question shows an accepted answer: the answer's letters appear in it
    (ignoring accents, case and spacing), or, for a Chinese answer, at least half of
    its characters do (another script form of the same name counts as shown)."""
    return not not_shown(question, [answer])


def not_shown(question: str, answers: Sequence[str]) -> list[str]:
    """The answers the question does not show (see `shown_in`), in order."""
    folded = _fold(question)  # met once: not worth remembering
    words: set[str] | None = None
    kept: list[str] = []
    for answer in answers:
        han = () if answer.isascii() else _HAN.findall(answer)
        if han:
            shown = 2 * sum(c in question for c in han) >= len(han)
        else:
            letters = fold(answer)
            if not letters:
                shown = True
            elif len(letters) < 4:  # a short answer (`A`, `MS1`) shows only as a word
                # the question folds word by word, so a word equal to the answer is in
                # `folded`: the words are looked at only when it is
                if letters in folded and words is None:
                    words = {fold(word) for word in question.split()}
                shown = words is not None and letters in words
            else:
                shown = letters in folded
        if not shown:
            kept.append(answer)
    return kept
