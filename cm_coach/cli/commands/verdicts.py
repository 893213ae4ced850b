"""How a role-boundary verdict reads in the terminal (shared by ``check`` and ``log``)."""

from __future__ import annotations

from cm_coach.cli.context import Context
from cm_coach.core.activity_catalogue import activities
from cm_coach.core.boundaries import Verdict
from cm_coach.core.scope import is_agreed

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `check "…"` never does
if TYPE_CHECKING:  # only in annotations: `check` never loads the journal's records
    from cm_coach.models import Mission


def verdict_agreed(verdict: Verdict, mission: Mission | None) -> bool:
    """Whether an outside verdict falls within what ``mission`` agreed to (the core's rule)."""
    return mission is not None and is_agreed(
        verdict.verdict, verdict.family, verdict.category, mission.agreed
    )


def verdict_lines(
    verdict: Verdict,
    ctx: Context,
    mission: Mission | None = None,
    *,
    in_cli: bool = True,
    activity_given: bool = False,
) -> list[str]:
    """A verdict as lines for the user: inside, agreed, outside or unsure, then why.
    ``activity_given``: the user named the activity (``log -a``), so an unsure verdict does
    not say which one was picked for them."""
    family = ctx.t(f"cli.family.{verdict.family}") if verdict.family else ""
    if verdict.verdict == "unsure":
        head = ctx.style(
            "? "
            + ctx.t("boundaries.verdict.unsure", label=verdict.label, family=family, score=verdict.score),
            "33",
        )
        lines = [head]
        if in_cli and verdict.activity and not activity_given:
            activity = activities()[verdict.activity].label[ctx.lang]
            lines.append("  " + ctx.t("boundaries.verdict.unsure_cli", activity=activity, task=verdict.text))
        return lines
    if verdict.verdict == "inside":
        head = ctx.style("✓ " + ctx.t("cli.verdict.inside"), "32") + f" — {verdict.label}"
    elif verdict.family == "own_business":
        head = ctx.style("○ " + ctx.t("boundaries.verdict.own_business"), "36")
    elif verdict_agreed(verdict, mission):
        head = ctx.style("◐ " + ctx.t("cli.verdict.agreed"), "36") + f" — {family} ({verdict.label})"
    else:
        head = ctx.style("✗ " + ctx.t("cli.verdict.outside"), "31") + f" — {family} ({verdict.label})"
    lines = [head]
    if verdict.always_warn:
        lines.append("  " + ctx.style(ctx.t("cli.verdict.always_warn"), "1;31"))
    lines.append("  " + ctx.t("cli.verdict.why", reason=verdict.reason))
    if verdict.source in ("correction", "phrase"):
        lines.append("  " + ctx.t(f"boundaries.verdict.from_{verdict.source}", phrase=verdict.phrase))
    elif verdict.matched:
        lines.append("  " + ctx.t("boundaries.verdict.spotted", matched=verdict.matched, score=verdict.score))
    return lines
