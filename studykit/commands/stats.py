"""`studykit stats [DECK] [--json]`: progress from the review history."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from studykit.commands.store_common import open_store, resolve_deck
from studykit.study.stats import Stats, compute_stats


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="reviews, retention, due forecast and streak (--json: the documented JSON)",
        description="Progress statistics from the review history of a profile: reviews "
        "per day, true retention over 30 days (young and mature cards), a 30-day due "
        "forecast, per-deck counts and the study streak. With --json, a JSON object with "
        "study_day, deck, reviews_total, reviews_today, new_today, due_today, "
        "retention_30d, forecast, reviews_per_day, decks and streak (a stable interface).",
    )
    parser.add_argument("deck", nargs="?", metavar="DECK", help="only this deck (a deck id)")
    parser.add_argument("--json", action="store_true", help="print the JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        deck = resolve_deck(store, args.deck)
        stats = compute_stats(store, datetime.now(UTC), deck)
    if args.json:
        json.dump(stats.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(stats))
    return 0


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
