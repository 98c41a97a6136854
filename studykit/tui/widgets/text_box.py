"""A one-line text box that blinks or not as the session says (snapshot tests freeze it)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


def text_box(value: str = "", *, blink: bool = True, **options: Any) -> Input:
    """An `Input` with `value`; `options` go to `Input` (placeholder, id, type, …)."""
    box = Input(value, **options)
    box.cursor_blink = blink
    return box


__all__ = ["text_box"]
