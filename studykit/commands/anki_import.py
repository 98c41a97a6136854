"""`studykit anki-import FILE [--json]`: answers from a package exported from Anki."""

from __future__ import annotations

import argparse
from pathlib import Path

from studykit.commands.anki_sync import add_sync_arguments, known_cards, print_report
from studykit.commands.store_common import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "anki-import",
        help="add the answers in a package exported from Anki (.apkg/.colpkg) to studykit",
        description="For studying on a phone only: export your deck from Anki (or AnkiDroid, "
        "AnkiMobile) with scheduling information, and this adds the answers given there to "
        "studykit's review history (answers already there are skipped) and reschedules "
        "their cards. Anki is not changed. Needs the 'anki' package: "
        "pip install 'studykit[anki]'.",
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="the .apkg or .colpkg exported from Anki"
    )
    add_sync_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.anki.sync import AnkiSyncError, import_package

    if not args.file.is_file():
        raise AnkiSyncError(f"{args.file} does not exist", 2)
    cards = known_cards(args)
    with open_store(args) as store:
        report = import_package(store, args.file, cards=cards)
    print_report(report, args.json, exported=False)
    return 0
