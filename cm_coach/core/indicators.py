"""Coaching indicators, computed in SQL over the journal.

The article's personal indicator comes first: how much of the time is really spent with
people (dialogue and moderation), against producing content. Next to it: where the time
went (activities, missions), how much fell outside the role (agreed or not), day by day
figures, the check-in streak, the people exchanged with (each counted once) next to the
platform's own dated figures, and recurring recipes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

from cm_coach.core import figures
from cm_coach.core.content import activities
from cm_coach.core.dates import Period
from cm_coach.core.figures import PlatformTrend
from cm_coach.core.missions import require_mission
from cm_coach.core.scope import is_agreed, never_agreed_categories, scoped
from cm_coach.models import Entry
from cm_coach.store import people as people_store
from cm_coach.store import queries, reports

OWN_BUSINESS = "own_business"
PROMOTIONAL = "promotional_content"
RECIPE_SIMILARITY = 90
RECIPE_ACTIVITY = "content"  # the article's uniformity warning is about what gets published

# The small read-only records below are named tuples, not frozen dataclasses: every command
# that shows figures defines them, and a frozen dataclass compiles six generated methods
# (~3.5M instructions each). Recipe stays a dataclass: its ``count`` would hide tuple.count.


class Share(NamedTuple):
    """One part of the time (an activity, a mission): its minutes and its percent of the whole."""

    key: str
    minutes: int
    percent: float  # 0..100, one decimal; the parts of a split add up to exactly 100


class FamilyShare(NamedTuple):
    """The time spent on one family of work outside the role, split into what the client agreed to and what
    they did not."""

    family: str
    agreed_minutes: int
    unagreed_minutes: int

    @property
    def minutes(self) -> int:
        """Agreed and unagreed minutes together."""
        return self.agreed_minutes + self.unagreed_minutes


class DayFigures(NamedTuple):
    """One day at a glance: minutes logged, with people, on content, and whether it had a check-in."""

    date: date
    minutes: int
    dialogue_minutes: int
    content_minutes: int
    checked_in: bool

    @property
    def dialogue_share(self) -> float:
        """The day's share of time with people, 0 on a day with nothing logged."""
        return self.dialogue_minutes / self.minutes if self.minutes else 0.0


@dataclass(frozen=True)
class Recipe:
    """A content task that keeps coming back worded nearly the same, week after week: the article's warning
    against publishing by recipe."""

    task: str  # the most frequent wording
    weeks: int  # distinct ISO weeks it appears in
    streak_weeks: int  # longest run of consecutive weeks
    count: int
    minutes: int


