"""What to study next: today's limits, sibling burying, the order of cards, learn-ahead.

The store persists and answers indexed queries (`QueueSource`); this module decides.
The rules follow Anki's meaning:

- learning and relearning cards due now come first (by due time); they are never
  limited;
- then reviews due today and new cards, mixed evenly through the day. Reviews are
  capped by `reviews_per_day` and new cards by `new_per_day`, for all decks together,
  and by a deck's own limits where it has them; answers already given today count;
- new cards of several decks are interleaved (one from each deck in turn, each deck
  in its own order);
- a fact's other cards wait for tomorrow once one of its cards was answered today or
  comes earlier in today's queue, for new, review and (interday) learning cards as
  the three `bury_*_siblings` settings say;
- a new card that requires other facts (`Card.requires`: a condition's `zones:` card
  requires the zones it names) waits until each of them has a card introduced, or
  coming earlier in today's queue. A requirement never blocks forever: one in a deck
  not studied now, or in a deck whose new-card limit is 0, or whose cards are all
  removed or suspended, or whose new cards all wait themselves (a cycle), is not
  waited for (`QueueSource.waiting_cards`);
- last, when nothing else is due, learning cards due within `learn_ahead_minutes`.

A session asks for the next card only (`next_card`), never for the whole queue; the
plan behind it is bounded by the day's limits, so its cost does not grow with the
number of cards in the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice
from typing import NamedTuple, Protocol, TypeVar

from studykit.study.days import day_start, next_day_start
from studykit.study.days import to_ms as _ms
from studykit.study.settings import SchedulerSettings

STATE_NAMES: tuple[str, ...] = ("new", "learning", "review", "relearning")
NEW, LEARNING, REVIEW, RELEARNING = range(4)

_T = TypeVar("_T")
Row = tuple[int, str, str, str, int]
"""A card as the queue reads it: numeric id, text id, deck, fact, state code."""


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
    """What one deck has due today (new cards and reviews capped by the daily limits)."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


