"""Text laid out in terminal columns, where a Chinese character takes two cells.

Counting characters instead of cells pushed every later column of a row (and a list's
border) to the right whenever the row held Chinese text: 耳中 is four cells wide, not two.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded with spaces to `width` cells (on the left if `right`-aligned);
    never cut."""
    room = " " * max(0, width - cell_len(text))
    return room + text if right else text + room


__all__ = ["cell_len", "fit", "pad"]
