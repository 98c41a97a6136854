"""`studykit optimize`: fitting FSRS to a simulated student's review log."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from exam_support import TRUE_PARAMETERS, study_in_store, write_log
from store_fixtures import make_cards

from studykit.study.fit import load_fit
from studykit.study.memory import DEFAULT_PARAMETERS
from studykit.study.optimizer import (
    NotEnoughReviews,
    evaluate,
    fit,
    fit_status,
    optimize,
    review_items,
)
from studykit.study.scheduling import SchedulerSettings
from studykit.study.store import Store

START = datetime(2025, 1, 6, tzinfo=UTC)


def _answers(item: object) -> list[tuple[int, int]]:
    """(rating, elapsed study days) of an fsrs-rs item (it shows them only in its repr)."""
    found = re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item))
    return [(int(rating), int(days)) for rating, days in found]


def test_a_fit_on_20000_reviews_recovers_the_true_log_loss(tmp_path: Path) -> None:
    store = Store.at(tmp_path / "s.sqlite3")
    store.save_settings(SchedulerSettings(timezone="UTC"))
    written = write_log(store, 20_000, parameters=TRUE_PARAMETERS, start=START)
    data = review_items(store.connection, store.settings)
    assert data.reviews == written >= 20_000
    fitted = fit(data.items)
    true_loss = evaluate(TRUE_PARAMETERS, data.items).log_loss
    fitted_loss = evaluate(fitted, data.items).log_loss
    default_loss = evaluate(DEFAULT_PARAMETERS, data.items).log_loss
    assert abs(fitted_loss - true_loss) <= 0.01 * true_loss
    assert fitted_loss < default_loss  # the defaults describe another student
    store.close()


def test_elapsed_time_is_counted_in_study_days(tmp_path: Path) -> None:
    store = Store.at(tmp_path / "s.sqlite3")
    store.save_settings(SchedulerSettings(timezone="UTC", day_start_hour=4))
    store.sync_cards(make_cards("deck", 1), START)
    text = "deck/f00/forward"
    # 23:00 then 03:00 the next calendar day: the same study day; then 05:00: the next
    for moment in ("2025-01-06T23:00", "2025-01-07T03:00", "2025-01-07T05:00"):
        store.answer(text, 3, datetime.fromisoformat(moment).replace(tzinfo=UTC), 1000)
    data = review_items(store.connection, store.settings)
    assert data.reviews == 3
    assert len(data.items) == 1  # only the answer on a later study day is predicted
    assert _answers(data.items[0]) == [(3, 0), (3, 0), (3, 1)]
    store.close()


def test_undone_answers_are_left_out(tmp_path: Path) -> None:
    store = Store.at(tmp_path / "s.sqlite3")
    store.save_settings(SchedulerSettings(timezone="UTC"))
    store.sync_cards(make_cards("deck", 1), START)
    text = "deck/f00/forward"
    store.answer(text, 3, START, 1000)
    store.answer(text, 1, START + timedelta(days=2), 1000)
    store.undo_last()
    store.answer(text, 3, START + timedelta(days=2), 1000)
    data = review_items(store.connection, store.settings)
    assert _answers(data.items[0]) == [(3, 0), (3, 2)]
    store.close()


def test_too_few_answers_are_refused_and_nothing_is_recorded(tmp_path: Path) -> None:
    store = Store.at(tmp_path / "s.sqlite3")
    with pytest.raises(NotEnoughReviews, match="at least 400"):
        optimize(store)
    assert load_fit(store) is None
    store.close()


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with 20,000 answers of a student of `TRUE_PARAMETERS` (at 5,000 the
    defaults still predict the later answers about as well: a fit needs data)."""
    path = tmp_path_factory.mktemp("studied") / "s.sqlite3"
    with Store.at(path) as store:
        store.save_settings(SchedulerSettings(timezone="UTC", enable_fuzzing=False))
        write_log(store, 20_000, parameters=TRUE_PARAMETERS, start=START)
    return path


