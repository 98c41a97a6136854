"""The configured decks folder: instructor decks loaded beside the built-in ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.authoring.scaffold import scaffold_deck
from studykit.cli import main
from studykit.config import ConfigError, config_path, configured_deck_paths, load_config


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("STUDYKIT_HOME", str(folder))
    monkeypatch.setenv("COLUMNS", "100")
    return folder


def write_config(home: Path, text: str) -> None:
    (home / "config.toml").write_text(text, encoding="utf-8")


def test_no_config_file_means_no_extra_decks(home: Path) -> None:
    assert config_path() == home / "config.toml"
    assert configured_deck_paths() == []


def test_a_decks_dir_relative_to_the_config_file_is_searched_recursively(home: Path) -> None:
    decks = home / "decks"
    (decks / "course" / ".hidden").mkdir(parents=True)
    (decks / "a.yaml").write_text("x", encoding="utf-8")
    (decks / "course" / "b.yml").write_text("x", encoding="utf-8")
    (decks / "course" / ".hidden" / "c.yaml").write_text("x", encoding="utf-8")
    (decks / "notes.txt").write_text("x", encoding="utf-8")
    write_config(home, 'decks_dir = "decks"\n')
    assert configured_deck_paths() == [decks / "a.yaml", decks / "course" / "b.yml"]


def test_several_folders_and_a_data_dir_override(tmp_path: Path, home: Path) -> None:
    other = tmp_path / "other-home"
    (other / "one").mkdir(parents=True)
    (other / "two").mkdir()
    (other / "config.toml").write_text(
        f'decks_dir = ["one", "{(other / "two").as_posix()}"]\n', encoding="utf-8"
    )
    assert load_config(other).decks_dirs == (other / "one", other / "two")
    assert load_config().decks_dirs == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("decks_dir = [unclosed\n", "not valid TOML"),
        ('deck_dir = "x"\n', "unknown setting 'deck_dir' (did you mean 'decks_dir'?)"),
        ("decks_dir = 3\n", "decks_dir must be a folder"),
        ('decks_dir = "missing"\n', "decks_dir 'missing' is not a folder (it does not exist)"),
    ],
)
def test_a_bad_config_is_a_clear_error(home: Path, text: str, message: str) -> None:
    write_config(home, text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config()


def test_configured_decks_are_previewed_by_id_and_linted_against(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decks = home / "decks"
    decks.mkdir()
    (decks / "teacher-a.yaml").write_text(scaffold_deck("teacher-a"), encoding="utf-8")
    write_config(home, 'decks_dir = "decks"\n')
    assert main(["preview", "teacher-a", "--limit", "1"]) == 0
    assert "teacher-a/ms5/code-name" in capsys.readouterr().out
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "id: mine\ntitle: Mine\nversion: '1'\nfacts:\n  - kind: condition\n    id: c\n"
        "    names: {english: Enuresis}\n    category: urogenital\n"
        "    treated_by: [teacher-a:ms5]\n    sources: [{citation: X}]\n",
        encoding="utf-8",
    )
    assert main(["lint", str(mine)]) == 0
    working_copy = tmp_path / "clash.yaml"  # the instructor's copy of the shared deck
    working_copy.write_text(scaffold_deck("teacher-a"), encoding="utf-8")
    assert main(["lint", str(working_copy)]) == 0
    assert main(["new", "teacher-a", "-o", str(tmp_path / "x.yaml")]) == 2
    out, err = capsys.readouterr()
    assert (
        f"{working_copy}:14:5: warning: this deck replaces the deck 'teacher-a' of "
        f"{decks / 'teacher-a.yaml'}" in out
    )
    assert "deck id 'teacher-a' is already used by" in err


def test_a_bad_config_stops_a_command_with_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(home, 'decks_dir = "nowhere"\n')
    assert main(["preview", "zhu-scalp"]) == 2
    assert "config.toml: decks_dir 'nowhere' is not a folder" in capsys.readouterr().err
