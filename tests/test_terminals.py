"""Terminals that are not UTF-8, and output that cannot be written.

Every command runs in a real process under ``LC_ALL=fr_FR.ISO-8859-1`` and under
``PYTHONIOENCODING=ascii``: none may fail with ``UnicodeEncodeError`` (before, 6 to 16 of
19 commands did, ``log`` after saving: a retry duplicated the entry). What a terminal
cannot show is written as the closest thing it can; exports and ``--json`` keep every
character (exports are UTF-8 files whatever the terminal, JSON escapes what it must).

The commands of one terminal run in one process (``RUNNER``), each with standard streams
made afresh as Python makes them at start-up (the terminal's encoding, strict errors), so
that no command gets what an earlier one set up; the test that writes to ``/dev/full`` and
the ones on exports keep a process per command.

The ISO-8859-1 locale is compiled for the test with ``localedef`` into a private folder
(``LOCPATH``), since few systems install it. Where ``localedef`` or the locale sources are
missing, the test says so and sets the same stream encoding with ``PYTHONIOENCODING``
instead, which is what the locale changes for Python's output: this is decided before any
command runs, never after one failed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY, table_rows

ROOT = Path(__file__).resolve().parent.parent
TASK = "répondre aux commentaires — « ça va » ✓ 🎉"  # in the journal: no 8-bit terminal shows it whole
TYPED = "répondre aux messages « privés »"  # typed: what an ISO-8859-1 keyboard can send
MISSION = "Café Crème"


@pytest.fixture(scope="module")
def latin1_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a French ISO-8859-1 terminal."""
    folder = tmp_path_factory.mktemp("locales")
    env = {"LC_ALL": "fr_FR.ISO-8859-1", "LANG": "fr_FR.ISO-8859-1"}
    localedef = shutil.which("localedef")
    built = localedef is not None and (
        subprocess.run(
            [localedef, "-i", "fr_FR", "-f", "ISO-8859-1", str(folder / "fr_FR.ISO-8859-1")],
            capture_output=True,
        ).returncode
        in (0, 1)  # 1: warnings only, the locale is written
        and (folder / "fr_FR.ISO-8859-1").exists()
    )
    if built:
        env["LOCPATH"] = str(folder)
    else:  # announced, decided before any command runs
        print("localedef unavailable: the ISO-8859-1 stream encoding is set with PYTHONIOENCODING")
        env["PYTHONIOENCODING"] = "iso-8859-1"
    return env


def _env(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHONIO"))}
    env.update(
        CM_COACH_DATA_DIR=str(tmp_path / "data"),
        CM_COACH_CONFIG_DIR=str(tmp_path / "config"),
        CM_COACH_CACHE_DIR=str(tmp_path / "cache"),
        CM_COACH_TODAY=TODAY,
        PYTHONPATH=str(ROOT),
        PYTHONUTF8="0",
        NO_COLOR="1",
    )
    env.pop("CM_COACH_LANG", None)
    env.update(extra)
    return env


def _run(
    env: dict[str, str], *args: str, stdout=subprocess.PIPE, typed_in: str = "utf-8"
) -> subprocess.CompletedProcess[bytes]:
    """Run cm-coach with its arguments as the terminal's keyboard sends them (``typed_in``)."""
    argv = [sys.executable.encode(), b"-m", b"cm_coach", *(arg.encode(typed_in) for arg in args)]
    return subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=60)


