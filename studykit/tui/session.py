"""What every screen of the quiz works with: the store, the queue, the clock, the settings.

Screens get one `StudySession` handed down when they are made and post messages up to
the app for anything that changes screens ("attributes down, messages up"); no screen
imports the app. The session is a thin seam over the domain: it asks the store (and,
once it exists, the queue module) and knows nothing of Textual, so a change to how the
next card is chosen touches `next_card` here and nothing in the screens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from studykit.content.cards import Card
from studykit.safetext import one_line, record_for_terminal
from studykit.tui.map_source import MapSource

if TYPE_CHECKING:
    from studykit.study.scheduling import Rating, SchedulerSettings
    from studykit.study.store import AnswerResult, DeckCounts, QueueEntry, Store

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Counts(NamedTuple):
    """Cards left today, as Anki shows them: new, learning (and relearning), review."""

    new: int = 0
    learning: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


class NextCard(NamedTuple):
    """The card to show now (None: the session is done) and what is left with it."""

    entry: QueueEntry | None
    counts: Counts


class TerminalCards(Mapping[str, Card]):
    """The cards by id, each neutralised for the terminal (`record_for_terminal`) when
    first read: deck text is data, and no control character of it reaches the screen.
    Lazily, because neutralising all ~600 built-in cards before the first card was drawn
    cost ~10 ms of start-up."""

    def __init__(self, cards: Sequence[Card]) -> None:
        self.raw: dict[str, Card] = {card.id: card for card in cards}
        """The cards as given (for checks that print nothing, e.g. which have maps)."""
        self._clean: dict[str, Card] = {}

    def __getitem__(self, card_id: str) -> Card:
        card = self._clean.get(card_id)
        if card is None:
            card = self._clean[card_id] = record_for_terminal(self.raw[card_id])
        return card

    def __contains__(self, card_id: object) -> bool:
        return card_id in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class StudySession:
    """The quiz's view of the domain: one store, the cards shown, one clock."""

    def __init__(
        self,
        store: Store,
        cards: Sequence[Card],
        *,
        clock: Clock = utc_now,
        deck_titles: dict[str, str] | None = None,
        maps: MapSource | None = None,
        cursor_blink: bool = True,
    ) -> None:
        self.store = store
        self.clock = clock
        self.cards = TerminalCards(cards)
        self.deck_ids: list[str] = list(dict.fromkeys(card.deck for card in cards))
        titles = deck_titles or {}
        self.deck_titles = {deck: one_line(titles.get(deck, deck)) for deck in self.deck_ids}
        self.maps = maps or MapSource()
        self.cursor_blink = cursor_blink
        """False in snapshot tests, so a text box's cursor is drawn the same every time."""

    @property
    def has_maps(self) -> bool:
        """Does any card show a head map (then the app preloads the maps)?"""
        return any(c.figure or c.answer_figure or c.figure_choices for c in self.cards.raw.values())

    # -- time and settings ----------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    @property
    def settings(self) -> SchedulerSettings:
        return self.store.settings

    def save_settings(self, settings: SchedulerSettings) -> None:
        self.store.save_settings(settings)

    def local(self, moment: datetime) -> datetime:
        """`moment` in the study profile's time zone (the system's unless set)."""
        return moment.astimezone(self.store.settings.local_zone())

    def theme(self) -> str:
        """The saved theme name, `dark` or `light`."""
        return "light" if self.store.get_setting("theme", "dark") == "light" else "dark"

    def save_theme(self, name: str) -> None:
        self.store.set_setting("theme", name)

    # -- the queue ------------------------------------------------------------------

    def title_for(self, decks: Sequence[str]) -> str:
        """How a session on `decks` is named in its top line."""
        if len(decks) == 1:
            return self.deck_titles.get(decks[0], decks[0])
        return "All decks" if set(decks) == set(self.deck_ids) else f"{len(decks)} decks"

    def next_card(self, decks: Sequence[str]) -> NextCard:
        """The next card to show and what is left today, as the home screen counts it
        (new within the day's limits, learning due today, reviews due). The store is
        asked for its head and its counts, not the whole queue; only when the head is a
        card this session does not show (a subset of a deck) is the queue read."""
        now = self.now()
        entry = self.store.next_card(decks, now)
        if entry is not None and entry.card_id not in self.cards:
            queue = [e for e in self.store.queue(decks, now) if e.card_id in self.cards]
            new = sum(e.state == "new" for e in queue)
            review = sum(e.state == "review" for e in queue)
            return NextCard(
                queue[0] if queue else None, Counts(new, len(queue) - new - review, review)
            )
        per_deck = self.store.counts(decks, now).values()
        counts = Counts(
            sum(c.new for c in per_deck),
            sum(c.learning for c in per_deck),
            sum(c.review for c in per_deck),
        )
        if entry is not None and counts.total == 0:  # shown ahead of its time today
            counts = Counts(learning=1)
        return NextCard(entry, counts)

    def deck_counts(self) -> dict[str, DeckCounts]:
        """New, learning and review cards due today, per deck."""
        return self.store.counts(self.deck_ids, self.now())

    # -- answers --------------------------------------------------------------------

    def preview(self, card_id: str) -> dict[Rating, timedelta]:
        return self.store.preview(card_id, self.now())

    def answer(
        self, card_id: str, rating: Rating, *, shown_at: datetime | None, typed: str | None
    ) -> AnswerResult:
        """Commit an answer (in the store before this returns)."""
        now = self.now()
        duration = int((now - shown_at).total_seconds() * 1000) if shown_at else 0
        return self.store.answer(
            card_id, rating, now, duration_ms=max(0, duration), typed_answer=typed
        )

    def undo(self) -> str | None:
        """Take back this session's last answer; the card's id, or None."""
        return self.store.undo_last()

    def state(self, card_id: str) -> str:
        return self.store.card_state(card_id).state

    def bury(self, card_id: str) -> None:
        self.store.bury(card_id, self.now())

    def suspend(self, card_id: str) -> None:
        self.store.suspend(card_id)

    def unsuspend(self, card_id: str) -> None:
        self.store.unsuspend(card_id)

    def is_suspended(self, card_id: str) -> bool:
        """Read-only look at the store's `suspended` flag (no Store method offers it)."""
        card = self.cards.get(card_id)
        if card is None:
            return False
        row = self.store.connection.execute(
            "SELECT suspended FROM cards WHERE id = ?", (card.numeric,)
        ).fetchone()
        return bool(row and row[0])


def suggested_rating(checked: int | None) -> int | None:
    """The rating Enter gives, from the check of a typed or chosen answer (1-4).

    A suggestion protects memory: it is never Easy. A quick right answer on a new,
    learning or relearning card, or on one failed today, says nothing about the weeks
    ahead, and on a settled review card Good is what a correct answer earns; a student
    who is sure presses 4 themselves. Right → Good, almost → Hard, wrong → Again; None
    where nothing was checked (the student judges a recall card).
    """
    return None if checked is None else min(checked, 3)


__all__ = [
    "Clock",
    "Counts",
    "NextCard",
    "StudySession",
    "TerminalCards",
    "suggested_rating",
    "utc_now",
]
