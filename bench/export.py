"""Benchmark: studykit's Anki export against bare genanki, in one run.

A synthetic deck of 10,000 zone facts (about ten cards each) is exported with
`studykit.anki.export_package` (first export, then a re-export that reads the lock
file), and the same notes (same escaped texts, GUIDs from the card ids) are written with
bare genanki (`Note` + `Package.write_to_file`). Prints the median of each and the ratio
(target: studykit <= 1.5x genanki).

Cards are generated in slices of 250 facts: `generate_cards` picks choice distractors
among all zones of a system, which grows with the square of the deck size, and card
generation is not what is measured here.

With `--builtin`, the built-in decks are exported instead (first export, then a
re-export), with their head maps: the figure a student's package costs.

    .venv/bin/python bench/export.py [--facts 10000] [--repeat 3] [--builtin]
"""

from __future__ import annotations

import argparse
import html
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studykit.anki import export_package
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.models import SYSTEM_TITLES, Deck

SLICE = 250


def synthetic_fact(index: int) -> dict[str, Any]:
    systems = list(SYSTEM_TITLES)
    return {
        "kind": "zone",
        "id": f"z{index}",
        "system": systems[index % len(systems)],
        "code": f"Z{index}",
        "names": {"english": f"Zone {index}", "pinyin": f"qū yù {index}", "hanzi": f"区域{index}"},
        "location": {
            "description": f"On the scalp at position {index}, between <A> & <B>",
            "start": {"code": "GV20", "name": "Baihui"},
            "length": f"{index % 5 + 1} cun",
            "region": "parietal",
        },
        "divisions": [{"id": "upper", "part": "upper 1/5", "treats": [f"paralysis {index}"]}],
        "indications": [f"disorder {index}a", f"disorder {index}b"],
        "notes": [f"Synthetic note {index}.\nSecond line."],
        "sources": [{"citation": "synthetic source", "confidence": "verified"}],
    }


def synthetic_deck(facts: int) -> tuple[Deck, list[Card]]:
    head = {"id": "synthetic", "title": "Synthetic", "version": "1.0.0"}
    deck = Deck.model_validate({**head, "facts": [synthetic_fact(i) for i in range(facts)]})
    cards: list[Card] = []
    for start in range(0, facts, SLICE):
        part = deck.model_copy(update={"facts": deck.facts[start : start + SLICE]})
        cards.extend(generate_cards([part]))
    return deck, cards


def bare_genanki(cards: list[Card], path: Path) -> None:
    """What a plain genanki exporter does with the same cards."""
    import genanki

    model = genanki.Model(
        1_607_392_319,
        "bare",
        fields=[{"name": n} for n in ("Front", "Back", "Answers", "Source", "Extra", "Key")],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}],
    )
    deck = genanki.Deck(2_059_400_110, "Bare")
    for card in cards:
        fields = [card.front, card.back, "; ".join(card.answers), card.source, card.extra, card.id]
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[html.escape(f).replace("\n", "<br>") for f in fields],
                tags=list(card.tags),
                guid=genanki.guid_for(card.id),
            )
        )
    genanki.Package(deck).write_to_file(str(path))


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def builtin(repeat: int) -> int:
    """Export the built-in decks `repeat` times (new lock, then re-export); print medians."""
    from studykit.content.loader import load_decks

    decks = [loaded.deck for loaded in load_decks([])]
    cards = generate_cards(decks)
    work = Path(tempfile.mkdtemp(prefix="studykit-bench-"))
    try:
        first: list[float] = []
        again: list[float] = []
        for run in range(repeat):
            out = work / f"builtin-{run}.apkg"
            first.append(timed(lambda out=out: export_package(out, decks, cards, now=1e9)))
            again.append(timed(lambda out=out: export_package(out, decks, cards, now=2e9)))
        size = (work / "builtin-0.apkg").stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"built-in decks: {len(decks)} decks, {len(cards)} notes")
    for label, times in (("export (new lock):    ", first), ("re-export (lock read):", again)):
        print(
            f"{label} {statistics.median(times) * 1000:6.0f} ms median, "
            f"{min(times) * 1000:6.0f} ms fastest of {repeat}"
        )
    print(f"package size: {size / 1e3:.0f} kB")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builtin", action="store_true", help="export the built-in decks")
    args = parser.parse_args(argv)
    if args.builtin:
        return builtin(args.repeat)

    start = time.perf_counter()
    deck, cards = synthetic_deck(args.facts)
    print(
        f"{args.facts} facts -> {len(cards)} notes "
        f"(deck + cards built in {time.perf_counter() - start:.2f} s)"
    )
    import genanki  # noqa: F401  (import time is not part of either figure)

    work = Path(tempfile.mkdtemp(prefix="studykit-bench-"))
    genanki_tmp = work / "genanki-tmp"  # genanki leaves its temporary database here
    genanki_tmp.mkdir()
    saved_tempdir = tempfile.tempdir
    try:
        first: list[float] = []
        again: list[float] = []
        bare: list[float] = []
        for run in range(args.repeat):
            out = work / f"studykit-{run}.apkg"
            first.append(timed(lambda out=out: export_package(out, [deck], cards, now=1e9)))
            again.append(timed(lambda out=out: export_package(out, [deck], cards, now=2e9)))
            tempfile.tempdir = str(genanki_tmp)
            try:
                bare.append(timed(lambda run=run: bare_genanki(cards, work / f"bare-{run}.apkg")))
            finally:
                tempfile.tempdir = saved_tempdir
        left_behind = len(list(genanki_tmp.iterdir()))
        sizes = (work / "studykit-0.apkg").stat().st_size, (work / "bare-0.apkg").stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours, reexport, theirs = (statistics.median(t) for t in (first, again, bare))
    print(f"studykit export (new lock):      {ours:6.2f} s  ({len(cards) / ours:,.0f} notes/s)")
    print(f"studykit re-export (lock read):  {reexport:6.2f} s")
    print(f"bare genanki:                    {theirs:6.2f} s  ({len(cards) / theirs:,.0f} notes/s)")
    print(f"ratio studykit / genanki:        {ours / theirs:6.2f}x  (target <= 1.5x)")
    print(f"ratio re-export / genanki:       {reexport / theirs:6.2f}x")
    print(f"package size: studykit {sizes[0] / 1e6:.1f} MB, genanki {sizes[1] / 1e6:.1f} MB")
    print(f"temporary databases genanki left behind (now removed): {left_behind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
