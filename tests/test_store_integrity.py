"""Integrity before writing: damaged stores and -wal files that are not theirs are refused
before anything is written, both files byte-identical; messages name the real cause."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixtures import NOW, file_digest, make_cards, open_store

from studykit.study.integrity import marker_path
from studykit.study.scheduling import Rating
from studykit.study.store import Store, StoreError

TESTS = Path(__file__).parent


def answered_store(path: Path, answers: int, deck: str = "d") -> None:
    """A store with `answers` answers, closed cleanly."""
    with open_store(path, cards=make_cards(deck, 300, ("x", "y"))) as store:
        for i in range(answers):
            store.answer(f"{deck}/f{i % 300:02d}/{'xy'[i // 300]}", Rating.GOOD, NOW, 1)


def crash_after_answers(path: Path, answers: int, deck: str = "d", first: int = 0) -> None:
    """A separate process answers `answers` cards and dies without closing: its -wal stays."""
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(TESTS)!r})
        from pathlib import Path
        from store_fixtures import NOW, make_cards, open_store
        from studykit.study.scheduling import Rating
        store = open_store(Path({str(path)!r}), cards=make_cards({deck!r}, 300, ("x", "y")))
        for i in range({first}, {first + answers}):
            store.answer(f"{deck}/f{{i % 300:02d}}/{{'xy'[i // 300]}}", Rating.GOOD, NOW, 1)
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def answers_in(path: Path) -> int:
    with Store.at(path) as store:
        return int(store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


def assert_refused_untouched(path: Path, message: str) -> None:
    wal = path.with_name(path.name + "-wal")
    digests = {p: file_digest(p) for p in (path, wal) if p.exists()}
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError, match=message) as caught:
        Store.at(path)
    assert str(path) in str(caught.value)
    assert {p: file_digest(p) for p in digests} == digests
    assert sorted(p.name for p in path.parent.iterdir()) == listing


def test_a_clean_close_leaves_a_marker_that_the_next_open_trusts(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    answered_store(path, 3)
    assert marker_path(path).exists()
    assert not path.with_name("s.sqlite3-wal").exists()
    with Store.at(path):
        assert not marker_path(path).exists()  # open: the marker no longer holds
    assert marker_path(path).exists()


def test_a_store_cut_short_by_one_byte_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    answered_store(path, 20)
    data = path.read_bytes()
    path.write_bytes(data[:-1])
    assert_refused_untouched(path, "not a whole number of 4,096-byte pages: it was cut short")


def test_a_page_overwritten_past_the_first_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    answered_store(path, 200)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = bytes(range(256)) * 16  # one b-tree page garbled
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "is damaged")


def test_an_interrupted_session_is_recovered_with_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    answered_store(path, 10)
    crash_after_answers(path, 25, first=10)
    assert path.with_name("s.sqlite3-wal").stat().st_size > 32
    assert not marker_path(path).exists()
    assert answers_in(path) == 35


def test_another_profiles_wal_next_to_a_cleanly_closed_store_is_refused(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.sqlite3", tmp_path / "other" / "other.sqlite3"
    other.parent.mkdir()
    answered_store(mine, 200)
    crash_after_answers(other, 6)
    (tmp_path / "mine.sqlite3-wal").write_bytes((other.parent / "other.sqlite3-wal").read_bytes())
    assert_refused_untouched(mine, "does not belong to the review store")


def test_another_profiles_wal_after_a_crash_is_refused(tmp_path: Path) -> None:
    """No clean close to go by: the -wal is tried on copies and would lose answers."""
    mine, other = tmp_path / "mine.sqlite3", tmp_path / "other" / "other.sqlite3"
    other.parent.mkdir()
    crash_after_answers(mine, 200)
    crash_after_answers(other, 6)
    (tmp_path / "mine.sqlite3-wal").write_bytes((other.parent / "other.sqlite3-wal").read_bytes())
    assert_refused_untouched(mine, "does not belong to the review store")


def test_a_stale_wal_of_the_same_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    wal = tmp_path / "s.sqlite3-wal"
    crash_after_answers(path, 30)
    stale = wal.read_bytes()
    assert answers_in(path) == 30  # recovered; then more answers, closed cleanly
    with Store.at(path) as store:
        for i in range(30, 60):
            store.answer(f"d/f{i:02d}/x", Rating.GOOD, NOW, 1)
    wal.write_bytes(stale)
    assert_refused_untouched(path, "does not belong to the review store")


def test_a_wal_that_makes_no_store_of_its_file_is_refused(tmp_path: Path) -> None:
    """A new store lives in its -wal until the first checkpoint: a garbled -wal would
    leave an empty file, and studykit would start a new store over the lost answers."""
    path = tmp_path / "s.sqlite3"
    crash_after_answers(path, 30)
    wal = tmp_path / "s.sqlite3-wal"
    data = bytearray(wal.read_bytes())
    data[32 + 24 : 32 + 24 + 4096] = bytes(4096)  # the first frame's page zeroed
    wal.write_bytes(bytes(data))
    assert_refused_untouched(path, "does not make a studykit review store")


def test_a_full_disk_is_named_as_such(tmp_path: Path) -> None:
    """SQLite's own 'database or disk is full' (max_page_count), not a mock."""
    path = tmp_path / "s.sqlite3"
    store = open_store(path, cards=make_cards("d", 50))
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="is full") as caught:
        store.sync_cards(make_cards("e", 2000), NOW)
    assert "damaged" not in str(caught.value)
    store.close()


