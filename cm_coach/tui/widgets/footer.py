"""Textual's Footer, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class CoachFooter(Footer):
    """A :class:`~textual.widgets.Footer` that skips rebuilds showing the same keys.

    Textual's footer recomposes each time the screen's bindings are refreshed: at start-up
    (the screen shown, then its first widget focused) and on every focus change. Each
    rebuild mounts and styles a widget per key; with a dozen keys that is most of what a
    first paint costs beyond a bare app. The keys shown rarely change, so an identical
    rebuild is skipped.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("compact", True)  # one space between keys: Help and the sections fit in 80 columns
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        """The keys from the first composition: Textual's footer composes empty and gets its
        keys a frame later (once the screen publishes its bindings), so a new screen's first
        frame lacked them and a second layout and frame followed (~30-40 ms of a key that
        shows a new screen, and of the first paint). A later change of keys (focus, a key
        disabled) still rebuilds it, as before."""
        if self.is_attached and self._shown is None:
            self.bindings_changed(self.screen)  # the keys are known now: no need to wait
            self._shown = self._keys_shown()
        for widget in super().compose():
            # Each key turns itself compact as it mounts, which restyles it (~0.6 ms a key,
            # a dozen keys for each new screen): made compact before, it is styled once.
            # (Its ``compact`` is True by default, and bound to the footer's; reading it here
            # would run that restyle at once.)
            if self.compact and type(widget).__name__ == "FooterKey":
                widget.add_class("-compact", update=False)
            yield widget

    def _keys_shown(self) -> tuple:
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )

    async def recompose(self) -> None:
        """Rebuild the footer only when the keys it would show have changed."""
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
