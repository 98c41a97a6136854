"""`studykit lint PATH... [--strict]`: errors and warnings of deck files, file:line:column."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studykit.authoring.lint import ERROR, NOTE, LintOptions, format_problem, lint_paths
from studykit.commands.common import add_no_builtin_argument
from studykit.config import configured_deck_paths


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check deck files for mistakes and weak cards (beyond validation)",
        description="Check deck files: every validation error, and warnings about cards "
        "that are bad to study: duplicate and near-duplicate fronts, an answer inside its "
        "own question, broken cloze deletions, cards without sources, overly long answers, "
        "zone codes no loaded deck has. Each finding is printed as "
        "'path:line:column: warning: ...' or '... error: ...'; the decks' author-only "
        "notes are printed as '... note: author note: ...'. Exit status: 0 without "
        "errors, 2 with errors (with --strict, warnings count as errors).",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="deck files")
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 2 if any)"
    )
    add_no_builtin_argument(parser)
    parser.add_argument(
        "--max-answer",
        type=int,
        default=LintOptions.max_answer,
        metavar="CHARS",
        help=f"warn about answers longer than this (default: {LintOptions.max_answer})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    problems = lint_paths(
        args.paths,
        context=configured_deck_paths(args.data_dir),
        with_builtins=not args.no_builtin,
        options=LintOptions(max_answer=args.max_answer),
    )
    for problem in problems:
        sys.stdout.write(format_problem(problem, strict=args.strict) + "\n")
    errors = sum(1 for p in problems if p.severity == ERROR)
    notes = sum(1 for p in problems if p.severity == NOTE)
    warnings = len(problems) - errors - notes
    files = len(args.paths)
    where = f"{files} file{'' if files == 1 else 's'}"
    if not errors and not warnings:
        noted = f" ({notes} author note{'' if notes == 1 else 's'})" if notes else ""
        sys.stderr.write(f"{where} checked: no problems{noted}\n")
        return 0
    sys.stderr.write(
        f"{where} checked: {errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}\n"
    )
    return 2 if errors or (args.strict and warnings) else 0
