"""When a card comes back: FSRS-6 through the `fsrs` package, plus the study day.

FSRS itself is never re-implemented here; this module only translates between
studykit's plain values (`CardState`, `Rating`, UTC datetimes) and `fsrs.Card` /
`fsrs.Scheduler`, and defines the *study day* (which starts at a configurable local
hour, 04:00 by default as in Anki) used for "due today", daily limits and statistics.

Everything is stored and passed around in UTC; only `day_start` looks at local time.
The clock is always a parameter, so tests pin exact intervals (with fuzzing off).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from studykit.errors import StudykitError

if TYPE_CHECKING:
    import fsrs  # imported where a card is scheduled: the quiz draws its first card sooner

STATE_NAMES: tuple[str, ...] = ("new", "learning", "review", "relearning")
"""Card states by code: 0 new (never answered), 1-3 the `fsrs.State` values."""


class Rating(IntEnum):
    """The four answer buttons; values equal `fsrs.Rating`."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class SettingsError(StudykitError):
    """A scheduler setting is out of range (all bad values are reported at once)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """How cards are scheduled and when a study day starts.

    Persisted per profile by the store (`Store.save_settings`); `to_json`/`from_json`
    round-trip every field.
    """

    desired_retention: float = 0.90
    """Probability of recall FSRS aims for when a review card comes back."""
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    enable_fuzzing: bool = True
    """Spread review intervals a little so cards learnt together do not stay together."""
    day_start_hour: int = 4
    """Local hour at which a new study day begins (Anki's default is 04:00)."""
    new_per_day: int = 20
    """New cards introduced per deck per study day."""
    maximum_interval: int = 36500
    """Longest review interval, in days."""
    learn_ahead_minutes: int = 20
    """When nothing else is due, learning cards due within this many minutes are shown."""
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
        if self.new_per_day < 0:
            problems.append(f"new_per_day must be 0 or more (got {self.new_per_day})")
        if self.maximum_interval < 1:
            problems.append(f"maximum_interval must be at least 1 (got {self.maximum_interval})")
        if self.learn_ahead_minutes < 0:
            problems.append(
                f"learn_ahead_minutes must be 0 or more (got {self.learn_ahead_minutes})"
            )
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if any(step <= timedelta(0) for step in steps):
                problems.append(f"{name} must all be positive (got {list(map(str, steps))})")
        if self.timezone is not None:
            try:
                _zone(self.timezone)
            except (ValueError, LookupError):
                problems.append(f"timezone {self.timezone!r} is not a known IANA time zone")
        if problems:
            raise SettingsError("; ".join(problems))

    def local_zone(self) -> tzinfo | None:
        """The zone for day boundaries; None means the system's local time."""
        return _zone(self.timezone) if self.timezone else None

    def to_json(self) -> str:
        """JSON with steps in seconds (the store keeps settings this way)."""
        data = asdict(self)
        for name in ("learning_steps", "relearning_steps"):
            data[name] = [step.total_seconds() for step in getattr(self, name)]
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SchedulerSettings:
        """Settings from `to_json` output; unknown keys (from a newer studykit) are ignored."""
        data: dict[str, Any] = json.loads(text)
        known = set(cls.__dataclass_fields__)
        values = {key: value for key, value in data.items() if key in known}
        for name in ("learning_steps", "relearning_steps"):
            if name in values:
                values[name] = tuple(timedelta(seconds=s) for s in values[name])
        return cls(**values)


@cache
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card (what FSRS needs, plus review counters).

    `state` is "new" until the first answer; then "learning", "review" or
    "relearning" as `fsrs.State`. All datetimes are UTC-aware.
    """

    card_id: int
    """The card's numeric id (`Card.numeric`), also the `fsrs.Card.card_id`."""
    state: str = "new"
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    """Answers given so far."""
    lapses: int = 0
    """Times a review card was forgotten (rated Again)."""

    @property
    def state_code(self) -> int:
        return STATE_NAMES.index(self.state)

    def to_fsrs(self, now: datetime) -> fsrs.Card:
        """The equivalent `fsrs.Card` (always with `card_id`: the default one sleeps 1 ms)."""
        import fsrs

        if self.state == "new":
            return fsrs.Card(card_id=self.card_id, state=fsrs.State.Learning, step=0, due=now)
        return fsrs.Card(
            card_id=self.card_id,
            state=fsrs.State(self.state_code),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due or now,
            last_review=self.last_review,
        )

    def with_fsrs(self, card: fsrs.Card, *, reps: int, lapses: int) -> CardState:
        """This state updated from an `fsrs.Card` the scheduler returned."""
        return replace(
            self,
            state=STATE_NAMES[int(card.state)],
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=reps,
            lapses=lapses,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 UTC) for the review log."""
        return {
            "card_id": self.card_id,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat() if self.due else None,
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(
            card_id=int(data["card_id"]),
            state=str(data["state"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            due=_parse_time(data.get("due")),
            last_review=_parse_time(data.get("last_review")),
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
        )


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; naive datetimes are refused (their zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got naive {moment.isoformat()}")
    if moment.tzinfo is UTC:
        return moment
    return moment.astimezone(UTC)


class Scheduler:
    """FSRS-6 (the `fsrs` package) configured from `SchedulerSettings`.

    `preview` uses the same scheduler without fuzzing, so button labels show the
    interval before its small random spread; `review` applies fuzzing when enabled.
    """

    __slots__ = ("_exact_scheduler", "_fsrs_scheduler", "parameters", "settings")

    def __init__(
        self,
        settings: SchedulerSettings | None = None,
        parameters: Sequence[float] | None = None,
    ) -> None:
        self.settings = settings or SchedulerSettings()
        self.parameters = tuple(parameters) if parameters is not None else None
        """FSRS parameters fitted to the student (`studykit optimize`); None: defaults."""
        self._fsrs_scheduler: fsrs.Scheduler | None = None
        self._exact_scheduler: fsrs.Scheduler | None = None

    @property
    def _fsrs(self) -> fsrs.Scheduler:
        """Made on first use (opening a store schedules nothing)."""
        if self._fsrs_scheduler is None:
            self._fsrs_scheduler = self._make(self.settings.enable_fuzzing)
        return self._fsrs_scheduler

    @property
    def _exact(self) -> fsrs.Scheduler:
        if not self.settings.enable_fuzzing:
            return self._fsrs
        if self._exact_scheduler is None:
            self._exact_scheduler = self._make(False)
        return self._exact_scheduler

    def _make(self, fuzz: bool) -> fsrs.Scheduler:
        import fsrs

        s = self.settings
        fitted = {} if self.parameters is None else {"parameters": self.parameters}
        return fsrs.Scheduler(
            **fitted,
            desired_retention=s.desired_retention,
            learning_steps=s.learning_steps,
            relearning_steps=s.relearning_steps,
            maximum_interval=s.maximum_interval,
            enable_fuzzing=fuzz,
        )

    @property
    def fsrs_scheduler(self) -> fsrs.Scheduler:
        """The underlying `fsrs.Scheduler` (with fuzzing as configured)."""
        return self._fsrs

    def review(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        """The card's state after answering `rating` at `now`."""
        import fsrs

        now = as_utc(now)
        card, _ = self._fsrs.review_card(state.to_fsrs(now), fsrs.Rating(int(rating)), now)
        lapses = state.lapses + (state.state == "review" and rating == Rating.AGAIN)
        return state.with_fsrs(card, reps=state.reps + 1, lapses=lapses)

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """The interval each button would give at `now` (before fuzzing)."""
        now = as_utc(now)
        return {
            rating: after.due - now
            for rating, after in self.preview_states(state, now).items()
            if after.due is not None
        }

    def preview_states(self, state: CardState, now: datetime) -> dict[Rating, CardState]:
        """The state each button would give at `now` (before fuzzing)."""
        import fsrs

        now = as_utc(now)
        card = state.to_fsrs(now)
        result = {}
        for rating in Rating:
            after, _ = self._exact.review_card(card, fsrs.Rating(int(rating)), now)
            lapses = state.lapses + (state.state == "review" and rating == Rating.AGAIN)
            result[rating] = state.with_fsrs(after, reps=state.reps + 1, lapses=lapses)
        return result

    def reschedule(
        self,
        card_id: int,
        answers: Sequence[tuple[Rating, datetime]],
        *,
        lapses: int = 0,
        fuzz: bool = True,
    ) -> CardState:
        """A card's state rebuilt from its answers by `fsrs.Scheduler.reschedule_card`.

        Used by `studykit doctor`: the review log is the source of truth. Answers are
        replayed in time order. `lapses` is carried over as given (FSRS does not count
        them). With `fuzz=False` the result is deterministic even if fuzzing is on.
        A card with no answers is new again.
        """
        if not answers:
            return CardState(card_id=card_id)
        import fsrs

        logs = [
            fsrs.ReviewLog(
                card_id=card_id,
                rating=fsrs.Rating(int(rating)),
                review_datetime=as_utc(moment),
                review_duration=None,
            )
            for rating, moment in answers
        ]
        first = min(log.review_datetime for log in logs)
        scheduler = self._fsrs if fuzz else self._exact
        card = scheduler.reschedule_card(CardState(card_id).to_fsrs(first), logs)
        return CardState(card_id=card_id).with_fsrs(card, reps=len(logs), lapses=lapses)


def format_interval(delta: timedelta) -> str:
    """A short label for a button: "45s", "1m", "10m", "2h", "3d", "2.1mo", "1.2y"."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return f"{max(0, round(seconds))}s"
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 23.95:
        return f"{_one_decimal(hours)}h"
    days = hours / 24
    if days < 29.95:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def study_date(now: datetime, settings: SchedulerSettings) -> date:
    """The calendar date of the study day containing `now` (a day starting at 04:00 local)."""
    local = _to_local(as_utc(now), settings)
    if local.hour < settings.day_start_hour:
        return local.date() - timedelta(days=1)
    return local.date()


def day_start(now: datetime, settings: SchedulerSettings) -> datetime:
    """Start of the study day containing `now`, as a UTC-aware datetime."""
    return date_start(study_date(now, settings), settings)


def next_day_start(now: datetime, settings: SchedulerSettings) -> datetime:
    """Start of the study day after the one containing `now` (UTC); "due today" is before it."""
    return date_start(study_date(now, settings) + timedelta(days=1), settings)


def date_start(day: date, settings: SchedulerSettings) -> datetime:
    """When the study day `day` begins, in UTC (daylight-saving changes respected)."""
    naive = datetime.combine(day, time(settings.day_start_hour))
    zone = settings.local_zone()
    local = naive.astimezone() if zone is None else naive.replace(tzinfo=zone)
    return local.astimezone(UTC)


def _to_local(moment: datetime, settings: SchedulerSettings) -> datetime:
    zone = settings.local_zone()
    return moment.astimezone() if zone is None else moment.astimezone(zone)


__all__ = [
    "STATE_NAMES",
    "CardState",
    "Rating",
    "Scheduler",
    "SchedulerSettings",
    "SettingsError",
    "as_utc",
    "date_start",
    "day_start",
    "format_interval",
    "next_day_start",
    "study_date",
]
