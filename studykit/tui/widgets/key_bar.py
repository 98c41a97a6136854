"""The bottom line of keys: the screen's active bindings drawn as one line of text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen


class ShownKey(NamedTuple):
    """One key as the bar shows it."""

    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    """The keys `Footer` would show (and the command palette's on the right), in one widget.

    Textual's `Footer` mounts a widget per key and rebuilds them whenever the screen
    publishes "bindings updated" (each focus move and screen change): ~20 ms of styling
    and layout before the quiz's first card. This draws the same keys as one Text line,
    repaints only when they change, and a click on a key presses it.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator { color: $foreground 20%; }
        & > .key-bar--hover { background: $block-hover-background; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
        "key-bar--hover",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[ShownKey, ...] | None = None
        self._palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []
        self._hover: str | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Repaint if the keys to show changed (the signal often fires when they did not)."""
        if screen is not self.screen or not screen.app.app_focus:
            return
        keys, palette = self._read(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    @property
    def keys(self) -> tuple[ShownKey, ...]:
        """The keys shown, left to right, the command palette's last."""
        keys, palette = self._current()
        return keys + ((palette,) if palette else ())

    def _current(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        if self._keys is None:
            self._keys, self._palette = self._read(self.screen)
        return self._keys, self._palette

    def _read(self, screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The bindings shown as `Footer` picks them: `show=True`, one key per action."""
        app = screen.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        keys: dict[str, ShownKey] = {}
        palette: ShownKey | None = None
        for key, (_, binding, enabled, _tooltip) in screen.active_bindings.items():
            shown = ShownKey(key, app.get_key_display(binding), binding.description, enabled)
            if key == palette_key:
                palette = shown
            elif binding.show and binding.action not in keys:
                keys[binding.action] = shown
        return tuple(keys.values()), palette

    def render(self) -> Text:
        keys, palette = self._current()
        width = self.content_size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        right = Text()
        if palette:  # a bar in place of the key's left space, as `Footer` draws it
            right = self._key_text(palette)
            right = Text.assemble(("▏", self._style("key-bar--separator")), right[1:])
        room = width - right.cell_len
        for shown in keys:
            piece = self._key_text(shown)
            if line.cell_len + piece.cell_len - 1 > room:  # its last space may go
                break
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, shown))
            line.append_text(piece)
        line.truncate(room)
        line.append(" " * max(0, room - line.cell_len))
        if palette:
            start = line.cell_len
            self._spans.append((start, start + right.cell_len, palette))
            line.append_text(right)
        return line

    def _key_text(self, shown: ShownKey) -> Text:
        key_style = self._style("key-bar--key")
        description_style = self._style("key-bar--description")
        if self._hover == shown.key:
            hover = Style(bgcolor=self._style("key-bar--hover").bgcolor)
            key_style, description_style = key_style + hover, description_style + hover
        if not shown.enabled:
            dim = Style(dim=True)
            key_style, description_style = key_style + dim, description_style + dim
        if not shown.description:
            return Text(f" {shown.display} ", style=key_style)
        return Text.assemble(
            (f" {shown.display} ", key_style), (f"{shown.description} ", description_style)
        )

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component)

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column `x`, if any."""
        for start, end, shown in self._spans:
            if start <= x < end:
                return shown
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self.key_at(event.x)
        if shown is None:
            return
        event.stop()
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self.key_at(event.x)
        hover = shown.key if shown else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


__all__ = ["KeyBar", "ShownKey"]
