"""Deck text is data in the quiz too: control characters in a card (from an old cache, or
a card made in Python) are shown as pictures, never sent to the terminal."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static
from tui_support import NOW, AppFactory, sync

from studykit.content.cards import Card
from studykit.study.store import Store

ESCAPES = "\x1b]52;c;aGVsbG8=\x07\x1b]0;title\x07\x9b2J"


@sync
async def test_escape_sequences_in_a_card_are_shown_not_obeyed(
    make_app: AppFactory, store: Store
) -> None:
    card = Card(
        id="evil/fact/basic",
        deck="evil",
        fact="fact",
        direction="basic",
        kind="basic",
        front=f"Front {ESCAPES}",
        back=f"Back {ESCAPES}",
        source=f"Source {ESCAPES}",
    )
    store.sync_cards([card], NOW, decks=["evil"])
    app = make_app(chosen=[card])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        shown = []
        for name in ("front", "back", "notes"):
            content = app.screen.query_one(f"#{name}", Static).content
            assert isinstance(content, Text)
            shown.append(content.plain)
        assert shown[0].startswith("Front \u241b]52;c;")
        for text in shown:
            assert not any(
                (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text
            )
