"""`studykit exam set DATE [DECK...] [--target T] | list | clear [DATE]`: exam dates."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from studykit.commands.store_common import open_store, resolve_deck


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam",
        help="set, list or clear exam dates (plan with 'studykit plan')",
        description="Exam dates this profile studies towards. While an exam is ahead, a "
        "review that would come back on or after exam day with a predicted recall on "
        "that day below the target is brought forward (deadline-aware scheduling); "
        "'studykit plan' shows what to expect.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_parser = actions.add_parser("set", help="set an exam: DATE (YYYY-MM-DD) [DECK...]")
    set_parser.add_argument("date", metavar="DATE", help="the exam day, YYYY-MM-DD")
    set_parser.add_argument(
        "decks", nargs="*", metavar="DECK", help="decks the exam covers (default: all)"
    )
    set_parser.add_argument(
        "--target",
        type=float,
        default=None,
        help="recall to aim for on exam day, 0.5-0.99 (default: 0.95)",
    )
    list_parser = actions.add_parser("list", help="list the exams")
    list_parser.add_argument("--json", action="store_true", help="print a JSON list")
    clear_parser = actions.add_parser("clear", help="forget every exam, or those on DATE")
    clear_parser.add_argument("date", nargs="?", metavar="DATE", help="only this exam day")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studykit.study.days import day_of, study_day
    from studykit.study.exams import (
        DEFAULT_TARGET,
        Exam,
        ExamError,
        add_exam,
        clear_exams,
        load_exams,
        parse_day,
    )

    out = sys.stdout.write
    with open_store(args) as store:
        today = day_of(study_day(datetime.now(UTC), store.settings))
        if args.action == "set":
            day = parse_day(args.date)
            if day <= today:
                raise ExamError(f"the exam day {day.isoformat()} is not after today ({today})")
            decks = tuple(dict.fromkeys(resolve_deck(store, name) or name for name in args.decks))
            target = DEFAULT_TARGET if args.target is None else args.target
            exam = Exam(day, decks, target)
            add_exam(store, exam)
            out(f"Exam set: {_describe(exam)}, {(day - today).days} days from today.\n")
            out("See what to expect with 'studykit plan'.\n")
            return 0
        if args.action == "clear":
            removed = clear_exams(store, parse_day(args.date) if args.date else None)
            out(f"Cleared {removed} exam{'' if removed == 1 else 's'}.\n")
            return 0
        exams = load_exams(store)
    if args.json:
        json.dump([exam.to_dict() for exam in exams], sys.stdout, indent=2)
        out("\n")
        return 0
    if not exams:
        out("No exam set. Set one with 'studykit exam set YYYY-MM-DD [DECK...]'.\n")
    for exam in exams:
        state = "past" if exam.day <= today else f"in {(exam.day - today).days} days"
        out(f"{_describe(exam)} ({state})\n")
    return 0


def _describe(exam) -> str:
    decks = ", ".join(exam.decks) if exam.decks else "all decks"
    return f"{exam.day.isoformat()}: {decks}, target {exam.target:.0%}"
