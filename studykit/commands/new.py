"""`studykit new DECK_ID [-o PATH]`: a commented deck file to start from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studykit.authoring.scaffold import SCHEMA_FILE, check_deck_id, scaffold_deck, write_new_file
from studykit.commands.schema import schema_text
from studykit.config import configured_deck_paths
from studykit.content.loader import builtin_deck_dir, load_decks


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="write a new deck file, with commented examples of facts and free-form cards",
        description="Write a deck file to start from: every kind of fact and card, commented, "
        "valid as written. The JSON Schema is written beside it (if not there yet), so an "
        "editor completes and explains every key.",
    )
    parser.add_argument("deck_id", metavar="DECK_ID", help="the deck's id, e.g. 'my-course'")
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write it (default: DECK_ID.yaml in this folder; '-' for standard output)",
    )
    parser.add_argument("--title", help="the deck's title (default: made from the id)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    check_deck_id(args.deck_id, _taken_ids(args))
    if args.output == "-":
        schema = str(builtin_deck_dir() / SCHEMA_FILE)
        sys.stdout.write(scaffold_deck(args.deck_id, title=args.title, schema=schema))
        return 0
    output = Path(args.output or f"{args.deck_id}.yaml")
    write_new_file(output, scaffold_deck(args.deck_id, title=args.title), force=args.force)
    schema_path = output.parent / SCHEMA_FILE
    wrote_schema = not schema_path.exists()
    if wrote_schema:
        schema_path.write_text(schema_text(), encoding="utf-8")
    also = f" (and {schema_path} for editor help)" if wrote_schema else ""
    sys.stdout.write(
        f"wrote {output}{also}\n"
        f"next: edit it, then 'studykit lint {output}' and 'studykit preview {output}'\n"
    )
    return 0


def _taken_ids(args: argparse.Namespace) -> dict[str, str]:
    """Ids of the built-in and configured decks, so a new deck cannot reuse one."""
    loaded = load_decks([], shared=configured_deck_paths(args.data_dir), skipped=[])
    return {d.id: "a built-in deck" if d.builtin else str(d.path) for d in loaded}
