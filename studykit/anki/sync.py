"""One review history, two front ends: merge studykit's store with an Anki collection.

`sync_collection` (for `studykit anki-sync`) works both ways on a desktop collection:

- notes are matched to studykit cards by the GUID the export gives them (`note_guid`);
  every other note is left alone;
- Anki → studykit: review-log entries not yet in the store become reviews (origin
  'anki', keyed by Anki's review id, so a second run adds nothing), and their cards are
  replayed by the store (`Store.replay`, the code behind `doctor --rebuild`); both logs
  are merged in time order, so the result does not depend on which side came first;
- studykit → Anki: answers not yet in Anki's review log are added to it (with their own
  time as id), and every card either side answered gets studykit's schedule (type,
  queue, due, interval, remaining steps, FSRS memory state) through `update_cards`;
- suspended, buried and filtered-deck cards keep their state on both sides and are
  reported.

Safety (see `collection_file`): the collection is refused while another process has it
open, a copy is made before any write (the last `BACKUPS_KEPT` are kept), the Anki
writes run in one Anki transaction and the store's in one SQLite transaction, committed
last; if anything fails, both are rolled back and the collection is restored from the
copy.

`import_package` (for `studykit anki-import`) does the Anki → studykit half for a
package exported from Anki with scheduling (`.apkg`, `.colpkg`), read through a
temporary collection. The `anki` package is imported only here, when needed.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studykit.anki.anki_schedule import AnkiDays, apply_state, revlog_rows
from studykit.anki.collection_file import (
    BACKUPS_KEPT,
    COLLECTION_NAME,
    AnkiSyncError,
    backup_collection,
    check_not_in_use,
    database,
    find_collection,
    open_collection,
    prune_backups,
    require_anki,
    restore_collection,
)
from studykit.anki.export import note_guid
from studykit.content.cards import Card
from studykit.study.scheduling import CardState, Rating
from studykit.study.store import Store, from_ms, to_ms

if TYPE_CHECKING:
    from anki.collection import Collection

ANKI_ORIGIN = "anki"
"""`reviews.origin` of an answer given in Anki."""
_STUDIED_KINDS = (0, 1, 2)
"""Anki review-log kinds that are answers which schedule a card (learn, review,
relearn). Filtered-deck previews (3), manual changes (4) and reschedules (5) are not."""


@dataclass(slots=True)
class SyncReport:
    """What a sync (or an import) did; `to_json` is the `--json` output."""

    collection: str
    backup: str | None = None
    notes_matched: int = 0
    """Notes of the collection that are studykit cards."""
    notes_not_found: int = 0
    """Notes of studykit's note types whose card is in no deck studykit knows."""
    cards_not_in_anki: int = 0
    """Cards answered in studykit that have no note in the collection."""
    reviews_imported: int = 0
    reviews_exported: int = 0
    cards_rescheduled: int = 0
    """Cards whose schedule was replayed in studykit (answers from Anki)."""
    cards_updated_in_anki: int = 0
    """Cards whose schedule was set in Anki to studykit's."""
    entries_ignored: int = 0
    """Anki review-log entries that are no answer (manual reschedules, previews)."""
    suspended: list[str] = field(default_factory=list)
    """Cards suspended on one side only (`<card id> (in Anki|in studykit)`): left so."""
    buried: list[str] = field(default_factory=list)
    """Answered cards buried on either side: burial kept."""
    filtered: list[str] = field(default_factory=list)
    """Answered cards in an Anki filtered deck: their Anki schedule was not changed."""

    @property
    def changed(self) -> bool:
        return bool(self.reviews_imported or self.reviews_exported or self.cards_updated_in_anki)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------ matching


@dataclass(frozen=True, slots=True)
class _Known:
    """A studykit card as the store has it."""

    numeric: int
    text_id: str
    deck: str
    fact: str
    suspended: bool
    buried_until: int | None


