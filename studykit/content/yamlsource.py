"""Safe YAML reading that remembers where every value came from.

PyYAML's composer gives a node tree with line/column marks. We build plain Python data
from it ourselves, so that only plain data is ever constructed (a `!!python/...` tag is
an error, never executed), duplicate keys are reported instead of silently overwritten,
and any error found later can be mapped back to `file:line:column`. Large files that
`fastyaml` can vouch for (`FAST_FROM` characters and more, no alias) are read by it
instead, and their node tree is composed only when a position is asked for.

Work is bounded for any input: aliases may repeat at most `ALIAS_EXPANSION_LIMIT` values
in one file (an alias bomb is refused at the alias that crosses it), an alias inside the
node it names is refused, and nesting deeper than Python can follow is an error, all
placed at `file:line:column`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studykit.content.fastyaml import fast_load
from studykit.content.gcpause import gc_paused
from studykit.errors import Problem
from studykit.safetext import control_name, one_line

try:  # libyaml is in PyYAML's wheels; fall back to the pure-Python loader without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_CONTAINER_TAGS = {_TAG + "map", _TAG + "seq"}
_SCALARS = yaml.constructor.SafeConstructor()
_ALIAS = re.compile(r"(?:^|[\s\[\{,:])\*[^\s,\[\]{}]", re.MULTILINE)
"""Something that may be an alias (`*name`): only then are aliases counted."""

FAST_FROM = 200_000
"""Characters from which a file is worth trying the fast reader on: below, its checks cost
more than PyYAML takes (the built-in decks: 31 ms with them, 22 ms without)."""

ALIAS_EXPANSION_LIMIT = 100_000
"""The most values aliases may repeat in one deck file (documented in docs/authoring.md).
A deck reuses a list of sources a few dozen times; 531 bytes of nested aliases would
otherwise expand to billions of values."""

Path_ = tuple[str | int, ...]


class Located:
    """Parsed YAML data plus the node tree it came from, for positions.

    Data read by the fast path keeps its text instead, and the tree is composed from it
    the first time `root` is asked for (only when a problem has to be placed)."""

    __slots__ = ("_root", "_text", "data")

    @property
    def fast(self) -> bool:
        """Whether the fast reader read it (which refuses raw control characters)."""
        return self._root is None and self._text is not None

    def __init__(self, data: Any, root: Node | None, text: str | None = None) -> None:
        self.data = data
        self._root = root
        self._text = text

    @property
    def root(self) -> Node | None:
        if self._root is None and self._text is not None:
            try:
                with gc_paused():  # asked for late too (e.g. lint), outside the loader's pause
                    self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:  # read by yaml-rs, refused by PyYAML: no positions
                self._root = None
            self._text = None
        return self._root


def decode(raw: bytes, path: Path | str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file (a BOM is allowed), or the position of the first bad byte.

    Every leading BOM is dropped: an editor that adds one to a file that had one makes a
    doubled BOM, which would otherwise become part of the first key for one reader and
    not for the other."""
    while raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start]
        message = (
            f"the file is not UTF-8 text (byte 0x{bad:02X} here); save it as UTF-8 in your editor"
        )
        return None, [Problem(path, line, column, message)]


def parse(
    text: str, path: Path | str, *, fast: bool = True
) -> tuple[Located | None, list[Problem]]:
    """YAML text → data with positions; every problem found is returned.

    `fast=False` always composes with PyYAML (the reference the fast path is tested
    against)."""
    if ("*" in text and _ALIAS.search(text)) and (aliases := _alias_problems(text, path)):
        return None, aliases
    if fast and len(text) >= FAST_FROM:
        same, data = fast_load(text)
        if same and data is not None:
            return Located(data, None, text), []
    if ("[" in text or "{" in text) and (deep := _DEEP_FLOW.search(text)):
        return None, [_too_deep(text, path, deep.end())]  # composing it would take seconds
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, path)]
    except yaml.YAMLError as exc:  # e.g. a reader error: no mark, but often a position
        return None, [_unmarked_problem(exc, text, path)]
    except RecursionError:
        return None, [_too_deep(text, path)]
    if root is None:
        return None, [
            Problem(
                path, 1, 1, "the file is empty: a deck needs at least 'id', 'title' and 'version'"
            )
        ]
    problems: list[Problem] = []
    builder = _Builder(path, problems)
    try:
        data = builder.build(root)
    except RecursionError:
        return None, [_too_deep(text, path)]
    return Located(data, root), problems


