"""`studykit doctor [--rebuild]`: where the review store is and whether it is sound."""

from __future__ import annotations

import argparse
import sys

from studykit.commands.store_common import open_store
from studykit.paths import store_path
from studykit.study.migrations import SCHEMA_VERSION


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the review store (path, schema version, integrity); --rebuild card states",
        description="Show the review store's path and schema version, run SQLite's "
        "quick integrity check and compare every card's state with what replaying its "
        "answers from the review log gives (answers from before the scheduling settings "
        "last changed count as logged). Exit status 1 if a problem is found. With "
        "--rebuild, recompute every card's schedule from the whole review log with "
        "today's settings (after a backup copy).",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="recompute all card states from the review log (a backup is made first)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout.write
    out(f"store: {store_path(args.data_dir, args.profile)}\n")
    with open_store(args) as store:
        if args.rebuild:
            changed = store.rebuild()
            out(f"rebuilt from the review log: {changed} card(s) changed\n")
        report = store.doctor()
        settings = store.settings
    out(f"schema version: {report.schema_version} (this studykit: {SCHEMA_VERSION})\n")
    out(f"cards: {report.cards}, reviews: {report.reviews}\n")
    out(
        f"settings: desired retention {settings.desired_retention:.2f}, "
        f"{settings.new_per_day} new cards and {settings.reviews_per_day} reviews a day "
        "(all decks), "
        f"day starts at {settings.day_start_hour:02d}:00\n"
    )
    integrity = "ok" if report.integrity == ["ok"] else "; ".join(report.integrity[:10])
    out(f"integrity check: {integrity}\n")
    if report.mismatched:
        shown = ", ".join(report.mismatched[:5])
        more = f" and {len(report.mismatched) - 5} more" if len(report.mismatched) > 5 else ""
        out(
            f"card states differing from the review log: {len(report.mismatched)} "
            f"({shown}{more}); run 'studykit doctor --rebuild' to recompute them\n"
        )
    else:
        out("card states: consistent with the review log\n")
    return 0 if report.healthy else 1
