"""Hostile input (issue 16): deck text never drives the terminal, bad paths and settings
get exit 2 with a clear message, and no input gets a traceback."""

from __future__ import annotations

import io
import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

import studykit.config
from studykit.anki.export import to_html
from studykit.cli import main
from studykit.commands.common import print_table
from studykit.content.cards import Card
from studykit.errors import Problem
from studykit.maps import atlas_for
from studykit.safetext import control_name, for_terminal, for_xml, one_line, record_for_terminal

Run = Callable[..., subprocess.CompletedProcess[str]]
BAD = Path(__file__).parent / "data" / "bad"
ESCAPES = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\x7f\r"
PLACED = re.compile(r"^.+:\d+:\d+: \S")


def hostile_card() -> Card:
    return Card(
        id="evil/fact/front",
        deck="evil",
        fact="fact",
        direction="front",
        kind="typed",
        front=f"Question {ESCAPES}?",
        back=f"Answer {ESCAPES}",
        answers=(f"answer {ESCAPES}",),
        source=f"Source {ESCAPES}",
        extra=f"Note {ESCAPES}",
    )


def no_control(text: str) -> bool:
    return not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


def run_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# -------------------------------------------------------------------- the helper


def test_control_characters_become_pictures_and_keep_lines() -> None:
    assert for_terminal("a\x1b[2Jb\tc\nd\x07\x9b") == "a\u241b[2Jb\tc\nd\u2407\ufffd"
    assert one_line("a\nb\tc\u2028") == "a\u240ab\u2409c\ufffd"
    assert for_xml('<a href="x">&\x1b</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;\u241b&lt;/a&gt;"
    assert control_name("\x1b") == "U+001B ESCAPE"
    assert control_name("\x9d") == "U+009D OPERATING SYSTEM COMMAND"
    assert control_name("\x7f") == "U+007F DELETE"


def test_a_record_is_copied_only_when_it_holds_a_control_character() -> None:
    card = hostile_card()
    shown = record_for_terminal(card)
    assert shown is not card
    assert all(no_control(value) for value in (shown.front, shown.back, shown.source))
    assert no_control("".join(shown.answers))
    plain = Card("d/f/x", "d", "f", "x", "basic", "Q?", "A")
    assert record_for_terminal(plain) is plain


def test_a_problem_stays_on_one_line_whatever_it_quotes() -> None:
    problem = Problem("deck\x1b.yaml", 3, 4, "unknown key 'a\nb\x1b[2J'")
    assert str(problem) == "deck\u241b.yaml:3:4: unknown key 'a\u240ab\u241b[2J'"


# ------------------------------------------------------------------------ outputs


def test_validation_names_the_control_character_and_never_prints_it(run_cli: Run) -> None:
    result = run_cli("validate", str(BAD / "control_characters.yaml"))
    assert result.returncode == 2
    assert no_control(result.stderr.replace("\n", ""))
    lines = result.stderr.splitlines()
    assert all(PLACED.match(line) for line in lines[:-1])
    assert "U+001B ESCAPE" in result.stderr


def test_an_error_message_quoting_a_name_never_prints_its_escapes(run_cli: Run) -> None:
    result = run_cli("cards", "\x1b]0;pwned\x07")
    assert result.returncode == 2
    assert "no deck named" in result.stderr
    assert no_control(result.stderr.replace("\n", ""))


def test_cards_text_output_neutralises_deck_text(monkeypatch: pytest.MonkeyPatch) -> None:
    selection = SimpleNamespace(cards=lambda: [hostile_card()])
    monkeypatch.setattr("studykit.commands.cards.select", lambda *a, **k: selection)
    code, out, _ = run_main("cards", "evil")
    assert code == 0
    assert "Question \u241b]52" in out
    assert no_control(out.replace("\n", ""))


def test_cards_json_keeps_the_text_escaped_as_json() -> None:
    import json

    assert "\\u001b" in json.dumps(hostile_card().to_json())


def test_preview_neutralises_deck_text(monkeypatch: pytest.MonkeyPatch, small_deck: Path) -> None:
    monkeypatch.setattr("studykit.commands.preview.generate_cards", lambda *a: [hostile_card()])
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run_main("preview", str(small_deck))
    assert code == 0
    assert "Question" in out
    assert no_control(out.replace("\n", ""))


def test_tables_neutralise_every_cell(capsys: pytest.CaptureFixture[str]) -> None:
    print_table([("evil", f"Title {ESCAPES}\nsecond line")], ("DECK", "TITLE"))
    out = capsys.readouterr().out
    assert out.count("\n") == 2
    assert no_control(out.replace("\n", ""))


def test_map_titles_are_neutralised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("studykit.maps.atlas.Atlas.title", lambda self, ref: f"Zone {ESCAPES}")
    code, out, _ = run_main("map", "--list")
    assert code == 0
    assert "Zone \u241b" in out
    assert no_control(out.replace("\n", ""))


def test_an_svg_with_control_characters_in_its_text_is_well_formed_xml() -> None:
    atlas = atlas_for(None)
    ref = atlas.drawable(None)[0]
    svg = atlas.svg([ref], None, title=f"Title {ESCAPES} <b>&")
    root = ElementTree.fromstring(svg)  # raises on a control character or bad markup
    assert "Title \u241b" in "".join(root.itertext())


def test_anki_fields_neutralise_control_characters() -> None:
    html = to_html(f"Back {ESCAPES}\nline <b>")
    assert no_control(html)
    assert html.startswith("Back \u241b&#93;52")  # Anki syntax made inert too
    assert "<br>line &lt;b&gt;" in html


# ----------------------------------------------------------------- paths, settings


@pytest.mark.parametrize("where", ["--data-dir", "STUDYKIT_HOME", "decks_dir"])
def test_a_home_of_a_user_that_does_not_exist_is_exit_2(
    run_cli: Run, studykit_bin: str, tmp_path: Path, where: str
) -> None:
    if where == "--data-dir":
        result = run_cli("--data-dir", "~nosuchuser-studykit/x", "decks")
    elif where == "STUDYKIT_HOME":
        env = {**os.environ, "STUDYKIT_HOME": "~nosuchuser-studykit/x"}
        result = subprocess.run(
            [studykit_bin, "decks"], capture_output=True, text=True, env=env, check=False
        )
    else:
        home = tmp_path / "home"
        home.mkdir()
        (home / "config.toml").write_text('decks_dir = "~nosuchuser-studykit/decks"\n')
        result = run_cli("decks")
    assert result.returncode == 2, result.stderr
    assert "~nosuchuser-studykit" in result.stderr
    assert "no such home directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_dir_that_is_a_file_is_exit_2(run_cli: Run, tmp_path: Path) -> None:
    file = tmp_path / "a-file"
    file.write_text("x")
    result = run_cli("--data-dir", str(file), "stats")
    assert result.returncode == 2
    assert "is a file, not a folder" in result.stderr


def test_a_decks_dir_walk_is_bounded_and_says_what_it_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(studykit.config, "MOST_ENTRIES", 40)
    monkeypatch.setattr(studykit.config, "DEEPEST", 2)
    decks = tmp_path / "decks"
    deep = decks / "a" / "b" / "c"
    deep.mkdir(parents=True)
    for i in range(60):
        (decks / f"note{i:02d}.txt").write_text("x")
    (deep / "lost.yaml").write_text("x")
    notes: list[str] = []
    config = studykit.config.Config(tmp_path / "config.toml", (decks,))
    config.deck_paths(notes.append)
    assert any("stopped after looking at 40 files and folders" in note for note in notes)
    notes.clear()
    monkeypatch.setattr(studykit.config, "MOST_ENTRIES", 1000)
    assert config.deck_paths(notes.append) == []
    assert any("1 folder(s) more than 2 levels down were not searched" in n for n in notes)


def test_a_folder_that_links_to_itself_is_walked_once(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a.yaml").write_text("x")
    (decks / "loop").symlink_to(decks)
    paths, _ = studykit.config.walk_deck_folder(decks)
    assert paths == [decks / "a.yaml"]


def test_an_alias_bomb_in_the_decks_folder_is_refused_not_followed(
    run_cli: Run, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "decks").mkdir(parents=True)
    (home / "config.toml").write_text('decks_dir = "decks"\n')
    (home / "decks" / "bomb.yaml").write_bytes((BAD / "alias_bomb.yaml").read_bytes())
    result = run_cli("decks")  # hung for minutes before
    assert result.returncode == 2
    assert "aliases (*name) repeat more than 100,000 values" in result.stderr


def test_validate_places_two_cards_with_one_id_even_past_the_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The loader names the known causes; validate's own check is the net for any other
    way generation could give two cards one id (export refuses them)."""
    path = BAD / "repeated_indication.yaml"
    code, _, err = run_main("validate", str(path))
    assert code == 2
    assert PLACED.match(err.splitlines()[0])
    monkeypatch.setattr("studykit.content.loader._same_card_id", lambda *a: [])
    code, _, err = run_main("validate", str(path))
    assert code == 2
    assert f"{path}:8:5: 2 cards of this fact get the id" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("map", "--width", "-1", "ms6"), "-1 is not between 4 and 1000"),
        (("map", "--width", "1", "--height", "1", "ms6"), "1 is not between 4 and 1000"),
        (("map", "--width", "100000", "--height", "100000", "ms6"), "not between 4 and 1000"),
        (("cards", "a" * 5000), "no deck named"),
    ],
)
def test_bad_options_and_names_are_exit_2_not_a_traceback(
    run_cli: Run, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args)  # a too small map raised; a huge one ran out of memory
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
