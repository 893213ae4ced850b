"""``cm-coach log`` and ``cm-coach entries``."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import period_from_args, print_json
from cm_coach.cli.commands.verdicts import verdict_lines
from cm_coach.cli.context import Context
from cm_coach.core import validate
from cm_coach.core.content import activities
from cm_coach.core.dates import format_date_short, format_duration, format_period
from cm_coach.core.entries import (
    Logged,
    check_entry,
    delete_entry,
    edit_entry,
    is_unsettled,
    list_entries,
    log_entry,
)
from cm_coach.core.formatting import duration
from cm_coach.core.undo import undo_last
from cm_coach.errors import CoachError
from cm_coach.models import Entry
from cm_coach.paths import user_boundaries_path
from cm_coach.store import queries


def entry_json(entry: Entry) -> dict:
    """A journal entry as ``--json`` shows it, with its verdict and the people met."""
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
    """``cm-coach log``: check the task as typed, write it, then show its verdict."""
    # The core checks the values as typed; asked before the journal is opened, so that bad
    # input writes nothing (not even a new journal).
    given = {
        "day": ctx.today if args.date is None else args.date,
        "activity": args.activity,
        "people": args.people,
    }
    check_entry(args.task, args.duration, **given, today=ctx.today)
    idea = (
        validate.whole_number(args.idea, low=1, high=2**62, key="people.errors.no_idea_id")
        if args.idea
        else None
    )
    conn = ctx.conn()
    logged = log_entry(
        conn,
        args.task,
        args.duration,
        **given,
        mission=args.mission,
        lang=ctx.lang,
        user_boundaries=user_boundaries_path(),
        with_people=args.with_people,
        new_people=args.new,
        idea=idea,
        today=ctx.today,
    )
    show_logged(ctx, conn, logged, as_json=args.json)
    return 0


def show_logged(ctx: Context, conn, logged: Logged, *, as_json: bool) -> None:
    """What ``log`` prints for the entry just written (``stop`` prints the same)."""
    entry = logged.entry
    if as_json:
        print_json(ctx, {**entry_json(entry), "reason": logged.verdict.reason})
        return
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
    for line in verdict_lines(logged.verdict, ctx, mission, activity_given=not logged.activity_suggested):
        ctx.say(line)


MARKS = {"inside": "✓", "outside": "✗", "unsure": "?"}


def _entry_row(ctx: Context, entry: Entry) -> str:
    """One entry as ``entries`` lists it: number, day, duration, verdict, activity, mission, task."""
    mark = "◐" if entry.agreed else MARKS.get(entry.verdict, "?")
    return (
        f"{entry.id:>6}  {format_date_short(entry.date, ctx.lang):<10} "
        f"{duration(entry.minutes, ctx.lang):>7}  {mark} "
        f"{activities()[entry.activity].label[ctx.lang]:<16} "
        f"{(entry.mission or '—')[:20]:<20}  {entry.task}"
        + (f"  ↔ {', '.join(entry.with_people)}" if entry.with_people else "")
    )


def run_entries(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach entries``: a period's entries and their total (``--unsettled``: those still unsure)."""
    period = period_from_args(args, ctx, default="day")
    found = list_entries(ctx.reader(), period, args.mission)
    if args.unsettled:
        found = [entry for entry in found if is_unsettled(entry)]
    if args.json:
        print_json(ctx, [entry_json(entry) for entry in found])
        return 0
    ctx.print(ctx.style(format_period(period, ctx.lang), "1"))
    if not found:
        ctx.print(ctx.t("cli.entries.none"))
        return 0
    for entry in found:
        ctx.print(_entry_row(ctx, entry))
    total = sum(entry.minutes for entry in found)
    ctx.print(ctx.t("cli.entries.total", count=len(found), duration=duration(total, ctx.lang)))
    return 0


def _entry_id(text: str) -> int:
    return validate.whole_number(text, low=1, high=2**62, key="workday.errors.bad_entry_id")


def _entry_line(ctx: Context, key: str, entry: Entry) -> str:
    return ctx.t(
        key,
        id=entry.id,
        duration=duration(entry.minutes, ctx.lang),
        task=entry.task,
        date=format_date_short(entry.date, ctx.lang),
    )


def run_edit(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach entries edit ID [--task T] [-d D] [--date D] [-m M | --no-mission] [-a A] [--people N]``"""
    entry_id = _entry_id(args.entry_id)
    # The values as typed: the core reads and checks them (core.validate), like log's.
    given = {"task": args.task, "minutes": args.duration, "day": args.date, "activity": args.activity,
             "people": args.people}  # fmt: skip
    changes: dict = {name: value for name, value in given.items() if value is not None}
    if args.mission is not None or args.no_mission:
        changes["mission"] = "" if args.no_mission else args.mission
    if args.with_people is not None:
        changes["with_people"] = args.with_people
        changes["new_people"] = args.new
    if not changes:
        raise CoachError("workday.entries.nothing_to_change")
    entry = edit_entry(
        ctx.conn(),
        entry_id,
        lang=ctx.lang,
        user_boundaries=user_boundaries_path(),
        today=ctx.today,
        **changes,
    )
    if args.json:
        print_json(ctx, entry_json(entry))
        return 0
    ctx.print(ctx.t("workday.entries.updated", id=entry.id))
    ctx.print("  " + _entry_row(ctx, entry))
    return 0


def run_delete(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach entries delete ID``: the entry can be put back with ``entries undo``."""
    conn = ctx.conn()
    entry_id = _entry_id(args.entry_id)
    entry = queries.entry_by_id(conn, entry_id)
    if entry is None:
        raise CoachError("errors.entry_not_found", id=entry_id)
    delete_entry(conn, entry_id)
    ctx.print(_entry_line(ctx, "workday.entries.deleted", entry))
    return 0


def run_undo(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach entries undo``: the latest edit or deletion of an entry, put back."""
    undone = undo_last(ctx.conn())
    ctx.print(_entry_line(ctx, f"workday.entries.undone_{undone.action}", undone.entry))
    return 0
