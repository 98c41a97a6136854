"""The end of a session: how many, how well, how long, and when to come back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.session_bar import format_duration

if TYPE_CHECKING:
    from studykit.tui.screens.review import SessionLog
    from studykit.tui.session import StudySession


class SummaryScreen(Screen[None]):
    """Cards reviewed, % correct, time spent, next due cards."""

    DEFAULT_CSS = """
    #summary-box {
        width: 72; max-width: 100%; height: auto; margin: 1 2; padding: 0 2;
        border: round $primary;
    }
    #summary-table, #summary-next { margin-top: 1; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "home", "Deck list"),
        Binding("escape", "home", "Deck list", show=False),
        Binding("t", "app.stats", "Stats"),
    ]

    class HomeChosen(Message):
        """The student is done reading: back to the deck list."""

    def __init__(self, session: StudySession, log: SessionLog) -> None:
        super().__init__(id="summary")
        self.session = session
        self.record = log

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(id="summary-title")
            yield Static(id="summary-table")
            yield Static(id="summary-next")
        yield KeyBar()

    def on_mount(self) -> None:
        from studykit.tui.screens.stats import next_due_text

        log, now = self.record, self.session.now()
        done = log.reviewed
        title = "Session done" if done else "No cards reviewed"
        self.query_one("#summary-title", Static).update(Text(title, style="bold"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim")
        table.add_column(style="bold")
        table.add_row("Cards reviewed", str(done))
        percent = f"{round(100 * log.correct / done)}%" if done else "–"
        table.add_row("Correct (not Again)", f"{percent}  ({log.correct} of {done})")
        table.add_row("Time spent", format_duration(now - log.started))
        if done:
            per_card = (now - log.started).total_seconds() / done
            table.add_row("Per card", f"{per_card:.1f} s")
        self.query_one("#summary-table", Static).update(table)
        self.query_one("#summary-next", Static).update(
            next_due_text(self.session.store, log.decks, now, min(log.next_due, default=None))
        )

    def action_home(self) -> None:
        self.post_message(self.HomeChosen())
