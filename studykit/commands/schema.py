"""`studykit schema`: the JSON Schema of the deck format, for editors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

SCHEMA_FILE = "studykit-deck.schema.json"


def deck_schema() -> dict[str, Any]:
    """The deck format as JSON Schema (field docstrings become descriptions)."""
    from studykit.models import Deck

    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "studykit deck"
    return schema


def schema_text() -> str:
    """The schema as committed in `decks/` (stable key order, trailing newline)."""
    return json.dumps(deck_schema(), ensure_ascii=False, indent=2) + "\n"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the deck format",
        description=f"Print the JSON Schema of deck files (a copy is decks/{SCHEMA_FILE}). "
        "Start a deck file with '# yaml-language-server: $schema=<path to it>' and editors "
        "complete and check it as you type.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0
