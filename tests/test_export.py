"""``cm-coach export``: stored expected files, escaping, safe file writing, the registry."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat

import pytest

from cm_coach.core import export as registry
from cm_coach.store.db import connect
from tests.test_export_fixture import EXPECTED, TRICKY_TASKS, build_journal

UPDATE = os.environ.get("CM_COACH_UPDATE_EXPECTED") == "1"  # regenerate the stored files


def matches_expected(name: str, text: str) -> None:
    path = EXPECTED / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"{path} was missing: written, check it and run again")
    assert text.encode("utf-8") == path.read_bytes(), f"differs from {path}"


@pytest.fixture
def journal(db_path, monkeypatch):
    return build_journal(db_path, monkeypatch)


@pytest.mark.parametrize(
    ("fmt", "lang", "name"),
    [
        ("markdown", "fr", "october.fr.md"),
        ("markdown", "en", "october.en.md"),
        ("html", "fr", "october.fr.html"),
        ("csv", "fr", "october.fr.csv"),
        ("csv", "en", "october.en.csv"),
        ("json", "fr", "october.json"),
    ],
)
def test_month_matches_stored_file(cli, journal, fmt, lang, name):
    first = cli("--lang", lang, "export", "--month", "2026-10", "--format", fmt)
    assert first.code == 0, first.err
    matches_expected(name, first.raw_out)
    assert cli("--lang", lang, "export", "--month", "2026-10", "--format", fmt).raw_out == first.raw_out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_export_never_clusters_recipes_it_does_not_show(cli, journal, monkeypatch, fmt):
    """Recipes are only for stats, the signals' last weeks and the assessments: the
    exported period's and each mission's are never worked out."""
    from cm_coach.core import indicators

    calls = []
    real = indicators.recipes
    monkeypatch.setattr(
        indicators,
        "recipes",
        lambda conn, period, mission: calls.append(period) or real(conn, period, mission),
    )
    assert cli("export", "--month", "2026-10", "--format", fmt).code == 0
    # the signals' last weeks and the assessments' own periods, never the month (nor each mission's)
    assert calls and not any(period.start.isoformat() == "2026-10-01" for period in calls)


def test_default_is_this_month_in_markdown_on_stdout(cli, journal):
    result = cli("export")
    assert result.code == 0, result.err
    assert result.out.startswith("# Journal — novembre 2026\n")
    assert "bilan mensuel des KPI" in result.out
    assert "répondre aux messages privés" not in result.out


def test_markdown_user_text_cannot_break_the_structure(cli, journal):
    out = cli("export", "--month", "2026-10").out
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert all(re.match(r"#{1,4} [^\\]", line) for line in headings)
    assert not any("pas un titre" in line or "Un vrai titre" in line for line in headings)
    assert "\\# pas un titre \\| avec \\`code\\` et \\*gras\\*" in out
    assert "> \\# Un vrai titre ?" in out
    assert "> \\- une liste" in out
    assert "> \\> une citation with a tab" in out
    for line in out.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            unescaped = re.findall(r"(?<!\\)\|", line)
            assert len(unescaped) in (4, 6), line  # 3 or 5 columns, never more
        assert not line.startswith(("- pas une liste", "1. pas une"))
    assert "\\- pas une liste > ni une citation" in out  # escaped only where it would change the rendering
    assert "\\[lien](http://exemple.fr)" in out
    assert "\\<script>alert(1)\\</script>" in out


def test_markdown_sections(cli, journal):
    out = cli("--lang", "en", "export", "--month", "2026-10").out
    for heading in (
        "## At a glance",
        "### Split by activity",
        "### Split by mission",
        "## Day by day",
        "## Mission by mission",
        "## Your three words",
        "#### Latest self-assessment",
    ):
        assert heading in out
    assert "Time with people: 52% = dialogue 44% + moderation 8%, against a target of 45%" in out
    assert "**Hand-offs (passed on to the right team)**" in out
    assert "- répondre aux réclamations de livraison (Acme | #1)" in out  # no needless backslash
    assert "People reached" not in out and "followers" not in out  # people counted once, never followers
    assert "Also, unnamed: 42" in out
    assert out.count("**Week total: ") == 3 and "**Week total: 3h 45m, 53% of it with people.**" in out
    assert "**Period total: 6h 15m over 4 days, 52% of it with people.**" in out
    assert "Outside the role: 1h 25m not agreed (44%)" in out and "0m agreed" not in out
    assert "écoute, lien, patience ✨" in out


def test_html_is_self_contained_and_escaped(cli, journal):
    out = cli("export", "--month", "2026-10", "--format", "html").out
    assert out.startswith("<!DOCTYPE html>")
    lowered = out.lower()
    assert "<script" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;gras&lt;/b&gt; &amp; co" in out
    assert "<link" not in lowered and " src=" not in lowered and "@import" not in lowered
    assert re.findall(r"""([\w-]+)=["']?https?://""", out) == []  # nothing fetched
    assert "url(" not in lowered and "href=" not in lowered
    assert "<main>" in out and "prefers-color-scheme: dark" in out
    assert "@page { size: A4" in out and "counter(page)" in out and "break-before: page" not in out
    assert out.count('<section class="week">') == 3  # 1-2, 6 and 13 October: three ISO weeks
    assert out.count('<p class="total">Total de la semaine') == 3
    assert "Total de la période\u00a0: 6\u00a0h\u00a015 sur 4 jours" in out
    assert out.count('<span class="col">') == 2 * 31  # the daily chart and the dialogue chart
    assert 'class="target" style="bottom:45.0%"' in out
    dialogue = "background:#2b7bb9"  # the dialogue colour, the same in every chart
    assert out.count(dialogue) >= 4


