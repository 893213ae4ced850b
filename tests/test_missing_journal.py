"""Commands that only read refuse a journal that is not there (a mistyped --db): exit 2,
a message on stderr, and no empty journal left behind."""

from __future__ import annotations

import pytest

READERS = [
    ("people", "list"),
    ("people", "list", "--json"),
    ("people", "show", "Lina"),
    ("people", "waiting"),
    ("ideas",),
    ("missions", "figures", "Boulangerie Dupont"),
    ("stats",),
    ("boundaries", "--mine"),
]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_reading_command_refuses_a_missing_journal(cli, tmp_path, command):
    missing = tmp_path / "mistyped" / "jounral.db"
    result = cli(*command, db=missing)
    assert result.code == 2, result.err
    assert str(missing) in result.err
    assert result.out == ""
    assert not missing.exists()
    assert not missing.parent.exists()


def test_check_reads_the_corrections_without_creating_a_journal(cli, tmp_path):
    """What check.py's docstring says: without --mission, check reads only the corrections,
    and a journal that is not there is neither refused nor created."""
    missing = tmp_path / "nowhere.db"
    result = cli("check", "répondre aux commentaires", db=missing)
    assert result.code == 0, result.err
    assert result.out and not missing.exists()
