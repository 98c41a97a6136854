"""Cards → one Anki package (.apkg) that updates a student's collection in place.

Three things make a re-import safe:

- a note's GUID comes from the card's stable id (never from its text), so an edited fact
  updates its note instead of adding a duplicate;
- a note's `mod` changes only when its content does (see `lock`), so Anki's "update if
  newer" touches exactly the edited notes and keeps the student's own edits elsewhere;
- the note types have hard-coded, versioned ids (see `notetypes`).

The package is written with genanki's schema and note-type JSON, but notes and cards are
inserted in bulk into an in-memory database (no temporary file is left behind), and the
zip entries carry a fixed date, so exporting unchanged decks gives a byte-identical file.

Cards with head maps (`Card.figure`, `figure_choices`, `answer_figure`) get each map as an
SVG media file, referenced by its basename (`<img src="studykit-map-….svg">`) as Anki
requires. The basename carries a hash of the drawing, so a changed drawing changes the
note's fields, hence its content hash, and Anki updates the note.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.anki.lock import LockEntry, lock_path_for, read_lock, write_lock
from studykit.anki.notetypes import NOTE_TYPES, NoteType, stylesheet
from studykit.content.cards import Card
from studykit.errors import StudykitError
from studykit.models import Deck

MapMedia = Mapping[tuple[str, bool], str]
"""(zone ref, labelled) → the media basename of that map."""

DEFAULT_ROOT = "TCM::Scalp acupuncture"
"""Parent of every exported deck in Anki's deck list."""

Progress = Callable[[int, int], None]
"""Called as `progress(notes_written, notes_total)` while the package is written."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_URL = re.compile(r"&lt;(https?://[^\s&<>\"']+(?:&amp;[^\s&<>\"']+)*)&gt;")
_PROGRESS_STEP = 1000


class ExportError(StudykitError):
    """The package cannot be written (exit code 1), or was asked for wrongly (2)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    lock_path: Path
    notes: int
    added: int
    """Notes not in the lock file before."""
    changed: int
    """Notes whose content changed: Anki will update exactly these (and add the new ones)."""
    decks: tuple[str, ...]
    """Full Anki deck names, e.g. `TCM::Scalp acupuncture::Zhu's scalp acupuncture`."""

    @property
    def unchanged(self) -> int:
        return self.notes - self.added - self.changed


def deck_name(title: str, root: str = DEFAULT_ROOT) -> str:
    """The Anki deck name of a deck: `root::title` (a `::` inside the title is not a level)."""
    leaf = " ".join(title.replace("::", ":").split())
    return f"{root}::{leaf}" if root else leaf


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id derived from the studykit deck id (not from its title)."""
    digest = hashlib.blake2b(f"studykit-anki-deck:{deck_id}".encode(), digest_size=6).digest()
    return (1 << 31) + int.from_bytes(digest, "big")


def note_guid(card: Card) -> str:
    """The note's GUID: the card's stable numeric id (a hash of its text id) in hex.

    Never derived from the card's text, so an edited card keeps its note. Anki accepts any
    string as a GUID; hex is cheap and anyone can recompute it from the card id."""
    return format(card.numeric, "x")


def to_html(text: str) -> str:
    """Plain deck text → safe HTML content: `&`, `<`, `>` escaped, newlines as `<br>`.

    Quotes stay as they are (this is element content, never an attribute value); hanzi,
    tone marks and emoji are kept as they are."""
    if not ("&" in text or "<" in text or ">" in text or "\n" in text or "\r" in text):
        return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r\n", "\n")
        .replace("\n", "<br>")
    )


@functools.lru_cache(maxsize=4096)
def _source_html(text: str) -> str:
    """Like `to_html`, with `<https://...>` citations turned into links (cached: the
    cards of a fact share their citations)."""
    return _URL.sub(r'<a href="\1">\1</a>', to_html(text))


_MAP_HEIGHT = {False: "45vh", True: "22vh"}
"""Largest height of a card's map, and of each option map (four fit on a phone)."""


def _map_html(name: str | None, option: bool = False) -> str:
    """An `<img>` of a map's media file (nothing when the card has no such map)."""
    if not name:
        return ""
    style = f"max-width:100%;max-height:{_MAP_HEIGHT[option]}"
    return (
        f'<div class="sk-map"><img src="{html.escape(name)}" alt="head map" style="{style}"></div>'
    )


