"""``cm-coach prompt``: the reflection prompt of the day, optionally about one mission."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import optional_date, print_json
from cm_coach.cli.context import Context
from cm_coach.core.dates import format_date_long
from cm_coach.core.prompts import prompt_for


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach prompt``: the day's reflection prompt; the journal is opened only for ``--mission``."""
    day = optional_date(args.date, ctx)
    mission = None
    if args.mission:  # only then is the journal needed: the plain prompt never opens it
        from cm_coach.core.missions import require_mission

        mission = require_mission(ctx.reader(), args.mission)
    daily = prompt_for(day, ctx.lang, mission=mission)
    if args.json:
        print_json(ctx, daily.as_json())
        return 0
    header = [format_date_long(day, ctx.lang), daily.theme_label]
    if daily.mission:
        header.append(daily.mission)
    ctx.print(ctx.style(header[0], "1") + "".join(f" · {part}" for part in header[1:]))
    ctx.print()
    ctx.say(daily.text)
    return 0
