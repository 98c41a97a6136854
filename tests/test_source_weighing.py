"""Source kinds, prevailing sides of disputes, and author-only notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.cli import main
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.models import SOURCE_KINDS

DECK = """\
id: weigh-me
title: Weighing
version: "1"
references:
  TB: {{citation: A national textbook, kind: textbook}}
  EX: {{citation: An exam note, kind: exam-note}}
  CL: {{citation: A clinic site, kind: clinic-or-teaching-site}}
  AI: {{citation: A chatbot page, kind: machine-written-summary}}
  STD:
    citation: A standard
    kind: standard
    author_notes: [only its table of contents was read]
facts:
  - kind: zone
    id: area
    system: jiao
    names: {{english: Test area}}
    location:
      description: 1.5 cm behind the motor area.
    indications: [vertigo]
    sources: [{{ref: TB}}]
    author_notes: [check the figure on page 3]
    conflicts:
      - about: location
        summary: The area is placed 1.5 cm or 0.5 cm behind the motor area.
        positions:
          - {{value: 1.5 cm behind, sources: [{{ref: {first}}}]}}
          - {{value: 0.5 cm behind, sources: [{{ref: {second}}}]}}
        author_notes: [the 0.5 cm is probably a typo]
cards:
  - key: free
    front: What is asked?
    back: This.
    sources: [{{ref: STD}}]
    author_notes: [the paper itself was not read]
"""


def deck_file(tmp_path: Path, first: str = "TB", second: str = "EX") -> Path:
    path = tmp_path / "weigh.yaml"
    path.write_text(DECK.format(first=first, second=second), encoding="utf-8")
    return path


def cards(path: Path) -> dict[str, Card]:
    decks = [d.deck for d in load_decks([path], with_builtins=False)]
    return {c.direction: c for c in generate_cards(decks, ["weigh-me"]) if c.fact == "area"}


def test_a_textbook_prevails_over_an_exam_note(tmp_path: Path) -> None:
    made = cards(deck_file(tmp_path, "TB", "EX"))
    assert "dispute:location" not in made
    assert made["location"].back.startswith("1.5 cm behind the motor area.")
    assert "Minority view on location: 0.5 cm behind [EX]" in made["location"].extra


def test_comparable_sources_make_a_dispute_card(tmp_path: Path) -> None:
    made = cards(deck_file(tmp_path, "EX", "CL"))
    assert "location" not in made
    dispute = made["dispute:location"]
    assert "1.5 cm behind" in dispute.back
    assert "0.5 cm behind" in dispute.back
    assert "Minority view" not in dispute.extra


def test_a_standard_against_a_textbook_is_a_dispute(tmp_path: Path) -> None:
    made = cards(deck_file(tmp_path, "STD", "TB"))
    assert "location" not in made
    assert "dispute:location" in made


def test_a_machine_written_summary_is_never_a_side(tmp_path: Path) -> None:
    made = cards(deck_file(tmp_path, "CL", "AI"))
    assert "dispute:location" not in made
    assert made["location"].back.startswith("1.5 cm behind")
    assert "chatbot" not in made["location"].extra
    assert "Minority view" not in made["location"].extra


def test_the_source_line_names_the_kind_of_work(tmp_path: Path) -> None:
    made = cards(deck_file(tmp_path))
    assert "[TB] A national textbook (textbook; verified)" in made["indications"].source


def test_author_notes_are_on_no_card(tmp_path: Path) -> None:
    path = deck_file(tmp_path, "EX", "CL")
    decks = [d.deck for d in load_decks([path], with_builtins=False)]
    for card in generate_cards(decks, ["weigh-me"]):
        shown = " ".join((card.front, card.back, card.extra, card.source))
        assert "page 3" not in shown
        assert "typo" not in shown
        assert "not read" not in shown
        assert "table of contents" not in shown


def test_lint_shows_author_notes_where_written_and_strict_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = deck_file(tmp_path)
    assert main(["lint", "--strict", str(path)]) == 0
    out = capsys.readouterr()
    notes = [line for line in out.out.splitlines() if ": note: author note: " in line]
    assert f"{path}:12:20: note: author note: only its table of contents was read" in notes
    assert f"{path}:22:20: note: author note: check the figure on page 3" in notes
    assert any(line.endswith("the 0.5 cm is probably a typo") for line in notes)
    assert any(line.endswith("the paper itself was not read") for line in notes)
    assert len(notes) == 4
    assert "no problems (4 author notes)" in out.err


def test_preview_shows_author_notes_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "120")
    path = deck_file(tmp_path)
    assert main(["preview", str(path)]) == 0
    plain = capsys.readouterr().out
    assert "page 3" not in plain
    assert main(["preview", "--author", str(path)]) == 0
    author = capsys.readouterr().out
    assert "check the figure on page 3" in author
    assert "dispute on location: the 0.5 cm is probably a typo" in author
    assert "[STD] only its table of contents was read" in author
    assert "the paper itself was not read" in author


def test_every_built_in_reference_has_a_kind() -> None:
    missing = [
        f"{loaded.id}:{key}"
        for loaded in load_decks([])
        for key, reference in loaded.deck.references.items()
        if reference.kind not in SOURCE_KINDS
    ]
    assert missing == []


def test_no_built_in_dispute_has_a_machine_written_side_or_a_prevailing_one_left_open() -> None:
    for loaded in load_decks([]):
        for fact in loaded.deck.facts:
            for conflict in fact.conflicts:
                sides = conflict.weighed.sides
                if conflict.open:
                    assert len(sides) >= 2, (loaded.id, fact.id, conflict.about)
                for side in sides:
                    kinds = {loaded.deck.kind_of(s) for s in side.sources}
                    assert kinds != {"machine-written-summary"}
