"""The timer in the app: a start/stop key, the running task in the header, a timer started
from the command line shown here, and a forgotten one asking for its end."""

from __future__ import annotations

from datetime import datetime

from cm_coach.core.timer import start_timer
from cm_coach.store.db import connect
from cm_coach.tui.screens.timer import TimerEndScreen, TimerStartScreen
from cm_coach.tui.widgets.footer import CoachFooter
from tests.conftest import table_rows
from tests.tui.conftest import TODAY
from tests.tui.helpers import mounted_whole, settle, until


class Clock:
    """The app's moment, moved by the test."""

    def __init__(self, moment: str) -> None:
        self.moment = datetime.fromisoformat(moment)

    def __call__(self) -> datetime:
        return self.moment


async def test_start_from_the_log_form_then_stop_writes_the_entry(journal, app_for):
    clock = Clock("2026-11-25T09:00")
    app = app_for(journal, mode="log", now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#log-task").value = "répondre aux commentaires"
        app.screen.query_one("#log-mission").value = "Maison Lune"
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, TimerStartScreen))
        assert app.screen.query_one("#timer-task").value == "répondre aux commentaires"
        await pilot.press("enter")
        await until(pilot, lambda: app.timer is not None)
        assert "⏱ 0:00 répondre aux commentaires · Maison Lune" in app.sub_title
        assert app.screen.query_one("#log-task").value == ""  # the form is free again
        clock.moment = datetime.fromisoformat("2026-11-25T10:05")
        await pilot.press("f9")
        await until(pilot, lambda: app.timer is None)
        await settle(pilot)
    [entry] = table_rows(journal, "entries")
    assert (entry["task"], entry["minutes"], entry["date"]) == ("répondre aux commentaires", 65, "2026-11-25")


async def test_a_timer_started_from_the_command_line_shows_in_the_header(journal, app_for):
    conn = connect(journal)
    start_timer(conn, "modérer le forum", now=datetime(2026, 11, 25, 8, 30), mission="Mairie")
    conn.close()
    app = app_for(journal, mode="dashboard", now=Clock("2026-11-25T09:15"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.timer is not None)
        assert app.sub_title == "⏱ 0:45 modérer le forum · Mairie"


async def test_a_forgotten_timer_asks_before_writing(journal, app_for):
    conn = connect(journal)
    start_timer(conn, "veille concurrentielle", now=datetime(2026, 11, 24, 9, 0))
    conn.close()
    app = app_for(journal, mode="log", now=Clock("2026-11-25T08:00"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.timer is not None)
        assert app.sub_title.endswith("⚠")
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, TimerEndScreen))
        assert table_rows(journal, "entries") == []  # nothing written without an answer
        await pilot.press(*"11h45", "enter")
        await until(pilot, lambda: app.timer is None)
        await settle(pilot)
    [entry] = table_rows(journal, "entries")
    assert (entry["date"], entry["minutes"]) == ("2026-11-24", 165)


async def test_a_forgotten_timer_can_be_dropped(journal, app_for):
    conn = connect(journal)
    start_timer(conn, "veille", now=datetime(2026, 11, 24, 9, 0))
    conn.close()
    app = app_for(journal, mode="log", now=Clock("2026-11-25T08:00"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.timer is not None)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, TimerEndScreen))
        await pilot.click("#timer-end-discard")
        await until(pilot, lambda: app.timer is None)
    assert table_rows(journal, "entries") == [] and table_rows(journal, "timer") == []


