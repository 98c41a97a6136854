"""`studykit exam` and `studykit plan` through the installed console script."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from store_fixtures import make_cards

from studykit.study.scheduling import Rating
from studykit.study.store import Store

Run = Callable[..., subprocess.CompletedProcess[str]]


def seed(home: Path) -> None:
    now = datetime.now(UTC)
    with Store.open(data_dir=home) as store:
        store.sync_cards(make_cards("alpha", 40) + make_cards("beta", 10), now)
        store.answer("alpha/f00/forward", Rating.GOOD, now, 1000)


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def test_exam_set_list_clear(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    result = run_cli("exam", "set", in_days(30), "alpha", "--target", "0.9")
    assert result.returncode == 0, result.stderr
    assert "alpha, target 90%" in result.stdout
    assert run_cli("exam", "set", in_days(60)).returncode == 0
    listed = json.loads(run_cli("exam", "list", "--json").stdout)
    assert listed == [
        {"date": in_days(30), "decks": ["alpha"], "target": 0.9},
        {"date": in_days(60), "decks": [], "target": 0.95},
    ]
    # the same date and decks again: replaced, not doubled
    run_cli("exam", "set", in_days(30), "alpha", "--target", "0.97")
    assert len(json.loads(run_cli("exam", "list", "--json").stdout)) == 2
    cleared = run_cli("exam", "clear", in_days(30))
    assert cleared.returncode == 0
    assert "Cleared 1 exam." in cleared.stdout
    assert run_cli("exam", "clear").stdout == "Cleared 1 exam.\n"
    assert "No exam set" in run_cli("exam", "list").stdout


def test_exam_refuses_bad_input_with_exit_2(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    for args, message in [
        (("exam", "set", "next friday"), "not a date; write it as YYYY-MM-DD"),
        (("exam", "set", in_days(-1)), "is not after today"),
        (("exam", "set", in_days(10), "gamma"), "no cards of deck 'gamma'"),
        (("exam", "set", in_days(10), "--target", "1.5"), "target must be"),
        (("plan", "--lead-days", "-1"), "--lead-days must be 0 or more"),
    ]:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert json.loads(run_cli("exam", "list", "--json").stdout) == []


def test_plan_text_and_json(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    assert "No exam ahead" in run_cli("plan").stdout
    run_cli("exam", "set", in_days(20), "alpha")
    data = json.loads(run_cli("plan", "--json").stdout)
    assert len(data) == 1
    plan = data[0]
    assert plan["days_left"] in (19, 20, 21)  # the study day starts at 04:00 local
    assert plan["cards"] == {"unseen": 39, "learning": 1, "review": 0}
    assert [deck["deck"] for deck in plan["decks"]] == ["alpha"]
    assert plan["new_per_day_needed"] >= 3
    assert len(plan["workload"]) == len(plan["current_workload"]) == plan["days_left"]
    assert 0 < plan["predicted_recall"] <= 1
    text = run_cli("plan").stdout
    assert f"Exam on {in_days(20)} (alpha)" in text
    assert "Cards: 39 unseen, 1 learning, 0 in review" in text
    assert "Predicted recall on exam day with the current settings:" in text
    assert "new cards a day" in text
