"""How long `studykit lint` takes on big instructor decks, against loading them alone.

Prints, for decks of N hand-written cards: load time (the baseline, measured in the same
run), lint time, and their ratio. Near-duplicate search compares fronts pairwise within
a length window, so this shows how it grows.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studykit.authoring.lint import lint_paths
from studykit.content.loader import load_decks

COMMON = ["which", "what", "the", "does", "how", "where", "is", "of"]


def deck_text(cards: int, seed: int = 7) -> str:
    """Fronts of 5-12 words: 40% common words, the rest from 600 made-up words (no
    digits, so the code filter does not help: the hard case for near-duplicates)."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(600)]
    lines = ["id: bench", "title: Bench", "version: '1'", "cards:"]
    for index in range(cards):
        words = [rng.choice(COMMON if rng.random() < 0.4 else vocab) for _ in range(5 + index % 8)]
        lines.append(f"  - {{key: c{index}, front: '{' '.join(words)}?', back: 'a{index}',")
        lines.append("     sources: [{citation: bench}]}")
    return "\n".join(lines) + "\n"


def best_of(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for cards in (100, 1000, 3000):
            path = Path(folder) / f"bench-{cards}.yaml"
            path.write_text(deck_text(cards), encoding="utf-8")
            load = best_of(3, lambda p=path: load_decks([p]))
            lint = best_of(3, lambda p=path: lint_paths([p]))
            print(
                f"{cards:>5} cards: load {load * 1000:7.1f} ms   lint {lint * 1000:7.1f} ms   "
                f"lint/load {lint / load:5.2f}x"
            )


if __name__ == "__main__":
    main()