def test_rebuild_refuses_without_room_for_its_backup_and_leaves_no_backup(tmp_path: Path) -> None:
    """`ulimit -f` below the store's size: the backup cannot be written, for real."""
    path = tmp_path / "s.sqlite3"
    answered_store(path, 200)
    limit = path.stat().st_size // 2
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from studykit.cli import main
        sys.exit(main(["--data-dir", {str(tmp_path)!r}, "doctor", "--rebuild"]))
        """
    )
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    os.replace(path, profiles / "default.sqlite3")
    os.replace(marker_path(path), marker_path(profiles / "default.sqlite3"))
    digest = file_digest(profiles / "default.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "ulimit -f" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(profiles.glob("*before-rebuild*"))
    assert file_digest(profiles / "default.sqlite3") == digest


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB file system (tmpfs); mounting one needs root, as in the CI container."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(filler: Path, leave: int = 0) -> None:
    """Fill the disk holding `filler` up to its last `leave` bytes, for real."""
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        room = shutil.disk_usage(filler.parent).free - leave
        with contextlib.suppress(OSError):
            while room > 0:
                room -= os.write(handle, b"\0" * min(room, 65536))
    finally:
        os.close(handle)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studykit", *args], capture_output=True, text=True, timeout=120
    )


def test_a_disk_that_fills_mid_session_is_named_and_loses_no_answer(small_disk: Path) -> None:
    path = small_disk / "s.sqlite3"
    store = open_store(path, cards=make_cards("d", 300, ("x", "y")))
    store.answer("d/f00/x", Rating.GOOD, NOW, 1)
    filler = small_disk / "filler"
    fill(filler)
    failure = None
    for i in range(1, 300):  # until the disk is full for SQLite too (its cache had room)
        try:
            store.answer(f"d/f{i:02d}/x", Rating.GOOD, NOW, 1)
        except StoreError as exc:
            failure = str(exc)
            break
    assert failure is not None
    assert "is full" in failure
    assert "damaged" not in failure
    done = int(store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    filler.unlink()
    store.answer("d/f00/y", Rating.GOOD, NOW, 1)  # room again: the next answer is saved
    store.close()
    assert answers_in(path) == done + 1


def test_a_read_only_folder_with_a_leftover_wal_is_named_as_such(small_disk: Path) -> None:
    data = small_disk / "data"
    profiles = data / "profiles"
    profiles.mkdir(parents=True)
    path = profiles / "default.sqlite3"
    crash_after_answers(path, 20)
    (profiles / "default.sqlite3-shm").unlink()  # SQLite must write to use the -wal
    digests = {p: file_digest(p) for p in profiles.iterdir()}
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_cli("--data-dir", str(data), "stats")
    assert result.returncode == 1
    assert "read-only" in result.stderr, result.stderr
    assert "damaged" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert {p: file_digest(p) for p in profiles.iterdir()} == digests


def test_rebuild_on_a_full_disk_refuses_before_writing_a_backup(small_disk: Path) -> None:
    data = small_disk / "data"
    (data / "profiles").mkdir(parents=True)
    path = data / "profiles" / "default.sqlite3"
    answered_store(path, 300)
    fill(small_disk / "filler", leave=path.stat().st_size)  # room for one copy, not two
    digest = file_digest(path)
    result = run_cli("--data-dir", str(data), "doctor", "--rebuild")
    assert result.returncode == 1
    assert "not enough free space for the backup copy" in result.stderr, result.stderr
    assert not list(path.parent.glob("*before-rebuild*"))
    assert file_digest(path) == digest


def test_a_wal_without_its_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    crash_after_answers(path, 10)
    path.unlink()  # e.g. the store moved away, its -wal left behind
    wal = tmp_path / "s.sqlite3-wal"
    digest = file_digest(wal)
    with pytest.raises(StoreError, match="is missing"):
        Store.at(path)
    assert file_digest(wal) == digest
    assert not path.exists()


def test_opening_while_another_session_writes_is_never_refused(tmp_path: Path) -> None:
    """The -wal of a session still running is checked on copies that it may change
    meanwhile: a torn copy is retried, never reported as damage."""
    path = tmp_path / "s.sqlite3"
    answered_store(path, 5)
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(TESTS)!r})
        from pathlib import Path
        from store_fixtures import NOW, open_store
        from studykit.study.scheduling import Rating
        store = open_store(Path({str(path)!r}))
        print("open", flush=True)
        for i in range(600):
            store.answer(f"d/f{{i % 300:02d}}/{{'xy'[i // 300]}}", Rating.GOOD, NOW, 1)
        store.close()
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "open"
    opened = 0
    while writer.poll() is None:
        Store.at(path).close()
        opened += 1
    assert writer.wait(timeout=120) == 0
    assert opened > 0
    assert answers_in(path) == 605
