"""`studykit anki-sync PATH [--json]`: one review history with an Anki desktop collection."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.commands.common import add_deck_arguments, select
from studykit.commands.store_common import open_store
from studykit.safetext import one_line

if TYPE_CHECKING:
    from studykit.anki.sync import SyncReport
    from studykit.content.cards import Card

SHOWN = 10
"""Cards listed by name per kind of notice (the rest are counted)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "anki-sync",
        help="merge review history with an Anki collection, both ways (Anki must be closed)",
        description="Merge the review history of studykit and of an Anki collection that "
        "holds studykit's exported notes: answers given in Anki are added to studykit, "
        "answers given here are added to Anki, and every card answered on either side "
        "gets the same schedule on both. Close Anki first; a backup copy of the collection "
        "is made before anything is written. Then sync Anki with AnkiWeb to reach your "
        "phone. Name deck files of your own (DECK...) if their notes are in Anki too. "
        "Needs the 'anki' package: pip install 'studykit[anki]'.",
    )
    parser.add_argument(
        "path",
        type=Path,
        metavar="PATH",
        help="the collection file (collection.anki2) or the Anki profile folder holding it",
    )
    add_sync_arguments(parser)
    parser.set_defaults(handler=run)


def add_sync_arguments(parser: argparse.ArgumentParser) -> None:
    """DECK... (decks of your own whose notes are in Anki), --all, --include-unverified
    and --json (shared with anki-import)."""
    add_deck_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def known_cards(args: argparse.Namespace) -> list[Card]:
    """Cards of the decks named (default: the built-in and configured ones), so that
    decks with notes in Anki but no cards in the review store yet are registered."""
    return select(args).cards()


def run(args: argparse.Namespace) -> int:
    from studykit.anki.sync import find_collection, sync_collection

    path = find_collection(args.path)  # a wrong path fails before decks are loaded
    cards = known_cards(args)
    with open_store(args) as store:
        report = sync_collection(store, path, cards=cards)
    print_report(report, args.json, exported=True)
    return 0


def print_report(report: SyncReport, as_json: bool, *, exported: bool) -> None:
    """The report as text (or JSON with --json)."""
    out = sys.stdout.write
    if as_json:
        out(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
        return
    out(f"Anki: {report.collection}\n")
    if report.backup:
        out(f"backup copy: {report.backup}\n")
    out(f"notes matched to studykit cards: {report.notes_matched}\n")
    if not report.notes_matched and not report.notes_not_found:
        out(
            "no studykit notes there: import studykit's package into Anki first "
            "(studykit export --all -o scalp.apkg, then File > Import in Anki)\n"
        )
    if report.notes_not_found:
        out(
            f"notes of studykit decks not found: {report.notes_not_found} (a deck file of "
            "your own? name it after the path)\n"
        )
    out(f"reviews imported from Anki: {report.reviews_imported}\n")
    if exported:
        out(f"reviews exported to Anki: {report.reviews_exported}\n")
        out(
            f"cards rescheduled: {report.cards_rescheduled} in studykit, "
            f"{report.cards_updated_in_anki} in Anki\n"
        )
        if report.cards_not_in_anki:
            out(
                f"cards answered in studykit without a note in Anki: "
                f"{report.cards_not_in_anki} (import the exported package into Anki)\n"
            )
    else:
        out(f"cards rescheduled: {report.cards_rescheduled}\n")
    if report.entries_ignored:
        out(
            f"Anki review-log entries that are no answer (manual reschedules, previews), "
            f"ignored: {report.entries_ignored}\n"
        )
    _listed("suspended on one side only (left as they are)", report.suspended)
    _listed("buried (left buried)", report.buried)
    _listed(
        "in an Anki filtered deck (schedule in Anki not changed; empty the filtered deck "
        "and sync again)",
        report.filtered,
    )
    if not report.changed:
        out("Nothing to do: both sides already hold the same reviews.\n")
    elif exported:
        out("Done. Now open Anki and sync with AnkiWeb so your phone gets the changes.\n")


def _listed(what: str, cards: list[str]) -> None:
    if not cards:
        return
    shown = ", ".join(cards[:SHOWN])
    more = f" and {len(cards) - SHOWN} more" if len(cards) > SHOWN else ""
    sys.stdout.write(one_line(f"{what}: {len(cards)}: {shown}{more}") + "\n")  # ids from Anki
