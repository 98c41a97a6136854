"""Fitting FSRS to the student: `studykit optimize`.

The review log (undone answers left out) becomes fsrs-rs training items, with
elapsed time in study days: one item per answer given on a later study day than the
card's previous answer, holding the card's answers up to it. Same-day answers
(learning steps) stay in the histories but are not predicted, as in Anki.

Fitted and current parameters are compared honestly with a time-series split: the
parameters are fitted on the earlier `TRAIN_SHARE` of the items (by the time of the
answer they predict) and both parameter sets are evaluated on the later rest (log
loss, and RMSE over bins, fsrs-rs's measures). The fit is adopted only when it
predicts those later answers better (lower log loss), unless forced; the parameters
adopted are exactly the ones tested (no second fit on all items: it would double
the time, and 80 % of a log large enough to beat the defaults is plenty). The record
of every fit, adopted or not, is kept in the settings table (`studykit.study.fit`),
and adopting reschedules every card through the store's replay (`Store.rebuild`, as
`studykit doctor --rebuild`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from studykit.errors import StudykitError
from studykit.study.days import StudyDays
from studykit.study.fit import FitRecord, fitted_parameters, load_fit, save_fit, within_bounds
from studykit.study.memory import DEFAULT_PARAMETERS
from studykit.study.scheduling import SchedulerSettings

if TYPE_CHECKING:
    import fsrs_rs_python

    from studykit.study.store import Store

TRAIN_SHARE = 0.8
"""The earlier share of the items a trial fit learns from; the rest tests it."""
MIN_ITEMS = 400
"""Fewer predictable answers than this are too few to fit (or to judge a fit)."""
MIN_TEST_ITEMS = 100
MAX_FIT_ITEMS = 300_000
"""A larger training share is sampled down to this many items (seeded). Measured on a
simulated log of 1,063,621 answers: fitted on 300,000 of the 790,896 earlier items, the
log loss on the later ones was 0.246103, against 0.246097 fitted on all of them (and
0.249428 with the defaults), in 40 % of the time."""


class NotEnoughReviews(StudykitError):
    """The log has too few answers on later days to fit parameters."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a parameter set predicts answers: lower is better for both."""

    log_loss: float
    rmse: float
    """fsrs-rs's RMSE over bins of predicted recall (`rmse_bins`)."""

    def to_json(self) -> dict[str, float]:
        return {"log_loss": round(self.log_loss, 6), "rmse": round(self.rmse, 6)}


@dataclass(frozen=True, slots=True)
class ReviewItems:
    """The log as fsrs-rs training items, in the order of the answer each predicts.

    Items are made on demand (`take`): each holds its card's whole history up to
    its answer, and a fit may need only a sample of them."""

    targets: list[tuple[int, int, int]]
    """(answered at, card index into `histories`, answers up to and including it)."""
    histories: list[list[fsrs_rs_python.FSRSReview]]
    reviews: int
    """Answers read from the log (undone ones left out)."""
    cards: int

    def __len__(self) -> int:
        return len(self.targets)

    def take(self, indexes: Iterable[int]) -> list[fsrs_rs_python.FSRSItem]:
        """The items at these positions."""
        import fsrs_rs_python

        item, targets, histories = fsrs_rs_python.FSRSItem, self.targets, self.histories
        return [item(histories[targets[i][1]][: targets[i][2]]) for i in indexes]

    @property
    def items(self) -> list[fsrs_rs_python.FSRSItem]:
        return self.take(range(len(self.targets)))


@dataclass(frozen=True, slots=True)
class OptimizeResult:
    reviews: int
    items: int
    cards: int
    train_items: int
    """The earlier items (the fit learns from them)."""
    fitted_on: int
    """How many of them it learnt from (at most `MAX_FIT_ITEMS`)."""
    test_items: int
    current: Evaluation
    """The parameters in use, on the later items."""
    fitted: Evaluation
    """The fit (earlier items only), on the later items."""
    parameters: tuple[float, ...]
    previous: tuple[float, ...] | None
    better: bool
    adopted: bool
    forced: bool
    rescheduled: int
    """Cards whose schedule changed (0 unless adopted)."""
    fitted_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "fitted_at": self.fitted_at.isoformat(),
            "reviews": self.reviews,
            "items": self.items,
            "cards": self.cards,
            "split": {
                "train_items": self.train_items,
                "fitted_on": self.fitted_on,
                "test_items": self.test_items,
            },
            "current": self.current.to_json(),
            "fitted": self.fitted.to_json(),
            "better": self.better,
            "adopted": self.adopted,
            "forced": self.forced,
            "rescheduled": self.rescheduled,
            "parameters": [round(value, 6) for value in self.parameters],
            "previous": None if self.previous is None else list(self.previous),
        }


