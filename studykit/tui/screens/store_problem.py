"""What the quiz shows when the review store cannot be used (a full disk, a read-only
folder, another session's answer in the way of an undo): the cause, that every answer
confirmed before is saved, and a way on: try again, go back, or quit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from studykit.safetext import for_terminal

Retry = Callable[[], Awaitable[object]]


class StoreProblemScreen(ModalScreen[None]):
    """The store error's message; r tries the same step again, esc goes back, q quits."""

    DEFAULT_CSS = """
    StoreProblemScreen { align: center middle; }
    #store-problem { width: 70; height: auto; border: thick $error; padding: 1 2;
                     background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Try again"),
        Binding("escape", "back", "Back"),
        Binding("q", "quit_app", "Quit"),
    ]

    def __init__(self, message: str, retry: Retry | None) -> None:
        super().__init__(id="store-problem-screen")
        self.message = message
        self.retry = retry

    def compose(self) -> ComposeResult:
        with Vertical(id="store-problem"):
            yield Static(Text("The review store could not be used", style="bold"))
            yield Static(Text(for_terminal(self.message)), id="store-problem-message")
            yield Static(Text("Every answer you confirmed before this is saved.", style="dim"))
            keys = "r try again · esc back · q quit" if self.retry else "esc back · q quit"
            yield Static(Text(keys, style="bold"))

    async def action_retry(self) -> None:
        if self.retry is None:
            return
        retry = self.retry
        self.dismiss(None)
        await retry()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_quit_app(self) -> None:
        self.app.exit(return_code=1, message=Text(f"studykit: {for_terminal(self.message)}"))
