"""Head maps in the quiz: a zone drawn in braille at whatever size the widget has.

`HeadMap` draws one zone (or nothing). `CardFigure` is the map of a card: docked to the
right of the card, the question's map unlabelled, the answer's labelled. `MapOptions`
shows the option maps of a `zone-map` card in a row of four (a 2×2 grid on narrow
screens), each under its number, marked once the answer is shown. Each gets the
session's `MapSource` handed down: the drawing code and the decks are loaded on first
use, never at start-up. `CardMaps` mounts the two on a screen when the first card with
a map comes (most cards have none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widget import Widget

from studykit.content.cards import Card

if TYPE_CHECKING:
    from rich.console import RenderableType

    from studykit.tui.map_source import MapSource


SHORT_SCREEN = 22
"""Lines below which the option maps stay in one row (the review screen's compact size)."""


class HeadMap(Widget):
    """One zone on the schematic head, sized to the widget (braille dots)."""

    DEFAULT_CSS = """
    HeadMap {
        width: 40;
        height: 16;
    }
    """

    def __init__(
        self, maps: MapSource, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.maps = maps
        self.ref: str | None = None
        self.labels = False
        self.header: Text | None = None
        self._drawn: dict[tuple[object, ...], Text] = {}
        self.display = False  # until there is something to show

    def show(self, ref: str | None, *, labels: bool = False, header: Text | None = None) -> None:
        """Draw `ref` (None: hide the widget); `header` is a line above the map."""
        if ref is None and self.ref is None:
            return  # the usual case of a card without a map: nothing to redraw
        self.ref, self.labels, self.header = ref, labels, header
        self.display = ref is not None
        self.refresh()

    def render(self) -> RenderableType:
        if self.ref is None:
            return Text()
        width, height = self.size.width, self.size.height - (1 if self.header else 0)
        drawing = self.drawing(self.ref, width, height, self.labels)
        if self.header is None:
            return drawing
        return Text("\n").join([self.header, drawing])

    def drawing(self, ref: str, width: int, height: int, labels: bool) -> Text:
        """The map as Rich Text (cached per size: a resize redraws, a refresh does not)."""
        key = (ref, width, height, labels)
        if key not in self._drawn:
            self._drawn[key] = self.maps.draw(ref, width, height, labels=labels)
        return self._drawn[key]


class CardFigure(HeadMap):
    """The card's own map: `figure` with the question, `answer_figure` with the answer."""

    def show_card(self, card: Card, *, revealed: bool) -> None:
        ref = (card.answer_figure or card.figure) if revealed else card.figure
        self.show(ref, labels=revealed)


class MapOptions(Grid):
    """The option maps of a `zone-map` card, numbered like the keys that pick them."""

    def __init__(self, maps: MapSource, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.maps = maps
        self.display = False
        self.cells = [HeadMap(maps, classes="map-option") for _ in range(4)]
        """Made here, not in `compose`: a card can be shown before they are mounted."""

    def compose(self) -> ComposeResult:
        yield from self.cells

    def show_card(self, card: Card, *, revealed: bool, picked: int | None = None) -> None:
        refs = card.figure_choices if len(card.figure_choices) == len(card.choices) else ()
        self.display = bool(refs)
        if not refs:
            return
        right = set(card.answers)
        for number, cell in enumerate(self.cells, start=1):
            if number > len(refs):
                cell.show(None)
                continue
            option = card.choices[number - 1]
            header = Text()
            header.append(f" {number} ", style="bold reverse")
            mark, style = " ", ""
            if revealed and option in right:
                mark, style = "✓", "bold green"
            elif revealed and picked == number:
                mark, style = "✗", "red strike"
            header.append(f" {mark} ")
            header.append(option, style=style)
            cell.show(refs[number - 1], header=header)

    def on_resize(self) -> None:
        """Four in a row where each map gets 16 columns or more, else two by two; but on
        a short screen (below 22 lines) always four in a row, so that all four stay in
        view: narrow maps beat maps scrolled out of sight."""
        short = self.screen.size.height < SHORT_SCREEN
        self.set_class(self.size.width < 4 * 16 + 3 and not short, "two-by-two")


def answer_map(card: Card) -> str | None:
    """The zone a card teaches the place of: its answer's map, its question's, or the
    right option's."""
    if card.answer_figure or card.figure:
        return card.answer_figure or card.figure
    for option, ref in zip(card.choices, card.figure_choices, strict=False):
        if option in card.answers:
            return ref
    return None


class CardMaps:
    """A screen's `CardFigure` and `MapOptions`, mounted in its card area the first time
    a card has a map, and kept from then on (hidden when a card has none): six widgets
    fewer to style and lay out before the first card, which rarely has a map."""

    def __init__(
        self, maps: MapSource, screen: Widget, area: str, *, before: str, after: str
    ) -> None:
        """The figure goes into `screen`'s child `area` before `before`, the options after
        `after` (selectors)."""
        self.maps = maps
        self.screen = screen
        self.places = (area, before, after)
        self.figure: CardFigure | None = None
        self.options: MapOptions | None = None

    def show_card(self, card: Card, *, revealed: bool, picked: int | None = None) -> None:
        """Update the maps for `card` (mounting them first if this is the first map)."""
        if self.figure is None or self.options is None:
            if not (card.figure or card.answer_figure or card.figure_choices):
                return
            area, before, after = (self.screen.query_one(place) for place in self.places)
            self.figure = CardFigure(self.maps, id="figure")
            self.options = MapOptions(self.maps, id="map-options")
            area.mount(self.figure, before=before)
            area.mount(self.options, after=after)
        self.figure.show_card(card, revealed=revealed)
        self.options.show_card(card, revealed=revealed, picked=picked)


__all__ = ["CardFigure", "CardMaps", "HeadMap", "MapOptions", "answer_map"]
