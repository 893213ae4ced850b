"""``cm-coach demo``: fill the chosen journal with realistic demo data."""

from __future__ import annotations

import argparse

from cm_coach.cli.context import Context
from cm_coach.core import validate
from cm_coach.core.demo import MAX_YEARS, generate, refuse_journal_in_use
from cm_coach.core.formatting import number


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach demo``: fill a journal with made-up years of work, refused on a journal in use."""
    years = validate.whole_number(args.years, low=1, high=MAX_YEARS, key="errors.bad_years")
    seed = validate.whole_number(args.seed, low=0, high=2**31, key="refusals.bad_seed")
    refuse_journal_in_use(ctx.db_path)
    counts = generate(ctx.conn(), years=years, today=ctx.today, seed=seed, lang=ctx.lang)
    shown = {name: number(value, ctx.lang) for name, value in counts.items()}
    ctx.print(ctx.t("cli.demo.done", path=str(ctx.db_path), **shown))
    return 0
