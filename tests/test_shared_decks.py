"""An instructor's working copy beside the shared copy in `decks_dir`, and a broken file
in `decks_dir` that must not stop a student's quiz."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.authoring.scaffold import scaffold_deck
from studykit.cli import main
from studykit.commands.quiz import CACHE_NAME, load_quiz_cards
from studykit.config import configured_deck_paths

BROKEN = "id: broken\ntitle: Broken\nversion: '1'\nfacts:\n  - kind: zone\n    id: x\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "decks").mkdir(parents=True)
    (folder / "config.toml").write_text('decks_dir = "decks"\n', encoding="utf-8")
    monkeypatch.setenv("STUDYKIT_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "120")
    return folder


def shared(home: Path, name: str, text: str) -> Path:
    path = home / "decks" / name
    path.write_text(text, encoding="utf-8")
    return path


def cards_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict[str, str]], str]:
    assert main(["cards", *args, "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    return (data if isinstance(data, list) else data["cards"]), err


@pytest.mark.parametrize("command", ["lint", "preview", "cards", "export"])
def test_a_working_copy_replaces_the_shared_deck_for_every_command(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    shared_copy = shared(home, "ear-nada.yaml", scaffold_deck("ear-nada"))
    working = tmp_path / "ear-nada.yaml"
    working.write_text(
        scaffold_deck("ear-nada").replace("Middle line of vertex", "Midline of the vertex"),
        encoding="utf-8",
    )
    args = {
        "lint": [str(working)],
        "preview": [str(working), "--limit", "2"],
        "cards": [str(working)],
        "export": [str(working), "-o", str(tmp_path / "out.apkg")],
    }[command]
    assert main([command, *args]) == 0
    out, err = capsys.readouterr()
    notice = f"replaces the deck 'ear-nada' of {shared_copy}"
    assert notice in (out if command == "lint" else err)
    if command == "cards":
        assert "Midline of the vertex" in out  # the working copy's text, not the shared one


def test_a_shared_deck_with_a_built_in_id_replaces_the_built_in_deck(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (Path(__file__).parents[1] / "decks" / "zhu-scalp.yaml").read_text(encoding="utf-8")
    path = shared(home, "zhu.yaml", text.replace("title: Zhu's Scalp", "title: Our Zhu's Scalp"))
    cards, err = cards_json(capsys, "zhu-scalp")
    assert f"note: {path} replaces the built-in deck 'zhu-scalp' (same id)" in err
    assert cards
    assert {card["deck"] for card in cards} == {"zhu-scalp"}


def test_a_broken_shared_file_is_reported_and_skipped(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = shared(home, "broken.yaml", BROKEN)
    shared(home, "teacher.yaml", scaffold_deck("teacher"))
    cards, err = cards_json(capsys, "--all")
    assert {"teacher", "zhu-scalp", "auricular"} <= {card["deck"] for card in cards}
    assert "broken" not in {card["deck"] for card in cards}
    assert f"{broken}:5:5: missing required key" in err
    assert f"note: skipped {broken}" in err


def test_the_quiz_runs_with_the_rest_and_says_what_it_skipped(home: Path, tmp_path: Path) -> None:
    broken = shared(home, "broken.yaml", BROKEN)
    shared(home, "teacher.yaml", scaffold_deck("teacher"))
    quiz = load_quiz_cards([], cache_dir=tmp_path, extra_paths=configured_deck_paths())
    assert "teacher" in quiz.chosen
    assert "broken" not in quiz.chosen
    assert any(line.startswith(f"{broken}:5:5:") for line in quiz.notices)
    assert not (tmp_path / CACHE_NAME).exists()  # not cached: the next start says it again
    again = load_quiz_cards([], cache_dir=tmp_path, extra_paths=configured_deck_paths())
    assert again.notices == quiz.notices  # said again on the next start


def test_a_broken_file_named_on_the_command_line_still_stops_the_command(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BROKEN, encoding="utf-8")
    assert main(["cards", str(mine), "--json"]) == 2
    assert f"{mine}:5:5: missing required key" in capsys.readouterr().err
