"""The review store's schema, as forward migrations keyed by `PRAGMA user_version`.

A new store runs every migration from the first, so the upgrade path that old stores
take is the path every test exercises. Statements are listed one by one (not run with
`executescript`, which would commit half-way) so a migration is all or nothing.

Times are integer milliseconds since the Unix epoch, UTC. Card states are codes:
0 new, 1 learning, 2 review, 3 relearning (`studykit.study.scheduling.STATE_NAMES`).
"""

from __future__ import annotations

APPLICATION_ID = 0x53544B31
"""`PRAGMA application_id` of a studykit store ("STK1"): tells ours from other SQLite files."""

V1: tuple[str, ...] = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE cards (
        id INTEGER PRIMARY KEY,          -- Card.numeric
        text_id TEXT NOT NULL UNIQUE,    -- deck/fact/direction
        deck TEXT NOT NULL,
        fact TEXT NOT NULL,
        position INTEGER NOT NULL,       -- order new cards are introduced in
        state INTEGER NOT NULL DEFAULT 0,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER,
        last_review INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL,
        removed_at INTEGER               -- fact gone from its deck: history kept, out of queue
    )""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        fact TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        state_before INTEGER NOT NULL,
        state_after INTEGER NOT NULL,
        before TEXT NOT NULL,            -- CardState JSON before the answer
        after TEXT NOT NULL,             -- CardState JSON after it
        typed_answer TEXT
    )""",
    "CREATE INDEX reviews_card ON reviews (card_id, id)",
    "CREATE INDEX cards_deck ON cards (deck, state)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
"""Schema version 1: cards, the append-only review log, settings."""

V2: tuple[str, ...] = (
    "ALTER TABLE cards ADD COLUMN buried_until INTEGER",
    "ALTER TABLE reviews ADD COLUMN undone_at INTEGER",
    "ALTER TABLE reviews ADD COLUMN scheduled_days REAL",
    # the interval the card had been given, for young/mature retention statistics
    """UPDATE reviews SET scheduled_days =
        julianday(json_extract(before, '$.due')) - julianday(json_extract(before, '$.last_review'))
        WHERE json_extract(before, '$.last_review') IS NOT NULL""",
    # covering indexes: statistics and today's answers never read the JSON columns
    """CREATE INDEX reviews_time ON reviews (reviewed_at, undone_at, state_before, rating,
        scheduled_days, card_id, deck, fact)""",
    "CREATE INDEX reviews_deck ON reviews (deck, undone_at)",
    "DROP INDEX cards_deck",
    "CREATE INDEX cards_deck ON cards (deck, state, suspended, removed_at)",
    "CREATE INDEX reviews_undone ON reviews (undone_at) WHERE undone_at IS NOT NULL",
    """CREATE INDEX cards_due ON cards (state, due, buried_until, deck, fact)
        WHERE removed_at IS NULL AND suspended = 0""",
    """CREATE INDEX cards_new ON cards (deck, position)
        WHERE state = 0 AND removed_at IS NULL AND suspended = 0""",
)
"""Schema version 2: undo marks, burying, scheduled interval per review, faster indexes."""

V3: tuple[str, ...] = (
    # the answer's id in an Anki collection's review log (epoch ms), once it is in one:
    # what makes `studykit anki-sync` and `anki-import` idempotent in both directions
    "ALTER TABLE reviews ADD COLUMN anki_id INTEGER",
    # where the answer was given: NULL in studykit, 'anki' in Anki (imported by a sync)
    "ALTER TABLE reviews ADD COLUMN origin TEXT",
    "CREATE UNIQUE INDEX reviews_anki ON reviews (anki_id) WHERE anki_id IS NOT NULL",
)
"""Schema version 3: answers exchanged with Anki (its review id, answers given in Anki)."""

REPLAY_FROM_KEY = "replay_from"
"""Settings key: the last review id scheduled under earlier rules or settings (0: none).

`studykit doctor` replays only the answers after it; `doctor --rebuild` replays all
of them with today's rules and sets it back to 0."""

V4: tuple[str, ...] = (
    # answers so far were scheduled in 24-hour periods with py-fsrs's fuzz: doctor takes
    # their logged results as given and replays only later answers
    f"""INSERT INTO settings (key, value) SELECT '{REPLAY_FROM_KEY}', COALESCE(MAX(id), 0)
        FROM reviews WHERE 1 ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
    # leeches: cards forgotten `leech_threshold` times (tagged, or suspended too)
    "ALTER TABLE cards ADD COLUMN leech INTEGER NOT NULL DEFAULT 0",
    # doctor replays the log card by card without reading the JSON columns
    """CREATE INDEX reviews_replay ON reviews (card_id, id, undone_at, rating, reviewed_at,
        origin)""",
    # ... which also serves a card's history and undo: one index fewer to write per answer
    "DROP INDEX reviews_card",
    # statistics of one deck: its answers by time, without the JSON columns
    "DROP INDEX reviews_deck",
    """CREATE INDEX reviews_deck ON reviews (deck, reviewed_at, undone_at, state_before,
        rating, scheduled_days)""",
)
"""Schema version 4: study-day scheduling (replay mark), leeches, faster doctor and stats."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (V1, V2, V3, V4)
"""`MIGRATIONS[n - 1]` upgrades a store from version n - 1 to n."""

SCHEMA_VERSION = len(MIGRATIONS)

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "REPLAY_FROM_KEY",
    "SCHEMA_VERSION",
    "V1",
    "V2",
    "V3",
    "V4",
]
