"""Scenes → one self-contained SVG (no scripts, no external files, no fonts to fetch).

Colours are mid-tones that read on white and on black; text and outlines switch with
`prefers-color-scheme`, so the map suits Anki's day and night modes and any browser.
All text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from studykit.maps.views import PALETTE, Polyline, Scene
from studykit.safetext import for_xml as escape

PX_PER_CM = 14.0
MARGIN_CM = 2.2

_STYLE = (
    """
.head{fill:none;stroke:#7c8491;stroke-width:1.6}
.feature{fill:none;stroke:#7c8491;stroke-width:1.1}
.guide{fill:none;stroke:#7c8491;stroke-width:1;stroke-dasharray:3 3;opacity:.75}
.context{fill:none;stroke:#4c8bf5;stroke-width:2.6;stroke-linecap:round;opacity:.6}
.zone{fill:none;stroke:#e8590c;stroke-width:5;stroke-linecap:round;stroke-linejoin:round}
.area{fill:#e8590c;fill-opacity:.3}
.context.area{fill:#4c8bf5;fill-opacity:.15}
.t0{stroke:#e8590c}.t1{stroke:#d6336c}.t2{stroke:#f08c00}
.landmark{fill:#2b8a3e;stroke:none}
text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:11px;fill:#343a40}
.title{font-size:13px;font-weight:600}
.caption{font-size:10px;fill:#6c757d}
.zlabel{font-weight:600;fill:#c2410c}
.clabel{fill:#1c64d6}
@media (prefers-color-scheme: dark){
text{fill:#e9ecef}
.caption{fill:#adb5bd}.zlabel{fill:#ffa94d}.clabel{fill:#74a8ff}
.head,.feature,.guide{stroke:#a5adba}}
""".strip()
    + "".join(
        f"\n.c{i}{{stroke:{colour}}}text.c{i}{{fill:{colour};stroke:none;font-weight:600}}"
        f"polygon.c{i}{{fill:{colour}}}"
        for i, colour in enumerate(PALETTE)
    )
)


def _points(line: Polyline, ox: float, oy: float) -> str:
    return " ".join(
        f"{(x + ox) * PX_PER_CM:.1f},{(oy - y) * PX_PER_CM:.1f}" for x, y in line.points
    )


def render_scenes(
    scenes: Sequence[Scene],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    legend: Sequence[tuple[str, str]] = (),
    description: str = "",
) -> str:
    """Panels side by side (wrapping after three), with a title, notes and a legend."""
    panels = []
    for scene in scenes:
        x0, y0, x1, y1 = scene.bounds()
        panels.append((scene, x0 - MARGIN_CM, y0 - MARGIN_CM, x1 + MARGIN_CM, y1 + MARGIN_CM))
    columns = min(3, len(panels))
    cell_w = max(p[3] - p[1] for p in panels)
    cell_h = max(p[4] - p[2] for p in panels) + 1.2  # room for the caption
    rows = (len(panels) + columns - 1) // columns
    header = (1.6 if title else 0.4) + 1.1 * len(notes)
    legend_rows = _legend_rows(legend, cell_w * columns)
    footer = 0.6 + 1.1 * len(legend_rows) if legend else 0.2
    width = cell_w * columns * PX_PER_CM
    height = (header + cell_h * rows + footer) * PX_PER_CM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img">',
        f"<title>{escape(description or title or 'scalp map')}</title>",
        f"<style>{_STYLE}</style>",
    ]
    y_text = 0.0
    if title:
        y_text = 1.1
        out.append(
            f'<text class="title" x="{0.4 * PX_PER_CM:.1f}" y="{y_text * PX_PER_CM:.1f}">'
            f"{escape(title)}</text>"
        )
    for note in notes:
        y_text += 1.1
        out.append(
            f'<text class="caption" x="{0.4 * PX_PER_CM:.1f}" y="{y_text * PX_PER_CM:.1f}">'
            f"{escape(note)}</text>"
        )
    for index, (scene, x0, _y0, _x1, y1) in enumerate(panels):
        col, row = index % columns, index // columns
        left = col * cell_w
        top = header + row * cell_h
        ox, oy = left - x0 + (cell_w - (_x1 - x0)) / 2, top + y1
        out.append(f'<g class="view-{scene.view.name}">')
        out.extend(_scene(scene, ox, oy))
        caption_y = (top + cell_h - 0.4) * PX_PER_CM
        out.append(
            f'<text class="caption" x="{(left + cell_w / 2) * PX_PER_CM:.1f}" '
            f'y="{caption_y:.1f}" text-anchor="middle">{escape(scene.view.title)}</text>'
        )
        out.append("</g>")
    for row_index, legend_row in enumerate(legend_rows):
        y = (header + cell_h * rows + 0.9 + 1.1 * row_index) * PX_PER_CM
        x = 0.4 * PX_PER_CM
        for tone, text in legend_row:
            out.append(
                f'<line class="zone {tone}" x1="{x:.1f}" y1="{y - 4:.1f}" '
                f'x2="{x + 18:.1f}" y2="{y - 4:.1f}"/>'
            )
            out.append(f'<text x="{x + 24:.1f}" y="{y:.1f}">{escape(text)}</text>')
            x += _legend_width(text)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend_width(text: str) -> float:
    return 34 + 6.2 * len(text)


def _legend_rows(legend: Sequence[tuple[str, str]], width_cm: float) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = []
    used = width_cm * PX_PER_CM
    for item in legend:
        if not rows or used + _legend_width(item[1]) > width_cm * PX_PER_CM:
            rows.append([])
            used = 0.4 * PX_PER_CM
        rows[-1].append(item)
        used += _legend_width(item[1])
    return rows


def _scene(scene: Scene, ox: float, oy: float) -> list[str]:
    out: list[str] = []
    order = ("head", "feature", "guide", "context", "zone", "division")
    for role in order:
        for line in scene.lines:
            if line.role != role:
                continue
            cls = f"{role} {line.tone}".strip() if role != "division" else f"zone {line.tone}"
            if line.closed and role in ("zone", "context"):
                out.append(f'<polygon class="{cls} area" points="{_points(line, ox, oy)}"/>')
            elif line.closed:
                out.append(f'<polygon class="{cls}" points="{_points(line, ox, oy)}"/>')
            else:
                out.append(f'<polyline class="{cls}" points="{_points(line, ox, oy)}"/>')
    for dot in scene.dots:
        x, y = (dot.at[0] + ox) * PX_PER_CM, (oy - dot.at[1]) * PX_PER_CM
        out.append(f'<circle class="landmark" cx="{x:.1f}" cy="{y:.1f}" r="3.2"/>')
        if dot.label:
            anchor = "start" if dot.at[0] >= 0 else "end"
            dx = 5 if anchor == "start" else -5
            out.append(
                f'<text x="{x + dx:.1f}" y="{y - 4:.1f}" text-anchor="{anchor}">'
                f"{escape(dot.label)}</text>"
            )
    taken: list[tuple[float, float]] = []
    for label in scene.labels:
        x, y = (label.at[0] + ox) * PX_PER_CM + 4, (oy - label.at[1]) * PX_PER_CM - 5
        for _ in range(6):  # step past labels already placed
            if all(abs(x - tx) > 7 * len(label.text) + 4 or abs(y - ty) > 12 for tx, ty in taken):
                break
            y += 12
        taken.append((x, y))
        cls = label.tone or ("zlabel" if label.role == "zone" else "clabel")
        out.append(f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}">{escape(label.text)}</text>')
    return out


__all__ = ["PX_PER_CM", "render_scenes"]
