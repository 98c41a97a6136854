"""`studykit export DECK... [--all] -o FILE.apkg`: one Anki package that updates in place."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from studykit.commands.common import add_deck_arguments, select
from studykit.errors import StudykitError

PROGRESS_MIN_NOTES = 2000
"""Below this many notes the export is too quick for a progress bar to help."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the cards of decks to an Anki package (.apkg) that updates in place",
        description="Write one Anki package with a note per card, in decks under "
        "ROOT::<deck title>. Re-importing a newer export updates exactly the notes whose "
        "content changed and keeps study progress: keep the lock file (FILE.apkg.lock.json) "
        "next to the package (or name it with --lock), it remembers what each note looked "
        "like and each deck's name in Anki. Notes of facts removed from a deck are shipped "
        "once more, tagged studykit::withdrawn.",
    )
    add_deck_arguments(parser)
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.apkg", help="package to write"
    )
    parser.add_argument(
        "--lock",
        type=Path,
        metavar="FILE",
        help="the lock file to read and update (default: FILE.apkg.lock.json); keep it "
        "where it cannot be lost, e.g. beside the decks in git",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write over an existing package even though its lock file is missing "
        "(every note then counts as changed)",
    )
    parser.add_argument(
        "--root",
        default=None,
        metavar="DECK",
        help="parent deck in Anki (default: 'TCM::Scalp acupuncture'; '' for none)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.anki import DEFAULT_ROOT, ExportError, export_package
    from studykit.anki.export import check_lock, check_output

    if not args.decks and not args.all:
        raise ExportError("name at least one deck (see 'studykit decks'), or use --all", 2)

    check_output(args.output)  # before loading decks: a wrong path fails at once
    check_lock(args.output, args.lock, force=args.force)
    selection = select(args, default_all=False)
    cards = selection.cards()
    progress = _ProgressBar() if sys.stderr.isatty() and len(cards) >= PROGRESS_MIN_NOTES else None
    result = export_package(
        args.output,
        [loaded.deck for loaded in selection.chosen],
        cards,
        lock_path=args.lock,
        root=DEFAULT_ROOT if args.root is None else args.root.strip(),
        now=_clock(),
        progress=progress,
        force=args.force,
    )
    if progress is not None:
        progress.done()
    withdrawn = result.withdrawn + result.still_withdrawn
    sys.stdout.write(
        f"Wrote {result.path}: {result.notes} notes in {len(result.decks)} "
        f"deck{'' if len(result.decks) == 1 else 's'} ({result.added} new, {result.changed} "
        f"changed, {result.unchanged} unchanged"
        + (f", {withdrawn} withdrawn ({result.withdrawn} newly)" if withdrawn else "")
        + ")\n"
        f"Lock file: {result.lock_path} (keep it with the package, e.g. in git)\n"
    )
    for kept, fresh in result.kept_names:
        sys.stderr.write(
            f"note: the deck keeps its Anki name '{kept}' (its title now gives '{fresh}'), so "
            "it does not split in Anki; to use the new name, rename the deck in Anki and "
            'remove its line from the lock file\'s "decks"\n'
        )
    if result.withdrawn:
        sys.stderr.write(
            f"note: {result.withdrawn} notes of removed facts are shipped as withdrawn; "
            "students find them in Anki with the search tag:studykit::withdrawn\n"
        )
    if result.not_withdrawn:
        sys.stderr.write(
            f"warning: {result.not_withdrawn} notes of removed facts cannot be shipped as "
            "withdrawn: the lock file comes from an older studykit and does not say what "
            "they were\n"
        )
    return 0


def _clock() -> float:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned:
        try:
            return float(pinned)
        except ValueError:
            raise StudykitError(f"SOURCE_DATE_EPOCH is not a number: {pinned!r}") from None
    return time.time()


class _ProgressBar:
    """A one-line bar on stderr, redrawn at most every 1/20 of the way."""

    WIDTH = 30

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        step = done * 20 // max(total, 1)
        if step == self.shown:
            return
        self.shown = step
        filled = done * self.WIDTH // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\rwriting notes [{bar}] {done}/{total}")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()
