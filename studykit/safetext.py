"""Deck text is data: make it harmless wherever it is shown.

A deck value may hold control characters (a double-quoted `"\\e]52;..."` is an escape
sequence that writes to the clipboard, retitles the window or moves the cursor).
Validation refuses them (`content.loader`), and every output neutralises them anyway, so
an old cache, a card built in Python or a message quoting bad input never drives the
terminal, breaks a line of `file:line:column` output or makes an SVG unreadable.

- `for_terminal`: control characters become visible pictures (␛, ␇, ...); newlines and
  tabs are kept.
- `one_line`: the same, and newlines and tabs too, for a message that must stay on one
  line.
- `for_xml`: control characters replaced, then `&`, `<`, `>` and quotes escaped.

Imports nothing, so `errors` (and through it the models) can use it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_Record = TypeVar("_Record")

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls other than tab and newline, DEL, and C1 controls."""
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_C0_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1_NAMES = {
    0x84: "INDEX",
    0x85: "NEXT LINE",
    0x88: "CHARACTER TABULATION SET",
    0x8D: "REVERSE LINE FEED",
    0x90: "DEVICE CONTROL STRING",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9C: "STRING TERMINATOR",
    0x9D: "OPERATING SYSTEM COMMAND",
    0x9E: "PRIVACY MESSAGE",
    0x9F: "APPLICATION PROGRAM COMMAND",
}


def is_control(character: str) -> bool:
    """Whether `character` is one deck text must not hold (C0 but tab/newline, DEL, C1)."""
    return bool(_CONTROL.fullmatch(character))


def first_control(text: str) -> int:
    """The index of the first control character in `text`, or -1."""
    found = _CONTROL.search(text)
    return found.start() if found else -1


def control_name(character: str) -> str:
    """`U+001B ESCAPE`: the code point and (for a control character) its name.

    `unicodedata` has no names for control characters, hence the table."""
    code = ord(character)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES.get(code, "C1 CONTROL CHARACTER")
    elif code in (0x2028, 0x2029):
        name = "LINE SEPARATOR" if code == 0x2028 else "PARAGRAPH SEPARATOR"
    else:
        name = ""
    return f"U+{code:04X} {name}".rstrip()


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and line separators have no picture


def for_terminal(text: str) -> str:
    """`text` with every control character shown as a picture; newlines and tabs kept."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text


def one_line(text: str) -> str:
    """`text` on one line: control characters, newlines and tabs shown as pictures."""
    return _CONTROL_OR_BREAK.sub(_picture, text) if _CONTROL_OR_BREAK.search(text) else text


def for_xml(text: str) -> str:
    """`text` as XML/HTML content or attribute value: control characters (which XML 1.0
    forbids or discourages) shown as pictures, markup characters and quotes escaped."""
    text = for_terminal(text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def record_for_terminal(record: _Record) -> _Record:
    """A copy of a dataclass (a `Card`) with every text field, and every text in a tuple
    field, passed through `for_terminal`; the record itself when none needs it (the
    common case costs one scan of its texts)."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        if isinstance(value, str):
            if _CONTROL.search(value):
                changes[field.name] = for_terminal(value)
        elif isinstance(value, tuple) and any(
            isinstance(item, str) and _CONTROL.search(item) for item in value
        ):
            changes[field.name] = tuple(
                for_terminal(item) if isinstance(item, str) else item for item in value
            )
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


__all__ = [
    "control_name",
    "first_control",
    "for_terminal",
    "for_xml",
    "is_control",
    "one_line",
    "record_for_terminal",
]
