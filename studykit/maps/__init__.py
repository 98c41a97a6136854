"""Head maps: every zone drawn on a schematic head, from its landmark definition.

Public functions (zone refs are `deck-id:zone-id`, e.g. `scalp-standard-lines:ms6`;
`decks=None` means the built-in decks):

* `render_svg(zone_refs, view=None, *, highlight=None, labels=True, decks=None) -> str`:
  a self-contained SVG. `view` is one of `top`, `left`, `right`, `front`, `back`, a list
  of them, `"all"` (every view showing a zone), or None (the best single view).
  `highlight` (default: all) are drawn strongly, the other refs faintly. `labels=False`
  draws nothing that names a zone (for the question side of map cards).
* `render_text(zone_ref, width, height, *, view=None, mode="braille", decks=None)
  -> list[str]`: the zone drawn in `height` lines of `width` characters (braille dots or,
  with `mode="blocks"`, quadrant blocks). `render_rich(...)` gives the same as Rich Text
  coloured by role (zone orange, landmarks green, head grey).
* `media_filename(zone_ref, *, labels=False, decks=None) -> str`: a unique basename for
  the zone's SVG as Anki media; pair it with `render_svg([zone_ref], labels=labels)`.
* `has_map(zone_ref, decks=None) -> bool`: whether the zone can be drawn.

Geometry lives in `head` (the surface), `landmarks` (sourced points), `geometry` (zone
shapes from definitions), `views` (projections), `svg` and `text` (renderers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

    from studykit.maps.atlas import Atlas, UnknownZoneError
    from studykit.maps.text import TextMap, TextMode
    from studykit.models import Deck

_LAZY = {
    "Atlas": "studykit.maps.atlas",
    "UnknownZoneError": "studykit.maps.atlas",
    "TextMap": "studykit.maps.text",
}


def __getattr__(name: str) -> Any:
    """`Atlas`, `UnknownZoneError`, `TextMap` on first use: card generation imports
    `studykit.content.makers.maps` and needs none of the drawing code."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def atlas_for(decks: Sequence[Deck] | None = None) -> Atlas:
    """The atlas of `decks` (None: the built-in decks, loaded once)."""
    from studykit.maps.atlas import Atlas, builtin_atlas

    return builtin_atlas() if decks is None else Atlas(decks)


def render_svg(
    zone_refs: Sequence[str],
    view: str | Sequence[str] | None = None,
    *,
    highlight: Sequence[str] | None = None,
    labels: bool = True,
    title: str | None = None,
    decks: Sequence[Deck] | None = None,
) -> str:
    """The zones on the head as an SVG document."""
    return atlas_for(decks).svg(zone_refs, view, highlight=highlight, labels=labels, title=title)


def text_map(
    zone_ref: str,
    width: int = 40,
    height: int = 16,
    *,
    view: str | None = None,
    mode: TextMode = "braille",
    labels: bool = True,
    decks: Sequence[Deck] | None = None,
) -> TextMap:
    """The zone drawn in text characters, with each cell's role."""
    return atlas_for(decks).text(zone_ref, width, height, view=view, mode=mode, labels=labels)


def render_text(
    zone_ref: str,
    width: int = 40,
    height: int = 16,
    *,
    view: str | None = None,
    mode: TextMode = "braille",
    labels: bool = True,
    decks: Sequence[Deck] | None = None,
) -> list[str]:
    """The zone drawn in `height` lines of `width` characters."""
    drawn = text_map(zone_ref, width, height, view=view, mode=mode, labels=labels, decks=decks)
    return list(drawn.lines)


def render_rich(
    zone_ref: str,
    width: int = 40,
    height: int = 16,
    *,
    view: str | None = None,
    mode: TextMode = "braille",
    labels: bool = True,
    decks: Sequence[Deck] | None = None,
) -> Text:
    """The zone drawn in text characters as Rich Text (for the Textual app)."""
    drawn = text_map(zone_ref, width, height, view=view, mode=mode, labels=labels, decks=decks)
    return drawn.to_rich()


def media_filename(
    zone_ref: str, *, labels: bool = False, decks: Sequence[Deck] | None = None
) -> str:
    """Unique basename of the zone's SVG as Anki media (it names no zone)."""
    return atlas_for(decks).media_filename(zone_ref, labels=labels)


def has_map(zone_ref: str, decks: Sequence[Deck] | None = None) -> bool:
    """Whether the zone has a landmark definition to draw it from."""
    return atlas_for(decks).has_map(zone_ref)


__all__ = [
    "Atlas",
    "TextMap",
    "UnknownZoneError",
    "atlas_for",
    "has_map",
    "media_filename",
    "render_rich",
    "render_svg",
    "render_text",
    "text_map",
]
