"""`studykit validate PATH...`: check deck files; every problem, exit 2 if any."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.errors import DeckError, Problem

if TYPE_CHECKING:
    from studykit.content.cards import Card
    from studykit.content.loader import LoadedDeck

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
    cards = generate_cards([d.deck for d in loaded], [d.id for d in chosen], GenerateOptions())
    _refuse_repeated_ids(cards, chosen)
    counts = Counter(card.deck for card in cards)
    for path, deck in zip(args.paths, chosen, strict=True):
        facts = len(deck.deck.facts)
        sys.stdout.write(f"{path}: ok ({deck.id}: {facts} facts, {counts[deck.id]} cards)\n")
    return 0


def _refuse_repeated_ids(cards: list[Card], chosen: list[LoadedDeck]) -> None:
    """Two cards with one id (which export refuses), at their fact's line: the loader
    catches the known causes; this catches any other way generation could get there.

    Raises:
        DeckError: one problem per repeated id.
    """
    counts = Counter(card.id for card in cards)
    repeated = [card for card in cards if counts[card.id] > 1]
    decks = {d.id: d for d in chosen}
    problems: list[Problem] = []
    for card_id in dict.fromkeys(card.id for card in repeated):
        card = next(c for c in repeated if c.id == card_id)
        deck = decks.get(card.deck)
        if deck is None:
            continue
        index = next((i for i, f in enumerate(deck.deck.facts) if f.id == card.fact), None)
        where: tuple[str | int, ...] = ("facts", index) if index is not None else ("id",)
        problems.append(
            deck.problem_at(
                where,
                f"{counts[card_id]} cards of this fact get the id '{card_id}'; "
                "make the texts they come from differ",
            )
        )
    if problems:
        raise DeckError(problems)
