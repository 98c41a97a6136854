"""The footer of key bindings, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

FooterKeys = tuple[tuple[str, str, bool, str], ...]


class KeyFooter(Footer):
    """Textual's `Footer`, minus redundant rebuilds.

    `Footer` removes and mounts one widget per key whenever the screen publishes
    "bindings updated", which it does on every focus move and screen change even when
    the keys shown stay the same: five rebuilds before the first card is drawn, and
    one per card on the review screen. Each costs milliseconds of styling and layout.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: FooterKeys | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._keys(screen)
            if self._bindings_ready and keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)

    @staticmethod
    def _keys(screen: Screen[object]) -> FooterKeys:
        palette = screen.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
