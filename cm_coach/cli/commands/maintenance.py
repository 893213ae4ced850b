"""``cm-coach backup [--list] [--restore FILE]`` and ``cm-coach doctor``."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cm_coach.cli.context import Context
from cm_coach.core.dates import format_date
from cm_coach.core.i18n import render_error, render_param
from cm_coach.errors import CoachError, ContentError, os_reason
from cm_coach.paths import backups_dir, cache_dir, data_dir, log_dir, settings_path, user_boundaries_path
from cm_coach.store import probe


def human_size(size: int, lang: str) -> str:
    """A file's size for people: bytes, kilobytes… in the language's units and decimal mark."""
    value = float(size)
    units = ("o", "ko", "Mo", "Go") if lang == "fr" else ("B", "kB", "MB", "GB")
    for unit in units:
        if value < 1024 or unit == units[-1]:
            text = f"{value:.0f}" if unit == units[0] else f"{value:.1f}"
            return f"{text.replace('.', ',') if lang == 'fr' else text}\u00a0{unit}"
        value /= 1024
    raise AssertionError("unreachable")


def reason_label(reason: str, ctx: Context) -> str:
    """Why a backup was made, in the user's words (an unknown reason is shown as it is)."""
    if reason.startswith("pre-migration"):
        return ctx.t("maintenance.reason.pre-migration", version=reason.rsplit("-v", 1)[-1])
    label = ctx.t(f"maintenance.reason.{reason}")
    return reason if label.startswith("maintenance.") else label


# --- backup -------------------------------------------------------------------------------


