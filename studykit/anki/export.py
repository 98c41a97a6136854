"""Cards → one Anki package (.apkg) that updates a student's collection in place.

Four things make a re-import safe:

- a note's GUID comes from the card's stable id (never from its text), so an edited fact
  updates its note instead of adding a duplicate;
- a note's `mod` changes only when its content does (see `lock`), so Anki's "update if
  newer" touches exactly the edited notes and keeps the student's own edits elsewhere;
- the note types have hard-coded, versioned ids (see `notetypes`);
- deck text is data: HTML is escaped and Anki's own syntax (`[sound:…]`, `[[type:…]]`,
  `{{…}}`, MathJax's `\\(`…) is neutralised in every field, so only the cloze deletion
  studykit made is live.

A note whose card is no longer made (its fact was removed from the deck) ships once more,
tagged `studykit::withdrawn`, with a line "Withdrawn in version X" and its answer removed
(a removed fact may have been wrong), so the student can find and delete it.

The package is written with genanki's schema and note-type JSON, but notes and cards are
inserted in bulk into an in-memory database (no temporary file is left behind), and the
zip entries carry a fixed date, so exporting unchanged decks gives a byte-identical file.

Cards with head maps (`Card.figure`, `figure_choices`, `answer_figure`) get each map as an
SVG media file in two themes (day and night, each with fixed colours), referenced by its
basename as Anki requires; the card's CSS shows the one for Anki's night-mode class, since
an SVG in an `<img>` sees only the system's colour scheme, not the card's. The basename
carries a hash of the drawing, so a changed drawing changes the note's fields, hence its
content hash, and Anki updates the note.
"""

from __future__ import annotations

import dataclasses
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

from studykit.anki.lock import Lock, LockEntry, lock_path_for, read_lock_file, write_lock
from studykit.anki.notetypes import NOTE_TYPES, NoteType, stylesheet
from studykit.content.cards import Card, numeric_id
from studykit.errors import StudykitError
from studykit.models import Deck
from studykit.safetext import for_terminal

MapMedia = Mapping[tuple[str, bool], tuple[str, str]]
"""(zone ref, labelled) → the media basenames of that map's day and night drawings."""

DEFAULT_ROOT = "TCM::Scalp acupuncture"
"""Parent of every exported deck in Anki's deck list."""

TAG_ROOT = "studykit"
"""Every tag studykit gives a note in Anki starts with `studykit::`."""

WITHDRAWN_TAG = f"{TAG_ROOT}::withdrawn"
"""The tag of a note whose fact was removed from its deck."""