class QueueSource(Protocol):
    """The indexed queries the queue needs (`studykit.study.store.Store` offers them)."""

    @property
    def settings(self) -> SchedulerSettings: ...

    def answered_since(self, since_ms: int) -> list[tuple[int, str, str, int]]: ...

    def due_review_facts(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> list[tuple[str, str]]: ...

    def version(self) -> tuple[int, int]: ...

    def learning_due(
        self, decks: Sequence[str] | None, after_ms: int | None, until_ms: int, now_ms: int
    ) -> Iterator[tuple[Row, int | None]]: ...

    def reviews_due(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> Iterator[Row]: ...

    def new_cards(
        self, deck: str, after_position: int, limit: int
    ) -> list[tuple[Row, int | None, int]]: ...

    def waiting_cards(self, decks: Sequence[str] | None) -> list[tuple[int, str, str]]: ...

    def new_decks(self, decks: Sequence[str] | None) -> list[str]: ...

    def active_decks(self, decks: Sequence[str] | None) -> list[str]: ...

    def learning_counts(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> dict[str, int]: ...


class _Today(NamedTuple):
    """Today's answers, which drive sibling burying, limits and the new/review mix."""

    reviewed: dict[tuple[str, str], set[int]]
    new_per_deck: Counter[str]
    reviews_per_deck: Counter[str]

    def add(self, card: int, deck: str, fact: str, state_before: int) -> None:
        """Count one more answer given today."""
        self.reviewed[(deck, fact)].add(card)
        if state_before == NEW:
            self.new_per_deck[deck] += 1
        elif state_before == REVIEW:
            self.reviews_per_deck[deck] += 1

    def sibling_answered(self, card: int, deck: str, fact: str) -> bool:
        ids = self.reviewed.get((deck, fact))
        return ids is not None and (len(ids) > 1 or card not in ids)


class _Waiting(NamedTuple):
    """New cards held back until a card of each fact they require is introduced."""

    unmet: dict[int, set[tuple[str, str]]]
    """Card -> the required (deck, fact)s with no card introduced yet."""
    waiters: dict[tuple[str, str], list[int]]
    """(deck, fact) -> the cards waiting for it."""

    @classmethod
    def of(cls, rows: list[tuple[int, str, str]], closed: frozenset[str]) -> _Waiting:
        """From `QueueSource.waiting_cards`, ignoring facts of the `closed` decks."""
        waiting = cls({}, defaultdict(list))
        for card, deck, fact in rows:
            if deck not in closed:
                waiting.unmet.setdefault(card, set()).add((deck, fact))
                waiting.waiters[(deck, fact)].append(card)
        return waiting

    def introduced(self, deck: str, fact: str) -> None:
        """A card of (deck, fact) was answered for the first time."""
        for card in self.waiters.pop((deck, fact), ()):
            unmet = self.unmet.get(card)
            if unmet is not None:
                unmet.discard((deck, fact))
                if not unmet:
                    del self.unmet[card]

    def blocked(self, card: int, planned: set[tuple[str, str]]) -> bool:
        """Whether `card` still waits, given the facts planned earlier today."""
        unmet = self.unmet.get(card)
        return unmet is not None and not unmet <= planned


class NewCardRows:
    """A deck's new cards in order, read from the store a page at a time as a plan
    reaches them (a day's plan is bounded by the limits, not by the deck's size).

    Each entry is (row, buried until, position, (deck, fact)): the fact's key is made
    once here, not once per plan (a plan looks at every new card of the day)."""

    PAGE = 256
    FIRST_PAGE = 32
    """The first page is small and each next one twice as large (up to `PAGE`): with
    the default limits a plan takes a few cards of each deck, and reading 256 rows of
    each of nine decks was a third of the first card's plan."""

    __slots__ = ("complete", "deck", "page", "rows", "source")

    def __init__(self, source: QueueSource, deck: str) -> None:
        self.source, self.deck = source, deck
        self.rows: list[tuple[Row, int | None, int, tuple[str, str]]] = []
        self.complete = False
        self.page = min(self.FIRST_PAGE, self.PAGE)

    def unburied(self, now_ms: int) -> Iterator[tuple[Row, tuple[str, str]]]:
        """(row, (deck, fact)) of each card not buried at `now_ms`, in order."""
        read = 0
        while True:
            for row, buried_until, _, key in islice(self.rows, read, None):
                if buried_until is None or buried_until <= now_ms:
                    yield row, key
            read = len(self.rows)
            if self.complete:
                return
            after = self.rows[-1][2] if self.rows else -1
            page = self.source.new_cards(self.deck, after, self.page)
            self.rows.extend((row, until, at, (row[2], row[3])) for row, until, at in page)
            self.complete = len(page) < self.page
            self.page = min(self.page * 2, self.PAGE)

    def introduced(self, card: int) -> None:
        """`card` was answered for the first time: it is no longer new."""
        self.rows = [entry for entry in self.rows if entry[0][0] != card]


class Queue:
    """Today's study plan over a store; cheap to make (one per session or per call)."""

    __slots__ = ("_memo", "_memo_version", "source")

    def __init__(self, source: QueueSource) -> None:
        self.source = source
        self._memo: dict[tuple[object, ...], object] = {}
        self._memo_version: tuple[int, int] | None = None

    def _remember(self, key: tuple[object, ...], compute: Callable[[], _T]) -> _T:
        """`compute()`, kept until the store changes (a session asks for the next card
        and the counts at the same moment: the second question is free)."""
        version = self.source.version()
        if version != self._memo_version:
            self._memo.clear()
            self._memo_version = version
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def next_card(self, decks: Sequence[str] | None, now: datetime) -> QueueEntry | None:
        """The card to show now, or None when the day is done.

        Reads only the head of each part of the plan and counts the rest with
        aggregate queries, so its cost does not grow with the cards due today.
        """
        plan = self._plan(decks, now, self.source.settings, limit=1)
        return plan[0] if plan else None

    def cards(self, decks: Sequence[str] | None, now: datetime) -> list[QueueEntry]:
        """Today's whole queue, in order (for a listing; a session uses `next_card`)."""
        return self._plan(decks, now, self.source.settings, limit=None)

    def counts(self, decks: Sequence[str] | None, now: datetime) -> dict[str, DeckCounts]:
        """Per deck, the new, learning and review cards still to come today.

        Learning counts every learning card due before the next study day starts
        (not only those due this minute). Decks with nothing due are included.
        """
        settings = self.source.settings
        today = self._today(now, settings)
        reviews = self._review_counts(decks, now, settings, today)
        new = Counter(row[2] for row in self._new_cards(decks, now, settings, today))
        learning = self.source.learning_counts(decks, _ms(next_day_start(now, settings)), _ms(now))
        return {
            deck: DeckCounts(new[deck], learning.get(deck, 0), reviews[deck])
            for deck in self.source.active_decks(decks)
        }

    def held_back(self, decks: Sequence[str] | None, now: datetime) -> int:
        """How many cards siblings hold back today: those the queue would show with
        sibling burying off, but does not show with the settings as they are."""
        settings = self.source.settings
        unburied = replace(
            settings,
            bury_new_siblings=False,
            bury_review_siblings=False,
            bury_learning_siblings=False,
        )
        return len(self._plan(decks, now, unburied, limit=None)) - len(
            self._plan(decks, now, settings, limit=None)
        )

    # ------------------------------------------------------------------ the plan

    def _today(self, now: datetime, settings: SchedulerSettings) -> _Today:
        since = _ms(day_start(now, settings))
        return self._remember(("today", since), lambda: self._read_today(since))

    def _read_today(self, since_ms: int) -> _Today:
        today = _Today(defaultdict(set), Counter(), Counter())
        for answer in self.source.answered_since(since_ms):
            today.add(*answer)
        return today

    def _plan(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        limit: int | None,
    ) -> list[QueueEntry]:
        """The queue, or only its first `limit` entries (reading only what that needs)."""
        source = self.source
        now_ms = _ms(now)
        start_ms = _ms(day_start(now, settings))
        today = self._today(now, settings)

        learning: list[QueueEntry] = []
        for row, last_review in source.learning_due(decks, None, now_ms, now_ms):
            if _buried_learning(row, last_review, start_ms, today, settings):
                continue
            learning.append(_entry(row))
            if limit is not None and len(learning) >= limit:
                return learning

        if limit is None:
            reviews = self._reviews(decks, now, settings, today, None)
            review_total = len(reviews)
        else:  # the head of the reviews, and how many there are today
            reviews = self._reviews(decks, now, settings, today, limit)
            review_total = sum(self._review_counts(decks, now, settings, today).values())
        news = self._new_cards(decks, now, settings, today)
        reviews_done = sum(today.reviews_per_deck.values())
        new_done = sum(today.new_per_deck.values())
        mixed = _mix(reviews, review_total, news, reviews_done, new_done, limit)
        result = learning + mixed
        if limit is not None and len(result) >= limit:
            return result[:limit]
        ahead_ms = now_ms + settings.learn_ahead_minutes * 60_000
        for row, last_review in source.learning_due(decks, now_ms, ahead_ms, now_ms):
            if not _buried_learning(row, last_review, start_ms, today, settings):
                result.append(_entry(row))
        return result if limit is None else result[:limit]

    def _reviews(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        today: _Today,
        limit: int | None,
    ) -> list[QueueEntry]:
        """Reviews due today, most overdue first, within the profile's and decks' limits.

        With burying on, only the first due card of a fact comes, and none of a fact
        answered today.
        """
        room = settings.reviews_per_day - sum(today.reviews_per_deck.values())
        if limit is not None:
            room = min(room, limit)
        deck_room = _deck_rooms(settings, today.reviews_per_deck, "reviews_per_day")
        taken: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        reviews: list[QueueEntry] = []
        if room <= 0:
            return reviews
        bury = settings.bury_review_siblings
        end_ms = _ms(next_day_start(now, settings))
        for row in self.source.reviews_due(decks, end_ms, _ms(now)):
            deck, key = row[2], (row[2], row[3])
            if deck in deck_room and taken[deck] >= deck_room[deck]:
                continue
            if bury and (key in seen or today.sibling_answered(row[0], deck, row[3])):
                continue
            seen.add(key)
            reviews.append(_entry(row))
            taken[deck] += 1
            if len(reviews) >= room:
                break
        return reviews

    def _review_counts(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        today: _Today,
    ) -> Counter[str]:
        key = ("review counts", None if decks is None else tuple(decks), now, settings)
        return self._remember(key, lambda: self._count_reviews(decks, now, settings, today))

    def _count_reviews(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        today: _Today,
    ) -> Counter[str]:
        """Per deck, how many reviews `_reviews` gives today, counted from an index read
        (shared with `next_card` at the same moment) where the limits allow."""
        room = settings.reviews_per_day - sum(today.reviews_per_deck.values())
        if room <= 0:
            return Counter()
        deck_room = _deck_rooms(settings, today.reviews_per_deck, "reviews_per_day")
        end_ms, start_ms = _ms(next_day_start(now, settings)), _ms(day_start(now, settings))
        facts = self._due_facts(decks, start_ms, end_ms)
        due: Counter[str] = Counter()
        if settings.bury_review_siblings:
            answered = today.reviewed
            due.update(deck for deck, fact in facts if (deck, fact) not in answered)
        else:
            for (deck, _), n in facts.items():
                due[deck] += n
        counts = Counter({deck: max(0, min(n, deck_room.get(deck, n))) for deck, n in due.items()})
        if counts.total() <= room:
            return counts
        # the profile's limit binds: which decks fill it depends on the order
        return Counter(entry.deck for entry in self._reviews(decks, now, settings, today, None))

    def _due_facts(
        self, decks: Sequence[str] | None, start_ms: int, end_ms: int
    ) -> Counter[tuple[str, str]]:
        """How many reviews each (deck, fact) has due today.

        Read once and then kept up to date answer by answer (`answered`). Buried cards
        stay buried until a day start, so "not buried at the day's start" is "not
        buried now".
        """
        key = ("due facts", None if decks is None else tuple(decks), end_ms, start_ms)
        return self._remember(
            key, lambda: Counter(self.source.due_review_facts(decks, end_ms, start_ms))
        )

    def answered(
        self,
        before: tuple[int, int],
        after: tuple[int, int],
        answer: tuple[int, str, str, int],
        due_before_ms: int | None,
        at_ms: int,
    ) -> None:
        """Keep what was read up to date after the store recorded one answer.

        `before` and `after` are the store's versions around the write; if anything
        else changed the store meanwhile, everything is read again next time.
        """
        if self._memo_version != before or after[1] != before[1]:
            self._memo.clear()
            self._memo_version = None
            return
        card, deck, fact, state_before = answer
        kept: dict[tuple[object, ...], object] = {}
        for key, value in self._memo.items():
            if key[0] == "today" and isinstance(value, _Today):
                if not isinstance(key[1], int) or at_ms < key[1]:
                    continue  # answered before that day (a clock set back): read again
                value.add(card, deck, fact, state_before)
                kept[key] = value
            elif key[0] == "new decks":
                kept[key] = value
            elif key[0] == "new rows" and isinstance(value, NewCardRows):
                if state_before == NEW and key[1] == deck:
                    value.introduced(card)
                kept[key] = value
            elif key[0] == "waiting" and isinstance(value, _Waiting):
                if state_before == NEW:
                    value.introduced(deck, fact)
                kept[key] = value
            elif key[0] == "due facts" and isinstance(value, Counter):
                decks, end_ms = key[1], key[2]
                selected = decks is None or deck in decks  # type: ignore[operator]
                if (
                    selected
                    and state_before == REVIEW
                    and due_before_ms is not None
                    and due_before_ms < end_ms  # type: ignore[operator]
                ):
                    value[(deck, fact)] -= 1
                    if value[(deck, fact)] <= 0:
                        del value[(deck, fact)]
                kept[key] = value
        self._memo = kept
        self._memo_version = after

    def _new_cards(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        today: _Today,
    ) -> list[Row]:
        key = ("new cards", None if decks is None else tuple(decks), now, settings)
        return self._remember(key, lambda: self._read_new_cards(decks, now, settings, today))

    def _read_new_cards(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        today: _Today,
    ) -> list[Row]:
        """Today's new cards: one deck after another in turn, within the limits.

        With burying on, a fact gives one new card a day, none if one of its cards
        was answered today or has a review due today. A card waiting for facts it
        requires is held aside and comes (keeping its deck's order) as soon as each
        of them has a card introduced or planned earlier today.

        The plan is made afresh after every answer and looks at every new card of the
        day, so the checks are written out in the loop (a function call per card cost
        half the time) and rows become `QueueEntry`s only where the queue shows them.
        """
        room = settings.new_per_day - sum(today.new_per_deck.values())
        if room <= 0:
            return []
        now_ms = _ms(now)
        end_ms = _ms(next_day_start(now, settings))
        deck_room = _deck_rooms(settings, today.new_per_deck, "new_per_day")
        # the deck that has introduced fewest new cards today goes first, so the turns go on
        # across answers (the plan is made afresh after each one) instead of restarting
        order = sorted(
            (deck for deck in self._new_decks(decks) if deck_room.get(deck, 1) > 0),
            key=lambda deck: today.new_per_deck.get(deck, 0),
        )
        streams = {deck: self._new_rows(deck, now_ms) for deck in order}
        bury = settings.bury_new_siblings
        start_ms = _ms(day_start(now, settings))
        due_facts = self._due_facts(decks, start_ms, end_ms) if bury else Counter()
        reviewed = today.reviewed
        answered_today = today.sibling_answered
        seen: set[tuple[str, str]] = set()
        """With burying on: the facts that already have a card in this plan."""

        waiting = self._waiting(decks, settings)
        unmet = waiting.unmet
        planned: set[tuple[str, str]] = set()
        held: dict[str, dict[int, tuple[int, Row, tuple[str, str]]]] = {d: {} for d in streams}
        """Per deck, the cards read but waiting: card -> (order read, row, fact)."""
        released: set[int] = set()
        """Held cards one of whose facts was planned since they were last checked."""

        def fresh(row: Row, key: tuple[str, str]) -> bool:
            if bury and (
                key in seen
                or key in due_facts
                or (key in reviewed and answered_today(row[0], row[2], row[3]))
            ):
                return False
            seen.add(key)
            return True

        def next_row(deck: str) -> tuple[Row, tuple[str, str]] | None:
            """The deck's next card that may come now (held ones first: they are earlier).
            Only released cards are checked again, so a long wait costs nothing per turn."""
            aside = held[deck]
            if released and aside:
                for _, card in sorted((aside[c][0], c) for c in released if c in aside):
                    released.discard(card)
                    if not waiting.blocked(card, planned):
                        _, row, key = aside.pop(card)
                        if fresh(row, key):
                            return row, key
            for row, key in streams[deck]:
                card = row[0]
                if card in unmet and waiting.blocked(card, planned):
                    aside[card] = (len(aside), row, key)
                elif not bury:
                    return row, key
                elif key not in seen and key not in due_facts:
                    if key in reviewed and answered_today(card, row[2], row[3]):
                        continue
                    seen.add(key)
                    return row, key
            return None

        taken: Counter[str] = Counter()
        news: list[Row] = []
        while streams and len(news) < room:
            progressed = False
            for deck in list(streams):
                found = next_row(deck)
                if found is None:
                    if not held[deck]:
                        del streams[deck]
                    continue
                progressed = True
                row, fact = found
                news.append(row)
                if fact not in planned:
                    planned.add(fact)
                    if fact in waiting.waiters:
                        released.update(waiting.waiters[fact])
                taken[deck] += 1
                if deck in deck_room and taken[deck] >= deck_room[deck]:
                    del streams[deck]
                if len(news) >= room:
                    break
            if not progressed:
                break  # what is left waits for facts not planned today
        return news

    def _new_decks(self, decks: Sequence[str] | None) -> list[str]:
        """The decks with new cards; kept across answers (an answer can only empty a
        deck, and an empty deck's turn gives nothing)."""
        key = ("new decks", None if decks is None else tuple(decks))
        return self._remember(key, lambda: self.source.new_decks(decks))

    def _new_rows(self, deck: str, now_ms: int) -> Iterator[tuple[Row, tuple[str, str]]]:
        """The deck's new cards not buried at `now_ms`, in order. Read as far as a plan
        needs, then kept and updated answer by answer (`answered`): an answer does not
        read them again."""
        rows = self._remember(("new rows", deck), lambda: NewCardRows(self.source, deck))
        return rows.unburied(now_ms)

    def _waiting(self, decks: Sequence[str] | None, settings: SchedulerSettings) -> _Waiting:
        """The new cards waiting for facts they require (read once, then kept up to
        date answer by answer: `answered`)."""
        closed = frozenset(limit.deck for limit in settings.deck_limits if limit.new_per_day == 0)
        key = ("waiting", None if decks is None else tuple(decks), closed)
        return self._remember(key, lambda: _Waiting.of(self.source.waiting_cards(decks), closed))


def _buried_learning(
    row: Row, last_review: int | None, start_ms: int, today: _Today, settings: SchedulerSettings
) -> bool:
    """An interday learning card whose sibling was answered today (when burying them)."""
    if not settings.bury_learning_siblings:
        return False
    interday = last_review is None or last_review < start_ms
    return interday and today.sibling_answered(row[0], row[2], row[3])


def _deck_rooms(settings: SchedulerSettings, done: Counter[str], name: str) -> dict[str, int]:
    """What each deck with its own limit may still show today."""
    rooms = {}
    for limit in settings.deck_limits:
        value = getattr(limit, name)
        if value is not None:
            rooms[limit.deck] = value - done[limit.deck]
    return rooms


def _mix(
    reviews: list[QueueEntry],
    review_total: int,
    news: list[Row],
    reviews_done: int,
    new_done: int,
    limit: int | None,
) -> list[QueueEntry]:
    """Reviews and new cards interleaved so both progress evenly through the day.

    A new card comes next when the share of today's new cards already started is
    below the share of today's reviews already done; the shares count answers given
    earlier today, so the mix is the same whether the queue is rebuilt after every
    answer or built once. `reviews` may be only the head of the `review_total`
    reviews due today.
    """
    review_day = reviews_done + review_total
    new_day = new_done + len(news)
    result: list[QueueEntry] = []
    r = n = 0
    while r < len(reviews) or n < len(news):
        if limit is not None and len(result) >= limit:
            break
        take_new = n < len(news) and (
            r >= len(reviews) or (new_done + n) * review_day < (reviews_done + r) * new_day
        )
        if take_new:
            result.append(_entry(news[n]))
            n += 1
        else:
            result.append(reviews[r])
            r += 1
    return result


def _entry(row: Row) -> QueueEntry:
    return QueueEntry(card_id=row[1], deck=row[2], fact=row[3], state=STATE_NAMES[row[4]])


__all__ = ["DeckCounts", "Queue", "QueueEntry", "QueueSource", "Row"]