def run_backup(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach backup``: copy the journal now, list the copies, or restore one."""
    from cm_coach.store import backups

    if args.list and args.restore:
        raise CoachError("maintenance.errors.list_and_restore")
    if args.list:
        return _list(ctx)
    if args.restore:
        restored = backups.restore(ctx.db_path, args.restore)
        ctx.print(ctx.t("maintenance.backup.restored", source=restored.source))
        if restored.saved is not None:
            ctx.print(ctx.t("maintenance.backup.saved_before", path=restored.saved, name=restored.saved.name))
        else:
            ctx.print(ctx.t("maintenance.backup.nothing_before"))
        return 0
    from cm_coach.store.db import connect

    # Not ctx.conn(): a manual copy must not be preceded by an automatic one, and a
    # missing journal is an error here rather than a new empty file.
    conn = connect(ctx.db_path, create=False)
    try:
        made = backups.make_backup(conn, ctx.db_path, reason="manual")
    finally:
        conn.close()
    ctx.print(ctx.t("maintenance.backup.made", path=made, size=human_size(made.stat().st_size, ctx.lang)))
    return 0


def _list(ctx: Context) -> int:
    from cm_coach.store.copies import list_backups

    folder = backups_dir(ctx.db_path.resolve())
    found = list_backups(ctx.db_path)
    if not found:
        ctx.print(ctx.t("maintenance.backup.none", folder=folder))
        return 0
    ctx.print(ctx.t("maintenance.backup.folder", folder=folder))
    labels = [reason_label(item.reason, ctx) for item in found]
    width = max(len(label) for label in labels)
    for item, label in zip(found, labels, strict=True):
        size = human_size(item.size, ctx.lang)
        ctx.print(f"  {item.created:%Y-%m-%d %H:%M}  {label:<{width}}  {size:>9}  {item.path.name}")
    return 0


# --- doctor -------------------------------------------------------------------------------


@dataclass
class Finding:
    """One line of ``doctor``'s checks: all right or not, and what to do when not."""

    ok: bool
    text: str
    fix: str | None = None


def run_doctor(args: argparse.Namespace, ctx: Context) -> int:
    """Say where everything lives, check it, and say what to do about each problem.

    Reads only: it never creates, migrates or backs up the journal. Exit 0 when all is
    well, 2 when something needs the user.
    """
    db_path = ctx.db_path.resolve()
    locations = [
        ("database", db_path),
        ("settings", settings_path()),
        ("boundaries", user_boundaries_path()),
        ("backups", backups_dir(db_path)),
        ("logs", log_dir()),
    ]
    ctx.print(ctx.t("maintenance.doctor.title_locations"))
    width = max(len(ctx.t(f"maintenance.doctor.{name}")) for name, _ in locations)
    for name, path in locations:
        missing = "" if path.exists() else f"  {ctx.t('maintenance.doctor.missing')}"
        ctx.print(f"  {ctx.t(f'maintenance.doctor.{name}'):<{width}}  {path}{missing}")

    findings = [
        *_check_database(db_path, ctx),
        *_check_backups(db_path, ctx),
        *_check_content(ctx),
        *_check_permissions(db_path, ctx),
    ]
    ctx.print()
    ctx.print(ctx.t("maintenance.doctor.title_checks"))
    for finding in findings:
        mark = ctx.t("maintenance.doctor.ok") if finding.ok else ctx.t("maintenance.doctor.problem")
        ctx.print(f"  [{ctx.style(mark, '32' if finding.ok else '31')}] {finding.text}")
        if finding.fix:
            ctx.print(f"      {ctx.t('maintenance.doctor.advice')} {finding.fix}")
    problems = sum(not finding.ok for finding in findings)
    ctx.print()
    if problems:
        ctx.print(ctx.t("maintenance.doctor.summary_problems", count=problems))
        return 2
    ctx.print(ctx.t("maintenance.doctor.summary_ok"))
    return 0


def _check_database(db_path: Path, ctx: Context) -> list[Finding]:
    from cm_coach.store.db import CURRENT_SCHEMA_VERSION, SQLITE_HEADER
    from cm_coach.store.handles import NotARegularFile, read_start

    t = ctx.t
    if not db_path.exists():
        return [Finding(True, t("maintenance.doctor.db_absent"))]
    if db_path.is_dir():  # no chmod helps: the path is wrong
        return [Finding(False, render_error(CoachError("errors.db_is_folder", path=str(db_path)), ctx.lang))]
    try:
        header = read_start(db_path, len(SQLITE_HEADER))
    except NotARegularFile:
        return [
            Finding(False, t("safety.doctor.not_a_file"), t("safety.doctor.not_a_file_fix", path=db_path))
        ]
    except OSError as error:
        return [
            Finding(
                False,
                t("maintenance.doctor.db_unreadable", detail=render_param(os_reason(error), ctx.lang)),
                t("maintenance.doctor.db_unreadable_fix", path=db_path),
            )
        ]
    damaged_fix = t("maintenance.doctor.db_not_sqlite_fix")
    if (header is not None and header != SQLITE_HEADER) or db_path.stat().st_size < 512:
        return [Finding(False, t("maintenance.doctor.db_not_sqlite"), damaged_fix)]
    try:
        found = probe.facts(db_path)
    except sqlite3.DatabaseError:  # SQLite's own words are English: said in the reader's language
        return [Finding(False, t("maintenance.doctor.db_sqlite_refused"), damaged_fix)]
    version, results, entries = found.version, found.integrity, found.entries
    findings = []
    if results != ["ok"]:  # SQLite's findings are English and technical: said in the reader's words
        findings.append(Finding(False, t("maintenance.doctor.db_sqlite_refused"), damaged_fix))
    elif found.missing:
        listed = ", ".join(found.missing[:5])
        findings.append(
            Finding(
                False,  # at version 0 the names are another program's tables, not ours missing
                t("safety.doctor.foreign_other", tables=listed)
                if version == 0
                else t("safety.doctor.foreign", missing=listed),
                t("safety.doctor.foreign_fix"),
            )
        )
    elif version > CURRENT_SCHEMA_VERSION:
        findings.append(
            Finding(
                False,
                t("maintenance.doctor.db_too_new", version=version, supported=CURRENT_SCHEMA_VERSION),
                t("maintenance.doctor.db_too_new_fix"),
            )
        )
    elif version < CURRENT_SCHEMA_VERSION:
        findings.append(
            Finding(True, t("maintenance.doctor.db_old", version=version, supported=CURRENT_SCHEMA_VERSION))
        )
    else:
        findings.append(
            Finding(
                True,
                t(
                    "maintenance.doctor.db_ok",
                    version=version,
                    supported=CURRENT_SCHEMA_VERSION,
                    count=entries,
                ),
            )
        )
    if not (os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)):
        findings.append(
            Finding(
                False,
                t("maintenance.doctor.db_readonly"),
                t("maintenance.doctor.db_readonly_fix", path=db_path, folder=db_path.parent),
            )
        )
    else:  # the journal is writable, but a -shm or -wal left behind may not be
        for suffix in ("-shm", "-wal"):
            companion = Path(f"{db_path}{suffix}")
            if companion.exists() and not os.access(companion, os.W_OK):
                mode = f"{stat.S_IMODE(companion.stat().st_mode):04o}"
                findings.append(
                    Finding(
                        False,
                        t("safety.doctor.companion_readonly", path=companion, mode=mode),
                        t("safety.doctor.companion_readonly_fix", path=companion),
                    )
                )
    return findings