def _alias_problems(text: str, path: Path | str) -> list[Problem]:
    """An alias used inside the node it names, or aliases that repeat more than
    `ALIAS_EXPANSION_LIMIT` values: each refused at the alias, from the event stream
    (which never expands anything). Syntax errors are left to the composer."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [anchor or None, values so far] per open collection
    repeated = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                if any(entry[0] == event.anchor for entry in stack):
                    return [
                        _event_problem(
                            event,
                            path,
                            f"the alias '*{event.anchor}' is used inside the list or mapping "
                            f"'&{event.anchor}' names, which would contain itself forever",
                        )
                    ]
                size = sizes.get(str(event.anchor), 0)
                repeated += size
                if repeated > ALIAS_EXPANSION_LIMIT:
                    return [
                        _event_problem(
                            event,
                            path,
                            f"aliases (*name) repeat more than {ALIAS_EXPANSION_LIMIT:,} values "
                            "in this file (nested aliases multiply); write the values out or "
                            "use fewer levels of aliases",
                        )
                    ]
                if stack:
                    stack[-1][1] += size
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += 1
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 1])
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
    except yaml.YAMLError:
        return []  # the composer reports it, with its position
    return []


def _event_problem(event: yaml.Event, path: Path | str, message: str) -> Problem:
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, column, message)


def _unmarked_problem(exc: yaml.YAMLError, text: str, path: Path | str) -> Problem:
    """A reader error (a character YAML does not allow) at its line and column."""
    if isinstance(exc, yaml.reader.ReaderError):
        at = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        character = text[at] if at < len(text) else ""
        name = control_name(character) if character else "a character"
        return Problem(path, line, column, f"{name} is not allowed in a deck file; remove it")
    return Problem(path, 1, 1, f"not valid YAML: {one_line(str(exc))}")


def _too_deep(text: str, path: Path | str, at: int | None = None) -> Problem:
    """Nesting deeper than a deck needs or the readers can follow, at the first bracket
    too deep (`at`, or found by counting)."""
    if at is not None:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1)
        return Problem(
            path,
            line,
            column,
            f"lists and mappings are nested too deeply (more than {_MOST_NESTING} levels)",
        )
    depth = 0
    line = column = 1
    for character in text:
        if character in "[{":
            depth += 1
            if depth > _MOST_NESTING:
                break
        elif character in "]}":
            depth -= 1
        if character == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    else:
        line = column = 1  # nested by indentation: no single place to point at
    return Problem(
        path,
        line,
        column,
        f"lists and mappings are nested too deeply (more than {_MOST_NESTING} levels)",
    )


_MOST_NESTING = 64
"""A deck nests a handful of levels; Python's recursion limit is 1,000."""
_GAP = r"[^\[\]{}\"'#]{0,40}+"
_DEEP_FLOW = re.compile(
    rf"[\[{{]{_GAP}[\[{{](?:{_GAP}[\[{{]){{{_MOST_NESTING - 1}}}"  # two openers first: fast
)
"""More than `_MOST_NESTING` brackets opened in a row, with no closing bracket, quote or
comment between (a quote would make the bracket text, not nesting)."""


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: Path | str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "not valid YAML"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        return Problem(path, line, column, "YAML syntax error: a tab; indent with spaces, not tabs")
    hints = {
        "mapping values are not allowed": (
            "a ':' where YAML did not expect one; if it is part of a value, put the value in quotes"
        ),
        "found duplicate anchor": "an anchor name (&name) is used twice",
        "found undefined alias": "an alias (*name) with no matching anchor (&name)",
        "could not find expected ':'": "a key without ':' (or an unclosed quote)",
    }
    for needle, hint in hints.items():
        if needle in problem:
            problem = hint
            break
    else:
        if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
            problem = f"{problem} ({exc.context} that starts on line {exc.context_mark.line + 1})"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
    return Problem(path, line, column, f"YAML syntax error: {problem}")


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, collecting problems."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.done: dict[int, Any] = {}

    def _problem(self, node: Node, message: str) -> None:
        self.problems.append(
            Problem(self.path, node.start_mark.line + 1, node.start_mark.column + 1, message)
        )

    def build(self, node: Node) -> Any:
        known = self.done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, ScalarNode):
            value = self._scalar(node)
        elif isinstance(node, SequenceNode):
            self._check_container_tag(node)
            value = [self.build(item) for item in node.value]
        elif isinstance(node, MappingNode):
            self._check_container_tag(node)
            value = self._mapping(node)
        else:  # pragma: no cover - the composer yields only these three
            value = None
        self.done[id(node)] = value
        return value

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == _TAG + "str":
            return node.value
        if node.tag in _PLAIN_TAGS:
            try:
                return _SCALARS.construct_object(node)
            except (ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
                self._problem(node, _scalar_message(node, exc))
                return None
        if node.tag == _TAG + "timestamp":
            return node.value  # dates stay text; no field of the deck format is a date
        if node.tag == _TAG + "merge":
            self._problem(node, "merge keys ('<<') are not supported; write the keys out")
            return None
        self._problem(node, _tag_message(node.tag))
        return None

    def _check_container_tag(self, node: Node) -> None:
        if node.tag not in _CONTAINER_TAGS:
            self._problem(node, _tag_message(node.tag))

    def _mapping(self, node: MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "a key must be a plain word, not a list or a mapping")
                continue
            key = self.build(key_node)
            if not isinstance(key, str):
                key = str(key) if key is not None else ""
            if key in first_seen:
                first_line = first_seen[key].start_mark.line + 1
                self._problem(key_node, f"duplicate key '{key}' (first given on line {first_line})")
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node)
        return result


