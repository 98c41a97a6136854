"""Anki's side of a sync: studykit's answers and schedules in Anki's terms.

Anki counts review days from the collection's creation (`sched.today`, a new day at
`sched.day_cutoff`), keeps intraday learning cards' due time in epoch seconds, logs
intervals as days (review) or negative seconds (learning), and keeps the FSRS memory
state on the card. Cards are changed through `anki.cards.Card` and `update_cards`, so
Anki validates them as it does its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studykit.study.scheduling import CardState
from studykit.study.store import Store

_DAY_S = 86_400
_ANKI_TYPES = {"learning": 1, "review": 2, "relearning": 3}
_REVLOG_KIND = {"new": 0, "learning": 0, "review": 1, "relearning": 2}


@dataclass(frozen=True, slots=True)
class AnkiDays:
    """Anki's day numbers: `today` and when the next day starts (epoch seconds)."""

    today: int
    cutoff: int

    def day(self, moment: datetime) -> int:
        seconds = int(moment.timestamp())
        return self.today + (seconds - (self.cutoff - _DAY_S)) // _DAY_S


def revlog_rows(
    store: Store, exports: list[tuple[int, int, int]], days: AnkiDays
) -> list[tuple[Any, ...]]:
    """Anki review-log rows for the exported answers (read in one pass over the log,
    only the JSON fields Anki needs)."""
    wanted = {rid: (cid, anki_id) for rid, cid, anki_id in exports}
    rows = []
    for row in store.connection.execute(
        "SELECT id, rating, duration_ms, "
        "json_extract(before, '$.state'), json_extract(before, '$.due'), "
        "json_extract(before, '$.last_review'), json_extract(after, '$.state'), "
        "json_extract(after, '$.due'), json_extract(after, '$.last_review'), "
        "json_extract(after, '$.difficulty') FROM reviews WHERE undone_at IS NULL"
    ):
        rid, rating, duration, state_before, *before = row[:6]
        if rid not in wanted:
            continue
        state_after, due, last_review, difficulty = row[6:]
        cid, anki_id = wanted[rid]
        factor = 0
        if state_after in ("review", "relearning") and difficulty is not None:
            factor = round(((difficulty - 1) / 9 + 0.1) * 1000)
        rows.append(
            (
                anki_id,
                cid,
                -1,
                rating,
                _interval(state_after, due, last_review, days),
                _interval(state_before, before[0], before[1], days),
                factor,
                min(max(0, duration), 2**31 - 1),
                _REVLOG_KIND[state_before],
            )
        )
    return rows


def _interval(state: str, due: str | None, last_review: str | None, days: AnkiDays) -> int:
    """Anki's review-log interval: days for a review card, negative seconds otherwise
    (times as the review log's JSON has them)."""
    if state == "new" or due is None or last_review is None:
        return 0
    due_at, last_at = datetime.fromisoformat(due), datetime.fromisoformat(last_review)
    if state == "review":
        return max(1, days.day(due_at) - days.day(last_at))
    return -max(1, round((due_at - last_at).total_seconds()))


def apply_state(card: Any, state: CardState, store: Store, days: AnkiDays) -> None:
    """Set an Anki card (`anki.cards.Card`) to studykit's schedule; suspension and
    burial (a negative queue) are kept."""
    from anki.cards import FSRSMemoryState

    assert state.due is not None
    assert state.last_review is not None
    card.type = _ANKI_TYPES[state.state]
    keep_queue = card.queue < 0
    if state.state == "review":
        queue, due = 2, days.day(state.due)
        card.ivl = max(1, days.day(state.due) - days.day(state.last_review))
        card.left = 0
    else:
        steps = (
            store.settings.learning_steps
            if state.state == "learning"
            else store.settings.relearning_steps
        )
        card.left = max(1, len(steps) - (state.step or 0))
        if int(state.due.timestamp()) < days.cutoff:
            queue, due = 1, int(state.due.timestamp())
        else:
            queue, due = 3, days.day(state.due)
        card.ivl = 0 if state.state == "learning" else max(1, card.ivl)
    if state.state != "learning" and card.factor == 0:
        card.factor = 2500
    card.due = due
    if not keep_queue:
        card.queue = queue
    card.reps = state.reps
    card.lapses = state.lapses
    if state.stability is not None and state.difficulty is not None:
        card.memory_state = FSRSMemoryState(stability=state.stability, difficulty=state.difficulty)
    card.last_review_time = int(state.last_review.timestamp())


__all__ = ["AnkiDays", "apply_state", "revlog_rows"]
