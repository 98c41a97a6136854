"""`?`: every key of the screen below, read from its bindings so the list never lies."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "space": "space",
    "enter": "enter",
    "escape": "esc",
    "comma": ",",
    "slash": "/",
    "ctrl+p": "ctrl+p",
}


def key_name(key: str) -> str:
    return ", ".join(KEY_NAMES.get(part, part) for part in key.split(","))


def keys_table(screen: Screen[object]) -> Table:
    """Keys of `screen` and of the app, with what they do, plus the screen's own notes."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen: set[str] = set()
    bindings: list[Binding] = []
    for owner in (screen, screen.app):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding):
                bindings.append(binding)
            else:
                bindings.append(Binding(*binding))
    for binding in bindings:
        if binding.key in seen or not binding.description:
            continue
        seen.add(binding.key)
        table.add_row(Text(key_name(binding.key)), Text(binding.description))
    for key, what in getattr(screen, "KEY_NOTES", {}).items():
        table.add_row(Text(key), Text(what))
    table.add_row(Text("ctrl+p"), Text("command palette: every action by name"))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys; any of esc, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box {
        width: 76; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
        border: round $accent; background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__(id="help")
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(keys_table(self.below), id="help-keys")
            yield Static(Text("esc closes this list", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
