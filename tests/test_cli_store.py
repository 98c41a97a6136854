"""`studykit due`, `stats` and `doctor` through the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from store_fixtures import file_digest, make_cards

from studykit.study.migrations import SCHEMA_VERSION
from studykit.study.scheduling import Rating
from studykit.study.store import Store

Run = Callable[..., subprocess.CompletedProcess[str]]


def seed(home: Path, profile: str = "default") -> Path:
    """A store with two decks, three answers (one in each state of interest)."""
    now = datetime.now(UTC)
    with Store.open(data_dir=home, profile=profile) as store:
        store.sync_cards(make_cards("alpha", 30) + make_cards("beta", 5), now)
        store.answer("alpha/f00/forward", Rating.GOOD, now, 1200)
        store.answer("alpha/f01/forward", Rating.EASY, now, 900)
        store.answer("beta/f00/forward", Rating.AGAIN, now, 3000, typed_answer="MS5")
        return store.path


def test_due_lists_each_deck(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    result = run_cli("due")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deck", "new", "learning", "review", "total"]
    # 20 new cards a day for the profile, 3 started: 17 more, one deck after the other
    assert lines[1].split() == ["alpha", "13", "1", "0", "14"]
    assert lines[2].split() == ["beta", "4", "1", "0", "5"]
    assert lines[3].split() == ["total", "17", "2", "0", "19"]
    as_json = json.loads(run_cli("due", "beta", "--json").stdout)
    assert as_json == {"beta": {"new": 4, "learning": 1, "review": 0}}


def test_stats_json_and_text(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    result = run_cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reviews_total"] == 3
    assert data["new_today"] == 3
    assert data["decks"]["alpha"]["cards"] == 30
    assert len(data["forecast"]) == 30
    deck_only = json.loads(run_cli("stats", "beta", "--json").stdout)
    assert deck_only["reviews_total"] == 1
    assert deck_only["deck"] == "beta"
    text = run_cli("stats").stdout
    assert "3 in all" in text
    assert "alpha" in text


def test_unknown_deck_is_invalid_input(run_cli: Run, tmp_path: Path) -> None:
    seed(tmp_path / "home")
    result = run_cli("stats", "gamma")
    assert result.returncode == 2
    assert "no cards of deck 'gamma'" in result.stderr
    assert "alpha, beta" in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_checks_and_rebuilds(run_cli: Run, tmp_path: Path) -> None:
    path = seed(tmp_path / "home")
    result = run_cli("doctor")
    assert result.returncode == 0, result.stderr
    assert f"store: {path}" in result.stdout
    assert f"schema version: {SCHEMA_VERSION}" in result.stdout
    assert "integrity check: ok" in result.stdout
    with Store.at(path) as store:
        store.connection.execute("UPDATE cards SET stability = 50 WHERE state = 2")
    broken = run_cli("doctor")
    assert broken.returncode == 1
    assert "alpha/f01/forward" in broken.stdout
    assert "--rebuild" in broken.stdout
    rebuilt = run_cli("doctor", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stdout
    assert "1 card(s) changed" in rebuilt.stdout
    assert "consistent with the review log" in rebuilt.stdout


def test_a_corrupt_store_is_refused_with_its_name(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "home" / "profiles" / "default.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(os.urandom(5000))
    digest = file_digest(path)
    for command in (("due",), ("stats", "--json"), ("doctor",)):
        result = run_cli(*command)
        assert result.returncode == 1
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr
    assert file_digest(path) == digest


def test_data_dir_and_profile_choose_the_file(run_cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    seed(other, profile="exam")
    result = run_cli("--data-dir", str(other), "--profile", "exam", "stats", "--json")
    assert json.loads(result.stdout)["reviews_total"] == 3
    assert json.loads(run_cli("stats", "--json").stdout)["reviews_total"] == 0  # $STUDYKIT_HOME
    bad = run_cli("--profile", "../escape", "due")
    assert bad.returncode == 2
    assert "profile name" in bad.stderr