RUNNER = textwrap.dedent(
    """
    import io, json, os, sys, traceback
    from cm_coach.cli import main

    commands, folder = json.loads(sys.argv[1]), sys.argv[2]
    report = sys.stdout
    made = [(s.encoding, s.errors, s.line_buffering, s.write_through) for s in (sys.stdout, sys.stderr)]
    results = []
    for index, hexed in enumerate(commands):
        argv = [os.fsdecode(bytes.fromhex(arg)) for arg in hexed]  # as Python decodes sys.argv
        err_path = os.path.join(folder, f"{index}.err")
        streams = [
            io.TextIOWrapper(open(os.path.join(folder, f"{index}.{name}"), "wb"), encoding=encoding,
                             errors=errors, line_buffering=line, write_through=through)
            for name, (encoding, errors, line, through) in zip(("out", "err"), made)
        ]  # fmt: skip
        sys.stdout, sys.stderr = streams
        try:
            code = main(argv)
        except SystemExit as exit_:  # what the interpreter makes of sys.exit()
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:  # what the interpreter does with an uncaught exception
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):  # the interpreter's flush at exit
            try:
                stream.flush()
            except Exception:
                traceback.print_exc(file=sys.__stderr__)
                code = 120
        for stream in streams:
            stream.close()
        with open(err_path, "rb") as err:
            results.append([code, err.read().decode("utf-8", "replace")])
    sys.stdout = report
    print(json.dumps(results))
    """
)


def _run_all(
    env: dict[str, str], folder: Path, commands: list[list[str]], typed_in: str
) -> list[tuple[int, str]]:
    """Run each command as ``_run`` would, all in one process: its exit code and stderr."""
    folder.mkdir()
    hexed = [[arg.encode(typed_in).hex() for arg in argv] for argv in commands]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(hexed), str(folder)],
        capture_output=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return [(code, err) for code, err in json.loads(done.stdout)]


def _journal(tmp_path: Path) -> Path:
    """A journal whose texts no 8-bit terminal can show whole."""
    from cm_coach.core.assessment import Answer, save_assessment
    from cm_coach.core.checkins import save_checkin
    from cm_coach.core.entries import log_entry
    from cm_coach.core.missions import add_mission
    from cm_coach.models import Checkin
    from cm_coach.store.db import connect

    db = tmp_path / "journal.db"
    conn = connect(db)
    try:
        add_mission(conn, MISSION, client="Société “Générale”", notes="notes… ✨")
        log_entry(conn, TASK, 45, day=date(2026, 11, 24), mission=MISSION)
        log_entry(conn, "gérer le budget des campagnes Facebook Ads", 30, day=date(2026, 11, 24))
        save_checkin(conn, Checkin(date.fromisoformat(TODAY), "three-words", "écoute, lien ✨", 60, 4))
        save_assessment(conn, MISSION, date(2026, 11, 20), [Answer("exchange_first", 4, "oui 👍")])
    finally:
        conn.close()
    return db


def _commands(tmp_path: Path, db: Path) -> list[list[str]]:
    answers = tmp_path / "answers.toml"
    answers.write_text(
        'exchange_first = { score = 3, note = "à revoir ✓" }\n', encoding="utf-8"
    )  # a file: UTF-8
    exported = tmp_path / "export.json"
    base = ["--db", str(db)]
    return [
        ["--version"],
        ["--help"],
        ["log", "--help"],
        [*base, "missions", "list"],
        [*base, "missions", "list", "--json"],
        [*base, "missions", "add", "Élan", "--client", "Zoé & Cie", "--notes", "première, seconde"],
        [*base, "missions", "edit", "Élan", "--notes", "autre note"],
        [*base, "log", TYPED, "-d", "30", "-m", MISSION],
        [*base, "log", "modérer le forum", "-d", "15", "--json"],
        [*base, "entries", "--date", "2026-11-24"],
        [*base, "entries", "--json", "--date", "2026-11-24"],
        [*base, "prompt"],
        [*base, "prompt", "--json"],
        [*base, "check", "gérer le budget des campagnes Facebook Ads"],
        [*base, "check", "--json", "répondre aux messages privés"],
        [*base, "boundaries"],
        [*base, "stats"],
        [*base, "stats", "--json"],
        [*base, "stats", "--month", "2026-11"],
        [*base, "assess", MISSION, "--answers", str(answers)],
        [*base, "assess", MISSION, "--show"],
        [*base, "assess", MISSION, "--show", "--json"],
        [*base, "checkin", "--if-needed"],
        [*base, "export", "--month", "2026-11"],
        [*base, "export", "--month", "2026-11", "-f", "csv"],
        [*base, "export", "--month", "2026-11", "-f", "html"],
        [*base, "export", "--all", "-f", "json"],
        [*base, "export", "--all", "-f", "json", "-o", str(exported)],
        [*base, "import", str(exported)],
        [*base, "backup"],
        [*base, "backup", "--list"],
        [*base, "doctor"],
        [*base, "missions", "close", "Élan"],
        ["--db", str(tmp_path / "demo.db"), "demo", "--years", "1"],
    ]


