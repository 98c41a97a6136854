"""Scenes → lines of text characters: braille dots (2×4 per cell) or quadrant blocks (2×2).

Works in any UTF-8 terminal (tmux, 80×24 included). Each cell also gets a role (the most
important thing drawn in it) so a caller can colour it; `TextMap.to_rich()` does that
with Rich styles (imported lazily, so the domain stays free of terminal libraries).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from studykit.maps.views import Point2, Scene

if TYPE_CHECKING:
    from rich.text import Text

TextMode = Literal["braille", "blocks"]

_PRIORITY = {"guide": 1, "feature": 2, "head": 3, "context": 4, "zone": 6, "division": 6}
_LANDMARK = 7
_ROLE_OF = {1: "guide", 2: "feature", 3: "head", 4: "context", 6: "zone", 7: "landmark"}
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
_QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
_CELL = {"braille": (2, 4), "blocks": (2, 2)}

STYLES: dict[str, str] = {
    "guide": "grey39",
    "feature": "grey50",
    "head": "grey62",
    "context": "dodger_blue2",
    "zone": "bold dark_orange",
    "landmark": "bold green3",
    "label": "green3",
}
"""Rich style per role (terminal colours that read on dark and light backgrounds)."""


@dataclass(frozen=True, slots=True)
class TextMap:
    """A map drawn in text: lines of equal width and each cell's role (or None)."""

    lines: tuple[str, ...]
    roles: tuple[tuple[str | None, ...], ...]

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def to_rich(self, styles: dict[str, str] | None = None) -> Text:
        """The map as Rich Text, each cell styled by its role."""
        from rich.text import Text

        styles = {**STYLES, **(styles or {})}
        text = Text()
        for row, (line, roles) in enumerate(zip(self.lines, self.roles, strict=True)):
            if row:
                text.append("\n")
            for char, role in zip(line, roles, strict=True):
                text.append(char, style=styles.get(role, "") if role else "")
        return text


def render_scene(
    scene: Scene, width: int, height: int, mode: TextMode = "braille", labels: bool = True
) -> TextMap:
    """Fit the scene into `width`×`height` cells, keeping its proportions."""
    if width < 4 or height < 2:
        raise ValueError(f"a text map needs at least 4×2 cells, not {width}×{height}")
    cols, rows = _CELL[mode]
    dots_w, dots_h = width * cols, height * rows
    aspect = (2.0 / rows) / (1.0 / cols)  # height of a dot over its width (cells are 1:2)
    x0, y0, x1, y1 = scene.bounds()
    k = min((dots_w - 1) / max(x1 - x0, 1e-9), (dots_h - 1) * aspect / max(y1 - y0, 1e-9))
    pad_x = (dots_w - 1 - (x1 - x0) * k) / 2
    pad_y = (dots_h - 1 - (y1 - y0) * k / aspect) / 2

    def to_dot(p: Point2) -> tuple[float, float]:
        return (p[0] - x0) * k + pad_x, (y1 - p[1]) * k / aspect + pad_y

    grid = [[0] * dots_w for _ in range(dots_h)]

    def plot(x: float, y: float, level: int) -> None:
        ix, iy = round(x), round(y)
        if 0 <= ix < dots_w and 0 <= iy < dots_h and grid[iy][ix] < level:
            grid[iy][ix] = level

    for line in sorted(scene.lines, key=lambda item: _PRIORITY[item.role]):
        level = _PRIORITY[line.role]
        thick = level >= 6
        count = 0
        for a, b in zip(line.points, line.points[1:], strict=False):
            (ax, ay), (bx, by) = to_dot(a), to_dot(b)
            steps = max(1, round(max(abs(bx - ax), abs(by - ay))))
            for i in range(steps + 1):
                x, y = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
                count += 1
                if line.role == "guide" and count % 3:
                    continue
                plot(x, y, level)
                if thick:
                    plot(x + 1, y, level)
    cell_dots: list[tuple[int, int, float, float, str]] = []
    for dot in scene.dots:
        x, y = to_dot(dot.at)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            plot(x + dx - 0.5, y + dy - 0.5, _LANDMARK)
        cell_dots.append((int(x // cols), int(y // rows), x, y, dot.label))
    chars: list[list[str]] = []
    roles: list[list[str | None]] = []
    for cy in range(height):
        row_chars: list[str] = []
        row_roles: list[str | None] = []
        for cx in range(width):
            bits, top = 0, 0
            for ry in range(rows):
                for rx in range(cols):
                    level = grid[cy * rows + ry][cx * cols + rx]
                    if level:
                        bits |= _bit(mode, rx, ry)
                        top = max(top, level)
            row_chars.append(_glyph(mode, bits))
            row_roles.append(_ROLE_OF.get(top) if top else None)
        chars.append(row_chars)
        roles.append(row_roles)
    if labels:
        for cx, cy, *_rest, label in cell_dots:
            _place_label(chars, roles, cx, cy, label)
    return TextMap(tuple("".join(row) for row in chars), tuple(tuple(row) for row in roles))


def _bit(mode: TextMode, rx: int, ry: int) -> int:
    if mode == "braille":
        return _BRAILLE_BITS[ry][rx]
    return 1 << (ry * 2 + rx)


def _glyph(mode: TextMode, bits: int) -> str:
    if mode == "braille":
        return chr(0x2800 + bits) if bits else " "
    return _QUADRANTS[bits]


def _place_label(
    chars: list[list[str]], roles: list[list[str | None]], cx: int, cy: int, label: str
) -> None:
    """Write a landmark's label next to it, where the cells are empty."""
    if not label or not 0 <= cy < len(chars):
        return
    width = len(chars[0])
    for start in (cx + 2, cx - 1 - len(label)):
        span = range(start, start + len(label))
        if start < 0 or start + len(label) > width:
            continue
        if all(chars[cy][i] == " " and roles[cy][i] is None for i in span):
            for i, char in zip(span, label, strict=True):
                chars[cy][i] = char
                roles[cy][i] = "label"
            return


__all__ = ["STYLES", "TextMap", "TextMode", "render_scene"]