def test_a_student_studying_through_the_store_leaves_a_usable_log(tmp_path: Path) -> None:
    with Store.at(tmp_path / "s.sqlite3") as store:
        store.save_settings(SchedulerSettings(timezone="UTC", enable_fuzzing=False))
        store.sync_cards(make_cards("deck", 40), START)
        answers = study_in_store(store, START.date(), date(2025, 3, 6), parameters=TRUE_PARAMETERS)
        data = review_items(store.connection, store.settings)
        assert data.reviews == answers
        assert data.cards == 40
        assert 0 < len(data.items) < answers  # learning steps are history, not targets
        evaluation = evaluate(TRUE_PARAMETERS, data.items)
        assert 0 < evaluation.log_loss < 1


def test_a_better_fit_is_adopted_and_every_card_rescheduled(studied: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(studied.read_bytes())
    with Store.at(path) as store:
        texts = [row[0] for row in store.connection.execute("SELECT text_id FROM cards")]
        before = {text: store.card_state(text) for text in texts}
        status = fit_status(store)
        assert status.fitted_at is None
        assert status.offer  # 20,000 reviews and never fitted
        result = optimize(store, now=datetime(2025, 5, 6, tzinfo=UTC))
        assert result.items >= 400
        assert result.fitted.log_loss < result.current.log_loss
        assert result.adopted
        assert not result.forced
        assert store.scheduler.parameters == result.parameters
        changed = sum(store.card_state(text) != state for text, state in before.items())
        assert result.rescheduled == changed > 0
        assert store.doctor().healthy
        record = load_fit(store)
        assert record is not None
        assert record.in_use == result.parameters
        assert record.figures["fitted"] == result.fitted.to_json()
        status = fit_status(store)
        assert status.fitted_at == "2025-05-06T00:00:00+00:00"
        assert not status.offer
    with Store.at(path) as store:  # kept: a new session schedules with the fit
        assert store.scheduler.parameters == result.parameters


def test_a_fit_that_is_not_better_is_kept_aside_unless_forced(
    studied: Path, tmp_path: Path
) -> None:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(studied.read_bytes())
    with Store.at(path) as store:
        first = optimize(store)
        # refitting on the same answers cannot do better than the fit in use
        again = optimize(store)
        assert not again.better
        assert not again.adopted
        assert again.rescheduled == 0
        assert store.scheduler.parameters == first.parameters
        forced = optimize(store, force=True)
        assert forced.adopted
        assert forced.forced
        record = load_fit(store)
        assert record is not None
        assert record.in_use == forced.parameters


def test_optimize_command_json(studied: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profiles = tmp_path / "home" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "default.sqlite3").write_bytes(studied.read_bytes())
    result = run_cli("optimize", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["adopted"] is True
    assert len(data["parameters"]) == 21
    text = run_cli("optimize")
    assert text.returncode == 0
    assert "Kept the parameters in use" in text.stdout
    empty = run_cli("--profile", "other", "optimize")
    assert empty.returncode == 1
    assert "at least 400" in empty.stderr


def test_fitted_parameters_always_fit_the_schedulers_ranges(tmp_path: Path) -> None:
    from fsrs import Scheduler
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    from studykit.study.fit import LOWER_BOUNDS, UPPER_BOUNDS, FitRecord, save_fit, within_bounds

    assert (LOWER_BOUNDS, UPPER_BOUNDS) == (LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)
    # fsrs-rs returns 32-bit floats: 0.8 comes back as 0.800000011920929
    edge = within_bounds([*UPPER_BOUNDS[:20], 0.800000011920929])
    Scheduler(parameters=edge)  # accepted by the scheduler
    assert within_bounds(LOWER_BOUNDS) == LOWER_BOUNDS
    # a saved record out of range is ignored: the store schedules with the defaults
    store = Store.at(tmp_path / "s.sqlite3")
    save_fit(
        store,
        FitRecord("2025-01-01", 0, True, UPPER_BOUNDS, (*UPPER_BOUNDS[:20], 0.9)),
    )
    store.reload_settings()
    assert store.scheduler.parameters is None
    store.close()
