"""One-line text boxes: blinking or not as the session says (snapshot tests freeze it),
and the typed card's answer box, which `esc` leaves."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class AnswerBox(Input):
    """A typed card's answer box. `esc` leaves it, so that the session's keys work
    again, and while the box has the focus the key bar says so ("esc Leave the box"),
    not what `esc` does outside it (end the session)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Leave the box")]

    def action_leave(self) -> None:
        self.screen.set_focus(None)


def text_box(
    value: str = "", *, blink: bool = True, kind: type[Input] = Input, **options: Any
) -> Input:
    """A `kind` of `Input` with `value`; `options` go to it (placeholder, id, type, …)."""
    box = kind(value, **options)
    box.cursor_blink = blink
    return box


__all__ = ["AnswerBox", "text_box"]
