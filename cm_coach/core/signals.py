"""Coaching signals: short, reasoned nudges raised from the indicators.

Thresholds live in ``content/signals.toml`` (data, not code); the dialogue target can be
set by the CM (``stats --target``), else the file's default applies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise

from cm_coach.core.content import signal_texts
from cm_coach.core.dates import Period, week_period
from cm_coach.core.formatting import duration, number
from cm_coach.core.i18n import percent, t
from cm_coach.core.indicators import Indicators, recipes, unagreed_by_mission, weekly_family_minutes
from cm_coach.errors import CoachError
from cm_coach.store import queries

MIN_MINUTES_FOR_SHARES = 60  # below an hour logged, shares say nothing
TARGET_SETTING = "dialogue_target"


@dataclass(frozen=True)
class Signal:
    """A nudge in the reader's language: what was seen, what was measured, what to try, and the raw values for
    ``--json``."""

    id: str
    title: str
    measured: str
    advice: str
    values: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The signal as ``stats --json`` prints it."""
        return {
            "id": self.id,
            "title": self.title,
            "measured": self.measured,
            "advice": self.advice,
            "values": self.values,
        }


def advice_once(found: Sequence[Signal]) -> list[tuple[Signal, str | None]]:
    """Each signal with the advice to show under it: a signal raised for several missions
    (the same advice one after the other) gets it once, under the last of them."""
    return [
        (
            signal,
            None if index + 1 < len(found) and found[index + 1].advice == signal.advice else signal.advice,
        )
        for index, signal in enumerate(found)
    ]


def dialogue_target(conn: sqlite3.Connection) -> float:
    """The CM's dialogue-share target, or the default when none is set. A stored value that
    is not a fraction from 0.01 to 1 (``"nan"`` from a hand-edited file) counts as none."""
    from cm_coach.core import validate

    stored = queries.setting(conn, TARGET_SETTING)
    if stored:
        try:
            return validate.dialogue_target_fraction(stored)
        except CoachError:
            pass
    return signal_texts()["low_dialogue"].params["threshold"]


def set_dialogue_target(conn: sqlite3.Connection, percent_value: object) -> float:
    """Store the CM's dialogue-share target (1–100 %, as typed) in the journal, so it
    travels with export and import; returns it as a fraction."""
    from cm_coach.core import validate
    from cm_coach.store.db import transaction

    fraction = validate.dialogue_target_percent(percent_value)
    with transaction(conn):
        queries.set_setting(conn, TARGET_SETTING, str(fraction))
    return fraction


def _make(
    signal_id: str, lang: str, values: dict[str, object], *, case: str | None = None, **shown: object
) -> Signal:
    """A signal in ``lang``; ``case`` picks a variant of what was measured (``measured_<case>``)."""
    text = signal_texts()[signal_id]
    measured = text.variants[case] if case else text.measured
    return Signal(
        id=signal_id,
        title=text.title[lang],
        measured=measured[lang].format(**{k: v for k, v in shown.items()}),
        advice=text.advice[lang],
        values=values,
    )


