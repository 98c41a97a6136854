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

Cards are known by their text id (`deck/fact/direction`); the queue is built from the
store alone with indexed queries, without loading any deck file. A `Store` is used
from one thread at a time.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from studykit.content.cards import numeric_id
from studykit.errors import StudykitError
from studykit.paths import DEFAULT_PROFILE, store_path
from studykit.study import integrity
from studykit.study.deadline import DeadlinePolicy
from studykit.study.fit import fitted_parameters
from studykit.study.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from studykit.study.scheduling import (
    STATE_NAMES,
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    SettingsError,
    as_utc,
    day_start,
    next_day_start,
)

if TYPE_CHECKING:
    from studykit.content.cards import Card

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another session's transaction before giving up."""
SETTINGS_KEY = "scheduler"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
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


class StoreError(StudykitError):
    """The review store cannot be used as asked; the message names the file."""


def to_ms(moment: datetime) -> int:
    """A UTC-aware datetime as integer epoch milliseconds (how the store keeps time)."""
    return (as_utc(moment) - EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """Epoch milliseconds back to a UTC-aware datetime."""
    return EPOCH + timedelta(milliseconds=ms)


def _floor_ms(moment: datetime) -> datetime:
    return from_ms(to_ms(moment))


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One card to show in a session."""

    card_id: str
    """The card's text id `deck/fact/direction`."""
    deck: str
    fact: str
    state: str
    """"new", "learning", "review" or "relearning"."""


@dataclass(frozen=True, slots=True)
class DeckCounts:
    """What one deck has due today (new cards capped by the daily limit)."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What an answer did: when the card comes back."""

    card_id: str
    rating: Rating
    next_due: datetime
    interval: timedelta


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


@dataclass(slots=True)
class _Today:
    """Today's answers, which drive sibling burying, limits and new/review mixing."""

    reviewed: dict[tuple[str, str], set[int]]
    new_per_deck: Counter[str]
    new_done: int
    reviews_done: int

    def sibling_reviewed(self, card: int, deck: str, fact: str) -> bool:
        ids = self.reviewed.get((deck, fact))
        return bool(ids) and (len(ids) > 1 or card not in ids)


class Store:
    """A profile's review store. Open with `Store.open(...)`; close or use `with`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        """Use `Store.open` or `Store.at`; this takes an already checked connection."""
        self.path = path
        self.connection = connection
        """The SQLite connection (for read-only queries such as `studykit.study.stats`)."""
        self.settings = SchedulerSettings()
        self.scheduler = Scheduler(self.settings)
        self.deadline = DeadlinePolicy([], self.settings)
        """Brings reviews before an exam (`studykit exam set`); empty without exams."""
        self._answered: list[int] = []
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
        self.deadline = DeadlinePolicy.load(self, settings, parameters)

    def reload_settings(self) -> None:
        """Read the scheduler settings, fitted parameters and exams again."""
        self._load_settings()

    def save_settings(self, settings: SchedulerSettings) -> None:
        """Keep `settings` for this profile and schedule with them from now on."""
        self.set_setting(SETTINGS_KEY, settings.to_json())
        self._use(settings)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A stored preference (e.g. the quiz theme), or `default`."""
        with self.guard():
            row = self.connection.execute(
                "SELECT value FROM settings WHERE key = ?", (key,)
            ).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Store a preference; committed at once."""
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -------------------------------------------------------------------- cards

    def sync_cards(
        self, cards: Sequence[Card], now: datetime, *, decks: Sequence[str] | None = None
    ) -> SyncResult:
        """Register the cards of some decks; cards of those decks not given are removed.

        `decks` names the decks `cards` cover completely (default: the decks of
        `cards`). A removed card keeps its history and leaves the queue; it comes back
        with its schedule if its fact returns. New cards are introduced in the order
        given, after cards already known. Edited text changes nothing: ids are stable.
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
        """The interval each rating would give the card at `now` (for button labels)."""
        now = _floor_ms(now)
        states = self.scheduler.preview_states(self.card_state(card_id), now)
        deck = card_id.split("/", 1)[0]
        return {
            rating: due - now
            for rating, after in states.items()
            if (due := self.deadline.adjust(deck, after, now).due) is not None
        }

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
        with self._write() as db:
            row = db.execute(
                f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (numeric,)
            ).fetchone()
            if row is None:
                raise StoreError(f"card {card_id!r} is not in the review store {self.path}")
            before = _state_of(row)
            after = self.scheduler.review(before, rating, now)
            after = self.deadline.adjust(row[2], after, now)  # before an exam (issue 18)
            assert after.due is not None
            db.execute(
                _UPDATE_STATE,
                (*_state_columns(after), numeric),
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
        return AnswerResult(card_id, rating, after.due, after.due - now)

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
        """Today's session, in order.

        Learning cards due now come first (by due time); then reviews due today and
        new cards (up to `new_per_day` per deck, in deck order) mixed evenly, so the
        day's new cards are spread across its reviews; last, learning cards due within
        `learn_ahead_minutes`. Only one card per fact is shown a day: a card whose
        sibling was answered today, or comes earlier in the queue, is buried until
        tomorrow (learning cards are never buried). Suspended, buried and removed
        cards are left out. `decks=None` means every deck.
        """
        with self.guard():
            return self._plan(decks, _floor_ms(now), limit=None)

    def next_card(self, decks: Sequence[str] | None, now: datetime) -> QueueEntry | None:
        """The card to show now (the head of `queue`), or None when the day is done."""
        with self.guard():
            plan = self._plan(decks, _floor_ms(now), limit=1)
        return plan[0] if plan else None

    def counts(self, decks: Sequence[str] | None, now: datetime) -> dict[str, DeckCounts]:
        """Per deck, the new, learning and review cards still due today.

        Learning counts every learning card due before the next study day starts
        (not only those due this minute). Decks with nothing due are included.
        """
        now = _floor_ms(now)
        with self.guard():
            entries = self._plan(decks, now, limit=None)
            deck_list = self._deck_ids(decks)
            learning = dict(
                self.connection.execute(
                    "SELECT deck, COUNT(*) FROM cards WHERE state IN (1, 3) AND due < ? "
                    f"AND {_ACTIVE} AND (buried_until IS NULL OR buried_until <= ?) "
                    "GROUP BY deck",
                    (to_ms(next_day_start(now, self.settings)), to_ms(now)),
                )
            )
        new: Counter[str] = Counter()
        review: Counter[str] = Counter()
        for entry in entries:
            if entry.state == "new":
                new[entry.deck] += 1
            elif entry.state == "review":
                review[entry.deck] += 1
        return {
            deck: DeckCounts(new[deck], int(learning.get(deck, 0)), review[deck])
            for deck in deck_list
        }

    def deck_ids(self) -> list[str]:
        """Every deck the store has cards of (removed cards included), sorted."""
        with self.guard():
            return self._distinct_decks("1")

    def _deck_ids(self, decks: Sequence[str] | None) -> list[str]:
        if decks is not None:
            return list(dict.fromkeys(decks))
        return self._distinct_decks("removed_at IS NULL")

    def _today(self, now: datetime) -> _Today:
        reviewed: dict[tuple[str, str], set[int]] = defaultdict(set)
        new_per_deck: Counter[str] = Counter()
        reviews_done = 0
        rows = self.connection.execute(
            "SELECT card_id, deck, fact, state_before FROM reviews "
            "WHERE reviewed_at >= ? AND undone_at IS NULL",
            (to_ms(day_start(now, self.settings)),),
        )
        for card, deck, fact, state_before in rows:
            reviewed[(deck, fact)].add(card)
            if state_before == NEW:
                new_per_deck[deck] += 1
            elif state_before == REVIEW:
                reviews_done += 1
        return _Today(reviewed, new_per_deck, sum(new_per_deck.values()), reviews_done)

    def _plan(
        self, decks: Sequence[str] | None, now: datetime, limit: int | None
    ) -> list[QueueEntry]:
        """The session queue, or only its first `limit` entries (cheaply)."""
        db = self.connection
        now_ms = to_ms(now)
        deck_filter, deck_params = _deck_clause(decks)
        not_buried = "(buried_until IS NULL OR buried_until <= ?)"

        learning_sql = (
            "SELECT id, text_id, deck, fact, state FROM cards WHERE state IN (1, 3) "
            f"AND due <= ? AND {_ACTIVE} AND {not_buried}{deck_filter} ORDER BY due, id"
        )
        if limit is not None:
            learning_sql += f" LIMIT {int(limit)}"
        learning = [_entry(row) for row in db.execute(learning_sql, (now_ms, now_ms, *deck_params))]
        if limit is not None and len(learning) >= limit:
            return learning[:limit]

        today = self._today(now)
        seen_facts: set[tuple[str, str]] = set()

        def fresh(card: int, deck: str, fact: str) -> bool:
            key = (deck, fact)
            if key in seen_facts or today.sibling_reviewed(card, deck, fact):
                return False
            seen_facts.add(key)
            return True

        end_ms = to_ms(next_day_start(now, self.settings))
        review_where = f"state = 2 AND due < ? AND {_ACTIVE} AND {not_buried}{deck_filter}"
        review_params = (end_ms, now_ms, *deck_params)
        review_total = db.execute(
            f"SELECT COUNT(*) FROM cards WHERE {review_where}", review_params
        ).fetchone()[0]
        review_rows = db.execute(
            f"SELECT id, text_id, deck, fact, state FROM cards WHERE {review_where} "
            "ORDER BY due, id",
            review_params,
        )
        reviews: list[QueueEntry] = []
        for row in review_rows:
            if fresh(row[0], row[2], row[3]):
                reviews.append(_entry(row))
                if limit is not None:
                    break  # the head is enough: the mix uses the count above

        if limit is not None:
            # only the head of the reviews was read: skip new cards whose fact has a
            # review due today further down, as the full queue does
            due_facts = set(
                db.execute(f"SELECT deck, fact FROM cards WHERE {review_where}", review_params)
            )
            plain_fresh = fresh

            def fresh(card: int, deck: str, fact: str) -> bool:
                return (deck, fact) not in due_facts and plain_fresh(card, deck, fact)

        news = self._new_cards(decks, today, now_ms, fresh)

        mixed = _mix(reviews, news, review_total, today, limit)
        result = learning + mixed
        if limit is not None and len(result) >= limit:
            return result[:limit]
        ahead_ms = now_ms + self.settings.learn_ahead_minutes * 60_000
        ahead_sql = (
            "SELECT id, text_id, deck, fact, state FROM cards WHERE state IN (1, 3) "
            f"AND due > ? AND due <= ? AND {_ACTIVE} AND {not_buried}{deck_filter} "
            "ORDER BY due, id"
        )
        result += [
            _entry(row) for row in db.execute(ahead_sql, (now_ms, ahead_ms, now_ms, *deck_params))
        ]
        return result if limit is None else result[:limit]

    def _new_cards(
        self,
        decks: Sequence[str] | None,
        today: _Today,
        now_ms: int,
        fresh: Any,
    ) -> list[QueueEntry]:
        """Each deck's new cards for today (limit minus those started today), in order."""
        per_day = self.settings.new_per_day
        found: list[tuple[int, QueueEntry]] = []
        for deck in self._deck_ids(decks) if decks is not None else self._new_decks():
            room = per_day - today.new_per_deck[deck]
            if room <= 0:
                continue
            rows = self.connection.execute(
                "SELECT id, text_id, deck, fact, state, position FROM cards "
                "WHERE deck = ? AND state = 0 AND removed_at IS NULL AND suspended = 0 "
                "AND (buried_until IS NULL OR buried_until <= ?) ORDER BY position",
                (deck, now_ms),
            )
            taken = 0
            for row in rows:
                if fresh(row[0], row[2], row[3]):
                    found.append((row[5], _entry(row)))
                    taken += 1
                    if taken >= room:
                        break
        found.sort(key=lambda item: item[0])
        return [entry for _, entry in found]

    def _new_decks(self) -> list[str]:
        """Decks with new cards, by skipping through the `cards_new` index."""
        return self._distinct_decks("state = 0 AND removed_at IS NULL AND suspended = 0")

    def _distinct_decks(self, where: str) -> list[str]:
        # one index seek per deck instead of reading every row (a few decks, many cards)
        decks: list[str] = []
        last = ""
        while True:
            row = self.connection.execute(
                f"SELECT deck FROM cards WHERE {where} AND deck > ? ORDER BY deck LIMIT 1",
                (last,),
            ).fetchone()
            if row is None:
                return decks
            last = row[0]
            decks.append(last)

    # ------------------------------------------------------------------- doctor

    def doctor(self) -> DoctorReport:
        """Check the file (`PRAGMA integrity_check`) and every card against its log.

        A card is consistent when its memory state (state, step, stability,
        difficulty, last review, reps, lapses) is what replaying its answers with
        fsrs gives, and its due date is the logged one (when the log's last state
        agrees with the replay; otherwise the due date was re-drawn by a rebuild).
        """
        with self.guard():
            integrity = [row[0] for row in self.connection.execute("PRAGMA integrity_check")]
            cards = self.connection.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
            reviews = self.connection.execute(
                "SELECT COUNT(*) FROM reviews WHERE undone_at IS NULL"
            ).fetchone()[0]
            mismatched = [
                text_id
                for text_id, current, target in self._replayed()
                if _memory(current) != _memory(target)
                or (target.due is not None and current.due != target.due)
            ]
        return DoctorReport(self.path, self.schema_version, integrity, cards, reviews, mismatched)

    def rebuild(self) -> int:
        """Recompute card states from the review log with fsrs `reschedule_card`.

        A card whose state disagrees with its replayed answers gets the replayed
        state: the logged due date if the log's last state agrees with the replay
        (so a damaged card table is restored exactly), else a freshly scheduled one
        (e.g. after the learning steps changed). Cards that agree are left alone. A
        backup copy of the file is made first. Returns how many cards changed.
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
        the caller holds (`transaction()`); no backup. Returns how many cards changed."""
        updates = []
        for _, current, target in self._replayed(cards):
            if _memory(current) == _memory(target) and (
                target.due is None or current.due == target.due
            ):
                continue
            if target.due is None:  # due re-drawn: with fuzzing as configured
                answers, lapses = self._answers(current.card_id)
                target = self.scheduler.reschedule(current.card_id, answers, lapses=lapses)
            updates.append((*_state_columns(target), current.card_id))
        self.connection.executemany(_UPDATE_STATE, updates)
        return len(updates)

    def _answers(self, card: int) -> tuple[list[tuple[Rating, datetime]], int]:
        rows = self.connection.execute(
            "SELECT rating, reviewed_at, state_before FROM reviews "
            "WHERE card_id = ? AND undone_at IS NULL ORDER BY id",
            (card,),
        ).fetchall()
        lapses = sum(state == REVIEW and rating == Rating.AGAIN for rating, _, state in rows)
        return [(Rating(rating), from_ms(at)) for rating, at, _ in rows], lapses

    def _replayed(
        self, cards: Collection[int] | None = None
    ) -> Iterator[tuple[str, CardState, CardState]]:
        """(text id, current state, state the log implies) for every card (or `cards`).

        The implied state's due is None when the log cannot tell it (the log's last
        state disagrees with the replay, so its due would be re-drawn with fuzz).
        """
        db = self.connection
        answers: dict[int, list[tuple[Rating, datetime]]] = defaultdict(list)
        lapses: Counter[int] = Counter()
        last_after: dict[int, str] = {}
        if cards is None:
            reviews = db.execute(
                "SELECT card_id, rating, reviewed_at, state_before, after FROM reviews "
                "WHERE undone_at IS NULL ORDER BY id"
            ).fetchall()
            rows = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards").fetchall()
        else:
            reviews, rows = [], []
            for card in sorted(set(cards)):
                reviews += db.execute(
                    "SELECT card_id, rating, reviewed_at, state_before, after FROM reviews "
                    "WHERE card_id = ? AND undone_at IS NULL ORDER BY id",
                    (card,),
                ).fetchall()
                rows += db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card,))
        for card, rating, at, state_before, after in reviews:
            answers[card].append((Rating(rating), from_ms(at)))
            lapses[card] += state_before == REVIEW and rating == Rating.AGAIN
            last_after[card] = after
        for row in rows:
            current = _state_of(row)
            card = current.card_id
            replayed = self.scheduler.reschedule(
                card, answers.get(card, []), lapses=lapses[card], fuzz=False
            )
            logged = _from_json(last_after[card]) if card in last_after else None
            if replayed.state == "new":
                target = replayed
            elif logged is not None and _memory(logged) == _memory(replayed):
                target = logged
            elif self.settings.enable_fuzzing:
                target = replace(replayed, due=None)
            else:
                target = replayed
            yield str(row[1]), current, target

    def backup(self, target: Path) -> Path:
        """A consistent copy of the store at `target` (SQLite's online backup)."""
        partial = target.with_name(f"{target.name}.partial")
        try:  # copied aside, then renamed: never a partial (or empty) backup, old one kept
            with self.guard():
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