@dataclass(frozen=True, slots=True)
class _AnkiCard:
    id: int
    queue: int
    filtered: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    """One Anki review-log entry that is an answer."""

    id: int
    card: int
    rating: int
    duration_ms: int


def _guid_of(text_id: str, deck: str, fact: str) -> str:
    """The GUID the export gives this card's note (the export's own function)."""
    direction = text_id.rsplit("/", 1)[-1]
    card = Card(
        id=text_id, deck=deck, fact=fact, direction=direction, kind="basic", front="", back=""
    )
    return note_guid(card)


def _known_cards(store: Store) -> dict[str, _Known]:
    rows = store.connection.execute(
        "SELECT id, text_id, deck, fact, suspended, buried_until FROM cards"
    ).fetchall()
    return {
        _guid_of(text_id, deck, fact): _Known(numeric, text_id, deck, fact, bool(s), buried)
        for numeric, text_id, deck, fact, s, buried in rows
    }


def register_cards(store: Store, col: Collection, cards: Sequence[Card], now: datetime) -> None:
    """Register in the store the decks of `cards` that have notes in the collection
    but are not known to the store yet, as the quiz does when it starts on them."""
    guids = {guid for (guid,) in database(col).execute("SELECT guid FROM notes")}
    with store.guard():
        known = {row[0] for row in store.connection.execute("SELECT text_id FROM cards").fetchall()}
    decks = sorted(
        {card.deck for card in cards if card.id not in known and note_guid(card) in guids}
    )
    if decks:
        store.sync_cards([card for card in cards if card.deck in decks], now, decks=decks)


def _match(col: Collection, known: dict[str, _Known]) -> tuple[dict[int, _Known], int]:
    """Anki card id → studykit card (each note's first card), and how many notes of
    studykit's note types match no studykit card."""
    from studykit.anki.notetypes import NOTE_TYPES

    ours = {note_type.model_id for note_type in NOTE_TYPES.values()}
    by_note: dict[int, _Known] = {}
    unknown = 0
    for note_id, guid, model in database(col).execute("SELECT id, guid, mid FROM notes"):
        card = known.get(guid)
        if card is not None:
            by_note[note_id] = card
        elif model in ours:
            unknown += 1
    matched: dict[int, _Known] = {}
    seen: set[int] = set()
    for card_id, note_id in database(col).execute("SELECT id, nid FROM cards ORDER BY nid, ord"):
        if note_id in by_note and note_id not in seen:
            seen.add(note_id)
            matched[card_id] = by_note[note_id]
    return matched, unknown


# ---------------------------------------------------------------------- the merge


@dataclass(slots=True)
class _Plan:
    """What a sync will write, worked out before anything is written."""

    imports: list[tuple[_Entry, _Known]] = field(default_factory=list)
    exports: list[tuple[int, int, int]] = field(default_factory=list)
    """(store review id, Anki card id, Anki review id) of answers Anki lacks."""


def _read_revlog(
    col: Collection, matched: dict[int, _Known]
) -> tuple[list[_Entry], dict[int, int], int]:
    """Answers of matched cards, the card of every review id in the collection, and
    how many entries of matched cards are no answer."""
    entries: list[_Entry] = []
    card_of: dict[int, int] = {}
    ignored = 0
    for rid, cid, ease, kind, taken in database(col).execute(
        "SELECT id, cid, ease, type, time FROM revlog"
    ):
        card_of[rid] = cid
        if cid not in matched:
            continue
        if kind in _STUDIED_KINDS and 1 <= ease <= 4:
            entries.append(_Entry(rid, cid, ease, max(0, int(taken))))
        else:
            ignored += 1
    return entries, card_of, ignored


