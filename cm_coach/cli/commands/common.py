"""Small helpers shared by the commands: periods from options, JSON output."""

from __future__ import annotations

import argparse
from datetime import date

from cm_coach.cli.context import Context
from cm_coach.cli.output import can_show_everything
from cm_coach.errors import CoachError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:  # the date parsers compile many patterns: `check` never needs them
    from cm_coach.core.dates import Period


def optional_date(text: str | None, ctx: Context) -> date:
    """The day ``--date`` names, or today when it is not given."""
    from cm_coach.core import dates

    return dates.parse_date(text, ctx.today) if text is not None else ctx.today  # "" is refused


def period_from_args(args: argparse.Namespace, ctx: Context, default: str = "day") -> Period:
    """``--date/--day``, ``--week``, ``--month`` or ``--from/--to``; else ``default``."""
    from cm_coach.core import dates

    # A day given empty (--date "", a variable left unset in a script) is refused, not today.
    if getattr(args, "end", None) is not None and getattr(args, "start", None) is None:
        raise CoachError("cli.errors.to_without_from")
    if getattr(args, "start", None) is not None:
        start = dates.parse_date(args.start, ctx.today)
        end = dates.parse_date(args.end, ctx.today) if args.end is not None else ctx.today
        return dates.range_period(start, end)
    if getattr(args, "day", None) is not None:
        return dates.day_period(dates.parse_date(args.day, ctx.today))
    if getattr(args, "week", None):
        return dates.parse_week(args.week, ctx.today)
    if getattr(args, "month", None):
        return dates.parse_month(args.month, ctx.today)
    if default == "week":
        return dates.week_period(ctx.today)
    if default == "month":
        return dates.month_period(ctx.today.year, ctx.today.month)
    return dates.day_period(ctx.today)


def print_json(ctx: Context, value: object) -> None:
    """JSON on the output; on a terminal that cannot show every character, with ``\\uXXXX``
    escapes (the same JSON, nothing lost)."""
    import json  # loaded by the commands that print JSON, not by every one that imports this module

    ctx.print(json.dumps(value, ensure_ascii=not can_show_everything(ctx.out), indent=2, sort_keys=False))


def print_json_line(ctx: Context, value: object) -> None:
    """JSON on a single line, for output read a line at a time (``check --json`` on many tasks)."""
    import json

    ctx.print(json.dumps(value, ensure_ascii=not can_show_everything(ctx.out)))
