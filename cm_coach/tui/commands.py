"""The command palette in the user's language.

Every action with a described binding is offered, under the same words as in the footer,
so the palette and the keys cannot drift apart. Textual's own system commands (screenshot,
maximize) are offered again with our texts, its key panel is left out (F1 is our help),
and a search that finds nothing says so in the user's language: the providers below yield
a line of their own instead of leaving the palette to print Textual's English one.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits
from textual.content import Content
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider
from textual.theme import ThemeProvider

from cm_coach.core.i18n import t

if TYPE_CHECKING:
    from cm_coach.tui.app import CoachApp


def is_ours(node: object, binding: Binding) -> bool:
    """Bindings of cm-coach's screens and widgets (all have an id), not Textual's editing keys."""
    return hasattr(type(node), "LANG") and binding.id is not None


def coach_commands(app: CoachApp, screen: Screen) -> Iterator[SystemCommand]:
    """Our bindings' actions, then Textual's useful system commands, all in ``app.lang``."""
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.action in seen or not is_ours(active.node, binding):
            continue
        seen.add(binding.action)
        help_text = f"{app.get_key_display(binding)} · {binding.tooltip or binding.description}"
        yield SystemCommand(
            binding.description, help_text, partial(app.run_action, binding.action, active.node)
        )

    def tr(key: str) -> str:
        return t(f"textual.system.{key}", app.lang)

    if screen.maximized is not None:
        yield SystemCommand(tr("minimize"), tr("minimize_help"), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(tr("maximize"), tr("maximize_help"), screen.action_maximize)
    yield SystemCommand(tr("screenshot"), tr("screenshot_help"), app.save_screenshot_later)


def _nothing() -> None:
    """Choosing the "nothing found" line just closes the palette."""


async def _or_nothing_found(hits: Hits, query: str, lang: str) -> Hits:
    found = False
    async for hit in hits:
        found = True
        yield hit
    if not found and query.strip():
        text = t("textual.palette.no_match", lang, query=query.strip())
        yield Hit(1.0, Content.styled(text, "dim"), _nothing, text=text)


class CoachCommandsProvider(SystemCommandsProvider):
    """The app's commands (:meth:`CoachApp.get_system_commands`); says when none matches."""

    async def search(self, query: str) -> Hits:
        """The app's commands matching ``query``, or a line saying none does."""
        async for hit in _or_nothing_found(super().search(query), query, self.app.lang):  # type: ignore[attr-defined]
            yield hit


class CoachThemeProvider(ThemeProvider):
    """Textual's themes, by name; says when none matches."""

    async def search(self, query: str) -> Hits:
        """The themes matching ``query``, or a line saying none does."""
        async for hit in _or_nothing_found(super().search(query), query, self.app.lang):  # type: ignore[attr-defined]
            yield hit


# Actions offered on every screen, by name: they have no key of their own, or one of another
# screen (the palette is where "add a mission" or "weekly review" is looked for first).
PALETTE = (
    ("add_mission", "app.add_mission"),
    ("log_entry", "app.switch_mode('log')"),
    ("timer", "app.toggle_timer"),
    ("review", "app.weekly_review"),
)


def everywhere(app: CoachApp) -> Iterator[SystemCommand]:
    """The commands offered on every screen (``PALETTE``), under their names in ``app.lang``."""
    from cm_coach.core.i18n import t

    for name, action in PALETTE:
        yield SystemCommand(
            t(f"workday.tui.palette.{name}", app.lang),
            t(f"workday.tui.palette.{name}_help", app.lang),
            partial(app.run_action, action),
        )
