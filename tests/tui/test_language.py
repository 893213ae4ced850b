"""Every screen in the user's language, Textual's own texts included: each section, the
command palette (and its "nothing found"), the theme picker, the help, an open Select list
and ctrl+c's hint are rendered, headless, in French then in English, and searched for the
other language's words."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Select

from cm_coach.core.demo import generate
from cm_coach.store.db import connect
from cm_coach.tui.app import MODE_NAMES
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle, until

# What Textual says on its own, in English, on the screens cm-coach uses.
TEXTUAL_ENGLISH = (
    "Search for commands",
    "Search for themes",
    "No matches found",
    "Dismiss menu",
    "Show help for the focused widget",
    "Save an SVG",
    "Do you want to quit",
    "to quit the app",
    "Change the current theme",
    "Quit the application",
    "Keys",
    "Screenshot",
    "Maximize",
    "Quit",
    "Theme",
)
# Ours in French, that an English screen must not show.
OUR_FRENCH = (
    "Chercher",
    "Rien ne correspond",
    "Fermer la liste",
    "Tu veux quitter",
    "Capture d’écran",
    "Agrandir",
    "Quitter",
    "Aujourd’hui",
    "Enregistrer",
    "Point du matin",
    "heures",
)
FORBIDDEN = {"fr": TEXTUAL_ENGLISH, "en": OUR_FRENCH}


def screen_text(app) -> str:
    """What the terminal shows, line by line, from Textual's own screenshot."""
    rows: dict[float, list[tuple[float, str]]] = {}
    svg = app.export_screenshot()
    for match in re.finditer(r'<text[^>]*x="([\d.]+)"[^>]*y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(match[2]), []).append((float(match[1]), html.unescape(match[3])))
    lines = ("".join(text for _, text in sorted(row)) for _, row in sorted(rows.items()))
    return "\n".join(lines).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    paths = {}
    for lang in ("fr", "en"):
        paths[lang] = folder / f"{lang}.db"
        conn = connect(paths[lang], today=TODAY)
        try:
            generate(conn, years=1, today=TODAY, lang=lang)
        finally:
            conn.close()
    return paths


async def _palette_search(pilot, query: str) -> str:
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    palette = pilot.app.screen
    await until(pilot, lambda: palette.query_one(CommandList).option_count > 0)
    shown = screen_text(pilot.app)
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))
    return shown


async def _everything_shown(pilot) -> list[str]:
    app = pilot.app
    seen = []
    for mode in MODE_NAMES:
        await app.switch_mode(mode)
        await settle(pilot)
        seen.append(screen_text(app))
        seen.extend(f"{c.title} {c.help}" for c in app.get_system_commands(app.screen))
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    seen.append(screen_text(app))
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await pilot.press("ctrl+p")
    seen.append(await _palette_search(pilot, "zzqq"))
    app.action_change_theme()
    seen.append(await _palette_search(pilot, "zzqq"))
    await pilot.press("f1")
    await settle(pilot)
    seen.append(screen_text(app))
    await pilot.press("escape")
    await app.switch_mode("log")
    await settle(pilot)
    select = app.screen.query_one(Select)
    select.focus()
    await pilot.press("enter")
    await until(pilot, lambda: select.expanded)
    seen.append(screen_text(app))  # the footer names the key that closes the list
    await pilot.press("escape")
    await app.switch_mode("dashboard")
    await settle(pilot)
    await pilot.press("ctrl+c")  # nothing selected: it says how to quit
    await until(pilot, lambda: "Ctrl+Q" in screen_text(app))
    seen.append(screen_text(app))
    return seen


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_no_word_of_the_other_language_on_any_screen(journals, tmp_path, lang):
    from cm_coach.tui.app import make_app

    path = tmp_path / "journal.db"
    shutil.copy(journals[lang], path)
    app = make_app(path, lang, TODAY, mode="checkin")
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        seen = "\n".join(await _everything_shown(pilot))
    found = [word for word in FORBIDDEN[lang] if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", seen)]
    assert not found, [(word, _around(seen, word)) for word in found]
    # and what was looked for was there, in the right language
    expected = ("Chercher une action", "Rien ne correspond", "Fermer la liste", "Tu veux quitter")
    if lang == "en":
        expected = ("Search for an action", "Nothing matches", "Close the list", "Do you want to quit")
    assert [word for word in expected if word not in seen] == []


def _around(text: str, word: str) -> str:
    at = text.find(word)
    return text[max(0, at - 40) : at + 40]
