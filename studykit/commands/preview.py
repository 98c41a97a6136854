"""`studykit preview DECK...`: the cards of decks as students will see them, in the terminal.

Uses the quiz's own renderers, so a preview shows what the quiz shows; card text is never
read as markup (a `[bold]` written in a deck shows as written).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from studykit.commands.common import add_deck_arguments, print_load_notices
from studykit.config import configured_deck_paths
from studykit.content.cards import CARD_KINDS, Card
from studykit.content.deckfiles import deck_files_named
from studykit.content.generate import GenerateOptions, generate_cards
from studykit.content.loader import load_decks, select_decks
from studykit.errors import InvalidInputError, Problem
from studykit.safetext import for_terminal, record_for_terminal
from studykit.tui.widgets.render import (
    KIND_LABELS,
    back_text,
    choices_text,
    front_text,
    notes_text,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="show the cards of decks as students will see them",
        description="Show every card generated from the named decks (deck files or deck "
        "ids): the question as the quiz asks it, the options of a choice card, the answer, "
        "accepted typed answers, notes and sources.",
    )
    add_deck_arguments(parser)
    parser.add_argument("--kind", choices=CARD_KINDS, help="only cards of this kind")
    parser.add_argument("--tag", help="only cards with this tag (e.g. 'safety')")
    parser.add_argument("--limit", type=int, metavar="N", help="show at most N cards")
    parser.add_argument(
        "--author",
        action="store_true",
        help="also show the author-only notes behind each card (never shown to students)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.decks and not args.all:
        raise InvalidInputError("name a deck file or deck id to preview (or use --all)")
    names = args.decks
    paths = deck_files_named(names)
    skipped: list[Problem] = []
    loaded = load_decks(
        paths,
        with_builtins=not args.no_builtin,
        shared=configured_deck_paths(args.data_dir),
        skipped=skipped,
    )
    print_load_notices(loaded, skipped)
    chosen = loaded if args.all else select_decks(loaded, names)
    cards = generate_cards(
        [d.deck for d in loaded],
        [d.id for d in chosen],
        GenerateOptions(include_unverified=args.include_unverified),
    )
    shown = [
        card
        for card in cards
        if (args.kind is None or card.kind == args.kind)
        and (args.tag is None or args.tag in card.tags)
    ]
    if args.limit is not None:
        shown = shown[: max(args.limit, 0)]
    console = Console(highlight=False)
    decks = {d.id: d.deck for d in chosen}
    for card in shown:
        notes = decks[card.deck].author_notes_of(card.fact) if args.author else []
        console.print(card_panel(record_for_terminal(card), [for_terminal(n) for n in notes]))
    console.print(summary(cards, shown, [d.id for d in chosen]))
    return 0


def card_panel(card: Card, author_notes: Sequence[str] = ()) -> Panel:
    """One card: the question side, a rule, then the answer side (and, for authors, the
    author-only notes behind it, which no student sees)."""
    parts: list[Text | Rule] = [front_text(card)]
    if card.kind == "choice":
        parts.append(choices_text(card))
    parts.append(Rule(style="dim"))
    parts.append(back_text(card))
    if card.kind == "typed" and card.answers:
        accepted = Text("Accepted: ", style="dim bold")
        accepted.append(" · ".join(card.answers), style="dim")
        parts.append(accepted)
    notes = notes_text(card)
    if notes.plain:
        parts.append(notes)
    if author_notes:
        parts.append(Rule("author notes (not on the card)", style="yellow"))
        parts.extend(Text(f"• {note}", style="yellow") for note in author_notes)
    title = Text(card.id, style="bold")
    subtitle = Text(f"{KIND_LABELS.get(card.kind, card.kind)} · {card.confidence}")
    return Panel(Group(*parts), title=title, subtitle=subtitle, title_align="left")


def summary(cards: list[Card], shown: list[Card], decks: list[str]) -> Text:
    """`my-deck: 27 cards (basic 12, typed 5, ...)`, and how many the filters kept."""
    kinds: Counter[str] = Counter(card.kind for card in cards)
    detail = ", ".join(f"{kind} {kinds[kind]}" for kind in CARD_KINDS if kinds[kind])
    text = Text(f"{', '.join(decks)}: {len(cards)} card{'' if len(cards) == 1 else 's'}")
    if detail:
        text.append(f" ({detail})")
    if len(shown) != len(cards):
        text.append(f"; {len(shown)} shown")
    return text
