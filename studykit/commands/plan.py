"""`studykit plan [--json]`: what to expect on each exam day, and how to get there."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from studykit.commands.common import print_table
from studykit.commands.store_common import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="predicted recall on exam day and the daily workload to get there",
        description="For each exam ahead ('studykit exam set'): days left; cards unseen, "
        "learning and in review; the predicted recall on exam day per deck and overall "
        "if you keep the current settings (unseen cards count as not known); the new "
        "cards per day needed to introduce every card at least --lead-days days before "
        "the exam, and the daily workload that implies; and warnings.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list, one per exam")
    parser.add_argument(
        "--lead-days",
        type=int,
        default=None,
        metavar="N",
        help="introduce every card at least N days before the exam (default: 7)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.study.planner import LEAD_DAYS, plans

    lead = LEAD_DAYS if args.lead_days is None else args.lead_days
    if lead < 0:
        from studykit.study.exams import ExamError

        raise ExamError(f"--lead-days must be 0 or more (got {lead})")
    with open_store(args) as store:
        found = plans(store, datetime.now(UTC), lead_days=lead)
    if args.json:
        json.dump([plan.to_json() for plan in found], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not found:
        sys.stdout.write("No exam ahead. Set one with 'studykit exam set YYYY-MM-DD [DECK...]'.\n")
    for index, plan in enumerate(found):
        if index:
            sys.stdout.write("\n")
        sys.stdout.write(render_head(plan))
        if not plan.decks:
            sys.stdout.write(
                "No cards of these decks in the review store yet: start studying with "
                "'studykit quiz' (its decks are added when it starts).\n"
            )
            continue
        print_table(
            [
                (d.deck, d.unseen, d.learning, d.review, f"{d.predicted_recall:.1%}")
                for d in plan.decks
            ],
            ("deck", "unseen", "learning", "review", "recall on exam day"),
        )
        sys.stdout.write(render_plan(plan))
    return 0


def render_head(plan) -> str:
    exam = plan.exam
    decks = ", ".join(exam.decks) if exam.decks else "all decks"
    return (
        f"Exam on {exam.day.isoformat()} ({decks}): {plan.days_left} days left, "
        f"target {exam.target:.0%}\n"
        f"Cards: {plan.unseen} unseen, {plan.learning} learning, {plan.review} in review\n"
        f"Predicted recall on exam day with the current settings: "
        f"{plan.predicted_recall:.1%}\n"
    )


def render_plan(plan) -> str:
    lines = []
    if plan.new_per_day_needed is not None and plan.unseen:
        lines.append(
            f"To introduce every card {plan.lead_days} days before the exam: "
            f"{plan.new_per_day_needed} new cards a day (all these decks together); "
            f"predicted recall then {plan.plan_recall:.1%}"
        )
    peak = plan.peak
    if plan.workload and peak is not None:
        average = sum(load.total for load in plan.workload) / len(plan.workload)
        lines.append(
            f"Workload: {average:.0f} cards a day on average, peak {peak.total:.0f} "
            f"on {peak.day.isoformat()}"
        )
        shown = plan.workload[:14]
        lines.append(
            "Next days: " + "  ".join(f"{load.day:%a %d} {load.total:.0f}" for load in shown)
        )
    lines.extend(f"Warning: {warning}" for warning in plan.warnings)
    return "".join(line + "\n" for line in lines)
