"""A list of cards as table rows that draws only the rows in view (virtual scrolling).

Browse shows every card: thousands of rows. Textual's `DataTable` measures every cell
of every row when rows are added (~0.3 s a search key for 600 cards); this list keeps
the cards, filters them in Python, and renders a line only when it is on screen, so a
search costs the filter and one screenful. Columns: the question (whatever width the
others leave), the kind, and fact · direction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from studykit.columns import fit
from studykit.content.cards import Card

if TYPE_CHECKING:
    from textual import events

KIND_WIDTH, FACT_WIDTH = 6, 22
"""The kind column, and the widest fact · direction column (a quarter of the width)."""
GAP = 2


def flat(text: str) -> str:
    """One line of card text: lines joined by ` / `."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


class CardList(ScrollView, can_focus=True):
    """Cards as rows under a header line; ↑ ↓ pgup pgdn home end move the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--header",
        "card-list--cursor",
        "card-list--odd",
    }
    DEFAULT_CSS = """
    CardList {
        & > .card-list--header { text-style: bold; color: $text-accent; }
        & > .card-list--cursor { background: $block-cursor-background; text-style: bold; }
        & > .card-list--odd { background: $surface-lighten-1 40%; }
        &:focus > .card-list--cursor { background: $block-cursor-background; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to `card`."""

        def __init__(self, card: Card) -> None:
            super().__init__()
            self.card = card

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self.cursor_row = 0
        self._lines: dict[int, tuple[str, str, str]] = {}

    # -- data -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.cards)

    def show(self, cards: Sequence[Card]) -> None:
        """Show `cards`, the cursor on the first."""
        self.cards = list(cards)
        self._lines.clear()
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False)
        self._resize_virtual()
        self.refresh()
        self._announce()

    def current(self) -> Card | None:
        return self.cards[self.cursor_row] if self.cards else None

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (clamped) and scroll it into view."""
        if not self.cards:
            return
        row = max(0, min(len(self.cards) - 1, row))
        if row == self.cursor_row:
            return
        self.cursor_row = row
        body = max(1, self.scrollable_content_region.height - 1)
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False)
        elif row >= self.scroll_y + body:
            self.scroll_to(y=row - body + 1, animate=False)
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        card = self.current()
        if card is not None:
            self.post_message(self.Highlighted(card))

    # -- layout -------------------------------------------------------------------------

    def column_widths(self) -> tuple[int, int, int]:
        """Question, kind and fact widths for the width there is."""
        room = max(0, self.scrollable_content_region.width - 1)
        fact = max(8, min(FACT_WIDTH, room // 4))
        question = max(8, room - KIND_WIDTH - fact - 2 * GAP)
        return question, KIND_WIDTH, fact

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.cards) + 1)

    def on_resize(self) -> None:
        self._resize_virtual()

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        question, kind, fact = self.column_widths()
        if y == 0:
            text = self._row("Question", "Kind", "Fact · direction", question, kind, fact)
            style = self.get_component_rich_style("card-list--header")
            return Strip([Segment(fit(text, width), style)], width)
        row = int(self.scroll_y) + y - 1
        if row >= len(self.cards):
            return Strip.blank(width, self.rich_style)
        cells = self._lines.get(row)
        if cells is None:
            card = self.cards[row]
            cells = (flat(card.front), card.kind, f"{card.fact} · {card.direction}")
            self._lines[row] = cells
        text = self._row(*cells, question, kind, fact)
        style = self.rich_style
        if row % 2:
            style += Style(bgcolor=self.get_component_rich_style("card-list--odd").bgcolor)
        if row == self.cursor_row:
            style += self.get_component_rich_style("card-list--cursor")
        return Strip([Segment(fit(text, width), style)], width)

    @staticmethod
    def _row(front: str, kind: str, fact: str, *widths: int) -> str:
        question_width, kind_width, fact_width = widths
        gap = " " * GAP
        return (
            " "
            + fit(front, question_width)
            + gap
            + fit(kind, kind_width)
            + gap
            + fit(fact, fact_width)
        )

    # -- keys and mouse -----------------------------------------------------------------

    def action_move(self, rows: int) -> None:
        self.move_cursor(self.cursor_row + rows)

    def action_page(self, pages: int) -> None:
        body = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor(self.cursor_row + pages * body)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_cursor(int(self.scroll_y) + event.y - 1)


__all__ = ["CardList", "flat"]
