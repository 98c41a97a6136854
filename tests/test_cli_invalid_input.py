"""The command line agrees with the README: a misspelt deck gets "did you mean" in every
command that takes decks, and invalid input exits 2 everywhere (issue 20.9)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


def run(studykit_bin: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDYKIT_HOME": str(home)}
    return subprocess.run(
        [studykit_bin, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, studykit_bin: str) -> Path:
    """A data directory whose review store knows the built-in decks."""
    home = tmp_path_factory.mktemp("home")
    from studykit.content.generate import generate_cards
    from studykit.content.loader import load_decks
    from studykit.study.store import Store
    from studykit.tui.session import utc_now

    with Store.open(data_dir=home) as store:
        store.sync_cards(generate_cards([d.deck for d in load_decks([])]), utc_now())
    return home


@pytest.mark.parametrize(
    "command",
    [
        ["cards", "ynas"],
        ["quiz", "ynas"],
        ["export", "ynas", "-o", "out.apkg"],
        ["preview", "ynas"],
        ["stats", "ynas"],
        ["due", "ynas"],
        ["due", "conditions", "ynas"],
    ],
    ids=lambda command: " ".join(command),
)
def test_a_misspelt_deck_gets_did_you_mean_and_exit_2(
    studykit_bin: str, home: Path, command: list[str]
) -> None:
    done = run(studykit_bin, home, *command)
    assert done.returncode == 2, done.stderr
    assert "(did you mean 'ynsa'?)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["cards"], "name at least one deck"),
        (["preview"], "name a deck file or deck id"),
        (["map"], "name at least one zone"),
        (["import-csv", "no-such-file.csv", "--deck", "mine"], "cannot read no-such-file.csv"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_invalid_input_exits_2(
    studykit_bin: str, home: Path, tmp_path: Path, command: list[str], message: str
) -> None:
    done = run(studykit_bin, home, *command)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
