"""The command line imports only the command it runs (start-up time of `studykit quiz`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studykit.cli import COMMANDS, build_parser, command_named, everyday_arguments


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["quiz"], "quiz"),
        (["--profile", "exam", "--data-dir", "/tmp/x", "quiz", "--home"], "quiz"),
        (["--profile=exam", "export", "--all"], "export"),
        ([], ""),
        (["--version"], ""),
        (["--profile", "exam", "--version"], ""),
        (["--profile", "exam"], ""),
        (["--help"], None),
        (["--prof", "exam", "quiz"], None),  # an abbreviation: let argparse decide
        (["quizz"], None),
    ],
)
def test_command_named(argv: list[str], expected: str | None) -> None:
    assert command_named(argv) == expected


def imported_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of `prefixes` that a fresh Python has imported after
    running `statement` (with `studykit.cli`'s names imported)."""
    code = (
        "import sys\n"
        "from studykit.cli import build_parser, everyday_arguments\n"
        f"{statement}\n"
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_quiz_parser_leaves_pydantic_and_other_commands_unimported() -> None:
    imported = imported_after(
        "build_parser('quiz').parse_args(['quiz'])", ("pydantic", "studykit.commands.")
    )
    assert imported == ["studykit.commands.common", "studykit.commands.quiz"]


def test_full_parser_still_registers_every_command() -> None:
    from studykit.cli import build_parser

    help_text = build_parser().format_help()
    for name in COMMANDS:
        assert f"    {name} " in help_text


@pytest.mark.parametrize("argv", [[], ["quiz"]])
def test_the_everyday_start_gets_what_the_parser_would_give(argv: list[str]) -> None:
    """`studykit` and `studykit quiz` skip building the parser: the arguments they get
    must be the parser's own, option for option (a new quiz option fails this test)."""
    quick = everyday_arguments(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser(command_named(argv)).parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["quiz", "--home"], ["quiz", "auricular"], ["--profile", "exam", "quiz"], ["due"]]
)
def test_any_other_command_line_goes_through_the_parser(argv: list[str]) -> None:
    assert everyday_arguments(argv) is None


def test_the_everyday_start_imports_no_argparse() -> None:
    imported = imported_after("everyday_arguments(['quiz'])", ("argparse", "gettext"))
    assert imported == []
    assert imported_after("build_parser('quiz')", ("argparse",)) == ["argparse"]  # the probe
