"""The command line imports only the command it runs (start-up time of `studykit quiz`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studykit.cli import COMMANDS, command_named


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["quiz"], "quiz"),
        (["--profile", "exam", "--data-dir", "/tmp/x", "quiz", "--home"], "quiz"),
        (["--profile=exam", "export", "--all"], "export"),
        ([], ""),
        (["--profile", "exam"], ""),
        (["--help"], None),
        (["--prof", "exam", "quiz"], None),  # an abbreviation: let argparse decide
        (["quizz"], None),
    ],
)
def test_command_named(argv: list[str], expected: str | None) -> None:
    assert command_named(argv) == expected


def test_quiz_parser_leaves_pydantic_and_other_commands_unimported() -> None:
    code = (
        "import sys\n"
        "from studykit.cli import build_parser\n"
        "build_parser('quiz').parse_args(['quiz'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'studykit.commands.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['studykit.commands.common', 'studykit.commands.quiz']"


def test_full_parser_still_registers_every_command() -> None:
    from studykit.cli import build_parser

    help_text = build_parser().format_help()
    for name in COMMANDS:
        assert f"    {name} " in help_text
