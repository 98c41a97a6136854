"""Deck files → models, and every problem reported as file:line:column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.content.loader import builtin_deck_paths, load_decks, read_deck
from studykit.errors import DeckError

BAD = Path(__file__).parent / "data" / "bad"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.*)$")


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = []
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3]))
    return found


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_every_problem_is_reported_at_its_line_and_column(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    with pytest.raises(DeckError) as caught:
        load_decks([path])
    problems = [p for p in caught.value.problems if Path(p.path) == path]
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for line, column, message in expected:
        assert any(
            (p.line, p.column) == (line, column) and p.message.startswith(message) for p in problems
        ), f"no problem {line}:{column}: {message}\ngot:\n" + "\n".join(map(str, problems))


def test_the_problem_text_is_path_line_column_message() -> None:
    path = BAD / "duplicate_key.yaml"
    with pytest.raises(DeckError) as caught:
        load_decks([path])
    assert str(caught.value) == f"{path}:5:1: duplicate key 'title' (first given on line 3)"


def test_python_tags_are_never_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DeckError):
        load_decks([BAD / "python_tag.yaml"])
    assert not (tmp_path / "studykit-pwned").exists()


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    deck, problems = read_deck(empty)
    assert deck is None
    assert [str(p) for p in problems] == [
        f"{empty}:1:1: the file is empty: a deck needs at least 'id', 'title' and 'version'"
    ]


def test_a_missing_file_is_reported_not_raised(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="no such file"):
        load_decks([tmp_path / "nope.yaml"])


def test_a_utf8_bom_is_accepted(small_deck: Path) -> None:
    small_deck.write_bytes(b"\xef\xbb\xbf" + small_deck.read_bytes())
    deck, problems = read_deck(small_deck)
    assert problems == []
    assert deck is not None
    assert deck.id == "tiny"


def test_a_valid_deck_loads_with_the_built_in_decks(small_deck: Path) -> None:
    decks = load_decks([small_deck])
    ids = [d.id for d in decks]
    assert "tiny" in ids
    assert "scalp-standard-lines" in ids
    tiny = next(d for d in decks if d.id == "tiny")
    assert not tiny.builtin
    assert [f.id for f in tiny.deck.facts] == ["ms5", "ms8", "ms9", "enuresis"]


def test_a_reference_to_a_missing_division_is_an_error(small_deck: Path) -> None:
    text = small_deck.read_text(encoding="utf-8").replace(
        "treated_by: [ms5]", "treated_by: [{zone: scalp-standard-lines:ms6, division: upper}]"
    )
    small_deck.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError, match="has no division 'upper'"):
        load_decks([small_deck])


def test_two_decks_with_one_id_are_an_error(small_deck: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(small_deck.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DeckError, match="deck id 'tiny' is already used"):
        load_decks([small_deck, other])


def test_built_in_decks_are_found_and_valid() -> None:
    paths = builtin_deck_paths()
    assert any(p.name == "scalp-standard-lines.yaml" for p in paths)
    decks = load_decks([])
    assert len(decks) == len(paths)
    for path in paths:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./studykit-deck.schema.json", path


def test_every_list_of_sources_is_under_a_sources_key() -> None:
    # the loader finds and explains unknown `ref` keys in the raw data by looking under
    # `sources:` keys; a list of sources under another key would be missed there
    from studykit.models import base, deck, facts, source

    models = {
        value
        for module in (base, deck, facts, source)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, base.DeckModel)
    }
    holding_sources = {
        (model.__name__, name)
        for model in models
        for name, info in model.model_fields.items()
        if "Source" in str(info.annotation)
    }
    assert holding_sources, "no model holds sources: the test looks in the wrong place"
    assert {name for _, name in holding_sources} == {"sources"}, holding_sources
