"""The lock file next to an exported package: what each note looked like last time.

Anki updates a note on import only if the package's copy is newer (`mod`). genanki
stamps every note with the export time, so each re-export would overwrite every note,
including the student's own edits. The lock file remembers, per note, a hash of its
content, its note id, its `mod` and the deck version it last changed in; a note whose
hash is unchanged is written exactly as before, so Anki leaves it (and the student's
edits) alone. Keep the lock file with the package (e.g. commit both).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError

LOCK_FORMAT = 1


class LockFileError(StudykitError):
    """The lock file exists but cannot be read or understood."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class LockEntry:
    """What one note was when it was last written."""

    hash: str
    """Hash of the note type, fields and tags (without the deck-version tag)."""
    note_id: int
    """Anki note (and card) id, in milliseconds like Anki's own: when the note was added."""
    mod: int
    """Seconds; changes only when `hash` changes."""
    version: str
    """The deck version in which the note was added or last changed."""


def lock_path_for(package: Path) -> Path:
    """The default lock file of a package: `FILE.apkg.lock.json` next to it."""
    return package.with_name(package.name + ".lock.json")


def read_lock(path: Path) -> dict[str, LockEntry]:
    """The entries of a lock file by card id; none if the file does not exist yet.

    Raises:
        LockFileError: the file is unreadable or not a studykit lock file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"cannot read the lock file {path}: {exc}") from exc
    try:
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
            raise ValueError(f"expected a JSON object with 'format': {LOCK_FORMAT}")
        return {
            str(key): LockEntry(str(h), int(note_id), int(mod), str(version))
            for key, (h, note_id, mod, version) in data["notes"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LockFileError(
            f"{path} is not a valid studykit lock file ({exc}); if you delete it, the next "
            "export gives every note a new modification time and Anki updates all of them"
        ) from exc


def write_lock(path: Path, entries: dict[str, LockEntry]) -> None:
    """Write the lock file atomically: one note per line, sorted, for readable diffs."""
    versions: dict[str, str] = {}
    lines = []
    for key in sorted(entries):
        entry = entries[key]
        version = versions.get(entry.version)
        if version is None:
            version = versions[entry.version] = json.dumps(entry.version, ensure_ascii=False)
        lines.append(
            f'{_json_string(key)}: ["{entry.hash}", {entry.note_id}, {entry.mod}, {version}]'
        )
    text = (
        f'{{"format": {LOCK_FORMAT},\n'
        '"about": "studykit export lock: card id -> [content hash, note id, mod, deck version]",\n'
        '"notes": {\n' + ",\n".join(lines) + "\n}}\n"
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _json_string(text: str) -> str:
    """A JSON string; card ids rarely need escaping, so skip the encoder when they don't."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


__all__ = ["LockEntry", "LockFileError", "lock_path_for", "read_lock", "write_lock"]
