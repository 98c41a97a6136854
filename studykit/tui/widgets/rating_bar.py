"""The four answer buttons, each labelled with the interval it would give."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from studykit.scheduling import Rating, format_interval

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


class RatingBar(Horizontal):
    """Buttons 1-4; posts `RatingBar.Rated` when one is clicked (keys go via the screen)."""

    class Rated(Message):
        """The student rated the card."""

        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        for rating in Rating:
            button = Button(
                self._label(rating, None),
                id=f"rate-{int(rating)}",
                classes=f"rating {RATING_NAMES[rating].lower()}",
                compact=True,
            )
            button.can_focus = False
            yield button

    @staticmethod
    def _label(rating: Rating, interval: timedelta | None) -> str:
        when = format_interval(interval) if interval is not None else "…"
        return f"{int(rating)} {RATING_NAMES[rating]} · {when}"

    def show(self, preview: dict[Rating, timedelta], suggested: Rating | None) -> None:
        """Label each button with its interval and highlight the suggested rating."""
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = self._label(rating, preview.get(rating))
            button.set_class(rating == suggested, "suggested")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.Rated(Rating(int(event.button.id.removeprefix("rate-")))))