async def test_the_footer_shows_help_missions_and_self_review_at_80_columns(journal, app_for):
    """In each first section, in each language; and the palette's key ends the footer with no
    hidden key showing past it. One app per language, taken through the three sections (each
    app started is ~0.2 CPU-s): a section's footer is its screen's, however it was opened."""
    for lang in ("fr", "en"):
        app = app_for(journal, mode="log", lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            for mode in ("log", "dashboard", "checkin"):
                await app.switch_mode(mode)
                await settle(pilot)
                assert mode == app.screen.MODE
                footer = app.screen.query_one(CoachFooter)
                shown = {key.key for key in footer.shown_keys() if key.end <= 80 - len("▏^p palette ")}
                assert {"f1", "f5", "f6"} <= shown, (lang, mode, sorted(shown))
                [palette] = [key for key in footer.shown_keys() if key.palette]
                assert palette.end == 79, (lang, mode)  # and a space: its own up to the edge
                # No key is drawn cut off under it: each one shown whole, before it.
                assert all(key.end <= palette.start - 1 for key in footer.shown_keys() if not key.palette)


async def test_weekly_review_any_day_with_f10_and_its_answer_saved(demo_journal, app_for):
    from cm_coach.tui.screens.review import ReviewScreen

    app = app_for(demo_journal, mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert app.screen.review.week.start.isoformat() == "2026-11-16"
        app.screen.query_one("#review-answer").value = "appeler trois membres"  # typing is not the subject
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ReviewScreen))
    [saved] = table_rows(demo_journal, "weekly_reviews")
    assert (saved["week"], saved["answer"]) == ("2026-11-16", "appeler trois membres")


