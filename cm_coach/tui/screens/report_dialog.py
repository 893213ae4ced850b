"""The client report from the app: choose the mission, accept (or change) the proposed file
name, and the report is written; returns what to write, or None when cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from cm_coach.core.dates import Period, format_period
from cm_coach.core.i18n import t
from cm_coach.core.report import default_file_name
from cm_coach.errors import CoachError
from cm_coach.tui.screens.base import MessageLine
from cm_coach.tui.typed import typed

if TYPE_CHECKING:
    import sqlite3

    from cm_coach.models import Mission
    from cm_coach.tui.screens.base import CoachScreen


@dataclass(frozen=True)
class ReportRequest:
    """What the user asked for: a mission's report for a month, written to ``path``."""

    mission: str
    month: Period
    path: Path


class ReportDialog(MessageLine, ModalScreen[ReportRequest | None]):
    """The client report dialog: month, mission and file name, proposed and changeable."""

    LANG = "fr"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "tui.keys.cancel", id="report_cancel"),
        Binding("ctrl+s", "apply", "tui.keys.apply", priority=True, id="report_apply"),
    ]

    def __init__(
        self, missions: list[str], chosen: str | None, months: list[Period], month: Period, folder: Path
    ) -> None:
        super().__init__()
        self.missions = missions
        self.chosen = chosen if chosen in missions else missions[0]
        self.months = months
        self.period = month
        self.folder = folder
        self.proposed = self.propose()

    def tr(self, key: str, **params: object) -> str:
        """The ``report.tui.`` string ``key`` in the dialog's language."""
        return t(f"report.tui.{key}", self.LANG, **params)

    def propose(self) -> str:
        """The file name offered: ``rapport-<mission>-<AAAA-MM>.pdf`` in the folder."""
        return str(self.folder / default_file_name(self.chosen, self.period, self.LANG))

    def compose(self) -> ComposeResult:
        """The month and mission pickers, the file name proposed, the message line and Write / Cancel."""
        with VerticalScroll(id="report-dialog", classes="dialog"):
            yield Label(self.tr("heading"), classes="section-title")
            yield Label(self.tr("month"), classes="field-label")
            yield Select(
                [(format_period(month, self.LANG), month.start.isoformat()) for month in self.months],
                value=self.period.start.isoformat(),
                allow_blank=False,
                id="report-month",
            )
            yield Label(self.tr("mission"), classes="field-label")
            yield Select(
                [(typed(name), name) for name in self.missions],
                value=self.chosen,
                allow_blank=False,
                id="report-mission",
            )
            yield Label(self.tr("file"), classes="field-label")
            yield Input(self.proposed, id="report-path")
            yield Static("", id="report-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("write"), variant="primary", id="report-apply")
                yield Button(self.tr("cancel"), id="report-cancel")

    def on_mount(self) -> None:
        """The file name has the cursor, to be accepted or changed."""
        self.query_one("#report-path", Input).focus()

    @on(Select.Changed)
    def choice_changed(self, event: Select.Changed) -> None:
        """Another mission or month: its own proposed name, unless the user typed their own."""
        if not isinstance(event.value, str):
            return
        if event.select.id == "report-mission":
            self.chosen = event.value
        else:
            self.period = next(m for m in self.months if m.start.isoformat() == event.value)
        path = self.query_one("#report-path", Input)
        if path.value == self.proposed:
            path.value = self.propose()
        self.proposed = self.propose()

    @on(Input.Submitted)
    @on(Button.Pressed, "#report-apply")
    def action_apply(self) -> None:
        """Enter, Ctrl+S or Write: return the request, unless the name is empty or the file already exists."""
        text = self.query_one("#report-path", Input).value.strip()
        if not text:
            self.show_error(CoachError("refusals.no_report_name"))
            return
        path = Path(text).expanduser()
        if path.exists() or path.is_symlink():  # here a name is chosen again, never overwritten
            self.show_message(self.tr("exists", path=str(path)), error=True)
            return
        self.dismiss(ReportRequest(self.chosen, self.period, path))

    @on(Button.Pressed, "#report-cancel")
    def action_cancel(self) -> None:
        """Escape or Cancel: close without writing a report."""
        self.dismiss(None)


def report_months(today: date, shown: Period | None = None) -> tuple[list[Period], Period]:
    """The months offered (this one and the eleven before) and the one chosen: the month
    shown on the dashboard, else last month in the first week of a month (the report is
    made then), else this one."""
    from dateutil.relativedelta import relativedelta

    from cm_coach.core.dates import month_period

    months = []
    for back in range(12):
        first = today.replace(day=1) - relativedelta(months=back)
        months.append(month_period(first.year, first.month))
    if shown is not None:
        wanted = (
            (shown.start.year, shown.start.month)
            if shown.kind == "month"
            else (shown.end.year, shown.end.month)
        )
    elif today.day <= 7:
        wanted = (months[1].start.year, months[1].start.month)
    else:
        wanted = (today.year, today.month)
    chosen = next((m for m in months if (m.start.year, m.start.month) == wanted), months[0])
    return months, chosen


def ask_for_report(screen: CoachScreen, chosen: str | None, shown: Period | None = None) -> None:
    """Open the dialog over ``screen`` (missions loaded first, in a worker), then write the
    report in a worker and say where, in the screen's message line."""
    from cm_coach.core.missions import list_missions
    from cm_coach.core.report import write_report
    from cm_coach.tui.localize import localized

    app = screen.coach
    today = app.today()

    def opened(missions: list[Mission]) -> None:
        names = [m.name for m in missions if m.is_active(today)] + [
            m.name for m in missions if not m.is_active(today)
        ]
        if not names:
            screen.show_message(t("report.tui.no_mission", screen.lang), error=True)
            return
        months, month = report_months(today, shown)
        dialog = localized(ReportDialog, screen.lang)(names, chosen, months, month, Path.cwd())
        screen.app.push_screen(dialog, write)

    def write(request: ReportRequest | None) -> None:
        if request is None:
            return
        journal = app.db_path

        def run(conn: sqlite3.Connection) -> Path:
            return write_report(
                conn,
                request.mission,
                request.month,
                request.path,
                journal=journal,
                lang=screen.lang,
                today=today,
            )

        screen.run_in_journal(
            run,
            lambda path: screen.show_message(t("report.tui.written", screen.lang, path=str(path))),
            group="report-write",
            exclusive=False,
        )

    screen.run_in_journal(list_missions, opened, group="report-missions")
