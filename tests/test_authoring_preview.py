"""`studykit preview`: the cards as students see them; deck text is never markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.cli import main

DECK = """\
id: preview-me
title: Preview
version: "1"
cards:
  - key: markup
    front: "What does [bold]this[/bold] do, and [link=https://x.org]this[/link]?"
    back: "[red]Nothing[/red]: it shows as written."
    sources: [{citation: "[i]Book[/i]"}]
  - key: pick
    kind: choice
    front: Which point is at the vertex?
    back: Baihui
    distractors: [Shenting, Xuanli, Qubin]
    tags: [points]
  - key: type
    kind: typed
    front: How long is MS5?
    back: 1.5 cun
    answers: ["1.5"]
  - key: blanks
    kind: cloze
    text: "MS5 runs from {{c1::GV20}} to {{c2::GV21}}."
"""


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STUDYKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "100")
    path = tmp_path / "preview.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def preview(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["preview", *args]) == 0
    return capsys.readouterr().out


def test_every_card_is_shown_with_question_answer_and_kind(
    deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = preview(capsys, str(deck))
    for card_id in (
        "preview-me/card:markup/forward",
        "preview-me/card:pick/choice",
        "preview-me/card:type/typed",
        "preview-me/card:blanks/c1",
        "preview-me/card:blanks/c2",
    ):
        assert card_id in out
    assert "MS5 runs from [...] to GV21." in out
    assert "MS5 runs from GV20 to [...]." in out
    assert "Accepted: 1.5 cun · 1.5" in out
    assert "type the answer" in out
    assert out.rstrip().endswith("preview-me: 5 cards (basic 1, typed 1, choice 1, cloze 2)")


def test_deck_text_that_looks_like_markup_shows_literally(
    deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = preview(capsys, str(deck), "--limit", "1")
    assert "What does [bold]this[/bold] do, and [link=https://x.org]this[/link]?" in out
    assert "[red]Nothing[/red]: it shows as written." in out
    assert "[i]Book[/i]" in out
    assert "\x1b[" not in out  # not a terminal: no escape codes either


def test_choice_options_are_numbered(deck: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = preview(capsys, str(deck), "--kind", "choice")
    options = [line for line in out.splitlines() if re.match(r"^│  [1-4]  ", line)]
    assert len(options) == 4
    assert {name for name in ("Baihui", "Shenting", "Xuanli", "Qubin") if name in out} == {
        "Baihui",
        "Shenting",
        "Xuanli",
        "Qubin",
    }
    assert "1 shown" in out


def test_filters_by_tag_and_a_deck_id_works_like_a_path(
    deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = preview(capsys, str(deck), "--tag", "points")
    assert "preview-me/card:pick/choice" in out
    assert "preview-me/card:type/typed" not in out
    builtin = preview(capsys, "zhu-scalp", "--limit", "2")
    assert builtin.count("╭─ zhu-scalp/") == 2


def test_a_broken_deck_or_no_deck_is_an_error(
    tmp_path: Path, deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck.write_text(DECK.replace("kind: typed", "kind: typd"), encoding="utf-8")
    assert main(["preview", str(deck)]) == 2
    assert main(["preview"]) == 2  # invalid input
    assert main(["preview", "no-such-deck"]) == 2
    err = capsys.readouterr().err
    assert f"{deck}:" in err
    assert "'typd' is not allowed here (did you mean 'typed'?)" in err
    assert "name a deck file or deck id" in err
    assert "no deck named 'no-such-deck'" in err
