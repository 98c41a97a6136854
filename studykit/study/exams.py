"""Exam dates a student studies towards, kept in the profile's settings table.

An exam has a date, the decks it covers (none named: every deck) and a target: the
probability of recall on exam day the student aims for. They are stored as JSON
under the settings key `exams`, so no schema change is needed and a store without
exams behaves exactly as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from studykit.errors import StudykitError

EXAMS_KEY = "exams"
DEFAULT_TARGET = 0.95
"""The default exam-day recall target. Above the default desired retention (0.90) on
purpose: plain FSRS already keeps a reviewed card at or above its desired retention
until the card is due, so a 0.90 target would never change an interval."""


class ExamError(StudykitError):
    """An exam date, deck or target given on the command line is not usable."""

    exit_code = 2


class SettingsTable(Protocol):
    """The part of `Store` exams need (so this module does not import the store)."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Exam:
    """One exam: its date, the decks it covers (empty: all) and the recall target."""

    day: date
    decks: tuple[str, ...] = ()
    target: float = DEFAULT_TARGET

    def __post_init__(self) -> None:
        if not 0.5 <= self.target < 1.0:
            raise ExamError(f"the target must be at least 0.5 and below 1 (got {self.target})")

    def covers(self, deck: str) -> bool:
        return not self.decks or deck in self.decks

    def to_dict(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "decks": list(self.decks), "target": self.target}


def parse_day(text: str) -> date:
    """An exam date from `YYYY-MM-DD`.

    Raises:
        ExamError: not a date in that form.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExamError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def load_exams(table: SettingsTable) -> list[Exam]:
    """The profile's exams, by date (unreadable saved data counts as none)."""
    text = table.get_setting(EXAMS_KEY)
    if not text:
        return []
    try:
        raw = json.loads(text)
        exams = [
            Exam(
                day=date.fromisoformat(item["date"]),
                decks=tuple(str(deck) for deck in item.get("decks", [])),
                target=float(item.get("target", DEFAULT_TARGET)),
            )
            for item in raw
        ]
    except (ValueError, TypeError, KeyError, ExamError):
        return []
    return sorted(exams, key=lambda exam: (exam.day, exam.decks))


def save_exams(table: SettingsTable, exams: Sequence[Exam]) -> None:
    ordered = sorted(exams, key=lambda exam: (exam.day, exam.decks))
    table.set_setting(EXAMS_KEY, json.dumps([exam.to_dict() for exam in ordered]))


def add_exam(table: SettingsTable, exam: Exam) -> list[Exam]:
    """Keep `exam`, replacing one on the same date for the same decks; returns all."""
    kept = [
        other
        for other in load_exams(table)
        if (other.day, set(other.decks)) != (exam.day, set(exam.decks))
    ]
    kept.append(exam)
    save_exams(table, kept)
    return load_exams(table)


def clear_exams(table: SettingsTable, day: date | None = None) -> int:
    """Forget every exam, or those on `day`; returns how many were removed."""
    exams = load_exams(table)
    kept = [exam for exam in exams if day is not None and exam.day != day]
    save_exams(table, kept)
    return len(exams) - len(kept)


def upcoming(exams: Sequence[Exam], today: date) -> list[Exam]:
    """The exams still ahead (their day after `today`'s study day), soonest first."""
    return [exam for exam in exams if exam.day > today]


def exam_for(exams: Sequence[Exam], deck: str, today: date) -> Exam | None:
    """The soonest exam still ahead that covers `deck`."""
    return next((exam for exam in upcoming(exams, today) if exam.covers(deck)), None)


__all__ = [
    "DEFAULT_TARGET",
    "EXAMS_KEY",
    "Exam",
    "ExamError",
    "SettingsTable",
    "add_exam",
    "clear_exams",
    "exam_for",
    "load_exams",
    "parse_day",
    "save_exams",
    "upcoming",
]
