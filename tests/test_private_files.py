"""Every file cm-coach writes is 0600 and every folder it makes 0700, whatever the umask;
the parse cache keeps no copy of the user's own files, and a missing or empty ``$HOME``
never puts anything where it does not belong.

Before: the parse cache copied ``~/.config/cm-coach/boundaries.toml`` (0600) into
``~/.cache/cm-coach/*.marshal`` as 0644 (0666 under umask 000) and never deleted old
copies; a missing ``$HOME`` was created 0755; ``HOME=""`` put the journal at
``/.local/share``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cm_coach.core import cache
from cm_coach.core.content import content_dir, read_toml
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _home_env(home: Path, **extra: str) -> dict[str, str]:
    """cm-coach's own locations from $HOME alone (XDG defaults), as on a user's machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CM_COACH_", "XDG_"))}
    env.update(HOME=str(home), CM_COACH_TODAY=TODAY, CM_COACH_LANG="fr", PYTHONPATH=str(ROOT), **extra)
    return env


def _cm(env: dict[str, str], *args: str, cwd: Path, umask: int = 0o000) -> subprocess.CompletedProcess[str]:
    code = f"import os, sys; os.umask({umask}); from cm_coach.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120, cwd=cwd
    )


SESSION = """
import contextlib, io, json, os, sys
os.umask(0)
from cm_coach.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    results.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(results))
"""


