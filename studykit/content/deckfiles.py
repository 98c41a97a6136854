"""Where deck files are, without importing the loader (pydantic): the quiz starts fast."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

DECK_SUFFIXES = (".yaml", ".yml")


def builtin_deck_dir() -> Path:
    """Where the built-in decks are: inside the wheel, or the source tree's `decks/`."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "builtin_decks"
    if installed.is_dir():
        return installed
    return package_dir.parent / "decks"


def builtin_deck_paths() -> list[Path]:
    """The built-in deck files (not `decks/examples/`), in a stable order."""
    folder = builtin_deck_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DECK_SUFFIXES and p.is_file())


def deck_files_named(names: Sequence[str]) -> list[Path]:
    """The command-line deck names that are files to load (the rest are deck ids)."""
    return [Path(n) for n in names if n.endswith(DECK_SUFFIXES) or os.sep in n or _is_file(n)]


def _is_file(name: str) -> bool:
    """Whether `name` is a file; a name the system cannot even look up (too long) is not."""
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False


__all__ = ["DECK_SUFFIXES", "builtin_deck_dir", "builtin_deck_paths", "deck_files_named"]
