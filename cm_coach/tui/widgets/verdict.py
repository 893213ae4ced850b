"""How a task sits against the role, in one line (and its reason when asked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from cm_coach.core.i18n import t
from cm_coach.tui.reads import classify  # noqa: F401  (the screens' import)
from cm_coach.tui.widgets.prose import Prose

if TYPE_CHECKING:
    from cm_coach.core.boundaries import Verdict

SYMBOLS = {"inside": "✓", "outside": "⚠", "unsure": "?"}


def verdict_badge(verdict: str, family: str | None, lang: str) -> str:
    """``⚠ hors rôle · publicité``: plain text, no markup."""
    text = f"{SYMBOLS.get(verdict, '?')} {t(f'tui.verdict.{verdict}', lang)}"
    if verdict == "outside" and family:
        text += f" · {t(f'tui.family.{family}', lang)}"
    return text


def verdict_markup(verdict: Verdict, lang: str, *, with_reason: bool) -> str:
    """A verdict as markup: the badge and label, then the hint, or the reason on a line of its own."""
    line = f"[b]{escape(verdict_badge(verdict.verdict, verdict.family, lang))}[/b]"
    if verdict.label and verdict.verdict != "unsure":
        line += f" — {escape(verdict.label)}"
    if verdict.verdict == "unsure":
        line += f" — {escape(t('tui.verdict.unsure_hint', lang))}"
        if verdict.label:  # the likeliest answer, offered as such (the activity field has it)
            line += f" [dim]{escape(t('boundaries.tui.likeliest', lang, label=verdict.label))}[/dim]"
    elif with_reason and verdict.reason:
        line += f"\n{escape(verdict.reason)}"
    elif verdict.reason:
        line += f"  [dim]{escape(t('tui.verdict.why_hint', lang))}[/dim]"
    return line


class VerdictLine(Prose):
    """The live verdict under a task field; empty when there is no task."""

    DEFAULT_CSS = """
    VerdictLine { height: auto; padding: 0 1; color: $text-muted; }
    VerdictLine.-inside { color: $readable-success; }
    VerdictLine.-outside { color: $readable-warning; }
    VerdictLine.-unsure { color: $text-muted; }
    """

    def show_verdict(self, verdict: Verdict | None, lang: str, *, with_reason: bool = False) -> None:
        """Show ``verdict`` in its colour (None: an empty line); ``with_reason`` adds why."""
        for name in ("inside", "outside", "unsure"):
            self.set_class(verdict is not None and verdict.verdict == name, f"-{name}")
        self.update("" if verdict is None else verdict_markup(verdict, lang, with_reason=with_reason))
