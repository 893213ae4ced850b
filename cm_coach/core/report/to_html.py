"""The client report as one self-contained HTML page: no script, no external resource (a
Content-Security-Policy says so), readable on a phone (one column under 40 rem), in dark
mode, and printed on one A4 page with its page number. Every text goes through
``html.escape``.
"""

from __future__ import annotations

from html import escape

from cm_coach.core.report.layout import Page, Section, Table

CSP = "default-src 'none'; style-src 'unsafe-inline'"

STYLE = """
:root { color-scheme: light dark; --ink: #1d2329; --muted: #55606b; --paper: #fff; --panel: #f2f5f8;
        --rule: #d5dbe1; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e9ec; --muted: #a9b3bd; --paper: #16191d; --panel: #22272d; --rule: #3a424b; }
}
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45;
       color: var(--ink); background: var(--paper); margin: 0; font-size: 1rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1.2rem 1rem 2rem; }
header p { margin: .1rem 0; color: var(--muted); font-size: .9rem; }
.kicker { text-transform: uppercase; letter-spacing: .04em; font-weight: 700; }
h1 { font-size: 1.6rem; margin: .3rem 0 .2rem; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; }
.key { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .6rem; margin: 1rem 0; }
.key div { background: var(--panel); border-radius: .4rem; padding: .6rem .7rem; }
.key span { display: block; font-size: .85rem; color: var(--muted); }
.key strong { display: block; font-size: 1.35rem; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2rem; }
@media (max-width: 40rem) { .columns { grid-template-columns: 1fr; } }
.bars { display: grid; grid-template-columns: auto minmax(3rem, 1fr) auto; gap: .35rem .5rem;
        align-items: center; font-size: .95rem; }
.bars .track { height: .7rem; }
.bars .fill { height: 100%; border-radius: 2px; min-width: 2px; }
.bars .value { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { padding: .3rem .4rem; text-align: left; border-bottom: 1px solid var(--rule); vertical-align: top;
         overflow-wrap: anywhere; }
th { border-bottom: 1.5px solid var(--ink); }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 700; border-top: 1.5px solid var(--ink); border-bottom: none; }
.note { color: var(--muted); font-size: .88rem; margin: .4rem 0; }
section p { margin: .3rem 0; }
footer { color: var(--muted); font-size: .85rem; margin-top: 1.5rem; }
@page { size: A4; margin: 1.3cm 1.4cm 1.5cm;
        @bottom-right { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #55606b; } }
@media print {
  :root { --ink: #1d2329; --muted: #55606b; --paper: #fff; --panel: #f2f5f8; --rule: #d5dbe1; }
  html { font-size: 9pt; }  /* rem-sized text follows the printed size */
  body { line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 10.5pt; margin: .8rem 0 .3rem; }
  .key { margin: .6rem 0; gap: .4rem; }
  .key div { padding: .35rem .5rem; }
  .key strong { font-size: 13pt; }
  th, td { padding: .12rem .35rem; }
  .bars { gap: .15rem .5rem; }
  .bars .track { height: .6rem; }
  footer { margin-top: .8rem; }
  .columns { grid-template-columns: 1fr 1fr; }
  section, table, .key { break-inside: avoid; }
  h2 { break-after: avoid; }
  .fill { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _table(table: Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        css = ' class="num"' if index in table.numeric else ""
        return f"<{tag}{css}>{_e(text)}</{tag}>"

    head = "".join(cell("th", i, text) for i, text in enumerate(table.header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row)) + "</tr>" for row in table.rows
    )
    foot = ""
    if table.total:
        foot = (
            "<tfoot><tr>"
            + "".join(cell("td", i, text) for i, text in enumerate(table.total))
            + "</tr></tfoot>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>"


def _section(section: Section) -> str:
    parts = [f"<section><h2>{_e(section.title)}</h2>"]
    if section.bars:
        parts.append('<div class="bars">')
        for bar in section.bars:
            width = max(0.5, round(bar.fraction * 100, 1))
            parts.append(
                f"<span>{_e(bar.label)}</span>"
                f'<span class="track"><span class="fill" style="display:block;width:{width}%;'
                f'background:{_e(bar.colour)}"></span></span>'
                f'<span class="value">{_e(bar.value)}</span>'
            )
        parts.append("</div>")
    if section.table is not None:
        parts.append(_table(section.table))
    parts.extend(f"<p>{_e(line)}</p>" for line in section.lines)
    if section.note:
        parts.append(f'<p class="note">{_e(section.note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def render_html(page: Page) -> str:
    """The whole page."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(page.lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(page.title)} — {_e(page.heading)}</title><style>{STYLE}</style></head><body><main>",
        "<header>",
    ]
    if page.author:
        out.append(f"<p>{_e(page.author)}</p>")
    out.append(f'<p class="kicker">{_e(page.title)}</p><h1>{_e(page.heading)}</h1>')
    for line in (page.client, page.generated):
        if line:
            out.append(f"<p>{_e(line)}</p>")
    out.append("</header>")
    out.append('<div class="key">')
    for figure in page.key_figures:
        detail = f"<span>{_e(figure.detail)}</span>" if figure.detail else ""
        out.append(f"<div><span>{_e(figure.label)}</span><strong>{_e(figure.value)}</strong>{detail}</div>")
    out.append("</div>")
    if page.empty:
        out.append(f"<p>{_e(page.empty)}</p>")
    columns = [s for s in page.sections if not s.wide]
    if columns:
        half = (len(columns) + 1) // 2
        out.append('<div class="columns"><div>')
        out.extend(_section(s) for s in columns[:half])
        out.append("</div><div>")
        out.extend(_section(s) for s in columns[half:])
        out.append("</div></div>")
    out.extend(_section(s) for s in page.sections if s.wide)
    out.append(f"<footer>{_e(page.footer)}</footer></main></body></html>")
    return "\n".join(out) + "\n"
