"""Pilot tests of the quiz: what the student presses is what the store records."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console
from rich.text import Text
from textual.widgets import Input, Static
from tui_support import DECK, MARKUP, NOW, AppFactory, make_cards, sync

from studykit.study.scheduling import Rating
from studykit.study.store import Store
from studykit.tui.screens.review import ReviewScreen
from studykit.tui.widgets.key_bar import KeyBar
from studykit.tui.widgets.rating_bar import RatingBar

SIZE = (100, 30)
TYPED, CHOICE, CLOZE, BASIC = (
    f"{DECK}/ms6/name-code",
    f"{DECK}/motor/location-zone",
    f"{DECK}/motor/division:upper-1-5",
    f"{DECK}/markup/basic",
)


def shown(app: object, widget_id: str) -> str:
    """The plain text a Static shows (what the student reads)."""
    widget = app.screen.query_one(f"#{widget_id}", Static)  # type: ignore[attr-defined]
    content = widget.content
    if isinstance(content, Text):
        return content.plain
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


def ratings(store: Store, card_id: str) -> list[Rating]:
    return [row.rating for row in store.history(card_id)]


@sync
async def test_a_whole_session_lands_in_the_store_as_pressed(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        order = []
        # typed: type the code with a space (forgiven), enter checks, 3 rates Good
        order.append(screen.card.id)
        await pilot.press("m", "s", "space", "6", "enter")
        assert screen.check is not None
        assert screen.check.correct
        await pilot.press("3")
        # choice: pick option 1 (wrong), then rate Again
        order.append(screen.card.id)
        await pilot.press("1")
        assert screen.suggested == Rating.AGAIN
        await pilot.press("1")
        # cloze and basic: space reveals, 4 rates Easy
        for _ in range(2):
            order.append(screen.card.id)
            await pilot.press("space", "4")
        assert order == [TYPED, CHOICE, CLOZE, BASIC]
        # the Again and Good cards come back (learning, shown early): Easy both
        back = []
        for _ in range(2):
            back.append(screen.card.id)
            await pilot.press("enter", "4")
        assert sorted(back) == sorted([TYPED, CHOICE])
        await pilot.pause()
        assert app.screen.id == "summary"
        table = shown(app, "summary-table")
        assert "Cards reviewed       6" in table
        assert "83%  (5 of 6)" in table
    assert ratings(store, TYPED) == [Rating.GOOD, Rating.EASY]
    assert ratings(store, CHOICE) == [Rating.AGAIN, Rating.EASY]
    assert ratings(store, CLOZE) == [Rating.EASY]
    assert ratings(store, BASIC) == [Rating.EASY]
    assert store.history(TYPED)[0].typed_answer == "ms 6"
    assert store.history(CHOICE)[0].typed_answer == "Sensory area"


@sync
async def test_typed_card_shows_what_differed_and_suggests_a_rating(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.card.id == TYPED
        assert screen.query_one("#typed", Input).has_focus
        await pilot.press("m", "s", "7", "enter")
        assert screen.suggested == Rating.AGAIN
        assert "not it" in shown(app, "feedback")
        assert "you typed ms7" in shown(app, "feedback")
        assert screen.query_one(RatingBar).suggested == Rating.AGAIN
        await pilot.press("enter")  # accepts the suggestion
    assert ratings(store, TYPED) == [Rating.AGAIN]


@sync
async def test_a_typed_card_after_other_kinds_gets_its_answer_box(
    make_app: AppFactory, store: Store
) -> None:
    store.answer(TYPED, Rating.AGAIN, NOW, duration_ms=0)  # learning: back at the end
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.card.id == CHOICE
        await pilot.press("2", "3", "space", "4", "space", "4")
        assert screen.card.id == TYPED
        box = screen.query_one("#typed", Input)
        assert box.display
        assert box.has_focus
        await pilot.press("m", "s", "6", "enter")
        assert screen.check is not None
        assert screen.check.correct
        await pilot.press("3")
    assert ratings(store, TYPED) == [Rating.AGAIN, Rating.GOOD]
    assert store.history(TYPED)[-1].typed_answer == "ms6"


@sync
async def test_choice_card_marks_the_right_option(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "3")  # past the typed card
        screen = app.screen
        assert screen.card.id == CHOICE
        await pilot.press("2")
        assert screen.phase == "answer"
        assert screen.suggested == Rating.GOOD
        assert "✓ Motor area" in shown(app, "choices")
        await pilot.press("enter")
    assert ratings(store, CHOICE) == [Rating.GOOD]


@sync
async def test_cloze_card_hides_then_shows_the_deletion(make_app: AppFactory) -> None:
    app = make_app(chosen=[c for c in make_cards() if c.kind == "cloze"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.card.kind == "cloze"
        assert "treats [...]." in shown(app, "front")
        assert not screen.query_one("#back").display
        await pilot.press("space")
        assert "paralysis of the opposite lower limb." in shown(app, "back")
        back = screen.query_one("#back", Static).content
        assert isinstance(back, Text)
        assert any("underline" in str(span.style) for span in back.spans)
        labels = screen.query_one(RatingBar).labels
        assert labels[0].startswith("1 Again · ")
        assert labels[3].startswith("4 Easy · ")


@sync
async def test_card_text_that_looks_like_markup_shows_literally(make_app: AppFactory) -> None:
    app = make_app(chosen=[c for c in make_cards() if c.kind == "basic"])
    async with app.run_test(size=SIZE) as pilot:
        assert shown(app, "front") == f"Front with {MARKUP}"
        await pilot.press("space")
        assert shown(app, "back") == f"Back with {MARKUP}"
        assert f"Source with {MARKUP}" in shown(app, "notes")
        assert "A note [red]stays plain[/red]." in shown(app, "notes")


@sync
async def test_undo_puts_the_card_back_and_the_store_forgets_the_answer(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "1")  # typed card: Again
        screen = app.screen
        assert screen.card.id == CHOICE
        assert screen.record.reviewed == 1
        await pilot.press("u")
        assert screen.card.id == TYPED
        assert screen.phase == "question"
        assert screen.record.reviewed == 0
        assert ratings(store, TYPED) == []
        assert store.card_state(TYPED).state == "new"
        await pilot.press("enter", "4")
    assert ratings(store, TYPED) == [Rating.EASY]


@sync
async def test_a_click_on_a_rating_rates_and_a_click_on_a_key_presses_it(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("enter")  # the typed card, answer shown
        bar = screen.query_one(RatingBar)
        good = next(x for x in range(bar.size.width) if bar.rating_at(x) == Rating.GOOD)
        assert bar.rating_at(good - 2) != Rating.GOOD  # the cells are a quarter each
        await pilot.click(RatingBar, offset=(good + 2, 0))
        assert ratings(store, TYPED) == [Rating.GOOD]
        assert screen.card.id == CHOICE
        keys = screen.query_one(KeyBar)
        assert [k.description for k in keys.keys] == [
            "Undo",
            "Bury",
            "Suspend",
            "Home",
            "End",
            "Quit",
            "Keys",
            "palette",
        ]
        undo = next(x for x in range(keys.size.width) if (k := keys.key_at(x)) and k.key == "u")
        await pilot.click(KeyBar, offset=(undo + 1, 0))
        assert screen.card.id == TYPED
    assert ratings(store, TYPED) == []


@sync
async def test_the_card_keeps_its_height_from_question_to_answer_to_the_next_card(
    make_app: AppFactory, store: Store
) -> None:
    """The answer box and the check of a typed answer are in the card, and the rating
    bar's line is kept, blank, while a question is shown: the card keeps its height,
    so a new card redraws only the lines that changed. A click on that blank line rates
    nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        frame, bar = screen.query_one("#card"), screen.query_one(RatingBar)
        await pilot.pause()
        assert screen.card.id == TYPED
        await pilot.click(RatingBar, offset=(bar.size.width // 2, 0))
        assert (screen.phase, ratings(store, TYPED)) == ("question", [])
        seen = []
        steps = [("m", "s", "6", "enter"), ("3",), ("2",), ("3",), ("space",), ("3",), ("space",)]
        for keys in steps:  # typed, choice, cloze, basic: question, then answer
            seen.append((screen.phase, frame.region.height, bar.display, bar.visible))
            await pilot.press(*keys)
            await pilot.pause()
        seen.append((screen.phase, frame.region.height, bar.display, bar.visible))
        height = seen[0][1]
        assert seen == [
            (phase, height, True, phase == "answer") for phase in ["question", "answer"] * 4
        ]
        assert screen.card.id == BASIC


@sync
async def test_a_compact_screen_gives_the_rating_line_to_the_question(
    make_app: AppFactory,
) -> None:
    """Below 22 lines a choice card's options need every line: no blank line is kept."""
    app = make_app(chosen=[card for card in make_cards() if card.kind == "choice"])
    async with app.run_test(size=(60, 15)) as pilot:
        screen = app.screen
        bar = screen.query_one(RatingBar)
        await pilot.pause()
        assert screen.has_class("compact")
        assert not bar.display
        await pilot.press("2")
        await pilot.pause()
        assert (screen.phase, bar.display, bar.visible) == ("answer", True, True)


@sync
async def test_bury_and_suspend_take_cards_out_of_the_session(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.card.id == TYPED
        await pilot.press("escape")  # leave the answer box...
        await pilot.press("b")
        assert screen.card.id == CHOICE
        await pilot.press("s")
        assert screen.card.id == CLOZE
        assert [e.card_id for e in store.queue([DECK], app.session.now())] == [CLOZE, BASIC]


@sync
async def test_nothing_due_shows_the_deck_list_with_a_message(
    make_app: AppFactory, store: Store
) -> None:
    for card in make_cards():
        store.suspend(card.id)
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.screen.id == "home"
        assert app.screen.query_one("#home-empty").display
        assert "Nothing is due now" in shown(app, "home-empty")


@sync
async def test_home_counts_and_study_from_the_tree(make_app: AppFactory) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.id == "home"
        tree = app.screen.query_one("#decks")
        labels = [node.label.plain for node in tree.root.children]
        assert labels[0].startswith("Test deck")
        assert labels[0].split()[-3:] == ["4", "0", "0"]
        await pilot.press("down", "enter")
        assert app.screen.id == "review"
        assert app.screen.record.decks == [DECK]


@sync
async def test_quitting_mid_session_keeps_every_answer(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "3", "2", "3")
        await pilot.press("q")
    assert ratings(store, TYPED) == [Rating.GOOD]
    assert ratings(store, CHOICE) == [Rating.GOOD]


@sync
async def test_settings_are_saved_in_the_store(make_app: AppFactory, store: Store) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        assert app.screen.id == "settings"
        retention = app.screen.query_one("#retention", Input)
        retention.value = "85"
        app.screen.query_one("#new-per-day", Input).value = "7"
        app.screen.query_one("#day-start", Input).value = "5"
        await pilot.press("ctrl+s")
        assert app.screen.id == "home"
        await pilot.press("ctrl+t")
    reopened = Store.at(store.path)
    assert reopened.settings.desired_retention == 0.85
    assert reopened.settings.new_per_day == 7
    assert reopened.settings.day_start_hour == 5
    assert reopened.get_setting("theme") == "light"
    reopened.close()


@sync
async def test_settings_refuse_bad_values(make_app: AppFactory, store: Store) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        app.screen.query_one("#retention", Input).value = "120"
        await pilot.press("ctrl+s")
        assert app.screen.id == "settings"
        assert "Desired retention must be 70–99" in shown(app, "settings-error")
    assert store.settings.desired_retention == 0.9


@sync
async def test_help_lists_the_keys_and_the_palette_opens(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")  # out of the typed-answer box
        await pilot.press("question_mark")
        assert app.screen.id == "help"
        keys = shown(app, "help-keys")
        await pilot.press("escape")
        assert app.screen.id == "review"
        await pilot.press("ctrl+p")
        assert type(app.screen).__name__ == "CommandPalette"
    for word in ("Undo", "Bury", "Suspend", "Quit", "Again"):
        assert word in keys or word.lower() in keys


@sync
async def test_browse_shows_history_and_next_due(make_app: AppFactory, store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "4")
        await pilot.press("escape")  # end the session
        await pilot.press("enter")  # summary → home
        await pilot.press("b")
        assert app.screen.id == "browse"
        await pilot.press("slash", "m", "s", "6")
        detail = shown(app, "detail-text")
        assert "name-code" in detail
        assert "Next due: 2025-03" in detail
        assert "Easy" in detail


@sync
async def test_a_rating_given_at_once_leaves_the_next_typed_card_its_answer_box(
    make_app: AppFactory, store: Store
) -> None:
    """The answer box is left once a checked answer is laid out (a deferred step): a
    rating given before that step runs must not take the focus from the next card's box."""
    typed = make_cards()[0]
    second = replace(typed, id=f"{DECK}/ms7/name-code", fact="ms7", back="MS7", answers=("MS7",))
    store.sync_cards([*make_cards(), second], NOW)
    app = make_app(chosen=[typed, second])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.card.id == TYPED
        screen.reveal()
        screen.rate(Rating.GOOD)  # in the same turn of the event loop as the check
        await pilot.pause()
        assert screen.card.id == second.id
        box = screen.query_one("#typed", Input)
        assert box.has_focus
        assert not box.disabled
        await pilot.press("m", "s", "7", "enter")
        assert screen.check is not None
        assert screen.check.correct
