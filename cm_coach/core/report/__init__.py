"""The monthly client report: what a CM sends a client, and bills from.

Built from the figures only — time by activity, time with people, what the community did,
the lines to bill — and never from the private journal: no check-in answers, no energy, no
coaching signal or advice, no self-assessment, no "outside the role" verdicts. Time outside
the role is told neutrally: an agreed extension is a line to bill, anything else a line to
hand over or to discuss. The PDF (Typst) and HTML renderings read this dataclass alone.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cm_coach.core.content import activities
from cm_coach.core.dates import Period
from cm_coach.core.scope import is_agreed
from cm_coach.errors import CoachError
from cm_coach.models import Mission
from cm_coach.store import reports

FORMATS = ("pdf", "html")
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class ActivityLine:
    """The report's line for one activity: its label and colour, its time and percent."""

    activity: str
    label: str
    colour: str
    minutes: int
    percent: float  # 0..100, one decimal; the lines add up to 100


@dataclass(frozen=True)
class BillLine:
    """A line of the bill: ``kind`` is ``role`` (community management), ``extension`` (an
    agreed extension of the role, billed) or ``discuss`` (to hand over or to discuss, not billed)."""

    kind: str
    family: str | None
    minutes: int
    amount: Decimal | None


@dataclass(frozen=True)
class WeekLine:
    """One week of the report's month (by its Monday): time logged and time with people."""

    monday: date
    minutes: int
    people_minutes: int


@dataclass(frozen=True)
class CommunityFigures:
    """What the community did, where the journal knows it (``None``: not known)."""

    people: int | None  # distinct people exchanged with (People feature)
    new_people: int | None
    returning_people: int | None
    people_declared: int | None  # the "people" counts typed with the entries, when no person is linked
    interacting: int | None  # accounts that interacted, from the month's platform figures
    conversations: int  # time entries spent with people


@dataclass(frozen=True)
class ClientReport:
    """Everything the monthly client report says, from the figures alone: the renderings read this and nothing
    else."""

    mission: Mission
    period: Period
    lang: str
    generated: date
    author: str | None
    currency: str | None
    total_minutes: int
    activities: tuple[ActivityLine, ...]
    people_minutes: int
    people_parts: tuple[ActivityLine, ...]  # the with-people activities (dialogue, moderation)
    content_minutes: int
    community: CommunityFigures
    weeks: tuple[WeekLine, ...]
    bill: tuple[BillLine, ...]

    @property
    def billed_minutes(self) -> int:
        """The minutes billed: the role and the agreed extensions, not what is to discuss."""
        return sum(line.minutes for line in self.bill if line.kind != "discuss")

    @property
    def billed_amount(self) -> Decimal | None:
        """The amount billed at the mission's rate, or None when the mission has no rate."""
        if self.mission.rate is None:
            return None
        return sum((line.amount or Decimal(0) for line in self.bill if line.kind != "discuss"), Decimal(0))


def build_report(
    conn: sqlite3.Connection,
    mission: Mission,
    period: Period,
    *,
    lang: str,
    today: date,
    author: str | None = None,
    currency: str | None = None,
) -> ClientReport:
    """Gather one mission's month from the journal's figures (a few aggregate queries)."""
    from cm_coach.core.indicators import people_figures, split_percentages
    from cm_coach.core.rates import amount

    known = activities()
    order = list(known)
    start, end = period.start, period.end
    rows = reports.minutes_by_activity(conn, start, end, mission.id)
    rows.sort(key=lambda row: (-row[1], order.index(row[0]) if row[0] in order else 99))
    lines = tuple(
        ActivityLine(
            share.key,
            known[share.key].label[lang] if share.key in known else share.key,
            known[share.key].colour if share.key in known else "#7b7f86",
            share.minutes,
            share.percent,
        )
        for share in split_percentages(rows)
    )
    total = sum(line.minutes for line in lines)
    with_people = {a.id for a in known.values() if a.with_people}
    people_parts = tuple(line for line in lines if line.activity in with_people)
    people_minutes = sum(line.minutes for line in people_parts)
    content_minutes = sum(line.minutes for line in lines if line.activity == "content")

    # Outside the role, by family: agreed (billed as an extension) or not (to discuss).
    families: dict[tuple[str, bool], int] = {}
    outside_total = 0
    for family, category, _name, agreed_families, minutes in reports.outside_minutes(
        conn, start, end, mission.id
    ):
        agreed = is_agreed("outside", family, category, agreed_families.split(","))
        key = (family or "other", agreed)
        families[key] = families.get(key, 0) + minutes
        outside_total += minutes

    def priced(minutes: int) -> Decimal | None:
        return amount(minutes, mission.rate, mission.rate_unit) if mission.rate is not None else None

    bill = [BillLine("role", None, total - outside_total, priced(total - outside_total))]
    family_order = ("advertising", "customer_service", "other")
    for agreed, kind in ((True, "extension"), (False, "discuss")):
        for family in family_order:
            minutes = families.get((family, agreed), 0)
            if minutes:
                bill.append(BillLine(kind, family, minutes, priced(minutes) if agreed else None))

    people = people_figures(conn, period, mission.id)
    declared = reports.people_sum(conn, start, end, mission.id) if not people.distinct else None
    month_key = f"{start.year}-{start.month:02d}"
    interacting = next(
        (
            value
            for month, _followers, value in reports.platform_figures(conn, mission.id)
            if month == month_key
        ),
        None,
    )
    per_day = reports.day_minutes(conn, start, end, mission.id, tuple(sorted(with_people)), "content")
    weeks: dict[date, list[int]] = {}
    for iso_day, (minutes, people_day, _content) in per_day.items():
        day = date.fromisoformat(iso_day)
        monday = day - timedelta(days=day.weekday())
        week = weeks.setdefault(monday, [0, 0])
        week[0] += minutes
        week[1] += people_day
    community = CommunityFigures(
        people=people.distinct or None,
        new_people=people.new if people.distinct else None,
        returning_people=people.returning if people.distinct else None,
        people_declared=declared,
        interacting=interacting,
        conversations=reports.entries_count(conn, start, end, mission.id, tuple(sorted(with_people))),
    )
    return ClientReport(
        mission=mission,
        period=period,
        lang=lang,
        generated=today,
        author=author,
        currency=currency,
        total_minutes=total,
        activities=lines,
        people_minutes=people_minutes,
        people_parts=people_parts,
        content_minutes=content_minutes,
        community=community,
        weeks=tuple(WeekLine(monday, *weeks[monday]) for monday in sorted(weeks)),
        bill=tuple(bill),
    )


