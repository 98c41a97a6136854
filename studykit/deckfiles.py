"""Where deck files are, without importing the loader (pydantic): the quiz starts fast."""

from __future__ import annotations

from pathlib import Path

DECK_SUFFIXES = (".yaml", ".yml")


def builtin_deck_dir() -> Path:
    """Where the built-in decks are: inside the wheel, or the source tree's `decks/`."""
    package_dir = Path(__file__).resolve().parent
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


__all__ = ["DECK_SUFFIXES", "builtin_deck_dir", "builtin_deck_paths"]
