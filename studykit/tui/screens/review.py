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
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from studykit.content.cards import Card
from studykit.study.scheduling import Rating
from studykit.tui.session import Counts, NextCard, StudySession, suggested_rating
from studykit.tui.widgets.head_map import CardMaps
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
from studykit.tui.widgets.text_box import AnswerBox, text_box

if TYPE_CHECKING:
    from textual import events

    from studykit.study.answer_check import AnswerCheck

Phase = Literal["question", "answer", "done"]
COMPACT_HEIGHT = 22
"""Below this many lines the card drops its frame and spacing, so that a choice card's
four options stay in view down to 60×15."""


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
    """One card at a time from the session's queue for the chosen decks."""

    AUTO_FOCUS = ""
    """Each card sets the focus (the answer box, or nothing): focusing the card's scroll
    area first and blurring it restyled the screen twice (~6 ms before the first card)."""
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, but a change of focus does not repaint the whole screen: the widgets
    whose focus changed restyle and redraw themselves. Textual's repaint drew every line
    again, in a second frame, each time a typed card took or left the focus (~0.5 ms and
    7 KB to the terminal, on a third of the cards)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer", show=False),  # the hint line says it
        # a priority binding, so that on a typed card the answer box does not take enter
        # first (its redraw and Submitted message started a screen update before the
        # answer was laid out, which then came two updates later: ~40 ms, not ~10)
        Binding("enter", "enter", "Show / accept", show=False, priority=True),
        Binding("1", "key(1)", "Again", show=False),
        Binding("2", "key(2)", "Hard", show=False),
        Binding("3", "key(3)", "Good", show=False),
        Binding("4", "key(4)", "Easy", show=False),
        Binding("u", "undo", "Undo"),
        Binding("b", "bury", "Bury"),
        Binding("s", "suspend", "Suspend"),
        Binding("h", "home", "Home"),
        Binding("escape", "end", "End"),
        Binding("pagedown,j", "scroll(1)", "Scroll down", show=False),
        Binding("pageup,k", "scroll(-1)", "Scroll up", show=False),
    ]
    KEY_NOTES: ClassVar[dict[str, str]] = {
        "1-4": "pick an option (choice cards), then rate: Again / Hard / Good / Easy",
        "enter": "show the answer, check a typed answer, or accept the suggested rating",
        "typing": "on typed cards the keys go to the answer box until enter (check) or "
        "esc (leave the box); then every key above works",
        "pgup pgdn j k": "scroll a long answer (the mouse wheel too)",
    }

    class Ended(Message):
        """The session is over (nothing left, or the student ended it): show `record`."""

        def __init__(self, record: SessionLog) -> None:
            super().__init__()
            self.record = record

    class HomeChosen(Message):
        """The student asked for the deck list (`h`)."""

    def __init__(
        self,
        session: StudySession,
        decks: Sequence[str],
        title: str,
        *,
        first: NextCard | None = None,
    ) -> None:
        """`first`: the queue's head and counts, if the caller already looked."""
        super().__init__(id="review")
        self.session = session
        self._first = first
        self.record = SessionLog(list(decks), datetime.min)
        self.session_title = title
        self.card: Card | None = None
        self.state: str = "new"
        self.phase: Phase = "question"
        self.shown_at: datetime | None = None
        self.picked: int | None = None
        self.check: AnswerCheck | None = None
        self.suggested: Rating | None = None
        self.counts = Counts()
        self._hint = ""
        self.maps = CardMaps(session.maps, self, "#card", before="#card-kind", after="#front")
        self._styled = False
        """Whether the screen has been resumed once (its widgets are styled)."""

    def compose(self) -> ComposeResult:
        yield SessionBar(id="session-bar")
        with VerticalScroll(id="card"):
            yield Static(id="card-kind")
            yield Static(id="front")
            yield Static(id="choices")
            yield text_box(
                placeholder="type your answer, then enter",
                id="typed",
                compact=True,
                blink=self.session.cursor_blink,
                kind=AnswerBox,
            )
            yield Static(id="feedback")
            yield Static(id="back")
            yield Static(id="notes")
        with Vertical(id="answer-area"):
            yield Static(id="hint")
            yield RatingBar(id="rating-bar")
        yield KeyBar()

    def on_mount(self) -> None:
        self.record.started = self.session.now()
        bar = self.query_one(SessionBar)
        bar.update_title(self.session_title)
        bar.update_timer(timedelta(0))
        self.set_interval(1, self._tick)
        self.next_card()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, leave out Textual's restyle of every widget: they were styled
        as they were mounted, just before (all 45 snapshots are the same without it), and
        it cost ~3 ms before the first card. On a later return (from help, statistics,
        settings) the restyle runs: the theme may have changed meanwhile."""
        if not self._styled:
            event.refresh_styles = False
            self._styled = True

    def on_resize(self, event: events.Resize) -> None:
        """Compact below COMPACT_HEIGHT lines (the maps grow by the stylesheet's units)."""
        self.set_class(event.size.height < COMPACT_HEIGHT, "compact")
        if self.phase == "question":
            self.query_one(RatingBar).display = self._rating_line_kept()

    def _rating_line_kept(self) -> bool:
        """Whether the rating bar's line stays, blank, while the question is shown. It
        does, so that the card keeps its height from one card to the next (the answer
        box and the check of a typed answer are in the card, too) and only the lines
        that changed are drawn again, not the whole frame (about half the bytes to the
        terminal); but not on a compact screen, where a choice card's options need it."""
        return not self.has_class("compact")

    def _tick(self) -> None:
        self.query_one(SessionBar).update_timer(self.session.now() - self.record.started)

    # -- flow -------------------------------------------------------------------------

    def next_card(self) -> None:
        """Show the first due card of the queue, or end the session when none is left."""
        head = self._first or self.session.next_card(self.record.decks)
        self._first = None
        self._show_counts(head.counts)
        if head.entry is None:
            self.end()
            return
        self.show_card(self.session.cards[head.entry.card_id], head.entry.state)

    def _show_counts(self, counts: Counts) -> None:
        self.counts = counts
        self.query_one(SessionBar).update_progress(self.record.reviewed, counts)

    def end(self) -> None:
        """Post the session's end (once)."""
        if self.phase != "done":
            self.phase = "done"
            self.post_message(self.Ended(self.record))

    def show_card(self, card: Card, state: str) -> None:
        self.card, self.state = card, state
        self.phase = "question"
        self.picked, self.check, self.suggested = None, None, None
        self.shown_at = self.session.now()
        label = KIND_LABELS[card.kind]
        deck = self.session.deck_titles.get(card.deck, card.deck)
        self.query_one("#card-kind", Static).update(
            Text(f"{deck} · {state} · {label}", style="dim", overflow="ellipsis", no_wrap=True)
        )
        self.query_one("#front", Static).update(front_text(card))
        choices = self.query_one("#choices", Static)
        choices.display = card.kind == "choice" and not card.figure_choices
        if card.kind == "choice":
            choices.update(choices_text(card))
        self.maps.show_card(card, revealed=False)
        self.query_one("#back", Static).display = False
        self.query_one("#notes", Static).display = False
        typed = self.query_one("#typed", Input)
        typed.display = card.kind == "typed"
        if card.kind == "typed":
            typed.disabled = False
            typed.value = ""
        elif typed.disabled:  # after a typed card: unlocked once this card is drawn
            self.call_after_refresh(self._unlock_answer_box)
        self.query_one("#feedback", Static).display = False
        rating_bar = self.query_one(RatingBar)
        rating_bar.display = self._rating_line_kept()
        rating_bar.visible = False
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        if card.kind == "typed":
            typed.focus()
        else:
            self.set_focus(None)
        self._update_hint()

    def _update_hint(self) -> None:
        """One hint line, in the same place and form on every kind of card: what enter
        does now (the key bar below lists the session keys). Redrawn only on a change."""
        card = self.card
        if card is None:
            return
        if self.phase == "answer":
            suggestion = RATING_NAMES[self.suggested or Rating.GOOD]
            hint = f"1-4 rate · enter {suggestion}" + (" (suggested)" if self.suggested else "")
        elif card.kind == "typed" and isinstance(self.focused, Input):
            hint = "type, enter: check · esc: leave the box"
        elif card.kind == "choice":
            hint = "1-4 pick · enter: show the answer"
        else:
            hint = "enter: show the answer"
        if hint != self._hint:
            self._hint = hint
            self.query_one("#hint", Static).update(Text(f"{hint} · ? keys", style="dim"))

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
        self.maps.show_card(card, revealed=True, picked=self.picked)
        checked: int | None = None
        if card.kind == "choice":
            self.query_one("#choices", Static).update(choices_text(card, self.picked, True))
            right = self.picked is not None and card.choices[self.picked - 1] in card.answers
            checked = Rating.GOOD if right else Rating.AGAIN
        elif card.kind == "typed":
            from studykit.study.answer_check import check_answer  # first typed answer only

            typed = self.query_one("#typed", Input)
            self.check = check_answer(typed.value, card.answers or (card.back,))
            checked = self.check.suggested_rating
            feedback = self.query_one("#feedback", Static)
            feedback.update(check_text(self.check))
            feedback.display = True
        rating = suggested_rating(checked)
        self.suggested = None if rating is None else Rating(rating)
        rating_bar = self.query_one(RatingBar)
        rating_bar.show(self.session.preview(card.id), self.suggested)
        rating_bar.display = True
        rating_bar.visible = True
        # the focus leaves (and the answer box locks) once this is laid out: done here,
        # the restyle started a screen update first and the answer came an update later
        self.call_later(self._leave_answer_box)
        self._update_hint()

    def _leave_answer_box(self) -> None:
        if self.phase != "answer":
            return  # rated already: the next card has the focus it needs
        self.set_focus(None)
        if self.card is not None and self.card.kind == "typed":
            self.query_one("#typed", Input).disabled = True

    def _unlock_answer_box(self) -> None:
        """Ready the hidden answer box for the next typed card. Unlocking restyles it
        (~0.5 ms), which is done here, after the card that follows a typed card is
        drawn, rather than before."""
        if self.card is not None and self.card.kind != "typed":
            self.query_one("#typed", Input).disabled = False

    def rate(self, rating: Rating) -> None:
        """Commit the answer to the store, then show the next card."""
        card = self.card
        if card is None or self.phase != "answer":
            return
        typed = self.query_one("#typed", Input).value if card.kind == "typed" else None
        if card.kind == "choice" and self.picked is not None:
            typed = card.choices[self.picked - 1]
        result = self.session.answer(card.id, rating, shown_at=self.shown_at, typed=typed)
        self.record.answers.append((card.id, rating))
        self.record.next_due.append(result.next_due)
        self.next_card()

    # -- keys -------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.reveal()

    def action_enter(self) -> None:
        if self.phase == "question":
            typed = self.query_one("#typed", Input)
            if typed.has_focus:  # after the keys typed before enter, still in its queue
                typed.call_later(self.reveal)
            else:
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

    def action_scroll(self, pages: int) -> None:
        card = self.query_one("#card", VerticalScroll)
        if pages > 0:
            card.scroll_page_down(animate=False)
        else:
            card.scroll_page_up(animate=False)

    def on_descendant_focus(self) -> None:
        self._update_hint()

    def on_descendant_blur(self) -> None:
        self._update_hint()

    async def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        await self.app.run_action(f"key({int(event.rating)})", self)  # store errors: app

    def action_undo(self) -> None:
        if self.phase == "done":
            return
        card_id = self.session.undo()
        if card_id is None:
            self.notify("Nothing to undo.", markup=False)
            return
        if self.record.answers and self.record.answers[-1][0] == card_id:
            self.record.answers.pop()
            self.record.next_due.pop()
        card = self.session.cards.get(card_id)
        if card is None:  # an answer on a card this session does not show
            self.notify(f"Undid the last answer, on {card_id}.", markup=False)
            self.next_card()
            return
        self._show_counts(self.session.next_card(self.record.decks).counts)
        self.show_card(card, self.session.state(card_id))
        self.notify("Undone: the card is back.", markup=False)

    def action_bury(self) -> None:
        if self.card is None or self.phase == "done":
            return
        self.session.bury(self.card.id)
        self.notify("Buried until tomorrow.", markup=False)
        self.next_card()

    def action_suspend(self) -> None:
        if self.card is None or self.phase == "done":
            return
        self.session.suspend(self.card.id)
        self.notify("Suspended (unsuspend it in Browse).", markup=False)
        self.next_card()

    def action_home(self) -> None:
        self.phase = "done"
        self.post_message(self.HomeChosen())

    def action_end(self) -> None:
        """esc: end the session (in the answer box, esc only leaves it: `AnswerBox`)."""
        self.end()
