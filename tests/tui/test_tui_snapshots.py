"""Snapshots of every screen at 60x15, 80x24 and 160x45 with a frozen clock
(pytest-textual-snapshot): the smallest terminal the quiz supports, the usual one, and a
large one.

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

from tui_support import AppFactory, make_cards


def test_review_typed_question(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=snap_size)


def test_review_typed_checked(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    assert snap_compare(
        make_app(), press=["m", "s", "space", "6", "enter"], terminal_size=snap_size
    )


def test_review_choice_picked(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), press=["enter", "3", "1"], terminal_size=snap_size)


def test_review_cloze_revealed(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    cloze = [card for card in make_cards() if card.kind == "cloze"]
    assert snap_compare(make_app(chosen=cloze), press=["space"], terminal_size=snap_size)


def test_review_markup_card_revealed(
    make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]
) -> None:
    basic = [card for card in make_cards() if card.kind == "basic"]
    assert snap_compare(make_app(chosen=basic), press=["space"], terminal_size=snap_size)


def test_summary(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    keys = ["enter", "4", "2", "4", "space", "4", "space", "4"]
    assert snap_compare(make_app(), press=keys, terminal_size=snap_size)


def test_home(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    assert snap_compare(make_app(start="home"), terminal_size=snap_size)


def test_stats(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    keys = ["enter", "4", "2", "1", "escape", "t"]
    assert snap_compare(make_app(), press=keys, terminal_size=snap_size)


def test_browse(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    assert snap_compare(make_app(start="home"), press=["b"], terminal_size=snap_size)


def test_settings(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    assert snap_compare(make_app(start="home"), press=["comma"], terminal_size=snap_size)


def test_help(make_app: AppFactory, snap_compare: Any, snap_size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), press=["escape", "question_mark"], terminal_size=snap_size)
