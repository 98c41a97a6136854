"""The studykit quiz app: screens over one study session, and the navigation between them.

`create_app(store, cards, now=...)` builds it, so tests pass a temporary store and a
frozen clock. The app owns the screen stack; screens get the `StudySession` handed down
and post messages up (`ReviewScreen.Ended`, `HomeScreen.StudyChosen`, …), so none of them
imports this module. Screens other than the review are imported only when first
opened, which keeps the time to the first card close to that of an empty Textual app.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from studykit.content.cards import Card
from studykit.tui.map_source import MapSource
from studykit.tui.session import Clock, StudySession, utc_now

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from studykit.models import Deck
    from studykit.study.store import Store
    from studykit.tui.screens.home import HomeScreen
    from studykit.tui.screens.review import ReviewScreen
    from studykit.tui.screens.settings import SettingsScreen
    from studykit.tui.screens.summary import SummaryScreen

Start = Literal["home", "review"]
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def warm_up() -> None:
    """After the first paint: import what the first answer needs (the FSRS step, the
    typed-answer check and its Chinese tables), left out of start-up so the first card
    is drawn sooner. (Not py-fsrs: it is a test dependency only.)"""
    for name in ("studykit.study.fsrs6", "studykit.study.answer_check"):
        importlib.import_module(name)
    from studykit.study.answer_check import simplified

    simplified("額")  # loads the character tables before the first Chinese answer


def resume_collection() -> None:
    """Once the first screen is drawn: turn the garbage collector back on if start-up
    paused it (`studykit quiz` does), and first freeze what start-up made: modules,
    styles and widgets live as long as the app, and collections scanning them cost
    ~40 ms before the first card (one full collection alone took 20-60 ms)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class StudyApp(App[None]):
    """Home (decks), review, summary, stats, browse and settings over one session."""

    CSS_PATH = "app.tcss"
    TITLE = "studykit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
        # every answer is in the store already: ctrl+c quits at once, as in a shell
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, session: StudySession, *, start: Start = "review") -> None:
        super().__init__()
        self.session = session
        self.start = start
        self.theme = THEMES[session.theme()]

    def get_default_screen(self) -> Screen[None]:
        """The first screen: the session on every deck, or the deck list if nothing is
        due (or `start="home"`). It is the bottom of the screen stack itself: pushing it
        over Textual's empty default screen cost ~8 ms before the first card."""
        screen: Screen[None] | None = None
        if self.start == "review":
            screen = self._review(self.session.deck_ids)
        if screen is None:
            screen = self._home()
        # What `switch_screen` gives the screen it puts on the stack, and expects to
        # remove again when this one is replaced (Textual's own default screen is
        # never switched away, so it has none). A private method of Textual 8: if a
        # later Textual renames it, start anyway (the screen-switching tests tell).
        push_result_callback = getattr(screen, "_push_result_callback", None)
        if push_result_callback is not None:
            push_result_callback(screen, None)
        return screen

    def on_mount(self) -> None:
        self.call_after_refresh(resume_collection)
        self.call_after_refresh(warm_up)
        if self.session.has_maps:
            self.call_after_refresh(
                self.run_worker, self.session.maps.atlas, thread=True, exit_on_error=False
            )

    # -- screens ------------------------------------------------------------------------

    def _home(self) -> HomeScreen:
        from studykit.tui.screens.home import HomeScreen

        return HomeScreen(self.session)

    def _review(self, decks: Sequence[str]) -> ReviewScreen | None:
        """A review screen on `decks`, or None if nothing is due there."""
        first = self.session.next_card(decks)
        if first.entry is None:
            return None
        from studykit.tui.screens.review import ReviewScreen

        return ReviewScreen(self.session, decks, self.session.title_for(decks), first=first)

    def study(self, decks: Sequence[str]) -> None:
        """Start a review session on `decks` (the deck ids), in place of the top screen."""
        review = self._review(decks)
        if review is None:
            self.notify("Nothing is due there now.", markup=False)
        else:
            self.switch_screen(review)

    # -- messages up from the screens ------------------------------------------------

    def on_review_screen_ended(self, message: ReviewScreen.Ended) -> None:
        from studykit.tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(self.session, message.record))

    def on_review_screen_home_chosen(self, message: ReviewScreen.HomeChosen) -> None:
        self.action_home()

    def on_summary_screen_home_chosen(self, message: SummaryScreen.HomeChosen) -> None:
        self.action_home()

    def on_home_screen_study_chosen(self, message: HomeScreen.StudyChosen) -> None:
        self.study(message.decks)

    def on_settings_screen_theme_chosen(self, message: SettingsScreen.ThemeChosen) -> None:
        self.set_theme(message.theme)

    # -- actions (keys and the command palette) ---------------------------------------

    def action_home(self) -> None:
        """The deck list, in place of every screen above the bottom one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_screen(self._home())

    def action_help(self) -> None:
        from studykit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_browse(self) -> None:
        from studykit.tui.screens.browse import BrowseScreen

        if self.screen.id != "browse":
            self.push_screen(BrowseScreen(self.session))

    def action_stats(self) -> None:
        from studykit.tui.screens.stats import StatsScreen

        if self.screen.id != "stats":
            self.push_screen(StatsScreen(self.session))

    def action_plan(self) -> None:
        from studykit.tui.screens.plan import PlanScreen

        if self.screen.id != "plan":
            self.push_screen(PlanScreen(self.session))

    def action_settings(self) -> None:
        from studykit.tui.screens.settings import SettingsScreen

        if self.screen.id != "settings":
            self.push_screen(SettingsScreen(self.session, self.theme == THEMES["light"]))

    def action_study_all(self) -> None:
        self.study(self.session.deck_ids)

    def action_toggle_theme(self) -> None:
        self.set_theme("light" if self.theme == THEMES["dark"] else "dark")

    def set_theme(self, name: str) -> None:
        """Apply and save the theme (`dark` or `light`)."""
        self.theme = THEMES[name]
        self.session.save_theme(name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (but its "Keys": ours lists this screen's keys), then the
        quiz's, each once; the review's own (undo, bury, suspend) while it is on top."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
        yield SystemCommand("Keys", "Every key of this screen", self.action_help)
        if screen.id == "review":
            for title, help_text, action in (
                ("Undo", "Take back the last answer", "undo"),
                ("Bury", "Hide this card until tomorrow", "bury"),
                ("Suspend", "Take this card out of every session", "suspend"),
            ):
                yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))
        yield SystemCommand("Home", "The deck list (h in a session)", self.action_home)
        yield SystemCommand("Study all decks", "Review every due card", self.action_study_all)
        yield SystemCommand("Browse cards", "Search facts and cards", self.action_browse)
        yield SystemCommand("Statistics", "Reviews, forecast, retention", self.action_stats)
        yield SystemCommand("Settings", "Retention, limits, day start, theme", self.action_settings)

    # -- store errors -------------------------------------------------------------------

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key's action, with a store error shown (cause, try again, back, quit)
        instead of ending the app: the failed step left the screen as it was, so trying
        again repeats it, and every answer confirmed before it is already committed."""
        from studykit.study.store import StoreError

        try:
            return await super().run_action(action, default_namespace, namespaces)
        except StoreError as error:
            from studykit.tui.screens.store_problem import StoreProblemScreen

            async def retry() -> object:
                return await self.run_action(action, default_namespace, namespaces)

            await self.push_screen(StoreProblemScreen(str(error), retry))
            return True

    def _handle_exception(self, error: Exception) -> None:
        """A store error outside a key's action: say so and quit (no traceback)."""
        from studykit.study.store import StoreError

        if isinstance(error, StoreError):
            from rich.text import Text

            from studykit.safetext import one_line

            self.exit(return_code=1, message=Text(f"studykit: error: {one_line(str(error))}"))
            return
        super()._handle_exception(error)


def create_app(
    store: Store,
    cards: Sequence[Card],
    *,
    now: Clock = utc_now,
    deck_titles: dict[str, str] | None = None,
    start: Start = "review",
    cursor_blink: bool = True,
    map_decks: Callable[[], Sequence[Deck]] | None = None,
) -> StudyApp:
    """The quiz over `store` for `cards`; `now` is the clock (tests freeze it).

    `map_decks` loads the decks the cards' head maps are drawn from (default: the
    built-in decks); it is called once, when the first map is needed."""
    session = StudySession(
        store,
        cards,
        clock=now,
        deck_titles=deck_titles,
        maps=MapSource(map_decks),
        cursor_blink=cursor_blink,
    )
    return StudyApp(session, start=start)


__all__ = ["StudyApp", "create_app", "utc_now"]
