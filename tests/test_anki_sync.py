"""`studykit anki-sync` / `anki-import` against the real `anki` package on simulated days.

A student imports studykit's package into Anki, studies in Anki (its own scheduler, on
days set by libfaketime in a child process) and in studykit (the store, with the clock
as a parameter), some cards on both; then syncs with the real command line.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from anki_clock import python_at, run_at, study_in_anki
from conftest import SMALL_DECK

from studykit.anki import export_package, note_guid
from studykit.anki.sync import AnkiSyncError, SyncReport, import_package, sync_collection
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.paths import store_path
from studykit.study.migrations import MIGRATIONS, SCHEMA_VERSION
from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.store import Store, from_ms

ROOT = "TCM::Scalp acupuncture"
DAY0 = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
SETTINGS = SchedulerSettings(enable_fuzzing=False, timezone="UTC")
"""Day boundaries as Anki has them in the child processes (TZ=UTC, rollover 04:00)."""

SETUP = """
import sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[1])
col.set_config("fsrs", True)
col.import_anki_package(ImportAnkiPackageRequest(
    package_path=sys.argv[2], options=ImportAnkiPackageOptions(with_scheduling=True)))
own = col.new_note(col.models.by_name("Basic"))  # a note of the student's own
own["Front"], own["Back"] = "my own question", "my own answer"
own.guid = "own-note"
col.add_note(own, col.decks.id_for_name("Default"))
col.decks.select(col.decks.id_for_name("Default"))
col.sched.answerCard(col.sched.getCard(), 3)  # studied in Anki: its log must stay Anki's
col.close()
print("{}")
"""

DUMP = """
import json, sys
from anki.collection import Collection
col = Collection(sys.argv[1])
cards = {}
for cid, guid in col.db.all("select c.id, n.guid from cards c join notes n on n.id = c.nid"):
    c = col.get_card(cid)
    cards[guid] = {
        "id": cid, "type": c.type, "queue": c.queue, "due": c.due, "ivl": c.ivl,
        "reps": c.reps, "lapses": c.lapses, "left": c.left,
        "stability": c.memory_state.stability if c.memory_state else None,
        "difficulty": c.memory_state.difficulty if c.memory_state else None,
        "last_review": c.last_review_time,
    }
revlog = col.db.all(
    "select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id")
out = {"cards": cards, "revlog": revlog, "today": col.sched.today, "cutoff": col.sched.day_cutoff}
if len(sys.argv) > 2:
    out["check"] = col.fix_integrity()
col.close()
print(json.dumps(out))
"""

HOLD = """
import sys, time
from anki.collection import Collection
col = Collection(sys.argv[1])
col.sched.today
print("open", flush=True)
sys.stdin.readline()
col.close()
"""


def tiny_cards(deck_file: Path) -> tuple[list[Any], list[Card]]:
    decks = [loaded.deck for loaded in load_decks([deck_file], with_builtins=False)]
    return decks, generate_cards(decks)


def make_student(base: Path) -> dict[str, Any]:
    """In `base`: a collection with studykit's package imported (on day 0) and a store
    with the same cards registered; nothing studied yet."""
    base.mkdir(parents=True, exist_ok=True)
    deck = base / "tiny.yaml"
    deck.write_text(SMALL_DECK, encoding="utf-8")
    decks, cards = tiny_cards(deck)
    package = base / "tiny.apkg"
    export_package(package, decks, cards, now=DAY0.timestamp() - 3600)
    folder = base / "Anki2" / "User 1"
    folder.mkdir(parents=True)
    python_at(DAY0, SETUP, str(folder / "collection.anki2"), str(package))
    store = Store.at(store_path(base / "home", "default"))
    store.save_settings(SETTINGS)
    store.sync_cards(cards, DAY0)
    store.close()
    return student_in(base, cards)


def student_in(base: Path, cards: list[Card]) -> dict[str, Any]:
    folder = base / "Anki2" / "User 1"
    return {
        "folder": folder,
        "collection": folder / "collection.anki2",
        "home": base / "home",
        "cards": cards,
        "deck": base / "tiny.yaml",
        "package": base / "tiny.apkg",
    }


@pytest.fixture
def student(tmp_path: Path) -> dict[str, Any]:
    return make_student(tmp_path / "student")


@pytest.fixture(scope="module")
def studied_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A student who studied four days on both sides (made once per module)."""
    base = tmp_path_factory.mktemp("studied") / "student"
    template = make_student(base)
    return base, {"student": template, "studied": study_both(template)}


