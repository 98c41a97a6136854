"""The review screen: question, answer, rating, next card — all from the keyboard.

Every answer is committed by the store before the next card is drawn, so quitting at
any moment loses nothing. The session only keeps what the summary needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from studykit.content.cards import Card
from studykit.study.scheduling import Rating
from studykit.tui.widgets.head_map import CardFigure, MapOptions, show_card_maps
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.rating_bar import RATING_NAMES, RatingBar
from studykit.tui.widgets.render import (
    KIND_LABELS,
    back_text,
    check_text,
    choices_text,
    front_text,
    notes_text,
)
from studykit.tui.widgets.session_bar import SessionBar

if TYPE_CHECKING:
    from studykit.study.answer_check import AnswerCheck
    from studykit.study.store import QueueEntry
    from studykit.tui.app import StudyApp

Phase = Literal["question", "answer", "done"]


@dataclass(slots=True)
class SessionLog:
    """What happened in this session, for the progress bar and the summary."""

    decks: list[str]
    started: datetime
    answers: list[tuple[str, Rating]] = field(default_factory=list)
    next_due: list[datetime] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return len(self.answers)

    @property
    def correct(self) -> int:
        return sum(rating != Rating.AGAIN for _, rating in self.answers)


class ReviewScreen(Screen[None]):
    """One card at a time from the store's queue for the chosen decks."""

    AUTO_FOCUS = ""
    """Each card sets the focus (the answer box, or nothing): focusing the card's scroll
    area first and blurring it restyled the screen twice (~6 ms before the first card)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer", show=False),  # the hint line says it
        Binding("enter", "enter", "Show / accept", show=False),
        Binding("1", "key(1)", "Again", show=False),
        Binding("2", "key(2)", "Hard", show=False),
        Binding("3", "key(3)", "Good", show=False),
        Binding("4", "key(4)", "Easy", show=False),
        Binding("u", "undo", "Undo"),
        Binding("b", "bury", "Bury"),
        Binding("s", "suspend", "Suspend"),
        Binding("escape", "end", "End"),
    ]
    HELP: ClassVar[dict[str, str]] = {
        "1-4": "pick an option (choice cards), then rate: Again / Hard / Good / Easy",
        "enter": "show the answer, check a typed answer, or accept the suggested rating",
        "typing": "on typed cards the keys go to the answer box until you press enter",
    }

    app: StudyApp

    def __init__(
        self,
        decks: Sequence[str],
        title: str,
        *,
        first: tuple[QueueEntry | None, int] | None = None,
    ) -> None:
        """`first`: the queue's first entry and length, if the caller already looked."""
        super().__init__(id="review")
        self._first = first
        self.session = SessionLog(list(decks), datetime.min)
        self.session_title = title
        self.card: Card | None = None
        self.state: str = "new"
        self.phase: Phase = "question"
        self.shown_at: datetime | None = None
        self.picked: int | None = None
        self.check: AnswerCheck | None = None
        self.suggested: Rating | None = None
        self.left = 0

    def compose(self) -> ComposeResult:
        yield SessionBar(id="session-bar")
        with VerticalScroll(id="card"):
            yield CardFigure(id="figure")
            yield Static(id="card-kind")
            yield Static(id="front")
            yield MapOptions(id="map-options")
            yield Static(id="choices")
            yield Static(id="back")
            yield Static(id="notes")
        with Vertical(id="answer-area"):
            yield self.app.text_input(
                placeholder="type your answer, then enter", id="typed", compact=True
            )
            yield Static(id="feedback")
            yield Static(id="hint")
            yield RatingBar(id="rating-bar")
        yield KeyBar()

    def on_mount(self) -> None:
        self.session.started = self.app.now()
        bar = self.query_one(SessionBar)
        bar.update_title(self.session_title)
        bar.update_timer(timedelta(0))
        self.set_interval(1, self._tick)
        self.next_card()

    def _tick(self) -> None:
        self.query_one(SessionBar).update_timer(self.app.now() - self.session.started)

    # -- flow -------------------------------------------------------------------------

    def next_card(self) -> None:
        """Show the first due card of the queue, or end the session when none is left."""
        entry, left = self._first or self.app.next_entry(self.session.decks)
        self._first = None
        self.left = left
        self.query_one(SessionBar).update_progress(self.session.reviewed, left)
        if entry is None:
            self.phase = "done"
            self.app.end_session(self.session)
            return
        self.show_card(self.app.cards[entry.card_id], entry.state)

    def show_card(self, card: Card, state: str) -> None:
        self.card, self.state = card, state
        self.phase = "question"
        self.picked, self.check, self.suggested = None, None, None
        self.shown_at = self.app.now()
        label = KIND_LABELS[card.kind]
        deck = self.app.deck_titles.get(card.deck, card.deck)
        self.query_one("#card-kind", Static).update(
            Text(f"{deck} · {state} · {label}", style="dim", overflow="ellipsis", no_wrap=True)
        )
        self.query_one("#front", Static).update(front_text(card))
        choices = self.query_one("#choices", Static)
        choices.display = card.kind == "choice" and not card.figure_choices
        if card.kind == "choice":
            choices.update(choices_text(card))
        show_card_maps(self, card, revealed=False)
        self.query_one("#back", Static).display = False
        self.query_one("#notes", Static).display = False
        typed = self.query_one("#typed", Input)
        typed.display = card.kind == "typed"
        typed.disabled = False
        typed.value = ""
        self.query_one("#feedback", Static).display = False
        self.query_one(RatingBar).display = False
        hint = self.query_one("#hint", Static)
        hint.display = True
        hint.update(Text(self._question_hint(card), style="dim"))
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        if card.kind == "typed":
            typed.focus()
        else:
            self.set_focus(None)

    @staticmethod
    def _question_hint(card: Card) -> str:
        if card.kind == "typed":
            return "type the answer and press enter (enter on an empty box shows the answer)"
        if card.kind == "choice":
            return "press 1-4 to pick an option, or space to show the answer"
        return "space or enter: show the answer"

    def reveal(self) -> None:
        """Show the back, the source, and the rating buttons with their intervals."""
        card = self.card
        if card is None or self.phase != "question":
            return
        self.phase = "answer"
        back = self.query_one("#back", Static)
        back.update(back_text(card))
        back.display = True
        notes = self.query_one("#notes", Static)
        notes.update(notes_text(card))
        notes.display = bool(notes.visual)
        show_card_maps(self, card, revealed=True, picked=self.picked)
        if card.kind == "choice":
            self.query_one("#choices", Static).update(choices_text(card, self.picked, True))
            right = self.picked is not None and card.choices[self.picked - 1] in card.answers
            self.suggested = Rating.GOOD if right else Rating.AGAIN
        elif card.kind == "typed":
            from studykit.study.answer_check import check_answer  # first typed answer only

            typed = self.query_one("#typed", Input)
            seconds = (self.app.now() - self.shown_at).total_seconds() if self.shown_at else None
            self.check = check_answer(typed.value, card.answers or (card.back,), seconds=seconds)
            self.suggested = Rating(self.check.suggested_rating)
            feedback = self.query_one("#feedback", Static)
            feedback.update(check_text(self.check))
            feedback.display = True
            typed.disabled = True
        else:
            self.suggested = None
        suggestion = RATING_NAMES[self.suggested or Rating.GOOD]
        self.query_one("#hint", Static).update(
            Text(
                f"1-4 rate · enter: {suggestion}" + (" (suggested)" if self.suggested else ""),
                style="dim",
            )
        )
        preview = self.app.store.preview(card.id, self.app.now())
        rating_bar = self.query_one(RatingBar)
        rating_bar.show(preview, self.suggested)
        rating_bar.display = True
        self.set_focus(None)

    def rate(self, rating: Rating) -> None:
        """Commit the answer to the store, then show the next card."""
        card = self.card
        if card is None or self.phase != "answer":
            return
        now = self.app.now()
        duration = int((now - self.shown_at).total_seconds() * 1000) if self.shown_at else 0
        typed = self.query_one("#typed", Input).value if card.kind == "typed" else None
        if card.kind == "choice" and self.picked is not None:
            typed = card.choices[self.picked - 1]
        result = self.app.store.answer(
            card.id, rating, now, duration_ms=max(0, duration), typed_answer=typed
        )
        self.session.answers.append((card.id, rating))
        self.session.next_due.append(result.next_due)
        self.next_card()

    # -- keys -------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.reveal()

    def action_enter(self) -> None:
        if self.phase == "question":
            self.reveal()
        elif self.phase == "answer":
            self.rate(self.suggested or Rating.GOOD)

    def action_key(self, number: int) -> None:
        if self.card is None:
            return
        if self.phase == "question" and self.card.kind == "choice":
            if number <= len(self.card.choices):
                self.picked = number
                self.reveal()
        elif self.phase == "answer":
            self.rate(Rating(number))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.reveal()

    async def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        await self.app.run_action(f"key({int(event.rating)})", self)  # store errors: app

    def action_undo(self) -> None:
        card_id = self.app.store.undo_last()
        if card_id is None:
            self.notify("Nothing to undo.", markup=False)
            return
        if self.session.answers and self.session.answers[-1][0] == card_id:
            self.session.answers.pop()
            self.session.next_due.pop()
        card = self.app.cards.get(card_id)
        if card is None:  # an answer on a card this session does not show
            self.notify(f"Undid the last answer, on {card_id}.", markup=False)
            self.next_card()
            return
        _, left = self.app.next_entry(self.session.decks)
        self.left = left
        self.query_one(SessionBar).update_progress(self.session.reviewed, left)
        self.show_card(card, self.app.store.card_state(card_id).state)
        self.notify("Undone: the card is back.", markup=False)

    def action_bury(self) -> None:
        if self.card is None or self.phase == "done":
            return
        self.app.store.bury(self.card.id, self.app.now())
        self.notify("Buried until tomorrow.", markup=False)
        self.next_card()

    def action_suspend(self) -> None:
        if self.card is None or self.phase == "done":
            return
        self.app.store.suspend(self.card.id)
        self.notify("Suspended (unsuspend it in Browse).", markup=False)
        self.next_card()

    def action_end(self) -> None:
        """esc: leave the answer box first (so u, b, s work), then end the session."""
        if isinstance(self.focused, Input):
            self.set_focus(None)
            self.query_one("#hint", Static).update(
                Text("b bury · s suspend · u undo · tab to type again", style="dim")
            )
            return
        self.phase = "done"
        self.app.end_session(self.session)
