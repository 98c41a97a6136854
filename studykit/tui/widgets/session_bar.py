"""The top line of a review: which deck, how far through the session, how long so far."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

BAR_WIDTH = 20


def format_duration(elapsed: timedelta) -> str:
    """`mm:ss` (or `h:mm:ss` past an hour) for the session timer."""
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


class SessionBar(Widget):
    """Deck title, a progress bar (done / done + left) with counts, and a timer.

    One widget drawing one line: every answer and every second change it, so it
    repaints itself without a layout pass (a row of Textual widgets with a
    `ProgressBar` cost ~2 ms per card).
    """

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        & > .session-bar--title { text-style: bold; }
        & > .session-bar--bar { color: $primary; background: $surface; }
        & > .session-bar--complete { color: $success; background: $surface; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-bar--title",
        "session-bar--bar",
        "session-bar--complete",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title, self._done, self._left = "", 0, 0
        self._elapsed = timedelta(0)

    def update_title(self, title: str) -> None:
        self._title = title
        self.refresh()

    def update_progress(self, done: int, left: int) -> None:
        self._done, self._left = done, left
        self.refresh()

    def update_timer(self, elapsed: timedelta) -> None:
        self._elapsed = elapsed
        self.refresh()

    def render(self) -> Text:
        count = f"{self._done} done · {self._left} left"
        timer = f"⏱ {format_duration(self._elapsed)}"
        right = BAR_WIDTH + len(count) + len(timer) + 4
        title = Text(self._title, style=self.get_component_rich_style("session-bar--title"))
        width = max(12, self.content_size.width - right)
        title.truncate(width, overflow="ellipsis")
        return Text.assemble(
            title,
            " " * (width - title.cell_len),
            " ",
            self._bar(),
            "  ",
            count,
            " ",
            timer,
            no_wrap=True,
            overflow="ellipsis",
        )

    def _bar(self) -> Text:
        total = max(1, self._done + self._left)
        complete = self._done >= total
        style = self.get_component_rich_style(
            "session-bar--complete" if complete else "session-bar--bar"
        )
        halves = BAR_WIDTH * 2 * self._done // total
        bar = Text("━" * (halves // 2), style=Style(color=style.color))
        if halves % 2:
            bar.append("╸", style=Style(color=style.color))
        bar.append("━" * (BAR_WIDTH - bar.cell_len), style=Style(color=style.bgcolor))
        return bar
