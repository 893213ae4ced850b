"""``cm-coach stats``: where the time went, and how much of it was spent with people."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import period_from_args, print_json
from cm_coach.cli.context import Context
from cm_coach.core.content import activities
from cm_coach.core.dates import format_date_short, format_period
from cm_coach.core.formatting import duration, number
from cm_coach.core.headline import people_time
from cm_coach.core.i18n import percent
from cm_coach.core.indicators import Indicators, compute
from cm_coach.core.signals import Signal, advice_once, dialogue_target, set_dialogue_target, signals

BAR_WIDTH = 24


def indicators_json(ind: Indicators, found: list[Signal], target: float) -> dict:
    """A period's indicators and signals as ``--json`` shows them."""
    return {
        "period": {
            "start": ind.period.start.isoformat(),
            "end": ind.period.end.isoformat(),
            "kind": ind.period.kind,
        },
        "mission": ind.mission,
        "total_minutes": ind.total_minutes,
        "by_activity": [
            {"activity": s.key, "minutes": s.minutes, "percent": s.percent} for s in ind.by_activity
        ],
        "by_mission": [
            {"mission": s.key or None, "minutes": s.minutes, "percent": s.percent} for s in ind.by_mission
        ],
        "dialogue_minutes": ind.dialogue_minutes,
        "dialogue_share": round(ind.dialogue_share, 4),
        "people_time": {
            "minutes": ind.dialogue_minutes,
            "share": round(ind.dialogue_share, 4),
            "parts": [
                {"activity": part.key, "minutes": part.minutes, "share": round(ind.share(part.minutes), 4)}
                for part in ind.people_time_parts()
            ],
        },
        "own_business_minutes": ind.own_business_minutes,
        "promotional_share_of_content": round(ind.promotional_share_of_content, 4),
        "dialogue_target": target,
        "content_share": round(ind.content_share, 4),
        "listening_share": round(ind.listening_share, 4),
        "strategy_share": round(ind.strategy_share, 4),
        "reporting_share": round(ind.reporting_share, 4),
        "outside": [
            {"family": f.family, "agreed_minutes": f.agreed_minutes, "unagreed_minutes": f.unagreed_minutes}
            for f in ind.outside
        ],
        "outside_agreed_share": round(ind.outside_agreed_share, 4),
        "outside_unagreed_share": round(ind.outside_unagreed_share, 4),
        "days": [
            {
                "date": d.date.isoformat(),
                "minutes": d.minutes,
                "dialogue_minutes": d.dialogue_minutes,
                "content_minutes": d.content_minutes,
                "checked_in": d.checked_in,
            }
            for d in ind.days
        ],
        "content_without_dialogue": [d.isoformat() for d in ind.content_without_dialogue],
        "checkin_streak": ind.checkin_streak,
        "people": {
            "exchanged_with": ind.people.distinct,
            "new": ind.people.new,
            "returning": ind.people.returning,
            "relationships": ind.people.relationships,
            "unnamed_headcount": ind.people.unnamed,
        },
        "followers": ind.followers,
        "platform": [
            {
                "mission": trend.mission,
                "months": [
                    {
                        "month": m.month,
                        "followers": m.followers,
                        "interacting": m.interacting,
                        "ratio": round(m.ratio, 4) if m.ratio is not None else None,
                    }
                    for m in trend.months
                ],
            }
            for trend in ind.platform
        ],
        "posts": {"total": ind.posts, "from_community_ideas": ind.posts_from_ideas},
        "recipes": [
            {"task": r.task, "weeks": r.weeks, "streak_weeks": r.streak_weeks, "count": r.count}
            for r in ind.recipes
        ],
        "signals": [s.as_json() for s in found],
    }


