"""``cm-coach assess``: rate a mission against the fundamentals, see the figures beside it."""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

from cm_coach.cli.commands.common import print_json
from cm_coach.cli.context import Context
from cm_coach.core import validate
from cm_coach.core.assessment import Answer, AssessmentResult, latest, save_assessment
from cm_coach.core.content import rubric
from cm_coach.core.dates import format_date, format_date_long
from cm_coach.core.formatting import duration
from cm_coach.core.i18n import percent
from cm_coach.core.inputs import read_limited
from cm_coach.core.missions import require_mission
from cm_coach.errors import CoachError, MessageKey, os_reason


def result_json(result: AssessmentResult, lang: str) -> dict:
    """An assessment as ``--json`` shows it: answers, contradictions and the indicators behind them."""
    questions = {q.id: q for q in rubric().questions}
    values = result.indicators.values()
    flagged = {c.question_id: c for c in result.contradictions}
    return {
        "mission": result.assessment.mission,
        "date": result.assessment.date.isoformat(),
        "period": {
            "start": result.assessment.period.start.isoformat(),
            "end": result.assessment.period.end.isoformat(),
        },
        "answers": [
            {
                "question": a.question_id,
                "text": questions[a.question_id].text[lang] if a.question_id in questions else None,
                "score": a.score,
                "note": a.note,
                "contradiction": (
                    {
                        "indicator": flagged[a.question_id].indicator,
                        "value": round(flagged[a.question_id].value, 4),
                        "threshold": flagged[a.question_id].threshold,
                        "when": flagged[a.question_id].when,
                    }
                    if a.question_id in flagged
                    else None
                ),
            }
            for a in result.assessment.answers
        ],
        "indicators": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in values.items()},
        "total_minutes": result.indicators.total_minutes,
        "contradictions": len(result.contradictions),
    }


def _format_value(indicator: str, value: float, lang: str) -> str:
    return duration(int(value), lang) if indicator.endswith("minutes") else percent(value, lang, 1)


def print_result(result: AssessmentResult, ctx: Context) -> None:
    """The answers as dots, each with its note and any contradiction the journal's figures raise."""
    lang = ctx.lang
    a = result.assessment
    ctx.print(
        ctx.style(
            ctx.t(
                "assess.cli.header",
                mission=a.mission,
                date=format_date_long(a.date, lang),
                start=format_date(a.period.start, lang),
                end=format_date(a.period.end, lang),
            ),
            "1",
        )
    )
    questions = {q.id: q for q in rubric().questions}
    flagged = {c.question_id: c for c in result.contradictions}
    for answer in a.answers:
        question = questions.get(answer.question_id)
        text = question.text[lang] if question else answer.question_id
        ctx.print(f"  {'●' * answer.score}{'○' * (5 - answer.score)}  {text}")
        if answer.note:
            ctx.print(f"         “{answer.note}”")
        if answer.question_id in flagged:
            c = flagged[answer.question_id]
            ctx.print(
                "         "
                + ctx.style(
                    ctx.t(
                        "assess.cli.contradiction",
                        score=c.score,
                        indicator=ctx.t(f"assess.indicator.{c.indicator}"),
                        value=_format_value(c.indicator, c.value, lang),
                        threshold=_format_value(c.indicator, c.threshold, lang),
                    ),
                    "33",
                )
            )
    if not result.contradictions:
        ctx.print(ctx.t("assess.cli.no_contradiction"))


MAX_ANSWERS_BYTES = 1024 * 1024


def _answers_from_file(path: str) -> list[Answer]:
    text = ""
    try:
        text = read_limited(Path(path), MAX_ANSWERS_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise CoachError("assess.errors.bad_answers_file", path=path, problem=os_reason(error)) from None
    except UnicodeDecodeError:
        raise CoachError(
            "assess.errors.bad_answers_file", path=path, problem=MessageKey("assess.errors.not_utf8")
        ) from None
    except tomllib.TOMLDecodeError as error:  # its message is English: keep only where it is
        where = re.search(r"line (\d+), column (\d+)", str(error))
        lines = text.split("\n")  # else "at end of document": after its last character
        line, column = where.groups() if where else (str(len(lines)), str(len(lines[-1]) + 1))
        raise CoachError("assess.errors.bad_answers_syntax", path=path, line=line, column=column) from None
    answers = []
    for question_id, value in data.items():
        if isinstance(value, dict):
            answers.append(Answer(question_id, value.get("score"), str(value.get("note", ""))))
        else:
            answers.append(Answer(question_id, value))
    return answers


def _ask(ctx: Context, mission: str) -> list[Answer] | None:
    ctx.print(ctx.t("assess.cli.intro", mission=mission))
    answers = []
    scale = rubric().scale[ctx.lang]
    for number, question in enumerate(rubric().questions, start=1):
        ctx.print()
        ctx.print(ctx.style(f"{number}. {question.text[ctx.lang]}", "1"))
        ctx.say(f"   {question.hint[ctx.lang]}")
        ctx.print("   " + " · ".join(f"{i} {label}" for i, label in enumerate(scale, start=1)))
        while True:
            ctx.out.write(ctx.t("assess.cli.ask"))
            ctx.out.flush()
            line = sys.stdin.readline()
            if not line:
                return None
            line = line.strip()
            if line.lower() == "q":
                return None
            if not line:
                break
            if line in {"1", "2", "3", "4", "5"}:
                ctx.out.write(ctx.t("assess.cli.ask_note"))
                ctx.out.flush()
                note = sys.stdin.readline().strip()
                answers.append(Answer(question.id, int(line), note))
                break
            ctx.print(ctx.t("assess.cli.retry"))
    return answers


def run(args: argparse.Namespace, ctx: Context) -> int:
    """``cm-coach assess``: ask the questions (or read a file), save, show; ``--show`` only shows."""
    conn = ctx.reader() if args.show else ctx.conn()
    mission = require_mission(conn, args.mission)
    if args.show:
        result = latest(conn, mission.name)
        if result is None:
            raise CoachError("assess.errors.none_yet", mission=mission.name)
        if args.json:
            print_json(ctx, result_json(result, ctx.lang))
        else:
            print_result(result, ctx)
        return 0
    # The day is checked before the questions are asked, by the same rule the save applies.
    day = validate.day(ctx.today if args.date is None else args.date, today=ctx.today, future=False)
    answers = _answers_from_file(args.answers) if args.answers else _ask(ctx, mission.name)
    if answers is None:
        ctx.print(ctx.t("assess.cli.aborted"))
        return 1
    assessment = save_assessment(conn, mission.name, day, answers, today=ctx.today)
    ctx.print(ctx.t("assess.cli.saved", count=len(assessment.answers)))
    result = latest(conn, mission.name)
    assert result is not None
    print_result(result, ctx)
    return 0
