"""`studykit validate PATH...`: check deck files; every problem, exit 2 if any."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from studykit.commands.common import add_no_builtin_argument


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check deck files and report every problem as file:line:column",
        description="Check deck files. Every problem is printed as file:line:column: message; "
        "the exit status is 0 when all files are valid and 2 otherwise.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="deck files")
    add_no_builtin_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.content.generate import GenerateOptions, generate_cards
    from studykit.content.loader import load_decks

    loaded = load_decks(args.paths, with_builtins=not args.no_builtin)
    by_path = {d.path.resolve(): d for d in loaded}
    chosen = [by_path[path.resolve()] for path in args.paths]
    counts = Counter(
        card.deck
        for card in generate_cards(
            [d.deck for d in loaded], [d.id for d in chosen], GenerateOptions()
        )
    )
    for path, deck in zip(args.paths, chosen, strict=True):
        facts = len(deck.deck.facts)
        sys.stdout.write(f"{path}: ok ({deck.id}: {facts} facts, {counts[deck.id]} cards)\n")
    return 0
