"""How a role-boundary verdict reads in the terminal (shared by ``check`` and ``log``)."""

from __future__ import annotations

from cm_coach.cli.context import Context
from cm_coach.core.boundaries import Verdict
from cm_coach.models import Mission


def is_agreed(verdict: Verdict, mission: Mission | None) -> bool:
    return (
        verdict.verdict == "outside"
        and not verdict.always_warn
        and mission is not None
        and verdict.family in mission.agreed
    )


def verdict_lines(verdict: Verdict, ctx: Context, mission: Mission | None = None) -> list[str]:
    if verdict.verdict == "unsure":
        head = ctx.style("? " + ctx.t("cli.verdict.unsure"), "33")
        return [head, "  " + ctx.t("cli.verdict.unsure_hint", score=verdict.score)]
    family = ctx.t(f"cli.family.{verdict.family}")
    if verdict.verdict == "inside":
        head = ctx.style("✓ " + ctx.t("cli.verdict.inside"), "32") + f" — {verdict.label}"
    elif is_agreed(verdict, mission):
        head = ctx.style("◐ " + ctx.t("cli.verdict.agreed"), "36") + f" — {family} ({verdict.label})"
    else:
        head = ctx.style("✗ " + ctx.t("cli.verdict.outside"), "31") + f" — {family} ({verdict.label})"
    lines = [head]
    if verdict.always_warn:
        lines.append("  " + ctx.style(ctx.t("cli.verdict.always_warn"), "1;31"))
    lines.append("  " + ctx.t("cli.verdict.why", reason=verdict.reason))
    lines.append("  " + ctx.t("cli.verdict.spotted", matched=verdict.matched, score=verdict.score))
    return lines
