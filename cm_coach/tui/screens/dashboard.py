"""The dashboard: where the time went this week or month, and how much of it with people.

Figures come from ``core.indicators`` and ``core.signals`` in a thread worker; the screen
reloads whenever it comes back into view, so entries logged elsewhere show at once.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from cm_coach.core.content import activities
from cm_coach.core.dates import (
    Period,
    format_date_long,
    format_period,
    month_period,
    week_period,
)
from cm_coach.core.formatting import duration, number
from cm_coach.core.headline import people_time
from cm_coach.core.i18n import percent, t
from cm_coach.core.prompts import prompt_for
from cm_coach.tui import prefetch
from cm_coach.tui.reads import DashboardData, load_dashboard
from cm_coach.tui.screens.base import CoachScreen
from cm_coach.tui.widgets.charts import Day, DialogueDays, Share, ShareChart, SteadyStatic
from cm_coach.tui.widgets.entries import EntriesTable
from cm_coach.tui.widgets.footer import CoachFooter
from cm_coach.tui.widgets.header import CoachHeader
from cm_coach.tui.widgets.prose import Prose


class DashboardScreen(CoachScreen):
    """The dashboard section: where the week's or month's time went, and how much of it with people."""

    MODE = "dashboard"
    AUTO_FOCUS = ""  # the body is focused after the first frame: focus restyles all it holds
    BINDINGS = [  # noqa: RUF012
        Binding("left", "shift(-1)", "tui.keys.previous", priority=True, show=False, id="dash_previous"),
        Binding("right", "shift(1)", "tui.keys.next", priority=True, show=False, id="dash_next"),
        Binding("w", "kind('week')", "tui.keys.week", id="dash_week", tooltip="tui.tips.week"),
        Binding("m", "kind('month')", "tui.keys.month", id="dash_month", tooltip="tui.tips.month"),
        Binding(
            "t", "back_to_today", "tui.keys.today", show=False, id="dash_today", tooltip="tui.tips.today"
        ),
        Binding(
            "o",
            "toggle_outside",
            "tui.keys.outside",
            show=False,
            id="dash_outside",
            tooltip="tui.tips.outside",
        ),
        Binding("r", "report", "report.tui.key", id="dash_report", tooltip="report.tui.tip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = week_period(self.coach.today())
        self.data: DashboardData | None = None
        self._fit_heights = False

    def kept_across_languages(self) -> Period:
        """The week or month on view: the dashboard in the other language shows the same."""
        return self.period

    def take_over(self, kept: object) -> None:
        """The period the replaced screen showed."""
        if isinstance(kept, Period):
            self.period = kept

    def compose(self) -> ComposeResult:
        """The day's prompt, the headline, the charts, time outside the role, signals, habits, today."""
        yield CoachHeader()
        with VerticalScroll(id="dash-body", classes="body"):
            yield Prose(id="dash-prompt", classes="prompt")
            yield SteadyStatic(self.t("common.loading"), id="dash-headline", classes="dash-headline")
            message = Prose("", id="dash-message", classes="message")
            message.display = False  # nothing to confirm here: shown only for a refusal
            yield message
            yield Static(self.t("dashboard.by_activity"), classes="section-title")
            yield ShareChart(lang=self.lang, id="dash-activities")
            yield Static(self.t("dashboard.dialogue_days"), classes="section-title")
            yield DialogueDays(lang=self.lang, id="dash-days")
            yield SteadyStatic("", id="dash-dialogue-note", classes="dash-note")
            yield Static(self.t("dashboard.by_mission"), classes="section-title")
            yield ShareChart(lang=self.lang, id="dash-missions")
            yield Static(self.t("dashboard.outside"), classes="section-title")
            yield SteadyStatic("", id="dash-outside", classes="dash-text")
            # The entries behind it are a table mounted on the first ``o`` (see action_toggle_outside).
            yield Static(self.t("dashboard.signals"), classes="section-title")
            yield SteadyStatic("", id="dash-signals", classes="dash-text")
            yield Static(self.t("dashboard.habits"), classes="section-title")
            yield SteadyStatic("", id="dash-habits", classes="dash-text")
            yield SteadyStatic(self.t("common.loading"), id="dash-today", classes="section-title")
            # Today's entries: a table mounted with the first data (a table costs the first paint).
        yield CoachFooter()

    def on_mount(self) -> None:
        """The day's prompt at once; the figures after the first frame, then the body gets the focus."""
        today = self.coach.today()
        daily = prompt_for(today, self.lang)
        self.query_one("#dash-prompt", Static).update(
            f"[b]{escape(format_date_long(today, self.lang))} · {escape(daily.theme_label)}[/b]\n"
            f"{escape(daily.text)}"
        )
        self.coach.after_first_frame(self.reload)
        self.coach.after_first_frame(self.query_one("#dash-body").focus)

    def shown_again(self) -> None:
        """Back in view: the figures again, with whatever was logged elsewhere (at once when quick)."""
        self.reload(fresh=True)

    # --- moving in time -------------------------------------------------------------------

    def _kind_of(self, period: Period) -> str:
        return "month" if period.kind == "month" else "week"

    def action_shift(self, direction: int) -> None:
        """Left / Right: the previous or next week or month (never one still to come)."""
        moved = self.period.next() if direction > 0 else self.period.previous()
        if moved.start > self.coach.today():
            return  # the future has nothing to show yet
        self.period = moved
        self.reload()

    def action_kind(self, kind: str) -> None:
        """W / M: by week or by month, around the end of the period shown (today at the latest)."""
        anchor = min(self.period.end, self.coach.today())
        self.period = week_period(anchor) if kind == "week" else month_period(anchor.year, anchor.month)
        self._fit_heights = True  # a week and a month need different room: fit it again
        self.reload()

    def action_back_to_today(self) -> None:
        """T: back to the week or month of today."""
        today = self.coach.today()
        kind = self._kind_of(self.period)
        self.period = week_period(today) if kind == "week" else month_period(today.year, today.month)
        self.reload()

    def action_report(self) -> None:
        """A client report for the month shown: a dialog proposes the mission and the file."""
        from cm_coach.tui.screens.report_dialog import ask_for_report

        ask_for_report(self, None, self.period)

    def action_toggle_outside(self) -> None:
        """O: show or hide the entries outside the role (the table is built on the first press)."""
        shown = self.query("#dash-outside-entries")
        if shown:
            table = shown.first(EntriesTable)
            table.display = not table.display
        else:
            anchor = self.query_one("#dash-outside")
            table = EntriesTable.mounted_under(anchor, "dash-outside-entries", self.lang, actions=False)
        if table.display and self.data is not None:
            table.show_entries(self.data.outside_entries)

    # --- data -----------------------------------------------------------------------------

    def reload(self, *, fresh: bool = False) -> None:
        """Read the period's figures in a worker, then show them; ``fresh``: the section is
        being shown, read at once if quick (``read_fresh``)."""
        period, today, lang = self.period, self.coach.today(), self.lang
        read = self.read_fresh if fresh else self.run_in_journal
        read(
            prefetch.or_read(
                "dashboard-load",
                (period, today, lang),
                lambda conn: load_dashboard(conn, period, today, lang),
            ),
            self.show_data,
            group="dashboard-load",
        )

    def show_data(self, data: DashboardData) -> None:
        """Fill every panel with the figures read, unless the user has moved to another period since."""
        if data.period != self.period:
            return  # the user has moved on; a newer load is coming
        self.data = data
        self.loaded = True
        self.query_one("#dash-message").display = False  # a refusal before is over
        if self._fit_heights:
            self._fit_heights = False
            for panel in self.query(SteadyStatic):
                panel.reset_height()
            for chart in self.query(ShareChart):
                chart.reset_height()
        figures = data.figures
        lang = self.lang
        share, parts = people_time(figures, lang)
        headline = self.t(
            "dashboard.headline",
            period=escape(format_period(data.period, lang)),
            total=duration(figures.total_minutes, lang),
            dialogue=duration(figures.dialogue_minutes, lang),
            share=share,
            target=percent(data.target, lang),
        )
        if figures.total_minutes:  # the headline with its parts, as stats and the exports say it
            headline += f"\n  = {escape(parts)}"
        self.query_one("#dash-headline", SteadyStatic).show(headline)
        labels = activities()
        with_people = {key for key, activity in labels.items() if activity.with_people}
        self.query_one("#dash-activities", ShareChart).show(
            [
                Share(
                    labels[s.key].label[lang] if s.key in labels else s.key,
                    s.percent,
                    s.minutes,
                    highlight=s.key in with_people,
                )
                for s in figures.by_activity
            ],
            self.t("dashboard.nothing"),
        )
        self.query_one("#dash-missions", ShareChart).show(
            [Share(s.key or self.t("app.no_mission"), s.percent, s.minutes) for s in figures.by_mission],
            self.t("dashboard.nothing"),
        )
        self._show_days(data)
        self._show_outside(data)
        self._show_signals(data)
        self._show_habits(data)
        today_table = EntriesTable.mounted_under(
            self.query_one("#dash-today"), "dash-entries", lang, actions=False
        )
        today_table.show_entries(data.today_entries)
        total = sum(entry.minutes for entry in data.today_entries)
        self.query_one("#dash-today", SteadyStatic).show(
            self.t("log.today_total", total=duration(total, lang), count=len(data.today_entries))
            if data.today_entries
            else self.t("log.today_empty")
        )

    def _show_days(self, data: DashboardData) -> None:
        days = [d for d in data.figures.days if d.date <= self.coach.today()]
        shares = [d.dialogue_minutes / d.minutes if d.minutes else 0.0 for d in days]
        self.query_one("#dash-days", DialogueDays).show(
            [Day(d.date, share if d.minutes else None) for d, share in zip(days, shares, strict=True)],
            data.target,
        )
        worked = [s for d, s in zip(days, shares, strict=True) if d.minutes]
        above = sum(1 for s in worked if s >= data.target)
        self.query_one("#dash-dialogue-note", SteadyStatic).show(
            self.t(
                "dashboard.dialogue_note",
                count=above,
                days=number(len(worked), self.lang),
                target=percent(data.target, self.lang),
                best=percent(max(worked, default=0.0), self.lang),
            )
        )

    def _show_outside(self, data: DashboardData) -> None:
        figures, lang = data.figures, self.lang
        lines = []
        for item in figures.outside:
            lines.append(
                self.t(
                    "dashboard.outside_line",
                    family=self.t(f"family.{item.family}"),
                    agreed=duration(item.agreed_minutes, lang),
                    unagreed=duration(item.unagreed_minutes, lang),
                    share=percent(figures.share(item.agreed_minutes + item.unagreed_minutes), self.lang),
                )
            )
        text = "\n".join(lines) if lines else self.t("dashboard.no_outside")
        if data.outside_entries:
            text += "\n[dim]" + escape(self.t("dashboard.outside_hint")) + "[/dim]"
        self.query_one("#dash-outside", SteadyStatic).show(text)
        for table in self.query("#dash-outside-entries").results(EntriesTable):
            if table.display:  # hidden, it is filled when shown
                table.show_entries(data.outside_entries)

    def _show_signals(self, data: DashboardData) -> None:
        if not data.signals:
            self.query_one("#dash-signals", SteadyStatic).show(self.t("dashboard.no_signals"))
            return
        from cm_coach.core.signals import advice_once  # loaded with the figures, not the screen

        blocks = [
            f"[b]• {escape(signal.title)}[/b] — {escape(signal.measured)}"
            + (f"\n  [dim]{escape(advice)}[/dim]" if advice else "")
            for signal, advice in advice_once(data.signals)
        ]
        self.query_one("#dash-signals", SteadyStatic).show("\n".join(blocks))

    def _show_habits(self, data: DashboardData) -> None:
        figures = data.figures
        lines = [
            self.t("dashboard.streak", count=figures.checkin_streak),
            self.t("dashboard.content_without_dialogue", days=len(figures.content_without_dialogue)),
        ]
        lines.extend(people_lines(figures, self.lang))
        if data.unsettled:  # never filed silently: listed until the user settles them
            lines.append(escape(t("boundaries.tui.to_settle", self.lang, count=len(data.unsettled))))
            lines += [f"  ? {escape(entry.task)}" for entry in data.unsettled[:5]]
        self.query_one("#dash-habits", SteadyStatic).show("\n".join(lines))


def people_lines(figures, lang: str) -> list[str]:  # type: ignore[no-untyped-def]  # figures: Indicators
    """The people you exchanged with (each once), the unnamed headcount apart, the posts
    that came from the community's ideas, and each mission's latest platform share."""
    from cm_coach.core.dates import format_month

    def pt(key: str, **params: object) -> str:
        return escape(t(f"people.tui.{key}", lang, **params))

    people = figures.people
    lines = []
    if people.distinct:
        lines.append(
            pt("dashboard_people", count=people.distinct, new=people.new, relationships=people.relationships)
        )
    if people.unnamed:
        lines.append(pt("dashboard_unnamed", count=people.unnamed))
    if figures.posts:
        lines.append(pt("dashboard_posts", from_ideas=figures.posts_from_ideas, posts=figures.posts))
    for trend in figures.platform:
        latest = trend.latest
        if latest is not None and latest.ratio is not None:
            year, month = (int(part) for part in latest.month.split("-"))
            lines.append(
                pt(
                    "dashboard_platform",
                    mission=trend.mission,
                    ratio=percent(latest.ratio, lang, 1),
                    month=format_month((year, month), lang),
                )
            )
    return lines
