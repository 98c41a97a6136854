"""Cards that require other facts (`Card.requires`) come only after a card of each of
them was introduced, and a requirement never holds a card back for ever."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import NOW, TEST_SETTINGS, make_card, make_cards, open_store

from studykit.commands.quiz import load_quiz_cards
from studykit.content.cards import Card
from studykit.content.generate import generate_cards
from studykit.content.loader import load_decks
from studykit.study.scheduling import Rating, SchedulerSettings
from studykit.study.store import Store


def needing(deck: str, fact: str, *required: str) -> Card:
    """A card of `deck/fact` that requires the facts `required` (`deck/fact`)."""
    return replace(make_card(deck, fact), requires=required)


def new_ids(store: Store, decks: list[str] | None = None) -> list[str]:
    return [e.card_id for e in store.queue(decks, NOW) if e.state == "new"]


ZONES = make_cards("zones", 4)  # zones/f00 ... zones/f03
CONDITIONS = [
    needing("areas", "c0", "zones/f03"),
    needing("areas", "c1", "zones/f00", "zones/f01"),
    needing("areas", "c2"),  # requires nothing
]
"""`areas` sorts first, so it takes the first turn of the interleaving."""


def test_a_card_comes_after_a_card_of_each_fact_it_requires(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=CONDITIONS + ZONES) as store:
        planned = new_ids(store)
        assert planned == [
            "areas/c2/forward",  # the first card of `areas` free to come
            "zones/f00/forward",
            "zones/f01/forward",  # `areas/c1` waits for both f00 and f01 ...
            "areas/c1/forward",  # ... held aside, it comes back before later cards
            "zones/f02/forward",
            "zones/f03/forward",
            "areas/c0/forward",
        ]
        # the same order card by card, answering as it goes
        shown = []
        while (entry := store.next_card(None, NOW)) is not None:
            shown.append(entry.card_id)
            store.answer(entry.card_id, Rating.EASY, NOW, 1000)
        assert shown == planned


def test_a_fact_introduced_on_an_earlier_day_lets_its_waiting_cards_come(tmp_path: Path) -> None:
    settings = replace(TEST_SETTINGS, new_per_day=1)
    with open_store(tmp_path / "s.sqlite3", settings, CONDITIONS + ZONES) as store:
        assert new_ids(store) == ["areas/c2/forward"]
        store.answer("zones/f03/forward", Rating.EASY, NOW - timedelta(days=1), 1000)
        store.answer("areas/c2/forward", Rating.EASY, NOW - timedelta(days=1), 1000)
        # yesterday f03 was met: c0 is first of its deck now; the limit allows one card
        assert new_ids(store) == ["areas/c0/forward"]


def test_a_required_fact_in_a_deck_not_studied_does_not_block(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=CONDITIONS + ZONES) as store:
        assert new_ids(store, ["areas"]) == [
            "areas/c0/forward",
            "areas/c1/forward",
            "areas/c2/forward",
        ]
        assert store.counts(["areas"], NOW)["areas"].new == 3


@pytest.mark.parametrize("how", ["suspended", "removed", "never-synced", "deck-limit-0"])
def test_a_required_fact_that_cannot_be_introduced_does_not_block(tmp_path: Path, how: str) -> None:
    settings: SchedulerSettings = TEST_SETTINGS
    cards = [needing("areas", "c0", "zones/f03"), *ZONES]
    if how == "never-synced":
        cards = [needing("areas", "c0", "zones/f09"), *ZONES]
    if how == "deck-limit-0":
        settings = TEST_SETTINGS.with_deck_limit("zones", 0, None)
    with open_store(tmp_path / "s.sqlite3", settings, cards) as store:
        if how == "suspended":
            store.suspend("zones/f03/forward")
        if how == "removed":
            store.sync_cards([cards[0], *ZONES[:3]], NOW)
        assert new_ids(store)[0] == "areas/c0/forward"


def test_a_cards_own_fact_is_not_waited_for(tmp_path: Path) -> None:
    cards = [needing("areas", "c0", "areas/c0")]
    with open_store(tmp_path / "s.sqlite3", cards=cards) as store:
        assert new_ids(store) == ["areas/c0/forward"]


def test_requirements_in_a_cycle_do_not_block(tmp_path: Path) -> None:
    cards = [needing("a", "c0", "b/c1"), needing("b", "c1", "a/c0")]
    with open_store(tmp_path / "s.sqlite3", cards=cards) as store:
        assert new_ids(store) == ["a/c0/forward", "b/c1/forward"]


def test_requirements_follow_the_cards_at_each_sync(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3", cards=CONDITIONS + ZONES) as store:

        def rows() -> set[tuple[str, str, str]]:
            return set(
                store.connection.execute(
                    "SELECT c.text_id, r.deck, r.fact FROM requires r "
                    "JOIN cards c ON c.id = r.card_id"
                )
            )

        assert rows() == {
            ("areas/c0/forward", "zones", "f03"),
            ("areas/c1/forward", "zones", "f00"),
            ("areas/c1/forward", "zones", "f01"),
        }
        changes = store.connection.total_changes
        store.sync_cards(CONDITIONS + ZONES, NOW)  # nothing changed: nothing written
        assert store.connection.total_changes == changes
        edited = [needing("areas", "c0", "zones/f02"), *CONDITIONS[1:]]
        store.sync_cards(edited, NOW, decks=["areas"])
        assert rows() == {
            ("areas/c0/forward", "zones", "f02"),
            ("areas/c1/forward", "zones", "f00"),
            ("areas/c1/forward", "zones", "f01"),
        }
        store.sync_cards(CONDITIONS[1:], NOW, decks=["areas"])  # c0 removed from its deck
        assert ("areas/c0/forward", "zones", "f02") not in rows()


def test_next_card_agrees_with_a_fresh_queue_while_requirements_are_met(
    tmp_path: Path,
) -> None:
    zones = make_cards("zones", 6, ("x", "y"))
    areas = [
        needing("areas", f"c{i}", f"zones/f{5 - i:02d}", f"zones/f{(i * 2) % 6:02d}")
        for i in range(6)
    ]
    settings = replace(TEST_SETTINGS, new_per_day=9)
    with open_store(tmp_path / "s.sqlite3", settings, areas + zones) as store:
        moment = NOW
        for answered in range(60):
            head = store.next_card(None, moment)
            with Store.at(store.path) as fresh:  # reads everything anew: nothing kept
                queue = fresh.queue(None, moment)
                assert head == (queue[0] if queue else None)
                assert fresh.counts(None, moment) == store.counts(None, moment)
            if head is None:
                break
            store.answer(head.card_id, [Rating.GOOD, Rating.AGAIN][answered % 2], moment, 1000)
            moment += timedelta(minutes=3)
        assert answered > 15


def builtin_cards() -> list[Card]:
    return generate_cards([loaded.deck for loaded in load_decks([])])


def test_a_fresh_profile_meets_each_zone_before_cards_on_what_it_treats(tmp_path: Path) -> None:
    cards = builtin_cards()
    by_id = {card.id: card for card in cards}
    dependent = [card for card in cards if card.requires]
    assert len(dependent) > 40  # the conditions deck's cards, both ways
    assert by_id["conditions/stroke-hemiplegia/zones:jiao"].requires == (
        "jiao-scalp-areas/motor",
        "jiao-scalp-areas/sensory",
    )
    with open_store(tmp_path / "s.sqlite3", cards=cards) as store:
        # today's plan, as the quiz lists it: each fact required comes earlier
        planned = [entry.card_id for entry in store.queue(None, NOW)]
        assert planned[0] != "conditions/stroke-hemiplegia/zones:jiao"  # the first, before
        for position, text_id in enumerate(planned):
            earlier = {"/".join(other.split("/")[:2]) for other in planned[:position]}
            assert set(by_id[text_id].requires) <= earlier, text_id
        assert any(by_id[text_id].requires for text_id in planned)
        introduced: set[str] = set()
        checked = 0
        for day in range(12):
            moment = NOW + timedelta(days=day)
            while (entry := store.next_card(None, moment)) is not None:
                card = by_id[entry.card_id]
                if entry.state == "new":
                    missing = [ref for ref in card.requires if ref not in introduced]
                    assert not missing, f"{card.id} came before a card of {missing}"
                    checked += bool(card.requires)
                    introduced.add(f"{card.deck}/{card.fact}")
                store.answer(entry.card_id, Rating.GOOD, moment, 1000)
                moment += timedelta(seconds=30)
        assert checked > 20  # many condition cards did come, each after its zones


def test_studying_the_conditions_deck_alone_is_not_blocked(tmp_path: Path) -> None:
    cards = builtin_cards()
    with open_store(tmp_path / "s.sqlite3", cards=cards) as store:
        requiring = {card.id for card in cards if card.requires}
        today = [entry.card_id for entry in store.queue(["conditions"], NOW)]
        assert len(today) == 20  # the day's limit, as without requirements
        assert len(requiring.intersection(today)) >= 15  # not held back by other decks
        assert store.counts(["conditions"], NOW)["conditions"].new == 20


def test_cards_json_says_what_each_card_requires(run_cli: Callable[..., Any]) -> None:
    result = run_cli("cards", "conditions", "--json")
    assert result.returncode == 0, result.stderr
    cards = {card["id"]: card for card in json.loads(result.stdout)}
    assert cards["conditions/stroke-hemiplegia/zones:jiao"]["requires"] == [
        "jiao-scalp-areas/motor",
        "jiao-scalp-areas/sensory",
    ]
    assert cards["conditions/scalp-standard-lines:ms7/zone-conditions"]["requires"] == [
        "scalp-standard-lines/ms7"
    ]
    assert all(isinstance(card["requires"], list) for card in cards.values())


def test_the_quiz_cache_keeps_what_cards_require(tmp_path: Path) -> None:
    written = load_quiz_cards([], cache_dir=tmp_path)
    read = load_quiz_cards([], cache_dir=tmp_path)
    assert read.cards == written.cards == builtin_cards()
    assert sum(bool(card.requires) for card in read.cards) > 40
    # a card cached before `requires` existed reads as requiring nothing
    old = {k: v for k, v in written.cards[0].to_json().items() if k != "requires"}
    assert Card.from_json(old).requires == ()
