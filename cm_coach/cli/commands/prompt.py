"""``cm-coach prompt``: the reflection prompt of the day."""

from __future__ import annotations

import argparse

from cm_coach.cli.commands.common import optional_date, print_json
from cm_coach.cli.context import Context
from cm_coach.core.dates import format_date_long
from cm_coach.core.prompts import prompt_for


def run(args: argparse.Namespace, ctx: Context) -> int:
    day = optional_date(args.date, ctx) if args.date else ctx.today
    daily = prompt_for(day, ctx.lang)
    if args.json:
        print_json(ctx, daily.as_json())
        return 0
    ctx.print(ctx.style(format_date_long(day, ctx.lang), "1") + f" · {daily.theme_label}")
    ctx.print()
    ctx.print(daily.text)
    return 0
