"""A Textual stylesheet that keeps its parsed rules while the theme's variables stay the same."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class ReusingStylesheet(Stylesheet):
    """Re-parse the CSS only when the CSS variables really changed.

    Textual refreshes the CSS when a mode's screen opens for the first time. That empties
    the parse cache and parses every source again (the app's ``.tcss`` and each widget's
    ``DEFAULT_CSS``) even when the theme has not changed: about 40 ms before the first
    frame, on the screen the user opens every morning. With the same variables the rules
    would come out identical, so they are kept; a new source is still parsed, and a real
    theme change still re-parses everything.
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed_with = dict(variables or {})
        self._variables_changed = False

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._parsed_with:
            return
        self._parsed_with = dict(variables)
        self._variables_changed = True
        super().set_variables(variables)

    def reparse(self) -> None:
        if self._variables_changed:
            self._variables_changed = False
            super().reparse()
        else:
            self.parse()  # known sources come from the parse cache, new ones are parsed
