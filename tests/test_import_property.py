"""Property: whatever JSON document ``import`` accepts, every command still works on the
journal it leaves: ``stats`` (its ``--json`` valid JSON), ``entries``, ``export`` in every
format, ``assess --show``, ``missions list``, ``backup`` and ``doctor``, all exit 0.

The documents are version 2 (sometimes version 1) files filled with values at the edges of
what the app accepts (years 1970 and 2100, 24 h entries, 2,000-character tasks, emoji with
joiners, right-to-left text, spreadsheet formulas, Markdown and HTML, doubled spaces), and
now and then one hostile value (NaN, year 1, an ESC sequence, a bidi control, a lone
surrogate, the wrong type) that the import must refuse or read the app's way. Before, an
accepted file could hold NaN targets, year-1 dates or null periods and break ``stats``,
the exports and ``assess --show``.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cm_coach.cli import main
from cm_coach.core.export import format_names, get_format
from cm_coach.core.importer import parse
from cm_coach.errors import CoachError

EXAMPLES = 60
SAFE = st.characters(exclude_categories=("Cc", "Cs", "Cf"))
EDGE_NAMES = [
    "A",
    "x" * 200,
    "Café  Noir",
    "\tTab\tName ",
    "עברית בע״מ",
    "👩🏽\u200d💻 Team",
    '=HYPERLINK("http://x")',
    "@handle",
    "<b>gras</b> & co",
    "Straße",
    "e\u0301te\u0301",
    "# titre",
    "1. liste",
    'a,b;c"d',
]
EDGE_TEXT = [
    "",
    "ligne 1\nligne 2",
    "# titre\n- liste\n> citation",
    "=1+1",
    "+33 6",
    "-moins",
    "\tindent",
    "<script>alert(1)</script>",
    "x" * 3000,
    "🎉" * 50,
    "العربية ١٢٣",
    "  espaces  ",
]
EDGE_DAYS = ["1970-01-01", "2100-12-31", "2000-02-29", "2026-11-25", "1999-12-31"]
HOSTILE = [
    "nan",
    "inf",
    "-inf",
    "0001-01-01",
    "9999-12-31",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\u202egnp.exe",
    "a\u200bb",
    "\ud800",
    None,
    -1,
    10**13,
    1.5,
    True,
    "",
    [],
    {},
    "2026-02-30",
    "1e309",
]
ACTIVITIES = [
    "dialogue",
    "moderation",
    "content",
    "listening",
    "strategy",
    "reporting",
    "advertising",
    "customer_service",
    "other",
]

names = st.one_of(st.sampled_from(EDGE_NAMES), st.text(SAFE, min_size=1, max_size=30).filter(str.strip))
texts = st.one_of(st.sampled_from(EDGE_TEXT), st.text(SAFE, max_size=40))
tasks = st.one_of(
    st.sampled_from([*EDGE_NAMES, "x" * 2000]), st.text(SAFE, min_size=1, max_size=60).filter(str.strip)
)
days = st.one_of(
    st.sampled_from(EDGE_DAYS),
    st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
)
stamps = st.none() | st.sampled_from(["2026-01-01T00:00:00", "x"])


def _pick(draw, values: list[str]) -> str | None:
    return draw(st.sampled_from(values)) if values else None


@st.composite
def documents(draw) -> dict:
    missions = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(st.none() | days)
        missions.append({
            "uid": f"m{i}", "name": draw(names), "client": draw(st.none() | names),
            "kind": draw(st.sampled_from(["freelance", "employee"])), "start": start,
            "end": draw(st.none() | st.just(start)) if start else None, "notes": draw(st.none() | texts),
            "agreed": draw(st.lists(st.sampled_from(["advertising", "customer_service", "other"]), unique=True)),
            "followers": draw(st.none() | st.sampled_from([0, 1, 10**10])),
            "rate": draw(st.none() | st.sampled_from([0, 0.5, 450.0, 10**9])),
            "rate_unit": draw(st.none() | st.sampled_from(["hour", "day"])), "created_at": draw(stamps),
        })  # fmt: skip
    mission_uids = [m["uid"] for m in missions]
    people = [{"uid": f"p{i}", "name": draw(names), "platform": draw(st.none() | names),
               "tags": draw(st.none() | names), "note": draw(st.none() | texts), "created_at": None}
              for i in range(draw(st.integers(0, 2)))]  # fmt: skip
    people_uids = [p["uid"] for p in people]
    entries = [{
        "uid": f"e{i}", "date": draw(days), "mission": draw(st.none() | st.sampled_from(mission_uids)) if mission_uids else None,
        "task": draw(tasks), "minutes": draw(st.sampled_from([1, 30, 1440])),
        "activity": draw(st.sampled_from(ACTIVITIES)), "activity_source": draw(st.none() | st.just("user")),
        "verdict": draw(st.none() | st.sampled_from(["inside", "outside", "unsure"])),
        "category": draw(st.none() | st.just("dialogue")),
        "family": draw(st.none() | st.sampled_from(["community", "advertising", "customer_service", "other"])),
        "score": draw(st.none() | st.sampled_from([-1000, 0, 1000])), "matched": draw(st.none() | st.sampled_from(["répondre … commentaires", "x" * 2000])),
        "people": draw(st.none() | st.sampled_from([0, 100_000])), "created_at": draw(stamps),
    } for i in range(draw(st.integers(0, 6)))]  # fmt: skip
    entry_uids = [e["uid"] for e in entries]
    checkins = [{"date": day, "prompt_id": draw(st.sampled_from(["three-words", "community-01", "gone"])),
                 "prompt_text": draw(st.none() | texts), "answer": draw(st.none() | texts),
                 "intention_minutes": draw(st.none() | st.sampled_from([0, 1440])),
                 "energy": draw(st.none() | st.sampled_from([1, 5])), "created_at": None, "updated_at": None}
                for day in draw(st.lists(days, max_size=3, unique=True))]  # fmt: skip
    plans = [{"uid": f"pl{i}", "date": draw(days), "position": i, "task": draw(tasks),
              "mission": _pick(draw, mission_uids), "entry": _pick(draw, entry_uids),
              "verdict": "outside", "family": "advertising", "category": None,
              "decision": draw(st.sampled_from(["keep", "agreed", "handoff"])), "created_at": None}
             for i in range(draw(st.integers(0, 2)))]  # fmt: skip
    assessments = [{"uid": f"a{i}", "mission": draw(st.sampled_from(mission_uids)), "date": draw(days),
                    "period_start": None, "period_end": None, "created_at": None,
                    "answers": [{"question_id": q, "score": draw(st.sampled_from([1, 5])), "note": draw(st.none() | texts)}
                                for q in draw(st.lists(st.sampled_from(["exchange_first", "boundaries_kept", "gone"]),
                                                       min_size=1, max_size=3, unique=True))]}
                   for i in range(draw(st.integers(0, 2) if mission_uids else st.just(0)))]  # fmt: skip
    document = {
        "format": "cm-coach", "version": 2, "scope": {"start": None, "end": None, "mission": None},
        "missions": missions, "people": people,
        "person_missions": [{"person": p, "mission": m} for p in people_uids[:1] for m in mission_uids[:1]],
        "entries": entries,
        "entry_people": [{"entry": e, "person": p} for e in entry_uids[:2] for p in people_uids[:1]],
        "checkins": checkins, "plan_items": plans, "assessments": assessments,
        "follow_ups": [{"uid": "f1", "person": p, "text": draw(texts.filter(str.strip)), "due": draw(st.none() | days),
                        "done": None, "created_at": None} for p in people_uids[:1]],
        "ideas": [{"uid": "i1", "date": draw(days), "text": draw(texts.filter(str.strip)), "person": _pick(draw, people_uids),
                   "mission": _pick(draw, mission_uids), "entry": _pick(draw, entry_uids), "created_at": None}],
        "mission_figures": [{"mission": m, "month": draw(days)[:7], "followers": draw(st.sampled_from([0, 10**10])),
                             "interacting": None, "created_at": None} for m in mission_uids[:1]],
        "weekly_reviews": [{"week": "2026-11-23", "answer": draw(st.none() | texts), "created_at": None, "updated_at": None}],
        "corrections": [{"uid": "c1", "text": draw(tasks), "text_key": "key", "verdict": "inside",
                         "family": None, "category": None, "activity": draw(st.none() | st.sampled_from(ACTIVITIES)),
                         "created_at": None}],
        "settings": {"dialogue_target": draw(st.sampled_from(["0.01", "0.45", "1", "1.0"]))},
    }  # fmt: skip
    if draw(st.integers(0, 9)) < 3:  # now and then one hostile value somewhere
        _spoil(draw, document)
    if draw(st.integers(0, 9)) == 0:  # and now and then a version 1 file
        document = _as_version_1(document)
    return document


def _spoil(draw, document: dict) -> None:
    places = [(table, index, key) for table, records in document.items() if isinstance(records, list)
              for index, record in enumerate(records) for key in record]  # fmt: skip
    places += [("settings", None, "dialogue_target")]
    table, index, key = draw(st.sampled_from(places))
    target = document[table] if index is None else document[table][index]
    target[key] = draw(st.sampled_from(HOSTILE))


def _as_version_1(document: dict) -> dict:
    dropped = {"missions": ("rate", "rate_unit"), "entries": ("activity_source",), "checkins": ("prompt_text",),
               "plan_items": ("entry",)}  # fmt: skip
    old = {key: document[key] for key in ("format", "scope", "missions", "entries", "checkins", "plan_items",
                                          "assessments", "settings")}  # fmt: skip
    old["version"] = 1
    for table, keys in dropped.items():
        old[table] = [{k: v for k, v in record.items() if k not in keys} for record in old[table]]
    return old


def _run(db: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), *argv])
        except SystemExit as exit_:  # argparse's usage errors
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def _no_nan(name: str) -> None:
    raise AssertionError(f"{name} in stats --json")


@pytest.mark.slow  # ~840 commands: the longest test of the suite
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same documents on every run: the README quotes the count accepted
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(document=documents())
def test_every_command_works_on_whatever_an_import_accepts(document):
    raw = json.dumps(document, ensure_ascii=True).encode("ascii")
    try:
        parse(raw, "random.json")
    except CoachError as error:
        event(f"refused: {error.key} {error.params.get('place', '')}"[:90])
        return
    event("accepted")
    with tempfile.TemporaryDirectory() as folder:
        db, source = Path(folder) / "journal.db", Path(folder) / "in.json"
        source.write_bytes(raw)
        outcomes = {"import": _run(db, "import", str(source))}
        imported = json.loads(_run(db, "export", "--all", "-f", "json")[1])
        months = sorted({e["date"][:7] for e in imported["entries"]}) or ["2026-11"]
        outcomes["stats"] = _run(db, "stats")
        outcomes["stats --json"] = _run(db, "stats", "--json", "--month", months[0])
        outcomes["stats --month"] = _run(db, "stats", "--month", months[-1])
        outcomes["entries"] = _run(db, "entries", "--month", months[0])
        outcomes["entries --json"] = _run(db, "entries", "--json", "--month", months[-1])
        outcomes["missions list"] = _run(db, "missions", "list")
        outcomes["missions list --json"] = _run(db, "missions", "list", "--json")
        for name in format_names():
            if name == "obsidian":
                outcomes[name] = _run(db, "export", "--all", "-f", name, "-o", str(Path(folder) / "vault"))
            elif get_format(name).binary:  # a spreadsheet or a PDF goes to a file
                outcomes[name] = _run(
                    db, "export", "--all", "-f", name, "-o", str(Path(folder) / f"all.{name}")
                )
                outcomes[f"{name} month"] = _run(
                    db, "export", "--month", months[0], "-f", name, "-o", str(Path(folder) / f"month.{name}")
                )
            else:
                outcomes[name] = _run(db, "export", "--all", "-f", name)
                outcomes[f"{name} month"] = _run(db, "export", "--month", months[0], "-f", name)
        assessed = {a["mission"] for a in imported["assessments"]}
        for mission in imported["missions"]:
            if mission["uid"] in assessed:
                # "--": a mission may be called "-inf", and is typed after it on a command line
                name = mission["name"]
                outcomes[f"assess {name}"] = _run(db, "assess", "--show", "--", name)
                outcomes[f"assess {name} --json"] = _run(db, "assess", "--show", "--json", "--", name)
        outcomes["backup"] = _run(db, "backup")
        outcomes["doctor"] = _run(db, "doctor")
    failed = {command: (code, err[-300:]) for command, (code, _, err) in outcomes.items() if code != 0}
    assert failed == {}, failed
    json.loads(outcomes["stats --json"][1], parse_constant=_no_nan)
    for command, (_, out, err) in outcomes.items():
        assert "\x1b" not in out + err, command
