"""Errors studykit reports to people, each with enough context to act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studykit.safetext import one_line


class StudykitError(Exception):
    """Base of every error studykit reports to a user (never shown as a traceback)."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a deck file, at a line and column (both 1-based)."""

    path: Path | str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """`file:line:column: message` on one line, whatever the file name or message
        quotes (a key with a line break in it, an escape sequence)."""
        return one_line(f"{self.path}:{self.line}:{self.column}: {self.message}")


class DeckError(StudykitError):
    """One or more deck files are invalid; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.column))
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UnknownDeckError(StudykitError):
    """A deck was named that is neither a built-in deck id nor a readable file."""

    exit_code = 2


class InvalidInputError(StudykitError):
    """The command line asks for something that cannot be done as given: a required
    argument left out, an input file that cannot be read (exit status 2, like argparse)."""

    exit_code = 2


__all__ = ["DeckError", "InvalidInputError", "Problem", "StudykitError", "UnknownDeckError"]
