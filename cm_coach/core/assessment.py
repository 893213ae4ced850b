"""Self-assessment of a mission against the article's fundamentals, next to the figures.

An assessment belongs to a mission and a date; its answers are compared with the
indicators of the four weeks before that date, and the rubric's contradiction rules
(``content/rubric.toml``) point out where the score and the figures disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from cm_coach.core import validate
from cm_coach.core.content import RubricQuestion, rubric
from cm_coach.core.dates import Period, range_period
from cm_coach.core.ids import new_uid
from cm_coach.core.indicators import Indicators, compute
from cm_coach.core.missions import require_mission
from cm_coach.errors import CoachError
from cm_coach.store import assessments as stored
from cm_coach.store import queries
from cm_coach.store.db import transaction

PERIOD_DAYS = 28


@dataclass(frozen=True)
class Answer:
    """One answer of a self-assessment: the rubric's question, a score from 1 to 5, and a note."""

    question_id: str
    score: int
    note: str = ""


@dataclass(frozen=True)
class Contradiction:
    """Where an answer and the figures disagree: a high score while the indicator is below (or above) the
    rubric's threshold."""

    question_id: str
    score: int
    indicator: str
    value: float
    threshold: float
    when: str


@dataclass(frozen=True)
class Assessment:
    """A mission's self-assessment on a day: the answers, and the period whose figures they are compared
    with."""

    uid: str
    mission: str
    date: date
    period: Period
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class AssessmentResult:
    """An assessment next to its period's indicators, and where they disagree."""

    assessment: Assessment
    indicators: Indicators
    contradictions: tuple[Contradiction, ...]


def assessment_period(day: date) -> Period:
    """The 28 days ending on ``day`` (included): the weeks an assessment looks back on."""
    return range_period(day - timedelta(days=PERIOD_DAYS - 1), day)


def check_answers(answers: list[Answer]) -> list[Answer]:
    """The answers checked and cleaned: known questions, scores from 1 to 5, notes of at most
    2,000 characters, at least one answer."""
    questions = {q.id for q in rubric().questions}
    cleaned = []
    for answer in answers:
        if answer.question_id not in questions:
            raise CoachError("assess.errors.unknown_question", id=validate.printable(str(answer.question_id)))
        score = validate.whole_number(answer.score, low=1, high=5, key="assess.errors.bad_score")
        cleaned.append(Answer(answer.question_id, score, validate.free_text(answer.note, 2000)))
    if not cleaned:
        raise CoachError("assess.errors.no_answers")
    return cleaned


def save_assessment(
    conn: sqlite3.Connection, mission: str, day: object, answers: list[Answer], *, today: date | None = None
) -> Assessment:
    """One transaction: the assessment and all its answers, or nothing. ``day`` is a date or
    typed text; it may not be after ``today`` (an assessment looks back at the weeks before)."""
    day = validate.day(day, today=today, future=False)
    cleaned = check_answers(answers)
    period = assessment_period(day)
    uid = new_uid()
    with transaction(conn):
        found = require_mission(conn, mission)
        stored.insert(
            conn,
            (
                uid,
                found.id,
                day.isoformat(),
                period.start.isoformat(),
                period.end.isoformat(),
                queries.now_stamp(),
            ),
            [(a.question_id, a.score, a.note or None) for a in cleaned],
        )
    return Assessment(uid, found.name, day, period, tuple(cleaned))


def history(conn: sqlite3.Connection, mission: str) -> list[Assessment]:
    """All assessments of a mission, oldest first."""
    found = require_mission(conn, mission)
    result = []
    for row, answers in stored.of_mission(conn, found.id):
        day = date.fromisoformat(row["date"])
        period = (
            Period(date.fromisoformat(row["period_start"]), date.fromisoformat(row["period_end"]), "range")
            if row["period_start"] and row["period_end"]
            else assessment_period(day)  # written without one (older imports): the usual four weeks
        )
        result.append(
            Assessment(
                row["uid"],
                found.name,
                day,
                period,
                tuple(Answer(a[0], a[1], a[2] or "") for a in answers),
            )
        )
    return result


def contradictions(answers: tuple[Answer, ...], indicators: Indicators) -> tuple[Contradiction, ...]:
    """The answers the figures contradict, by the rubric's rules; a share is not judged over a period with
    nothing logged."""
    values = indicators.values()
    by_id: dict[str, RubricQuestion] = {q.id: q for q in rubric().questions}
    found = []
    for answer in answers:
        rule = by_id[answer.question_id].contradiction if answer.question_id in by_id else None
        if rule is None or answer.score < rule.min_score:
            continue
        value = values.get(rule.indicator)
        if value is None or (rule.indicator.endswith("_share") and indicators.total_minutes == 0):
            continue
        broken = value < rule.threshold if rule.when == "below" else value > rule.threshold
        if broken:
            found.append(
                Contradiction(
                    answer.question_id, answer.score, rule.indicator, value, rule.threshold, rule.when
                )
            )
    return tuple(found)


def evaluate(conn: sqlite3.Connection, assessment: Assessment) -> AssessmentResult:
    """The assessment with its period's indicators and contradictions, computed now from the journal."""
    indicators = compute(conn, assessment.period, mission=assessment.mission, today=assessment.date)
    return AssessmentResult(assessment, indicators, contradictions(assessment.answers, indicators))


def latest(conn: sqlite3.Connection, mission: str) -> AssessmentResult | None:
    """The mission's most recent assessment, evaluated, or None when it has none."""
    past = history(conn, mission)
    return evaluate(conn, past[-1]) if past else None
