"""The store never loses an answer: kill -9, two writers, bad files, old schemas."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from store_fixtures import NOW, file_digest, make_cards, open_store

from studykit.study.migrations import APPLICATION_ID, SCHEMA_VERSION
from studykit.study.scheduling import CardState, Rating
from studykit.study.store import Store, StoreError, to_ms

TESTS_DIR = Path(__file__).parent

ANSWERING_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from datetime import timedelta
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from store_fixtures import NOW, make_cards, open_store
    from studykit.study.scheduling import CardState, Rating, Scheduler, SchedulerSettings
    from studykit.study.store import to_ms

    path, name, count, go = Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    offset = timedelta(milliseconds=int(sys.argv[6]))
    store = open_store(path, cards=make_cards(name, 40, ("x", "y")))
    print("ready", flush=True)
    while go != "-" and not Path(go).exists():
        time.sleep(0.001)
    cards = [f"{name}/f{i:02d}/{d}" for i in range(40) for d in ("x", "y")]
    i = 0
    while count < 0 or i < count:
        card = cards[i % len(cards)]
        moment = NOW + timedelta(seconds=30 * i) + offset
        store.answer(card, Rating(i % 4 + 1), moment, 1000 + i)
        print(name, card, to_ms(moment), flush=True)  # acknowledged only once committed
        i += 1
    """
)


def start_writer(
    tmp_path: Path, store: Path, name: str, count: int, go: str = "-", offset_ms: int = 0
) -> subprocess.Popen[str]:
    script = tmp_path / "answer_loop.py"
    script.write_text(ANSWERING_SCRIPT, encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(TESTS_DIR),
            str(store),
            name,
            str(count),
            go,
            str(offset_ms),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def logged(store: Store) -> set[tuple[str, int]]:
    rows = store.connection.execute(
        "SELECT c.text_id, r.reviewed_at FROM reviews r JOIN cards c ON c.id = r.card_id "
        "WHERE r.undone_at IS NULL"
    )
    return {(text_id, at) for text_id, at in rows}


def test_kill_9_mid_session_loses_no_committed_answer(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    process = start_writer(tmp_path, path, "w", -1)
    assert process.stdout is not None
    acknowledged = []
    while len(acknowledged) < 120:
        acknowledged.append(process.stdout.readline().split())
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    acknowledged += [line.split() for line in process.stdout.read().splitlines()]
    process.stdout.close()

    with Store.at(path) as store:
        in_log = logged(store)
        for _, card, at in acknowledged:
            assert (card, int(at)) in in_log
        assert len(acknowledged) <= len(in_log) <= len(acknowledged) + 1
        report = store.doctor()
        assert report.integrity == ["ok"]
        assert report.mismatched == []


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    go = tmp_path / "go"
    count = 150
    writers = [
        start_writer(tmp_path, path, name, count, str(go), offset)
        for name, offset in (("a", 0), ("b", 7))
    ]
    go.touch()
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0]
    acknowledged = [line.split() for output in outputs for line in output.splitlines()]
    assert len(acknowledged) == 2 * count
    with Store.at(path) as store:
        in_log = logged(store)
        assert {(card, int(at)) for _, card, at in acknowledged} == in_log
        assert store.doctor().mismatched == []  # each card's state matches its log


def assert_refused(path: Path, message: str) -> None:
    """Opening `path` fails naming it, and leaves it (and its directory) untouched."""
    digest = file_digest(path)
    before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError, match=message) as caught:
        Store.at(path)
    assert str(path) in str(caught.value)
    assert file_digest(path) == digest
    assert sorted(p.name for p in path.parent.iterdir()) == before


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(os.urandom(8192))
    assert_refused(path, "not an SQLite database")


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    foreign = sqlite3.connect(path)
    foreign.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    foreign.execute("INSERT INTO notes (body) VALUES ('not ours')")
    foreign.commit()
    foreign.close()
    assert_refused(path, "another program")


