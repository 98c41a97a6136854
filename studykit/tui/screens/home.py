"""Home: the decks as a tree with new / learning / due counts, and today's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, Tree

from studykit.columns import fit
from studykit.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from studykit.study.store import DeckCounts
    from studykit.tui.session import StudySession

ALL = "*"
NAME_WIDTH = 44


def counts_label(
    name: str, counts: DeckCounts | None, *, bold: bool = False, width: int = NAME_WIDTH
) -> Text:
    """`name ... new learning due` in aligned columns (blue, red, green as in Anki)."""
    text = Text(overflow="ellipsis", no_wrap=True)
    text.append(fit(name, width), style="bold" if bold else "")  # in cells: 头针 is 4
    values = (counts.new, counts.learning, counts.review) if counts else (0, 0, 0)
    for value, style in zip(values, ("blue", "red", "green"), strict=True):
        text.append(f"{value:>7}", style=f"bold {style}" if value else "dim")
    return text


class HomeScreen(Screen[None]):
    """Pick a deck (or all) and study; or go to browse, stats, settings."""

    DEFAULT_CSS = """
    #home-title { padding: 1 2 0 2; }
    #today { padding: 0 2 1 2; height: auto; }
    #exam-line { padding: 0 2 1 2; height: auto; }
    #deck-header { padding: 0 2; }
    #decks { height: 1fr; margin: 0 1; padding: 0 1; border: round $primary 50%; }
    #home-empty { padding: 0 2; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study", "Study", show=False),
        Binding("s", "study", "Study"),
        Binding("a", "app.study_all", "Study all"),
        Binding("b", "app.browse", "Browse"),
        Binding("t", "app.stats", "Stats"),
        Binding("comma", "app.settings", "Settings"),
        Binding("p", "app.plan", "Plan", show=False),
    ]
    KEY_NOTES: ClassVar[dict[str, str]] = {
        "↑ ↓": "move between decks",
        "enter / s": "study the highlighted deck",
        "p": "the exam plan (studykit exam set)",
    }

    class StudyChosen(Message):
        """The student chose decks to study."""

        def __init__(self, decks: list[str]) -> None:
            super().__init__()
            self.decks = decks

    def __init__(self, session: StudySession) -> None:
        super().__init__(id="home")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield Static(id="today")
        yield Static(id="exam-line")
        yield Static(id="deck-header")
        tree: Tree[str] = Tree(Text("All decks"), data=ALL, id="decks")
        tree.show_root = True
        tree.guide_depth = 3
        tree.auto_expand = False
        yield tree
        yield Static(id="home-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#home-title", Static).update(
            Text.assemble(("studykit", "bold"), "  scalp acupuncture, spaced repetition")
        )
        self.refresh_counts()
        self.query_one("#decks", Tree).focus()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def on_resize(self) -> None:
        self.refresh_counts()

    @property
    def name_width(self) -> int:
        """Columns for deck names: what the three counts and the tree's frame leave."""
        width = self.size.width or 80
        return max(12, min(NAME_WIDTH, width - 3 * 7 - 12))

    def refresh_counts(self) -> None:
        """Counts of every deck and the totals, as of now."""
        session = self.session
        counts = session.deck_counts()
        tree: Tree[str] = self.query_one("#decks", Tree)
        totals = [0, 0, 0]
        for deck in session.deck_ids:
            deck_counts = counts.get(deck)
            if deck_counts:
                totals[0] += deck_counts.new
                totals[1] += deck_counts.learning
                totals[2] += deck_counts.review
        from studykit.study.store import DeckCounts

        width = self.name_width
        header = Text(" " * (width + 4), style="dim")
        header.append(f"{'New':>7}{'Learn':>7}{'Due':>7}", style="bold dim")
        self.query_one("#deck-header", Static).update(header)
        cursor = tree.cursor_line
        tree.clear()
        tree.root.set_label(counts_label("All decks", DeckCounts(*totals), bold=True, width=width))
        for deck in session.deck_ids:
            tree.root.add_leaf(
                counts_label(session.deck_titles[deck], counts.get(deck), width=width - 1),
                data=deck,
            )
        tree.root.expand()
        tree.cursor_line = max(0, cursor)
        self.query_one("#today", Static).update(self.today_text())
        self.show_exam(totals[1] + totals[2])
        empty = self.query_one("#home-empty", Static)
        nothing = not any(totals)
        empty.display = nothing
        if nothing:
            empty.update(self.nothing_due_text())

    def show_exam(self, reviews_today: int) -> None:
        """The soonest exam's line, or nothing without one."""
        line = self.query_one("#exam-line", Static)
        from studykit.tui.screens.plan import exam_line, exam_plans

        plans = exam_plans(self.session.store, self.session.now())
        line.display = bool(plans)
        if plans:
            line.update(exam_line(plans[0], reviews_today))

    def today_text(self) -> Text:
        from studykit.tui.screens.stats import today_summary

        session = self.session
        now = session.now()
        text = today_summary(session.store, now)
        held = session.store.held_back(session.deck_ids, now)
        if held:  # sibling burying: say what it hides, so a short day is not a mystery
            cards = "card waits" if held == 1 else "cards wait"
            text.append(f"\n{held} sibling {cards} for tomorrow (settings: bury_*)", style="dim")
        return text

    def nothing_due_text(self) -> Text:
        from studykit.tui.screens.stats import next_due_text

        text = Text("Nothing is due now. ", style="bold green")
        session = self.session
        text.append(next_due_text(session.store, session.deck_ids, session.now()))
        return text

    def selected_decks(self) -> list[str]:
        node = self.query_one("#decks", Tree).cursor_node
        if node is None or node.data in (None, ALL):
            return list(self.session.deck_ids)
        return [node.data]

    def action_study(self) -> None:
        self.post_message(self.StudyChosen(self.selected_decks()))

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        self.action_study()