@pytest.fixture
def studied(
    tmp_path: Path, studied_template: tuple[Path, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, int]]:
    """A copy of the studied student for one test, and how many answers each side gave."""
    base, made = studied_template
    copy = tmp_path / "student"
    shutil.copytree(base, copy)
    return student_in(copy, made["student"]["cards"]), made["studied"]


def open_store(student: dict[str, Any]) -> Store:
    return Store.at(store_path(student["home"], "default"))


def dump_anki(collection: Path, moment: datetime, *, check: bool = False) -> dict[str, Any]:
    args = [str(collection), "check"] if check else [str(collection)]
    result: dict[str, Any] = python_at(moment, DUMP, *args)
    return result


def dump_store(student: dict[str, Any]) -> dict[str, list[Any]]:
    with sqlite3.connect(store_path(student["home"], "default")) as db:
        return {
            "reviews": db.execute("SELECT * FROM reviews ORDER BY id").fetchall(),
            "cards": db.execute("SELECT * FROM cards ORDER BY id").fetchall(),
        }


def anki_sync_at(
    moment: datetime, student: dict[str, Any], *extra: str
) -> subprocess.CompletedProcess[str]:
    studykit = str(Path(sys.executable).parent / "studykit")
    return run_at(
        moment,
        [studykit, "anki-sync", str(student["folder"]), str(student["deck"]), *extra],
        STUDYKIT_HOME=str(student["home"]),
        NO_COLOR="1",
    )


def study_both(student: dict[str, Any]) -> dict[str, int]:
    """Four days: Anki answers the first cards of its queue each day, studykit answers
    others and some of the same; returns how many answers each side gave."""
    cards: list[Card] = student["cards"]
    by_guid = {note_guid(card): card for card in cards}
    anki_answers = local_answers = 0
    anki_cards: set[str] = set()
    for day in range(4):
        moment = DAY0 + timedelta(days=day)
        answered = study_in_anki(moment, student["collection"], ROOT, [3, 3, 1, 4], 6)
        anki_answers += len(answered)
        guids = dump_anki(student["collection"], moment)["cards"]
        anki_of = {info["id"]: guid for guid, info in guids.items()}
        anki_cards |= {by_guid[anki_of[cid]].id for cid in answered}
        with open_store(student) as store:
            at = moment + timedelta(hours=1)
            # two cards Anki never shows first, and (from day 1) two Anki answered too
            mine = [cards[-1].id, cards[-2].id]
            if day:
                mine += sorted(anki_cards)[:2]
            for index, card_id in enumerate(mine):
                store.answer(card_id, Rating.GOOD, at + timedelta(minutes=index), 4000)
                local_answers += 1
    return {"anki": anki_answers, "local": local_answers, "anki_cards": len(anki_cards)}


