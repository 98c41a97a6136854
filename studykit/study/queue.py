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
- last, when nothing else is due, learning cards due within `learn_ahead_minutes`.

A session asks for the next card only (`next_card`), never for the whole queue; the
plan behind it is bounded by the day's limits, so its cost does not grow with the
number of cards in the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from studykit.study.days import day_start, next_day_start
from studykit.study.days import to_ms as _ms
from studykit.study.settings import SchedulerSettings

STATE_NAMES: tuple[str, ...] = ("new", "learning", "review", "relearning")
NEW, LEARNING, REVIEW, RELEARNING = range(4)

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


@dataclass(frozen=True, slots=True)
class Answered:
    """One answer given today: the card, its fact and the state it was in."""

    card: int
    deck: str
    fact: str
    state_before: int


class QueueSource(Protocol):
    """The indexed queries the queue needs (`studykit.study.store.Store` offers them)."""

    @property
    def settings(self) -> SchedulerSettings: ...

    def answered_since(self, since_ms: int) -> list[Answered]: ...

    def learning_due(
        self, decks: Sequence[str] | None, after_ms: int | None, until_ms: int, now_ms: int
    ) -> Iterator[tuple[Row, int | None]]: ...

    def reviews_due(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> Iterator[Row]: ...

    def new_cards(self, deck: str, now_ms: int) -> Iterator[Row]: ...

    def new_decks(self, decks: Sequence[str] | None) -> list[str]: ...

    def active_decks(self, decks: Sequence[str] | None) -> list[str]: ...

    def learning_counts(
        self, decks: Sequence[str] | None, before_ms: int, now_ms: int
    ) -> dict[str, int]: ...


@dataclass(slots=True)
class _Today:
    """Today's answers, which drive sibling burying, limits and the new/review mix."""

    reviewed: dict[tuple[str, str], set[int]]
    new_per_deck: Counter[str]
    reviews_per_deck: Counter[str]

    def sibling_answered(self, card: int, deck: str, fact: str) -> bool:
        ids = self.reviewed.get((deck, fact))
        return ids is not None and (len(ids) > 1 or card not in ids)


class Queue:
    """Today's study plan over a store; cheap to make (one per session or per call)."""

    __slots__ = ("source",)

    def __init__(self, source: QueueSource) -> None:
        self.source = source

    def next_card(self, decks: Sequence[str] | None, now: datetime) -> QueueEntry | None:
        """The card to show now, or None when the day is done."""
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
        entries = self._plan(decks, now, settings, limit=None)
        ms = _ms(now)
        learning = self.source.learning_counts(decks, _ms(next_day_start(now, settings)), ms)
        new: Counter[str] = Counter()
        review: Counter[str] = Counter()
        for entry in entries:
            if entry.state == "new":
                new[entry.deck] += 1
            elif entry.state == "review":
                review[entry.deck] += 1
        return {
            deck: DeckCounts(new[deck], learning.get(deck, 0), review[deck])
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
        reviewed: dict[tuple[str, str], set[int]] = defaultdict(set)
        new_per_deck: Counter[str] = Counter()
        reviews_per_deck: Counter[str] = Counter()
        for answer in self.source.answered_since(_ms(day_start(now, settings))):
            reviewed[(answer.deck, answer.fact)].add(answer.card)
            if answer.state_before == NEW:
                new_per_deck[answer.deck] += 1
            elif answer.state_before == REVIEW:
                reviews_per_deck[answer.deck] += 1
        return _Today(reviewed, new_per_deck, reviews_per_deck)

    def _plan(
        self,
        decks: Sequence[str] | None,
        now: datetime,
        settings: SchedulerSettings,
        limit: int | None,
    ) -> list[QueueEntry]:
        """The queue, or only its first `limit` entries (stopping early where it can)."""
        source = self.source
        now_ms = _ms(now)
        today = self._today(now, settings)
        start_ms = _ms(day_start(now, settings))

        learning: list[QueueEntry] = []
        for row, last_review in source.learning_due(decks, None, now_ms, now_ms):
            if _buried_learning(row, last_review, start_ms, today, settings):
                continue
            learning.append(_entry(row))
            if limit is not None and len(learning) >= limit:
                return learning

        seen_facts: set[tuple[str, str]] = set()

        def fresh(row: Row, bury: bool) -> bool:
            key = (row[2], row[3])
            if bury and (key in seen_facts or today.sibling_answered(row[0], *key)):
                return False
            seen_facts.add(key)
            return True

        reviews = self._reviews(decks, now, settings, today, fresh)
        news = self._new_cards(decks, now_ms, settings, today, fresh)
        reviews_done = sum(today.reviews_per_deck.values())
        new_done = sum(today.new_per_deck.values())
        result = learning + _mix(reviews, news, reviews_done, new_done, limit)
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
        fresh: _Fresh,
    ) -> list[QueueEntry]:
        """Reviews due today, most overdue first, within the profile's and decks' limits."""
        room = settings.reviews_per_day - sum(today.reviews_per_deck.values())
        deck_room = _deck_rooms(settings, today.reviews_per_deck, "reviews_per_day")
        taken: Counter[str] = Counter()
        reviews: list[QueueEntry] = []
        if room <= 0:
            return reviews
        end_ms = _ms(next_day_start(now, settings))
        for row in self.source.reviews_due(decks, end_ms, _ms(now)):
            deck = row[2]
            if deck in deck_room and taken[deck] >= deck_room[deck]:
                continue
            if not fresh(row, settings.bury_review_siblings):
                continue
            reviews.append(_entry(row))
            taken[deck] += 1
            if len(reviews) >= room:
                break
        return reviews

    def _new_cards(
        self,
        decks: Sequence[str] | None,
        now_ms: int,
        settings: SchedulerSettings,
        today: _Today,
        fresh: _Fresh,
    ) -> list[QueueEntry]:
        """Today's new cards: one deck after another in turn, within the limits."""
        room = settings.new_per_day - sum(today.new_per_deck.values())
        if room <= 0:
            return []
        deck_room = _deck_rooms(settings, today.new_per_deck, "new_per_day")
        streams = {
            deck: self.source.new_cards(deck, now_ms)
            for deck in self.source.new_decks(decks)
            if deck_room.get(deck, 1) > 0
        }
        taken: Counter[str] = Counter()
        news: list[QueueEntry] = []
        while streams and len(news) < room:
            for deck in list(streams):
                row = next((r for r in streams[deck] if fresh(r, settings.bury_new_siblings)), None)
                if row is None:
                    del streams[deck]
                    continue
                news.append(_entry(row))
                taken[deck] += 1
                if deck in deck_room and taken[deck] >= deck_room[deck]:
                    del streams[deck]
                if len(news) >= room:
                    break
        return news


class _Fresh(Protocol):
    def __call__(self, row: Row, bury: bool) -> bool: ...


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
    news: list[QueueEntry],
    reviews_done: int,
    new_done: int,
    limit: int | None,
) -> list[QueueEntry]:
    """Reviews and new cards interleaved so both progress evenly through the day.

    A new card comes next when the share of today's new cards already started is
    below the share of today's reviews already done; the shares count answers given
    earlier today, so the mix is the same whether the queue is rebuilt after every
    answer or built once.
    """
    review_day = reviews_done + len(reviews)
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
            result.append(news[n])
            n += 1
        else:
            result.append(reviews[r])
            r += 1
    return result


def _entry(row: Row) -> QueueEntry:
    return QueueEntry(card_id=row[1], deck=row[2], fact=row[3], state=STATE_NAMES[row[4]])


__all__ = ["Answered", "DeckCounts", "Queue", "QueueEntry", "QueueSource", "Row"]
