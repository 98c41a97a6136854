"""What the quiz tests share: the frozen clock, a small set of cards (one of each kind,
plus text that looks like Rich markup), and a way to run async Pilot tests."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from studykit.content.cards import Card
from studykit.tui.app import StudyApp

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
DECK = "test-deck"
MARKUP = "[bold]not bold[/] [link=https://example.com]no link[/link] [/]"


def make_cards() -> list[Card]:
    """One card of each kind, in the order the store introduces them."""
    return [
        Card(
            id=f"{DECK}/ms6/name-code",
            deck=DECK,
            fact="ms6",
            direction="name-code",
            kind="typed",
            front="International Standard: what is the code of the Anterior oblique line?",
            back="MS6",
            answers=("MS6",),
            source="[S1] WHO 1991 (two-sources)",
        ),
        Card(
            id=f"{DECK}/motor/location-zone",
            deck=DECK,
            fact="motor",
            direction="location-zone",
            kind="choice",
            front="Which Jiao zone is this? From 0.5 cun behind the midpoint, down to the temple.",
            back="Motor area",
            answers=("Motor area",),
            choices=("Sensory area", "Motor area", "Speech area I", "Usage area"),
            source="[S9] 中医刺灸 (two-sources)",
        ),
        Card(
            id=f"{DECK}/motor/division:upper-1-5",
            deck=DECK,
            fact="motor-division",
            direction="division:upper-1-5",
            kind="cloze",
            front="The upper 1/5 of Motor area treats [...].",
            back="The upper 1/5 of Motor area treats paralysis of the opposite lower limb.",
            answers=("paralysis of the opposite lower limb",),
            cloze="The upper 1/5 of Motor area treats "
            "{{c1::paralysis of the opposite lower limb}}.",
            source="[S9] 中医刺灸 (two-sources)",
        ),
        Card(
            id=f"{DECK}/markup/basic",
            deck=DECK,
            fact="markup",
            direction="basic",
            kind="basic",
            front=f"Front with {MARKUP}",
            back=f"Back with {MARKUP}",
            source=f"Source with {MARKUP}",
            extra="A note [red]stays plain[/red].",
        ),
    ]


AppFactory = Callable[..., StudyApp]


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio (no pytest async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run
