"""A profile's study settings: scheduling, the study day, limits, siblings and leeches.

Persisted per profile by the store (`Store.save_settings`) as JSON; unknown keys
(from a newer studykit) are ignored and a store's unusable settings fall back to the
defaults. `FIELDS` describes every setting once, for `studykit settings` and the
settings screen.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import timedelta, tzinfo
from typing import Any, NamedTuple

from studykit.errors import StudykitError
from studykit.study.days import zone

LEECH_ACTIONS = ("tag", "suspend")


class SettingsError(StudykitError):
    """A setting is out of range or unknown (all bad values are reported at once)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class DeckLimit:
    """A deck's own daily limits, beneath the profile's (None: only the profile's apply)."""

    deck: str
    new_per_day: int | None = None
    reviews_per_day: int | None = None


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """How cards are scheduled, when a study day starts and how much comes each day."""

    desired_retention: float = 0.90
    """Probability of recall FSRS aims for when a review card comes back."""
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    """Waits between the first answers to a new card, before it gets days."""
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    """Waits after forgetting a review card, before it gets days again."""
    enable_fuzzing: bool = True
    """Spread review intervals a little (as Anki does) so cards learnt together part."""
    day_start_hour: int = 4
    """Local hour at which a new study day begins (Anki's default is 04:00)."""
    new_per_day: int = 20
    """New cards introduced per study day, all decks together."""
    reviews_per_day: int = 200
    """Review cards shown per study day, all decks together (learning cards always come)."""
    deck_limits: tuple[DeckLimit, ...] = ()
    """Optional per-deck limits beneath the profile's."""
    maximum_interval: int = 36500
    """Longest review interval, in days."""
    learn_ahead_minutes: int = 20
    """When nothing else is due, learning cards due within this many minutes are shown."""
    bury_new_siblings: bool = True
    """A fact's other new cards wait for tomorrow once one of its cards was answered today."""
    bury_review_siblings: bool = True
    """A fact's other review cards wait for tomorrow once one of its cards was answered."""
    bury_learning_siblings: bool = False
    """A fact's other learning cards wait for tomorrow once one of its cards was answered."""
    leech_threshold: int = 8
    """After this many lapses a card is a leech (again every half as many lapses more)."""
    leech_action: str = "tag"
    """What happens to a leech: "tag" (marked, still studied) or "suspend"."""
    timezone: str | None = None
    """IANA time zone for day boundaries (e.g. `Europe/Berlin`); None: the system's."""

    def __post_init__(self) -> None:
        problems = []
        if not 0.0 < self.desired_retention < 1.0:
            problems.append(
                f"desired_retention must be between 0 and 1 (got {self.desired_retention})"
            )
        if not 0 <= self.day_start_hour <= 23:
            problems.append(f"day_start_hour must be 0-23 (got {self.day_start_hour})")
        for name in ("new_per_day", "reviews_per_day", "learn_ahead_minutes"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be 0 or more (got {getattr(self, name)})")
        for name in ("maximum_interval", "leech_threshold"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be at least 1 (got {getattr(self, name)})")
        if self.leech_action not in LEECH_ACTIONS:
            problems.append(f"leech_action must be tag or suspend (got {self.leech_action!r})")
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if any(step <= timedelta(0) for step in steps):
                problems.append(f"{name} must all be positive (got {list(map(str, steps))})")
        for limit in self.deck_limits:
            for value in (limit.new_per_day, limit.reviews_per_day):
                if value is not None and value < 0:
                    problems.append(f"the limits of deck {limit.deck} must be 0 or more")
        if self.timezone is not None:
            try:
                zone(self.timezone)
            except (ValueError, LookupError):
                problems.append(f"timezone {self.timezone!r} is not a known IANA time zone")
        if problems:
            raise SettingsError("; ".join(problems))

    def local_zone(self) -> tzinfo | None:
        """The zone for day boundaries; None means the system's local time."""
        return zone(self.timezone) if self.timezone else None

    def deck_limit(self, deck: str) -> DeckLimit | None:
        """The deck's own limits, if it has any."""
        return next((limit for limit in self.deck_limits if limit.deck == deck), None)

    def with_deck_limit(
        self, deck: str, new_per_day: int | None, reviews_per_day: int | None
    ) -> SchedulerSettings:
        """These settings with `deck`'s own limits replaced (both None: removed)."""
        others = tuple(limit for limit in self.deck_limits if limit.deck != deck)
        if new_per_day is not None or reviews_per_day is not None:
            others = (*others, DeckLimit(deck, new_per_day, reviews_per_day))
        return replace(self, deck_limits=tuple(sorted(others, key=lambda limit: limit.deck)))

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready dict: steps in seconds, deck limits by deck id."""
        data = asdict(self)
        for name in ("learning_steps", "relearning_steps"):
            data[name] = [step.total_seconds() for step in getattr(self, name)]
        data["deck_limits"] = {
            limit.deck: {"new_per_day": limit.new_per_day, "reviews_per_day": limit.reviews_per_day}
            for limit in self.deck_limits
        }
        return data

    def to_json(self) -> str:
        """`to_data` as JSON (the store keeps settings this way)."""
        return json.dumps(self.to_data(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SchedulerSettings:
        """Settings from `to_json` output; unknown keys (from a newer studykit) are ignored."""
        data: dict[str, Any] = json.loads(text)
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for name in ("learning_steps", "relearning_steps"):
            if name in values:
                values[name] = tuple(timedelta(seconds=s) for s in values[name])
        if "deck_limits" in values:
            values["deck_limits"] = tuple(
                DeckLimit(deck, limit.get("new_per_day"), limit.get("reviews_per_day"))
                for deck, limit in sorted(values["deck_limits"].items())
            )
        return cls(**values)


class Field(NamedTuple):
    """One setting as a student sees it: its key, kind and a line of help."""

    key: str
    kind: str
    """"float", "int", "bool", "steps" (minutes, space-separated), "choice", "zone"."""
    help: str


FIELDS: tuple[Field, ...] = (
    Field("desired_retention", "float", "chance of remembering a card when it comes back"),
    Field("new_per_day", "int", "new cards per study day, all decks together"),
    Field("reviews_per_day", "int", "review cards per study day, all decks together"),
    Field("day_start_hour", "int", "local hour at which a new study day starts (0-23)"),
    Field("learning_steps", "steps", "minutes between the first answers to a new card"),
    Field("relearning_steps", "steps", "minutes between answers after forgetting a card"),
    Field("maximum_interval", "int", "longest wait before a card comes back, in days"),
    Field("enable_fuzzing", "bool", "spread intervals a little so cards learnt together part"),
    Field("bury_new_siblings", "bool", "hold back a fact's new cards once one was answered"),
    Field("bury_review_siblings", "bool", "hold back a fact's reviews once one was answered"),
    Field("bury_learning_siblings", "bool", "hold back a fact's learning cards too"),
    Field("leech_threshold", "int", "forgotten this many times, a card is a leech"),
    Field("leech_action", "choice", "what a leech gets: tag or suspend"),
    Field("learn_ahead_minutes", "int", "learning cards due this soon come when all else is done"),
    Field("timezone", "zone", "IANA time zone for the day start (empty: the system's)"),
)
"""Every setting a student can change (per-deck limits are set with `--deck`)."""


def field_text(settings: SchedulerSettings, key: str) -> str:
    """A setting's value as a student types it."""
    value = getattr(settings, key)
    if key in ("learning_steps", "relearning_steps"):
        return " ".join(_minutes(step) for step in value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return "" if value is None else str(value)


def with_field(settings: SchedulerSettings, key: str, text: str) -> SchedulerSettings:
    """`settings` with one setting parsed from text.

    Raises:
        SettingsError: the key is unknown or the value cannot be read or is out of range.
    """
    by_key = {field.key: field for field in FIELDS}
    if key not in by_key:
        raise SettingsError(f"unknown setting {key!r}; known: {', '.join(by_key)}")
    kind, text = by_key[key].kind, text.strip()
    value: Any
    try:
        if kind == "float":
            value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
        elif kind == "int":
            value = int(text)
        elif kind == "bool":
            lowered = text.lower()
            if lowered not in ("on", "off", "true", "false", "yes", "no", "1", "0"):
                raise ValueError(text)
            value = lowered in ("on", "true", "yes", "1")
        elif kind == "steps":
            value = tuple(timedelta(minutes=float(part)) for part in text.replace(",", " ").split())
        else:
            value = text or None
    except ValueError:
        raise SettingsError(f"{key}: cannot read {text!r} as {_KIND_WORDS[kind]}") from None
    return replace(settings, **{key: value})


_KIND_WORDS = {
    "float": "a number",
    "int": "a whole number",
    "bool": "on or off",
    "steps": "minutes separated by spaces",
}


def _minutes(step: timedelta) -> str:
    minutes = step.total_seconds() / 60
    return f"{minutes:g}"


__all__ = [
    "FIELDS",
    "LEECH_ACTIONS",
    "DeckLimit",
    "Field",
    "SchedulerSettings",
    "SettingsError",
    "field_text",
    "with_field",
]
