"""How long `studykit anki-sync` takes on 10,000 reviews, with the real `anki` package.

The built-in decks are exported and imported into a new Anki collection. Then:

1. studykit → Anki: a store holding 10,000 answers (spread over the built-in cards and
   60 days) is synced with the collection: every answer is added to Anki's review log
   and every answered card's schedule is set in Anki;
2. Anki → studykit: a new store with the same cards is synced with that collection:
   10,000 answers are imported and their cards replayed;
3. a second sync right after (nothing to do);
4. the whole `studykit anki-sync` command for step 1, in a child process.

Baselines measured in the same run: opening and closing the collection with `anki`
(reading its 10,000-entry review log), and `Store.rebuild` (`doctor --rebuild`) on the 10,000-answer
store, and `studykit decks` (start-up and loading the decks) for the command. Run:
`.venv/bin/python bench/anki_sync.py`.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studykit.anki import export_package
from studykit.anki.sync import sync_collection
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.store import Store

REVIEWS = 10_000
START = datetime(2026, 1, 5, 19, 0, tzinfo=UTC)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    # bench/ holds a queue.py that would hide the standard library's (urllib3 needs it)
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    decks = [loaded.deck for loaded in load_decks([])]
    cards = generate_cards(decks)
    rng = random.Random(19)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        package = root / "builtin.apkg"
        export_package(package, decks, cards, now=START.timestamp() - 86_400)
        collection = root / "profile" / "collection.anki2"
        collection.parent.mkdir()
        col = Collection(str(collection))
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        col.close()

        store = Store.at(root / "desk.sqlite3")
        store.save_settings(SchedulerSettings(timezone="UTC"))
        store.sync_cards(cards, START)
        store.connection.execute("PRAGMA synchronous = OFF")  # building only
        per_card = -(-REVIEWS // len(cards))
        answered = 0
        for round_ in range(per_card):
            for index, card in enumerate(cards):
                if answered == REVIEWS:
                    break
                moment = START + timedelta(days=round_ * 60 / per_card, seconds=index * 7)
                rating = Rating.AGAIN if rng.random() < 0.1 else Rating.GOOD
                store.answer(card.id, rating, moment, 5000)
                answered += 1
        store.connection.execute("PRAGMA synchronous = FULL")
        print(f"{len(cards)} cards, {answered} answers in studykit")

        def open_and_read() -> int:
            opened = Collection(str(collection))
            count = len(opened.db.all("SELECT id, cid, ease, type, time FROM revlog"))
            opened.close()
            return int(count)

        base_rebuild, _ = timed(store.rebuild)
        export_s, exported = timed(lambda: sync_collection(store, collection))
        base_open, read = timed(open_and_read)
        store.close()
        print(
            f"baseline: open collection, read its {read} review-log rows, close "
            f"{base_open * 1000:7.0f} ms; "
            f"doctor --rebuild (10,000 answers) {base_rebuild * 1000:7.0f} ms"
        )
        print(
            f"sync studykit -> Anki: {export_s * 1000:7.0f} ms "
            f"({exported.reviews_exported} answers exported, "
            f"{exported.cards_updated_in_anki} cards set in Anki)"
        )

        phone = Store.at(root / "phone.sqlite3")
        phone.save_settings(SchedulerSettings(timezone="UTC"))
        phone.sync_cards(cards, START)
        import_s, imported = timed(lambda: sync_collection(phone, collection))
        print(
            f"sync Anki -> studykit: {import_s * 1000:7.0f} ms "
            f"({imported.reviews_imported} answers imported, "
            f"{imported.cards_rescheduled} cards replayed)"
        )
        again_s, again = timed(lambda: sync_collection(phone, collection))
        phone.close()
        print(
            f"second sync (nothing to do): {again_s * 1000:7.0f} ms "
            f"(imported {again.reviews_imported}, exported {again.reviews_exported})"
        )
        print(
            f"ratios to the baselines: export {export_s / base_open:5.1f}x open, "
            f"import {import_s / base_rebuild:5.1f}x rebuild"
        )

        # the whole command (Python start, loading the built-in decks, the sync) on a copy
        # of the collection as it was before any sync, with the 10,000-answer store
        home = root / "home"
        (home / "profiles").mkdir(parents=True)
        shutil.copy(root / "desk.sqlite3", home / "profiles" / "default.sqlite3")
        fresh = root / "fresh"
        fresh.mkdir()
        col = Collection(str(fresh / "collection.anki2"))
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        col.close()
        command = [str(Path(sys.executable).parent / "studykit"), "anki-sync", str(fresh)]
        env = {**os.environ, "STUDYKIT_HOME": str(home)}
        decks_s, _ = timed(
            lambda: subprocess.run([command[0], "decks"], env=env, check=True, capture_output=True)
        )
        cli_s, _ = timed(lambda: subprocess.run(command, env=env, check=True, capture_output=True))
        print(
            f"studykit anki-sync (10,000 answers to Anki): {cli_s * 1000:7.0f} ms; "
            f"baseline studykit decks {decks_s * 1000:7.0f} ms"
        )


if __name__ == "__main__":
    main()
