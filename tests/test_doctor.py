"""``cm-coach doctor``: where everything lives, what is wrong, what to do; never a write."""

from __future__ import annotations

import sqlite3

import pytest

from cm_coach.paths import backups_dir
from tests.conftest import table_rows


def test_healthy_journal(cli, db_path, tmp_path):
    cli("log", "répondre", "-d", "10")
    cli("backup")
    result = cli("doctor")
    assert result.code == 0, result.out
    for place in (db_path, tmp_path / "config" / "settings.toml", backups_dir(db_path)):
        assert str(place) in result.out
    assert "integrity_check" in result.out
    assert "Tout va bien" in result.out
    english = cli("--lang", "en", "doctor")
    assert "All good" in english.out


def test_missing_journal_is_not_created(cli, db_path):
    result = cli("doctor")
    assert result.code == 0
    assert "pas encore créé" in result.out
    assert not db_path.exists()
    assert not backups_dir(db_path).exists()


def test_doctor_never_writes(cli, db_path):
    cli("log", "répondre", "-d", "10")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db_path.read_bytes()
    cli("doctor")
    assert db_path.read_bytes() == before
    assert not backups_dir(db_path).exists(), "doctor makes no backup"


def test_no_backup_yet_says_how_to_make_one(cli):
    cli("log", "répondre", "-d", "10")
    result = cli("doctor")
    assert result.code == 2
    assert "cm-coach backup" in result.out


def test_damaged_journal(cli, db_path):
    cli("log", "répondre", "-d", "10")
    db_path.write_bytes(b"\x00" * 8192)
    result = cli("doctor")
    assert result.code == 2
    assert "cm-coach backup --restore" in result.out


def test_newer_schema(cli, db_path):
    cli("log", "répondre", "-d", "10")
    cli("backup")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    result = cli("doctor")
    assert result.code == 2
    assert "plus récente" in result.out
    assert "pip install -U cm-coach" in result.out


def test_corruption_inside_a_valid_header(cli, db_path):
    cli("demo", "--years", "1")
    cli("backup")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 7):  # scribble over some pages
        data[offset : offset + 200] = b"\xff" * 200
    db_path.write_bytes(bytes(data))
    result = cli("doctor")
    assert result.code == 2
    assert "abîmé" in result.out
    assert "Traceback" not in result.err


def test_broken_user_boundaries(cli, tmp_path):
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    broken = config / "boundaries.toml"
    broken.write_text("[[category]\nid = ", encoding="utf-8")
    broken.chmod(0o600)
    result = cli("doctor")
    assert result.code == 2
    assert str(broken) in result.out


def test_backups_readable_by_others(cli, db_path):
    cli("log", "répondre", "-d", "10")
    cli("backup")
    backups_dir(db_path).chmod(0o755)
    result = cli("doctor")
    assert result.code == 2
    assert f"chmod 700 {backups_dir(db_path)}" in result.out


@pytest.mark.parametrize(
    ("content", "says_fr", "says_en"),
    [
        ("this is = not [valid", "(ligne 1, colonne 6)", "(line 1, column 6)"),
        ('[[category]]\nid = "mine"\nphrases.fr = ["le"]\n', "'side' must be", "'side' must be"),
    ],
)
def test_a_broken_boundaries_file_is_refused_in_the_user_s_language(
    cli, db_path, tmp_path, content, says_fr, says_en
):
    """The user's own file is their input: a clear refusal in their language (exit 2), where
    it broke, nothing written; before, an English "content error" with exit code 3."""
    config = tmp_path / "config"
    config.mkdir(mode=0o700, exist_ok=True)
    (config / "boundaries.toml").write_text(content, encoding="utf-8")
    assert cli("missions", "add", "Acme").code == 0
    logged = cli("log", "répondre aux commentaires", "-d", "10", "-m", "Acme")
    assert logged.code == 2
    assert "Ton fichier de limites" in logged.err and says_fr in logged.err
    assert "content error" not in logged.err
    assert table_rows(db_path, "entries") == []
    checked = cli("--lang", "en", "check", "répondre")
    assert checked.code == 2 and "Your boundaries file" in checked.err and says_en in checked.err
    doctor = cli("doctor")
    assert says_fr in doctor.out and "boundaries.errors" not in doctor.out


def test_doctor_says_the_settings_cannot_be_read_and_where(cli, tmp_path):
    """The commands go on with the defaults when the settings file is broken; doctor said
    nothing of it."""
    config = tmp_path / "config"
    config.mkdir(mode=0o700, exist_ok=True)
    settings = config / "settings.toml"
    settings.write_text('theme = = "x"\n', encoding="utf-8")
    settings.chmod(0o600)
    assert cli("missions", "add", "Acme").code == 0  # the commands go on, with the defaults
    result = cli("doctor")
    assert result.code == 2
    assert "Tes réglages ne se lisent pas" in result.out and "(ligne 1, colonne 9)" in result.out
    assert "TOML syntax error" not in result.out
