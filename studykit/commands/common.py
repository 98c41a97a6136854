"""What several commands share: loading the decks the user named, printing tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studykit.safetext import one_line

if TYPE_CHECKING:  # the loader pulls in pydantic; commands import it only when they run
    import argparse

    from studykit.content.cards import Card
    from studykit.content.generate import GenerateOptions
    from studykit.content.loader import LoadedDeck
    from studykit.errors import Problem


@dataclass(slots=True)
class Selection:
    """The decks loaded for a command (all, for references) and the ones it works on."""

    loaded: list[LoadedDeck]
    chosen: list[LoadedDeck]
    options: GenerateOptions

    def cards(self) -> list[Card]:
        """Cards of the chosen decks."""
        from studykit.content.generate import generate_cards

        return generate_cards(
            [d.deck for d in self.loaded], [d.id for d in self.chosen], self.options
        )


def add_deck_arguments(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """DECK... (ids or paths), --all and --include-unverified."""
    parser.add_argument(
        "decks",
        nargs="+" if required else "*",
        metavar="DECK",
        help="a built-in deck id (see 'studykit decks') or the path of a deck file",
    )
    parser.add_argument("--all", action="store_true", help="every built-in and given deck")
    add_no_builtin_argument(parser)
    parser.add_argument(
        "--include-unverified",
        action="store_true",
        help="also make cards from facts marked 'unverified' (not checked against a source)",
    )


def add_no_builtin_argument(parser: argparse.ArgumentParser) -> None:
    """--no-builtin: the one switch, in every command that loads decks."""
    parser.add_argument(
        "--no-builtin",
        action="store_true",
        help="leave the built-in decks out (a given file with a built-in deck's id replaces "
        "that deck anyway)",
    )


def select(args: argparse.Namespace, *, default_all: bool = True) -> Selection:
    """Load the built-in decks plus any paths named, and pick the named ones.

    Raises:
        DeckError: a deck file is invalid.
        UnknownDeckError: a name is neither a deck id nor a deck file.
    """
    from studykit.config import configured_deck_paths
    from studykit.content.deckfiles import deck_files_named
    from studykit.content.generate import GenerateOptions
    from studykit.content.loader import load_decks, select_decks

    names: Sequence[str] = args.decks
    paths = deck_files_named(names)
    skipped: list[Problem] = []
    loaded = load_decks(
        paths,
        with_builtins=not args.no_builtin,
        shared=configured_deck_paths(args.data_dir),
        skipped=skipped,
    )
    print_load_notices(loaded, skipped)
    chosen = loaded if args.all or (default_all and not names) else select_decks(loaded, names)
    return Selection(loaded, chosen, GenerateOptions(args.include_unverified))


def print_load_notices(loaded: Sequence[LoadedDeck], skipped: Sequence[Problem]) -> None:
    """On stderr: each deck replaced by a nearer copy, and each shared deck file left out
    because it is broken (`file:line:column: problem`), so nothing is skipped silently."""
    from studykit.content.loader import replacement_notices, skipped_notices

    for line in [*replacement_notices(loaded), *skipped_notices(skipped)]:
        sys.stderr.write(line + "\n")


def print_table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> None:
    """A plain aligned table on stdout (numbers right-aligned), in terminal cells: a deck
    title in Chinese takes two cells a character."""
    from studykit.columns import cell_len, pad

    table = [list(map(str, headers)), *[[one_line(str(cell)) for cell in row] for row in rows]]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(headers))]
    numeric = [all(str(row[i]).isdigit() for row in rows) and rows for i in range(len(headers))]
    for row in table:
        cells = [
            pad(cell, width, right=bool(numeric[i]))
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
