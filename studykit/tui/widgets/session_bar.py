"""The top line of a review: which deck, how far through the session, how long so far."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from studykit.tui.session import Counts

BAR_WIDTH = 20
NARROW = 56
"""Below this many columns the counts lose their words; below twice as many the bar is
half as long."""


def format_duration(elapsed: timedelta) -> str:
    """`mm:ss` (or `h:mm:ss` past an hour) for the session timer."""
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


class SessionBar(Widget):
    """Deck title, a progress bar, what is left today (new · learning · review, as Anki
    counts them: each goes down as its cards are answered), and a timer.

    The bar shows answers given over answers given plus cards left, and never moves
    back: a card failed and due again in a minute adds to what is left, not to the
    distance already covered. One widget drawing one line: every answer and every
    second change it, so it repaints itself without a layout pass (a row of Textual
    widgets with a `ProgressBar` cost ~2 ms per card).
    """

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        & > .session-bar--title { text-style: bold; }
        & > .session-bar--bar { color: $primary; background: $surface; }
        & > .session-bar--complete { color: $success; background: $surface; }
        & > .session-bar--new { color: $primary; text-style: bold; }
        & > .session-bar--learning { color: $error; text-style: bold; }
        & > .session-bar--review { color: $success; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-bar--title",
        "session-bar--bar",
        "session-bar--complete",
        "session-bar--new",
        "session-bar--learning",
        "session-bar--review",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title, self._done = "", 0
        self._left: tuple[int, int, int] = (0, 0, 0)
        self._progress = 0.0
        self._elapsed = timedelta(0)

    @property
    def progress(self) -> float:
        """The share of the session done, 0.0-1.0, as the bar shows it."""
        return self._progress

    def update_title(self, title: str) -> None:
        self._title = title
        self.refresh()

    def update_progress(self, done: int, left: Counts) -> None:
        """`done` answers so far; `left`: new, learning and review cards still to come."""
        self._done, self._left = done, (left.new, left.learning, left.review)
        total = done + left.total
        self._progress = max(self._progress, done / total if total else 1.0)
        self.refresh()

    def update_timer(self, elapsed: timedelta) -> None:
        self._elapsed = elapsed
        self.refresh()

    def counts_text(self, *, words: bool = True) -> Text:
        """`New 12 · Learn 3 · Due 40` (or `12 3 40` when narrow), coloured as in Anki."""
        text = Text()
        names = ("New", "Learn", "Due")
        for index, (name, value) in enumerate(zip(names, self._left, strict=True)):
            if index:
                text.append(" · " if words else " ")
            if words:
                text.append(f"{name} ")
            component = ("session-bar--new", "session-bar--learning", "session-bar--review")
            style = self.get_component_rich_style(component[index]) if value else Style(dim=True)
            text.append(str(value), style=style)
        return text

    def render(self) -> Text:
        width = self.content_size.width
        counts = self.counts_text(words=width >= NARROW)
        timer = f"⏱ {format_duration(self._elapsed)}"
        bar_width = BAR_WIDTH if width >= 2 * NARROW else BAR_WIDTH // 2
        right = bar_width + counts.cell_len + len(timer) + 4
        title = Text(self._title, style=self.get_component_rich_style("session-bar--title"))
        width = max(8, self.content_size.width - right)
        title.truncate(width, overflow="ellipsis")
        return Text.assemble(
            title,
            " " * (width - title.cell_len),
            " ",
            self._bar(bar_width),
            "  ",
            counts,
            " ",
            timer,
            no_wrap=True,
            overflow="ellipsis",
        )

    def _bar(self, width: int) -> Text:
        complete = self._progress >= 1.0
        style = self.get_component_rich_style(
            "session-bar--complete" if complete else "session-bar--bar"
        )
        halves = int(width * 2 * self._progress)
        bar = Text("━" * (halves // 2), style=Style(color=style.color))
        if halves % 2:
            bar.append("╸", style=Style(color=style.color))
        bar.append("─" * (width - bar.cell_len), style=Style(color=style.bgcolor))
        return bar
