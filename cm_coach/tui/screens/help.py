"""Help: the keys of the screen it was opened on (from its bindings) and how cm-coach thinks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from cm_coach.core.content import about_page
from cm_coach.core.i18n import t
from cm_coach.tui.commands import is_ours


def keys_markdown(screen: Screen, lang: str) -> str:
    """A table of the active bindings of ``screen`` that have a description."""
    rows: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not is_ours(active.node, binding):
            continue
        rows.setdefault(binding.description, []).append(screen.app.get_key_display(binding))
    lines = [
        f"# {t('tui.help.keys_title', lang)}",
        "",
        f"| {t('tui.help.key', lang)} | {t('tui.help.action', lang)} |",
        "|---|---|",
    ]
    lines += [f"| {' · '.join(keys)} | {description} |" for description, keys in rows.items()]
    lines += ["", t("tui.help.palette", lang), ""]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape,f1,q", "dismiss", "tui.keys.close", id="help_close"),
        # The section keys close Help and go on: Help must not stay on top of another section.
        Binding("f2", "section('checkin')", show=False),
        Binding("f3", "section('log')", show=False),
        Binding("f4", "section('dashboard')", show=False),
        Binding("f5", "section('missions')", show=False),
        Binding("f6", "section('assessment')", show=False),
        Binding("f7", "then('toggle_timer')", show=False),
        Binding("f8", "then('weekly_review')", show=False),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        from rich.markdown import Markdown

        about = about_page()
        self.source = keys_markdown(self.underneath, self.LANG) + "\n" + about["body"][self.LANG]
        with VerticalScroll(id="help-dialog", classes="dialog"):
            # One Static holding Rich's rendering: Textual's Markdown widget mounts a widget per
            # block and made F1 take over half a second every time.
            yield Static(Markdown(self.source), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()

    async def action_section(self, mode: str) -> None:
        self.dismiss()
        if mode != self.app.current_mode:
            await self.app.switch_mode(mode)

    async def action_then(self, action: str) -> None:
        self.dismiss()
        await self.app.run_action(action)
