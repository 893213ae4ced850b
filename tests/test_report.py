"""``cm-coach report``: the monthly client report, read as a client would read it — the PDF's
text and first page (always: Typst writes PNG too, pypdf reads the text), the HTML — and
never a word of the private journal."""

from __future__ import annotations

import io
import tomllib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cm_coach.core import entries, missions
from cm_coach.core.content import activities, content_dir, prompt_catalogue, rubric
from cm_coach.core.dates import month_period
from cm_coach.core.report import build_report, default_file_name
from cm_coach.core.report.layout import layout
from cm_coach.core.report.to_pdf import render_pdf, string, typst_source
from cm_coach.core.settings import load_settings
from cm_coach.store.db import connect
from tests.test_export_fixture import build_journal


@pytest.fixture
def journal(db_path, monkeypatch):
    return build_journal(db_path, monkeypatch)


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def private_texts(lang_texts: bool = True) -> list[str]:
    """What belongs to the private journal: the fixture's answers and notes, and the words of
    the coaching content (signals' titles and advice, prompts, the rubric, the journal's
    private labels)."""
    texts = ["Un vrai titre", "patience", "<b>gras</b>", "Oui | vraiment", "une citation"]
    signals = tomllib.loads((content_dir() / "signals.toml").read_text(encoding="utf-8"))
    for item in signals.values():
        if isinstance(item, dict):
            for key in ("title", "advice"):
                if isinstance(item.get(key), dict):
                    texts.extend(item[key].values())
    texts.extend(p.text["fr"] for p in prompt_catalogue().prompts[:40])
    texts.extend(q.text["fr"] for q in rubric().questions)
    texts += [
        "hors rôle",
        "Hors du rôle",
        "outside the role",
        "Énergie",
        "Energy",
        "auto-évaluation",
        "self-assessment",
        "Signaux du coach",
        "Coaching signals",
        "Question du jour",
        "Intention",
    ]
    return texts


def test_the_client_report_holds_no_private_text(cli, journal, tmp_path):
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    assert cli("report", "Acme | #1", "--month", "2026-10", "-o", str(pdf)).code == 0
    assert cli("report", "Acme | #1", "--month", "2026-10", "-o", str(html)).code == 0
    text, _pages = pdf_text(pdf)
    page = html.read_text(encoding="utf-8")
    assert "Acme | #1" in flat(text) and "Acme | #1" in page  # the report is there…
    for private in private_texts():
        assert flat(private) not in flat(text), private  # …and nothing of the journal
        assert private not in page, private
    # Out-of-scope time is told neutrally: the customer-service time is a line to hand over.
    assert "Service client : à transmettre" in flat(text)


def test_report_content_header_and_page_numbers(cli, journal, tmp_path):
    pdf = tmp_path / "r.pdf"
    result = cli(
        "report", "Acme | #1", "--month", "2026-10", "-o", str(pdf), "--as", "Léa Martin — CM freelance"
    )
    assert result.code == 0, result.err
    assert load_settings().report_as == "Léa Martin — CM freelance"  # remembered
    text = flat(pdf_text(pdf)[0])
    for expected in (
        "Léa Martin — CM freelance",
        "RAPPORT MENSUEL",
        "Acme | #1 — octobre 2026",
        "Client : Acme <SA>",
        "Établi le mercredi 25 novembre 2026",
        "Page 1 / 1",
        "Temps consacré",
        "3,25 h",
        "Dialogue",
        "À facturer",
        "Animation de la communauté",
    ):
        assert expected in text, expected
    again = tmp_path / "again.pdf"
    assert cli("report", "Acme | #1", "--month", "2026-10", "-o", str(again)).code == 0
    assert "Léa Martin" in flat(pdf_text(again)[0])
    assert (
        again.read_bytes() != b""
        and cli("report", "Acme | #1", "--month", "2026-10", "-o", str(again)).code == 2
    )


def test_amounts_from_the_missions_rate(cli, journal, tmp_path):
    assert cli("missions", "edit", "Acme | #1", "--rate", "45,50").code == 0
    html = cli("report", "Acme | #1", "--month", "2026-10", "-f", "html", "-o", "-").out
    # 1h50 in the role (110 min = 1,83 h) at 45,50 = 83,27 €; 45 + 40 min outside, to discuss, not billed
    assert "83,27\u00a0€" in html
    assert "Tarif\u00a0: 45,50\u00a0€ de l’heure" in html
    assert cli("missions", "edit", "Acme | #1", "--rate", "400", "--per", "jour").code == 0
    html = cli(
        "--lang",
        "en",
        "report",
        "Acme | #1",
        "--month",
        "2026-10",
        "-f",
        "html",
        "-o",
        "-",
        "--currency",
        "£",
    ).out
    assert "£104" in html and "(1 day = 7 h)" in html and "0.26 d" in html  # 110 min = 0.26 d at 400 a day
    assert cli("missions", "edit", "Acme | #1", "--rate", "-3").code == 2
    assert cli("missions", "edit", "Acme | #1", "--rate", "4.555").code == 2
    assert cli("missions", "edit", "Acme | #1", "--per", "week").code == 2
    assert cli("missions", "add", "Nouvelle", "--per", "day").code == 2
    listed = cli("missions", "list", "--json").out
    assert '"rate": 400.0' in listed and '"rate_unit": "day"' in listed


HOSTILE = '#set page(width: 1pt) $x^2$ *gras* _it_ @ref <lab> \\ "quote" ]) } // /* '


