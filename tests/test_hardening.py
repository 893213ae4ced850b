"""Bad input everywhere, and private files: the only outcomes are success or a clean error.

Hypothesis feeds random text, control characters, emoji, right-to-left text, 100 kB
strings and odd dates and durations to every CLI command, in-process for speed; a few
subprocess runs check the real thing. Exit 1 (an unexpected error caught by the last net)
counts as a failure here: it means a bug that the user would have to report.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cm_coach.core import validate
from tests.conftest import table_rows

ROOT = Path(__file__).resolve().parent.parent

# Lone surrogates (Cs) cannot come from a UTF-8 terminal except as invalid bytes; they
# have their own test below.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
nasty = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\x1b[31mrouge\x1b[0m",
        "\u202eevil\u202c",
        "טקסט בעברית",
        "نص عربي مع أرقام ١٢٣",
        "👩🏽‍💻🔥✨",
        "e\u0301",
        "\ufeffBOM",
        "--help-me",
        "-",
        "'; DROP TABLE entries; --",
        "$(rm -rf ~)",
        "`id`",
        "%s %d {0} {task}",
        "x" * 100_000,
        "\n\n\n",
        "\t",
        "NaN",
        "1e308",
        "-0",
        "9" * 40,
    ]
)
text = st.one_of(any_text, nasty)
odd_date = st.one_of(
    st.sampled_from(
        [
            "2026-02-30",
            "0000-01-01",
            "9999-12-31",
            "31/12/99999",
            "hier hier",
            "lundi prochain",
            "29/02/2025",
            "2026-13-01",
            "00/00",
            "1970-01-01",
            "avant-hier",
            "today",
            "2026-W60",
            "-1",
        ]
    ),
    any_text,
)
odd_duration = st.one_of(
    st.sampled_from(
        [
            "0",
            "-5",
            "1441",
            "24h01",
            "1h60",
            "99999999999999999999",
            "1,5,5h",
            "½h",
            "1h 30",
            "nan",
            "inf",
            "0h0",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
    any_text,
)


def _argv_cases():
    """One strategy of argument lists per command."""
    ok_log = (st.just("log"), st.just("répondre"), st.just("-d"), st.just("5"))
    cases = [
        st.tuples(st.just("log"), text, st.just("-d"), odd_duration),
        st.tuples(st.just("log"), text, st.just("-d"), st.just("30"), st.just("--date"), odd_date),
        st.tuples(*ok_log, st.just("-a"), text),
        st.tuples(
            st.just("log"), st.just("répondre"), st.just("-d"), st.just("5"), st.just("--people"), text
        ),
        st.tuples(*ok_log, st.just("-m"), text),
        st.tuples(st.just("entries"), st.just("--date"), odd_date),
        st.tuples(st.just("entries"), st.just("--week"), odd_date),
        st.tuples(st.just("entries"), st.just("--month"), odd_date),
        st.tuples(st.just("entries"), st.just("--from"), odd_date, st.just("--to"), odd_date),
        st.tuples(st.just("missions"), st.just("add"), text),
        st.tuples(
            st.just("missions"), st.just("add"), text, st.just("--client"), text, st.just("--start"), odd_date
        ),
        st.tuples(st.just("missions"), st.just("add"), st.just("M"), st.just("--kind"), text),
        st.tuples(st.just("missions"), st.just("add"), st.just("M2"), st.just("--followers"), text),
        st.tuples(st.just("missions"), st.just("add"), st.just("M3"), st.just("--agreed"), text),
        st.tuples(st.just("missions"), st.just("add"), st.just("M4"), st.just("--notes"), text),
        st.tuples(st.just("missions"), st.just("edit"), text, st.just("--name"), text),
        st.tuples(st.just("missions"), st.just("close"), text, st.just("--date"), odd_date),
        st.tuples(st.just("prompt"), st.just("--date"), odd_date),
        st.tuples(st.just("check"), text),
        st.tuples(st.just("check"), text, st.just("-m"), text),
        st.tuples(
            st.just("demo"), st.just("--years"), st.one_of(st.sampled_from(["0", "-1", "51", "1e9"]), text)
        ),
        st.tuples(st.just("backup"), st.just("--restore"), text),
        st.tuples(st.just("stats"), st.just("--month"), odd_date),
        st.tuples(st.just("stats"), st.just("--day"), odd_date),
        st.tuples(st.just("stats"), st.just("--target"), text),
        st.tuples(st.just("assess"), text, st.just("--date"), odd_date),
        st.tuples(st.just("export"), st.just("--month"), odd_date, st.just("--format"), text),
        st.tuples(st.just("export"), st.just("--from"), odd_date, st.just("--to"), odd_date),
        st.tuples(st.just("import"), text),
    ]
    return st.one_of(cases)


def _clean_outcome(result) -> None:
    assert result.code in (0, 2), (result.code, result.err)
    assert "Traceback" not in result.err
    if result.code == 2:
        assert result.err.strip(), "an error must say something"


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=_argv_cases())
def test_every_command_survives_bad_input(cli, db_path, argv, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("répondre aux commentaires\n"))  # `check -`
    result = cli(*argv)
    _clean_outcome(result)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(task=text, lang=st.sampled_from(["fr", "en"]))
def test_logged_text_comes_back_exactly_or_is_refused(cli, db_path, task, lang):
    # after "--", as a user types a task that starts with a dash: the text, not the options, is tested
    result = cli("--lang", lang, "log", "-d", "10", "--", task)
    _clean_outcome(result)
    cleaned = " ".join(task.split())
    # the only reasons to refuse a task: blank, over 2,000 characters, or a character no stored
    # text may hold (controls, bidi controls, zero-width spaces: core.validate.unsafe_char)
    refusable = not cleaned or len(cleaned) > 2000 or validate.unsafe_char(cleaned) is not None
    if result.code == 0:
        assert table_rows(db_path, "entries")[-1]["task"] == cleaned
    else:
        assert refusable, result.err


def test_sql_looking_text_is_stored_as_text(cli, db_path):
    task = "répondre'); DROP TABLE entries; --"
    assert cli("log", task, "-d", "10").code == 0
    assert cli("missions", "add", "Robert'); DROP TABLE missions;--").code == 0
    assert [row["task"] for row in table_rows(db_path, "entries")] == [task]
    assert len(table_rows(db_path, "missions")) == 1


def test_invalid_utf8_argument_is_a_clean_error(cli):
    result = cli("log", "abc\udcff", "-d", "5")
    _clean_outcome(result)


# --- the real thing, in a few subprocesses ----------------------------------------------------


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        CM_COACH_DATA_DIR=str(tmp_path / "data"),
        CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-m", "cm_coach", "--db", str(tmp_path / "j.db"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["log", "\u202e" + "👩🏽‍💻 répondre en arabe : مرحبا", "-d", "1h"],
        ["log", "x" * 100_000, "-d", "1h"],
        ["log", "répondre", "-d", "99999999999999999999999"],
        ["log", "répondre", "-d", "30", "--date", "2026-02-30"],
        ["check", "\x1b]0;titre\x07 publier"],
        ["entries", "--month", "13/2026"],
        ["missions", "add", "\t"],
        ["backup", "--restore", "/dev/null"],
        ["nonexistent-command"],
        ["log"],
    ],
)
def test_real_process_never_shows_a_traceback(tmp_path, args):
    result = _run(tmp_path, *args)
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "logs").exists(), "no unexpected error was logged"


def test_unexpected_error_is_logged_privately_and_exits_1(cli, monkeypatch, tmp_path):
    from cm_coach.cli.commands import check

    def boom(args, ctx):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(check, "run", boom)
    result = cli("check", "publier")
    assert result.code == 1
    assert "Traceback" not in result.err
    (log,) = (tmp_path / "data" / "logs").glob("*.log")
    assert str(log) in result.err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


# --- private files, whatever the umask --------------------------------------------------------


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_is_private_even_with_an_open_umask(cli, tmp_path, open_umask):
    data = tmp_path / "data"
    db = data / "journal.db"
    assert cli("log", "répondre", "-d", "10", db=db).code == 0
    assert cli("log", "modérer", "-d", "10", db=db).code == 0  # second opening: daily backup
    assert cli("backup", db=db).code == 0
    files = [db, *sorted((data / "backups").iterdir())]
    folders = [data, data / "backups"]
    from cm_coach.core.settings import load_settings, save_settings

    save_settings(load_settings())
    files.append(tmp_path / "config" / "settings.toml")
    folders.append(tmp_path / "config")
    exported = tmp_path / "exports"
    exported.mkdir()
    result = cli("export", "--month", "-o", str(exported / "mois.md"), db=db)
    assert result.code == 0, result.err
    files.append(exported / "mois.md")
    for path in files:
        assert _mode(path) == 0o600, path
    for folder in folders:
        assert _mode(folder) == 0o700, folder
    assert not [p for p in files if p.name.endswith(".partial")]


def test_existing_shared_folder_is_not_chmodded(cli, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert cli("log", "répondre", "-d", "10", db=shared / "j.db").code == 0
    assert _mode(shared) == 0o755
    assert _mode(shared / "j.db") == 0o600


def test_doctor_reports_files_readable_by_others(cli, db_path):
    assert cli("log", "répondre", "-d", "10").code == 0
    db_path.chmod(0o644)
    result = cli("doctor")
    assert result.code == 2
    assert f"chmod 600 {db_path}" in result.out


def test_no_shell_and_no_code_evaluation_in_the_package():
    """User text never reaches a shell or an evaluator; boundary files are TOML only."""
    forbidden = ("shell=True", "os.system(", "os.popen(", "eval(", "exec(", "pickle", "import yaml")
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in sorted((ROOT / "cm_coach").rglob("*.py"))
        for word in forbidden
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.parametrize(
    "argv",
    [
        ("backup", "--restore", "~nobody-has-this-name/x.db"),
        ("--db", "~nobody-has-this-name/j.db", "stats"),
        ("export", "-o", "~nobody-has-this-name/out.md"),
    ],
)
def test_a_home_that_does_not_exist_is_a_clear_refusal(cli, argv):
    result = cli(*argv)
    assert result.code == 2
    assert "ne peut pas désigner un fichier" in result.err