def test_csv_is_rfc4180_with_decimal_hours(cli, journal):
    out = cli("--lang", "en", "export", "--month", "2026-10", "--format", "csv").out
    assert "\r\n" in out and out.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == [
        "date",
        "mission",
        "client",
        "task",
        "minutes",
        "hours",
        "activity",
        "verdict",
        "family",
        "agreed",
    ]
    assert len(rows) == 1 + 8
    by_task = {row[3]: row for row in rows[1:]}
    assert by_task[TRICKY_TASKS[0]][1:3] == ["Acme | #1", "Acme <SA>"]
    assert by_task[TRICKY_TASKS[0]][4:6] == ["45", "0.75"]
    assert by_task["lancer la campagne sponsorisée du mois"][7:] == ["outside the role", "advertising", "yes"]
    assert by_task["répondre aux réclamations de livraison"][9] == "no"


def test_mission_filter(cli, journal):
    out = cli("export", "--month", "2026-10", "--format", "csv", "--mission", "café `noir`").out
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))[1:]
    assert {row[1] for row in rows} == {"Café `Noir`"}
    md = cli("export", "--month", "2026-10", "--mission", "Café `Noir`").out
    assert "Mission : Café \\`Noir\\`" in md
    assert "répondre aux messages privés" not in md
    assert cli("export", "--mission", "Inconnue").code == 2


def test_output_file_is_private_and_never_overwritten_without_force(cli, journal, tmp_path):
    target = tmp_path / "octobre.md"
    first = cli("export", "--month", "2026-10", "-o", str(target))
    assert first.code == 0, first.err
    assert first.out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_bytes()
    target.write_text("mine")
    refused = cli("export", "--month", "2026-10", "-o", str(target))
    assert refused.code == 2
    assert "--force" in refused.err
    assert target.read_text() == "mine"
    forced = cli("export", "--month", "2026-10", "-o", str(target), "--force")
    assert forced.code == 0
    assert target.read_bytes() == written
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".octobre")) == []


def test_interrupted_export_leaves_the_old_file(cli, journal, tmp_path, monkeypatch):
    target = tmp_path / "sauvegarde.json"
    target.write_text("old")

    def broken(conn, scope, out):
        out.write('{"format": "cm-coach", ')
        raise KeyboardInterrupt

    monkeypatch.setitem(registry._REGISTRY, "json", registry.Format("json", broken))
    result = cli("export", "--all", "--format", "json", "-o", str(target), "--force")
    assert result.code == 130
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_refusals(cli, journal, tmp_path):
    unknown = cli("export", "--format", "pdf")
    assert unknown.code == 2
    assert "csv, html, json, markdown, obsidian" in unknown.err
    assert cli("export", "--all", "--month", "2026-10").code == 2
    assert cli("export", "--format", "obsidian").code == 2
    assert cli("export", "-o", str(tmp_path)).code == 2
    assert cli("export", "-o", str(tmp_path / "missing" / "x.md")).code == 2


def test_registry_is_keyed_by_format_name():
    assert registry.format_names() == ["csv", "html", "json", "markdown", "obsidian", "xlsx"]
    assert registry.get_format("HTML").name == "html"
    assert registry.get_format("obsidian").to_folder