def test_hostile_names_print_as_typed(db_path, tmp_path):
    conn = connect(db_path)
    try:
        missions.add_mission(conn, HOSTILE, client=HOSTILE[::-1], start=date(2026, 1, 1))
        entries.log_entry(conn, HOSTILE, 60, day=date(2026, 10, 5), mission=HOSTILE, activity="dialogue")
        mission = missions.require_mission(conn, HOSTILE)
        report = build_report(
            conn, mission, month_period(2026, 10), lang="fr", today=date(2026, 11, 25), author='Léa "#1" $\\'
        )
    finally:
        conn.close()
    target = tmp_path / "hostile.pdf"
    target.write_bytes(render_pdf(layout(report), "a4", report.generated))
    text = flat(pdf_text(target)[0])
    assert flat(HOSTILE) in text
    assert 'Léa "#1" $\\' in text
    assert string('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd\\u{1}"'
    assert (
        default_file_name(mission, month_period(2026, 10), "fr")
        == "rapport-set-page-width-1pt-x-2-gras-it-ref-lab-quote-2026-10.pdf"
    )


def test_first_page_looks_like_a_report(journal):
    conn = connect(journal)
    try:
        mission = missions.require_mission(conn, "Acme | #1")
        report = build_report(conn, mission, month_period(2026, 10), lang="fr", today=date(2026, 11, 25))
    finally:
        conn.close()
    page = layout(report)
    source = typst_source(page)
    assert "Client\u00a0: Acme <SA>" in source  # French typography: ours to set
    assert '"a4"' in source and '"us-letter"' in typst_source(page, "letter")
    png = Image.open(io.BytesIO(render_pdf(page, fmt="png", ppi=40))).convert("RGB")
    width, height = png.size
    assert abs(height / width - 297 / 210) < 0.01  # A4
    colours = {colour for _, colour in png.getcolors(maxcolors=width * height)}
    for activity in ("dialogue", "content", "customer_service"):
        hex_colour = activities()[activity].colour
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, activity  # the activity's own colour is drawn


def test_an_ordinary_month_fits_on_one_page(tmp_path, demo_journal):
    conn = connect(demo_journal)  # a year of work ending on 2026-11-25
    try:
        names = [m.name for m in missions.active_missions(conn, date(2026, 10, 1), date(2026, 10, 31))]
        assert names
        for name in names:
            mission = missions.require_mission(conn, name)
            report = build_report(conn, mission, month_period(2026, 10), lang="fr", today=date(2026, 11, 25))
            target = tmp_path / f"{mission.id}.pdf"
            target.write_bytes(render_pdf(layout(report), "a4", report.generated))
            assert pdf_text(target)[1] == 1, name
    finally:
        conn.close()


def test_a_month_without_time_says_so(cli, journal):
    html = cli("report", "Café `Noir`", "--month", "2026-11", "-f", "html", "-o", "-").out
    assert "Aucun temps enregistré pour cette mission sur la période." in html
    assert cli("report", "Inconnue").code == 2
    assert cli("report", "Acme | #1", "-f", "docx").code == 2
    assert cli("report", "Acme | #1", "--paper", "a5").code == 2


def test_people_and_platform_figures_when_the_journal_knows_them(cli, journal):
    from cm_coach.store.db import transaction

    before = cli("report", "Acme | #1", "--month", "2026-10", "-f", "html", "-o", "-").out
    assert "personnes avec qui des échanges ont eu lieu" not in before  # no person known: not a word
    assert "comptes ont interagi" not in before
    conn = connect(journal)
    try:
        with transaction(conn):
            mission_id = conn.execute("SELECT id FROM missions WHERE name = 'Acme | #1'").fetchone()[0]
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM entries WHERE mission_id = ? AND date LIKE '2026-10-%'", (mission_id,)
                )
            ]
            for index, name in enumerate(("@lea", "Marc", "@nina")):
                conn.execute(
                    "INSERT INTO people (uid, name, name_key) VALUES (?, ?, ?)", (name, name, name.lower())
                )
                person = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()[0]
                for entry in ids[: index + 1]:
                    conn.execute(
                        "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", (entry, person)
                    )
            conn.execute(
                "INSERT INTO mission_figures (mission_id, month, followers, interacting, created_at)"
                " VALUES (?, '2026-10', 1250, 318, '2026-10-31')",
                (mission_id,),
            )
    finally:
        conn.close()
    after = cli("report", "Acme | #1", "--month", "2026-10", "-f", "html", "-o", "-").out
    assert "3 personnes avec qui des échanges ont eu lieu (3 nouvelles, 0 déjà connues)" in after
    assert "318 comptes ont interagi sur la plateforme ce mois-ci" in after
    assert "1250" not in after and "1\u202f250" not in after  # follower counts are not the story


def test_without_o_the_report_gets_a_proposed_name_here(cli, journal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("report", "Acme | #1", "--month", "2026-10")
    assert result.code == 0, result.err
    made = tmp_path / "rapport-acme-1-2026-10.pdf"
    assert made.read_bytes().startswith(b"%PDF")
    assert cli("report", "Acme | #1", "--month", "2026-10").code == 2  # never overwritten without --force
    english = cli("--lang", "en", "report", "Café `Noir`", "--month", "2026-10", "-f", "html")
    assert english.code == 0 and (tmp_path / "report-cafe-noir-2026-10.html").exists()
