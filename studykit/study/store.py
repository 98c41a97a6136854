"""The review store: a student's history in one SQLite file per profile.

The review log (table `reviews`) is append-only and the source of truth; the card
table holds each card's current FSRS state and can be rebuilt from the log
(`Store.rebuild`, `studykit doctor --rebuild`). Promises kept here:

- every answer is committed (WAL, `synchronous=FULL`) before `Store.answer` returns,
  so killing the process mid-session loses no answered card;
- two sessions on one store wait for each other (busy timeout) and lose nothing;
- a corrupt file, a foreign SQLite file or a store from a newer studykit is refused
  with an error naming the file, and left byte-for-byte untouched;
- an older store is migrated forward (after a backup copy next to it).

Cards are known by their text id (`deck/fact/direction`). The store persists; what to
study next is decided by `studykit.study.queue`, over the indexed queries offered here
(`answered_since`, `learning_due`, `reviews_due`, `due_review_facts`, `new_cards`, ...),
without loading any deck file. A `Store` is used from one thread at a time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from studykit.content.cards import numeric_id, split_fact_ref
from studykit.errors import StudykitError
from studykit.paths import DEFAULT_PROFILE, store_path
from studykit.study import integrity
from studykit.study.days import from_ms, next_day_start, to_ms
from studykit.study.fit import FIT_KEY, fitted_parameters
from studykit.study.migrations import APPLICATION_ID, MIGRATIONS, REPLAY_FROM_KEY, SCHEMA_VERSION
from studykit.study.queue import DeckCounts, Queue, QueueEntry, Row
from studykit.study.scheduling import (
    STATE_NAMES,
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    SettingsError,
)

if TYPE_CHECKING:
    from studykit.content.cards import Card
    from studykit.study.deadline import DeadlinePolicy

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another session's transaction before giving up."""
SETTINGS_KEY = "scheduler"
NEW, LEARNING, REVIEW, RELEARNING = range(4)

_CARD_COLUMNS = (
    "id, text_id, deck, fact, state, step, stability, difficulty, due, last_review, reps, lapses"
)
_UPDATE_STATE = (
    "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
    "last_review = ?, reps = ?, lapses = ? WHERE id = ?"
)
"""Write a `CardState` (`_state_columns(state)` + the card id) into its row."""
_ACTIVE = "removed_at IS NULL AND suspended = 0"
"""Cards that can be studied; queries repeat it literally so partial indexes apply."""
_RESCHEDULING_KEYS = ("exams", FIT_KEY)
"""Settings rows besides the scheduler's that change how an answer is scheduled: the
exams (`studykit.study.exams.EXAMS_KEY`, spelled out so that opening a store does not
import the exam module) and the fitted memory model."""
_NOT_BURIED = "(buried_until IS NULL OR buried_until <= ?)"
"""Not buried at the moment given as the parameter."""


class StoreError(StudykitError):
    """The review store cannot be used as asked; the message names the file."""


