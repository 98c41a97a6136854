"""`studykit new`: a commented deck file that is valid, and lint-clean, as written."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from studykit.authoring.lint import lint_paths
from studykit.authoring.scaffold import scaffold_deck
from studykit.cli import main
from studykit.commands.schema import schema_text
from studykit.content.loader import builtin_deck_dir, load_decks


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYKIT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def test_new_writes_a_valid_lint_clean_deck_with_every_card_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "my-course"]) == 0
    path = tmp_path / "my-course.yaml"
    assert f"wrote {Path('my-course.yaml')}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./studykit-deck.schema.json"
    assert (tmp_path / "studykit-deck.schema.json").read_text(encoding="utf-8") == schema_text()
    (deck,) = [d for d in load_decks([path]) if d.id == "my-course"]
    assert {f.kind for f in deck.deck.facts} == {"zone", "condition", "microsystem"}
    assert [s.id for s in deck.deck.systems] == ["auricular"]  # a declared ear system
    assert {f.system for f in deck.deck.facts if f.kind == "zone"} == {"international", "auricular"}
    assert {c.kind for c in deck.deck.cards} == {
        "basic",
        "basic-and-reverse",
        "typed",
        "choice",
        "cloze",
    }
    assert any(c.kind == "choice" and not c.distractors for c in deck.deck.cards)
    assert lint_paths([path]) == []
    assert main(["lint", "--strict", str(path)]) == 0
    assert main(["validate", str(path)]) == 0


def test_new_takes_the_title_and_output_path(tmp_path: Path) -> None:
    output = tmp_path / "decks" / "course.yaml"
    assert main(["new", "course-2", "-o", str(output), "--title", 'Scalp "lines" II']) == 0
    (deck,) = [d for d in load_decks([output]) if d.id == "course-2"]
    assert deck.deck.title == 'Scalp "lines" II'
    assert (output.parent / "studykit-deck.schema.json").is_file()


def test_new_to_stdout_points_at_the_installed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "piped", "-o", "-"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    schema = Path(first.removeprefix("# yaml-language-server: $schema="))
    assert schema == builtin_deck_dir() / "studykit-deck.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8"))["title"] == "studykit deck"


def test_new_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my work", encoding="utf-8")
    assert main(["new", "mine"]) == 2
    assert path.read_text(encoding="utf-8") == "my work"
    assert "mine.yaml already exists; use --force" in capsys.readouterr().err
    assert main(["new", "mine", "--force"]) == 0
    assert path.read_text(encoding="utf-8") == scaffold_deck("mine")


@pytest.mark.parametrize(
    ("deck_id", "message"),
    [
        ("My Course", "'My Course' is not a valid deck id: use lowercase letters, digits and "
         "hyphens (e.g. 'my-course')"),
        ("scalp-standard-lines", "deck id 'scalp-standard-lines' is already used by a built-in "
         "deck"),
    ],
)  # fmt: skip
def test_new_rejects_bad_and_taken_ids(
    deck_id: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", deck_id]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.glob("*.yaml")) == []


def test_new_through_the_console_script(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    made = run_cli("new", "scripted", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    linted = run_cli("lint", "--strict", "scripted.yaml", cwd=tmp_path)
    assert (linted.returncode, linted.stdout) == (0, "")
    again = run_cli("new", "scripted", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.startswith("studykit: error: scripted.yaml already exists")
