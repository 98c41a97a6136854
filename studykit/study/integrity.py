"""Integrity before writing: a damaged store, or changes that are not its own, are refused
before SQLite writes anything, and a failure names its real cause.

The everyday path costs two `stat` calls and a 40-byte read: when studykit closes a store
cleanly (the last connection gone, its `-wal` checkpointed and deleted) it notes the
file's size and modification time in a marker next to it (`.NAME.clean`); a store that
still matches its marker, with no `-wal`, is opened at once. Otherwise (a crash, a copy,
a restore, another program, a first open by this version) it is checked first:

- a file that is not a whole number of pages was cut short: refused;
- no `-wal`: SQLite's `integrity_check`, read-only (`immutable`: no lock, no side file);
- a `-wal` left next to a store that was closed cleanly and not opened since cannot hold
  changes of studykit's: it is refused, and both files are left byte-identical;
- any other `-wal` (an interrupted session, or one still running) is tried on temporary
  copies: the store with it applied must pass `integrity_check`, still be a studykit
  store, and keep every answer of the review log (which only ever grows), else refused.

Opening a store removes its marker; `closed` writes it again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from pathlib import Path

from studykit.study.migrations import APPLICATION_ID

_MOST_LISTED = 3


def marker_path(path: Path) -> Path:
    """Where the clean-close note of the store at `path` is kept."""
    return path.with_name(f".{path.name}.clean")


def wal_path(path: Path) -> Path:
    return path.with_name(f"{path.name}-wal")


def problem_before_open(path: Path) -> str | None:
    """Why the existing store at `path` must not be opened (None: go ahead).

    Only reads: a refused store and its `-wal` are left byte-identical. A session still
    open may write, checkpoint or close while the files are checked, so a problem found
    while they changed is checked again (at most `_TRIES` times)."""
    wal = wal_path(path)
    problem = None
    for attempt in range(_TRIES):
        before = _signature(path, wal)
        problem = _problem_now(path)
        if problem is None or _signature(path, wal) == before:
            return problem
        time.sleep(0.05 * (attempt + 1))
    return problem


def _problem_now(path: Path) -> str | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        wal = wal_path(path)
        if _size(wal) > 32:  # SQLite would apply it to the new, empty store
            return (
                f"{wal} holds changes, but its review store {path} is missing; it was left "
                "untouched. Put the store back beside it, or move the -wal away to start a "
                "new store."
            )
        return None
    except OSError as exc:
        return cause(exc, path)
    if stat.st_size == 0:
        return None  # a new store being created (perhaps by another process right now)
    wal = wal_path(path)
    wal_size = _size(wal)
    if wal_size <= 32 and _matches_marker(path, stat):
        return None  # the everyday path: as studykit left it
    short = _cut_short(path, stat.st_size)
    if short:
        return short
    if wal_size > 32:
        if _matches_marker(path, stat):
            return (
                f"{wal} does not belong to the review store {path}: studykit closed the store "
                "cleanly and has not opened it since, so the changes in that file come from "
                "elsewhere (another profile's or an old copy's -wal file?). Both files were "
                f"left untouched; move {wal.name} away (keep it if unsure) and start again."
            )
        return _wal_problem(path, wal)
    damage = _integrity(f"file:{_uri(path)}?immutable=1")
    if damage:
        return _damaged(path, damage)
    return None


def opened(path: Path) -> None:
    """A session has the store open: its marker no longer describes the file."""
    with contextlib.suppress(OSError):  # read-only folder: the next open checks again
        marker_path(path).unlink(missing_ok=True)


def closed(path: Path) -> None:
    """Note a clean close, if this was the last session (its `-wal` is gone)."""
    if wal_path(path).exists():
        return  # another session still has the store open; it notes the close
    try:
        stat = path.stat()
        marker_path(path).write_text(f"{stat.st_size} {stat.st_mtime_ns}\n", encoding="ascii")
    except OSError:
        pass  # a full disk or read-only folder: the next open checks the file again


def free_space_problem(path: Path, needed: int, what: str) -> str | None:
    """Why `needed` bytes cannot be written next to `path` for `what` (None: they can).

    Counts the free space of the disk and the largest file this process may write
    (`ulimit -f`)."""
    import shutil

    try:
        free = shutil.disk_usage(path.parent).free
    except OSError as exc:
        return cause(exc, path)
    limit = _file_size_limit()
    if needed > free:
        return (
            f"not enough free space for {what}: it needs {_size_text(needed)}, the disk "
            f"holding {path.parent} has {_size_text(free)}; free some space and try again "
            "(nothing was written)"
        )
    if limit is not None and needed > limit:
        return (
            f"{what} needs a file of {_size_text(needed)}, but this process may write files "
            f"of at most {_size_text(limit)} (ulimit -f); nothing was written"
        )
    return None


def cause(exc: BaseException, path: Path) -> str:
    """A message naming what really went wrong with the store at `path`."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    number = getattr(exc, "errno", None)
    folder = path.parent
    if name == "SQLITE_FULL" or number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        free = _free(folder)
        if free is not None and free > _ROOMY:
            return (
                f"the review store {path} is full: it cannot grow, though the disk has "
                f"{_size_text(free)} free (a quota or a file size limit applies); every "
                "answer confirmed before this is saved"
            )
        left = "" if free is None else f" ({_size_text(free)} free)"
        return (
            f"the disk holding the review store {path} is full{left}; free some space and "
            "try again (every answer confirmed before this is saved)"
        )
    if number == errno.EFBIG:
        return (
            f"the review store {path} cannot grow: this process may not write larger files "
            "(ulimit -f); every answer confirmed before this is saved"
        )
    if (
        name.startswith("SQLITE_READONLY")
        or number in (errno.EROFS, errno.EACCES, errno.EPERM)
        or "readonly" in text
    ):
        return (
            f"the review store {path} is read-only (the file, or the folder {folder}, "
            "cannot be written; studykit also writes its -wal and -shm files there): make "
            "them writable, or choose another --data-dir"
        )
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return cause(PermissionError(errno.EACCES, "read-only"), path)
        return f"cannot open the review store {path} ({text})"
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text:
        return _damaged(path, [text])
    if name.startswith("SQLITE_IOERR") or number == errno.EIO:
        return (
            f"the disk failed to read or write the review store {path} ({text}); check the "
            "disk, then run 'studykit doctor'"
        )
    return f"the review store {path} cannot be used: {text}"


