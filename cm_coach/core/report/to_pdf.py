"""The client report as PDF: Typst source generated from the report's blocks, compiled in
process by the ``typst`` package with its embedded fonts only (no system font, no network,
no package download), so the same journal gives the same file on every machine.

Every piece of text reaches Typst as a string literal (``"…"`` with ``\\``, ``"`` and control
characters escaped), never as markup: a mission called ``#set page(width: 1pt)`` or a
client ``$x$ *bold* @ref <label>`` prints as typed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from cm_coach.core.report.layout import Page, Section, Table
from cm_coach.errors import CoachError

FONT = "Libertinus Serif"  # embedded in the typst package: the PDF never depends on the machine
PAPER = {"a4": "a4", "letter": "us-letter"}
MUTED = "#55606b"
RULE = "#d5dbe1"


def string(text: str) -> str:
    """``text`` as a Typst string literal: what is inside is never read as markup or code."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or 0xD800 <= ord(char) < 0xE000:
            out.append(f"\\u{{{ord(char):x}}}" if not 0xD800 <= ord(char) < 0xE000 else "\\u{fffd}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _table(table: Table) -> str:
    count = len(table.header)
    columns = "(1fr, " + ", ".join("auto" for _ in range(count - 1)) + ")" if count > 1 else "(1fr,)"
    align = "(" + ", ".join("right" if i in table.numeric else "left" for i in range(count)) + ",)"
    cells = [f"table.header({', '.join(f'strong({string(h)})' for h in table.header)})"]
    for row in table.rows:
        cells.extend(string(cell) for cell in row)
    if table.total:
        cells.append("table.hline(stroke: 0.6pt)")
        cells.extend(f"strong({string(cell)})" for cell in table.total)
    return (
        f"table(columns: {columns}, align: {align}, stroke: none, inset: (x: 3pt, y: 2.6pt),"
        f" table.hline(stroke: 0.6pt), {', '.join(cells)})"
    )


def _section(section: Section) -> str:
    parts = [f"heading(level: 2, {string(section.title)})"]
    if section.bars:
        rows = []
        for bar in section.bars:
            width = max(0.5, round(bar.fraction * 100, 1))
            rows.append(
                f"{string(bar.label)}, box(width: {width}%, height: 7pt, radius: 1pt,"
                f' fill: rgb("{bar.colour}")), align(right, {string(bar.value)})'
            )
        parts.append(
            "grid(columns: (auto, 1fr, auto), column-gutter: 6pt, row-gutter: 4.5pt, align: horizon, "
            + ", ".join(rows)
            + ")"
        )
    if section.table is not None:
        parts.append(_table(section.table))
    for line in section.lines:
        parts.append(f"block(spacing: 0.45em, {string(line)})")
    if section.note:
        parts.append(
            f'block(spacing: 0.5em, text(size: 8.5pt, fill: rgb("{MUTED}"), {string(section.note)}))'
        )
    return "block(breakable: false, width: 100%, {" + " + ".join(parts) + "})"


def typst_source(page: Page, paper: str = "a4", generated: date | None = None) -> str:
    """The whole Typst document for one report."""
    muted = f'rgb("{MUTED}")'
    when = generated or date(2000, 1, 1)
    lines = [
        f"#set document(title: {string(page.title + ' — ' + page.heading)},"
        f" author: {string(page.author or 'cm-coach')},"
        f" date: datetime(year: {when.year}, month: {when.month}, day: {when.day}))",
        f'#set text(font: "{FONT}", lang: "{page.lang}", size: 10pt)',
        "#set par(justify: false, leading: 0.55em)",
        f'#set page(paper: "{PAPER[paper]}", margin: (x: 1.7cm, top: 1.6cm, bottom: 1.6cm),'
        f" header: context {{ if counter(page).get().first() > 1 {{ text(size: 8pt, fill: {muted}, {string(page.running)}) }} }},"
        f" footer: context {{ set text(size: 8pt, fill: {muted}); {string(page.footer)}; h(1fr);"
        f' {string(_page_label(page))}; [ #counter(page).display("1 / 1", both: true)] }})',
        '#show heading.where(level: 2): it => block(above: 0.9em, below: 0.5em, text(size: 11.5pt, weight: "bold", it.body))',
        f'#set table(stroke: (x, y) => if y > 0 {{ (bottom: 0.3pt + rgb("{RULE}")) }})',
    ]
    head = []
    if page.author:
        head.append(f"text(size: 9pt, fill: {muted}, {string(page.author)})")
    head.append(f'text(size: 9pt, weight: "bold", fill: {muted}, upper({string(page.title)}))')
    lines.append("#{ " + " + linebreak() + ".join(head) + " }")
    lines.append(
        f'#block(above: 0.5em, below: 0.8em, text(size: 17pt, weight: "bold", {string(page.heading)}))'
    )
    sub = [s for s in (page.client, page.generated) if s]
    if sub:
        lines.append(f"#text(size: 9.5pt, fill: {muted}, {string('  ·  '.join(sub))})")
    figures = []
    for figure in page.key_figures:
        detail = (
            f" + linebreak() + text(size: 8pt, fill: {muted}, {string(figure.detail)})"
            if figure.detail
            else ""
        )
        figures.append(
            f'block(width: 100%, inset: 7pt, radius: 3pt, fill: rgb("#f2f5f8"),'
            f" {{ text(size: 8.5pt, fill: {muted}, {string(figure.label)}) + linebreak()"
            f' + text(size: 14pt, weight: "bold", {string(figure.value)}){detail} }})'
        )
    lines.append(
        f"#block(above: 0.9em, below: 0.4em, grid(columns: ({', '.join('1fr' for _ in figures)}),"
        f" column-gutter: 8pt, {', '.join(figures)}))"
    )
    if page.empty:
        lines.append(f"#block(above: 1.2em, {string(page.empty)})")
    columns = [_section(s) for s in page.sections if not s.wide]
    if columns:
        half = (len(columns) + 1) // 2
        left = " + ".join(columns[:half])
        right = " + ".join(columns[half:]) or "[]"
        lines.append(f"#grid(columns: (1fr, 1fr), column-gutter: 18pt, {{ {left} }}, {{ {right} }})")
    lines.extend("#" + _section(s) for s in page.sections if s.wide)
    return "\n".join(lines) + "\n"


def _page_label(page: Page) -> str:
    from cm_coach.core.i18n import t

    return t("report.page", page.lang)


def render_pdf(
    page: Page, paper: str = "a4", generated: date | None = None, fmt: str = "pdf", ppi: float = 60
) -> bytes:
    """Compile the report: PDF bytes (or PNG bytes of the first page, for checks)."""
    import typst

    source = typst_source(page, paper, generated).encode("utf-8")
    when = generated or date(2000, 1, 1)
    stamp = datetime(when.year, when.month, when.day, tzinfo=UTC)
    try:
        compiler = typst.Compiler(ignore_system_fonts=True)
        if fmt == "png":
            result = compiler.compile(input=source, format="png", ppi=ppi)
        else:
            result = compiler.compile(input=source, format="pdf", timestamp=stamp)
    except typst.TypstError as error:
        raise CoachError("report.errors.pdf_failed", reason=str(error.message)) from None
    if isinstance(result, list):  # PNG of several pages: the first one
        return result[0]
    assert isinstance(result, bytes)
    return result
