"""`studykit quiz [DECK...]` (and `studykit` alone): study in the terminal.

Start-up time is part of the experience: a student opens the quiz many times a day.
Generated cards are therefore cached next to the review store, keyed by the size and
modification time (to the nanosecond) of every deck file and of the code that makes
cards, and the options, as Python keys its bytecode cache: a fresh cache gives the first
card without importing pydantic, validating a deck or reading the ~70 files it depends
on (hashing their bytes cost ~4 ms of every start).
The cache keeps each distinct field value once (a card is a row of indexes into that
table): sources, tags and notes repeat across a fact's cards, and the file was 2.4x
larger and 2x slower to read with every card spelled out. It is written with `marshal`
(read in ~1 ms; as JSON ~4 ms) behind a CRC-32 of its bytes, so a damaged file is
regenerated, never decoded; and it keeps each card's numeric id, so that start-up
neither hashes 1,100 ids nor imports hashlib.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import os
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import studykit
from studykit.commands.common import add_deck_arguments
from studykit.content.cards import Card
from studykit.content.deckfiles import builtin_deck_paths, deck_files_named
from studykit.files import replace_file

if TYPE_CHECKING:
    import argparse

    from studykit.models import Deck

CACHE_NAME = "cards-cache.bin"
CACHE_FORMAT = 4
_OLD_CACHE_NAMES = ("cards-cache.json",)
"""Earlier formats' files, removed when a cache is written."""
_CARD_CODE = ("content", "models", "maps")
"""Source files (relative to the package) whose changes change the cards made."""


class DeckInfo(NamedTuple):
    """What the quiz shows of a deck without loading it: id, title, file."""

    id: str
    title: str
    path: str
    builtin: bool


@dataclass(slots=True)
class QuizCards:
    """The cards to study, every loaded deck (for titles) and the decks chosen."""

    cards: list[Card]
    decks: list[DeckInfo]
    chosen: list[str]
    notices: list[str] = field(default_factory=list)
    """Decks replaced by nearer copies, shared deck files skipped as broken (not cached:
    a run with a skipped file generates again, and says so again)."""

    def chosen_cards(self) -> list[Card]:
        wanted = set(self.chosen)
        return [card for card in self.cards if card.deck in wanted]

    @property
    def titles(self) -> dict[str, str]:
        return {deck.id: deck.title for deck in self.decks}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quiz",
        help="study the decks in the terminal (the default when no command is given)",
        description="Open the quiz on the named decks (default: every built-in deck). "
        "Answers are saved as you give them; press ? in the quiz for every key.",
    )
    add_deck_arguments(parser)
    parser.add_argument(
        "--home",
        action="store_true",
        help="open the deck list instead of going straight to the first due card",
    )
    parser.set_defaults(handler=run)


def run_default(args: argparse.Namespace) -> int:
    """`studykit` with no command: the quiz on the built-in decks."""
    defaults: tuple[tuple[str, object], ...] = (
        ("decks", []),
        ("all", False),
        ("include_unverified", False),
        ("no_builtin", False),
    )
    for name, value in defaults:
        if not hasattr(args, name):
            setattr(args, name, value)
    if not hasattr(args, "home"):
        args.home = False
    return run(args)


def run(args: argparse.Namespace) -> int:
    gc.disable()  # start-up makes ~10^5 lasting objects; the app resumes it after a paint
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    from studykit.config import configured_deck_paths
    from studykit.paths import data_dir
    from studykit.study.store import Store

    store = Store.open(data_dir=args.data_dir, profile=args.profile)
    try:
        quiz = load_quiz_cards(
            args.decks,
            every=args.all,
            include_unverified=args.include_unverified,
            cache_dir=data_dir(args.data_dir),
            extra_paths=configured_deck_paths(args.data_dir),
            with_builtins=not args.no_builtin,
        )
        cards = quiz.chosen_cards()
        for notice in quiz.notices:  # before the screen is taken, and again after
            sys.stderr.write(notice + "\n")
        from studykit.tui.app import create_app, utc_now

        store.sync_cards(cards, utc_now(), decks=quiz.chosen)
        own_decks = [Path(info.path) for info in quiz.decks if not info.builtin]

        def map_decks() -> list[Deck]:  # only when a map is first drawn, after the first paint
            from studykit.content.loader import load_decks

            return [d.deck for d in load_decks(own_decks)]

        app = create_app(
            store,
            cards,
            deck_titles=quiz.titles,
            start="home" if args.home else "review",
            map_decks=map_decks,
        )
        app.run()
        for notice in quiz.notices:
            sys.stderr.write(notice + "\n")
    finally:
        store.close()
    return app.return_code or 0


def load_quiz_cards(
    names: Sequence[str],
    *,
    every: bool = False,
    include_unverified: bool = False,
    cache_dir: Path | None = None,
    extra_paths: Sequence[Path] = (),
    with_builtins: bool = True,
) -> QuizCards:
    """The cards of the decks named (ids or paths; none: all), from the cache when fresh.

    Raises:
        DeckError: a deck file is invalid.
        UnknownDeckError: a name is neither a deck id nor a deck file.
    """
    named = deck_files_named(names)
    paths = [*extra_paths, *named]
    files = [*builtin_deck_paths(), *paths] if with_builtins else paths
    key = cache_key(files, include_unverified)
    cache_file = cache_dir / CACHE_NAME if cache_dir else None
    cached = _read_cache(cache_file, key) if cache_file else None
    if cached is None:
        cached = _generate(named, extra_paths, include_unverified, with_builtins)
        if cache_file and not cached.notices:
            _write_cache(cache_file, key, cached)
    chosen = _choose(cached.decks, names, every)
    if chosen is None:  # a name the cache cannot resolve: let the loader explain
        from studykit.content.loader import load_decks, select_decks

        loaded = load_decks(named, with_builtins=with_builtins, shared=extra_paths, skipped=[])
        chosen = [d.id for d in select_decks(loaded, names)]
    cached.chosen = chosen
    return cached


