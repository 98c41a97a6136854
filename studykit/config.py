"""The user's configuration file: where instructor decks live, beside the built-in ones.

The file is `config.toml` in the data directory (`--data-dir`, `$STUDYKIT_HOME`, or the
platform's user data dir; see `studykit.paths`). It is optional; today it holds one
setting::

    # Instructor decks, loaded beside the built-in ones (a folder, or a list of folders)
    decks_dir = "~/teaching/studykit-decks"

Relative folders are taken relative to the config file. Deck ids stay the namespace:
every card id starts with its deck's id, and two loaded decks with one id are an error,
so two instructors' decks can never mix their students' progress.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.content.deckfiles import DECK_SUFFIXES
from studykit.errors import StudykitError
from studykit.paths import data_dir, expand_user
from studykit.safetext import one_line

CONFIG_FILE = "config.toml"
KNOWN_KEYS = ("decks_dir",)


class ConfigError(StudykitError):
    """The configuration file cannot be read or holds a wrong value."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force, and the file they came from (which may not exist)."""

    path: Path
    decks_dirs: tuple[Path, ...] = ()
    """Folders whose deck files load beside the built-in decks."""

    def deck_paths(self, report: Callable[[str], None] | None = None) -> list[Path]:
        """Deck files in the configured folders and their subfolders, in a stable order.

        Hidden files and folders (a leading dot) are skipped. The walk is bounded
        (`MOST_ENTRIES` files and folders, `DEEPEST` levels, each folder once even through
        symbolic links), so `decks_dir = "/"` cannot walk a whole disk; what it skipped is
        passed to `report` (default: a note on standard error).
        """
        say = report or _note
        found: list[Path] = []
        for folder in self.decks_dirs:
            paths, notes = walk_deck_folder(folder)
            found.extend(paths)
            for note in notes:
                say(f"decks_dir '{folder}': {note}")
        return found


MOST_ENTRIES = 10_000
"""Files and folders looked at in one decks folder before the walk stops."""
DEEPEST = 8
"""Subfolder levels searched below a decks folder."""


def walk_deck_folder(folder: Path) -> tuple[list[Path], list[str]]:
    """The deck files under `folder` (sorted) and notes on what the walk skipped.

    Breadth first, so a walk that stops early has found the files nearest the top."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    queue: deque[tuple[Path, int]] = deque([(folder, 0)])
    looked = too_deep = 0
    unreadable: list[str] = []
    stopped = False
    while queue and not stopped:
        current, depth = queue.popleft()
        try:
            identity = current.stat()
            if (identity.st_dev, identity.st_ino) in seen:
                continue  # a link back to a folder already searched
            seen.add((identity.st_dev, identity.st_ino))
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as exc:
            unreadable.append(f"{current} ({exc.strerror or exc})")
            continue
        for entry in entries:
            looked += 1
            if looked > MOST_ENTRIES:
                stopped = True
                break
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    if depth + 1 > DEEPEST:
                        too_deep += 1
                    else:
                        queue.append((Path(entry.path), depth + 1))
                elif entry.name.endswith(DECK_SUFFIXES) and entry.is_file():
                    found.append(Path(entry.path))
            except OSError as exc:
                unreadable.append(f"{entry.path} ({exc.strerror or exc})")
    notes: list[str] = []
    if stopped:
        notes.append(
            f"stopped after looking at {MOST_ENTRIES:,} files and folders; deck files "
            "further in were not loaded (point decks_dir at the folder that holds your decks)"
        )
    if too_deep:
        notes.append(f"{too_deep} folder(s) more than {DEEPEST} levels down were not searched")
    if unreadable:
        more = f" and {len(unreadable) - 3} more" if len(unreadable) > 3 else ""
        notes.append(f"could not read {', '.join(unreadable[:3])}{more}")
    return sorted(found), notes


def _note(message: str) -> None:
    sys.stderr.write(f"studykit: note: {one_line(message)}\n")


def config_path(data_dir_override: Path | str | None = None) -> Path:
    """`config.toml` in the data directory."""
    return data_dir(data_dir_override) / CONFIG_FILE


def load_config(data_dir_override: Path | str | None = None) -> Config:
    """Read the configuration; a missing file means the defaults.

    Raises:
        ConfigError: the file is not valid TOML, has an unknown key, or names a folder
            that does not exist.
    """
    path = config_path(data_dir_override)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    import tomllib  # here, not at the top: most quiz start-ups have no config file (~2 ms)

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    for key in data:
        if key not in KNOWN_KEYS:
            import difflib

            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"{path}: unknown setting '{key}'{hint}; known settings: {', '.join(KNOWN_KEYS)}"
            )
    return Config(path, _folders(data.get("decks_dir"), path))


def configured_deck_paths(data_dir_override: Path | str | None = None) -> list[Path]:
    """The deck files of the configured decks folders (none without a config file)."""
    return load_config(data_dir_override).deck_paths()


def _folders(value: Any, path: Path) -> tuple[Path, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise ConfigError(
            f'{path}: decks_dir must be a folder ("~/decks") or a list of folders '
            f'(["~/decks", "/shared/decks"])'
        )
    folders: list[Path] = []
    for item in items:
        folder = expand_user(item, f"{path}: decks_dir")
        if not folder.is_absolute():
            folder = path.parent / folder
        if not folder.is_dir():
            raise ConfigError(
                f"{path}: decks_dir '{item}' is not a folder"
                + ("" if folder.exists() else " (it does not exist)")
                + "; create it or correct the setting"
            )
        folders.append(folder)
    return tuple(folders)


__all__ = [
    "CONFIG_FILE",
    "Config",
    "ConfigError",
    "config_path",
    "configured_deck_paths",
    "load_config",
    "walk_deck_folder",
]