def _session(env: dict[str, str], commands: list[tuple[str, ...]], cwd: Path) -> list[tuple[int, str, str]]:
    """Run ``commands`` one after the other in one process under umask 000: each one's exit
    code, stdout and stderr. What is looked at is the files they leave, not how a process starts."""
    done = subprocess.run(
        [sys.executable, "-c", SESSION, json.dumps(commands)],
        capture_output=True, text=True, env=env, timeout=300, cwd=cwd,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [tuple(result) for result in json.loads(done.stdout)]


@pytest.mark.slow
def test_a_busy_session_leaves_only_private_files(tmp_path):
    """A whole session under umask 000, every location from $HOME (data, backups, logs,
    config, cache) plus the exports: then every file and folder under $HOME is walked."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    env = _home_env(home)
    config = home / ".config" / "cm-coach"
    answers = tmp_path / "answers.toml"
    answers.write_text("exchange_first = 4\n", encoding="utf-8")
    exports = home / "exports"
    session = [
        ("missions", "add", "Boulangerie", "--followers", "1200"),
        ("log", "répondre aux commentaires", "-d", "30", "-m", "Boulangerie"),
        ("log", "modérer le forum", "-d", "20"),  # the second opening makes the day's copy
        ("stats", "--target", "40"),
        ("assess", "Boulangerie", "--answers", str(answers)),
        ("backup",),
        ("export", "--all", "-f", "json", "-o", str(exports / "tout.json")),
        ("export", "--month", "-o", str(exports / "mois.md")),
        ("export", "--month", "-f", "obsidian", "-o", str(exports / "vault")),
        ("import", str(exports / "tout.json")),  # a copy before the import
        ("demo", "--db", str(home / "demo" / "demo.db")),
        ("check", "gérer le budget des campagnes Facebook Ads"),
        ("doctor",),
    ]
    exports.mkdir(mode=0o700)
    for folder in (home / ".config", config):
        folder.mkdir(mode=0o700)
    (config / "boundaries.toml").write_text("", encoding="utf-8")
    (config / "boundaries.toml").chmod(0o600)
    *done, listed = _session(env, [*session, ("backup", "--list")], cwd=tmp_path)
    for argv, (code, _out, err) in zip(session, done, strict=True):
        assert code in (0, 2), (argv, err)
    restore = listed[1].strip().split()[-1]
    assert _cm(env, "backup", "--restore", restore, cwd=tmp_path).returncode == 0  # a copy before it
    # an unexpected error writes a log: make one happen
    crash = subprocess.run(
        [sys.executable, "-c",
         "import os, sys; os.umask(0)\n"
         "import cm_coach.cli.commands.stats as s\n"
         "s.run = lambda args, ctx: 1 / 0\n"
         "from cm_coach.cli import main; sys.exit(main(['stats']))"],
        capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert crash.returncode == 1, crash.stderr
    written = {path for path in home.rglob("*")} - {config / "boundaries.toml"}
    loose = sorted(
        f"{path.relative_to(home)} {_mode(path):04o}"
        for path in written
        if (path.is_dir() and _mode(path) != 0o700) or (path.is_file() and _mode(path) != 0o600)
    )
    assert loose == []
    kinds = {path.relative_to(home).parts[0] for path in written}
    assert {".local", ".config", ".cache", "exports", "demo"} <= kinds
    assert list((home / ".local/share/cm-coach/logs").iterdir()), "the error log was written"
    assert list((home / ".cache/cm-coach").glob("*.marshal")), "the parse cache was written"
    assert not [path for path in written if path.name.endswith((".partial", ".tmp"))]


def test_the_cache_keeps_no_copy_of_the_users_files(tmp_path, monkeypatch):
    """Only the shipped content is cached; the user's boundaries (private) never are."""
    monkeypatch.setenv("CM_COACH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CM_COACH_NO_CACHE", raising=False)
    private = tmp_path / "config" / "boundaries.toml"
    private.parent.mkdir()
    private.write_text('[category.secret]\nfamily = "other"\n', encoding="utf-8")
    read_toml(private)
    shipped = content_dir() / "activities.toml"
    read_toml(shipped)
    copies = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert copies and all(name.startswith("activities-") for name in copies)


def test_the_cache_writes_private_files_and_deletes_its_stale_copies(tmp_path, monkeypatch, open_umask):
    monkeypatch.delenv("CM_COACH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the folder is cm-coach's own
    source = content_dir() / "activities.toml"
    folder = tmp_path / "cache" / "cm-coach"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    (folder / "boundaries-0123456789abcdef0123.marshal").write_bytes(b"old copy of a private file")
    (folder / "activities-0123456789abcdef0123.4567.tmp").write_bytes(b"left by a killed write")
    (folder / "notes.txt").write_text("not ours: kept")
    cache.store(source, {"a": 1}, version=(1, 1))
    cache.store(source, {"a": 2}, version=(2, 2))
    names = sorted(p.name for p in folder.iterdir() if p.name != "notes.txt")
    assert len(names) == 1 and names[0].startswith("activities-"), names
    assert (folder / "notes.txt").exists()
    assert cache.load(source, version=(2, 2)) == {"a": 2}
    assert cache.load(source, version=(1, 1)) is None
    assert _mode(folder) == 0o700 and _mode(folder / names[0]) == 0o600


def test_a_missing_home_is_never_created(tmp_path):
    """No cache there: a cache is not worth making a home folder (and never 0755)."""
    home = tmp_path / "nobody-home"
    env = _home_env(
        home, CM_COACH_DATA_DIR=str(tmp_path / "data"), CM_COACH_CONFIG_DIR=str(tmp_path / "config")
    )
    result = _cm(env, "prompt", cwd=tmp_path, umask=0o022)
    assert result.returncode == 0, result.stderr
    assert not home.exists()


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_is_refused_with_a_message(cli, monkeypatch, home):
    """Checked in-process through ``doctor``, which only reads: had the rule gone, nothing
    would be written at the root of this machine either."""
    from cm_coach import paths
    from cm_coach.errors import CoachError

    for variable in ("CM_COACH_DATA_DIR", "CM_COACH_CONFIG_DIR", "CM_COACH_CACHE_DIR", "XDG_DATA_HOME",
                     "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "CM_COACH_DB"):  # fmt: skip
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", home)
    for where in (paths.data_dir, paths.config_dir, paths.cache_dir):
        with pytest.raises(CoachError) as error:
            where()
        assert error.value.key == "safety.no_home"
    assert cache.load(content_dir() / "activities.toml", version=(1, 1)) is None  # the cache stays away
    from cm_coach.cli import main

    assert main(["doctor"]) == 2
