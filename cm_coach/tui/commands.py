"""Command-palette entries, generated from the bindings of the screen it was opened on.

Every action with a described binding is offered, under the same words as in the footer,
so the palette and the keys cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from cm_coach.tui.app import CoachApp

REPLACED = {"action_change_theme", "action_quit"}  # offered by our own commands, translated


def is_ours(node: object, binding: Binding) -> bool:
    """Bindings of cm-coach's screens and widgets (all have an id), not Textual's editing keys."""
    return hasattr(type(node), "LANG") and binding.id is not None


def coach_commands(app: CoachApp, screen: Screen) -> Iterator[SystemCommand]:
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


# Actions offered on every screen, by name: they have no key of their own, or one of another
# screen (the palette is where "add a mission" or "weekly review" is looked for first).
PALETTE = (
    ("add_mission", "app.add_mission"),
    ("log_entry", "app.switch_mode('log')"),
    ("timer", "app.toggle_timer"),
    ("review", "app.weekly_review"),
)


def everywhere(app: CoachApp) -> Iterator[SystemCommand]:
    from cm_coach.core.i18n import t

    for name, action in PALETTE:
        yield SystemCommand(
            t(f"workday.tui.palette.{name}", app.lang),
            t(f"workday.tui.palette.{name}_help", app.lang),
            partial(app.run_action, action),
        )


def without_replaced(commands: Iterator[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's own commands minus those we offer in the user's language."""
    for command in commands:
        if getattr(command.callback, "__name__", "") not in REPLACED:
            yield command
