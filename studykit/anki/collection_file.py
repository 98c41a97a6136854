"""The Anki collection file: finding it, refusing it while in use, copies, opening.

Anki (and the `anki` package) open a collection in SQLite's exclusive locking mode with
a write-ahead log: while it is open, `collection.anki2-wal` exists beside it and every
other process is refused even a read ("database is locked"); the `anki` package itself
then says "Anki already open, or media currently syncing". A process's own locks never
block itself, so only another process can tell, and a second SQLite library in this
process (Python's `sqlite3`) must never touch the file while the `anki` package has it
open: closing its handle would drop Anki's lock. Copies are therefore made before the
collection is opened and restored after it is closed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.errors import StudykitError

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

BACKUPS_KEPT = 5
BACKUP_FOLDER = "studykit-backups"
"""Made next to the collection (inside the Anki profile folder)."""
COLLECTION_NAME = "collection.anki2"
_CLOSE_ANKI = "Close Anki (or switch to another profile) and run this again."


class AnkiSyncError(StudykitError):
    """The collection cannot be used (exit 1), or the path is wrong (exit 2)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def find_collection(path: Path) -> Path:
    """The collection file `path` names: the file itself or the one in a profile folder.

    Raises:
        AnkiSyncError: no collection there (exit 2); the message lists profile folders
            found one level down (Anki's base folder holds one per profile).
    """
    if path.is_file():
        return path
    if path.is_dir():
        inside = path / COLLECTION_NAME
        if inside.is_file():
            return inside
        profiles = sorted(p.parent.name for p in path.glob(f"*/{COLLECTION_NAME}"))
        if profiles:
            raise AnkiSyncError(
                f"{path} is Anki's base folder; name a profile folder in it "
                f"({', '.join(str(path / name) for name in profiles)})",
                2,
            )
        raise AnkiSyncError(f"no Anki collection ({COLLECTION_NAME}) in {path}", 2)
    raise AnkiSyncError(f"{path} does not exist", 2)


def check_not_in_use(path: Path) -> None:
    """Refuse a collection another process has open.

    Anki (and the `anki` package) open a collection in SQLite's exclusive locking
    mode with a write-ahead log: while it is open, `collection.anki2-wal` exists and
    every other process is refused even a read. Only another process can tell: a
    process's own locks never block itself.

    Raises:
        AnkiSyncError: the collection is locked, or is not an SQLite database.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0)
    except sqlite3.Error as exc:
        raise AnkiSyncError(f"cannot open the Anki collection {path}: {exc}") from exc
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise AnkiSyncError(
                f"the Anki collection {path} is open in another program (Anki itself, "
                f"or a sync in progress). {_CLOSE_ANKI}"
            ) from exc
        raise AnkiSyncError(f"cannot read the Anki collection {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise AnkiSyncError(f"{path} is not an Anki collection: {exc}") from exc
    finally:
        connection.close()


def backup_collection(path: Path, now: datetime) -> Path:
    """A consistent copy of the collection in `studykit-backups/` beside it."""
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    _sqlite_copy(path, target)
    return target


def prune_backups(path: Path, keep: int = BACKUPS_KEPT) -> None:
    """Delete the collection's backup copies but the newest `keep`."""
    copies = sorted((path.parent / BACKUP_FOLDER).glob(f"{path.stem}-*{path.suffix}"))
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)


def restore_collection(backup: Path, path: Path) -> None:
    """Put the backup copy back in place of the collection (closed by then)."""
    _sqlite_copy(backup, path)


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def require_anki() -> None:
    """Stop before anything is copied or opened when the `anki` package is missing.

    Raises:
        AnkiSyncError: it is not installed (the message says how to add it).
    """
    try:
        import anki.collection  # noqa: F401
    except ImportError as exc:
        raise AnkiSyncError(
            "syncing with Anki needs the 'anki' package: pip install 'studykit[anki]'"
        ) from exc


@contextmanager
def open_collection(path: Path) -> Iterator[Collection]:
    """The collection through the `anki` package (closed afterwards).

    Raises:
        AnkiSyncError: the `anki` package is missing, or the collection cannot be opened.
    """
    require_anki()
    from anki.collection import Collection
    from anki.errors import AnkiException

    try:
        col = Collection(str(path))
    except AnkiException as exc:
        raise AnkiSyncError(
            f"cannot open the Anki collection {path}: {exc}. {_CLOSE_ANKI}"
        ) from exc
    try:
        yield col
    finally:
        col.close()


def database(col: Collection) -> DBProxy:
    """The open collection's database (None only after `close`)."""
    assert col.db is not None
    return col.db


__all__ = [
    "BACKUPS_KEPT",
    "BACKUP_FOLDER",
    "COLLECTION_NAME",
    "AnkiSyncError",
    "backup_collection",
    "check_not_in_use",
    "database",
    "find_collection",
    "open_collection",
    "prune_backups",
    "require_anki",
    "restore_collection",
]