def cache_key(files: Sequence[Path], include_unverified: bool) -> str:
    """What a cache was made from: the format, the version and the options, then the
    path, size and modification time of each card-making code file and deck file (one
    that cannot be read is keyed as such, and a later run tries it again)."""
    package = Path(studykit.__file__).parent
    code_files: list[Path] = []
    for name in _CARD_CODE:
        target = package / name
        code_files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    python = f"{sys.version_info[0]}.{sys.version_info[1]}|{marshal.version}"
    parts = [f"{CACHE_FORMAT}|{python}|{studykit.__version__}|{include_unverified}"]
    for path in [*code_files, *files]:
        try:
            found = path.stat()
            parts.append(f"{os.path.abspath(path)}|{found.st_size}|{found.st_mtime_ns}")
        except OSError:
            parts.append(f"{os.path.abspath(path)}|<unreadable>")
    return "\n".join(parts)


def _generate(
    paths: Sequence[Path], shared: Sequence[Path], include_unverified: bool, with_builtins: bool
) -> QuizCards:
    """Cards of the named files, the shared decks (a broken one is skipped and reported)
    and the built-in decks."""
    from studykit.content.generate import GenerateOptions, generate_cards
    from studykit.content.loader import (
        load_decks,
        replacement_notices,
        skipped_notices,
    )
    from studykit.errors import Problem

    skipped: list[Problem] = []
    loaded = load_decks(paths, with_builtins=with_builtins, shared=shared, skipped=skipped)
    cards = generate_cards([d.deck for d in loaded], None, GenerateOptions(include_unverified))
    decks = [DeckInfo(d.id, d.deck.title, str(d.path.resolve()), d.builtin) for d in loaded]
    notices = [*replacement_notices(loaded), *skipped_notices(skipped)]
    return QuizCards(cards, decks, [], notices)


def _choose(decks: Sequence[DeckInfo], names: Sequence[str], every: bool) -> list[str] | None:
    if every or not names:
        return [deck.id for deck in decks]
    by_id = {deck.id: deck.id for deck in decks}
    by_path = {deck.path: deck.id for deck in decks}
    chosen: list[str] = []
    for name in names:
        found = by_id.get(name) or by_path.get(str(Path(name).resolve()))
        if found is None:
            return None
        if found not in chosen:
            chosen.append(found)
    return chosen


_CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Card) if f.init)


def _read_cache(path: Path, key: str) -> QuizCards | None:
    try:
        data = read_cache_file(path)
        if data is None or data.get("key") != key or tuple(data["fields"]) != _CARD_FIELDS:
            return None
        decks = [DeckInfo(**deck) for deck in data["decks"]]
        take = data["values"].__getitem__
        cards = [Card(*map(take, row)) for row in data["cards"]]
        for card, number in zip(cards, data["numeric"], strict=True):
            card._numeric = number
    except (OSError, KeyError, TypeError, IndexError, ValueError):
        return None  # missing, stale or damaged: regenerate
    return QuizCards(cards, decks, [])


def read_cache_file(path: Path) -> dict[str, Any] | None:
    """The data of a cache file, or None if it is damaged (its CRC-32 does not match:
    never decoded) or not a cache.

    Raises:
        OSError: the file cannot be read.
    """
    raw = path.read_bytes()
    payload = memoryview(raw)[4:]
    if len(raw) < 4 or zlib.crc32(payload) != int.from_bytes(raw[:4], "big"):
        return None
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write_cache_file(path: Path, data: dict[str, Any]) -> None:
    """Write `data` (whole, or not at all) as a cache file: its CRC-32, then its bytes.

    Raises:
        OSError: the file cannot be written (no temporary file is left).
    """
    payload = marshal.dumps(data)
    replace_file(path, zlib.crc32(payload).to_bytes(4, "big") + payload)


def _write_cache(path: Path, key: str, quiz: QuizCards) -> None:
    values: list[Any] = []
    index: dict[Any, int] = {}
    rows: list[tuple[int, ...]] = []
    for card in quiz.cards:
        row = []
        for name in _CARD_FIELDS:
            value = getattr(card, name)
            if value not in index:
                index[value] = len(values)
                values.append(value)
            row.append(index[value])
        rows.append(tuple(row))
    data = {
        "key": key,
        "decks": [
            {"id": d.id, "title": d.title, "path": d.path, "builtin": d.builtin} for d in quiz.decks
        ],
        "fields": _CARD_FIELDS,
        "values": values,
        "cards": rows,
        "numeric": [card.numeric for card in quiz.cards],
    }
    try:
        write_cache_file(path, data)
        for old in _OLD_CACHE_NAMES:
            path.with_name(old).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only data dir only costs speed
