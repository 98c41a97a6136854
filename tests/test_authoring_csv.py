"""`studykit import-csv`: spreadsheets → deck files, broken rows named and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from studykit.authoring.csv_import import CsvError, deck_from_import, deck_yaml, read_cards_csv
from studykit.cli import main
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks

DATA = Path(__file__).parent / "data" / "authoring" / "csv"


def test_quotes_commas_newlines_blank_rows_and_kinds_are_read() -> None:
    imported = read_cards_csv((DATA / "good.csv").read_bytes())
    assert imported.problems == []
    assert imported.blank_rows == 2
    assert imported.rows == [2, 5, 6, 7, 8]
    first, reverse, typed, quoted, cloze = imported.cards
    assert first.front == "Where is GV20, exactly?"
    assert first.back == "On the vertex,\n7 cun above the posterior hairline"
    assert first.tags == ["points", "vertex"]
    assert first.sources[0].citation == "WHO 2008, p. 12"
    assert (reverse.kind, reverse.back) == ("basic-and-reverse", "Baihui 百会")
    assert (typed.kind, typed.answers) == ("typed", ["1.5", "one and a half cun"])
    assert quoted.front == 'He said "twirl" — how fast?'
    assert quoted.sources[0].url == "https://example.org/twirl"
    assert (cloze.kind, cloze.text, cloze.extra) == (
        "cloze",
        "MS5 runs from {{c1::GV20}} to {{c2::GV21}}.",
        "the WHO table",
    )


def test_a_bom_changes_nothing() -> None:
    raw = (DATA / "good.csv").read_bytes()
    assert read_cards_csv(b"\xef\xbb\xbf" + raw).cards == read_cards_csv(raw).cards


def test_semicolon_separated_files_are_recognised() -> None:
    (card,) = read_cards_csv((DATA / "semicolon.csv").read_bytes()).cards
    assert card.back == "On the vertex, 7 cun above the hairline"


def test_broken_rows_are_named_by_row_number_and_the_rest_imported() -> None:
    imported = read_cards_csv((DATA / "broken.csv").read_bytes())
    assert [card.front for card in imported.cards] == ["Good one", "Again good", "Duplicate key"]
    assert [str(p) for p in imported.problems] == [
        "row 3: kind 'clozee' is unknown (did you mean 'cloze'?); use one of: basic, "
        "basic-and-reverse, choice, cloze, typed",
        "row 4: a basic card needs 'back' (the answer)",
        "row 5: 6 cells but the header has 5 columns; put text with commas in double quotes "
        '("like, this")',
        "row 6: 'Not A Key' is not a valid key: use lowercase letters, digits and hyphens",
        "row 9: key 'again' is already used on row 8",
        "row 10: the cloze text has no deletion: mark what to hide as {{c1::answer}}",
        'row 11: a quote (") is opened but never closed, so the rest of the file is inside it',
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"question,answer\nq,a\n", "unknown column 'question'"),
        (b"fornt,back\nq,a\n", "did you mean 'front'"),
        (b"back,tags\na,t\n", "row 1 has no 'front' column"),
        (b"front,back,front\nq,a,b\n", "the column 'front' is named twice"),
        (b"front,back\nCaf\xe9,a\n", r"not UTF-8 text \(line 2, byte 0xE9\)"),
    ],
)
def test_a_file_that_cannot_be_imported_says_why(raw: bytes, message: str) -> None:
    with pytest.raises(CsvError, match=message):
        read_cards_csv(raw)


def test_the_deck_written_loads_keeps_unicode_and_has_explicit_keys(tmp_path: Path) -> None:
    imported = read_cards_csv((DATA / "good.csv").read_bytes())
    text = deck_yaml(deck_from_import("imported", "Imported", imported))
    assert "百会" in text
    assert "\\u" not in text
    path = tmp_path / "imported.yaml"
    path.write_text(text, encoding="utf-8")
    (loaded,) = [d for d in load_decks([path]) if d.id == "imported"]
    keys = [card.key for card in loaded.deck.cards]
    assert keys == [
        "where-is-gv20-exactly",
        "gv20",
        "how-long-is-ms5",
        "he-said-twirl-how-fast",
        "ms5-runs-from-to",
    ]
    assert yaml.safe_load(text)["cards"][0]["back"] == (
        "On the vertex,\n7 cun above the posterior hairline"
    )
    ids = {c.id for c in generate_cards([loaded.deck])}
    assert "imported/card:gv20/reverse" in ids
    assert "imported/card:ms5-runs-from-to/c2" in ids


def test_the_command_writes_the_deck_and_reports_skipped_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.yaml"
    code = main(["import-csv", str(DATA / "broken.csv"), "--deck", "broken", "-o", str(output)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{DATA / 'broken.csv'}: row 3: kind 'clozee' is unknown" in err
    assert f"3 cards imported to {output}; 7 rows skipped" in err
    assert output.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=./studykit-deck.schema.json\n"
    )
    assert main(["validate", str(output)]) == 0


def test_the_command_refuses_to_overwrite_and_checks_the_deck_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.yaml"
    output.write_text("mine", encoding="utf-8")
    good = str(DATA / "good.csv")
    assert main(["import-csv", good, "--deck", "x", "-o", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == "mine"
    assert main(["import-csv", good, "--deck", "x", "-o", str(output), "--force"]) == 0
    assert main(["import-csv", good, "--deck", "Bad Id"]) == 2
    assert (
        main(["import-csv", str(tmp_path / "none.csv"), "--deck", "x"]) == 2
    )  # invalid input (README: exit codes)
    err = capsys.readouterr().err
    assert "already exists; use --force" in err
    assert "'Bad Id' is not a valid deck id" in err
    assert "cannot read" in err


def test_the_command_prints_to_stdout_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-csv", str(DATA / "semicolon.csv"), "--deck", "semi"]) == 0
    out = capsys.readouterr()
    assert yaml.safe_load(out.out)["cards"][0]["key"] == "where-is-gv20"
    assert "1 card imported\n" in out.err


def test_tags_in_any_script_are_kept_and_the_deck_loads(tmp_path: Path) -> None:
    raw = "front,back,tags\nShen Men?,TF4,耳穴 NADA Week-3!\n".encode()
    imported = read_cards_csv(raw)
    assert imported.problems == []
    assert imported.cards[0].tags == ["耳穴", "nada", "week-3"]
    path = tmp_path / "ear.yaml"
    path.write_text(deck_yaml(deck_from_import("ear", "Ear", imported)), encoding="utf-8")
    (deck,) = [d for d in load_decks([path]) if d.deck.id == "ear"]
    (card,) = generate_cards([deck.deck], only=["ear"])
    assert "耳穴" in card.tags


def test_a_confidence_column_sets_each_source_s_confidence() -> None:
    raw = (
        b"front,back,source,confidence\n"
        b"A?,a,Textbook p. 3,two-sources\n"
        b"B?,b,A clinic site,Unverified\n"
        b"C?,c,Textbook p. 4,\n"
        b"D?,d,,verified\n"
        b"E?,e,Somewhere,maybe\n"
    )
    imported = read_cards_csv(raw)
    assert [c.sources[0].confidence for c in imported.cards] == [
        "two-sources",
        "unverified",
        "verified",
    ]
    assert [str(p) for p in imported.problems] == [
        "row 5: a 'confidence' needs a 'source' on the same row",
        "row 6: confidence 'maybe' is unknown; use one of: verified, two-sources, unverified",
    ]


def test_the_schema_the_deck_points_to_is_written_beside_it(tmp_path: Path) -> None:
    csv_file = tmp_path / "cards.csv"
    csv_file.write_text("front,back\nQ?,A\n", encoding="utf-8")
    out = tmp_path / "decks" / "course.yaml"
    out.parent.mkdir()
    assert main(["import-csv", str(csv_file), "--deck", "course", "-o", str(out)]) == 0
    first_line = out.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./studykit-deck.schema.json"
    assert (out.parent / "studykit-deck.schema.json").is_file()
