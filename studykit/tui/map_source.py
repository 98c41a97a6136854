"""The head maps the quiz draws: the atlas loaded once, on first use, and each zone's map
as Rich text with the zone marked by shape as well as colour."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

    from studykit.maps import Atlas
    from studykit.models import Deck


class MapSource:
    """The head maps: the decks they are drawn from are loaded once, on first use (the
    app preloads them in a thread after the first paint), never at start-up."""

    def __init__(self, load_decks: Callable[[], Sequence[Deck]] | None = None) -> None:
        self._load_decks = load_decks
        self._atlas: Atlas | None = None
        self._failed = False
        self._lock = threading.Lock()

    def atlas(self) -> Atlas | None:
        """The maps' atlas, or None if the decks cannot be loaded."""
        with self._lock:
            if self._atlas is None and not self._failed:
                from studykit.errors import StudykitError
                from studykit.maps import atlas_for

                try:
                    self._atlas = atlas_for(self._load_decks() if self._load_decks else None)
                except StudykitError:
                    self._failed = True
            return self._atlas

    def draw(self, ref: str, width: int, height: int, *, labels: bool = False) -> Text:
        """A zone's map in `width`×`height` cells, or a short note where there is none.

        The zone is marked by shape as well as colour (its cells drawn solid), so it
        stays visible on a monochrome screen or with `NO_COLOR`.
        """
        from rich.text import Text

        from studykit.maps import UnknownZoneError

        atlas = self.atlas()
        if atlas is None or width < 4 or height < 2:
            return Text("(no map)", style="dim")
        try:
            drawn = atlas.text(ref, width, height, labels=labels)
        except (UnknownZoneError, ValueError):  # a zone the decks loaded cannot draw
            return Text("(no map)", style="dim")
        return marked_by_shape(drawn.lines, drawn.roles)


SOLID = "⣿"
"""A full braille cell: the zone's cells are drawn with it, so the zone is a thick band."""


def marked_by_shape(lines: Sequence[str], roles: Sequence[Sequence[str | None]]) -> Text:
    """A text map as Rich Text, each cell styled by its role, the zone's cells solid."""
    from rich.text import Text

    from studykit.maps.text import STYLES

    text = Text()
    for row, (line, line_roles) in enumerate(zip(lines, roles, strict=True)):
        if row:
            text.append("\n")
        for char, role in zip(line, line_roles, strict=True):
            if role == "zone":
                text.append(SOLID, style=STYLES["zone"])
            else:
                text.append(char, style=STYLES.get(role, "") if role else "")
    return text


__all__ = ["SOLID", "MapSource", "marked_by_shape"]