def test_a_store_from_a_newer_studykit_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    open_store(path, cards=make_cards("d", 2)).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    assert_refused(path, "newer studykit")


def use_store(path: Path) -> None:
    with Store.at(path) as store:
        store.queue(None, NOW)
        store.doctor()


def test_a_damaged_store_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with open_store(path, cards=make_cards("d", 400, ("x", "y", "z"))) as store:
        store.answer("d/f00/x", Rating.GOOD, NOW, 1)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page : len(data) - page] = os.urandom(len(data) - 3 * page)
    path.write_bytes(bytes(data))
    digest = file_digest(path)
    with pytest.raises(StoreError, match=r"damaged|malformed|not a database") as caught:
        use_store(path)
    assert str(path) in str(caught.value)
    assert file_digest(path) == digest


def test_a_directory_at_the_store_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.sqlite3").mkdir()
    with pytest.raises(StoreError, match="not a regular file"):
        Store.at(tmp_path / "s.sqlite3")


# ----------------------------------------------------------------- migration

V1_SCHEMA = [  # the first schema, as studykit 0.1 wrote it (kept here, frozen)
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE cards (id INTEGER PRIMARY KEY, text_id TEXT NOT NULL UNIQUE,
        deck TEXT NOT NULL, fact TEXT NOT NULL, position INTEGER NOT NULL,
        state INTEGER NOT NULL DEFAULT 0, step INTEGER, stability REAL, difficulty REAL,
        due INTEGER, last_review INTEGER, reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0, suspended INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL, removed_at INTEGER)""",
    """CREATE TABLE reviews (id INTEGER PRIMARY KEY AUTOINCREMENT, card_id INTEGER NOT NULL,
        deck TEXT NOT NULL, fact TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
        state_before INTEGER NOT NULL, state_after INTEGER NOT NULL,
        before TEXT NOT NULL, after TEXT NOT NULL, typed_answer TEXT)""",
    "CREATE INDEX reviews_card ON reviews (card_id, id)",
    "CREATE INDEX cards_deck ON cards (deck, state)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "PRAGMA user_version = 1",
]


def build_v1_store(path: Path) -> list[tuple[int, str, dict[str, object]]]:
    """A version-1 store written with raw SQL: two cards, one answered twice."""
    from studykit.content.cards import numeric_id

    db = sqlite3.connect(path)
    for statement in V1_SCHEMA:
        db.execute(statement)
    learned, fresh = numeric_id("old/zone/code"), numeric_id("old/zone/name")
    t0, t1 = NOW - timedelta(days=10), NOW - timedelta(days=10, minutes=-10)
    # written as studykit 0.1 did: py-fsrs's own scheduling, 24-hour periods
    reference = fsrs.Scheduler(enable_fuzzing=False)
    one, _ = reference.review_card(fsrs.Card(card_id=learned, due=t0), fsrs.Rating.Good, t0)
    two, _ = reference.review_card(one, fsrs.Rating.Good, t1)
    first = CardState(learned)
    second = CardState(
        learned, "learning", one.step, one.stability, one.difficulty, one.due, t0, 1, 0
    )
    third = CardState(learned, "review", None, two.stability, two.difficulty, two.due, t1, 2, 0)
    assert third.due is not None
    states = [s.to_dict() for s in (first, second, third)]
    due = to_ms(third.due)
    t0, t1 = to_ms(t0), to_ms(t1)
    db.executemany(
        "INSERT INTO cards (id, text_id, deck, fact, position, state, step, stability, "
        "difficulty, due, last_review, reps, lapses, added_at) "
        "VALUES (?, ?, 'old', 'zone', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        [
            (
                learned,
                "old/zone/code",
                1,
                2,
                None,
                third.stability,
                third.difficulty,
                due,
                t1,
                2,
                t0,
            ),
            (fresh, "old/zone/name", 2, 0, None, None, None, None, None, 0, t0),
        ],
    )
    db.executemany(
        "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
        "state_before, state_after, before, after, typed_answer) "
        "VALUES (?, 'old', 'zone', 3, ?, ?, ?, ?, ?, ?, ?)",
        [
            (learned, t0, 4000, 0, 1, json.dumps(states[0]), json.dumps(states[1]), None),
            (learned, t1, 3000, 1, 2, json.dumps(states[1]), json.dumps(states[2]), "GV20"),
        ],
    )
    db.execute("INSERT INTO settings VALUES ('theme', 'dark')")
    db.commit()
    db.close()
    return [(learned, "old/zone/code", states[2])]


def test_migration_from_the_first_schema_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    build_v1_store(path)
    v1_digest = file_digest(path)
    with Store.at(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_setting("theme") == "dark"
        history = store.history("old/zone/code")
        assert [(h.rating, h.duration_ms, h.typed_answer) for h in history] == [
            (Rating.GOOD, 4000, None),
            (Rating.GOOD, 3000, "GV20"),
        ]
        assert history[1].state_before == "learning"
        assert history[1].after.state == "review"
        state = store.card_state("old/zone/code")
        assert (state.state, state.stability, state.reps) == ("review", 2.3065, 2)
        assert state.due == NOW - timedelta(days=10, minutes=-10) + timedelta(days=2)
        assert store.card_state("old/zone/name").state == "new"
        scheduled = [
            row[0]
            for row in store.connection.execute("SELECT scheduled_days FROM reviews ORDER BY id")
        ]
        assert scheduled[0] is None
        assert scheduled[1] == pytest.approx(10 / (24 * 60))  # 10-minute step, in days
        # the migrated store is fully usable: queue, answer, undo
        queue = store.queue(None, NOW)
        assert [e.card_id for e in queue] == ["old/zone/code"]  # one card per fact a day
        store.answer("old/zone/code", Rating.GOOD, NOW, 1000)
        assert store.undo_last() == "old/zone/code"
        assert store.doctor().healthy
    backup = tmp_path / f"s.before-v{SCHEMA_VERSION}.sqlite3"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2
    old.close()
    assert v1_digest != file_digest(path)


def test_rebuild_recomputes_card_states_from_the_log(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with open_store(path, cards=make_cards("d", 6)) as store:
        moment = NOW
        for i in range(40):
            entry = store.next_card(None, moment)
            if entry is None:
                moment += timedelta(days=1)
                continue
            store.answer(entry.card_id, Rating(i % 4 + 1), moment, 1000)
            moment += timedelta(minutes=3)
        store.undo_last()
        states = {f"d/f{i:02d}/forward": store.card_state(f"d/f{i:02d}/forward") for i in range(6)}
        assert store.rebuild() == 0  # the log and the card table agree
        store.connection.execute("UPDATE cards SET stability = 99, due = 0 WHERE state != 0")
        report = store.doctor()
        assert not report.healthy
        assert report.mismatched
        assert store.rebuild() == len(report.mismatched)
        assert {k: store.card_state(k) for k in states} == states
        assert store.doctor().healthy
    assert (tmp_path / "s.before-rebuild.sqlite3").exists()


def test_two_processes_opening_a_new_store_at_once(tmp_path: Path) -> None:
    """Both create/migrate the same new file; neither fails, the schema is made once."""
    path = tmp_path / "s.sqlite3"
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from studykit.study.store import Store;"
        "go = Path(sys.argv[3])\n"
        "while not go.exists(): time.sleep(0.001)\n"
        "Store.at(sys.argv[2]).close()"
    )
    go = tmp_path / "go"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(TESTS_DIR), str(path), str(go)])
        for _ in range(3)
    ]
    time.sleep(0.3)
    go.touch()
    assert [p.wait(timeout=60) for p in processes] == [0, 0, 0]
    with Store.at(path) as store:
        assert store.schema_version == SCHEMA_VERSION
