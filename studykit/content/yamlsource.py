"""Safe YAML reading that remembers where every value came from.

PyYAML's composer gives a node tree with line/column marks. We build plain Python data
from it ourselves, so that only plain data is ever constructed (a `!!python/...` tag is
an error, never executed), duplicate keys are reported instead of silently overwritten,
and any error found later can be mapped back to `file:line:column`. Large files that
`fastyaml` can vouch for are read by it instead, and their node tree is composed only
when a position is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from studykit.content.fastyaml import fast_load
from studykit.content.gcpause import gc_paused
from studykit.errors import Problem

try:  # libyaml is in PyYAML's wheels; fall back to the pure-Python loader without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_CONTAINER_TAGS = {_TAG + "map", _TAG + "seq"}
_SCALARS = yaml.constructor.SafeConstructor()

Path_ = tuple[str | int, ...]


class Located:
    """Parsed YAML data plus the node tree it came from, for positions.

    Data read by the fast path keeps its text instead, and the tree is composed from it
    the first time `root` is asked for (only when a problem has to be placed)."""

    __slots__ = ("_root", "_text", "data")

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
    """UTF-8 text of a file (a BOM is allowed), or the position of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
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
    if fast:
        same, data = fast_load(text)
        if same and data is not None:
            return Located(data, None, text), []
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, path)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly every error
        return None, [Problem(path, 1, 1, f"not valid YAML: {exc}")]
    if root is None:
        return None, [
            Problem(
                path, 1, 1, "the file is empty: a deck needs at least 'id', 'title' and 'version'"
            )
        ]
    problems: list[Problem] = []
    builder = _Builder(path, problems)
    data = builder.build(root)
    return Located(data, root), problems


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
        if exc.context and exc.context_mark and exc.context_mark.line != mark.line:
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
            return _SCALARS.construct_object(node)
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
            for candidate_key, candidate_value in node.value:
                if isinstance(candidate_key, ScalarNode) and candidate_key.value == item:
                    key_node, node = candidate_key, candidate_value
                    break
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


def position(node: Node | None) -> tuple[int, int]:
    """1-based (line, column) of a node, or (1, 1) when there is none."""
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


__all__ = ["Located", "decode", "locate", "parse", "position"]