Progress = Callable[[int, int], None]
"""Called as `progress(notes_written, notes_total)` while the package is written."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_URL = re.compile(r"&lt;(https?://[^\s&<>\"']+(?:&amp;[^\s&<>\"']+)*)&gt;")
_PLAIN_URL = re.compile(r"\s*<https?://[^\s<>]*>")
_MATHJAX = re.compile(r"\\(?=[()\[\]])")
_ANKI_SPECIAL = re.compile(r"[&<>\n\r\[\]{}\\]")
_LONG_SOURCE = 240
"""A source line longer than this (characters) folds away behind a summary."""
_LONG_ANSWER = 600
"""When answer and notes together are longer than this (characters), the notes fold away,
so the answer fits one phone screen."""
_PROGRESS_STEP = 1000
_SUSPENDED = -1
"""Anki's card queue for a suspended card."""


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
    withdrawn: int = 0
    """Notes of removed facts shipped as withdrawn for the first time (also updated)."""
    still_withdrawn: int = 0
    """Notes shipped as withdrawn by an earlier export (unchanged)."""
    kept_names: tuple[tuple[str, str], ...] = ()
    """(Anki name kept from the lock, the name the deck's new title would give)."""
    not_withdrawn: int = 0
    """Notes of removed facts that a format-1 lock knows too little about to withdraw."""

    @property
    def unchanged(self) -> int:
        return self.notes - self.added - self.changed - self.withdrawn


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
    """Plain deck text → safe HTML content for an Anki field.

    `&`, `<`, `>` are escaped and newlines become `<br>`; Anki's own syntax is made inert:
    `[` and `{`/`}` become character references (no `[sound:…]`, `[[type:…]]`, `[latex]`,
    `{{c1::…}}` or `{{Field}}`), and a word joiner after a backslash before a bracket
    keeps MathJax from reading `\\(…\\)` or `\\[…\\]` (it scans the page's text, after
    character references are decoded). Quotes stay as they are (this is element content,
    never an attribute value); hanzi, tone marks and emoji are kept as they are; control
    characters become visible (safetext)."""
    text = for_terminal(text.replace("\r\n", "\n"))
    if not _ANKI_SPECIAL.search(text):
        return text
    return (
        _MATHJAX.sub("\\\\\u2060", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("[", "&#91;")
        .replace("]", "&#93;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
        .replace("\r\n", "\n")
        .replace("\n", "<br>")
    )


def without_urls(text: str) -> str:
    """Text without its ` <https://…>` links: links belong on the source line only."""
    return _PLAIN_URL.sub("", text) if "://" in text else text


def answer_html(text: str) -> str:
    """An answer or note as HTML, phone-sized: no raw URLs, and in a dispute's list of
    sides (`• value — citations`) each side's citations fold into a `<details>`."""
    text = without_urls(text)
    if "\n• " not in text and not text.startswith("• "):
        return to_html(text)
    out: list[str] = []
    sides: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("• "):
            value, dash, citations = line[2:].partition(" — ")
            detail = (
                f'<details class="sk-detail"><summary>sources</summary>{to_html(citations)}'
                "</details>"
                if dash
                else ""
            )
            sides.append(
                f"<li>{to_html(value)} {detail}</li>" if detail else f"<li>{to_html(value)}</li>"
            )
            continue
        if sides:
            out.append(f'<ul class="sk-sides">{"".join(sides)}</ul>')
            sides = []
        out.append(f"<div>{to_html(line)}</div>")
    if sides:
        out.append(f'<ul class="sk-sides">{"".join(sides)}</ul>')
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _source_html(text: str) -> str:
    """Like `to_html`, with `<https://...>` citations turned into links, and a long list
    folded behind a summary (cached: the cards of a fact share their citations)."""
    linked = _URL.sub(r'<a href="\1">\1</a>', to_html(text))
    if len(text) <= _LONG_SOURCE:
        return linked
    count = text.count("; [") + 1 if text.startswith("[") else 0
    summary = f"{count} sources" if count > 1 else "show"
    return f'<details class="sk-detail"><summary>{summary}</summary>{linked}</details>'


def _map_html(names: tuple[str, str] | None) -> str:
    """The day and night `<img>` of a map's media files (nothing when there is no map)."""
    if not names:
        return ""
    day, night = (html.escape(name) for name in names)
    return (
        f'<div class="sk-map"><img class="sk-day" src="{day}" alt="head map">'
        f'<img class="sk-night" src="{night}" alt="head map"></div>'
    )


def _figure(media: MapMedia | None, ref: str | None, labels: bool) -> str:
    return _map_html(media.get((ref, labels)) if media is not None and ref else None)


def _choices_html(card: Card, media: MapMedia | None = None) -> tuple[str, str]:
    """The options as a lettered list (nothing in it says which is right: the front shows
    it too) and the answer, which carries the right option's number for the back's CSS."""
    items: list[str] = []
    answer = to_html(card.back)
    maps = card.figure_choices if len(card.figure_choices) == len(card.choices) else ()
    for index, option in enumerate(card.choices):
        letter = chr(ord("A") + index)
        drawing = _figure(media, maps[index], False) if maps else ""
        items.append(
            f'<li class="sk-option"><span class="sk-letter">{letter}</span> {to_html(option)}'
            f"{drawing}</li>"
        )
        if option in card.answers:
            answer = (
                f'<span class="sk-letter" data-sk-right="{index + 1}">{letter}</span> '
                f"{to_html(option)}"
            )
    css = "sk-choices sk-map-options" if maps else "sk-choices"
    return f'<ol class="{css}">{"".join(items)}</ol>', answer


def _in_deletion(text: str) -> str:
    """Deck text inside a deletion: also no `::`, which Anki reads as the hint's start."""
    return to_html(text).replace("::", ":&#58;")


def cloze_html(card: Card) -> str:
    """The cloze text as a field: studykit's own `{{c1::…}}` deletions live, everything
    else (deck text, including any `{{c2::…}}` written in it) inert.

    Studykit's deletions are those whose hidden text is one of the card's answers
    (`{{c1::answer}}` or `{{c1::answer::hint}}`); a plain scan, no regex per card."""
    text = card.cloze or ""
    answers = sorted({a.strip() for a in card.answers if a.strip()}, key=len, reverse=True)
    out: list[str] = []
    position = search = 0
    while (start := text.find("{{c1::", search)) >= 0:
        search = start + 1
        found = _deletion_at(text, start + len("{{c1::"), answers)
        if found is None:
            continue  # not studykit's: stays text
        answer, hint, end = found
        out.append(to_html(text[position:start]))
        shown_hint = f"::{_in_deletion(hint)}" if hint else ""
        out.append(f"{{{{c1::{_in_deletion(answer)}{shown_hint}}}}}")
        position = search = end
    out.append(to_html(text[position:]))
    return "".join(out)


def _deletion_at(text: str, body: int, answers: list[str]) -> tuple[str, str, int] | None:
    """(answer, hint, end) of a deletion whose hidden text starts at `body`, if one of
    `answers` is hidden there."""
    for answer in answers:
        if not text.startswith(answer, body):
            continue
        rest = body + len(answer)
        if text.startswith("}}", rest):
            return answer, "", rest + 2
        if text.startswith("::", rest):
            close = text.find("}}", rest + 2)
            if close >= 0:
                return answer, text[rest + 2 : close], close + 2
    return None


def _notes_html(card: Card) -> str:
    notes = answer_html(card.extra)
    if notes and len(card.back) + len(card.extra) > _LONG_ANSWER:
        return f'<details class="sk-detail"><summary>notes</summary>{notes}</details>'
    return notes


def note_type_for(card: Card, note_types: Mapping[str, NoteType] = NOTE_TYPES) -> NoteType:
    """The note type of a card (a cloze or choice card without its parts is basic)."""
    if (card.kind == "cloze" and not card.cloze) or (card.kind == "choice" and not card.choices):
        return note_types["basic"]
    return note_types[card.kind]


def note_fields(card: Card, note_type: NoteType, media: MapMedia | None = None) -> list[str]:
    """The HTML field values of a card's note, in the note type's field order.

    `media` names the map files (see `map_media`): the question's map goes on the front
    (unlabelled), the answer's on the back; without it no map is shown."""
    front = cloze_html(card) if note_type.cloze and card.cloze else to_html(card.front)
    values = {
        "Front": front + _figure(media, card.figure, False),
        "Back": answer_html(card.back),
        "Answers": to_html("; ".join(card.answers)),
        "Source": _source_html(card.source),
        "Extra": _notes_html(card),
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
    kind…), plus card kind, confidence and condition, all under one root `studykit::`
    so they do not mix with a student's other decks. Anki tags have no spaces."""
    tags = [*card.tags, f"kind::{card.kind}", f"confidence::{card.confidence}"]
    if "fact::condition" in card.tags and card.direction != "zone-conditions":
        tags.append(f"condition::{card.fact}")
    return [_tag(tag) for tag in dict.fromkeys(tags)]


@functools.lru_cache(maxsize=4096)
def _tag(text: str) -> str:
    return f"{TAG_ROOT}::" + "_".join(text.split())


def version_tag(version: str) -> str:
    """The tag naming the deck version in which a note was added or last changed."""
    return f"{TAG_ROOT}::deck-version::" + "_".join(version.split())


@dataclass(slots=True)
class _Planned:
    key: str
    """The card id (the lock's key)."""
    deck: str
    note_type: NoteType
    fields: list[str]
    tags: list[str]
    deck_id: int
    hash: str
    front: str
    """The card's question as plain text (the sort field, and kept in the lock)."""
    withdrawn: str | None = None
    """For the note of a removed fact: the deck version it was withdrawn in."""


def _digest(note_type: NoteType, fields: list[str], tags: list[str]) -> str:
    content = "\x1f".join([str(note_type.model_id), *fields, " ".join(tags)])
    return hashlib.blake2b(content.encode("utf-8"), digest_size=8).hexdigest()


def _plan(
    card: Card, note_types: Mapping[str, NoteType], deck_id: int, media: MapMedia | None
) -> _Planned:
    note_type = note_type_for(card, note_types)
    fields = note_fields(card, note_type, media)
    tags = note_tags(card)
    digest = _digest(note_type, fields, tags)
    return _Planned(card.id, card.deck, note_type, fields, tags, deck_id, digest, card.front)


def withdrawn_fields(
    key: str, front: str, note_type: NoteType, version: str, deck_title: str
) -> list[str]:
    """The fields of a withdrawn note: a visible "Withdrawn in version X" line, the old
    question (so the student knows which note it is) and no answer, since a fact may be
    removed because it was wrong."""
    line = f'<div class="sk-withdrawn">Withdrawn in version {to_html(version)}</div>'
    question = line + to_html(front or key)
    if note_type.cloze:
        question += " {{c1::(withdrawn)}}"  # a cloze note needs a deletion to have a card
    values = {
        "Front": question,
        "Back": '<div class="sk-withdrawn">'
        + to_html(
            f"Withdrawn in version {version}: the fact this card asked about was removed "
            f"from the deck '{deck_title}'. Suspend or delete it (Browse: "
            f"tag:{WITHDRAWN_TAG})."
        )
        + "</div>",
        "Key": to_html(key),
    }
    return [values.get(name, "") for name in note_type.fields]


def _withdrawn_plan(
    key: str,
    entry: LockEntry,
    deck: Deck,
    deck_id: int,
    note_types: Mapping[str, NoteType],
) -> _Planned:
    note_type = note_types[entry.kind or "basic"]
    version = entry.withdrawn or deck.version
    fields = withdrawn_fields(key, entry.front, note_type, version, deck.title)
    tags = [WITHDRAWN_TAG, _tag(f"deck::{deck.id}")]
    digest = _digest(note_type, fields, tags)
    return _Planned(
        key, deck.id, note_type, fields, tags, deck_id, digest, entry.front or key, version
    )


def map_media(
    cards: Sequence[Card], decks: Sequence[Deck]
) -> tuple[dict[tuple[str, bool], tuple[str, str]], dict[str, bytes]]:
    """The head maps the cards show: (zone ref, labelled) → the media basenames of its
    day and night drawings, and the SVG of each basename. Question maps are unlabelled,
    answer maps labelled. Map refs name zones of the cards' own decks (see
    `studykit.content.makers.maps`), so `decks` can draw them.

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
    names: dict[tuple[str, bool], tuple[str, str]] = {}
    files: dict[str, bytes] = {}
    for ref, labels in wanted:
        try:
            base = atlas.media_filename(ref, labels=labels).removesuffix(".svg")
            drawing = atlas.svg([ref], labels=labels)
        except ValueError as exc:  # a landmark construction the head model cannot place
            raise ExportError(f"cannot draw the map of {ref}: {exc}") from exc
        pair = (f"{base}-day.svg", f"{base}-night.svg")
        files[pair[0]] = themed_svg(drawing, night=False).encode("utf-8")
        files[pair[1]] = themed_svg(drawing, night=True).encode("utf-8")
        names[(ref, labels)] = pair
    return names, files


_DARK_RULES = re.compile(r"@media \(prefers-color-scheme: dark\)\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}")
"""The drawing's rules for a dark system theme (rules one level deep inside the query)."""
_SMALL_MAP_RULES = "\n@media (max-width: 260px){.caption{font-size:20px}}"
"""A map drawn small (an option on a phone: about half of 400 px) gets captions large
enough to read; the width is the image's own, as an SVG's media queries see it."""


def themed_svg(svg: str, *, night: bool) -> str:
    """The map with fixed colours for one theme: its `prefers-color-scheme: dark` rules
    always apply (night) or never (day). Inside an `<img>` an SVG sees the system's
    scheme, not Anki's night mode, so the card picks the drawing instead.

    Raises:
        ExportError: the drawing has no such rules (the map's style changed shape).
    """
    found = _DARK_RULES.search(svg)
    if found is None:
        raise ExportError("the map drawing has no dark-scheme rules to theme")
    rules = found[1] if night else ""
    return svg[: found.start()] + rules + _SMALL_MAP_RULES + svg[found.end() :]


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


def check_lock(path: Path, lock_path: Path | None = None, *, force: bool = False) -> None:
    """Refuse to overwrite a package whose lock file is missing (unless `force`).

    Without the lock every note would get a new modification time, and the next import
    would overwrite every note in the students' collections, with their own edits.

    Raises:
        ExportError: the package exists, its lock does not (exit 2).
    """
    lock_path = lock_path or lock_path_for(path)
    if force or not path.exists() or lock_path.exists():
        return
    folder = lock_path.parent if str(lock_path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(
            f"cannot use the lock file {lock_path}: the folder {folder} does not exist"
        )
    raise ExportError(
        f"{path} exists but its lock file {lock_path} does not. The lock remembers what "
        "every note looked like; without it every note counts as changed and a re-import "
        "overwrites every note (and the student's own edits on it). Put the lock file "
        "back, or name it with --lock PATH; --force writes the package and starts a new lock.",
        2,
    )


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
    force: bool = False,
) -> ExportResult:
    """Write `cards` (of `decks`) to the package at `path` and update its lock file.

    Notes the lock knows in these decks whose cards are no longer made are shipped as
    withdrawn (see `withdrawn_fields`). A deck keeps the Anki name the lock remembers, so
    a new title does not split it in Anki (`ExportResult.kept_names` says so).

    Args:
        path: the `.apkg` to write (replaced atomically).
        decks: the decks the cards come from (for titles and versions).
        cards: one note each.
        lock_path: the lock file (default `FILE.apkg.lock.json`).
        root: parent deck of every deck, `::`-separated.
        now: the clock, seconds since the epoch (tests pin it).
        note_types: the note type of each card kind (tests swap in a "v2").
        progress: called while notes are written.
        force: write over an existing package whose lock file is missing.

    Raises:
        ExportError: nothing to export, a package without its lock (exit 2), or the
            package cannot be written.
        LockFileError: the lock file is broken.
    """
    check_output(path)
    lock_path = lock_path or lock_path_for(path)
    check_lock(path, lock_path, force=force)
    if not cards:
        raise ExportError(
            "no cards to export: the decks have no verified facts "
            "(--include-unverified also exports unverified ones)"
        )
    clock = time.time() if now is None else now
    by_id = {deck.id: deck for deck in decks}
    missing = sorted({card.deck for card in cards} - by_id.keys())
    if missing:
        raise ExportError(f"cards of unknown decks: {', '.join(missing)}")
    lock = read_lock_file(lock_path)
    made = {card.id for card in cards}
    gone = {
        key: entry
        for key, entry in lock.notes.items()
        if key not in made and key.split("/", 1)[0] in by_id
    }
    not_withdrawn = sum(1 for entry in gone.values() if entry.kind not in note_types)
    used = {card.deck for card in cards} | {key.split("/", 1)[0] for key in gone}
    anki_decks, kept_names = _deck_names([d for d in decks if d.id in used], lock, root)

    if progress is not None:
        progress(0, len(cards))
    names, files = map_media(cards, decks)
    planned = [_plan(card, note_types, anki_decks[card.deck][0], names) for card in cards]
    planned += [
        _withdrawn_plan(key, entry, by_id[deck], anki_decks[deck][0], note_types)
        for key, entry in sorted(gone.items())
        if entry.kind in note_types
        for deck in [key.split("/", 1)[0]]
    ]
    entries, counts = _assign(planned, lock.notes, by_id, clock)
    collection = _collection(planned, entries, decks, anki_decks, progress)
    _write_zip(path, collection, files)
    deck_names = {**lock.decks, **{key: name for key, (_, name) in anki_decks.items()}}
    try:
        write_lock(lock_path, {**lock.notes, **entries}, deck_names)
    except OSError as exc:
        raise ExportError(
            f"wrote {path}, but cannot write its lock file {lock_path}: {exc.strerror or exc}"
        ) from exc
    return ExportResult(
        path=path,
        lock_path=lock_path,
        notes=len(planned),
        added=counts["added"],
        changed=counts["changed"],
        decks=tuple(name for _, name in anki_decks.values()),
        withdrawn=counts["withdrawn"],
        still_withdrawn=counts["still_withdrawn"],
        kept_names=tuple(kept_names),
        not_withdrawn=not_withdrawn,
    )


def _deck_names(
    decks: Sequence[Deck], lock: Lock, root: str
) -> tuple[dict[str, tuple[int, str]], list[tuple[str, str]]]:
    """Each deck's Anki id and name: the name the lock remembers, else `root::title`."""
    anki_decks: dict[str, tuple[int, str]] = {}
    kept: list[tuple[str, str]] = []
    for deck in decks:
        fresh = deck_name(deck.title, root)
        name = lock.decks.get(deck.id, fresh)
        if name != fresh:
            kept.append((name, fresh))
        anki_decks[deck.id] = (anki_deck_id(deck.id), name)
    return anki_decks, kept


def _assign(
    planned: list[_Planned],
    previous: dict[str, LockEntry],
    decks: Mapping[str, Deck],
    clock: float,
) -> tuple[dict[str, LockEntry], dict[str, int]]:
    """Lock entries for this export: unchanged notes keep theirs, others get a newer mod."""
    now_s = int(clock)
    next_id = max([int(clock * 1000), *(e.note_id + 1 for e in previous.values())])
    entries: dict[str, LockEntry] = {}
    counts = dict.fromkeys(("added", "changed", "withdrawn", "still_withdrawn"), 0)
    for note in planned:
        key = note.key
        if key in entries:
            raise ExportError(f"two cards have the same id {key!r}")
        old = previous.get(key)
        kind = note.note_type.kind
        if old is not None and old.hash == note.hash:
            if note.withdrawn:
                counts["still_withdrawn"] += 1
            if old.kind != kind or old.front != note.front:  # a format-1 entry: fill it in
                old = dataclasses.replace(old, kind=kind, front=note.front)
            entries[key] = old
            continue
        version = note.withdrawn or decks[note.deck].version
        if old is None:
            entries[key] = LockEntry(note.hash, next_id, now_s, version, kind, note.front)
            next_id += 1
            counts["added"] += 1
            continue
        mod = max(now_s, old.mod + 1)
        if note.withdrawn:
            entries[key] = dataclasses.replace(
                old, hash=note.hash, mod=mod, version=version, withdrawn=note.withdrawn
            )
            counts["withdrawn"] += 1
        else:
            entries[key] = LockEntry(note.hash, old.note_id, mod, version, kind, note.front)
            counts["changed"] += 1
    return entries, counts


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
                "INSERT INTO cards VALUES (?,?,?,0,?,-1,0,?,?,0,0,0,0,0,0,0,0,'')", card_rows
            )
            if progress is not None:
                progress(min(start + len(chunk), total), total)
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
        entry = entries[note.key]
        tags = " ".join([*note.tags, version_tag(entry.version)])
        sort_field = note.front
        checksum = int(hashlib.sha1(sort_field.encode("utf-8")).hexdigest()[:8], 16)
        note_rows.append(
            (
                entry.note_id,
                format(numeric_id(note.key), "x"),
                note.note_type.model_id,
                entry.mod,
                f" {tags} ",
                "\x1f".join(note.fields),
                sort_field,
                checksum,
            )
        )
        queue = _SUSPENDED if note.withdrawn else 0  # a new student gets it suspended
        card_rows.append((entry.note_id, entry.note_id, note.deck_id, entry.mod, queue, position))
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
    "TAG_ROOT",
    "WITHDRAWN_TAG",
    "ExportError",
    "ExportResult",
    "anki_deck_id",
    "check_lock",
    "check_output",
    "deck_name",
    "export_package",
    "map_media",
    "note_fields",
    "note_guid",
    "note_tags",
    "note_type_for",
    "themed_svg",
    "to_html",
    "version_tag",
    "withdrawn_fields",
]
