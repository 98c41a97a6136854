"""The settings screen offers every study setting of `studykit settings` (issue 15)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, Static
from tui_support import AppFactory, sync

from studykit.content.cards import Card
from studykit.study.settings import FIELDS
from studykit.study.store import Store

SIZE = (100, 30)


def shown(app: object, widget_id: str) -> str:
    """The plain text of a Static that shows a plain string."""
    return str(app.screen.query_one(f"#{widget_id}", Static).content)  # type: ignore[attr-defined]


@sync
async def test_limits_steps_siblings_and_leeches_are_saved(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        screen = app.screen
        for field in FIELDS:
            if field.key not in ("desired_retention", "new_per_day", "day_start_hour"):
                assert screen.query_one(f"#setting-{field.key}", Input)
        screen.query_one("#setting-reviews_per_day", Input).value = "150"
        screen.query_one("#setting-learning_steps", Input).value = "1 10 60"
        screen.query_one("#setting-bury_new_siblings", Input).value = "off"
        screen.query_one("#setting-leech_action", Input).value = "suspend"
        await pilot.press("ctrl+s")
        assert app.screen.id == "home"
    with Store.at(store.path) as reopened:
        settings = reopened.settings
    assert settings.reviews_per_day == 150
    assert settings.learning_steps == (
        timedelta(minutes=1),
        timedelta(minutes=10),
        timedelta(minutes=60),
    )
    assert settings.bury_new_siblings is False
    assert settings.leech_action == "suspend"


@sync
async def test_a_bad_setting_is_explained_and_nothing_is_saved(
    make_app: AppFactory, store: Store
) -> None:
    app = make_app(start="home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        app.screen.query_one("#setting-leech_action", Input).value = "delete"
        await pilot.press("ctrl+s")
        assert app.screen.id == "settings"
        assert "leech_action must be tag or suspend" in shown(app, "settings-error")
    assert store.settings.leech_action == "tag"


@sync
async def test_the_home_screen_says_how_many_cards_siblings_hold_back(
    make_app: AppFactory, store: Store, cards: list[Card]
) -> None:
    from dataclasses import replace

    from tui_support import DECK, NOW

    sibling = Card(
        id=f"{DECK}/ms6/code-name",
        deck=DECK,
        fact="ms6",
        direction="code-name",
        kind="basic",
        front="MS6?",
        back="Motor line",
    )
    store.sync_cards([*cards, sibling], NOW)  # a second card of fact ms6
    store.save_settings(replace(store.settings, new_per_day=500))  # no limit binds
    held = store.held_back(None, NOW)
    assert held == 1
    app = make_app(start="home")
    async with app.run_test(size=SIZE):
        assert f"{held} sibling card" in shown(app, "today")