def _bar(fraction: float) -> str:
    filled = round(fraction * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def _target(args: argparse.Namespace, ctx: Context) -> float:
    if args.target is None:
        return dialogue_target(ctx.reader())
    return set_dialogue_target(ctx.conn(), args.target)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach stats``: a period's indicators (the week by default) and what they signal."""
    period = period_from_args(args, ctx, default="week")
    target = _target(args, ctx)
    conn = ctx.reader()  # already open (and created) when --target was saved
    ind = compute(conn, period, mission=args.mission, today=ctx.today)
    found = signals(conn, ind, ctx.lang, target=target)
    if args.json:
        print_json(ctx, indicators_json(ind, found, target))
        return 0
    print_report(ind, found, target, ctx)
    return 0


def print_report(ind: Indicators, found: list[Signal], target: float, ctx: Context) -> None:
    """The indicators for people: time with people against the target, then the rest and the signals."""
    lang = ctx.lang
    ctx.print(ctx.style(ctx.t("stats.title", period=format_period(ind.period, lang)), "1"))
    if ind.mission:
        ctx.print(ctx.t("stats.mission", mission=ind.mission))
    if not ind.total_minutes:
        ctx.print(ctx.t("stats.nothing"))
        return
    ctx.print(ctx.t("stats.total", duration=duration(ind.total_minutes, lang)))
    colour = "32" if ind.dialogue_share >= target else "33"
    labels = activities()
    share, parts = people_time(ind, lang)
    ctx.print(
        ctx.style(
            ctx.t(
                "stats.dialogue",
                share=share,
                parts=parts,
                target=percent(target, lang),
            ),
            colour,
        )
    )
    ctx.print(
        ctx.t(
            "stats.shares",
            content=percent(ind.content_share, lang),
            listening=percent(ind.listening_share, lang),
            strategy=percent(ind.strategy_share, lang),
            reporting=percent(ind.reporting_share, lang),
        )
    )
    ctx.print()
    ctx.print(ctx.style(ctx.t("stats.by_activity"), "1"))
    for share in ind.by_activity:
        label = labels[share.key].label[lang] if share.key in labels else share.key
        ctx.print(
            f"  {label:<18} {_bar(share.percent / 100)} {percent(share.percent / 100, lang, 1):>7}  "
            f"{duration(share.minutes, lang):>7}"
        )
    ctx.print()
    ctx.print(ctx.style(ctx.t("stats.by_mission"), "1"))
    for share in ind.by_mission:
        name = share.key or ctx.t("stats.no_mission")
        ctx.print(
            f"  {name[:18]:<18} {_bar(share.percent / 100)} {percent(share.percent / 100, lang, 1):>7}  "
            f"{duration(share.minutes, lang):>7}"
        )
    ctx.print()
    ctx.print(ctx.style(ctx.t("stats.outside"), "1"))
    if not ind.outside:
        ctx.print("  " + ctx.t("stats.outside_none"))
    for family in ind.outside:
        ctx.print(
            "  "
            + ctx.t(
                "stats.outside_line",
                family=ctx.t(f"cli.family.{family.family}"),
                agreed=duration(family.agreed_minutes, lang),
                unagreed=duration(family.unagreed_minutes, lang),
            )
        )
    if ind.own_business_minutes:
        ctx.print("  " + ctx.t("stats.own_business", duration=duration(ind.own_business_minutes, lang)))
    if ind.period.kind in ("week", "day") or len(ind.period) <= 7:
        ctx.print()
        ctx.print(ctx.style(ctx.t("stats.days"), "1"))
        for day in ind.days:
            mark = "✓" if day.checked_in else " "
            ctx.print(
                f"  {mark} {format_date_short(day.date, lang):<10} {duration(day.minutes, lang):>7}  "
                f"{_bar(day.dialogue_share)} {percent(day.dialogue_share, lang):>6}"
            )
    ctx.print()
    ctx.print(ctx.t("stats.content_no_dialogue", count=len(ind.content_without_dialogue)))
    ctx.print(ctx.t("stats.streak", count=ind.checkin_streak))
    print_people(ind, ctx)
    if ind.recipes:
        items = ", ".join(ctx.t("stats.recipe_item", task=r.task, count=r.weeks) for r in ind.recipes[:3])
        ctx.print(ctx.t("stats.recipes", items=items))
    ctx.print()
    ctx.print(ctx.style(ctx.t("stats.signals"), "1"))
    if not found:
        ctx.print("  " + ctx.t("stats.no_signals"))
    for signal, advice in advice_once(found):
        ctx.print("  " + ctx.style("▲ " + signal.title, "33"))
        ctx.say("    " + signal.measured)
        if advice:
            ctx.say("    " + advice)


def print_people(ind: Indicators, ctx: Context) -> None:
    """The people you exchanged with (each once), the unnamed headcounts apart, the
    platform's dated figures, and how many posts came from the community's ideas."""
    from cm_coach.core.dates import format_month

    lang = ctx.lang
    ctx.print()
    ctx.print(ctx.style(ctx.t("people.stats.title"), "1"))
    people = ind.people
    if people.distinct:
        ctx.print(
            "  "
            + ctx.t(
                "people.stats.exchanged", count=people.distinct, new=people.new, returning=people.returning
            )
        )
        ctx.print("  " + ctx.t("people.stats.relationships", count=people.relationships))
    else:
        ctx.print("  " + ctx.t("people.stats.nobody"))
    if people.unnamed:
        ctx.print("  " + ctx.t("people.stats.unnamed", count=people.unnamed))
    if ind.posts:
        ctx.print("  " + ctx.t("people.stats.ideas", from_ideas=ind.posts_from_ideas, posts=ind.posts))
    ctx.print()
    ctx.print(ctx.style(ctx.t("people.stats.platform"), "1"))
    if not ind.platform:
        ctx.print("  " + ctx.t("people.stats.platform_none"))
    for trend in ind.platform:
        ctx.print("  " + trend.mission)
        for month in trend.months[-3:]:
            year, month_number = (int(part) for part in month.month.split("-"))
            label = format_month((year, month_number), lang)
            if month.ratio is not None:
                line = ctx.t(
                    "people.stats.platform_line",
                    month=label,
                    interacting=number(month.interacting or 0, lang),
                    followers=number(month.followers or 0, lang),
                    ratio=percent(month.ratio, lang, 1),
                )
            else:
                line = ctx.t(
                    "people.stats.platform_followers",
                    month=label,
                    followers=number(month.followers or 0, lang),
                )
            ctx.print("    " + line)
