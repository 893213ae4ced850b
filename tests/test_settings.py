"""User settings: remembered, private, written atomically, forgiving when broken."""

from __future__ import annotations

import stat

import pytest

from cm_coach.core.settings import Settings, load_settings, save_settings, update_settings
from cm_coach.paths import settings_path


def test_missing_file_gives_defaults():
    settings = load_settings()
    assert settings == Settings()


def test_update_keeps_other_values_and_is_private():
    update_settings(theme="textual-light")
    saved = update_settings(lang="en")
    assert saved == Settings(theme="textual-light", lang="en")
    assert load_settings() == saved
    path = settings_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_quotes_and_odd_values_round_trip(tmp_path):
    path = tmp_path / "s.toml"
    save_settings(Settings(theme='we"ird\\theme'), path)
    assert load_settings(path).theme == 'we"ird\\theme'


def test_broken_file_is_ignored(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("theme = [oops", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text('lang = "de"\ndialogue_target = 400\n', encoding="utf-8")
    assert load_settings(path) == Settings()


def test_dialogue_target_is_not_a_setting(tmp_path):
    """The journal holds the target (it travels with export/import); an old key is dropped."""
    path = tmp_path / "s.toml"
    path.write_text('theme = "nord"\ndialogue_target = 55\n', encoding="utf-8")
    assert load_settings(path) == Settings(theme="nord")
    update_settings(path, lang="fr")
    assert "dialogue_target" not in path.read_text(encoding="utf-8")
    with pytest.raises(TypeError):
        update_settings(path, dialogue_target=55)


def test_settings_module_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, cm_coach.core.settings; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