# ----------------------------------------------------------------------------- checks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _matches_marker(path: Path, stat: os.stat_result) -> bool:
    try:
        noted = marker_path(path).read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return False
    return noted == [str(stat.st_size), str(stat.st_mtime_ns)]


def _cut_short(path: Path, size: int) -> str | None:
    """A message if the file is not a whole number of pages (read through SQLite, whose
    own file handling keeps this process's locks on the store intact)."""
    try:
        connection = sqlite3.connect(f"file:{_uri(path)}?immutable=1", uri=True)
        try:
            page = int(connection.execute("PRAGMA page_size").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return _damaged(path, [str(exc)])
    if page and size % page:
        return _damaged(
            path,
            [
                f"it is {size:,} bytes, not a whole number of {page:,}-byte pages: it was cut "
                "short (a full disk, an interrupted copy?)"
            ],
        )
    return None


def _integrity(uri: str) -> list[str]:
    """`integrity_check` messages of the database at `uri` (empty when it is sound)."""
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


_TRIES = 3


def _signature(*paths: Path) -> tuple[tuple[int, int], ...]:
    found = []
    for path in paths:
        try:
            stat = path.stat()
            found.append((stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((-1, -1))
    return tuple(found)


def _wal_problem(path: Path, wal: Path) -> str | None:
    """Try the `-wal` on copies: it must leave a sound studykit store with every answer."""
    import shutil
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="studykit-check-") as folder:
            before = Path(folder) / "before.sqlite3"
            after = Path(folder) / "after.sqlite3"
            _copy_without_wal(path, before)
            shutil.copyfile(before, after)
            shutil.copyfile(wal, wal_path(after))
            damage = _integrity(f"file:{_uri(after)}")
            if damage:
                return (
                    f"{wal}, left by an interrupted session, would damage the review store "
                    f"{path} ({'; '.join(damage[:_MOST_LISTED])}); both files were left "
                    f"untouched. Move {wal.name} away to open the store as it was before "
                    "that session."
                )
            return _lost_answers(path, wal, before, after)
    except (OSError, sqlite3.Error) as exc:
        return (
            f"cannot check {wal} (changes left by an interrupted session) before applying "
            f"them: {cause(exc, Path(tempfile.gettempdir()) / 'studykit-check')}; both files "
            "were left untouched"
        )


def _copy_without_wal(path: Path, target: Path) -> None:
    """A copy of the main file alone, read through SQLite (`immutable`: no lock taken,
    no side file made, the `-wal` ignored), so no lock of this process is disturbed."""
    source = sqlite3.connect(f"file:{_uri(path)}?immutable=1", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _lost_answers(path: Path, wal: Path, before: Path, after: Path) -> str | None:
    """A message if the store with the `-wal` applied is not ours, or has fewer answers."""
    old = _log_summary(before)
    new = _log_summary(after)
    if new is None:
        return (
            f"{wal}, left by an interrupted session, does not make a studykit review store "
            f"of {path} (it is damaged, or another database's); both files were left "
            f"untouched. Move {wal.name} away (keep it if unsure) and start again."
        )
    if old is None:
        return None  # the main file alone is not (yet) a store: the -wal makes it one
    old_count, old_digest = old
    new_count, _ = new
    prefix = _log_summary(after, upto=old_count)
    if new_count < old_count or prefix is None or prefix[1] != old_digest:
        lost = max(old_count - new_count, 0)
        what = f"{lost} of its {old_count} answers" if lost else "answers already in its log"
        return (
            f"{wal} does not belong to the review store {path}: applying it would remove or "
            f"rewrite {what} (the review log only ever grows). Both files were left "
            f"untouched; move {wal.name} away (it may be another profile's or an old copy's) "
            "and start again."
        )
    return None


def _log_summary(path: Path, upto: int | None = None) -> tuple[int, str] | None:
    """(answers, digest of the first `upto` of them) of a store; None if not a store."""
    import hashlib

    connection = sqlite3.connect(f"file:{_uri(path)}?mode=ro", uri=True)
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if application_id != APPLICATION_ID or "reviews" not in tables:
            return None
        digest = hashlib.blake2b(digest_size=16)
        count = 0
        rows = connection.execute(
            "SELECT id, card_id, rating, reviewed_at FROM reviews ORDER BY id"
            + ("" if upto is None else f" LIMIT {int(upto)}")
        )
        for row in rows:
            digest.update(repr(row).encode())
            count += 1
        return count, digest.hexdigest()
    finally:
        connection.close()


def _damaged(path: Path, messages: list[str]) -> str:
    shown = "; ".join(messages[:_MOST_LISTED])
    return (
        f"the review store {path} is damaged ({shown}); it was left untouched. Restore a "
        "backup copy (studykit keeps *.before-*.sqlite3 copies next to it before upgrades "
        "and rebuilds), or move it away to start a new one."
    )


def _uri(path: Path) -> str:
    """`path` for a `file:` URI (`?` and `#` would otherwise end the path)."""
    from urllib.parse import quote

    return quote(str(path.resolve()))


def _file_size_limit() -> int | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def _free(folder: Path) -> int | None:
    import shutil

    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


_ROOMY = 64 * 1024 * 1024
"""Free space above which SQLite's "disk is full" must come from a limit, not the disk."""


def _size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


__all__ = ["cause", "closed", "free_space_problem", "marker_path", "opened", "problem_before_open"]
