"""`studykit cards DECK... [--all] [--json]`: the generated cards."""

from __future__ import annotations

import argparse
import json
import sys

from studykit.commands.common import add_deck_arguments, select
from studykit.errors import InvalidInputError
from studykit.safetext import one_line


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "cards",
        help="print the cards generated from decks (--json: the documented JSON dump)",
        description="Print every card generated from the named decks. With --json, a JSON "
        "array of objects with id, deck, fact, direction, kind, front, back, answers, "
        "choices, cloze, tags, source, confidence and extra (a stable interface).",
    )
    add_deck_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.decks and not args.all:
        raise InvalidInputError("name at least one deck (see 'studykit decks'), or use --all")
    cards = select(args, default_all=False).cards()
    if args.json:
        json.dump([card.to_json() for card in cards], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for card in cards:
        front = one_line(card.front.replace("\n", " / "))
        back = one_line(card.back.replace("\n", " / "))
        sys.stdout.write(f"{one_line(card.id)}  [{card.kind}]\n  Q: {front}\n  A: {back}\n")
    return 0
