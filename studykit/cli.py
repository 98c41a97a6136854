"""The `studykit` command line: parse, call the domain, print, and exit with a clear code.

Exit codes: 0 success; 1 a runtime problem (e.g. the review store cannot be used);
2 invalid input (a broken deck file, an unknown deck, a wrong option); 130 interrupted.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from studykit import __version__
from studykit.errors import DeckError, StudykitError
from studykit.safetext import for_terminal

if TYPE_CHECKING:
    import argparse

COMMANDS: tuple[str, ...] = (
    "quiz",
    "decks",
    "validate",
    "cards",
    "schema",
    "new",
    "lint",
    "import-csv",
    "preview",
    "export",
    "anki-sync",
    "anki-import",
    "due",
    "stats",
    "doctor",
    "settings",
    "optimize",
    "exam",
    "plan",
    "map",
)
"""Subcommand modules in `studykit.commands`, in the order `--help` lists them."""

EXIT_OK, EXIT_ERROR, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` (a command name, or "" for none) just the
    global options and that one subcommand: each command module is imported to register
    it, and some pull in pydantic or genanki, which the quiz does not need at start-up."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="studykit",
        description="Spaced-repetition study of scalp acupuncture: facts in, flashcards out.",
        epilog="Run 'studykit COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"studykit {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where review history is kept (default: $STUDYKIT_HOME, else the user data dir)",
    )
    parser.add_argument(
        "--profile", default="default", help="named study profile (default: default)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else [n for n in COMMANDS if n == only]:
        module = importlib.import_module(f"studykit.commands.{name.replace('-', '_')}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by the console script)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # the handlers read attributes only: a SimpleNamespace serves as well as a Namespace
    args: Any = everyday_arguments(argv) or build_parser(command_named(argv)).parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:  # `studykit` alone: the quiz on the built-in decks (help if not a tty)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            build_parser().print_help()
            return EXIT_OK
        from studykit.commands.quiz import run_default

        handler = run_default
    try:
        return int(handler(args) or 0)
    except DeckError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        files = len({str(p.path) for p in exc.problems})
        sys.stderr.write(f"{_plural(len(exc.problems), 'problem')} in {_plural(files, 'file')}\n")
        return exc.exit_code
    except StudykitError as exc:
        sys.stderr.write(f"studykit: error: {for_terminal(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("studykit: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()  # e.g. `studykit cards --all | head`: not an error
        return EXIT_OK


def everyday_arguments(argv: Sequence[str]) -> SimpleNamespace | None:
    """What the parser makes of `studykit` and `studykit quiz`, the start of every study
    session, without building it: importing argparse and making the quiz's options cost
    ~2 ms of every start. None for any other command line. (A test checks that these
    equal the parser's own.)"""
    if argv == ["quiz"]:
        from studykit.commands.quiz import run

        return SimpleNamespace(
            data_dir=None,
            profile="default",
            command="quiz",
            decks=[],
            all=False,
            no_builtin=False,
            include_unverified=False,
            home=False,
            handler=run,
        )
    if not argv:
        return SimpleNamespace(data_dir=None, profile="default", command=None)
    return None


def command_named(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names ("" for none) when that is certain before parsing;
    None (parse with every command) for help, an unknown word or an abbreviated option."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)
        elif word == "--version":  # answered by the global options: no command to load
            return ""
        elif not word.startswith(tuple(f"{option}=" for option in _GLOBAL_OPTIONS_WITH_VALUE)):
            return word if word in COMMANDS else None
    return ""


_GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir", "--profile")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