def default_file_name(mission: Mission | str, period: Period, lang: str, fmt: str = "pdf") -> str:
    """``rapport-boulangerie-dupont-2026-11.pdf`` (``report-…`` in English): a name made of
    plain letters, digits and dashes, whatever the mission is called (the CLI's default and
    the name the app proposes)."""
    word = "rapport" if lang == "fr" else "report"
    name = mission if isinstance(mission, str) else mission.name
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48].strip("-") or "mission"
    return f"{word}-{slug}-{period.start.year}-{period.start.month:02d}.{fmt}"


def clean_author(text: str) -> str | None:
    """The name at the top of reports: one printable line of at most 200 characters
    (``""`` clears it)."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        return None
    if len(cleaned) > 200 or not cleaned.isprintable():
        raise CoachError("report.errors.bad_name")
    return cleaned


def clean_currency(text: str) -> str:
    """The report's currency as typed (``€``, ``CHF``): one to five printable characters, no space."""
    cleaned = str(text).strip()
    if not 1 <= len(cleaned) <= 5 or not cleaned.isprintable() or any(c.isspace() for c in cleaned):
        raise CoachError("report.errors.bad_currency")
    return cleaned


def choose_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else the output file's extension, else PDF."""
    if fmt is None and output and output != "-":
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        fmt = {"htm": "html"}.get(suffix, suffix) if suffix in ("pdf", "html", "htm") else None
    key = (fmt or "pdf").strip().lower()
    if key not in FORMATS:
        raise CoachError("report.errors.unknown_format", value=fmt, choices=", ".join(FORMATS))
    return key


def choose_paper(paper: str | None) -> str:
    """A4 unless the user asks for Letter."""
    key = (paper or "a4").strip().lower().replace("us-letter", "letter")
    if key not in PAPERS:
        raise CoachError("report.errors.unknown_paper", value=paper, choices=", ".join(PAPERS))
    return key


def render(report: ClientReport, fmt: str, paper: str = "a4") -> bytes:
    """The report as PDF or HTML bytes."""
    from cm_coach.core.report.layout import layout

    page = layout(report)
    if fmt == "html":
        from cm_coach.core.report.to_html import render_html

        return render_html(page).encode("utf-8")
    from cm_coach.core.report.to_pdf import render_pdf

    return render_pdf(page, paper, report.generated)


def write_report(
    conn: sqlite3.Connection,
    mission_name: str,
    period: Period,
    path: Path,
    *,
    journal: Path,
    lang: str,
    today: date,
    fmt: str | None = None,
    paper: str | None = None,
    force: bool = False,
) -> Path:
    """Write one mission's report for ``period`` to ``path`` (the CLI and the app's dialog
    both come here): the format from ``fmt`` or the file's extension, the name and currency
    from the settings; refused over an existing file without ``force``, and never over the
    journal, a backup or a device. Returns the file written."""
    from cm_coach.core.export.files import output_target, write_bytes_atomically
    from cm_coach.core.missions import require_mission
    from cm_coach.core.settings import load_settings
    from cm_coach.store.timeline import snapshot

    chosen = choose_format(fmt, str(path))
    target = output_target(path, force=force, journal=journal)
    mission = require_mission(conn, mission_name)
    settings = load_settings()
    with snapshot(conn):
        report = build_report(
            conn,
            mission,
            period,
            lang=lang,
            today=today,
            author=settings.report_as,
            currency=settings.report_currency,
        )
    write_bytes_atomically(target, render(report, chosen, choose_paper(paper)))
    return target
