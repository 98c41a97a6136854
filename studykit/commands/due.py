"""`studykit due [DECK...] [--json]`: what is due today, per deck."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from studykit.commands.common import print_table
from studykit.commands.store_common import open_store, resolve_deck


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "due",
        help="new, learning and review cards due today, per deck",
        description="What is due today in each deck of the review store: new cards (up to "
        "the daily limit), learning cards and reviews. With --json, an object mapping "
        "each deck id to {new, learning, review}.",
    )
    parser.add_argument("decks", nargs="*", metavar="DECK", help="only these decks (deck ids)")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    with open_store(args) as store:
        decks = [deck for name in args.decks if (deck := resolve_deck(store, name))] or None
        counts = store.counts(decks, now)
    if args.json:
        data = {
            deck: {"new": c.new, "learning": c.learning, "review": c.review}
            for deck, c in counts.items()
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not counts:
        sys.stdout.write("No cards yet: study a deck with 'studykit quiz DECK'.\n")
        return 0
    rows: list[tuple[str, int, int, int, int]] = [
        (deck, c.new, c.learning, c.review, c.total) for deck, c in counts.items()
    ]
    rows.append(
        (
            "total",
            sum(c.new for c in counts.values()),
            sum(c.learning for c in counts.values()),
            sum(c.review for c in counts.values()),
            sum(c.total for c in counts.values()),
        )
    )
    print_table(rows, ("deck", "new", "learning", "review", "total"))
    return 0