def _local_reviews(
    store: Store, numerics: set[int]
) -> tuple[dict[int, list[tuple[int, int, int | None]]], set[int]]:
    """Per card: (review id, reviewed_at ms, anki_id) of its answers; every anki_id."""
    per_card: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    anki_ids: set[int] = set()
    for rid, card, at, anki_id in store.connection.execute(
        "SELECT id, card_id, reviewed_at, anki_id FROM reviews WHERE undone_at IS NULL"
    ):
        if anki_id is not None:
            anki_ids.add(anki_id)
        if card in numerics:
            per_card[card].append((rid, at, anki_id))
    return per_card, anki_ids


def _plan(
    entries: list[_Entry],
    revlog: dict[int, int],
    matched: dict[int, _Known],
    local: dict[int, list[tuple[int, int, int | None]]],
    store_anki_ids: set[int],
) -> _Plan:
    """Anki's answers the store lacks, and the store's answers Anki lacks with the
    review id each gets there (its time in ms, moved on by 1 ms while taken)."""
    plan = _Plan()
    plan.imports = [(e, matched[e.card]) for e in entries if e.id not in store_anki_ids]
    taken = set(revlog) | store_anki_ids
    anki_of = {card.numeric: cid for cid, card in matched.items()}
    for numeric, reviews in sorted(local.items()):
        cid = anki_of[numeric]
        for rid, at, anki_id in reviews:
            if anki_id is not None and revlog.get(anki_id) == cid:
                continue  # already in this collection
            if anki_id is not None and anki_id not in revlog:
                wanted = anki_id  # synced with another collection: the same id here
            else:
                wanted = at
                while wanted in taken:
                    wanted += 1
            taken.add(wanted)
            plan.exports.append((rid, cid, wanted))
    return plan


def _insert_imports(store: Store, imports: list[tuple[_Entry, _Known]]) -> set[int]:
    """Add Anki's answers to the store's log; returns the cards they belong to.

    Each answer's before/after states come from walking the card's whole merged log
    (both sides, in time order) with the scheduler, as if it had been answered here."""
    db = store.connection
    by_card: dict[int, list[tuple[_Entry, _Known]]] = defaultdict(list)
    for entry, card in imports:
        by_card[card.numeric].append((entry, card))
    rows = []
    for numeric, new in by_card.items():
        existing = db.execute(
            "SELECT reviewed_at, rating, id FROM reviews WHERE card_id = ? AND undone_at IS NULL",
            (numeric,),
        ).fetchall()
        merged: list[tuple[int, int, int, _Entry | None]] = [
            (at, 0, rid, None) for at, _, rid in existing
        ]
        ratings = {rid: rating for _, rating, rid in existing}
        merged += [(e.id, 1, e.id, e) for e, _ in new]
        merged.sort(key=lambda item: item[:3])
        state = CardState(card_id=numeric)
        card = new[0][1]
        for at, _, rid, answer in merged:
            rating = Rating(answer.rating if answer is not None else ratings[rid])
            after = store.scheduler.review(state, rating, from_ms(at))
            if answer is not None:
                rows.append(_review_row(card, answer, state, after))
            state = after
    db.executemany(
        "INSERT INTO reviews (card_id, deck, fact, rating, reviewed_at, duration_ms, "
        "state_before, state_after, before, after, typed_answer, scheduled_days, anki_id, "
        "origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        rows,
    )
    return set(by_card)


def _review_row(
    card: _Known, entry: _Entry, before: CardState, after: CardState
) -> tuple[Any, ...]:
    scheduled = None
    if before.due is not None and before.last_review is not None:
        scheduled = (before.due - before.last_review) / timedelta(days=1)
    return (
        card.numeric,
        card.deck,
        card.fact,
        entry.rating,
        entry.id,
        entry.duration_ms,
        before.state_code,
        after.state_code,
        _state_json(before),
        _state_json(after),
        scheduled,
        entry.id,
        ANKI_ORIGIN,
    )


def _state_json(state: CardState) -> str:
    return json.dumps(state.to_dict(), sort_keys=True, separators=(",", ":"))


