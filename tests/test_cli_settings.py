"""`studykit settings [KEY VALUE] [--deck DECK] [--json]` through the installed script."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from studykit.study.settings import FIELDS
from studykit.study.store import Store

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_settings_lists_changes_and_prints_json(run_cli: Run, tmp_path: Path) -> None:
    listed = run_cli("settings")
    assert listed.returncode == 0, listed.stderr
    for field in FIELDS:
        assert field.key in listed.stdout
    assert run_cli("settings", "learning_steps", "1 10 60").returncode == 0
    assert run_cli("settings", "bury_new_siblings", "off").returncode == 0
    assert run_cli("settings", "--deck", "ynsa", "new_per_day", "5").returncode == 0
    data = json.loads(run_cli("settings", "--json").stdout)
    assert data["learning_steps"] == [60.0, 600.0, 3600.0]
    assert data["bury_new_siblings"] is False
    assert data["deck_limits"] == {"ynsa": {"new_per_day": 5, "reviews_per_day": None}}
    with Store.open(data_dir=tmp_path / "home") as store:  # what the quiz will use
        assert store.settings.learning_steps[-1] == timedelta(hours=1)
        assert store.settings.deck_limit("ynsa") is not None
    assert run_cli("settings", "--deck", "ynsa", "new_per_day", "none").returncode == 0
    assert json.loads(run_cli("settings", "--json").stdout)["deck_limits"] == {}


def test_bad_settings_are_invalid_input_and_change_nothing(run_cli: Run) -> None:
    before = run_cli("settings", "--json").stdout
    for words in (
        ("leech_action", "delete"),
        ("new_per_day", "many"),
        ("no_such_setting", "1"),
        ("day_start_hour", "25"),
        ("reviews_per_day",),
        ("--deck", "ynsa", "leech_threshold", "3"),
    ):
        result = run_cli("settings", *words)
        assert result.returncode == 2, words
        assert "Traceback" not in result.stderr
        assert result.stderr.strip(), words
    assert run_cli("settings", "--json").stdout == before
