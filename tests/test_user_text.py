"""User text is data, never instructions: a parameter starting with "@" is shown as typed,
not looked up as a message key (nor as a path to a strings file)."""

from __future__ import annotations

from cm_coach.core.i18n import render_error
from cm_coach.errors import CoachError, MessageKey


def test_a_mission_name_starting_with_at_is_shown_as_typed(cli):
    result = cli("log", "répondre", "-d", "20", "-m", "@cli.help.log")
    assert result.code == 2
    assert "« @cli.help.log »" in result.err


def test_at_text_never_reads_a_strings_file_from_elsewhere(cli, tmp_path):
    planted = tmp_path / "planted.toml"
    planted.write_text(
        'x = { fr = "LU DEPUIS UN AUTRE FICHIER", en = "READ FROM ELSEWHERE" }\n', encoding="utf-8"
    )
    result = cli("log", "répondre", "-d", "20", "-m", f"@{tmp_path}/planted.x")
    assert result.code == 2
    assert "LU DEPUIS" not in result.err
    assert f"@{tmp_path}/planted.x" in result.err


def test_only_parameters_marked_by_the_code_are_translated():
    error = CoachError(
        "errors.unknown_mission", name="@errors.no_missions_yet", known=MessageKey("errors.no_missions_yet")
    )
    text = render_error(error, "en")
    assert "'@errors.no_missions_yet'" in text and "Existing missions: none." in text
