"""HTML journal: one self-contained page to read on a phone, a desktop, or printed on A4.

Inline CSS only, no script, no external resource (a Content-Security-Policy says so to the
browser too). Charts are drawn in HTML and CSS, not scaled images, so their text keeps the
page's size (≥ 12 px) at any width; every activity has its one colour from
``content/activities.toml``. One column and card-like day tables on a phone; dark mode from
``prefers-color-scheme``; printed: A4, page numbers, headings kept with what follows, no
forced page breaks. Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import TextIO

from cm_coach.core.content import activities, rubric
from cm_coach.core.dates import format_date_long, format_period
from cm_coach.core.export import register
from cm_coach.core.export.journal import (
    Day,
    MissionReport,
    Scope,
    Summary,
    days,
    mission_id,
    mission_reports,
    resolve_period,
    summary,
    three_words,
)
from cm_coach.core.export.to_markdown import (
    Totals,
    activity_label,
    contradiction_line,
    figure_lines,
    mission_names,
    period_total_line,
    question_text,
    share_text,
    totals_line,
    verdict_label,
)
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent, t
from cm_coach.core.indicators import Share
from cm_coach.core.signals import advice_once
from cm_coach.store import reports
from cm_coach.store.timeline import snapshot

NEUTRAL = "#5d6b78"  # bars that are not an activity (missions)
DAILY_CHART_MAX_DAYS = 62  # a day-by-day chart for a month or two; longer periods skip it

STYLE = """
:root { color-scheme: light dark; --ink: #1d2329; --muted: #55606b; --paper: #fff; --panel: #f3f5f7;
        --rule: #dde2e7; --accent: #2b7bb9; --signal: #fdf6ef; --signal-edge: #c75d12; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e9ec; --muted: #a9b3bd; --paper: #16191d; --panel: #21262c; --rule: #353d46;
          --signal: #2a231d; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; margin: 0;
       color: var(--ink); background: var(--paper); font-size: 1rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: .4rem 0; overflow-wrap: anywhere; }