def _check_backups(db_path: Path, ctx: Context) -> list[Finding]:
    from cm_coach.store.copies import list_backups

    if not db_path.exists():
        return []
    found = list_backups(db_path)
    if not found:
        return [
            Finding(
                False, ctx.t("maintenance.doctor.backups_none"), ctx.t("maintenance.doctor.backups_none_fix")
            )
        ]
    last = found[-1].created
    text = ctx.t(
        "maintenance.doctor.backups_ok",
        count=len(found),
        date=format_date(last.date(), ctx.lang),
        time=f"{last:%H:%M}",
    )
    modified = datetime.fromtimestamp(db_path.stat().st_mtime)
    if (modified.date() - last.date()).days > 1 and last.date() < ctx.today:
        return [
            Finding(
                False,
                ctx.t("maintenance.doctor.backups_stale", date=format_date(last.date(), ctx.lang)),
                ctx.t("maintenance.doctor.backups_stale_fix", folder=backups_dir(db_path)),
            )
        ]
    return [Finding(True, text)]


def _check_content(ctx: Context) -> list[Finding]:
    from cm_coach.core import boundaries, content

    findings = []
    try:
        content.activities()
        content.prompt_catalogue()
        content.strings()
        content.rubric()
        content.signal_texts()
        content.about_page()
        boundaries.load_categories(None)
    except ContentError as error:
        findings.append(
            Finding(
                False,
                ctx.t("maintenance.doctor.content_bad", detail=error),
                ctx.t("maintenance.doctor.content_bad_fix"),
            )
        )
    else:
        findings.append(Finding(True, ctx.t("maintenance.doctor.content_ok")))
    from cm_coach.core.settings import settings_problem

    problem = settings_problem()
    if problem is not None:  # the commands go on with the defaults: said here
        findings.append(
            Finding(
                False,
                ctx.t("maintenance.doctor.settings_bad", detail=_problem_text(problem, ctx)),
                ctx.t("maintenance.doctor.settings_bad_fix", path=settings_path()),
            )
        )
    user_file = user_boundaries_path()
    if user_file.exists():
        try:  # the merge itself: its ContentError says where (load_categories turns it into a refusal)
            boundaries.merge_user_catalogue(boundaries.load_categories(None), user_file)
        except (ContentError, CoachError, OSError) as error:
            findings.append(
                Finding(
                    False,
                    ctx.t("maintenance.doctor.user_boundaries_bad", detail=_problem_text(error, ctx)),
                    ctx.t("maintenance.doctor.user_boundaries_bad_fix", path=user_file),
                )
            )
        else:
            findings.append(Finding(True, ctx.t("maintenance.doctor.user_boundaries_ok", path=user_file)))
    return findings


def _problem_text(problem: object, ctx: Context) -> str:
    """A user file's problem for a doctor's line: where it is in the reader's language, then
    the parser's own words (or the system's reason, or a refusal)."""
    from cm_coach.core.catalogue import placed_problem

    if isinstance(problem, CoachError):
        return render_error(problem, ctx.lang)
    where = None
    if isinstance(problem, ContentError):
        where, problem = placed_problem(problem)
    shown = render_error(where, ctx.lang).strip() + " " if where is not None else ""
    return shown + str(render_param(problem, ctx.lang))


def private_paths(db_path: Path) -> tuple[list[Path], list[Path]]:
    """The files that must be 0600 and the folders that must be 0700, where they exist.

    The journal's own folder is checked only when it is cm-coach's data folder:
    ``--db /tmp/x.db`` must not report ``/tmp``.
    """
    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), settings_path(), user_boundaries_path()]
    folders = [backups_dir(db_path), settings_path().parent, log_dir()]
    if db_path.parent.resolve() == data_dir().resolve():
        folders.append(db_path.parent)
    backups = backups_dir(db_path)
    if backups.is_dir():
        files.extend(path for path in sorted(backups.iterdir()) if path.is_file())
    if log_dir().is_dir():
        files.extend(path for path in sorted(log_dir().iterdir()) if path.is_file())
    cache = cache_dir()  # the parse cache: copies of the shipped content only, private all the same
    if cache.is_dir():
        folders.append(cache)
        files.extend(sorted(cache.glob("*.marshal")))
    return [f for f in files if f.is_file()], [f for f in dict.fromkeys(folders) if f.is_dir()]


def _check_permissions(db_path: Path, ctx: Context) -> list[Finding]:
    files, folders = private_paths(db_path)
    findings = []
    for path, wanted in [*((f, 0o600) for f in files), *((d, 0o700) for d in folders)]:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue  # removed meanwhile (a -shm file when the last connection closes)
        if mode & 0o077:
            findings.append(
                Finding(
                    False,
                    ctx.t("maintenance.doctor.permission_bad", path=path, mode=f"{mode:04o}"),
                    ctx.t("maintenance.doctor.permission_bad_fix", wanted=f"{wanted:o}", path=path),
                )
            )
    if not findings:
        findings.append(Finding(True, ctx.t("maintenance.doctor.permissions_ok")))
    return findings
