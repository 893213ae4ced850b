"""``cm-coach missions``: add, edit, list and close missions."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import print_json
from cm_coach.cli.context import Context
from cm_coach.core import dates
from cm_coach.core.missions import add_mission, close_mission, edit_mission, list_missions, reopen_mission
from cm_coach.models import Mission


def mission_json(mission: Mission) -> dict:
    """A mission as ``--json`` shows it."""
    return {
        "name": mission.name,
        "client": mission.client,
        "kind": mission.kind,
        "start": mission.start.isoformat() if mission.start else None,
        "end": mission.end.isoformat() if mission.end else None,
        "agreed": list(mission.agreed),
        "followers": mission.followers,
        "rate": mission.rate,
        "rate_unit": mission.rate_unit,
        "notes": mission.notes,
    }


def describe(mission: Mission, ctx: Context) -> str:
    """A mission on one line: client, kind, dates, agreed extensions, followers and rate."""
    parts = [ctx.style(mission.name, "1")]
    if mission.client:
        parts.append(f"({mission.client})")
    parts.append("· " + ctx.t(f"cli.kind.{mission.kind}"))
    if mission.start:
        parts.append("· " + ctx.t("cli.missions.since", date=dates.format_date(mission.start, ctx.lang)))
    if mission.end:
        closed = ctx.t("cli.missions.closed", date=dates.format_date(mission.end, ctx.lang))
        parts.append("· " + ctx.style(closed, "2"))
    if mission.agreed:
        labels = ", ".join(ctx.t(f"cli.family.{family}") for family in mission.agreed)
        parts.append("· " + ctx.t("cli.missions.agreed", families=labels))
    if mission.followers is not None:
        parts.append("· " + ctx.t("cli.missions.followers", count=mission.followers))
    if mission.rate is not None:
        from cm_coach.core.numbers import money
        from cm_coach.core.settings import load_settings

        unit = ctx.t(f"report.per.{mission.rate_unit or 'hour'}")
        currency = load_settings().report_currency or "€"
        parts.append("· " + ctx.t("report.cli.rate", rate=money(mission.rate, ctx.lang, currency), per=unit))
    return " ".join(parts)


def _common_options(args: argparse.Namespace, ctx: Context) -> dict:
    """The options given, as typed: the core checks them (core.validate)."""
    given = {
        "client": args.client,
        "kind": args.kind,
        "start": args.start,
        "agreed": args.agreed,  # --agreed is repeatable: a list, each maybe "a,b"
        "followers": args.followers,
        "rate": args.rate,
        "rate_unit": args.per,
        "notes": args.notes,
    }
    return {name: value for name, value in given.items() if value is not None}


def run_add(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach missions add``: a new mission, starting today unless told otherwise."""
    options = _common_options(args, ctx)
    options.setdefault("start", ctx.today)
    mission = add_mission(ctx.conn(), args.name, **options, on=ctx.today)
    ctx.print(ctx.t("cli.missions.added") + " " + describe(mission, ctx))
    return 0


def run_edit(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach missions edit``: change or rename a mission; options not given stay as they are."""
    options = _common_options(args, ctx)
    mission = edit_mission(ctx.conn(), args.name, new_name=args.new_name, **options, on=ctx.today)
    ctx.print(ctx.t("cli.missions.updated") + " " + describe(mission, ctx))
    return 0


def run_close(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach missions close``: the mission ends on that day (today by default) and leaves the pickers."""
    mission = close_mission(
        ctx.conn(), args.name, ctx.today if args.date is None else args.date, on=ctx.today
    )
    ctx.print(ctx.t("cli.missions.closed_now") + " " + describe(mission, ctx))
    return 0


def run_reopen(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach missions reopen``: a closed mission becomes active again."""
    mission = reopen_mission(ctx.conn(), args.name)
    ctx.print(ctx.t("workday.missions.reopened") + " " + describe(mission, ctx))
    return 0


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach missions list``: every mission, active or closed, one a line."""
    missions = list_missions(ctx.reader())
    if getattr(args, "json", False):
        print_json(ctx, [mission_json(m) for m in missions])
        return 0
    if not missions:
        ctx.print(ctx.t("cli.missions.none"))
        return 0
    for mission in missions:
        ctx.print(describe(mission, ctx))
    return 0
