"""`studykit import-csv FILE.csv --deck ID [-o deck.yaml]`: a spreadsheet → a deck file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studykit.authoring.csv_import import COLUMNS, deck_from_import, deck_yaml, read_cards_csv
from studykit.authoring.scaffold import SCHEMA_FILE, check_deck_id, title_from_id, write_new_file
from studykit.commands.schema import schema_text
from studykit.content.deckfiles import builtin_deck_dir
from studykit.errors import InvalidInputError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import-csv",
        help="make a deck file of free-form cards from a spreadsheet (CSV)",
        description="Read cards from a CSV file whose first row names the columns: front, "
        "back, and optionally tags, source, confidence (verified, two-sources or unverified; "
        "default verified), kind (basic, basic-and-reverse, typed, choice, "
        "cloze), answers and distractors (several separated by '|' or ';'), extra and key. "
        "UTF-8 with or without BOM; ',' ';' or tab separated. Broken rows are reported by "
        "row number and skipped; the rest is imported (exit status 2 if a row was skipped).",
    )
    parser.add_argument("csv_file", metavar="FILE.csv", type=Path, help="the spreadsheet")
    parser.add_argument("--deck", required=True, metavar="ID", help="the new deck's id")
    parser.add_argument("--title", help="the deck's title (default: made from the id)")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="deck file to write (default: standard output)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    check_deck_id(args.deck)
    try:
        raw = args.csv_file.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {args.csv_file}: {exc.strerror or exc}") from exc
    imported = read_cards_csv(raw)
    for problem in imported.problems:
        sys.stderr.write(f"{args.csv_file}: {problem}\n")
    if not imported.cards:
        raise InvalidInputError(
            f"{args.csv_file}: no card could be imported (columns: {', '.join(COLUMNS)})"
        )
    deck = deck_from_import(args.deck, args.title or title_from_id(args.deck), imported)
    to_stdout = args.output in (None, "-")
    schema = str(builtin_deck_dir() / SCHEMA_FILE) if to_stdout else f"./{SCHEMA_FILE}"
    header = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# Imported from {args.csv_file.name} by 'studykit import-csv'. Card keys were\n"
        "# written out: keep them when you edit a card, and students keep their progress.\n\n"
    )
    text = deck_yaml(deck, header=header)
    if to_stdout:
        sys.stdout.write(text)
    else:
        output = Path(args.output)
        write_new_file(output, text, force=args.force)
        schema_path = output.parent / SCHEMA_FILE
        if not schema_path.exists():  # so that the schema line above points to a file
            schema_path.write_text(schema_text(), encoding="utf-8")
    skipped = len(imported.problems)
    where = "" if args.output in (None, "-") else f" to {args.output}"
    sys.stderr.write(
        f"{len(deck.cards)} card{'' if len(deck.cards) == 1 else 's'} imported{where}"
        + (f"; {skipped} row{'' if skipped == 1 else 's'} skipped (see above)" if skipped else "")
        + "\n"
    )
    return 2 if skipped else 0