h2 { border-bottom: 2px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 1.4rem 0 .4rem; overflow-wrap: anywhere; }
p, li, td, th, blockquote { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 .8rem; font-size: .95rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
blockquote { margin: .5rem 0; padding: .3rem .9rem; border-left: 4px solid var(--accent); background: var(--panel);
             white-space: pre-wrap; }
.figures li { margin: .15rem 0; }
.signal { border-left: 4px solid var(--signal-edge); padding: .3rem .8rem; margin: .6rem 0; background: var(--signal); }
.muted { color: var(--muted); }
.total { font-weight: 600; }
.outside { color: #c0392b; }
@media (prefers-color-scheme: dark) { .outside { color: #ff8a7a; } }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em;
          vertical-align: -.05em; }
.bars { display: grid; grid-template-columns: minmax(6rem, max-content) minmax(3rem, 1fr) max-content;
        gap: .3rem .6rem; align-items: center; margin: .5rem 0; }
.bars .label { overflow-wrap: anywhere; }
.bars .track { height: .8rem; }
.bars .fill { display: block; height: 100%; border-radius: 2px; min-width: 2px; }
.bars .value { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; font-size: .95rem; }
.columns { display: flex; align-items: flex-end; gap: 2px; height: 9rem; position: relative;
           border-bottom: 1px solid var(--muted); margin: .6rem 0 0; }
.columns .col { flex: 1 1 0; display: flex; flex-direction: column-reverse; height: 100%; min-width: 0; }
.columns .seg { display: block; width: 100%; }
.columns .target { position: absolute; left: 0; right: 0; border-top: 2px dashed var(--ink); }
.columns .target span { position: absolute; right: 0; top: -1.5em; font-size: .8rem; background: var(--paper);
                        padding: 0 .2rem; }
.ticks { display: flex; gap: 2px; font-size: .75rem; color: var(--muted); margin-bottom: .4rem; }
.ticks span { flex: 1 1 0; min-width: 0; text-align: center; white-space: nowrap; overflow: visible; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; font-size: .9rem; margin: .3rem 0 .8rem; }
figure { margin: .6rem 0 1rem; }
figcaption { font-size: .9rem; }
@media (max-width: 40rem) {
  main { padding: .8rem .75rem 2rem; }
  h1 { font-size: 1.4rem; }
  table.entries thead { display: none; }
  table.entries, table.entries tbody, table.entries tr, table.entries td { display: block; width: 100%; }
  table.entries tr { border-bottom: 1px solid var(--rule); padding: .35rem 0; }
  table.entries td { border: none; padding: .05rem 0; text-align: left; }
  table.entries td.task { font-weight: 600; }
  table.entries td[data-label]::before { content: attr(data-label) " : "; color: var(--muted); font-weight: 400; }
  .bars { grid-template-columns: minmax(5rem, max-content) minmax(2rem, 1fr) max-content; gap: .3rem .4rem; }
}
@page { size: A4; margin: 1.6cm 1.5cm 1.8cm;
        @bottom-right { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; } }
@media print {
  :root { --ink: #1d2329; --muted: #55606b; --paper: #fff; --panel: #f3f5f7; --rule: #dde2e7; --signal: #fdf6ef; }
  html { font-size: 9.5pt; }  /* rem-sized text follows the printed size */
  body { line-height: 1.4; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 1.2rem; }
  h3 { margin: .9rem 0 .3rem; }
  th, td { padding: .15rem .35rem; }
  h2, h3, h4, .week > p.muted, .day > p:has(+ table) { break-after: avoid; }
  tr, figure, blockquote, .signal, .day > p { break-inside: avoid; }
  .swatch, .fill, .seg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _colour(activity: str) -> str:
    known = activities()
    return known[activity].colour if activity in known else NEUTRAL


def bar_chart(
    shares: list[Share], label: Callable[[str], str], lang: str, colour: Callable[[str], str]
) -> str:
    """Horizontal bars, one per share, in HTML: the text stays at the page's size."""
    longest = max((s.minutes for s in shares), default=0) or 1
    rows = []
    for share in shares:
        width = max(0.5, round(share.minutes * 100 / longest, 1))
        rows.append(
            f'<span class="label">{_e(label(share.key))}</span>'
            f'<span class="track"><span class="fill" style="width:{width}%;background:{colour(share.key)}"></span></span>'
            f'<span class="value">{_e(share_text(share.percent, lang))} · {_e(duration(share.minutes, lang))}</span>'
        )
    return '<div class="bars" aria-hidden="true">' + "".join(rows) + "</div>"


def split_table(shares: list[Share], first: str, label: Callable[[str], str], lang: str, colour=None) -> str:
    """A split of the time (by activity or mission) as an HTML table: the label (with the activity's colour),
    the time and the share."""
    head = (
        f'<tr><th>{_e(first)}</th><th class="num">{_e(t("export.col.time", lang))}</th>'
        f'<th class="num">{_e(t("export.col.share", lang))}</th></tr>'
    )
    body = "".join(
        "<tr><td>"
        + (f'<span class="swatch" style="background:{colour(s.key)}"></span>' if colour else "")
        + f'{_e(label(s.key))}</td><td class="num">{_e(duration(s.minutes, lang))}</td>'
        f'<td class="num">{_e(share_text(s.percent, lang))}</td></tr>'
        for s in shares
    )
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _ticks(day_list: list[date]) -> str:
    """Day numbers under the columns: every Monday (and the first day), so they never crowd."""
    cells = []
    for index, day in enumerate(day_list):
        shown = day.weekday() == 0 or index == 0
        cells.append(f"<span>{day.day if shown else ''}</span>")
    return '<div class="ticks" aria-hidden="true">' + "".join(cells) + "</div>"


def daily_chart(conn: sqlite3.Connection, start: date, end: date, mission: int | None, lang: str) -> str:
    """Hours per day, stacked by activity in each activity's colour."""
    per_day: dict[str, list[tuple[str, int]]] = {}
    for iso_day, activity, minutes in reports.day_activity_minutes(conn, start, end, mission):
        per_day.setdefault(iso_day, []).append((activity, minutes))
    if not per_day:
        return ""
    order = list(activities())
    day_list = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    top = max(sum(m for _, m in parts) for parts in per_day.values())
    columns = []
    for day in day_list:
        parts = sorted(
            per_day.get(day.isoformat(), []), key=lambda p: order.index(p[0]) if p[0] in order else 99
        )
        segments = "".join(
            f'<span class="seg" style="height:{round(minutes * 100 / top, 2)}%;background:{_colour(activity)}"></span>'
            for activity, minutes in parts
        )
        columns.append(f'<span class="col">{segments}</span>')
    seen = {activity for parts in per_day.values() for activity, _ in parts}
    legend = "".join(
        f'<span><span class="swatch" style="background:{_colour(a)}"></span>{_e(activity_label(a, lang))}</span>'
        for a in order
        if a in seen
    )
    title = t("journal_exports.daily_chart", lang)
    return (
        f'<figure role="img" aria-label="{_e(title + ". " + t("journal_exports.daily_chart_alt", lang))}">'
        f'<div class="columns">{"".join(columns)}</div>{_ticks(day_list)}'
        f'<div class="legend" aria-hidden="true">{legend}</div>'
        f'<figcaption class="muted">{_e(title)} — {_e(duration(top, lang))} max</figcaption></figure>'
    )


def dialogue_chart(found: Summary, lang: str) -> str:
    """Each day's share of time with people, against the dialogue target (a dashed line)."""
    worked = [d for d in found.indicators.days if d.minutes]
    if not worked:
        return ""
    start, end = found.period.start, found.period.end
    by_day = {d.date: d for d in found.indicators.days}
    day_list = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    colour = _colour("dialogue")
    columns = []
    for day in day_list:
        figures = by_day.get(day)
        height = round(figures.dialogue_share * 100, 2) if figures and figures.minutes else 0
        columns.append(
            f'<span class="col"><span class="seg" style="height:{height}%;background:{colour}"></span></span>'
        )
    target = percent(found.target, lang)
    line = (
        f'<span class="target" style="bottom:{round(found.target * 100, 2)}%">'
        f"<span>{_e(t('journal_exports.target_line', lang, target=target))}</span></span>"
    )
    title = t("journal_exports.dialogue_chart", lang)
    alt = t("journal_exports.dialogue_chart_alt", lang, target=target)
    return (
        f'<figure role="img" aria-label="{_e(title + ". " + alt)}">'
        f'<div class="columns">{"".join(columns)}{line}</div>{_ticks(day_list)}'
        f'<figcaption class="muted">{_e(title)}</figcaption></figure>'
    )


class HtmlWriter:
    """Writes the HTML journal piece by piece, in one language, straight to ``out``."""

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang

    def emit(self, text: str) -> None:
        """Write one line of HTML."""
        self.out.write(text + "\n")

    def split(self, shares: list[Share], first: str, label, title: str, colour) -> None:
        """A split of the time as a bar chart, then the same figures as a table."""
        self.emit(
            f'<figure role="img" aria-label="{_e(title)}">{bar_chart(shares, label, self.lang, colour)}</figure>'
        )
        self.emit(split_table(shares, first, label, self.lang, colour))

    def summary(self, conn: sqlite3.Connection, found: Summary, mission: int | None) -> None:
        """The period's summary: headline figures, the daily charts (short periods only), the splits by
        activity and mission, and the signals."""
        lang = self.lang
        ind = found.indicators
        self.emit(f'<section class="summary"><h2>{_e(t("export.summary", lang))}</h2>')
        if not ind.total_minutes:
            self.emit(f"<p>{_e(t('export.nothing', lang))}</p></section>")
            return
        items = "".join(f"<li>{_e(line)}</li>" for line in figure_lines(ind, found.target, lang))
        self.emit(f'<ul class="figures">{items}</ul>')
        if len(found.period) <= DAILY_CHART_MAX_DAYS:
            self.emit(f"<h3>{_e(t('journal_exports.daily_chart', lang))}</h3>")
            self.emit(daily_chart(conn, found.period.start, found.period.end, mission, lang))
            self.emit(f"<h3>{_e(t('journal_exports.dialogue_chart', lang))}</h3>")
            self.emit(dialogue_chart(found, lang))
        title = t("export.by_activity", lang)
        self.emit(f"<h3>{_e(title)}</h3>")
        self.split(
            ind.by_activity, t("export.col.activity", lang), lambda k: activity_label(k, lang), title, _colour
        )
        if not found.mission:
            title = t("export.by_mission", lang)
            self.emit(f"<h3>{_e(title)}</h3>")
            self.split(
                ind.by_mission,
                t("export.col.mission", lang),
                lambda k: k or t("export.no_mission", lang),
                title,
                lambda _k: NEUTRAL,
            )
        self.emit(f"<h3>{_e(t('export.signals', lang))}</h3>")
        if not found.signals:
            self.emit(f"<p>{_e(t('export.no_signals', lang))}</p>")
        for signal, advice in advice_once(found.signals):
            told = f"<br>{_e(advice)}" if advice else ""
            self.emit(
                f'<div class="signal"><strong>{_e(signal.title)}</strong><br>{_e(signal.measured)}{told}</div>'
            )
        self.emit("</section>")

    def day(self, day: Day) -> None:
        """One day: its check-in, its entries as a table (cards on a phone) with the day's total, and its
        hand-offs."""
        lang = self.lang
        self.emit(
            f'<article class="day" id="d{day.date.isoformat()}">'
            f"<h3>{_e(format_date_long(day.date, lang))}</h3>"
        )
        if day.checkin is not None:
            checkin = day.checkin
            self.emit(
                f"<p><strong>{_e(t('export.prompt', lang))}</strong> — "
                f"{_e(checkin.prompt_text or checkin.prompt_id)}</p>"
            )
            if checkin.answer.strip():
                self.emit(f"<blockquote>{_e(checkin.answer.strip())}</blockquote>")
            details = []
            if checkin.intention_minutes is not None:
                planned = duration(checkin.intention_minutes, lang)
                details.append(t("export.intention", lang, duration=planned))
            if checkin.energy is not None:
                details.append(t("export.energy", lang, energy=checkin.energy))
            if details:
                self.emit(f'<p class="muted">{_e(" · ".join(details))}</p>')
        if day.entries:
            names = ("task", "mission", "duration", "activity", "verdict")
            labels = {name: _e(t(f"export.col.{name}", lang)) for name in names}
            numeric = ' class="num"'
            outside = ' class="outside"'
            head = "".join(
                f"<th{numeric if name == 'duration' else ''}>{labels[name]}</th>" for name in names
            )
            rows = "".join(
                f'<tr><td class="task">{_e(e.task)}</td>'
                f'<td data-label="{labels["mission"]}">{_e(e.mission or "—")}</td>'
                f'<td class="num" data-label="{labels["duration"]}">{_e(duration(e.minutes, lang))}</td>'
                f'<td data-label="{labels["activity"]}"><span class="swatch" style="background:{_colour(e.activity)}">'
                f"</span>{_e(activity_label(e.activity, lang))}</td>"
                f'<td data-label="{labels["verdict"]}"{outside if e.verdict == "outside" else ""}>'
                f"{_e(verdict_label(e, lang))}</td></tr>"
                for e in day.entries
            )
            self.emit(f'<table class="entries"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
            total = t(
                "export.day_total",
                lang,
                duration=duration(day.minutes, lang),
                share=percent(day.dialogue_share, lang),
            )
            self.emit(f'<p class="muted">{_e(total)}</p>')
        if day.handoffs:
            items = "".join(
                f"<li>{_e(h.task)}{f' ({_e(h.mission)})' if h.mission else ''}</li>" for h in day.handoffs
            )
            self.emit(f"<p><strong>{_e(t('export.handoffs', lang))}</strong></p><ul>{items}</ul>")
        self.emit("</article>")

    def mission(self, report: MissionReport) -> None:
        """One mission: its figures, its split by activity, and its last self-assessment with the
        contradictions found."""
        lang = self.lang
        ind = report.indicators
        self.emit(f'<section class="mission"><h3>{_e(report.name)}</h3>')
        if not ind.total_minutes:
            self.emit(f"<p>{_e(t('journal_exports.nothing_for_mission', lang))}</p>")
        else:
            items = "".join(f"<li>{_e(line)}</li>" for line in figure_lines(ind, None, lang))
            self.emit(f'<ul class="figures">{items}</ul>')
            self.split(
                ind.by_activity,
                t("export.col.activity", lang),
                lambda k: activity_label(k, lang),
                f"{t('export.by_activity', lang)} — {report.name}",
                _colour,
            )
        latest = report.latest
        if latest is None:
            self.emit(f'<p class="muted">{_e(t("export.no_assessment", lang))}</p></section>')
            return
        heading = t("export.assessment", lang, date=format_date_long(latest.assessment.date, lang))
        self.emit(f"<h4>{_e(heading)}</h4>")
        scale = rubric().scale[lang]
        head = "".join(f"<th>{_e(t(f'export.col.{n}', lang))}</th>" for n in ("question", "score", "note"))
        rows = "".join(
            f"<tr><td>{_e(question_text(a.question_id, lang))}</td>"
            f'<td class="num">{a.score}/5 ({_e(scale[a.score - 1])})</td><td>{_e(a.note)}</td></tr>'
            for a in latest.assessment.answers
        )
        self.emit(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        if not latest.contradictions:
            self.emit(f"<p>{_e(t('export.no_contradictions', lang))}</p>")
        else:
            lines = (
                contradiction_line(
                    question_text(c.question_id, lang),
                    c.score,
                    c.indicator,
                    c.value,
                    c.threshold,
                    c.when,
                    lang,
                )
                for c in latest.contradictions
            )
            items = "".join(f"<li>{_e(line)}</li>" for line in lines)
            self.emit(f"<p><strong>{_e(t('export.contradictions', lang))}</strong></p><ul>{items}</ul>")
        self.emit("</section>")


@register("html")
def write(conn: sqlite3.Connection, scope: Scope, out: TextIO) -> None:
    """The HTML journal of the scope: one self-contained page with the summary, the days week by week, the
    missions and the three words."""
    lang = scope.lang
    writer = HtmlWriter(out, lang)
    with snapshot(conn):
        period = resolve_period(conn, scope)
        found = summary(conn, scope, period)
        mission = mission_id(conn, scope)
        title = t("export.title", lang, period=format_period(period, lang))
        writer.emit("<!DOCTYPE html>")
        writer.emit(f'<html lang="{_e(lang)}"><head><meta charset="utf-8">')
        writer.emit(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">')
        writer.emit('<meta name="viewport" content="width=device-width, initial-scale=1">')
        writer.emit(f"<title>{_e(title)}</title><style>{STYLE}</style></head><body><main>")
        writer.emit(f"<header><h1>{_e(title)}</h1>")
        if found.mission:
            writer.emit(f"<p>{_e(t('export.mission', lang, mission=found.mission))}</p>")
        writer.emit("</header>")
        writer.summary(conn, found, mission)
        writer.emit(f"<h2>{_e(t('export.days', lang))}</h2>")
        week = None
        week_totals, all_totals = Totals(), Totals()

        def close_week() -> None:
            if week is None:
                return
            if week_totals.minutes:
                line = totals_line(week_totals.minutes, week_totals.people, lang)
                writer.emit(f'<p class="total">{_e(line)}</p>')
            writer.emit("</section>")

        for day in days(conn, scope):
            key = day.date.isocalendar()[:2]
            if key != week:
                close_week()
                week, week_totals = key, Totals()
                monday = day.date - timedelta(days=day.date.weekday())
                label = t("export.week", lang, start=format_date_long(monday, lang))
                writer.emit(f'<section class="week"><p class="muted">{_e(label)}</p>')
            writer.day(day)
            week_totals.add(day)
            all_totals.add(day)
        close_week()
        if week is None:
            writer.emit(f"<p>{_e(t('export.nothing', lang))}</p>")
        elif all_totals.minutes:
            line = period_total_line(all_totals.minutes, all_totals.people, all_totals.days, lang)
            writer.emit(f'<p class="total">{_e(line)}</p>')
        names = mission_names(conn, found, period)
        if names:
            writer.emit(f'<section class="missions"><h2>{_e(t("export.missions", lang))}</h2>')
            for report in mission_reports(conn, scope, period, names, found.indicators.checkin_streak):
                writer.mission(report)
            writer.emit("</section>")
        answers = three_words(conn, period, mission)
        if answers:
            items = "".join(
                f"<li>{_e(format_date_long(a.date, lang))} — {_e(a.answer)}</li>" for a in answers
            )
            writer.emit(f"<section><h2>{_e(t('export.three_words', lang))}</h2><ul>{items}</ul></section>")
        writer.emit(f'<footer class="muted"><p>{_e(t("export.generated_by", lang))}</p></footer>')
        writer.emit("</main></body></html>")