def _figure(media: MapMedia | None, ref: str | None, labels: bool, *, option: bool = False) -> str:
    return _map_html(media.get((ref, labels)) if media is not None and ref else None, option)


def _choices_html(card: Card, media: MapMedia | None = None) -> tuple[str, str]:
    """The options as a lettered list (the right one marked for the back) and the answer."""
    items: list[str] = []
    answer = to_html(card.back)
    maps = card.figure_choices if len(card.figure_choices) == len(card.choices) else ()
    for index, option in enumerate(card.choices):
        letter = chr(ord("A") + index)
        right = option in card.answers
        css = "sk-choice sk-right" if right else "sk-choice"
        drawing = _figure(media, maps[index], False, option=True) if maps else ""
        items.append(
            f'<li class="{css}"><span class="sk-letter">{letter}</span> {to_html(option)}'
            f"{drawing}</li>"
        )
        if right:
            answer = f'<span class="sk-letter">{letter}</span> {to_html(option)}'
    return f'<ol class="sk-choices">{"".join(items)}</ol>', answer


def note_type_for(card: Card, note_types: Mapping[str, NoteType] = NOTE_TYPES) -> NoteType:
    """The note type of a card (a cloze or choice card without its parts is basic)."""
    if (card.kind == "cloze" and not card.cloze) or (card.kind == "choice" and not card.choices):
        return note_types["basic"]
    return note_types[card.kind]


def note_fields(card: Card, note_type: NoteType, media: MapMedia | None = None) -> list[str]:
    """The HTML field values of a card's note, in the note type's field order.

    `media` names the map files (see `map_media`): the question's map goes on the front
    (unlabelled), the answer's on the back; without it no map is shown."""
    values = {
        "Front": to_html(card.cloze if note_type.cloze and card.cloze else card.front)
        + _figure(media, card.figure, False),
        "Back": to_html(card.back),
        "Answers": to_html("; ".join(card.answers)),
        "Source": _source_html(card.source),
        "Extra": to_html(card.extra),
        "Key": to_html(card.id),
    }
    if "Typed" in note_type.fields:
        values["Typed"] = to_html(card.answers[0] if card.answers else card.back)
    if "Choices" in note_type.fields:
        values["Choices"], values["Back"] = _choices_html(card, media)
    values["Back"] += _figure(media, card.answer_figure, True)
    return [values.get(name, "") for name in note_type.fields]  # a field cards lack: empty


def note_tags(card: Card) -> list[str]:
    """Tags for filtered decks: the card's own (deck, system, region, direction, fact
    kind…), plus card kind, confidence and condition. Anki tags have no spaces."""
    tags = [*card.tags, f"kind::{card.kind}", f"confidence::{card.confidence}"]
    if "fact::condition" in card.tags and card.direction != "zone-conditions":
        tags.append(f"condition::{card.fact}")
    return [_tag(tag) for tag in dict.fromkeys(tags)]


@functools.lru_cache(maxsize=4096)
def _tag(text: str) -> str:
    return "_".join(text.split())


def version_tag(version: str) -> str:
    """The tag naming the deck version in which a note was added or last changed."""
    return "deck-version::" + "_".join(version.split())


@dataclass(slots=True)
class _Planned:
    card: Card
    note_type: NoteType
    fields: list[str]
    tags: list[str]
    deck_id: int
    hash: str


def _plan(
    card: Card, note_types: Mapping[str, NoteType], deck_id: int, media: MapMedia | None
) -> _Planned:
    note_type = note_type_for(card, note_types)
    fields = note_fields(card, note_type, media)
    tags = note_tags(card)
    content = "\x1f".join([str(note_type.model_id), *fields, " ".join(tags)])
    digest = hashlib.blake2b(content.encode("utf-8"), digest_size=8).hexdigest()
    return _Planned(card, note_type, fields, tags, deck_id, digest)


