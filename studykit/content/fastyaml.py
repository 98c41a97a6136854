"""A fast way to read large deck files that never changes what a file means.

PyYAML (through `yamlsource`) is the reference reader: it keeps positions for error
messages, and composing its node tree costs ~1 µs per node, so a 10,000-fact deck takes
about a second. `yaml-rs` (Rust) reads the same file several times faster, but it follows
YAML 1.2 where PyYAML follows 1.1 (`yes` is text, `017` is 17, `1e3` is a number), ignores
unknown tags, and keeps no positions. So its result is used only when PyYAML would have
built exactly the same data, decided conservatively: any doubt (a tag, a directive, a
1.1-only number spelling, an odd line break, a non-text key, a number-like or yes/no text
that may be unquoted, any error) sends the file to PyYAML. Positions are composed later,
only when a problem has to be placed.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml.resolver
from yaml.nodes import ScalarNode

try:  # an optional speed-up: without it every file is read by PyYAML
    import yaml_rs
except ImportError:  # pragma: no cover - yaml-rs is a dependency; kept optional on purpose
    yaml_rs = None  # type: ignore[assignment]

_TEXT_THE_READERS_SPLIT_DIFFERENTLY = re.compile(
    # line breaks only YAML 1.1 knows, characters PyYAML refuses to read, and a BOM
    # (PyYAML drops one at the start, yaml-rs keeps it as part of the first key)
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_TAB_AT_LINE_START = re.compile(r"^ *\t", re.MULTILINE)
"""A tab in indentation, even on a blank line: PyYAML refuses it, yaml-rs skips it."""
_TAG_OR_DIRECTIVE = re.compile(r"(?:^|[\s\[\{,])!|^%", re.MULTILINE)
_ANCHOR_WITHOUT_NAME = re.compile(r"[&*](?![\w-])")
"""`{&: x}`: yaml-rs reads an anchor with no name, PyYAML refuses it."""
_ALIAS = re.compile(r"(?:^|[\s\[\{,:])\*[^\s,\[\]{}]", re.MULTILINE)
"""An alias (`*name`): yaml-rs expands it (up to a million values, and follows a loop
once); PyYAML reads the file and bounds what aliases repeat."""
_ANCHOR = re.compile(r"(?:^|[\s\[\{,])&([\w-]+)", re.MULTILINE)
"""An anchor: PyYAML refuses a name given twice, yaml-rs takes the last."""
_FLOWS_ACROSS_LINES = (re.compile(r"\{[^\[\]{}\n]*\n"), re.compile(r"\[[^\[\]{}\n]*\n"))
"""`{a\n: b}`: yaml-rs lets a flow key span lines, PyYAML refuses it. A line whose last
bracket opens a flow. (Two patterns that start with a literal: `re` skips ahead to it, 5x
faster than one character class; each stops at the next bracket, so a line of 100,000
brackets costs linear time, not quadratic.)"""
_NUMBER_SPELLED_DIFFERENTLY = re.compile(
    # exponents, underscores, leading zeros and 0o/0x/0b prefixes, signed `.5`, `1:30`
    r"\d[eE_:]|(?<![\w.])[-+]?0[0-9oObBxX_]|[-+]\.\d"
)
_YAML11_WORDS = frozenset(
    ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "=", "<<"]
)  # plain words that PyYAML reads as booleans, a 'value' tag or a merge key
_NUMBER_START = frozenset("-+.0123456789")
_INDICATORS = frozenset("|>?`@%!&*,[]{}#'\"-:")
"""A text starting with one of these, if written plain, is read differently (or refused)
by the two readers: `{?: x}`, `[|]`."""
_SUSPECT_FIRST = _INDICATORS | _NUMBER_START | {w[0] for w in _YAML11_WORDS} | {"\n"}
_MOST_LOOKALIKES_CHECKED = 64
"""More distinct number-like texts than this: not worth scanning for, use PyYAML."""
_MOST_OCCURRENCES_CHECKED = 20_000
_JOINS_BEFORE = "_.+-'\""
_JOINS_AFTER = "_.'\""
_PYYAML_TYPES = yaml.resolver.Resolver()
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
"""Tags whose values our PyYAML builder keeps as the text itself (dates stay text)."""


def fast_load(text: str) -> tuple[bool, Any]:
    """(True, data) when yaml-rs read `text` and PyYAML would build the same data;
    (False, None) when the file must go to PyYAML (which also reports its errors)."""
    if yaml_rs is None or _TEXT_THE_READERS_SPLIT_DIFFERENTLY.search(text):
        return False, None
    if "\t" in text and _TAB_AT_LINE_START.search(text):
        return False, None
    if ("!" in text or "%" in text) and _TAG_OR_DIRECTIVE.search(text):
        return False, None
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return False, None  # a block scalar ending the file: yaml-rs adds a line break
    if ("&" in text or "*" in text) and _ANCHOR_WITHOUT_NAME.search(text):
        return False, None
    if "*" in text and _ALIAS.search(text):
        return False, None  # PyYAML counts what aliases repeat (and refuses loops)
    if "&" in text:
        anchors = _ANCHOR.findall(text)
        if len(anchors) != len(set(anchors)):
            return False, None
    if any(flow.search(text) for flow in _FLOWS_ACROSS_LINES):
        return False, None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any complaint at all: PyYAML reads the file and explains
        return False, None
    if type(data) is not dict:  # a deck is one mapping; PyYAML explains anything else
        return False, None
    walked = _walk(data)
    if walked is None:
        return False, None
    has_numbers, lookalikes = walked
    if has_numbers and _NUMBER_SPELLED_DIFFERENTLY.search(text):
        return False, None
    if lookalikes and _maybe_written_plain(lookalikes, text):
        return False, None
    return True, data


def _walk(data: Any) -> tuple[bool, set[str]] | None:
    """Whether `data` holds numbers, and its texts that PyYAML would read as something
    else if they were written without quotes; None when it holds what only tags or YAML
    1.2 make (sets, dates, non-text keys). No recursion: deep nesting cannot overflow.

    The hot loop of the fast path (600,000 values in a 10,000-fact deck): a text is
    looked at closely only when its first character could make it a lookalike."""
    numbers = False
    lookalikes: set[str] = set()
    plain_keys: set[str] = set()
    stack = [data]
    pop, push_all, suspect = stack.pop, stack.extend, _SUSPECT_FIRST
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            if item and item[0] in suspect and _lookalike_or_bad(item, lookalikes):
                return None
        elif kind is dict:
            for key in item:
                if key in plain_keys:
                    continue
                if type(key) is not str or not key:
                    return None
                if key[0] in suspect and _lookalike_or_bad(key, lookalikes):
                    return None
                plain_keys.add(key)
            push_all(item.values())
        elif kind is list:
            push_all(item)
        elif kind is int:
            numbers = True
            if item.bit_length() > 63:  # PyYAML refuses numbers over 4,300 digits
                return None
        elif kind is float:
            numbers = True
        elif item is not None and kind is not bool:
            return None
    return numbers, lookalikes


def _lookalike_or_bad(text: str, lookalikes: set[str]) -> bool:
    """Adds `text` to `lookalikes` if it is one; True if it rules the fast path out."""
    if not text.strip("\n"):
        return True  # an empty block scalar: yaml-rs keeps its line break
    if _lookalike(text):
        lookalikes.add(text)
    return False


def _maybe_written_plain(texts: set[str], text: str) -> bool:
    """Whether any of `texts` occurs in the file other than inside quotes or a longer
    word, i.e. where it may be a plain scalar that PyYAML types differently (`"1.0"` is
    safe, `version: 1.0` is not). `str.find`, not a regex: a look-behind makes `re` try
    every position of a 6 MB file (~90 ms); this takes ~1 ms."""
    if len(texts) > _MOST_LOOKALIKES_CHECKED:
        return True
    budget = _MOST_OCCURRENCES_CHECKED
    for lookalike in texts:
        at = text.find(lookalike)
        while at != -1:
            budget -= 1
            if budget < 0:
                return True
            end = at + len(lookalike)
            before = text[at - 1] if at else " "
            after = text[end] if end < len(text) else " "
            if not _joins(before, _JOINS_BEFORE) and not _joins(after, _JOINS_AFTER):
                return True
            at = text.find(lookalike, at + 1)
    return False


def _joins(character: str, joiners: str) -> bool:
    """Whether `character` makes a neighbouring text part of a longer token or a quote."""
    return character.isalnum() or character in joiners


@functools.lru_cache(maxsize=1024)  # e.g. `1.5 cun` comes up once per zone
def _lookalike(text: str) -> bool:
    """Whether `text` (not empty), written plain, may be read differently by PyYAML."""
    first = text[0]
    return (
        first in _INDICATORS or text in _YAML11_WORDS or (first in _NUMBER_START and _typed(text))
    )


def _typed(text: str) -> bool:
    """Whether PyYAML would read `text`, written plain, as something other than text."""
    tag: str = _PYYAML_TYPES.resolve(  # type: ignore[no-untyped-call]
        ScalarNode, text, (True, False)
    )
    return tag not in _TEXT_TAGS


__all__ = ["fast_load"]
