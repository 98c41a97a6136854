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


def data_dir(override: Path | str | None = None) -> Path:
    """The data directory: `override`, else `$STUDYKIT_HOME`, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when neither override is given

    return platformdirs.user_data_path("studykit", appauthor=False)


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
    "ProfileNameError",
    "check_profile",
    "data_dir",
    "store_path",
]
