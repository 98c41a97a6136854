"""Anki export: note types, the package writer and its lock file (genanki imported lazily)."""

from __future__ import annotations

from studykit.anki.export import (
    DEFAULT_ROOT,
    TAG_ROOT,
    WITHDRAWN_TAG,
    ExportError,
    ExportResult,
    anki_deck_id,
    deck_name,
    export_package,
    note_guid,
)
from studykit.anki.lock import LockEntry, LockFileError, lock_path_for, read_lock, read_lock_file
from studykit.anki.notetypes import NOTE_TYPES, NoteType, stylesheet

__all__ = [
    "DEFAULT_ROOT",
    "NOTE_TYPES",
    "TAG_ROOT",
    "WITHDRAWN_TAG",
    "ExportError",
    "ExportResult",
    "LockEntry",
    "LockFileError",
    "NoteType",
    "anki_deck_id",
    "deck_name",
    "export_package",
    "lock_path_for",
    "note_guid",
    "read_lock",
    "read_lock_file",
    "stylesheet",
]
