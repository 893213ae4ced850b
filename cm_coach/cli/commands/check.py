"""``cm-coach check`` and ``cm-coach boundaries``: the role boundaries and the user's corrections.

``check`` opens the journal for work only when ``--mission`` asks whether an outside task
was agreed; otherwise it only reads the user's corrections, read-only and without the
journal's start-up checks (``store.probe``), so it starts fast enough to be called from an
editor or a shell loop. A missing journal is not created: there are no corrections then.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Iterator

from cm_coach.cli.commands.common import print_json, print_json_line
from cm_coach.cli.commands.verdicts import verdict_agreed, verdict_lines
from cm_coach.cli.context import Context
from cm_coach.core.activity_catalogue import activities
from cm_coach.core.boundaries import Correction, classifier
from cm_coach.errors import CoachError
from cm_coach.paths import user_boundaries_path


def _tasks(args: argparse.Namespace) -> Iterator[str]:
    for task in args.tasks:
        if task == "-":
            for line in sys.stdin:
                if line.strip():
                    yield line.strip()
        elif task.strip():
            yield task


def _stdin_is_file() -> bool:
    """Whether ``-`` reads a file (``check - < FILE``): its lines are all there, so they are
    classified a batch at a time; from a pipe or a terminal, each line is answered as it comes."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # io.StringIO (tests), a closed stdin
        return False


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach check``: each task's verdict (inside or outside the role, and why), one after the other."""
    engine = classifier(user_boundaries_path())
    mission = None
    if args.mission:  # only then is the journal opened for work
        from cm_coach.core.corrections import judge_for
        from cm_coach.core.missions import require_mission

        mission = require_mission(ctx.reader(), args.mission)
        engine = judge_for(ctx.reader(), user_boundaries_path())
    else:  # the user's corrections still apply: read them without opening the journal
        from cm_coach.store.probe import correction_rows

        engine.learn(Correction(*row) for row in correction_rows(ctx.db_path))
    first = True
    tasks = _tasks(args)
    if "-" in args.tasks and _stdin_is_file():  # every line is there already: batch by batch
        verdicts = engine.classify_batches(tasks, ctx.lang)
    elif "-" in args.tasks:  # lines from a pipe: the batch path, still one verdict as each line comes
        verdicts = engine.iter_classify(tasks, ctx.lang)
    else:
        verdicts = (engine.classify(task, ctx.lang) for task in tasks)
    for verdict in verdicts:
        task = verdict.text
        if args.json:
            print_json_line(ctx, {**verdict.as_json(), "agreed": verdict_agreed(verdict, mission)})
            ctx.out.flush()
            continue
        if not first:
            ctx.print()
        first = False
        if len(args.tasks) > 1 or args.tasks == ["-"]:
            ctx.print(ctx.style(ctx.t("cli.check.task", task=task), "1"))
        for line in verdict_lines(verdict, ctx, mission):
            ctx.say(line)
    return 0


def _described(correction: Correction, ctx: Context) -> str:
    parts = []
    if correction.family == "community":
        parts.append(ctx.t("boundaries.teach.what_inside"))
    elif correction.family:
        parts.append(ctx.t("boundaries.teach.what_outside", family=ctx.t(f"cli.family.{correction.family}")))
    if correction.category:  # its name in the reader's language, not its id
        category = classifier(user_boundaries_path()).by_id.get(correction.category)
        parts.append(category.label[ctx.lang] if category is not None else correction.category)
    if correction.activity:
        label = activities()[correction.activity].label[ctx.lang]
        parts.append(ctx.t("boundaries.teach.what_activity", activity=label))
    return ", ".join(parts)


def run_teach(args: argparse.Namespace, ctx: Context) -> int:
    """Record the user's answer for a task's wording (or remove it with ``--forget``)."""
    from cm_coach.core import corrections

    conn = ctx.conn()
    if args.forget:
        corrections.forget(conn, args.task)
        ctx.print(ctx.t("boundaries.teach.forgotten", task=args.task))
        return 0
    if args.inside and args.outside:
        raise CoachError("boundaries.errors.inside_and_outside")
    family = "community" if args.inside else args.outside
    learned = corrections.teach(
        conn,
        args.task,
        family=family.strip().lower() if family else None,
        category=args.category,
        activity=args.activity,
        user_file=user_boundaries_path(),
    )
    ctx.print(ctx.t("boundaries.teach.learned", task=learned.text, what=_described(learned, ctx)))
    return 0


def _run_mine(args: argparse.Namespace, ctx: Context) -> int:
    from cm_coach.core.corrections import mine

    found = mine(ctx.reader())
    if args.json:
        print_json(
            ctx,
            [
                {
                    "uid": c.uid,
                    "text": c.text,
                    "family": c.family,
                    "category": c.category,
                    "activity": c.activity,
                }
                for c in found
            ],
        )
        return 0
    if not found:
        ctx.print(ctx.t("boundaries.teach.mine_none"))
        return 0
    ctx.print(ctx.style(ctx.t("boundaries.teach.mine_title", count=len(found)), "1"))
    for correction in found:
        ctx.print(
            "  " + ctx.t("boundaries.teach.mine_line", task=correction.text, what=_described(correction, ctx))
        )
    return 0


def run_boundaries(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach boundaries``: every category, its side and its source; ``--mine``: the corrections."""
    if args.mine:
        return _run_mine(args, ctx)
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