def signals(
    conn: sqlite3.Connection, indicators: Indicators, lang: str, *, target: float | None = None
) -> list[Signal]:
    """The nudges the period's indicators raise, in ``lang``: time with people under the target, posting
    without conversations, outside work no client agreed to, and the like (``target`` overrides the
    journal's)."""
    texts = signal_texts()
    found: list[Signal] = []
    target = dialogue_target(conn) if target is None else target

    if indicators.total_minutes >= MIN_MINUTES_FOR_SHARES and indicators.dialogue_share < target:
        found.append(
            _make(
                "low_dialogue",
                lang,
                {"share": round(indicators.dialogue_share, 4), "target": target},
                case="none" if not indicators.dialogue_minutes else None,  # forgotten, or a real gap?
                share=percent(indicators.dialogue_share, lang),
                target=percent(target, lang),
            )
        )

    min_days = int(texts["posts_without_conversation"].params["min_days"])
    weeks: dict[tuple[int, int], list] = {}
    for day in indicators.days:
        weeks.setdefault(day.date.isocalendar()[:2], []).append(day)
    worst = max(
        (
            sum(1 for d in days if d.content_minutes)
            for days in weeks.values()
            if not any(d.dialogue_minutes for d in days)
        ),
        default=0,
    )
    if worst >= min_days:
        found.append(_make("posts_without_conversation", lang, {"days": worst}, days=worst))

    limit = texts["outside_unagreed"].params["threshold"]
    for name, family, unagreed, mission_total in unagreed_by_mission(conn, indicators.period):
        if indicators.mission and name != indicators.mission:
            continue
        share = unagreed / mission_total
        if mission_total >= MIN_MINUTES_FOR_SHARES and share > limit:
            found.append(
                _make(
                    "outside_unagreed",
                    lang,
                    {"mission": name, "family": family, "share": round(share, 4)},
                    mission=name,
                    family=t(f"cli.family.{family}", lang),
                    share=percent(share, lang),
                )
            )

    if indicators.automated_replies_minutes > texts["automated_replies"].params["threshold_minutes"]:
        found.append(
            _make(
                "automated_replies",
                lang,
                {"minutes": indicators.automated_replies_minutes},
                minutes=duration(indicators.automated_replies_minutes, lang),
            )
        )

    growing = texts["complaints_growing"].params
    min_weeks = int(growing["min_weeks"])
    chosen = queries.mission_by_name(conn, indicators.mission) if indicators.mission else None
    mission_id = chosen.id if chosen else None
    series = weekly_family_minutes(conn, "customer_service", indicators.period.end, min_weeks, mission_id)
    rising = all(later > earlier for earlier, later in pairwise(series))
    if rising and series[-1] >= growing["min_minutes"]:
        found.append(
            _make(
                "complaints_growing",
                lang,
                {"weeks": min_weeks, "minutes": series},
                weeks=min_weeks,
                first=duration(series[0], lang),
                last=duration(series[-1], lang),
            )
        )

    recipe = texts["same_recipe"].params
    recent = Period(week_period(indicators.period.end).start - timedelta(weeks=7), indicators.period.end)
    for item in recipes(conn, recent, mission_id):
        if item.streak_weeks >= recipe["min_weeks"]:
            found.append(
                _make(
                    "same_recipe",
                    lang,
                    {"task": item.task, "weeks": item.streak_weeks},
                    task=item.task,
                    weeks=item.streak_weeks,
                )
            )
            break

    promotion = texts["mostly_promotion"].params
    content_minutes = indicators.activity_minutes("content")
    share = indicators.promotional_share_of_content
    if content_minutes >= promotion["min_content_minutes"] and share > promotion["threshold"]:
        found.append(_make("mostly_promotion", lang, {"share": round(share, 4)}, share=percent(share, lang)))

    found.extend(_people_signals(conn, indicators, lang, mission_id))
    return found


def _people_signals(
    conn: sqlite3.Connection, indicators: Indicators, lang: str, mission_id: int | None
) -> list[Signal]:
    """The platform's ratio interacting/followers, dated, when it is low or keeps falling;
    and the missions whose ambassadors have gone quiet."""
    from cm_coach.core.dates import format_month
    from cm_coach.core.people_quiet import silent_ambassadors

    found: list[Signal] = []
    params = signal_texts()["few_interacting"].params
    for trend in indicators.platform:
        latest, previous = trend.latest, trend.previous
        if latest is None or latest.ratio is None:
            continue
        falling = trend.falling_months()
        if latest.ratio >= params["threshold"] and falling < params["falling_months"]:
            continue
        month = _month(latest.month)
        trend_text = ""
        if previous is not None and previous.ratio is not None:
            trend_text = t(
                "people.signal_before",
                lang,
                ratio=percent(previous.ratio, lang, 1),
                month=format_month(_month(previous.month), lang),
            )
        found.append(
            _make(
                "few_interacting",
                lang,
                {
                    "mission": trend.mission,
                    "month": latest.month,
                    "followers": latest.followers,
                    "interacting": latest.interacting,
                    "ratio": round(latest.ratio, 4),
                    "falling_months": falling,
                },
                mission=trend.mission,
                month=format_month(month, lang),
                interacting=number(latest.interacting or 0, lang),
                followers=number(latest.followers or 0, lang),
                ratio=percent(latest.ratio, lang, 1),
                before=trend_text,
            )
        )
    for silent in silent_ambassadors(conn, indicators.period.end, mission_id):
        found.append(
            _make(
                "ambassadors_quiet",
                lang,
                {"mission": silent.mission, "ambassadors": list(silent.people), "days": silent.days},
                mission=silent.mission,
                names=", ".join(silent.people),
                days=silent.days,
            )
        )
    return found


def _month(key: str) -> tuple[int, int]:
    year, month = key.split("-")
    return int(year), int(month)
