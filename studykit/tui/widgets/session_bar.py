"""The top line of a review: which deck, how far through the session, how long so far."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


def format_duration(elapsed: timedelta) -> str:
    """`mm:ss` (or `h:mm:ss` past an hour) for the session timer."""
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


class SessionBar(Horizontal):
    """Deck title, a progress bar (done / done + left) with counts, and a timer."""

    def compose(self) -> ComposeResult:
        yield Static(id="session-title")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="session-progress")
        yield Static(id="session-count")
        yield Static(id="session-timer")

    def update_title(self, title: str) -> None:
        self.query_one("#session-title", Static).update(
            Text(title, overflow="ellipsis", no_wrap=True)
        )

    def update_progress(self, done: int, left: int) -> None:
        bar = self.query_one("#session-progress", ProgressBar)
        bar.update(total=max(1, done + left), progress=done)
        self.query_one("#session-count", Static).update(Text(f"{done} done · {left} left"))

    def update_timer(self, elapsed: timedelta) -> None:
        self.query_one("#session-timer", Static).update(Text(f"⏱ {format_duration(elapsed)}"))
