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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.content.deckfiles import DECK_SUFFIXES
from studykit.errors import StudykitError
from studykit.paths import data_dir

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

    def deck_paths(self) -> list[Path]:
        """Deck files in the configured folders and their subfolders, in a stable order.

        Hidden files and folders (a leading dot) are skipped.
        """
        found: list[Path] = []
        for folder in self.decks_dirs:
            found.extend(
                sorted(
                    path
                    for path in folder.rglob("*")
                    if path.suffix in DECK_SUFFIXES
                    and path.is_file()
                    and not any(part.startswith(".") for part in path.relative_to(folder).parts)
                )
            )
        return found


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
        folder = Path(item).expanduser()
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
]