async def test_the_first_checkin_of_a_week_opens_last_weeks_review(demo_journal, app_for):
    from cm_coach.tui.screens.review import ReviewScreen
    from tests.tui.helpers import checkin_ready

    conn = connect(demo_journal)
    conn.execute("DELETE FROM checkins WHERE date >= '2026-11-23'")  # nothing this week yet
    conn.commit()
    conn.close()
    app = app_for(demo_journal, mode="checkin")  # Wednesday, no check-in since Monday
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await checkin_ready(pilot)
        screen.query_one("#answer").text = "une réponse"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_the_palette_offers_every_action_in_both_languages(journal, app_for):
    for lang, wanted in (("fr", "Ajouter une mission"), ("en", "Add a mission")):
        app = app_for(journal, mode="log", lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert wanted in titles
            assert len(titles) == len(set(titles))
            await app.run_action("add_mission")
            await until(pilot, lambda shown=app: type(shown.screen).__name__ == "MissionFormScreen")


def test_the_morning_recap_compares_plan_and_intention():
    from datetime import date

    from cm_coach.core.plan import PlanRecap, PlanRow
    from cm_coach.tui.widgets.recap import plan_lines

    yesterday = date(2026, 11, 24)
    rows = (
        PlanRow(1, yesterday, "répondre aux avis", None, "keep", 7),
        PlanRow(2, yesterday, "préparer le live", None, "keep", None),
        PlanRow(3, yesterday, "rembourser un client", None, "handoff", None),
    )
    lines = plan_lines(PlanRecap(yesterday, rows, 90, 45), date(2026, 11, 25), "fr")
    text = " ".join(markup for markup, _ in lines)
    assert "Plan (hier)\u00a0: 1 sur 2 fait" in text
    assert "1 h 30 visées, 45 min notées" in text.replace("\u00a0", " ")
    assert "Pas fait\u00a0: préparer le live" in text and "rembourser" not in text


async def test_the_greyed_mission_is_taken_by_enter_tab_and_end(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        mission = app.screen.query_one("#log-mission")
        for typed, key in (("mais", "tab"), ("Mais", "end")):
            mission.value = ""
            mission.focus()
            await pilot.press(*typed, key)
            await until(pilot, lambda: mission.value == "Maison Lune")
        app.screen.query_one("#log-task").value = "répondre aux avis"
        app.screen.query_one("#log-duration").value = "20"
        mission.value = ""
        mission.focus()
        await pilot.press(*"mai", "enter")  # "Mairie"? No: the first in the list that starts so
        await settle(pilot)
    [entry] = table_rows(journal, "entries")
    assert entry["mission_id"] is not None


async def test_ctrl_q_keeps_the_log_forms_typing(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#log-task").value = "préparer le live de jeudi"
        app.screen.query_one("#log-duration").value = "45"
        await pilot.press("ctrl+q")
    again = app_for(journal, mode="log")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.screen.query_one("#log-task").value == "préparer le live de jeudi"
        assert again.screen.query_one("#log-duration").value == "45"
        await pilot.press("ctrl+s")  # written: the kept typing goes
        await settle(pilot)
    third = app_for(journal, mode="log")
    async with third.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert third.screen.query_one("#log-task").value == ""


async def test_a_section_key_with_help_open_closes_help(journal, app_for):
    from cm_coach.tui.screens.help import HelpScreen

    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, mode in (("f4", "dashboard"), ("f4", "dashboard"), ("f5", "missions")):
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press(key)
            await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
            await until(pilot, lambda wanted=mode: app.current_mode == wanted)


async def test_the_header_never_says_no_mission_before_the_missions_are_read(journal, app_for):
    app = app_for(journal, mode="log")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.context_ready or "aucune" not in app.sub_title
        await settle(pilot)
        assert "Maison Lune" in app.sub_title or "Mairie" in app.sub_title


def test_text_colours_reach_wcag_aa_on_every_theme():
    from pathlib import Path

    from textual.color import Color

    from cm_coach.tui.app import CoachApp
    from cm_coach.tui.contrast import BACKGROUNDS, contrast

    app = CoachApp(Path("unused.db"), "fr", TODAY)
    for theme in ("textual-light", "textual-dark", "solarized-light", "catppuccin-latte", "nord"):
        if theme not in app.available_themes:
            continue
        app.theme = theme
        variables = app.get_css_variables()
        base = Color.parse(variables["background"])
        for name in ("warning", "success", "accent", "error"):
            text = Color.parse(variables[f"readable-{name}"])
            for background in BACKGROUNDS:
                shade = Color.parse(variables[background])
                shade = base.blend(shade.with_alpha(1.0), shade.a) if shade.a < 1 else shade
                assert contrast(text, shade) >= 4.5, (theme, name, background)
    tui = Path(__file__).resolve().parents[2] / "cm_coach" / "tui"
    sources = [*tui.rglob("*.py"), *tui.rglob("*.tcss")]
    for bare in ("color: $warning;", "color: $success;", "color: $accent;"):
        assert not [path.name for path in sources if bare in path.read_text(encoding="utf-8")], bare


async def test_the_missions_table_draws_no_half_scrollbar_at_80_columns(demo_journal, app_for):
    app = app_for(demo_journal, mode="missions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#missions-table").styles.scrollbar_size_horizontal == 0


async def test_the_log_screen_moves_through_days_and_fixes_a_past_entry(journal, app_for):
    from datetime import timedelta

    from cm_coach.core.entries import log_entry
    from cm_coach.tui.widgets.entries import EntriesTable

    conn = connect(journal)
    log_entry(conn, "veille de la semaine passée", 40, day=TODAY - timedelta(days=8))
    yesterday = log_entry(conn, "répondre aux avis d'hier", 25, day=TODAY - timedelta(days=1)).entry
    conn.close()
    app = app_for(journal, mode="log")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(EntriesTable)
        table.focus()
        await pilot.press("left")
        await until(pilot, lambda: table.shown and table.shown[0].task == "répondre aux avis d'hier")
        await pilot.press("shift+left")
        await until(pilot, lambda: table.shown and table.shown[0].task == "veille de la semaine passée")
        await pilot.press("shift+right", "right", "right")  # never past today
        await until(pilot, lambda: screen.viewed == TODAY)
        screen.query_one("#log-date").value = "hier"  # the date field chooses the day too
        await until(pilot, lambda: table.shown and table.shown[0].id == yesterday.id)
        table.focus()
        await pilot.press("d")  # delete yesterday's entry...
        await until(pilot, lambda: table.shown == [])
        await pilot.press("ctrl+z")  # ...and take it back
        await until(pilot, lambda: table.shown and table.shown[0].id == yesterday.id)
    assert len(table_rows(journal, "entries")) == 2


async def test_an_empty_journal_opens_on_the_welcome_and_ends_on_the_checkin(tmp_path, app_for):
    from cm_coach.tui.screens.welcome import WelcomeScreen

    empty = tmp_path / "empty.db"
    connect(empty).close()
    app = app_for(empty, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WelcomeScreen)
                and app.screen.query("#welcome-mission")
                and mounted_whole(app.screen)
            ),
        )
        await settle(pilot)  # the form's own parts too: a Select's label is composed after it
        screen = app.screen
        screen.query_one("#welcome-target").value = "35"
        screen.query_one("#welcome-lang").value = "en"
        screen.query_one("#welcome-mission").value = "Boulangerie Dupont"
        screen.query_one("#welcome-mission").focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "checkin" and app.lang == "en")
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
    assert [m["name"] for m in table_rows(empty, "missions")] == ["Boulangerie Dupont"]
    assert {r["key"]: r["value"] for r in table_rows(empty, "settings")}["dialogue_target"] == "0.35"


