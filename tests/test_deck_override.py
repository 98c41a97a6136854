"""An instructor's edited copy of a built-in deck, and `--no-builtin`, in every command
that takes decks: a deck file given by path with a built-in deck's id replaces the
built-in deck (with a one-line notice); `--no-builtin` leaves the built-ins out."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from studykit.commands.quiz import load_quiz_cards
from studykit.content.deckfiles import builtin_deck_dir
from studykit.content.loader import load_decks, replacement_notices

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def edited_copy(tmp_path: Path) -> Path:
    """The built-in `evidence` deck under a new title."""
    text = (builtin_deck_dir() / "evidence.yaml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path = tmp_path / "my-evidence.yaml"
    path.write_text(text.replace(title, "title: Evidence, my edition", 1), encoding="utf-8")
    return path


def test_the_loader_replaces_the_built_in_deck_and_says_so(edited_copy: Path) -> None:
    loaded = load_decks([edited_copy])

    evidence = [d for d in loaded if d.id == "evidence"]
    assert len(evidence) == 1
    assert evidence[0].path == edited_copy
    assert evidence[0].deck.title == "Evidence, my edition"
    assert evidence[0].replaces == builtin_deck_dir() / "evidence.yaml"
    assert replacement_notices(loaded) == [
        f"note: {edited_copy} replaces the built-in deck 'evidence' (same id)"
    ]
    assert len(loaded) == len(load_decks([]))  # the other built-ins are all there


@pytest.mark.parametrize("command", ["cards", "decks", "export"])
def test_commands_use_the_copy_with_a_one_line_notice(
    run_cli: Run, edited_copy: Path, tmp_path: Path, command: str
) -> None:
    extra = ["-o", str(tmp_path / "e.apkg")] if command == "export" else []
    extra += ["--json"] if command == "cards" else []
    result = run_cli(command, str(edited_copy), *extra)

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"note: {edited_copy} replaces the built-in deck 'evidence' (same id)"
    ]
    if command == "cards":
        assert {card["deck"] for card in json.loads(result.stdout)} == {"evidence"}
    if command == "decks":
        assert "Evidence, my edition" in result.stdout


def test_no_builtin_leaves_the_built_in_decks_out(run_cli: Run, small_deck: Path) -> None:
    listed = run_cli("decks", "--no-builtin", str(small_deck))
    cards = run_cli("cards", "--no-builtin", "--all", "--json", str(small_deck))
    unknown = run_cli("cards", "--no-builtin", "ynsa")

    assert listed.returncode == 0, listed.stderr
    assert "1 deck" in listed.stdout
    assert "tiny" in listed.stdout
    assert "ynsa" not in listed.stdout
    assert {card["deck"] for card in json.loads(cards.stdout)} == {"tiny"}
    assert unknown.returncode == 2
    assert "no deck named 'ynsa'" in unknown.stderr


@pytest.mark.parametrize("command", ["preview", "validate", "lint"])
def test_no_builtin_breaks_references_to_built_in_zones_visibly(
    run_cli: Run, tmp_path: Path, command: str
) -> None:
    text = (builtin_deck_dir() / "conditions.yaml").read_text(encoding="utf-8")
    path = tmp_path / "conditions.yaml"
    path.write_text(text, encoding="utf-8")

    with_builtins = run_cli(command, str(path))
    without = run_cli(command, "--no-builtin", str(path))

    assert with_builtins.returncode == 0, with_builtins.stdout + with_builtins.stderr
    assert without.returncode == 2
    assert "which is not loaded" in without.stdout + without.stderr
    assert "Traceback" not in without.stderr


def test_map_with_no_builtin_draws_only_the_given_decks(run_cli: Run, small_deck: Path) -> None:
    listed = run_cli("map", "--no-builtin", "--deck", str(small_deck), "--list")

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()
    assert all(line.startswith("tiny:") for line in listed.stdout.splitlines())


def test_the_quiz_loads_without_the_built_ins(small_deck: Path, tmp_path: Path) -> None:
    quiz = load_quiz_cards([str(small_deck)], cache_dir=tmp_path, with_builtins=False)
    everything = load_quiz_cards([str(small_deck)], cache_dir=tmp_path)

    assert [deck.id for deck in quiz.decks] == ["tiny"]
    assert {card.deck for card in quiz.cards} == {"tiny"}
    assert len(everything.decks) > 1  # the cache keeps the two apart
