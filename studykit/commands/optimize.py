"""`studykit optimize [--json] [--force]`: fit FSRS to the profile's own answers."""

from __future__ import annotations

import argparse
import json
import sys

from studykit.commands.store_common import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "optimize",
        help="fit the memory model (FSRS parameters) to your own review history",
        description="Fit FSRS's parameters to this profile's review log (elapsed time in "
        "study days; undone answers left out). The fit is checked on your later answers "
        "(fitted on the earlier 80%%, tested on the rest) against the parameters in use, "
        "and adopted only if it predicts them better (--force adopts it anyway); then "
        "every card is rescheduled from the log, as 'doctor --rebuild' does. The date, "
        "the parameters and the figures are kept in the profile.",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--force", action="store_true", help="adopt the fit even if it is not better"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.study.optimizer import optimize

    def progress(message: str) -> None:
        if not args.json:
            sys.stderr.write(message + "\n")

    with open_store(args) as store:
        result = optimize(store, force=args.force, progress=progress)
    if args.json:
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout.write
    out(
        f"Fitted FSRS to {result.reviews:,} answers on {result.cards:,} cards "
        f"({result.items:,} of them on a later day than the card's previous answer).\n"
    )
    sample = f", a sample of {result.fitted_on:,}" if result.fitted_on < result.train_items else ""
    out(
        f"Checked on your later answers (fitted on the earlier {result.train_items:,}"
        f"{sample}; tested on the last {result.test_items:,}):\n"
    )
    out(f"  {'':24}{'log loss':>10}{'RMSE':>9}\n")
    for name, figures in (("parameters in use", result.current), ("fitted", result.fitted)):
        out(f"  {name:24}{figures.log_loss:>10.4f}{figures.rmse:>9.2%}\n")
    if result.adopted and result.forced:
        out("Adopted (--force), although it does not predict your later answers better.\n")
    elif result.adopted:
        out("Adopted: it predicts your later answers better.\n")
    else:
        out(
            "Kept the parameters in use: the fit does not predict your later answers "
            "better (use --force to adopt it anyway).\n"
        )
    if result.adopted:
        out(f"Rescheduled from the review log: {result.rescheduled:,} card(s) changed.\n")
    return 0
