"""Browse: search the facts and cards, see one card's history and when it is next due."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from studykit.content.cards import Card
from studykit.tui.widgets.head_map import HeadMap, answer_map
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.render import back_text, front_text, notes_text, plain_line

if TYPE_CHECKING:
    from studykit.study.store import ReviewRow
    from studykit.tui.app import StudyApp

MAX_ROWS = 300


def matches(card: Card, words: list[str]) -> bool:
    """Every word appears in the card's id, text, answers or tags (case-insensitive)."""
    haystack = " ".join(
        (card.id, card.front, card.back, " ".join(card.answers), " ".join(card.tags))
    ).casefold()
    return all(word in haystack for word in words)


def review_cells(row: ReviewRow, zone: tzinfo | None) -> tuple[Text, Text, Text]:
    """When, which rating, and the interval it gave, for one line of a card's history."""
    from studykit.study.scheduling import format_interval
    from studykit.tui.widgets.rating_bar import RATING_NAMES

    when = row.reviewed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    interval = row.after.due - row.reviewed_at if row.after.due else None
    return (
        Text(when),
        Text(RATING_NAMES[row.rating]),
        Text(format_interval(interval) if interval is not None else "–"),
    )


class BrowseScreen(Screen[None]):
    """A search box over a table of cards, and the highlighted card's details."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("ctrl+s", "toggle_suspend", "Suspend/unsuspend"),
        Binding("escape", "close", "Back"),
    ]
    HELP: ClassVar[dict[str, str]] = {
        "↑ ↓": "move between cards (details on the right)",
        "tab": "search ↔ table",
    }

    app: StudyApp

    def __init__(self) -> None:
        super().__init__(id="browse")
        self.shown: list[Card] = []

    def compose(self) -> ComposeResult:
        yield self.app.text_input(
            placeholder="/ search facts and cards (words, an id, a tag)…", id="search", compact=True
        )
        with Horizontal(id="browse-body"):
            table: DataTable[Text] = DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="detail"):
                yield HeadMap(id="detail-map")
                yield Static(id="detail-text")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#results", DataTable)
        table.add_columns("Card", "Kind", "Question")
        self.fill("")
        table.focus()

    def fill(self, query: str) -> None:
        words = query.casefold().split()
        cards = [card for card in self.app.cards.values() if matches(card, words)]
        self.shown = cards[:MAX_ROWS]
        table = self.query_one("#results", DataTable)
        table.clear()
        for card in self.shown:
            table.add_row(
                plain_line(f"{card.fact} · {card.direction}", 24),
                Text(card.kind),
                plain_line(card.front, 60),
                key=card.id,
            )
        more = f" (first {MAX_ROWS})" if len(cards) > MAX_ROWS else ""
        table.border_title = f"{len(cards)} cards{more}"
        if self.shown:
            self.show_detail(self.shown[0])
        else:
            self.query_one("#detail-text", Static).update(Text("No card matches.", style="dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#results", DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key in self.app.cards:
            self.show_detail(self.app.cards[key])

    def current(self) -> Card | None:
        table = self.query_one("#results", DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def show_detail(self, card: Card) -> None:
        store = self.app.store
        self.query_one("#detail-map", HeadMap).show(answer_map(card), labels=True)
        text = Text()
        text.append(card.id + "\n", style="dim")
        text.append_text(front_text(card))
        text.append("\n\n")
        text.append_text(back_text(card))
        notes = notes_text(card)
        if notes:
            text.append("\n\n")
            text.append_text(notes)
        state = store.card_state(card.id)
        due = store.next_due(card.id)
        text.append("\n\nState: ", style="bold")
        text.append(state.state + (" (suspended)" if self.suspended(card) else ""))
        text.append("\nNext due: ", style="bold")
        text.append(self.app.local(due).strftime("%Y-%m-%d %H:%M") if due else "not studied yet")
        history = store.history(card.id)
        table = Table("When", "Rating", "Interval", box=None, padding=(0, 1), show_edge=False)
        for row in history:
            table.add_row(*review_cells(row, store.settings.local_zone()))
        self.query_one("#detail-text", Static).update(
            Group(text, Text("\nHistory", style="bold"), table if history else Text("none yet"))
        )

    def suspended(self, card: Card) -> bool:
        """Read-only look at the store's `suspended` flag (no Store method offers it)."""
        row = self.app.store.connection.execute(
            "SELECT suspended FROM cards WHERE id = ?", (card.numeric,)
        ).fetchone()
        return bool(row and row[0])

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_toggle_suspend(self) -> None:
        card = self.current()
        if card is None:
            return
        store = self.app.store
        if self.suspended(card):
            store.unsuspend(card.id)
            self.notify("Unsuspended.", markup=False)
        else:
            store.suspend(card.id)
            self.notify("Suspended.", markup=False)
        self.show_detail(card)

    def action_close(self) -> None:
        self.dismiss(None)
