"""Coaching indicators, computed in SQL over the journal.

The article's personal indicator comes first: how much of the time is really spent with
people (dialogue and moderation), against producing content. Next to it: where the time
went (activities, missions), how much fell outside the role (agreed or not), day by day
figures, the check-in streak, the people exchanged with (each counted once) next to the
platform's own dated figures, and recurring recipes.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from itertools import pairwise

from cm_coach.core import figures
from cm_coach.core.content import activities
from cm_coach.core.dates import Period
from cm_coach.core.indicator_records import (  # the records: apart, light to import (see there)
    RECIPE_ACTIVITY,
    DayFigures,
    FamilyShare,
    Indicators,
    PeopleFigures,
    Recipe,
    Share,
)
from cm_coach.core.missions import require_mission
from cm_coach.core.scope import is_agreed, never_agreed_categories, scoped
from cm_coach.models import Entry
from cm_coach.store import people as people_store
from cm_coach.store import queries, reports

OWN_BUSINESS = "own_business"
PROMOTIONAL = "promotional_content"
RECIPE_SIMILARITY = 90


def people_figures(conn: sqlite3.Connection, period: Period, mission_id: int | None = None) -> PeopleFigures:
    """Distinct people exchanged with, new versus returning, and relationships (2+ exchanges)."""
    rows = reports.people_exchanges(conn, period.start, period.end, mission_id)
    first_day = period.start.isoformat()
    return PeopleFigures(
        distinct=len(rows),
        new=sum(1 for _, _, first in rows if first >= first_day),
        relationships=sum(1 for _, count, _ in rows if count >= 2),
        unnamed=reports.people_sum(conn, period.start, period.end, mission_id),
    )


def split_percentages(parts: list[tuple[str, int]]) -> list[Share]:
    """Percentages with one decimal that add up to exactly 100 (largest remainder)."""
    total = sum(minutes for _, minutes in parts)
    if not total:
        return [Share(key, minutes, 0.0) for key, minutes in parts]
    exact = [minutes * 1000 / total for _, minutes in parts]
    tenths = [int(value) for value in exact]
    order = sorted(range(len(parts)), key=lambda i: exact[i] - tenths[i], reverse=True)
    for index in order[: 1000 - sum(tenths)]:
        tenths[index] += 1
    return [Share(key, minutes, tenths[i] / 10) for i, (key, minutes) in enumerate(parts)]


def _outside_split(
    rows: list[tuple[str | None, str | None, str, str, int]],
) -> tuple[list[FamilyShare], int]:
    """Outside minutes per family, agreed or not by the core's one rule, and the minutes
    of the never-agreed categories (automated replies to customers)."""
    never = never_agreed_categories()
    families: dict[str, list[int]] = {}
    automated = 0
    for family, category, _mission, agreed_families, minutes in rows:
        if family == OWN_BUSINESS:
            continue  # counted apart, never against a mission
        agreed = is_agreed("outside", family, category, agreed_families.split(","))
        families.setdefault(family or "other", [0, 0])[0 if agreed else 1] += minutes
        if category in never:
            automated += minutes
    shares = [
        FamilyShare(family, *families[family])
        for family in ("advertising", "customer_service", "other")
        if family in families
    ]
    return shares, automated


def compute(
    conn: sqlite3.Connection,
    period: Period,
    *,
    mission: str | None = None,
    today: date,
    with_recipes: bool = True,
    streak: int | None = None,
) -> Indicators:
    """All the indicators of ``period`` (of one mission when named); ``today`` ends the check-in streak when
    the period runs past it. ``with_recipes=False`` leaves :attr:`Indicators.recipes` empty,
    for the exports, which never show them: clustering the period's content tasks by wording
    cost each export a few milliseconds per mission, for nothing. ``streak``: the check-in
    streak when the caller already has it (it is the journal's, the same for every mission)."""
    mission_row = require_mission(conn, mission) if mission else None
    mission_id = mission_row.id if mission_row else None
    start, end = period.start, period.end
    people_activities = tuple(a.id for a in activities().values() if a.with_people)

    by_activity_rows = reports.minutes_by_activity(conn, start, end, mission_id)
    order = list(activities())
    by_activity_rows.sort(key=lambda row: (-row[1], order.index(row[0]) if row[0] in order else 99))
    by_activity = split_percentages(by_activity_rows)
    total = sum(share.minutes for share in by_activity)
    by_mission = split_percentages(reports.minutes_by_mission(conn, start, end, mission_id))
    outside_rows = reports.outside_minutes(conn, start, end, mission_id)
    outside, automated = _outside_split(outside_rows)
    own_business = sum(row[4] for row in outside_rows if row[0] == OWN_BUSINESS)

    per_day = reports.day_minutes(conn, start, end, mission_id, people_activities, "content")
    checked = reports.checkin_days(conn, start, end)
    days = []
    if len(period) <= 400:
        for day in period.days():
            minutes, dialogue, content = per_day.get(day.isoformat(), (0, 0, 0))
            days.append(DayFigures(day, minutes, dialogue, content, day.isoformat() in checked))
    else:  # a long range: only the days that have something, to stay small
        for key in sorted(set(per_day) | checked):
            minutes, dialogue, content = per_day.get(key, (0, 0, 0))
            days.append(DayFigures(date.fromisoformat(key), minutes, dialogue, content, key in checked))

    posts_from_ideas, posts = people_store.content_sources(conn, start, end, mission_id, "content")

    return Indicators(
        period=period,
        mission=mission_row.name if mission_row else None,
        total_minutes=total,
        by_activity=by_activity,
        by_mission=by_mission,
        dialogue_minutes=sum(s.minutes for s in by_activity if s.key in people_activities),
        outside=outside,
        days=days,
        checkin_streak=checkin_streak(conn, min(today, period.end)) if streak is None else streak,
        people=people_figures(conn, period, mission_id),
        followers=figures.followers_at(conn, period, mission_id),
        recipes=recipes(conn, period, mission_id) if with_recipes else [],
        automated_replies_minutes=automated,
        own_business_minutes=own_business,
        promotional_minutes=reports.category_minutes(conn, start, end, mission_id, PROMOTIONAL),
        platform=figures.trends(conn, period, mission_id),
        posts_from_ideas=posts_from_ideas,
        posts=posts,
    )


def checkin_streak(conn: sqlite3.Connection, reference: date) -> int:
    """Consecutive check-ins up to ``reference``. Weekends without one do not break it, and
    a day not yet checked in does not break it before it is over."""
    done = reports.recent_checkin_days(conn, reference, 800)
    streak = 0
    day = reference
    if day.isoformat() not in done:
        day -= timedelta(days=1)
    while True:
        if day.isoformat() in done:
            streak += 1
        elif day.weekday() < 5:
            break
        if not done or day < date.fromisoformat(min(done)):
            break
        day -= timedelta(days=1)
    return streak


def recipes(conn: sqlite3.Connection, period: Period, mission_id: int | None) -> list[Recipe]:
    """Content tasks whose wording comes back nearly identical in two or more weeks."""
    from cm_coach.core.textnorm import tokens

    rows = reports.tasks_of_activity(conn, period.start, period.end, mission_id, RECIPE_ACTIVITY)
    clusters: list[dict] = []
    by_key: dict[str, dict] = {}
    for task, day, minutes in rows:
        key = " ".join(sorted(tokens(task)))
        cluster = by_key.get(key)
        if cluster is None:
            cluster = _similar_cluster(key, clusters)
            if cluster is None:
                cluster = {"key": key, "weeks": set(), "texts": {}, "count": 0, "minutes": 0}
                clusters.append(cluster)
            by_key[key] = cluster
        iso = date.fromisoformat(day).isocalendar()
        cluster["weeks"].add((iso.year, iso.week))
        cluster["texts"][task] = cluster["texts"].get(task, 0) + 1
        cluster["count"] += 1
        cluster["minutes"] += minutes
    result = []
    for cluster in clusters:
        if len(cluster["weeks"]) < 2:
            continue
        wording = max(cluster["texts"].items(), key=lambda item: (item[1], item[0]))[0]
        result.append(
            Recipe(
                wording,
                len(cluster["weeks"]),
                _longest_run(cluster["weeks"]),
                cluster["count"],
                cluster["minutes"],
            )
        )
    result.sort(key=lambda r: (-r.streak_weeks, -r.count, r.task))
    return result


def _similar_cluster(key: str, clusters: list[dict]) -> dict | None:
    """The first cluster whose wording is close to ``key``; rapidfuzz (~9 ms to import) is
    loaded only when there is one to compare with."""
    if not clusters:
        return None
    from rapidfuzz import fuzz

    return next((c for c in clusters if fuzz.token_sort_ratio(key, c["key"]) >= RECIPE_SIMILARITY), None)


def _longest_run(weeks: set[tuple[int, int]]) -> int:
    mondays = sorted(date.fromisocalendar(year, week, 1) for year, week in weeks)
    best = run = 1
    for previous, current in pairwise(mondays):
        run = run + 1 if (current - previous).days == 7 else 1
        best = max(best, run)
    return best


def outside_entries(conn: sqlite3.Connection, period: Period, mission: str | None = None) -> list[Entry]:
    """The entries behind the outside-role share, for "show me which ones"."""
    mission_id = require_mission(conn, mission).id if mission else None
    return [
        scoped(entry)
        for entry in queries.entries_between(conn, period.start, period.end, mission_id)
        if entry.verdict == "outside"
    ]


def unagreed_by_mission(conn: sqlite3.Connection, period: Period) -> list[tuple[str, str, int, int]]:
    """``(mission, family, unagreed minutes, mission's total minutes)`` for the period
    (the signals need it for every mission at once)."""
    totals = reports.minutes_per_mission(conn, period.start, period.end)
    unagreed: dict[tuple[str, str], int] = {}
    for family, category, mission, agreed_families, minutes in reports.outside_minutes(
        conn, period.start, period.end, None
    ):
        if family == OWN_BUSINESS:
            continue  # a freelancer's own business never stretches a mission
        if mission and not is_agreed("outside", family, category, agreed_families.split(",")):
            key = (mission, family or "other")
            unagreed[key] = unagreed.get(key, 0) + minutes
    return [
        (mission, family, minutes, totals[mission]) for (mission, family), minutes in sorted(unagreed.items())
    ]


def weekly_family_minutes(
    conn: sqlite3.Connection, family: str, end: date, weeks: int, mission_id: int | None = None
) -> list[int]:
    """Minutes of ``family`` per ISO week, for the ``weeks`` weeks ending with ``end``'s."""
    monday = end - timedelta(days=end.weekday())
    result = []
    for back in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        result.append(reports.family_minutes(conn, start, start + timedelta(days=6), mission_id, family))
    return result