@pytest.mark.slow
@pytest.mark.parametrize("terminal", ["latin-1", "ascii"])
def test_every_command_works_on_a_terminal_that_is_not_utf8(tmp_path, latin1_env, terminal):
    extra = latin1_env if terminal == "latin-1" else {"PYTHONIOENCODING": "ascii", "LANG": "fr_FR.UTF-8"}
    env = _env(tmp_path, extra)
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert probe.stdout.strip().replace("_", "-").lower() in ({"iso8859-1", "iso-8859-1", "latin-1"} if terminal ==
                                                              "latin-1" else {"ascii"}), probe.stdout  # fmt: skip
    db = _journal(tmp_path)
    failures = {}
    keyboard = "latin-1" if terminal == "latin-1" else "utf-8"  # PYTHONIOENCODING leaves argv alone
    commands = _commands(tmp_path, db)
    for argv, (code, err) in zip(commands, _run_all(env, tmp_path / "runs", commands, keyboard), strict=True):
        if code != 0 or "Traceback" in err or "UnicodeEncodeError" in err:
            failures[" ".join(argv[2:] if argv[:1] == ["--db"] else argv)] = (code, err[-300:])
    assert failures == {}, failures
    tasks = [row["task"] for row in table_rows(db, "entries")]
    assert tasks.count(TYPED) == 1, "log saved once and said so: no retry needed"
    assert "modérer le forum" in tasks


@pytest.mark.slow
def test_exports_and_json_keep_every_character_on_an_ascii_terminal(tmp_path):
    env = _env(tmp_path, {"PYTHONIOENCODING": "ascii"})
    db = _journal(tmp_path)
    exported = _run(env, "--db", str(db), "export", "--all", "-f", "json")
    assert exported.returncode == 0
    data = json.loads(exported.stdout.decode("utf-8"))  # an export is UTF-8 whatever the terminal
    assert any(entry["task"] == TASK for entry in data["entries"])
    listed = _run(env, "--db", str(db), "entries", "--json", "--date", "2026-11-24")
    assert listed.returncode == 0
    assert TASK in [entry["task"] for entry in json.loads(listed.stdout.decode("ascii"))]
    shown = _run(env, "--db", str(db), "entries", "--date", "2026-11-24")
    assert "repondre aux commentaires" in shown.stdout.decode(
        "ascii"
    )  # the closest an ASCII terminal can show


@pytest.mark.slow
def test_output_that_cannot_be_written_never_fails_a_saved_entry(tmp_path):
    """``log > /dev/full``: the entry is saved; saying so failed. Exit 0 (a retry would log it
    twice), and stderr says the confirmation could not be written. A read command whose
    output cannot be written fails cleanly (exit 2), never with exit 1 or 120."""
    if not Path("/dev/full").exists():
        pytest.fail("this test needs /dev/full (Linux): a device whose writes always fail")
    env = _env(tmp_path, {"LANG": "fr_FR.UTF-8"})
    db = _journal(tmp_path)
    with open("/dev/full", "wb") as full:
        logged = _run(env, "--db", str(db), "log", "animer le live", "-d", "20", stdout=full)
        listed = _run(env, "--db", str(db), "entries", "--date", "2026-11-24", stdout=full)
    assert logged.returncode == 0, logged.stderr.decode()
    assert "animer le live" in [row["task"] for row in table_rows(db, "entries")]
    assert "enregistré" in logged.stderr.decode()
    assert listed.returncode == 2, listed.stderr.decode()
    assert "Traceback" not in logged.stderr.decode() + listed.stderr.decode()
