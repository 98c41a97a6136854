"""Choice options that stay put: the right answer and up to three distractors, chosen and
ordered by hashes of the card's id and of each candidate, so the same on every run and
machine, and unchanged when another fact is added to or removed from the deck unless
that fact was one of this card's options.

Each card sees the candidates in an order of its own, fixed by the card id and the
candidate alone (a candidate's place never depends on which other candidates exist);
it takes the first valid ones. Removing a candidate that was not picked therefore changes
nothing. To stay fast for pools of thousands of candidates, the order is read off a ring
(consistent hashing with `VIRTUAL_NODES` points per candidate) instead of sorting the
whole pool for every card.

Plausibility comes first: `tiers` are pools from the closest kind of candidate (same
system, kind and region) to the broader (same system and kind); when the right answer
shares words with what the question shows, candidates that share words too are taken
first, so the answer is never the only option that echoes the question.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import re
import struct
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

CHOICE_OPTIONS = 4
VIRTUAL_NODES = 12
"""Ring points per candidate: with 12, each candidate's share of picks is within about
30 % of an even share."""

_MASK = (1 << 64) - 1
_UNPACK_BLOCK = struct.Struct("<16I").unpack

_STOPWORD_TEXT = """a an and or of the to in on at by for from with without into onto over under
    its it
    this that these those is are be as each both also see which what where who how
    one two three four five cm cun mm about between through along toward towards
    disorders disorder diseases disease complaints problems symptoms used treats treat
    line lines area areas point points zone zones band bands midline"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words that say nothing about which option is meant."""

_SUFFIXES = ("ical", "ions", "ion", "ual", "al", "ic", "ory", "ive", "es", "s")
_TOKEN = re.compile(r"[^\W_]+")


def stable_numbers(seed: str) -> Iterator[int]:
    """32-bit numbers fixed by a seed text: blake2b in counter mode."""
    key = seed.encode()
    for block in itertools.count():
        yield from _UNPACK_BLOCK(hashlib.blake2b(key + b"#%d" % block).digest())


@functools.lru_cache(maxsize=65536)
def text_hash(text: str) -> int:
    """A 64-bit hash of a text, the same on every machine (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _mix(value: int) -> int:
    """splitmix64's finaliser: spreads the bits of a 64-bit number."""
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def stem(word: str) -> str:
    """A crude stem, enough to see `visual` and `vision`, `tremor` and `tremors` alike."""
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_words(text: str) -> frozenset[str]:
    """The stems of the words of `text` that can point at an answer (no stopwords, no
    numbers or codes)."""
    return frozenset(
        stem(word)
        for word in _TOKEN.findall(text.lower())
        if len(word) > 2 and word not in STOPWORDS and not any(c.isdigit() for c in word)
    )


def names_option(about: str, option: str) -> bool:
    """Whether `about` names `option` (its whole name, or its code such as `MS13`), so
    the option is visibly not the answer."""
    about_words = _TOKEN.findall(about.lower())
    option_words = _TOKEN.findall(option.lower())
    if not option_words:
        return False
    code = option_words[0]
    if any(c.isdigit() for c in code) and any(c.isalpha() for c in code) and code in about_words:
        return True
    size = len(option_words)
    return any(
        about_words[i : i + size] == option_words for i in range(len(about_words) - size + 1)
    )


def lone_echo(about: str, options: Sequence[str], right: str) -> bool:
    """Whether `right` is the only option sharing words with `about` (a giveaway)."""
    shown = content_words(about)
    if not shown or not shown & content_words(right):
        return False
    return not any(shown & content_words(o) for o in options if o != right)


@dataclass(eq=False)
class Pool:
    """Candidates to draw distractors from (sorted, unique), with their ring."""

    items: tuple[str, ...]
    _hashes: list[int] = field(default_factory=list, repr=False)
    _ring_keys: list[int] = field(default_factory=list, repr=False)
    _ring_items: list[int] = field(default_factory=list, repr=False)
    _by_word: dict[str, list[int]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._hashes = [text_hash(item) for item in self.items]
        points = sorted(
            (_mix(base + (node + 1) * 0x9E3779B97F4A7C15 & _MASK), index)
            for index, base in enumerate(self._hashes)
            for node in range(VIRTUAL_NODES)
        )
        self._ring_keys = [key for key, _ in points]
        self._ring_items = [index for _, index in points]

    def sharing(self, words: frozenset[str]) -> list[int]:
        """Indexes of the candidates whose names share one of `words`."""
        if self._by_word is None:
            by_word: dict[str, list[int]] = defaultdict(list)
            for index, item in enumerate(self.items):
                for word in content_words(item):
                    by_word[word].append(index)
            self._by_word = by_word
        found: set[int] = set()
        for word in words:
            found.update(self._by_word.get(word, ()))
        return sorted(found)

    def walk(self, point: int) -> Iterator[str]:
        """The candidates in ring order from `point` (each candidate once)."""
        size = len(self._ring_keys)
        start = bisect.bisect_left(self._ring_keys, point)
        seen: set[int] = set()
        for step in range(size):
            index = self._ring_items[(start + step) % size]
            if index not in seen:
                seen.add(index)
                yield self.items[index]
                if len(seen) == len(self.items):
                    return


def make_pool(items: Iterable[str]) -> Pool:
    """A pool of the unique `items`, sorted."""
    return Pool(tuple(sorted(set(items))))


def pick_options(
    seed: str,
    right: str,
    tiers: Sequence[Pool],
    normal: Callable[[str], str],
    *,
    exclude: Iterable[str] = (),
    about: str = "",
) -> tuple[str, ...]:
    """`right` and up to three distractors from `tiers` (closest first), in an order
    fixed by `seed` (the card id). `exclude` are options that would also be right;
    options that `about` (the text the question shows) names are left out."""
    taken = {normal(right)}
    taken.update(normal(other) for other in exclude)
    wanted = CHOICE_OPTIONS - 1
    picked: list[str] = []
    salt = text_hash(seed)

    def take(candidate: str) -> bool:
        """Pick `candidate` if it is a valid distractor not yet picked."""
        key = normal(candidate)
        if key in taken or (about and names_option(about, candidate)):
            return False
        taken.add(key)
        picked.append(candidate)
        return True

    words = content_words(about) & content_words(right) if about else frozenset()
    if words and tiers:  # candidates echoing the question as the answer does come first
        broad = tiers[-1]
        echoes = [broad.items[i] for i in broad.sharing(content_words(about))]
        for candidate in sorted(echoes, key=lambda c: _mix(text_hash(c) ^ salt)):
            if len(picked) == wanted:
                break
            take(candidate)
    numbers = stable_numbers(seed)
    for pool in tiers:
        for _ in range(wanted):  # each draw is a fixed point on the ring: one pick
            if len(picked) == wanted or not pool.items:
                break
            point = (next(numbers) << 32) | next(numbers)
            if not any(take(candidate) for candidate in pool.walk(point)):
                break  # nothing valid left in this pool
    return order_options(seed, [right, *picked])


def order_options(seed: str, options: Sequence[str]) -> tuple[str, ...]:
    """The options in an order fixed by `seed` and the options themselves."""
    salt = text_hash(seed)
    return tuple(sorted(options, key=lambda option: _mix(text_hash(option) ^ salt)))