def _floor_ms(moment: datetime) -> datetime:
    return from_ms(to_ms(moment))


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What an answer did: when the card comes back."""

    card_id: str
    rating: Rating
    next_due: datetime
    interval: timedelta
    """The interval the answer gave: whole days for a review, else the learning step."""
    leech: bool = False
    """The answer made the card a leech (tagged, or suspended as the settings say)."""


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One row of the review log."""

    id: int
    card_id: str
    deck: str
    fact: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int
    state_before: str
    state_after: str
    before: CardState
    after: CardState
    typed_answer: str | None
    undone: bool


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What `Store.sync_cards` changed."""

    added: int
    removed: int
    restored: int


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """The health of a store, for `studykit doctor`."""

    path: Path
    schema_version: int
    integrity: list[str]
    """`PRAGMA integrity_check` messages; `["ok"]` when the file is sound."""
    cards: int
    reviews: int
    mismatched: list[str]
    """Cards whose state differs from the last answer in the log (text ids)."""

    @property
    def healthy(self) -> bool:
        return self.integrity == ["ok"] and not self.mismatched


class Store:
    """A profile's review store. Open with `Store.open(...)`; close or use `with`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        """Use `Store.open` or `Store.at`; this takes an already checked connection."""
        self.path = path
        self.connection = connection
        """The SQLite connection (for read-only queries such as `studykit.study.stats`)."""
        self.settings = SchedulerSettings()
        self.scheduler = Scheduler(self.settings)
        self._parameters: tuple[float, ...] | None = None
        self._deadline: DeadlinePolicy | None = None
        self._answered: list[int] = []
        self.planner = Queue(self)
        """What to study next (`studykit.study.queue`), over this store's queries."""
        self._load_settings()

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, *, data_dir: Path | str | None = None, profile: str = DEFAULT_PROFILE) -> Store:
        """Open (creating or migrating) a profile's store in the data directory.

        The data directory is `data_dir`, else `$STUDYKIT_HOME`, else the user data dir.

        Raises:
            StoreError: the file is corrupt, foreign, newer, or cannot be written.
        """
        return cls.at(store_path(data_dir, profile))

    @classmethod
    def at(cls, path: Path | str) -> Store:
        """Open (creating or migrating) the store at an explicit file path."""
        path = Path(path)
        _check_header(path)
        if problem := integrity.problem_before_open(path):
            raise StoreError(problem)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(integrity.cause(exc, path)) from exc
        try:
            version = _check_identity(path, connection)
            integrity.opened(path)  # before anything is written (a migration may be)
            _use_wal(path, connection)
            connection.execute("PRAGMA synchronous = FULL")
            if version < SCHEMA_VERSION:
                _migrate(path, connection, version)
            store = cls(path, connection)
        except sqlite3.Error as exc:
            connection.close()
            raise StoreError(integrity.cause(exc, path)) from exc
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the file (every answer is already committed)."""
        self.connection.close()
        integrity.closed(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self.guard():
            return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def guard(self) -> Iterator[None]:
        """SQLite failures as a `StoreError` that names the file."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise StoreError(
                    f"the review store {self.path} is busy (another studykit session "
                    f"kept it locked for {BUSY_TIMEOUT_S:.0f} s); try again"
                ) from exc
            raise StoreError(integrity.cause(exc, self.path)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(integrity.cause(exc, self.path)) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on success (taken at once: no deadlocks)."""
        with self.guard():
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
                self.connection.execute("COMMIT")
            except BaseException:
                if self.connection.in_transaction:  # SQLite rolls back itself on a full disk
                    self.connection.execute("ROLLBACK")
                raise

    # ----------------------------------------------------------------- settings

    def _load_settings(self) -> None:
        text = self.get_setting(SETTINGS_KEY)
        settings = SchedulerSettings()
        if text:
            try:
                settings = SchedulerSettings.from_json(text)
            except (ValueError, TypeError, SettingsError):
                settings = SchedulerSettings()  # unusable saved settings: defaults, data kept
        self._use(settings)

    def _use(self, settings: SchedulerSettings) -> None:
        # issue 18: parameters fitted by `studykit optimize`, exams from `studykit exam`
        parameters = fitted_parameters(self)
        self.settings = settings
        self.scheduler = Scheduler(settings, parameters)
        self._parameters, self._deadline = parameters, None

    @property
    def deadline(self) -> DeadlinePolicy:
        """Brings reviews before an exam (`studykit exam set`); changes nothing without
        exams. Read when first needed: the quiz's first card does not wait for it."""
        if self._deadline is None:
            from studykit.study.deadline import DeadlinePolicy

            self._deadline = DeadlinePolicy.load(self, self.settings, self._parameters)
        return self._deadline

    def reload_settings(self) -> None:
        """Read the scheduler settings, fitted parameters and exams again."""
        self._load_settings()

    def save_settings(self, settings: SchedulerSettings) -> None:
        """Keep `settings` for this profile and schedule with them from now on.

        When the change alters how answers are scheduled, the answers logged so far
        are marked as scheduled under the earlier settings (`doctor` starts its
        replay after them; `doctor --rebuild` reschedules everything).
        """
        rescheduling = _scheduling(settings) != _scheduling(self.settings)
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SETTINGS_KEY, settings.to_json()),
            )
            if rescheduling:
                self.mark_rescheduled()
        self._use(settings)

    def mark_rescheduled(self) -> None:
        """Note that the answers logged so far were scheduled under earlier rules (new
        settings, a new fit): `doctor` takes their results as logged. In a transaction."""
        self.connection.execute(
            "INSERT INTO settings (key, value) "
            "SELECT ?, COALESCE(MAX(id), 0) FROM reviews WHERE 1 "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (REPLAY_FROM_KEY,),
        )

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A stored preference (e.g. the quiz theme), or `default`."""
        with self.guard():
            row = self.connection.execute(
                "SELECT value FROM settings WHERE key = ?", (key,)
            ).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Store a preference; committed at once.

        Exams and a fitted memory model change how answers are scheduled: the answers
        logged before are then marked as scheduled under the earlier rules.
        """
        with self._write() as db:
            changed = key in _RESCHEDULING_KEYS and self.get_setting(key) != value
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            if changed:
                self.mark_rescheduled()

    # -------------------------------------------------------------------- cards

    def sync_cards(
        self, cards: Sequence[Card], now: datetime, *, decks: Sequence[str] | None = None
    ) -> SyncResult:
        """Register the cards of some decks; cards of those decks not given are removed.

        `decks` names the decks `cards` cover completely (default: the decks of
        `cards`). A removed card keeps its history and leaves the queue; it comes back
        with its schedule if its fact returns. New cards are introduced in the order
        given, after cards already known. Edited text changes nothing: ids are stable.
        What each card requires (`Card.requires`) is kept as the cards now say.
        """
        covered = sorted(set(decks) if decks is not None else {card.deck for card in cards})
        now_ms = to_ms(now)
        with self._write() as db:
            known: dict[int, int | None] = {}
            for deck in covered:
                known.update(db.execute("SELECT id, removed_at FROM cards WHERE deck = ?", (deck,)))
            position = db.execute("SELECT COALESCE(MAX(position), 0) FROM cards").fetchone()[0]
            present = {card.numeric for card in cards if card.deck in covered}
            rows = []
            seen: set[int] = set()
            for card in cards:
                if card.numeric in known or card.numeric in seen or card.deck not in covered:
                    continue
                seen.add(card.numeric)
                position += 1
                rows.append((card.numeric, card.id, card.deck, card.fact, position, now_ms))
            db.executemany(
                "INSERT OR IGNORE INTO cards (id, text_id, deck, fact, position, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            restored = [(i,) for i, gone in known.items() if gone is not None and i in present]
            removed = [
                (now_ms, i) for i, gone in known.items() if gone is None and i not in present
            ]
            db.executemany("UPDATE cards SET removed_at = NULL WHERE id = ?", restored)
            db.executemany("UPDATE cards SET removed_at = ? WHERE id = ?", removed)
            _sync_requirements(db, cards, covered)
        return SyncResult(added=len(rows), removed=len(removed), restored=len(restored))

    def card_state(self, card_id: str) -> CardState:
        """The current scheduling state of a card.

        Raises:
            StoreError: the card is unknown (sync its deck first).
        """
        with self.guard():
            row = self.connection.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (numeric_id(card_id),)
            ).fetchone()
        if row is None:
            raise StoreError(f"card {card_id!r} is not in the review store {self.path}")
        return _state_of(row)

    def next_due(self, card_id: str) -> datetime | None:
        """When the card is due next (None for a new or unknown card)."""
        with self.guard():
            row = self.connection.execute(
                "SELECT due, state FROM cards WHERE id = ?", (numeric_id(card_id),)
            ).fetchone()
        if row is None or row[1] == NEW or row[0] is None:
            return None
        return from_ms(row[0])

    def preview(self, card_id: str, now: datetime) -> dict[Rating, timedelta]:
        """The interval each rating gives the card at `now`: exactly what `answer` would
        give (fuzz and an exam's deadline included), for button labels."""
        now = _floor_ms(now)
        state = self.card_state(card_id)
        deck = card_id.split("/", 1)[0]
        return {rating: self._scheduled(deck, state, rating, now)[1] for rating in Rating}

    def _scheduled(
        self, deck: str, before: CardState, rating: Rating, now: datetime
    ) -> tuple[CardState, timedelta]:
        """The card after an answer, and the interval to show for it; an exam's deadline
        may bring the date forward (issue 18), and then the interval is the wait."""
        after, interval = self.scheduler.outcome(before, rating, now)
        adjusted = self.deadline.adjust(deck, after, now)
        if adjusted.due != after.due and adjusted.due is not None:
            interval = adjusted.due - now
        return adjusted, interval

    def answer(
        self,
        card_id: str,
        rating: Rating,
        now: datetime,
        duration_ms: int,
        typed_answer: str | None = None,
    ) -> AnswerResult:
        """Record an answer and reschedule the card; committed before it returns.

        Raises:
            StoreError: the card is unknown, or the store cannot be written.
        """
        rating = Rating(rating)
        now = _floor_ms(now)
        numeric = numeric_id(card_id)
        version = self.version()
        with self._write() as db:
            row = db.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (numeric,)
            ).fetchone()
            if row is None:
                raise StoreError(f"card {card_id!r} is not in the review store {self.path}")
            before = _state_of(row)
            after, interval = self._scheduled(row[2], before, rating, now)
            assert after.due is not None
            db.execute(_UPDATE_STATE, (*_state_columns(after), numeric))
            leech = after.lapses > before.lapses and _is_leech(
                after.lapses, self.settings.leech_threshold
            )
            if leech:
                db.execute(
                    "UPDATE cards SET leech = 1, suspended = suspended OR ? WHERE id = ?",
                    (self.settings.leech_action == "suspend", numeric),
                )
            cursor = db.execute(
                "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
                "state_before, state_after, before, after, typed_answer, scheduled_days) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    numeric,
                    row[2],
                    row[3],
                    int(rating),
                    to_ms(now),
                    max(0, int(duration_ms)),
                    before.state_code,
                    after.state_code,
                    _to_json(before),
                    _to_json(after),
                    typed_answer,
                    _scheduled_days(before),
                ),
            )
            assert cursor.lastrowid is not None
            review_id = cursor.lastrowid
        self._answered.append(review_id)
        self.planner.answered(
            version,
            self.version(),
            (numeric, row[2], row[3], before.state_code),
            None if before.due is None else to_ms(before.due),
            to_ms(now),
        )
        return AnswerResult(card_id, rating, after.due, interval, leech)

    def undo_last(self) -> str | None:
        """Take back this session's last answer, restoring the card's exact prior state.

        Returns the card's text id, or None if this session has nothing left to undo.
        The review row stays in the log, marked undone (and ignored everywhere).

        Raises:
            StoreError: the card was answered again since (e.g. in another session).
        """
        if not self._answered:
            return None
        review_id = self._answered[-1]
        with self._write() as db:
            row = db.execute(
                "SELECT r.card_id, r.before, r.after, r.undone_at, c.text_id "
                "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.id = ?",
                (review_id,),
            ).fetchone()
            if row is None or row[3] is not None:
                self._answered.pop()
                return None
            numeric, before_json, after_json, _, text_id = row
            later = db.execute(
                "SELECT 1 FROM reviews WHERE card_id = ? AND id > ? AND undone_at IS NULL",
                (numeric, review_id),
            ).fetchone()
            current = db.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (numeric,)
            ).fetchone()
            if later or _to_json(_state_of(current)) != after_json:
                raise StoreError(
                    f"cannot undo the answer to {text_id!r}: it was answered again since"
                )
            before = CardState.from_dict(json.loads(before_json))
            db.execute(
                _UPDATE_STATE,
                (*_state_columns(before), numeric),
            )
            db.execute(
                "UPDATE reviews SET undone_at = ? WHERE id = ?",
                (to_ms(datetime.now(UTC)), review_id),
            )
        self._answered.pop()
        return str(text_id)

    def bury(self, card_id: str, now: datetime) -> None:
        """Hide a card until the next study day."""
        until = to_ms(next_day_start(now, self.settings))
        with self._write() as db:
            db.execute(
                "UPDATE cards SET buried_until = ? WHERE id = ?", (until, numeric_id(card_id))
            )

    def suspend(self, card_id: str) -> None:
        """Take a card out of every queue until `unsuspend` (its schedule is kept)."""
        with self._write() as db:
            db.execute("UPDATE cards SET suspended = 1 WHERE id = ?", (numeric_id(card_id),))

    def unsuspend(self, card_id: str) -> None:
        """Put a suspended card back into the queue."""
        with self._write() as db:
            db.execute("UPDATE cards SET suspended = 0 WHERE id = ?", (numeric_id(card_id),))

    def history(self, card_id: str, *, include_undone: bool = False) -> list[ReviewRow]:
        """The review log of one card, oldest first (undone answers left out by default)."""
        query = (
            "SELECT r.id, c.text_id, r.deck, r.fact, r.rating, r.reviewed_at, r.duration_ms, "
            "r.state_before, r.state_after, r.before, r.after, r.typed_answer, r.undone_at "
            "FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.card_id = ?"
        )
        if not include_undone:
            query += " AND r.undone_at IS NULL"
        with self.guard():
            rows = self.connection.execute(query + " ORDER BY r.id", (numeric_id(card_id),))
            return [
                ReviewRow(
                    id=row[0],
                    card_id=row[1],
                    deck=row[2],
                    fact=row[3],
                    rating=Rating(row[4]),
                    reviewed_at=from_ms(row[5]),
                    duration_ms=row[6],
                    state_before=STATE_NAMES[row[7]],
                    state_after=STATE_NAMES[row[8]],
                    before=CardState.from_dict(json.loads(row[9])),
                    after=CardState.from_dict(json.loads(row[10])),
                    typed_answer=row[11],
                    undone=row[12] is not None,
                )
                for row in rows
            ]

    # -------------------------------------------------------------------- queue

    def queue(self, decks: Sequence[str] | None, now: datetime) -> list[QueueEntry]:
        """Today's session in order (`studykit.study.queue.Queue.cards`)."""
        with self.guard():
            return self.planner.cards(decks, _floor_ms(now))

    def next_card(self, decks: Sequence[str] | None, now: datetime) -> QueueEntry | None:
        """The card to show now, or None when the day is done (`Queue.next_card`)."""
        with self.guard():
            return self.planner.next_card(decks, _floor_ms(now))

    def counts(self, decks: Sequence[str] | None, now: datetime) -> dict[str, DeckCounts]:
        """Per deck, the new, learning and review cards still due today (`Queue.counts`)."""
        with self.guard():
            return self.planner.counts(decks, _floor_ms(now))

    def held_back(self, decks: Sequence[str] | None, now: datetime) -> int:
        """How many cards sibling burying holds back today (`Queue.held_back`)."""
        with self.guard():
            return self.planner.held_back(decks, _floor_ms(now))

    def deck_ids(self) -> list[str]:
        """Every deck the store has cards of (removed cards included), sorted."""
        with self.guard():
            return self._distinct_decks("1")

    # ---------------------------------------------------- queries for the queue

    def answered_since(self, since_ms: int) -> list[tuple[int, str, str, int]]:
        """(card, deck, fact, state before) of the answers given since `since_ms`."""
        return self.connection.execute(
            "SELECT card_id, deck, fact, state_before FROM reviews "
            "WHERE reviewed_at >= ? AND undone_at IS NULL",
            (since_ms,),
        ).fetchall()

    def due_review_facts(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> list[tuple[str, str]]:
        """(deck, fact) of every review card due before `before_ms` (from an index)."""
        deck_filter, deck_params = _deck_clause(decks)
        return self.connection.execute(
            "SELECT deck, fact FROM cards INDEXED BY cards_due "
            f"WHERE state = 2 AND due < ? AND {_ACTIVE} AND {_NOT_BURIED}{deck_filter}",
            (before_ms, now_ms, *deck_params),
        ).fetchall()

    def version(self) -> tuple[int, int]:
        """Changes whenever the store does (rows written here, commits elsewhere)."""
        data_version = self.connection.execute("PRAGMA data_version").fetchone()[0]
        return self.connection.total_changes, int(data_version)

    def learning_due(
        self, decks: Sequence[str] | None, after_ms: int | None, until_ms: int, now_ms: int
    ) -> Iterator[tuple[Row, int | None]]:
        """Learning and relearning cards due in (after_ms, until_ms], by due time."""
        deck_filter, deck_params = _deck_clause(decks)
        lower, lower_params = ("", ()) if after_ms is None else (" AND due > ?", (after_ms,))
        rows = self.connection.execute(
            "SELECT id, text_id, deck, fact, state, last_review FROM cards INDEXED BY cards_due "
            f"WHERE state IN (1, 3) AND due <= ?{lower} AND {_ACTIVE} AND {_NOT_BURIED}"
            f"{deck_filter} ORDER BY due, id",
            (until_ms, *lower_params, now_ms, *deck_params),
        )
        for row in rows:
            yield row[:5], row[5]

    def reviews_due(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> Iterator[Row]:
        """Review cards due before `before_ms`, most overdue first."""
        deck_filter, deck_params = _deck_clause(decks)
        yield from self.connection.execute(
            "SELECT id, text_id, deck, fact, state FROM cards "
            f"WHERE state = 2 AND due < ? AND {_ACTIVE} AND {_NOT_BURIED}{deck_filter} "
            "ORDER BY due, id",
            (before_ms, now_ms, *deck_params),
        )

    def new_cards(
        self, deck: str, after_position: int, limit: int
    ) -> list[tuple[Row, int | None, int]]:
        """The next `limit` of a deck's new cards after `after_position`, in the order
        they are introduced, each with the moment it is buried until (None: not buried)
        and its position. The queue keeps what it read for the session and leaves out
        the buried ones itself, so what is read does not depend on the time."""
        return [
            ((card, text_id, deck_id, fact, state), buried_until, position)
            for card, text_id, deck_id, fact, state, buried_until, position in (
                self.connection.execute(
                    "SELECT id, text_id, deck, fact, state, buried_until, position "
                    "FROM cards INDEXED BY cards_new WHERE deck = ? AND position > ? "
                    "AND state = 0 AND removed_at IS NULL AND suspended = 0 "
                    "ORDER BY position LIMIT ?",
                    (deck, after_position, limit),
                )
            )
        ]

    def waiting_cards(self, decks: Sequence[str] | None) -> list[tuple[int, str, str]]:
        """(card, deck, fact): new cards of `decks` (or all) and the facts they require
        that have no card introduced yet, but an active new card that can be, one that
        requires nothing itself.

        A required fact with no card, or only removed or suspended ones, or in a deck
        not among `decks`, or the card's own fact, is left out: it never holds a card
        back. So is one whose new cards all wait themselves: requirements that form a
        cycle (no card maker makes one) cannot hold cards back for ever.
        """
        waiting_filter, deck_params = _deck_clause(decks, "c.deck")
        required_filter, _ = _deck_clause(decks, "r.deck")
        return self.connection.execute(
            "SELECT r.card_id, r.deck, r.fact FROM requires r JOIN cards c ON c.id = r.card_id "
            "WHERE c.state = 0 AND c.removed_at IS NULL AND c.suspended = 0 "
            f"AND NOT (r.deck = c.deck AND r.fact = c.fact){waiting_filter}{required_filter} "
            "AND NOT EXISTS (SELECT 1 FROM cards i INDEXED BY cards_fact "
            "WHERE i.deck = r.deck AND i.fact = r.fact AND i.state != 0) "
            "AND EXISTS (SELECT 1 FROM cards w INDEXED BY cards_fact "
            "WHERE w.deck = r.deck AND w.fact = r.fact AND w.state = 0 "
            "AND w.removed_at IS NULL AND w.suspended = 0 "
            "AND NOT EXISTS (SELECT 1 FROM requires o WHERE o.card_id = w.id))",
            (*deck_params, *deck_params),
        ).fetchall()

    def new_decks(self, decks: Sequence[str] | None) -> list[str]:
        """Decks (of `decks`, or all) with new cards, by skipping through an index."""
        found = self._distinct_decks(
            "state = 0 AND removed_at IS NULL AND suspended = 0", index="cards_new"
        )
        return found if decks is None else [deck for deck in dict.fromkeys(decks) if deck in found]

    def active_decks(self, decks: Sequence[str] | None) -> list[str]:
        """`decks`, or every deck with cards still in it."""
        if decks is not None:
            return list(dict.fromkeys(decks))
        return self._distinct_decks("removed_at IS NULL")

    def learning_counts(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> dict[str, int]:
        """Per deck, the learning cards due before `before_ms`."""
        deck_filter, deck_params = _deck_clause(decks)
        return dict(
            self.connection.execute(
                "SELECT deck, COUNT(*) FROM cards INDEXED BY cards_due "
                "WHERE state IN (1, 3) AND due < ? "
                f"AND {_ACTIVE} AND {_NOT_BURIED}{deck_filter} GROUP BY deck",
                (before_ms, now_ms, *deck_params),
            )
        )

    def _distinct_decks(self, where: str, index: str = "cards_deck") -> list[str]:
        # one index seek per deck instead of reading every row (a few decks, many cards);
        # the index is named: for new cards SQLite chose one by state and sorted every
        # new card for each deck (~1.8 ms before the first card, 0.2 with cards_new)
        decks: list[str] = []
        last = ""
        while True:
            row = self.connection.execute(
                f"SELECT deck FROM cards INDEXED BY {index} "
                f"WHERE {where} AND deck > ? ORDER BY deck LIMIT 1",
                (last,),
            ).fetchone()
            if row is None:
                return decks
            last = row[0]
            decks.append(last)

    # ------------------------------------------------------------------- doctor

    def doctor(self) -> DoctorReport:
        """Check the file (`PRAGMA quick_check`) and every card against its log.

        A card is consistent when its row is what replaying its answers, in the
        log's order, through the scheduler gives. Answers logged before the rules or
        settings last changed are not replayed: their logged result is the starting
        point (`REPLAY_FROM_KEY`), so changing settings is not taken for damage. The
        file check runs on a second connection in a thread meanwhile (SQLite works
        without the GIL), as the replay keeps this one busy.
        """
        check: list[str] = []
        checker = threading.Thread(target=self._quick_check, args=(check,))
        checker.start()
        try:
            with self.guard():
                cards = self.connection.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
                reviews = self.connection.execute(
                    "SELECT COUNT(*) FROM reviews WHERE undone_at IS NULL"
                ).fetchone()[0]
                anchor = int(self.get_setting(REPLAY_FROM_KEY) or 0)
                mismatched = [
                    text_id
                    for text_id, current, target in self._replayed(anchor)
                    if _state_columns(current) != _state_columns(target)
                ]
        finally:
            checker.join()
        return DoctorReport(self.path, self.schema_version, check, cards, reviews, mismatched)

    def _quick_check(self, result: list[str]) -> None:
        """`PRAGMA quick_check` on a read-only connection of its own."""
        try:
            reader = sqlite3.connect(
                f"{self.path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S
            )
            try:
                result.extend(row[0] for row in reader.execute("PRAGMA quick_check"))
            finally:
                reader.close()
        except sqlite3.Error as exc:
            result.append(f"cannot check the file: {exc}")

    def rebuild(self) -> int:
        """Recompute every card's state by replaying its answers with today's rules.

        Answers are replayed in the log's order through the same code that
        scheduled them (`Scheduler.replay`), with the current settings; cards that
        already agree are left alone. A backup copy of the file is made first.
        Returns how many cards changed.
        """
        backup = self.path.with_name(f"{self.path.stem}.before-rebuild{self.path.suffix}")
        needed = 2 * sum(
            p.stat().st_size for p in (self.path, integrity.wal_path(self.path)) if p.exists()
        )
        if problem := integrity.free_space_problem(self.path, needed, f"the backup copy {backup}"):
            raise StoreError(problem)
        self.backup(backup)
        with self._write():
            return self.replay()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction for a caller that writes several things at once (the
        Anki sync adds answers and replays their cards): all of it or none of it."""
        with self._write() as db:
            yield db

    def replay(self, cards: Collection[int] | None = None) -> int:
        """`rebuild`'s work for some cards (numeric ids; None: all), inside a transaction
        the caller holds (`transaction()`); no backup. Returns how many cards changed.

        Replaying all cards makes every answer count as scheduled by today's rules
        (`REPLAY_FROM_KEY` back to 0).
        """
        with self.guard():
            updates = [
                (*_state_columns(target), current.card_id)
                for _, current, target in self._replayed(0, cards)
                if _state_columns(current) != _state_columns(target)
            ]
        self.connection.executemany(_UPDATE_STATE, updates)
        if cards is None:
            self.connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, '0') "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (REPLAY_FROM_KEY,),
            )
        return len(updates)

    def _replayed(
        self, anchor: int, only: Collection[int] | None = None
    ) -> Iterator[tuple[str, CardState, CardState]]:
        """(text id, current state, state the log implies) for every card (or `only`).

        Answers with ids up to `anchor` are taken as logged (the `after` of the last
        one, or the `before` of the first later one, starts the replay).
        """
        db = self.connection
        replay = self.scheduler.replay
        query = (
            "SELECT card_id, id, rating, reviewed_at, origin FROM reviews WHERE undone_at IS NULL"
        )
        if only is None:
            cards = {row[0]: row for row in db.execute(f"SELECT {_CARD_COLUMNS} FROM cards")}
            answers: Iterable[tuple[int, int, int, int, str | None]] = db.execute(
                f"{query} ORDER BY card_id, id"
            )
        else:
            wanted = sorted(set(only))
            cards = {}
            answers = []
            for card in wanted:
                found = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card,))
                cards.update((row[0], row) for row in found)
                answers += db.execute(f"{query} AND card_id = ? ORDER BY id", (card,)).fetchall()
        for card, group in groupby(answers, key=itemgetter(0)):
            row = cards.pop(card, None)
            if row is None:
                continue  # answers of a card no longer in the table
            own = _replay_order([answer[1:] for answer in group])
            start = CardState(card_id=card)
            old = [answer[0] for answer in own if answer[0] <= anchor]
            if old:
                own = [answer for answer in own if answer[0] > anchor]
                if own:
                    first = min(answer[0] for answer in own)
                    start = _from_json(self._logged(first, "before"))
                else:
                    start = _from_json(self._logged(max(old), "after"))
            target, _ = replay(start, [(rating, at) for _, rating, at, _ in own])
            if own:  # a date brought forward by an exam's deadline, as `answer` does
                target = self.deadline.adjust(row[2], target, from_ms(own[-1][2]))
            current = _state_of(row)
            yield str(row[1]), current, target
        for row in cards.values():  # never answered
            yield str(row[1]), _state_of(row), CardState(card_id=row[0])

    def _logged(self, review_id: int, column: str) -> str:
        """The `before` or `after` JSON of one review."""
        row = self.connection.execute(
            f"SELECT {column} FROM reviews WHERE id = ?", (review_id,)
        ).fetchone()
        return str(row[0])

    def backup(self, target: Path) -> Path:
        """A consistent copy of the store at `target`.

        The log is first folded into the file and the file copied by the kernel while
        other writers wait (0.6 s for 700 MB, against 2.4 s for SQLite's page-by-page
        online backup); when that cannot be done cleanly (another session keeps the
        log busy, or the system cannot copy that way), SQLite's online backup is used.
        The copy is made aside and then renamed: never a partial (or empty) backup,
        and an older one is kept until the new one is complete.
        """
        partial = target.with_name(f"{target.name}.partial")
        try:
            with self.guard():
                partial.unlink(missing_ok=True)
                if not self._copy_checkpointed(partial):
                    partial.unlink(missing_ok=True)
                    destination = sqlite3.connect(partial)
                    try:
                        self.connection.backup(destination)
                    finally:
                        destination.close()
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target

    def _copy_checkpointed(self, target: Path) -> bool:
        """Copy the file after a full checkpoint, holding the write lock; False if unsafe."""
        try:
            busy, _, _ = self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:
            return False  # e.g. a statement of this connection is still reading
        wal = self.path.with_name(self.path.name + "-wal")
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            if busy or (wal.exists() and wal.stat().st_size > 0):
                return False  # the log still holds pages the file lacks
            with self.path.open("rb") as source, target.open("wb") as copy:
                remaining = os.fstat(source.fileno()).st_size
                while remaining > 0:
                    copied = os.copy_file_range(source.fileno(), copy.fileno(), remaining)
                    if copied <= 0:
                        return False
                    remaining -= copied
                os.fsync(copy.fileno())
            return True
        except OSError:
            return False
        finally:
            self.connection.execute("COMMIT")


# ---------------------------------------------------------------------- helpers


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite failed because another connection holds the file."""
    return "locked" in str(exc) or "busy" in str(exc)


def _use_wal(path: Path, connection: sqlite3.Connection) -> None:
    """Switch the file to WAL (once: the mode is kept in the file).

    Switching needs the file to itself, and SQLite answers "locked" at once, without
    waiting out the busy timeout, while another process is creating the same new file;
    so this retries for as long as the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise StoreError(f"cannot open the review store {path}: {exc}") from exc
            time.sleep(0.005)


def _sync_requirements(db: sqlite3.Connection, cards: Sequence[Card], covered: list[str]) -> None:
    """Make the `requires` rows of the covered decks' cards what `cards` say (rows
    written only where they changed, so a sync of unchanged decks writes nothing)."""
    wanted = {
        (card.numeric, *split_fact_ref(ref))
        for card in cards
        if card.deck in covered
        for ref in card.requires
    }
    kept: set[tuple[int, str, str]] = set()
    for deck in covered:
        kept.update(
            db.execute(
                "SELECT r.card_id, r.deck, r.fact FROM requires r "
                "JOIN cards c ON c.id = r.card_id WHERE c.deck = ?",
                (deck,),
            )
        )
    db.executemany(
        "DELETE FROM requires WHERE card_id = ? AND deck = ? AND fact = ?", kept - wanted
    )
    db.executemany("INSERT OR IGNORE INTO requires VALUES (?, ?, ?)", wanted - kept)


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all, before SQLite ever opens it."""
    try:
        if not path.exists():
            return
        if not path.is_file():
            raise StoreError(f"the review store {path} is not a regular file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read the review store {path}: {exc}") from exc
    if header and header != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a studykit review store (not an SQLite database); "
            "it was left untouched. Move it away or choose another --data-dir/--profile."
        )


def _check_identity(path: Path, connection: sqlite3.Connection) -> int:
    """The store's schema version, after making sure it is ours and not from the future.

    Only reads: a refused file is never written to.
    """
    try:
        connection.execute("BEGIN")  # one snapshot: another process may be creating it
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            objects = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        finally:
            connection.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        raise StoreError(integrity.cause(exc, path)) from exc
    if application_id == 0 and version == 0 and objects == 0:
        return 0  # a brand-new (empty) file
    if application_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is an SQLite database of another program, not a studykit review "
            "store; it was left untouched. Move it away or choose another "
            "--data-dir/--profile."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the review store {path} was written by a newer studykit (schema version "
            f"{version}; this studykit knows up to {SCHEMA_VERSION}); it was left "
            "untouched. Upgrade studykit to use it."
        )
    return int(version)


def _migrate(path: Path, connection: sqlite3.Connection, version: int) -> None:
    """Bring the store from `version` to `SCHEMA_VERSION`, all or nothing."""
    try:
        if version > 0:
            backup = path.with_name(f"{path.stem}.before-v{SCHEMA_VERSION}{path.suffix}")
            if not backup.exists():
                target = sqlite3.connect(backup)
                try:
                    connection.backup(target)
                finally:
                    target.close()
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = connection.execute("PRAGMA user_version").fetchone()[0]
            for target_version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target_version - 1]:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {target_version}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot upgrade the review store {path} from schema version {version}: {exc}; "
            "it was left as it was"
        ) from exc


