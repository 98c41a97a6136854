"""Time to draw every map of the built-in decks (SVG and text), cold and warm.

Prints medians of several runs and ratios against a baseline measured in the same run:
loading and validating the built-in decks (what every command does before drawing).
Target: all maps well under a second.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from studykit.content.loader import load_decks
from studykit.maps.atlas import Atlas
from studykit.maps.head import _lateral_section, scalp_point

RUNS = 5


def median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    decks = [loaded.deck for loaded in load_decks([])]
    baseline = median_seconds(lambda: load_decks([]))

    def fresh_atlas() -> Atlas:
        scalp_point.cache_clear()
        _lateral_section.cache_clear()
        return Atlas(decks)

    def cold_svgs() -> int:
        atlas = fresh_atlas()
        refs = atlas.drawable()
        for ref in refs:
            atlas.svg([ref])
        return len(refs)

    def cold_everything() -> None:
        atlas = fresh_atlas()
        refs = atlas.drawable()
        for ref in refs:
            atlas.svg([ref])
            atlas.svg([ref], labels=False)
            atlas.text(ref, 60, 20)
        for system in ("international", "jiao", "zhu"):
            atlas.svg(atlas.drawable(system), "all")

    count = cold_svgs()
    warm_atlas = Atlas(decks)
    warm_atlas.drawable()
    one_text = median_seconds(lambda: warm_atlas.text("scalp-standard-lines:ms6", 60, 20), 20)

    figures = [
        ("load built-in decks (baseline)", baseline),
        (f"all {count} zone SVGs, cold (model + shapes + SVG)", median_seconds(cold_svgs)),
        ("all SVGs x2 + text maps + 3 system maps, cold", median_seconds(cold_everything)),
        ("one 60x20 braille map (shapes cached)", one_text),
    ]
    print(f"{'what':58} {'median':>10} {'x baseline':>11}")
    for label, seconds in figures:
        print(f"{label:58} {seconds * 1000:8.1f}ms {seconds / baseline:10.2f}x")


if __name__ == "__main__":
    main()