def map_media(
    cards: Sequence[Card], decks: Sequence[Deck]
) -> tuple[dict[tuple[str, bool], str], dict[str, bytes]]:
    """The head maps the cards show: (zone ref, labelled) → media basename, and the SVG
    of each basename. Question maps are unlabelled, answer maps labelled. Map refs name
    zones of the cards' own decks (see `studykit.content.makers.maps`), so `decks` can draw them.

    Raises:
        UnknownZoneError: a card names a zone the decks cannot draw.
    """
    wanted: dict[tuple[str, bool], None] = {}
    for card in cards:
        if card.figure:
            wanted[(card.figure, False)] = None
        for ref in card.figure_choices:
            wanted[(ref, False)] = None
        if card.answer_figure:
            wanted[(card.answer_figure, True)] = None
    if not wanted:
        return {}, {}
    from studykit.maps import Atlas

    atlas = Atlas(decks)
    names: dict[tuple[str, bool], str] = {}
    files: dict[str, bytes] = {}
    for ref, labels in wanted:
        try:
            name = atlas.media_filename(ref, labels=labels)
            files[name] = atlas.svg([ref], labels=labels).encode("utf-8")
        except ValueError as exc:  # a landmark construction the head model cannot place
            raise ExportError(f"cannot draw the map of {ref}: {exc}") from exc
        names[(ref, labels)] = name
    return names, files


def check_output(path: Path) -> None:
    """Fail early, before any work, if `path` cannot be an Anki package we may write.

    Raises:
        ExportError: wrong suffix (exit 2), missing folder, a folder, or not writable.
    """
    if path.suffix.lower() != ".apkg":
        raise ExportError(f"{path}: the output must end in .apkg (Anki imports only those)", 2)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {path}: permission denied")


def export_package(
    path: Path,
    decks: Sequence[Deck],
    cards: Sequence[Card],
    *,
    lock_path: Path | None = None,
    root: str = DEFAULT_ROOT,
    now: float | None = None,
    note_types: Mapping[str, NoteType] = NOTE_TYPES,
    progress: Progress | None = None,
) -> ExportResult:
    """Write `cards` (of `decks`) to the package at `path` and update its lock file.

    Args:
        path: the `.apkg` to write (replaced atomically).
        decks: the decks the cards come from (for titles and versions).
        cards: one note each.
        lock_path: the lock file (default `FILE.apkg.lock.json`).
        root: parent deck of every deck, `::`-separated.
        now: the clock, seconds since the epoch (tests pin it).
        note_types: the note type of each card kind (tests swap in a "v2").
        progress: called while notes are written.

    Raises:
        ExportError: nothing to export, or the package cannot be written.
        LockFileError: the lock file is broken.
    """
    check_output(path)
    if not cards:
        raise ExportError(
            "no cards to export: the decks have no verified facts "
            "(--include-unverified also exports unverified ones)"
        )
    lock_path = lock_path or lock_path_for(path)
    clock = time.time() if now is None else now
    by_id = {deck.id: deck for deck in decks}
    missing = sorted({card.deck for card in cards} - by_id.keys())
    if missing:
        raise ExportError(f"cards of unknown decks: {', '.join(missing)}")
    used = {card.deck for card in cards}
    anki_decks = {
        d.id: (anki_deck_id(d.id), deck_name(d.title, root)) for d in decks if d.id in used
    }

    if progress is not None:
        progress(0, len(cards))
    names, files = map_media(cards, decks)
    planned = [_plan(card, note_types, anki_decks[card.deck][0], names) for card in cards]
    previous = read_lock(lock_path)
    entries, added, changed = _assign(planned, previous, by_id, clock)
    collection = _collection(planned, entries, decks, anki_decks, progress)
    _write_zip(path, collection, files)
    try:
        write_lock(lock_path, {**previous, **entries})
    except OSError as exc:
        raise ExportError(
            f"wrote {path}, but cannot write its lock file {lock_path}: {exc.strerror or exc}"
        ) from exc
    return ExportResult(
        path=path,
        lock_path=lock_path,
        notes=len(planned),
        added=added,
        changed=changed,
        decks=tuple(name for _, name in anki_decks.values()),
    )


