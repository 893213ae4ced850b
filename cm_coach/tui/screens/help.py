"""Help: the keys of the screen it was opened on (from its bindings) and how cm-coach thinks."""

from __future__ import annotations

from functools import cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from cm_coach.core.content import about_page
from cm_coach.core.i18n import t
from cm_coach.tui.commands import is_ours
from cm_coach.tui.widgets.prose import FrenchLines


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


@cache
def _french_block(block: type[MarkdownBlock]) -> type[MarkdownBlock]:
    return type(block.__name__, (FrenchLines, block), {})


class ProseMarkdown(Markdown):
    """A :class:`~textual.widgets.Markdown` whose paragraphs break the French way."""

    FRENCH_BLOCKS = frozenset({"paragraph_open"})

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        block = super().get_block_class(block_name)
        return _french_block(block) if block_name in self.FRENCH_BLOCKS else block


class HelpScreen(ModalScreen[None]):
    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape,f1,q", "dismiss", "tui.keys.close", id="help_close"),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        about = about_page()
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield ProseMarkdown(keys_markdown(self.underneath, self.LANG) + "\n" + about["body"][self.LANG])

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()