# -------------------------------------------------------------------- the whole sync

FailPoint = Callable[[str], None]
"""Called at each step with its name; tests raise in it to simulate a failure."""


def sync_collection(
    store: Store,
    path: Path,
    *,
    cards: Sequence[Card] = (),
    now: datetime | None = None,
    fail_point: FailPoint | None = None,
) -> SyncReport:
    """Merge the store's review history with the collection at `path`, both ways.

    `cards` (optional) are the cards of the decks studykit knows: decks that have notes
    in the collection but no cards in the store yet are registered first.

    Raises:
        AnkiSyncError: no collection there, in use, or unreadable; the `anki` package
            is missing. Nothing was changed.
        StoreError: the store cannot be written. Nothing was changed.
    """
    path = find_collection(Path(path))
    now = now or datetime.now(UTC)
    require_anki()
    check_not_in_use(path)
    # before the `anki` package opens it: a second SQLite library in this process must
    # never touch the file while Anki's holds it (closing its handle would drop Anki's lock)
    backup = backup_collection(path, now)
    report = SyncReport(collection=str(path), backup=str(backup))
    try:
        with open_collection(path) as col:
            if cards:
                register_cards(store, col, cards, now)
            _sync(store, col, report, now, fail_point, export=True)
    except BaseException as failure:
        try:  # closed by now; a no-op copy if nothing had been written
            restore_collection(backup, path)
        except (OSError, sqlite3.Error) as exc:
            raise AnkiSyncError(
                f"the sync failed ({failure}) and the collection could not be restored "
                f"({exc}): copy {backup} over {path} by hand before opening Anki"
            ) from failure
        raise
    if report.changed:
        prune_backups(path)
    else:  # nothing written: a run with nothing to do leaves no trace
        backup.unlink()
        report.backup = None
    return report


def import_package(
    store: Store,
    package: Path,
    *,
    cards: Sequence[Card] = (),
    now: datetime | None = None,
    fail_point: FailPoint | None = None,
) -> SyncReport:
    """Add the answers in an Anki package with scheduling (`.apkg`, `.colpkg`) to the
    store (Anki → studykit only); the package is read into a temporary collection.

    Raises:
        AnkiSyncError: the file is missing or not an Anki package (exit 2).
    """
    package = Path(package)
    if not package.is_file():
        raise AnkiSyncError(f"{package} does not exist", 2)
    if package.suffix.lower() not in (".apkg", ".colpkg"):
        raise AnkiSyncError(
            f"{package} is not an Anki package (.apkg or .colpkg exported from Anki)", 2
        )
    now = now or datetime.now(UTC)
    require_anki()
    report = SyncReport(collection=str(package))
    with (
        tempfile.TemporaryDirectory(prefix="studykit-anki-import-") as folder,
        open_collection(Path(folder) / COLLECTION_NAME) as col,
    ):
        _load_package(col, package)
        if cards:
            register_cards(store, col, cards, now)
        _sync(store, col, report, now, fail_point, export=False)
    return report


def _load_package(col: Collection, package: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.errors import AnkiException

    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(with_scheduling=True),
            )
        )
    except AnkiException as exc:
        raise AnkiSyncError(f"cannot read the Anki package {package}: {exc}", 2) from exc


