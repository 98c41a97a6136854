"""Choice options that stay put: the right answer and up to three distractors, chosen and
ordered by hashes of the card's id and of each candidate, so the same on every run and
machine, and unchanged when another fact is added to or removed from the deck unless
that fact was one of this card's options (or, when added, comes before them).

Each card sees the candidates in an order of its own, fixed by the card id and the
candidate alone (a candidate's place never depends on which other candidates exist); it
takes the first valid ones. Removing a candidate that was not picked therefore changes
nothing. The order: candidates fall into `WINDOWS` fixed slots by their own hash; a card
visits the slots in an order drawn from its id, and within a slot ranks candidates by a
hash of card id and candidate. For a pool of a few dozen, nearly every candidate has a
slot of its own, so each is equally likely to come first; for a pool of thousands, a card
reads one or two slots instead of sorting the whole pool.

Plausibility comes first: `tiers` are pools from the closest kind of candidate (same
system, kind and region or view) to the broader (same system and kind); when the right
answer shares words with what the question shows, candidates that share words too are
taken first, so the answer is never the only option that echoes the question.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from studykit.content.makers.text import normal

CHOICE_OPTIONS = 4
WINDOWS = 4096
"""Slots the candidates of a pool fall into (by their own hash), a power of two."""
_SLOT = WINDOWS - 1
"""`value & _SLOT` is `value % WINDOWS`."""
SPARSE = 64
"""Pools with fewer occupied slots than this sort them instead of walking all slots."""

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15

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


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


text_hash = functools.lru_cache(maxsize=65536)(_hash)
"""A 64-bit hash of a text, the same on every machine (unlike `hash`); remembered, for
texts met again and again (candidates)."""


def _mix(value: int) -> int:
    """splitmix64's finaliser: spreads the bits of a 64-bit number."""
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem, enough to see `visual` and `vision`, `tremor` and `tremors` alike."""
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:6]


@functools.lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The stems of the words of `text` that can point at an answer (no stopwords, no
    numbers or codes)."""
    return frozenset(
        stem(word)
        for word in _TOKEN.findall(text.lower())
        if len(word) > 2 and word.isalpha() and word not in STOPWORDS
    )


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


@functools.lru_cache(maxsize=4096)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(_words(text))


def names_option(about: str, option: str) -> bool:
    """Whether `about` names `option` (its whole name, or its code such as `MS13`), so
    the option is visibly not the answer."""
    option_words = _words(option)
    if not option_words or option_words[0] not in _word_set(about):
        return False  # the common case: a quick no
    code = option_words[0]
    if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
        return True
    about_words = _words(about)
    size = len(option_words)
    return any(
        about_words[i : i + size] == option_words for i in range(len(about_words) - size + 1)
    )


@functools.lru_cache(maxsize=256)
def echoes(about: str, text: str) -> bool:
    """Whether `text` shares a content word (`content_words`) with `about`. A stem is the
    start of its word, so a stem that `about` does not contain cannot match: most calls
    end there, without splitting `about` (met once per card) into words. Remembered for
    a while: a choice card asks when its options are picked and again when checked."""
    words = content_words(text)
    if not words:
        return False
    lower = about.lower()
    if not any(word in lower for word in words):
        return False
    return not content_words(about).isdisjoint(words)


def lone_echo(about: str, options: Sequence[str], right: str) -> bool:
    """Whether `right` is the only option sharing words with `about` (a giveaway)."""
    if not echoes(about, right):
        return False
    shown = content_words(about)
    return not any(shown & content_words(o) for o in options if o != right)


@functools.lru_cache(maxsize=65536)
def _candidate(item: str) -> tuple[int, str, str]:
    """(hash, `text.normal` form, first word) of a candidate, worked out once: a title is
    a candidate in several pools (its kind, its region, its view)."""
    return text_hash(item), normal(item), next(iter(_words(item)), "")


