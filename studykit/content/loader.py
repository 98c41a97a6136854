"""Deck files → validated models, with every problem reported as `file:line:column`.

A file is read, decoded, composed (see `yamlsource`), validated by pydantic, and checked
for what a schema cannot say (duplicate ids, citations of unknown references, zone
references across decks). All problems of all files are gathered before anything fails,
so an instructor fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from studykit.content.deckfiles import DECK_SUFFIXES, builtin_deck_dir, builtin_deck_paths
from studykit.content.gcpause import gc_paused
from studykit.content.yamlsource import Located, decode, locate, parse, position
from studykit.errors import DeckError, Problem, UnknownDeckError
from studykit.models import Deck, split_zone_ref
from studykit.models.slugs import slug
from studykit.models.source import KNOWN_REFERENCES
from studykit.safetext import control_name, first_control


@dataclass(slots=True)
class LoadedDeck:
    """A valid deck and where it came from (its node tree gives positions later)."""

    deck: Deck
    path: Path
    located: Located = field(repr=False)
    builtin: bool = False
    replaces: Path | None = None
    """The built-in deck file this deck (a file with a built-in deck's id) stands in for."""

    @property
    def id(self) -> str:
        return self.deck.id

    def problem_at(self, path: Sequence[str | int], message: str) -> Problem:
        """A problem placed at the value found at `path` inside this deck's file."""
        return _problem_at(self.located, self.path, path, message)


def read_deck(path: Path, *, builtin: bool = False) -> tuple[LoadedDeck | None, list[Problem]]:
    """Read and validate one file; returns the deck (if valid) and every problem found.

    References to zones of other decks are checked by `load_decks`, not here."""
    _guesses.left = _MOST_GUESSES
    with gc_paused():
        loaded, _, problems = _read(path, builtin)
    return loaded, problems


def _read(path: Path, builtin: bool) -> tuple[LoadedDeck | None, Located | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None, [Problem(path, 1, 1, "no such file")]
    except IsADirectoryError:
        return None, None, [Problem(path, 1, 1, "this is a folder, not a deck file")]
    except OSError as exc:
        return None, None, [Problem(path, 1, 1, f"cannot read the file: {exc.strerror or exc}")]
    text, problems = decode(raw, path)
    if text is None:
        return None, None, problems
    located, problems = parse(text, path)
    if located is None:
        return None, None, problems
    data = located.data
    if not isinstance(data, dict):
        found = _kind_of(data)
        return (
            None,
            None,
            [
                *problems,
                Problem(
                    path,
                    1,
                    1,
                    f"a deck file must be a mapping of keys (id:, title:, facts:, "
                    f"...) at the top level, but this file holds {found}",
                ),
            ],
        )
    problems.extend(_duplicate_ids(located, path))
    if "\\" in text or (not located.fast and _RAW_CONTROL.search(text)):  # the only ways
        problems.extend(_control_characters(located, path))
    known = _reference_keys(data)
    try:  # validation also fails on a source citing an unknown key ...
        deck = Deck.model_validate(data, context={KNOWN_REFERENCES: known})
    except ValidationError as exc:
        # ... which the walk over the raw data then places and explains, with the parts
        # of a broken deck that validation does not reach (it costs a walk over every value,
        # so it is not done for a valid deck).
        problems.extend(_unknown_references(located, path, known))
        flagged = {(p.line, p.column) for p in problems}  # e.g. a rejected tag: say it once
        problems.extend(
            p for p in _validation_problems(exc, located, path) if (p.line, p.column) not in flagged
        )
    if problems:
        return None, located, _at_most(_sorted_unique(problems), path)
    return LoadedDeck(deck, path, located, builtin), located, []


def load_decks(paths: Iterable[Path], *, with_builtins: bool = True) -> list[LoadedDeck]:
    """Load the built-in decks (optionally) and the given files; all problems at once.

    Raises:
        DeckError: with every problem in every file, including broken cross-deck references.
    """
    problems: list[Problem] = []
    decks: list[LoadedDeck] = []
    parsed: list[tuple[Path, Located]] = []
    seen: set[Path] = set()
    entries = [(p, True) for p in builtin_deck_paths()] if with_builtins else []
    entries += [(Path(p), False) for p in paths]
    _guesses.left = _MOST_GUESSES
    with gc_paused():
        for path, builtin in entries:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            loaded, located, found = _read(path, builtin)
            problems.extend(found)
            if loaded is not None:
                decks.append(loaded)
            if located is not None and isinstance(located.data, dict):
                parsed.append((path, located))
        decks, parsed = _replace_builtins(decks, parsed)
        problems.extend(_duplicate_deck_ids(decks))
        problems.extend(resolve_references(parsed))
    if problems:
        by_file: dict[str, list[Problem]] = {}
        for problem in problems:
            by_file.setdefault(str(problem.path), []).append(problem)
        raise DeckError([p for path, found in by_file.items() for p in _at_most(found, Path(path))])
    return decks


def select_decks(decks: list[LoadedDeck], names: Sequence[str]) -> list[LoadedDeck]:
    """The decks named by id or by path, in the order named (all decks if none named).

    Raises:
        UnknownDeckError: a name that is neither a loaded deck's id nor its path.
    """
    if not names:
        return list(decks)
    by_id = {d.id: d for d in decks}
    by_path = {d.path.resolve(): d for d in decks}
    chosen: list[LoadedDeck] = []
    for name in names:
        deck = by_id.get(name) or by_path.get(Path(name).resolve())
        if deck is None:
            hint = _did_you_mean(name, by_id)
            raise UnknownDeckError(
                f"no deck named '{name}'{hint}; known decks: {', '.join(sorted(by_id)) or 'none'}"
            )
        if deck not in chosen:
            chosen.append(deck)
    return chosen


# ---------------------------------------------------------------------------------------
# Checks a schema cannot express


def _duplicate_ids(located: Located, path: Path) -> list[Problem]:
    """Duplicate ids, checked on the raw data so that they are reported together with
    schema errors."""
    data = located.data
    problems: list[Problem] = []

    def duplicates(items: Any, key: str, where: tuple[str | int, ...], what: str) -> None:
        if not isinstance(items, list) or len(items) < 2:
            return
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in first:
                line, _ = position(locate(located.root, (*where, first[value]))[1])
                problems.append(
                    _problem_at(
                        located,
                        path,
                        (*where, index, key),
                        f"duplicate {what} '{value}' (first used on line {line})",
                    )
                )
            else:
                first[value] = index

    duplicates(data.get("facts"), "id", ("facts",), "fact id")
    problems.extend(_same_card_id(located, path))
    duplicates(data.get("cards"), "key", ("cards",), "card key")
    for index, fact in enumerate(data.get("facts") or []):
        if isinstance(fact, dict):
            for name, key, what in (
                ("divisions", "id", "division id"),
                ("conflicts", "about", "conflict about"),
            ):
                duplicates(fact.get(name), key, ("facts", index, name), what)
    return problems


def _control_characters(located: Located, path: Path) -> list[Problem]:
    """A problem at each key or text value holding a control character (C0 other than
    tab and newline, DEL, C1): deck text is shown in terminals, where `\\e]52;...` would
    write to the clipboard. Only reached when the file has a backslash escape or a raw
    control character, the only ways a value can hold one."""
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(located.data, ())]
    while stack and len(problems) < _MOST_PROBLEMS_PER_FILE:
        value, where = stack.pop()
        if isinstance(value, str):
            at = first_control(value)
            if at >= 0:
                problems.append(_control_problem(located, path, where, value[at], key=False))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and first_control(key) >= 0:
                    bad = key[first_control(key)]
                    problems.append(_control_problem(located, path, (*where, key), bad, key=True))
                stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
    return problems


def _control_problem(
    located: Located, path: Path, where: Sequence[str | int], character: str, *, key: bool
) -> Problem:
    key_node, node, _ = locate(located.root, where)
    line, column = position(key_node if key and key_node is not None else node)
    what = "this key" if key else "this text"
    return Problem(
        path,
        line,
        column,
        f"{what} holds the control character {control_name(character)}; deck text must "
        "be plain text (a terminal would obey it): remove the escape",
    )


def _at_most(problems: list[Problem], path: Path) -> list[Problem]:
    """The first `_MOST_PROBLEMS_PER_FILE` problems, and a line saying how many more."""
    if len(problems) <= _MOST_PROBLEMS_PER_FILE:
        return problems
    last = problems[_MOST_PROBLEMS_PER_FILE - 1]
    more = len(problems) - _MOST_PROBLEMS_PER_FILE
    return [
        *problems[:_MOST_PROBLEMS_PER_FILE],
        Problem(path, last.line, last.column, f"... and {more:,} more problems in this file"),
    ]


_MOST_PROBLEMS_PER_FILE = 200
_MOST_ERRORS_EXPLAINED = 1_000
"""Schema errors turned into problems per file (more would only be cut off later)."""
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_SLUGGED_LISTS = (
    ("indications", "text", 48, "indication"),
    ("corresponds_to", "zone", 80, "corresponding zone"),
)
"""Lists whose items name cards by a slug of their text (see `content.generate`): two
items with one slug would give two cards one id, which export refuses."""


def _same_card_id(located: Located, path: Path) -> list[Problem]:
    """Items of a fact's indications (or corresponding zones) whose cards would share an
    id: a repeated item, or two that differ only in case, accents or punctuation."""
    problems: list[Problem] = []
    facts = located.data.get("facts")
    for f_index, fact in enumerate(facts if isinstance(facts, list) else []):
        if not isinstance(fact, dict):
            continue
        for name, key, length, what in _SLUGGED_LISTS:
            items = fact.get(name)
            if not isinstance(items, list) or len(items) < 2:
                continue
            first: dict[str, tuple[int, str]] = {}
            for index, item in enumerate(items):
                text = item.get(key) if isinstance(item, dict) else item
                if not isinstance(text, str):
                    continue
                words = slug(text.replace(":", "-"), length)
                if words not in first:
                    first[words] = (index, text)
                    continue
                other_index, other = first[words]
                line, _ = position(locate(located.root, ("facts", f_index, name, other_index))[1])
                if other == text:
                    message = (
                        f"this {what} repeats '{other}' (line {line}): two cards would get "
                        "one id; remove the repeat"
                    )
                else:
                    message = (
                        f"this {what} and '{other}' (line {line}) differ only in case, accents "
                        f"or punctuation, so their cards would get one id ('{words}'); merge "
                        "them or reword one"
                    )
                where = ("facts", f_index, name, index)
                problems.append(_problem_at(located, path, where, message))
    return problems


def _reference_keys(data: dict[str, Any]) -> set[str]:
    """The keys listed under the deck's `references:` (none if that is not a mapping)."""
    references = data.get("references")
    return set(references) if isinstance(references, dict) else set()


def _unknown_references(located: Located, path: Path, known: set[str]) -> list[Problem]:
    """A problem at each `sources:` entry citing a `ref` that is not in `known`."""
    problems: list[Problem] = []

    def walk(value: Any, where: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            ref = value.get("ref")
            if where and where[-2:-1] == ("sources",) and isinstance(ref, str) and ref not in known:
                hint = _did_you_mean(ref, known)
                problems.append(
                    _problem_at(
                        located,
                        path,
                        (*where, "ref"),
                        f"unknown reference '{ref}'{hint}: add it under "
                        "'references:' at the top of the deck, or write out 'citation:'",
                    )
                )
            for key, item in value.items():
                walk(item, (*where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*where, index))

    if _cites_unknown_reference(located.data, known):  # the walk with paths only when needed
        walk(located.data, ())
    return problems


def _cites_unknown_reference(data: Any, known: set[str]) -> bool:
    """Whether any `sources:` entry cites a `ref` missing from `known`; a cheap pass
    without paths (a 10,000-fact deck has 600,000 values)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            sources = item.get("sources")
            for source in sources if type(sources) is list else ():
                ref = source.get("ref") if type(source) is dict else None
                if isinstance(ref, str) and ref not in known:
                    return True
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return False


def _problem_at(located: Located, path: Path, where: Sequence[str | int], message: str) -> Problem:
    """A problem placed at the value found at `where` inside the file at `path`."""
    line, column = position(locate(located.root, where)[1])
    return Problem(path, line, column, message)


def _replace_builtins(
    decks: list[LoadedDeck], parsed: list[tuple[Path, Located]]
) -> tuple[list[LoadedDeck], list[tuple[Path, Located]]]:
    """The one rule for edited copies: a deck file given by path with a built-in deck's id
    replaces that built-in deck (an instructor's edited copy); `LoadedDeck.replaces` says
    so, for a notice. Two given files with one id are still an error."""
    given = {d.id: d for d in decks if not d.builtin}
    dropped = {d.path for d in decks if d.builtin and d.id in given}
    if not dropped:
        return decks, parsed
    kept: list[LoadedDeck] = []
    for loaded in decks:
        if loaded.path in dropped:
            given[loaded.id].replaces = loaded.path
        else:
            kept.append(loaded)
    return kept, [(path, located) for path, located in parsed if path not in dropped]


def replacement_notices(decks: Iterable[LoadedDeck]) -> list[str]:
    """One line per built-in deck replaced by a given file, for commands to print."""
    return [
        f"note: {d.path} replaces the built-in deck '{d.id}' (same id)"
        for d in decks
        if d.replaces is not None
    ]


def _duplicate_deck_ids(decks: list[LoadedDeck]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, LoadedDeck] = {}
    for loaded in decks:
        if loaded.id in first:
            other = first[loaded.id]
            problems.append(
                loaded.problem_at(
                    ("id",),
                    f"deck id '{loaded.id}' is already used by {other.path}; "
                    "deck ids must be unique (card ids start with them)",
                )
            )
        else:
            first[loaded.id] = loaded
    return problems


def resolve_references(parsed: Sequence[tuple[Path, Located]]) -> list[Problem]:
    """Check every zone reference (`deck-id:zone-id`) against all decks read.

    Works on the raw data, so a deck with schema errors still gets its references checked
    in the same run."""
    index: dict[str, dict[str, dict[str, Any]]] = {}
    for _, located in parsed:
        deck_id = located.data.get("id")
        facts = located.data.get("facts")
        if isinstance(deck_id, str):  # a deck without facts is loaded, and has no zones
            entries = index.setdefault(deck_id, {})
            for fact in facts if isinstance(facts, list) else []:
                if isinstance(fact, dict) and isinstance(fact.get("id"), str):
                    entries.setdefault(fact["id"], fact)
    problems: list[Problem] = []
    zone_ids: dict[str, list[str]] = {}
    for path, located in parsed:
        own = located.data.get("id")
        facts = located.data.get("facts")
        if not isinstance(own, str) or not isinstance(facts, list):
            continue
        for f_index, fact in enumerate(facts):
            if not isinstance(fact, dict):
                continue
            for field_name in ("treated_by", "corresponds_to"):
                refs = fact.get(field_name)
                for r_index, ref in enumerate(refs if isinstance(refs, list) else []):
                    target = ref.get("zone") if isinstance(ref, dict) else ref
                    division = ref.get("division") if isinstance(ref, dict) else None
                    if not isinstance(target, str):
                        continue
                    message = _reference_problem(target, division, own, index, zone_ids)
                    if message:
                        where = ("facts", f_index, field_name, r_index)
                        problems.append(_problem_at(located, path, where, message))
    return problems


def _reference_problem(
    ref: str,
    division: Any,
    own_deck: str,
    index: dict[str, dict[str, dict[str, Any]]],
    zone_ids: dict[str, list[str]],
) -> str:
    deck_id, zone_id = split_zone_ref(ref, own_deck)
    if deck_id not in index:
        hint = _did_you_mean(deck_id, index)
        return f"'{ref}' refers to deck '{deck_id}', which is not loaded{hint}"
    target = index[deck_id].get(zone_id)
    if target is None:
        if _guesses.left > 0 and deck_id not in zone_ids:  # listed once, not once per ref
            zone_ids[deck_id] = [k for k, v in index[deck_id].items() if v.get("kind") == "zone"]
        hint = _did_you_mean(zone_id, zone_ids.get(deck_id, ())) if _guesses.left > 0 else ""
        return f"'{ref}': deck '{deck_id}' has no zone '{zone_id}'{hint}"
    if target.get("kind") != "zone":
        return f"'{ref}' is a {target.get('kind')}, not a zone"
    if isinstance(division, str):
        parts = target.get("divisions")
        known = (
            [d.get("id") for d in parts if isinstance(d, dict)] if isinstance(parts, list) else []
        )
        if division not in known:
            hint = _did_you_mean(division, [k for k in known if isinstance(k, str)])
            listed = ", ".join(str(k) for k in known) or "none"
            return f"zone '{ref}' has no division '{division}'{hint} (it has: {listed})"
    return ""


# ---------------------------------------------------------------------------------------
# pydantic errors → words an instructor understands, at the right line and column


def _validation_problems(exc: ValidationError, located: Located, path: Path) -> list[Problem]:
    grouped: dict[tuple[int, int], list[str]] = {}
    for error in exc.errors(include_url=False)[:_MOST_ERRORS_EXPLAINED]:
        loc = error["loc"]
        kind = error["type"]
        key_node, node, _ = locate(located.root, loc)
        if kind == "missing":
            _, parent, _ = locate(located.root, loc[:-1])
            where = position(parent)
            message = f"missing required key '{loc[-1]}'"
            parent_loc = _data_path(located, loc[:-1])
            if parent_loc:
                message += f" in {_describe_path(parent_loc)}"
        elif kind == "extra_forbidden":
            where = position(key_node or node)
            allowed = _allowed_keys(loc[:-1])
            hint = _did_you_mean(str(loc[-1]), allowed)
            message = f"unknown key '{loc[-1]}'{hint}"
            if " " in str(loc[-1]) and error.get("input") is None:
                message += (
                    "; a comma inside {...} starts a new key: put text that has commas in quotes"
                )
            elif not hint and allowed:
                message += f"; allowed here: {', '.join(allowed)}"
        elif kind in {"union_tag_invalid", "union_tag_not_found"}:
            _, kind_node, kind_found = locate(located.root, (*loc, "kind"))
            where = position(kind_node if kind_found else node)
            message = _describe_error(error)
        else:
            where = position(node)
            message = _describe_error(error)
        grouped.setdefault(where, [])
        if message not in grouped[where]:
            grouped[where].append(message)
    problems: list[Problem] = []
    for (line, column), messages in grouped.items():
        expected = [m for m in messages if m.startswith("expected ")]
        if len(expected) > 1:
            joined = " or ".join(m.removeprefix("expected ").split(",")[0] for m in expected)
            messages = [f"expected {joined}"] + [m for m in messages if m not in expected]
        problems.extend(Problem(path, line, column, m) for m in messages)
    return problems


def _data_path(located: Located, loc: Sequence[str | int]) -> list[str | int]:
    """The part of a pydantic `loc` that names real keys and indexes of the data."""
    kept: list[str | int] = []
    value = located.data
    for item in loc:
        if (isinstance(value, dict) and item in value) or (
            isinstance(value, list) and isinstance(item, int) and 0 <= item < len(value)
        ):
            value = value[item]  # type: ignore[index]  # an int on a list, checked above
            kept.append(item)
    return kept


def _describe_path(path: Sequence[str | int]) -> str:
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + item)
    return "'" + "".join(parts) + "'"


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return type(value).__name__


def _describe_error(error: Any) -> str:
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = _kind_of(value)
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f'expected text, got {got}; put it in quotes ("{value}") to keep it as text'
        return f"expected text, got {got}"
    if kind in {"string_too_short"}:
        return "this must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9" in pattern and ":" in pattern:
            return (
                f"'{value}' is not a reference like 'deck-id:zone-id' (lowercase, digits, hyphens)"
            )
        if "a-z0-9" in pattern:
            return f"'{value}' is not a valid id: use lowercase letters, digits and hyphens"
        return f"'{value}' does not have the expected form"
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list (lines starting with '- '), got {got}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping (key: value lines), got {got}"
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return f"needs at least {minimum} item{'s' if minimum != 1 else ''}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        hint = _did_you_mean(str(value), options)
        return f"'{value}' is not allowed here{hint}; use one of: {', '.join(options)}"
    if kind == "union_tag_invalid":
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        hint = _did_you_mean(str(ctx.get("tag")), tags)
        return f"unknown fact kind '{ctx.get('tag')}'{hint}; use one of: {', '.join(tags)}"
    if kind == "union_tag_not_found":
        return "missing 'kind': say what this fact is (zone, condition or microsystem)"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, got {got}"
    if kind in {"float_type", "float_parsing"}:
        return f"expected a number, got {got}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {got}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _allowed_keys(loc: Sequence[str | int]) -> list[str]:
    """The keys the model at `loc` accepts, for 'did you mean' and 'allowed here'."""
    annotation: Any = Deck
    for item in loc:
        annotation = _step(annotation, item)
        if annotation is None:
            return []
    model = _as_model(annotation)
    return list(model.model_fields) if model else []


def _step(annotation: Any, item: str | int) -> Any:
    annotation = _unwrap(annotation)
    model = _as_model(annotation)
    if model is not None:
        info = model.model_fields.get(str(item))
        return info.annotation if info else annotation  # union tags leave us in place
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in {list, tuple} and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in {typing.Union, types.UnionType}:
        for member in args:
            member_model = _as_model(_unwrap(member))
            kind = member_model.model_fields.get("kind") if member_model else None
            if kind is not None and kind.default == item:
                return member_model
            if member_model is not None and member_model.__name__ == item:
                return member_model
        models = [m for m in (_as_model(_unwrap(a)) for a in args) if m]
        return models[0] if len(models) == 1 else None
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


_MOST_GUESSES = 50_000


class _Budget:
    """How many more candidates 'did you mean' may compare in one load: each costs a
    difflib ratio, and a hostile file can ask for 10,000 guesses among 10,000 zones."""

    def __init__(self) -> None:
        self.left = _MOST_GUESSES

    def take(self, cost: int) -> bool:
        self.left -= cost
        return self.left >= 0


_guesses = _Budget()


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    if len(word) > _LONGEST_GUESSED or _guesses.left <= 0:  # difflib: quadratic in length
        return ""
    candidates = [option for option in options if len(option) <= _LONGEST_GUESSED]
    if not _guesses.take(len(candidates)):
        return ""
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


_LONGEST_GUESSED = 80


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    unique = {(p.line, p.column, p.message): p for p in problems}
    return [unique[key] for key in sorted(unique)]


__all__ = [
    "DECK_SUFFIXES",
    "LoadedDeck",
    "builtin_deck_dir",
    "builtin_deck_paths",
    "load_decks",
    "read_deck",
    "replacement_notices",
    "resolve_references",
    "select_decks",
]
