"""Load + validate + generate: the built-in decks and a synthetic 10,000-fact deck.

Prints wall times (best of N runs) and facts per second, and the share of each stage, so a
regression shows where it is. Target: 10,000 facts in under 1 s on a 2-core machine.

    python bench/load.py [--facts 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from studykit.generate import generate_cards
from studykit.loader import builtin_deck_paths, load_decks, read_deck
from studykit.yamlsource import decode, parse

SYSTEMS = ("international", "jiao", "zhu", "ynsa")


def synthetic_deck(facts: int) -> str:
    """A deck of `facts` zones, each with names, landmarks, a division and indications."""
    lines = [
        "# yaml-language-server: $schema=./studykit-deck.schema.json",
        "id: synthetic",
        "title: Synthetic benchmark deck",
        'version: "1.0"',
        "references:",
        '  S1: {citation: "Synthetic source for benchmarking"}',
        "facts:",
    ]
    for i in range(facts):
        system = SYSTEMS[i % len(SYSTEMS)]
        lines += [
            "  - kind: zone",
            f"    id: z{i}",
            f"    system: {system}",
            f"    code: Z{i}",
            "    names:",
            f"      english: Synthetic line number {i}",
            f"      pinyin: xiàn {i}",
            f"      hanzi: 线{i}",
            f"      aliases: [line {i}]",
            "    location:",
            f"      description: From point A{i} obliquely to point B{i}",
            f"      start: {{code: A{i}, name: Start {i}}}",
            f"      end: {{code: B{i}, name: End {i}}}",
            "      length: 1.5 cun",
            "      region: parietal",
            "    divisions:",
            "      - id: upper-1-5",
            "        part: upper 1/5",
            f"        treats: [paralysis of limb {i}]",
            f"    indications: [condition {i}, shared condition {i % 50}]",
            "    sources: [{ref: S1, confidence: two-sources}]",
        ]
    return "\n".join(lines) + "\n"


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    builtin_facts = sum(len(d.deck.facts) for d in load_decks([]))
    t_builtin = best_of(args.runs, lambda: generate_cards([d.deck for d in load_decks([])]))
    print(
        f"built-in decks: {len(builtin_deck_paths())} files, {builtin_facts} facts: "
        f"load+validate+generate {t_builtin * 1000:.1f} ms "
        f"({builtin_facts / t_builtin:,.0f} facts/s)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.yaml"
        path.write_text(synthetic_deck(args.facts), encoding="utf-8")
        raw = path.read_bytes()
        text, _ = decode(raw, path)
        assert text is not None
        t_parse = best_of(args.runs, lambda: parse(text, path))
        t_read = best_of(args.runs, lambda: read_deck(path))
        loaded, problems = read_deck(path)
        assert loaded is not None, problems
        cards = generate_cards([loaded.deck])
        t_generate = best_of(args.runs, lambda: generate_cards([loaded.deck]))
        t_total = best_of(
            args.runs,
            lambda: generate_cards([d.deck for d in load_decks([path], with_builtins=False)]),
        )
    size_mb = len(raw) / 1e6
    print(f"synthetic deck: {args.facts:,} facts, {size_mb:.1f} MB of YAML, {len(cards):,} cards")
    print(f"  parse YAML (with positions)   {t_parse * 1000:8.1f} ms")
    print(f"  + validate (pydantic)         {(t_read - t_parse) * 1000:8.1f} ms")
    print(f"  generate cards                {t_generate * 1000:8.1f} ms")
    print(
        f"  total load+validate+generate  {t_total * 1000:8.1f} ms  "
        f"= {args.facts / t_total:,.0f} facts/s  (target: 10,000 facts < 1000 ms)"
    )


if __name__ == "__main__":
    main()
