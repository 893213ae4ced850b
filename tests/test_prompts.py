"""The prompt of the day: a pure function of the date, varied, never repeated within 30 days."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise

from cm_coach.core.content import THREE_WORDS_THEME, prompt_catalogue
from cm_coach.core.prompts import prompt_for, three_words_day

START = date(2024, 1, 1)
DAYS = [START + timedelta(days=n) for n in range(366 * 10)]


def test_no_prompt_comes_back_within_30_days():
    ids = [prompt_for(day, "fr").prompt.id for day in DAYS]
    for index in range(len(ids)):
        window = ids[index : index + 30]
        assert len(window) == len(set(window)), (DAYS[index], window)


def test_themes_vary_across_every_week():
    themes = [prompt_for(day, "fr").prompt.theme for day in DAYS]
    for index in range(len(themes) - 7):
        week = themes[index : index + 7]
        assert len(set(week)) >= 6, (DAYS[index], week)
        assert all(a != b for a, b in pairwise(week))


def test_three_words_once_a_month():
    for year in range(2024, 2034):
        for month in range(1, 13):
            days = [d for d in DAYS if (d.year, d.month) == (year, month)]
            if not days:
                continue
            hits = [d for d in days if prompt_for(d, "en").prompt.theme == THREE_WORDS_THEME]
            assert hits == [three_words_day(year, month)], (year, month, hits)


def test_every_prompt_is_used():
    used = {prompt_for(day, "fr").prompt.id for day in DAYS[:120]}
    assert used == {p.id for p in prompt_catalogue().prompts}


def test_same_date_same_prompt_on_any_machine():
    code = "from datetime import date; from cm_coach.core.prompts import prompt_for; print(prompt_for(date(2026, 12, 2), 'fr').prompt.id)"
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LANG": "en_US.UTF-8", "PYTHONHASHSEED": "123"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert other.stdout.strip() == prompt_for(date(2026, 12, 2), "fr").prompt.id


def test_prompt_cli_text_and_json(cli):
    text = cli("prompt")
    assert text.code == 0 and "mercredi 25 novembre 2026" in text.out
    data = json.loads(cli("--lang", "en", "prompt", "--json").out)
    assert data["date"] == "2026-11-25"
    assert data["text"] == prompt_for(date(2026, 11, 25), "en").text
    assert cli("prompt", "--date", "n'importe quand").code == 2