def _sync(
    store: Store,
    col: Collection,
    report: SyncReport,
    now: datetime,
    fail_point: FailPoint | None,
    *,
    export: bool,
) -> None:
    """The merge: the store's writes in one transaction, committed after Anki's."""
    fail = fail_point or (lambda step: None)
    with store.guard():
        known = _known_cards(store)
    matched, report.notes_not_found = _match(col, known)
    report.notes_matched = len(matched)
    entries, revlog, report.entries_ignored = _read_revlog(col, matched)
    numerics = {card.numeric for card in matched.values()}
    anki_cards = _anki_cards(col, matched)
    with store.transaction():
        local, store_anki_ids = _local_reviews(store, numerics)
        report.cards_not_in_anki = _answered_elsewhere(store, numerics)
        plan = _plan(entries, revlog, matched, local if export else {}, store_anki_ids)
        replayed = _insert_imports(store, plan.imports)
        fail("imported")
        report.reviews_imported = len(plan.imports)
        report.cards_rescheduled = store.replay(replayed)
        fail("replayed")
        touched = replayed | {matched[cid].numeric for _, cid, _ in plan.exports}
        _report_states(report, matched, anki_cards, touched, now, export)
        if export and (plan.exports or touched):
            store.connection.executemany(
                "UPDATE reviews SET anki_id = ? WHERE id = ?",
                [(anki_id, rid) for rid, _, anki_id in plan.exports],
            )
            report.cards_updated_in_anki = _write_anki(
                store, col, plan, matched, anki_cards, touched, fail
            )
            report.reviews_exported = len(plan.exports)
        fail("before-commit")


def _anki_cards(col: Collection, matched: dict[int, _Known]) -> dict[int, _AnkiCard]:
    result = {}
    for cid, queue, odid in database(col).execute("SELECT id, queue, odid FROM cards"):
        if cid in matched:
            result[cid] = _AnkiCard(cid, queue, odid != 0)
    return result


def _answered_elsewhere(store: Store, numerics: set[int]) -> int:
    answered = {
        card
        for (card,) in store.connection.execute(
            "SELECT DISTINCT card_id FROM reviews WHERE undone_at IS NULL"
        )
    }
    return len(answered - numerics)


def _report_states(
    report: SyncReport,
    matched: dict[int, _Known],
    anki_cards: dict[int, _AnkiCard],
    touched: set[int],
    now: datetime,
    export: bool,
) -> None:
    now_ms = to_ms(now)
    for cid, card in sorted(matched.items(), key=lambda item: item[1].text_id):
        anki = anki_cards[cid]
        if (anki.queue == -1) != card.suspended:
            where = "in Anki" if anki.queue == -1 else "in studykit"
            report.suspended.append(f"{card.text_id} ({where})")
        if card.numeric not in touched:
            continue
        if anki.queue in (-2, -3) or (card.buried_until or 0) > now_ms:
            report.buried.append(card.text_id)
        if export and anki.filtered:
            report.filtered.append(card.text_id)


def _write_anki(
    store: Store,
    col: Collection,
    plan: _Plan,
    matched: dict[int, _Known],
    anki_cards: dict[int, _AnkiCard],
    touched: set[int],
    fail: FailPoint,
) -> int:
    """Add the exported answers to Anki's log and set the touched cards' schedules,
    in one Anki transaction (rolled back by Anki if anything in it fails)."""
    days = AnkiDays(today=col.sched.today, cutoff=col.sched.day_cutoff)
    revlog = revlog_rows(store, plan.exports, days)
    to_update = []
    for cid, card in matched.items():
        if card.numeric in touched and not anki_cards[cid].filtered:
            state = store.card_state(card.text_id)
            if state.state == "new":
                continue
            anki_card = col.get_card(cid)  # type: ignore[arg-type]
            apply_state(anki_card, state, store, days)
            to_update.append(anki_card)

    def write() -> None:
        # the anki package has no call that adds a review-log entry with its own time:
        # rows are inserted as Anki writes them, values Check Database accepts
        database(col).executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            revlog,
        )
        fail("anki-revlog")
        if to_update:
            col.update_cards(to_update, skip_undo_entry=True)
        fail("anki-cards")

    database(col).transact(write)
    return len(to_update)


__all__ = [
    "ANKI_ORIGIN",
    "BACKUPS_KEPT",
    "AnkiSyncError",
    "SyncReport",
    "backup_collection",
    "check_not_in_use",
    "find_collection",
    "import_package",
    "restore_collection",
    "sync_collection",
]