def test_all_json_covers_every_table(cli, journal):
    data = json.loads(cli("export", "--all", "--format", "json").raw_out)
    assert (data["format"], data["version"]) == ("cm-coach", 2)
    assert list(data) == [
        "format",
        "version",
        "scope",
        "missions",
        "people",
        "person_missions",
        "entries",
        "entry_people",
        "checkins",
        "plan_items",
        "plan_item_people",
        "assessments",
        "follow_ups",
        "ideas",
        "mission_figures",
        "weekly_reviews",
        "corrections",
        "settings",
    ]
    assert len(data["entries"]) == 9
    assert data["settings"] == {"dialogue_target": "0.45"}
    assert [a["question_id"] for a in data["assessments"][0]["answers"]] == [
        "exchange_first",
        "boundaries_kept",
    ]


def test_obsidian_notes(cli, journal, tmp_path):
    vault = tmp_path / "Vault" / "CM"
    result = cli("export", "--month", "2026-10", "--format", "obsidian", "-o", str(vault))
    assert result.code == 0, result.err
    names = sorted(p.name for p in vault.iterdir())
    assert names == [
        "2026-10-01.md",
        "2026-10-02.md",
        "2026-10-06.md",
        "2026-10-13.md",
        "2026-10.md",
        "2026-W40.md",
        "2026-W41.md",
        "2026-W42.md",
    ]
    for name in names:
        matches_expected(f"obsidian/{name}", (vault / name).read_text(encoding="utf-8"))
    day = (vault / "2026-10-02.md").read_text(encoding="utf-8")
    assert day.startswith('---\ngenerator: cm-coach\ndate: "2026-10-02"\nminutes: 90\n')
    assert "[[2026-10]]" in day and "[[2026-W40]]" in day
    assert "Jour précédent\u00a0: [[2026-10-01]] · Jour suivant\u00a0: [[2026-10-06]]" in day
    assert '"cm-coach/jour"' in day and '"cm-coach/activité/modération"' in day
    assert 'mission_minutes: {"Café `Noir`": 90}' in day
    first = (vault / "2026-10-01.md").read_text(encoding="utf-8")
    assert "energy: 4\n" in first and "outside_minutes: 45\n" in first
    assert "[[2026-10-13|" in (vault / "2026-10.md").read_text(encoding="utf-8")

    # The user's own files are never touched; cm-coach's notes are refreshed only when they changed.
    (vault / "2026-10-06.md").write_text("# my own note\n")
    (vault / "ideas.md").write_text("keep me\n")
    stale = vault / "2026-10-13.md"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Total", "Old total"), encoding="utf-8")
    again = cli("export", "--month", "2026-10", "--format", "obsidian", "-o", str(vault))
    assert again.code == 0
    assert "2026-10-06.md" in again.err
    assert "écrites : 1, inchangées : 6" in again.out
    assert "1 note n'a pas été écrite : un fichier à toi porte déjà son nom" in again.out
    assert (vault / "2026-10-06.md").read_text() == "# my own note\n"
    assert (vault / "ideas.md").read_text() == "keep me\n"
    assert "Old total" not in stale.read_text(encoding="utf-8")


def test_empty_journal_exports_cleanly(cli, db_path):
    connect(db_path).close()  # an empty journal; a missing one is refused (a mistyped --db)
    for fmt in ("markdown", "html", "csv", "json"):
        result = cli("export", "--format", fmt)
        assert result.code == 0, (fmt, result.err)
    assert "Rien d'enregistré" in cli("export").out
    assert cli("export", "--all").code == 0


def test_from_to_range_and_english(cli, journal, tmp_path):
    result = cli("--lang", "en", "export", "--from", "2026-10-02", "--to", "2026-10-06", "--format", "html")
    assert result.code == 0, result.err
    assert '<html lang="en">' in result.out
    assert "Friday 2 October 2026" in result.out and "Tuesday 6 October 2026" in result.out
    assert "Thursday 1 October 2026" not in result.out
    rows = list(
        csv.reader(
            io.StringIO(
                cli(
                    "export", "--from", "2026-10-02", "--to", "2026-10-06", "-f", "csv", "--csv", "rfc4180"
                ).out,
                newline="",
            )
        )
    )
    assert sorted({row[0] for row in rows[1:]}) == ["2026-10-02", "2026-10-06"]
    note = tmp_path / "a-file.md"
    note.write_text("x")
    assert cli("export", "--format", "obsidian", "-o", str(note)).code == 2
    assert note.read_text() == "x"


def test_new_obsidian_folder_is_private(cli, tmp_path):
    import stat

    cli("missions", "add", "M")
    cli("log", "répondre aux commentaires", "-d", "30", "-m", "M")
    vault = tmp_path / "vault" / "CM"
    result = cli("export", "--format", "obsidian", "-o", str(vault))
    assert result.code == 0, result.err
    assert stat.S_IMODE(vault.stat().st_mode) == 0o700
    assert stat.S_IMODE(vault.parent.stat().st_mode) == 0o700