def _deck_clause(decks: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    if decks is None:
        return "", ()
    unique = tuple(dict.fromkeys(decks))
    if not unique:
        return " AND 0", ()
    return f" AND deck IN ({', '.join('?' * len(unique))})", unique


def _mix(
    reviews: list[QueueEntry],
    news: list[QueueEntry],
    review_total: int,
    today: _Today,
    limit: int | None,
) -> list[QueueEntry]:
    """Reviews and new cards interleaved so both progress evenly through the day.

    A new card comes next when the share of today's new cards already started is
    below the share of today's reviews already done; the shares count answers given
    earlier today, so the mix is the same whether the queue is rebuilt after every
    answer or built once.
    """
    review_day = today.reviews_done + max(review_total, len(reviews))
    new_day = today.new_done + len(news)
    result: list[QueueEntry] = []
    r = n = 0
    while r < len(reviews) or n < len(news):
        if limit is not None and len(result) >= limit:
            break
        take_new = n < len(news) and (
            r >= len(reviews)
            or (today.new_done + n) * review_day < (today.reviews_done + r) * new_day
        )
        if take_new:
            result.append(news[n])
            n += 1
        else:
            result.append(reviews[r])
            r += 1
    return result


def _entry(row: Sequence[Any]) -> QueueEntry:
    return QueueEntry(card_id=row[1], deck=row[2], fact=row[3], state=STATE_NAMES[row[4]])


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


def _memory(state: CardState) -> tuple[Any, ...]:
    """What FSRS remembers of a card (everything but the due date, which fuzz moves)."""
    return (
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        state.last_review,
        state.reps,
        state.lapses,
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
