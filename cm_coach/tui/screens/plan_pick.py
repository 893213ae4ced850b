"""Today's plan, to turn a row into an entry: Enter asks its duration, T starts the timer on it.

Returns ``(plan row id, "log" | "timer")`` or ``None``. Rows already done are shown ticked and
cannot be picked again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from cm_coach.core.i18n import t
from cm_coach.core.plan import PlanRow
from cm_coach.tui.typed import typed


class PlanPickScreen(ModalScreen[tuple[int, str] | None]):
    """Ctrl+O: a row of today's plan to log (Enter) or to time (T); handed-off rows are left out."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="plan_cancel"),
        Binding("t", "pick('timer')", "workday.tui.keys.plan_timer", id="plan_timer"),
        Binding("enter", "pick('log')", "workday.tui.keys.plan_log", priority=True, id="plan_log"),
    ]

    def __init__(self, rows: list[PlanRow]) -> None:
        super().__init__()
        self.rows = [row for row in rows if row.decision != "handoff"]

    def compose(self) -> ComposeResult:
        """The plan's rows, done ones ticked and greyed out, and a hint about the keys."""
        with Vertical(id="plan-dialog", classes="dialog"):
            yield Label(t("workday.tui.plan_title", self.LANG), classes="section-title")
            if not self.rows:
                yield Static(t("workday.tui.plan_none", self.LANG))
            options = [
                Option(
                    typed(
                        ("✓ " if row.done else "• ")
                        + row.task
                        + (f" · {row.mission}" if row.mission else "")
                        + (
                            " · " + t("people.tui.plan_with", self.LANG, names=", ".join(row.with_people))
                            if row.with_people
                            else ""
                        )
                    ),
                    id=str(row.id),
                    disabled=row.done,
                )
                for row in self.rows
            ]
            rows = OptionList(*options, id="plan-rows")
            rows.display = bool(options)
            yield rows
            yield Static(t("workday.tui.plan_hint", self.LANG), id="plan-hint")

    def on_mount(self) -> None:
        """The list has the focus, on the first row not done yet."""
        rows = self.query_one("#plan-rows", OptionList)
        rows.focus()
        first = next((index for index, row in enumerate(self.rows) if not row.done), None)
        if first is not None:
            rows.highlighted = first

    def action_pick(self, how: str) -> None:
        """Enter or T: return the highlighted row and how to use it (a done row is passed over)."""
        rows = self.query_one("#plan-rows", OptionList)
        index = rows.highlighted
        if index is None or index >= len(self.rows) or self.rows[index].done:
            return
        self.dismiss((self.rows[index].id, how))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick("log")

    def action_cancel(self) -> None:
        """Escape: close without picking."""
        self.dismiss(None)
