"""Where a student's review history lives on disk.

The data directory is, in order: `--data-dir`, the `STUDYKIT_HOME` environment
variable, else the platform's user data directory (platformdirs). Each named profile
(`--profile`, default `default`) has its own store file in `profiles/`, so two people
(or two courses) on one account keep separate histories.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from studykit.errors import StudykitError

ENV_HOME = "STUDYKIT_HOME"
DEFAULT_PROFILE = "default"
STORE_SUFFIX = ".sqlite3"
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class ProfileNameError(StudykitError):
    """A profile name that cannot be a file name on every platform."""

    exit_code = 2


class PathSettingError(StudykitError):
    """A folder given by the user (option, environment, config) that cannot be used."""

    exit_code = 2


def expand_user(text: str | Path, where: str) -> Path:
    """`text` with a leading `~` or `~user` expanded; `where` names the setting.

    Raises:
        PathSettingError: `~user` names no user, or `~` has no home directory.
    """
    try:
        return Path(text).expanduser()
    except RuntimeError as exc:  # "Could not determine home directory"
        user = str(text).split("/", 1)[0]
        raise PathSettingError(
            f"{where}: '{text}' starts with {user}, but there is no such home directory; "
            "write the folder out in full"
        ) from exc


def data_dir(override: Path | str | None = None) -> Path:
    """The data directory: `override`, else `$STUDYKIT_HOME`, else the user data dir.

    Raises:
        PathSettingError: the folder cannot be expanded, or is a file.
    """
    if override:
        found = expand_user(override, "--data-dir")
        where = "--data-dir"
    elif env := os.environ.get(ENV_HOME):
        found = expand_user(env, f"${ENV_HOME}")
        where = f"${ENV_HOME}"
    else:
        import platformdirs  # only when neither override is given

        return platformdirs.user_data_path("studykit", appauthor=False)
    if found.exists() and not found.is_dir():
        raise PathSettingError(
            f"{where}: '{found}' is a file, not a folder; name the folder for studykit's data"
        )
    return found


def check_profile(profile: str) -> str:
    """`profile` if it is a safe name (letters, digits, `_.-`, up to 64), else an error."""
    if not _PROFILE_NAME.fullmatch(profile) or profile.endswith("."):
        raise ProfileNameError(
            f"profile name {profile!r} is not allowed: use letters, digits, '_', '-' or '.' "
            "(starting with a letter or digit, at most 64 characters)"
        )
    return profile


def store_path(data_dir_override: Path | str | None = None, profile: str = DEFAULT_PROFILE) -> Path:
    """The store file of a profile: `<data dir>/profiles/<profile>.sqlite3`."""
    return data_dir(data_dir_override) / "profiles" / f"{check_profile(profile)}{STORE_SUFFIX}"


__all__ = [
    "DEFAULT_PROFILE",
    "ENV_HOME",
    "PathSettingError",
    "ProfileNameError",
    "check_profile",
    "data_dir",
    "expand_user",
    "store_path",
]
