"""The private journal's exports, read as a person would: on a phone and a desktop (headless
Chromium, where installed), in Markdown viewers, in Obsidian; numbers in the reader's
language; a month that speaks of the missions active in it."""

from __future__ import annotations

from datetime import date

import pytest

from cm_coach.core import entries, missions
from cm_coach.core.export.to_markdown import inline
from cm_coach.core.numbers import decimal, hours, integer, money
from cm_coach.store.db import connect
from tests.browser import measure_widths, needs_chromium
from tests.test_export_fixture import build_journal


@pytest.fixture
def journal(db_path, monkeypatch):
    return build_journal(db_path, monkeypatch)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("répondre à @lea_martin, 2 * 3 = 6", "répondre à @lea_martin, 2 * 3 = 6"),  # nothing to escape
        ("snake_case et _italique_", "snake_case et \\_italique\\_"),
        ("C:\\dossier\\x", "C:\\dossier\\x"),
        ("fin\\", "fin\\\\"),
        ("`code` et [lien](x)", "\\`code\\` et \\[lien](x)"),
        ("A & B, &amp; <b>", "A & B, \\&amp; \\<b>"),
        ("- liste", "\\- liste"),
        ("-5 abonnés", "-5 abonnés"),
        ("12. point", "12\\. point"),
        ("# titre", "\\# titre"),
        ("#hashtag", "#hashtag"),
        ("> citation", "\\> citation"),
        ("~~barré~~", "\\~\\~barré\\~\\~"),
        ("a | b", "a | b"),
    ],
)
def test_markdown_escapes_only_what_would_change_the_rendering(text, shown):
    assert inline(text) == shown


def test_obsidian_syntax_is_escaped_in_obsidian_notes():
    assert inline("a | b", cell=True) == "a \\| b"
    assert inline("%% caché %% $x$ ==surligné== #tag", obsidian=True) == (
        "\\%\\% caché \\%\\% \\$x\\$ \\=\\=surligné\\=\\= \\#tag"
    )


def test_numbers_in_the_readers_language():
    assert integer(27900, "fr") == "27\u202f900" and integer(27900, "en") == "27,900"
    assert decimal(1234567.891, "fr", 2) == "1\u202f234\u202f567,89"
    assert hours(750, "fr") == "12,5\u00a0h" and hours(5460, "en") == "91\u00a0h"
    assert money(1234.5, "fr", "€") == "1\u202f234,50\u00a0€" and money(1234.5, "en", "£") == "£1,234.50"


def test_a_month_lists_the_missions_active_in_it(cli, db_path):
    conn = connect(db_path)
    try:
        missions.add_mission(conn, "Ancienne", start=date(2026, 1, 1))
        missions.add_mission(conn, "En cours", start=date(2026, 1, 1))
        missions.add_mission(conn, "Future", start=date(2026, 12, 1))
        entries.log_entry(conn, "répondre aux commentaires", 30, day=date(2026, 8, 3), mission="Ancienne")
        missions.close_mission(conn, "Ancienne", date(2026, 8, 31))
        entries.log_entry(conn, "répondre aux messages", 45, day=date(2026, 10, 5), mission="En cours")
    finally:
        conn.close()
    for fmt in ("markdown", "html"):
        out = cli("export", "--month", "2026-10", "-f", fmt).out
        assert "En cours" in out
        assert "Ancienne" not in out and "Future" not in out
    september = cli("export", "--month", "2026-09").out
    assert "En cours" in september and "Rien d’enregistré pour cette mission" in september
    assert "Ancienne" not in september


@needs_chromium
def test_journal_html_fits_a_phone_with_legible_text(cli, journal):
    html = cli("export", "--month", "2026-10", "-f", "html").out
    for width, page in measure_widths(html, [360, 390, 1280]).items():
        assert page["viewport"] == width, page
        assert page["scrollWidth"] <= page["viewport"], page  # no sideways scrolling
        assert page["smallest"] >= 12, page


@needs_chromium
def test_client_report_html_fits_a_phone(cli, journal):
    html = cli("report", "Acme | #1", "--month", "2026-10", "-f", "html", "-o", "-").out
    for width, page in measure_widths(html, [360, 1280]).items():
        assert page["viewport"] == width, page
        assert page["scrollWidth"] <= page["viewport"], page
        assert page["smallest"] >= 12, page


@needs_chromium
def test_a_printed_month_fills_its_a4_pages_and_numbers_them(cli, tmp_path, demo_journal):
    from pypdf import PdfReader

    from tests.browser import print_to_pdf

    demo = demo_journal  # a year of work ending on 2026-11-25
    html = cli("export", "--month", "2026-10", "-f", "html", db=demo).out
    reader = PdfReader(print_to_pdf(html, tmp_path / "month.pdf"))
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4, in points
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {count}" in text  # page numbers
    lengths = sorted(len(text) for text in pages[:-1])
    median = lengths[len(lengths) // 2]
    assert all(length >= median * 0.45 for length in lengths), lengths  # no half-empty page


@needs_chromium
def test_the_client_reports_html_prints_on_one_page(cli, tmp_path, demo_journal):
    from pypdf import PdfReader

    from tests.browser import print_to_pdf

    demo = demo_journal  # a year of work ending on 2026-11-25
    conn = connect(demo)
    try:
        names = [m.name for m in missions.active_missions(conn, date(2026, 10, 1), date(2026, 10, 31))]
    finally:
        conn.close()
    for name in names:
        html = cli("report", name, "--month", "2026-10", "-f", "html", "-o", "-", db=demo).out
        reader = PdfReader(print_to_pdf(html, tmp_path / "report.pdf"))
        assert len(reader.pages) == 1, name
        assert "1 / 1" in reader.pages[0].extract_text()
