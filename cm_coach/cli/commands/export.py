"""``cm-coach export`` and ``cm-coach import``: the journal out to a file, and back in.

Examples: ``cm-coach export --month "le mois dernier" -o octobre.md`` ·
``cm-coach export --all --format json -o sauvegarde.json`` ·
``cm-coach --db /tmp/new.db import sauvegarde.json``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cm_coach.cli.commands.common import period_from_args
from cm_coach.cli.context import Context
from cm_coach.core.export import get_format
from cm_coach.core.export.journal import Scope
from cm_coach.core.formatting import number
from cm_coach.errors import CoachError
from cm_coach.paths import user_path


def _scope(args: argparse.Namespace, ctx: Context) -> Scope:
    options = {
        "csv_dialect": _csv_dialect(getattr(args, "csv", None)),
        "raw": bool(getattr(args, "raw", False)),
    }
    if args.all:
        if args.month or args.start or args.end:
            raise CoachError("export.errors.all_with_period")
        return Scope(None, args.mission, ctx.lang, ctx.today, **options)
    return Scope(period_from_args(args, ctx, default="month"), args.mission, ctx.lang, ctx.today, **options)


def _csv_dialect(value: str | None) -> str | None:
    if value is None:
        return None
    from cm_coach.core.export.spreadsheet import CSV_DIALECTS

    key = value.strip().lower()
    if key not in CSV_DIALECTS:
        raise CoachError("timesheet.errors.unknown_dialect", value=value, choices=", ".join(CSV_DIALECTS))
    return key


def _path(text: str) -> Path:
    return user_path(text)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    """Write the journal of a period (this month by default) in one format: stdout (no ``-o``,
    or ``-o -``), a file (``-o``, never overwritten without ``--force``, never the journal or
    a backup, never a device) or, for obsidian, a folder of notes."""
    from cm_coach.core.export.files import STDOUT, output_target

    chosen = get_format(args.format)
    scope = _scope(args, ctx)
    to_stdout = args.output is None or args.output == STDOUT
    output = None if to_stdout else _path(args.output)
    if chosen.to_folder:
        if output is None:
            raise CoachError("export.errors.folder_needed")
        if output.exists() and not output.is_dir():
            raise CoachError("export.errors.not_folder", path=str(output))
    elif output is not None:
        output = output_target(output, force=args.force, journal=ctx.db_path)
    if scope.mission and scope.mission.encode("utf-8", "replace").decode() != scope.mission:
        raise CoachError("export.errors.bad_text", value=scope.mission.encode("utf-8", "replace").decode())
    conn = ctx.reader()
    if scope.mission:
        from cm_coach.core.missions import require_mission

        require_mission(conn, scope.mission)  # refused before any file is touched
    if chosen.to_folder:
        assert output is not None
        result = chosen.write(conn, scope, output)
        for skipped in result.skipped:
            print(ctx.t("export.obsidian.skipped", path=str(skipped)), file=ctx.err)
        ctx.print(
            ctx.t(
                "export.obsidian.done",
                path=str(output),
                written=number(len(result.written), ctx.lang),
                unchanged=number(len(result.unchanged), ctx.lang),
            )
        )
        if result.skipped:
            count = len(result.skipped)
            key = "skipped_count_one" if count == 1 else "skipped_count"
            ctx.print(ctx.t(f"journal_exports.obsidian.{key}", count=count))
        return 0
    if chosen.binary:
        import io

        buffer = io.BytesIO()
        chosen.write(conn, scope, buffer)
        if output is None:
            stream = getattr(ctx.out, "buffer", None)
            if stream is None or ctx.out.isatty():  # bytes on a terminal garble it
                raise CoachError("timesheet.errors.binary_stdout")
            ctx.out.flush()
            try:
                stream.write(buffer.getvalue())
                stream.flush()
            except OSError as error:  # a full disk behind ">": said by main, like any output
                record = getattr(ctx.out, "record_failure", None)
                if record is None:
                    raise
                record(error)
            return 0
        from cm_coach.core.export.files import write_bytes_atomically

        write_bytes_atomically(output, buffer.getvalue())
    elif output is None:  # an export's content: UTF-8 whatever the terminal
        utf8 = getattr(ctx.out, "utf8", None)
        out = utf8() if utf8 is not None else ctx.out
        try:
            chosen.write(conn, scope, out)
        finally:
            if out is not ctx.out:
                out.release()
        return 0
    else:
        from cm_coach.core.export.files import atomic_text_file

        with atomic_text_file(output) as handle:
            chosen.write(conn, scope, handle)
    print(ctx.t("export.done.written", format=chosen.name, path=str(args.output)), file=ctx.err)
    return 0


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    """Check a JSON export completely, then merge it into the journal in one transaction.
    Records in both with other values are listed; the journal's are kept unless
    ``--prefer-file``."""
    from cm_coach.core.importer import import_file, read_file, shown_differences

    path = _path(args.file)
    document = read_file(path)  # every check happens here, before the journal is opened
    conn = ctx.conn()
    prefer_file = bool(getattr(args, "prefer_file", False))
    report = import_file(conn, ctx.db_path, document, source=path, prefer_file=prefer_file)
    if report.backup is not None:
        ctx.print(ctx.t("export.done.backup", path=str(report.backup)))
    ctx.print(
        ctx.t(
            "export.done.imported",
            path=str(path),
            added=number(report.added, ctx.lang),
            present=number(report.present, ctx.lang),
        )
    )
    for table, (added, present) in report.tables.items():
        if added or present:
            ctx.print(
                ctx.t(
                    "export.done.imported_detail",
                    table=ctx.t(f"safety.table.{table}"),
                    added=number(added, ctx.lang),
                    present=number(present, ctx.lang),
                )
            )
    if report.differences:
        key = "safety.import.differ_taken" if prefer_file else "safety.import.differ_kept"
        ctx.print(ctx.t(key, count=number(len(report.differences), ctx.lang)))
        for difference in shown_differences(report):
            ctx.print(
                "  "
                + ctx.t(
                    "safety.import.difference",
                    table=ctx.t(f"safety.table.{difference.table}"),
                    record=difference.key,
                    fields=", ".join(difference.fields),
                )
            )
    return 0
