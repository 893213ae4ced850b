"""The platform's own figures, dated: followers and accounts that interacted, noted once a
month per mission, and their ratio over the months.

The follower count alone says little; what the platform calls "accounts that interacted"
(or "active members") next to it, month after month, says whether people take part.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from cm_coach.core import validate
from cm_coach.core.dates import Period
from cm_coach.core.indicator_records import PlatformTrend  # the record: apart, light to import
from cm_coach.core.missions import require_mission
from cm_coach.errors import CoachError
from cm_coach.models import MonthFigures
from cm_coach.store import people as store
from cm_coach.store import reports
from cm_coach.store.db import transaction

MAX_FIGURE = 10**12


def month_key(day: date | Period) -> str:
    """``YYYY-MM`` of a day, or of a month's period."""
    start = day.start if isinstance(day, Period) else day
    return f"{start.year:04d}-{start.month:02d}"


def figure(value: object, *, name: str) -> int:
    """A platform figure: a whole number ≥ 0 (spaces and narrow spaces allowed: « 3 600 »)."""
    text = "".join(str(value).split()).replace("\u202f", "")
    return validate.whole_number(text, low=0, high=MAX_FIGURE, key=f"people.errors.bad_{name}")


def record_figures(
    conn: sqlite3.Connection,
    mission: str,
    month: date | Period,
    *,
    followers: int | None = None,
    interacting: int | None = None,
) -> list[MonthFigures]:
    """Note a month's followers and/or interacting accounts for a mission (a figure left
    out keeps what was noted); returns the mission's series. More accounts interacting than
    followers is allowed: platforms count the non-followers who took part too."""
    if followers is None and interacting is None:
        raise CoachError("people.errors.no_figures")
    with transaction(conn):
        found = require_mission(conn, mission)
        store.upsert_figures(conn, found.id, month_key(month), followers, interacting)
    return series(conn, found.id)


def series(conn: sqlite3.Connection, mission_id: int, until: date | None = None) -> list[MonthFigures]:
    """A mission's monthly figures, oldest first (up to ``until``'s month)."""
    rows = reports.platform_figures(conn, mission_id)
    last = month_key(until) if until else None
    return [MonthFigures(m, f, i) for m, f, i in rows if last is None or m <= last]


def mission_series(conn: sqlite3.Connection, mission: str) -> list[MonthFigures]:
    """The monthly figures of the mission called ``mission``, oldest first."""
    return series(conn, require_mission(conn, mission).id)


def trends(
    conn: sqlite3.Connection, period: Period, mission_id: int | None = None, *, months: int = 6
) -> list[PlatformTrend]:
    """For the chosen mission (or each mission worked on in the period), the last ``months``
    months of figures up to the period's end."""
    ids = [mission_id] if mission_id is not None else store.worked_mission_ids(conn, period.start, period.end)
    found = []
    for one in ids:
        mission = store.mission_by_id(conn, one)
        months_noted = series(conn, one, period.end)[-months:]
        if mission is not None and months_noted:
            found.append(PlatformTrend(mission.name, months_noted))
    found.sort(key=lambda trend: trend.mission.casefold())
    return found


def followers_at(conn: sqlite3.Connection, period: Period, mission_id: int | None) -> int | None:
    """The followers last noted up to the period's end: the chosen mission's, or those of
    the missions worked on in the period, added up."""
    ids = [mission_id] if mission_id is not None else store.worked_mission_ids(conn, period.start, period.end)
    return store.latest_followers(conn, ids, month_key(period.end))