@dataclass
class Indicators:
    """Every figure of a period (and maybe one mission) that the stats, the signals, the assessment and the
    exports read, computed once by :func:`compute`."""

    period: Period
    mission: str | None
    total_minutes: int
    by_activity: list[Share]
    by_mission: list[Share]
    dialogue_minutes: int
    outside: list[FamilyShare]
    days: list[DayFigures]
    checkin_streak: int
    people: PeopleFigures
    followers: int | None  # as last noted in the platform figures up to the period's end
    recipes: list[Recipe] = field(default_factory=list)
    automated_replies_minutes: int = 0
    own_business_minutes: int = 0  # a freelancer running their business: apart from every mission
    promotional_minutes: int = 0  # organic promotional posts (the article: fine unless it is everything)
    platform: list[PlatformTrend] = field(default_factory=list)
    posts_from_ideas: int = 0  # content entries that used an idea from the community
    posts: int = 0  # all content entries

    def share(self, minutes: int) -> float:
        """``minutes`` as a fraction of all the time logged (0 when nothing is)."""
        return minutes / self.total_minutes if self.total_minutes else 0.0

    def activity_minutes(self, *keys: str) -> int:
        """The minutes of the activities ``keys``, together."""
        return sum(s.minutes for s in self.by_activity if s.key in keys)

    @property
    def dialogue_share(self) -> float:
        """The headline: the fraction of the time spent with people (dialogue, moderation)."""
        return self.share(self.dialogue_minutes)

    def people_time_parts(self) -> list[Share]:
        """The headline's parts: the share of each activity spent with people (dialogue,
        moderation), which add up to :attr:`dialogue_share`."""
        found = {s.key: s for s in self.by_activity}
        return [found.get(a.id, Share(a.id, 0, 0.0)) for a in activities().values() if a.with_people]

    def people_time_percents(self) -> tuple[int, list[tuple[str, int]]]:
        """The headline in whole percents, its parts rounded so that they add up to it
        ("37 % = dialogue 32 % + moderation 5 %")."""
        parts = self.people_time_parts()
        exact = [100 * self.share(part.minutes) for part in parts]
        total = round(sum(exact))
        whole = [int(value) for value in exact]
        order = sorted(range(len(parts)), key=lambda i: exact[i] - whole[i], reverse=True)
        for index in order[: max(0, total - sum(whole))]:
            whole[index] += 1
        return total, [(part.key, value) for part, value in zip(parts, whole, strict=True)]

    @property
    def promotional_share_of_content(self) -> float:
        """The fraction of content time that went to promotional posts: fine unless it is most of it."""
        content = self.activity_minutes("content")
        return self.promotional_minutes / content if content else 0.0

    @property
    def content_share(self) -> float:
        """The fraction of the time spent producing content."""
        return self.share(self.activity_minutes("content"))

    @property
    def listening_share(self) -> float:
        """The fraction of the time spent listening to the community."""
        return self.share(self.activity_minutes("listening"))

    @property
    def strategy_share(self) -> float:
        """The fraction of the time spent on strategy alone (the rubric's ``strategy_share`` in :meth:`values`
        counts reporting with it)."""
        return self.share(self.activity_minutes("strategy"))

    @property
    def reporting_share(self) -> float:
        """The fraction of the time spent on reporting."""
        return self.share(self.activity_minutes("reporting"))

    def family_share(self, family: str, *, agreed: bool | None = None) -> float:
        """The fraction of the time spent on one outside family: all of it, or only its agreed
        (``agreed=True``) or unagreed (``agreed=False``) part."""
        for item in self.outside:
            if item.family == family:
                if agreed is None:
                    return self.share(item.minutes)
                return self.share(item.agreed_minutes if agreed else item.unagreed_minutes)
        return 0.0

    @property
    def outside_unagreed_share(self) -> float:
        """The fraction of the time outside the role that no client agreed to."""
        return self.share(sum(item.unagreed_minutes for item in self.outside))

    @property
    def outside_agreed_share(self) -> float:
        """The fraction of the time outside the role that a client agreed to."""
        return self.share(sum(item.agreed_minutes for item in self.outside))

    @property
    def content_without_dialogue(self) -> list[date]:
        """Days with content time and none with people: posting without talking."""
        return [d.date for d in self.days if d.content_minutes and not d.dialogue_minutes]

    @property
    def people_reached(self) -> int | None:
        """The people you exchanged with: named people counted once, plus the unnamed
        headcounts typed with entries; None when the journal knows nobody for the period.
        (The name stays for the exports until they show :attr:`people` in full.)"""
        if not self.people.distinct and self.people.unnamed is None:
            return None
        return self.people.distinct + (self.people.unnamed or 0)

    @property
    def people_reached_ratio(self) -> float | None:
        """The people you exchanged with per follower (the rubric's ``people_reached_ratio``)."""
        if self.people_reached is None or not self.followers:
            return None
        return self.people_reached / self.followers

    @property
    def recipe_repetition_share(self) -> float:
        """The fraction of content time that went to recipes (:class:`Recipe`)."""
        content = self.activity_minutes(RECIPE_ACTIVITY)
        repeated = sum(r.minutes for r in self.recipes)
        return repeated / content if content else 0.0

    def values(self) -> dict[str, float | None]:
        """The figures the rubric's contradictions refer to, by id."""
        return {
            "dialogue_share": self.dialogue_share,
            "content_share": self.content_share,
            "listening_share": self.listening_share,
            "strategy_share": self.share(self.activity_minutes("strategy", "reporting")),
            "advertising_share": self.family_share("advertising"),
            "customer_service_share": self.family_share("customer_service"),
            "outside_unagreed_share": self.outside_unagreed_share,
            "automated_replies_minutes": float(self.automated_replies_minutes),
            "recipe_repetition_share": self.recipe_repetition_share,
            "people_reached_ratio": self.people_reached_ratio,
        }


class PeopleFigures(NamedTuple):
    """The people the CM exchanged with over a period: counted once each, however many
    times they were met (the article's "people who interact", not a sum per entry)."""

    distinct: int  # people with at least one exchange in the period
    new: int  # whose first exchange ever falls in the period
    relationships: int  # with two exchanges or more in the period
    unnamed: int | None = None  # headcounts typed with entries (log --people N): apart, may overlap

    @property
    def returning(self) -> int:
        """People already met before the period: exchanged with in it, not new."""
        return self.distinct - self.new


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
