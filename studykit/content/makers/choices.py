"""Choice options: the right answer and distractors from a pool, the same on every run
and machine (numbers derived from a seed text, never from a random generator)."""

from __future__ import annotations

import hashlib
import itertools
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence

CHOICE_OPTIONS = 4

_UNPACK_BLOCK = struct.Struct("<16I").unpack


def stable_numbers(seed: str) -> Iterator[int]:
    """32-bit numbers fixed by a seed text, so a card's options and their order are the
    same on every run and machine: blake2b in counter mode, ~10x cheaper per card than
    seeding `random.Random` with text (SHA-512 plus a 2.5 KB state). Taken `% n`, the
    bias is below 1e-5 for our pool sizes."""
    key = seed.encode()
    for block in itertools.count():
        yield from _UNPACK_BLOCK(hashlib.blake2b(key + b"#%d" % block).digest())


def shuffle(items: list[str], draw: Callable[[], int]) -> None:
    """Fisher-Yates, in place, with numbers from `draw`."""
    for last in range(len(items) - 1, 0, -1):
        other = draw() % (last + 1)
        items[last], items[other] = items[other], items[last]


def pick_options(
    seed: str,
    right: str,
    pool: Sequence[str],
    normal: Callable[[str], str],
    pool_normals: Sequence[str] | None = None,
    exclude: Iterable[str] = (),
) -> tuple[str, ...]:
    """Up to four options: the right one and distractors from `pool` (sorted, unique),
    shuffled stably. `exclude` names options that would also be right (e.g. a zone of
    the same system over the same area); `pool_normals` are the pool's texts already
    passed through `normal`. Samples indexes, so it costs the same for 10 peers or
    10,000."""
    wanted = CHOICE_OPTIONS - 1
    banned = {normal(right)}
    for other in exclude:
        banned.add(normal(other))
    size = len(pool)
    numbers = stable_numbers(seed)
    picked: list[str] = []
    tried: set[int] = set()
    draws = 4 * (wanted + len(banned)) if size else 0  # a few repeats are fine
    for number in itertools.islice(numbers, draws):
        index = number % size
        if index in tried:
            continue
        tried.add(index)
        if (normal(pool[index]) if pool_normals is None else pool_normals[index]) not in banned:
            picked.append(pool[index])
            if len(picked) == wanted:
                break
        if len(tried) == size:
            break
    if len(picked) < wanted and len(tried) < size:  # rare: unlucky draws
        others = [p for i, p in enumerate(pool) if i not in tried and normal(p) not in banned]
        while len(picked) < wanted and others:
            picked.append(others.pop(next(numbers) % len(others)))
    options = [right, *picked]
    shuffle(options, numbers.__next__)
    return tuple(options)
