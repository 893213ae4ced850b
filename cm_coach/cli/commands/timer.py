"""``cm-coach start``, ``cm-coach stop`` and ``cm-coach status``: the timer.

Example: ``cm-coach start "répondre aux commentaires" -m "Boulangerie Dupont"``, later
``cm-coach stop`` (or ``cm-coach stop --at 15h30``). ``status`` answers a shell prompt from
``cm_coach.cli`` before anything heavy loads; this module handles its other cases.
"""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import print_json
from cm_coach.cli.commands.entries import show_logged
from cm_coach.cli.context import Context
from cm_coach.core import validate
from cm_coach.core.formatting import duration
from cm_coach.core.timer import (
    current,
    discard_timer,
    elapsed_minutes,
    format_clock,
    parse_moment,
    people_names,
    status_line,
    stop_timer,
    switch_timer,
)
from cm_coach.models import RunningTimer
from cm_coach.paths import user_boundaries_path


def timer_json(timer: RunningTimer, ctx: Context) -> dict:
    """The running timer as ``--json`` shows it, with the minutes so far."""
    return {
        "task": timer.task,
        "mission": timer.mission,
        "activity": timer.activity,
        "with": list(people_names(timer.people)),
        "started_at": timer.started_at.isoformat(),
        "minutes": elapsed_minutes(timer.started_at, ctx.now),
    }


def _say_stopped(ctx: Context, conn, stopped, *, as_json: bool = False) -> None:
    if not as_json:
        ctx.print(
            ctx.t(
                "workday.timer.stopped",
                end=format_clock(stopped.ended_at, ctx.lang, ctx.today),
                duration=duration(stopped.logged.entry.minutes, ctx.lang),
            )
        )
    show_logged(ctx, conn, stopped.logged, as_json=as_json)


def _stop(ctx: Context, *, ended_at=None, as_json: bool = False) -> None:
    conn = ctx.conn()
    stopped = stop_timer(
        conn, now=ctx.now, ended_at=ended_at, lang=ctx.lang, user_boundaries=user_boundaries_path()
    )
    _say_stopped(ctx, conn, stopped, as_json=as_json)


def run_start(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach timer start``: start timing a task; a timer already running is stopped and
    logged first, ending when this one starts."""
    # Read every option before touching the journal: bad input writes nothing.
    validate.task_text(args.task)
    if args.activity:
        validate.activity(args.activity)
    started_at = parse_moment(args.at, after=None, now=ctx.now) if args.at else None
    conn = ctx.conn()
    stopped, timer = switch_timer(
        conn,
        args.task,
        now=ctx.now,
        mission=args.mission,
        activity=args.activity,
        with_people=args.with_people,
        started_at=started_at,
        lang=ctx.lang,
        user_boundaries=user_boundaries_path(),
        new_people=args.new,
    )
    if stopped is not None:  # one timer at a time: the running one was stopped first
        _say_stopped(ctx, conn, stopped)
        ctx.print()
    ctx.print(
        ctx.t(
            "workday.timer.started",
            since=format_clock(timer.started_at, ctx.lang, ctx.today),
            task=timer.task,
            mission=timer.mission or ctx.t("cli.log.no_mission"),
        )
    )
    if timer.people:  # as typed (« @gael.pain », not « gael.pain »)
        ctx.print("  " + ctx.t("workday.timer.with_people", names=timer.people))
    return 0


def run_stop(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach timer stop``: log the running timer as an entry (``--discard``: drop it)."""
    conn = ctx.conn()
    if args.discard:
        timer = discard_timer(conn)
        ctx.print(
            ctx.t(
                "workday.timer.discarded",
                task=timer.task,
                since=format_clock(timer.started_at, ctx.lang, ctx.today),
            )
        )
        return 0
    ended_at = None
    if args.at:
        running = current(conn)
        after = running.started_at if running else None
        ended_at = parse_moment(args.at, after=after, now=ctx.now)
    _stop(ctx, ended_at=ended_at, as_json=args.json)
    return 0


def run_status(args: argparse.Namespace, ctx: Context) -> int:
    """The cases the fast path in ``cm_coach.cli`` leaves here: JSON, or no timer on a terminal."""
    timer = current(ctx.reader()) if ctx.db_path.exists() else None
    if args.json:
        print_json(ctx, timer_json(timer, ctx) if timer else None)
        return 0 if timer else 1
    if timer is None:
        if not args.quiet and ctx.out.isatty():
            ctx.print(ctx.t("workday.timer.none"))
        return 1
    ctx.print(status_line(timer.task, timer.started_at, timer.mission, ctx.now))
    return 0
