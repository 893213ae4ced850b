"""What the app's first screens read from the journal, without Textual.

Each function takes a connection and returns plain records; the screens run them in a thread
worker after their first frame. Kept apart from the screens (which import Textual) so that
:mod:`cm_coach.tui.prefetch` can run the first screen's reads in a second process while this
one is still importing Textual and painting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cm_coach.core.dates import Period, day_period, week_period
from cm_coach.paths import user_boundaries_path

if TYPE_CHECKING:
    import sqlite3

    from cm_coach.core.boundaries import Verdict
    from cm_coach.core.indicators import Indicators
    from cm_coach.core.plan import PlanRecap
    from cm_coach.models import Checkin, Entry, Mission
    from cm_coach.models.records import Morning

    CheckinData = tuple[dict | None, Checkin | None, "RecapData", list[Mission]]

LOOK_BACK_DAYS = 7  # after a week-end, "yesterday" is the last day with something logged


def classify(text: str, lang: str) -> Verdict:
    """The verdict of ``text`` with the user's own boundaries (fast: fine on each keystroke)."""
    from cm_coach.core.boundaries import classifier

    return classifier(user_boundaries_path()).classify(text, lang)


@dataclass
class RecapData:
    """The recap's day (the last with entries, within a week): figures, outside tasks, how the plan went."""

    day: date | None
    figures: Indicators | None = None
    outside: list[tuple[Entry, str | None]] = field(default_factory=list)
    plan: PlanRecap | None = None  # the last planned day: planned vs done, intention vs actual


def load_recap(conn: sqlite3.Connection, today: date, lang: str) -> RecapData:
    """The last day before ``today`` (within a week) that has entries."""
    from cm_coach.core.indicators import compute, outside_entries
    from cm_coach.core.plan import plan_recap

    plan = plan_recap(conn, today)
    for back in range(1, LOOK_BACK_DAYS + 1):
        day = today - timedelta(days=back)
        figures = compute(conn, day_period(day), today=today)
        if figures.total_minutes:
            entries = outside_entries(conn, day_period(day))
            outside = [(entry, classify(entry.task, lang).reason) for entry in entries]
            return RecapData(day, figures, outside, plan)
    return RecapData(None, plan=plan)


def load_checkin(conn: sqlite3.Connection, today: date, lang: str) -> CheckinData:
    """Today's draft and saved check-in, yesterday's recap, the missions."""
    # The core is imported here, in the worker, so that the first paint does not wait for it.
    from cm_coach.core.checkins import get_checkin, load_draft
    from cm_coach.core.missions import list_missions

    return (
        load_draft(conn, today),
        get_checkin(conn, today),
        load_recap(conn, today, lang),
        list_missions(conn),
    )


@dataclass
class DashboardData:
    """Everything the dashboard shows for a period, read in one worker."""

    period: Period
    figures: object  # core.indicators.Indicators
    signals: list = field(default_factory=list)
    target: float = 0.4
    outside_entries: list[Entry] = field(default_factory=list)
    today_entries: list[Entry] = field(default_factory=list)
    unsettled: list[Entry] = field(default_factory=list)  # tasks the judgement was unsure of


def load_dashboard(conn: sqlite3.Connection, period: Period, today: date, lang: str) -> DashboardData:
    """Everything the dashboard shows, read in one worker."""
    from cm_coach.core.entries import is_unsettled, list_entries
    from cm_coach.core.indicators import compute, outside_entries
    from cm_coach.core.signals import dialogue_target, signals

    figures = compute(conn, period, today=today)
    target = dialogue_target(conn)
    return DashboardData(
        period=period,
        figures=figures,
        signals=signals(conn, figures, lang, target=target),
        target=target,
        outside_entries=outside_entries(conn, period),
        today_entries=list_entries(conn, day_period(today)),
        unsettled=[entry for entry in list_entries(conn, period) if is_unsettled(entry)],
    )


def read_context(conn: sqlite3.Connection, today: date) -> tuple[list[Mission], Mission | None]:
    """The missions, and the active one of the latest entry of these two weeks (or the first)."""
    from cm_coach.core.entries import list_entries
    from cm_coach.core.missions import list_missions

    missions = list_missions(conn)
    active = {m.name: m for m in missions if m.is_active(today)}
    recent = list_entries(conn, week_period(today)) + list_entries(conn, week_period(today).previous())
    latest = max((e for e in recent if e.mission in active), key=lambda e: (e.date, e.id), default=None)
    current = active[latest.mission] if latest and latest.mission else next(iter(active.values()), None)
    return missions, current


def read_morning(conn: sqlite3.Connection, today: date) -> Morning:
    """The check-in's people: the follow-ups due, the people gone quiet, the ideas. The people's
    module is imported here, in the worker (the second process's answer needs none of it)."""
    from cm_coach.core.people import morning

    return morning(conn, today)


def people_names(conn: sqlite3.Connection) -> list[str]:
    """Everyone's name, the most recently met first (completion of "with" fields)."""
    from cm_coach.core.people import names_by_recency

    return names_by_recency(conn)