def test_sync_merges_both_histories_once_and_agrees_on_every_card(
    studied: tuple[dict[str, Any], dict[str, int]],
) -> None:
    student, counts = studied
    sync_day = DAY0 + timedelta(days=4, hours=1)
    before = dump_anki(student["collection"], sync_day)
    own_card = before["cards"]["own-note"]["id"]
    own_log = [row for row in before["revlog"] if row[1] == own_card]
    assert len(own_log) == 1
    anki_answers = [row for row in before["revlog"] if row[1] != own_card]
    assert len(anki_answers) == counts["anki"] > 0

    done = anki_sync_at(sync_day, student, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["reviews_imported"] == counts["anki"]
    assert report["reviews_exported"] == counts["local"]
    assert report["notes_matched"] == len(student["cards"])
    assert Path(report["backup"]).is_file()

    after = dump_anki(student["collection"], sync_day)
    assert after["cards"]["own-note"] == before["cards"]["own-note"]  # not a studykit note
    assert [row for row in after["revlog"] if row[1] == own_card] == own_log
    after["revlog"] = [row for row in after["revlog"] if row[1] != own_card]
    with open_store(student) as store:
        rows = store.connection.execute(
            "SELECT card_id, reviewed_at, rating, anki_id, origin FROM reviews "
            "WHERE undone_at IS NULL"
        ).fetchall()
        # every review exactly once on each side, the same set on both
        assert len(rows) == counts["anki"] + counts["local"]
        assert sum(origin == "anki" for *_, origin in rows) == counts["anki"]
        assert len(after["revlog"]) == len(rows)
        assert sorted(row[3] for row in rows) == [row[0] for row in after["revlog"]]
        assert len({row[0] for row in after["revlog"]}) == len(rows)
        ratings = {anki_id: rating for _, _, rating, anki_id, _ in rows}
        assert all(ratings[rid] == ease for rid, _, ease, *_ in after["revlog"])
        # the states agree on every answered card
        answered = {card_id for card_id, *_ in rows}
        for card in student["cards"]:
            if card.numeric not in answered:
                continue
            mine = store.card_state(card.id)
            theirs = after["cards"][note_guid(card)]
            assert mine.due is not None
            assert theirs["type"] == {"learning": 1, "review": 2, "relearning": 3}[mine.state]
            assert theirs["reps"] == mine.reps
            assert theirs["lapses"] == mine.lapses
            # Anki keeps the memory state rounded (card data: stability and difficulty
            # to a few decimals)
            assert theirs["stability"] == pytest.approx(mine.stability, rel=1e-3, abs=1e-3)
            assert theirs["difficulty"] == pytest.approx(mine.difficulty, abs=0.006)
            assert mine.last_review is not None
            assert theirs["last_review"] == int(mine.last_review.timestamp())
            if theirs["queue"] == 1:
                assert theirs["due"] == int(mine.due.timestamp())
            else:
                day = (
                    after["today"]
                    + (int(mine.due.timestamp()) - (after["cutoff"] - 86400)) // 86400
                )
                assert theirs["due"] == day
        assert store.doctor().healthy
        merged = store.connection.execute(
            "SELECT c.text_id, r.rating, r.reviewed_at FROM reviews r "
            "JOIN cards c ON c.id = r.card_id ORDER BY r.reviewed_at, r.id"
        ).fetchall()
        synced = {card.id: store.card_state(card.id) for card in student["cards"]}

    # the same answers all given in studykit, in time order, give the same schedules:
    # the result does not depend on which side each answer was given on
    with Store.at(student["home"] / "one-side.sqlite3") as alone:
        alone.save_settings(SETTINGS)
        alone.sync_cards(student["cards"], DAY0)
        for text_id, rating, at in merged:
            alone.answer(text_id, Rating(rating), from_ms(at), 1000)
        assert {card.id: alone.card_state(card.id) for card in student["cards"]} == synced

    # a second run right after changes nothing on either side
    store_before = dump_store(student)
    again = anki_sync_at(sync_day + timedelta(minutes=5), student, "--json")
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert (second["reviews_imported"], second["reviews_exported"]) == (0, 0)
    assert second["cards_updated_in_anki"] == 0
    assert second["backup"] is None
    assert len(list((student["folder"] / "studykit-backups").iterdir())) == 1
    assert dump_store(student) == store_before
    final = dump_anki(student["collection"], sync_day + timedelta(minutes=6), check=True)
    assert [row for row in final["revlog"] if row[1] != own_card] == after["revlog"]
    assert final["cards"] == after["cards"]
    problems, ok = final["check"]
    assert ok, problems  # Anki's Check Database finds nothing to fix


def test_text_report_says_what_was_done_and_then_nothing(
    studied: tuple[dict[str, Any], dict[str, int]],
) -> None:
    student, _ = studied
    moment = DAY0 + timedelta(days=4, hours=1)
    first = anki_sync_at(moment, student)
    assert first.returncode == 0, first.stderr
    assert "reviews imported from Anki: " in first.stdout
    assert "sync with AnkiWeb" in first.stdout
    second = anki_sync_at(moment + timedelta(minutes=1), student)
    assert "Nothing to do" in second.stdout


def test_a_collection_open_in_another_process_is_refused(student: dict[str, Any]) -> None:
    with open_store(student) as store:
        store.answer(student["cards"][0].id, Rating.GOOD, DAY0, 3000)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(student["collection"])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        assert Path(f"{student['collection']}-wal").exists()  # what Anki leaves while open
        store_before = dump_store(student)
        done = anki_sync_at(DAY0 + timedelta(hours=1), student)
        assert done.returncode == 1
        assert "open in another program" in done.stderr
        assert "Close Anki" in done.stderr
        assert "Traceback" not in done.stderr
        assert dump_store(student) == store_before
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=60)
    assert not (student["folder"] / "studykit-backups").exists()  # nothing was written


