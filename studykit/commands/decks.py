"""`studykit decks`: the decks there are, with fact and card counts."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from studykit.commands.common import add_deck_arguments, print_table, select


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "decks",
        help="list the built-in decks (and any deck files given) with fact and card counts",
        description="List the built-in decks and any deck files given, with their counts.",
    )
    add_deck_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    selection = select(args)
    per_deck = Counter(card.deck for card in selection.cards())
    rows = []
    for loaded in selection.chosen:
        deck = loaded.deck
        where = "built-in" if loaded.builtin else str(loaded.path)
        rows.append(
            (deck.id, len(deck.facts), len(deck.cards), per_deck[deck.id], where, deck.title)
        )
    if args.json:
        keys = ("id", "facts", "free_cards", "cards", "where", "title")
        json.dump(
            [dict(zip(keys, row, strict=True)) for row in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    print_table(rows, ("DECK", "FACTS", "FREE CARDS", "CARDS", "WHERE", "TITLE"))
    total = sum(row[3] for row in rows)
    sys.stdout.write(f"\n{len(rows)} decks, {total} cards. Study them: studykit quiz [DECK...]\n")
    return 0