def _scalar_message(node: ScalarNode, exc: Exception) -> str:
    """Why a plain value cannot be read as what its tag or spelling says."""
    kind = node.tag.replace(_TAG, "")
    if kind == "int" and "digits" in str(exc):
        return (
            "this number has too many digits (Python reads at most 4,300); "
            "put it in quotes if it is text"
        )
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
    wanted = {"int": "a whole number", "float": "a number", "bool": "true or false"}
    return f"'{shown}' is not {wanted.get(kind, kind)} (it is tagged !!{kind})"


def _tag_message(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    if shown.startswith("tag:yaml.org,2002:python/") or "python/" in shown:
        return f"the tag '{shown}' is not allowed: deck files hold plain data, never code"
    return (
        f"the tag '{shown}' is not allowed: deck files hold plain text, numbers, lists and mappings"
    )


def locate(root: Node | None, path: Sequence[str | int]) -> tuple[Node | None, Node | None, bool]:
    """Find the node at `path`: (key node, value node, whether the whole path was found).

    Path items that the data does not contain (pydantic's union tags such as `zone`) are
    skipped; when the path runs out, the deepest node reached is returned.
    """
    node = root
    key_node: Node | None = None
    found = True
    for item in path:
        if isinstance(node, MappingNode) and isinstance(item, str):
            pair = _keys_of(node).get(item)
            if pair is not None:
                key_node, node = pair
            else:
                found = False
        elif isinstance(node, SequenceNode) and isinstance(item, int):
            if 0 <= item < len(node.value):
                key_node, node = None, node.value[item]
            else:
                found = False
        else:
            found = False
    return key_node, node, found


def _keys_of(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    """The first (key node, value node) of each text key of a mapping, built once per
    mapping: placing every problem of a mapping with 100,000 keys by scanning it would
    take minutes."""
    index: dict[str, tuple[Node, Node]] | None = getattr(node, "_studykit_keys", None)
    if index is None:
        index = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                index.setdefault(key_node.value, (key_node, value_node))
        node._studykit_keys = index  # type: ignore[attr-defined]
    return index


def position(node: Node | None) -> tuple[int, int]:
    """1-based (line, column) of a node, or (1, 1) when there is none."""
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


__all__ = ["Located", "decode", "locate", "parse", "position"]
