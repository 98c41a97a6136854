"""Settings: retention, daily limits, the day start, steps, siblings, leeches, the theme.

Saved in the store (per profile), so they follow the review history, not the machine.
The study settings are those of `studykit settings` (`studykit.study.settings.FIELDS`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from studykit.errors import StudykitError
from studykit.study.settings import FIELDS, field_text, with_field
from studykit.tui.screens.plan import memory_model_text
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.text_box import text_box

if TYPE_CHECKING:
    from studykit.tui.session import StudySession


class SettingsScreen(Screen[None]):
    """A small form; ctrl+s or the Save button stores it, esc leaves without saving."""

    DEFAULT_CSS = """
    #settings-box {
        width: 72; max-width: 100%; height: auto; margin: 1 2; padding: 0 2;
        border: round $primary;
    }
    #settings-error, #memory-model { margin-top: 1; height: auto; }
    #settings-scroll { height: auto; max-height: 8; }
    #settings-form {
        grid-size: 2; grid-columns: 36 1fr; grid-rows: 1; grid-gutter: 1 0;
        height: auto; margin-top: 1;
    }
    #save { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "close", "Back"),
    ]
    KEY_NOTES: ClassVar[dict[str, str]] = {"tab": "next field"}

    class ThemeChosen(Message):
        """The student saved a theme (`dark` or `light`): the app applies it."""

        def __init__(self, theme: str) -> None:
            super().__init__()
            self.theme = theme

    def __init__(self, session: StudySession, light: bool = False) -> None:
        """`light`: the light theme is the one on screen now."""
        super().__init__(id="settings")
        self.session = session
        self.light = light

    def compose(self) -> ComposeResult:
        settings = self.session.settings
        theme = "light" if self.light else "dark"
        blink = self.session.cursor_blink
        with Vertical(id="settings-box"):
            yield Static(Text("Settings", style="bold"), id="settings-title")
            with VerticalScroll(id="settings-scroll"), Grid(id="settings-form"):
                yield Static(Text("Desired retention (70–99 %)"))
                yield text_box(
                    str(round(settings.desired_retention * 100)),
                    type="integer",
                    id="retention",
                    compact=True,
                    blink=blink,
                )
                yield Static(Text("New cards per day, all decks"))
                yield text_box(
                    str(settings.new_per_day),
                    type="integer",
                    id="new-per-day",
                    compact=True,
                    blink=blink,
                )
                yield Static(Text("A study day starts at (hour 0–23)"))
                yield text_box(
                    str(settings.day_start_hour),
                    type="integer",
                    id="day-start",
                    compact=True,
                    blink=blink,
                )
                for field in FIELDS:
                    if field.key in _SPECIAL:
                        continue
                    yield Static(Text(_label(field.key)))
                    yield text_box(
                        field_text(settings, field.key),
                        id=f"setting-{field.key}",
                        compact=True,
                        tooltip=field.help,
                        blink=blink,
                    )
                yield Static(Text("Theme"))
                yield Select(
                    [("dark", "dark"), ("light", "light")],
                    value=theme,
                    allow_blank=False,
                    id="theme",
                    compact=True,
                )
            yield Static(memory_model_text(self.session), id="memory-model")  # issue 18
            yield Static(id="settings-error")
            yield Button("Save", id="save", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#retention", Input).focus()

    def _number(self, widget_id: str, low: int, high: int, label: str) -> int:
        raw = self.query_one(f"#{widget_id}", Input).value.strip()
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{label}: a whole number is needed, got {raw!r}") from None
        if not low <= value <= high:
            raise ValueError(f"{label} must be {low}–{high}, got {value}")
        return value

    def action_save(self) -> None:
        error = self.query_one("#settings-error", Static)
        problems: list[str] = []
        values: dict[str, int] = {}
        for key, widget_id, low, high, label in (
            ("retention", "retention", 70, 99, "Desired retention"),
            ("new", "new-per-day", 0, 9999, "New cards per day"),
            ("hour", "day-start", 0, 23, "Day start hour"),
        ):
            try:
                values[key] = self._number(widget_id, low, high, label)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            error.update(Text("\n".join(problems), style="bold red"))
            return
        settings = self.session.settings
        try:
            new_settings = replace(
                settings,
                desired_retention=values["retention"] / 100,
                new_per_day=values["new"],
                day_start_hour=values["hour"],
            )
            for field in FIELDS:
                if field.key not in _SPECIAL:
                    text = self.query_one(f"#setting-{field.key}", Input).value
                    new_settings = with_field(new_settings, field.key, text)
            self.session.save_settings(new_settings)
        except StudykitError as exc:
            error.update(Text(str(exc), style="bold red"))
            return
        theme = self.query_one("#theme", Select).value
        if isinstance(theme, str):
            self.post_message(self.ThemeChosen(theme))
        self.notify("Settings saved.", markup=False)
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_close(self) -> None:
        self.dismiss(None)


_SPECIAL = ("desired_retention", "new_per_day", "day_start_hour")
"""Settings with their own fields above (percent and ranges checked in the form)."""


def _label(key: str) -> str:
    """What the form calls a setting (`studykit settings` uses the key itself)."""
    return _LABELS.get(key, key.replace("_", " ").capitalize())


_LABELS = {
    "reviews_per_day": "Reviews per day, all decks",
    "learning_steps": "Learning steps (minutes)",
    "relearning_steps": "Relearning steps (minutes)",
    "maximum_interval": "Longest interval (days)",
    "enable_fuzzing": "Spread intervals a little (on/off)",
    "bury_new_siblings": "Bury new siblings (on/off)",
    "bury_review_siblings": "Bury review siblings (on/off)",
    "bury_learning_siblings": "Bury learning siblings (on/off)",
    "leech_threshold": "A leech after this many lapses",
    "leech_action": "Leech action (tag/suspend)",
    "learn_ahead_minutes": "Learn ahead (minutes)",
    "timezone": "Time zone (empty: the system's)",
}
