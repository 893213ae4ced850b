"""Help: the keys of the screen it was opened on (from its bindings) and how cm-coach thinks."""

from __future__ import annotations

import re

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from cm_coach.core.content import about_page
from cm_coach.core.i18n import t
from cm_coach.tui.commands import is_ours
from cm_coach.tui.widgets.prose import Prose


def keys_lines(screen: Screen, lang: str) -> list[str]:
    """The active bindings of ``screen`` that have a description, as markup lines."""
    rows: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not is_ours(active.node, binding):
            continue
        rows.setdefault(binding.description, []).append(screen.app.get_key_display(binding))
    width = max((len(" · ".join(keys)) for keys in rows.values()), default=0)
    lines = [f"[b]{escape(t('tui.help.keys_title', lang))}[/b]", ""]
    lines += [
        f"  {escape(' · '.join(keys)):<{width}}   {escape(description)}" for description, keys in rows.items()
    ]
    return [*lines, "", escape(t("tui.help.palette", lang)), ""]


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def markdown_lines(text: str) -> list[str]:
    """The about page's small Markdown (headings, bullets, **bold**, paragraphs) as markup
    lines for one :class:`Prose`: a bullet's continuation joins its line, so that French
    wrapping (never a ``?`` or ``:`` first on a line) decides every break."""
    lines: list[str] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        marked = _BOLD.sub(lambda m: f"[b]{m.group(1)}[/b]", escape(line))
        if not line:
            lines.append("")
        elif line.startswith("#"):
            lines += (
                ["", f"[b]{escape(line.lstrip('#').strip())}[/b]"]
                if lines
                else [f"[b]{escape(line.lstrip('#').strip())}[/b]"]
            )
        elif line.startswith("- "):
            lines.append("• " + marked[2:])
        elif lines and lines[-1]:
            lines[-1] += " " + marked
        else:
            lines.append(marked)
    return lines


class HelpScreen(ModalScreen[None]):
    """F1's help: the keys of the screen underneath, then the About page, in one scrolling text."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape,f1,q", "dismiss", "tui.keys.close", id="help_close"),
        # The section keys close Help and go on: Help must not stay on top of another section.
        Binding("f2", "section('checkin')", show=False),
        Binding("f3", "section('log')", show=False),
        Binding("f4", "section('dashboard')", show=False),
        Binding("f5", "section('missions')", show=False),
        Binding("f6", "section('assessment')", show=False),
        Binding("f7", "section('people')", show=False),
        Binding("f8", "then('idea')", show=False),
        Binding("f9", "then('toggle_timer')", show=False),
        Binding("f10", "then('weekly_review')", show=False),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        """One text: the screen's keys, then the About page, wrapped the French way."""
        about = about_page()
        text = keys_lines(self.underneath, self.LANG) + markdown_lines(about["body"][self.LANG])
        with VerticalScroll(id="help-dialog", classes="dialog"):
            # One Prose for everything: Textual's Markdown widget mounts a widget per block and
            # made F1 take over half a second every time; Prose also wraps the French way.
            yield Prose("\n".join(text), id="help-text")

    def on_mount(self) -> None:
        """The text has the focus, so the arrows and Page keys scroll it."""
        self.query_one("#help-dialog").focus()

    async def action_section(self, mode: str) -> None:
        """F2–F7 from the help: close it and go to that section."""
        self.dismiss()
        if mode != self.app.current_mode:
            await self.app.switch_mode(mode)

    async def action_then(self, action: str) -> None:
        """F8–F10 from the help: close it and do what the key does anywhere else."""
        self.dismiss()
        await self.app.run_action(action)