def review_items(connection: Any, settings: SchedulerSettings) -> ReviewItems:
    """The review log as training items (elapsed time in study days)."""
    import fsrs_rs_python

    days = StudyDays(settings)
    rows = connection.execute(
        "SELECT card_id, rating, reviewed_at FROM reviews WHERE undone_at IS NULL "
        "ORDER BY card_id, id"
    )
    targets: list[tuple[int, int, int]] = []
    histories: list[list[fsrs_rs_python.FSRSReview]] = []
    review = fsrs_rs_python.FSRSReview
    current_card: int | None = None
    history: list[fsrs_rs_python.FSRSReview] = []
    last_day = 0
    reviews = 0
    for card, rating, at in rows:
        reviews += 1
        day = days.of_ms(at)
        if card != current_card:
            current_card, history, last_day = card, [review(rating, 0)], day
            histories.append(history)
            continue
        elapsed = max(0, day - last_day)  # a clock that went backwards: same day
        history.append(review(rating, elapsed))
        last_day = max(last_day, day)
        if elapsed > 0:
            targets.append((at, len(histories) - 1, len(history)))
    targets.sort(key=lambda target: target[0])
    return ReviewItems(targets, histories, reviews, len(histories))


def evaluate(parameters: Sequence[float], items: Sequence[Any]) -> Evaluation:
    import fsrs_rs_python

    result = fsrs_rs_python.FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def fit(items: Sequence[Any]) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to `items` (fsrs-rs, from the defaults)."""
    import fsrs_rs_python

    fitted = fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(list(items))
    return within_bounds(fitted)


def optimize(
    store: Store,
    *,
    force: bool = False,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> OptimizeResult:
    """Fit, compare, record, and (when better or forced) adopt and reschedule.

    Raises:
        NotEnoughReviews: fewer than `MIN_ITEMS` answers on a later study day.
    """
    say = progress or (lambda _message: None)
    now = now or datetime.now(UTC)
    with store.guard():
        data = review_items(store.connection, store.settings)
    count = len(data)
    if count < MIN_ITEMS:
        raise NotEnoughReviews(
            f"only {count} answers were given on a later day than the card's "
            f"previous one; optimize needs at least {MIN_ITEMS} (keep studying)"
        )
    split = min(int(count * TRAIN_SHARE), count - MIN_TEST_ITEMS)
    picked: Sequence[int] = range(split)
    if split > MAX_FIT_ITEMS:
        picked = sorted(random.Random(0).sample(range(split), MAX_FIT_ITEMS))
    train, test = data.take(picked), data.take(range(split, count))
    previous = fitted_parameters(store)
    current_parameters = previous or DEFAULT_PARAMETERS
    say(f"fitting on {len(train):,} of the earlier {split:,} of {count:,} answers ...")
    parameters = fit(train)
    say(f"testing on the later {len(test):,} answers ...")
    current = evaluate(current_parameters, test)
    fitted_test = evaluate(parameters, test)
    better = fitted_test.log_loss < current.log_loss
    adopt = better or force
    record = FitRecord(
        fitted_at=now.isoformat(),
        reviews=data.reviews,
        adopted=adopt,
        fitted=parameters,
        in_use=parameters if adopt else previous,
        figures={
            "train_items": split,
            "fitted_on": len(train),
            "test_items": len(test),
            "current": current.to_json(),
            "fitted": fitted_test.to_json(),
            "forced": force and not better,
        },
    )
    save_fit(store, record)
    rescheduled = 0
    if adopt:
        say("rescheduling every card with the new parameters ...")
        store.reload_settings()
        rescheduled = store.rebuild()
    return OptimizeResult(
        reviews=data.reviews,
        items=count,
        cards=data.cards,
        train_items=split,
        fitted_on=len(train),
        test_items=len(test),
        current=current,
        fitted=fitted_test,
        parameters=parameters,
        previous=previous,
        better=better,
        adopted=adopt,
        forced=force and not better,
        rescheduled=rescheduled,
        fitted_at=now,
    )


@dataclass(frozen=True, slots=True)
class FitStatus:
    """When the parameters were last fitted and whether a new fit is worth offering."""

    fitted_at: str | None
    adopted: bool
    reviews_since: int
    offer: bool


def fit_status(store: Store) -> FitStatus:
    """For the settings screen and `plan`: a new fit is offered after
    `REFIT_AFTER_REVIEWS` new reviews (counted from the first review when never fitted)."""
    from studykit.study.fit import REFIT_AFTER_REVIEWS

    record = load_fit(store)
    with store.guard():
        total = store.connection.execute(
            "SELECT COUNT(*) FROM reviews WHERE undone_at IS NULL"
        ).fetchone()[0]
    since = total - (record.reviews if record else 0)
    return FitStatus(
        fitted_at=record.fitted_at if record else None,
        adopted=bool(record and record.adopted),
        reviews_since=max(0, since),
        offer=since >= REFIT_AFTER_REVIEWS,
    )


__all__ = [
    "MIN_ITEMS",
    "TRAIN_SHARE",
    "Evaluation",
    "FitStatus",
    "NotEnoughReviews",
    "OptimizeResult",
    "ReviewItems",
    "evaluate",
    "fit",
    "fit_status",
    "optimize",
    "review_items",
]