@pytest.mark.parametrize(
    "step", ["imported", "replayed", "anki-revlog", "anki-cards", "before-commit"]
)
def test_a_failure_mid_sync_leaves_both_sides_as_they_were(
    studied: tuple[dict[str, Any], dict[str, int]], step: str
) -> None:
    student, _ = studied
    moment = DAY0 + timedelta(days=4, hours=1)
    anki_before = dump_anki(student["collection"], moment)
    store_before = dump_store(student)

    def fail(at: str) -> None:
        if at == step:
            raise OSError(f"simulated failure at {at}")

    with open_store(student) as store, pytest.raises(OSError, match="simulated"):
        sync_collection(store, student["folder"], fail_point=fail)
    assert dump_store(student) == store_before
    assert dump_anki(student["collection"], moment) == anki_before
    # and a sync afterwards works
    with open_store(student) as store:
        report = sync_collection(store, student["folder"])
    assert report.reviews_imported > 0
    assert report.reviews_exported > 0


def test_backups_are_kept_few_and_made_only_when_something_is_written(
    student: dict[str, Any],
) -> None:
    folder = student["folder"] / "studykit-backups"
    with open_store(student) as store:
        for minute in range(7):
            moment = DAY0 + timedelta(minutes=minute)
            store.answer(student["cards"][minute].id, Rating.GOOD, moment, 1000)
            report = sync_collection(store, student["collection"], now=moment)
            assert report.reviews_exported == 1
            assert report.backup is not None
        assert len(list(folder.iterdir())) == 5
        assert (
            sync_collection(store, student["folder"], now=DAY0 + timedelta(hours=1)).backup is None
        )
    backups = sorted(folder.iterdir())
    assert len(backups) == 5
    assert backups[0].name.startswith("collection-20260302-190200")
    assert backups[-1].name.startswith("collection-20260302-190600")


def test_wrong_paths_are_clear_errors(student: dict[str, Any], tmp_path: Path) -> None:
    with open_store(student) as store:
        with pytest.raises(AnkiSyncError, match="does not exist") as missing:
            sync_collection(store, tmp_path / "nope")
        assert missing.value.exit_code == 2
        with pytest.raises(AnkiSyncError, match="name a profile folder") as base:
            sync_collection(store, student["folder"].parent)
        assert "User 1" in str(base.value)
        junk = tmp_path / "junk.anki2"
        junk.write_bytes(b"not a database at all, not at all" * 100)
        with pytest.raises(AnkiSyncError, match="not an Anki collection"):
            sync_collection(store, junk)


HIDE = """
import json, sys
from anki.collection import Collection
col = Collection(sys.argv[1])
suspend, bury, filtered = json.loads(sys.argv[2])
col.sched.suspend_cards([suspend])
col.sched.bury_cards([bury], manual=True)
deck = col.sched.get_or_create_filtered_deck(deck_id=0)
deck.name = "Cram"
del deck.config.search_terms[1:]
deck.config.search_terms[0].search = f"cid:{filtered}"
col.sched.add_or_update_filtered_deck(deck)
col.close()
print("{}")
"""


