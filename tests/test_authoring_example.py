"""The example instructor deck and the authoring guide stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from studykit.authoring.lint import lint_paths
from studykit.cli import COMMANDS
from studykit.content.loader import builtin_deck_paths, load_decks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "decks" / "examples").glob("*.yaml"))
GUIDE = ROOT / "docs" / "authoring.md"


def test_the_example_decks_are_lint_clean_and_use_every_card_kind() -> None:
    assert EXAMPLES
    assert lint_paths(EXAMPLES) == []
    kinds = {card.kind for d in load_decks(EXAMPLES) if not d.builtin for card in d.deck.cards}
    assert kinds == {"basic", "basic-and-reverse", "typed", "choice", "cloze"}


def test_the_examples_are_not_built_in_decks() -> None:
    assert not set(EXAMPLES) & set(builtin_deck_paths())


def test_the_guide_names_the_example_and_only_real_commands() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for example in EXAMPLES:
        assert f"decks/examples/{example.name}" in text
    used = set(re.findall(r"^\s*(?:\$ )?studykit ([a-z-]+)", text, re.MULTILINE))
    assert {"new", "lint", "preview", "import-csv", "export"} <= used
    assert used <= set(COMMANDS)
