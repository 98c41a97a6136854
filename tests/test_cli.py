"""The installed `studykit` console script, run as a user would run it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from studykit.cli import COMMANDS
from studykit.commands.schema import SCHEMA_FILE, schema_text
from studykit.content.loader import builtin_deck_dir

Run = Callable[..., subprocess.CompletedProcess[str]]
BAD = Path(__file__).parent / "data" / "bad"


def test_decks_lists_the_built_in_decks_with_counts(run_cli: Run) -> None:
    result = run_cli("decks")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("scalp-standard"))
    facts, _free, cards = (int(n) for n in row.split()[1:4])
    assert facts == 14
    assert cards > facts


def test_decks_json_counts_match_the_cards_dump(run_cli: Run) -> None:
    listed = json.loads(run_cli("decks", "--json").stdout)
    dumped = json.loads(run_cli("cards", "--all", "--json").stdout)
    for deck in listed:
        assert deck["cards"] == sum(1 for card in dumped if card["deck"] == deck["id"])


def test_validate_accepts_a_good_deck(run_cli: Run, small_deck: Path) -> None:
    result = run_cli("validate", str(small_deck))
    assert result.returncode == 0, result.stderr
    assert re.search(r"tiny\.yaml: ok \(tiny: 4 facts, \d+ cards\)", result.stdout)


def test_validate_reports_every_problem_and_exits_2(run_cli: Run) -> None:
    result = run_cli("validate", str(BAD / "wrong_types.yaml"), str(BAD / "duplicate_key.yaml"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "7 problems in 2 files"
    for line in lines[:-1]:
        assert re.match(r"^.+\.yaml:\d+:\d+: \S", line), line
    assert "Traceback" not in result.stderr


def test_cards_json_is_the_documented_dump(run_cli: Run, small_deck: Path) -> None:
    result = run_cli("cards", str(small_deck), "--json")
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)
    assert cards
    assert {c["deck"] for c in cards} == {"tiny"}
    required = {
        "id",
        "deck",
        "fact",
        "direction",
        "kind",
        "front",
        "back",
        "answers",
        "tags",
        "source",
    }
    for card in cards:
        assert required <= set(card)
        assert card["id"] == f"{card['deck']}/{card['fact']}/{card['direction']}"
    assert any(c["front"].startswith("顶中线") for c in cards)  # hanzi kept as is


def test_cards_by_id_and_unknown_deck(run_cli: Run) -> None:
    ok = run_cli("cards", "scalp-standard-lines", "--json")
    assert ok.returncode == 0
    assert {c["deck"] for c in json.loads(ok.stdout)} == {"scalp-standard-lines"}
    unknown = run_cli("cards", "scalp-standard-line")
    assert unknown.returncode == 2
    assert "did you mean 'scalp-standard-lines'" in unknown.stderr
    nothing = run_cli("cards")
    assert nothing.returncode == 2  # invalid input, as the README says
    assert "name at least one deck" in nothing.stderr


def test_schema_matches_the_committed_copy(run_cli: Run) -> None:
    committed = (builtin_deck_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run: studykit schema > decks/" + SCHEMA_FILE
    assert run_cli("schema").stdout == committed


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run_cli: Run, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "usage: studykit" in result.stdout


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studykit", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("studykit ")


def test_a_bad_option_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("decks", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