def _assign(
    planned: list[_Planned],
    previous: dict[str, LockEntry],
    decks: Mapping[str, Deck],
    clock: float,
) -> tuple[dict[str, LockEntry], int, int]:
    """Lock entries for this export: unchanged notes keep theirs, others get a newer mod."""
    now_s = int(clock)
    next_id = max([int(clock * 1000), *(e.note_id + 1 for e in previous.values())])
    entries: dict[str, LockEntry] = {}
    added = changed = 0
    for note in planned:
        key = note.card.id
        if key in entries:
            raise ExportError(f"two cards have the same id {key!r}")
        old = previous.get(key)
        if old is not None and old.hash == note.hash:
            entries[key] = old
            continue
        version = decks[note.card.deck].version
        if old is None:
            entries[key] = LockEntry(note.hash, next_id, now_s, version)
            next_id += 1
            added += 1
        else:
            entries[key] = LockEntry(note.hash, old.note_id, max(now_s, old.mod + 1), version)
            changed += 1
    return entries, added, changed


def _collection(
    planned: list[_Planned],
    entries: dict[str, LockEntry],
    decks: Sequence[Deck],
    anki_decks: Mapping[str, tuple[int, str]],
    progress: Progress | None,
) -> bytes:
    """The package's `collection.anki2` as bytes (genanki's schema, built in memory)."""
    import genanki
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(APKG_SCHEMA)
        connection.executescript(APKG_COL)
        (decks_json, models_json) = connection.execute("SELECT decks, models FROM col").fetchone()
        deck_map: dict[str, Any] = json.loads(decks_json)
        model_map: dict[str, Any] = json.loads(models_json)
        for deck in decks:
            if deck.id in anki_decks:
                anki_id, name = anki_decks[deck.id]
                description = to_html(
                    "\n".join(p for p in (deck.description, f"Version {deck.version}") if p)
                )
                deck_map[str(anki_id)] = genanki.Deck(anki_id, name, description).to_json()
        css = stylesheet()
        first_deck = planned[0].deck_id
        for note_type in dict.fromkeys(n.note_type for n in planned):
            model_map[str(note_type.model_id)] = note_type.to_genanki(css).to_json(0, first_deck)
        connection.execute(
            "UPDATE col SET decks = ?, models = ?", (json.dumps(deck_map), json.dumps(model_map))
        )
        total = len(planned)
        for start in range(0, total, _PROGRESS_STEP):
            chunk = planned[start : start + _PROGRESS_STEP]
            note_rows, card_rows = _rows(chunk, entries, start)
            connection.executemany("INSERT INTO notes VALUES (?,?,?,?,-1,?,?,?,?,0,'')", note_rows)
            connection.executemany(
                "INSERT INTO cards VALUES (?,?,?,0,?,-1,0,0,?,0,0,0,0,0,0,0,0,'')", card_rows
            )
            if progress is not None:
                progress(start + len(chunk), total)
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def _rows(
    chunk: list[_Planned], entries: dict[str, LockEntry], start: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    note_rows: list[tuple[Any, ...]] = []
    card_rows: list[tuple[Any, ...]] = []
    for position, note in enumerate(chunk, start + 1):
        entry = entries[note.card.id]
        tags = " ".join([*note.tags, version_tag(entry.version)])
        sort_field = note.card.front
        checksum = int(hashlib.sha1(sort_field.encode("utf-8")).hexdigest()[:8], 16)
        note_rows.append(
            (
                entry.note_id,
                note_guid(note.card),
                note.note_type.model_id,
                entry.mod,
                f" {tags} ",
                "\x1f".join(note.fields),
                sort_field,
                checksum,
            )
        )
        card_rows.append((entry.note_id, entry.note_id, note.deck_id, entry.mod, position))
    return note_rows, card_rows


def _write_zip(path: Path, collection: bytes, media: Mapping[str, bytes] | None = None) -> None:
    """Write the package atomically, with fixed dates so equal content gives equal bytes.

    Media files are zip entries `0`, `1`, … in basename order; the `media` entry maps each
    number to its basename, as Anki's legacy package format has it."""
    files = sorted((media or {}).items())
    index = json.dumps({str(i): name for i, (name, _) in enumerate(files)}).encode()
    entries = [
        ("collection.anki2", collection),
        ("media", index),
        *((str(i), data) for i, (_, data) in enumerate(files)),
    ]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w") as package:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, data, compresslevel=1)
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


__all__ = [
    "DEFAULT_ROOT",
    "ExportError",
    "ExportResult",
    "anki_deck_id",
    "check_output",
    "deck_name",
    "export_package",
    "map_media",
    "note_fields",
    "note_guid",
    "note_tags",
    "note_type_for",
    "to_html",
    "version_tag",
]
