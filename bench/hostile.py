"""Hostile deck files of about 1 MB each: every one must be answered (valid, or refused
with `file:line:column`) in at most 2 s (issue 16). Prints the time of `validate` on each
(best of N, in this process) against a valid 1 MB deck measured in the same run.

    python bench/hostile.py [--runs 3] [--size 1000000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from load import synthetic_deck

from studykit.cli import main

HEAD = 'id: hostile\ntitle: Hostile\nversion: "1"\n'
LIMIT_S = 2.0


def fill(line: Callable[[int], str], size: int, head: str = HEAD) -> str:
    parts, total, i = [head], len(head), 0
    while total < size:
        text = line(i)
        parts.append(text)
        total += len(text)
        i += 1
    return "".join(parts)


def valid(size: int) -> str:
    per_fact = len(synthetic_deck(100)) / 100
    return synthetic_deck(int(size / per_fact))


def alias_bomb(size: int) -> str:
    bomb = "".join(
        f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]\n" if i else "b0: &b0 [x, x, x]\n"
        for i in range(12)
    )
    return fill(lambda i: f"# padding {i}\n", size, HEAD + bomb)


def zone(i: int, extra: str = "") -> str:
    return (
        f"  - kind: zone\n    id: z{i}\n    system: international\n    code: Z{i}\n"
        f"    names: {{english: Zone {i}}}\n    location: {{description: here, region: parietal}}\n"
        f"{extra}"
    )


CASES: dict[str, Callable[[int], str]] = {
    "valid deck (baseline)": valid,
    "alias bomb + padding": alias_bomb,
    "100,000 unknown top-level keys": lambda s: fill(lambda i: f"unknown{i}: {i}\n", s),
    "one 1 MB unknown key": lambda s: HEAD + "k" * s + ": 1\n",
    "one 1 MB text value": lambda s: HEAD + 'description: "' + "x" * s + '"\n',
    "duplicate keys": lambda s: fill(lambda i: "title: again\n", s),
    "control escapes in every value": lambda s: fill(lambda i: f'k{i}: "\\e[2J{i}"\n', s),
    "facts with wrong types": lambda s: fill(
        lambda i: f"  - {{kind: zone, id: Z{i}!, system: 7, code: [], names: 1}}\n",
        s,
        HEAD + "facts:\n",
    ),
    "unknown zone references": lambda s: fill(
        lambda i: zone(i, f"    corresponds_to: [nodeck:zz{i}, z{i + 7}x]\n"),
        s,
        HEAD + "facts:\n",
    ),
    "unknown source references": lambda s: fill(
        lambda i: zone(i, f"    sources: [{{ref: S{i}x}}]\n"),
        s,
        HEAD + "references:\n  S1: {citation: a}\nfacts:\n",
    ),
    "colliding indications": lambda s: fill(
        lambda i: zone(i, "    indications: [" + ", ".join(["Motor aphasia"] * 40) + "]\n"),
        s,
        HEAD + "facts:\n",
    ),
    "deep flow nesting, repeated": lambda s: fill(
        lambda i: f"k{i}: " + "[" * 900 + "]" * 900 + "\n", s
    ),
    "deep block nesting": lambda s: fill(lambda i: " " * (i % 400) + f"k{i}:\n", s),
    "tabs and BOMs": lambda s: fill(lambda i: f"k{i}: a\n\t\n\ufeff", s),
    "huge numbers": lambda s: fill(lambda i: f"k{i}: {'9' * 4000}\n", s),
}


def measure(text: str, runs: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.yaml"
        path.write_text(text, encoding="utf-8")
        best, code = float("inf"), 0
        for _ in range(runs):
            start = time.perf_counter()
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                code = main(["validate", str(path)])
            best = min(best, time.perf_counter() - start)
    return best, code


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    slowest = 0.0
    for name, make in CASES.items():
        text = make(args.size)
        seconds, code = measure(text, args.runs)
        if name != "valid deck (baseline)":
            slowest = max(slowest, seconds)
        mark = "" if seconds <= LIMIT_S else "  OVER 2 s"
        print(f"{name:34} {len(text.encode()) / 1e6:5.2f} MB  exit {code}  {seconds:6.2f} s{mark}")
    print(f"slowest hostile file: {slowest:.2f} s (limit {LIMIT_S:.0f} s)")


if __name__ == "__main__":
    run()
