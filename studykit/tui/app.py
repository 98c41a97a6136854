"""The studykit quiz app: a thin Textual layer over the review store.

`create_app(store, cards, now=...)` builds it, so tests pass a temporary store and a
frozen clock. Screens other than the review are imported only when first opened,
which keeps the time to the first card close to that of an empty Textual app.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from studykit.content.cards import Card
from studykit.safetext import one_line, record_for_terminal

if TYPE_CHECKING:
    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

    from studykit.maps import Atlas
    from studykit.models import Deck
    from studykit.study.planner import ExamPlan
    from studykit.study.store import QueueEntry, Store
    from studykit.tui.screens.review import ReviewScreen, SessionLog

Clock = Callable[[], datetime]
Start = Literal["home", "review"]
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def utc_now() -> datetime:
    return datetime.now(UTC)


def warm_up() -> None:
    """After the first paint: import what the first answer needs (FSRS, the typed-answer
    check), left out of start-up so the first card is drawn sooner."""
    for name in ("fsrs", "studykit.study.answer_check"):
        importlib.import_module(name)


def resume_collection() -> None:
    """Once the first screen is drawn: turn the garbage collector back on if start-up
    paused it (`studykit quiz` does), and first freeze what start-up made: modules,
    styles and widgets live as long as the app, and collections scanning them cost
    ~40 ms before the first card (one full collection alone took 20-60 ms)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class StudyApp(App[None]):
    """Home (decks), review, summary, stats, browse and settings over one store."""

    CSS_PATH = "app.tcss"
    TITLE = "studykit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),
    ]

    def __init__(
        self,
        store: Store,
        cards: Sequence[Card],
        *,
        now: Clock = utc_now,
        deck_titles: dict[str, str] | None = None,
        start: Start = "review",
        cursor_blink: bool = True,
        map_decks: Callable[[], Sequence[Deck]] | None = None,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self._map_decks = map_decks
        self._atlas: Atlas | None = None
        self._atlas_failed = False
        self._atlas_lock = threading.Lock()
        self.store = store
        self.now = now
        # deck text is data: no control character of it reaches the terminal
        self.cards: dict[str, Card] = {card.id: record_for_terminal(card) for card in cards}
        self.deck_ids: list[str] = list(dict.fromkeys(card.deck for card in cards))
        titles = deck_titles or {}
        self.deck_titles = {deck: one_line(titles.get(deck, deck)) for deck in self.deck_ids}
        self.start = start
        self.theme = THEMES.get(str(store.get_setting("theme", "dark")), "textual-dark")

    def get_default_screen(self) -> Screen[None]:
        """The first screen: the session on every deck, or the deck list if nothing is
        due (or `start="home"`). It is the bottom of the screen stack itself: pushing it
        over Textual's empty default screen cost ~8 ms before the first card."""
        screen: Screen[None] | None = None
        if self.start == "review":
            screen = self._session(self.deck_ids)
        if screen is None:
            from studykit.tui.screens.home import HomeScreen

            screen = HomeScreen()
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
        if any(c.figure or c.answer_figure or c.figure_choices for c in self.cards.values()):
            self.call_after_refresh(
                self.run_worker, self.map_atlas, thread=True, exit_on_error=False
            )

    # -- head maps ----------------------------------------------------------------------

    def map_atlas(self) -> Atlas | None:
        """The maps' atlas, loaded once on first use (a worker preloads it after the first
        paint); None if the decks cannot be loaded."""
        with self._atlas_lock:
            if self._atlas is None and not self._atlas_failed:
                from studykit.errors import StudykitError
                from studykit.maps import atlas_for

                try:
                    self._atlas = atlas_for(self._map_decks() if self._map_decks else None)
                except StudykitError:
                    self._atlas_failed = True
            return self._atlas

    def draw_map(self, ref: str, width: int, height: int, *, labels: bool = False) -> Text:
        """A zone's map in `width`×`height` cells, or a short note where there is none."""
        from studykit.maps import UnknownZoneError

        atlas = self.map_atlas()
        if atlas is None or width < 4 or height < 2:
            return Text("(no map)", style="dim")
        try:
            return atlas.text(ref, width, height, labels=labels).to_rich()
        except (UnknownZoneError, ValueError):  # a zone the decks loaded cannot draw
            return Text("(no map)", style="dim")

    def text_input(self, value: str = "", **options: Any) -> Input:
        """An `Input` that blinks or not as the app was told (snapshot tests freeze it)."""
        box = Input(value, **options)
        box.cursor_blink = self.cursor_blink
        return box

    def local(self, moment: datetime) -> datetime:
        """`moment` in the study profile's time zone (the system's unless set)."""
        return moment.astimezone(self.store.settings.local_zone())

    # -- navigation ---------------------------------------------------------------------

    def show_home(self) -> None:
        """The deck list, in place of the top screen."""
        from studykit.tui.screens.home import HomeScreen

        self.switch_screen(HomeScreen())

    def study(self, decks: Sequence[str]) -> None:
        """Start a review session on `decks` (the deck ids), in place of the top screen."""
        session = self._session(decks)
        if session is None:
            self.notify("Nothing is due there now.", markup=False)
        else:
            self.switch_screen(session)

    def _session(self, decks: Sequence[str]) -> ReviewScreen | None:
        """A review screen on `decks`, or None if nothing is due there."""
        first = self.next_entry(decks)
        if first[0] is None:
            return None
        from studykit.tui.screens.review import ReviewScreen

        if len(decks) == 1:
            title = self.deck_titles.get(decks[0], decks[0])
        else:
            title = "All decks" if set(decks) == set(self.deck_ids) else f"{len(decks)} decks"
        return ReviewScreen(decks, title, first=first)

    def end_session(self, log: SessionLog) -> None:
        from studykit.tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(log))

    def action_help(self) -> None:
        from studykit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_browse(self) -> None:
        from studykit.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen())

    def action_stats(self) -> None:
        from studykit.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_plan(self) -> None:
        from studykit.tui.screens.plan import PlanScreen

        self.push_screen(PlanScreen())

    def exam_plans(self) -> list[ExamPlan]:
        """The plans of the exams ahead (none without exams; issue 18)."""
        from studykit.tui.screens.plan import exam_plans

        return exam_plans(self.store, self.now())

    def action_settings(self) -> None:
        from studykit.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_study_all(self) -> None:
        self.study(self.deck_ids)

    def action_toggle_theme(self) -> None:
        self.set_theme("light" if self.theme == THEMES["dark"] else "dark")

    def set_theme(self, name: str) -> None:
        """Apply and save the theme (`dark` or `light`)."""
        self.theme = THEMES[name]
        self.store.set_setting("theme", name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Study all decks", "Review every due card", self.action_study_all)
        yield SystemCommand("Browse cards", "Search facts and cards", self.action_browse)
        yield SystemCommand("Statistics", "Reviews, forecast, retention", self.action_stats)
        yield SystemCommand("Settings", "Retention, limits, day start, theme", self.action_settings)
        yield SystemCommand("Deck list", "Back to the decks", self.show_home)
        yield SystemCommand("Keys", "Every key of this screen", self.action_help)

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
            self.exit(return_code=1, message=Text(f"studykit: error: {one_line(str(error))}"))
            return
        super()._handle_exception(error)

    # -- the queue ----------------------------------------------------------------------

    def next_entry(self, decks: Sequence[str]) -> tuple[QueueEntry | None, int]:
        """The next card to show and how many are left today (the counts the home
        screen shows). Asks the store for the next card only, not the whole queue."""
        now = self.now()
        entry = self.store.next_card(decks, now)
        if entry is not None and entry.card_id not in self.cards:  # not loaded: skip it
            queue = [e for e in self.store.queue(decks, now) if e.card_id in self.cards]
            return (queue[0] if queue else None), len(queue)
        left = sum(counts.total for counts in self.store.counts(decks, now).values())
        return entry, max(left, 1 if entry is not None else 0)


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
    return StudyApp(
        store,
        cards,
        now=now,
        deck_titles=deck_titles,
        start=start,
        cursor_blink=cursor_blink,
        map_decks=map_decks,
    )