def _deck_clause(decks: Sequence[str] | None, column: str = "deck") -> tuple[str, tuple[str, ...]]:
    if decks is None:
        return "", ()
    unique = tuple(dict.fromkeys(decks))
    if not unique:
        return " AND 0", ()
    return f" AND {column} IN ({', '.join('?' * len(unique))})", unique


def _state_of(row: Sequence[Any]) -> CardState:
    """A CardState from a row of `_CARD_COLUMNS`."""
    return CardState(
        card_id=row[0],
        state=STATE_NAMES[row[4]],
        step=row[5],
        stability=row[6],
        difficulty=row[7],
        due=None if row[4] == NEW or row[8] is None else from_ms(row[8]),
        last_review=None if row[9] is None else from_ms(row[9]),
        reps=row[10],
        lapses=row[11],
    )


def _state_columns(state: CardState) -> tuple[Any, ...]:
    """state, step, stability, difficulty, due, last_review, reps, lapses."""
    return (
        state.state_code,
        state.step,
        state.stability,
        state.difficulty,
        None if state.due is None else to_ms(state.due),
        None if state.last_review is None else to_ms(state.last_review),
        state.reps,
        state.lapses,
    )


def _is_leech(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at `threshold` lapses, and again every half as many more."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def _replay_order(
    answers: list[tuple[int, int, int, str | None]],
) -> list[tuple[int, int, int, str | None]]:
    """A card's answers (id, rating, time, origin; in id order) in the order to replay.

    The log's order, with answers imported from Anki placed by their time: an answer
    given here counts as given no earlier than the answers logged before it (so one
    whose clock went backwards keeps its place, as when it was scheduled), while an
    answer from Anki, logged at the sync, goes where its own time puts it.
    """
    if all(answer[3] is None for answer in answers):
        return answers  # all given here: the log's order
    keyed = []
    latest = None
    for answer in answers:
        at = answer[2]
        if answer[3] is None and latest is not None and at < latest:
            at = latest
        latest = at if latest is None else max(latest, at)
        keyed.append((at, answer[0], answer))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in keyed]


def _scheduling(settings: SchedulerSettings) -> tuple[Any, ...]:
    """The settings that change the state an answer leaves a card in."""
    return (
        settings.desired_retention,
        settings.learning_steps,
        settings.relearning_steps,
        settings.enable_fuzzing,
        settings.maximum_interval,
        settings.day_start_hour,
        settings.timezone,
    )


def _to_json(state: CardState) -> str:
    return json.dumps(state.to_dict(), sort_keys=True, separators=(",", ":"))


def _from_json(text: str) -> CardState:
    return CardState.from_dict(json.loads(text))


def _scheduled_days(before: CardState) -> float | None:
    """The interval the card had been given before this answer (None for a new card)."""
    if before.due is None or before.last_review is None:
        return None
    return (before.due - before.last_review) / timedelta(days=1)


__all__ = [
    "AnswerResult",
    "DeckCounts",
    "DoctorReport",
    "QueueEntry",
    "ReviewRow",
    "Store",
    "StoreError",
    "SyncResult",
    "from_ms",
    "to_ms",
]
