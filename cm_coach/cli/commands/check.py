"""``cm-coach check`` and ``cm-coach boundaries``: the role boundaries, without the journal.

``check`` reads no database unless ``--mission`` asks whether an outside task was agreed,
so it starts fast enough to be called from an editor or a shell loop.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from cm_coach.cli.commands.common import print_json, print_json_line
from cm_coach.cli.commands.verdicts import is_agreed, verdict_lines
from cm_coach.cli.context import Context
from cm_coach.core.boundaries import classifier
from cm_coach.paths import user_boundaries_path


def _tasks(args: argparse.Namespace) -> Iterator[str]:
    for task in args.tasks:
        if task == "-":
            for line in sys.stdin:
                if line.strip():
                    yield line.strip()
        elif task.strip():
            yield task


def run(args: argparse.Namespace, ctx: Context) -> int:
    engine = classifier(user_boundaries_path())
    mission = None
    if args.mission:  # only then is the journal needed: plain checks never open it
        from cm_coach.core.missions import require_mission

        mission = require_mission(ctx.conn(), args.mission)
    first = True
    for task in _tasks(args):
        verdict = engine.classify(task, ctx.lang)
        if args.json:
            print_json_line(ctx, {**verdict.as_json(), "agreed": is_agreed(verdict, mission)})
            ctx.out.flush()
            continue
        if not first:
            ctx.print()
        first = False
        if len(args.tasks) > 1 or args.tasks == ["-"]:
            ctx.print(ctx.style(f"« {task} »", "1"))
        for line in verdict_lines(verdict, ctx, mission):
            ctx.print(line)
    return 0


def run_boundaries(args: argparse.Namespace, ctx: Context) -> int:
    user_file = user_boundaries_path()
    engine = classifier(user_file)
    rows = []
    for category in engine.categories:
        rows.append(
            {
                "id": category.id,
                "side": category.side,
                "family": category.family,
                "activity": category.activity,
                "label": category.label[ctx.lang],
                "phrases": sum(len(v) for v in category.phrases.values()),
                "source": category.source,
                "extended_by": category.extended_by,
            }
        )
    if args.json:
        print_json(ctx, rows)
        return 0
    ctx.print(ctx.t("cli.boundaries.user_file", path=str(user_file)))
    for side in ("inside", "outside"):
        ctx.print()
        ctx.print(ctx.style(ctx.t(f"cli.boundaries.{side}"), "1"))
        for row in rows:
            if row["side"] != side:
                continue
            family = ctx.t(f"cli.family.{row['family']}")
            source = ctx.t("cli.boundaries.builtin") if row["source"] == "built-in" else row["source"]
            if row["extended_by"]:
                source += " + " + ", ".join(row["extended_by"])
            ctx.print(
                f"  {row['id']:<22} {row['label']:<40} {family:<18} "
                + ctx.t("cli.boundaries.phrases", count=row["phrases"])
                + f"  [{source}]"
            )
    return 0
