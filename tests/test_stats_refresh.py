"""`stats --json` counts the decks as they are now, not as the quiz last saw them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studykit.authoring.scaffold import scaffold_deck
from studykit.cli import main
from studykit.commands.quiz import load_quiz_cards
from studykit.config import configured_deck_paths
from studykit.study.store import Store

EXTRA_FACT = """\
  - kind: condition
    id: headache
    names: {english: Vertex headache}
    category: pain
    treated_by: [ms5]
    sources: [{ref: S4}]
"""


def test_stats_refreshes_counts_after_a_deck_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    (home / "decks").mkdir(parents=True)
    (home / "config.toml").write_text('decks_dir = "decks"\n', encoding="utf-8")
    monkeypatch.setenv("STUDYKIT_HOME", str(home))
    deck = home / "decks" / "course.yaml"
    text = scaffold_deck("course")
    deck.write_text(text, encoding="utf-8")

    # the student opened the quiz on the course deck only (what the quiz syncs)
    quiz = load_quiz_cards(["course"], extra_paths=configured_deck_paths())
    store = Store.open()
    store.sync_cards(quiz.chosen_cards(), datetime.now(UTC), decks=["course"])
    store.close()
    before = len(quiz.chosen_cards())

    # the instructor adds a fact; the student asks for stats before opening the quiz
    deck.write_text(
        text.replace("\ncards:\n", "\n" + EXTRA_FACT + "\ncards:\n", 1), encoding="utf-8"
    )
    after = len(load_quiz_cards(["course"], extra_paths=configured_deck_paths()).chosen_cards())
    assert after > before
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decks"]["course"]["cards"] == after
    assert data["refreshed"] == {"added": after - before, "removed": 0, "restored": 0}
    assert set(data["decks"]) == {"course"}  # decks never studied are not added
