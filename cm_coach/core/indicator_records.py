"""The records of the figures of a period (:func:`cm_coach.core.indicators.compute`), apart
from the code that computes them: the app rebuilds them from what its second process read
(:mod:`cm_coach.tui.prefetch`) just after its first frame, and importing the indicators'
module for that (its queries, the scope rules, the fuzzy matching) cost ~13 ms more.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from cm_coach.core.activity_catalogue import activities
from cm_coach.record import Record, field

if TYPE_CHECKING:
    from cm_coach.core.dates import Period
    from cm_coach.models import MonthFigures

RECIPE_ACTIVITY = "content"  # the article's uniformity warning is about what gets published


class PlatformTrend(Record):
    """One mission's ratio interacting/followers over its latest months."""

    mission: str
    months: list[MonthFigures]

    @property
    def latest(self) -> MonthFigures | None:
        """The latest month whose ratio is known, or None."""
        rated = [m for m in self.months if m.ratio is not None]
        return rated[-1] if rated else None

    @property
    def previous(self) -> MonthFigures | None:
        """The month with a known ratio before :attr:`latest`, or None."""
        rated = [m for m in self.months if m.ratio is not None]
        return rated[-2] if len(rated) >= 2 else None

    def falling_months(self) -> int:
        """How many months in a row the ratio has gone down, up to the latest."""
        ratios = [m.ratio for m in self.months if m.ratio is not None]
        count = 0
        for index in range(len(ratios) - 1, 0, -1):
            if ratios[index] < ratios[index - 1]:
                count += 1
            else:
                break
        return count


# The small read-only records below are named tuples (a tuple's speed for the many made per
# period). Recipe is a Record: its ``count`` would hide tuple.count.


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


class Recipe(Record):
    """A content task that keeps coming back worded nearly the same, week after week: the article's warning
    against publishing by recipe."""

    task: str  # the most frequent wording
    weeks: int  # distinct ISO weeks it appears in
    streak_weeks: int  # longest run of consecutive weeks
    count: int
    minutes: int


class Indicators(Record, frozen=False):
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
