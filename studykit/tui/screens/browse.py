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
from textual.widgets import Input, Static

from studykit.content.cards import Card
from studykit.tui.widgets.card_list import CardList
from studykit.tui.widgets.head_map import HeadMap, answer_map
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.render import back_text, front_text, notes_text
from studykit.tui.widgets.text_box import text_box

if TYPE_CHECKING:
    from textual import events

    from studykit.study.store import ReviewRow
    from studykit.tui.session import StudySession

NARROW = 72
"""Columns below which the card's details are hidden and the list takes the screen."""


def searchable(card: Card) -> str:
    """What a search looks in: the card's id, text, answers and tags, case-folded."""
    return " ".join(
        (card.id, card.front, card.back, " ".join(card.answers), " ".join(card.tags))
    ).casefold()


def matches(card: Card, words: list[str]) -> bool:
    """Every word appears in the card's id, text, answers or tags (case-insensitive)."""
    haystack = searchable(card)
    return all(word in haystack for word in words)


def count_cards(count: int) -> str:
    """`1 card`, `2 cards`, `no card`."""
    return "no card" if count == 0 else f"{count} card{'' if count == 1 else 's'}"


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
    """A search box over a list of every matching card, and the highlighted card's
    details. The list draws only the rows in view, so it holds every card."""

    DEFAULT_CSS = """
    #browse-body { height: 1fr; }
    #results { width: 1fr; border: round $primary 50%; }
    #detail { width: 36%; max-width: 50; border: round $primary 50%; padding: 0 1; }
    #detail-map { width: 1fr; height: 12; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("ctrl+s", "toggle_suspend", "Suspend/unsuspend"),
        Binding("escape", "close", "Back"),
    ]
    KEY_NOTES: ClassVar[dict[str, str]] = {
        "↑ ↓ pgup pgdn": "move between cards (details on the right)",
        "tab": "search ↔ table",
    }

    def __init__(self, session: StudySession) -> None:
        super().__init__(id="browse")
        self.session = session
        self._haystacks: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield text_box(
            placeholder="/ search facts and cards (words, an id, a tag)…",
            id="search",
            compact=True,
            blink=self.session.cursor_blink,
        )
        with Horizontal(id="browse-body"):
            yield CardList(id="results")
            with VerticalScroll(id="detail"):
                yield HeadMap(self.session.maps, id="detail-map")
                yield Static(id="detail-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one(CardList).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Below NARROW columns the details give their room to the list."""
        self.query_one("#detail").display = event.size.width >= NARROW

    def fill(self, query: str) -> None:
        """Show the cards whose text has every word of `query`."""
        if self._haystacks is None:
            self._haystacks = {card.id: searchable(card) for card in self.session.cards.values()}
        haystacks = self._haystacks
        words = query.casefold().split()
        shown = [
            card
            for card in self.session.cards.values()
            if all(word in haystacks[card.id] for word in words)
        ]
        results = self.query_one(CardList)
        results.show(shown)
        results.border_title = count_cards(len(shown))
        if not shown:
            self.query_one("#detail-map", HeadMap).show(None)
            self.query_one("#detail-text", Static).update(Text("No card matches.", style="dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(CardList).focus()

    def on_card_list_highlighted(self, event: CardList.Highlighted) -> None:
        self.show_detail(event.card)

    def current(self) -> Card | None:
        return self.query_one(CardList).current()

    def show_detail(self, card: Card) -> None:
        session = self.session
        store = session.store
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
        text.append(state.state + (" (suspended)" if session.is_suspended(card.id) else ""))
        text.append("\nNext due: ", style="bold")
        text.append(session.local(due).strftime("%Y-%m-%d %H:%M") if due else "not studied yet")
        history = store.history(card.id)
        table = Table("When", "Rating", "Interval", box=None, padding=(0, 1), show_edge=False)
        for row in history:
            table.add_row(*review_cells(row, session.settings.local_zone()))
        self.query_one("#detail-text", Static).update(
            Group(text, Text("\nHistory", style="bold"), table if history else Text("none yet"))
        )

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_toggle_suspend(self) -> None:
        card = self.current()
        if card is None:
            return
        if self.session.is_suspended(card.id):
            self.session.unsuspend(card.id)
            self.notify("Unsuspended.", markup=False)
        else:
            self.session.suspend(card.id)
            self.notify("Suspended.", markup=False)
        self.show_detail(card)

    def action_close(self) -> None:
        self.dismiss(None)