async def test_a_refused_welcome_writes_neither_the_mission_nor_the_target(tmp_path, app_for):
    from cm_coach.core.missions import add_mission
    from cm_coach.tui.screens.welcome import WelcomeScreen

    empty = tmp_path / "empty.db"
    connect(empty).close()
    app = app_for(empty, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WelcomeScreen)
                and app.screen.query("#welcome-mission")
                and mounted_whole(app.screen)
            ),
        )
        other = connect(empty)  # meanwhile, the same mission is added from the command line
        try:
            add_mission(other, "Boulangerie Dupont")
        finally:
            other.close()
        screen = app.screen
        screen.query_one("#welcome-target").value = "35"
        screen.query_one("#welcome-mission").value = "boulangerie  dupont"  # the same name, by the name rule
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.query_one("#welcome-message").has_class("-error"))
        assert "existe déjà" in str(screen.query_one("#welcome-message").render())
        assert app.screen is screen
    assert [m["name"] for m in table_rows(empty, "missions")] == ["Boulangerie Dupont"]
    assert "dialogue_target" not in {r["key"] for r in table_rows(empty, "settings")}


async def test_the_welcome_can_wait(tmp_path, app_for):
    from cm_coach.tui.screens.welcome import WelcomeScreen

    empty = tmp_path / "empty.db"
    connect(empty).close()
    app = app_for(empty, mode="checkin")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WelcomeScreen)
                and app.screen.query("#welcome-mission")
                and mounted_whole(app.screen)
            ),
        )
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    assert table_rows(empty, "missions") == []


async def test_a_plan_row_becomes_an_entry_with_one_key(journal, app_for):
    from cm_coach.core.checkins import save_checkin
    from cm_coach.models import Checkin, PlanItem
    from cm_coach.tui.screens.ask import AskScreen
    from cm_coach.tui.screens.plan_pick import PlanPickScreen

    conn = connect(journal)
    plan = (
        PlanItem("répondre aux commentaires", "keep", mission="Maison Lune"),
        PlanItem("préparer le live", "keep"),
    )
    save_checkin(conn, Checkin(TODAY, "kpis-01", "", 60, None, plan))
    conn.close()
    app = app_for(journal, mode="log", now=Clock("2026-11-25T10:00"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, PlanPickScreen))
        await pilot.press("enter")  # the first row: its duration is asked
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"45", "enter")
        await until(pilot, lambda: len(table_rows(journal, "entries")) == 1)
        await settle(pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, PlanPickScreen))
        assert app.screen.query_one("#plan-rows").highlighted == 1  # the one still to do
        await pilot.press("t")  # ...started as the timer
        await until(pilot, lambda: app.timer is not None)
        assert app.timer.task == "préparer le live"
    [entry] = table_rows(journal, "entries")
    assert (entry["task"], entry["minutes"]) == ("répondre aux commentaires", 45)
    links = {row["task"]: row["entry_id"] for row in table_rows(journal, "plan_items")}
    assert links["répondre aux commentaires"] == entry["id"]


async def test_a_removed_plan_row_comes_back_with_ctrl_z(journal, app_for):
    from cm_coach.tui.widgets.plan import PlanRow
    from tests.tui.helpers import checkin_ready

    app = app_for(journal, mode="checkin")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await checkin_ready(pilot)

        def tasks() -> list[str]:
            return [row.item.task for row in screen.query(PlanRow)]

        task = screen.query_one("#task")
        for text in ("répondre aux commentaires", "préparer le live", "écrire la newsletter"):
            task.value = text
            task.focus()
            await pilot.press("enter")
        await until(pilot, lambda: len(tasks()) == 3)
        middle = list(screen.query(PlanRow))[1]
        middle.query_one(".plan-remove").press()
        await until(pilot, lambda: tasks() == ["répondre aux commentaires", "écrire la newsletter"])
        task.focus()
        await pilot.press("ctrl+z")
        await until(
            pilot,
            lambda: tasks() == ["répondre aux commentaires", "préparer le live", "écrire la newsletter"],
        )