class Pool:
    """Candidates to draw distractors from (sorted, unique), in their slots."""

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items
        known = [_candidate(item) for item in items]
        self.hashes = [hash_ for hash_, _, _ in known]
        self.normals = [normal_ for _, normal_, _ in known]
        """Each candidate compared loosely (`text.normal`)."""
        self.first_words = [first for _, _, first in known]
        slots: dict[int, list[int]] = defaultdict(list)
        for index, value in enumerate(self.hashes):
            slots[value % WINDOWS].append(index)
        self.slots = dict(slots)
        self._table: list[list[int] | None] | None = None
        self._by_word: dict[str, list[int]] | None = None
        self._positions: dict[str, int] | None = None

    def position(self, item: str) -> int | None:
        """The index of `item` among the candidates, None if it is not one."""
        if self._positions is None:
            self._positions = {item: index for index, item in enumerate(self.items)}
        return self._positions.get(item)

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

    def in_order(self, salt: int) -> Iterator[int]:
        """The candidates in the order of the card with this salt: the slots in an order
        of the card's own (the affine permutation `start + stride * step`, with a stride
        and a start drawn from the salt), each slot's candidates by a hash of salt and
        candidate. A sparse pool sorts its few slots by their step; a dense one walks the
        steps: the same order either way."""
        stride = (salt >> 11) % WINDOWS | 1  # odd, so every slot comes once
        start = (salt >> 31) % WINDOWS
        slots = self.slots
        if len(slots) < SPARSE:
            yield from self._sparse_order(slots, stride, start, salt)
            return
        if self._table is None:  # the slots by number: a list reads faster than a dict
            self._table = [slots.get(slot) for slot in range(WINDOWS)]
        table = self._table
        for position in range(start, start + stride * WINDOWS, stride):
            members = table[position & _SLOT]
            if members is None:
                continue
            if len(members) == 1:  # most slots of a dense pool
                yield members[0]
            else:
                yield from self._members(members, salt)

    def _sparse_order(
        self, slots: dict[int, list[int]], stride: int, start: int, salt: int
    ) -> Iterator[int]:
        """`in_order` for a pool of few slots: each slot's step (`start + stride * step`
        is the slot) worked out, and the slots taken by step from a heap, as many as
        the card reads (usually three or four)."""
        back = pow(stride, -1, WINDOWS)
        steps = [((slot - start) * back % WINDOWS, slot) for slot in slots]
        heapq.heapify(steps)  # the steps differ (a permutation): no tie to break
        while steps:
            yield from self._members(slots[heapq.heappop(steps)[1]], salt)

    def _members(self, members: list[int], salt: int) -> list[int]:
        """A slot's candidates in the card's order (a hash of salt and candidate)."""
        if len(members) == 1:
            return members
        return sorted(members, key=lambda i: _mix(self.hashes[i] ^ salt))


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
    keep: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """`right` and up to three distractors from `tiers` (closest first), in an order
    fixed by `seed` (the card id). `exclude` are options that would also be right;
    options that `about` (the text the question shows) names are left out. `normal`
    must compare as `text.normal` does (the pools' candidates are compared by it).

    `keep` are options shown before (remembered by the Anki export, so a student's note
    does not change when a newcomer would rank first): they are returned as they are,
    in their order, when they still pass every rule above (right among them, each other
    one still a candidate of a tier, not excluded, not named by `about`); otherwise
    the options are drawn afresh."""
    taken = {normal(right), *map(normal, exclude)}
    if keep is not None and _still_valid(keep, right, tiers, normal, set(taken), about):
        return tuple(keep)
    wanted = CHOICE_OPTIONS - 1
    picked: list[str] = []
    salt = _hash(seed)  # a card id: met once, not worth remembering
    shown = about.lower()

    def take(pool: Pool, index: int) -> bool:
        """Pick the candidate if it is a valid distractor not yet picked; whether the
        card has its distractors now."""
        key = pool.normals[index]
        if key not in taken:
            candidate = pool.items[index]
            # `about` can name the candidate only if it contains the candidate's first word
            if not (pool.first_words[index] in shown and names_option(about, candidate)):
                taken.add(key)
                picked.append(candidate)
        return len(picked) == wanted

    if about and tiers and echoes(about, right):
        broad = tiers[-1]  # candidates echoing the question as the answer does come first
        sharing = broad.sharing(content_words(about))
        for index in sorted(sharing, key=lambda i: _mix(broad.hashes[i] ^ salt)):
            if take(broad, index):
                break
    for number, pool in enumerate(tiers):  # each tier has an order of its own
        if len(picked) == wanted:
            break
        for index in pool.in_order(_mix(salt + number * _GOLDEN & _MASK)):
            if take(pool, index):
                break
    return _ordered(salt, [right, *picked])


def _still_valid(
    options: Sequence[str],
    right: str,
    tiers: Sequence[Pool],
    normal: Callable[[str], str],
    taken: set[str],
    about: str,
) -> bool:
    """Whether remembered `options` are still a valid draw: `right` once, two to
    `CHOICE_OPTIONS` options, each other one a candidate of a tier that `pick_options`
    would take (not right, excluded, repeated, or named by `about`)."""
    if not 2 <= len(options) <= CHOICE_OPTIONS or options.count(right) != 1:
        return False
    for option in options:
        if option == right:
            continue
        key = normal(option)
        if key in taken or (about and names_option(about, option)):
            return False
        if not any(pool.position(option) is not None for pool in tiers):
            return False
        taken.add(key)
    return True


def order_options(seed: str, options: Sequence[str]) -> tuple[str, ...]:
    """The options in an order fixed by `seed` and the options themselves."""
    return _ordered(_hash(seed), options)


def _ordered(salt: int, options: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(options, key=lambda option: _mix(text_hash(option) ^ salt)))
