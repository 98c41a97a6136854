"""A spreadsheet of cards (CSV) → a deck file of free-form cards.

Instructors keep cards in spreadsheets. The first row names the columns: `front` and
`back`, and optionally `tags`, `source`, `confidence`, `kind`, `answers`, `distractors`,
`extra` and `key`. A broken row is reported with its row number (as the spreadsheet shows it: the
header is row 1) and what is wrong, and every other row is still imported. Each card gets
an explicit `key` (its own, or one derived from its front), so the deck file can be
edited afterwards without losing students' progress.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from studykit.errors import StudykitError
from studykit.models import Deck, FreeCard
from studykit.models.deck import free_card_keys
from studykit.models.slugs import slug

COLUMNS = (
    "front",
    "back",
    "tags",
    "source",
    "confidence",
    "kind",
    "answers",
    "distractors",
    "extra",
    "key",
)
CONFIDENCES = ("verified", "two-sources", "unverified")
REQUIRED = ("front",)
LIST_SEPARATOR = re.compile(r"\s*[|;]\s*")
"""Between several accepted answers or distractors in one cell: `|` or `;`."""
TAG_SEPARATOR = re.compile(r"[\s,;]+")

KIND_NAMES = {
    "": "basic",
    "basic": "basic",
    "basic-and-reverse": "basic-and-reverse",
    "basic and reverse": "basic-and-reverse",
    "basic (and reversed card)": "basic-and-reverse",
    "reverse": "basic-and-reverse",
    "reversed": "basic-and-reverse",
    "typed": "typed",
    "type": "typed",
    "basic (type in the answer)": "typed",
    "choice": "choice",
    "multiple choice": "choice",
    "cloze": "cloze",
}
"""Kinds as spreadsheets (and Anki's note type names) write them."""


class CsvError(StudykitError):
    """The file as a whole cannot be imported (not text, no header, no usable column)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that was not imported, and why."""

    row: int
    """The row number a spreadsheet shows (the header is row 1)."""
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(slots=True)
class CsvImport:
    """The cards read from a spreadsheet, and the rows that could not be used."""

    cards: list[FreeCard] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """The row number each card came from."""
    problems: list[RowProblem] = field(default_factory=list)
    blank_rows: int = 0


def read_cards_csv(raw: bytes) -> CsvImport:
    """Read the cards of a CSV file (UTF-8, with or without BOM; `,`, `;` or tab separated).

    Raises:
        CsvError: the file is not UTF-8, is empty, or its header lacks `front` or has an
            unknown column.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CsvError(
            f"the file is not UTF-8 text (line {line}, byte 0x{raw[exc.start]:02X}); in your "
            "spreadsheet, save as 'CSV UTF-8'"
        ) from exc
    if not text.strip():
        raise CsvError("the file is empty: its first row must name the columns (front, back, ...)")
    rows = _records(text, _delimiter(text))
    _, header = next(rows, (1, []))
    columns = _columns(header)
    result = CsvImport()
    explicit_keys: dict[str, int] = {}
    for row, cells in rows:
        if isinstance(cells, RowProblem):
            result.problems.append(cells)
            continue
        if not any(cell.strip() for cell in cells):
            result.blank_rows += 1
            continue
        extra = [c for c in cells[len(columns) :] if c.strip()]
        if extra:
            result.problems.append(
                RowProblem(
                    row,
                    f"{len(cells)} cells but the header has {len(columns)} columns; put text "
                    'with commas in double quotes ("like, this")',
                )
            )
            continue
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(columns)}
        card, message = _card(values)
        if card is None:
            result.problems.append(RowProblem(row, message))
            continue
        if card.key:
            if card.key in explicit_keys:
                result.problems.append(
                    RowProblem(
                        row, f"key '{card.key}' is already used on row {explicit_keys[card.key]}"
                    )
                )
                continue
            explicit_keys[card.key] = row
        result.cards.append(card)
        result.rows.append(row)
    return result


def deck_from_import(deck_id: str, title: str, imported: CsvImport) -> Deck:
    """A deck of the imported cards, each with an explicit key (derived ones written out)."""
    keys = free_card_keys(imported.cards)
    cards = [
        card.model_copy(update={"key": key}) for card, key in zip(imported.cards, keys, strict=True)
    ]
    return Deck(id=deck_id, title=title, version="1.0.0", cards=cards)


def deck_yaml(deck: Deck, *, header: str = "") -> str:
    """The deck as YAML an instructor can read and edit: unicode kept, block text for
    multi-line values, short lists inline, and no keys left at their defaults."""
    data = deck.model_dump(mode="json", exclude_defaults=True)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return header + text


class _Dumper(yaml.SafeDumper):
    """SafeDumper laid out like the built-in decks: indented list items, `|` blocks for
    multi-line text, short lists of words inline."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    inline = all(isinstance(item, str) and "\n" not in item for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _delimiter(text: str) -> str:
    """`,`, `;` or tab: whichever splits the header row into known column names best."""
    first = text.splitlines()[0] if text else ""
    best, score = ",", -1
    for candidate in (",", ";", "\t"):
        names = [c.strip().lower() for c in first.split(candidate)]
        found = sum(name in COLUMNS for name in names)
        if found > score:
            best, score = candidate, found
    return best


def _records(text: str, delimiter: str) -> Iterator[tuple[int, Any]]:
    """(row number, cells) per record; a record the csv module rejects becomes a
    `RowProblem` and reading goes on at the next line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield row, RowProblem(row, _csv_message(str(exc)))
            continue
        yield row, cells


def _csv_message(message: str) -> str:
    if "unexpected end of data" in message:
        return 'a quote (") is opened but never closed, so the rest of the file is inside it'
    if "expected after" in message:
        return (
            'a quote (") in the middle of a quoted cell: write it twice ("") or leave the cell '
            "unquoted"
        )
    return f"not readable as CSV: {message}"


def _columns(header: Any) -> list[str]:
    if isinstance(header, RowProblem) or not header:
        raise CsvError("row 1 must name the columns, e.g. front,back,tags,source")
    names = [cell.strip().lower().lstrip("\ufeff") for cell in header]
    for index, name in enumerate(names):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise CsvError(
                f"row 1, column {index + 1}: unknown column '{header[index].strip()}'{hint}; "
                f"columns: {', '.join(COLUMNS)}"
            )
        if name in names[:index]:
            raise CsvError(f"row 1: the column '{name}' is named twice")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise CsvError(f"row 1 has no '{missing[0]}' column; columns: {', '.join(COLUMNS)}")
    return names


def _card(values: dict[str, str]) -> tuple[FreeCard | None, str]:
    """A card from one row's cells, or None and what is wrong."""
    kind_text = " ".join(values.get("kind", "").lower().split())
    kind = KIND_NAMES.get(kind_text)
    if kind is None:
        kinds = sorted(set(KIND_NAMES.values()))
        close = difflib.get_close_matches(kind_text, list(KIND_NAMES), n=1)
        hint = f" (did you mean '{KIND_NAMES[close[0]]}'?)" if close else ""
        return (
            None,
            f"kind '{values['kind'].strip()}' is unknown{hint}; use one of: {', '.join(kinds)}",
        )
    data: dict[str, Any] = {"kind": kind}
    front, back = values.get("front", "").strip(), values.get("back", "").strip()
    if kind == "cloze":
        data["text"] = front
        if back:
            data["extra"] = back
    else:
        data["front"] = front
        if back:
            data["back"] = back
    for name in ("answers", "distractors"):
        items = [i for i in LIST_SEPARATOR.split(values.get(name, "").strip()) if i]
        if items:
            data[name] = items
    if values.get("extra", "").strip():
        if "extra" in data:
            return None, "a cloze row has its remark in 'back' or 'extra', not both"
        data["extra"] = values["extra"].strip()
    tags = [_tag(t) for t in TAG_SEPARATOR.split(values.get("tags", "").strip()) if t]
    if tags:
        data["tags"] = list(dict.fromkeys(t for t in tags if t))
    source = values.get("source", "").strip()
    confidence = values.get("confidence", "").strip().lower()
    if confidence and confidence not in CONFIDENCES:
        close = difflib.get_close_matches(confidence, CONFIDENCES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return None, f"confidence '{confidence}' is unknown{hint}; use one of: " + ", ".join(
            CONFIDENCES
        )
    if confidence and not source:
        return None, "a 'confidence' needs a 'source' on the same row"
    if source:
        url = source if re.fullmatch(r"https?://\S+", source) else None
        data["sources"] = [
            {
                "citation": source,
                **({"url": url} if url else {}),
                **({"confidence": confidence} if confidence else {}),
            }
        ]
    key = values.get("key", "").strip()
    if key:
        data["key"] = key
    if not front:
        return None, "the 'front' cell is empty" + (" (the cloze text)" if kind == "cloze" else "")
    try:
        return FreeCard.model_validate(data), ""
    except ValidationError as exc:
        return None, "; ".join(_message(error) for error in exc.errors(include_url=False))


def _tag(text: str) -> str:
    """A spreadsheet tag as a deck tag: ascii words as a slug (`Week 3!` → `week-3`),
    other scripts kept as written, lowercased (`耳穴`)."""
    if text.isascii():
        return slug(text, 80)
    return re.sub(r"[^\w-]+", "-", text.lower()).strip("-")[:80]


def _message(error: Any) -> str:
    loc = [str(part) for part in error["loc"]]
    column = {"text": "front"}.get(loc[0], loc[0]) if loc else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        message = (
            f"'{error['input']}' is not a valid {column.rstrip('s')}: "
            "use lowercase letters, digits and hyphens"
        )
    return (
        f"{column}: {message}"
        if column and not message.startswith(("'", "a ", "the "))
        else message
    )


__all__ = [
    "COLUMNS",
    "CsvError",
    "CsvImport",
    "RowProblem",
    "deck_from_import",
    "deck_yaml",
    "read_cards_csv",
]
