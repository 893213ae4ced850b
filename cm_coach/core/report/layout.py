"""The client report as blocks of ready-made text (figures formatted in the reader's language,
labels from ``content/strings/report.toml``). The PDF and the HTML renderings both turn
these same blocks into their markup, so the two always say the same thing, and a test can
check what they say in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cm_coach.core import rates
from cm_coach.core.dates import format_date_long, format_date_short, format_period
from cm_coach.core.i18n import percent, t
from cm_coach.core.numbers import decimal, hours, hours_text, integer, money
from cm_coach.core.rates import DAY_HOURS, days
from cm_coach.core.report import ClientReport


@dataclass(frozen=True)
class KeyFigure:
    """One of the figures at the top of the report: a label, a value, and a detail under it."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, colour, length (0 to 1 of the longest) and the value shown."""

    label: str
    colour: str
    fraction: float  # 0..1 of the longest bar's scale
    value: str


@dataclass(frozen=True)
class Table:
    """A table of the report: header, rows of text, the right-aligned columns, an optional total row and a
    colour swatch per row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    total: tuple[str, ...] | None = None
    swatches: tuple[str, ...] = ()  # a colour per row, shown before the first cell


@dataclass(frozen=True)
class Section:
    """One titled block of the report: bars, a table, lines of text and a note, in a column or across the
    page."""

    title: str
    bars: tuple[Bar, ...] = ()
    table: Table | None = None
    lines: tuple[str, ...] = ()
    note: str = ""
    wide: bool = False  # across the page (the bill), not in a column


@dataclass(frozen=True)
class Page:
    """The whole report as ready-made texts: what the PDF and the HTML renderings both lay out."""

    lang: str
    title: str
    heading: str
    client: str
    generated: str
    author: str
    running: str  # the small line at the top of each page
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    empty: str = ""
    footer: str = ""


def _family(family: str | None, lang: str) -> str:
    return t(f"report.family.{family or 'other'}", lang)


def layout(report: ClientReport) -> Page:
    """Every text of the report, in order."""
    lang = report.lang
    mission = report.mission
    period_label = format_period(report.period, lang)
    currency = report.currency or "€"
    total = report.total_minutes
    key = [KeyFigure(t("report.key.total", lang), hours(total, lang))]
    key.append(
        KeyFigure(
            t("report.key.people", lang),
            hours(report.people_minutes, lang),
            t(
                "report.key.people_share",
                lang,
                share=percent(report.people_minutes / total if total else 0, lang),
            ),
        )
    )
    community = report.community
    people_count = community.people if community.people is not None else community.interacting
    if people_count is not None:
        key.append(KeyFigure(t("report.key.community", lang), integer(people_count, lang)))
    else:
        key.append(KeyFigure(t("report.key.conversations", lang), integer(community.conversations, lang)))
    if report.billed_amount is not None:
        key.append(
            KeyFigure(t("report.key.amount", lang), money(report.billed_amount, lang, currency, cents=True))
        )

    sections: list[Section] = []
    if total:
        longest = max(line.minutes for line in report.activities)
        sections.append(
            Section(
                t("report.section.time", lang),
                bars=tuple(
                    Bar(
                        line.label,
                        line.colour,
                        line.minutes / longest,
                        f"{hours(line.minutes, lang)} · {percent(line.percent / 100, lang)}",
                    )
                    for line in report.activities
                ),
            )
        )
        people_lines = []
        if report.people_parts:
            parts = ", ".join(
                f"{line.label.lower()} {hours(line.minutes, lang)}" for line in report.people_parts
            )
            people_lines.append(
                f"{hours(report.people_minutes, lang)} — " + t("report.figure.parts", lang, parts=parts)
            )
        count = community.conversations
        people_lines.append(
            t("report.figure.conversation_one", lang)
            if count == 1
            else t("report.figure.conversations", lang, count=integer(count, lang))
        )
        sections.append(Section(t("report.section.people", lang), lines=tuple(people_lines)))
        community_lines = []
        if community.people is not None:
            line = (
                t("report.figure.people_one", lang)
                if community.people == 1
                else t("report.figure.people", lang, count=integer(community.people, lang))
            )
            split = t(
                "report.figure.people_split",
                lang,
                new=integer(community.new_people or 0, lang),
                returning=integer(community.returning_people or 0, lang),
            )
            community_lines.append(f"{line} ({split})")
        elif community.people_declared:
            community_lines.append(
                t("report.figure.declared", lang, count=integer(community.people_declared, lang))
            )
        if community.interacting is not None:
            community_lines.append(
                t("report.figure.interacting", lang, count=integer(community.interacting, lang))
            )
        if community_lines:
            sections.append(Section(t("report.section.community", lang), lines=tuple(community_lines)))
        scale = max(report.content_minutes, report.people_minutes) or 1
        colours = _colours()
        balance_note = (
            t(
                "report.figure.ratio",
                lang,
                ratio=decimal(report.people_minutes / report.content_minutes, lang, 1),
            )
            if report.content_minutes
            else t("report.figure.no_content", lang)
        )
        sections.append(
            Section(
                t("report.section.balance", lang),
                bars=(
                    Bar(
                        t("report.figure.content", lang),
                        colours["content"],
                        report.content_minutes / scale,
                        hours(report.content_minutes, lang),
                    ),
                    Bar(
                        t("report.figure.conversation", lang),
                        colours["dialogue"],
                        report.people_minutes / scale,
                        hours(report.people_minutes, lang),
                    ),
                ),
                note=balance_note,
            )
        )
        sections.append(
            Section(
                t("report.section.weeks", lang),
                table=Table(
                    (t("report.col.week", lang), t("report.col.time", lang), t("report.col.people", lang)),
                    tuple(
                        (
                            format_date_short(week.monday, lang),
                            hours(week.minutes, lang),
                            hours(week.people_minutes, lang),
                        )
                        for week in report.weeks
                    ),
                    numeric=(1, 2),
                    total=(
                        t("report.line.total", lang),
                        hours(total, lang),
                        hours(report.people_minutes, lang),
                    ),
                ),
            )
        )
        sections.extend(_bill(report, currency))
    return Page(
        lang=lang,
        title=t("report.title", lang),
        heading=t("report.heading", lang, mission=mission.name, period=period_label),
        client=t("report.client", lang, client=mission.client) if mission.client else "",
        generated=t("report.generated", lang, date=format_date_long(report.generated, lang)),
        author=report.author or "",
        running=" · ".join(part for part in (report.author or "", mission.name, period_label) if part),
        key_figures=tuple(key),
        sections=tuple(sections),
        empty="" if total else t("report.nothing", lang),
        footer=t("report.footer", lang),
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _colours() -> dict[str, str]:
    from cm_coach.core.content import activities

    return {key: activity.colour for key, activity in activities().items()}


def _bill(report: ClientReport, currency: str) -> list[Section]:
    lang = report.lang
    mission = report.mission
    rated = mission.rate is not None
    by_day = mission.rate_unit == "day"

    def quantity(minutes: int) -> str:
        if rated and by_day:
            return t("report.line.days", lang, days=decimal(days(minutes), lang, 2))
        return hours(minutes, lang)

    def label(kind: str, family: str | None) -> str:
        if kind == "role":
            return t("report.line.role", lang)
        return t(f"report.line.{kind}", lang, family=_family(family, lang))

    billed = [line for line in report.bill if line.kind != "discuss" and line.minutes]
    header = [t("report.col.line", lang), t("report.col.quantity", lang)]
    if rated:
        header.append(t("report.col.amount", lang))
    rows = []
    for line in billed:
        row = [label(line.kind, line.family), quantity(line.minutes)]
        if rated:
            row.append(money(line.amount or Decimal(0), lang, currency, cents=True))
        rows.append(tuple(row))
    if rated:  # the total of the quantities shown, not the rounded total of the minutes
        shown = sum((rates.quantity(line.minutes, mission.rate_unit) for line in billed), Decimal(0))
        if by_day:
            total_quantity = t("report.line.days", lang, days=decimal(shown, lang, 2))
        else:
            total_quantity = hours_text(int(shown * 100), lang)
    else:
        total_quantity = quantity(report.billed_minutes)
    total_row = [t("report.line.total", lang), total_quantity]
    if rated:
        total_row.append(money(report.billed_amount or Decimal(0), lang, currency, cents=True))
    if rated:
        assert mission.rate is not None
        note = t(
            "report.line.rate",
            lang,
            rate=money(mission.rate, lang, currency),
            per=t(f"report.per.{mission.rate_unit or 'hour'}", lang),
        )
        if by_day:
            note += " " + t("report.line.day_note", lang, hours=DAY_HOURS)
    else:
        note = t("report.line.no_rate", lang)
    sections = [
        Section(
            t("report.section.bill", lang),
            table=Table(
                tuple(header), tuple(rows), numeric=tuple(range(1, len(header))), total=tuple(total_row)
            ),
            note=note,
            wide=True,
        )
    ]
    to_discuss = [line for line in report.bill if line.kind == "discuss" and line.minutes]
    if to_discuss:
        sections.append(
            Section(
                t("report.section.discuss", lang),
                lines=tuple(
                    f"{_capitalised(label('discuss', line.family))} — {hours(line.minutes, lang)}"
                    for line in to_discuss
                ),
                wide=True,
            )
        )
    return sections
