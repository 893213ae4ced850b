"""``cm-coach log`` and ``cm-coach entries``."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import optional_date, period_from_args, print_json
from cm_coach.cli.commands.verdicts import verdict_lines
from cm_coach.cli.context import Context
from cm_coach.core import validate
from cm_coach.core.content import activities
from cm_coach.core.dates import format_date_short, format_duration, format_period, parse_duration
from cm_coach.core.entries import is_unsettled, list_entries, log_entry
from cm_coach.core.formatting import duration
from cm_coach.models import Entry
from cm_coach.paths import user_boundaries_path
from cm_coach.store import queries


def entry_json(entry: Entry) -> dict:
    return {
        "id": entry.id,
        "date": entry.date.isoformat(),
        "mission": entry.mission,
        "task": entry.task,
        "minutes": entry.minutes,
        "duration": format_duration(entry.minutes),
        "activity": entry.activity,
        "verdict": entry.verdict,
        "family": entry.family,
        "category": entry.category,
        "score": entry.score,
        "agreed": entry.agreed,
        "people": entry.people,
        "unsettled": is_unsettled(entry),
        "with": list(entry.with_people),
    }


def run_log(args: argparse.Namespace, ctx: Context) -> int:
    # Parse every option before touching the database: bad input writes nothing.
    minutes = parse_duration(args.duration)
    day = optional_date(args.date, ctx)
    people = validate.people(args.people) if args.people is not None else None
    validate.task_text(args.task)
    if args.activity:
        validate.activity(args.activity)
    idea = (
        validate.whole_number(args.idea, low=1, high=2**62, key="people.errors.no_idea_id")
        if args.idea
        else None
    )
    conn = ctx.conn()
    logged = log_entry(
        conn,
        args.task,
        minutes,
        day=day,
        mission=args.mission,
        activity=args.activity,
        people=people,
        lang=ctx.lang,
        user_boundaries=user_boundaries_path(),
        with_people=args.with_people,
        new_people=args.new,
        idea=idea,
    )
    entry = logged.entry
    if args.json:
        print_json(ctx, {**entry_json(entry), "reason": logged.verdict.reason})
        return 0
    activity_label = activities()[entry.activity].label[ctx.lang]
    ctx.print(
        ctx.t(
            "cli.log.recorded",
            duration=duration(entry.minutes, ctx.lang),
            task=entry.task,
            date=format_date_short(entry.date, ctx.lang),
            mission=entry.mission or ctx.t("cli.log.no_mission"),
            activity=activity_label,
        )
    )
    if logged.activity_suggested:
        ctx.print("  " + ctx.t("cli.log.activity_suggested", activity=activity_label))
    if logged.linked:
        from cm_coach.cli.commands.people import linked_line

        ctx.print("  " + linked_line(logged.linked, ctx))
    mission = queries.mission_by_name(conn, entry.mission) if entry.mission else None
    for line in verdict_lines(logged.verdict, ctx, mission):
        ctx.say(line)
    return 0


def run_entries(args: argparse.Namespace, ctx: Context) -> int:
    period = period_from_args(args, ctx, default="day")
    found = list_entries(ctx.conn(), period, args.mission)
    if args.unsettled:
        found = [entry for entry in found if is_unsettled(entry)]
    if args.json:
        print_json(ctx, [entry_json(entry) for entry in found])
        return 0
    ctx.print(ctx.style(format_period(period, ctx.lang), "1"))
    if not found:
        ctx.print(ctx.t("cli.entries.none"))
        return 0
    labels = activities()
    marks = {"inside": "✓", "outside": "✗", "unsure": "?"}
    for entry in found:
        mark = "◐" if entry.agreed else marks.get(entry.verdict, "?")
        ctx.print(
            f"{entry.id:>6}  {format_date_short(entry.date, ctx.lang):<10} "
            f"{duration(entry.minutes, ctx.lang):>7}  {mark} "
            f"{labels[entry.activity].label[ctx.lang]:<16} "
            f"{(entry.mission or '—')[:20]:<20}  {entry.task}"
            + (f"  ↔ {', '.join(entry.with_people)}" if entry.with_people else "")
        )
    total = sum(entry.minutes for entry in found)
    ctx.print(ctx.t("cli.entries.total", count=len(found), duration=duration(total, ctx.lang)))
    return 0
