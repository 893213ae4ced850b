"""HTML journal: one self-contained page to read on screen or print to PDF.

Inline CSS only, no script, no external resource (a Content-Security-Policy says so to the
browser too); the splits are drawn as inline SVG; each week starts a new printed page.
Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from html import escape
from typing import TextIO

from cm_coach.core.content import rubric
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
    activity_label,
    contradiction_line,
    figure_lines,
    question_text,
    share_text,
    verdict_label,
)
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent, t
from cm_coach.core.indicators import Share
from cm_coach.core.signals import advice_once
from cm_coach.store.timeline import snapshot

PALETTE = ("#2f6f8f", "#d9822b", "#5b8c3a", "#8e5ea2", "#c0504d", "#3c9d9b", "#b8a03a", "#6b6b6b", "#9c6644")

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d2329; background: #fff; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #d7dde3; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .93rem; }
th, td { border-bottom: 1px solid #e3e7eb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.num, th.num { text-align: right; white-space: nowrap; }
blockquote { margin: .5rem 0; padding: .3rem .9rem; border-left: 4px solid #2f6f8f; background: #f5f8fa;
             white-space: pre-wrap; }
.figures li { margin: .15rem 0; }
.signal { border-left: 4px solid #d9822b; padding: .2rem .8rem; margin: .6rem 0; background: #fdf6ef; }
.muted { color: #5d6b78; }
.outside { color: #a33a1f; }
svg { max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 13px; fill: #1d2329; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .week { break-before: page; }
  .day, table, svg, blockquote { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def bar_chart(shares: list[Share], label, lang: str, title: str) -> str:
    """Horizontal bars, one per share, as inline SVG with its own text alternative."""
    row, label_width, bar_width = 24, 190, 300
    height = row * len(shares) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 {height}" width="600" height="{height}"'
        f' role="img" aria-label="{_e(title)}">'
    ]
    for index, share in enumerate(shares):
        y = index * row
        width = round(bar_width * share.percent / 100, 1)
        name = label(share.key)
        shown = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            f'<text x="0" y="{y + 17}">{_e(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="16" rx="2"'
            f' fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{label_width + width + 6}" y="{y + 17}">{_e(share_text(share.percent, lang))}'
            f" · {_e(duration(share.minutes, lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def split_table(shares: list[Share], first: str, label, lang: str) -> str:
    head = (
        f'<tr><th>{_e(first)}</th><th class="num">{_e(t("export.col.time", lang))}</th>'
        f'<th class="num">{_e(t("export.col.share", lang))}</th></tr>'
    )
    body = "".join(
        f'<tr><td>{_e(label(s.key))}</td><td class="num">{_e(duration(s.minutes, lang))}</td>'
        f'<td class="num">{_e(share_text(s.percent, lang))}</td></tr>'
        for s in shares
    )
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


class HtmlWriter:
    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang

    def emit(self, text: str) -> None:
        self.out.write(text + "\n")

    def split(self, shares: list[Share], first: str, label, title: str) -> None:
        self.emit(
            f"<figure>{bar_chart(shares, label, self.lang, title)}"
            f'<figcaption class="muted">{_e(title)}</figcaption></figure>'
        )
        self.emit(split_table(shares, first, label, self.lang))

    def summary(self, found: Summary) -> None:
        lang = self.lang
        ind = found.indicators
        self.emit(f'<section class="summary"><h2>{_e(t("export.summary", lang))}</h2>')
        if not ind.total_minutes:
            self.emit(f"<p>{_e(t('export.nothing', lang))}</p></section>")
            return
        items = "".join(f"<li>{_e(line)}</li>" for line in figure_lines(ind, found.target, lang))
        self.emit(f'<ul class="figures">{items}</ul>')
        title = t("export.by_activity", lang)
        self.emit(f"<h3>{_e(title)}</h3>")
        self.split(ind.by_activity, t("export.col.activity", lang), lambda k: activity_label(k, lang), title)
        if not found.mission:
            title = t("export.by_mission", lang)
            self.emit(f"<h3>{_e(title)}</h3>")
            self.split(
                ind.by_mission,
                t("export.col.mission", lang),
                lambda k: k or t("export.no_mission", lang),
                title,
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
            numeric = ' class="num"'
            outside = ' class="outside"'
            head = "".join(
                f"<th{numeric if name == 'duration' else ''}>{_e(t(f'export.col.{name}', lang))}</th>"
                for name in names
            )
            rows = "".join(
                f"<tr><td>{_e(e.task)}</td><td>{_e(e.mission or '—')}</td>"
                f'<td class="num">{_e(duration(e.minutes, lang))}</td>'
                f"<td>{_e(activity_label(e.activity, lang))}</td>"
                f"<td{outside if e.verdict == 'outside' else ''}>{_e(verdict_label(e, lang))}</td></tr>"
                for e in day.entries
            )
            self.emit(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
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
        lang = self.lang
        ind = report.indicators
        self.emit(f'<section class="mission"><h3>{_e(report.name)}</h3>')
        items = "".join(f"<li>{_e(line)}</li>" for line in figure_lines(ind, None, lang))
        self.emit(f'<ul class="figures">{items}</ul>')
        self.split(
            ind.by_activity,
            t("export.col.activity", lang),
            lambda k: activity_label(k, lang),
            f"{t('export.by_activity', lang)} — {report.name}",
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
    lang = scope.lang
    writer = HtmlWriter(out, lang)
    with snapshot(conn):
        period = resolve_period(conn, scope)
        found = summary(conn, scope, period)
        title = t("export.title", lang, period=format_period(period, lang))
        writer.emit("<!DOCTYPE html>")
        writer.emit(f'<html lang="{_e(lang)}"><head><meta charset="utf-8">')
        writer.emit(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">')
        writer.emit('<meta name="viewport" content="width=device-width, initial-scale=1">')
        writer.emit(f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>")
        writer.emit(f"<header><h1>{_e(title)}</h1>")
        if found.mission:
            writer.emit(f"<p>{_e(t('export.mission', lang, mission=found.mission))}</p>")
        writer.emit("</header>")
        writer.summary(found)
        writer.emit(f"<h2>{_e(t('export.days', lang))}</h2>")
        week = None
        for day in days(conn, scope):
            key = day.date.isocalendar()[:2]
            if key != week:
                if week is not None:
                    writer.emit("</section>")
                week = key
                monday = day.date - timedelta(days=day.date.weekday())
                label = t("export.week", lang, start=format_date_long(monday, lang))
                writer.emit(f'<section class="week"><p class="muted">{_e(label)}</p>')
            writer.day(day)
        if week is None:
            writer.emit(f"<p>{_e(t('export.nothing', lang))}</p>")
        else:
            writer.emit("</section>")
        names = [found.mission] if found.mission else [s.key for s in found.indicators.by_mission if s.key]
        if names:
            writer.emit(f'<section class="missions"><h2>{_e(t("export.missions", lang))}</h2>')
            for report in mission_reports(conn, scope, period, names):
                writer.mission(report)
            writer.emit("</section>")
        answers = three_words(conn, period, mission_id(conn, scope))
        if answers:
            items = "".join(
                f"<li>{_e(format_date_long(a.date, lang))} — {_e(a.answer)}</li>" for a in answers
            )
            writer.emit(f"<section><h2>{_e(t('export.three_words', lang))}</h2><ul>{items}</ul></section>")
        writer.emit(f'<footer class="muted"><p>{_e(t("export.generated_by", lang))}</p></footer>')
        writer.emit("</body></html>")
