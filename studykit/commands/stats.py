"""`studykit stats [DECK] [--json]`: progress from the review history."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from studykit.commands.store_common import open_store, resolve_deck
from studykit.study.stats import Stats, compute_stats
from studykit.study.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="reviews, retention, due forecast and streak (--json: the documented JSON)",
        description="Progress statistics from the review history of a profile: reviews "
        "per day, true retention over 30 days (young and mature cards), a 30-day due "
        "forecast, per-deck counts and the study streak. With --json, a JSON object with "
        "study_day, deck, reviews_total, reviews_today, new_today, due_today, "
        "retention_30d, forecast, reviews_per_day, decks, streak and refreshed (a stable "
        "interface). The counts follow the decks as they are now: cards added to or "
        "removed from a deck since the quiz last opened it are counted (refreshed says how "
        "many).",
    )
    parser.add_argument("deck", nargs="?", metavar="DECK", help="only this deck (a deck id)")
    parser.add_argument("--json", action="store_true", help="print the JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    with open_store(args) as store:
        refreshed = refresh_cards(store, args, now)
        deck = resolve_deck(store, args.deck)
        stats = compute_stats(store, now, deck)
    if args.json:
        payload = {**stats.to_json(), "refreshed": refreshed}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(stats))
    return 0


def refresh_cards(store: Store, args: argparse.Namespace, now: datetime) -> dict[str, int]:
    """Bring the store's cards up to date with the decks the student studies, as the quiz
    does when it opens, so counts never predate a deck edit. Only decks the store already
    has are touched (a deck never studied is not added); decks that are not loaded here
    (files named only on the quiz's command line) are left as they are."""
    from studykit.commands.quiz import load_quiz_cards
    from studykit.config import configured_deck_paths
    from studykit.paths import data_dir

    studied = set(store.deck_ids())
    quiz = load_quiz_cards(
        [],
        every=True,
        cache_dir=data_dir(args.data_dir),
        extra_paths=configured_deck_paths(args.data_dir),
    )
    for notice in quiz.notices:
        sys.stderr.write(notice + "\n")
    decks = [info.id for info in quiz.decks if info.id in studied]
    cards = [card for card in quiz.cards if card.deck in studied]
    result = store.sync_cards(cards, now, decks=decks)
    return {"added": result.added, "removed": result.removed, "restored": result.restored}


def render(stats: Stats) -> str:
    """The statistics as a short plain-text report."""
    lines = [
        f"Study day {stats.study_day}" + (f", deck {stats.deck}" if stats.deck else ""),
        f"Reviews: {stats.reviews_today} today ({stats.new_today} new), "
        f"{stats.reviews_total} in all; streak {stats.streak} "
        f"day{'' if stats.streak == 1 else 's'}",
        f"Due today: {stats.due_today} learning/review, "
        f"{sum(d.due_new for d in stats.decks.values())} new",
        "Retention, last 30 days: "
        + ", ".join(
            f"{name} {_percent(r.rate)} ({r.passed}/{r.reviews})"
            for name, r in (
                ("young", stats.retention_young),
                ("mature", stats.retention_mature),
                ("all", stats.retention_all),
            )
        ),
        "Due in the next 7 days: " + "  ".join(f"{d:%a} {n}" for d, n in stats.forecast[:7]),
        "Reviews in the last 7 days: "
        + "  ".join(f"{d:%a} {n}" for d, n in stats.reviews_per_day[-7:]),
    ]
    if stats.decks:
        lines.append("")
        width = max(len(name) for name in stats.decks)
        lines.append(
            f"{'deck'.ljust(width)}  {'cards':>5}  {'new':>5}  {'learn':>5}  {'review':>6}"
            f"  {'due':>4}"
        )
        for name, deck in stats.decks.items():
            due = deck.due_new + deck.due_learning + deck.due_review
            lines.append(
                f"{name.ljust(width)}  {deck.cards:>5}  {deck.new:>5}  {deck.learning:>5}"
                f"  {deck.review:>6}  {due:>4}"
            )
    return "\n".join(lines) + "\n"


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"