def test_suspended_buried_and_filtered_cards_are_reported_and_kept(
    student: dict[str, Any],
) -> None:
    answered = study_in_anki(DAY0, student["collection"], ROOT, [3], 3)
    suspended, buried, filtered = answered
    python_at(DAY0 + timedelta(hours=1), HIDE, str(student["collection"]), json.dumps(answered))
    cards: list[Card] = student["cards"]
    mine = cards[-1]
    with open_store(student) as store:
        for card in cards[-2:]:
            store.answer(card.id, Rating.GOOD, DAY0 + timedelta(hours=1), 2000)
        store.suspend(mine.id)
    moment = DAY0 + timedelta(hours=2)
    before = dump_anki(student["collection"], moment)["cards"]

    done = anki_sync_at(moment, student, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    after = dump_anki(student["collection"], moment)["cards"]
    guid_of = {info["id"]: guid for guid, info in after.items()}
    text_of = {note_guid(card): card.id for card in cards}
    assert report["suspended"] == sorted(
        [f"{text_of[guid_of[suspended]]} (in Anki)", f"{mine.id} (in studykit)"]
    )
    assert report["buried"] == [text_of[guid_of[buried]]]
    assert report["filtered"] == [text_of[guid_of[filtered]]]
    assert after[guid_of[suspended]]["queue"] == -1  # still suspended in Anki
    assert after[guid_of[buried]]["queue"] in (-2, -3)  # still buried
    assert after[guid_of[filtered]] == before[guid_of[filtered]]  # left to Anki
    assert after[note_guid(mine)]["queue"] != -1  # suspension not copied either way
    with open_store(student) as store:
        assert store.connection.execute(
            "SELECT suspended FROM cards WHERE id = ?", (mine.numeric,)
        ).fetchone() == (1,)
        suspended_text = text_of[guid_of[suspended]]
        assert store.connection.execute(
            "SELECT suspended FROM cards WHERE text_id = ?", (suspended_text,)
        ).fetchone() == (0,)
    text = anki_sync_at(moment + timedelta(minutes=1), student)
    assert "suspended on one side only (left as they are): 2:" in text.stdout


EXPORT_APKG = """
import sys
from anki.collection import Collection, ExportAnkiPackageOptions
col = Collection(sys.argv[1])
col.export_anki_package(out_path=sys.argv[2], options=ExportAnkiPackageOptions(
    with_scheduling=True, with_deck_configs=True, with_media=False, legacy=False), limit=None)
col.close()
print("{}")
"""


EXPORT_COLPKG = """
import sys
from anki.collection import Collection
col = Collection(sys.argv[1])
col.export_collection_package(sys.argv[2], include_media=False, legacy=False)
col.close()
print("{}")
"""


@pytest.mark.parametrize("kind", ["apkg", "colpkg"])
def test_anki_import_adds_phone_answers_once_to_a_new_store(
    student: dict[str, Any], tmp_path: Path, kind: str
) -> None:
    answered = []
    for day in range(3):
        moment = DAY0 + timedelta(days=day)
        answered += study_in_anki(moment, student["collection"], ROOT, [3, 1, 3], 5)
    package = tmp_path / f"phone.{kind}"
    script = EXPORT_APKG if kind == "apkg" else EXPORT_COLPKG
    python_at(DAY0 + timedelta(days=3), script, str(student["collection"]), str(package))
    studykit = str(Path(sys.executable).parent / "studykit")
    home = tmp_path / "phone-only"  # never opened the quiz: the deck is registered now

    def run() -> dict[str, Any]:
        done = subprocess.run(
            [studykit, "anki-import", str(package), str(student["deck"]), "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "STUDYKIT_HOME": str(home)},
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    first = run()
    assert first["reviews_imported"] == len(answered) > 0
    assert first["reviews_exported"] == 0
    assert first["notes_matched"] == len(student["cards"])
    with Store.at(store_path(home, "default")) as store:
        count = store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        assert count == len(answered)
        assert store.doctor().healthy
    assert run()["reviews_imported"] == 0


def test_anki_import_refuses_other_files(student: dict[str, Any], tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with open_store(student) as store, pytest.raises(AnkiSyncError) as error:
        import_package(store, text)
    assert error.value.exit_code == 2
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"PK not really a zip")
    with open_store(student) as store, pytest.raises(AnkiSyncError, match="cannot read"):
        import_package(store, broken)


def test_schema_3_upgrade_keeps_every_review(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            raw.execute(statement)
    raw.execute("PRAGMA user_version = 2")
    state = json.dumps({"card_id": 7, "state": "new"})
    raw.execute(
        "INSERT INTO cards (id, text_id, deck, fact, position, added_at) "
        "VALUES (7, 'd/f/x', 'd', 'f', 1, 0)"
    )
    for minute in range(3):
        raw.execute(
            "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
            "state_before, state_after, before, after) VALUES (7, 'd', 'f', 3, ?, 1, 0, 1, ?, ?)",
            (minute * 60_000, state, state),
        )
    raw.commit()
    before = raw.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    raw.close()
    with Store.at(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 3  # 4: study days (issue 15)
        rows = store.connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    assert [row[: len(before[0])] for row in rows] == before
    assert all(row[-2:] == (None, None) for row in rows)  # anki_id, origin


def test_reports_count_and_json_round_trip() -> None:
    report = SyncReport(collection="c", reviews_imported=2, suspended=["a (in Anki)"])
    assert report.changed
    assert json.loads(json.dumps(report.to_json()))["suspended"] == ["a (in Anki)"]
    assert not SyncReport(collection="c").changed


def test_without_the_anki_package_the_message_says_how_to_get_it(
    student: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # import fails as if missing
    with open_store(student) as store, pytest.raises(AnkiSyncError, match=r"studykit\[anki\]"):
        sync_collection(store, student["folder"])
    assert not (student["folder"] / "studykit-backups").exists()


def test_cli_errors_are_clear(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    missing = run_cli("anki-sync", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    folder = tmp_path / "empty-profile"
    folder.mkdir()
    empty = run_cli("anki-sync", str(folder))
    assert empty.returncode == 2
    assert "no Anki collection" in empty.stderr
    wrong = run_cli("anki-import", str(tmp_path / "nope.apkg"))
    assert wrong.returncode == 2
    assert "does not exist" in wrong.stderr


def test_notes_and_cards_without_a_match_are_counted_and_left_alone(
    student: dict[str, Any], tmp_path: Path
) -> None:
    study_in_anki(DAY0, student["collection"], ROOT, [3], 2)
    before = dump_anki(student["collection"], DAY0 + timedelta(hours=1))
    other = Card(
        id="elsewhere/fact/front",
        deck="elsewhere",
        fact="fact",
        direction="front",
        kind="basic",
        front="?",
        back="!",
    )
    with Store.at(tmp_path / "other.sqlite3") as store:  # knows none of the tiny deck
        store.sync_cards([other], DAY0)
        store.answer(other.id, Rating.GOOD, DAY0, 1000)
        report = sync_collection(store, student["folder"])
        assert report.notes_matched == 0
        assert report.notes_not_found == len(student["cards"])
        assert report.cards_not_in_anki == 1
        assert (report.reviews_imported, report.reviews_exported) == (0, 0)
        assert store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone() == (1,)
    assert dump_anki(student["collection"], DAY0 + timedelta(hours=1)) == before


def test_a_collection_without_studykit_notes_says_what_to_do_first(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    folder = tmp_path / "Anki2" / "User 1"
    folder.mkdir(parents=True)
    make = "import sys; from anki.collection import Collection; Collection(sys.argv[1]).close()"
    subprocess.run([sys.executable, "-c", make, str(folder / "collection.anki2")], check=True)
    done = run_cli("anki-sync", str(folder))
    assert done.returncode == 0, done.stderr
    assert "notes matched to studykit cards: 0" in done.stdout
    assert "import studykit's package into Anki first" in done.stdout
    assert "Nothing to do" in done.stdout


def test_anki_studies_on_from_the_schedules_a_sync_set(
    studied: tuple[dict[str, Any], dict[str, int]],
) -> None:
    student, counts = studied
    first = anki_sync_at(DAY0 + timedelta(days=4, hours=1), student, "--json")
    assert first.returncode == 0, first.stderr
    more = 0
    for day in (5, 7, 12):  # Anki's scheduler picks up the cards studykit rescheduled
        more += len(study_in_anki(DAY0 + timedelta(days=day), student["collection"], ROOT, [3], 30))
    assert more > 0
    moment = DAY0 + timedelta(days=12, hours=2)
    second = anki_sync_at(moment, student, "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["reviews_imported"] == more
    assert report["reviews_exported"] == 0
    final = dump_anki(student["collection"], moment, check=True)
    with open_store(student) as store:
        total = store.connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        assert store.doctor().healthy
    own = final["cards"]["own-note"]["id"]
    assert total == counts["anki"] + counts["local"] + more
    assert len([row for row in final["revlog"] if row[1] != own]) == total
    problems, ok = final["check"]
    assert ok, problems
