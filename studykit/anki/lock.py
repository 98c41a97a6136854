"""The lock file next to an exported package: what each note looked like last time.

Anki updates a note on import only if the package's copy is newer (`mod`). genanki
stamps every note with the export time, so each re-export would overwrite every note,
including the student's own edits. The lock file remembers, per note, a hash of its
content, its note id, its `mod` and the deck version it last changed in; a note whose
hash is unchanged is written exactly as before, so Anki leaves it (and the student's
edits) alone. It also keeps each note's kind and question (so a note of a removed fact can
be shipped as withdrawn), each choice note's options (so a fact added elsewhere does not
reshuffle them) and each deck's Anki name (so a retitled deck does not split in Anki,
which matches decks by name). Keep the lock file with the package (e.g. commit both).

Formats 1 (no kind, question or deck names) and 2 (no options) are still read; the next
export writes format 3.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError
from studykit.files import replace_file

LOCK_FORMAT = 3
_READABLE_FORMATS = (1, 2, 3)


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
    kind: str | None = None
    """The card kind (note type) of the note; None in a format-1 lock."""
    front: str = ""
    """The card's question as plain text, to show on the note once it is withdrawn."""
    withdrawn: str | None = None
    """The deck version whose export first shipped this note as withdrawn (fact removed)."""
    options: tuple[str, ...] | None = None
    """A choice note's options as drawn (map options: their zone refs), in order; None
    for other notes and in a format-1 or -2 lock."""


@dataclass(frozen=True, slots=True)
class Lock:
    """A lock file's contents: the notes by card id and the decks' Anki names by deck id."""

    notes: dict[str, LockEntry]
    decks: dict[str, str]


def lock_path_for(package: Path) -> Path:
    """The default lock file of a package: `FILE.apkg.lock.json` next to it."""
    return package.with_name(package.name + ".lock.json")


def read_lock(path: Path) -> dict[str, LockEntry]:
    """The entries of a lock file by card id; none if the file does not exist yet.

    Raises:
        LockFileError: the file is unreadable or not a studykit lock file.
    """
    return read_lock_file(path).notes


def read_lock_file(path: Path) -> Lock:
    """The whole lock file (notes and deck names); empty if it does not exist yet.

    Raises:
        LockFileError: the file is unreadable or not a studykit lock file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lock({}, {})
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"cannot read the lock file {path}: {exc}") from exc
    try:
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("format") not in _READABLE_FORMATS:
            raise ValueError(f"expected a JSON object with 'format': {LOCK_FORMAT}")
        decks = {str(key): str(name) for key, name in data.get("decks", {}).items()}
        return Lock({str(key): _entry(value) for key, value in data["notes"].items()}, decks)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LockFileError(
            f"{path} is not a valid studykit lock file ({exc}); if you delete it, the next "
            "export gives every note a new modification time and Anki updates all of them"
        ) from exc


def _entry(value: Any) -> LockEntry:
    if len(value) == 4:  # format 1
        h, note_id, mod, version = value
        return LockEntry(str(h), int(note_id), int(mod), str(version))
    h, note_id, mod, version, kind, front, withdrawn, *rest = value
    if len(rest) > 1:
        raise ValueError(f"a note entry has {len(value)} items")
    options = rest[0] if rest else None  # format 3
    if options is not None and not isinstance(options, list):
        raise ValueError(f"a note's options are not a list: {options!r}")
    return LockEntry(
        str(h),
        int(note_id),
        int(mod),
        str(version),
        None if kind is None else str(kind),
        str(front),
        None if withdrawn is None else str(withdrawn),
        None if options is None else tuple(str(option) for option in options),
    )


def write_lock(
    path: Path, entries: dict[str, LockEntry], decks: dict[str, str] | None = None
) -> None:
    """Write the lock file atomically: one note per line, sorted, for readable diffs."""
    strings: dict[str | None, str] = {None: "null"}
    lines = []
    for key in sorted(entries):
        entry = entries[key]
        parts = []
        for value in (entry.version, entry.kind, entry.withdrawn):
            text = strings.get(value)
            if text is None:
                text = strings[value] = json.dumps(value, ensure_ascii=False)
            parts.append(text)
        version, kind, withdrawn = parts
        options = (
            "null"
            if entry.options is None
            else "[" + ", ".join(_json_string(option) for option in entry.options) + "]"
        )
        lines.append(
            f'{_json_string(key)}: ["{entry.hash}", {entry.note_id}, {entry.mod}, {version}, '
            f"{kind}, {_json_string(entry.front)}, {withdrawn}, {options}]"
        )
    deck_lines = [
        f"{_json_string(key)}: {_json_string(name)}" for key, name in sorted((decks or {}).items())
    ]
    text = (
        f'{{"format": {LOCK_FORMAT},\n'
        '"about": "studykit export lock: card id -> [content hash, note id, mod, deck version, '
        'kind, question, withdrawn in version, choice options]; deck id -> Anki deck name",\n'
        '"decks": {\n' + ",\n".join(deck_lines) + "\n},\n"
        '"notes": {\n' + ",\n".join(lines) + "\n}}\n"
    )
    replace_file(path, text.encode("utf-8"))


def _json_string(text: str) -> str:
    """A JSON string; card ids rarely need escaping, so skip the encoder when they don't."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


__all__ = [
    "Lock",
    "LockEntry",
    "LockFileError",
    "lock_path_for",
    "read_lock",
    "read_lock_file",
    "write_lock",
]
