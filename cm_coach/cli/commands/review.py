"""``cm-coach review``: last week's review and the question to carry into this one.

Example: ``cm-coach review --answer "appeler trois membres actifs"``
"""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import print_json
from cm_coach.cli.context import Context
from cm_coach.core.dates import (
    format_date_long,
    format_date_short,
    format_period,
    parse_date,
)
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent
from cm_coach.core.review import WeeklyReview, last_week, monday_of, save_answer, weekly_review


def review_json(review: WeeklyReview, ctx: Context) -> dict:
    """A weekly review as ``--json`` shows it: days, drift outside the role, people, question."""
    return {
        "week": review.week.start.isoformat(),
        "target": review.target,
        "days": [
            {
                "date": day.date.isoformat(),
                "minutes": day.minutes,
                "people_minutes": day.people_minutes,
                "intention_minutes": day.intention_minutes,
                "energy": day.energy,
                "planned": day.planned,
                "done": day.done,
            }
            for day in review.days
        ],
        "outside_by_mission": [{"mission": d.mission, "minutes": d.minutes} for d in review.drift],
        "people_met": review.people_met,
        "follow_ups_due": review.follow_ups_due,
        "follow_ups_done": review.follow_ups_done,
        "question": {"id": review.question, "text": ctx.t(f"workday.review.question.{review.question}")},
        "answer": review.answer,
    }


def print_review(review: WeeklyReview, ctx: Context) -> None:
    """The week as a table of days, then its totals, the drift, the people and the question."""

    def tr(key: str, **params: object) -> str:
        return ctx.t(f"workday.review.{key}", **params)

    ctx.print(ctx.style(tr("title", week=format_period(review.week, ctx.lang)), "1"))
    if review.is_empty:
        ctx.print(tr("nothing"))
    else:
        heads = [tr(f"head_{name}") for name in ("day", "total", "people", "intention", "energy", "plan")]
        widths = [max(11, len(heads[0])), 7, max(15, len(heads[2])), 8, 8, 9]
        ctx.print(("  " + "  ".join(f"{h:<{w}}" for h, w in zip(heads, widths, strict=True))).rstrip())
        for day in review.days:
            people = f"{duration(day.people_minutes, ctx.lang)} ({percent(day.people_share, ctx.lang)})"
            cells = [
                format_date_short(day.date, ctx.lang),
                duration(day.minutes, ctx.lang) if day.minutes else "—",
                people if day.minutes else "—",
                duration(day.intention_minutes, ctx.lang) if day.intention_minutes else "—",
                f"{day.energy}/5" if day.energy else "—",
                f"{day.done}/{day.planned}" if day.planned else "—",
            ]
            ctx.print(("  " + "  ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True))).rstrip())
        share = review.people_minutes / review.minutes if review.minutes else 0.0
        ctx.print(
            tr(
                "total",
                total=duration(review.minutes, ctx.lang),
                people=duration(review.people_minutes, ctx.lang),
                share=percent(share, ctx.lang),
                target=percent(review.target, ctx.lang),
                intention=duration(review.intention_minutes, ctx.lang),
            )
        )
        if review.energy is not None:
            shown = f"{review.energy:.1f}".replace(".", "," if ctx.lang == "fr" else ".")
            ctx.print(tr("energy", energy=shown))
        if review.planned:
            ctx.print(tr("plan", done=review.done, planned=review.planned))
        if review.drift:
            parts = [f"{d.mission or tr('no_mission')} {duration(d.minutes, ctx.lang)}" for d in review.drift]
            ctx.print(tr("drift_title") + " " + " · ".join(parts))
        else:
            ctx.print(tr("no_drift"))
        if review.people_met or review.follow_ups_due:
            ctx.print(
                tr("people", count=review.people_met, due=review.follow_ups_due, done=review.follow_ups_done)
            )
    ctx.print()
    ctx.print(ctx.style(tr("question_title"), "1") + " " + tr(f"question.{review.question}"))
    if review.answer:
        ctx.print(tr("answer", answer=review.answer))
    else:
        ctx.print(tr("answer_hint"))


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach review``: last week's review (or ``--week``'s); ``--answer`` saves the answer."""
    monday = monday_of(parse_date(args.week, ctx.today)) if args.week else last_week(ctx.today)
    if args.answer is not None:
        save_answer(ctx.conn(), monday, args.answer)
        ctx.print(ctx.t("workday.review.saved", monday=format_date_long(monday, ctx.lang)))
        return 0
    review = weekly_review(ctx.reader(), monday)
    if args.json:
        print_json(ctx, review_json(review, ctx))
        return 0
    print_review(review, ctx)
    return 0
