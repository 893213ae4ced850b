"""Missions: active and closed, this month's time and dialogue share, add / edit / close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from cm_coach.core.dates import format_date, format_month, month_period
from cm_coach.core.formatting import duration, number
from cm_coach.core.i18n import percent, t
from cm_coach.errors import CoachError
from cm_coach.models import Mission
from cm_coach.tui.localize import localized
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.screens.mission_form import MissionFormScreen
from cm_coach.tui.typed import typed_cell
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.prose import Prose
from cm_coach.tui.widgets.tables import fill_table

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True)
class MissionLine:
    """A row of the missions table: the mission, with this month's time and share with people."""

    mission: Mission
    minutes: int
    dialogue_share: float


def load_lines(conn: sqlite3.Connection, today: date) -> list[MissionLine]:
    """Every mission with this month's time and dialogue share."""
    from cm_coach.core.indicators import compute
    from cm_coach.core.missions import list_missions

    month = month_period(today.year, today.month)
    lines = []
    for mission in list_missions(conn):
        figures = compute(conn, month, mission=mission.name, today=today)
        lines.append(MissionLine(mission, figures.total_minutes, figures.dialogue_share))
    return lines


class MissionsScreen(CoachScreen):
    """The missions section: active ones first, then closed; add, edit, close, figures and report."""

    MODE = "missions"
    BINDINGS = [  # noqa: RUF012
        Binding("n", "add", "tui.keys.mission_add", id="missions_add", tooltip="tui.tips.mission_add"),
        Binding("e", "edit", "tui.keys.edit", id="missions_edit", tooltip="tui.tips.mission_edit"),
        Binding(
            "f",
            "figures",
            "people.tui.keys.figures",
            id="missions_figures",
            tooltip="people.tui.tips.figures",
        ),
        Binding(
            "c",
            "close_mission",
            "tui.keys.mission_close",
            id="missions_close",
            tooltip="tui.tips.mission_close",
        ),
        Binding("r", "report", "report.tui.key", id="missions_report", tooltip="report.tui.tip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[MissionLine] = []

    def compose(self) -> ComposeResult:
        """The title (counts of active and closed), the missions table and the message line."""
        yield CoachHeader()
        with Vertical(classes="body"):
            yield Static(self.t("common.loading"), id="missions-title", classes="section-title")
            yield DataTable(id="missions-table", cursor_type="row", zebra_stripes=True)
            yield Prose("", id="missions-message", classes="message")
        yield CoachFooter()

    def on_mount(self) -> None:
        """The table's columns, focused; the missions are read after the first frame."""
        table = self.query_one(DataTable)
        for key, heading in self.columns():
            table.add_column(heading, key=key)
        table.focus()
        self.coach.after_first_frame(self.reload)

    def columns(self) -> list[tuple[str, str]]:
        """The table's columns: key and heading."""
        keys = ("name", "kind", "status", "month", "dialogue", "agreed", "followers")
        return [(key, self.t(f"missions.col_{key}")) for key in keys]

    def shown_again(self) -> None:
        """Back in view: the missions again, with this month's time (at once when quick)."""
        self.reload(fresh=True)

    def reload(self, *, fresh: bool = False) -> None:
        """Read every mission with this month's figures in a worker, then fill the table;
        ``fresh``: the section is being shown, read at once if quick (``read_fresh``)."""
        read = self.read_fresh if fresh else self.run_in_journal
        read(partial(load_lines, today=self.coach.today()), self.show_lines, group="missions-load")

    def show_lines(self, lines: list[MissionLine]) -> None:
        """The missions read, active ones first, in the table (the cursor kept on its row)."""
        today = self.coach.today()
        # A mission with an end date is closed, even on its last day (it used to read "active").
        active = [line for line in lines if line.mission.end is None and line.mission.is_active(today)]
        closed = [line for line in lines if line not in active]
        self.lines = active + closed
        self.loaded = True
        table = self.query_one(DataTable)
        selected = table.cursor_row
        rows = []
        for line in self.lines:
            m = line.mission
            cells = (
                typed_cell(m.name),
                self.t(f"missions.kind_{m.kind}"),
                self.t("missions.active")
                if m.end is None and m.is_active(today)
                else self.t("missions.closed", end=format_date(m.end, self.lang))
                if m.end is not None
                else t("workday.tui.not_started", self.lang),
                duration(line.minutes, self.lang),
                percent(line.dialogue_share, self.lang) if line.minutes else "—",
                ", ".join(self.t(f"family.{family}") for family in m.agreed) or "—",
                number(m.followers, self.lang) if m.followers is not None else "—",
            )
            rows.append((cells, str(m.id)))
        fill_table(table, self.columns(), rows)
        if self.lines:
            table.move_cursor(row=min(selected, len(self.lines) - 1))
        self.query_one("#missions-title", Static).update(
            self.t(
                "missions.title",
                month=escape(format_month(month_period(today.year, today.month), self.lang)),
                active=len(active),
                closed=len(closed),
            )
        )

    def selected(self) -> Mission | None:
        """The mission under the table's cursor (None when the table is empty)."""
        table = self.query_one(DataTable)
        if not self.lines or table.cursor_row >= len(self.lines):
            return None
        return self.lines[table.cursor_row].mission

    # --- actions --------------------------------------------------------------------------

    def action_add(self) -> None:
        """N: the form for a new mission."""
        self.app.push_screen(localized(MissionFormScreen, self.lang)(None, self.coach.today()), self._saved)

    def action_edit(self) -> None:
        """E: the form for the selected mission."""
        mission = self.selected()
        if mission is not None:
            self.app.push_screen(
                localized(MissionFormScreen, self.lang)(mission, self.coach.today()), self._saved
            )

    def _saved(self, saved: Mission | None) -> None:
        """The form wrote the mission (a refusal stays in the form, to be fixed there)."""
        if saved is not None:
            self._changed(self.t("missions.saved", name=saved.name))

    def action_figures(self) -> None:
        """The month's platform figures (followers, accounts that interacted) for the mission."""
        from cm_coach.tui.people_actions import note_figures

        mission = self.selected()
        if mission is None:
            return

        def saved(month: str) -> None:
            self.show_message(t("people.tui.figures_saved", self.lang, month=month, mission=mission.name))
            self.reload()

        note_figures(self, mission.name, saved, self.show_error)

    def action_close_mission(self) -> None:
        """Close the selected mission on a date asked for (today by default), or reopen it."""
        mission = self.selected()
        if mission is None:
            return
        if mission.end is not None:
            self.reopen_it(mission)
            return
        from cm_coach.tui.screens.ask import AskScreen

        today = self.coach.today()
        dialog = localized(AskScreen, self.lang)(
            t("workday.tui.close_title", self.lang, name=mission.name),
            today.isoformat(),
            t("workday.tui.close_placeholder", self.lang),
        )
        self.app.push_screen(
            dialog, lambda typed: self.close_on(mission, typed) if typed is not None else None
        )

    def close_on(self, mission: Mission, typed: str) -> None:
        """Close ``mission`` on the day typed in the dialog (blank: today); a bad date is shown inline."""
        from cm_coach.core.dates import parse_date

        try:
            end = parse_date(typed, self.coach.today()) if typed.strip() else self.coach.today()
        except CoachError as error:
            self.show_error(error)
            return
        self.close_it(mission, end)

    def reopen_it(self, mission: Mission) -> None:
        """Make a closed mission active again."""
        from cm_coach.core.missions import reopen_mission

        self.run_in_journal(
            lambda conn: reopen_mission(conn, mission.name),
            lambda _open: self._changed(t("workday.tui.reopened", self.lang, name=mission.name)),
            group="missions-write",
        )

    def action_report(self) -> None:
        """The selected mission's client report: a dialog proposes the month and the file."""
        from cm_coach.tui.screens.report_dialog import ask_for_report

        mission = self.selected()
        ask_for_report(self, mission.name if mission else None)

    def close_it(self, mission: Mission, end: date | None = None) -> None:
        """Close ``mission`` on ``end`` (today by default), then show the table and the header again."""
        from cm_coach.core.missions import close_mission

        day = end or self.coach.today()
        self.run_in_journal(
            lambda conn: close_mission(conn, mission.name, day),
            lambda _closed: self._changed(self.t("missions.closed_now", name=mission.name)),
            group="missions-write",
            exclusive=False,
        )

    def _changed(self, text: str) -> None:
        self.show_message(text)
        self.reload()
        self.coach.load_context()  # header, completion in the log screen
